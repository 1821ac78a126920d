//! The table of every optimized action's result under each pattern it supports, whether it is
//! typed and where from, rendered from [`ACTIONS`] into `docs/integration-results.md`; the
//! test below fails when the committed page differs (`UPDATE_INTEGRATION_RESULTS=1` rewrites it).

use super::lifecycle::{REMOVED_SDK_SERVICES, REMOVED_SOURCE, RUN_LIMITS};
use super::{ACTIONS, OptimizedAction, Pattern, Response, response_shape};

/// The page, relative to this crate.
const PAGE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../docs/integration-results.md"
);

/// The environment variable that makes the test rewrite the page.
const UPDATE: &str = "UPDATE_INTEGRATION_RESULTS";

/// The whole page.
fn render() -> String {
    let mut rows = Vec::new();
    let (mut typed, mut total) = (0, 0);
    for action in &ACTIONS {
        for &pattern in action.patterns {
            let (is_typed, result) = describe(action, pattern);
            total += 1;
            if is_typed {
                typed += 1;
            }
            rows.push(format!(
                "| `{}:{}{}` | {} | {} | {} | {} |",
                action.service,
                action.action,
                pattern.suffix(),
                pattern,
                if is_typed { "yes" } else { "no" },
                result,
                cell(action.source),
            ));
        }
    }
    let mut page = String::from(
        "# The results of the optimized integrations\n\n\
         Generated from `workflow-aws-models/src/overlay/optimized.rs` and `overlay/lifecycle.rs` by the test \
         `overlay::results_table::the_committed_page_is_the_overlays` \
         (`UPDATE_INTEGRATION_RESULTS=1 cargo test -p workflow-aws-models --lib results_table` \
         rewrites it); do not edit by hand.\n\n\
         For every optimized integration and every pattern it supports: whether the Task's \
         result is typed (the data flow checks what later states read of a typed result, and \
         the local engine checks what handlers return against it), what it is, and the \
         overlay entry's source (pages of the AWS Step Functions Developer Guide, relative to \
         `https://docs.aws.amazon.com/step-functions/latest/dg/`, and the recorded executions \
         or deployed definitions that confirm them). An untyped result is any JSON value: \
         whatever the task token's sender returns for `.waitForTaskToken`, else a result AWS \
         does not document.\n\n",
    );
    page.push_str(&format!(
        "{typed} of {total} integration patterns have a typed result.\n\n"
    ));
    page.push_str("| Resource | Pattern | Typed | Result | Source |\n");
    page.push_str("| --- | --- | --- | --- | --- |\n");
    for row in rows {
        page.push_str(&row);
        page.push('\n');
    }
    page.push_str(
        "\n## AWS SDK integrations\n\n\
         An AWS SDK integration (`arn:aws:states:::aws-sdk:<service>:<action>`) answers, \
         request-response, the API action's output as its model gives it, member for member \
         (supported-services-awssdk.html: the action returns \"output as defined for\" its \
         API call), without the `SdkHttpMetadata` the optimized integrations add (recorded on \
         AWS: `aws-sdk:dynamodb:getItem` answers `{Item}`, `aws-sdk:secretsmanager:listSecrets` \
         `{SecretList}`, `aws-sdk:sfn:startExecution` `{ExecutionArn, StartDate}`). A member \
         the AWS SDK for Java v2 spells otherwise (`DbSnapshots` for `DBSnapshots`) is read in \
         either spelling. Its result is typed from the model of the service it calls, decoded \
         when a workflow first uses the service; `.waitForTaskToken` answers whatever the \
         token's sender returns.\n\n\
         ## Distributed Map readers and writers\n\n\
         What the S3 actions of a Distributed Map's `ItemReader` and `ResultWriter` take in \
         their `Parameters` (JSONata: `Arguments`), and the items a reader hands each child \
         workflow where AWS fixes them (the items of JSON, JSON Lines, Parquet and Athena data \
         are the files' own; a CSV row's keys are its headers, given or in its first row).\n\n\
         | Resource | Where | Takes | Source |\n| --- | --- | --- | --- |\n",
    );
    for (action, usage, takes, source) in super::map_resources::settings() {
        page.push_str(&format!(
            "| `s3:{action}` | `{usage}` | `{{{}}}` | {} |\n",
            takes.join(", "),
            cell(source)
        ));
    }
    page.push_str("\n| Item | Members |\n| --- | --- |\n");
    for (item, members) in [
        (
            "`s3:listObjectsV2` (without `Transformation: LOAD_AND_FLATTEN`)",
            super::ReaderItem::ListedObject,
        ),
        (
            "S3 Inventory row (`InputType: MANIFEST` or `ManifestType: S3_INVENTORY`), each value text",
            super::ReaderItem::InventoryRow,
        ),
    ] {
        let shape = members.shape();
        let names: Vec<String> = shape
            .members()
            .map(|m| {
                let optional = if m.is_required() { "" } else { "?" };
                format!("{}{optional}", m.name())
            })
            .collect();
        page.push_str(&format!("| {item} | `{{{}}}` |\n", names.join(", ")));
    }
    page.push_str(
        "\n## Run-time limits\n\n\
         A Task calling one of these runs at most this long, whatever its `TimeoutSeconds` \
         says, and then fails with `States.Timeout` (the local engine does the same; the \
         validator warns of a larger `TimeoutSeconds`, an error in `workflow!`).\n\n\
         | Resource | Limit | Source |\n| --- | --- | --- |\n",
    );
    for (service, action, limit) in &RUN_LIMITS {
        page.push_str(&format!(
            "| `{service}:{action}` | {} s | {} |\n",
            limit.seconds,
            cell(limit.source)
        ));
    }
    page.push_str(&format!(
        "\n## Removed AWS SDK integrations\n\n\
         Step Functions no longer offers these AWS SDK integrations; a resource \
         `arn:aws:states:::aws-sdk:<service>:<action>` naming one is refused \
         (`REMOVED_INTEGRATION`) with its date and, where AWS names one, its successor. \
         Source: {}, relative to `https://docs.amazonaws.cn/step-functions/latest/dg/`.\n\n\
         | Service | Resource prefix | Removed | Successor |\n| --- | --- | --- | --- |\n",
        REMOVED_SOURCE
    ));
    for removed in &REMOVED_SDK_SERVICES {
        page.push_str(&format!(
            "| {} | `aws-sdk:{}` | {} | {} |\n",
            removed.name,
            removed.sdk,
            removed.date,
            removed
                .successor
                .map_or_else(|| "none".to_owned(), |s| format!("`aws-sdk:{s}`"))
        ));
    }
    page
}

/// Whether `action`'s result under `pattern` is typed, and what it is.
fn describe(action: &OptimizedAction, pattern: Pattern) -> (bool, String) {
    let response = match pattern {
        Pattern::RequestResponse => action.response,
        Pattern::Sync | Pattern::Sync2 => action.sync,
        Pattern::WaitForTaskToken => {
            return (
                false,
                "any JSON: what the task token's sender returns".into(),
            );
        }
    };
    let typed = response_shape(action, pattern).is_some();
    let text = match response {
        Response::Output(service, op, path) => {
            let at = if path.is_empty() {
                String::new()
            } else {
                format!(", its `{}`", path.join("/"))
            };
            let parsed = if pattern == Pattern::Sync2 {
                ", `Input` and `Output` parsed"
            } else {
                ""
            };
            format!("`{service}` `{op}` output{at}{parsed}")
        }
        Response::OutputJson(service, op, paths) => {
            format!("`{service}` `{op}` output, `{}` parsed", paths.join("`, `"))
        }
        Response::Synth(_) => match response_shape(action, pattern) {
            Some(shape) => {
                let members: Vec<&str> = shape.members().map(|m| m.name()).collect();
                format!("Step Functions' own: `{{{}}}`", members.join(", "))
            }
            None => "Step Functions' own".into(),
        },
        Response::Open => "any JSON: not documented".into(),
    };
    (typed, text)
}

/// `text` fit for a table cell (no `|`, no line break).
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

#[test]
fn the_committed_page_is_the_overlays() {
    committed_page(PAGE, &render(), UPDATE, "results_table");
}

/// Holds the committed page at `path` to `rendered`, or (with the environment variable
/// `update` set) writes it; `test` is the test to run to rewrite it.
pub(super) fn committed_page(path: &str, rendered: &str, update: &str, test: &str) {
    if std::env::var_os(update).is_some() {
        std::fs::write(path, rendered).expect("the page is writable");
        return;
    }
    let committed = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        committed == rendered,
        "{path} is not what its generator renders; run \
         `{update}=1 cargo test -p workflow-aws-models --lib {test}` and commit it"
    );
}

#[test]
fn the_page_says_what_each_result_is() {
    let page = render();
    assert!(page.contains(
        "| `ecs:runTask.sync` | .sync | yes | `ecs` `DescribeTasks` output, its `Tasks/*` |"
    ));
    assert!(page.contains("| `apigateway:invoke.waitForTaskToken` | .waitForTaskToken | no |"));
    assert!(page.contains("`{ClusterId, ClusterArn}`"));
    assert!(page.contains("| `bedrockagentcore:invokeHarness` | 900 s |"));
    assert!(page.contains("| Amazon QLDB | `aws-sdk:qldb` | 2026-03-12 | none |"));
    assert!(
        page.contains("| Amazon Lex Model Building V1 | `aws-sdk:lexmodelbuilding` | 2026-06-03 | `aws-sdk:lexmodelsv2` |")
    );
}
