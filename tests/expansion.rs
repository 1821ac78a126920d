//! The `workflow!` macro's expansions: every construct of the language expands, compiles and
//! gives the expected Amazon States Language. Each file of `expansion/` is a module (one
//! construct each) whose `main` asserts that its workflows' `ASL` equals the expected JSON;
//! here each is a test. They are part of the runtime's test program, so they compile with the
//! rest of the build; the compile-fail cases, which must not compile, are trybuild's
//! (`ui.rs`, a test of `workflow-macros`).

#[path = "expansion/choice_logic.rs"]
mod choice_logic;
#[path = "expansion/choice_operators.rs"]
mod choice_operators;
#[path = "expansion/clauses.rs"]
mod clauses;
#[path = "expansion/declared_types.rs"]
mod declared_types;
#[path = "expansion/generated_serde.rs"]
mod generated_serde;
#[path = "expansion/hello_world.rs"]
mod hello_world;
#[path = "expansion/inferred_operators.rs"]
mod inferred_operators;
#[path = "expansion/input_schema.rs"]
mod input_schema;
#[path = "expansion/integrations.rs"]
mod integrations;
#[path = "expansion/jsonata.rs"]
mod jsonata;
#[path = "expansion/machine_settings.rs"]
mod machine_settings;
#[path = "expansion/map_distributed.rs"]
mod map_distributed;
#[path = "expansion/map_inline.rs"]
mod map_inline;
#[path = "expansion/output_type.rs"]
mod output_type;
#[path = "expansion/retry_catch.rs"]
mod retry_catch;
#[cfg(feature = "sagemaker")]
#[path = "expansion/sagemaker_steps.rs"]
mod sagemaker_steps;
#[path = "expansion/states.rs"]
mod states;
#[path = "expansion/substitutions.rs"]
mod substitutions;
#[path = "expansion/values.rs"]
mod values;

#[test]
fn choice_logic_expands_to_its_asl() {
    choice_logic::main();
}

#[test]
fn generated_structs_read_and_write_json_as_the_serde_derives_do() {
    generated_serde::main();
}

#[test]
fn choice_operators_expands_to_its_asl() {
    choice_operators::main();
}

#[test]
fn clauses_expands_to_its_asl() {
    clauses::main();
}

#[test]
fn declared_types_expands_to_its_asl() {
    declared_types::main();
}

#[test]
fn hello_world_expands_to_its_asl() {
    hello_world::main();
}

#[test]
fn inferred_operators_expands_to_its_asl() {
    inferred_operators::main();
}

#[test]
fn input_schema_expands_to_its_asl() {
    input_schema::main();
}

#[test]
fn integrations_expands_to_its_asl() {
    integrations::main();
}

#[test]
fn jsonata_expands_to_its_asl() {
    jsonata::main();
}

#[test]
fn machine_settings_expands_to_its_asl() {
    machine_settings::main();
}

#[test]
fn map_distributed_expands_to_its_asl() {
    map_distributed::main();
}

#[test]
fn map_inline_expands_to_its_asl() {
    map_inline::main();
}

#[test]
fn output_type_expands_to_its_asl() {
    output_type::main();
}

#[test]
fn retry_catch_expands_to_its_asl() {
    retry_catch::main();
}

#[cfg(feature = "sagemaker")]
#[test]
fn sagemaker_steps_expands_to_its_asl() {
    sagemaker_steps::main();
}

#[test]
fn states_expands_to_its_asl() {
    states::main();
}

#[test]
fn substitutions_expands_to_its_asl() {
    substitutions::main();
}

#[test]
fn values_expands_to_its_asl() {
    values::main();
}

/// Asserts that the generated ASL (compact and pretty) equals `expected`.
pub(crate) fn assert_asl(compact: &str, pretty: &str, expected: &str) {
    let expected: serde_json::Value =
        serde_json::from_str(expected).expect("the expected ASL is JSON");
    let actual: serde_json::Value = serde_json::from_str(compact).expect("ASL is JSON");
    assert_eq!(actual, expected, "ASL differs:\n{actual:#}");
    let actual_pretty: serde_json::Value =
        serde_json::from_str(pretty).expect("ASL_PRETTY is JSON");
    assert_eq!(actual_pretty, expected, "ASL_PRETTY differs");
    assert!(!compact.contains('\n'), "ASL is compact");
}
