//! The file form: a definition file read, decoded, validated and generated from as it is.

use proc_macro2::{TokenStream, TokenTree};
use std::path::PathBuf;

/// `expand` of `{docs} pub FromFile from "FILE";`.
fn expand_with(docs: &str, path: &str) -> TokenStream {
    let tokens: TokenStream = format!("{docs}\npub FromFile from {path:?};")
        .parse()
        .unwrap_or_else(|e| panic!("{e}"));
    crate::expand(tokens)
}

/// `expand` of `pub Name from "FILE";`, as text.
fn expand_file(path: &str) -> String {
    expand_with("", path).to_string()
}

/// A definition file holding `text`, in a directory of its own (`test` names it).
struct TempFile {
    dir: PathBuf,
    path: PathBuf,
}

impl TempFile {
    fn new(test: &str, text: &str) -> Self {
        let dir =
            std::env::temp_dir().join(format!("workflow-from-file-{test}-{}", std::process::id()));
        let _ = std::fs::create_dir_all(&dir);
        let path = dir.join(format!("{test}.asl.json"));
        std::fs::write(&path, text).unwrap_or_else(|e| panic!("{e}"));
        TempFile { dir, path }
    }

    fn path(&self) -> String {
        self.path.display().to_string()
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// The value of the string constant `name` of an expansion (the trait's, which holds the
/// literal).
fn constant(expanded: TokenStream, name: &str) -> Option<String> {
    let mut stack: Vec<Vec<TokenTree>> = vec![expanded.into_iter().collect()];
    while let Some(tokens) = stack.pop() {
        for (i, token) in tokens.iter().enumerate() {
            if let TokenTree::Group(group) = token {
                stack.push(group.stream().into_iter().collect());
            }
            if !matches!(token, TokenTree::Ident(ident) if ident == name) {
                continue;
            }
            let literal = tokens.iter().skip(i).take(8).find_map(|t| match t {
                TokenTree::Literal(lit) => Some(lit.clone()),
                _ => None,
            });
            if let Some(lit) = literal {
                let lit: syn::LitStr = syn::parse2(TokenTree::Literal(lit).into()).ok()?;
                return Some(lit.value());
            }
        }
    }
    None
}

#[test]
fn a_workflow_read_from_a_file_is_the_file_and_tracks_it() {
    let expanded = expand_file("../examples/hello_world.asl.json");
    assert!(!expanded.contains("compile_error"), "{expanded}");
    assert!(expanded.contains("include_bytes"), "{expanded}");
    assert!(
        expanded.contains("Is this Hello World example?"),
        "{expanded}"
    );
    // No `input` schema: the input is any JSON.
    assert!(
        expanded.contains(
            "type FromFileInput = :: workflow_runtime :: __private :: serde_json :: Value"
        ),
        "{expanded}"
    );
}

#[test]
fn the_asl_is_the_file_s_definition_in_the_file_s_order() {
    let text = r#"{
        "StartAt": "Start",
        "States": {
            "Done": {"Type": "Succeed"},
            "Start": {"Type": "Pass", "Next": "Done"}
        }
    }"#;
    let file = TempFile::new("order", text);
    let asl = constant(expand_with("", &file.path()), "ASL").unwrap_or_default();
    assert_eq!(
        asl,
        r#"{"StartAt":"Start","States":{"Done":{"Type":"Succeed"},"Start":{"Type":"Pass","Next":"Done"}}}"#
    );
}

#[test]
fn the_substitutions_are_the_file_s_in_order_of_first_use() {
    let text = r#"{"StartAt":"W","States":{
        "W":{"Type":"Wait","Seconds":"${Delay}","Next":"T"},
        "T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
            "Parameters":{"FunctionName":"${Fn}","Payload":{"a":"${Zed}","${Key}":"${Fn}"}},"End":true}}}"#;
    let file = TempFile::new("substitutions", text);
    let expanded = expand_file(&file.path());
    assert!(!expanded.contains("compile_error"), "{expanded}");
    assert!(
        expanded.contains(
            r#"SUBSTITUTIONS : & 'static [& 'static str] = & ["Delay" , "Fn" , "Zed" , "Key"]"#
        ),
        "{expanded}"
    );
}

#[test]
fn the_comment_documents_the_items_unless_doc_comments_are_written() {
    let text =
        r#"{"Comment":"Two lines\n\nwith a gap","StartAt":"A","States":{"A":{"Type":"Succeed"}}}"#;
    let file = TempFile::new("comment", text);
    let from_comment = expand_with("", &file.path()).to_string();
    assert!(
        from_comment
            .contains(r#"# [doc = " Two lines"] # [doc = ""] # [doc = " with a gap"] # [doc = "\n# Generated items"#),
        "{from_comment}"
    );
    let written = expand_with("/// Mine.", &file.path()).to_string();
    assert!(
        written.contains(r#"# [doc = " Mine."] # [doc = "\n# Generated items"#),
        "{written}"
    );
    assert!(!written.contains(r#"# [doc = " Two lines"]"#), "{written}");
    // The definition keeps the file's Comment either way.
    let asl = constant(expand_with("/// Mine.", &file.path()), "ASL").unwrap_or_default();
    assert!(
        asl.contains(r#""Comment":"Two lines\n\nwith a gap""#),
        "{asl}"
    );

    // A Comment that does not read back from doc lines documents nothing.
    let padded = TempFile::new(
        "padded",
        r#"{"Comment":"  padded  ","StartAt":"A","States":{"A":{"Type":"Succeed"}}}"#,
    );
    let expanded = expand_with("", &padded.path()).to_string();
    // The first doc line of the items (after the editor's call, which has none).
    let first_doc = expanded.find("# [doc =").map_or("", |at| &expanded[at..]);
    assert!(
        first_doc.starts_with("# [doc = \"\\n# Generated items"),
        "{expanded}"
    );
}

#[test]
fn errors_in_a_definition_file_name_its_line_and_column() {
    let file = TempFile::new(
        "bad",
        "{\n  \"StartAt\": \"A\",\n  \"States\": {\n    \"A\": {\"Type\": \"Pass\", \"Next\": \"Nowhere\"}\n  }\n}\n",
    );
    let expanded = expand_file(&file.path());
    assert!(expanded.contains("compile_error"), "{expanded}");
    assert!(expanded.contains("bad.asl.json:4:"), "{expanded}");
    assert!(expanded.contains("Nowhere"), "{expanded}");
    // The workflow's items are still there, so uses of it resolve, and the file is tracked.
    assert!(expanded.contains("struct FromFile"), "{expanded}");
    assert!(expanded.contains("include_bytes"), "{expanded}");

    let missing = expand_file("no/such/file.asl.json");
    assert!(
        missing.contains("cannot read the definition file"),
        "{missing}"
    );
    assert!(missing.contains("struct FromFile"), "{missing}");

    let not_json = TempFile::new("not_json", "{\"StartAt\": \"A\",\n \"States\": ");
    let expanded = expand_file(&not_json.path());
    assert!(expanded.contains("not_json.asl.json:2:"), "{expanded}");
}

#[test]
fn the_language_s_own_errors_are_errors_of_a_file_too() {
    // An undefined variable is a warning of the validator and an error of the language.
    let file = TempFile::new(
        "undefined",
        r#"{"QueryLanguage":"JSONata","StartAt":"A","States":{"A":{"Type":"Pass","Output":"{% $nope %}","End":true}}}"#,
    );
    let expanded = expand_file(&file.path());
    assert!(expanded.contains("undefined.asl.json:1:"), "{expanded}");
    assert!(expanded.contains("`nope`"), "{expanded}");
    // A custom error name in the reserved namespace is a string in a file: taken as meant.
    let reserved = TempFile::new(
        "reserved",
        r#"{"StartAt":"A","States":{"A":{"Type":"Fail","Error":"States.Custom"}}}"#,
    );
    let expanded = expand_file(&reserved.path());
    assert!(!expanded.contains("compile_error"), "{expanded}");
}

#[test]
fn a_file_over_the_service_s_limit_is_refused() {
    let text = format!(
        r#"{{"StartAt":"A","States":{{"A":{{"Type":"Pass","Result":"{}","End":true}}}}}}"#,
        "x".repeat(1024 * 1024)
    );
    let file = TempFile::new("large", &text);
    let expanded = expand_file(&file.path());
    assert!(
        expanded.contains("a state machine definition is at most 1048576 bytes"),
        "{expanded}"
    );
}
