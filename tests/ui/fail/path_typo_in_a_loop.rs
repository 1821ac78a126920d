use workflow_runtime::workflow;

workflow! {
    pub Case {
        input { limit: integer }
        "Init": pass { counter: 0, limit: $.limit } -> "Done?";
        "Done?": choice {
            when $.countr >= input.limit => "Finished",
            otherwise => "Increment",
        }
        "Increment": pass { counter: States.MathAdd($.counter, 1), limit: $.limit } -> "Done?";
        "Finished": succeed;
    }
}

fn main() {}
