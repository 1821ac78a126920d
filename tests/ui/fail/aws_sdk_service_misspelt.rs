use workflow_runtime::workflow;

workflow! {
    pub Case {
        input { name: string }
        "Get": aws_sdk::secretmanager::get_secret_value { SecretId: $.name };
    }
}

fn main() {}
