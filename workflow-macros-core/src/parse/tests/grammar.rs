//! Every construct parses to the expected syntax tree.

use super::{cond, dump, parse, state, states, value};
use quote::quote;

#[test]
fn the_example() {
    let def = parse(quote! {
        /// Doc comments → the machine's Comment.
        pub HelloWorld {
            input {
                IsHelloWorldExample: bool,
                order?: { id: string, total: number, items: [ { sku: string, qty: integer } ] },
                "odd-key": timestamp,
                anything: any,
            }
            substitutions { ProcessFunctionArn: arn, TableName: string, Retries: integer }
            timeout = 3600;
            query_language = jsonata;

            /// Doc comments on a state → its Comment.
            "MyPassState": pass -> "Is this Hello World example?";
            Start: pass { greeting: "hello", who: $.name } -> Next;
            "Is this Hello World example?": choice {
                when $.IsHelloWorldExample == true => "Wait for 3 seconds",
                when input.order.total > 100 && !is_present($.coupon) => Big assign { big: true },
                when $.name matches "log-*.txt" => Logs,
                when number($.a) < $.b => Less,
                when $.t >= timestamp("2026-01-01T00:00:00Z") => Late,
                when "{% $states.input.n > 3 %}" => J,
                otherwise => "HelloWorldFailed",
            }
            "Wait for 3 seconds": wait(seconds = 3) -> "MyParallelState";
            "MyParallelState": parallel {
                branch { "Hello": pass; }
                branch { "World": pass; }
            } -> "Convert HelloWorld to Base64";
            "Convert HelloWorld to Base64": lambda::invoke {
                FunctionName: "MyLambda",
                Payload: { "input": "HelloWorld", id: input.order.id, at: $$.Execution.StartTime },
            }
            retry ["States.TaskFailed"] (interval = 15, max_attempts = 2, backoff = 4.0)
            retry [States.ALL] (interval = 1, max_delay = 30, jitter = full)
            catch [States.TaskFailed] (result_path = $.error) => "LambdaTaskFailed"
            result_selector { body: $.Payload }
            result_path = $.result
            output_path = $.result.body
            input_path = null
            timeout = 60
            heartbeat = $.hb
            assign { attempts: States.MathAdd($attempts, 1), last: $.Payload }
            -> "HelloWorldSuccessful";
            Notify: sns::publish.wait_for_task_token { TopicArn: "${TopicArn}", Message: { token: $$.Task.Token } } -> Done;
            Sdk: aws_sdk::s3::list_objects_v2 { Bucket: "b" } -> Done;
            Raw: task "arn:aws:states:::ecs:runTask.sync" { Cluster: "c" } -> Done;
            Each: map(items = $.orders, max_concurrency = 2) {
                "Check": pass;
            } item_selector { value: $$.Map.Item.Value } -> Done;
            Big: map(distributed, execution = express, label = "Orders") { Inner: pass; }
                reader s3::get_object { Bucket: "b", Key: "k.csv" } (input_type = csv, header_location = first_row)
                batch(max_items = 100, input { note: "x" })
                writer s3::put_object { Bucket: "b", Prefix: "out" } (output_type = json)
                -> Done;
            "HelloWorldSuccessful": succeed;
            "LambdaTaskFailed": fail;
            "HelloWorldFailed": fail(error = "NotHelloWorld", cause = "IsHelloWorldExample was false");
            Dyn: fail(error = $.error.Error, cause = States.Format("failed: {}", $.error.Cause));
            Done: succeed;
        }
    });
    assert_eq!(def.docs.len(), 1);
    assert_eq!(
        def.docs[0].value(),
        " Doc comments → the machine's Comment."
    );
    assert!(matches!(def.vis, syn::Visibility::Public(_)));
    assert_eq!(def.name, "HelloWorld");
    let input = def.input.as_ref().expect("the input schema");
    assert_eq!(
        dump::fields_text(&input.fields),
        "IsHelloWorldExample: boolean, order?: {id: string, total: number, items: [{sku: string, qty: integer}]}, \
         odd-key: timestamp, anything: any"
    );
    let subs: Vec<String> = def
        .substitutions
        .iter()
        .map(|s| format!("{}: {:?}", s.name, s.ty))
        .collect();
    assert_eq!(
        subs,
        [
            "ProcessFunctionArn: Arn",
            "TableName: String",
            "Retries: Integer"
        ]
    );
    let settings: Vec<String> = def
        .settings
        .iter()
        .map(|s| format!("{} = {}", s.key, dump::value(&s.value)))
        .collect();
    assert_eq!(settings, ["timeout = 3600", "query_language = @jsonata"]);
    assert_eq!(def.states[0].docs.len(), 1);
    assert_eq!(
        def.states[0].docs[0].value(),
        " Doc comments on a state → its Comment."
    );
    let expected = [
        "MyPassState: pass -> Is this Hello World example?;",
        "Start: pass {greeting: \"hello\", who: $.name} -> Next;",
        "Is this Hello World example?: choice { \
         when (== $.IsHelloWorldExample true) => Wait for 3 seconds, \
         when (and (> input.order.total 100) (not (is_present $.coupon))) => Big [assign {big: true}], \
         when (matches $.name \"log-*.txt\") => Logs, \
         when (< number($.a) $.b) => Less, \
         when (>= $.t timestamp(\"2026-01-01T00:00:00Z\")) => Late, \
         when (jsonata \"{% $states.input.n > 3 %}\") => J, \
         otherwise => HelloWorldFailed };",
        "Wait for 3 seconds: wait(seconds = 3) -> MyParallelState;",
        "MyParallelState: parallel { branch { Hello: pass; } branch { World: pass; } } -> Convert HelloWorld to Base64;",
        "Convert HelloWorld to Base64: lambda::invoke {FunctionName: \"MyLambda\", \
         Payload: {input: \"HelloWorld\", id: input.order.id, at: $$.Execution.StartTime}} \
         [retry [States.TaskFailed] (interval = 15, max_attempts = 2, backoff = 4.0)] \
         [retry [States.ALL] (interval = 1, max_delay = 30, jitter = @full)] \
         [catch [States.TaskFailed] (result_path = $.error) => LambdaTaskFailed] \
         [result_selector {body: $.Payload}] [result_path = $.result] [output_path = $.result.body] \
         [input_path = null] [timeout = 60] [heartbeat = $.hb] \
         [assign {attempts: States.MathAdd($attempts, 1), last: $.Payload}] -> HelloWorldSuccessful;",
        "Notify: sns::publish.wait_for_task_token {TopicArn: \"${TopicArn}\", Message: {token: $$.Task.Token}} -> Done;",
        "Sdk: aws_sdk::s3::list_objects_v2 {Bucket: \"b\"} -> Done;",
        "Raw: task \"arn:aws:states:::ecs:runTask.sync\" {Cluster: \"c\"} -> Done;",
        "Each: map(items = $.orders, max_concurrency = 2) { Check: pass; } [item_selector {value: $$.Map.Item.Value}] -> Done;",
        "Big: map(distributed, execution = @express, label = \"Orders\") { Inner: pass; } \
         [reader s3::get_object {Bucket: \"b\", Key: \"k.csv\"} (input_type = @csv, header_location = @first_row)] \
         [batch (max_items = 100, input = {note: \"x\"})] \
         [writer s3::put_object {Bucket: \"b\", Prefix: \"out\"} (output_type = @json)] -> Done;",
        "HelloWorldSuccessful: succeed;",
        "LambdaTaskFailed: fail;",
        "HelloWorldFailed: fail(error = \"NotHelloWorld\", cause = \"IsHelloWorldExample was false\");",
        "Dyn: fail(error = $.error.Error, cause = States.Format(\"failed: {}\", $.error.Cause));",
        "Done: succeed;",
    ];
    let got: Vec<String> = def.states.iter().map(dump::state).collect();
    assert_eq!(got, expected);
}

#[test]
fn paths_are_rebuilt_from_their_tokens() {
    assert_eq!(value(quote!($)), "$");
    assert_eq!(value(quote!($.a.b)), "$.a.b");
    assert_eq!(value(quote!($.a[0])), "$.a[0]");
    assert_eq!(value(quote!($["odd key"])), "$['odd key']");
    assert_eq!(value(quote!($.a["it's"])), "$.a['it\\'s']");
    assert_eq!(value(quote!($.a[*])), "$.a[*]");
    assert_eq!(value(quote!($.a.*)), "$.a.*");
    assert_eq!(value(quote!($.a[-1])), "$.a[-1]");
    assert_eq!(value(quote!($.a[1:3])), "$.a[1:3]");
    assert_eq!(value(quote!($.a[0, 2])), "$.a[0,2]");
    assert_eq!(value(quote!($..name)), "$..name");
    assert_eq!(value(quote!($.a..b[0])), "$.a..b[0]");
    assert_eq!(value(quote!($$.Execution.Input.x)), "$$.Execution.Input.x");
    assert_eq!(value(quote!($$.Map.Item.Value)), "$$.Map.Item.Value");
    assert_eq!(value(quote!($$.Task.Token)), "$$.Task.Token");
    assert_eq!(value(quote!($name)), "$name");
    assert_eq!(value(quote!($name.a[1])), "$name.a[1]");
    assert_eq!(value(quote!($.type.r#match)), "$.type.match");
    assert_eq!(
        value(quote!(jsonpath("$.a[?(@.x > 1)]"))),
        "$.a[?(@.x > 1)]"
    );
}

#[test]
fn literals_objects_and_arrays() {
    assert_eq!(value(quote!("text")), "\"text\"");
    assert_eq!(value(quote!(42)), "42");
    assert_eq!(value(quote!(4.5)), "4.5");
    assert_eq!(value(quote!(1e3)), "1e3");
    assert_eq!(value(quote!(-1)), "-1");
    assert_eq!(value(quote!(-2.5)), "-2.5");
    assert_eq!(value(quote!(true)), "true");
    assert_eq!(value(quote!(false)), "false");
    assert_eq!(value(quote!(null)), "null");
    assert_eq!(value(quote!({})), "{}");
    assert_eq!(value(quote!([])), "[]");
    assert_eq!(
        value(quote!({ a: 1, "b c": [1, -2, { d: null },], type: $.t, })),
        "{a: 1, b c: [1, -2, {d: null}], type: $.t}"
    );
    assert_eq!(value(quote!(full)), "@full");
}

#[test]
fn input_references_intrinsics_and_idents() {
    assert_eq!(value(quote!(input)), "input");
    assert_eq!(
        value(quote!(input.order.items[0].sku)),
        "input.order.items[0].sku"
    );
    assert_eq!(value(quote!(input["odd-key"])), "input.odd-key");
    assert_eq!(
        value(quote!(States.Format("{} {}", $.a, input.b))),
        "States.Format(\"{} {}\", $.a, input.b)"
    );
    assert_eq!(
        value(quote!(States.Array(States.ArrayLength($.a), 1, "x"))),
        "States.Array(States.ArrayLength($.a), 1, \"x\")"
    );
    assert_eq!(value(quote!(States.UUID())), "States.UUID()");
    for word in ["jsonata", "full", "csv", "standard", "first_row", "States"] {
        let ident = syn::Ident::new(word, proc_macro2::Span::call_site());
        assert_eq!(value(quote!(#ident)), format!("@{word}"));
    }
}

#[test]
fn condition_precedence() {
    assert_eq!(
        cond(quote!($.a == 1 || $.b == 2 && $.c == 3)),
        "(or (== $.a 1) (and (== $.b 2) (== $.c 3)))"
    );
    assert_eq!(
        cond(quote!($.a == 1 && $.b == 2 || $.c == 3)),
        "(or (and (== $.a 1) (== $.b 2)) (== $.c 3))"
    );
    assert_eq!(
        cond(quote!($.a == 1 || $.b == 2 || $.c == 3)),
        "(or (== $.a 1) (== $.b 2) (== $.c 3))"
    );
    assert_eq!(
        cond(quote!($.a == 1 && $.b == 2 && $.c == 3)),
        "(and (== $.a 1) (== $.b 2) (== $.c 3))"
    );
    assert_eq!(cond(quote!(!$.a == 1)), "(not (== $.a 1))");
    assert_eq!(
        cond(quote!(!$.a == 1 && $.b == 2)),
        "(and (not (== $.a 1)) (== $.b 2))"
    );
    assert_eq!(cond(quote!(!!is_null($.a))), "(not (not (is_null $.a)))");
    assert_eq!(
        cond(quote!(($.a == 1 || $.b == 2) && $.c == 3)),
        "(and (or (== $.a 1) (== $.b 2)) (== $.c 3))"
    );
    assert_eq!(
        cond(quote!(!($.a == 1 || $.b == 2))),
        "(not (or (== $.a 1) (== $.b 2)))"
    );
    assert_eq!(cond(quote!((($.a == 1)))), "(== $.a 1)");
}

#[test]
fn comparisons_casts_and_tests() {
    assert_eq!(cond(quote!($.a == "x")), "(== $.a \"x\")");
    assert_eq!(cond(quote!($.a != null)), "(!= $.a null)");
    assert_eq!(cond(quote!($.a < 1)), "(< $.a 1)");
    assert_eq!(cond(quote!($.a <= -1)), "(<= $.a -1)");
    assert_eq!(cond(quote!($.a > 1.5)), "(> $.a 1.5)");
    assert_eq!(cond(quote!($.a >= $.b)), "(>= $.a $.b)");
    assert_eq!(cond(quote!(input.n > $count)), "(> input.n $count)");
    assert_eq!(cond(quote!(number($.a) < $.b)), "(< number($.a) $.b)");
    assert_eq!(
        cond(quote!(string($.a) == string($.b))),
        "(== string($.a) string($.b))"
    );
    assert_eq!(cond(quote!(bool($.a) == true)), "(== boolean($.a) true)");
    assert_eq!(
        cond(quote!(boolean($.a) == false)),
        "(== boolean($.a) false)"
    );
    assert_eq!(
        cond(quote!($.t >= timestamp("2026-01-01T00:00:00Z"))),
        "(>= $.t timestamp(\"2026-01-01T00:00:00Z\"))"
    );
    assert_eq!(
        cond(quote!($.name matches "log-*.txt")),
        "(matches $.name \"log-*.txt\")"
    );
    assert_eq!(
        cond(quote!(string($.name) matches "a*")),
        "(matches string($.name) \"a*\")"
    );
    for test in [
        "is_present",
        "is_null",
        "is_string",
        "is_number",
        "is_boolean",
        "is_timestamp",
    ] {
        let ident = syn::Ident::new(test, proc_macro2::Span::call_site());
        assert_eq!(cond(quote!(#ident($.x))), format!("({test} $.x)"));
    }
    assert_eq!(
        cond(quote!("{% $states.input.n > 3 %}")),
        "(jsonata \"{% $states.input.n > 3 %}\")"
    );
    assert_eq!(cond(quote!(true)), "(jsonata true)");
    assert_eq!(cond(quote!(false)), "(jsonata false)");
    assert_eq!(cond(quote!("a" == $.x)), "(== \"a\" $.x)");
}

#[test]
fn state_kinds() {
    assert_eq!(state(quote!(A: pass;)), "A: pass;");
    assert_eq!(
        state(quote!(A: pass { a: 1 } -> B;)),
        "A: pass {a: 1} -> B;"
    );
    assert_eq!(
        state(quote!(A: task "arn:aws:lambda:us-east-1:1:function:f";)),
        "A: task \"arn:aws:lambda:us-east-1:1:function:f\";"
    );
    assert_eq!(state(quote!(A: lambda::invoke;)), "A: lambda::invoke;");
    assert_eq!(
        state(quote!(A: glue::start_job_run.sync { JobName: "j" };)),
        "A: glue::start_job_run.sync {JobName: \"j\"};"
    );
    assert_eq!(
        state(quote!(A: states::start_execution.sync2 { StateMachineArn: "x" };)),
        "A: states::start_execution.sync2 {StateMachineArn: \"x\"};"
    );
    assert_eq!(
        state(quote!(A: aws_sdk::s3::get_object;)),
        "A: aws_sdk::s3::get_object;"
    );
    assert_eq!(
        state(quote!(A: wait(seconds = $.delay) -> B;)),
        "A: wait(seconds = $.delay) -> B;"
    );
    assert_eq!(
        state(quote!(A: wait(timestamp = "2026-01-01T00:00:00Z") -> B;)),
        "A: wait(timestamp = \"2026-01-01T00:00:00Z\") -> B;"
    );
    assert_eq!(
        state(quote!(A: wait(timestamp = $.when,) -> B;)),
        "A: wait(timestamp = $.when) -> B;"
    );
    assert_eq!(state(quote!(A: succeed;)), "A: succeed;");
    assert_eq!(
        state(quote!(A: fail(error = "E");)),
        "A: fail(error = \"E\");"
    );
    assert_eq!(
        state(quote!(A: choice { otherwise => B };)),
        "A: choice { otherwise => B };"
    );
    assert_eq!(state(quote!(A: choice {};)), "A: choice {  };");
    assert_eq!(
        state(quote!(A: choice { when $.a == 1 => B output = { x: 1 } comment = "one" };)),
        "A: choice { when (== $.a 1) => B [output = {x: 1}] [comment = \"one\"] };"
    );
    assert_eq!(
        state(quote!(A: parallel { branch { B: map { C: pass; } -> D; D: succeed; } };)),
        "A: parallel { branch { B: map { C: pass; } -> D; D: succeed; } };"
    );
    assert_eq!(
        state(quote!(A: map(items_path = $.list) { B: pass; };)),
        "A: map(items_path = $.list) { B: pass; };"
    );
    assert_eq!(state(quote!(A: parallel {};)), "A: parallel {  };");
}

#[test]
fn clauses_keep_their_order_and_repeats() {
    assert_eq!(
        state(quote! {
            A: lambda::invoke
                timeout = 5
                retry [States.Timeout, "Custom.Error", Lambda.ServiceException]
                catch [States.ALL] (result_path = $.e) assign { failed: true } => H
                retry [States.ALL]
                comment = "c"
                credentials { RoleArn: "r" }
                timeout = 6
                -> B;
        }),
        "A: lambda::invoke [timeout = 5] [retry [States.Timeout, Custom.Error, Lambda.ServiceException] ()] \
         [catch [States.ALL] (result_path = $.e) {failed: true} => H] [retry [States.ALL] ()] [comment = \"c\"] \
         [credentials {RoleArn: \"r\"}] [timeout = 6] -> B;"
    );
    assert_eq!(
        state(
            quote!(M: map(distributed) { I: pass; } reader "arn:aws:states:::s3:listObjectsV2" { Bucket: "b" } writer { WriterConfig: { OutputType: "JSON" } } -> B;)
        ),
        "M: map(distributed) { I: pass; } [reader \"arn:aws:states:::s3:listObjectsV2\" {Bucket: \"b\"} ()] \
         [writer  {WriterConfig: {OutputType: \"JSON\"}} ()] -> B;"
    );
    assert_eq!(
        state(quote!(A: pass catch [] => B;)),
        "A: pass [catch [] () => B];"
    );
}

#[test]
fn names_and_keywords() {
    assert_eq!(
        state(quote!(r#loop: pass -> "quoted name";)),
        "loop: pass -> quoted name;"
    );
    assert_eq!(state(quote!(pass: pass -> wait;)), "pass: pass -> wait;");
    let states = states(quote! { input: pass -> timeout; timeout: pass; });
    assert_eq!(
        dump::states(&states),
        "input: pass -> timeout; timeout: pass;"
    );
}

#[test]
fn a_semicolon_is_optional_after_a_closing_brace() {
    let states = states(quote! {
        C: choice { otherwise => P }
        P: pass { a: 1 }
        /// Docs.
        M: map { I: pass; }
        Q: pass assign { b: 2 }
        "R": parallel { branch { S: succeed; } }
    });
    assert_eq!(
        dump::states(&states),
        "C: choice { otherwise => P }; P: pass {a: 1}; M: map { I: pass; }; Q: pass [assign {b: 2}]; \
         R: parallel { branch { S: succeed; } };"
    );
}

/// Issue 45: the grammar says the `;` is optional after a block, and clauses after the block
/// (`choice { … } query_language = jsonata`) do not make it required.
#[test]
fn a_semicolon_is_optional_after_a_block_followed_by_clauses() {
    let states = states(quote! {
        C: choice { when "{% $x %}" => P, otherwise => Q } query_language = jsonata
        P: pass { a: 1 } result_path = $.r
        Q: succeed;
    });
    assert_eq!(
        dump::states(&states),
        "C: choice { when (jsonata \"{% $x %}\") => P, otherwise => Q } [query_language = @jsonata]; \
         P: pass {a: 1} [result_path = $.r]; Q: succeed;"
    );
}

#[test]
fn headers_and_settings() {
    let def = parse(quote! { pub(crate) W { version = "1.0"; comment = "c"; } });
    assert!(matches!(def.vis, syn::Visibility::Restricted(_)));
    assert_eq!(def.settings.len(), 2);
    assert!(def.states.is_empty());
    let def = parse(quote! {
        /// One.
        /// Two.
        W {}
    });
    assert!(matches!(def.vis, syn::Visibility::Inherited));
    assert_eq!(
        def.docs.iter().map(|d| d.value()).collect::<Vec<_>>(),
        [" One.", " Two."]
    );
    assert!(def.input.is_none());
    let def = parse(quote! { W { input {} substitutions {} } });
    assert!(def.input.as_ref().is_some_and(|i| i.fields.is_empty()));
}

#[test]
fn input_schemas() {
    let def = parse(quote! {
        W {
            input {
                /// A documented field.
                a: string, b?: number, c: [[integer]], d: {}, e: { f?: bool, "g h": boolean }, r#type: arn
            }
        }
    });
    assert_eq!(
        dump::fields_text(&def.input.expect("input").fields),
        "a: string, b?: number, c: [[integer]], d: {}, e: {f?: boolean, g h: boolean}, type: arn"
    );
}

/// Issue 64: the grammar takes a state's clauses in any order (`clause*`), so every clause
/// parses after every other, whatever value ends the one before: a bare `$` (`result_path =
/// $`), `$$`, a path, a variable (`$hb`), `input`, `null`, a number, a string, an object. Each
/// pair parses as the two clauses each is alone.
#[test]
fn every_clause_parses_after_every_other() {
    let clauses = [
        "retry [States.ALL]",
        "retry [\"Custom.Error\"] (max_attempts = 2, interval = 1)",
        "catch [States.ALL] => H",
        "catch [\"Custom.Error\"] (result_path = $) => H",
        "catch [States.TaskFailed] assign { failed: true } => H",
        "reader s3::get_object { Bucket: \"b\", Key: \"k.csv\" } (input_type = csv)",
        "reader s3::list_objects_v2 { Bucket: \"b\" }",
        "writer s3::put_object { Bucket: \"b\", Prefix: \"p\" } (output_type = json)",
        "writer (transformation = compact)",
        "batch (max_items = 10)",
        "returns { ok: bool }",
        "returns string",
        "returns [string]",
        "item { id: string }",
        "item [integer]",
        "result_path = $",
        "result_path = $.a",
        "output_path = $.a[0]",
        "input_path = $$",
        "input_path = null",
        "heartbeat = $hb",
        "heartbeat = input.hb",
        "items_path = input",
        "timeout = 60",
        "comment = \"c\"",
        "query_language = jsonata",
        "output = { a: $v }",
        "result_selector { a: $.b }",
        "assign { a: 1 }",
        "item_selector { v: $$.Map.Item.Value }",
        "credentials { RoleArn: \"r\" }",
    ];
    let dump_of = |clauses: &str| {
        let tokens: proc_macro2::TokenStream =
            format!("S: pass {clauses} -> T;").parse().expect("tokens");
        state(tokens)
    };
    let alone: Vec<String> = clauses
        .iter()
        .map(|c| {
            let whole = dump_of(c);
            whole
                .strip_prefix("S: pass ")
                .and_then(|w| w.strip_suffix(" -> T;"))
                .unwrap_or_else(|| panic!("`{c}` is one clause: {whole}"))
                .to_owned()
        })
        .collect();
    for (a, dump_a) in clauses.iter().zip(&alone) {
        for (b, dump_b) in clauses.iter().zip(&alone) {
            assert_eq!(
                dump_of(&format!("{a} {b}")),
                format!("S: pass {dump_a} {dump_b} -> T;"),
                "`{a}` then `{b}`"
            );
        }
    }
}

/// A variable's name is written with its `$`: `$retry[0]` is the variable `retry` indexed,
/// `$ retry [0]` the whole input and then a `retry` clause.
#[test]
fn a_variable_named_like_a_clause_is_written_with_its_dollar() {
    let parsed = |text: &str| value(text.parse().expect("tokens"));
    assert_eq!(parsed("$retry[0]"), "$retry[0]");
    assert_eq!(parsed("$item.id"), "$item.id");
    assert_eq!(parsed("$catch[\"k\"]"), "$catch['k']");
    // Made without places (another macro's `quote!`), the tokens are taken as written together.
    assert_eq!(value(quote! { $retry[0] }), "$retry[0]");
}
