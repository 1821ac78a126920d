use workflow_runtime::workflow;

// Lex Runtime V1 is gone since 2026-06-03 (the pinned models still have it); V2 replaces it.
workflow! {
    pub Case {
        "Ask": aws_sdk::lexruntime::post_text {
            BotName: "orders",
            BotAlias: "live",
            UserId: "u-1",
            InputText: "hello",
        };
    }
}

fn main() {}
