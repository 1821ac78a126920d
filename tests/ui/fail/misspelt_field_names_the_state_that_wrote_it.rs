use workflow_runtime::workflow;

workflow! {
    pub Deploy {
        "Create Endpoint Config": pass { EndpointConfigArn: "arn" } result_path = $.config -> "Update Endpoint";
        "Update Endpoint": sagemaker::update_endpoint {
            EndpointName: "e",
            EndpointConfigName: "c",
        } result_path = $.update -> "Notify";
        "Notify": pass { arn: $.config.EndpointConfigName };
    }
}

fn main() {}
