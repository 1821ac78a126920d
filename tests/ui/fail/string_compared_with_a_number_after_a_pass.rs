use workflow_runtime::workflow;

workflow! {
    pub Case {
        "Check": pass result = { status: "ok" } -> "Ok?";
        "Ok?": choice {
            when $.status == 200 => "Done",
            otherwise => "Done",
        }
        "Done": succeed;
    }
}

fn main() {}
