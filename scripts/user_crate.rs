// A new user's crate's src/lib.rs, as scripts/first_hour.sh and scripts/cold_check.sh write it:
//! One workflow and one local test, as a new user's crate starts.
use workflow_runtime::workflow;

workflow! {
    /// Greets, then waits.
    pub Hello {
        input { name: string }
        "Greet": pass { greeting: "hello", name: input.name } -> "Wait";
        "Wait": wait(seconds = 3) -> "Done";
        "Done": succeed;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use workflow_runtime::engine::{Engine, blocking};
    use workflow_runtime::execution::ExecutionStatus;

    #[test]
    fn runs_locally() {
        let engine = Engine::new();
        let run = blocking::run(engine.workflow::<Hello>().input(&HelloInput { name: "x".into() }))
            .expect("runs");
        assert_eq!(run.status, ExecutionStatus::Succeeded);
    }
}
