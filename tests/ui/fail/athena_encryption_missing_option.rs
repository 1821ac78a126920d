use workflow_runtime::workflow;

workflow! {
    pub Case {
        input { sql: string }
        "Query": athena::start_query_execution.sync { QueryString: $.sql, ResultConfiguration: { OutputLocation: "s3://bucket/results", EncryptionConfiguration: { KmsKey: "alias/k" } } };
    }
}

fn main() {}
