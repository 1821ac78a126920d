//! Restart from any visit of any state (issue 93): a failed execution of each kind resumed at
//! a visit the user names, side by side on one `workflow serve`, locally (`workflow resume
//! --from-state VISIT`) and through `--deploy` (the synthesised machine): a state in a
//! Parallel's branch, an inline Map's iteration by index, a Distributed Map's child by item,
//! a loop's Nth visit, and a visit entered with a replaced input (`--input`). Every Task is
//! the Lambda stub's `Work`, which logs what reached it: what ran again. Each runs again
//! the visit, what follows it on its strand, and what the record did not finish (the failed
//! siblings, the items never started), nothing else, locally and deployed alike; a visit
//! the record does not hold is refused by both with the visits it holds. The test prints the
//! table it measured (`cargo test -p workflow-cli --test tools visit_table -- --nocapture`).

use super::resume_table::{
    Case, Fix, definition, described, ended, ending, input, measured, succeeded_in_record, work,
};
use super::{executed, serving_lambda, workflow};
use crate::cli::{stderr, stdout, write};
use serde_json::{Value, json};

/// One row: the kind of visit, the visit named, and what should run again.
struct Kind {
    label: &'static str,
    /// The `case` its Tasks send the stub.
    tag: String,
    visit: &'static str,
    /// The definition that failed, the one resumed on.
    broken: Value,
    fixed: Value,
    input: Value,
    /// The replaced input, if any.
    replaced: Option<Value>,
    /// What runs again (sorted), or `None`: refused.
    again: Option<&'static [&'static str]>,
}

/// A loop: `Step` three times (items 0, 1, 2), then `Last`, which fails unless fixed.
fn looping(tag: &str, fixed: bool) -> Value {
    json!({"StartAt": "Init", "States": {
        "Init": {"Type": "Pass", "Result": {"item": 0}, "Next": "Step"},
        "Step": work(tag, Some("Count"), json!({"item.$": "$.item"})),
        "Count": {"Type": "Pass", "Parameters": {"item.$": "States.MathAdd($.item, 1)"}, "Next": "Again"},
        "Again": {"Type": "Choice", "Choices": [{"Variable": "$.item", "NumericLessThan": 3, "Next": "Step"}], "Default": "Last"},
        "Last": work(tag, None, json!({"fail": !fixed}))}})
}

fn kinds() -> Vec<Kind> {
    let case = |case: Case, label: &'static str, visit, again| {
        let tag = format!("visit-{label}");
        Kind {
            label,
            tag: tag.clone(),
            visit,
            broken: definition(case, Fix::Request, false, &tag, ""),
            fixed: definition(case, Fix::Request, true, &tag, ""),
            input: input(case),
            replaced: None,
            again,
        }
    };
    let tag = "visit-loop";
    let replaced_tag = "visit-replaced input";
    vec![
        case(
            Case::ParallelBranch,
            "Parallel branch",
            "Both/Prepare",
            Some(&["Prepare", "Process"]),
        ),
        case(
            Case::InlineMapIteration,
            "inline Map iteration",
            "Each[0]/Process",
            Some(&["Prepare#3", "Process#1", "Process#2", "Process#3"]),
        ),
        case(
            Case::DistributedChildren,
            "Distributed Map child",
            "Each[0]/Process",
            Some(&["Prepare#3", "Process#1", "Process#2", "Process#3"]),
        ),
        Kind {
            label: "loop's 2nd visit",
            tag: tag.to_owned(),
            visit: "Step#2",
            broken: looping(tag, false),
            fixed: looping(tag, true),
            input: json!({}),
            replaced: None,
            again: Some(&["Last", "Step#1", "Step#2"]),
        },
        Kind {
            label: "replaced input",
            tag: replaced_tag.to_owned(),
            visit: "Each[1]/Process",
            // The broken definition itself: the replaced input mends the item.
            broken: definition(
                Case::InlineMapIteration,
                Fix::Request,
                false,
                replaced_tag,
                "",
            ),
            fixed: definition(
                Case::InlineMapIteration,
                Fix::Request,
                false,
                replaced_tag,
                "",
            ),
            input: input(Case::InlineMapIteration),
            replaced: Some(json!({"item": 2, "bad": false})),
            again: Some(&["Prepare#3", "Process#2", "Process#3"]),
        },
        Kind {
            label: "a visit not held",
            tag: "visit-none".to_owned(),
            visit: "Each[7]/Process",
            broken: definition(
                Case::InlineMapIteration,
                Fix::Request,
                false,
                "visit-none",
                "",
            ),
            fixed: definition(
                Case::InlineMapIteration,
                Fix::Request,
                true,
                "visit-none",
                "",
            ),
            input: input(Case::InlineMapIteration),
            replaced: None,
            again: None,
        },
    ]
}

/// What one way ran again and how it ended.
type Way = (Vec<String>, String);

/// A kind as measured: what succeeded in its record, each way, what a refusal said.
type Measured = (Kind, Vec<String>, Way, Way, String);

#[test]
fn any_visit_resumes_locally_and_through_deploy_running_again_only_its_strand() {
    let (lambda, server) = serving_lambda();
    let endpoint = server.endpoint_url();
    let dir = tempfile::tempdir().expect("a directory");
    let (lambda, endpoint, dir) = (&lambda.1, endpoint.as_str(), dir.path());
    let measured_rows: Vec<Measured> = std::thread::scope(|scope| {
        let runs: Vec<_> = kinds()
            .into_iter()
            .map(|kind| scope.spawn(move || row(lambda, endpoint, dir, kind)))
            .collect();
        runs.into_iter()
            .map(|run| run.join().expect("a kind ran"))
            .collect()
    });
    let mut table = String::from(
        "| visit kind | `--from-state` | succeeded in the record | local `workflow resume` ran again | `--deploy` ran again |\n|---|---|---|---|---|\n",
    );
    let list = |ran: &[String]| match ran.is_empty() {
        true => "none".to_owned(),
        false => ran.join(", "),
    };
    let mut wrong = Vec::new();
    for (kind, in_record, local, deployed, refusal) in &measured_rows {
        table.push_str(&format!(
            "| {} | `{}`{} | {} | {} → {} | {} → {} |\n",
            kind.label,
            kind.visit,
            if kind.replaced.is_some() {
                " `--input`"
            } else {
                ""
            },
            list(in_record),
            list(&local.0),
            local.1.split(' ').next().unwrap_or_default(),
            list(&deployed.0),
            deployed.1.split(' ').next().unwrap_or_default(),
        ));
        match kind.again {
            Some(again) => {
                for (way, (ran, end)) in [("local", local), ("--deploy", deployed)] {
                    if ran != again || !end.starts_with("SUCCEEDED") {
                        wrong.push(format!(
                            "{}: {way} ran again {ran:?} and ended {end}; expected {again:?}, SUCCEEDED",
                            kind.label
                        ));
                    }
                }
            }
            None => {
                if local.1 != "refused" || deployed.1 != "refused" || !local.0.is_empty() {
                    wrong.push(format!(
                        "{}: not refused: {local:?} {deployed:?}",
                        kind.label
                    ));
                }
                if !refusal.contains("it holds `Each[0]/Process`, `Each[1]/Process`") {
                    wrong.push(format!("{}: the refusal: {refusal}", kind.label));
                }
            }
        }
    }
    println!("{table}");
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// `kind` failed on `workflow serve`, then resumed at its visit locally and through
/// `--deploy`: what each ran again and how it ended, and what a refusal said.
fn row(lambda: &str, endpoint: &str, dir: &std::path::Path, kind: Kind) -> Measured {
    let tag = kind.label.replace(['\'', ' '], "-");
    let tag = tag.as_str();
    let stub_tag = kind.tag.clone();
    let broken = kind.broken.to_string();
    let (arn, status) = executed(
        endpoint,
        &format!("Visit-{tag}"),
        &broken,
        kind.input.clone(),
    );
    assert_ne!(
        status,
        workflow_runtime::execution::ExecutionStatus::Succeeded,
        "{tag}"
    );
    let in_record = succeeded_in_record(endpoint, &arn);
    assert!(!in_record.0.is_empty(), "{tag}: something succeeded first");
    let file = write(
        dir,
        &format!("visit-{tag}.asl.json"),
        &kind.fixed.to_string(),
    );
    let file = file.to_str().unwrap_or_default().to_owned();
    let replaced = kind.replaced.as_ref().map(|input| {
        let path = write(dir, &format!("visit-{tag}.input.json"), &input.to_string());
        path.to_str().unwrap_or_default().to_owned()
    });
    let mut args = vec![
        "resume",
        file.as_str(),
        "--execution-arn",
        arn.as_str(),
        "--from-state",
        kind.visit,
    ];
    if let Some(path) = &replaced {
        args.extend(["--input", path.as_str()]);
    }
    let (local_ran, local) = measured(lambda, &stub_tag, || {
        let mut local = args.clone();
        local.extend(["--lambda-endpoint", lambda, "--json"]);
        workflow(endpoint, &local)
    });
    let local_json: Value = serde_json::from_str(stdout(&local).trim()).unwrap_or_default();
    let (deployed_ran, (deployed, deployed_end)) = measured(lambda, &stub_tag, || {
        let mut deploy = args.clone();
        deploy.extend(["--deploy", "--no-wait", "--json"]);
        let out = workflow(endpoint, &deploy);
        let started: Value = serde_json::from_str(stdout(&out).trim()).unwrap_or_default();
        let ended = started["deployed"]["executionArn"]
            .as_str()
            .map(|new| ended(endpoint, new, false));
        (out, ended)
    });
    let local_end = ending(&local_json["status"], &local_json["output"]);
    let deployed_end = deployed_end
        .as_ref()
        .map_or_else(|| "refused".to_owned(), described);
    if local_end == "refused" {
        eprintln!("{tag}: local: {}", stderr(&local).trim());
    }
    if deployed_end == "refused" {
        eprintln!("{tag}: --deploy: {}", stderr(&deployed).trim());
    }
    let refusal = stderr(&local).to_string();
    (
        kind,
        in_record.0.into_iter().collect(),
        (local_ran, local_end),
        (deployed_ran, deployed_end),
        refusal,
    )
}
