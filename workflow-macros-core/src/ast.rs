//! The syntax tree of a `workflow!` invocation, as written, with the span of every part kept
//! for error messages. Built by `parse`, lowered to the ASL model by `lower`.
//!
//! ```text
//! workflow! {
//!     /// Becomes the machine's Comment.
//!     pub HelloWorld {
//!         input { IsHelloWorldExample: bool, order?: { id: string, items: [integer] } }
//!         substitutions { TableName: string }
//!         timeout = 3600;
//!         query_language = jsonata;
//!
//!         "MyPassState": pass -> "Is this Hello World example?";
//!         ...
//!     }
//! }
//! ```

use proc_macro2::Span;
use syn::{Ident, LitStr, Visibility};
use workflow_aws_models::Pattern;

/// The whole invocation: one workflow.
pub struct WorkflowDef {
    /// Doc comments (the machine's `Comment`).
    pub docs: Vec<LitStr>,
    /// `pub`, `pub(crate)`, or nothing.
    pub vis: Visibility,
    /// The workflow's name: the handle type, the state machine's default name.
    pub name: Ident,
    /// `input { ... }`, if declared.
    pub input: Option<InputSchema>,
    /// `substitutions { ... }`, if declared.
    pub substitutions: Vec<Substitution>,
    /// Machine-level settings (`timeout = 3600;`, `query_language = jsonata;`, `version = "1.0";`).
    pub settings: Vec<Setting>,
    /// The top-level states, in order: the first is `StartAt`.
    pub states: Vec<StateDef>,
    /// The span of the `{ ... }` body, for whole-machine errors.
    pub body_span: Span,
    /// `pub Name from "workflows/orders.asl.json";`: the definition is read from this ASL
    /// file (relative to the crate's manifest directory) instead of written in a body.
    pub source_file: Option<LitStr>,
}

/// `input { field: type, optional?: type, nested: { ... }, list: [type] }`.
pub struct InputSchema {
    /// The `input` keyword.
    pub keyword: Span,
    /// The fields, in order.
    pub fields: Vec<Field>,
}

/// One field of an input schema.
pub struct Field {
    /// The JSON name (an identifier or a string literal in the source).
    pub name: String,
    /// Where the name is.
    pub span: Span,
    /// `?` after the name: the field may be absent.
    pub optional: bool,
    /// Its type.
    pub ty: FieldType,
}

/// The type of an input field.
pub enum FieldType {
    /// `string`, `number`, `integer`, `bool`/`boolean`, `timestamp`, `any`.
    Scalar(ScalarType, Span),
    /// `[T]`.
    Array(Box<FieldType>, Span),
    /// `{ field: type, ... }`.
    Object(Vec<Field>, Span),
}

/// The scalar types of input fields and substitutions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScalarType {
    /// `string`.
    String,
    /// `number` (any JSON number).
    Number,
    /// `integer`.
    Integer,
    /// `bool` or `boolean`.
    Boolean,
    /// `timestamp` (an RFC 3339 string).
    Timestamp,
    /// `arn` (a string holding an ARN; substitutions only).
    Arn,
    /// `any` (any JSON value).
    Any,
}

/// `Name: type` in `substitutions { ... }`: a `${Name}` deployment substitution.
pub struct Substitution {
    /// The name, as written inside `${...}`.
    pub name: String,
    /// Where the name is.
    pub span: Span,
    /// Its type.
    pub ty: ScalarType,
}

/// A machine-level `key = value;`.
pub struct Setting {
    /// `timeout`, `query_language`, `version`, `comment`.
    pub key: Ident,
    /// The value.
    pub value: Value,
}

/// A state name or transition target: an identifier or a string literal.
#[derive(Clone)]
pub struct Name {
    /// The name.
    pub value: String,
    /// Where it is written.
    pub span: Span,
}

/// `NAME: kind ... clauses ... (-> TARGET)? ;`
pub struct StateDef {
    /// Doc comments (the state's `Comment`).
    pub docs: Vec<LitStr>,
    /// The state's name.
    pub name: Name,
    /// What the state is.
    pub kind: StateKindDef,
    /// The clauses after the kind, in order.
    pub clauses: Vec<Clause>,
    /// `-> TARGET`; none means `End` (for states that have one).
    pub next: Option<Name>,
    /// The span of the whole statement.
    pub span: Span,
}

/// The kinds of states and their own arguments.
pub enum StateKindDef {
    /// `pass`, `pass { template }` (Parameters/Output).
    Pass {
        /// Where `pass` is.
        keyword: Span,
        /// The `{ … }` after it, if written.
        body: Option<Value>,
    },
    /// `task "arn:…" { template }` — any resource.
    Task {
        /// Where `task` is.
        keyword: Span,
        /// The resource string.
        resource: LitStr,
        /// The `{ … }` after it, if written.
        body: Option<Value>,
    },
    /// `service::action(.pattern)? { template }`: an optimized integration
    /// (`lambda::invoke`, `sns::publish.wait_for_task_token`, `glue::start_job_run.sync`) or an
    /// SDK integration (`aws_sdk::s3::list_objects_v2`).
    Integration {
        /// `service::action`, one identifier per segment.
        path: Vec<Ident>,
        /// The pattern after `.`, if written.
        pattern: Option<PatternDef>,
        /// The `{ … }` after it, if written.
        body: Option<Value>,
        /// Where the path is.
        span: Span,
    },
    /// `choice { when COND => TARGET, ..., otherwise => TARGET }`.
    Choice {
        /// Where `choice` is.
        keyword: Span,
        /// The `when` rules, in order.
        rules: Vec<ChoiceRuleDef>,
        /// The `otherwise` target (`Default`), if written.
        otherwise: Option<Name>,
        /// Where the `{ … }` is.
        body_span: Span,
    },
    /// `wait(seconds = 3)`, `wait(seconds = $.delay)`, `wait(timestamp = "…")`,
    /// `wait(timestamp = $.when)`.
    Wait {
        /// Where `wait` is.
        keyword: Span,
        /// The arguments in `(…)`.
        args: Vec<Arg>,
    },
    /// `succeed`.
    Succeed {
        /// Where `succeed` is.
        keyword: Span,
    },
    /// `fail`, `fail(error = "E", cause = "C")` (values may be paths or intrinsics).
    Fail {
        /// Where `fail` is.
        keyword: Span,
        /// The arguments in `(…)`, none when not written.
        args: Vec<Arg>,
    },
    /// `parallel { branch { states } branch { states } }`.
    Parallel {
        /// Where `parallel` is.
        keyword: Span,
        /// The branches, in order.
        branches: Vec<BranchDef>,
    },
    /// `map(items = $.list, max_concurrency = 2, ...) { states }`.
    Map {
        /// Where `map` is.
        keyword: Span,
        /// The arguments in `(…)`.
        args: Vec<Arg>,
        /// The iteration's states; the first is `StartAt`.
        states: Vec<StateDef>,
        /// Where the `{ … }` is.
        body_span: Span,
    },
}

/// One Parallel branch: `branch { states }`.
pub struct BranchDef {
    /// The `branch` keyword.
    pub keyword: Span,
    /// Its states, the first is `StartAt`.
    pub states: Vec<StateDef>,
}

/// `when COND => TARGET (clauses)?`.
pub struct ChoiceRuleDef {
    /// The `when` keyword.
    pub keyword: Span,
    /// The condition.
    pub condition: Cond,
    /// The target.
    pub next: Name,
    /// `assign { ... }` / `output = …` / `comment = "…"` for this rule.
    pub clauses: Vec<Clause>,
}

/// `key = value` inside `(...)` of `wait`, `fail`, `map`, `retry`, `catch`.
pub struct Arg {
    /// The key.
    pub key: Ident,
    /// The value; `None` for a bare flag such as `distributed`.
    pub value: Option<Value>,
}

/// A clause after a state's kind.
pub enum Clause {
    /// `input_path = PATH | null`, `output_path = …`, `result_path = …`, `items_path = …`,
    /// `timeout = N | PATH`, `heartbeat = N | PATH`, `comment = "…"`, `output = VALUE`,
    /// `query_language = jsonata | jsonpath`, `label = "…"`, `max_concurrency = …`, and any
    /// other `key = value` (lowering reports unknown keys).
    Set {
        /// The key.
        key: Ident,
        /// The value after `=`.
        value: Value,
    },
    /// `result_selector { … }`, `assign { … }`, `credentials { … }`, `item_selector { … }`,
    /// `arguments { … }` (the object follows the keyword directly).
    Block {
        /// The keyword.
        key: Ident,
        /// The object after it.
        value: Value,
    },
    /// `retry [errors] (interval = 15, max_attempts = 2, backoff = 4.0, max_delay = 30, jitter = full)`.
    Retry {
        /// Where `retry` is.
        keyword: Span,
        /// The error names in `[…]`.
        errors: Vec<ErrorNameDef>,
        /// The arguments in `(…)`.
        args: Vec<Arg>,
    },
    /// `catch [errors] (result_path = $.error, output = …) (assign { … })? => TARGET`.
    Catch {
        /// Where `catch` is.
        keyword: Span,
        /// The error names in `[…]`.
        errors: Vec<ErrorNameDef>,
        /// The arguments in `(…)`.
        args: Vec<Arg>,
        /// The object of `assign { … }`, if written.
        assign: Option<Value>,
        /// The target after `=>`.
        next: Name,
    },
    /// `reader s3::get_object { … } (input_type = csv, …)` — a Distributed Map's ItemReader.
    Reader {
        /// Where `reader` is.
        keyword: Span,
        /// What it reads with.
        resource: ResourceDef,
        /// The `{ … }` parameters, if written.
        body: Option<Value>,
        /// The arguments in `(…)` (the `ReaderConfig`).
        args: Vec<Arg>,
        /// `(…)` was written (even empty: `()` is an empty `ReaderConfig`).
        config: bool,
    },
    /// `writer s3::put_object { … } (output_type = json, …)` — a Distributed Map's ResultWriter.
    Writer {
        /// Where `writer` is.
        keyword: Span,
        /// What it writes with, if written.
        resource: Option<ResourceDef>,
        /// The `{ … }` parameters, if written.
        body: Option<Value>,
        /// The arguments in `(…)` (the `WriterConfig`).
        args: Vec<Arg>,
    },
    /// `batch(max_items = 10, max_bytes = 1024, input { … })` — a Map's ItemBatcher.
    Batch {
        /// Where `batch` is.
        keyword: Span,
        /// The arguments in `(…)`.
        args: Vec<Arg>,
    },
    /// `returns { approved: bool, … }` — what a Task's handler answers (for `lambda::invoke`,
    /// the function's own answer, the result's `Payload`): the result is typed from it.
    Returns {
        /// Where `returns` is.
        keyword: Span,
        /// The declared type.
        ty: FieldType,
    },
    /// `item { id: string, … }` — what a Distributed Map's reader reads, one item (a CSV row
    /// by its headers, a JSON or JSON Lines element): the iterations' input is typed from it.
    Item {
        /// Where `item` is.
        keyword: Span,
        /// The declared type.
        ty: FieldType,
    },
}

/// A resource named by an integration path or a string.
pub enum ResourceDef {
    /// `service::action(.pattern)?`.
    Integration {
        /// `service::action`, one identifier per segment.
        path: Vec<Ident>,
        /// The pattern after `.`, if written.
        pattern: Option<PatternDef>,
        /// Where the path is.
        span: Span,
    },
    /// `"arn:…"`.
    Literal(LitStr),
}

/// An integration pattern after `service::action.`: `sync`, `sync2` or `wait_for_task_token`.
#[derive(Clone, Copy)]
pub struct PatternDef {
    /// The pattern.
    pub pattern: Pattern,
    /// Where its word is.
    pub span: Span,
}

/// An error name in `retry [...]` / `catch [...]`: `States.TaskFailed`, `States.ALL` or `"Custom.Error"`.
pub struct ErrorNameDef {
    /// The name.
    pub value: String,
    /// Where it is.
    pub span: Span,
    /// Written as a string literal (`"States.QuorumMet"`): a custom name in the reserved
    /// `States.` namespace is then taken as meant, not as a misspelt predefined error.
    pub quoted: bool,
}

/// A value: JSON-like literals, paths, input references, variables, intrinsics.
pub enum Value {
    /// A string literal (`"{% … %}"` strings are JSONata).
    Str(LitStr),
    /// A number literal (integer or float, possibly negative).
    Number {
        /// The literal as written.
        text: String,
        /// Where it is.
        span: Span,
    },
    /// `true` / `false`.
    Bool(bool, Span),
    /// `null`.
    Null(Span),
    /// `{ key: value, "key": value, ... }`.
    Object {
        /// The members, in order.
        entries: Vec<(Key, Value)>,
        /// Where the `{ … }` is.
        span: Span,
    },
    /// `[value, ...]`.
    Array {
        /// The items, in order.
        items: Vec<Value>,
        /// Where the `[ … ]` is.
        span: Span,
    },
    /// `$.a.b[0]`, `$$.Execution.Id`, `$var.x`, `$`, or `jsonpath("$.a[?(@.x)]")` — a path.
    Path(PathExpr),
    /// `input.a.b[0]`: a typed reference to the execution input.
    Input(InputRef),
    /// `intrinsic("States.Format('{}', $.x)")`: an intrinsic call given as ASL text, kept
    /// exactly as written (spacing and quoting included); checked like any intrinsic.
    IntrinsicText {
        /// The call's ASL text.
        text: String,
        /// Where the string is.
        span: Span,
    },
    /// `States.Format("{} {}", $.a, input.b)`: an intrinsic function call.
    Intrinsic {
        /// The function's name after `States.`.
        name: Ident,
        /// The arguments, in order.
        args: Vec<Value>,
        /// Where the call is.
        span: Span,
    },
    /// A bare identifier used as a value (e.g. `jsonata`, `full`, `csv`, `standard` in
    /// settings and arguments).
    Ident(Ident),
    /// `workflow(Child)`: a typed reference to another `workflow!`'s state machine, the
    /// `StateMachineArn` of a Task that starts it (its ARN is a deployment substitution,
    /// `${ChildArn}`, which the deployment client fills in).
    Workflow {
        /// The workflow's type, as written.
        path: syn::Path,
        /// Where `workflow(…)` is.
        span: Span,
    },
}

/// An object key: an identifier or a string literal.
pub struct Key {
    /// The key.
    pub value: String,
    /// Where it is.
    pub span: Span,
}

/// A path as written.
pub struct PathExpr {
    /// The ASL text, e.g. `$.a.b[0]` or `$$.Map.Item.Value` or `$count`.
    pub text: String,
    /// Where it is.
    pub span: Span,
    /// Where each step after the root is (`.a`, `[0]`, `..b`), for diagnostics about one
    /// step; empty for a path given as a string (`jsonpath("…")`).
    pub steps: Vec<Span>,
}

/// `input.a.b[0]`.
pub struct InputRef {
    /// The segments after `input`.
    pub segments: Vec<InputSegment>,
    /// Where the whole reference is.
    pub span: Span,
}

/// One step of an input reference.
#[derive(Clone)]
pub enum InputSegment {
    /// `.name`.
    Field(String, Span),
    /// `[index]`.
    Index(u64, Span),
}

/// A Choice condition.
pub enum Cond {
    /// `a || b`.
    Or(Vec<Cond>, Span),
    /// `a && b`.
    And(Vec<Cond>, Span),
    /// `all(a, b, …)`: an `And` that is never merged into an enclosing `&&` chain and may
    /// hold a single rule.
    All(Vec<Cond>, Span),
    /// `any(a, b, …)`: an `Or` that is never merged into an enclosing `||` chain and may hold
    /// a single rule.
    Any(Vec<Cond>, Span),
    /// `!a`.
    Not(Box<Cond>, Span),
    /// `left OP right`.
    Compare {
        /// The left operand.
        left: Operand,
        /// The operator.
        op: CompareOp,
        /// The right operand.
        right: Operand,
        /// Where the comparison is.
        span: Span,
    },
    /// `left matches "pattern"`.
    Matches {
        /// The operand matched.
        left: Operand,
        /// The pattern (`StringMatches`).
        pattern: LitStr,
        /// Where the test is.
        span: Span,
    },
    /// `is_present($.x)`, `is_null(…)`, `is_string(…)`, `is_number(…)`, `is_boolean(…)`,
    /// `is_timestamp(…)`.
    TypeTest {
        /// The test's name (`is_present`, …).
        test: Ident,
        /// The operand tested.
        operand: Operand,
        /// `false` for `is_present($.x) == false` (ASL's `IsPresent: false`).
        expected: bool,
        /// Where the test is.
        span: Span,
    },
    /// `"{% … %}"` (JSONata) or `true`/`false`.
    Jsonata(Value),
}

/// `==`, `!=`, `<`, `<=`, `>`, `>=`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CompareOp {
    /// `==`.
    Eq,
    /// `!=`.
    Ne,
    /// `<`.
    Lt,
    /// `<=`.
    Le,
    /// `>`.
    Gt,
    /// `>=`.
    Ge,
}

/// A side of a comparison: a path, an input reference, a variable or a literal, possibly
/// typed with `number(…)`, `string(…)`, `bool(…)` or `timestamp(…)`.
pub struct Operand {
    /// The value.
    pub value: Value,
    /// The type written around it, with the span of the type's name.
    pub cast: Option<(ScalarType, Span)>,
}
