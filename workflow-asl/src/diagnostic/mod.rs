//! Diagnostics: what the decoder and the validator report, each with a stable
//! code, a severity, a JSON pointer and a message that says the fix.

mod explain;
mod message;

pub use explain::{CodeOrigin, Enforcement, Explanation, RuleSource};
pub use message::{Field, Term, TermAt};
pub(crate) use message::{Message, NamingInput, Piece, field_named, message};

use crate::Pointer;
use std::fmt;

/// How serious a diagnostic is. Only errors make a definition invalid.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Severity {
    /// The service would reject the definition, or it cannot run as written.
    Error,
    /// Accepted by the service, but almost certainly not what was meant.
    Warning,
    /// Worth knowing, not a problem (e.g. a deployment substitution was recognised).
    Info,
}

impl Severity {
    /// Lowercase name: `error`, `warning` or `info`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

macro_rules! codes {
    ($( $(#[doc = $doc:literal])* $variant:ident => $text:literal, )*) => {
        /// The stable code of a diagnostic.
        ///
        /// Where AWS Step Functions' `ValidateStateMachineDefinition` has a code for the
        /// problem, the same code is used (`MISSING_TRANSITION_TARGET`, `DUPLICATE_STATE_NAME`,
        /// `SCHEMA_VALIDATION_FAILED`, ...); the others are this project's own and never change
        /// meaning once published. Each variant's documentation is what the code means
        /// ([`Code::description`]), which reports that describe their rules print.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum Code {
            $( $(#[doc = $doc])* $variant, )*
        }

        impl Code {
            /// Every code, in declaration order.
            pub const ALL: &'static [Code] = &[$(Code::$variant),*];

            /// The code as written in output, e.g. `MISSING_TRANSITION_TARGET`.
            pub fn as_str(self) -> &'static str {
                match self { $(Code::$variant => $text,)* }
            }

            /// Looks a code up by its text.
            pub fn from_name(name: &str) -> Option<Code> {
                match name { $($text => Some(Code::$variant),)* _ => None }
            }

            /// The variant's name in Rust, e.g. `MissingTransitionTarget`: the anchor of its
            /// documentation (`enum.Code.html#variant.MissingTransitionTarget`).
            pub fn variant_name(self) -> &'static str {
                match self { $(Code::$variant => stringify!($variant),)* }
            }

            /// What the code means, in Markdown: the variant's documentation, e.g. for
            /// `MISSING_TRANSITION_TARGET` "A transition (`StartAt`, `Next`, `Default`, a
            /// Choice rule or a Catcher) names no state of its scope, or a state is
            /// unreachable."
            pub fn description(self) -> &'static str {
                match self { $(Code::$variant => concat!($($doc),*).trim_ascii(),)* }
            }
        }
    };
}

codes! {
    /// The document is not JSON (a syntax error or a duplicate object key).
    InvalidJsonDescription => "INVALID_JSON_DESCRIPTION",
    /// A field is unknown, misplaced, missing or of the wrong JSON type.
    SchemaValidationFailed => "SCHEMA_VALIDATION_FAILED",
    /// A transition (`StartAt`, `Next`, `Default`, a Choice rule or a Catcher) names no state of
    /// its scope, or a state is unreachable.
    MissingTransitionTarget => "MISSING_TRANSITION_TARGET",
    /// Two states share a name anywhere in the machine, branches and processors included.
    DuplicateStateName => "DUPLICATE_STATE_NAME",
    /// A state name is empty, longer than 80 characters or contains control characters.
    InvalidStateName => "INVALID_STATE_NAME",
    /// A `States` object has no terminal state (`End: true`, Succeed or Fail).
    MissingEndState => "MISSING_END_STATE",
    /// A non-terminal state has neither `Next` nor `End`.
    MissingNext => "MISSING_NEXT",
    /// No terminal state can be reached from this state (the execution cannot succeed from here).
    NoPathToEnd => "NO_PATH_TO_END",
    /// Parallel, Map or the machine are nested deeper than the service accepts.
    TooDeeplyNested => "TOO_DEEPLY_NESTED",
    /// A Task `Resource` is not a resource Step Functions recognises.
    InvalidResource => "INVALID_RESOURCE",
    /// The integration pattern (`.sync`, `.waitForTaskToken`) is not supported by that service
    /// or by the machine type.
    UnsupportedIntegrationPattern => "UNSUPPORTED_INTEGRATION_PATTERN",
    /// A `${Name}` deployment substitution was recognised; it is checked once substituted.
    DeploymentSubstitution => "DEPLOYMENT_SUBSTITUTION",
    /// A JSONPath-only field in a JSONata state.
    JsonPathFieldInJsonataState => "JSONPATH_FIELD_IN_JSONATA_STATE",
    /// A JSONata-only field in a JSONPath state.
    JsonataFieldInJsonPathState => "JSONATA_FIELD_IN_JSONPATH_STATE",
    /// A Choice state has no rules.
    EmptyChoices => "EMPTY_CHOICES",
    /// An `And` or `Or` rule has no nested rules.
    EmptyBooleanExpression => "EMPTY_BOOLEAN_EXPRESSION",
    /// A Parallel state has no branches.
    EmptyBranches => "EMPTY_BRANCHES",
    /// A Retrier or Catcher has an empty `ErrorEquals`.
    EmptyErrorEquals => "EMPTY_ERROR_EQUALS",
    /// `States.ALL` is not alone in its `ErrorEquals`.
    StatesAllNotAlone => "STATES_ALL_NOT_ALONE",
    /// `States.ALL` appears in a Retrier or Catcher that is not the last one.
    StatesAllNotLast => "STATES_ALL_NOT_LAST",
    /// An error name uses the reserved `States.` prefix but is not a predefined error.
    ReservedErrorName => "RESERVED_ERROR_NAME",
    /// A Retrier field is out of range (IntervalSeconds, MaxAttempts, BackoffRate, MaxDelaySeconds).
    InvalidRetrier => "INVALID_RETRIER",
    /// A timeout or heartbeat is out of range.
    InvalidTimeout => "INVALID_TIMEOUT",
    /// `HeartbeatSeconds` is not less than `TimeoutSeconds`.
    HeartbeatNotBelowTimeout => "HEARTBEAT_NOT_BELOW_TIMEOUT",
    /// A Wait `Timestamp` or a Timestamp comparison value is not RFC 3339.
    InvalidTimestamp => "INVALID_TIMESTAMP",
    /// A `StringMatches` pattern has an invalid escape.
    InvalidStringMatchesPattern => "INVALID_STRING_MATCHES_PATTERN",
    /// A JSONPath is malformed.
    InvalidJsonPath => "INVALID_JSONPATH",
    /// A Reference Path field (ResultPath, SecondsPath, ...) holds a path that is not a
    /// Reference Path, or one that may not be used there.
    InvalidReferencePath => "INVALID_REFERENCE_PATH",
    /// The value of a `.$` key is not a path, a variable or an intrinsic function.
    InvalidJsonPathOrIntrinsic => "INVALID_JSON_PATH_OR_INTRINSIC",
    /// An intrinsic function call is malformed (name, arity, argument types, escapes).
    InvalidIntrinsic => "INVALID_INTRINSIC",
    /// A payload template has the same key twice once `.$` suffixes are stripped.
    DuplicatePayloadKey => "DUPLICATE_PAYLOAD_KEY",
    /// A JSONata expression is malformed: it does not parse (AWS's
    /// `INVALID_JSONATA_EXPRESSION`), or a `{%` string does not end with `%}`.
    InvalidJsonata => "INVALID_JSONATA",
    /// `$states.result` or `$states.errorOutput` used where it does not exist, or a `$states`
    /// field that does not exist at all.
    InvalidStatesReference => "INVALID_STATES_REFERENCE",
    /// JSONPath syntax (`.$` keys, intrinsic functions) inside a JSONata state.
    JsonPathSyntaxInJsonata => "JSONPATH_SYNTAX_IN_JSONATA",
    /// A variable name is not an identifier, too long, or the reserved `states`.
    InvalidVariableName => "INVALID_VARIABLE_NAME",
    /// A branch or iteration assigns a variable that exists in an outer scope.
    VariableShadowsOuterScope => "VARIABLE_SHADOWS_OUTER_SCOPE",
    /// A variable is read but assigned nowhere visible.
    UndefinedVariable => "UNDEFINED_VARIABLE",
    /// A Map field is out of range (MaxConcurrency, ToleratedFailure*, ItemBatcher, ReaderConfig),
    /// or its reader's or writer's `Parameters` hold what their S3 action does not take.
    InvalidMapConfiguration => "INVALID_MAP_CONFIGURATION",
    /// A Map `Label` is too long or has forbidden characters.
    InvalidLabelName => "INVALID_LABEL_NAME",
    /// Two Map states share a `Label`.
    DuplicateLabelName => "DUPLICATE_LABEL_NAME",
    /// The top-level `TimeoutSeconds` or `Version` is invalid.
    InvalidMachineField => "INVALID_MACHINE_FIELD",
    /// The state machine name is empty.
    StateMachineNameEmpty => "STATE_MACHINE_NAME_EMPTY",
    /// The state machine (or execution) name has forbidden characters.
    StateMachineNameInvalid => "STATE_MACHINE_NAME_INVALID",
    /// The state machine (or execution) name is longer than 80 characters.
    StateMachineNameTooLong => "STATE_MACHINE_NAME_TOO_LONG",
    /// The value looks like a path or intrinsic but its key lacks the `.$` suffix.
    NoDollar => "NO_DOLLAR",
    /// The value looks like a path but the field name lacks `Path`.
    NoPath => "NO_PATH",
    /// A Pass `Result` contains what looks like a path; Result is static and never evaluated.
    PassResultIsStatic => "PASS_RESULT_IS_STATIC",
    /// The definition exceeds the service's 1 MiB size limit.
    DefinitionTooLarge => "DEFINITION_TOO_LARGE",
    /// A path reads a field that the data flowing into the state cannot have.
    PathSelectsNothing => "PATH_SELECTS_NOTHING",
    /// A Task's request does not fit the AWS API model of its integration (unknown or missing
    /// key, wrong type, value outside its enum or bounds), or its action does not exist.
    InvalidTaskParameters => "INVALID_TASK_PARAMETERS",
    /// A Task's request that its service refuses before doing anything, by the service's own
    /// documented rules (DynamoDB's expressions: their grammar, their placeholders, its
    /// reserved words), with the service's message. AWS accepts the definition; the task
    /// fails when it runs.
    ServiceRefusesRequest => "SERVICE_REFUSES_REQUEST",
    /// A well-formed JSONata expression that Step Functions refuses: it reads the context
    /// value at the top level (`$`, a bare field name such as `phone`), which JSONata states do
    /// not have, or uses `$$`. AWS's code and message (`Reference to 'phone' at the top level is
    /// not supported.`, `Reference to '$$' is not supported.`).
    UnsupportedJsonataExpression => "UNSUPPORTED_JSONATA_EXPRESSION",
    /// A `.waitForTaskToken` task never passes its task token (`$$.Task.Token`,
    /// `$states.context.Task.Token`) to the service, so nobody can send it back and the
    /// execution waits until it times out. AWS accepts the definition: a warning, and an error
    /// in the `workflow!` language.
    TaskTokenNotPassed => "TASK_TOKEN_NOT_PASSED",
    /// A JSONata expression fails on every evaluation: a value of a certainly known type is
    /// given where JSONata's operators or a function's signature take another (JSONata's
    /// `T`-codes: arithmetic on a string, `$uppercase` of a number, …), which fails the state
    /// with `States.QueryEvaluationError`. AWS accepts the definition: a warning, and an error
    /// in the `workflow!` language.
    JsonataTypeError => "JSONATA_TYPE_ERROR",
    /// A Task calls an AWS SDK integration Step Functions removed (AWS's release history of
    /// SDK integrations: `workflow_aws_models`' overlay lists each with its date).
    RemovedIntegration => "REMOVED_INTEGRATION",
    /// A Task's `TimeoutSeconds` is larger than the longest AWS lets its integration run
    /// (`bedrockagentcore:invokeHarness`: 900 s): it times out at the limit. AWS accepts the
    /// definition: a warning, and an error in the `workflow!` language.
    TimeoutPastIntegrationLimit => "TIMEOUT_PAST_INTEGRATION_LIMIT",
    /// A comparison of two values whose types certainly differ (a number and a string, a
    /// boolean and a number, …). In JSONata, `=` never holds and `!=` always does, since values
    /// of different types are never equal, and `<`, `<=`, `>`, `>=` fail the expression (JSONata
    /// T2009, T2010), and the state with `States.QueryEvaluationError` (`{% 1 < 'a' %}`). In a
    /// JSONPath Choice rule, an operator given a value of another type than it compares
    /// (`StringEqualsPath` of an integer) never matches. AWS accepts the definition: a warning,
    /// and an error in the `workflow!` language.
    ComparisonTypeMismatch => "COMPARISON_TYPE_MISMATCH",
    /// A field that takes a value of one type (a Wait's `Seconds`, a Map's `Items`, a
    /// `TimeoutSecondsPath`, a JSONata `Condition`, …) is given, by a JSONata expression or a
    /// JSONPath path, a value that certainly is of another (a timestamp string for a number of
    /// seconds, an object for the items): the state fails at run time (`States.Runtime`,
    /// `States.QueryEvaluationError`). The type each field requires is `docs/field-types.md`.
    /// AWS accepts the definition: a warning, and an error in the `workflow!` language.
    FieldTypeMismatch => "FIELD_TYPE_MISMATCH",
    /// A duration in an EXPRESS workflow (the machine's `TimeoutSeconds`, a Wait's `Seconds`, a
    /// Task's `TimeoutSeconds`, a retrier's `IntervalSeconds`) is past the five minutes an
    /// EXPRESS execution runs at most (a Distributed Map's EXPRESS child workflows too): the
    /// execution ends `TIMED_OUT` first. AWS accepts the definition: a warning, and an error
    /// in the `workflow!` language.
    PastExpressDuration => "PAST_EXPRESS_DURATION",
    /// A Task's retrier or catcher names an error its resource never raises: not a predefined
    /// `States.` error, nor a name Step Functions gives the integration's service errors
    /// (`ECS.AmazonECSExeption` for `ECS.AmazonECSException`, `DynamoDb.…` where the optimized
    /// integration raises `DynamoDB.…`), so it never matches. A Lambda function's, an
    /// activity's and a callback's errors are their own: any name. AWS accepts the definition:
    /// a warning, and an error in the `workflow!` language.
    ErrorNeverRaised => "ERROR_NEVER_RAISED",
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a diagnostic's pointer designates: the value there, or the key that names it (a key
/// that should not be there, which a tool pointing at source text marks rather than its value).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Subject {
    /// The value at the pointer (or the object or array, for a missing member).
    #[default]
    Value,
    /// The key naming the value at the pointer.
    Key,
    /// One step of the path that is the value at the pointer: `0` is the first step after
    /// the root (`order` in `$.order.id`), so that a tool can mark the misspelt step rather
    /// than the whole path.
    PathStep(usize),
}

/// One finding about a definition.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Diagnostic {
    /// How serious it is.
    pub severity: Severity,
    /// Its stable code.
    pub code: Code,
    /// Where in the definition it is.
    pub pointer: Pointer,
    /// What is wrong and how to fix it; lowercase, names things in backticks.
    pub message: String,
    /// The terms the message names, where it names them (in order, never overlapping), so
    /// that a front end can say the same in its own words ([`Diagnostic::message_in`]).
    pub terms: Vec<TermAt>,
    /// Whether the pointer's value or its key is at fault.
    pub subject: Subject,
}

impl Diagnostic {
    /// An error diagnostic.
    pub fn error(code: Code, pointer: Pointer, message: impl Into<Message>) -> Self {
        Self::new(Severity::Error, code, pointer, message.into())
    }

    /// A warning diagnostic.
    pub fn warning(code: Code, pointer: Pointer, message: impl Into<Message>) -> Self {
        Self::new(Severity::Warning, code, pointer, message.into())
    }

    /// An informational diagnostic.
    pub fn info(code: Code, pointer: Pointer, message: impl Into<Message>) -> Self {
        Self::new(Severity::Info, code, pointer, message.into())
    }

    fn new(severity: Severity, code: Code, pointer: Pointer, message: Message) -> Self {
        Self {
            severity,
            code,
            pointer,
            message: message.text,
            terms: message.terms,
            subject: Subject::Value,
        }
    }

    /// The same diagnostic, about the key at its pointer rather than the value.
    pub fn on_key(self) -> Self {
        Self {
            subject: Subject::Key,
            ..self
        }
    }

    /// The same diagnostic, about one step of the path at its pointer (see
    /// [`Subject::PathStep`]).
    pub fn on_path_step(self, step: usize) -> Self {
        Self {
            subject: Subject::PathStep(step),
            ..self
        }
    }

    /// The message with each of its [`terms`](Diagnostic::terms) spelt by `spell` (ASL's own
    /// spelling where it answers `None`).
    ///
    /// ```
    /// use workflow_asl::{Field, Term};
    /// let diagnostics = workflow_asl::check(
    ///     r#"{"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:f",
    ///        "Retry": [{"ErrorEquals": ["States.ALL"], "BackoffRate": 0.5}], "End": true}}}"#,
    /// );
    /// let words = diagnostics[0].message_in(|term| match term {
    ///     Term::Field(Field::BackoffRate) => Some("`backoff`"),
    ///     _ => None,
    /// });
    /// assert!(words.starts_with("`backoff` is 0.5"), "{words}");
    /// ```
    pub fn message_in<'a>(&self, spell: impl Fn(Term) -> Option<&'a str>) -> String {
        let mut out = String::with_capacity(self.message.len());
        let mut at = 0;
        for t in &self.terms {
            let (Some(before), Some(asl)) = (
                self.message.get(at..t.range.start),
                self.message.get(t.range.clone()),
            ) else {
                continue;
            };
            out.push_str(before);
            out.push_str(spell(t.term).unwrap_or(asl));
            at = t.range.end;
        }
        out.push_str(self.message.get(at..).unwrap_or_default());
        out
    }

    /// Whether this diagnostic makes the definition invalid.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// Whether AWS refuses the definition for it: an error whose rule AWS checks when the
    /// definition is created ([`Code::enforcement`]). The others are this project's stricter
    /// checks, for the `workflow!` macro, `workflow validate` and the console, never an API
    /// answer where AWS answers otherwise.
    pub fn refuses_definition(&self) -> bool {
        self.is_error() && self.code.enforcement() == Enforcement::Refused
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {} at {}: {}",
            self.severity.as_str(),
            self.code,
            self.pointer,
            self.message
        )
    }
}

/// Whether any diagnostic in the list is an error.
pub fn has_errors(diagnostics: &[Diagnostic]) -> bool {
    diagnostics.iter().any(Diagnostic::is_error)
}

#[cfg(test)]
mod code_tests {
    use super::Code;

    #[test]
    fn every_code_is_described_by_its_documentation() {
        for code in Code::ALL {
            let text = code.description();
            assert!(
                text.len() > 20 && text.ends_with('.') && !text.starts_with(' '),
                "{code}: {text:?}"
            );
            assert_eq!(Code::from_name(code.as_str()), Some(*code));
        }
        assert_eq!(
            Code::MissingTransitionTarget.description(),
            "A transition (`StartAt`, `Next`, `Default`, a Choice rule or a Catcher) names no state of its scope, or a state is unreachable."
        );
        assert_eq!(
            Code::MissingTransitionTarget.variant_name(),
            "MissingTransitionTarget"
        );
    }
}
