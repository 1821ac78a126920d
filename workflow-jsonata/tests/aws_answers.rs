//! The evaluator against AWS Step Functions' own answers: every row of the table in
//! `tests/aws_answers/README.md` (an expression, `$states.input`, what AWS answered, where that
//! was recorded) is evaluated and compared: the value, nothing, the error code and AWS's
//! message, or one of AWS's evaluation limits with its message.

mod support;

use serde_json::{Value, json};
use std::path::Path;
use support::same;
use workflow_jsonata::Jsonata;
use workflow_jsonata::eval::{FixedContext, Limits, evaluate};

/// One row of the table.
struct Row {
    line: usize,
    expression: String,
    input: Option<Value>,
    answer: Answer,
}

/// What AWS answered.
#[derive(Debug)]
enum Answer {
    Value(Value),
    Nothing,
    Error {
        code: String,
        message: Option<String>,
    },
    Refused(String),
}

/// `TEXT` with every `«PART×N»` written out `N` times.
fn expand(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find('«') {
        out.push_str(&rest[..start]);
        let after = &rest[start + '«'.len_utf8()..];
        let end = after
            .find('»')
            .unwrap_or_else(|| panic!("unclosed « in {text}"));
        let (part, times) = after[..end]
            .rsplit_once('×')
            .unwrap_or_else(|| panic!("no × in {text}"));
        let times: usize = times
            .parse()
            .unwrap_or_else(|e| panic!("count in {text}: {e}"));
        out.push_str(&part.repeat(times));
        rest = &after[end + '»'.len_utf8()..];
    }
    out.push_str(rest);
    out
}

/// The text between the backticks of a cell, if it has them.
fn code(cell: &str) -> Option<&str> {
    cell.strip_prefix('`')?.strip_suffix('`')
}

/// The cells of a table row (a `|` escaped as `\|` stays in its cell).
fn cells(line: &str) -> Vec<String> {
    let inner = line.trim().trim_start_matches('|').trim_end_matches('|');
    let mut out = Vec::new();
    let mut cell = String::new();
    let mut chars = inner.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&'|') => {
                chars.next();
                cell.push('|');
            }
            '|' => out.push(std::mem::take(&mut cell)),
            c => cell.push(c),
        }
    }
    out.push(cell);
    out.into_iter().map(|s| s.trim().to_owned()).collect()
}

fn answer(cell: &str, line: usize) -> Answer {
    if let Some(json) = code(cell) {
        let text = expand(json);
        return Answer::Value(
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("line {line}: {e}: {text}")),
        );
    }
    if cell == "nothing" {
        return Answer::Nothing;
    }
    if let Some(message) = cell.strip_prefix("refused: ") {
        return Answer::Refused(message.to_owned());
    }
    if let Some(rest) = cell.strip_prefix("error ") {
        return match rest.split_once(": ") {
            Some((code, message)) => Answer::Error {
                code: code.to_owned(),
                message: Some(message.to_owned()),
            },
            None => Answer::Error {
                code: rest.to_owned(),
                message: None,
            },
        };
    }
    panic!("line {line}: cannot read the answer `{cell}`")
}

fn rows() -> Vec<Row> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/aws_answers/README.md");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let mut rows = Vec::new();
    let mut in_table = false;
    for (i, line) in text.lines().enumerate() {
        if line.starts_with("| expression |") {
            in_table = true;
            continue;
        }
        if !in_table || line.starts_with("|---") {
            continue;
        }
        if !line.starts_with('|') {
            break;
        }
        let c = cells(line);
        assert_eq!(c.len(), 4, "line {}: {} cells", i + 1, c.len());
        let expression = expand(
            code(&c[0]).unwrap_or_else(|| panic!("line {}: expression not in backticks", i + 1)),
        );
        let input = code(&c[1]).map(|j| {
            serde_json::from_str(j).unwrap_or_else(|e| panic!("line {}: input: {e}", i + 1))
        });
        assert!(!c[3].is_empty(), "line {}: no source", i + 1);
        rows.push(Row {
            line: i + 1,
            expression,
            input,
            answer: answer(&c[2], i + 1),
        });
    }
    rows
}

/// The disagreement of one row, if any.
fn check(row: &Row) -> Option<String> {
    let states = json!({ "input": row.input.clone().unwrap_or(json!({})) });
    let got = Jsonata::parse(&row.expression).and_then(|expr| {
        let mut ctx = FixedContext::new(0, 1);
        evaluate(
            &expr,
            None,
            &[("states", &states)],
            &mut ctx,
            Limits::default(),
        )
    });
    let agrees = match (&row.answer, &got) {
        (Answer::Value(want), Ok(Some(v))) => same(want, v),
        (Answer::Nothing, Ok(None)) => true,
        (Answer::Error { code, message }, Err(e)) => {
            e.code == code
                && !e.is_evaluation_limit()
                && message.as_ref().is_none_or(|m| *m == e.message())
        }
        (Answer::Refused(message), Err(e)) => e.is_evaluation_limit() && *message == e.message(),
        _ => false,
    };
    (!agrees).then(|| {
        let shown: String = row.expression.chars().take(120).collect();
        let got = match got {
            Ok(v) => format!("{v:?}"),
            Err(e) => format!("{}: {}", e.code, e.message()),
        };
        format!(
            "line {}: `{shown}`\n    AWS:  {:?}\n    ours: {got}",
            row.line, row.answer
        )
    })
}

#[test]
fn the_evaluator_answers_as_aws_answered() {
    let rows = rows();
    assert!(rows.len() >= 40, "only {} rows read", rows.len());
    // Several rows nest 100 levels deep: run where a debug build has stack to spare.
    let disagreements = std::thread::Builder::new()
        .stack_size(64 * 1024 * 1024)
        .spawn(move || rows.iter().filter_map(check).collect::<Vec<_>>())
        .unwrap_or_else(|e| panic!("cannot spawn: {e}"))
        .join()
        .unwrap_or_else(|_| panic!("the evaluation panicked"));
    assert!(
        disagreements.is_empty(),
        "{} answers differ from AWS's:\n{}",
        disagreements.len(),
        disagreements.join("\n")
    );
}

#[test]
fn the_table_notation_expands() {
    assert_eq!(expand("1«+1×3»"), "1+1+1+1");
    assert_eq!(expand("«(×2»1«)×2»"), "((1))");
    assert_eq!(cells("| `a \\| b` | | x |"), ["`a | b`", "", "x"]);
}
