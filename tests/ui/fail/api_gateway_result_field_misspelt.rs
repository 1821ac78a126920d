use workflow_runtime::workflow;

// `apigateway:invoke` answers `{ResponseBody, Headers, StatusCode, StatusText}`.
workflow! {
    pub Case {
        "Call": apigateway::invoke {
            ApiEndpoint: "abc123.execute-api.us-east-1.amazonaws.com",
            Method: "GET",
            Stage: "prod",
            Path: "pets",
        } -> "Check";
        "Check": choice {
            when $.StatusCod == 200 => "Done",
            otherwise => "Done",
        }
        "Done": succeed;
    }
}

fn main() {}
