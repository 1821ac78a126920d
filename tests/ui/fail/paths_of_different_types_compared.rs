use workflow_runtime::workflow;

workflow! {
    pub Case {
        input { name: string, tags: [string] }
        "Count": pass { count: States.ArrayLength($.tags), name: $.name } -> "Same?";
        "Same?": choice {
            when $.count == $.name => "Done",
            otherwise => "Done",
        }
        "Done": succeed;
    }
}

fn main() {}
