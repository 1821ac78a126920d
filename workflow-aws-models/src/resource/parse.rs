//! The resource parser: the ARN's parts, `${Name}` substitutions masked so that the parts they
//! do not decide are still checked, and integrations resolved against Step Functions' table
//! ([`Integration::resolve`], [`Integration::resolve_sdk`]).

use super::{PARTITIONS, ResourceKind, ResourceProblem};
use crate::{Integration, Pattern};
use workflow_jsonata::jsonata_string::looks_like_jsonata;
use workflow_text::suggest::did_you_mean;

/// Parses and classifies `resource`.
///
/// `Err` when Step Functions would refuse it: not an ARN, an unknown partition, service or
/// action, a missing service or action, or an integration pattern the action does not
/// support. A resource containing `${Name}` substitutions is [`ResourceKind::Substituted`];
/// the parts that do not depend on the substitutions are still checked.
pub(super) fn parse(resource: &str) -> Result<ResourceKind, ResourceProblem> {
    // A JSONata string (`{% … %}`, even malformed) is never a resource.
    if looks_like_jsonata(resource) {
        return Err(ResourceProblem::Jsonata {
            resource: resource.to_owned(),
        });
    }
    let Some((masked, names)) = mask_substitutions(resource) else {
        let src = Source {
            text: resource,
            original: resource,
            names: &[],
        };
        return match parse_arn(&src) {
            Parsed::Known(r) => Ok(r),
            Parsed::Problem(p) => Err(p),
            // Without substitutions every part is known.
            Parsed::Unknown => Ok(ResourceKind::Other),
        };
    };
    let src = Source {
        text: &masked,
        original: resource,
        names: &names,
    };
    let known_shape = match parse_arn(&src) {
        Parsed::Known(r) => Some(Box::new(r)),
        Parsed::Problem(p) => return Err(p),
        Parsed::Unknown => None,
    };
    Ok(ResourceKind::Substituted {
        substitutions: names,
        known_shape,
    })
}

/// The first private-use character stands for substitution 0, the next for 1, ...
const MARK_FIRST: u32 = 0xE000;
const MARK_LAST: u32 = 0xF8FF;

fn mark_index(c: char) -> Option<usize> {
    let code = u32::from(c);
    (MARK_FIRST..=MARK_LAST)
        .contains(&code)
        .then(|| (code - MARK_FIRST) as usize)
}

fn has_mark(text: &str) -> bool {
    text.chars().any(|c| mark_index(c).is_some())
}

/// Whether `text` holds a `${Name}` deployment substitution (which the deployment replaces,
/// so the text is not the value AWS receives).
pub(crate) fn holds_substitution(text: &str) -> bool {
    text.contains("${") && mask_substitutions(text).is_some()
}

/// Replaces every `${Name}` by a marker character; `None` when there is none. A resource
/// that already holds private-use characters (or too many substitutions) is masked whole,
/// so that nothing about it is assumed.
fn mask_substitutions(text: &str) -> Option<(String, Vec<String>)> {
    let mut out = String::with_capacity(text.len());
    let mut names: Vec<String> = Vec::new();
    let mut overflow = false;
    let mut rest = text;
    while let Some((before, after)) = rest.split_once("${") {
        out.push_str(before);
        match after.split_once('}') {
            Some((name, tail))
                if !name.is_empty() && !name.starts_with('!') && !name.contains("${") =>
            {
                let mark = u32::try_from(names.len())
                    .ok()
                    .and_then(|i| MARK_FIRST.checked_add(i))
                    .filter(|code| *code <= MARK_LAST)
                    .and_then(char::from_u32);
                match mark {
                    Some(m) => out.push(m),
                    None => overflow = true,
                }
                names.push(name.to_owned());
                rest = tail;
            }
            _ => {
                out.push_str("${");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    if names.is_empty() {
        return None;
    }
    if overflow || has_mark(text) {
        return Some(('\u{E000}'.to_string(), names));
    }
    Some((out, names))
}

/// The text being parsed: masked when it holds substitutions.
struct Source<'a> {
    text: &'a str,
    original: &'a str,
    names: &'a [String],
}

impl Source<'_> {
    /// A part of the masked text with its substitutions written back.
    fn restore(&self, part: &str) -> String {
        let mut out = String::with_capacity(part.len());
        for c in part.chars() {
            match mark_index(c).and_then(|i| self.names.get(i)) {
                Some(name) => {
                    out.push_str("${");
                    out.push_str(name);
                    out.push('}');
                }
                None => out.push(c),
            }
        }
        out
    }

    /// Whether `part` holds a substitution.
    fn marked(&self, part: &str) -> bool {
        !self.names.is_empty() && has_mark(part)
    }

    /// Whether `part` is a non-empty name of ASCII letters, digits, `extra` characters and
    /// substitutions.
    fn is_name(&self, part: &str, extra: &[char]) -> bool {
        !part.is_empty()
            && part.chars().all(|c| {
                c.is_ascii_alphanumeric()
                    || extra.contains(&c)
                    || (!self.names.is_empty() && mark_index(c).is_some())
            })
    }

    fn malformed(&self, reason: impl Into<String>) -> Parsed {
        Parsed::Problem(ResourceProblem::Malformed {
            resource: self.original.to_owned(),
            reason: reason.into(),
        })
    }

    fn problem(&self, make: impl FnOnce(String) -> ResourceProblem) -> Parsed {
        Parsed::Problem(make(self.original.to_owned()))
    }

    /// An integration in `partition`, or the lookup's problem.
    fn resolved(&self, partition: &str, lookup: Result<Integration, crate::LookupError>) -> Parsed {
        match lookup {
            Ok(integration) => Parsed::Known(ResourceKind::Integration {
                partition: self.restore(partition),
                integration,
            }),
            Err(error) => self.problem(|resource| ResourceProblem::Lookup { resource, error }),
        }
    }
}

enum Parsed {
    Known(ResourceKind),
    Problem(ResourceProblem),
    /// A substitution decides what the resource is.
    Unknown,
}

fn parse_arn(src: &Source<'_>) -> Parsed {
    let text = src.text;
    if let Some((i, c)) = text
        .char_indices()
        .find(|(_, c)| c.is_whitespace() || c.is_control())
    {
        let what = if c.is_whitespace() {
            "whitespace"
        } else {
            "a control character"
        };
        let position = text.get(..i).map_or(0, |s| s.chars().count()) + 1;
        return src.malformed(format!(
            "it contains {what} at character {position}; remove it"
        ));
    }
    let Some(rest) = text.strip_prefix("arn:") else {
        if src.marked(text) {
            return Parsed::Unknown;
        }
        return src.problem(|resource| ResourceProblem::NotAnArn { resource });
    };
    let Some(crate::Arn {
        partition,
        service,
        region,
        account,
        resource,
    }) = crate::Arn::parse_parts(rest)
    else {
        if src.marked(rest) {
            return Parsed::Unknown;
        }
        return src.malformed(
            "an ARN has six `:`-separated parts, `arn:<partition>:<service>:<region>:<account>:<resource>`",
        );
    };
    if !src.marked(partition) && !PARTITIONS.contains(&partition) {
        let suggestion = did_you_mean(partition, PARTITIONS);
        return src.problem(|resource| ResourceProblem::UnknownPartition {
            resource,
            partition: partition.to_owned(),
            suggestion,
        });
    }
    if src.marked(service) {
        return Parsed::Unknown;
    }
    match service {
        "" => src.malformed("its service part (between the second and third `:`) is empty"),
        "states" => parse_states(src, partition, region, account, resource),
        "lambda" => parse_lambda(src, partition, region, account, resource),
        _ if resource.is_empty() => {
            src.malformed("its resource part (after the fifth `:`) is empty")
        }
        _ => Parsed::Known(ResourceKind::Other),
    }
}

/// Splits a known pattern suffix off an integration resource.
fn split_pattern(resource: &str) -> (&str, Pattern) {
    for pattern in [Pattern::Sync2, Pattern::Sync, Pattern::WaitForTaskToken] {
        if let Some(body) = resource.strip_suffix(pattern.suffix()) {
            return (body, pattern);
        }
    }
    (resource, Pattern::RequestResponse)
}

/// The part of an action from its first `.`, if any: an unknown pattern suffix.
fn stray_suffix(action: &str) -> Option<&str> {
    action.find('.').and_then(|i| action.get(i..))
}

fn parse_states(
    src: &Source<'_>,
    partition: &str,
    region: &str,
    account: &str,
    resource: &str,
) -> Parsed {
    if let Some(name) = resource.strip_prefix("activity:") {
        if name.is_empty() {
            return src.malformed("it names no activity after `activity:`");
        }
        return Parsed::Known(ResourceKind::Activity {
            partition: src.restore(partition),
            region: src.restore(region),
            account: src.restore(account),
            name: src.restore(name),
        });
    }
    let (body, pattern) = split_pattern(resource);
    let (service, action) = body.split_once(':').unwrap_or((body, ""));
    if service.is_empty() {
        return src.problem(|resource| ResourceProblem::EmptyService { resource });
    }
    if src.marked(service) {
        return Parsed::Unknown;
    }
    if service == "aws-sdk" {
        return parse_sdk(src, partition, action, pattern);
    }
    if let Some(suffix) = stray_suffix(service) {
        return src.problem(|resource| ResourceProblem::UnknownSuffix {
            resource,
            suffix: suffix.to_owned(),
        });
    }
    if !Integration::is_optimized_service(service) {
        // The lookup names the closest service.
        return src.resolved(partition, Integration::resolve(service, action, pattern));
    }
    if action.is_empty() {
        return src.problem(|resource| ResourceProblem::EmptyAction {
            resource,
            service: service.to_owned(),
        });
    }
    if src.marked(action) {
        return Parsed::Unknown;
    }
    if let Some(suffix) = stray_suffix(action) {
        return src.problem(|resource| ResourceProblem::UnknownSuffix {
            resource,
            suffix: suffix.to_owned(),
        });
    }
    if !src.is_name(action, &[]) {
        return src.malformed(format!(
            "the action `{action}` of `{service}` must be a camelCase API name such as `invoke` or `putItem`"
        ));
    }
    src.resolved(partition, Integration::resolve(service, action, pattern))
}

fn parse_sdk(src: &Source<'_>, partition: &str, rest: &str, pattern: Pattern) -> Parsed {
    let Some((service, action)) = rest.split_once(':') else {
        return src.problem(|resource| ResourceProblem::IncompleteSdk { resource });
    };
    if service.is_empty() || action.is_empty() {
        return src.problem(|resource| ResourceProblem::IncompleteSdk { resource });
    }
    if let Some(suffix) = stray_suffix(action) {
        return src.problem(|resource| ResourceProblem::UnknownSuffix {
            resource,
            suffix: suffix.to_owned(),
        });
    }
    if !src.is_name(service, &['-']) {
        return src.malformed(format!(
            "the SDK service `{}` must be a lowercase service name such as `s3` or `dynamodb`",
            src.restore(service)
        ));
    }
    if !src.is_name(action, &[]) {
        return src.malformed(format!(
            "the SDK action `{}` must be a camelCase API name such as `listObjectsV2`",
            src.restore(action)
        ));
    }
    if src.marked(service) || src.marked(action) {
        return Parsed::Unknown;
    }
    src.resolved(
        partition,
        Integration::resolve_sdk(service, action, pattern),
    )
}

fn parse_lambda(
    src: &Source<'_>,
    partition: &str,
    region: &str,
    account: &str,
    resource: &str,
) -> Parsed {
    let Some(function) = resource.strip_prefix("function:") else {
        if resource.is_empty() {
            return src.malformed("its resource part (after the fifth `:`) is empty");
        }
        return Parsed::Known(ResourceKind::Other);
    };
    let (name, qualifier) = crate::lambda_function::split_qualifier(function);
    if name.is_empty() {
        return src.malformed("it names no function after `function:`");
    }
    if !src.is_name(name, &['-', '_']) {
        return src.malformed(format!(
            "the function name `{}` may contain only letters, digits, `-` and `_`",
            src.restore(name)
        ));
    }
    if let Some(q) = qualifier
        && !src.is_name(q, &['-', '_', '$'])
    {
        return src.malformed(format!(
            "the function qualifier `{}` must be a version number or an alias name",
            src.restore(q)
        ));
    }
    Parsed::Known(ResourceKind::LambdaFunction {
        partition: src.restore(partition),
        region: src.restore(region),
        account: src.restore(account),
        function: src.restore(function),
    })
}
