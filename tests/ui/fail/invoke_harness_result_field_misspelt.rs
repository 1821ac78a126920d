use workflow_runtime::workflow;

// `bedrockagentcore:invokeHarness` answers Converse-shaped: `{Output, StopReason, Usage}`.
workflow! {
    pub Case {
        "Ask": bedrockagentcore::invoke_harness {
            HarnessArn: "arn:aws:bedrock-agentcore:us-east-1:123456789012:harness/support-a1b2c3d4e5",
            RuntimeSessionId: "session-0000000000000000000000000000001",
            Messages: [{ Role: "user", Content: [{ Text: "Summarise the ticket" }] }],
        }
            result_selector { tokens: $.Usage.TotalTokes }
            -> "Done";
        "Done": succeed;
    }
}

fn main() {}
