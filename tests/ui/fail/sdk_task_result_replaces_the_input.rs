use workflow_runtime::workflow;

// The crawler's answer (no members) replaces the input without a `result_path`: the Map
// reads a field that is gone.
workflow! {
    pub Case {
        input { partitions: [string] }
        "Crawl": aws_sdk::glue::start_crawler { Name: "raw-crawler" } -> "Each";
        "Each": map(items = $.partitions) {
            "Show": pass;
        };
    }
}

fn main() {}
