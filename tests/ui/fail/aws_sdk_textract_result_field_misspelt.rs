use workflow_runtime::workflow;

// An AWS SDK integration's result is the API's output as its model gives it: Textract's
// GetDocumentAnalysis answers `JobStatus`, not `Status`.
workflow! {
    pub Case {
        input { job: string }
        "Get": aws_sdk::textract::get_document_analysis { JobId: $.job } result_path = $.analysis -> "Check";
        "Check": choice {
            when $.analysis.Status == "SUCCEEDED" => "Done",
            otherwise => "Wait",
        }
        "Wait": wait(seconds = 5) -> "Get";
        "Done": succeed;
    }
}

fn main() {}
