//! The machine: the seeds' hello-world workflow, `StartAt`, `Comment`, settings, scopes.

use super::{asl, asl_of, has_error, messages, only_error, run};
use serde_json::json;

const HELLO_WORLD: &str = r#"
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
"#;

#[test]
fn hello_world_lowers_to_the_notebooks_asl() {
    let expected: serde_json::Value =
        match serde_json::from_str(include_str!("../../../../examples/hello_world.asl.json")) {
            Ok(v) => v,
            Err(e) => panic!("examples/hello_world.asl.json: {e}"),
        };
    assert_eq!(asl(HELLO_WORLD), expected);
    assert!(run(HELLO_WORLD).lowered.substitutions.is_empty());
}

#[test]
fn start_at_is_the_first_state_and_comment_the_doc_comments() {
    let machine = asl(
        "/// First line.\n///   Indented.\n///\n/// Last.\npub W { A: pass -> B; B: succeed; }",
    );
    assert_eq!(
        machine,
        json!({
            "Comment": "First line.\n  Indented.\n\nLast.",
            "StartAt": "A",
            "States": { "A": { "Type": "Pass", "Next": "B" }, "B": { "Type": "Succeed" } }
        })
    );
}

#[test]
fn settings() {
    let machine = asl(
        r#"pub W { timeout = 3600; query_language = jsonata; version = "1.0"; comment = "c"; A: pass; }"#,
    );
    assert_eq!(
        machine,
        json!({
            "Comment": "c",
            "QueryLanguage": "JSONata",
            "StartAt": "A",
            "States": { "A": { "Type": "Pass", "End": true } },
            "TimeoutSeconds": 3600,
            "Version": "1.0"
        })
    );
    let jsonpath = asl(r#"pub W { query_language = jsonpath; A: pass; }"#);
    assert_eq!(jsonpath["QueryLanguage"], "JSONPath");
}

#[test]
fn unknown_and_repeated_settings() {
    only_error(
        "pub W { timeot = 3; A: pass; }",
        "unknown setting `timeot`; did you mean `timeout`?",
        "timeot",
        0,
    );
    only_error(
        "pub W { colour = 3; A: pass; }",
        "unknown setting `colour`; the workflow settings are `timeout`, `query_language`, `version`, `comment` and `type`",
        "colour",
        0,
    );
    only_error(
        "pub W { timeout = 3; timeout = 4; A: pass; }",
        "`timeout` is given twice; remove one",
        "timeout",
        1,
    );
    only_error(
        "pub W { query_language = jsonnet; A: pass; }",
        "unknown `query_language` `jsonnet`; it takes `jsonpath` or `jsonata`",
        "jsonnet",
        0,
    );
    only_error(
        "/// Doc.\npub W { comment = \"c\"; A: pass; }",
        "workflow `W` has both doc comments and `comment = …`; keep one",
        "comment",
        0,
    );
    only_error(
        "pub W { timeout = -3; A: pass; }",
        "`timeout` is `-3`, but it cannot be negative",
        "-3",
        0,
    );
}

#[test]
fn a_workflow_without_states_has_no_machine() {
    let outcome = run("pub W { timeout = 3; }");
    assert!(outcome.lowered.machine.is_none());
    let messages: Vec<String> = outcome.errors.iter().map(ToString::to_string).collect();
    assert_eq!(
        messages,
        ["workflow `W` has no states; add at least one, e.g. `Done: succeed;`"]
    );
}

#[test]
fn states_without_a_target_end() {
    let machine = asl_of("A: pass -> B; B: wait(seconds = 1); ");
    assert_eq!(
        machine["States"]["B"],
        json!({ "Type": "Wait", "Seconds": 1, "End": true })
    );
}

#[test]
fn duplicate_names() {
    only_error(
        "pub W { A: pass -> B; B: pass; B: succeed; }",
        "state `B` is defined twice; state names must be unique across the whole machine — rename one",
        "B",
        2,
    );
    // Across scopes: the validator's diagnostic, on the second name.
    let src = "pub W { A: pass -> P; P: parallel { branch { A: succeed; } } }";
    only_error(
        src,
        "state name `A` is already used at `/States/A`; state names must be unique across the whole machine, branches and processors included — rename one of them",
        "A:",
        1,
    );
}

#[test]
fn graph_errors_land_on_the_users_tokens() {
    // An unknown target, with a suggestion, on the target.
    let src = "pub W { Pack: pass -> Shipp; Ship: succeed; }";
    only_error(
        src,
        "unknown state `Shipp` in transition from `Pack`; did you mean `Ship`?",
        "Shipp",
        0,
    );
    // An unreachable state, on its name.
    let src = "pub W { A: succeed; B: succeed; }";
    only_error(
        src,
        "state `B` is unreachable: no transition from `StartAt` (`A`) leads to it; remove it or add a `->` to it",
        "B",
        0,
    );
    // No terminal state reachable: a warning of the validator, an error here, on the name.
    let src = "pub W { A: choice { when $.x == 1 => B, otherwise => Done } B: pass -> C; C: pass -> B; Done: succeed; }";
    let errors = messages(src);
    // One error per loop, where the execution enters it.
    assert_eq!(errors.len(), 1, "{errors:#?}");
    has_error(
        src,
        "no terminal state can be reached from state `B`: once entered, the execution loops until it fails or times out; add a transition towards a state that ends the workflow (no `->`), a `succeed` or a `fail`",
        "B:",
        0,
    );
    // A transition that leaves its branch, on the target.
    let src = "pub W { P: parallel { branch { X: pass -> Out; } } -> Out; Out: succeed; }";
    has_error(
        src,
        "state `Out` in transition from `X` is in the state machine, not in branch 0 of Parallel state `P`; a transition cannot leave or enter a Parallel branch or a Map processor — end this scope and continue from its owner's `->`",
        "Out",
        0,
    );
    // A choice without rules, on the `choice` keyword.
    let src = "pub W { C: choice { otherwise => D } D: succeed; }";
    only_error(
        src,
        "choice state `C` has no rules; add at least one `when … => …` rule",
        "choice",
        0,
    );
}

#[test]
fn a_misspelt_target_is_one_error() {
    // `C` is unreachable only because `Bb` is misspelt: one error, on the target.
    let src = "pub W { A: pass -> Bb; B: pass -> C; C: succeed; }";
    only_error(
        src,
        "unknown state `Bb` in transition from `A`; did you mean `B`?",
        "Bb",
        0,
    );
    // Within a branch too; other scopes keep their unreachable states.
    let src = "pub W { P: parallel { branch { X: pass -> Yy; Y: pass -> Z; Z: succeed; } } -> Q; Q: succeed; R: succeed; }";
    let errors = messages(src);
    assert_eq!(errors.len(), 2, "{errors:#?}");
    has_error(
        src,
        "unknown state `Yy` in transition from `X`; did you mean `Y`?",
        "Yy",
        0,
    );
    has_error(
        src,
        "state `R` is unreachable: no transition from `StartAt` (`P`) leads to it; remove it or add a `->` to it",
        "R:",
        0,
    );
}

#[test]
fn the_same_message_at_the_same_place_is_reported_once() {
    // Two `Next`s of one state can not be written; two catchers to the same unknown target are
    // two places.
    let src = "pub W { T: lambda::invoke catch [States.Timeout] => Nope catch [States.ALL] => Nope -> D; D: succeed; }";
    let errors = messages(src);
    assert_eq!(errors.len(), 2, "{errors:#?}");
}

/// Issue 75: the workflow's type is declared in the macro, and every rule of that type is
/// checked on the user's tokens, its fix in the language's words.
#[test]
fn the_type_of_state_machine_is_a_setting_and_its_rules_are_checked() {
    let express = r#"pub Nightly {
        type = express;
        "Run": ecs::run_task.sync { Cluster: "c", TaskDefinition: "t" } -> "Wait";
        "Wait": wait(seconds = 600);
    }"#;
    let outcome = run(express);
    assert_eq!(
        outcome.lowered.machine_type,
        workflow_asl::ExecutionType::Express
    );
    has_error(
        express,
        "express state machine does not support '.sync' service integration: Task state `Run` uses the `.sync` (run a job) integration pattern, but express workflows support only request-response integrations; remove `.sync` from the resource, or make the workflow STANDARD (remove `type = express`)",
        "ecs::run_task.sync",
        0,
    );
    has_error(
        express,
        "wait state `Wait` waits 600 seconds, but an EXPRESS workflow runs at most 300 seconds (five minutes) and ends `TIMED_OUT` first; lower `seconds` to at most 300, or make the workflow STANDARD (remove `type = express`)",
        "600",
        0,
    );
    assert_eq!(messages(express).len(), 2, "{:#?}", messages(express));
    // STANDARD, the default and when written, accepts both.
    let standard = express.replace("type = express;", "type = standard;");
    assert!(messages(&standard).is_empty(), "{:#?}", messages(&standard));
    let default = express.replace("type = express;", "");
    assert!(messages(&default).is_empty());
    // A misspelt type, and the names a user gives it.
    only_error(
        &express.replace("type = express", "type = expres"),
        "unknown `type` `expres`; did you mean `express`?",
        "expres;",
        0,
    );
    only_error(
        &express.replace("type = express", "execution = express"),
        "unknown setting `execution`; the type of state machine is `type = standard` (the default) or `type = express` (`execution = …` sets a Distributed Map's child workflows: `map(distributed, execution = express)`)",
        "execution",
        0,
    );
}

/// Issue 75: a Task starts another `workflow!` by a typed reference; its ARN is a deployment
/// substitution.
#[test]
fn a_typed_reference_to_a_started_workflow_is_a_substitution() {
    let src = r#"pub Parent {
        "Update": states::start_execution.sync2 { StateMachineArn: workflow(Backend), Input: { a: 1 } } -> "Now";
        "Now": aws_sdk::sfn::start_sync_execution { StateMachineArn: workflow(crate::flows::Backend) };
    }"#;
    let outcome = run(src);
    let all: Vec<String> = outcome.errors.iter().map(ToString::to_string).collect();
    assert!(all.is_empty(), "{all:#?}");
    let machine = outcome
        .lowered
        .machine
        .as_ref()
        .map(|m| m.to_value())
        .unwrap_or_default();
    assert_eq!(
        machine["States"]["Update"]["Parameters"]["StateMachineArn"],
        json!("${BackendArn}")
    );
    assert_eq!(outcome.lowered.substitutions, ["BackendArn"]);
    let started: Vec<(&str, bool)> = outcome
        .lowered
        .started
        .iter()
        .map(|s| (s.state.as_str(), s.sync_execution))
        .collect();
    assert_eq!(started, [("Update", false), ("Now", true)]);
    // Anywhere else, an error on the reference.
    only_error(
        r#"pub W { "P": pass { target: workflow(Backend) }; }"#,
        "`workflow(…)` names another workflow's state machine: it is the `StateMachineArn` of a Task that starts it (`states::start_execution`, `aws_sdk::sfn::start_sync_execution`)",
        "workflow(",
        0,
    );
    only_error(
        r#"pub W { "L": lambda::invoke { FunctionName: "f", Payload: { StateMachineArn: workflow(Backend) } }; }"#,
        "`workflow(…)` is the state machine a Task starts: the `StateMachineArn` of `states::start_execution` (any pattern), `aws_sdk::sfn::start_execution` or `aws_sdk::sfn::start_sync_execution`",
        "workflow(",
        0,
    );
}
