//! The grammar's words as `workflow-runtime/docs/workflow_macro.md` lists them, rendered from
//! the tables the parser and the lowering check words against (settings, clauses, each form's
//! arguments, kinds, patterns, types, keywords), so that the documentation cannot drift from
//! what the macro accepts: the test below fails when the generated section differs from the
//! tables (a word added, renamed or removed on either side), and `WORKFLOW_BLESS=1` rewrites
//! it. It also holds the hand-written grammar block to the tables: every `snake_case` word it
//! names is one the macro accepts.

use crate::lower::clauses::{CLAUSES, kind_name};
use crate::lower::error_handling::{CATCH_ARGS, RETRY_ARGS};
use crate::lower::machine::SETTINGS;
use crate::lower::map::{BATCH_ARGS, MAP_ARGS, READER_ARGS, WRITER_ARGS};
use crate::lower::states::{FAIL_ARGS, RULE_CLAUSES, WAIT_ARGS};
use crate::parse::kw;

/// The line before the generated section.
const BEGIN: &str = "<!-- BEGIN words: generated from the parser's tables by workflow-macros-core's `grammar` test; `WORKFLOW_BLESS=1` rewrites it -->";
/// The line after it.
const END: &str = "<!-- END words -->";

/// Every state kind, for "every kind".
const KINDS_IN_ALL: usize = 8;

/// `words` as the table writes them: `` `a`, `b` ``.
fn listed<'w>(words: impl IntoIterator<Item = &'w str>) -> String {
    words
        .into_iter()
        .map(|w| format!("`{w}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Every row of the table: where the words go, and the words.
fn rows() -> Vec<(&'static str, String)> {
    let clauses = CLAUSES
        .iter()
        .map(|(name, kinds, _)| {
            let kinds = if kinds.len() == KINDS_IN_ALL {
                "every kind".to_owned()
            } else {
                kinds
                    .iter()
                    .map(|k| kind_name(*k))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            format!("`{name}` ({kinds})")
        })
        .collect::<Vec<_>>()
        .join(", ");
    vec![
        (
            "settings: `name = value;` before the states",
            listed(SETTINGS.iter().copied()),
        ),
        ("state kinds", listed(kw::KINDS.iter().copied())),
        (
            "integration patterns: `service::action.pattern`",
            listed(kw::PATTERNS.iter().map(|(w, _)| *w)),
        ),
        (
            "clauses after a state's kind (the kinds that take each)",
            clauses,
        ),
        (
            "clauses after a choice rule's `=> NAME`",
            listed(RULE_CLAUSES.iter().copied()),
        ),
        ("`map(…)` arguments", listed(MAP_ARGS.iter().copied())),
        (
            "`retry […] (…)` arguments",
            listed(RETRY_ARGS.iter().copied()),
        ),
        (
            "`catch […] (…)` arguments",
            listed(CATCH_ARGS.iter().copied()),
        ),
        (
            "`reader … (…)` arguments",
            listed(READER_ARGS.iter().copied()),
        ),
        (
            "`writer … (…)` arguments",
            listed(WRITER_ARGS.iter().copied()),
        ),
        ("`batch(…)` arguments", listed(BATCH_ARGS.iter().copied())),
        ("`wait(…)` arguments", listed(WAIT_ARGS.iter().copied())),
        ("`fail(…)` arguments", listed(FAIL_ARGS.iter().copied())),
        (
            "types of `input`, `substitutions`, `returns` and `item`",
            listed(kw::SCALARS.iter().copied()),
        ),
        (
            "casts of a condition's operand",
            listed(kw::CASTS.iter().copied()),
        ),
        (
            "type tests of a condition",
            listed(kw::TYPE_TESTS.iter().copied()),
        ),
        ("other keywords", listed(kw::KEYWORDS.iter().copied())),
    ]
}

/// The generated section, between [`BEGIN`] and [`END`].
fn section() -> String {
    let mut out = String::from("| where | the words the macro accepts |\n|---|---|\n");
    for (place, words) in rows() {
        out.push_str(&format!("| {place} | {words} |\n"));
    }
    out
}

/// Every word the tables hold.
fn accepted() -> std::collections::BTreeSet<String> {
    let mut words: std::collections::BTreeSet<String> = std::collections::BTreeSet::new();
    for (_, row) in rows() {
        for (i, part) in row.split('`').enumerate() {
            if i % 2 == 1 {
                words.insert(part.to_owned());
            }
        }
    }
    words
}

/// The `word`s written in backquotes in `text`.
fn quoted(text: &str) -> std::collections::BTreeSet<String> {
    text.split('`')
        .enumerate()
        .filter(|(i, _)| i % 2 == 1)
        .map(|(_, w)| w.to_owned())
        .collect()
}

#[test]
fn the_documented_grammar_lists_every_word_the_macro_accepts_and_no_other() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../workflow-runtime/docs/workflow_macro.md");
    let doc = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let (before, rest) = doc
        .split_once(&format!("{BEGIN}\n"))
        .unwrap_or_else(|| panic!("{} lacks the line {BEGIN}", path.display()));
    let (written, after) = rest
        .split_once(END)
        .unwrap_or_else(|| panic!("{} lacks the line {END}", path.display()));
    let wanted = section();
    if written != wanted {
        if std::env::var_os("WORKFLOW_BLESS").is_some() {
            std::fs::write(&path, format!("{before}{BEGIN}\n{wanted}{END}{after}"))
                .unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
            return;
        }
        let (have, want) = (quoted(written), quoted(&wanted));
        let undocumented: Vec<&String> = want.difference(&have).collect();
        let unaccepted: Vec<&String> = have.difference(&want).collect();
        panic!(
            "the grammar's words in {} differ from the parser's tables: undocumented {undocumented:?}, \
             documented but not accepted {unaccepted:?} (or their places differ); \
             run `WORKFLOW_BLESS=1 cargo test -p workflow-macros-core --lib grammar` and review the diff",
            path.display()
        );
    }
    // The hand-written grammar block names only words the macro accepts.
    let accepted = accepted();
    let block = before
        .split_once("# Grammar")
        .and_then(|(_, g)| g.split_once("```text\n"))
        .and_then(|(_, g)| g.split_once("```"))
        .map(|(g, _)| g)
        .expect("the doc's `# Grammar` section has a ```text block");
    // An integration's path (`aws_sdk::s3::get_object`) names an action, not a word.
    let named: Vec<&str> = block
        .split_whitespace()
        .filter(|chunk| !chunk.contains("::"))
        .flat_map(|chunk| chunk.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_')))
        .filter(|w| w.contains('_') && w.starts_with(|c: char| c.is_ascii_lowercase()))
        .filter(|w| !accepted.contains(*w))
        .collect();
    assert!(
        named.is_empty(),
        "the grammar block names words the macro does not accept: {named:?}"
    );
}
