//! The Cobertura XML report (Cobertura's `coverage-04.dtd`), which GitLab's merge request
//! coverage view reads (it reads Cobertura or JaCoCo, not LCOV), as do Jenkins' Cobertura and
//! Coverage plugins and Azure Pipelines: a `package` per directory, a `class` per workflow
//! (`name` the workflow, `filename` its source file as LCOV's `SF:` names it, from the
//! directory the report was made in, named in `sources`), a `line` per line holding points
//! (`hits` the line's count; `branch="true"` and `condition-coverage` where branches are
//! written), with the same line and branch counts as the LCOV report.

use super::lines::SourceCoverage;
use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use std::collections::BTreeMap;

/// Where Cobertura's DTD is published, the document type every Cobertura report names.
const DTD: &str = "http://cobertura.sourceforge.net/xml/coverage-04.dtd";

/// A workflow's coverage, one `class` of the report.
pub(super) struct Class<'a> {
    /// The workflow's name.
    pub name: &'a str,
    /// Its source file.
    pub file: &'a str,
    /// Its lines and branches.
    pub coverage: SourceCoverage,
}

/// The report of `classes`, made in the directory `source` at `timestamp` (milliseconds since
/// the epoch, as Cobertura writes it).
pub(super) fn report(classes: &[Class<'_>], source: &str, timestamp: u128) -> String {
    let mut packages: BTreeMap<&str, Vec<&Class<'_>>> = BTreeMap::new();
    for class in classes {
        let directory = class.file.rsplit_once('/').map_or(".", |(d, _)| d);
        packages.entry(directory).or_default().push(class);
    }
    let all = Counts::of(classes.iter());
    let mut xml = Writer::new_with_indent(Vec::new(), b' ', 2);
    // Writing into a Vec cannot fail.
    let _ = xml.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)));
    let _ = xml.write_event(Event::DocType(BytesText::from_escaped(format!(
        "coverage SYSTEM \"{DTD}\""
    ))));
    let mut coverage = BytesStart::new("coverage");
    all.rates(&mut coverage);
    coverage.push_attribute(("lines-covered", all.lines_hit.to_string().as_str()));
    coverage.push_attribute(("lines-valid", all.lines.to_string().as_str()));
    coverage.push_attribute(("branches-covered", all.branches_hit.to_string().as_str()));
    coverage.push_attribute(("branches-valid", all.branches.to_string().as_str()));
    coverage.push_attribute(("complexity", "0"));
    coverage.push_attribute(("version", env!("CARGO_PKG_VERSION")));
    coverage.push_attribute(("timestamp", timestamp.to_string().as_str()));
    let _ = xml.write_event(Event::Start(coverage));
    let _ = xml.write_event(Event::Start(BytesStart::new("sources")));
    let _ = xml
        .create_element("source")
        .write_text_content(BytesText::new(source));
    let _ = xml.write_event(Event::End(BytesEnd::new("sources")));
    let _ = xml.write_event(Event::Start(BytesStart::new("packages")));
    for (directory, classes) in &packages {
        let mut package = BytesStart::new("package");
        package.push_attribute(("name", *directory));
        Counts::of(classes.iter().copied()).rates(&mut package);
        package.push_attribute(("complexity", "0"));
        let _ = xml.write_event(Event::Start(package));
        let _ = xml.write_event(Event::Start(BytesStart::new("classes")));
        for class in classes {
            write_class(&mut xml, class);
        }
        let _ = xml.write_event(Event::End(BytesEnd::new("classes")));
        let _ = xml.write_event(Event::End(BytesEnd::new("package")));
    }
    let _ = xml.write_event(Event::End(BytesEnd::new("packages")));
    let _ = xml.write_event(Event::End(BytesEnd::new("coverage")));
    let mut text = String::from_utf8_lossy(&xml.into_inner()).into_owned();
    text.push('\n');
    text
}

fn write_class(xml: &mut Writer<Vec<u8>>, class: &Class<'_>) {
    let mut start = BytesStart::new("class");
    start.push_attribute(("name", class.name));
    start.push_attribute(("filename", class.file));
    Counts::of([class]).rates(&mut start);
    start.push_attribute(("complexity", "0"));
    let _ = xml.write_event(Event::Start(start));
    let _ = xml.write_event(Event::Empty(BytesStart::new("methods")));
    let _ = xml.write_event(Event::Start(BytesStart::new("lines")));
    for (number, hits) in &class.coverage.lines {
        let mut line = BytesStart::new("line");
        line.push_attribute(("number", number.to_string().as_str()));
        line.push_attribute(("hits", hits.to_string().as_str()));
        let on_line: Vec<_> = class
            .coverage
            .branches
            .iter()
            .filter(|b| b.line == *number)
            .collect();
        if on_line.is_empty() {
            line.push_attribute(("branch", "false"));
        } else {
            let taken = on_line
                .iter()
                .filter(|b| b.taken.is_some_and(|t| t > 0))
                .count();
            line.push_attribute(("branch", "true"));
            line.push_attribute((
                "condition-coverage",
                format!(
                    "{}% ({taken}/{})",
                    taken * 100 / on_line.len(),
                    on_line.len()
                )
                .as_str(),
            ));
        }
        let _ = xml.write_event(Event::Empty(line));
    }
    let _ = xml.write_event(Event::End(BytesEnd::new("lines")));
    let _ = xml.write_event(Event::End(BytesEnd::new("class")));
}

/// Lines and branches, valid and covered, of some classes.
#[derive(Default)]
struct Counts {
    lines: usize,
    lines_hit: usize,
    branches: usize,
    branches_hit: usize,
}

impl Counts {
    fn of<'c, 'a: 'c>(classes: impl IntoIterator<Item = &'c Class<'a>>) -> Counts {
        let mut counts = Counts::default();
        for class in classes {
            counts.lines += class.coverage.lines.len();
            counts.lines_hit += class.coverage.lines_hit();
            counts.branches += class.coverage.branches.len();
            counts.branches_hit += class.coverage.branches_hit();
        }
        counts
    }

    /// `line-rate` and `branch-rate` (1 where there is nothing to count, as Cobertura writes).
    fn rates(&self, element: &mut BytesStart<'_>) {
        let rate = |hit: usize, all: usize| {
            if all == 0 {
                "1".to_owned()
            } else {
                format!("{:.4}", hit as f64 / all as f64)
            }
        };
        element.push_attribute(("line-rate", rate(self.lines_hit, self.lines).as_str()));
        element.push_attribute((
            "branch-rate",
            rate(self.branches_hit, self.branches).as_str(),
        ));
    }
}
