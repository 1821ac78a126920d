use workflow_runtime::workflow;

// The items have `name`; the intrinsic's argument reads `$.nme`, which no item has.
workflow! {
    pub Case {
        input { people: [{ name: string }] }
        "Greet": map(items = $.people) {
            "Hello": pass { greeting: States.Format("hello {}", $.nme) };
        }
    }
}

fn main() {}
