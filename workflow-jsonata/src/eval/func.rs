//! Function values: lambdas closed over their frame, the built-in functions, partial
//! applications, regular expressions used as matchers, `~>` chains and transforms.

use super::functions::Builtin;
use super::regex::JsRegex;
use super::value::V;
use crate::ast::Node;
use std::rc::Rc;

/// An index into the evaluator's frames.
pub(crate) type FrameId = usize;

/// A function value.
#[derive(Debug)]
pub(crate) enum Func<'a> {
    /// `function($x) { … }` with the frame and context it was defined in.
    Lambda {
        node: &'a Node,
        input: V<'a>,
        env: FrameId,
    },
    /// A built-in function.
    Builtin(Builtin),
    /// `f(?, 2)`: the function and its arguments, `None` where a `?` stands.
    Partial {
        func: V<'a>,
        args: Vec<Option<V<'a>>>,
    },
    /// A regular expression used as a matcher: `(str, from?)` → a match object.
    Regex(Rc<JsRegex>),
    /// The `next` of a match object: the next match in `text` from `from`.
    RegexNext {
        regex: Rc<JsRegex>,
        text: Rc<str>,
        from: usize,
    },
    /// `f ~> g` of two functions: `$g($f($x))`.
    Chain { first: V<'a>, second: V<'a> },
    /// `| pattern | update, delete |`.
    Transform { node: &'a Node, env: FrameId },
}

impl Func<'_> {
    /// How many arguments the function declares (what higher-order functions look at to
    /// decide what to pass).
    pub(super) fn arity(&self) -> usize {
        match self {
            Func::Lambda { node, .. } => match &node.kind {
                crate::ast::Kind::Lambda { params, .. } => params.len(),
                _ => 0,
            },
            Func::Builtin(b) => b.arity(),
            Func::Partial { args, .. } => args.iter().filter(|a| a.is_none()).count(),
            Func::Regex(_) => 2,
            Func::RegexNext { .. } => 0,
            Func::Chain { .. } | Func::Transform { .. } => 1,
        }
    }
}
