use workflow_runtime::workflow;

// `execution = …` is a Distributed Map's; the workflow's own is `type = …`.
workflow! {
    pub Case {
        execution = express;
        Done: succeed;
    }
}

fn main() {}
