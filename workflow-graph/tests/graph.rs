//! The graph of every example definition (`examples/*.asl.json`) and of every valid corpus
//! definition (`../shared/asl-corpus/substituted`): the Mermaid text declares every state once,
//! draws every transition once and balances its composite blocks; Graphviz `dot -Tsvg`
//! accepts the DOT text and draws a node per state; Mermaid's own parser (the `mermaid` npm
//! package in a jsdom window, `tools/oracles/mermaid-parse.mjs`) accepts every Mermaid text.
//!
//! The SVG pictures (both orientations) are read back and their geometry checked: every
//! state drawn once, no two boxes overlapping, no label over a box, every edge from its
//! source's border to its target's, every line of text inside its box.
//!
//! The expectations come from the definition's JSON, walked here without the library.
//! Needs the corpus, `dot` (`bash scripts/pictures.sh install` installs it) and the oracles
//! (`bash scripts/oracles.sh install`): fails without them.

use serde_json::Value;
use std::collections::{BTreeMap, HashMap};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use workflow_asl::StateMachine;
use workflow_graph::{
    Progress, StateStatus, SvgOptions, to_dot, to_mermaid, to_progress_svg, to_svg,
};

#[path = "support/geometry.rs"]
mod geometry;
#[path = "support/graphviz.rs"]
mod graphviz;

use geometry::{Checked, Expected, check_svg, expected};

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn json_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    files
}

/// Every example definition, then every corpus definition that decodes and validates.
fn definitions() -> Vec<(PathBuf, Value, StateMachine)> {
    let examples: Vec<PathBuf> = json_files(&repo_root().join("examples"))
        .into_iter()
        .filter(|p| p.to_string_lossy().ends_with(".asl.json"))
        .collect();
    assert!(!examples.is_empty(), "no examples/*.asl.json");
    let corpus = repo_root().join("../shared/asl-corpus/substituted");
    assert!(
        corpus.is_dir(),
        "the ASL corpus is missing at {} (the repository's sibling `shared/asl-corpus`); \
         this test needs it",
        corpus.display()
    );
    let mut out = Vec::new();
    for path in examples.into_iter().chain(json_files(&corpus)) {
        let text = std::fs::read_to_string(&path).expect("read a definition");
        let Ok(machine) = StateMachine::from_json(&text) else {
            continue;
        };
        if workflow_asl::has_errors(&machine.validate()) {
            continue;
        }
        let value: Value = serde_json::from_str(&text).expect("JSON");
        out.push((path, value, machine));
    }
    out
}

/// Mermaid entity codes back to characters.
fn unescape(text: &str) -> String {
    let codes = [
        ("#quot;", "\""),
        ("#35;", "#"),
        ("#58;", ":"),
        ("#59;", ";"),
        ("#123;", "{"),
        ("#125;", "}"),
        ("#lt;", "<"),
        ("#gt;", ">"),
    ];
    let mut out = String::new();
    let mut rest = text;
    'scan: while let Some(i) = rest.find('#') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        for (code, c) in codes {
            if let Some(after) = rest.strip_prefix(code) {
                out.push_str(c);
                rest = after;
                continue 'scan;
            }
        }
        panic!("a bare `#` in Mermaid text: {text}");
    }
    out.push_str(rest);
    out
}

fn check_mermaid(file: &Path, text: &str, e: &Expected) {
    let place = file.display();
    assert!(text.starts_with("stateDiagram-v2\n"), "{place}");
    let mut names: HashMap<String, String> = HashMap::new();
    let mut choice_names: HashMap<String, String> = HashMap::new();
    let mut edges: Vec<(String, String)> = Vec::new();
    let (mut depth, mut opens, mut separators, mut starts) = (0usize, 0, 0, 0);
    for line in text.lines().skip(1) {
        let line = line.trim();
        if let Some(rest) = line.strip_prefix("%% ") {
            let (id, name) = rest.split_once(": ").expect("`%% sN: name`");
            choice_names.insert(id.to_owned(), name.to_owned());
        } else if let Some(id) = line
            .strip_prefix("state ")
            .and_then(|l| l.strip_suffix(" <<choice>>"))
        {
            let name = choice_names
                .get(id)
                .expect("a choice's name comment")
                .clone();
            assert!(
                names.insert(id.to_owned(), name).is_none(),
                "{place}: {id} twice"
            );
        } else if let Some(rest) = line.strip_prefix("state \"") {
            let (label, id) = rest.rsplit_once("\" as ").expect("`state \"…\" as sN`");
            assert!(!label.contains('"'), "{place}: a quote in a label: {line}");
            let name = unescape(label);
            assert!(
                names.insert(id.to_owned(), name).is_none(),
                "{place}: {id} twice"
            );
        } else if let Some(id) = line
            .strip_prefix("state ")
            .and_then(|l| l.strip_suffix(" {"))
        {
            assert!(
                names.contains_key(id),
                "{place}: composite {id} before its state"
            );
            depth += 1;
            opens += 1;
        } else if line == "}" {
            depth = depth.checked_sub(1).expect("a `}` without `{`");
        } else if line == "--" {
            assert!(depth > 0, "{place}: `--` outside a composite state");
            separators += 1;
        } else if line.starts_with("[*] --> ") {
            starts += 1;
        } else if line.ends_with(" --> [*]") {
        } else if let Some((from, rest)) = line.split_once(" --> ") {
            let to = rest.split(" : ").next().unwrap_or(rest);
            if let Some((_, label)) = rest.split_once(" : ") {
                assert!(!label.is_empty(), "{place}: an empty label");
                unescape(label);
            }
            edges.push((from.to_owned(), to.to_owned()));
        } else {
            panic!("{place}: an unexpected line: {line}");
        }
    }
    assert_eq!(depth, 0, "{place}: unbalanced composite states");
    assert_eq!(opens, e.composites, "{place}: composite states");
    assert_eq!(separators, e.separators, "{place}: concurrent regions");
    assert_eq!(starts, e.regions, "{place}: a start in every region");
    assert_eq!(names.len(), e.states, "{place}: every state once");
    let mut declared: BTreeMap<String, usize> = BTreeMap::new();
    for name in names.values() {
        *declared.entry(name.clone()).or_default() += 1;
    }
    assert_eq!(declared, e.names, "{place}: the states' names");
    let mut drawn: BTreeMap<(String, String), usize> = BTreeMap::new();
    for (from, to) in edges {
        let name = |id: &str| {
            names
                .get(id)
                .cloned()
                .expect("an edge between declared states")
        };
        *drawn.entry((name(&from), name(&to))).or_default() += 1;
    }
    assert_eq!(drawn, e.transitions, "{place}: every transition once");
}

/// Mermaid's parser's verdict on each text: `null` when it parses, else its message.
fn mermaid_parse(texts: &[String]) -> Vec<Value> {
    let oracles = repo_root().join("tools/oracles");
    assert!(
        oracles.join("node_modules/mermaid/package.json").is_file(),
        "Mermaid's parser is not installed in {}; run: bash scripts/setup.sh",
        oracles.display()
    );
    let child = Command::new("node")
        .arg(oracles.join("mermaid-parse.mjs"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn();
    let mut child = child.unwrap_or_else(|e| {
        panic!("cannot run node ({e}); the Mermaid check needs Node.js: bash scripts/setup.sh")
    });
    let input = serde_json::to_vec(texts).expect("JSON");
    child
        .stdin
        .take()
        .expect("node's stdin")
        .write_all(&input)
        .expect("write to node");
    let out = child.wait_with_output().expect("node finishes");
    assert!(
        out.status.success(),
        "node mermaid-parse.mjs failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("a JSON array of verdicts")
}

fn check_dot(file: &Path, dot: &str, e: &Expected) {
    let place = file.display();
    assert!(dot.contains("compound=true;"), "{place}");
    assert_eq!(
        dot.matches("subgraph cluster_").count(),
        e.regions - 1,
        "{place}: a cluster per branch and Map iteration"
    );
    let svg = graphviz::dot_to_svg(&file.display().to_string(), dot);
    let titles: Vec<&str> = svg
        .split("<title>")
        .skip(1)
        .filter_map(|s| s.split("</title>").next())
        .filter(|t| t.len() > 1 && t.starts_with('n') && t[1..].bytes().all(|b| b.is_ascii_digit()))
        .collect();
    for i in 0..e.states {
        let title = format!("n{i}");
        assert_eq!(
            titles.iter().filter(|t| **t == title).count(),
            1,
            "{place}: the SVG draws state {title} once"
        );
    }
    assert_eq!(titles.len(), e.states, "{place}: a node per state");
}

/// The corpus definitions `workflow validate` accepts (scripts/pictures.sh counts the same).
const VALID_CORPUS_DEFINITIONS: usize = 173;
/// Why four of the corpus' 177 files are refused.
const VALID_CORPUS_REASON: &str = "the corpus has 173 valid definitions: refused are the one file \
    that is not ASL, the one that reads its `.sync:2` child's output at the top of the result, \
    the tts-converter one that reads Polly's `TaskStatus` at the top of its answer (it is under \
    `SynthesisTask`), and the distributed-data-stream-aggregator one whose DynamoDB update uses \
    a `#CsvUrl` it does not define";

#[test]
fn every_example_and_corpus_definition_has_its_graph_as_mermaid_and_dot() {
    let definitions = definitions();
    let corpus = definitions
        .iter()
        .filter(|(p, _, _)| p.to_string_lossy().contains("asl-corpus"))
        .count();
    assert_eq!(corpus, VALID_CORPUS_DEFINITIONS, "{VALID_CORPUS_REASON}");
    let mut texts = Vec::new();
    for (path, value, machine) in &definitions {
        let e = expected(value);
        let mermaid = to_mermaid(machine);
        check_mermaid(path, &mermaid, &e);
        check_dot(path, &to_dot(machine), &e);
        texts.push(mermaid);
    }
    let verdicts = mermaid_parse(&texts);
    assert_eq!(verdicts.len(), texts.len(), "one verdict per diagram");
    for ((path, _, _), verdict) in definitions.iter().zip(&verdicts) {
        assert!(
            verdict.is_null(),
            "{}: Mermaid's parser refuses the text: {verdict}",
            path.display()
        );
    }
    println!(
        "graphs checked: {} definitions ({corpus} from the corpus)",
        definitions.len()
    );
}

#[test]
fn labels_are_escaped_in_both_languages() {
    let machine = StateMachine::from_json(
        r##"{"StartAt":"a \"b\": c; #d {e}\nf","States":{
            "a \"b\": c; #d {e}\nf":{"Type":"Choice","Choices":[
                {"Variable":"$.s","StringEquals":"x\"y","Next":"<end>"}],"Default":"<end>"},
            "<end>":{"Type":"Succeed"}}}"##,
    )
    .expect("decodes");
    let mermaid = to_mermaid(&machine);
    assert!(
        mermaid.contains("    %% s0: a \"b\": c; #d {e} f\n"),
        "{mermaid}"
    );
    assert!(
        mermaid.contains("    state \"#lt;end#gt;\" as s1\n"),
        "{mermaid}"
    );
    assert!(
        mermaid.contains("    s0 --> s1 : $.s == #quot;x\\#quot;y#quot;\n"),
        "{mermaid}"
    );
    assert_eq!(
        mermaid_parse(std::slice::from_ref(&mermaid)),
        [Value::Null],
        "{mermaid}"
    );
    let dot = to_dot(&machine);
    assert!(
        dot.contains(r#"n0 [label="a \"b\": c; #d {e}\nf", shape=diamond"#),
        "{dot}"
    );
    assert!(
        dot.contains(r#"n0 -> n1 [label="$.s == \"x\\\"y\""];"#),
        "{dot}"
    );
    graphviz::dot_to_svg("escaped", &dot);
}

#[test]
fn a_deeply_nested_definition_is_drawn() {
    const DEPTH: usize = 30;
    let mut text = String::new();
    for _ in 0..DEPTH {
        text.push_str(r#"{"StartAt":"P","States":{"P":{"Type":"Parallel","End":true,"Branches":["#);
    }
    text.push_str(r#"{"StartAt":"Leaf","States":{"Leaf":{"Type":"Pass","End":true}}}"#);
    text.push_str(&"]}}}".repeat(DEPTH));
    let machine = StateMachine::from_json(&text).expect("decodes");
    let mermaid = to_mermaid(&machine);
    assert_eq!(mermaid.matches(" {\n").count(), DEPTH);
    assert!(mermaid.contains(&format!("state \"Leaf\" as s{DEPTH}\n")));
    assert!(to_dot(&machine).contains(&format!("subgraph cluster_{DEPTH} {{")));
}

#[test]
fn every_example_and_corpus_definition_has_a_picture_with_sound_geometry() {
    let definitions = definitions();
    let corpus = definitions
        .iter()
        .filter(|(p, _, _)| p.to_string_lossy().contains("asl-corpus"))
        .count();
    assert_eq!(corpus, VALID_CORPUS_DEFINITIONS, "{VALID_CORPUS_REASON}");
    let mut total = Checked::default();
    let mut pictures = 0;
    for (path, value, machine) in &definitions {
        let e = expected(value);
        for options in [SvgOptions::default(), SvgOptions::portrait()] {
            let place = format!("{} ({:?})", path.display(), options.orientation);
            let c = check_svg(&place, &to_svg(machine, &options), &e);
            total.states += c.states;
            total.pairs += c.pairs;
            total.edges += c.edges;
            total.lines += c.lines;
            total.labels += c.labels;
            pictures += 1;
        }
    }
    println!(
        "SVG geometry checked: {} definitions ({corpus} from the corpus), {pictures} pictures, \
         {} states, {} pairs of boxes apart, {} edges on their borders, {} lines of text and \
         {} labels inside their boxes",
        definitions.len(),
        total.states,
        total.pairs,
        total.edges,
        total.lines,
        total.labels
    );
}

#[test]
fn a_progress_picture_colours_states_and_escapes_text() {
    let machine = StateMachine::from_json(
        r#"{"StartAt":"A <&>","States":{"A <&>":{"Type":"Pass","Next":"B"},
            "B":{"Type":"Fail"}}}"#,
    )
    .expect("decodes");
    let mut progress = Progress::new();
    progress.set("A <&>", StateStatus::Succeeded);
    progress.set("B", StateStatus::Failed);
    let svg = to_progress_svg(&machine, &progress, &SvgOptions::default());
    let doc = roxmltree::Document::parse(&svg).expect("XML");
    let fill = |name: &str| {
        let g = doc
            .descendants()
            .find(|n| n.attribute("data-name") == Some(name))
            .expect("drawn");
        let rect = g.children().find(|c| c.has_tag_name("rect")).expect("rect");
        rect.attribute("fill").map(str::to_owned)
    };
    assert_eq!(fill("A <&>").as_deref(), Some("#2BD62E"));
    assert_eq!(fill("B").as_deref(), Some("#DE322F"));
    for status in StateStatus::ALL {
        assert!(svg.contains(status.label()), "the legend names {status:?}");
    }
    assert!(!svg.contains("<script"));
}

/// The pictures in `docs/` are what the library draws today: the hello world's graph (portrait)
/// and the progress of its sad path (`workflow run examples/hello_world.asl.json --input
/// '{"IsHelloWorldExample": false}' --progress docs/hello_world_sad.svg`: the Pass and the
/// Choice succeeded, the Fail state failed).
#[test]
fn the_committed_hello_world_pictures_are_current() {
    let text = std::fs::read_to_string(repo_root().join("examples/hello_world.asl.json"))
        .expect("the hello world definition");
    let machine = StateMachine::from_json(&text).expect("decodes");
    let committed = |name: &str| {
        std::fs::read_to_string(repo_root().join("docs").join(name))
            .unwrap_or_else(|e| panic!("docs/{name}: {e}"))
    };
    assert_eq!(
        to_svg(&machine, &SvgOptions::portrait()),
        committed("hello_world.svg"),
        "regenerate with `workflow graph examples/hello_world.asl.json --format svg --portrait \
         -o docs/hello_world.svg`"
    );
    let mut progress = Progress::new();
    progress.set("MyPassState", StateStatus::Succeeded);
    progress.set("Is this Hello World example?", StateStatus::Succeeded);
    progress.set("HelloWorldFailed", StateStatus::Failed);
    assert_eq!(
        to_progress_svg(&machine, &progress, &SvgOptions::default()),
        committed("hello_world_sad.svg"),
        "regenerate with `workflow run examples/hello_world.asl.json --input \
         '{{\"IsHelloWorldExample\": false}}' --progress docs/hello_world_sad.svg`"
    );
}

/// A click anywhere in a Parallel's or Map's box but on a state inside it reaches the box's
/// state: the frames of its branches and their start and end markers, drawn over its fill, let
/// the pointer through (the console selects a state by the `g.state` a click lands in).
#[test]
fn a_compound_states_frames_and_markers_let_the_pointer_through_to_it() {
    let machine = StateMachine::from_json(
        r#"{"StartAt":"P","States":{"P":{"Type":"Parallel","End":true,"Branches":[
            {"StartAt":"A","States":{"A":{"Type":"Pass","End":true}}},
            {"StartAt":"B","States":{"B":{"Type":"Pass","End":true}}}]}}}"#,
    )
    .expect("decodes");
    let svg = to_svg(&machine, &SvgOptions::default());
    let doc = roxmltree::Document::parse(&svg).expect("XML");
    let over: Vec<_> = doc
        .descendants()
        .filter(|n| {
            matches!(n.attribute("class"), Some("region" | "start" | "end"))
                && n.attribute("data-region").is_some()
        })
        .collect();
    assert_eq!(over.len(), 2 + 3 + 3, "two frames, three starts and ends");
    for node in over {
        assert_eq!(
            node.attribute("pointer-events"),
            Some("none"),
            "{:?}",
            node.attribute("class")
        );
    }
}
