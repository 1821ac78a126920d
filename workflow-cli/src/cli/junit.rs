//! `workflow test --junit`'s XML: quick-junit's report (cargo-nextest's model and writer),
//! made to pass the schema of Jenkins' xUnit plugin (`junit-10.xsd`, the schema the plugin
//! validates JUnit reports with, which `tests/workflow_test.rs` validates against), which
//! quick-junit 0.8 does not: it always writes a `skipped` count on `testsuites`, an attribute
//! that schema does not have (it has one on each `testsuite`). The report is read back once
//! with quick-xml's reader and written with its writer, the `testsuites` element without that
//! attribute; every other event passes through unchanged.

use quick_junit::{NonSuccessKind, Report, TestCase, TestCaseStatus, TestSuite};
use quick_xml::events::{BytesStart, Event};
use quick_xml::{Reader, Writer};

/// The attributes of `testsuites` that Jenkins' xUnit schema does not have.
const NOT_ON_TESTSUITES: &[&[u8]] = &[b"skipped"];

/// `report` as XML that Jenkins' xUnit schema accepts.
pub(super) fn to_xml(report: &Report) -> Result<String, String> {
    let written = report
        .to_string()
        .map_err(|e| format!("the JUnit report could not be written: {e}"))?;
    let mut reader = Reader::from_str(&written);
    let mut writer = Writer::new(Vec::with_capacity(written.len()));
    loop {
        let event = reader
            .read_event()
            .map_err(|e| format!("the JUnit report could not be read back: {e}"))?;
        let event = match event {
            Event::Eof => break,
            Event::Start(start) if start.name().as_ref() == b"testsuites" => {
                Event::Start(without_attributes(&start, NOT_ON_TESTSUITES)?)
            }
            Event::Empty(start) if start.name().as_ref() == b"testsuites" => {
                Event::Empty(without_attributes(&start, NOT_ON_TESTSUITES)?)
            }
            other => other,
        };
        writer
            .write_event(event)
            .map_err(|e| format!("the JUnit report could not be written: {e}"))?;
    }
    String::from_utf8(writer.into_inner())
        .map_err(|e| format!("the JUnit report is not UTF-8: {e}"))
}

/// `start` without the attributes named in `dropped`.
fn without_attributes(
    start: &BytesStart<'_>,
    dropped: &[&[u8]],
) -> Result<BytesStart<'static>, String> {
    let name = String::from_utf8_lossy(start.name().as_ref()).into_owned();
    let mut kept = BytesStart::new(name);
    for attribute in start.attributes() {
        let attribute = attribute.map_err(|e| format!("the JUnit report's attributes: {e}"))?;
        if !dropped.contains(&attribute.key.as_ref()) {
            kept.push_attribute(attribute);
        }
    }
    Ok(kept.into_owned())
}

/// The report of a run that could not start because an input is wrong: one suite, `workflow
/// test`, with one test case named after the file, in error with the located message, so that
/// CI's test report shows why instead of nothing.
pub(super) fn input_error(file: &str, kind: &str, message: &str) -> Report {
    let mut status = TestCaseStatus::non_success(NonSuccessKind::Error);
    status.set_type(kind).set_message(message);
    let mut case = TestCase::new(file, status);
    case.set_classname("workflow test");
    let mut suite = TestSuite::new("workflow test");
    suite.add_test_case(case);
    let mut report = Report::new("workflow test");
    report.add_test_suite(suite);
    report
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn testsuites_has_no_skipped_count_and_each_testsuite_keeps_its_own() {
        let xml = to_xml(&input_error(
            "mocks.json",
            "InvalidMockConfiguration",
            "a < b & c",
        ))
        .expect("written");
        let root = xml
            .lines()
            .find(|l| l.contains("<testsuites"))
            .expect("a testsuites element");
        assert!(!root.contains("skipped"), "{xml}");
        assert!(
            root.contains(r#"tests="1""#) && root.contains(r#"errors="1""#),
            "{xml}"
        );
        assert!(
            xml.contains(r#"<testsuite name="workflow test" tests="1" skipped="0""#),
            "{xml}"
        );
        assert!(xml.contains(r#"message="a &lt; b &amp; c""#), "{xml}");
    }
}
