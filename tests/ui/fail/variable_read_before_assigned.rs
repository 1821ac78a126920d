use workflow_runtime::workflow;

// `Report` reads `$total`, which only `Sum` assigns; when `Express?` skips `Sum`, nothing has
// set it and the state fails.
workflow! {
    pub Case {
        "Express?": choice {
            when $.express == true => "Report",
            otherwise => "Sum",
        }
        "Sum": pass assign { total: $.amount } -> "Report";
        "Report": pass { total: $total };
    }
}

fn main() {}
