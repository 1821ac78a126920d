use workflow_runtime::workflow;

workflow! {
    pub Case {
        "Deploy": sagemaker::EndpointStep.sync {
            endpoint_name: "endpoint",
            endpoint_config_name: "config",
        };
    }
}

fn main() {}
