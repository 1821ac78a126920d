use workflow_runtime::workflow;

workflow! {
    pub Case {
        "Check": choice {
            when States.StringToJson($.a) == "x" => "Yes",
            otherwise => "No",
        }
        "Yes": succeed;
        "No": succeed;
    }
}

fn main() {}
