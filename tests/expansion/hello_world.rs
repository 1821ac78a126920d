//! The seeds' hello-world workflow (the Data Science SDK's notebook) gives the notebook's ASL,
//! and its generated items work from Rust.

use super::assert_asl;
use workflow_runtime::{Workflow, workflow};

workflow! {
    /// The hello-world workflow of the AWS Step Functions Data Science SDK's notebook: a Pass, a Choice on IsHelloWorldExample, then a Wait, a Parallel and a Lambda step on the happy path, or a Fail on the sad path.
    pub HelloWorld {
        input {
            IsHelloWorldExample: bool,
        }

        "MyPassState": pass -> "Is this Hello World example?";

        "Is this Hello World example?": choice {
            when $.IsHelloWorldExample == true => "Wait for 3 seconds",
            when $.IsHelloWorldExample == false => "HelloWorldFailed",
        }

        "Wait for 3 seconds": wait(seconds = 3) -> "MyParallelState";

        "MyParallelState": parallel {
            branch { "Hello": pass; }
            branch { "World": pass; }
        } -> "Convert HelloWorld to Base64";

        "Convert HelloWorld to Base64": lambda::invoke {
            FunctionName: "MyLambda",
            Payload: { "input": "HelloWorld" },
        }
        retry ["States.TaskFailed"] (interval = 15, max_attempts = 2, backoff = 4.0)
        catch ["States.TaskFailed"] => "LambdaTaskFailed"
        -> "HelloWorldSuccessful";

        "HelloWorldSuccessful": succeed;
        "LambdaTaskFailed": fail;
        "HelloWorldFailed": fail;
    }
}

const HELLO_WORLD_ASL: &str = r#"
{
  "Comment": "The hello-world workflow of the AWS Step Functions Data Science SDK's notebook: a Pass, a Choice on IsHelloWorldExample, then a Wait, a Parallel and a Lambda step on the happy path, or a Fail on the sad path.",
  "StartAt": "MyPassState",
  "States": {
    "MyPassState": {
      "Type": "Pass",
      "Next": "Is this Hello World example?"
    },
    "Is this Hello World example?": {
      "Type": "Choice",
      "Choices": [
        {
          "Variable": "$.IsHelloWorldExample",
          "BooleanEquals": true,
          "Next": "Wait for 3 seconds"
        },
        {
          "Variable": "$.IsHelloWorldExample",
          "BooleanEquals": false,
          "Next": "HelloWorldFailed"
        }
      ]
    },
    "Wait for 3 seconds": {
      "Type": "Wait",
      "Seconds": 3,
      "Next": "MyParallelState"
    },
    "MyParallelState": {
      "Type": "Parallel",
      "Branches": [
        {
          "StartAt": "Hello",
          "States": {
            "Hello": {
              "Type": "Pass",
              "End": true
            }
          }
        },
        {
          "StartAt": "World",
          "States": {
            "World": {
              "Type": "Pass",
              "End": true
            }
          }
        }
      ],
      "Next": "Convert HelloWorld to Base64"
    },
    "Convert HelloWorld to Base64": {
      "Type": "Task",
      "Resource": "arn:aws:states:::lambda:invoke",
      "Parameters": {
        "FunctionName": "MyLambda",
        "Payload": {
          "input": "HelloWorld"
        }
      },
      "Retry": [
        {
          "ErrorEquals": [
            "States.TaskFailed"
          ],
          "IntervalSeconds": 15,
          "MaxAttempts": 2,
          "BackoffRate": 4.0
        }
      ],
      "Catch": [
        {
          "ErrorEquals": [
            "States.TaskFailed"
          ],
          "Next": "LambdaTaskFailed"
        }
      ],
      "Next": "HelloWorldSuccessful"
    },
    "HelloWorldSuccessful": {
      "Type": "Succeed"
    },
    "LambdaTaskFailed": {
      "Type": "Fail"
    },
    "HelloWorldFailed": {
      "Type": "Fail"
    }
  }
}
"#;

/// Generic code takes any workflow through the trait.
fn name<W: Workflow>() -> &'static str {
    W::NAME
}

pub fn main() {
    assert_asl(HelloWorld::ASL, HelloWorld::ASL_PRETTY, HELLO_WORLD_ASL);
    assert_eq!(name::<HelloWorld>(), "HelloWorld");
    assert_eq!(HelloWorld::NAME, "HelloWorld");
    assert!(<HelloWorld as Workflow>::SUBSTITUTIONS.is_empty());
    assert_eq!(HelloWorld::definition().start_at, "MyPassState");
    let input = HelloWorldInput {
        is_hello_world_example: true,
    };
    assert_eq!(
        serde_json::to_value(&input).unwrap(),
        serde_json::json!({ "IsHelloWorldExample": true })
    );
    let back: <HelloWorld as Workflow>::Input =
        serde_json::from_str(r#"{"IsHelloWorldExample": false}"#).unwrap();
    assert!(!back.is_hello_world_example);
}
