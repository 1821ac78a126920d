use workflow_runtime::workflow;

workflow! {
    pub Case {
        input { id: string }
        "Results": athena::get_query_results.sync { QueryExecutionId: $.id };
    }
}

fn main() {}
