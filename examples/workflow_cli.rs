//! The `workflow` tool on the workflows of this crate, by name: what a crate that declares
//! workflows puts in `src/bin/workflow.rs` (see the `workflow_cli` library).
//!
//! ```console
//! $ cargo run -p workflow-cli --example workflow_cli -- list
//! $ cargo run -p workflow-cli --example workflow_cli -- graph Greeting --format mermaid
//! $ cargo run -p workflow-cli --example workflow_cli -- run Greeting --input '{"Formal": true}'
//! ```

use workflow_cli::{CrateWorkflow, main_with};
use workflow_runtime::workflow;

workflow! {
    /// Greets formally or not.
    pub Greeting {
        input { Formal: bool }

        "Choose": choice {
            when $.Formal == true => "Formal",
            otherwise => "Casual",
        }
        "Formal": pass;
        "Casual": pass;
    }
}

workflow! {
    /// Waits, then ends.
    pub Pause {
        "Wait a little": wait(seconds = 5);
    }
}

fn main() -> std::process::ExitCode {
    main_with(&[
        CrateWorkflow::of::<Greeting>(),
        CrateWorkflow::of::<Pause>(),
    ])
}
