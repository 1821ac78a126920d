use super::ast::{BinaryOp, Kind, Stage};
use super::*;

fn parse(src: &str) -> Jsonata {
    match Jsonata::parse(src) {
        Ok(e) => e,
        Err(e) => panic!("`{src}`: {e}"),
    }
}

fn code(src: &str) -> &'static str {
    match Jsonata::parse(src) {
        Ok(_) => panic!("`{src}` parsed"),
        Err(e) => e.code,
    }
}

#[test]
fn paths_are_flattened_into_steps_with_stages() {
    let e = parse("$states.input.items[price > 10].name");
    let Kind::Path { steps, .. } = &e.root().kind else {
        panic!("{:?}", e.root().kind)
    };
    assert_eq!(steps.len(), 4);
    assert!(matches!(&steps[0].kind, Kind::Variable(v) if v == "states"));
    assert!(matches!(&steps[2].kind, Kind::Name(n) if n == "items"));
    assert!(matches!(&steps[2].stages[0], Stage::Filter(_)));
}

#[test]
fn operators_bind_as_in_jsonata() {
    let e = parse("1 + 2 * 3");
    let Kind::Binary { op, rhs, .. } = &e.root().kind else {
        panic!()
    };
    assert_eq!(*op, BinaryOp::Add);
    assert!(matches!(
        rhs.kind,
        Kind::Binary {
            op: BinaryOp::Mul,
            ..
        }
    ));
    assert!(matches!(parse("-5").root().kind, Kind::Num(n) if n == -5.0));
    assert!(matches!(
        parse("a ? b : c").root().kind,
        Kind::Condition { .. }
    ));
    assert!(matches!(parse("$x := 1").root().kind, Kind::Bind { .. }));
    assert!(matches!(
        parse("$f(?, 2)").root().kind,
        Kind::Call { partial: true, .. }
    ));
    assert!(matches!(
        parse("function($a, $b) <nn:n> { $a + $b }").root().kind,
        Kind::Lambda { .. }
    ));
    assert!(matches!(
        parse("a ~> $sum()").root().kind,
        Kind::Apply { .. }
    ));
    assert!(matches!(
        parse("| a | {'b': 1} |").root().kind,
        Kind::Transform { .. }
    ));
    parse("Account.Order.Product{`Product Name`: Price}");
    parse("Account.Order^(>Price, <Quantity)");
    parse("library.books#$i[$i < 2].title");
    parse("library.loans@$l.books@$b[$l.isbn=$b.isbn].title");
    parse("a.b.%.c");
    parse("/* comment */ [1..5, 7]");
}

#[test]
fn syntax_errors_carry_jsonatas_codes() {
    assert_eq!(code("$sum("), "S0203");
    assert_eq!(code("(1; 2"), "S0203");
    assert_eq!(code("1 2"), "S0201");
    assert_eq!(code("a.1"), "S0213");
    assert_eq!(code("1 := 2"), "S0212");
    assert_eq!(code("function(a) { 1 }"), "S0208");
    assert_eq!(code("a @ b"), "S0214");
    assert_eq!(code("]"), "S0211");
    assert_eq!(code("1 +"), "S0207");
    assert_eq!(code("%"), "S0217");
    // `!` and `~` alone end a name but are no operator: read anywhere, S0204, as the
    // reference's parser reports them.
    assert_eq!(code("!"), "S0204");
    assert_eq!(code("[1!2]"), "S0204");
    assert_eq!(code("a ~ b"), "S0204");
    assert_eq!(code("$x!"), "S0204");
}

#[test]
fn deep_nesting_is_refused_without_exhausting_the_stack() {
    let run = |src: String| {
        std::thread::Builder::new()
            .stack_size(256 * 1024)
            .spawn(move || Jsonata::parse(&src).map(|_| ()).map_err(|e| e.code))
            .unwrap()
            .join()
            .unwrap()
    };
    assert_eq!(
        run("(".repeat(100_000) + &")".repeat(100_000)),
        Err("U1003")
    );
    assert_eq!(run(vec!["1"; 100_000].join("+")), Err("U1003"));
    assert_eq!(run("-".repeat(100_000) + "1"), Err("U1003"));
    assert_eq!(
        run("[".repeat(100_000) + &"]".repeat(100_000)),
        Err("U1003")
    );
    assert_eq!(run(vec!["1"; 500].join("+")), Ok(()));
}
