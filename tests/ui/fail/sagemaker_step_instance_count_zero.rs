use workflow_runtime::workflow;

workflow! {
    pub Case {
        "Configure": sagemaker::EndpointConfigStep {
            endpoint_config_name: "config",
            model_name: "model",
            initial_instance_count: 0,
            instance_type: "ml.m5.large",
        };
    }
}

fn main() {}
