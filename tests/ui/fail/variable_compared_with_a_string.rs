use workflow_runtime::workflow;

workflow! {
    pub Case {
        "Init": pass assign { limit: 10 } -> "Check";
        "Check": choice {
            when $limit == "ten" => "Done",
            otherwise => "Done",
        }
        "Done": succeed;
    }
}

fn main() {}
