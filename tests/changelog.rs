//! `CHANGELOG.md` keeps the Keep a Changelog form (<https://keepachangelog.com/en/1.1.0/>):
//! one `# Changelog` title, `## Unreleased` first and then the releases, newest first, each
//! change type (`### Added`, `Changed`, `Deprecated`, `Removed`, `Fixed`, `Security`) at most
//! once in a release, and every entry under a change type.

use std::path::Path;

/// The change types Keep a Changelog names.
const CHANGE_TYPES: &[&str] = &[
    "Added",
    "Changed",
    "Deprecated",
    "Removed",
    "Fixed",
    "Security",
];

/// A release heading's version, `## [1.2.3] - 2026-01-31` or `## 1.2.3 - 2026-01-31`, as
/// numbers; `None` for a heading of another form.
fn release_version(heading: &str) -> Option<Vec<u64>> {
    let (version, date) = heading.split_once(" - ")?;
    let version = version.trim_start_matches('[').trim_end_matches(']');
    let date_ok = date.len() == 10
        && date.char_indices().all(|(i, c)| {
            if i == 4 || i == 7 {
                c == '-'
            } else {
                c.is_ascii_digit()
            }
        });
    let numbers: Option<Vec<u64>> = version.split('.').map(|n| n.parse().ok()).collect();
    numbers.filter(|n| n.len() == 3 && date_ok)
}

/// What is wrong with `text` as a Keep a Changelog file, one line per problem.
fn problems(text: &str) -> Vec<String> {
    let mut problems = Vec::new();
    let mut lines = text.lines().enumerate().map(|(i, l)| (i + 1, l));
    if lines.next().map(|(_, l)| l) != Some("# Changelog") {
        problems.push("line 1: the title is not `# Changelog`".to_owned());
    }
    let mut release: Option<String> = None;
    let mut versions: Vec<Vec<u64>> = Vec::new();
    let mut types_seen: Vec<&str> = Vec::new();
    let mut in_type = false;
    let mut in_fence = false;
    for (n, line) in lines {
        if line.starts_with("```") {
            in_fence = !in_fence;
        }
        if in_fence {
            continue;
        }
        if let Some(heading) = line.strip_prefix("## ") {
            if heading == "Unreleased" {
                if release.is_some() {
                    problems.push(format!(
                        "line {n}: `## Unreleased` is not the first release"
                    ));
                }
            } else if let Some(version) = release_version(heading) {
                if release.is_none() {
                    problems.push(format!(
                        "line {n}: no `## Unreleased` before `## {heading}`"
                    ));
                }
                if versions.last().is_some_and(|last| *last <= version) {
                    problems.push(format!(
                        "line {n}: `## {heading}` is not older than the one above"
                    ));
                }
                versions.push(version);
            } else {
                problems.push(format!(
                    "line {n}: `## {heading}` is neither `## Unreleased` nor `## [x.y.z] - YYYY-MM-DD`"
                ));
            }
            release = Some(heading.to_owned());
            types_seen.clear();
            in_type = false;
        } else if let Some(kind) = line.strip_prefix("### ") {
            if release.is_none() {
                problems.push(format!("line {n}: `### {kind}` is under no release"));
            }
            match CHANGE_TYPES.iter().find(|t| **t == kind) {
                None => problems.push(format!(
                    "line {n}: `### {kind}` is no change type ({})",
                    CHANGE_TYPES.join(", ")
                )),
                Some(t) if types_seen.contains(t) => problems.push(format!(
                    "line {n}: a second `### {kind}` in `## {}`",
                    release.as_deref().unwrap_or("")
                )),
                Some(t) => types_seen.push(t),
            }
            in_type = true;
        } else if line.starts_with('#') {
            problems.push(format!(
                "line {n}: a heading other than `#`, `##`, `###`: {line}"
            ));
        } else if line.starts_with("- ") && !in_type {
            problems.push(format!("line {n}: an entry under no `### <change type>`"));
        }
    }
    problems
}

#[test]
fn the_changelog_keeps_the_keep_a_changelog_form() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../CHANGELOG.md");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{} cannot be read: {e}", path.display()));
    let problems = problems(&text);
    assert!(
        problems.is_empty(),
        "CHANGELOG.md is not in the Keep a Changelog form:\n{}",
        problems.join("\n")
    );
}

#[test]
fn the_form_check_finds_each_kind_of_mistake() {
    let good = "# Changelog\n\nPolicy.\n\n## Unreleased\n\n### Changed\n\n- a\n\n### Added\n\n\
                - b\n\n## [0.1.0] - 2026-11-26\n\n### Added\n\n- c\n";
    assert_eq!(problems(good), Vec::<String>::new());
    let cases = [
        ("# Changes\n## Unreleased\n", "title"),
        (
            "# Changelog\n## Unreleased\n### Changes\n- a\n",
            "no change type",
        ),
        (
            "# Changelog\n## Unreleased\n### Added\n- a\n### Added\n- b\n",
            "a second",
        ),
        ("# Changelog\n## Unreleased\n- a\n", "under no"),
        (
            "# Changelog\n## [0.1.0] - 2026-11-26\n### Added\n- a\n",
            "no `## Unreleased`",
        ),
        ("# Changelog\n## Unreleased\n## Next\n", "neither"),
        (
            "# Changelog\n## Unreleased\n## [0.1.0] - 2026-01-01\n## [0.2.0] - 2026-02-01\n",
            "not older",
        ),
        ("# Changelog\n## Unreleased\n#### Detail\n", "other than"),
    ];
    for (text, expected) in cases {
        let found = problems(text);
        assert!(
            found.iter().any(|p| p.contains(expected)),
            "{text:?}: expected a problem containing {expected:?}, found {found:?}"
        );
    }
}
