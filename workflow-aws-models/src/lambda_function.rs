//! A Lambda function as Lambda's API names it ([`LambdaFunctionRef`]): the one parser of
//! function names, partial ARNs and ARNs, with or without a qualifier. A Task's `Resource`
//! that is a function's ARN is parsed with the rest of the resource ([`crate::Resource`]);
//! its `function:NAME[:QUALIFIER]` part is split here too.

use std::fmt;

/// A reference to a Lambda function in one of the forms Lambda's `FunctionName` takes (AWS
/// Lambda API Reference, `Invoke`, "FunctionName"):
///
/// - a function name, `my-function`, or a name with a qualifier, `my-function:v1`;
/// - a partial ARN, `123456789012:function:my-function`;
/// - a function ARN, `arn:aws:lambda:us-west-2:123456789012:function:my-function`;
///
/// each optionally followed by a version or an alias (`:v1`, `:3`, `:$LATEST`), the
/// qualifier. Only the form is parsed: what characters a name and a qualifier may hold is the
/// API model's pattern, which [`Shape::check`](crate::Shape::check) holds a request's
/// `FunctionName` to (a `${Name}` deployment substitution stands for a name here).
///
/// ```
/// use workflow_aws_models::LambdaFunctionRef;
///
/// let f = LambdaFunctionRef::parse("arn:aws:lambda:us-west-2:123456789012:function:charge:live").unwrap();
/// assert_eq!((f.name, f.qualifier, f.account), ("charge", Some("live"), Some("123456789012")));
/// assert_eq!(LambdaFunctionRef::parse("charge:live"), Some(LambdaFunctionRef {
///     name: "charge",
///     qualifier: Some("live"),
///     ..LambdaFunctionRef::named("charge")
/// }));
/// assert_eq!(LambdaFunctionRef::parse("123456789012:function:charge").unwrap().account, Some("123456789012"));
/// // Not a function: an ARN of another service, or of a Lambda layer.
/// assert_eq!(LambdaFunctionRef::parse("arn:aws:sqs:us-east-1:123456789012:queue"), None);
/// assert_eq!(LambdaFunctionRef::parse("arn:aws:lambda:us-east-1:123456789012:layer:l:1"), None);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LambdaFunctionRef<'a> {
    /// The partition of a function ARN (`aws`, `aws-cn`, …); `None` in the other forms.
    pub partition: Option<&'a str>,
    /// The region of a function ARN; `None` in the other forms.
    pub region: Option<&'a str>,
    /// The account of an ARN or a partial ARN; `None` for a name.
    pub account: Option<&'a str>,
    /// The function's name.
    pub name: &'a str,
    /// The version or alias written after the name, if any.
    pub qualifier: Option<&'a str>,
}

impl<'a> LambdaFunctionRef<'a> {
    /// The function `name`, unqualified.
    pub fn named(name: &'a str) -> Self {
        LambdaFunctionRef {
            partition: None,
            region: None,
            account: None,
            name,
            qualifier: None,
        }
    }

    /// The function `text` names, in any of the forms above; `None` when it is in none of
    /// them (empty, an ARN of another service or resource, too many parts, an empty name or
    /// qualifier).
    pub fn parse(text: &'a str) -> Option<Self> {
        if text.starts_with("arn:") {
            let arn = crate::Arn::parse(text)?;
            if arn.service != "lambda" {
                return None;
            }
            let function = arn.resource.strip_prefix("function:")?;
            let (name, qualifier) = name_and_qualifier(function)?;
            return Some(LambdaFunctionRef {
                partition: Some(arn.partition),
                region: Some(arn.region),
                account: Some(arn.account),
                name,
                qualifier,
            });
        }
        match text.split_once(":function:") {
            Some((account, function)) if !account.is_empty() && !account.contains(':') => {
                let (name, qualifier) = name_and_qualifier(function)?;
                Some(LambdaFunctionRef {
                    account: Some(account),
                    qualifier,
                    ..LambdaFunctionRef::named(name)
                })
            }
            Some(_) => None,
            None => {
                let (name, qualifier) = name_and_qualifier(text)?;
                Some(LambdaFunctionRef {
                    qualifier,
                    ..LambdaFunctionRef::named(name)
                })
            }
        }
    }
}

/// Written back in its form: `name[:qualifier]`, `account:function:name[:qualifier]` or the
/// ARN.
impl fmt::Display for LambdaFunctionRef<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.partition, self.account) {
            (Some(partition), account) => write!(
                f,
                "arn:{partition}:lambda:{}:{}:function:",
                self.region.unwrap_or_default(),
                account.unwrap_or_default()
            )?,
            (None, Some(account)) => write!(f, "{account}:function:")?,
            (None, None) => {}
        }
        f.write_str(self.name)?;
        match self.qualifier {
            Some(qualifier) => write!(f, ":{qualifier}"),
            None => Ok(()),
        }
    }
}

/// `NAME` and `QUALIFIER` of `NAME[:QUALIFIER]`; `None` when either is empty or there is a
/// further `:`.
fn name_and_qualifier(function: &str) -> Option<(&str, Option<&str>)> {
    let (name, qualifier) = split_qualifier(function);
    let well_formed =
        !name.is_empty() && qualifier.is_none_or(|q| !q.is_empty() && !q.contains(':'));
    well_formed.then_some((name, qualifier))
}

/// `NAME[:QUALIFIER]` split at its first `:` (the resource parser judges the parts itself,
/// with its own messages).
pub(crate) fn split_qualifier(function: &str) -> (&str, Option<&str>) {
    match function.split_once(':') {
        Some((name, qualifier)) => (name, Some(qualifier)),
        None => (function, None),
    }
}

#[cfg(test)]
mod tests {
    use super::LambdaFunctionRef;

    #[test]
    fn every_form_of_the_api_reference_parses_and_is_written_back() {
        for (text, name, qualifier, account, region) in [
            ("my-function", "my-function", None, None, None),
            ("my-function:v1", "my-function", Some("v1"), None, None),
            (
                "my-function:$LATEST",
                "my-function",
                Some("$LATEST"),
                None,
                None,
            ),
            (
                "123456789012:function:my-function",
                "my-function",
                None,
                Some("123456789012"),
                None,
            ),
            (
                "123456789012:function:my-function:7",
                "my-function",
                Some("7"),
                Some("123456789012"),
                None,
            ),
            (
                "arn:aws:lambda:us-west-2:123456789012:function:my-function",
                "my-function",
                None,
                Some("123456789012"),
                Some("us-west-2"),
            ),
            (
                "arn:aws-cn:lambda:cn-north-1:123456789012:function:my-function:prod",
                "my-function",
                Some("prod"),
                Some("123456789012"),
                Some("cn-north-1"),
            ),
            ("${FunctionName}", "${FunctionName}", None, None, None),
        ] {
            let f = LambdaFunctionRef::parse(text).unwrap_or_else(|| panic!("{text}"));
            assert_eq!(
                (f.name, f.qualifier, f.account, f.region),
                (name, qualifier, account, region),
                "{text}"
            );
            assert_eq!(f.to_string(), text);
        }
    }

    #[test]
    fn text_in_no_form_is_refused() {
        for text in [
            "",
            ":v1",
            "f:",
            "f:1:2",
            ":function:f",
            "a:b:function:f",
            "123456789012:function:",
            "123456789012:function:f:1:2",
            "arn:aws:lambda:us-east-1:123456789012:layer:l:1",
            "arn:aws:states:us-east-1:123456789012:activity:a",
            "arn:aws:lambda:us-east-1:123456789012:function:",
            "arn:aws:lambda",
        ] {
            assert_eq!(LambdaFunctionRef::parse(text), None, "{text}");
        }
    }
}
