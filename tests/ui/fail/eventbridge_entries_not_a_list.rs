use workflow_runtime::workflow;

workflow! {
    pub Case {
        input { name: string }
        "Ev": events::put_events { Entries: "done" };
    }
}

fn main() {}
