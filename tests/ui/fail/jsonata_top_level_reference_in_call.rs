use workflow_runtime::workflow;

workflow! {
    pub Case {
        query_language = jsonata;
        input { phones: [string] }
        "Count": pass output = { n: "{% $count(phones) %}" };
    }
}

fn main() {}
