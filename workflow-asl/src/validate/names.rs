//! Names outside the definition: state machine and execution names (at the crate's root:
//! [`is_valid_name`] states the rule).

use crate::{Code, Diagnostic, Pointer};

/// The longest state machine or execution name, in characters.
pub const MAX_NAME_CHARS: usize = 80;

/// Checks a state machine name (1–80 characters, no forbidden characters).
///
/// ```
/// use workflow_asl::validate_state_machine_name;
/// use workflow_asl::Code;
///
/// assert!(validate_state_machine_name("OrderWorkflow").is_ok());
/// assert_eq!(validate_state_machine_name("").unwrap_err().code, Code::StateMachineNameEmpty);
/// assert_eq!(validate_state_machine_name(&"x".repeat(81)).unwrap_err().code, Code::StateMachineNameTooLong);
/// let d = validate_state_machine_name("my workflow").unwrap_err();
/// assert_eq!(d.code, Code::StateMachineNameInvalid);
/// assert!(d.message.contains("at character 3"));
/// ```
pub fn validate_state_machine_name(name: &str) -> Result<(), Diagnostic> {
    validate_name(name, "state machine")
}

/// Checks an execution name (same rules as state machine names).
///
/// ```
/// use workflow_asl::validate_execution_name;
/// use workflow_asl::Code;
///
/// assert!(validate_execution_name("run-2026-01-31T12-00-00").is_ok());
/// let d = validate_execution_name("run:1").unwrap_err();
/// assert_eq!(d.code, Code::StateMachineNameInvalid);
/// assert!(d.message.contains("execution name"));
/// ```
pub fn validate_execution_name(name: &str) -> Result<(), Diagnostic> {
    validate_name(name, "execution")
}

/// Whether `name` is a valid state machine or execution name.
///
/// Both are 1–80 characters and may not contain whitespace, the control characters
/// U+0000–001F, U+007F–009F and U+FFFE–FFFF, surrogates (U+D800–DFFF, which a Rust `char`
/// cannot hold: a host decoding text with an unpaired one refuses it before it is a name),
/// U+10FFFF, the brackets `< > { } [ ]`, the wildcards `? *`, the backtick, or any of
/// `" # % \ ^ | ~ $ & , ; : /` (the API reference's rule for every name, e.g.
/// `StateMachineListItem.name`, as it reads since July 2025). Non-ASCII letters are accepted
/// (CloudWatch does not show them well, but the service takes them).
///
/// ```
/// use workflow_asl::{Code, is_valid_name, validate_state_machine_name};
///
/// assert!(is_valid_name("Bestellung-Überprüfung"));
/// assert!(is_valid_name("order-processing_v2"));
/// assert!(!is_valid_name("a b"));
/// assert!(!is_valid_name(""));
/// let d = validate_state_machine_name("orders/eu").unwrap_err();
/// assert_eq!(d.code, Code::StateMachineNameInvalid);
/// assert_eq!(d.pointer.as_str(), "");
/// ```
pub fn is_valid_name(name: &str) -> bool {
    !name.is_empty() && name.chars().count() <= MAX_NAME_CHARS && !name.chars().any(is_forbidden)
}

/// Whether `c` may not appear in a state machine or execution name.
fn is_forbidden(c: char) -> bool {
    c.is_whitespace()
        || c.is_control()
        || is_noncharacter(c)
        || "<>{}[]?*\"#%\\^|~`$&,;:/".contains(c)
}

/// The characters the API reference forbids besides the control characters: U+FFFE and
/// U+FFFF ("control characters (U+0000-001F, U+007F-009F, U+FFFE-FFFF)") and U+10FFFF
/// ("invalid characters ( U+10FFFF)").
fn is_noncharacter(c: char) -> bool {
    matches!(c, '\u{FFFE}' | '\u{FFFF}' | '\u{10FFFF}')
}

fn validate_name(name: &str, what: &str) -> Result<(), Diagnostic> {
    if name.is_empty() {
        return Err(Diagnostic::error(
            Code::StateMachineNameEmpty,
            Pointer::root(),
            format!("the {what} name is empty; give a name of 1 to {MAX_NAME_CHARS} characters"),
        ));
    }
    let count = name.chars().count();
    if count > MAX_NAME_CHARS {
        return Err(Diagnostic::error(
            Code::StateMachineNameTooLong,
            Pointer::root(),
            format!(
                "the {what} name is {count} characters long; the limit is {MAX_NAME_CHARS}, shorten it"
            ),
        ));
    }
    if let Some((i, c)) = name.chars().enumerate().find(|(_, c)| is_forbidden(*c)) {
        let character = describe_char(c);
        return Err(Diagnostic::error(
            Code::StateMachineNameInvalid,
            Pointer::root(),
            format!(
                "the {what} name `{name}` contains {character} at character {}; remove it or use `-` or `_` instead; names may not contain whitespace, control characters, U+FFFE, U+FFFF, U+10FFFF, the backtick or any of < > {{ }} [ ] ? * \" # % \\ ^ | ~ $ & , ; : /",
                i + 1
            ),
        ));
    }
    Ok(())
}

/// How a forbidden character is named in messages: `` `?` ``, "whitespace (U+0020)", ...
pub(crate) fn describe_char(c: char) -> String {
    if c.is_whitespace() {
        format!("whitespace (U+{:04X})", u32::from(c))
    } else if c.is_control() {
        format!("the control character U+{:04X}", u32::from(c))
    } else if c == '`' {
        "a backtick".to_owned()
    } else if is_noncharacter(c) {
        format!("the noncharacter U+{:04X}", u32::from(c))
    } else {
        format!("`{c}`")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn rejected(result: Result<(), Diagnostic>, code: Code, fragment: &str) {
        let d = result.expect_err("expected the name to be rejected");
        assert_eq!(d.code, code, "{d}");
        assert_eq!(d.pointer.as_str(), "", "{d}");
        assert!(d.is_error());
        assert!(
            d.message.contains(fragment),
            "message {:?} lacks {fragment:?}",
            d.message
        );
    }

    #[test]
    fn names_must_not_be_empty() {
        rejected(
            validate_state_machine_name(""),
            Code::StateMachineNameEmpty,
            "the state machine name is empty",
        );
        rejected(
            validate_execution_name(""),
            Code::StateMachineNameEmpty,
            "the execution name is empty",
        );
        assert!(validate_state_machine_name("a").is_ok());
    }

    #[test]
    fn names_are_at_most_80_characters() {
        rejected(
            validate_state_machine_name(&"a".repeat(81)),
            Code::StateMachineNameTooLong,
            "is 81 characters long; the limit is 80",
        );
        assert!(validate_state_machine_name(&"a".repeat(80)).is_ok());
        // Characters, not bytes.
        assert!(validate_execution_name(&"é".repeat(80)).is_ok());
        rejected(
            validate_execution_name(&"é".repeat(81)),
            Code::StateMachineNameTooLong,
            "81 characters",
        );
    }

    #[test]
    fn names_have_no_forbidden_characters() {
        rejected(
            validate_state_machine_name("my machine"),
            Code::StateMachineNameInvalid,
            "contains whitespace (U+0020) at character 3",
        );
        rejected(
            validate_execution_name("run/1"),
            Code::StateMachineNameInvalid,
            "the execution name `run/1` contains `/` at character 4",
        );
        rejected(
            validate_state_machine_name("a\u{85}b"),
            Code::StateMachineNameInvalid,
            "whitespace (U+0085) at character 2",
        );
        rejected(
            validate_state_machine_name("a\u{7f}b"),
            Code::StateMachineNameInvalid,
            "the control character U+007F at character 2",
        );
        rejected(
            validate_state_machine_name("a\u{9f}"),
            Code::StateMachineNameInvalid,
            "the control character U+009F",
        );
        rejected(
            validate_state_machine_name("a`b"),
            Code::StateMachineNameInvalid,
            "contains a backtick at character 2",
        );
        for c in "<>{}[]?*\"#%\\^|~`$&,;:/\t\n\u{0}\u{1f}\u{fffe}\u{ffff}\u{10ffff}".chars() {
            assert!(!is_valid_name(&format!("ab{c}")), "{c:?} accepted");
            rejected(
                validate_state_machine_name(&format!("ab{c}")),
                Code::StateMachineNameInvalid,
                "at character 3",
            );
        }
        for ok in [
            "OrderWorkflow",
            "order-processing_v2.1",
            "Bestellung-Überprüfung",
            "a@b=c+d'e!(f)",
            "注文",
            // The neighbours of the forbidden noncharacters.
            "a\u{fffd}\u{10fffd}\u{10000}",
        ] {
            assert!(is_valid_name(ok), "{ok}");
            assert!(validate_state_machine_name(ok).is_ok(), "{ok}");
            assert!(validate_execution_name(ok).is_ok(), "{ok}");
        }
        assert!(!is_valid_name(""));
        assert!(!is_valid_name(&"a".repeat(81)));
    }
}
