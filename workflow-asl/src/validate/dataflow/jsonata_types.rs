//! The type of a JSONata expression as Step Functions evaluates it, inferred from its tree and
//! from what it reads (`$states.input`, `$states.result`, `$states.errorOutput`,
//! `$states.context` where known, the workflow's variables), and the evaluations that certainly
//! fail.
//!
//! The rules follow JSONata's reference implementation (jsonata-js 2.0, `jsonata.js`:
//! `evaluateNumericExpression`, `evaluateComparisonExpression`, `evaluateEqualityExpression`,
//! `evaluateRangeExpression`, `evaluateGroupExpression`; `signature.js` for the arguments of
//! functions) as this workspace's evaluator runs them (`workflow_jsonata::eval`, which AWS's
//! recorded answers check): an expression fails with a type error (`T2001`, `T2009`, `T0410`,
//! …), and the state with `States.QueryEvaluationError` ("JSONata expression evaluation
//! errors", AWS documentation, "Handling errors in workflows").
//!
//! Sound, not complete: a failure is reported only where it happens on every evaluation, so
//! only for values certainly present and of a certainly known type. A value that may be absent
//! (an optional field: JSONata's operators pass `undefined` through without failing), a path
//! mapped over an array (JSONata returns no value, the value itself, or an array, depending on
//! the number of items) or anything unknown is never judged.

use super::states_paths::{Root, Scope};
use super::types::DataType;
use std::collections::{BTreeMap, HashMap};
use workflow_jsonata::Jsonata;
use workflow_jsonata::ast::{BinaryOp, Kind, Node, Stage};

/// What the inference knows of the value an expression produces.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Ty {
    /// Certainly one JSON value of this type ([`DataType::Any`]: of unknown type).
    One(DataType),
    /// No value (JSONata's `undefined`) or one value of this type.
    Maybe(DataType),
    /// Any number of values of this type: a path mapped over an array, which JSONata returns
    /// as no value, the one value, or an array of them.
    Seq(DataType),
    /// Certainly no value: a field an object cannot have, a field of a scalar.
    Nothing,
    /// A function: a built-in (by name) or a lambda (`None`).
    Function(Option<String>),
    /// Nothing known: any value, a function, or none.
    Unknown,
}

impl Ty {
    /// The JSON type the value has when it is one value (what a field of a state's `Output` or
    /// `Arguments` holds); unknown where it may be several.
    pub(crate) fn json(&self) -> DataType {
        match self {
            Ty::One(t) | Ty::Maybe(t) => t.clone(),
            _ => DataType::Any,
        }
    }

    /// The type of the value where it is certainly one value of a known type that is not an
    /// array: an array read by a path is a sequence at run time, which JSONata returns as its
    /// one item where it has one (`$states.input.tags + 1` with `tags: [1]` is 2), so an
    /// array's type says nothing certain of the value an operator gets.
    fn certain(&self) -> Option<&DataType> {
        match self {
            Ty::One(t) if *t != DataType::Any && !t.is_array() => Some(t),
            _ => None,
        }
    }

    /// The type of the value where it is known, when it is there at all.
    fn present(&self) -> Option<&DataType> {
        match self {
            Ty::One(t) | Ty::Maybe(t) if *t != DataType::Any => Some(t),
            _ => None,
        }
    }

    /// Where two values meet (the branches of a condition).
    fn join(&self, other: &Ty) -> Ty {
        match (self, other) {
            (Ty::One(a), Ty::One(b)) => Ty::One(a.join(b)),
            (Ty::One(a) | Ty::Maybe(a), Ty::One(b) | Ty::Maybe(b)) => Ty::Maybe(a.join(b)),
            (Ty::Nothing, Ty::One(t) | Ty::Maybe(t)) | (Ty::One(t) | Ty::Maybe(t), Ty::Nothing) => {
                Ty::Maybe(t.clone())
            }
            (Ty::Nothing, Ty::Nothing) => Ty::Nothing,
            (Ty::Seq(a), Ty::Seq(b)) => Ty::Seq(a.join(b)),
            _ => Ty::Unknown,
        }
    }

    /// The type of any one item JSONata iterates over in the value (an array's element, a
    /// single value itself): a sequence of arrays is its arrays, except that a sequence of one
    /// is its one value, whose items are iterated (jsonata-js: a sequence of one item is that
    /// item; `[$filter([[1], [1]], …)]` is `[[1], [1]]`, `[$filter([[1]], …)]` is `[1]`).
    fn items(&self) -> Option<DataType> {
        match self {
            Ty::One(t) | Ty::Maybe(t) => Some(t.element().unwrap_or_else(|| t.clone())),
            Ty::Seq(t) => Some(match t.element() {
                Some(e) => t.join(&e),
                None => t.clone(),
            }),
            _ => None,
        }
    }

    /// The same kind of presence, holding `t`.
    fn keeping(&self, t: DataType) -> Ty {
        match self {
            Ty::One(_) => Ty::One(t),
            _ => Ty::Maybe(t),
        }
    }
}

/// An evaluation that certainly fails, or a comparison that certainly never holds.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Failure {
    /// The byte offset in the expression of what fails.
    pub offset: usize,
    /// What fails.
    pub kind: FailureKind,
}

/// What a [`Failure`] is.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum FailureKind {
    /// A comparison of a value of one type with a value of another: `=` never holds, `!=`
    /// always does, and `<`, `<=`, `>`, `>=` fail the expression.
    Comparison {
        /// The value compared, as written (`$states.input.total`).
        subject: String,
        /// What the value reads, where it is a path of the workflow's data.
        root: Option<Root>,
        /// Its type.
        found: DataType,
        /// The operator, written with the subject on its left.
        op: BinaryOp,
        /// The other side, as written (`'ten'`, `$limit`).
        other: String,
        /// The other side's type, where it is not a literal (`None` for a literal).
        other_type: Option<DataType>,
        /// What the other side reads, where it is a path of the workflow's data.
        other_root: Option<Root>,
        /// Why it never holds or fails.
        problem: &'static str,
    },
    /// A JSONata type error (`T2001`, `T0410`, …): the expression fails.
    TypeError {
        /// JSONata's code.
        code: &'static str,
        /// What fails and how to fix it.
        message: String,
        /// What the value at fault reads, where it is a path of the workflow's data.
        root: Option<Root>,
        /// The one case in which the evaluation does not fail, where there is one: the value
        /// at fault, an array read from the workflow's data, may be empty (`$sum` of an empty
        /// array of strings is `0`), e.g. "`$states.input.names` is empty".
        unless: Option<String>,
        /// Where that case gives no value instead (`$average` of an empty array, `$sum` of a
        /// path mapped over an empty array: JSONata's `undefined`): the offset of the call that
        /// then answers with none. Such a failure stands only where that call is the whole
        /// expression, whose field then gets no value and fails the state as surely ("returned
        /// nothing (undefined)"); [`infer`] keeps it so, without its exception, and drops it
        /// elsewhere.
        nothing_from: Option<usize>,
    },
}

/// What [`infer`] found of one expression.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Inferred {
    /// The type of its value.
    pub ty: Ty,
    /// Its certain failures, in the order found.
    pub failures: Vec<Failure>,
}

/// The most nodes one inference visits; past it the rest is unknown (expressions are bounded
/// by the definition's size, this bounds the work on a pathological one).
const MAX_VISITS: usize = 20_000;

/// The deepest the inference descends; deeper is unknown (the parser bounds the depth too).
const MAX_DEPTH: usize = 200;

/// The type of `expression` evaluated in `scope`, and its certain failures.
pub(crate) fn infer(expression: &Jsonata, scope: Scope<'_>) -> Inferred {
    let mut inference = Inference {
        scope,
        locals: Vec::new(),
        failures: Vec::new(),
        visits: 0,
        guarded: 0,
        in_lambda: 0,
        non_finite: false,
        constructed: HashMap::new(),
    };
    let mut ty = inference.node(expression.root(), &Ty::Unknown, 0);
    settle_empty_cases(expression.root(), &mut inference.failures);
    if inference.non_finite {
        // A number of the result may be `Infinity` or `NaN`, which Step Functions writes as a
        // string (AWS answers `1/0` with `"Infinity"` and `0/0` with `"NaN"`, measured with
        // TestState: floci-io/floci issue #2737; `workflow_jsonata::eval::evaluate`).
        ty = match ty {
            Ty::One(t) => Ty::One(without_numbers(t)),
            Ty::Maybe(t) => Ty::Maybe(without_numbers(t)),
            Ty::Seq(t) => Ty::Seq(without_numbers(t)),
            other => other,
        };
    }
    Inferred {
        ty,
        failures: inference.failures,
    }
}

/// Whether `expression` certainly gives no value (JSONata's `undefined`, which fails the
/// field it stands in: "returned nothing (undefined)", `States.QueryEvaluationError`) when
/// the variable `name` is unassigned: `$name`, a path into it, arithmetic or an ordering on it
/// (jsonata-js passes `undefined` operands through as `undefined`). `$exists($name)`,
/// `$name = 1` (false) or `$name & 'x'` give a value, so they are not.
pub(crate) fn undefined_without(expression: &Jsonata, name: &str) -> bool {
    let vars = super::types::Vars::new();
    let mut inference = Inference {
        scope: Scope {
            input: &DataType::Any,
            result: &DataType::Any,
            vars: &vars,
            context: None,
            error_output: None,
        },
        locals: vec![(name.to_owned(), Ty::Nothing)],
        failures: Vec::new(),
        visits: 0,
        guarded: 0,
        in_lambda: 0,
        non_finite: false,
        constructed: HashMap::new(),
    };
    matches!(
        inference.node(expression.root(), &Ty::Unknown, 0),
        Ty::Nothing
    )
}

/// The failures whose one exception gives no value (see `FailureKind::TypeError`'s
/// `nothing_from`): certain where the call that gives none is the whole expression `root` (a
/// field that gets no value fails the state: "The JSONata expression … specified for the field
/// … returned nothing (undefined)", as the engine answers and AWS does), dropped elsewhere
/// (an enclosing expression may take no value: `$exists(…)`, a condition).
fn settle_empty_cases(root: &Node, failures: &mut Vec<Failure>) {
    let spine = no_value_spine(root);
    failures.retain_mut(|failure| {
        let FailureKind::TypeError {
            unless,
            nothing_from: nothing_from @ Some(_),
            message,
            ..
        } = &mut failure.kind
        else {
            return true;
        };
        if !nothing_from.is_some_and(|at| spine.contains(&at)) {
            return false;
        }
        if let Some(case) = unless.take() {
            message.push_str(&format!(
                "; and where {case}, it gives no value, which the field cannot take (the state fails: \"returned nothing (undefined)\")"
            ));
        }
        *nothing_from = None;
        true
    });
}

/// The built-in functions that answer no value when the value of their first argument is none
/// (jsonata-js and this crate's evaluator return `undefined` there: `$round($nothing)`):
/// the no value of a call given to one is the whole expression's, where that one is
/// ([`no_value_spine`]). `$exists`, `$count`, `$sum`, `$boolean`, `$not`, `$append` and the
/// other functions that answer something for no value are not among them.
const NO_VALUE_IN_NO_VALUE_OUT: &[&str] = &[
    "round",
    "floor",
    "ceil",
    "abs",
    "sqrt",
    "power",
    "uppercase",
    "lowercase",
    "trim",
    "substring",
    "substringBefore",
    "substringAfter",
    "length",
    "pad",
    "formatNumber",
    "formatBase",
];

/// The calls whose no value is the whole expression's (the offsets of their procedures): the
/// root call, and below it the calls whose no value passes up to it: the first argument of a
/// built-in in [`NO_VALUE_IN_NO_VALUE_OUT`] (`$round($average(…), 1)`: `$average`'s no value is
/// the field's) and either side of arithmetic (`+`, `-`, `*`, `/`, `%` answer no value where a
/// side has none, jsonata-js `evaluateNumericExpression`). Bounded by the expression's size.
fn no_value_spine(root: &Node) -> Vec<usize> {
    use workflow_jsonata::ast::BinaryOp;
    let mut spine = Vec::new();
    let mut stack = vec![root];
    while let Some(at) = stack.pop() {
        if !at.stages.is_empty() || !at.predicate.is_empty() {
            continue;
        }
        match &at.kind {
            Kind::Call {
                procedure, args, ..
            } => {
                spine.push(procedure.offset);
                let passes_none = matches!(&procedure.kind, Kind::Variable(name)
                    if NO_VALUE_IN_NO_VALUE_OUT.contains(&name.as_str()));
                if passes_none && let Some(first) = args.first() {
                    stack.push(first);
                }
            }
            Kind::Binary {
                op: BinaryOp::Add | BinaryOp::Sub | BinaryOp::Mul | BinaryOp::Div | BinaryOp::Mod,
                lhs,
                rhs,
            } => {
                stack.push(lhs);
                stack.push(rhs);
            }
            _ => {}
        }
    }
    spine
}

/// The walk's state.
struct Inference<'s> {
    scope: Scope<'s>,
    /// Names bound by `:=` and lambda parameters, innermost last.
    locals: Vec<(String, Ty)>,
    failures: Vec<Failure>,
    visits: usize,
    /// How many branches that may be skipped (a condition's, the right of `and`/`or`) the walk
    /// is in.
    guarded: usize,
    /// How many lambda bodies the walk is in.
    in_lambda: usize,
    /// Whether a quotient or a remainder may divide by zero: a number may be non-finite.
    non_finite: bool,
    /// The array constructors evaluated, by offset: the types of their items that are
    /// certainly there, each one value of a known type (`[width, height]`: two integers), for
    /// the element types a built-in's signature asks of an array.
    constructed: HashMap<usize, Vec<(DataType, String)>>,
}

impl Inference<'_> {
    /// The type of `node` evaluated with the context value `ctx`.
    fn node(&mut self, node: &Node, ctx: &Ty, depth: usize) -> Ty {
        self.visits += 1;
        if self.visits > MAX_VISITS || depth > MAX_DEPTH {
            return Ty::Unknown;
        }
        workflow_text::stack::deeper(|| {
            let ty = self.kind(node, ctx, depth + 1);
            let ty = self.stages(&node.predicate, ty, depth + 1);
            if node.group.is_some() {
                return Ty::Unknown;
            }
            if node.keep_array {
                return keep_array(ty);
            }
            ty
        })
    }

    fn kind(&mut self, node: &Node, ctx: &Ty, depth: usize) -> Ty {
        match &node.kind {
            Kind::Str(_) => Ty::One(DataType::String),
            Kind::Num(n) => Ty::One(number_type(*n)),
            Kind::Bool(_) => Ty::One(DataType::Bool),
            Kind::Null => Ty::One(DataType::Null),
            Kind::Regex { .. } => Ty::Function(None),
            // A lambda's parameters are known only where it is called: its body is not judged.
            Kind::Lambda { .. } => Ty::Function(None),
            Kind::Variable(name) => self.variable(name, ctx),
            Kind::Name(name) => field_of(ctx, name),
            Kind::Path { steps, .. } => self.path(steps, ctx, depth),
            Kind::Negate(operand) => {
                let t = self.node(operand, ctx, depth);
                if let Some(found) = t.certain().filter(|t| !is_number(t)) {
                    self.type_error(
                        node.offset,
                        "D1002",
                        operand,
                        format!(
                            "cannot negate {}{}: `-` takes a number (JSONata D1002)",
                            found.describe(),
                            named(operand)
                        ),
                    );
                }
                match t {
                    Ty::Nothing => Ty::Nothing,
                    t => t.keeping(DataType::Number),
                }
            }
            Kind::Binary { op, lhs, rhs } => self.binary(node, *op, lhs, rhs, ctx, depth),
            Kind::ArrayCons(items) => {
                let mut element: Option<DataType> = None;
                let mut certain = Vec::new();
                for item in items {
                    let t = self.node(item, ctx, depth);
                    // One value of a known type that is not an array (which would be spliced
                    // in, and may be empty): certainly an item.
                    match (&item.kind, &t) {
                        (
                            Kind::Binary {
                                op: BinaryOp::Range,
                                ..
                            },
                            _,
                        ) => {}
                        // An array constructor inside is one item, an array.
                        (Kind::ArrayCons(_), Ty::One(array)) => {
                            certain.push((array.clone(), named(item)))
                        }
                        _ => certain.extend(t.certain().map(|t| (t.clone(), named(item)))),
                    }
                    let contributes = match (&item.kind, &t) {
                        (_, Ty::Nothing) => continue,
                        // `[1..3]`: the range's numbers, spliced.
                        (
                            Kind::Binary {
                                op: BinaryOp::Range,
                                ..
                            },
                            _,
                        ) => DataType::Integer,
                        // An array constructor inside stays an array.
                        (Kind::ArrayCons(_), t) => t.json(),
                        // Any other array is spliced in (jsonata-js `evaluateArray`:
                        // `fn.append`).
                        (_, t) => t.items().unwrap_or_default(),
                    };
                    element = Some(match element {
                        Some(e) => e.join(&contributes),
                        None => contributes,
                    });
                }
                self.constructed.insert(node.offset, certain);
                Ty::One(DataType::Array(Box::new(element.unwrap_or_default())).bounded())
            }
            Kind::ObjectCons(pairs) => self.object(pairs, ctx, depth),
            Kind::Condition {
                cond,
                then,
                otherwise,
            } => {
                self.node(cond, ctx, depth);
                // Each branch runs only where the condition says so: a type error in it is
                // not certain.
                self.guarded += 1;
                let a = self.node(then, ctx, depth);
                let joined = match otherwise {
                    Some(b) => {
                        let b = self.node(b, ctx, depth);
                        a.join(&b)
                    }
                    None => a.join(&Ty::Nothing),
                };
                self.guarded -= 1;
                joined
            }
            Kind::Block(items) => {
                let mark = self.locals.len();
                let mut last = Ty::Nothing;
                for item in items {
                    last = self.node(item, ctx, depth);
                }
                self.locals.truncate(mark);
                last
            }
            Kind::Bind { name, rhs } => {
                let t = self.node(rhs, ctx, depth);
                self.locals.push((name.clone(), t.clone()));
                t
            }
            Kind::Call {
                procedure,
                args,
                partial,
            } => self.call(procedure, args, *partial, ctx, depth),
            Kind::Apply { lhs, rhs } => {
                let value = self.node(lhs, ctx, depth);
                match &rhs.kind {
                    // `x ~> $f(a)` is `$f(x, a)`.
                    Kind::Call {
                        procedure,
                        args,
                        partial: false,
                    } => {
                        let given: Vec<Ty> = std::iter::once(value)
                            .chain(args.iter().map(|a| self.node(a, ctx, depth)))
                            .collect();
                        let callee = self.variable_callee(procedure);
                        self.signature_result(procedure, &callee, &given, None)
                    }
                    _ => {
                        self.node(rhs, ctx, depth);
                        Ty::Unknown
                    }
                }
            }
            Kind::Transform { .. } => Ty::Function(None),
            Kind::Wildcard | Kind::Descendant | Kind::Parent(_) | Kind::Sort(_) => Ty::Unknown,
            Kind::Placeholder => Ty::Unknown,
        }
    }

    /// `$name`: a name bound in the expression, `$states`, a workflow variable, a built-in
    /// function, `$` (the context value).
    fn variable(&self, name: &str, ctx: &Ty) -> Ty {
        if let Some((_, t)) = self.locals.iter().rev().find(|(n, _)| n == name) {
            return t.clone();
        }
        match name {
            "" => ctx.clone(),
            "$" => Ty::Unknown,
            "states" => Ty::One(self.states()),
            _ => match self.scope.vars.get(name) {
                Some(t) => Ty::One(t.clone()),
                None if workflow_jsonata::is_builtin(name) => Ty::Function(Some(name.to_owned())),
                None => Ty::Unknown,
            },
        }
    }

    /// `$states`: its members as far as they are known.
    fn states(&self) -> DataType {
        let mut fields = BTreeMap::new();
        fields.insert("input".to_owned(), (self.scope.input.clone(), false));
        fields.insert("result".to_owned(), (self.scope.result.clone(), false));
        if let Some(context) = self.scope.context {
            fields.insert("context".to_owned(), (context.clone(), false));
        }
        if let Some(error) = self.scope.error_output {
            fields.insert("errorOutput".to_owned(), (error.clone(), false));
        }
        DataType::Partial(fields)
    }

    /// A location path: each step evaluated against what the one before gives.
    fn path(&mut self, steps: &[Node], ctx: &Ty, depth: usize) -> Ty {
        let mut at = Ty::Unknown;
        for (i, step) in steps.iter().enumerate() {
            if step.focus.is_some() || step.index.is_some() || step.tuple {
                return Ty::Unknown;
            }
            at = if i == 0 {
                let first = self.kind(step, ctx, depth);
                self.stages(&step.stages, first, depth)
            } else {
                match &step.kind {
                    Kind::Wildcard | Kind::Descendant | Kind::Parent(_) | Kind::Sort(_) => {
                        Ty::Unknown
                    }
                    Kind::Name(name) if step.stages.is_empty() => field_of(&at, name),
                    // No value: the step runs against nothing.
                    _ if at == Ty::Nothing => Ty::Nothing,
                    // Any other step runs against each item of what the step before gives, its
                    // filters too (jsonata-js `evaluateStep`: `a.b[0]` is the first `b` of each
                    // `a`), and the items' results are flattened into one sequence.
                    _ => {
                        let (item, many) = items_of(&at);
                        let each = match &step.kind {
                            Kind::Name(name) => field_of(&item, name),
                            _ => self.kind(step, &item, depth),
                        };
                        let each = self.stages(&step.stages, each, depth);
                        match (&at, each) {
                            (_, Ty::Nothing) => Ty::Nothing,
                            (_, each) if many => flattened(&each).map_or(Ty::Unknown, Ty::Seq),
                            // An item that may be absent: the step may not run.
                            (Ty::Maybe(_), each) => each.join(&Ty::Nothing),
                            (_, each) => each,
                        }
                    }
                }
            };
            if step.group.is_some() {
                return Ty::Unknown;
            }
            if step.keep_array {
                at = keep_array(at);
            }
            if matches!(at, Ty::Unknown) {
                return Ty::Unknown;
            }
        }
        at
    }

    /// `value` through its filters: an index picks one item, a predicate some.
    fn stages(&mut self, stages: &[Stage], mut value: Ty, depth: usize) -> Ty {
        for stage in stages {
            let Stage::Filter(filter) = stage else {
                return Ty::Unknown;
            };
            if let Kind::Num(n) = filter.kind {
                value = index_of(&value, n);
                continue;
            }
            let (item, _) = items_of(&value);
            self.node(filter, &item, depth);
            value = match (&value, value.items()) {
                (Ty::Nothing, _) => Ty::Nothing,
                (_, Some(item)) => Ty::Seq(item),
                _ => Ty::Unknown,
            };
        }
        value
    }

    /// `{ key: value, … }`: an object of the keys known, each value's presence kept.
    fn object(&mut self, pairs: &[(Node, Node)], ctx: &Ty, depth: usize) -> Ty {
        let mut fields = BTreeMap::new();
        let mut closed = true;
        for (key, value) in pairs {
            let k = self.node(key, ctx, depth);
            if let Some(found) = k.certain().filter(|t| !t.is_string()) {
                self.type_error(
                    key.offset,
                    "T1003",
                    key,
                    format!(
                        "a key of an object constructor{} is {}, and keys must be strings (JSONata T1003)",
                        named(key),
                        found.describe()
                    ),
                );
            }
            let v = self.node(value, ctx, depth);
            match (&key.kind, v) {
                (Kind::Str(name), Ty::One(t)) => {
                    fields.insert(name.clone(), (t, false));
                }
                (Kind::Str(name), Ty::Maybe(t)) => {
                    fields.insert(name.clone(), (t, true));
                }
                (Kind::Str(_), Ty::Nothing) => {}
                (Kind::Str(name), _) => {
                    fields.insert(name.clone(), (DataType::Any, true));
                }
                _ => closed = false,
            }
        }
        let t = if closed {
            DataType::Object(fields)
        } else {
            DataType::Partial(fields)
        };
        Ty::One(t.bounded())
    }

    fn binary(
        &mut self,
        node: &Node,
        op: BinaryOp,
        lhs: &Node,
        rhs: &Node,
        ctx: &Ty,
        depth: usize,
    ) -> Ty {
        let l = self.node(lhs, ctx, depth);
        // `and` and `or` evaluate their right side only where the left does not decide
        // (jsonata-js 1.8 and later short-circuit them).
        let short = matches!(op, BinaryOp::And | BinaryOp::Or);
        self.guarded += usize::from(short);
        let r = self.node(rhs, ctx, depth);
        self.guarded -= usize::from(short);
        match op {
            BinaryOp::Add | BinaryOp::Sub | BinaryOp::Mul | BinaryOp::Div | BinaryOp::Mod => {
                if matches!(op, BinaryOp::Div | BinaryOp::Mod) && !is_non_zero_literal(rhs) {
                    self.non_finite = true;
                }
                // jsonata-js `evaluateNumericExpression`: a defined operand that is not a
                // number fails with T2001 (left) or T2002 (right).
                self.numbers_needed([(lhs, &l, "T2001"), (rhs, &r, "T2002")], |side, found, code| {
                    format!(
                        "the {side} of `{}` is {}, and arithmetic takes numbers (JSONata {code}){}",
                        op.symbol(),
                        found.describe(),
                        numeric_fix(found, op)
                    )
                });
                let integral = matches!(
                    op,
                    BinaryOp::Add | BinaryOp::Sub | BinaryOp::Mul | BinaryOp::Mod
                ) && l.present() == Some(&DataType::Integer)
                    && r.present() == Some(&DataType::Integer);
                let t = if integral {
                    DataType::Integer
                } else {
                    DataType::Number
                };
                match (&l, &r) {
                    (Ty::Nothing, _) | (_, Ty::Nothing) => Ty::Nothing,
                    (Ty::One(_), Ty::One(_)) => Ty::One(t),
                    _ => Ty::Maybe(t),
                }
            }
            BinaryOp::Eq | BinaryOp::Ne => {
                self.equality(node, op, (lhs, &l), (rhs, &r));
                Ty::One(DataType::Bool)
            }
            BinaryOp::Lt | BinaryOp::Le | BinaryOp::Gt | BinaryOp::Ge => {
                self.ordering(node, op, (lhs, &l), (rhs, &r));
                match (&l, &r) {
                    (Ty::Nothing, _) | (_, Ty::Nothing) => Ty::Nothing,
                    (Ty::One(_), Ty::One(_)) => Ty::One(DataType::Bool),
                    _ => Ty::Maybe(DataType::Bool),
                }
            }
            BinaryOp::Concat => Ty::One(DataType::String),
            BinaryOp::And | BinaryOp::Or | BinaryOp::In => Ty::One(DataType::Bool),
            BinaryOp::Range => {
                // jsonata-js `evaluateRangeExpression`: T2003 / T2004 for a defined bound that
                // is not an integer.
                self.numbers_needed(
                    [(lhs, &l, "T2003"), (rhs, &r, "T2004")],
                    |side, found, code| {
                        format!(
                            "the {side} of `..` is {}, and a range takes integers (JSONata {code})",
                            found.describe()
                        )
                    },
                );
                Ty::Seq(DataType::Integer)
            }
        }
    }

    /// The two operands of an operator that takes numbers, each with the code its failure
    /// has (left first): a certain non-number is a type error, said by `message(side, type,
    /// code)`.
    fn numbers_needed(
        &mut self,
        operands: [(&Node, &Ty, &'static str); 2],
        message: impl Fn(&str, &DataType, &str) -> String,
    ) {
        for ((operand, t, code), side) in operands.into_iter().zip(["left", "right"]) {
            if let Some(found) = t.certain().filter(|t| !is_number(t)) {
                // The value named where it can be shown briefly: `the left side (`$t`)`.
                let text = message(&format!("{side} side{}", named(operand)), found, code);
                self.type_error(operand.offset, code, operand, text);
            }
        }
    }

    /// `=` and `!=` between values of two scalar types that differ: JSONata's equality is
    /// false between values of different types (jsonata-js `evaluateEqualityExpression`:
    /// `isDeepEqual`), and false whenever a side has no value.
    fn equality(&mut self, node: &Node, op: BinaryOp, l: (&Node, &Ty), r: (&Node, &Ty)) {
        let (Some(a), Some(b)) = (l.1.present(), r.1.present()) else {
            return;
        };
        if !is_scalar(a) || !is_scalar(b) || family(a) == family(b) {
            return;
        }
        // `null` on either side is not judged: a value of any type may stand beside it.
        if *a == DataType::Null || *b == DataType::Null {
            return;
        }
        let problem = if op == BinaryOp::Eq {
            "which it can never equal: the condition is always false"
        } else if matches!((l.1, r.1), (Ty::One(_), Ty::One(_))) {
            "which it always differs from: the condition is always true"
        } else {
            return;
        };
        self.comparison(node, op, l, r, problem);
    }

    /// `<`, `<=`, `>`, `>=`: both sides must be numbers or both strings (jsonata-js
    /// `evaluateComparisonExpression`: T2010 for a value of another type, T2009 for a number
    /// and a string).
    fn ordering(&mut self, node: &Node, op: BinaryOp, l: (&Node, &Ty), r: (&Node, &Ty)) {
        let comparable = |t: &DataType| is_number(t) || t.is_string();
        let (a, b) = (l.1.certain(), r.1.certain());
        let bad = |t: Option<&DataType>| t.is_some_and(|t| !comparable(t) && !t.is_array());
        let problem = if bad(a) || bad(b) {
            "which fails the expression (JSONata orders two numbers or two strings only) and the state with `States.QueryEvaluationError`"
        } else if let (Some(a), Some(b)) = (a, b)
            && comparable(a)
            && comparable(b)
            && family(a) != family(b)
        {
            "which fails the expression (JSONata orders two numbers or two strings only) and the state with `States.QueryEvaluationError`"
        } else {
            return;
        };
        self.comparison(node, op, l, r, problem);
    }

    /// Records a comparison that never holds or fails, the subject being the side that reads
    /// the workflow's data (else the left one, else the one whose type is known).
    fn comparison(
        &mut self,
        node: &Node,
        op: BinaryOp,
        l: (&Node, &Ty),
        r: (&Node, &Ty),
        problem: &'static str,
    ) {
        let left_first = root_of(l.0).is_some()
            || (root_of(r.0).is_none() && !is_literal(l.0) && l.1.present().is_some());
        let (subject, other, op) = if left_first {
            (l, r, op)
        } else {
            (r, l, mirrored(op))
        };
        let Some(found) = subject.1.present() else {
            return;
        };
        let other_type = if is_literal(other.0) {
            None
        } else {
            other.1.present().cloned()
        };
        self.fail(Failure {
            offset: node.offset,
            kind: FailureKind::Comparison {
                subject: shown(subject.0),
                root: root_of(subject.0),
                found: found.clone(),
                op,
                other: shown(other.0),
                other_type,
                other_root: root_of(other.0),
                problem,
            },
        });
    }

    /// A call: a built-in function's arguments checked against its signature, and its result.
    fn call(
        &mut self,
        procedure: &Node,
        args: &[Node],
        partial: bool,
        ctx: &Ty,
        depth: usize,
    ) -> Ty {
        let callee = self.node(procedure, ctx, depth);
        if let (Ty::Function(Some(name)), false) = (&callee, partial)
            && let Some(t) = self.higher_order(name, args, ctx, depth)
        {
            return t;
        }
        let given: Vec<Ty> = args.iter().map(|a| self.node(a, ctx, depth)).collect();
        if partial {
            return Ty::Function(None);
        }
        if let Some(found) = callee.certain() {
            // jsonata-js `apply`: T1006, "Attempted to invoke a non-function".
            self.type_error(
                procedure.offset,
                "T1006",
                procedure,
                format!(
                    "it calls {}{}, which is no function (JSONata T1006)",
                    found.describe(),
                    named(procedure)
                ),
            );
            return Ty::Unknown;
        }
        self.signature_result(procedure, &callee, &given, Some(args))
    }

    /// `$map`, `$filter`, `$single` and `$sort` given an array and a lambda: the lambda's first
    /// parameter is an item, its second the index, its third the array (JSONata, "Higher order
    /// functions"), and the result is made of what the body gives or of the items. A failure in
    /// the body is not reported: with no items it never runs.
    fn higher_order(&mut self, name: &str, args: &[Node], ctx: &Ty, depth: usize) -> Option<Ty> {
        if !matches!(name, "map" | "filter" | "single" | "sort") {
            return None;
        }
        let [array, function] = args else {
            return None;
        };
        let Kind::Lambda { params, body, .. } = &function.kind else {
            return None;
        };
        let items = self.node(array, ctx, depth);
        let element = match &items {
            Ty::Nothing => return Some(Ty::Nothing),
            items => items.items().unwrap_or_default(),
        };
        let mark = self.locals.len();
        let bound = [
            Ty::One(element.clone()),
            Ty::One(DataType::Integer),
            Ty::One(DataType::Array(Box::new(element.clone()))),
        ];
        let sorting = name == "sort";
        for (param, t) in params.iter().zip(bound) {
            // `$sort`'s function compares two items.
            let t = if sorting { Ty::One(element.clone()) } else { t };
            self.locals.push((param.clone(), t));
        }
        self.in_lambda += 1;
        let body = self.node(body, &Ty::Unknown, depth);
        self.in_lambda -= 1;
        self.locals.truncate(mark);
        Some(match name {
            "map" => match body {
                Ty::One(t) | Ty::Maybe(t) => Ty::Seq(t),
                _ => Ty::Unknown,
            },
            "filter" => Ty::Seq(element),
            "single" => Ty::Maybe(element),
            _ => Ty::Maybe(DataType::Array(Box::new(element))),
        })
    }

    /// What `procedure` names where it is a variable (`$f` in `x ~> $f(a)`).
    fn variable_callee(&self, procedure: &Node) -> Ty {
        match &procedure.kind {
            Kind::Variable(name) => self.variable(name, &Ty::Unknown),
            _ => Ty::Unknown,
        }
    }

    /// The arguments `given` checked against the signature of the built-in `callee` (where
    /// they are written, `args`, to locate them), and what it returns.
    fn signature_result(
        &mut self,
        procedure: &Node,
        callee: &Ty,
        given: &[Ty],
        args: Option<&[Node]>,
    ) -> Ty {
        let Ty::Function(Some(name)) = callee else {
            return Ty::Unknown;
        };
        let Some(signature) = workflow_jsonata::builtin_signature(name) else {
            return Ty::Unknown;
        };
        let params = &signature.params;
        // jsonata-js `signature.js` matches the arguments' type symbols with a regular
        // expression in which a parameter marked `-` is optional: where its argument does not
        // fit, the arguments move one parameter on and the context value stands in for the
        // first (`$substring(0, 0)` is `$substring($, 0, 0)`: no value where the context has
        // none). The arguments are judged against each alignment the expression allows, and a
        // mismatch is certain only where every alignment has one.
        let context_first = params.first().is_some_and(|p| p.context);
        let aligns = |start: usize| {
            let rest = params.get(start..).unwrap_or_default();
            !params.iter().any(|p| p.repeated)
                && given.len() <= rest.len()
                && given.len() >= rest.iter().filter(|p| !p.optional).count()
        };
        let positional = aligns(0);
        let shifted = context_first && given.len() < params.len() && aligns(1);
        let mismatches: Vec<Failure> = [(positional, 0), (shifted, 1)]
            .into_iter()
            .filter(|(viable, _)| *viable)
            .map(|(_, start)| self.mismatch(procedure, name, signature, start, given, args))
            .collect::<Option<Vec<Failure>>>()
            .unwrap_or_default();
        if let Some(first) = mismatches.into_iter().next() {
            self.fail(first);
        }
        // Where the arguments may move on (they are not certain to fit from the first
        // parameter on), the context value (none, in a state's field) may be the first
        // argument, and the function answer with no value.
        let fit_from_first = positional
            && params.iter().zip(given).all(|(p, g)| {
                g.certain()
                    .is_some_and(|t| !t.is_array() && accepts(&p.types, t))
            });
        let moved = shifted && !fit_from_first;
        let result = match name.as_str() {
            // `$now()` without a picture is an ISO 8601 timestamp (JSONata, "Date/Time
            // functions"); with one, whatever the picture makes.
            "now" if given.is_empty() => DataType::Timestamp,
            _ => returned(name, signature.returns()),
        };
        let all_given = given
            .iter()
            .all(|g| matches!(g, Ty::One(_) | Ty::Function(_)));
        // `$reverse`, `$sort` and `$shuffle` answer with an argument of at most one item as
        // it is, and a single value is a sequence of one (jsonata-js `reverse`, `sort`,
        // `shuffle`: `$reverse(0)` is `0`): an array only where they are given one.
        if matches!(name.as_str(), "reverse" | "sort" | "shuffle") {
            return match given.first() {
                Some(Ty::One(t)) if t.is_array() => Ty::One(result),
                _ => Ty::Unknown,
            };
        }
        // `$spread` answers with its argument as it is where it is not an object or an array
        // (jsonata-js `spread`: `$spread(0)` is `0`).
        if name == "spread" {
            return Ty::Unknown;
        }
        // These answer with a sequence, which JSONata gives as no value, its one item, or an
        // array (jsonata-js `keys`, `each`, `match` and `distinct` build theirs with
        // `createSequence`: `$keys({'a': 1})` is `'a'`).
        if matches!(name.as_str(), "keys" | "each" | "match" | "distinct") {
            return Ty::Seq(result.element().unwrap_or(result));
        }
        // `$append` given no value answers with the other argument as it is (jsonata-js
        // `append`: `$append(1, $nothing)` is `1`).
        if name == "append" && !all_given {
            return Ty::Unknown;
        }
        // These may answer with no value though given values: `$lookup` of a key the object
        // lacks, `$max`, `$min` and `$average` of an empty array, `$sift` keeping nothing,
        // `$reduce` of an empty array (jsonata-js `lookup`, `max`, `min`, `average`, `sift`,
        // `foldLeft`: `$lookup(0, 'a')` is no value).
        let may_give_none = matches!(
            name.as_str(),
            "lookup" | "max" | "min" | "average" | "sift" | "reduce"
        );
        // A function given no value where it needs one answers with none.
        if !moved && all_given && !may_give_none {
            Ty::One(result)
        } else {
            Ty::Maybe(result)
        }
    }

    /// The first argument of `given`, matched with the parameters of `$name` from
    /// `params[start]` on, that certainly does not fit its parameter.
    fn mismatch(
        &self,
        procedure: &Node,
        name: &str,
        signature: &workflow_jsonata::ast::Signature,
        start: usize,
        given: &[Ty],
        args: Option<&[Node]>,
    ) -> Option<Failure> {
        let params = signature.params.get(start..)?;
        for (i, (param, value)) in params.iter().zip(given).enumerate() {
            let arg = args.and_then(|a| a.get(i));
            let at = arg.map_or(procedure.offset, |a| a.offset);
            let shown_arg = arg.map(shown).filter(|s| s != "the expression");
            let named = shown_arg
                .as_ref()
                .map(|s| format!(" (`{s}`)"))
                .unwrap_or_default();
            let root = arg.and_then(root_of);
            let type_error = |code, message, (unless, nothing_from)| Failure {
                offset: at,
                kind: FailureKind::TypeError {
                    code,
                    message,
                    root: root.clone(),
                    unless,
                    nothing_from,
                },
            };
            // An array parameter whose items have a type (`a<n>`, `a<s>`, `a<o>`): the items
            // of an array given there must be of it (jsonata-js `signature.js`, T0412).
            if param.types == "a"
                && let Some(sub) = &param.subtype
                && let Some((item, item_named, unless, gives_nothing)) =
                    self.wrong_item(name, sub, value, arg, shown_arg.as_deref())
            {
                let nothing_from = gives_nothing.then_some(procedure.offset);
                return Some(type_error(
                    "T0412",
                    format!(
                        "argument {} of `${name}`{named} holds {}{item_named}, and `${name}` takes an array of {} there (signature `{}`; JSONata T0412)",
                        i + 1,
                        item.describe(),
                        plural(&symbols_word(sub)),
                        signature.definition
                    ),
                    (unless, nothing_from),
                ));
            }
            let Some(found) = value.certain() else {
                continue;
            };
            if found.is_array() {
                // An array from a path may be a single value at run time.
                continue;
            }
            if !accepts(&param.types, found) {
                return Some(type_error(
                    "T0410",
                    format!(
                        "argument {} of `${name}`{named} is {}, and `${name}` takes {} there (signature `{}`; JSONata T0410)",
                        i + 1,
                        found.describe(),
                        symbols_word(&param.types),
                        signature.definition
                    ),
                    (None, None),
                ));
            }
            if param.types == "a"
                && let Some(sub) = &param.subtype
                && !accepts(sub, found)
            {
                // A single value is wrapped in an array, whose items must be of the type.
                return Some(type_error(
                    "T0412",
                    format!(
                        "argument {} of `${name}`{named} is {}, and `${name}` takes an array of {} there (signature `{}`; JSONata T0412)",
                        i + 1,
                        found.describe(),
                        plural(&symbols_word(sub)),
                        signature.definition
                    ),
                    (None, None),
                ));
            }
        }
        None
    }

    /// An item of the array `value` (the argument `arg`, shown as `shown`) that a parameter of
    /// `$name` whose items must be of the type symbols `sub` cannot take, as written where it
    /// is one (` (`$states.input.width`)`), with the one case in which the call does not fail
    /// and whether that case gives no value. An array constructor's items that are certainly
    /// there (`[width, height]`) fail it on every evaluation. An array read from the
    /// workflow's data (`$states.input.names`, of strings) fails it whenever it is not empty;
    /// an empty one is what it is (a path to `[]` gives `[]`): `$sum` and `$join` answer it
    /// with `0` and `""`, so the mistake is said with that exception, and `$max`, `$min` and
    /// `$average` with no value. A sequence a path maps over an array
    /// (`$states.input.items.price`, strings) fails it whenever it has an item, and is no
    /// value when it has none, to which a function answers with none. Where the exception gives
    /// no value, the failure stands only where the call is the whole expression (see
    /// `settle_empty_cases`).
    fn wrong_item(
        &self,
        name: &str,
        sub: &str,
        value: &Ty,
        arg: Option<&Node>,
        shown: Option<&str>,
    ) -> Option<(DataType, String, Option<String>, bool)> {
        let wrong = |t: &DataType| *t != DataType::Any && !accepts(sub, t);
        // `[…]`: its certain items.
        if let Some(node) = arg.filter(|n| {
            matches!(n.kind, Kind::ArrayCons(_)) && n.stages.is_empty() && n.predicate.is_empty()
        }) && let Some(items) = self.constructed.get(&node.offset)
            && let Some((item, named)) = items.iter().find(|(t, _)| wrong(t))
        {
            return Some((item.clone(), named.clone(), None, false));
        }
        // A constructor's items are all judged above: one that may be absent is not certain.
        if arg.is_some_and(|n| matches!(n.kind, Kind::ArrayCons(_))) {
            return None;
        }
        let what = shown.map_or_else(|| "the array".to_owned(), |s| format!("`{s}`"));
        match value {
            Ty::One(array) => {
                let item = array.element()?;
                if !wrong(&item) {
                    return None;
                }
                let gives_nothing = matches!(name, "max" | "min" | "average");
                Some((
                    item,
                    String::new(),
                    Some(format!("{what} is empty")),
                    gives_nothing,
                ))
            }
            // Each item of the sequence is one value of `item` (not an array, whose items a
            // sequence of one would splice in).
            Ty::Seq(item) if !item.is_array() && wrong(item) => Some((
                item.clone(),
                String::new(),
                Some(format!("{what} selects nothing")),
                true,
            )),
            _ => None,
        }
    }

    /// Records a failure, where it is certain: not in a branch a condition may skip, nor in
    /// a lambda's body.
    fn fail(&mut self, failure: Failure) {
        // A comparison that never holds is a mistake wherever it stands; it fails nothing. An
        // ordering of values that cannot be ordered fails the expression, like a type error:
        // only where it certainly runs.
        let never_holds = matches!(
            failure.kind,
            FailureKind::Comparison {
                op: BinaryOp::Eq | BinaryOp::Ne,
                ..
            }
        );
        if self.in_lambda == 0 && (self.guarded == 0 || never_holds) {
            self.failures.push(failure);
        }
    }

    fn type_error(&mut self, offset: usize, code: &'static str, at: &Node, message: String) {
        self.fail(Failure {
            offset,
            kind: FailureKind::TypeError {
                code,
                message,
                root: root_of(at),
                unless: None,
                nothing_from: None,
            },
        });
    }
}

/// The type of any one item of the sequence a step makes of the results it gives for each
/// item it runs against: a result that is an array is spliced in (unless an array
/// constructor made it), anything else is one item (jsonata-js `evaluateStep`).
fn flattened(each: &Ty) -> Option<DataType> {
    match each {
        Ty::One(t) | Ty::Maybe(t) | Ty::Seq(t) => Some(match t.element() {
            Some(e) => t.join(&e),
            None => t.clone(),
        }),
        _ => None,
    }
}

/// `[]` after a step: the value as an array (no value stays none).
fn keep_array(ty: Ty) -> Ty {
    match ty.items() {
        Some(element) => Ty::Maybe(DataType::Array(Box::new(element))),
        None => ty,
    }
}

/// The items a step runs against, and whether there may be several.
fn items_of(value: &Ty) -> (Ty, bool) {
    match value {
        Ty::One(t) | Ty::Maybe(t) => match t.element() {
            Some(e) => (Ty::One(e), true),
            None if *t == DataType::Any => (Ty::Unknown, true),
            None => (Ty::One(t.clone()), false),
        },
        Ty::Seq(_) => (value.items().map_or(Ty::Unknown, Ty::One), true),
        _ => (Ty::Unknown, true),
    }
}

/// The field `name` of `value`: JSONata maps a field step over an array's items and
/// flattens what they hold; a field of a scalar is no value.
fn field_of(value: &Ty, name: &str) -> Ty {
    match value {
        Ty::One(t) => field_of_type(t, name),
        Ty::Maybe(t) => match field_of_type(t, name) {
            Ty::One(t) => Ty::Maybe(t),
            other => other,
        },
        Ty::Seq(t) => match field_of_type(t, name) {
            Ty::One(t) | Ty::Maybe(t) | Ty::Seq(t) => Ty::Seq(t.element().unwrap_or(t)),
            Ty::Nothing => Ty::Nothing,
            _ => Ty::Unknown,
        },
        Ty::Nothing => Ty::Nothing,
        _ => Ty::Unknown,
    }
}

fn field_of_type(t: &DataType, name: &str) -> Ty {
    match t {
        DataType::Any => Ty::Unknown,
        DataType::Object(fields) => match fields.get(name) {
            Some((t, false)) => Ty::One(t.clone()),
            Some((t, true)) => Ty::Maybe(t.clone()),
            None => Ty::Nothing,
        },
        DataType::Partial(fields) => match fields.get(name) {
            Some((t, false)) => Ty::One(t.clone()),
            Some((t, true)) => Ty::Maybe(t.clone()),
            None => Ty::Unknown,
        },
        DataType::Map(v) => Ty::Maybe((**v).clone()),
        // A child's output or its error: a member of either, absent on the other.
        DataType::Outcome(_) => match field_of_type(&t.widened(), name) {
            Ty::One(t) => Ty::Maybe(t),
            other => other,
        },
        DataType::Array(_) | DataType::Tuple(_) => {
            let element = t.element().unwrap_or_default();
            match field_of_type(&element, name) {
                Ty::One(t) | Ty::Maybe(t) | Ty::Seq(t) => Ty::Seq(t.element().unwrap_or(t)),
                Ty::Nothing => Ty::Nothing,
                _ => Ty::Unknown,
            }
        }
        DataType::Null
        | DataType::Bool
        | DataType::Integer
        | DataType::Number
        | DataType::String
        | DataType::Timestamp => Ty::Nothing,
    }
}

/// `value[n]`: JSONata indexes an array (negative from its end); a single value is a sequence
/// of one.
fn index_of(value: &Ty, n: f64) -> Ty {
    let i = n.floor();
    match value {
        Ty::One(DataType::Tuple(items)) | Ty::Maybe(DataType::Tuple(items)) => {
            let len = items.len() as f64;
            let at = if i < 0.0 { len + i } else { i };
            if at < 0.0 || at >= len {
                return Ty::Nothing;
            }
            match items.get(at as usize) {
                Some(t) if matches!(value, Ty::One(_)) => Ty::One(t.clone()),
                Some(t) => Ty::Maybe(t.clone()),
                None => Ty::Nothing,
            }
        }
        Ty::One(DataType::Array(e)) | Ty::Maybe(DataType::Array(e)) => Ty::Maybe((**e).clone()),
        Ty::One(DataType::Any) | Ty::Maybe(DataType::Any) => Ty::Unknown,
        Ty::One(t) | Ty::Maybe(t) if i == 0.0 || i == -1.0 => value.keeping(t.clone()),
        Ty::One(_) | Ty::Maybe(_) => Ty::Nothing,
        // A sequence of one array is that array, which the index looks into
        // (`$map([1], function($v) { [0] })[0]` is `0`).
        Ty::Seq(t) if t.is_array() || *t == DataType::Any => Ty::Unknown,
        Ty::Seq(t) => Ty::Maybe(t.clone()),
        Ty::Nothing => Ty::Nothing,
        _ => Ty::Unknown,
    }
}

/// What a built-in returns, from its signature's return symbol (`:n`, `:a<s>`), made precise
/// where JSONata's documentation says more (`$count` and `$length` count, `$millis` is a
/// whole number).
fn returned(name: &str, symbol: Option<&str>) -> DataType {
    match name {
        "count" | "length" | "millis" => return DataType::Integer,
        "keys" | "split" => return DataType::Array(Box::new(DataType::String)),
        _ => {}
    }
    match symbol {
        Some("s") => DataType::String,
        Some("n") => DataType::Number,
        Some("b") => DataType::Bool,
        Some("o") => DataType::Partial(BTreeMap::new()),
        Some("a<s>") => DataType::Array(Box::new(DataType::String)),
        Some("a<o>") => DataType::Array(Box::new(DataType::Partial(BTreeMap::new()))),
        Some("a<n>") => DataType::Array(Box::new(DataType::Number)),
        Some(s) if s.starts_with('a') => DataType::Array(Box::new(DataType::Any)),
        _ => DataType::Any,
    }
}

/// Whether a parameter of these type symbols (`s`, `n`, `(sf)`, `a`, `x`, …) takes a value of
/// type `t` (jsonata-js `signature.js`: `a`, `x` and `j` take any JSON value; an array
/// parameter wraps a single value).
fn accepts(symbols: &str, t: &DataType) -> bool {
    let symbols = symbols.trim_start_matches('(').trim_end_matches(')');
    if symbols.contains(['a', 'x', 'j']) {
        return true;
    }
    let symbol = match t {
        DataType::Any => return true,
        DataType::String | DataType::Timestamp => 's',
        DataType::Integer | DataType::Number => 'n',
        DataType::Bool => 'b',
        DataType::Null => 'l',
        DataType::Object(_) | DataType::Partial(_) | DataType::Map(_) => 'o',
        DataType::Array(_) | DataType::Tuple(_) => 'a',
        // A child's output or its error (an object): either may be there.
        DataType::Outcome(success) => return accepts(symbols, success) || symbols.contains('o'),
    };
    symbols.contains(symbol)
}

/// The type symbols in words: `a string`, `a number or a string`.
fn symbols_word(symbols: &str) -> String {
    let words: Vec<&str> = symbols
        .chars()
        .filter_map(|c| match c {
            's' => Some("a string"),
            'n' => Some("a number"),
            'b' => Some("a boolean"),
            'l' => Some("null"),
            'o' => Some("an object"),
            'f' => Some("a function"),
            'a' => Some("an array"),
            _ => None,
        })
        .collect();
    match words.as_slice() {
        [] => "a value".to_owned(),
        [one] => (*one).to_owned(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

/// `a string` → `strings`, `a number or a string` → `numbers or strings`: the words of
/// [`symbols_word`] for the items of an array.
fn plural(words: &str) -> String {
    words
        .split(" or ")
        .flat_map(|w| w.split(", "))
        .map(|w| {
            let bare = w
                .strip_prefix("an ")
                .or_else(|| w.strip_prefix("a "))
                .unwrap_or(w);
            match bare {
                "null" | "a value" => bare.to_owned(),
                _ => format!("{bare}s"),
            }
        })
        .collect::<Vec<_>>()
        .join(" or ")
}

/// How to make a value of type `found` a number for `op`.
fn numeric_fix(found: &DataType, op: BinaryOp) -> &'static str {
    match (found, op) {
        (DataType::Timestamp, _) => {
            "; a timestamp counts as a number of milliseconds since the epoch through `$toMillis(…)`"
        }
        (DataType::String, BinaryOp::Add) => {
            "; convert it with `$number(…)`, or join strings with `&`"
        }
        (DataType::String, _) => "; convert it with `$number(…)`",
        _ => "",
    }
}

fn number_type(n: f64) -> DataType {
    if n.fract() == 0.0 && n.is_finite() {
        DataType::Integer
    } else {
        DataType::Number
    }
}

/// Whether `node` is a number literal other than zero (`2`, `-0.5`).
fn is_non_zero_literal(node: &Node) -> bool {
    is_literal(node)
        && match &node.kind {
            Kind::Num(n) => *n != 0.0,
            Kind::Negate(inner) => matches!(inner.kind, Kind::Num(n) if n != 0.0),
            _ => false,
        }
}

/// `t` with every number (and integer) in it unknown: where a number may be non-finite, which
/// the result holds as a string.
fn without_numbers(mut t: DataType) -> DataType {
    {
        let mut stack = vec![&mut t];
        while let Some(t) = stack.pop() {
            match t {
                DataType::Integer | DataType::Number => *t = DataType::Any,
                DataType::Array(e) | DataType::Map(e) => stack.push(e),
                DataType::Tuple(items) => stack.extend(items.iter_mut()),
                DataType::Object(fields) | DataType::Partial(fields) => {
                    stack.extend(fields.values_mut().map(|(t, _)| t));
                }
                _ => {}
            }
        }
    }
    t
}

fn is_number(t: &DataType) -> bool {
    matches!(t, DataType::Integer | DataType::Number)
}

fn is_scalar(t: &DataType) -> bool {
    matches!(
        t,
        DataType::Null
            | DataType::Bool
            | DataType::Integer
            | DataType::Number
            | DataType::String
            | DataType::Timestamp
    )
}

/// Types that compare alike: integers are numbers.
fn family(t: &DataType) -> u8 {
    match t {
        DataType::Integer | DataType::Number => 0,
        DataType::String | DataType::Timestamp => 1,
        DataType::Bool => 2,
        DataType::Null => 3,
        _ => 4,
    }
}

fn mirrored(op: BinaryOp) -> BinaryOp {
    match op {
        BinaryOp::Lt => BinaryOp::Gt,
        BinaryOp::Le => BinaryOp::Ge,
        BinaryOp::Gt => BinaryOp::Lt,
        BinaryOp::Ge => BinaryOp::Le,
        other => other,
    }
}

fn is_literal(node: &Node) -> bool {
    let bare = node.predicate.is_empty() && node.stages.is_empty();
    bare && match &node.kind {
        Kind::Str(_) | Kind::Num(_) | Kind::Bool(_) | Kind::Null => true,
        Kind::Negate(inner) => matches!(inner.kind, Kind::Num(_)),
        _ => false,
    }
}

/// What a plain path of the workflow's data reads (`$states.input…`, `$name…`), as far as
/// its root.
fn root_of(node: &Node) -> Option<Root> {
    let first = match &node.kind {
        Kind::Path { steps, .. } => steps.first()?,
        Kind::Variable(_) => node,
        _ => return None,
    };
    let Kind::Variable(name) = &first.kind else {
        return None;
    };
    match name.as_str() {
        "" | "$" => None,
        "states" => {
            let Kind::Path { steps, .. } = &node.kind else {
                return None;
            };
            match steps.get(1).map(|s| &s.kind) {
                Some(Kind::Name(member)) => match member.as_str() {
                    "input" => Some(Root::Input),
                    "result" => Some(Root::Result),
                    "context" => Some(Root::Context),
                    "errorOutput" => Some(Root::ErrorOutput),
                    _ => None,
                },
                _ => None,
            }
        }
        name if workflow_jsonata::is_builtin(name) => None,
        name => Some(Root::Variable(name.to_owned())),
    }
}

/// ` (`$t`)`: an operand as written where it can be shown briefly (see [`shown`]), to name the
/// value a message is about; nothing where it cannot.
fn named(node: &Node) -> String {
    match shown(node) {
        s if s == "the expression" => String::new(),
        s => format!(" (`{s}`)"),
    }
}

/// An operand as written, as far as it can be shown briefly: a path of names and indices, a
/// literal, a call; `the expression` otherwise.
fn shown(node: &Node) -> String {
    let index = |n: &Node| -> Option<String> {
        let mut out = String::new();
        for stage in &n.stages {
            match stage {
                Stage::Filter(f) => match f.kind {
                    Kind::Num(i) => {
                        out.push_str(&format!("[{}]", workflow_jsonata::number_text(i)))
                    }
                    _ => return None,
                },
                Stage::Index(_) => return None,
            }
        }
        Some(out)
    };
    let bare = node.predicate.is_empty() && node.stages.is_empty();
    let text = match &node.kind {
        Kind::Str(s) if bare => Some(format!("'{s}'")),
        Kind::Num(n) if bare => Some(workflow_jsonata::number_text(*n)),
        Kind::Negate(inner) if bare => match inner.kind {
            Kind::Num(n) => Some(workflow_jsonata::number_text(-n)),
            _ => None,
        },
        Kind::Bool(b) if bare => Some(b.to_string()),
        Kind::Null if bare => Some("null".to_owned()),
        Kind::Variable(name) => index(node).map(|i| format!("${name}{i}")),
        Kind::Path { steps, .. } => {
            let mut out = String::new();
            for (i, step) in steps.iter().enumerate() {
                let part = match (&step.kind, i) {
                    (Kind::Variable(name), 0) => format!("${name}"),
                    (Kind::Name(name), 0) => name.clone(),
                    (Kind::Name(name), _) => format!(".{name}"),
                    _ => return "the expression".to_owned(),
                };
                out.push_str(&part);
                match index(step) {
                    Some(i) => out.push_str(&i),
                    None => return "the expression".to_owned(),
                }
            }
            Some(out)
        }
        Kind::Call { procedure, .. } => match &procedure.kind {
            Kind::Variable(name) => Some(format!("${name}(…)")),
            _ => None,
        },
        _ => None,
    };
    text.unwrap_or_else(|| "the expression".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::dataflow::types::Vars;

    use crate::validate::test_support::object_type as object;

    /// Each function [`NO_VALUE_IN_NO_VALUE_OUT`] lists answers no value given none, as the
    /// evaluator (held to jsonata-js) does; `$exists` and `$count` answer something.
    #[test]
    fn the_functions_that_pass_no_value_on_give_none_for_none() {
        use workflow_jsonata::eval::{FixedContext, Limits, evaluate};
        let arguments = |name: &str| match name {
            "power" => "$nothing, 2",
            "pad" => "$nothing, 3",
            "formatNumber" => "$nothing, '#'",
            "formatBase" => "$nothing, 2",
            "substring" => "$nothing, 1",
            "substringBefore" | "substringAfter" => "$nothing, 'a'",
            "round" => "$nothing, 1",
            _ => "$nothing",
        };
        let value = |expression: &str| {
            let parsed = Jsonata::parse(expression).expect("parses");
            let mut cx = FixedContext::new(0, 1);
            evaluate(&parsed, None, &[], &mut cx, Limits::default())
        };
        for name in NO_VALUE_IN_NO_VALUE_OUT {
            let expression = format!("${name}({})", arguments(name));
            assert!(matches!(value(&expression), Ok(None)), "{expression}");
        }
        assert!(matches!(value("$nothing * 2"), Ok(None)));
        for something in ["$exists($nothing)", "$count($nothing)"] {
            assert!(matches!(value(something), Ok(Some(_))), "{something}");
        }
    }

    fn run(expression: &str, input: &DataType, vars: &Vars) -> Inferred {
        let parsed = Jsonata::parse(expression).expect("parses");
        infer(
            &parsed,
            Scope {
                input,
                result: &DataType::Any,
                vars,
                context: None,
                error_output: None,
            },
        )
    }

    fn codes(found: &Inferred) -> Vec<&'static str> {
        found
            .failures
            .iter()
            .map(|f| match &f.kind {
                FailureKind::TypeError { code, .. } => *code,
                FailureKind::Comparison { .. } => "comparison",
            })
            .collect()
    }

    #[test]
    fn types_follow_operators_functions_and_constructors() {
        let input = object(&[
            ("name", DataType::String),
            ("n", DataType::Integer),
            (
                "items",
                DataType::Array(Box::new(object(&[("price", DataType::Number)]))),
            ),
        ]);
        let vars = Vars::new();
        let ty = |e: &str| run(e, &input, &vars).ty;
        assert_eq!(ty("$states.input.n + 1"), Ty::One(DataType::Integer));
        assert_eq!(ty("$states.input.n / 2"), Ty::One(DataType::Number));
        assert_eq!(
            ty("$count($states.input.items)"),
            Ty::One(DataType::Integer)
        );
        assert_eq!(
            ty("$uppercase($states.input.name)"),
            Ty::One(DataType::String)
        );
        assert_eq!(ty("$states.input.name & '!'"), Ty::One(DataType::String));
        assert_eq!(ty("$states.input.items.price"), Ty::Seq(DataType::Number));
        assert_eq!(
            ty("[$states.input.items.price]"),
            Ty::One(DataType::Array(Box::new(DataType::Number)))
        );
        // `$sum` of no value (a path over an empty array) is no value: the key may be absent.
        assert_eq!(
            ty("{'total': $sum($states.input.items.price), 'who': $states.input.name}").json(),
            DataType::Object(BTreeMap::from([
                ("total".to_owned(), (DataType::Number, true)),
                ("who".to_owned(), (DataType::String, false)),
            ]))
        );
        assert_eq!(
            ty("($x := $states.input.n; $x * 2)"),
            Ty::One(DataType::Integer)
        );
        assert_eq!(
            ty("$states.input.n > 2 ? 'big' : 'small'"),
            Ty::One(DataType::String)
        );
        assert_eq!(
            ty("$states.input.n > 2 ? 'big'"),
            Ty::Maybe(DataType::String)
        );
        // A lambda given to `$map` takes an item.
        assert_eq!(
            ty("[$map($states.input.items, function($i) { $i.price * 2 })]"),
            Ty::One(DataType::Array(Box::new(DataType::Number)))
        );
        assert_eq!(
            ty("$filter($states.input.items, function($i) { $i.price > 1 })"),
            Ty::Seq(object(&[("price", DataType::Number)]))
        );
    }

    #[test]
    fn certain_type_errors_are_found_and_possible_ones_are_not() {
        let mut fields = BTreeMap::new();
        fields.insert("name".to_owned(), (DataType::String, false));
        fields.insert("nick".to_owned(), (DataType::String, true));
        fields.insert("n".to_owned(), (DataType::Integer, false));
        fields.insert("ok".to_owned(), (DataType::Bool, false));
        fields.insert(
            "tags".to_owned(),
            (DataType::Array(Box::new(DataType::String)), false),
        );
        let input = DataType::Object(fields);
        let vars = Vars::from([("limit".to_owned(), DataType::String)]);
        let found = |e: &str| codes(&run(e, &input, &vars));
        assert_eq!(found("$states.input.name + 1"), ["T2001"]);
        assert_eq!(found("1 - $states.input.ok"), ["T2002"]);
        assert_eq!(found("$states.input.n > $limit"), ["comparison"]);
        assert_eq!(found("$states.input.ok < 3"), ["comparison"]);
        assert_eq!(found("$uppercase($states.input.n)"), ["T0410"]);
        assert_eq!(found("$sum($states.input.name)"), ["T0412"]);
        assert_eq!(found("$count($states.input.n) = 'x'"), ["comparison"]);
        assert_eq!(found("-$states.input.name"), ["D1002"]);
        assert_eq!(found("[1..$states.input.name]"), ["T2004"]);
        assert_eq!(found("$states.input.n()"), ["T1006"]);
        // Possibly absent, possibly several, unknown: silent.
        assert!(found("$states.input.nick + 1").is_empty());
        assert!(found("$states.input.tags + 1").is_empty());
        assert!(found("$uppercase($states.input.tags)").is_empty());
        assert!(found("$states.input.other + 1").is_empty());
        assert!(found("$unknown + 1").is_empty());
        assert!(found("$number($states.input.name) + 1").is_empty());
        assert!(found("$states.input.n & 'x'").is_empty());
        assert!(found("$states.input.nick != 3").is_empty());
        assert!(found("$substring($states.input.name, 1)").is_empty());
        assert!(found("$states.input.name = null").is_empty());
        assert!(found("$map($states.input.tags, function($t) { $t + 1 })").is_empty());
        // A branch a condition may skip, the right of `and`: not certain.
        assert!(found("$states.input.n > 1 ? $states.input.name + 1 : 0").is_empty());
        assert!(found("$states.input.ok and $states.input.name + 1 > 2").is_empty());
        // A comparison that never holds is said wherever it stands.
        assert_eq!(
            found("$states.input.ok and $states.input.n = 'x'"),
            ["comparison"]
        );
    }

    /// The failures of `expression` with the one case each does not fail in (`unless`).
    fn failures(
        expression: &str,
        input: &DataType,
        vars: &Vars,
    ) -> Vec<(&'static str, Option<String>)> {
        run(expression, input, vars)
            .failures
            .into_iter()
            .filter_map(|f| match f.kind {
                FailureKind::TypeError { code, unless, .. } => Some((code, unless)),
                FailureKind::Comparison { .. } => None,
            })
            .collect()
    }

    #[test]
    fn element_types_are_checked_against_the_signature() {
        let input = object(&[
            ("width", DataType::Integer),
            ("height", DataType::Integer),
            ("nick", DataType::String),
            ("names", DataType::Array(Box::new(DataType::String))),
            ("sizes", DataType::Array(Box::new(DataType::Integer))),
            (
                "lines",
                DataType::Array(Box::new(object(&[("sku", DataType::String)]))),
            ),
        ]);
        let vars = Vars::from([(
            "dims".to_owned(),
            DataType::Array(Box::new(DataType::Number)),
        )]);
        let found = |e: &str| failures(e, &input, &vars);
        let always = |code| vec![(code, None)];
        // A constructor's items are certainly there: every evaluation fails.
        assert_eq!(
            found("$join([$states.input.width, $states.input.height], 'x')"),
            always("T0412")
        );
        assert_eq!(found("$sum([1, 'a'])"), always("T0412"));
        assert_eq!(found("$max(['a', 'b'])"), always("T0412"));
        assert_eq!(found("$average([[1], [2]])"), always("T0412"));
        assert_eq!(found("$merge([1])"), always("T0412"));
        // An array read from the data fails whenever it is not empty (`$sum([])` is `0`).
        assert_eq!(
            found("$sum($states.input.names)"),
            vec![("T0412", Some("`$states.input.names` is empty".to_owned()))]
        );
        assert_eq!(
            found("$join($dims, ',')"),
            vec![("T0412", Some("`$dims` is empty".to_owned()))]
        );
        // `$max`, `$min` and `$average` of an empty array give no value, which the field
        // cannot take: the whole expression fails either way (issue 64). Inside another
        // expression, which may take no value, they are left alone.
        assert_eq!(found("$max($states.input.names)"), always("T0412"));
        assert_eq!(found("$average($states.input.names)"), always("T0412"));
        // Issue 75: inside a call that gives no value for none, or arithmetic, the no value
        // of the empty case is the field's too.
        assert_eq!(
            found("$round($average($states.input.names), 1)"),
            always("T0412")
        );
        assert_eq!(found("$max($states.input.names) * 2"), always("T0412"));
        assert_eq!(found("$string($floor($min($states.input.names)))").len(), 0);
        assert!(found("$exists($average($states.input.names))").is_empty());
        // A path mapped over an array gives no value where it has no item, and `$sum` then
        // none: the same (issue 64).
        assert_eq!(found("$sum($states.input.lines.sku)"), always("T0412"));
        assert!(found("$exists($sum($states.input.lines.sku))").is_empty());
        assert!(found("$join($states.input.lines.sku)").is_empty());
        // Items of the right type, unknown ones, one that may be absent: silent.
        assert!(found("$sum($states.input.sizes)").is_empty());
        assert!(found("$join([$states.input.nick, 'x'])").is_empty());
        assert!(found("$sum([$states.input.width, $states.input.other])").is_empty());
        // The message names the value.
        let message = run("$sum($states.input.names)", &input, &vars)
            .failures
            .into_iter()
            .map(|f| match f.kind {
                FailureKind::TypeError { message, .. } => message,
                FailureKind::Comparison { .. } => String::new(),
            })
            .collect::<String>();
        assert_eq!(
            message,
            "argument 1 of `$sum` (`$states.input.names`) holds a string, and `$sum` takes an array of numbers there (signature `<a<n>:n>`; JSONata T0412)"
        );
    }

    #[test]
    fn type_errors_name_the_value_they_are_about() {
        let input = object(&[("total", DataType::String)]);
        let vars = Vars::from([("t".to_owned(), DataType::String)]);
        let messages = |e: &str| -> Vec<String> {
            run(e, &input, &vars)
                .failures
                .into_iter()
                .filter_map(|f| match f.kind {
                    FailureKind::TypeError { message, .. } => Some(message),
                    FailureKind::Comparison { .. } => None,
                })
                .collect()
        };
        assert_eq!(
            messages("$t * 2"),
            [
                "the left side (`$t`) of `*` is a string, and arithmetic takes numbers (JSONata T2001); convert it with `$number(…)`"
            ]
        );
        assert_eq!(
            messages("2 - $states.input.total"),
            [
                "the right side (`$states.input.total`) of `-` is a string, and arithmetic takes numbers (JSONata T2002); convert it with `$number(…)`"
            ]
        );
        assert_eq!(
            messages("-$t"),
            ["cannot negate a string (`$t`): `-` takes a number (JSONata D1002)"]
        );
        assert_eq!(
            messages("$uppercase($states.input.total & 'x') + 1"),
            [
                "the left side (`$uppercase(…)`) of `+` is a string, and arithmetic takes numbers (JSONata T2001); convert it with `$number(…)`, or join strings with `&`"
            ]
        );
    }

    #[test]
    fn what_gives_no_value_without_a_variable() {
        let nothing = |e: &str| undefined_without(&Jsonata::parse(e).expect("parses"), "total");
        assert!(nothing("$total"));
        assert!(nothing("$total.amount[0]"));
        assert!(nothing("$total * 2"));
        assert!(nothing("-$total"));
        assert!(nothing("$total.n > 3"));
        assert!(!nothing("$exists($total)"));
        assert!(!nothing("$total = 3"));
        assert!(!nothing("$total & 'x'"));
        assert!(!nothing("$other * 2"));
        assert!(!nothing("{'t': $total}"));
    }

    // The cases below are counterexamples `tests/jsonata_types_agree_with_the_evaluator.rs`
    // found, minimised: the evaluator's answer is in each comment.

    #[test]
    fn a_context_parameter_lets_the_arguments_move_on() {
        let input = object(&[("a", DataType::String)]);
        let vars = Vars::new();
        // `{}`: `$substring(0, 0)` is `$substring($, 0, 0)`, no value without a context.
        let found = run("{'a': $substring(0, 0)}", &input, &vars);
        assert!(codes(&found).is_empty(), "{found:?}");
        // No value: `$split($states.input.a, 0)` is `$split($, $states.input.a, 0)`.
        let found = run(
            "$substring(0, $uppercase($split($states.input.a, 0)))",
            &input,
            &vars,
        );
        assert!(codes(&found).is_empty(), "{found:?}");
        assert_eq!(
            run("$split($states.input.a, 0)", &input, &vars).ty,
            Ty::Maybe(DataType::Array(Box::new(DataType::String)))
        );
        // Arguments that fit from the first parameter on, or fit no way: as before.
        assert_eq!(
            run("$substring($states.input.a, 1)", &input, &vars).ty,
            Ty::One(DataType::String)
        );
        assert_eq!(
            codes(&run("$substring('x', 'y')", &input, &vars)),
            ["T0410"]
        );
    }

    #[test]
    fn keys_are_a_sequence() {
        // `"a"`: `$keys` of an object of one key is its one key, not an array.
        let input = object(&[("a", object(&[("a", DataType::Bool)]))]);
        assert_eq!(
            run("$keys($states.input.a)", &input, &Vars::new()).ty,
            Ty::Seq(DataType::String)
        );
    }

    #[test]
    fn an_ordering_a_branch_may_skip_is_not_certain_to_fail() {
        // `0`: the branch that orders a number and a string is not taken.
        let found = run("1 ? 0 : (0 < (0 & 0))", &DataType::Any, &Vars::new());
        assert!(codes(&found).is_empty(), "{found:?}");
        assert_eq!(
            codes(&run("0 < (0 & 0)", &DataType::Any, &Vars::new())),
            ["comparison"]
        );
    }

    #[test]
    fn a_quotient_may_be_written_as_a_string() {
        // `"NaN"`: a non-finite number is written as the string JavaScript names it by.
        let input = object(&[("n", DataType::Integer)]);
        let vars = Vars::new();
        assert_eq!(run("0 / 0", &input, &vars).ty, Ty::One(DataType::Any));
        assert_eq!(
            run(
                "{'r': $states.input.n % $states.input.n + 1}",
                &input,
                &vars
            )
            .ty,
            Ty::One(object(&[("r", DataType::Any)]))
        );
        // A divisor that is not zero: a number.
        assert_eq!(
            run("$states.input.n / 2", &input, &vars).ty,
            Ty::One(DataType::Number)
        );
    }

    #[test]
    fn an_index_into_a_sequence_of_arrays_may_look_into_the_one_array() {
        // `0`: the sequence of one array `[0]` is that array.
        assert_eq!(
            run(
                "($map(0, function($v) { [0] }))[0]",
                &DataType::Any,
                &Vars::new()
            )
            .ty,
            Ty::Unknown
        );
    }

    #[test]
    fn functions_that_answer_with_their_argument_or_no_value() {
        let vars = Vars::new();
        let ty = |e: &str| run(e, &DataType::Any, &vars).ty;
        // `0`: `$spread` of a value that is not an object, `$reverse` of a single value.
        assert_eq!(ty("((0 ~> $spread()))[0]"), Ty::Unknown);
        assert_eq!(ty("0 ~> $reverse()"), Ty::Unknown);
        assert_eq!(
            ty("$reverse([1, 2])"),
            Ty::One(DataType::Array(Box::new(DataType::Any)))
        );
        // `{}`: `$lookup` of a key the object lacks is no value.
        assert_eq!(
            ty("{'a': $lookup(0, 'a')}"),
            Ty::One(DataType::Object(BTreeMap::from([(
                "a".to_owned(),
                (DataType::Any, true)
            )])))
        );
    }

    #[test]
    fn a_sequence_of_arrays_is_spliced_as_its_arrays() {
        // `[[1], [1]]`: the two arrays `$filter` keeps are items of the constructed array.
        let input = object(&[(
            "a",
            DataType::Array(Box::new(DataType::Array(Box::new(DataType::Integer)))),
        )]);
        assert_eq!(
            run(
                "[$filter($states.input.a, function($v) { $states.input.a[0] })]",
                &input,
                &Vars::new()
            )
            .ty,
            Ty::One(DataType::Array(Box::new(DataType::Any)))
        );
    }

    #[test]
    fn a_step_filters_each_item_it_runs_against() {
        // `["", ""]`: `a.a[0]` is the first `a` of each item of `a`, not one string.
        let inner = object(&[("a", DataType::Array(Box::new(DataType::String)))]);
        let input = object(&[("a", DataType::Array(Box::new(inner.clone())))]);
        let vars = Vars::new();
        assert_eq!(
            run(
                "(0 ? $states.input.a.a[0] : $states.input.a.a[0])",
                &input,
                &vars
            )
            .ty,
            Ty::Seq(DataType::String)
        );
        // Of one object: its first item.
        let one = object(&[("a", inner)]);
        assert_eq!(
            run("($states.input.a.a[0])", &one, &vars).ty,
            Ty::Maybe(DataType::String)
        );
    }

    #[test]
    fn a_parallel_result_indexed_past_its_branches_is_no_value() {
        let result = DataType::Tuple(vec![DataType::String, DataType::Integer]);
        let vars = Vars::new();
        let parsed = Jsonata::parse("$states.result[1]").expect("parses");
        let scope = Scope {
            input: &DataType::Any,
            result: &result,
            vars: &vars,
            context: None,
            error_output: None,
        };
        assert_eq!(infer(&parsed, scope).ty, Ty::One(DataType::Integer));
        let parsed = Jsonata::parse("$states.result[2]").expect("parses");
        assert_eq!(infer(&parsed, scope).ty, Ty::Nothing);
    }
}
