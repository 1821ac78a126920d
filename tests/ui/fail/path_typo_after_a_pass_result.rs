use workflow_runtime::workflow;

workflow! {
    pub Case {
        "Seed": pass result = { count: 0 } result_path = $.loop -> "Check";
        "Check": choice {
            when $.loop.cuont > 3 => "Done",
            otherwise => "Done",
        }
        "Done": succeed;
    }
}

fn main() {}
