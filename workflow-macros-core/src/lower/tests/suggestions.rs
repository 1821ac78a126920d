//! Issue 91: every fix the macro suggests compiles. A fix is applied as its message says
//! ("did you mean `X`?": `X` in place of the tokens the error is on; a callback's "e.g. `K: V`":
//! the member written into the request) and the fixed source checked again: no error left.

use std::path::Path;

/// An error: its message and the (line, column) range it is on.
type Located = (String, (usize, usize), (usize, usize));

/// The errors of `src` (a `workflow!` body): the parser's, else lowering's and the checker's,
/// each with its message and the (line, column) range it is on.
fn errors(src: &str) -> Vec<Located> {
    let Ok(tokens) = src.parse::<proc_macro2::TokenStream>() else {
        return Vec::new();
    };
    let errors: Vec<syn::Error> = match crate::parse::parse_workflow(tokens) {
        Ok(def) => {
            let lowered = super::lower(&def);
            let mut errors = lowered.errors.to_vec();
            if let Some(machine) = &lowered.machine {
                errors.extend(crate::check::check_alone(&def, machine, &lowered));
            }
            errors
        }
        Err(failure) => failure.error.into_iter().collect(),
    };
    errors
        .iter()
        .map(|e| {
            let (start, end) = (e.span().start(), e.span().end());
            (
                e.to_string(),
                (start.line, start.column),
                (end.line, end.column),
            )
        })
        .collect()
}

/// The byte offset of (line, column) in `src` (lines from 1, columns in characters from 0).
fn offset(src: &str, (line, column): (usize, usize)) -> Option<usize> {
    let start: usize = src
        .split_inclusive('\n')
        .take(line.checked_sub(1)?)
        .map(str::len)
        .sum();
    let rest = src.get(start..)?;
    Some(
        start
            + rest
                .char_indices()
                .nth(column)
                .map_or(rest.len(), |(i, _)| i),
    )
}

/// `src` with the fix `message` suggests applied to the tokens between `from` and `to`;
/// `None` when the message suggests no fix this test knows how to apply.
fn fixed(src: &str, message: &str, from: (usize, usize), to: (usize, usize)) -> Option<String> {
    let (start, end) = (offset(src, from)?, offset(src, to)?);
    let written = src.get(start..end)?;
    if let Some(rest) = message.split("did you mean `").nth(1) {
        let name = rest.split("`?").next()?;
        // A name whose head the source already has before the tokens (`States.` + `Fromat`).
        let name = match name.rsplit_once('.') {
            Some((head, tail)) if src.get(..start)?.ends_with(&format!("{head}.")) => tail,
            _ => name,
        };
        // The misspelt word inside the tokens (a path's step, a string's text), else the
        // tokens themselves.
        if name.contains("::") {
            // A resource: the whole `service::action` path the action ends.
            let path_start = src
                .get(..start)?
                .trim_end_matches(|c: char| c.is_alphanumeric() || c == '_' || c == ':')
                .len();
            return Some(format!(
                "{}{name}{}",
                src.get(..path_start)?,
                src.get(end..)?
            ));
        }
        // Candidates: a string literal's whole text, dotted words (`States.Fromat`, `G.3X`),
        // plain words (a path's step).
        let literal = written.strip_prefix('"').and_then(|w| w.strip_suffix('"'));
        let dotted = written.split(|c: char| !(c.is_alphanumeric() || c == '_' || c == '.'));
        let plain = written.split(|c: char| !(c.is_alphanumeric() || c == '_'));
        let replaced = literal
            .into_iter()
            .chain(dotted)
            .chain(plain)
            .filter(|w| !w.is_empty() && *w != name)
            .find(|w| workflow_text::suggest::did_you_mean(w, &[name]).is_some())
            .map(|w| written.replacen(w, name, 1))
            .unwrap_or_else(|| name.to_owned());
        return Some(format!(
            "{}{replaced}{}",
            src.get(..start)?,
            src.get(end..)?
        ));
    }
    let member = message
        .split("pass it in the request, e.g. `")
        .nth(1)?
        .strip_suffix('`')?;
    let (key, value) = member.split_once(": ")?;
    let request = src.get(start..)?;
    // Merged into the member the request already has, else written into the request.
    if let Some(at) = request.find(&format!("{key}: ")) {
        let at = start + at + key.len() + 2;
        let existing = src.get(at..)?;
        let inner = value.trim_start_matches("[{ ").trim_start_matches("{ ");
        let inner = inner.trim_end_matches(" }]").trim_end_matches(" }");
        let (open, skip) = if existing.starts_with("[{") {
            ("[{", 2)
        } else {
            ("{", 1)
        };
        if existing.starts_with(open) {
            return Some(format!(
                "{} {inner},{}",
                src.get(..at + skip)?,
                src.get(at + skip..)?
            ));
        }
        // A value that is not an object: the suggested one instead.
        let len = existing.find([',', '}'])?;
        return Some(format!("{}{value}{}", src.get(..at)?, src.get(at + len..)?));
    }
    let at = if written.starts_with('{') {
        start + 1
    } else {
        end
    };
    let member = if written.starts_with('{') {
        format!(" {member}, ")
    } else {
        format!(" {{ {member} }}")
    };
    Some(format!("{}{member}{}", src.get(..at)?, src.get(at..)?))
}

/// The body of the (first) `workflow! { … }` of a test file.
fn body(file: &str) -> Option<&str> {
    let open = file.find("workflow! {")? + "workflow! {".len();
    let mut depth = 1usize;
    for (i, c) in file.get(open..)?.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return file.get(open..open + i);
                }
            }
            _ => {}
        }
    }
    None
}

#[test]
fn every_suggested_fix_compiles() {
    // A callback without its token, for every optimized integration that takes one.
    let mut sources: Vec<(String, String)> = [
        r#"pub W { T: sqs::send_message.wait_for_task_token { QueueUrl: "q", MessageBody: { id: $.id } }; }"#,
        r#"pub W { T: sns::publish.wait_for_task_token { TopicArn: "arn:aws:sns:us-east-1:123456789012:t", Message: "m" }; }"#,
        r#"pub W { T: events::put_events.wait_for_task_token { Entries: [{ Source: "s", DetailType: "d" }] }; }"#,
        r#"pub W { T: lambda::invoke.wait_for_task_token { FunctionName: "f" }; }"#,
        r#"pub W { T: states::start_execution.wait_for_task_token { StateMachineArn: "arn:aws:states:us-east-1:123456789012:stateMachine:m" }; }"#,
        r#"pub W { T: ecs::run_task.wait_for_task_token { Cluster: "c", TaskDefinition: "t" }; }"#,
        r#"pub W { T: apigateway::invoke.wait_for_task_token { ApiEndpoint: "example.execute-api.us-east-1.amazonaws.com", Method: "POST" }; }"#,
        r#"pub W { query_language = jsonata; T: sqs::send_message.wait_for_task_token { QueueUrl: "q", MessageBody: "m" }; }"#,
    ]
    .iter()
    .map(|s| (format!("callback: {s}"), (*s).to_owned()))
    .collect();
    // Every compile-fail case of one mistake.
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/ui/fail");
    let mut cases: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "rs"))
        .collect();
    cases.sort();
    for case in cases {
        let text = std::fs::read_to_string(&case).unwrap_or_default();
        if !text.contains("did you mean")
            && !text.contains("wait_for_task_token")
            && !text.contains("waitForTaskToken")
        {
            // The case's message is in its `.stderr`; a source whose error suggests nothing
            // is left out cheaply by the check below, but most never could.
            let stderr = std::fs::read_to_string(case.with_extension("stderr")).unwrap_or_default();
            if !stderr.contains("did you mean `") && !stderr.contains("e.g. `") {
                continue;
            }
        }
        if let Some(body) = body(&text) {
            sources.push((case.display().to_string(), body.to_owned()));
        }
    }
    // Suggestions known not to compile yet, or that this test cannot apply as text: (case,
    // why). The list shrinks as they are fixed (the test fails on one that compiles).
    const KNOWN: &[(&str, &str)] = &[
        (
            "glue_action_only_in_the_aws_sdk.rs",
            "the fix compiles; the next state then reads a field the SDK's answer replaced",
        ),
        (
            "jsonata_path_typo_after_an_output.rs",
            "the field suggested is a number, which SNS's `Message` does not take",
        ),
        (
            "path_typo_after_a_result_selector.rs",
            "the field suggested is a number, which SNS's `Message` does not take",
        ),
        (
            "sagemaker_step_image_framework_misspelt.rs",
            "the case lacks `ModelName` besides",
        ),
        (
            "sagemaker_step_misspelt.rs",
            "the step suggested needs an `estimator` the case lacks",
        ),
    ];
    let (mut tested, mut refused) = (0, Vec::new());
    for (name, src) in &sources {
        let found = errors(src);
        let [(message, from, to)] = found.as_slice() else {
            continue;
        };
        let Some(fixed) = fixed(src, message, *from, *to) else {
            continue;
        };
        tested += 1;
        let left: Vec<String> = errors(&fixed).into_iter().map(|(m, _, _)| m).collect();
        let known = KNOWN.iter().any(|(case, _)| name.ends_with(case));
        if left.is_empty() == known {
            refused.push(format!(
                "{name} ({})\n  suggested: {message}\n  fixed: {fixed}\n  still: {left:?}",
                if known {
                    "listed as not compiling, but compiles"
                } else {
                    "does not compile"
                }
            ));
        }
    }
    println!(
        "suggestions applied and checked: {tested} ({} listed as not compiling yet)",
        KNOWN.len()
    );
    assert!(
        refused.is_empty(),
        "{} of {tested} suggested fixes:\n{}",
        refused.len(),
        refused.join("\n\n")
    );
    assert!(tested >= 50, "{tested}");
}
