//! JSONata's errors: a stable code (`S0201`, `T0410`, `D3030`, …), the values the message
//! names, and the message text of the JSONata reference implementation, so that causes read
//! as AWS Step Functions reports them (`T0410: Argument 1 of function "range" does not match
//! function signature`).

use std::fmt;

/// A JSONata syntax or evaluation error.
#[derive(Clone, Debug, PartialEq)]
pub struct JsonataError {
    /// The code, e.g. `S0202` (syntax), `T2001` (type), `D3030` (dynamic) or `U1001` (limits,
    /// see [`JsonataError::is_evaluation_limit`]).
    pub code: &'static str,
    /// Byte offset in the expression, where known.
    pub offset: Option<usize>,
    /// The offending token, inserted as `{{token}}`.
    pub token: Option<String>,
    /// A value the message names, inserted as `{{value}}`.
    pub value: Option<String>,
    /// A second value (`{{value2}}`), an argument index (`{{index}}`) or a free message.
    pub extra: Option<String>,
}

impl JsonataError {
    /// An error with a code and nothing else.
    pub fn new(code: &'static str) -> Self {
        JsonataError {
            code,
            offset: None,
            token: None,
            value: None,
            extra: None,
        }
    }

    /// Sets the byte offset.
    pub fn at(mut self, offset: usize) -> Self {
        self.offset = Some(offset);
        self
    }

    /// Sets the token.
    pub fn token(mut self, token: impl Into<String>) -> Self {
        self.token = Some(token.into());
        self
    }

    /// Sets the value (already rendered as the message shows it: JSON text).
    pub fn value(mut self, value: impl Into<String>) -> Self {
        self.value = Some(value.into());
        self
    }

    /// Sets the extra insert.
    pub fn extra(mut self, extra: impl Into<String>) -> Self {
        self.extra = Some(extra.into());
        self
    }

    /// The message as JSONata writes it, e.g. `Argument 2 of function "substring" does not
    /// match function signature`.
    pub fn message(&self) -> String {
        let quoted = |s: &Option<String>| json_string(s.as_deref().unwrap_or(""));
        let raw = |s: &Option<String>| s.clone().unwrap_or_default();
        let token = quoted(&self.token);
        let value = raw(&self.value);
        let extra = raw(&self.extra);
        match self.code {
            "S0101" => "String literal must be terminated by a matching quote".into(),
            "S0102" => format!("Number out of range: {token}"),
            "S0103" => format!("Unsupported escape sequence: \\{token}"),
            "S0104" => "The escape sequence \\u must be followed by 4 hex digits".into(),
            "S0105" => "Quoted property name must be terminated with a backquote (`)".into(),
            "S0106" => "Comment has no closing tag".into(),
            "S0201" => format!("Syntax error: {token}"),
            "S0202" => format!("Expected {value}, got {token}"),
            "S0203" => format!("Expected {value} before end of expression"),
            "S0204" => format!("Unknown operator: {token}"),
            "S0205" => format!("Unexpected token: {token}"),
            "S0207" => "Unexpected end of expression".into(),
            "S0208" => format!(
                "Parameter {value} of function definition must be a variable name (start with $)"
            ),
            "S0209" => "A predicate cannot follow a grouping expression in a step".into(),
            "S0210" => "Each step can only have one grouping expression".into(),
            "S0211" => format!("The symbol {token} cannot be used as a unary operator"),
            "S0212" => "The left side of := must be a variable name (start with $)".into(),
            "S0213" => format!(
                "The literal value {value} cannot be used as a step within a path expression"
            ),
            "S0214" => format!("The right side of {token} must be a variable name (start with $)"),
            "S0215" => "A context variable binding must precede any predicates on a step".into(),
            "S0216" => {
                "A context variable binding must precede the 'order-by' clause on a step".into()
            }
            "S0217" => {
                "The object representing the 'parent' cannot be derived from this expression".to_string()
            }
            "S0301" => "Empty regular expressions are not allowed".into(),
            "S0302" => "No terminating / in regular expression".into(),
            "S0303" => format!("Unsupported regular expression: {extra}"),
            "S0401" => "Type parameters can only be applied to functions and arrays".into(),
            "S0402" => "Choice groups containing parameterized types are not supported".into(),
            "T0410" => format!(
                "Argument {extra} of function {token} does not match function signature"
            ),
            "T0411" => format!(
                "Context value is not a compatible type with argument {extra} of function {token}"
            ),
            "T0412" => format!("Argument {extra} of function {token} must be an array of {value}"),
            "D1001" => format!("Number out of range: {value}"),
            "D1002" => format!("Cannot negate a non-numeric value: {value}"),
            "T1003" => format!("Key in object structure must evaluate to a string; got: {value}"),
            "D1004" => "Regular expression matches zero length string".into(),
            "T1005" => format!(
                "Attempted to invoke a non-function. Did you mean ${}?",
                raw(&self.token)
            ),
            "T1006" => "Attempted to invoke a non-function".into(),
            "T1007" => format!(
                "Attempted to partially apply a non-function. Did you mean ${}?",
                raw(&self.token)
            ),
            "T1008" => "Attempted to partially apply a non-function".into(),
            "D1009" => format!("Multiple key definitions evaluate to same key: {value}"),
            "T1010" => format!(
                "The matcher function argument passed to function {token} does not return the correct object structure"
            ),
            "T2001" => format!("The left side of the {token} operator must evaluate to a number"),
            "T2002" => format!("The right side of the {token} operator must evaluate to a number"),
            "T2003" => "The left side of the range operator (..) must evaluate to an integer".into(),
            "T2004" => {
                "The right side of the range operator (..) must evaluate to an integer".into()
            }
            "T2006" => "The right side of the function application operator ~> must be a function".into(),
            "T2007" => format!(
                "Type mismatch when comparing values {value} and {extra} in order-by clause"
            ),
            "T2008" => "The expressions within an order-by clause must evaluate to numeric or string values".into(),
            "T2009" => format!(
                "The values {value} and {extra} either side of operator {token} must be of the same data type"
            ),
            "T2010" => format!(
                "The expressions either side of operator {token} must evaluate to numeric or string values"
            ),
            "T2011" => format!(
                "The insert/update clause of the transform expression must evaluate to an object: {value}"
            ),
            "T2012" => format!(
                "The delete clause of the transform expression must evaluate to a string or array of strings: {value}"
            ),
            "T2013" => "The transform expression clones the input object using the $clone() function.  This has been overridden in the current scope by a non-function.".into(),
            "D2014" => format!(
                "The size of the sequence allocated by the range operator (..) must not exceed 1e6.  Attempted to allocate {value}."
            ),
            "D3001" => "Attempting to invoke string function on Infinity or NaN".into(),
            "D3010" => "Second argument of replace function cannot be an empty string".into(),
            "D3011" => "Fourth argument of replace function must evaluate to a positive number".into(),
            "D3012" => "Attempted to replace a matched string with a non-string value".into(),
            "D3020" => "Third argument of split function must evaluate to a positive number".into(),
            "D3030" => format!("Unable to cast value to a number: {value}"),
            "D3040" => "Third argument of match function must evaluate to a positive number".into(),
            "D3050" => "The second argument of reduce function must be a function with at least two arguments".into(),
            "D3060" => format!("The sqrt function cannot be applied to a negative number: {value}"),
            "D3061" => format!(
                "The power function has resulted in a value that cannot be represented as a JSON number: base={value}, exponent={extra}"
            ),
            "D3070" => "The single argument form of the sort function can only be applied to an array of strings or an array of numbers.  Use the second argument to specify a comparison function".into(),
            "D3080" => "The picture string must only contain a maximum of two sub-pictures".into(),
            "D3081" => "The sub-picture must not contain more than one instance of the 'decimal-separator' character".into(),
            "D3082" => "The sub-picture must not contain more than one instance of the 'percent' character".into(),
            "D3083" => "The sub-picture must not contain more than one instance of the 'per-mille' character".into(),
            "D3084" => "The sub-picture must not contain both a 'percent' and a 'per-mille' character".into(),
            "D3085" => "The mantissa part of a sub-picture must contain at least one character that is either an 'optional digit character' or a member of the 'decimal digit family'".into(),
            "D3086" => "The sub-picture must not contain a passive character that is preceded by an active character and that is followed by another active character".into(),
            "D3087" => "The sub-picture must not contain a 'grouping-separator' character that appears adjacent to a 'decimal-separator' character".into(),
            "D3088" => "The sub-picture must not contain a 'grouping-separator' at the end of the integer part".into(),
            "D3089" => "The sub-picture must not contain two adjacent instances of the 'grouping-separator' character".into(),
            "D3090" => "The integer part of the sub-picture must not contain a member of the 'decimal digit family' that is followed by an instance of the 'optional digit character'".into(),
            "D3091" => "The fractional part of the sub-picture must not contain an instance of the 'optional digit character' that is followed by a member of the 'decimal digit family'".into(),
            "D3092" => "A sub-picture that contains a 'percent' or 'per-mille' character must not contain a character treated as an 'exponent-separator'".into(),
            "D3093" => "The exponent part of the sub-picture must comprise only of one or more characters that are members of the 'decimal digit family'".into(),
            "D3100" => format!(
                "The radix of the formatBase function must be between 2 and 36.  It was given {value}"
            ),
            "D3110" => format!(
                "The argument of the toMillis function must be an ISO 8601 formatted timestamp. Given {value}"
            ),
            "D3120" => format!("Syntax error in expression passed to function eval: {value}"),
            "D3121" => format!("Dynamic error evaluating the expression passed to function eval: {value}"),
            "D3130" => format!(
                "Formatting or parsing an integer as a sequence starting with {value} is not supported by this implementation"
            ),
            "D3131" => "In a decimal digit pattern, all digits must be from the same decimal group".into(),
            "D3132" => format!("Unknown component specifier {value} in date/time picture string"),
            "D3133" => format!(
                "The 'name' modifier can only be applied to months and days in the date/time picture string, not {value}"
            ),
            "D3134" => "The timezone integer format specifier cannot have more than four digits".into(),
            "D3135" => "No matching closing bracket ']' in date/time picture string".into(),
            "D3136" => "The date/time picture string is missing specifiers required to parse the timestamp".into(),
            "D3137" | "D3141" => extra,
            "D3138" => "The $single() function expected exactly 1 matching result.  Instead it matched more.".into(),
            "D3139" => "The $single() function expected exactly 1 matching result.  Instead it matched 0.".into(),
            "D3140" => format!("Malformed URL passed to ${}(): {value}", raw(&self.token)),
            "U1001" => STACK_OVERFLOW.into(),
            "U1002" => TIMEOUT.into(),
            "U1003" => format!("Expression nested too deeply: {extra}"),
            "U1005" => "The expression returned a function, which JSON cannot hold".into(),
            "U1006" => MEMORY_LIMIT.into(),
            _ => extra,
        }
    }
}

/// AWS's message for an evaluation nested deeper than its limit (`U1001`): the reference
/// implementation's sentence with one space after the full stop and no final one, as AWS
/// writes it (`…threw an error during evaluation: Stack overflow error: …`; floci-io/floci
/// issue #2737 and pull request #2783, measured on AWS with TestState).
const STACK_OVERFLOW: &str = "Stack overflow error: Check for non-terminating recursive function. Consider rewriting as tail-recursive";

/// AWS's message for an evaluation that ran out of time (`U1002`): the AWS documentation
/// (transforming-data, "Handling expression errors") names the `Expression evaluation timeout`
/// error; the rest is the reference implementation's timebox sentence.
const TIMEOUT: &str = "Expression evaluation timeout: Check for infinite loop";

/// AWS's message for an evaluation that built a value past its memory limit (`U1006`),
/// byte for byte as AWS writes it (floci-io/floci issue #2737, measured on AWS with TestState;
/// named by the AWS documentation, transforming-data, "Handling expression errors").
const MEMORY_LIMIT: &str =
    "Expression evaluation memory limit exceeded: Check for excessive memory usage";

impl JsonataError {
    /// Whether this is one of AWS's evaluation limits: the stack depth (`U1001`), the time
    /// (`U1002`) or the memory (`U1006`). AWS reports these by their message alone, without a
    /// JSONata code: `… threw an error during evaluation: Expression evaluation memory limit
    /// exceeded: …`, where a coded error reads `… during evaluation. T1006: …` (floci-io/floci
    /// pull request #2783: the six limit causes of its 101 AWS recordings are the uncoded ones).
    pub fn is_evaluation_limit(&self) -> bool {
        matches!(self.code, "U1001" | "U1002" | "U1006")
    }
}

/// `s` as a JSON string literal (what JSONata's `{{token}}` inserts).
pub(crate) fn json_string(s: &str) -> String {
    serde_json::Value::String(s.to_owned()).to_string()
}

impl fmt::Display for JsonataError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code, self.message())
    }
}

impl std::error::Error for JsonataError {}
