use workflow_runtime::workflow;

workflow! {
    pub Case {
        input { sql: string }
        "Query": athena::start_query_execution.sync { QueryString: $.sql, ClientRequestToken: "abc" };
    }
}

fn main() {}
