use workflow_runtime::workflow;

workflow! {
    pub Case {
        "Check": choice {
            when "{% $states.input.n > 1 %}" => "Yes",
            otherwise => "No",
        }
        "Yes": succeed;
        "No": succeed;
    }
}

fn main() {}
