//! `docs/architecture.md` holds what it says a program can check: its length; the table of
//! crates and their dependencies, and which heavy dependencies stay in which layers (both
//! against `cargo metadata`, every feature on); each entry point, written in the file it names;
//! every path, module and item it quotes, in the repository; the order it gives the engine's
//! answerers; `start::launch`'s three steps; the top-level test programs; history events'
//! details and types spelled by their codec alone; the CLI's commands failing with a `Failure`
//! that one place prints; and its known debts, each still there (paying one fails the test
//! until the document says so).
//!
//! `WORKFLOW_ARCHITECTURE_ROOT=DIR` checks another checkout of the repository (a merge's tree,
//! say) with this build.

use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

/// What the document quotes that is true only once branch h67 (`workflow serve`: a 200 means
/// written, one writer, resume from the history alone, futures that wait) is merged: each is
/// skipped while it does not hold, and the test fails once it holds, so that it is taken off
/// this list (which then checks it as everything else).
const AFTER_H67: &[&str] = &[];

/// What the document quotes that is true only once branch h65 (the editor's hidden proc
/// macro) is merged, as [`AFTER_H67`].
const AFTER_H65: &[&str] = &[];

/// Paths the document names that are not the repository's: a user crate's file, and the shared
/// data beside the repository (checked when it is there).
const NOT_THE_REPOSITORY: &[&str] = &["src/bin/workflow.rs"];

fn root() -> PathBuf {
    if let Some(dir) = std::env::var_os("WORKFLOW_ARCHITECTURE_ROOT") {
        return PathBuf::from(dir);
    }
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the workspace's root")
        .to_path_buf()
}

fn document() -> String {
    std::fs::read_to_string(root().join("docs/architecture.md")).expect("docs/architecture.md")
}

/// The text of the section `## NAME` (to the next `## `).
fn section<'a>(text: &'a str, name: &str) -> &'a str {
    let start = text
        .find(&format!("\n## {name}\n"))
        .unwrap_or_else(|| panic!("docs/architecture.md has no `## {name}` section"));
    let rest = &text[start + 1..];
    let end = rest[3..].find("\n## ").map_or(rest.len(), |i| i + 3);
    &rest[..end]
}

fn read(path: &str) -> String {
    std::fs::read_to_string(root().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Checks that come true after a merge: `Ok` when `key` holds (or is pending and does not),
/// `Err` with what is wrong otherwise.
fn judge(key: &str, holds: bool, problem: impl FnOnce() -> String) -> Result<(), String> {
    let pending = AFTER_H67.contains(&key) || AFTER_H65.contains(&key);
    match (holds, pending) {
        (true, false) | (false, true) => Ok(()),
        (true, true) => Err(format!(
            "`{key}` holds now: take it off AFTER_H67/AFTER_H65 in tests/architecture.rs"
        )),
        (false, false) => Err(problem()),
    }
}

#[test]
fn the_document_is_under_350_lines() {
    let lines = document().lines().count();
    assert!(lines < 350, "docs/architecture.md has {lines} lines");
}
/// The workspace's crates with every feature on: each crate's direct dependencies by name
/// (normal and build), and the names of everything it depends on, the dependencies' own
/// included.
struct Graph {
    direct: BTreeMap<String, BTreeSet<String>>,
    all: BTreeMap<String, BTreeSet<String>>,
    /// The members that are not published (`publish = false`: the compile-fail cases', the
    /// examples').
    unpublished: BTreeSet<String>,
}

fn graph() -> Graph {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let host = Command::new(std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into()))
        .arg("-vV")
        .output()
        .expect("rustc -vV");
    let host = String::from_utf8_lossy(&host.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("host: ").map(str::to_owned))
        .expect("rustc -vV names the host");
    // The host's platform only: the dependencies built here are in cargo's cache, so no
    // network is needed (other platforms' crates would be).
    let out = Command::new(cargo)
        .current_dir(root())
        .args([
            "metadata",
            "--format-version",
            "1",
            "--locked",
            "--offline",
            "--all-features",
        ])
        .args(["--filter-platform", &host])
        .output()
        .expect("cargo metadata runs");
    assert!(
        out.status.success(),
        "cargo metadata failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let metadata: Value = serde_json::from_slice(&out.stdout).expect("cargo metadata's JSON");
    let name_of: BTreeMap<&str, &str> = metadata["packages"]
        .as_array()
        .expect("packages")
        .iter()
        .map(|p| {
            (
                p["id"].as_str().expect("id"),
                p["name"].as_str().expect("name"),
            )
        })
        .collect();
    let members: Vec<&str> = metadata["workspace_members"]
        .as_array()
        .expect("workspace_members")
        .iter()
        .map(|m| m.as_str().expect("a member's id"))
        .collect();
    // Each package's dependencies that are built into it (not dev-dependencies).
    let mut deps: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for node in metadata["resolve"]["nodes"].as_array().expect("resolve") {
        let id = node["id"].as_str().expect("id");
        let built = node["deps"]
            .as_array()
            .expect("deps")
            .iter()
            .filter(|d| {
                d["dep_kinds"]
                    .as_array()
                    .expect("dep_kinds")
                    .iter()
                    .any(|k| k["kind"].is_null() || k["kind"].as_str() == Some("build"))
            })
            .map(|d| d["pkg"].as_str().expect("pkg"))
            .collect();
        deps.insert(id, built);
    }
    let mut direct = BTreeMap::new();
    let mut all = BTreeMap::new();
    for member in members {
        let name = name_of[member].to_owned();
        direct.insert(
            name.clone(),
            deps[member].iter().map(|d| name_of[d].to_owned()).collect(),
        );
        // Everything below it, with a stack (no recursion).
        let mut seen = BTreeSet::new();
        let mut stack = vec![member];
        while let Some(id) = stack.pop() {
            for &dep in &deps[id] {
                if seen.insert(dep) {
                    stack.push(dep);
                }
            }
        }
        all.insert(name, seen.iter().map(|d| name_of[d].to_owned()).collect());
    }
    let unpublished = metadata["packages"]
        .as_array()
        .expect("packages")
        .iter()
        .filter(|p| p["publish"].as_array().is_some_and(Vec::is_empty))
        .map(|p| p["name"].as_str().expect("name").to_owned())
        .collect();
    Graph {
        direct,
        all,
        unpublished,
    }
}

/// The table of `## Bird's eye view`: each crate, in order, with the workspace's crates it
/// depends on.
fn table() -> Vec<(String, BTreeSet<String>)> {
    let text = document();
    let view = section(&text, "Bird's eye view");
    let start = view
        .find("```text\ncrate ")
        .expect("the table of crates in `## Bird's eye view`");
    let body = &view[start..];
    let body = &body[body.find('\n').expect("a header") + 1..];
    let body = &body[..body.find("```").expect("the table's end")];
    body.lines()
        .skip(1) // the header
        .map(|line| {
            let (name, deps) = line.split_once(' ').expect("a crate and its dependencies");
            let deps = deps.trim();
            let deps = if deps == "-" {
                BTreeSet::new()
            } else {
                deps.split(", ").map(str::to_owned).collect()
            };
            (name.to_owned(), deps)
        })
        .collect()
}

#[test]
fn crates_depend_on_the_crates_the_table_names() {
    let graph = graph();
    let table = table();
    let published: BTreeSet<&String> = graph
        .direct
        .keys()
        .filter(|name| !graph.unpublished.contains(*name))
        .collect();
    let listed: BTreeSet<&String> = table.iter().map(|(name, _)| name).collect();
    assert_eq!(
        listed, published,
        "the table lists every published crate, and only those"
    );
    for (i, (name, deps)) in table.iter().enumerate() {
        let actual: BTreeSet<String> = graph.direct[name]
            .iter()
            .filter(|d| d.starts_with("workflow-"))
            .cloned()
            .collect();
        assert_eq!(&actual, deps, "{name}'s dependencies in the table");
        let above: Vec<&String> = table[i..].iter().map(|(n, _)| n).collect();
        for dep in deps {
            assert!(
                !above.contains(&dep),
                "{name} depends on {dep}, which is not above it in the table"
            );
        }
    }
}

#[test]
fn heavy_dependencies_stay_in_their_layers() {
    let graph = graph();
    let order: Vec<String> = table().into_iter().map(|(name, _)| name).collect();
    let position = |name: &str| {
        order
            .iter()
            .position(|n| n == name)
            .unwrap_or_else(|| panic!("{name} is in the table"))
    };
    // (a third-party crate, the lowest crate allowed to depend on it), as the document says.
    for (heavy, lowest) in [
        ("aws-sdk-sfn", "workflow-runtime"),
        // The engine's `aws-endpoint` feature signs (aws-sigv4) with the standard credential
        // chain (aws-config, and through it aws-sdk-sts).
        ("aws-sigv4", "workflow-local-engine"),
        ("aws-config", "workflow-local-engine"),
        ("tokio", "workflow-local-engine"),
        ("futures", "workflow-local-engine"),
        ("clap", "workflow-cli"),
        ("rusqlite", "workflow-serve"),
        ("rmcp", "workflow-cli"),
    ] {
        // Not vacuous: the lowest crate allowed it does depend on it.
        assert!(
            graph.all[lowest].contains(heavy),
            "{lowest} no longer depends on {heavy}: the document's rule names the wrong crate"
        );
        for name in &order[..position(lowest)] {
            assert!(
                !graph.all[name].contains(heavy),
                "{name} depends on {heavy}; only {lowest} and the crates after it in the table may"
            );
        }
    }
    for name in ["workflow-macros", "workflow-macros-core"] {
        for engine in ["workflow-local-engine", "workflow-runtime", "tokio"] {
            assert!(
                !graph.all[name].contains(engine),
                "{name} depends on {engine}"
            );
        }
    }
    let syn_users: Vec<&String> = order
        .iter()
        .filter(|name| graph.direct[*name].contains("syn"))
        .collect();
    assert_eq!(
        syn_users,
        ["workflow-macros-core"],
        "the crates that depend on syn itself"
    );
}

#[test]
fn entry_points_are_where_the_document_says() {
    let text = document();
    let entries = section(&text, "Entry points");
    // Each bullet quotes items, then names the file they are written in: "`ITEM` … in
    // `FILE`"; every quoted item before a file's name (since the last one) is in that file.
    let mut checked = 0;
    let mut problems = Vec::new();
    for bullet in entries.split("\n- ").skip(1) {
        let bullet = bullet.replace('\n', " ");
        let quoted: Vec<&str> = bullet.split('`').skip(1).step_by(2).collect();
        let mut pending: Vec<&str> = Vec::new();
        for quote in quoted {
            let is_file = quote.ends_with(".rs") && quote.contains('/') && !quote.contains(' ');
            if !is_file {
                pending.push(quote);
                continue;
            }
            let Ok(source) = std::fs::read_to_string(root().join(quote)) else {
                assert!(
                    NOT_THE_REPOSITORY.contains(&quote),
                    "the entry points name {quote}, which does not exist"
                );
                pending.clear();
                continue;
            };
            for item in pending.drain(..) {
                if item.starts_with("pub")
                    || item.starts_with("fn ")
                    || item.starts_with("async ")
                    || item.starts_with("#[")
                {
                    checked += 1;
                    let holds = source.contains(item);
                    if let Err(e) = judge(item, holds, || format!("{quote} does not hold `{item}`"))
                    {
                        problems.push(e);
                    }
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert!(checked >= 17, "only {checked} entry points checked");
}

/// The Rust sources of the repository (the crates', the tests', the examples'), by path from
/// the root, read once.
fn sources() -> &'static Vec<(String, String)> {
    static SOURCES: OnceLock<Vec<(String, String)>> = OnceLock::new();
    SOURCES.get_or_init(|| {
        let root = root();
        let mut found = Vec::new();
        let mut stack: Vec<PathBuf> = std::fs::read_dir(&root)
            .expect("the root")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| {
                let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
                name.starts_with("workflow-") || name == "tests" || name == "examples"
            })
            .collect();
        while let Some(path) = stack.pop() {
            if path.is_dir() {
                if path.file_name().is_some_and(|n| n == "target") {
                    continue;
                }
                stack.extend(
                    std::fs::read_dir(&path)
                        .expect("a directory")
                        .filter_map(|e| e.ok().map(|e| e.path())),
                );
            } else if path.extension().is_some_and(|e| e == "rs")
                // This file names what is pending: it would find it in itself.
                && !path.ends_with("tests/architecture.rs")
            {
                let text = std::fs::read_to_string(&path).expect("a source file");
                let relative = path.strip_prefix(&root).expect("under the root");
                found.push((relative.to_string_lossy().replace('\\', "/"), text));
            }
        }
        found
    })
}

fn is_ident_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Every identifier written in the sources.
fn words() -> &'static HashSet<String> {
    static WORDS: OnceLock<HashSet<String>> = OnceLock::new();
    WORDS.get_or_init(|| {
        sources()
            .iter()
            .flat_map(|(_, text)| text.split(|c: char| !is_ident_char(c)))
            .filter(|w| !w.is_empty())
            .map(str::to_owned)
            .collect()
    })
}

/// Whether `text` holds `before` followed by the word `name` (whole words: no identifier
/// character just before `before` or just after `name`).
fn has_word_after(text: &str, before: &str, name: &str) -> bool {
    let needle = format!("{before}{name}");
    text.match_indices(&needle).any(|(i, _)| {
        let after = text[i + needle.len()..].chars().next();
        let ahead = text[..i].chars().next_back();
        !after.is_some_and(is_ident_char)
            && (!needle.starts_with(is_ident_char) || !ahead.is_some_and(is_ident_char))
    })
}

/// The lines of `text` that are code, not comments.
fn code_lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines().filter(|line| {
        let line = line.trim_start();
        !line.starts_with("//") && !line.starts_with('*')
    })
}

/// Whether `text` defines an item called `name` (or re-exports one as `name`).
fn defines(text: &str, name: &str) -> bool {
    text.contains(name)
        && code_lines(text).any(|line| {
            [
                "fn ", "struct ", "enum ", "trait ", "type ", "const ", "static ", "mod ", "union ",
            ]
            .iter()
            .any(|keyword| has_word_after(line, keyword, name))
                || line.contains("use ") && has_word_after(line, " as ", name)
        })
}

/// Whether the type `ty` has a member `member` (a method, an associated item, a field or a
/// variant) anywhere in `files`.
fn has_member(files: &[&(String, String)], ty: &str, member: &str) -> bool {
    let defines_type = |text: &str| {
        ["struct ", "enum ", "trait ", "type "]
            .iter()
            .any(|k| has_word_after(text, k, ty))
    };
    // `fn member` inside an `impl` block of the type (`impl Type`, `impl Trait for Type`):
    // the block's lines, by counting braces.
    let implements = |text: &str| {
        let lines: Vec<&str> = code_lines(text).collect();
        lines.iter().enumerate().any(|(i, line)| {
            let head = line.trim_start();
            if !(head.starts_with("impl")
                && head
                    .split(|c: char| !is_ident_char(c))
                    .any(|word| word == ty))
            {
                return false;
            }
            let mut depth = 0i64;
            for line in &lines[i..] {
                if depth > 0 && defines(line, member) {
                    return true;
                }
                depth += line.matches('{').count() as i64 - line.matches('}').count() as i64;
                if depth <= 0 && line.contains('}') {
                    return false;
                }
            }
            false
        })
    };
    // A field (`pub member: …`) or a variant (`Member,`, `Member(…)`, `Member { … }`) starts
    // its line.
    let declares = |text: &str| {
        code_lines(text).any(|line| {
            let line = line.trim_start();
            let line = ["pub(crate) ", "pub(super) ", "pub "]
                .iter()
                .find_map(|p| line.strip_prefix(p))
                .unwrap_or(line);
            line.strip_prefix(member).is_some_and(|rest| {
                rest.is_empty()
                    || [":", ",", "(", " {", " ="]
                        .iter()
                        .any(|p| rest.starts_with(p))
            })
        })
    };
    files.iter().any(|(_, text)| {
        text.contains(ty)
            && text.contains(member)
            && (implements(text) || defines_type(text))
            && (defines(text, member) || declares(text))
    })
}

/// The files of a module: `DIR/NAME.rs`, or `DIR/NAME/mod.rs` and everything under `DIR/NAME/`.
fn module_files<'s>(dir: &str, name: &str) -> Vec<&'s (String, String)> {
    let file = format!("{dir}/{name}.rs");
    let under = format!("{dir}/{name}/");
    sources()
        .iter()
        .filter(|(path, _)| *path == file || path.starts_with(&under))
        .collect()
}

/// Resolves `segments` in the crate whose sources are under `src` (`CRATE/src`): modules as far
/// as they go, then an item defined in the last module's files, then its members.
fn resolve_in(src: &str, segments: &[&str]) -> bool {
    let mut dir = src.to_owned();
    let mut files: Vec<&(String, String)> = sources()
        .iter()
        .filter(|(path, _)| path.starts_with(&format!("{src}/")))
        .collect();
    let mut rest = segments;
    while let [first, tail @ ..] = rest {
        let module = module_files(&dir, first);
        if module.is_empty() {
            break;
        }
        dir = format!("{dir}/{first}");
        files = module;
        rest = tail;
    }
    match rest {
        [] => true,
        [item, members @ ..] => {
            if !files.iter().any(|(_, text)| defines(text, item)) {
                return false;
            }
            // An inline module (`pub mod __private { … }`): its items are in the same files.
            members.first().is_none_or(|member| {
                has_member(&files, item, member)
                    || files.iter().any(|(_, text)| defines(text, member))
            })
        }
    }
}

/// The source directories (`CRATE/src`) of the workspace's crates.
fn crate_sources() -> Vec<String> {
    let mut dirs: Vec<String> = sources()
        .iter()
        .filter_map(|(path, _)| {
            let (krate, rest) = path.split_once('/')?;
            (krate.starts_with("workflow-") && rest.starts_with("src/"))
                .then(|| format!("{krate}/src"))
        })
        .collect();
    dirs.sort();
    dirs.dedup();
    dirs
}

/// Whether a module named `name` is anywhere in the crate whose sources are under `src`.
fn module_anywhere(src: &str, name: &str) -> Vec<String> {
    let mut dirs: Vec<String> = sources()
        .iter()
        .filter_map(|(path, _)| {
            let inside = path.strip_prefix(&format!("{src}/"))?;
            let parts: Vec<&str> = inside.split('/').collect();
            let at = parts
                .iter()
                .position(|p| *p == name || *p == format!("{name}.rs"))?;
            Some(
                format!("{src}/{}", parts[..at].join("/"))
                    .trim_end_matches('/')
                    .to_owned(),
            )
        })
        .collect();
    dirs.sort();
    dirs.dedup();
    dirs
}

/// Whether a quoted Rust path (`a::b::C`, `Type::member`) names something in the sources, read
/// in the code map's section of `crates` (or anywhere, outside it).
fn rust_path_exists(path: &str, crates: &[String]) -> bool {
    let segments: Vec<&str> = path.split("::").collect();
    let first = segments[0];
    if let Some(krate) = first.strip_prefix("workflow_") {
        return resolve_in(
            &format!("workflow-{}/src", krate.replace('_', "-")),
            &segments[1..],
        );
    }
    if first.starts_with(char::is_uppercase) {
        let files: Vec<&(String, String)> = sources().iter().collect();
        return segments.len() == 2 && has_member(&files, first, segments[1]);
    }
    let scope: Vec<String> = if crates.is_empty() {
        crate_sources()
    } else {
        crates.iter().map(|c| format!("{c}/src")).collect()
    };
    scope.iter().any(|src| {
        // An inline module at the root (`__private::…`), or a module anywhere in the crate.
        resolve_in(src, &segments)
            || module_anywhere(src, first)
                .iter()
                .any(|dir| resolve_in(dir, &segments))
    }) || segments.len() == 2 && (is_package(first) || is_package(&first.replace('_', "-")))
}

/// Whether `name` is a package in `Cargo.lock` (another crate's item, `serde_json::Value`, is
/// taken on its crate's word).
fn is_package(name: &str) -> bool {
    static LOCK: OnceLock<String> = OnceLock::new();
    LOCK.get_or_init(|| read("Cargo.lock"))
        .contains(&format!("name = \"{name}\"\n"))
}

/// Whether `name` is a package in `Cargo.lock` or a feature of a workspace crate.
fn is_package_or_feature(name: &str) -> bool {
    is_package(name)
        || crate_sources().iter().any(|src| {
            let manifest = read(&src.replace("/src", "/Cargo.toml"));
            manifest
                .lines()
                .any(|line| line.starts_with(&format!("{name} = [")))
        })
}

/// What is wrong with a quoted `token` (in the code map's section of `crates`, if any).
fn check_quote(token: &str, crates: &[String], leads_a_bullet: bool) -> Result<(), String> {
    let token = token.trim_end_matches("()").trim_end_matches('!');
    let is_ident = |s: &str| !s.is_empty() && s.chars().all(is_ident_char);
    if token.contains(char::is_whitespace) || token.is_empty() || token.starts_with('-') {
        return Ok(());
    }
    if token.contains('/') {
        if NOT_THE_REPOSITORY.contains(&token) {
            return Ok(());
        }
        if token.starts_with("../") && !root().join("..").join("shared").is_dir() {
            println!("{token}: ../shared is not beside the repository; not checked");
            return Ok(());
        }
        let exists = root().join(token).exists();
        return judge(token, exists, || {
            format!("the path `{token}` does not exist")
        });
    }
    if token.contains("::") {
        if !token.split("::").all(is_ident) {
            return Ok(());
        }
        let exists = rust_path_exists(token, crates);
        return judge(token, exists, || format!("`{token}` is not in the sources"));
    }
    if is_ident(token) {
        if leads_a_bullet && token.starts_with(char::is_lowercase) && !crates.is_empty() {
            let exists = crates
                .iter()
                .any(|c| !module_anywhere(&format!("{c}/src"), token).is_empty());
            return judge(token, exists, || {
                format!("`{token}` is not a module of {}", crates.join(" or "))
            });
        }
        let exists = words().contains(token);
        return judge(token, exists, || {
            format!("`{token}` is written nowhere in the sources")
        });
    }
    if token
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    {
        let exists = is_package_or_feature(token);
        return judge(token, exists, || {
            format!("`{token}` is neither a package nor a feature")
        });
    }
    Ok(())
}

#[test]
fn every_path_module_and_item_quoted_exists() {
    let text = document();
    // The fenced blocks (the table of crates) are checked against cargo metadata instead.
    let mut prose = String::new();
    let mut fenced = false;
    for line in text.lines() {
        if line.starts_with("```") {
            fenced = !fenced;
        } else if !fenced {
            prose.push_str(line);
            prose.push('\n');
        }
    }
    let mut problems = Vec::new();
    let mut quoted = BTreeSet::new();
    let mut checked = 0;
    for part in prose.split("\n#").skip(1) {
        // `### `workflow-local-engine``, `### `workflow-macros-core` and `workflow-macros``: the
        // crates whose modules the section names; none outside the code map.
        let (heading, body) = part.split_once('\n').unwrap_or((part, ""));
        let crates: Vec<String> = if heading.starts_with("## ") {
            heading
                .split('`')
                .skip(1)
                .step_by(2)
                .map(str::to_owned)
                .collect()
        } else {
            Vec::new()
        };
        for paragraph in body.split("\n\n") {
            for (i, bullet) in paragraph.split("\n- ").enumerate() {
                let bullet = bullet
                    .strip_prefix("- ")
                    .unwrap_or(bullet)
                    .replace('\n', " ");
                let leads = i > 0 || paragraph.starts_with("- ");
                for (j, token) in bullet.split('`').skip(1).step_by(2).enumerate() {
                    quoted.insert(token.to_owned());
                    checked += 1;
                    if let Err(e) = check_quote(token, &crates, leads && j == 0) {
                        problems.push(e);
                    }
                }
            }
        }
    }
    for pending in AFTER_H67.iter().chain(AFTER_H65) {
        let in_entry_points = text.contains(pending);
        if !quoted.contains(*pending) && !in_entry_points {
            problems.push(format!(
                "`{pending}` is pending but the document does not quote it"
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert!(checked > 200, "only {checked} quotes checked");
}

#[test]
fn the_answerers_are_asked_in_the_documented_order() {
    let local = read("workflow-local-engine/src/hosts/local.rs");
    let start = local.find("fn chain(").expect("LocalHost::chain");
    let body = &local[start..];
    let body = &body[..body.find("\n    }\n").expect("the end of chain")];
    let order = ["Worker", "Mock", "Callback", "Handler"].map(|answerer| {
        body.find(&format!("Answerer::{answerer}"))
            .unwrap_or_else(|| panic!("chain has no Answerer::{answerer}"))
    });
    assert!(order.is_sorted(), "chain's order: {order:?}");
    // Walked once: each Task asks the chain once, and nothing else walks the answerers.
    assert_eq!(local.matches("self.chain(").count(), 1, "chain's callers");
    assert!(!local.contains("for answerer in"), "a second walk");
    let text = document();
    let said = &text[text.find("in this order:").expect("the document's order")..];
    let said = order_in(
        said,
        &[
            "hosts::activities",
            "hosts::mock",
            "hosts::callbacks",
            "hosts::handlers",
        ],
    );
    assert!(said.is_sorted(), "the document's order: {said:?}");
}

/// `start::launch` goes in the three steps the document names, each a method of its own:
/// `Engine::launch` itself only calls them, and `Launch` is what its callers state (an enum,
/// not a set of optional knobs).
#[test]
fn launch_goes_in_three_steps() {
    let text = document();
    for step in ["Engine::prepare", "Engine::answerers", "Engine::drive"] {
        assert!(
            text.contains(&format!("`{step}`")),
            "the document names {step}"
        );
    }
    let launch = read("workflow-local-engine/src/start/launch.rs");
    let lines: Vec<&str> = launch.lines().collect();
    let first = lines
        .iter()
        .position(|l| l.contains("pub(crate) async fn launch("))
        .expect("Engine::launch");
    let body = &lines[first
        ..first
            + lines[first..]
                .iter()
                .position(|l| *l == "    }")
                .expect("launch's end")];
    assert!(body.len() < 15, "Engine::launch has {} lines", body.len());
    let body = body.join("\n");
    let calls = ["self.prepare(", "self.answerers(", "self.drive("].map(|call| {
        body.find(call)
            .unwrap_or_else(|| panic!("Engine::launch does not call {call}"))
    });
    assert!(calls.is_sorted(), "Engine::launch's steps: {calls:?}");
    assert!(
        launch.contains("pub(crate) enum Launch<"),
        "Launch is an enum"
    );
}

fn order_in(text: &str, names: &[&str]) -> Vec<usize> {
    names
        .iter()
        .map(|n| {
            text.find(&format!("`{n}`"))
                .unwrap_or_else(|| panic!("{n}"))
        })
        .collect()
}

/// One runtime, the caller's: in the library crates (the tools' `workflow-cli` apart, whose
/// commands are the edge that owns one), only the engine's and the server's `blocking` build a
/// Tokio runtime, and `hosts::aws_endpoint` one for an S3 call outside a multi-threaded
/// runtime; none holds a runtime in a `static`. Test modules are not library code.
#[test]
fn only_the_blocking_adapter_builds_a_runtime() {
    let text = document();
    assert!(text.contains("and the only builder of a runtime but for `hosts::aws_endpoint`"));
    let library = |path: &str, text: &str| {
        path.starts_with("workflow-")
            && !path.starts_with("workflow-cli/")
            && path.contains("/src/")
            && !path.ends_with("_tests.rs")
            && !path.ends_with("/tests.rs")
            && !path.ends_with("/test_support.rs")
            && !text.is_empty()
    };
    let mut builders = Vec::new();
    for (path, text) in sources().iter().filter(|(p, t)| library(p, t)) {
        let code = text.split("#[cfg(test)]").next().unwrap_or_default();
        if code.contains("runtime::Builder::new_") || code.contains("tokio::runtime::Runtime::new")
        {
            builders.push(path.as_str());
        }
        for line in code.lines() {
            assert!(
                !(line.contains("static ") && line.contains("Runtime")),
                "{path} holds a runtime in a static: {line}"
            );
        }
    }
    builders.sort_unstable();
    assert_eq!(
        builders,
        [
            "workflow-local-engine/src/blocking.rs",
            "workflow-local-engine/src/hosts/aws_endpoint/objects.rs",
            "workflow-serve/src/blocking.rs",
        ],
        "the library files that build a Tokio runtime"
    );
}

/// One runtime per `workflow` process: the CLI's `main` builds it, and every command, `workflow
/// serve`, `workflow mcp` and `workflow debug` sessions included, is a future on it; nothing
/// else in the tools builds one or blocks on one (a second would panic inside the first:
/// "Cannot start a runtime from within a runtime"). Test modules are not the tools' code.
#[test]
fn the_cli_builds_one_runtime() {
    let text = document().split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(text.contains("one Tokio runtime per process, built by `cli::main`"));
    let mut builders = Vec::new();
    for (path, text) in sources()
        .iter()
        .filter(|(p, _)| p.starts_with("workflow-cli/src/"))
    {
        let code = text.split("#[cfg(test)]").next().unwrap_or_default();
        for made in [
            "runtime::Builder::new_",
            "Runtime::new()",
            "block_on(",
            "blocking::run(",
            "blocking::start(",
        ] {
            if code.contains(made) {
                builders.push(format!("{path}: {made}"));
            }
        }
    }
    builders.sort_unstable();
    assert_eq!(
        builders,
        [
            "workflow-cli/src/cli/mod.rs: block_on(",
            "workflow-cli/src/cli/mod.rs: runtime::Builder::new_",
        ],
        "where the tools build or block on a Tokio runtime"
    );
}

/// The known debts the document lists, each still there: when one is paid this fails, and the
/// document's `## Known debts` loses it in the same commit.
#[test]
fn the_known_debts_are_still_owed() {
    let debts = section(&document(), "Known debts").to_owned();
    // Paid (issue 66): the engine's own runtime, `workflow mcp`'s thread per call and the
    // `_blocking` twins (`only_the_blocking_adapter_builds_a_runtime` holds them paid).
    assert!(
        !debts.contains("executor.rs")
            && !debts.contains("_blocking")
            && !debts.contains("thread per"),
        "a paid debt is still listed: {debts}"
    );
    // Paid (issue 66): the three hand-written history codecs, and serve's untyped events and
    // keys (`history_events_are_spelled_once` holds them paid).
    assert!(
        !debts.contains("history_read.rs") && !debts.contains("keys task tokens"),
        "a paid debt is still listed: {debts}"
    );
    // Paid (issue 71): serve's operations on a pool thread and its waits for commits on one.
    // None waits on a thread: no blocking pool, no `block_on`, no waiting ticket, outside tests
    // and the blocking adapter (`blocking.rs`, the edge that drives a runtime of its own).
    assert!(
        !debts.contains("pool thread"),
        "a paid debt is still listed: {debts}"
    );
    let test_only = [
        "workflow-serve/src/test_support.rs",
        "workflow-serve/src/answer_tests.rs",
    ];
    for (path, text) in sources().iter().filter(|(path, _)| {
        path.starts_with("workflow-serve/src/")
            && path != "workflow-serve/src/blocking.rs"
            && !test_only.contains(&path.as_str())
    }) {
        let code = text
            .split("#[cfg(test)]\nmod tests")
            .next()
            .unwrap_or_default();
        for waiting in [
            "spawn_blocking",
            "block_on(",
            "wait_blocking",
            "max_blocking_threads",
        ] {
            assert!(
                !code.contains(waiting),
                "{path} waits on a thread (`{waiting}`): serve's operations are futures"
            );
        }
    }
    let owed = [(
        "TestState's inspection data as a JSON map",
        debts.contains("inspection data")
            && read("workflow-local-engine/src/hosts/test_state.rs").contains("\"inspectionData\""),
    )];
    let paid: Vec<&str> = owed.iter().filter(|(_, o)| !o).map(|(d, _)| *d).collect();
    assert!(
        paid.is_empty(),
        "paid, so docs/architecture.md's Known debts must drop them: {paid:?}"
    );
}

/// `workflow serve`'s modules import in no circle (the document's `### `workflow-serve``): a
/// module imports another where its code (its tests aside: an inline `#[cfg(test)] mod tests`,
/// `tests.rs`, the `generate.rs` generator) names `crate::OTHER` or `super::OTHER`, braces
/// (`super::{a, b}`) included; a directory is one module. Each strongly connected component of
/// more than one module is a circle, named with its edges.
#[test]
fn serve_modules_import_in_no_circle() {
    let text = document();
    assert!(text.contains("its modules import in no circle"));
    let src = "workflow-serve/src/";
    let module_of = |path: &str| -> Option<String> {
        let rest = path.strip_prefix(src)?;
        let first = rest.split('/').next()?;
        let name = first.strip_suffix(".rs").unwrap_or(first);
        (name != "lib").then(|| name.to_owned())
    };
    let modules: BTreeSet<String> = sources()
        .iter()
        .filter_map(|(path, _)| module_of(path))
        .collect();
    assert!(modules.len() > 20, "serve's modules: {modules:?}");
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (path, text) in sources() {
        let Some(module) = module_of(path) else {
            continue;
        };
        if path.ends_with("/tests.rs") || path.ends_with("/generate.rs") {
            continue;
        }
        let code = text
            .split("#[cfg(test)]\nmod tests")
            .next()
            .unwrap_or_default();
        let named = edges.entry(module.clone()).or_default();
        for line in code.lines() {
            let line = line.split("//").next().unwrap_or_default();
            for prefix in ["crate::", "super::"] {
                for (at, _) in line.match_indices(prefix) {
                    let rest = &line[at + prefix.len()..];
                    let targets: Vec<&str> = match rest.strip_prefix('{') {
                        Some(group) => group
                            .split('}')
                            .next()
                            .unwrap_or_default()
                            .split(',')
                            .map(|item| item.trim().split("::").next().unwrap_or_default())
                            .collect(),
                        None => vec![
                            rest.split(|c: char| !is_ident_char(c))
                                .next()
                                .unwrap_or_default(),
                        ],
                    };
                    for target in targets {
                        if modules.contains(target) && target != module {
                            named.insert(target.to_owned());
                        }
                    }
                }
            }
        }
    }
    // The modules that reach themselves: a module is in a circle when one of the modules it
    // imports reaches it again (explicit stacks, no recursion).
    let reaches = |from: &str| -> BTreeSet<String> {
        let mut seen = BTreeSet::new();
        let mut stack: Vec<&str> = edges
            .get(from)
            .into_iter()
            .flatten()
            .map(String::as_str)
            .collect();
        while let Some(next) = stack.pop() {
            if seen.insert(next.to_owned()) {
                stack.extend(edges.get(next).into_iter().flatten().map(String::as_str));
            }
        }
        seen
    };
    let circles: Vec<String> = modules
        .iter()
        .filter(|m| reaches(m).contains(*m))
        .map(|m| {
            let back: Vec<&String> = edges[m].iter().filter(|t| reaches(t).contains(m)).collect();
            format!("{m} -> {back:?}")
        })
        .collect();
    assert!(
        circles.is_empty(),
        "serve's modules import in circles:\n{}",
        circles.join("\n")
    );
}

/// History events have one codec (the document's `**Wire formats and their codecs.**`): outside
/// tests, comments and the generated files, no source spells an event's details as the JSON or
/// the AWS SDK names them, but `recorded.rs`'s pointers to the ARNs it refuses.
#[test]
fn history_events_are_spelled_once() {
    let generated = [
        "workflow-local-engine/src/execution/api/generated.rs",
        "workflow-runtime/src/client/history/generated.rs",
        // The pointers of `unreadable_arn`'s errors.
        "workflow-local-engine/src/execution/recorded.rs",
    ];
    let document = document();
    assert!(document.contains("| history events (JSON, the SDK's types) | `execution::api`"));
    let mut spelled = Vec::new();
    for (path, text) in sources() {
        let library = path.starts_with("workflow-") && path.contains("/src/");
        if !library || path.ends_with("tests.rs") || generated.contains(&path.as_str()) {
            continue;
        }
        let code = text.split("#[cfg(test)]").next().unwrap_or_default();
        for line in code.lines() {
            let line = line.trim_start();
            if line.starts_with("//") {
                continue;
            }
            // `"taskScheduledEventDetails"`, not the suffix alone (`ends_with("EventDetails")`).
            let json_key = ["EventDetails\"", "EventDetails/"].iter().any(|key| {
                line.match_indices(key).any(|(at, _)| {
                    line[..at]
                        .chars()
                        .next_back()
                        .is_some_and(|c| c.is_ascii_alphanumeric())
                })
            });
            let sdk_getter = line.contains("_event_details()");
            if json_key || sdk_getter {
                spelled.push(format!("{path}: {line}"));
            }
        }
    }
    assert!(
        spelled.is_empty(),
        "an event's details spelled outside the codec: {spelled:#?}"
    );
    // serve's records hold the engine's events, and its pushed tasks are keyed by type.
    let records = read("workflow-serve/src/records.rs");
    assert!(!records.contains("Vec<Value>") && records.contains("Vec<HistoryEvent>"));
    let pushed = read("workflow-serve/src/pushed.rs");
    assert!(pushed.contains("HashMap<TaskToken, Arc<StatesArn>>"));
    assert!(pushed.contains("queued: HashMap<StatesArn,"));
}

/// Event types are the codec's enum (`execution::api::HistoryEventType`, generated from the API
/// model, whose one `match` in `history_api.rs` decides each type the model lists): outside
/// tests, comments and the generated codec, no library code spells a type the model lists as a
/// string literal (`"ExecutionAborted"`), so none compares an event's type with one. Not
/// checked: `workflow-graph`, which reads any history's events as text and depends on no crate
/// that holds the codec; and the places below where such a literal names an API error.
#[test]
fn event_types_are_compared_as_the_codecs_enum() {
    let codec = ["workflow-local-engine/src/execution/api/generated.rs"];
    // An API error that has an event type's name (`TaskTimedOut`): what serve answers and how
    // the client sorts the service's errors.
    let errors = [
        ("workflow-serve/src/protocol.rs", "\"TaskTimedOut\","),
        (
            "workflow-runtime/src/client/error.rs",
            "\"TaskTimedOut\" | \"TaskDoesNotExist\" =>",
        ),
    ];
    let values = workflow_runtime::execution::api::HistoryEventType::values();
    assert!(values.len() > 50, "{values:?}");
    let mut spelled = Vec::new();
    let mut errors_seen = BTreeSet::new();
    for (path, text) in sources() {
        let library = path.starts_with("workflow-") && path.contains("/src/");
        if !library
            || path.starts_with("workflow-graph/")
            || path.ends_with("tests.rs")
            || codec.contains(&path.as_str())
        {
            continue;
        }
        let code = text.split("#[cfg(test)]").next().unwrap_or_default();
        for line in code.lines() {
            let line = line.trim();
            if line.starts_with("//") {
                continue;
            }
            if let Some(error) = errors
                .iter()
                .find(|(p, error)| p == path && line.contains(error))
            {
                errors_seen.insert(error.0);
                continue;
            }
            if values.iter().any(|v| line.contains(&format!("\"{v}\""))) {
                spelled.push(format!("{path}: {line}"));
            }
        }
    }
    assert!(
        spelled.is_empty(),
        "an event type spelled outside the codec (use `HistoryEventType`): {spelled:#?}"
    );
    let stale: Vec<&str> = errors
        .iter()
        .map(|(p, _)| *p)
        .filter(|p| !errors_seen.contains(p))
        .collect();
    assert!(
        stale.is_empty(),
        "no such API error there any more: {stale:?}"
    );
}

/// Every event type the API model lists is decided in one `match` without a wildcard
/// (`typed` in `execution/history_api.rs`, over the generated `HistoryEventType`): each arm
/// names its types (`T::TaskFailed`, `T::TaskStartFailed | …`), no arm is `_` or a binding
/// that takes what the others leave, and each type the model lists is named by exactly one
/// arm, beside `T::Unknown` (a type the model does not list). A type a new model adds so fails
/// to compile until it is typed or kept as details; a wildcard would hide it, and fails here.
#[test]
fn every_event_type_the_model_lists_is_decided_in_one_match() {
    let path = "workflow-local-engine/src/execution/history_api.rs";
    let text = read(path);
    let start = text
        .find("\nfn typed(")
        .expect("`fn typed` in history_api.rs");
    let end = start + 1 + text[start + 1..].find("\n}\n").expect("the end of `typed`");
    let body: String = text[start..end]
        .lines()
        .map(|l| l.split("//").next().unwrap_or_default())
        .collect::<Vec<_>>()
        .join("\n");
    let open = body
        .find("match event_type {")
        .expect("`typed` matches on `event_type`")
        + "match event_type ".len();
    // The match's own level: what nests deeper (an arm's body, a variant's fields) is left out,
    // its delimiters kept.
    let mut top = String::new();
    let mut depth = 0usize;
    for c in body[open..].chars() {
        match c {
            '{' | '(' | '[' => {
                if depth <= 1 {
                    top.push(c);
                }
                depth += 1;
            }
            '}' | ')' | ']' => {
                depth -= 1;
                if depth <= 1 {
                    top.push(c);
                }
                if depth == 0 {
                    break;
                }
            }
            c if depth == 1 => top.push(c),
            _ => {}
        }
    }
    let segments: Vec<&str> = top.trim_start_matches('{').split("=>").collect();
    assert!(segments.len() > 40, "{top}");
    let mut named: BTreeMap<String, usize> = BTreeMap::new();
    let mut wildcards = Vec::new();
    for segment in &segments[..segments.len() - 1] {
        // A pattern follows the previous arm's `,` or its block's `}`.
        let pattern = segment.rsplit([',', '}']).next().unwrap_or_default().trim();
        for alternative in pattern.split('|').map(str::trim) {
            match alternative.strip_prefix("T::") {
                Some(variant) => {
                    let variant = variant.split('(').next().unwrap_or_default().trim();
                    *named.entry(variant.to_owned()).or_default() += 1;
                }
                None => wildcards.push(alternative.to_owned()),
            }
        }
    }
    assert!(
        wildcards.is_empty(),
        "{path}: `typed` decides event types with an arm that names none: {wildcards:?}"
    );
    assert_eq!(
        named.get("Unknown"),
        Some(&1),
        "{path}: no `T::Unknown` arm"
    );
    let values = workflow_runtime::execution::api::HistoryEventType::values();
    let undecided: Vec<&str> = values
        .iter()
        .copied()
        .filter(|v| named.get(*v) != Some(&1))
        .collect();
    assert!(
        undecided.is_empty(),
        "{path}: types the model lists that `typed` does not name exactly once: {undecided:?}"
    );
    let unknown: Vec<&String> = named
        .keys()
        .filter(|n| *n != "Unknown" && !values.contains(&n.as_str()))
        .collect();
    assert!(unknown.is_empty(), "{path}: no such type: {unknown:?}");
}

/// The top-level `tests/` are the test programs the document's `**Testing.**` paragraph names.
#[test]
fn the_top_level_test_programs_are_those_named() {
    let programs: BTreeSet<String> = crate_sources()
        .iter()
        .chain(&["workflow-macros-ui/src".to_owned()])
        .flat_map(|src| {
            let manifest = read(&src.replace("/src", "/Cargo.toml"));
            manifest
                .lines()
                .filter_map(|l| l.strip_prefix("path = \"../tests/"))
                .map(|rest| format!("tests/{}", rest.trim_end_matches('"')))
                .collect::<Vec<_>>()
        })
        .collect();
    let text = document();
    let testing = &text[text.find("**Testing.**").expect("the Testing paragraph")..];
    let testing = &testing[..testing.find("\n\n").unwrap_or(testing.len())];
    let testing = testing.replace('\n', " ");
    let named = testing[..testing.find("The oracles").expect("the oracles")]
        .split('`')
        .skip(1)
        .step_by(2)
        .filter(|q| q.starts_with("tests/") && q.ends_with(".rs"))
        .map(str::to_owned)
        .collect::<BTreeSet<_>>();
    assert_eq!(named, programs, "the test programs of tests/");
    let count = ["two", "three", "four", "five", "six"][programs.len() - 2];
    assert!(
        testing.contains(&format!("are {count} test programs")),
        "the document does not say the top-level tests/ \"are {count} test programs\""
    );
}

/// Where the CLI's commands may write to standard error besides printing a `Failure`: notes
/// and warnings printed while the command goes on (its exit status is not theirs), and the
/// output sink, which ends the process when the output cannot be written (its callers have no
/// way back up). Each is a file (under `workflow-cli/src/`) and the start of the message's
/// format string; each is written there still.
const STDERR_BESIDES_FAILURES: &[(&str, &str)] = &[
    // The plain tool's `workflow list`, exit status 0.
    (
        "cli/mod.rs",
        "workflow list: this `workflow` was built without",
    ),
    // `out::line` and `out::text` when the output cannot be written: exit status 2 at once.
    ("cli/out.rs", "workflow: cannot write `{}`: {e}"),
    ("cli/out.rs", "workflow: cannot write the output: {e}"),
    // A definition run with its errors taken as warnings (`--errors-as-warnings`).
    ("cli/run.rs", "warning: {line}"),
    // A workflow! left out of an LCOV or Cobertura report that goes on with the others.
    (
        "cli/coverage/mod.rs",
        "workflow coverage: {name} has no source file",
    ),
    // `workflow serve` starting: listening beyond the machine, what it resumed and did not.
    ("cli/serve.rs", "workflow serve: warning: listening on {}"),
    ("cli/serve.rs", "workflow serve: resumed {} execution(s)"),
    ("cli/serve.rs", "workflow serve: {arn} was running when"),
    // `workflow debug`: a connection or a session that fails while the server goes on, and a
    // client's broken message, on the thread that reads it (the session ends as closed).
    ("debug/mod.rs", "workflow debug: a connection failed: {e}"),
    ("debug/mod.rs", "workflow debug: {e}"),
    ("debug/mod.rs", "workflow debug: {broken}"),
];

/// The generic arguments that start `text` (just after its `<`), each trimmed: split at the
/// commas outside brackets, up to the matching `>`.
fn generic_arguments(text: &str) -> Vec<&str> {
    let (mut depth, mut start, mut arguments) = (0usize, 0, Vec::new());
    for (i, c) in text.char_indices() {
        match c {
            '<' | '(' | '[' => depth += 1,
            ')' | ']' => depth = depth.saturating_sub(1),
            '>' if depth == 0 => {
                arguments.push(text[start..i].trim());
                break;
            }
            '>' => depth -= 1,
            ',' if depth == 0 => {
                arguments.push(text[start..i].trim());
                start = i + 1;
            }
            _ => {}
        }
    }
    arguments
}

/// One error convention in the CLI's commands (`workflow-cli/src/cli`, `debug` and `mcp`,
/// their code before `#[cfg(test)]`, comments left out): a command's `run` returns
/// `Result<u8, Failure>` (its exit status, or why it stopped), as `cli::dispatch`, whose match
/// arms are the commands, does; no function fails with a bare exit status (`Result<_, u8>`: a
/// helper that printed its error itself); `.print()` is called in `cli::main` alone, the one
/// place that prints a `Failure` and turns it into the exit status; and `eprintln!` is written
/// in `Failure::print` and otherwise only for the notes and warnings of
/// [`STDERR_BESIDES_FAILURES`], each still written where that list says. The compiler holds
/// the rest: `dispatch`'s arms are of its one type.
#[test]
fn the_commands_fail_with_a_failure_printed_in_one_place() {
    assert!(
        document().contains("a `Failure` that `cli::main` alone prints"),
        "the document's `cli` bullet says where a Failure is printed"
    );
    let commands: Vec<(&str, String)> = sources()
        .iter()
        .filter_map(|(path, text)| {
            let path = path.strip_prefix("workflow-cli/src/")?;
            let code = text.split("#[cfg(test)]").next().unwrap_or_default();
            ["cli/", "debug/", "mcp/"]
                .iter()
                .any(|dir| path.starts_with(dir))
                .then(|| (path, code_lines(code).collect::<Vec<_>>().join("\n")))
        })
        .collect();
    assert!(
        commands.len() >= 30,
        "only {} command files",
        commands.len()
    );
    // From `opening` to the brace that closes it, at the indentation `closing` has.
    let body = |code: &str, opening: &str, closing: &str| -> std::ops::Range<usize> {
        let start = code
            .find(opening)
            .unwrap_or_else(|| panic!("no `{opening}`"));
        let end = code[start..]
            .find(closing)
            .map_or(code.len(), |i| start + i);
        start..end
    };
    let mut problems = Vec::new();
    let mut notes_seen = BTreeSet::new();
    let mut runs = 0;
    for (path, code) in &commands {
        for (at, _) in code.match_indices("fn run(") {
            runs += 1;
            let signature = &code[at..at + code[at..].find('{').unwrap_or(0)];
            if !signature.contains("-> Result<u8, Failure>") {
                problems.push(format!(
                    "{path}: `{signature}` returns no Result<u8, Failure>"
                ));
            }
        }
        for (at, _) in code.match_indices("-> Result<") {
            let arguments = generic_arguments(&code[at + "-> Result<".len()..]);
            if arguments.get(1) == Some(&"u8") {
                let line = code[at..].lines().next().unwrap_or_default();
                problems.push(format!("{path}: fails with a bare exit status: `{line}`"));
            }
        }
        let main =
            (*path == "cli/mod.rs").then(|| body(code, "pub fn main() -> ExitCode {", "\n}"));
        for (at, _) in code.match_indices(".print()") {
            if !main.as_ref().is_some_and(|main| main.contains(&at)) {
                problems.push(format!("{path}: `.print()` outside `cli::main`"));
            }
        }
        let print =
            (*path == "cli/mod.rs").then(|| body(code, "    fn print(&self) -> u8 {", "\n    }"));
        for (at, _) in code.match_indices("eprintln!(") {
            if print.as_ref().is_some_and(|print| print.contains(&at)) {
                notes_seen.insert(("Failure::print", ""));
                continue;
            }
            let format = code[at + "eprintln!(".len()..].trim_start();
            let format = format.strip_prefix('"').unwrap_or_default();
            match STDERR_BESIDES_FAILURES
                .iter()
                .find(|(file, start)| file == path && format.starts_with(start))
            {
                Some(note) => {
                    notes_seen.insert(*note);
                }
                None => problems.push(format!(
                    "{path}: `eprintln!(\"{}\"` prints neither a Failure nor a listed note: \
                     return a Failure (or list the warning in STDERR_BESIDES_FAILURES)",
                    format.split('"').next().unwrap_or_default()
                )),
            }
        }
    }
    assert!(runs >= 16, "only {runs} `fn run(` in the command files");
    let cli = &commands
        .iter()
        .find(|(path, _)| *path == "cli/mod.rs")
        .expect("cli/mod.rs")
        .1;
    assert!(
        cli.contains("fn dispatch(cli: Cli) -> Result<u8, Failure> {"),
        "cli::dispatch, whose arms are the commands, returns Result<u8, Failure>"
    );
    assert!(
        notes_seen.contains(&("Failure::print", "")),
        "Failure::print writes to standard error no more"
    );
    for note in STDERR_BESIDES_FAILURES {
        if !notes_seen.contains(note) {
            problems.push(format!("{note:?} is written no more: take it off the list"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
