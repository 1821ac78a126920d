use workflow_runtime::workflow;

workflow! {
    pub Case {
        input { IsHelloWorldExample: bool }
        "Check": choice {
            when $.IsHelloWorldExampl == true => "Yes",
            otherwise => "No",
        }
        "Yes": succeed;
        "No": fail;
    }
}

fn main() {}
