//! Deployment substitution variables as SAM / CloudFormation `DefinitionSubstitutions` use
//! them: `${Name}` where `Name` is made of `A-Z a-z 0-9 _ : . -` (e.g. `${LambdaArn}`,
//! `${AWS::Partition}`).

/// One `${Name}` found in a string.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Substitution {
    /// The name between `${` and `}`.
    pub name: String,
    /// Byte offset of the `$`.
    pub start: usize,
    /// Byte offset just after the `}`.
    pub end: usize,
}

fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | ':' | '.' | '-')
}

/// Every `${Name}` in `s`, left to right. Text that only looks similar (`${}`, `${ x }`,
/// `${!Literal}`) is not a substitution.
///
/// ```
/// use workflow_asl::path::find_substitutions;
/// let found = find_substitutions("arn:${AWS::Partition}:states:::${Service}");
/// assert_eq!(found.len(), 2);
/// assert_eq!(found[0].name, "AWS::Partition");
/// assert_eq!((found[0].start, found[0].end), (4, 21));
/// ```
#[must_use]
pub fn find_substitutions(s: &str) -> Vec<Substitution> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(relative) = s.get(from..).and_then(|rest| rest.find("${")) {
        let start = from + relative;
        let name_start = start + 2;
        let rest = s.get(name_start..).unwrap_or("");
        let name_len = rest.find(|c| !is_name_char(c)).unwrap_or(rest.len());
        let name = rest.get(..name_len).unwrap_or("");
        if !name.is_empty() && rest.get(name_len..).is_some_and(|r| r.starts_with('}')) {
            let end = name_start + name_len + 1;
            found.push(Substitution {
                name: name.to_string(),
                start,
                end,
            });
            from = end;
        } else {
            from = name_start;
        }
    }
    found
}

/// The name, when the whole of `s` is exactly one `${Name}`.
///
/// ```
/// use workflow_asl::path::is_whole_substitution;
/// assert_eq!(is_whole_substitution("${LambdaArn}"), Some("LambdaArn"));
/// assert_eq!(is_whole_substitution("arn:${AWS::Partition}:x"), None);
/// ```
#[must_use]
pub fn is_whole_substitution(s: &str) -> Option<&str> {
    let name = s.strip_prefix("${")?.strip_suffix('}')?;
    (!name.is_empty() && name.chars().all(is_name_char)).then_some(name)
}

/// Whether `s` contains at least one `${Name}`.
#[must_use]
pub fn contains_substitution(s: &str) -> bool {
    !find_substitutions(s).is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn names(s: &str) -> Vec<String> {
        find_substitutions(s).into_iter().map(|f| f.name).collect()
    }

    #[test]
    fn finds_names() {
        assert_eq!(names("${LambdaArn}"), ["LambdaArn"]);
        assert_eq!(
            names("arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:x"),
            ["AWS::Partition", "AWS::Region", "AWS::AccountId"]
        );
        assert_eq!(names("${DynamoDBTable}.$"), ["DynamoDBTable"]);
        assert_eq!(names("${a.b-c_d:1}"), ["a.b-c_d:1"]);
        assert_eq!(names("$${X}"), ["X"]);
        assert_eq!(names("${${X}}"), ["X"]);
        assert_eq!(names("${X}${Y}"), ["X", "Y"]);
    }

    #[test]
    fn ignores_lookalikes() {
        for s in [
            "",
            "$",
            "${",
            "${}",
            "${ X }",
            "${X",
            "${!Literal}",
            "$X",
            "{X}",
            "${é}",
            "$.a",
        ] {
            assert!(find_substitutions(s).is_empty(), "{s}");
            assert!(!contains_substitution(s), "{s}");
        }
    }

    #[test]
    fn offsets() {
        let found = find_substitutions("é ${A} x");
        assert_eq!(
            found,
            vec![Substitution {
                name: "A".into(),
                start: 3,
                end: 7
            }]
        );
    }

    #[test]
    fn whole() {
        assert_eq!(is_whole_substitution("${LambdaArn}"), Some("LambdaArn"));
        assert_eq!(is_whole_substitution("${AWS::Region}"), Some("AWS::Region"));
        assert_eq!(is_whole_substitution("${A}${B}"), None);
        assert_eq!(is_whole_substitution(" ${A}"), None);
        assert_eq!(is_whole_substitution("${A}.$"), None);
        assert_eq!(is_whole_substitution("${}"), None);
        assert_eq!(is_whole_substitution("${ A}"), None);
        assert!(contains_substitution("x${A}y"));
    }

    proptest! {
        #[test]
        fn never_panics(text in any::<String>()) {
            let found = find_substitutions(&text);
            for f in &found {
                let expected = format!("${{{}}}", f.name);
                prop_assert_eq!(text.get(f.start..f.end), Some(expected.as_str()));
            }
            if let Some(name) = is_whole_substitution(&text) {
                prop_assert_eq!(found.len(), 1);
                prop_assert_eq!(found.first().map(|f| f.name.as_str()), Some(name));
            }
        }

        #[test]
        fn finds_generated(prefix in "[a-z${} ]{0,8}", name in "[A-Za-z0-9_:.-]{1,12}", suffix in "[a-z ]{0,8}") {
            let text = format!("{prefix}${{{name}}}{suffix}");
            prop_assert!(names(&text).contains(&name));
        }
    }
}
