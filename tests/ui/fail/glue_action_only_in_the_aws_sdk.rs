use workflow_runtime::workflow;

// Glue's crawlers are not in its optimized integration: the error points at the AWS SDK one,
// and is the only error (the states after `Crawl` are not checked against a result it does
// not have).
workflow! {
    pub Case {
        input { partitions: [string] }
        "Crawl": glue::start_crawler { Name: "raw-crawler" } -> "Each";
        "Each": map(items = $.partitions) {
            "Show": pass;
        };
    }
}

fn main() {}
