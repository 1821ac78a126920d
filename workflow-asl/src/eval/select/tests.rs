use super::*;
use crate::eval::env::NoVariables;
use crate::path::parse_path;
use serde_json::json;

fn p(text: &str) -> Path {
    match parse_path(text) {
        Ok(path) => path,
        Err(e) => panic!("`{text}`: {e}"),
    }
}

/// Selects `path` from `input` and returns the value (an array for indefinite paths).
fn sel(input: &Value, path: &str) -> Value {
    let env = Env::with_input(input);
    match select(&p(path), &env) {
        Ok(s) => s.into_value(),
        Err(e) => panic!("`{path}`: {e}"),
    }
}

fn cause(input: &Value, path: &str) -> String {
    let env = Env::with_input(input);
    match select(&p(path), &env) {
        Ok(s) => panic!("`{path}` should fail, got {s:?}"),
        Err(e) => {
            assert_eq!(e.error, "States.Runtime", "{e}");
            e.cause
        }
    }
}

fn store() -> Value {
    json!({
        "store": {
            "book": [
                {"category": "reference", "author": "Nigel Rees", "title": "Sayings", "price": 8.95},
                {"category": "fiction", "author": "Evelyn Waugh", "title": "Sword", "price": 12.99},
                {"category": "fiction", "author": "Herman Melville", "title": "Moby Dick",
                 "isbn": "0-553-21311-3", "price": 8.99},
                {"category": "fiction", "author": "J. R. R. Tolkien", "title": "The Lord",
                 "isbn": "0-395-19395-8", "price": 22.99}
            ],
            "bicycle": {"color": "red", "price": 19.95}
        },
        "expensive": 10
    })
}

#[test]
fn definite_paths_select_one_value_borrowed() {
    let input = json!({"a": {"b": [10, 20, {"c": true}]}, "n": null});
    let env = Env::with_input(&input);
    let s = select(&p("$.a.b[2].c"), &env).unwrap();
    assert_eq!(s, Selected::One(&json!(true)));
    assert!(std::ptr::eq(s.as_one().unwrap(), &input["a"]["b"][2]["c"]));
    assert_eq!(s.len(), 1);
    assert!(!s.is_empty());
    assert_eq!(sel(&input, "$"), input);
    assert_eq!(sel(&input, "$['a']['b'][0]"), json!(10));
    assert_eq!(sel(&input, "$.n"), json!(null));
    assert!(matches!(
        select(&p("$"), &env).unwrap().into_cow(),
        Cow::Borrowed(_)
    ));
}

#[test]
fn negative_indexes_count_from_the_end() {
    let input = json!({"a": [1, 2, 3]});
    assert_eq!(sel(&input, "$.a[-1]"), json!(3));
    assert_eq!(sel(&input, "$.a[-3]"), json!(1));
    assert_eq!(
        cause(&input, "$.a[-4]"),
        "Invalid path '$.a[-4]' : No results for path: $['a'][-4]"
    );
    assert_eq!(
        cause(&input, "$.a[3]"),
        "Invalid path '$.a[3]' : No results for path: $['a'][3]"
    );
}

#[test]
fn definite_misses_use_jaywayss_messages() {
    let input = json!({"a": {"b": 1}, "s": "text", "arr": [1], "n": null});
    assert_eq!(
        cause(&input, "$.nope"),
        "Invalid path '$.nope' : No results for path: $['nope']"
    );
    assert_eq!(
        cause(&input, "$.no.such.result.path"),
        "Invalid path '$.no.such.result.path' : Missing property in path $['no']"
    );
    assert_eq!(
        cause(&input, "$.a.b.c"),
        "Invalid path '$.a.b.c' : Expected to find an object with property ['c'] in path \
         $['a']['b'] but found 'number'. This is not a json object."
    );
    assert!(cause(&input, "$.a[0]").contains("Filter: [0] can only be applied to arrays"));
    assert_eq!(
        cause(&input, "$.n[0]"),
        "Invalid path '$.n[0]' : The path $['n'] is null"
    );
    assert!(cause(&input, "$.arr[5].x").contains("No results for path: $['arr'][5]['x']"));
    // A member missing in the definite prefix of an indefinite path selects nothing (as AWS
    // records for `$.items[*]` on `{}`).
    let env = Env::new(&input, &Value::Null, &NoVariables);
    assert_eq!(
        select(&p("$.missing[*]"), &env).map(Selected::into_value),
        Ok(json!([]))
    );
    assert_eq!(
        select(&p("$.missing.deeper[1:5].x"), &env).map(Selected::into_value),
        Ok(json!([]))
    );
    assert!(cause(&input, "$.s[1:2]").contains("can only be applied to arrays"));
    assert!(cause(&input, "$.s[?(@.x)]").contains("can not be applied to primitives"));
    assert!(cause(&input, "$.s['x','y']").contains("Expected to find an object"));
    assert!(cause(&input, "$.s[0,1]").contains("can only be applied to arrays"));
}

#[test]
fn roots_context_and_variables() {
    let input = json!({"a": 1});
    let context = json!({"Execution": {"Id": "arn:x"}, "Map": {"Item": {"Index": 2}}});
    let mut vars = Map::new();
    vars.insert("customerName".into(), json!("Ana"));
    vars.insert("obj".into(), json!({"k": [5, 6]}));
    let env = Env::new(&input, &context, &vars);
    let get = |text: &str| select(&p(text), &env).map(Selected::into_value);
    assert_eq!(get("$$.Execution.Id"), Ok(json!("arn:x")));
    assert_eq!(get("$$.Map.Item.Index"), Ok(json!(2)));
    assert_eq!(get("$$"), Ok(context.clone()));
    assert_eq!(get("$customerName"), Ok(json!("Ana")));
    assert_eq!(get("$obj.k[1]"), Ok(json!(6)));
    assert_eq!(get("$obj.k[*]"), Ok(json!([5, 6])));
    let e = get("$nobody.x").unwrap_err();
    assert_eq!(e.error, "States.Runtime");
    assert!(e.cause.contains("variable 'nobody' was not found"), "{e}");
    assert_eq!(
        get("$$.Task.Token").unwrap_err().cause,
        "Invalid path '$$.Task.Token' : Missing property in path $['Task']"
    );
    let none = Env::new(&input, &context, &NoVariables);
    assert!(select(&p("$customerName"), &none).is_err());
}

#[test]
fn wildcards_and_unions() {
    let s = store();
    assert_eq!(
        sel(&s, "$.store.book[*].author"),
        json!([
            "Nigel Rees",
            "Evelyn Waugh",
            "Herman Melville",
            "J. R. R. Tolkien"
        ])
    );
    assert_eq!(
        sel(&s, "$.store.*"),
        json!([s["store"]["book"], s["store"]["bicycle"]])
    );
    assert_eq!(sel(&s, "$.store.bicycle.*"), json!(["red", 19.95]));
    assert_eq!(sel(&s, "$.expensive.*"), json!([]));
    assert_eq!(
        sel(&s, "$.store.book[*].isbn"),
        json!(["0-553-21311-3", "0-395-19395-8"])
    );
    assert_eq!(sel(&s, "$.store.book[0,-1].price"), json!([8.95, 22.99]));
    assert_eq!(sel(&s, "$.store.book[0,9].price"), json!([8.95]));
    // A multi-name union as the last step merges the members present (Jayway).
    assert_eq!(
        sel(&s, "$.store.bicycle['color','price','gears']"),
        json!([{"color": "red", "price": 19.95}])
    );
    assert_eq!(
        sel(&s, "$.store.book[0]['title','price']"),
        json!([{"title": "Sayings", "price": 8.95}])
    );
    // ... and iterates in the middle of a path.
    let nested = json!({"a": {"x": 1}, "b": {"x": 2}});
    assert_eq!(sel(&nested, "$['a','b'].x"), json!([1, 2]));
    assert_eq!(sel(&nested, "$['a'].x"), json!(1));
    // A one-member union is not merged.
    assert_eq!(sel(&json!({"a": [{"x": 1}]}), "$.a[*]['x']"), json!([1]));
}

#[test]
fn slices() {
    let input = json!({"a": [0, 1, 2, 3, 4, 5]});
    assert_eq!(sel(&input, "$.a[1:3]"), json!([1, 2]));
    assert_eq!(sel(&input, "$.a[:2]"), json!([0, 1]));
    assert_eq!(sel(&input, "$.a[-2:]"), json!([4, 5]));
    assert_eq!(sel(&input, "$.a[:-4]"), json!([0, 1]));
    assert_eq!(sel(&input, "$.a[::2]"), json!([0, 2, 4]));
    assert_eq!(sel(&input, "$.a[4:100]"), json!([4, 5]));
    assert_eq!(sel(&input, "$.a[10:]"), json!([]));
    assert_eq!(sel(&input, "$.a[3:1]"), json!([]));
    assert_eq!(sel(&input, "$.a[::-1]"), json!([5, 4, 3, 2, 1, 0]));
    assert_eq!(sel(&input, "$.a[4:1:-2]"), json!([4, 2]));
    assert_eq!(sel(&input, "$.a[:]"), input["a"]);
    assert_eq!(sel(&json!({"a": []}), "$.a[-1:]"), json!([]));
    // An index out of range in the definite prefix selects nothing.
    assert_eq!(sel(&input, "$.a[9][*]"), json!([]));
}

#[test]
fn descendants_in_document_order() {
    let s = store();
    assert_eq!(
        sel(&s, "$..author"),
        json!([
            "Nigel Rees",
            "Evelyn Waugh",
            "Herman Melville",
            "J. R. R. Tolkien"
        ])
    );
    assert_eq!(
        sel(&s, "$.store..price"),
        json!([8.95, 12.99, 8.99, 22.99, 19.95])
    );
    assert_eq!(sel(&s, "$..book[2].title"), json!(["Moby Dick"]));
    assert_eq!(sel(&s, "$..book[-1:].title"), json!(["The Lord"]));
    assert_eq!(sel(&s, "$..nothing"), json!([]));
    assert_eq!(
        sel(&json!({"a": {"b": 1}, "c": [2, {"d": 3}]}), "$..*"),
        json!([{"b": 1}, [2, {"d": 3}], 1, 2, {"d": 3}, 3])
    );
    // `..` looks at the starting node too.
    assert_eq!(sel(&json!({"x": {"x": 1}}), "$..x"), json!([{"x": 1}, 1]));
    // A descendant filter tests every object at every depth.
    assert_eq!(
        sel(&s, "$..[?(@.price < 10)].title"),
        json!(["Sayings", "Moby Dick"])
    );
}

#[test]
fn filters_on_arrays() {
    let s = store();
    assert_eq!(
        sel(&s, "$.store.book[?(@.price < 10)].title"),
        json!(["Sayings", "Moby Dick"])
    );
    assert_eq!(
        sel(&s, "$.store.book[?(@.isbn)].title"),
        json!(["Moby Dick", "The Lord"])
    );
    assert_eq!(
        sel(&s, "$.store.book[?(!@.isbn)].title"),
        json!(["Sayings", "Sword"])
    );
    assert_eq!(
        sel(&s, "$.store.book[?(@.category == 'reference')].author"),
        json!(["Nigel Rees"])
    );
    assert_eq!(
        sel(&s, "$.store.book[?(@.category != 'fiction')].title"),
        json!(["Sayings"])
    );
    assert_eq!(
        sel(&s, "$.store.book[?(@.price > $.expensive)].title"),
        json!(["Sword", "The Lord"])
    );
    assert_eq!(
        sel(
            &s,
            "$.store.book[?(@.price >= 8.99 && @.price <= 12.99)].title"
        ),
        json!(["Sword", "Moby Dick"])
    );
    assert_eq!(
        sel(
            &s,
            "$.store.book[?(@.price == 8.95 || @.price == 22.99)].title"
        ),
        json!(["Sayings", "The Lord"])
    );
    assert_eq!(
        sel(
            &s,
            "$.store.book[?(@.category in ['reference', 'poetry'])].title"
        ),
        json!(["Sayings"])
    );
    assert_eq!(
        sel(&s, "$.store.book[?(@.category nin ['reference'])].title"),
        json!(["Sword", "Moby Dick", "The Lord"])
    );
    assert_eq!(
        sel(&s, "$.store.book[?(@.author =~ /.*REES/i)].title"),
        json!(["Sayings"])
    );
    // Regular expressions match the whole string.
    assert_eq!(
        sel(&s, "$.store.book[?(@.author =~ /Rees/)].title"),
        json!([])
    );
    assert_eq!(
        sel(&s, "$.store.book[?(@.title =~ /^M.*\\/?k$/)].title"),
        json!(["Moby Dick"])
    );
    assert_eq!(sel(&json!([1, 5, 3]), "$[?(@ > 2)]"), json!([5, 3]));
    assert_eq!(
        sel(&json!([{"a": 1}, {"a": 2}]), "$[?(@.a == 1)]"),
        json!([{"a": 1}])
    );
}

#[test]
fn filter_types_and_missing_operands() {
    let items = json!([
        {"v": 1}, {"v": "1"}, {"v": true}, {"v": null}, {"v": [1]}, {"v": {"k": 1}}, {},
        {"v": 1.0}
    ]);
    let count = |filter: &str| {
        sel(&items, &format!("$[?({filter})]"))
            .as_array()
            .map_or(0, Vec::len)
    };
    assert_eq!(count("@.v == 1"), 2, "1 and 1.0, not the string");
    assert_eq!(count("@.v == '1'"), 1);
    assert_eq!(count("@.v == true"), 1);
    assert_eq!(count("@.v == null"), 1);
    assert_eq!(
        count("@.v != 1"),
        6,
        "mismatches and the missing one are unequal"
    );
    assert_eq!(count("@.v < 2"), 2, "only numbers order against numbers");
    assert_eq!(count("@.v > 'a'"), 0);
    assert_eq!(count("@.v"), 7, "present, even when null");
    assert_eq!(count("@.v in [1, true]"), 3);
    assert_eq!(count("@.v nin [1, true]"), 5);
    assert_eq!(count("@.v =~ /1/"), 1, "only strings match");
    assert_eq!(count("@.v.k == 1"), 1);
    assert_eq!(count("@.v[0] == 1"), 1);
    assert_eq!(count("@.nope == $.nope"), 0);
    assert_eq!(
        count("@.v =~ /(unclosed/"),
        0,
        "an invalid pattern matches nothing"
    );
    // Strings order by UTF-16 code units.
    let words = json!(["b", "a", "\u{1F600}", "\u{FF61}"]);
    assert_eq!(sel(&words, "$[?(@ < 'b')]"), json!(["a"]));
    assert_eq!(
        sel(&words, "$[?(@ < '\u{FF61}')]"),
        json!(["b", "a", "\u{1F600}"])
    );
}

#[test]
fn filters_on_objects_test_the_object_itself() {
    let input = json!({"order": {"paid": true, "id": 7}, "other": {"id": 8}});
    assert_eq!(
        sel(&input, "$.order[?(@.paid)]"),
        json!([{"paid": true, "id": 7}])
    );
    assert_eq!(sel(&input, "$.other[?(@.paid)]"), json!([]));
    assert_eq!(sel(&input, "$.*[?(@.id > 7)].id"), json!([8]));
    // Nested filters and context/variable operands.
    let data = json!({"groups": [{"members": [{"n": 1}, {"n": 2}]}, {"members": [{"n": 3}]}]});
    assert_eq!(
        sel(&data, "$.groups[?(@.members[?(@.n > 2)])].members[0].n"),
        json!([3])
    );
    let ctx = json!({"Map": {"Item": {"Index": 1}}});
    let list = json!([{"i": 0}, {"i": 1}]);
    let env = Env::new(&list, &ctx, &NoVariables);
    assert_eq!(
        select(&p("$[?(@.i == $$.Map.Item.Index)]"), &env)
            .unwrap()
            .into_value(),
        json!([{"i": 1}])
    );
}

#[test]
fn selected_helpers() {
    let input = json!({"a": [1, 2]});
    let env = Env::with_input(&input);
    let many = select(&p("$.a[*]"), &env).unwrap();
    assert_eq!(many.len(), 2);
    assert_eq!(many.as_one(), None);
    assert_eq!(many.clone().into_cow().into_owned(), json!([1, 2]));
    let empty = select(&p("$.a[?(@ > 5)]"), &env).unwrap();
    assert!(empty.is_empty());
    assert_eq!(empty.into_value(), json!([]));
}

// ---- ResultPath ---------------------------------------------------------------------------

fn set(input: Value, path: &str, result: Value) -> Result<Value, EvalError> {
    set_result(input, &p(path), result)
}

#[test]
fn result_path_sets_and_creates() {
    assert_eq!(set(json!({"a": 1}), "$", json!(2)), Ok(json!(2)));
    assert_eq!(
        set(json!({"a": 1}), "$.b", json!(2)),
        Ok(json!({"a": 1, "b": 2}))
    );
    assert_eq!(
        set(json!({"a": 1}), "$.a", json!({"x": true})),
        Ok(json!({"a": {"x": true}}))
    );
    assert_eq!(
        set(json!({"a": 1}), "$.x.y.z", json!("r")),
        Ok(json!({"a": 1, "x": {"y": {"z": "r"}}}))
    );
    assert_eq!(
        set(json!({"a": {"keep": 1}}), "$.a.new", json!(0)),
        Ok(json!({"a": {"keep": 1, "new": 0}}))
    );
    assert_eq!(
        set(json!({"l": [1, 2, 3]}), "$.l[1]", json!("two")),
        Ok(json!({"l": [1, "two", 3]}))
    );
    assert_eq!(
        set(json!({"l": [{"a": 1}]}), "$.l[-1].b", json!(2)),
        Ok(json!({"l": [{"a": 1, "b": 2}]}))
    );
    assert_eq!(set(json!([0, 0]), "$[0]", json!(1)), Ok(json!([1, 0])));
    // The key order of the input is kept; a new member goes last.
    let out = set(json!({"z": 1, "a": 2}), "$.m", json!(3)).unwrap();
    assert_eq!(
        out.as_object().unwrap().keys().collect::<Vec<_>>(),
        ["z", "a", "m"]
    );
}

#[test]
fn result_path_match_failures() {
    let e = set(json!("foo"), "$.x", json!(1)).unwrap_err();
    assert_eq!(e.error, "States.ResultPathMatchFailure");
    assert_eq!(
        e.cause,
        "Unable to apply ReferencePath $.x to input \"foo\""
    );
    for (input, path) in [
        (json!({"a": 5}), "$.a.b"),
        (json!({"a": null}), "$.a.b"),
        (json!({"a": [1]}), "$.a.b"),
        (json!({"a": [1]}), "$.a[1]"),
        (json!({"a": {}}), "$.a[0]"),
        (json!(null), "$.x"),
        (json!([1]), "$.x"),
        (json!({"a": [1]}), "$.a[5].b"),
    ] {
        let e = set(input.clone(), path, json!(1)).unwrap_err();
        assert_eq!(e.error, "States.ResultPathMatchFailure", "{input} {path}");
        assert!(
            e.cause
                .starts_with(&format!("Unable to apply ReferencePath {path} to input "))
        );
    }
    for path in ["$$.x", "$v.x", "$.a[*]", "$..a"] {
        let e = set(json!({}), path, json!(1)).unwrap_err();
        assert_eq!(e.error, "States.Runtime", "{path}");
    }
}
