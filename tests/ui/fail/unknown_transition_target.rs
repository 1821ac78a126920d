use workflow_runtime::workflow;

workflow! {
    pub Case {
        Pack: pass -> Shipp;
        Ship: succeed;
    }
}

fn main() {}
