use workflow_runtime::workflow;

// `-> "Doen"` is the workflow's one error: the code that reads the output as `CaseOutput`
// still compiles, typed as the workflow was meant (`Done`), so no error cascades into it.
workflow! {
    pub Case {
        input { order: string }
        "Tag": pass result = { tagged: true } result_path = $.tag -> "Doen";
        "Done": succeed;
    }
}

fn main() {
    let output: CaseOutput = serde_json::from_str(r#"{"order": "o", "tag": {"tagged": true}}"#).unwrap();
    let _: &str = &output.order;
    let _: bool = output.tag.tagged;
}
