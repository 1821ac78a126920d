use workflow_runtime::workflow;

workflow! {
    pub Case {
        input { sql: string }
        "Query": athena::start_query_execution.sync { QueryStrng: $.sql, WorkGroup: "primary" };
    }
}

fn main() {}
