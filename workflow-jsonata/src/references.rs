//! What an expression reads and calls, from its parsed tree: the summary the validator checks
//! (undefined variables, `$states` fields that do not exist where they are read, `$$` and the
//! context value, which JSONata states do not have). The walk uses an explicit stack: a tree
//! as deep as the parser allows costs heap, not stack.

use crate::Jsonata;
use crate::ast::{Kind, Node, Stage};
use std::collections::HashSet;

/// What [`Jsonata::references`] found. Offsets are byte offsets into the expression; every list
/// is in the order of the text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
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
    /// Every bare `$` (the context value), by offset.
    pub bare_dollars: Vec<usize>,
    /// Field names read at the top level of the expression, outside any bracket and not after a
    /// `.` (`items` in `items[0] & x.y` and `x`): they read the context value.
    pub bare_names: Vec<(String, usize)>,
}

impl Jsonata {
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

/// Walks the tree from `root`; each node is visited with whether it stands at the top level.
fn collect(root: &Node) -> References {
    let mut out = References::default();
    let mut bound: HashSet<&str> = HashSet::new();
    let mut functions: Vec<(&str, usize)> = Vec::new();
    let mut stack: Vec<(&Node, bool)> = vec![(root, true)];
    while let Some((node, top)) = stack.pop() {
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
        match &node.kind {
            Kind::Path { steps, .. } => {
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
            Kind::Transform {
                pattern,
                update,
                delete,
            } => {
                stack.push((pattern, top));
                stack.push((update, top));
                stack.extend(delete.as_deref().map(|d| (d, top)));
            }
            Kind::ArrayCons(items) | Kind::Block(items) => {
                stack.extend(items.iter().map(|item| (item, false)));
            }
            Kind::ObjectCons(pairs) => {
                for (key, value) in pairs {
                    stack.push((key, false));
                    stack.push((value, false));
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
                stack.extend(args.iter().map(|arg| (arg, false)));
            }
            Kind::Lambda { params, body, .. } => {
                bound.extend(params.iter().map(String::as_str));
                stack.push((body, false));
            }
            Kind::Variable(name) => match name.as_str() {
                "" => out.bare_dollars.push(node.offset),
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

    #[test]
    fn bare_names_are_those_at_the_top_level() {
        let r = refs("items[price > 1] & x.y & ($a ? b : c)");
        assert_eq!(names(&r.bare_names), ["items", "x"]);
        let r = refs("a and b or -c ? d : $f(e) ~> $g(f)");
        assert_eq!(names(&r.bare_names), ["a", "b", "c", "d"]);
        let r = refs("$states.input.a & [b] & {'k': c} & function($v) { d }");
        assert!(r.bare_names.is_empty(), "{:?}", r.bare_names);
        let r = refs("$x := total");
        assert_eq!(r.bare_names, [("total".to_string(), 6)]);
        assert!(refs("true or null or 1").bare_names.is_empty());
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
