//! `docs/architecture.md` holds what it says a program can check: the table of crates and their
//! dependencies, which heavy dependencies stay in which layers (both against `cargo metadata`,
//! every feature on), and the entry points it names, each written in the file it names.

use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
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

/// The workspace's crates with every feature on: each crate's direct dependencies by name
/// (normal and build), and the names of everything it depends on, the dependencies' own
/// included.
struct Graph {
    direct: BTreeMap<String, BTreeSet<String>>,
    all: BTreeMap<String, BTreeSet<String>>,
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
    Graph { direct, all }
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
        .filter(|name| name.as_str() != "workflow-macros-ui")
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
        ("aws-sigv4", "workflow-engine"),
        ("aws-config", "workflow-engine"),
        ("tokio", "workflow-engine"),
        ("clap", "workflow-cli"),
        ("rusqlite", "workflow-cli"),
        ("rmcp", "workflow-cli"),
    ] {
        for name in &order[..position(lowest)] {
            assert!(
                !graph.all[name].contains(heavy),
                "{name} depends on {heavy}; only {lowest} and above may"
            );
        }
    }
    for name in ["workflow-macros", "workflow-macros-core"] {
        for engine in ["workflow-engine", "workflow-runtime", "tokio"] {
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
            let path = root().join(quote);
            let Ok(source) = std::fs::read_to_string(&path) else {
                // A crate's own `src/bin/workflow.rs` is a user's file, not the workspace's.
                assert!(
                    quote == "src/bin/workflow.rs",
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
                    assert!(source.contains(item), "{quote} does not hold `{item}`");
                    checked += 1;
                }
            }
        }
    }
    assert!(checked >= 17, "only {checked} entry points checked");
}
