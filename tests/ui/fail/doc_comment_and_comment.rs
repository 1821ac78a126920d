use workflow_runtime::workflow;

workflow! {
    pub Case {
        /// Says hello.
        "Start": pass comment = "hello";
    }
}

fn main() {}
