use workflow_runtime::workflow;

workflow! {
    pub Case {
        "Call": lambda::invoke { FunctionName: "price" } result_path = $.called -> "Ok?";
        "Ok?": choice {
            when $.called.StatusCode == "200" => "Done",
            otherwise => "Done",
        }
        "Done": succeed;
    }
}

fn main() {}
