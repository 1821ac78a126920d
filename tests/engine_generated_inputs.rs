//! Generated inputs (feature `proptest`): the strategies built from a workflow's `input { … }`
//! schema, their bias towards its Choice rules' literals, and the runner that runs a workflow
//! on them with its handlers and shrinks a failing input, on the order service example
//! (`examples/orders/`) and on broken copies of it.

#[path = "../examples/orders/mod.rs"]
mod orders;

use orders::OrderService;
use proptest::strategy::{Strategy, ValueTree};
use proptest::test_runner::TestRunner;
use serde_json::{Value, json};
use workflow_proptest::{GeneratedInputs, input_strategy};
use workflow_runtime::engine::{Engine, TaskFailure};
use workflow_runtime::{InputField, InputType, Workflow, workflow};

workflow! {
    /// Every type of the schema language, optional fields and nested objects.
    Shapes {
        input {
            id: string,
            count: integer,
            ratio: number,
            ok: bool,
            at: timestamp,
            extra: any,
            note?: string,
            customer: { name: string, email?: string, address: { city: string, zip?: string } },
            lines: [{ sku: string, qty: integer }],
        }
        "Done": succeed;
    }
}

/// `count` values generated for `W`'s input, from a deterministic runner.
fn generate<W: Workflow>(count: usize) -> Vec<Value> {
    let strategy = input_strategy::<W>();
    let mut runner = TestRunner::deterministic();
    (0..count)
        .map(|_| {
            strategy
                .new_tree(&mut runner)
                .expect("a value is generated")
                .current()
        })
        .collect()
}

#[test]
fn the_macro_emits_the_input_schema() {
    const ORDER_SERVICE: InputType = InputType::Object(&[
        InputField::required("order_id", InputType::String),
        InputField::required("cents", InputType::Integer),
        InputField::required(
            "items",
            InputType::Array(&InputType::Object(&[
                InputField::required("sku", InputType::String),
                InputField::required("qty", InputType::Integer),
            ])),
        ),
    ]);
    assert_eq!(OrderService::INPUT_SCHEMA, ORDER_SERVICE);
    let nested = Shapes::INPUT_SCHEMA
        .field("customer")
        .map(|f| f.ty.field("email").map(|e| e.optional));
    assert_eq!(nested, Some(Some(true)));
}

#[test]
fn strategies_respect_types_required_and_optional_fields_and_nested_objects() {
    let values = generate::<Shapes>(300);
    let (mut notes, mut emails, mut zips, mut lines) = (0, 0, 0, 0);
    for value in &values {
        // Every value decodes as the input type.
        let input: ShapesInput = serde_json::from_value(value.clone())
            .unwrap_or_else(|e| panic!("{value} does not decode: {e}"));
        for required in [
            "id", "count", "ratio", "ok", "at", "extra", "customer", "lines",
        ] {
            assert!(
                value.get(required).is_some(),
                "{required} missing in {value}"
            );
        }
        assert!(value["count"].is_i64(), "{value}");
        assert!(value["ratio"].is_number(), "{value}");
        assert!(
            workflow_runtime::asl::timestamp::parse_rfc3339(&input.at).is_some(),
            "{} is not a timestamp",
            input.at
        );
        assert!(value["customer"]["address"]["city"].is_string(), "{value}");
        notes += usize::from(input.note.is_some());
        emails += usize::from(input.customer.email.is_some());
        zips += usize::from(input.customer.address.zip.is_some());
        lines += input.lines.len();
        // Absent, never null: an optional field is left out, as the input type writes it.
        assert_ne!(value.get("note"), Some(&Value::Null), "{value}");
    }
    let n = values.len();
    for (field, present) in [("note", notes), ("email", emails), ("zip", zips)] {
        assert!(
            present > n / 10 && present < n * 9 / 10,
            "{field} present in {present} of {n} values: optional fields are present and absent"
        );
    }
    assert!(
        lines > n,
        "arrays have elements: {lines} lines in {n} values"
    );
}

workflow! {
    /// Choice rules comparing input fields with literals.
    Routes {
        input { cents: integer, weight: number, coupon?: string, express: bool, code: string }
        "Route": choice {
            when $.cents > 10000 => "Big",
            when $.weight <= 2.5 => "Light",
            when $.coupon == "FREESHIP" => "Free",
            when $.express == true => "Fast",
            when $.code matches "EU-*" => "Europe",
            otherwise => "Plain",
        }
        "Big": succeed;
        "Light": succeed;
        "Free": succeed;
        "Fast": succeed;
        "Europe": succeed;
        "Plain": succeed;
    }
}

#[test]
fn generation_leans_towards_each_choice_literal_its_neighbours_and_absence() {
    let values = generate::<Routes>(400);
    let seen = |field: &str, wanted: Value| values.iter().any(|v| v.get(field) == Some(&wanted));
    for cents in [9999, 10000, 10001] {
        assert!(seen("cents", json!(cents)), "cents {cents} never generated");
    }
    for weight in [1.5, 2.5, 3.5] {
        assert!(
            seen("weight", json!(weight)),
            "weight {weight} never generated"
        );
    }
    assert!(
        seen("weight", json!(2.5f64.next_up())),
        "the number just above 2.5 never generated"
    );
    assert!(
        seen("coupon", json!("FREESHIP")),
        "the coupon never generated"
    );
    assert!(
        values.iter().any(|v| v.get("coupon").is_none()),
        "the coupon never absent"
    );
    assert!(seen("express", json!(true)) && seen("express", json!(false)));
    assert!(
        seen("code", json!("EU-")),
        "a code matching EU-* never generated"
    );
    // A bias, not a restriction: other values still come.
    assert!(
        values
            .iter()
            .any(|v| v["cents"].as_i64().is_some_and(|c| c.abs() < 9000))
    );
}

/// The order service's handlers, as `examples/order_service.rs` registers them, with the
/// courier's answer to the callback.
fn order_engine() -> Engine {
    Engine::new()
        .task(OrderService::CHARGE, orders::charge)
        .task(OrderService::PACK, orders::pack)
        .task(OrderService::AWAIT_PICKUP, |request| async move {
            orders::pickup(request)
        })
}

#[test]
fn the_order_service_fails_on_an_order_without_items_shrunk_to_the_minimal_one() {
    let failure = GeneratedInputs::<OrderService>::new(order_engine())
        .run()
        .expect_err("an order with nothing to pack fails Pack, which no catcher takes");
    // The report a user sees (the README's "Tests that prove a workflow" shows it).
    println!("{failure}");
    let example = failure.counterexample().expect("a counterexample");
    // Minimal: the shortest id, the smallest charge that is accepted, no items.
    assert_eq!(
        example.input,
        json!({"order_id": "", "cents": 1, "items": []}),
        "{example}"
    );
    assert_eq!(example.property, "no uncaught error");
    assert!(example.message.contains("Pack.Empty"), "{example}");
    let execution = example.execution.as_ref().expect("its execution");
    assert_eq!(execution.states, ["Charge", "Pack"]);
    let report = example.to_string();
    assert!(
        report.contains(r#"input: {"order_id":"","cents":1,"items":[]}"#),
        "{report}"
    );
}

#[test]
fn the_order_service_pack_handler_overflows_on_huge_quantities() {
    let failure = GeneratedInputs::<OrderService>::new(order_engine())
        .allow_error("Pack.Empty")
        .run()
        .expect_err("quantities whose sum overflows an i64 are generated");
    println!("{failure}");
    let example = failure.counterexample().expect("a counterexample");
    assert_eq!(example.property, "no panic", "{example}");
    assert_eq!(
        example.message, "the run panicked: attempt to add with overflow",
        "{example}"
    );
    // Two quantities whose sum just overflows, the rest minimal.
    let items = example.input["items"].as_array().expect("items");
    let quantities: Vec<i64> = items.iter().filter_map(|i| i["qty"].as_i64()).collect();
    assert_eq!(quantities.len(), 2, "{example}");
    assert!(
        quantities[0].checked_add(quantities[1]).is_none(),
        "{example}"
    );
    assert_eq!(example.input["cents"], 1, "{example}");
}

/// The order service's handlers with `Pack` counting without overflow.
fn fixed_order_engine() -> Engine {
    Engine::new()
        .task(OrderService::CHARGE, orders::charge)
        .task(
            OrderService::PACK,
            |request: orders::OrderServicePackRequest| async move {
                let count = request
                    .items
                    .iter()
                    .fold(0i64, |sum, item| sum.saturating_add(item.qty));
                if count <= 0 {
                    return Err(TaskFailure::new("Pack.Empty", "no items to pack"));
                }
                Ok(orders::OrderServicePackResponse {
                    parcel_id: format!("parcel-{}-{count}", request.order).into(),
                })
            },
        )
        .task(OrderService::AWAIT_PICKUP, |request| async move {
            orders::pickup(request)
        })
}

#[test]
fn the_order_service_passes_when_an_empty_order_is_an_allowed_outcome() {
    let passed = GeneratedInputs::<OrderService>::new(fixed_order_engine())
        .allow_error("Pack.Empty")
        .property(
            "the charge is the order's",
            |input, execution| match execution.output_as::<orders::OrderServiceOutput>() {
                Ok(output) if output.charge != json!(format!("ch-{}", input.order_id)) => {
                    Err(format!("charged {}", output.charge))
                }
                _ => Ok(()),
            },
        )
        .cases(128)
        .assert();
    assert_eq!(passed.cases, 128);
    let outcomes: Vec<&str> = passed.outcomes.iter().map(|(o, _)| o.as_str()).collect();
    assert_eq!(
        outcomes,
        [
            "failed with Order.Refused (a Fail state)",
            "failed with Pack.Empty (allowed)",
            "succeeded"
        ],
        "{passed}"
    );
    // "Collected?" compares a task's answer, not the input: no literal, and the courier
    // always collects, so its rule is reached and its Default is not.
    assert!(passed.literals.is_empty(), "{passed}");
    assert_eq!((passed.rules_reached, passed.rules), (1, 1), "{passed}");
}

workflow! {
    /// Two routes by size, for the report `.assert()` prints.
    Sized {
        input { n: integer }
        "Big?": choice {
            when $.n > 10 => "Big",
            otherwise => "Small",
        }
        "Big": succeed;
        "Small": succeed;
    }
}

#[test]
fn a_small_workflow_passes() {
    GeneratedInputs::<Sized>::new(Engine::new())
        .cases(16)
        .assert();
}

#[test]
fn assert_prints_what_it_checked_when_it_passes() {
    // The test above, alone, in this test program, with its output shown.
    let out = std::process::Command::new(std::env::current_exe().expect("this test program"))
        .args([
            "engine_generated_inputs::a_small_workflow_passes",
            "--exact",
            "--nocapture",
            "--test-threads=1",
        ])
        .env_remove("WORKFLOW_COVERAGE")
        .output()
        .expect("the test program runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}");
    assert!(text.contains("1 passed"), "it ran the one test: {text}");
    assert!(
        text.contains("Sized: 16 generated inputs, every property holds\n"),
        "{text}"
    );
    assert!(text.contains("  Choice rules reached: 1 of 1\n"), "{text}");
    assert!(
        text.contains("  $.n (/States/Big?/Choices/0): tried 9, 10, 11\n"),
        "{text}"
    );
}

workflow! {
    /// The order service broken: express orders go to "Express", which reads the optional
    /// `express_slot` that an express order may lack (`$.express_slot` selects nothing:
    /// `States.Runtime`).
    BrokenOrders {
        input { order_id: string, cents: integer, express: bool, express_slot?: string }
        "Express?": choice {
            when $.express == true => "Express",
            otherwise => "Standard",
        }
        "Express": pass { order: $.order_id, slot: $.express_slot } -> "Done";
        "Standard": pass { order: $.order_id } -> "Done";
        "Done": succeed;
    }
}

#[test]
fn a_path_that_selects_nothing_is_found_and_shrunk_to_the_minimal_input() {
    let failure = GeneratedInputs::<BrokenOrders>::new(Engine::new())
        .run()
        .expect_err("an express order without a slot fails");
    let example = failure.counterexample().expect("a counterexample");
    assert_eq!(
        example.input,
        json!({"order_id": "", "cents": 0, "express": true}),
        "{example}"
    );
    assert!(example.message.contains("States.Runtime"), "{example}");
    assert!(
        example.message.contains(r#"in the state "Express""#),
        "{example}"
    );
}

workflow! {
    /// A Choice without `otherwise` whose rules leave a gap: 5000 to 9999 cents match no
    /// rule (`States.NoChoiceMatched`), which only the bias towards 5000 and 10000 reaches.
    GappedOrders {
        input { order_id: string, cents: integer }
        "Size?": choice {
            when $.cents >= 10000 => "Review",
            when $.cents < 5000 => "Accept",
        }
        "Review": succeed;
        "Accept": succeed;
    }
}

#[test]
fn a_choice_gap_between_literals_is_found_through_the_bias() {
    let failure = GeneratedInputs::<GappedOrders>::new(Engine::new())
        .run()
        .expect_err("5000 to 9999 cents match no rule");
    let example = failure.counterexample().expect("a counterexample");
    let cents = example.input["cents"].as_i64().expect("cents");
    assert!((5000..10000).contains(&cents), "{example}");
    assert_eq!(example.input["order_id"], "", "{example}");
    assert!(
        example.message.contains("States.NoChoiceMatched"),
        "{example}"
    );
}

#[test]
fn a_user_property_that_fails_is_shrunk_and_named() {
    let failure = GeneratedInputs::<OrderService>::new(order_engine())
        .allow_error("Pack.Empty")
        .property("small orders only", |input, _| {
            if input.cents > 500 {
                Err(format!("{} cents", input.cents))
            } else {
                Ok(())
            }
        })
        .run()
        .expect_err("orders above 500 cents are generated");
    let example = failure.counterexample().expect("a counterexample");
    assert_eq!(example.property, "small orders only");
    assert_eq!(example.input["cents"], 501, "{example}");
    assert_eq!(example.message, "501 cents");
}

#[test]
fn a_handler_that_matches_no_task_is_refused_before_any_input() {
    let engine = order_engine().state("Chrage", |_| async { Ok::<_, TaskFailure>(json!({})) });
    let error = GeneratedInputs::<OrderService>::new(engine)
        .run()
        .expect_err("an unmatched handler");
    assert!(error.counterexample().is_none());
    assert!(
        error.to_string().contains("did you mean `Charge`?"),
        "{error}"
    );
}

/// A hand-written workflow whose output type says more than its definition guarantees: it
/// passes its input on, `n` of any type, and declares an output whose `n` is a whole number.
struct Echo;

#[derive(serde::Deserialize)]
#[allow(dead_code)] // read by serde only
struct EchoOutput {
    n: i64,
}

impl Workflow for Echo {
    type Input = Value;
    type Output = EchoOutput;
    const NAME: &'static str = "Echo";
    const ASL: &'static str = r#"{"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}"#;
    const INPUT_SCHEMA: InputType = InputType::Object(&[InputField::required("n", InputType::Any)]);
}

#[test]
fn an_output_that_does_not_decode_as_the_output_type_is_found() {
    let failure = GeneratedInputs::<Echo>::new(Engine::new())
        .run()
        .expect_err("`n` is generated of every type");
    let example = failure.counterexample().expect("a counterexample");
    // Shrunk as far as proptest's recursive strategy goes: an empty array.
    assert_eq!(example.input, json!({"n": []}), "{example}");
    assert!(
        example
            .message
            .contains("invalid type: sequence, expected i64"),
        "{example}"
    );
    assert_eq!(
        example.property, "the output decodes as EchoOutput",
        "{example}"
    );
}
