use workflow_runtime::workflow;

workflow! {
    pub Case {
        "Check": choice {
            when $.ok == true => "Done",
        } catch [States.ALL] => "Done";
        "Done": succeed;
    }
}

fn main() {}
