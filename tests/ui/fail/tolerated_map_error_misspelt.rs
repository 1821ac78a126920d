use workflow_runtime::workflow;

workflow! {
    pub Case {
        "Jobs": map(items = $.jobs, distributed, tolerated_failure_count = 1) {
            "Job": pass { exitCode: 0 };
        } result_path = $.results -> "Check";
        "Check": choice {
            when $.results[0].Eror == "States.TaskFailed" => "Failed",
            otherwise => "Done",
        }
        "Failed": fail;
        "Done": succeed;
    }
}

fn main() {}
