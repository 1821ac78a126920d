//! What an expression reads and calls, from its parsed tree: the summary the validator checks
//! (undefined variables, `$states` fields that do not exist where they are read, `$$`, and reads
//! of the context value at the top level, which Step Functions refuses). The walk uses an
//! explicit stack: a tree as deep as the parser allows costs heap, not stack.
//!
//! # What "the top level" is
//!
//! Step Functions evaluates a JSONata expression with no context value: the state input is
//! `$states.input` and a variable is `$name`. An expression that reads the context value where
//! it is the top-level one is refused when the state machine is created, with
//! `UNSUPPORTED_JSONATA_EXPRESSION: Reference to 'phone' at the top level is not supported.`
//! (`'$'` for the context value itself). Where the top level is, as recorded against AWS
//! (`aws stepfunctions validate-state-machine-definition`, in floci-io/floci,
//! `JsonataTopLevelReferencesTest.java` and `StepFunctionsTopLevelReferenceIntegrationTest.java`;
//! the cases are in `workflow-asl/tests/aws_jsonata_definitions/`), follows JSONata's
//! evaluation:
//!
//! - the whole expression is at the top level, and so are the operands of an operator
//!   (`phone & 'x'`, `-phone`, `phone in …`, `[1..phone]`), a condition and its branches, the
//!   value bound by `:=`, the items of an array constructor, the keys and values of an object
//!   constructor (`{phone: 1}`), the expressions of a block, the callee and the arguments of a
//!   call (`$sum(phone)`, `phone(1)`), both sides of `~>`;
//! - only the **first step** of a path is: every later step runs against the step before it
//!   (`$states.input.a.phone`, `$states.input.a.(phone)`, `{'k': 1}.phone`);
//! - predicates (`$states.input.items[phone > 3]`, `$states.input.a[$ > 1]`), sort terms
//!   (`^(phone)`) and grouping (`{'k': phone}` after a path) run against the items they filter,
//!   sort or group, never at the top level;
//! - a lambda's body keeps the context of the place that defines it, so
//!   `$map($states.input.a, function($y){ phone })` reads `phone` at the top level, and a
//!   lambda defined in a predicate does not;
//! - a transform (`~> |phone|{'b': 1}|`) runs against the value it transforms: nothing in it
//!   is at the top level; nor is `**` (`**.phone` is accepted), nor is `*` (not recorded; the
//!   validator does not refuse what no recording shows AWS refusing).

use crate::Jsonata;
use crate::ast::{BinaryOp, Kind, Node, Stage};
use std::collections::HashSet;

/// A path read from a workflow variable or from `$states`, as far as it is made of field
/// names and whole-number indices: `$order.lines[0].sku`, `$states.input.a`. A step of any
/// other kind (a filter, a wildcard, a function) ends it: what comes before is still read.
#[derive(Clone, Debug, PartialEq)]
pub struct VariablePath {
    /// The variable, without `$` (`states` for `$states…`).
    pub variable: String,
    /// The steps after it.
    pub steps: Vec<PathStep>,
    /// The byte offset of its `$`.
    pub offset: usize,
}

/// One step of a [`VariablePath`].
#[derive(Clone, Debug, PartialEq)]
pub enum PathStep {
    /// `.name`.
    Field(String),
    /// `[2]`.
    Index(i64),
}

impl std::fmt::Display for VariablePath {
    /// As JSONata writes it: `$order.lines[0].sku`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "${}", self.variable)?;
        for step in &self.steps {
            match step {
                PathStep::Field(name) => write!(f, ".{name}")?,
                PathStep::Index(i) => write!(f, "[{i}]")?,
            }
        }
        Ok(())
    }
}

/// A literal an expression compares a [`VariablePath`] with: `$count > 3`, `'a' = $x.kind`.
#[derive(Clone, Debug, PartialEq)]
pub struct Comparison {
    /// `=`, `!=`, `<`, `<=`, `>` or `>=`.
    pub op: BinaryOp,
    /// The path compared.
    pub path: VariablePath,
    /// The literal it is compared with.
    pub literal: Literal,
}

/// A literal value of an expression.
#[derive(Clone, Debug, PartialEq)]
pub enum Literal {
    /// `'text'`.
    String(String),
    /// `3`, `-1.5`.
    Number(f64),
    /// `true`, `false`.
    Bool(bool),
    /// `null`.
    Null,
}

impl std::fmt::Display for Literal {
    /// As JSONata writes it.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Literal::String(s) => write!(f, "'{s}'"),
            Literal::Number(n) => f.write_str(&crate::number_text(*n)),
            Literal::Bool(b) => write!(f, "{b}"),
            Literal::Null => f.write_str("null"),
        }
    }
}

/// The variable path `node` is, if it is one: a variable (`$x`) or a path whose first step is
/// a variable, cut at its first step of another kind.
fn variable_path(node: &Node) -> Option<VariablePath> {
    variable_path_whole(node).map(|(path, _)| path)
}

/// [`variable_path`], and whether the path is all of `node` (not cut).
fn variable_path_whole(node: &Node) -> Option<(VariablePath, bool)> {
    let (first, rest): (&Node, &[Node]) = match &node.kind {
        Kind::Path { steps, .. } => steps.split_first()?,
        Kind::Variable(_) => (node, &[]),
        _ => return None,
    };
    let Kind::Variable(variable) = &first.kind else {
        return None;
    };
    if variable.is_empty() || variable == "$" {
        return None;
    }
    let mut path = VariablePath {
        variable: variable.clone(),
        steps: Vec::new(),
        offset: first.offset,
    };
    // The variable's own index (`$items[0]`), then each name with at most an index.
    if !push_index(first, &mut path.steps) || first.group.is_some() {
        return Some((path, false));
    }
    for step in rest {
        let Kind::Name(name) = &step.kind else {
            return Some((path, false));
        };
        if step.group.is_some() || step.focus.is_some() || step.index.is_some() {
            return Some((path, false));
        }
        path.steps.push(PathStep::Field(name.clone()));
        if !push_index(step, &mut path.steps) {
            return Some((path, false));
        }
    }
    let whole = match &node.kind {
        Kind::Path {
            keep_singleton_array,
            ..
        } => !keep_singleton_array && node.group.is_none(),
        _ => true,
    };
    Some((path, whole))
}

/// Pushes the one whole-number index `step` is filtered by, if any: `true` when the path
/// may go on after `step` (no filter, or that index), `false` at a filter of another kind.
fn push_index(step: &Node, steps: &mut Vec<PathStep>) -> bool {
    let stages: Vec<&Stage> = step.predicate.iter().chain(&step.stages).collect();
    match stages[..] {
        [] => true,
        [Stage::Filter(filter)] => match filter.kind {
            Kind::Num(n) if n.fract() == 0.0 && n.abs() < 1e15 => {
                steps.push(PathStep::Index(n as i64));
                true
            }
            _ => false,
        },
        _ => false,
    }
}

/// The literal `node` is, if it is one (`-3` included).
fn literal(node: &Node) -> Option<Literal> {
    match &node.kind {
        Kind::Str(s) => Some(Literal::String(s.clone())),
        Kind::Num(n) => Some(Literal::Number(*n)),
        Kind::Negate(inner) => match inner.kind {
            Kind::Num(n) => Some(Literal::Number(-n)),
            _ => None,
        },
        Kind::Bool(b) => Some(Literal::Bool(*b)),
        Kind::Null => Some(Literal::Null),
        _ => None,
    }
    .filter(|_| node.predicate.is_empty() && node.stages.is_empty())
}

/// What [`Jsonata::references`] found. Offsets are byte offsets into the expression; every list
/// is in the order of the text.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct References {
    /// Every `$$` (not JSONata's context in ASL: it is JSONPath syntax), by offset.
    pub double_dollars: Vec<usize>,
    /// Every `$name` read that is not a call, with the offset of its `$`. Names the expression
    /// binds anywhere (`function($a)` parameters, `$x :=`, `@$x`, `#$i`) are left out, wherever
    /// they are read. `$states` is included.
    pub variables: Vec<(String, usize)>,
    /// For each `$states.X`, `X` (`input`, `result`, `errorOutput`, `context`, or a misspelling)
    /// with the offset of its `$`.
    pub states_fields: Vec<(String, usize)>,
    /// The names of the functions called by name (`$fn(…)` gives `fn`), each once, in order
    /// of first use.
    pub functions: Vec<String>,
    /// Every `$` (the context value) read at the top level (see the module's documentation),
    /// by offset: `$`, `$.phone`, `$string($)`, but not `$states.input.a[$ > 1]`.
    pub bare_dollars: Vec<usize>,
    /// Field names read from the context value at the top level (see the module's
    /// documentation), with their offsets: `phone` in `phone[0].number`, `$sum(phone)`,
    /// `[phone, 1]` and `{phone: 1}`, but not in `$states.input.a.phone` or
    /// `$states.input.items[phone > 3]`.
    pub bare_names: Vec<(String, usize)>,
    /// Every path of at least one step read from a variable the expression does not bind
    /// (`$states` included), in the order of the text: `$order.id`, `$states.input.a[0]`.
    /// A path whose existence is tested (`$exists($order.id)`) is not listed: it may be
    /// missing.
    pub variable_paths: Vec<VariablePath>,
    /// Every comparison of such a path (or of a variable itself) with a literal, in the order
    /// of the text: `$count > 3`, `$states.input.kind = 'a'`.
    pub comparisons: Vec<Comparison>,
    /// The offsets of the [`variable_paths`](Self::variable_paths) read where a sequence of
    /// values is taken: an argument of a built-in whose parameter is an array (`$sum(…)`,
    /// `$count(…)`, `$map(…)`) or an item of an array constructor. There any field step of
    /// the path may map over an array (`$sum($r.byCurrency.amountCents)` reads an array
    /// `byCurrency`), so the path says nothing of whether a value along it is an object.
    pub in_sequences: Vec<usize>,
}

impl References {
    /// Whether the expression reads the context object: `$states.context`, or `$states`
    /// itself (passed whole, whose `context` holds it).
    ///
    /// ```
    /// use workflow_jsonata::Jsonata;
    /// let reads = |e: &str| Jsonata::parse(e).unwrap().references().reads_states_context();
    /// assert!(reads("$states.context.Execution.Id"));
    /// assert!(reads("$states"));
    /// assert!(reads("$merge([$states.input, $states])"));
    /// assert!(!reads("$states.input.a & $states.result.b"));
    /// ```
    pub fn reads_states_context(&self) -> bool {
        let whole = self.variables.iter().filter(|(n, _)| n == "states").count();
        self.states_fields.iter().any(|(f, _)| f == "context") || whole > self.states_fields.len()
    }
}

impl Jsonata {
    /// The expression itself as a [`VariablePath`], when it is exactly one: `$order.id`,
    /// `$states.input.items[0]`, `$x`; `None` for anything more (`$order.id & 'x'`).
    ///
    /// ```
    /// use workflow_jsonata::Jsonata;
    /// let path = Jsonata::parse("$states.input.items[0].sku").unwrap().variable_path();
    /// assert_eq!(path.unwrap().to_string(), "$states.input.items[0].sku");
    /// assert!(Jsonata::parse("$x.items[n > 1]").unwrap().variable_path().is_none());
    /// ```
    pub fn variable_path(&self) -> Option<VariablePath> {
        match variable_path_whole(self.root()) {
            Some((path, true)) => Some(path),
            _ => None,
        }
    }

    /// What the expression reads and calls.
    ///
    /// ```
    /// use workflow_jsonata::Jsonata;
    /// let expr = Jsonata::parse("$uppercase($states.input.name) & $suffix").unwrap();
    /// let refs = expr.references();
    /// assert_eq!(refs.functions, ["uppercase"]);
    /// assert_eq!(refs.states_fields, [("input".to_string(), 11)]);
    /// assert_eq!(refs.variables, [("states".to_string(), 11), ("suffix".to_string(), 33)]);
    /// ```
    pub fn references(&self) -> References {
        collect(self.root())
    }
}

/// Walks the tree from `root`; each node is visited with whether it is evaluated against the
/// top-level context (the module's documentation says where that is, and why).
fn collect(root: &Node) -> References {
    let mut out = References::default();
    let mut bound: HashSet<&str> = HashSet::new();
    let mut functions: Vec<(&str, usize)> = Vec::new();
    let mut stack: Vec<(&Node, bool)> = vec![(root, true)];
    // The arguments of `$exists(…)`, by address: their paths may be missing.
    let mut tested: HashSet<*const Node> = HashSet::new();
    while let Some((node, top)) = stack.pop() {
        if let Kind::Call {
            procedure, args, ..
        } = &node.kind
            && matches!(&procedure.kind, Kind::Variable(name) if name == "exists")
        {
            tested.extend(args.iter().map(|arg| arg as *const Node));
        }
        // Where a sequence is taken: an array parameter of a built-in, an array's items.
        let sequences: Vec<&Node> = match &node.kind {
            Kind::Call {
                procedure, args, ..
            } => match &procedure.kind {
                Kind::Variable(name) => match crate::builtin_signature(name) {
                    Some(signature) => args
                        .iter()
                        .zip(&signature.params)
                        .filter(|(_, p)| p.types.contains('a'))
                        .map(|(arg, _)| arg)
                        .collect(),
                    None => Vec::new(),
                },
                _ => Vec::new(),
            },
            Kind::ArrayCons(items) => items.iter().collect(),
            _ => Vec::new(),
        };
        out.in_sequences.extend(
            sequences
                .into_iter()
                .filter_map(|n| variable_path(n).map(|p| p.offset)),
        );
        // Predicates and grouping run against the items they filter or group.
        for stage in node.predicate.iter().chain(&node.stages) {
            match stage {
                Stage::Filter(filter) => stack.push((filter, false)),
                Stage::Index(name) => {
                    bound.insert(name);
                }
            }
        }
        if let Some(group) = &node.group {
            for (key, value) in &group.pairs {
                stack.push((key, false));
                stack.push((value, false));
            }
        }
        bound.extend(node.focus.as_deref());
        bound.extend(node.index.as_deref());
        if let Some(path) = variable_path(node)
            .filter(|p| !p.steps.is_empty() && !tested.contains(&(node as *const Node)))
        {
            out.variable_paths.push(path);
        }
        if let Kind::Binary { op, lhs, rhs } = &node.kind
            && matches!(
                op,
                BinaryOp::Eq
                    | BinaryOp::Ne
                    | BinaryOp::Lt
                    | BinaryOp::Le
                    | BinaryOp::Gt
                    | BinaryOp::Ge
            )
        {
            // Written with the path on the left: `3 < $n` is `$n > 3`.
            let mirrored = match op {
                BinaryOp::Lt => BinaryOp::Gt,
                BinaryOp::Le => BinaryOp::Ge,
                BinaryOp::Gt => BinaryOp::Lt,
                BinaryOp::Ge => BinaryOp::Le,
                other => *other,
            };
            let compared = match (variable_path(lhs), literal(rhs)) {
                (Some(path), Some(literal)) => Some((*op, path, literal)),
                _ => variable_path(rhs)
                    .zip(literal(lhs))
                    .map(|(path, literal)| (mirrored, path, literal)),
            };
            if let Some((op, path, literal)) = compared {
                out.comparisons.push(Comparison { op, path, literal });
            }
        }
        match &node.kind {
            Kind::Path { steps, .. } => {
                // Only the first step reads the context the path is evaluated in.
                for (i, step) in steps.iter().enumerate() {
                    stack.push((step, top && i == 0));
                }
                for pair in steps.windows(2) {
                    if let (Kind::Variable(variable), Kind::Name(field)) =
                        (&pair[0].kind, &pair[1].kind)
                        && variable == "states"
                    {
                        out.states_fields.push((field.clone(), pair[0].offset));
                    }
                }
            }
            Kind::Binary { lhs, rhs, .. } | Kind::Apply { lhs, rhs } => {
                stack.push((lhs, top));
                stack.push((rhs, top));
            }
            Kind::Negate(operand) => stack.push((operand, top)),
            Kind::Condition {
                cond,
                then,
                otherwise,
            } => {
                stack.push((cond, top));
                stack.push((then, top));
                stack.extend(otherwise.as_deref().map(|o| (o, top)));
            }
            Kind::Bind { name, rhs } => {
                bound.insert(name);
                stack.push((rhs, top));
            }
            // A transform runs against the value it transforms.
            Kind::Transform {
                pattern,
                update,
                delete,
            } => {
                stack.push((pattern, false));
                stack.push((update, false));
                stack.extend(delete.as_deref().map(|d| (d, false)));
            }
            Kind::ArrayCons(items) | Kind::Block(items) => {
                stack.extend(items.iter().map(|item| (item, top)));
            }
            Kind::ObjectCons(pairs) => {
                for (key, value) in pairs {
                    stack.push((key, top));
                    stack.push((value, top));
                }
            }
            Kind::Sort(terms) => stack.extend(terms.iter().map(|t| (&t.expr, false))),
            Kind::Call {
                procedure, args, ..
            } => {
                match &procedure.kind {
                    Kind::Variable(name) if !name.is_empty() && name != "$" => {
                        functions.push((name, procedure.offset));
                    }
                    _ => stack.push((procedure, top)),
                }
                stack.extend(args.iter().map(|arg| (arg, top)));
            }
            // The body keeps the context of the place that defines the lambda.
            Kind::Lambda { params, body, .. } => {
                bound.extend(params.iter().map(String::as_str));
                stack.push((body, top));
            }
            Kind::Variable(name) => match name.as_str() {
                "" if top => out.bare_dollars.push(node.offset),
                "" => {}
                "$" => out.double_dollars.push(node.offset),
                _ => out.variables.push((name.clone(), node.offset)),
            },
            Kind::Name(name) if top => out.bare_names.push((name.clone(), node.offset)),
            Kind::Name(_)
            | Kind::Str(_)
            | Kind::Num(_)
            | Kind::Bool(_)
            | Kind::Null
            | Kind::Regex { .. }
            | Kind::Wildcard
            | Kind::Descendant
            | Kind::Parent(_)
            | Kind::Placeholder => {}
        }
    }
    out.variables
        .retain(|(name, _)| !bound.contains(name.as_str()));
    out.variable_paths
        .retain(|p| !bound.contains(p.variable.as_str()));
    out.variable_paths.sort_by_key(|p| p.offset);
    out.comparisons
        .retain(|c| !bound.contains(c.path.variable.as_str()));
    out.comparisons.sort_by_key(|c| c.path.offset);
    out.variables.sort_by_key(|(_, offset)| *offset);
    out.states_fields.sort_by_key(|(_, offset)| *offset);
    out.bare_names.sort_by_key(|(_, offset)| *offset);
    out.bare_dollars.sort_unstable();
    out.double_dollars.sort_unstable();
    functions.sort_by_key(|(_, offset)| *offset);
    for (name, _) in functions {
        if !out.functions.iter().any(|f| f == name) {
            out.functions.push(name.to_owned());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn refs(expr: &str) -> References {
        match Jsonata::parse(expr) {
            Ok(e) => e.references(),
            Err(e) => panic!("`{}` should parse: {e}", expr.get(..60).unwrap_or(expr)),
        }
    }

    fn names(list: &[(String, usize)]) -> Vec<&str> {
        list.iter().map(|(n, _)| n.as_str()).collect()
    }

    #[test]
    fn variables_and_states() {
        let r = refs("$states.input.JobRun.JobRunState = \"FAILED\"");
        assert_eq!(r.states_fields, vec![("input".to_string(), 0)]);
        assert_eq!(names(&r.variables), ["states"]);
        assert!(r.double_dollars.is_empty());
        let r = refs("'api_endpoint'& $locationId &'/get-data'");
        assert_eq!(r.variables, vec![("locationId".to_string(), 16)]);
        let r = refs(
            "{ 'a': $states.result.x, 'b': $states.errorOutput, 'c': $states.context.Execution.Id }",
        );
        assert_eq!(
            names(&r.states_fields),
            ["result", "errorOutput", "context"]
        );
        // Whitespace around `.` does not matter to JSONata.
        assert_eq!(names(&refs("$states . input").states_fields), ["input"]);
        assert_eq!(names(&refs("$states.`input`").states_fields), ["input"]);
        let r = refs("$ .a");
        assert!(r.variables.is_empty());
        assert_eq!(r.bare_dollars, [0]);
        let r = refs("$$.a + $x");
        assert_eq!(r.double_dollars, [0]);
        assert_eq!(names(&r.variables), ["x"]);
        let r = refs("$détail + $_x1");
        assert_eq!(names(&r.variables), ["détail", "_x1"]);
        assert_eq!(r.variables[1].1, "$détail + ".len());
    }

    #[test]
    fn paths_read_as_sequences() {
        let r = refs("$sum($r.byCurrency.amountCents) + $count([$a.b, 1]) & $string($s.t) & $x.y");
        let at = |text: &str| {
            r.variable_paths
                .iter()
                .find(|p| p.to_string() == text)
                .map(|p| r.in_sequences.contains(&p.offset))
        };
        assert_eq!(at("$r.byCurrency.amountCents"), Some(true));
        assert_eq!(at("$a.b"), Some(true));
        assert_eq!(at("$s.t"), Some(false));
        assert_eq!(at("$x.y"), Some(false));
    }

    #[test]
    fn variable_paths_and_their_comparisons_with_literals() {
        let r = refs(
            "$order.lines[0].sku = 'a' and 3 < $count and $states.input.kind != -2 and $x.items[sku='a'].n and $f($y.z)",
        );
        let shown: Vec<String> = r.variable_paths.iter().map(ToString::to_string).collect();
        assert_eq!(
            shown,
            [
                "$order.lines[0].sku",
                "$states.input.kind",
                "$x.items",
                "$y.z"
            ]
        );
        let compared: Vec<String> = r
            .comparisons
            .iter()
            .map(|c| format!("{} {} {}", c.path, c.op.symbol(), c.literal))
            .collect();
        assert_eq!(
            compared,
            [
                "$order.lines[0].sku = 'a'",
                "$count > 3",
                "$states.input.kind != -2"
            ]
        );
        // Bound names are not the workflow's variables; `$` is the context value.
        let r =
            refs("($o := {'a': 1}; $o.b = 1) and $.c = 2 and $map($v, function($e) { $e.k > 1 })");
        assert!(r.variable_paths.is_empty(), "{:?}", r.variable_paths);
        assert!(r.comparisons.is_empty(), "{:?}", r.comparisons);
        // A path whose existence is tested may be missing.
        let r = refs("$exists($order.id) and $not($exists($states.input.skip))");
        assert!(r.variable_paths.is_empty(), "{:?}", r.variable_paths);
        assert!(r.comparisons.is_empty(), "{:?}", r.comparisons);
    }

    #[test]
    fn functions_are_not_variables() {
        let r = refs("$lowercase('EvaluationJob' & $KnowledgeBaseId & $uuid())");
        assert_eq!(r.functions, ["lowercase", "uuid"]);
        assert_eq!(names(&r.variables), ["KnowledgeBaseId"]);
        let r = refs("$string ($millis()) & $string($x)");
        assert_eq!(r.functions, ["string", "millis"]);
        assert_eq!(names(&r.variables), ["x"]);
        // Passed around, not called: a variable (the validator knows the built-ins).
        let r = refs("$map($xs, $string)");
        assert_eq!(names(&r.variables), ["xs", "string"]);
    }

    #[test]
    fn bound_names_are_excluded() {
        let r =
            refs("( $x := $states.input.n; $y := function($a, $b) { $a + $b + $z }; $y($x, $w) )");
        assert_eq!(names(&r.variables), ["states", "z", "w"]);
        assert_eq!(r.functions, ["y"]);
        let r = refs("$map($v, λ($e) { $e * $k })");
        assert_eq!(names(&r.variables), ["v", "k"]);
        let r = refs("$map($v, function($e)<n:n> { $e })");
        assert_eq!(names(&r.variables), ["v"]);
        let r = refs("$f := function($n) { $n <= 1 ? 1 : $n * $f($n - 1) }");
        assert!(r.variables.is_empty(), "{:?}", r.variables);
        let r = refs("$states.input.items@$i#$pos.{ 'v': $i, 'p': $pos, 'o': $other }");
        assert_eq!(names(&r.variables), ["states", "other"]);
    }

    #[test]
    fn strings_comments_and_regexes_are_not_references() {
        let r = refs("\"$notvar\" & '$nor' & `$field name` /* $comment */ & $yes");
        assert_eq!(names(&r.variables), ["yes"]);
        let r = refs(r"$match($s, /a\(b[/]c/i) & $t");
        assert_eq!(names(&r.variables), ["s", "t"]);
        let r = refs("$a / $b / 2");
        assert_eq!(names(&r.variables), ["a", "b"]);
        let r = refs("$x ~> $replace(/[a-z]+/i, '')");
        assert_eq!(names(&r.variables), ["x"]);
        let r = refs("$number($states.input.failed) > 0 or $number($states.input.rejected) > 0");
        assert_eq!(r.functions, ["number"]);
        assert_eq!(r.states_fields.len(), 2);
    }

    /// What the expression reads from the context value at the top level, `$` for the context
    /// value itself, each name once, in the order of the text.
    fn top_level(expr: &str) -> Vec<String> {
        let r = refs(expr);
        let mut found: Vec<(usize, String)> = r
            .bare_names
            .iter()
            .map(|(name, offset)| (*offset, name.clone()))
            .chain(
                r.bare_dollars
                    .iter()
                    .map(|offset| (*offset, "$".to_owned())),
            )
            .collect();
        found.sort();
        let mut out: Vec<String> = Vec::new();
        for (_, name) in found {
            if !out.contains(&name) {
                out.push(name);
            }
        }
        out
    }

    #[track_caller]
    fn reads_at_top(expected: &[&str], exprs: &[&str]) {
        for expr in exprs {
            assert_eq!(top_level(expr), expected, "`{expr}`");
        }
    }

    #[test]
    fn top_level_operands_conditions_and_bindings() {
        reads_at_top(
            &["phone"],
            &[
                "phone",
                "phone[0].number",
                "phone.number.street",
                "-phone",
                "phone ? 1 : 2",
                "$states.input.a ? phone : 2",
                "phone & 'x'",
                "phone in $states.input.b",
                "($x := phone; $x)",
                "phone.**.deeper",
            ],
        );
        assert_eq!(
            top_level("a and b or -c ? d : $f(e) ~> $g(f)"),
            ["a", "b", "c", "d", "e", "f"]
        );
        assert_eq!(refs("$x := total").bare_names, [("total".to_string(), 6)]);
        assert!(top_level("true or null or 1 + 1 & 'phone'").is_empty());
    }

    #[test]
    fn top_level_call_arguments_callees_and_applications() {
        reads_at_top(
            &["phone"],
            &[
                "$sum(phone)",
                "phone(1)",
                "phone ~> $string()",
                "$count(phone[inner])",
            ],
        );
        reads_at_top(&["$"], &["$string($)", "$f(?, $)"]);
        assert!(top_level("$now() & $states.input.a ~> $string()").is_empty());
    }

    #[test]
    fn top_level_arrays_objects_and_blocks() {
        reads_at_top(
            &["phone"],
            &[
                "[phone, 1]",
                "[1..phone]",
                "{phone: 1}",
                "{'k': phone}",
                "(phone)",
                "(phone).other",
                "[phone].other",
            ],
        );
        assert_eq!(top_level("[bbb, aaa]"), ["bbb", "aaa"]);
        assert_eq!(top_level("(aaa; bbb)"), ["aaa", "bbb"]);
        assert_eq!(top_level("aaa + aaa"), ["aaa"]);
        // The first step is an object constructor; `phone` is a later step.
        assert!(top_level("{'k': 1}.phone").is_empty());
    }

    #[test]
    fn lambda_bodies_keep_the_context_of_their_definition() {
        reads_at_top(
            &["phone"],
            &["$map($states.input.a, function($y){ phone })"],
        );
        reads_at_top(&["$"], &["$map($states.input.a, function($x){ $ })"]);
        reads_at_top(
            &[],
            &[
                "function($x){ $x.phone }",
                "$map($states.input.a, function($x){ $x.phone })",
                // Defined in a predicate: the body runs against the filtered item.
                "$states.input.a[$f := function($x){ phone }]",
            ],
        );
    }

    #[test]
    fn later_steps_predicates_sorting_grouping_and_transforms_are_not_top_level() {
        reads_at_top(
            &[],
            &[
                "$states.input.phone",
                "$states.input.a.phone[0]",
                "$states.input.a[0].phone",
                "$states.input.items[phone > 3]",
                "$states.input.a[0][phone]",
                "$states.input.a[$ > 1]",
                "$states.input.xs.($ * 2)",
                "$states.input.a^(phone)",
                "$states.input.a^(>$)",
                "$states.input.a{'k': phone}",
                "$states.input.a{$: phone}",
                "$states.input.a.(phone)",
                "$states.input.a.$phone",
                "$states.input.a.{'k': phone}",
                "$states.input ~> |phone|{'b': 1}|",
                "$states.input ~> |$|{'b': phone}, ['c']|",
                "**.phone",
                "$phone",
                "'phone'",
            ],
        );
        // The predicate of a top-level path is not top-level; its first step is.
        assert_eq!(
            top_level("items[price > 1] & x.y & ($a ? b : c)"),
            ["items", "x", "b", "c"]
        );
    }

    #[test]
    fn the_context_value_itself() {
        reads_at_top(&["$"], &["$", "$.phone", "$[0]", "$ = 1"]);
        assert_eq!(refs("$ .a").bare_dollars, [0]);
        // `$$` is listed on its own, wherever it is.
        let r = refs("$$.a + $states.input.b[$$ = 1]");
        assert_eq!(r.double_dollars, [0, "$$.a + $states.input.b[".len()]);
        assert!(r.bare_dollars.is_empty());
    }

    #[test]
    fn deep_trees_are_walked_without_recursion() {
        let deep = format!("{}$x{}", "[".repeat(900), "]".repeat(900));
        assert_eq!(names(&refs(&deep).variables), ["x"]);
        let long = vec!["$v"; 900].join(" + ");
        assert_eq!(refs(&long).variables.len(), 900);
    }

    proptest! {
        #[test]
        fn offsets_point_at_what_they_name(text in "[$.\\[\\]{}'\"`*/?@#()=<>!&|,:;λ0-9a-z \\\\]{0,40}") {
            if let Ok(expr) = Jsonata::parse(&text) {
                let r = expr.references();
                for (name, offset) in r.variables.iter().chain(&r.states_fields) {
                    prop_assert!(!name.is_empty());
                    prop_assert!(text.get(*offset..).is_some_and(|rest| rest.starts_with('$')));
                }
                for offset in r.bare_dollars.iter().chain(&r.double_dollars) {
                    prop_assert!(text.get(*offset..).is_some_and(|rest| rest.starts_with('$')));
                }
            }
        }
    }
}
