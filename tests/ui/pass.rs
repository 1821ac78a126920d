//! The pass cases of the `workflow!` macro, one program: each file of `pass/` is a module (one
//! construct of the language each: its workflows expand, and its `main` asserts that their ASL
//! equals the expected JSON), so that trybuild builds, links and runs one program rather than
//! one per file. Every case runs; the ones that fail are named at the end.

#[path = "pass/choice_logic.rs"]
mod choice_logic;
#[path = "pass/choice_operators.rs"]
mod choice_operators;
#[path = "pass/clauses.rs"]
mod clauses;
#[path = "pass/hello_world.rs"]
mod hello_world;
#[path = "pass/inferred_operators.rs"]
mod inferred_operators;
#[path = "pass/input_schema.rs"]
mod input_schema;
#[path = "pass/integrations.rs"]
mod integrations;
#[path = "pass/jsonata.rs"]
mod jsonata;
#[path = "pass/machine_settings.rs"]
mod machine_settings;
#[path = "pass/map_distributed.rs"]
mod map_distributed;
#[path = "pass/map_inline.rs"]
mod map_inline;
#[path = "pass/output_type.rs"]
mod output_type;
#[path = "pass/retry_catch.rs"]
mod retry_catch;
#[path = "pass/sagemaker_steps.rs"]
mod sagemaker_steps;
#[path = "pass/states.rs"]
mod states;
#[path = "pass/substitutions.rs"]
mod substitutions;
#[path = "pass/values.rs"]
mod values;

fn main() {
    let cases: [(&str, fn()); 17] = [
        ("choice_logic", choice_logic::main),
        ("choice_operators", choice_operators::main),
        ("clauses", clauses::main),
        ("hello_world", hello_world::main),
        ("inferred_operators", inferred_operators::main),
        ("input_schema", input_schema::main),
        ("integrations", integrations::main),
        ("jsonata", jsonata::main),
        ("machine_settings", machine_settings::main),
        ("map_distributed", map_distributed::main),
        ("map_inline", map_inline::main),
        ("output_type", output_type::main),
        ("retry_catch", retry_catch::main),
        ("sagemaker_steps", sagemaker_steps::main),
        ("states", states::main),
        ("substitutions", substitutions::main),
        ("values", values::main),
    ];
    let failed: Vec<&str> = cases
        .into_iter()
        .filter(|(_, case)| std::panic::catch_unwind(case).is_err())
        .map(|(name, _)| name)
        .collect();
    assert!(failed.is_empty(), "pass cases that failed: {failed:?}");
}
