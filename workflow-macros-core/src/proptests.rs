//! Property tests of the whole pipeline: for any token stream, parsing, lowering, checking
//! and code generation return (they never panic), and every message starts in lowercase. Each
//! case runs the pipeline once, through the public entry point (`expand`), and reads the
//! messages from the `compile_error!`s of its output.
//!
//! Two families of inputs: (a) random token trees built from the language's own tokens
//! (keywords, names, literals, operators, balanced groups), mostly inside a `pub W { … }` header
//! so that they reach the statement parsers; (b) the full example workflow with a few random
//! deletions, insertions, replacements and swaps of token trees.

use crate::parse::parse_workflow;
use proc_macro2::{Delimiter, Group, Ident, Literal, Punct, Spacing, Span, TokenStream, TokenTree};
use proptest::prelude::*;
use proptest::sample::select;

const IDENTS: &[&str] = &[
    "pass",
    "task",
    "choice",
    "wait",
    "succeed",
    "fail",
    "parallel",
    "map",
    "branch",
    "when",
    "otherwise",
    "input",
    "substitutions",
    "States",
    "Format",
    "ALL",
    "MathAdd",
    "retry",
    "catch",
    "reader",
    "writer",
    "batch",
    "assign",
    "result_path",
    "result_selector",
    "timeout",
    "jsonpath",
    "null",
    "true",
    "false",
    "matches",
    "is_present",
    "is_nul",
    "number",
    "string",
    "bool",
    "timestamp",
    "integer",
    "any",
    "arn",
    "lambda",
    "invoke",
    "s3",
    "aws_sdk",
    "sync",
    "sync2",
    "wait_for_task_token",
    "seconds",
    "items",
    "distributed",
    "pub",
    "A",
    "B",
    "Done",
    "x",
    "type",
    "doc",
    "struct",
    "jsonata",
    "r#match",
];

const STRINGS: &[&str] = &[
    "a",
    "",
    "odd key",
    "{% $states.input.n > 3 %}",
    "arn:aws:states:::lambda:invoke",
    "it's",
    "${T}",
];

const PUNCTS: &[&str] = &[
    "$", ".", ":", "::", "->", "=>", ";", ",", "==", "!=", "<", "<=", ">", ">=", "&&", "||", "!",
    "-", "*", "?", "#", "=", "..", "$$", "@", "+",
];

/// A token tree, as generated (kept abstract so that proptest can print and shrink it).
#[derive(Clone, Debug)]
enum Tok {
    Ident(&'static str),
    Str(&'static str),
    Int(i64),
    Float,
    Suffixed,
    Char,
    Punct(&'static str),
    Group(u8, Vec<Tok>),
}

fn leaf() -> impl Strategy<Value = Tok> {
    prop_oneof![
        6 => select(IDENTS).prop_map(Tok::Ident),
        2 => select(STRINGS).prop_map(Tok::Str),
        2 => (-3i64..200).prop_map(Tok::Int),
        1 => Just(Tok::Float),
        1 => Just(Tok::Suffixed),
        1 => Just(Tok::Char),
        6 => select(PUNCTS).prop_map(Tok::Punct),
    ]
}

fn tree() -> impl Strategy<Value = Tok> {
    leaf().prop_recursive(4, 32, 6, |inner| {
        (0u8..4, prop::collection::vec(inner, 0..6))
            .prop_map(|(delim, items)| Tok::Group(delim, items))
    })
}

fn push(out: &mut Vec<TokenTree>, tok: &Tok) {
    let span = Span::call_site();
    match tok {
        Tok::Ident(word) => out.push(match word.strip_prefix("r#") {
            Some(raw) => TokenTree::Ident(Ident::new_raw(raw, span)),
            None => TokenTree::Ident(Ident::new(word, span)),
        }),
        Tok::Str(text) => out.push(TokenTree::Literal(Literal::string(text))),
        // Negative numbers come as one literal token when interpolated by another macro.
        Tok::Int(n) => out.push(TokenTree::Literal(Literal::i64_unsuffixed(*n))),
        Tok::Float => out.push(TokenTree::Literal(Literal::f64_unsuffixed(4.5))),
        Tok::Suffixed => out.push(TokenTree::Literal(Literal::u8_suffixed(1))),
        Tok::Char => out.push(TokenTree::Literal(Literal::character('c'))),
        Tok::Punct(text) => {
            let chars: Vec<char> = text.chars().collect();
            for (i, c) in chars.iter().enumerate() {
                let spacing = if i + 1 < chars.len() {
                    Spacing::Joint
                } else {
                    Spacing::Alone
                };
                out.push(TokenTree::Punct(Punct::new(*c, spacing)));
            }
        }
        Tok::Group(delim, items) => {
            let delimiter = match delim {
                0 => Delimiter::Brace,
                1 => Delimiter::Parenthesis,
                2 => Delimiter::Bracket,
                _ => Delimiter::None,
            };
            out.push(TokenTree::Group(Group::new(delimiter, stream(items))));
        }
    }
}

fn stream(toks: &[Tok]) -> TokenStream {
    let mut out = Vec::new();
    for tok in toks {
        push(&mut out, tok);
    }
    out.into_iter().collect()
}

/// Runs the whole pipeline and checks every message; panics only when the property fails.
/// The public entry point, end to end, on `tokens`: it returns, and every message it gives
/// (each a `compile_error!` of its output, whichever step found it) starts in lowercase.
fn check(tokens: TokenStream) {
    for message in compile_errors(crate::expand(tokens)) {
        assert!(!message.is_empty(), "an empty message");
        assert!(
            !message.starts_with(char::is_uppercase),
            "a message starts in uppercase: {message}"
        );
    }
}

/// The messages of the `compile_error!` invocations in `tokens`, at any depth. It takes the
/// stream by value and walks each group's stream once its group is dropped, so that no tree is
/// copied (iterating a stream that is shared copies its trees: 8% of a case's time).
fn compile_errors(tokens: TokenStream) -> Vec<String> {
    let mut messages = Vec::new();
    let mut pending = vec![tokens];
    while let Some(stream) = pending.pop() {
        let mut trees = stream.into_iter().peekable();
        while let Some(tree) = trees.next() {
            match tree {
                TokenTree::Ident(ident) if ident == "compile_error" => {
                    if !matches!(trees.peek(), Some(TokenTree::Punct(bang)) if bang.as_char() == '!')
                    {
                        continue;
                    }
                    trees.next();
                    if let Some(TokenTree::Group(args)) = trees.next() {
                        let message = syn::parse2::<syn::LitStr>(args.stream())
                            .unwrap_or_else(|e| panic!("a compile_error! without a message: {e}"));
                        messages.push(message.value());
                    }
                }
                TokenTree::Group(group) => pending.push(group.stream()),
                _ => {}
            }
        }
    }
    messages
}

/// The property reads real messages: a workflow that parses but whose check fails (a
/// transition to a state that does not exist) and one that does not parse both give some.
#[test]
fn the_messages_of_a_broken_workflow_are_found() {
    let unchecked = quote::quote! {
        pub W {
            First: pass -> Nowhere;
        }
    };
    assert!(parse_workflow(unchecked.clone()).is_ok());
    let messages = compile_errors(crate::expand(unchecked));
    assert!(
        messages.iter().any(|m| m.contains("Nowhere")),
        "no message about the missing state: {messages:?}"
    );
    let unparsed = quote::quote! { pub W { First: pass -> ; } };
    assert!(parse_workflow(unparsed.clone()).is_err());
    assert!(!compile_errors(crate::expand(unparsed)).is_empty());
}

/// The example workflow of the language, as token trees.
fn example() -> Vec<TokenTree> {
    quote::quote! {
        /// The machine.
        pub HelloWorld {
            input {
                IsHelloWorldExample: bool,
                order?: { id: string, total: number, items: [ { sku: string, qty: integer } ] },
                "odd-key": timestamp,
            }
            substitutions { ProcessFunctionArn: arn, TableName: string }
            timeout = 3600;
            query_language = jsonata;
            /// A state.
            "MyPassState": pass -> "Is this Hello World example?";
            Start: pass { greeting: "hello", who: $.name, list: [1, -2, 3.5], at: $["odd key"][0] } -> Next;
            "Is this Hello World example?": choice {
                when $.IsHelloWorldExample == true => "Wait for 3 seconds",
                when input.order.total > 100 && !is_present($.coupon) || ($.a < 1) => Big assign { big: true },
                when $.name matches "log-*.txt" => Logs,
                when number($.a) < $.b => Less,
                when "{% $states.input.n > 3 %}" => J,
                otherwise => "HelloWorldFailed",
            }
            "Wait for 3 seconds": wait(seconds = 3) -> "MyParallelState";
            "MyParallelState": parallel {
                branch { "Hello": pass; }
                branch { "World": pass; }
            } -> "Convert";
            "Convert": lambda::invoke {
                FunctionName: "MyLambda",
                Payload: { "input": "HelloWorld", id: input.order.id, at: $$.Execution.StartTime },
            }
            retry ["States.TaskFailed"] (interval = 15, max_attempts = 2, backoff = 4.0)
            catch [States.TaskFailed] (result_path = $.error) => "LambdaTaskFailed"
            result_selector { body: $.Payload }
            result_path = $.result
            assign { attempts: States.MathAdd($attempts, 1), f: jsonpath("$.a[?(@.x)]") }
            -> "HelloWorldSuccessful";
            Notify: sns::publish.wait_for_task_token { TopicArn: "${TopicArn}" } -> Done;
            Raw: task "arn:aws:states:::ecs:runTask.sync" { Cluster: "c" } -> Done;
            Big: map(distributed, execution = express) { Inner: pass; }
                reader s3::get_object { Bucket: "b" } (input_type = csv)
                batch(max_items = 100, input { note: "x" })
                writer s3::put_object { Bucket: "b" } (output_type = json)
                -> Done;
            "HelloWorldSuccessful": succeed;
            "HelloWorldFailed": fail(error = "NotHelloWorld", cause = States.Format("{}", $.c));
            Done: succeed;
        }
    }
    .into_iter()
    .collect()
}

/// An edit of a token tree at a position of its pre-order walk.
#[derive(Clone, Debug)]
enum Edit {
    Delete(usize),
    Insert(usize, Tok),
    Replace(usize, Tok),
    Swap(usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (any::<usize>()).prop_map(Edit::Delete),
        (any::<usize>(), leaf()).prop_map(|(at, tok)| Edit::Insert(at, tok)),
        (any::<usize>(), leaf()).prop_map(|(at, tok)| Edit::Replace(at, tok)),
        (any::<usize>()).prop_map(Edit::Swap),
    ]
}

/// How many trees `trees` holds, nested ones included.
fn count(trees: &[TokenTree]) -> usize {
    trees
        .iter()
        .map(|tree| match tree {
            TokenTree::Group(group) => 1 + count(&group.stream().into_iter().collect::<Vec<_>>()),
            _ => 1,
        })
        .sum()
}

/// Applies `edit` at the `at`-th tree of the pre-order walk; `at` counts down as trees pass.
fn apply(trees: &mut Vec<TokenTree>, at: &mut usize, edit: &Edit) -> bool {
    let mut i = 0;
    while i < trees.len() {
        if *at == 0 {
            match edit {
                Edit::Delete(_) => {
                    trees.remove(i);
                }
                Edit::Insert(_, tok) => {
                    let mut new = Vec::new();
                    push(&mut new, tok);
                    for (k, tree) in new.into_iter().enumerate() {
                        trees.insert(i + k, tree);
                    }
                }
                Edit::Replace(_, tok) => {
                    let mut new = Vec::new();
                    push(&mut new, tok);
                    trees.splice(i..=i, new);
                }
                Edit::Swap(_) => {
                    if i + 1 < trees.len() {
                        trees.swap(i, i + 1);
                    }
                }
            }
            return true;
        }
        *at -= 1;
        if let TokenTree::Group(group) = &trees[i] {
            let mut inner: Vec<TokenTree> = group.stream().into_iter().collect();
            if apply(&mut inner, at, edit) {
                let mut new = Group::new(group.delimiter(), inner.into_iter().collect());
                new.set_span(group.span());
                trees[i] = TokenTree::Group(new);
                return true;
            }
        }
        i += 1;
    }
    false
}

fn mutate(mut trees: Vec<TokenTree>, edits: &[Edit]) -> TokenStream {
    for edit in edits {
        let total = count(&trees).max(1);
        let position = match edit {
            Edit::Delete(at) | Edit::Insert(at, _) | Edit::Replace(at, _) | Edit::Swap(at) => *at,
        };
        let mut at = position % total;
        apply(&mut trees, &mut at, edit);
    }
    trees.into_iter().collect()
}

#[test]
fn the_unmutated_example_parses() {
    assert!(parse_workflow(example().into_iter().collect()).is_ok());
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 5000, failure_persistence: None, ..ProptestConfig::default() })]

    /// (a) Random token trees, bare or inside a header.
    #[test]
    fn random_token_trees_never_panic(header in 0u8..4, toks in prop::collection::vec(tree(), 0..16)) {
        let body = stream(&toks);
        let tokens = match header {
            0 => body,
            1 => quote::quote! { pub W #body },
            _ => quote::quote! { pub W { #body } },
        };
        check(tokens);
    }

    /// (b) The example with a few random edits.
    #[test]
    fn edited_examples_never_panic(edits in prop::collection::vec(edit(), 1..5)) {
        check(mutate(example(), &edits));
    }
}
