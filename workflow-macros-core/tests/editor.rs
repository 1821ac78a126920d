//! What rust-analyzer relies on in the editor's items (`workflow_macros_core::editor`, which
//! `workflow!` calls under `#[cfg(rust_analyzer)]` with its own tokens): the user's words under
//! their own spans in the references, the items of states and input fields written at their
//! declarations, and, for a body being written, expansions (`workflow!`'s and the editor's) that
//! read as those rust-analyzer makes for completion (with an identifier inserted at the cursor)
//! up to that identifier, with every public item of the workflow still there.
//! (`tools/editor/probe.py` asks rust-analyzer itself; this is the cheap check of the tokens.)

use proc_macro2::{Delimiter, TokenStream, TokenTree};
use std::str::FromStr;

/// The identifier rust-analyzer inserts at the cursor to complete (its `COMPLETION_MARKER`).
const MARKER: &str = "intellijRulezz";

mod support;

/// The workflow of the crate `tools/editor/probe.py` opens in rust-analyzer: the probes and
/// these checks ask about the same words.
fn orders() -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tools/editor/probe-crate/src/lib.rs");
    let source = std::fs::read_to_string(&path).expect("read the probe crate's source");
    support::invocation_body(&source).to_owned()
}

/// Every token of `tokens`, depth first (a group as its opening delimiter, its tokens, its
/// closing delimiter), with its text and where it starts (line, column).
fn flat(tokens: TokenStream) -> Vec<(String, (usize, usize))> {
    let mut out = Vec::new();
    let mut stack: Vec<std::vec::IntoIter<TokenTree>> =
        vec![tokens.into_iter().collect::<Vec<_>>().into_iter()];
    let mut closers: Vec<Option<&'static str>> = vec![None];
    let mut joint = false;
    while let Some(top) = stack.last_mut() {
        let Some(tree) = top.next() else {
            stack.pop();
            if let Some(Some(close)) = closers.pop() {
                out.push((close.to_owned(), (0, 0)));
            }
            joint = false;
            continue;
        };
        let at = (tree.span().start().line, tree.span().start().column);
        match tree {
            TokenTree::Group(group) => {
                let (open, close) = match group.delimiter() {
                    Delimiter::Brace => ("{", "}"),
                    Delimiter::Bracket => ("[", "]"),
                    Delimiter::Parenthesis => ("(", ")"),
                    Delimiter::None => ("", ""),
                };
                out.push((open.to_owned(), at));
                stack.push(group.stream().into_iter().collect::<Vec<_>>().into_iter());
                closers.push(Some(close));
            }
            TokenTree::Punct(punct) => {
                // `::`, `->`: a punct joint with the next is one token with it.
                match out.last_mut() {
                    Some((last, _)) if joint => last.push(punct.as_char()),
                    _ => out.push((punct.as_char().to_string(), at)),
                }
                joint = punct.spacing() == proc_macro2::Spacing::Joint;
                continue;
            }
            other => out.push((other.to_string(), at)),
        }
        joint = false;
    }
    out
}

fn tokens(source: &str) -> TokenStream {
    TokenStream::from_str(source).expect("the source tokenizes")
}

fn expand(source: &str) -> TokenStream {
    workflow_macros_core::expand(tokens(source))
}

fn editor(source: &str) -> TokenStream {
    workflow_macros_core::editor(tokens(source))
}

#[test]
fn the_expansion_calls_the_editor_with_its_tokens_first() {
    let orders = orders();
    let expanded = expand(&orders).to_string();
    let call = format!(
        "# [allow (unexpected_cfgs)] const _ : () = {{ # [cfg (rust_analyzer)] :: workflow_runtime :: __private :: workflow_editor ! {{ {} }} }} ;",
        tokens(&orders)
    );
    assert!(expanded.starts_with(&call), "{expanded}");
}

/// The tokens of the editor's block (the expansion's first item, up to its `;`).
fn editor_block(expanded: &[(String, (usize, usize))]) -> &[(String, (usize, usize))] {
    assert_eq!(
        expanded[0].0, "#",
        "the expansion starts with the editor's block"
    );
    assert!(
        expanded.iter().any(|(t, _)| t == "__workflow_editor"),
        "the block holds the editor's module"
    );
    let mut depth = 0usize;
    let end = expanded.iter().position(|(t, _)| {
        match t.as_str() {
            "{" | "[" | "(" => depth += 1,
            "}" | "]" | ")" => depth = depth.saturating_sub(1),
            ";" if depth == 0 => return true,
            _ => {}
        }
        false
    });
    &expanded[..end.unwrap_or(expanded.len())]
}

/// Where `needle`'s `occurrence`-th match (from 0) starts in `source`, `offset` bytes in, as
/// proc-macro2 counts (line from 1, column in characters from 0).
fn place(source: &str, needle: &str, occurrence: usize, offset: usize) -> (usize, usize) {
    let mut at = 0;
    for n in 0..=occurrence {
        at = source[at..]
            .find(needle)
            .unwrap_or_else(|| panic!("`{needle}` #{n}"))
            + at;
        if n < occurrence {
            at += 1;
        }
    }
    at += offset;
    let line = source[..at].matches('\n').count() + 1;
    let column = source[..at].rfind('\n').map_or(at, |nl| at - nl - 1);
    (line, column)
}

/// The token of the block at `place`, and the tokens before it back to the statement's `let`.
fn statement_at(block: &[(String, (usize, usize))], place: (usize, usize)) -> String {
    let i = block
        .iter()
        .position(|(_, at)| *at == place)
        .unwrap_or_else(|| panic!("no token of the block is at {place:?}"));
    let start = block[..i]
        .iter()
        .rposition(|(t, _)| t == "let")
        .unwrap_or(0);
    block[start..=i]
        .iter()
        .map(|(t, _)| t.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn the_references_carry_the_words_spans() {
    let orders = orders();
    let expanded = flat(editor(&orders));
    let block = editor_block(&expanded);
    let at = |needle, occurrence, offset| place(&orders, needle, occurrence, offset);
    // Each word of the body maps to the last segment of its reference.
    let cases = [
        (
            at("lambda::invoke", 0, 8),
            "let _ = integrations :: lambda :: invoke",
        ),
        (at("lambda::invoke", 0, 0), "let _ = integrations :: lambda"),
        (
            at("FunctionName", 0, 0),
            "let _ = requests :: lambda :: invoke :: FunctionName",
        ),
        (at("input.total", 0, 6), "let _ = self :: inputs :: total"),
        (at("input.total", 0, 0), "let _ = self :: inputs"),
        (at("\"Ship fast\"", 0, 0), "let _ = states :: Ship_fast"),
        (at("Declined,", 0, 0), "let _ = names :: Declined"),
        (at("choice", 0, 0), "let _ = kinds :: choice"),
        // A structure inside a request is a module of its own (its members stay aliases).
        (at("S: input", 0, 0), "let _ = request_2 :: S"),
        (
            at("s3::put_object", 0, 4),
            "let _ = integrations :: aws_sdk :: s3 :: put_object",
        ),
    ];
    for (place, statement) in cases {
        assert_eq!(statement_at(block, place), statement, "at {place:?}");
    }
    // A state's and an input field's items are written at their declarations: going to the
    // definition of a target or of `input.total` goes there.
    let declared = |place: (usize, usize), item: &str| {
        let i = block
            .iter()
            .position(|(t, at)| *at == place && t == item)
            .unwrap_or_else(|| panic!("no `{item}` at {place:?}"));
        assert!(
            ["struct", "type", "mod"].contains(&block[i - 1].0.as_str()),
            "`{item}` is declared there: {:?}",
            &block[i - 1]
        );
    };
    declared(at("\"Ship fast\":", 0, 0), "Ship_fast");
    declared(at("Declined:", 0, 0), "Declined");
    declared(at("total: number", 0, 0), "total");
    declared(at("customer:", 0, 0), "customer");
    declared(at("input {", 0, 0), "inputs");
}

/// `source` with `edit` (old → new), and rust-analyzer's completion text of it: the marker
/// inserted at `cursor` (the end of `new`, less `back` characters).
fn half_written(edit: (&str, &str), back: usize) -> (String, String) {
    assert!(orders().contains(edit.0), "`{}` is in the workflow", edit.0);
    let actual = orders().replacen(edit.0, edit.1, 1);
    let cursor = actual.find(edit.1).expect("the edit") + edit.1.len() - back;
    let mut completion = actual.clone();
    completion.insert_str(cursor, MARKER);
    (actual, completion)
}

#[test]
fn a_body_being_written_expands_as_rust_analyzer_completes_it() {
    // (edit, characters the cursor is before the end of the new text, what completion there
    // reads in the reference).
    let cases = [
        (
            ("amount: input.total", "amount: input."),
            0,
            "self :: inputs ::",
        ),
        (
            ("dynamodb::put_item {", "dynamodb:: {"),
            2,
            "integrations :: dynamodb ::",
        ),
        (
            ("s3::put_object", "s3::put_o"),
            0,
            "integrations :: aws_sdk :: s3 ::",
        ),
        (
            ("TableName: \"orders\",", "TableName: \"orders\", Ret"),
            0,
            "requests :: dynamodb :: put_item ::",
        ),
        (("-> Archive;", "-> ;"), 1, "names ::"),
        (("otherwise => Declined,", "otherwise => ,"), 1, "names ::"),
        (
            ("lambda::invoke {", "lambda::invoke. {"),
            2,
            "patterns :: lambda :: invoke ::",
        ),
        // Nothing typed yet: where the next key goes (after the last one, or in an empty
        // object) the real expansion reads as the completion's.
        (
            ("TableName: \"orders\",", "TableName: \"orders\", "),
            0,
            "requests :: dynamodb :: put_item ::",
        ),
        (("{ S: input.order_id }", "{ }"), 1, "request_2 ::"),
        (
            ("Declined: fail(error = \"Declined\");", "Declined: fa;"),
            1,
            "kinds ::",
        ),
    ];
    for ((old, new), back, reads) in cases {
        // A trailing `,` or an empty request object is no error; every other edit is one.
        let broken = !(new.ends_with(", ") || new == "{ }");
        let (actual, completion) = half_written((old, new), back);
        // The text the tokens make (without spaces: rust-analyzer's offsets are the tokens'
        // texts end to end).
        let text = |tokens: &[(String, (usize, usize))]| {
            tokens.iter().map(|(t, _)| t.as_str()).collect::<String>()
        };
        let marked = |tokens: &[(String, (usize, usize))]| {
            tokens
                .iter()
                .position(|(t, _)| t.contains(MARKER))
                .unwrap_or_else(|| panic!("{new}: the marker is in the expansion"))
        };
        // `workflow!`'s expansion, then the editor's, read alike up to the cursor.
        let actual_tokens = flat(expand(&actual));
        let expanded_completion = flat(expand(&completion));
        let marker = marked(&expanded_completion);
        let before = text(&expanded_completion[..marker]);
        assert!(
            text(&actual_tokens).starts_with(&before),
            "{new}: the two expansions of `workflow!` read alike up to the cursor: {before}"
        );
        let editor_actual = flat(editor(&actual));
        let completion_tokens = flat(editor(&completion));
        let marker = marked(&completion_tokens);
        let block = editor_block(&completion_tokens);
        assert!(
            marker < block.len(),
            "{new}: the marker is in the editor's block"
        );
        let before = text(&completion_tokens[..marker]);
        assert!(
            text(&editor_actual).starts_with(&before),
            "{new}: the two expansions of the editor read alike up to the cursor: {before}"
        );
        let before: Vec<&str> = completion_tokens[..marker]
            .iter()
            .rev()
            .take_while(|(t, _)| t != "=")
            .map(|(t, _)| t.as_str())
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        assert_eq!(before.join(" "), reads, "{new}: the reference completed");
        // The half-written body still gives the workflow's items, and its errors.
        let text = actual_tokens
            .iter()
            .map(|(t, _)| t.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        for item in [
            "struct Orders",
            "struct OrdersInput",
            "impl :: workflow_runtime :: Workflow for Orders",
            "const CHARGE",
            "const SHIP_FAST",
            "const ARCHIVE",
        ] {
            assert!(text.contains(item), "{new}: `{item}` is generated:\n{text}");
        }
        assert_eq!(text.contains("compile_error"), broken, "{new}: the errors");
    }
}
