use workflow_runtime::workflow;

workflow! {
    pub Case {
        "Call": lambda::invoke { FunctionName: "f" }
            catch [States.ALL] (result_path = $.error) => "Report";
        "Report": sns::publish {
            TopicArn: "arn:aws:sns:us-east-1:123456789012:alerts",
            Message: $.error.Cuase,
        };
    }
}

fn main() {}
