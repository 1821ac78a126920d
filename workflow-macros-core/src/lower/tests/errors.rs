//! Lowering keeps going after an error and never panics.

use super::{messages, run};

#[test]
fn every_error_at_once() {
    let src = r#"pub W {
        input { name: string }
        A: pass { x: input.nme, y: States.Frobnicate() } -> B;
        B: lambda::invoke retyr = 1 timeout = -1 -> C;
        C: wait(seconds = "soon") -> Dd;
        D: succeed;
    }"#;
    let all = messages(src);
    for expected in [
        "unknown input field `nme`; did you mean `name`?",
        "unknown intrinsic function `States.Frobnicate`; the intrinsic functions are `States.Format`, `States.StringToJson`, `States.JsonToString`, `States.Array`, `States.ArrayPartition`, `States.ArrayContains`, `States.ArrayRange`, `States.ArrayGetItem`, `States.ArrayLength`, `States.ArrayUnique`, `States.Base64Encode`, `States.Base64Decode`, `States.Hash`, `States.JsonMerge`, `States.MathRandom`, `States.MathAdd`, `States.StringSplit` and `States.UUID`",
        "unknown clause `retyr`; did you mean `retry`?",
        "`timeout` is `-1`, but it cannot be negative",
        "`seconds` takes a whole number or a path, not a string (a string may only be a `\"{% … %}\"` expression or a `\"${Name}\"` substitution)",
        "unknown state `Dd` in transition from `C`; did you mean `D`?",
    ] {
        assert!(
            all.iter().any(|m| m == expected),
            "missing `{expected}` in {all:#?}"
        );
    }
    assert_eq!(all.len(), 6, "{all:#?}");
}

#[test]
fn deep_nesting_lowers() {
    let mut src = String::from("pub W { ");
    for i in 0..40 {
        src.push_str(&format!("P{i}: parallel {{ branch {{ "));
    }
    src.push_str("Leaf: pass; ");
    for _ in 0..40 {
        src.push_str("} } ");
    }
    src.push('}');
    let outcome = run(&src);
    assert!(outcome.lowered.machine.is_some());
    // The validator reports the nesting beyond the service's limit, not a crash.
    assert!(
        outcome
            .errors
            .iter()
            .any(|e| e.to_string().contains("nest")),
        "{:?}",
        outcome
            .errors
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
    );
}
