use workflow_runtime::workflow;

workflow! {
    pub Case {
        "Check": choice {
            when $.go == true => "Spin",
            otherwise => "Done",
        }
        "Spin": pass -> "Spin2";
        "Spin2": pass -> "Spin";
        "Done": succeed;
    }
}

fn main() {}
