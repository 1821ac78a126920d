use super::*;
use serde_json::json;

fn run(expr: &str, input: Value) -> Result<Option<Value>, String> {
    let e = Jsonata::parse(expr).map_err(|e| e.to_string())?;
    let mut ctx = FixedContext::new(1_700_000_000_000, 7);
    evaluate(&e, Some(&input), &[], &mut ctx, Limits::default()).map_err(|e| e.to_string())
}

fn ok(expr: &str, input: Value) -> Value {
    match run(expr, input) {
        Ok(Some(v)) => v,
        other => panic!("`{expr}`: {other:?}"),
    }
}

#[test]
fn paths_predicates_and_sequences() {
    let data = json!({"Account": {"Order": [
        {"OrderID": "o1", "Product": [{"Name": "Hat", "Price": 34.45, "Quantity": 2}, {"Name": "Cap", "Price": 21.67, "Quantity": 1}]},
        {"OrderID": "o2", "Product": [{"Name": "Hat", "Price": 34.45, "Quantity": 4}]}
    ]}});
    assert_eq!(
        ok("Account.Order.OrderID", data.clone()),
        json!(["o1", "o2"])
    );
    assert_eq!(ok("Account.Order[0].OrderID", data.clone()), json!("o1"));
    assert_eq!(
        ok("Account.Order.Product[Price > 30].Name", data.clone()),
        json!(["Hat", "Hat"])
    );
    assert_eq!(
        ok(
            "$sum(Account.Order.Product.(Price * Quantity))",
            data.clone()
        ),
        json!(228.37)
    );
    assert_eq!(
        ok("Account.Order[0].Product[-1].Name", data.clone()),
        json!("Cap")
    );
    assert_eq!(
        ok("Account.Order.Product{Name: $sum(Quantity)}", data.clone()),
        json!({"Hat": 6, "Cap": 1})
    );
    assert_eq!(
        ok("Account.Order.Product^(>Price).Name", data.clone()),
        json!(["Hat", "Hat", "Cap"])
    );
    assert_eq!(
        ok("Account.Order#$i.Product[$i = 1].Quantity", data.clone()),
        json!(4)
    );
    assert_eq!(
        ok(
            "Account.Order.Product.Name[]",
            json!({"Account": {"Order": {"Product": {"Name": "x"}}}})
        ),
        json!(["x"])
    );
}

#[test]
fn functions_and_lambdas() {
    assert_eq!(
        ok("$map([1,2,3], function($v) { $v * 2 })", json!(null)),
        json!([2, 4, 6])
    );
    assert_eq!(
        ok(
            "$reduce([1,2,3,4], function($a, $b) { $a + $b })",
            json!(null)
        ),
        json!(10)
    );
    assert_eq!(
        ok(
            "($f := function($n) { $n <= 1 ? 1 : $n * $f($n - 1) }; $f(10))",
            json!(null)
        ),
        json!(3628800)
    );
    assert_eq!(ok("$string(0.1 + 0.2)", json!(null)), json!("0.3"));
    assert_eq!(
        ok("$formatNumber(1234.5678, '#,##0.00')", json!(null)),
        json!("1,234.57")
    );
    assert_eq!(
        ok("$formatInteger(1999, 'I')", json!(null)),
        json!("MCMXCIX")
    );
    assert_eq!(
        ok("$formatInteger(123, 'w')", json!(null)),
        json!("one hundred and twenty-three")
    );
    assert_eq!(
        ok(
            "$fromMillis(1510067557121, '[Y0001]-[M01]-[D01]')",
            json!(null)
        ),
        json!("2017-11-07")
    );
    assert_eq!(
        ok("$toMillis('2017-11-07T15:12:37.121Z')", json!(null)),
        json!(1510067557121_i64)
    );
    assert_eq!(
        ok("$replace('abcabc', /b(c)/, '[$1]')", json!(null)),
        json!("a[c]a[c]")
    );
    assert_eq!(
        ok("$split('a1b2c', /[0-9]/)", json!(null)),
        json!(["a", "b", "c"])
    );
    assert_eq!(
        ok("$partition([1,2,3,4,5], 2)", json!(null)),
        json!([[1, 2], [3, 4], [5]])
    );
    assert_eq!(ok("$range(0, 9, 3)", json!(null)), json!([0, 3, 6, 9]));
    assert_eq!(
        ok("$hash('abc', 'SHA-256')", json!(null)),
        json!("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    );
    assert_eq!(ok("$parse('-0')", json!(null)), json!(0));
    assert_eq!(
        ok("$ ~> | $ | {'b': 2}, ['a'] |", json!({"a": 1, "c": 3})),
        json!({"c": 3, "b": 2})
    );
}

#[test]
fn errors_carry_jsonatas_codes() {
    let code = |expr: &str| match run(expr, json!({})) {
        Err(e) => e.split(':').next().unwrap_or("").to_owned(),
        other => format!("{other:?}"),
    };
    assert_eq!(code("1 + 'a'"), "T2002");
    assert_eq!(code("$substring(1, 2)"), "T0411");
    assert_eq!(code("$substring('a', 'b')"), "T0410");
    assert_eq!(code("$number('x')"), "D3030");
    // A non-finite number is a value (AWS writes it as a string), but arithmetic on one is
    // the reference implementation's D1001 still: AWS has no recording of it.
    assert_eq!(code("1/0 + 1"), "D1001");
    assert_eq!(code("$eval('1')"), "T1006");
    assert_eq!(code("$nope()"), "T1006");
}

#[test]
fn runaway_expressions_fail_cleanly() {
    let run_small_stack = |expr: String| {
        std::thread::Builder::new()
            .stack_size(512 * 1024)
            .spawn(move || {
                run(&expr, json!(null))
                    .map(|_| ())
                    .map_err(|e| e[..5].to_owned())
            })
            .unwrap()
            .join()
            .unwrap()
    };
    assert_eq!(
        run_small_stack("($f := function($n) { $f($n + 1) + 1 }; $f(0))".into()),
        Err("U1001".into())
    );
    assert_eq!(
        run_small_stack(
            "($f := function($n) { $g($n) }; $g := function($n) { $f($n) + 1 }; $f(0))".into()
        ),
        Err("U1001".into())
    );
    // Values past AWS's memory limit are refused before they are allocated.
    assert_eq!(
        run_small_stack("$pad('x', 2000000000)".into()),
        Err("U1006".into())
    );
    assert_eq!(
        run_small_stack("[1..5000000].([1..5000000])".into()),
        Err("U1006".into())
    );
    assert_eq!(
        run_small_stack("$range(1, 9000000000000000000, 1)".into()),
        Err("U1006".into())
    );
    // A value built of parts each under the limit is refused once built.
    assert_eq!(
        run_small_stack("[1..500000].[$, $]".into()),
        Err("U1006".into())
    );
    assert_eq!(
        run_small_stack("$match('aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!', /(a+)+$/)".into()),
        Ok(())
    );
    // A tail-recursive loop runs on the trampoline until the step budget stops it.
    assert_eq!(
        run_small_stack("($f := function($n) { $f($n + 1) }; $f(0))".into()),
        Err("U1002".into())
    );
}

#[test]
fn non_finite_numbers_are_written_as_javascript_names_them() {
    assert_eq!(ok("1/0", json!(null)), json!("Infinity"));
    assert_eq!(ok("-1/0", json!(null)), json!("-Infinity"));
    assert_eq!(ok("0/0", json!(null)), json!("NaN"));
    assert_eq!(
        ok("{'k': [1e308 * 10, 1]}", json!(null)),
        json!({"k": ["Infinity", 1]})
    );
}

#[test]
fn limit_errors_are_reported_without_a_code() {
    let e = |expr: &str| {
        let parsed = Jsonata::parse(expr).unwrap_or_else(|e| panic!("{expr}: {e}"));
        let mut ctx = FixedContext::new(0, 1);
        match evaluate(&parsed, None, &[], &mut ctx, Limits::default()) {
            Err(e) => e,
            other => panic!("`{expr}`: {other:?}"),
        }
    };
    let deep = e(&format!("1{}", "+1".repeat(100)));
    assert_eq!(deep.code, "U1001");
    assert!(deep.is_evaluation_limit());
    let big = e("$sum([1..900000])");
    assert_eq!(
        (big.code, big.message().as_str()),
        (
            "U1006",
            "Expression evaluation memory limit exceeded: Check for excessive memory usage"
        )
    );
    assert!(big.is_evaluation_limit());
    let endless = e("($f := function($n) { $f($n + 1) }; $f(0))");
    assert_eq!(endless.code, "U1002");
    assert!(endless.is_evaluation_limit());
    assert!(!e("$eval('1')").is_evaluation_limit());
}
