use workflow_runtime::workflow;

workflow! {
    pub Case {
        "Deploy": sagemaker::EndpointStep {
            endpoint_name: "endpoint",
            endpoint_config_nam: "config",
        };
    }
}

fn main() {}
