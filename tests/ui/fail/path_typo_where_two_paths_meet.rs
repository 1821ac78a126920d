use workflow_runtime::workflow;

workflow! {
    pub Case {
        input { big: bool }
        "Size": choice {
            when $.big == true => "Large",
            otherwise => "Small",
        }
        "Large": pass result = { label: "L", boxes: 2 } -> "Pack";
        "Small": pass result = { label: "S" } -> "Pack";
        "Pack": pass { label: $.lable };
    }
}

fn main() {}
