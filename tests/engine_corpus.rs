//! Every definition of the real-world corpus (`../shared/asl-corpus/substituted`) is loaded and
//! compiled by the engine, and run with an echo handler standing in for every task (it returns
//! the task's effective input). The runs that complete are counted; the others are listed by
//! the error that stopped them (mostly a Choice or a path reading a field the echo lacks).

#[path = "support/corpus.rs"]
mod support;

use serde_json::json;
use std::collections::BTreeMap;
use workflow_runtime::asl::{ErrorName, StateMachine};
use workflow_runtime::aws_models::FieldValidationMode;
use workflow_runtime::aws_models::Usage;
use workflow_runtime::engine::{Engine, TaskCall, TaskFailure};
use workflow_runtime::execution::ExecutionStatus;

#[test]
fn every_corpus_definition_loads_and_runs_with_echo_handlers() {
    let Some(dir) = support::corpus("corpus runs") else {
        return;
    };
    let files = support::json_files(&dir.join("substituted"));
    // Echo every task; a Distributed Map's ItemReader (S3) reads no items. An echo is not a
    // service's result: results are not checked against the integrations' shapes. Each
    // definition runs as AWS runs it: what the validator proves fails at run time (a read of a
    // `.sync:2` child's output at the top of its description, in one file) fails the run there,
    // not the load.
    let engine = Engine::new()
        .validation_errors_as_warnings(true)
        .field_validation(FieldValidationMode::None)
        .fallback_handler(|call: TaskCall| async move {
            let reads_items = call
                .resource
                .integration()
                .is_some_and(|i| i.usage() == Usage::ItemReader);
            Ok::<_, TaskFailure>(if reads_items { json!([]) } else { call.input })
        });
    let (mut loaded, mut compiled, mut succeeded) = (0, 0, 0);
    let mut stopped: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for file in &files {
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        let Ok(machine) = StateMachine::from_json(&std::fs::read_to_string(file).unwrap()) else {
            assert_eq!(
                name, "shared-fallback-state-jsonata__statemachine__statemachine.asl.json",
                "only the file that is not ASL fails to load"
            );
            continue;
        };
        loaded += 1;
        let Ok(program) = engine.compile(&machine) else {
            panic!("{name} validates but does not compile")
        };
        compiled += 1;
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build()
            .unwrap();
        let run = runtime
            .block_on(engine.compiled(&program).input(json!({})).run())
            .unwrap();
        if run.status == ExecutionStatus::Succeeded {
            succeeded += 1;
        } else {
            let key = format!(
                "{} {}",
                run.status.as_str(),
                run.error
                    .as_ref()
                    .map(ErrorName::as_str)
                    .unwrap_or_default()
            );
            stopped.entry(key).or_default().push(format!(
                "{name}: {}",
                run.cause
                    .unwrap_or_default()
                    .chars()
                    .take(140)
                    .collect::<String>()
            ));
        }
    }
    println!(
        "{} files: {loaded} loaded, {compiled} compiled, {succeeded} ran to completion with echo handlers and input {{}}",
        files.len()
    );
    for (error, runs) in &stopped {
        println!("\n{error}: {} runs", runs.len());
        for r in runs {
            println!("  {r}");
        }
    }
    assert_eq!(loaded, 176);
    assert_eq!(compiled, 176);
    // A floor, not a figure: echo handlers cannot satisfy Choices that test service results.
    assert!(succeeded >= 45, "only {succeeded} runs completed");
}
