//! The evaluator: walks a parsed expression over JSONata's values with the reference
//! implementation's semantics (sequences, singleton collapsing, tuple streams for `@`, `#`
//! and `%`, predicates, grouping, sorting, closures, partial application, tail calls on a
//! trampoline), within AWS Step Functions' limits of depth, time and memory ([`Limits`]).

use super::Context;
use super::func::{FrameId, Func};
use super::functions::Builtin;
use super::value::{Arr, Obj, V, deep_equal, strict_equal};
use super::work::Work;
use crate::ast::{BinaryOp, Kind, Node, SortTerm, Stage};
use crate::{Jsonata, JsonataError};
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;

/// What one evaluation may spend: AWS Step Functions' three limits on a JSONata evaluation
/// (AWS documentation, transforming-data, "Handling expression errors": a stack overflow, a
/// timeout, a memory limit; each fails the state with `States.QueryEvaluationError`). The
/// defaults are AWS's.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// How deeply evaluations may nest before `U1001` (`Stack overflow error`). Every node
    /// evaluated inside another is one level deeper, and a function's body one level deeper
    /// than the call that applies it, as the reference implementation's timebox counts them.
    /// AWS's limit is 100: measured with TestState (floci-io/floci issue #2737), AWS evaluates
    /// `1+1+…+1` with 100 terms, 99 nested parentheses, 99 nested brackets, 99 `~>` stages and
    /// a non-tail-recursive `$f(31)` (3n + 5 levels), and refuses each one level deeper. A tail
    /// call runs on a trampoline and does not nest.
    pub max_depth: usize,
    /// Evaluation steps (each node evaluated, each item produced by a range or a string
    /// function counts) before `U1002` (`Expression evaluation timeout`). AWS stops an
    /// evaluation after one second (AWS documentation, transforming-data); a count of steps
    /// stands in for the clock, so a local run stops at the same point every time. The default,
    /// 20 million, is several times what an evaluator does in a second, so what AWS finishes
    /// in time finishes here.
    pub max_steps: u64,
    /// The bytes one value built by an evaluation step may hold, before `U1006` (`Expression
    /// evaluation memory limit exceeded`): AWS's 6,990,256, counted as `memory` explains.
    pub max_memory: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_depth: 100,
            max_steps: 20_000_000,
            max_memory: super::memory::MAX_HELD_BYTES,
        }
    }
}

/// What one new frame of bindings costs against [`Limits::max_steps`].
const FRAME_COST: u64 = 64;

/// One frame of variable bindings.
#[derive(Debug, Default)]
struct Frame<'a> {
    vars: HashMap<String, V<'a>>,
    parent: Option<FrameId>,
}

/// The state of one evaluation.
pub(crate) struct Evaluator<'a, 'c> {
    pub expr: &'a Jsonata,
    frames: RefCell<Vec<Frame<'a>>>,
    depth: Cell<usize>,
    steps: Cell<u64>,
    pub limits: Limits,
    pub ctx: RefCell<&'c mut dyn Context>,
}

type R<'a> = Result<V<'a>, JsonataError>;

impl<'a, 'c> Evaluator<'a, 'c> {
    pub(super) fn new(expr: &'a Jsonata, limits: Limits, ctx: &'c mut dyn Context) -> Self {
        Evaluator {
            expr,
            frames: RefCell::new(vec![Frame::default()]),
            depth: Cell::new(0),
            steps: Cell::new(0),
            limits,
            ctx: RefCell::new(ctx),
        }
    }

    // ---- frames --------------------------------------------------------------------------

    /// A new frame enclosed by `parent`. Frames live until the evaluation ends, so each one
    /// costs [`FRAME_COST`] steps: a runaway recursion exhausts the step budget while its frames
    /// still fit in a few hundred megabytes (the next evaluated node reports `U1002`).
    pub(super) fn frame(&self, parent: FrameId) -> FrameId {
        self.steps.set(self.steps.get().saturating_add(FRAME_COST));
        let mut frames = self.frames.borrow_mut();
        frames.push(Frame {
            vars: HashMap::new(),
            parent: Some(parent),
        });
        frames.len() - 1
    }

    /// Binds `name` in `frame`.
    pub(super) fn bind(&self, frame: FrameId, name: &str, value: V<'a>) {
        if let Some(f) = self.frames.borrow_mut().get_mut(frame) {
            f.vars.insert(name.to_owned(), value);
        }
    }

    /// Looks `name` up from `frame` outwards, then among the built-in functions. `$eval` is
    /// not among them: AWS Step Functions does not offer it (AWS documentation,
    /// transforming-data: use `$parse`), and a call to it fails as a call to any unbound name
    /// does, `T1006` (AWS answers `$eval("1+1")` so, floci-io/floci issue #2737).
    pub(super) fn lookup(&self, frame: FrameId, name: &str) -> V<'a> {
        let frames = self.frames.borrow();
        let mut at = Some(frame);
        while let Some(id) = at {
            let Some(f) = frames.get(id) else { break };
            if let Some(v) = f.vars.get(name) {
                return v.clone();
            }
            at = f.parent;
        }
        match Builtin::from_name(name) {
            Some(Builtin::Eval) | None => V::Undef,
            Some(b) => V::Fun(Rc::new(Func::Builtin(b))),
        }
    }

    /// A frame holding a tuple's bindings (but `@`).
    fn tuple_frame(&self, parent: FrameId, tuple: &V<'a>) -> FrameId {
        let frame = self.frame(parent);
        if let V::Obj(o) = tuple {
            for (k, v) in o.iter() {
                self.bind(frame, k, v.clone());
            }
        }
        frame
    }

    // ---- budgets -------------------------------------------------------------------------

    /// Counts `n` steps against the budget (`U1002`, AWS's timeout, past it).
    pub(super) fn spend(&self, n: u64) -> Result<(), JsonataError> {
        let spent = self.steps.get().saturating_add(n);
        self.steps.set(spent);
        if spent > self.limits.max_steps {
            return Err(JsonataError::new("U1002"));
        }
        Ok(())
    }

    /// Admits `work` an argument sets (see `work`) before it is done: a recursion without end
    /// is a stack overflow (`U1001`), a result past the memory limit `U1006`, and its steps
    /// are spent against the budget (`U1002` past it). An estimate that is not a number is
    /// past every limit.
    pub(super) fn admit(&self, work: Work) -> Result<(), JsonataError> {
        if work.endless_recursion {
            return Err(JsonataError::new("U1001"));
        }
        // NaN is past every limit: only a number no larger than it is admitted.
        if work.held.is_nan() || work.held > self.limits.max_memory as f64 {
            return Err(JsonataError::new("U1006"));
        }
        let left = self.limits.max_steps.saturating_sub(self.steps.get());
        if work.steps.is_nan() || work.steps > left as f64 {
            self.steps.set(self.limits.max_steps.saturating_add(1));
            return Err(JsonataError::new("U1002"));
        }
        // A whole number of steps no larger than `left` here.
        self.spend(work.steps.ceil() as u64)
    }

    /// Checks a string being built against the memory limit (its UTF-16 length).
    pub(super) fn check_text(&self, text: &str) -> Result<(), JsonataError> {
        if super::memory::text_exceeds(text, self.limits.max_memory) {
            return Err(JsonataError::new("U1006"));
        }
        Ok(())
    }

    /// Checks a value a step built against the memory limit (`U1006` past it).
    fn check_held(&self, v: &V<'a>) -> Result<(), JsonataError> {
        let limit = self.limits.max_memory;
        if super::memory::held_bytes(v, limit) > limit {
            return Err(JsonataError::new("U1006"));
        }
        Ok(())
    }

    // ---- evaluate ------------------------------------------------------------------------

    /// Evaluates `node` with `input` as the context value in frame `env`: one level deeper
    /// ([`Limits::max_depth`]), one step ([`Limits::max_steps`]), and the value it builds
    /// checked against [`Limits::max_memory`].
    pub(super) fn eval(&self, node: &'a Node, input: &V<'a>, env: FrameId) -> R<'a> {
        let depth = self.depth.get() + 1;
        if depth > self.limits.max_depth {
            return Err(JsonataError::new("U1001").at(node.offset));
        }
        self.spend(1)?;
        self.depth.set(depth);
        let result = workflow_text::stack::deeper(|| self.eval_inner(node, input, env));
        self.depth.set(depth - 1);
        let result = result?;
        if builds_values(node) {
            self.check_held(&result)?;
        }
        Ok(result)
    }

    fn eval_inner(&self, node: &'a Node, input: &V<'a>, env: FrameId) -> R<'a> {
        let mut result = match &node.kind {
            Kind::Path { .. } => self.path(node, input, env)?,
            Kind::Binary { op, lhs, rhs } => self.binary(*op, lhs, rhs, input, env, node)?,
            Kind::Negate(e) => match self.eval(e, input, env)? {
                V::Undef => V::Undef,
                V::Num(n) if super::functions::is_numeric(&V::Num(n))? => V::Num(-n),
                other => {
                    return Err(JsonataError::new("D1002")
                        .at(node.offset)
                        .token("-")
                        .value(json_text(&other)));
                }
            },
            Kind::ArrayCons(items) => self.array_constructor(node, items, input, env)?,
            Kind::ObjectCons(pairs) => self.group(pairs, node.offset, input, env)?,
            Kind::Name(name) => lookup(input, name),
            Kind::Str(s) => V::str(s.as_str()),
            Kind::Num(n) => V::Num(*n),
            Kind::Bool(b) => V::Bool(*b),
            Kind::Null => V::Null,
            Kind::Regex { pattern, flags } => {
                let re =
                    super::regex::JsRegex::new(pattern, flags).map_err(|e| e.at(node.offset))?;
                V::Fun(Rc::new(Func::Regex(Rc::new(re))))
            }
            Kind::Wildcard => wildcard(input),
            Kind::Descendant => descendants(input),
            Kind::Parent(slot) => {
                let label = self
                    .expr
                    .slots()
                    .get(*slot)
                    .map(|s| s.label.clone())
                    .unwrap_or_default();
                self.lookup(env, &label)
            }
            Kind::Condition {
                cond,
                then,
                otherwise,
            } => {
                let c = self.eval(cond, input, env)?;
                if super::functions::truthy(&c)? {
                    self.eval(then, input, env)?
                } else if let Some(o) = otherwise {
                    self.eval(o, input, env)?
                } else {
                    V::Undef
                }
            }
            Kind::Block(items) => {
                let frame = self.frame(env);
                let mut result = V::Undef;
                for item in items {
                    result = self.eval(item, input, frame)?;
                }
                result
            }
            Kind::Bind { name, rhs } => {
                let value = self.eval(rhs, input, env)?;
                self.bind(env, name, value.clone());
                value
            }
            Kind::Variable(name) => {
                if name.is_empty() {
                    match input {
                        V::Arr(a) if a.outer_wrapper => {
                            a.items.first().cloned().unwrap_or(V::Undef)
                        }
                        other => other.clone(),
                    }
                } else {
                    self.lookup(env, name)
                }
            }
            Kind::Call {
                procedure,
                args,
                partial: false,
            } => self.call(node, procedure, args, input, env, None)?,
            Kind::Call {
                procedure,
                args,
                partial: true,
            } => self.partial(node, procedure, args, input, env)?,
            Kind::Lambda { .. } => V::Fun(Rc::new(Func::Lambda {
                node,
                input: input.clone(),
                env,
            })),
            Kind::Apply { lhs, rhs } => self.apply_expr(node, lhs, rhs, input, env)?,
            Kind::Transform { .. } => V::Fun(Rc::new(Func::Transform { node, env })),
            Kind::Sort(_) | Kind::Placeholder => V::Undef,
        };
        for stage in &node.predicate {
            if let Stage::Filter(p) = stage {
                result = self.filter(p, result, env)?;
            }
        }
        if !matches!(node.kind, Kind::Path { .. })
            && let Some(group) = &node.group
        {
            result = self.group(&group.pairs, group.offset, &result, env)?;
        }
        Ok(collapse(result, node.keep_array))
    }

    // ---- paths ---------------------------------------------------------------------------

    fn path(&self, node: &'a Node, input: &V<'a>, env: FrameId) -> R<'a> {
        let Kind::Path {
            steps,
            keep_singleton_array,
        } = &node.kind
        else {
            return Ok(V::Undef);
        };
        let first_is_variable = steps
            .first()
            .is_some_and(|s| matches!(s.kind, Kind::Variable(_)));
        let mut input_seq = match input {
            V::Arr(_) if !first_is_variable => input.clone(),
            other => V::sequence(vec![other.clone()]),
        };
        let mut result = V::Undef;
        let mut is_tuple = false;
        let mut tuples: Option<V<'a>> = None;
        let last = steps.len().saturating_sub(1);
        for (i, step) in steps.iter().enumerate() {
            if step.tuple {
                is_tuple = true;
            }
            if i == 0 && step.cons_array {
                result = self.eval(step, &input_seq, env)?;
            } else if is_tuple {
                tuples = Some(self.tuple_step(step, &input_seq, tuples.take(), env)?);
            } else {
                result = self.step(step, &input_seq, env, i == last)?;
            }
            if !is_tuple
                && (result.is_undef() || result.as_arr().is_some_and(|a| a.items.is_empty()))
            {
                break;
            }
            if step.focus.is_none() {
                input_seq = result.clone();
            }
        }
        if is_tuple {
            let stream = tuples.unwrap_or_else(|| tuple_stream(Vec::new()));
            result = if node.tuple {
                stream.clone()
            } else {
                V::sequence(
                    stream
                        .items()
                        .into_iter()
                        .map(|t| tuple_get(&t, "@"))
                        .collect(),
                )
            };
            if let Some(group) = &node.group {
                let grouped = self.group(&group.pairs, group.offset, &stream, env)?;
                return Ok(self.keep_singleton(grouped, *keep_singleton_array));
            }
        } else if let Some(group) = &node.group {
            let result = self.keep_singleton(result, *keep_singleton_array);
            return self.group(&group.pairs, group.offset, &result, env);
        }
        Ok(self.keep_singleton(result, *keep_singleton_array))
    }

    fn keep_singleton(&self, mut result: V<'a>, keep: bool) -> V<'a> {
        if !keep {
            return result;
        }
        if let V::Arr(a) = &result
            && a.cons
            && !a.sequence
        {
            result = V::sequence(vec![result.clone()]);
        }
        if let Some(a) = result.arr_mut() {
            a.keep_singleton = true;
        }
        result
    }

    fn step(&self, step: &'a Node, input: &V<'a>, env: FrameId, last: bool) -> R<'a> {
        if let Kind::Sort(terms) = &step.kind {
            let mut result = self.sort(terms, step.offset, input, env)?;
            result = self.stages(&step.stages, result, env)?;
            return Ok(result);
        }
        let mut results = Vec::new();
        for item in input.items() {
            let mut res = self.eval(step, &item, env)?;
            for stage in &step.stages {
                if let Stage::Filter(p) = stage {
                    res = self.filter(p, res, env)?;
                }
            }
            if !res.is_undef() {
                results.push(res);
            }
        }
        if last && results.len() == 1 && matches!(&results[0], V::Arr(a) if !a.sequence) {
            return Ok(results.swap_remove(0));
        }
        let mut out = Vec::with_capacity(results.len());
        for res in results {
            match &res {
                V::Arr(a) if !a.cons => out.extend(a.items.iter().cloned()),
                _ => out.push(res),
            }
        }
        Ok(V::sequence(out))
    }

    fn stages(&self, stages: &'a [Stage], input: V<'a>, env: FrameId) -> R<'a> {
        let mut result = input;
        for stage in stages {
            match stage {
                Stage::Filter(p) => result = self.filter(p, result, env)?,
                Stage::Index(name) => {
                    if let Some(a) = result.arr_mut() {
                        for (i, tuple) in a.items.iter_mut().enumerate() {
                            if let V::Obj(o) = tuple {
                                Rc::make_mut(o).insert(name.clone(), V::Num(i as f64));
                            }
                        }
                    }
                }
            }
        }
        Ok(result)
    }

    fn tuple_step(
        &self,
        step: &'a Node,
        input: &V<'a>,
        tuples: Option<V<'a>>,
        env: FrameId,
    ) -> R<'a> {
        if let Kind::Sort(terms) = &step.kind {
            let result = match tuples {
                Some(t) => self.sort(terms, step.offset, &t, env)?,
                None => {
                    let sorted = self.sort(terms, step.offset, input, env)?;
                    let index_name = step.index.clone().unwrap_or_else(|| "undefined".into());
                    tuple_stream(
                        sorted
                            .items()
                            .into_iter()
                            .enumerate()
                            .map(|(i, item)| {
                                let mut t = Obj::new();
                                t.insert("@".into(), item);
                                t.insert(index_name.clone(), V::Num(i as f64));
                                V::object(t)
                            })
                            .collect(),
                    )
                }
            };
            return self.stages(&step.stages, result, env);
        }
        let bindings: Vec<V<'a>> = match tuples {
            Some(t) => t.items(),
            None => input
                .items()
                .into_iter()
                .map(|item| {
                    let mut t = Obj::new();
                    t.insert("@".into(), item);
                    V::object(t)
                })
                .collect(),
        };
        let mut out = Vec::new();
        for tuple in bindings {
            let step_env = self.tuple_frame(env, &tuple);
            let context = tuple_get(&tuple, "@");
            let res = self.eval(step, &context, step_env)?;
            if res.is_undef() {
                continue;
            }
            let res_is_stream = matches!(&res, V::Arr(a) if a.tuple_stream);
            let items = match &res {
                V::Arr(a) => a.items.clone(),
                other => vec![other.clone()],
            };
            let V::Obj(base) = &tuple else { continue };
            for (bb, r) in items.into_iter().enumerate() {
                let mut t: Obj<'a> = (**base).clone();
                if res_is_stream {
                    if let V::Obj(o) = &r {
                        for (k, v) in o.iter() {
                            t.insert(k.clone(), v.clone());
                        }
                    }
                } else {
                    if let Some(focus) = &step.focus {
                        t.insert(focus.clone(), r);
                        t.insert("@".into(), context.clone());
                    } else {
                        t.insert("@".into(), r);
                    }
                    if let Some(index) = &step.index {
                        t.insert(index.clone(), V::Num(bb as f64));
                    }
                    if let Some(slot) = step.ancestor
                        && let Some(s) = self.expr.slots().get(slot)
                    {
                        t.insert(s.label.clone(), context.clone());
                    }
                }
                out.push(V::object(t));
            }
        }
        self.stages(&step.stages, tuple_stream(out), env)
    }

    /// `input[predicate]`.
    pub(super) fn filter(&self, predicate: &'a Node, input: V<'a>, env: FrameId) -> R<'a> {
        let is_stream = matches!(&input, V::Arr(a) if a.tuple_stream);
        let items = match &input {
            V::Arr(a) => a.items.clone(),
            other => vec![other.clone()],
        };
        let mut results = Vec::new();
        if let Kind::Num(n) = predicate.kind
            && predicate.predicate.is_empty()
        {
            let mut index = n.floor();
            if index < 0.0 {
                index += items.len() as f64;
            }
            if index >= 0.0
                && let Some(item) = items.get(index as usize)
                && !item.is_undef()
            {
                if let V::Arr(_) = item {
                    return Ok(item.clone());
                }
                results.push(item.clone());
            }
        } else {
            for (index, item) in items.iter().enumerate() {
                let (context, frame) = if is_stream {
                    (tuple_get(item, "@"), self.tuple_frame(env, item))
                } else {
                    (item.clone(), env)
                };
                let res = self.eval(predicate, &context, frame)?;
                // As the reference reads a predicate's value: a number, or an array of
                // numbers, selects by index; anything else by its truth (`is_numeric`: NaN
                // is not a number, an infinite one is D1001).
                let numbers: Option<Vec<f64>> = match &res {
                    V::Num(n) if super::functions::is_numeric(&res)? => Some(vec![*n]),
                    V::Arr(a) => {
                        let mut all = true;
                        for item in &a.items {
                            all &= super::functions::is_numeric(item)?;
                        }
                        all.then(|| {
                            a.items
                                .iter()
                                .filter_map(|v| match v {
                                    V::Num(n) => Some(*n),
                                    _ => None,
                                })
                                .collect()
                        })
                    }
                    _ => None,
                };
                match numbers {
                    Some(ns) => {
                        for n in ns {
                            let mut ii = n.floor();
                            if ii < 0.0 {
                                ii += items.len() as f64;
                            }
                            if ii == index as f64 {
                                results.push(item.clone());
                            }
                        }
                    }
                    None => {
                        if super::functions::truthy(&res)? {
                            results.push(item.clone());
                        }
                    }
                }
            }
        }
        let mut out = Arr {
            items: results,
            sequence: true,
            ..Arr::default()
        };
        out.tuple_stream = is_stream;
        Ok(V::Arr(Rc::new(out)))
    }

    // ---- constructors, grouping, sorting --------------------------------------------------

    fn array_constructor(
        &self,
        node: &'a Node,
        items: &'a [Node],
        input: &V<'a>,
        env: FrameId,
    ) -> R<'a> {
        let mut result: Vec<V<'a>> = Vec::new();
        for item in items {
            let value = self.eval(item, input, env)?;
            if value.is_undef() {
                continue;
            }
            if matches!(item.kind, Kind::ArrayCons(_)) {
                result.push(value);
            } else {
                match value {
                    V::Arr(a) => result.extend(a.items.iter().cloned()),
                    other => result.push(other),
                }
            }
        }
        Ok(V::Arr(Rc::new(Arr {
            items: result,
            cons: node.cons_array,
            ..Arr::default()
        })))
    }

    /// Grouping `{k: v}` over `input` (also the object constructor).
    pub(super) fn group(
        &self,
        pairs: &'a [(Node, Node)],
        offset: usize,
        input: &V<'a>,
        env: FrameId,
    ) -> R<'a> {
        let reduce = matches!(input, V::Arr(a) if a.tuple_stream);
        let mut items = match input {
            V::Arr(a) => a.items.clone(),
            other => vec![other.clone()],
        };
        if items.is_empty() {
            items.push(V::Undef);
        }
        let mut groups: indexmap::IndexMap<String, (V<'a>, usize)> = indexmap::IndexMap::new();
        for item in &items {
            let frame = if reduce {
                self.tuple_frame(env, item)
            } else {
                env
            };
            let context = if reduce {
                tuple_get(item, "@")
            } else {
                item.clone()
            };
            for (pair_index, (k, _)) in pairs.iter().enumerate() {
                let key = self.eval(k, &context, frame)?;
                match key {
                    V::Undef => {}
                    V::Str(s) => match groups.get_mut(&*s) {
                        Some((data, expr_index)) => {
                            if *expr_index != pair_index {
                                return Err(JsonataError::new("D1009")
                                    .at(offset)
                                    .value(super::value::stringify_lossy(&V::Str(s.clone()))));
                            }
                            *data = append(data.clone(), item.clone());
                        }
                        None => {
                            groups.insert(s.to_string(), (item.clone(), pair_index));
                        }
                    },
                    other => {
                        return Err(JsonataError::new("T1003")
                            .at(offset)
                            .value(json_text(&other)));
                    }
                }
            }
        }
        let mut result = Obj::new();
        for (key, (data, expr_index)) in groups {
            let (context, frame) = if reduce {
                let tuple = reduce_tuple_stream(&data);
                let context = tuple_get(&tuple, "@");
                let mut rest = match tuple {
                    V::Obj(o) => (*o).clone(),
                    _ => Obj::new(),
                };
                rest.shift_remove("@");
                (context, self.tuple_frame(env, &V::object(rest)))
            } else {
                (data, env)
            };
            let Some((_, value_expr)) = pairs.get(expr_index) else {
                continue;
            };
            let value = self.eval(value_expr, &context, frame)?;
            if !value.is_undef() {
                result.insert(key, value);
            }
        }
        Ok(V::object(result))
    }

    fn sort(&self, terms: &'a [SortTerm], offset: usize, input: &V<'a>, env: FrameId) -> R<'a> {
        let is_tuple = matches!(input, V::Arr(a) if a.tuple_stream);
        let items = input.items();
        // The keys of each item, evaluated once.
        let mut keyed: Vec<(Vec<V<'a>>, V<'a>)> = Vec::with_capacity(items.len());
        for item in items {
            let (context, frame) = if is_tuple {
                (tuple_get(&item, "@"), self.tuple_frame(env, &item))
            } else {
                (item.clone(), env)
            };
            let mut keys = Vec::with_capacity(terms.len());
            for term in terms {
                keys.push(self.eval(&term.expr, &context, frame)?);
            }
            keyed.push((keys, item));
        }
        // Check the keys' types once: strings and numbers, one type per term (nothing is
        // compared when there is only one item).
        for (t, _) in terms.iter().enumerate().filter(|_| keyed.len() > 1) {
            let mut seen: Option<&V<'a>> = None;
            for (keys, _) in &keyed {
                let k = &keys[t];
                match k {
                    V::Undef => {}
                    V::Num(_) | V::Str(_) => {
                        if let Some(prev) = seen
                            && prev.type_name() != k.type_name()
                        {
                            return Err(JsonataError::new("T2007")
                                .at(offset)
                                .value(json_text(prev))
                                .extra(json_text(k)));
                        }
                        seen = Some(k);
                    }
                    other => {
                        return Err(JsonataError::new("T2008")
                            .at(offset)
                            .value(json_text(other)));
                    }
                }
            }
        }
        keyed.sort_by(|(a, _), (b, _)| {
            for (t, term) in terms.iter().enumerate() {
                let ord = compare_keys(&a[t], &b[t]);
                let ord = if term.descending && !a[t].is_undef() && !b[t].is_undef() {
                    ord.reverse()
                } else {
                    ord
                };
                if ord != std::cmp::Ordering::Equal {
                    return ord;
                }
            }
            std::cmp::Ordering::Equal
        });
        let sorted: Vec<V<'a>> = keyed.into_iter().map(|(_, item)| item).collect();
        let mut out = Arr {
            items: sorted,
            sequence: true,
            ..Arr::default()
        };
        out.tuple_stream = is_tuple;
        Ok(V::Arr(Rc::new(out)))
    }

    // ---- operators -----------------------------------------------------------------------

    fn binary(
        &self,
        op: BinaryOp,
        lhs: &'a Node,
        rhs: &'a Node,
        input: &V<'a>,
        env: FrameId,
        node: &'a Node,
    ) -> R<'a> {
        let l = self.eval(lhs, input, env)?;
        if matches!(op, BinaryOp::And | BinaryOp::Or) {
            let lb = super::functions::truthy(&l)?;
            return Ok(V::Bool(match op {
                BinaryOp::And => lb && super::functions::truthy(&self.eval(rhs, input, env)?)?,
                _ => lb || super::functions::truthy(&self.eval(rhs, input, env)?)?,
            }));
        }
        let r = self.eval(rhs, input, env)?;
        let at = |e: JsonataError| e.at(node.offset).token(op.symbol());
        match op {
            BinaryOp::Add | BinaryOp::Sub | BinaryOp::Mul | BinaryOp::Div | BinaryOp::Mod => {
                numeric(op, &l, &r).map_err(at)
            }
            BinaryOp::Eq => Ok(V::Bool(
                !l.is_undef() && !r.is_undef() && deep_equal(&l, &r),
            )),
            BinaryOp::Ne => Ok(V::Bool(
                !l.is_undef() && !r.is_undef() && !deep_equal(&l, &r),
            )),
            BinaryOp::Lt | BinaryOp::Le | BinaryOp::Gt | BinaryOp::Ge => {
                comparison(op, &l, &r).map_err(at)
            }
            BinaryOp::Concat => {
                let mut s = String::new();
                if !l.is_undef() {
                    s.push_str(&super::functions::to_string(&l, false).map_err(at)?);
                }
                if !r.is_undef() {
                    s.push_str(&super::functions::to_string(&r, false).map_err(at)?);
                }
                self.check_text(&s)?;
                self.spend(s.len() as u64 / 16)?;
                Ok(V::str(s))
            }
            BinaryOp::Range => self.range(&l, &r).map_err(at),
            BinaryOp::In => {
                if l.is_undef() || r.is_undef() {
                    return Ok(V::Bool(false));
                }
                let items = match &r {
                    V::Arr(a) => a.items.clone(),
                    other => vec![other.clone()],
                };
                Ok(V::Bool(items.iter().any(|v| strict_equal(v, &l))))
            }
            BinaryOp::And | BinaryOp::Or => Ok(V::Undef),
        }
    }

    fn range(&self, l: &V<'a>, r: &V<'a>) -> R<'a> {
        let int = |v: &V<'a>| match v {
            V::Num(n) if n.fract() == 0.0 && n.is_finite() => Some(Some(*n)),
            V::Undef => Some(None),
            _ => None,
        };
        let lo = int(l).ok_or_else(|| JsonataError::new("T2003").value(json_text(l)))?;
        let hi = int(r).ok_or_else(|| JsonataError::new("T2004").value(json_text(r)))?;
        let (Some(lo), Some(hi)) = (lo, hi) else {
            return Ok(V::Undef);
        };
        if lo > hi {
            return Ok(V::Undef);
        }
        let size = hi - lo + 1.0;
        if size > 1e7 {
            return Err(JsonataError::new("D2014").value(super::value::js_number(size)));
        }
        // A number counts 8 bytes: refused before allocating, as AWS refuses
        // `[1..873783] ~> $count()` (see `memory`).
        self.admit(Work::items(size))?;
        let size = size as usize;
        let items = (0..size).map(|i| V::Num(lo + i as f64)).collect();
        Ok(V::sequence(items))
    }

    // ---- functions -----------------------------------------------------------------------

    /// A function call; `context` is the value `~>` passes as the first argument.
    fn call(
        &self,
        node: &'a Node,
        procedure: &'a Node,
        args: &'a [Node],
        input: &V<'a>,
        env: FrameId,
        context: Option<V<'a>>,
    ) -> R<'a> {
        let proc = self.eval(procedure, input, env)?;
        let name = procedure_name(procedure);
        if proc.is_undef()
            && let Kind::Path { steps, .. } = &procedure.kind
            && let Some(Kind::Name(first)) = steps.first().map(|s| &s.kind)
            && !self.lookup(env, first).is_undef()
        {
            return Err(JsonataError::new("T1005")
                .at(node.offset)
                .token(first.clone()));
        }
        let mut evaluated = Vec::with_capacity(args.len() + 1);
        if let Some(c) = context {
            evaluated.push(c);
        }
        for arg in args {
            evaluated.push(self.eval(arg, input, env)?);
        }
        self.apply(&proc, evaluated, input, env)
            .map_err(|e| add_position(e, node.offset, &name))
    }

    fn partial(
        &self,
        node: &'a Node,
        procedure: &'a Node,
        args: &'a [Node],
        input: &V<'a>,
        env: FrameId,
    ) -> R<'a> {
        let mut evaluated = Vec::with_capacity(args.len());
        for arg in args {
            if matches!(arg.kind, Kind::Placeholder) {
                evaluated.push(None);
            } else {
                evaluated.push(Some(self.eval(arg, input, env)?));
            }
        }
        let proc = self.eval(procedure, input, env)?;
        if proc.is_undef()
            && let Kind::Path { steps, .. } = &procedure.kind
            && let Some(Kind::Name(first)) = steps.first().map(|s| &s.kind)
            && !self.lookup(env, first).is_undef()
        {
            return Err(JsonataError::new("T1007")
                .at(node.offset)
                .token(first.clone()));
        }
        if !proc.is_function() {
            return Err(JsonataError::new("T1008")
                .at(node.offset)
                .token(procedure_name(procedure)));
        }
        Ok(V::Fun(Rc::new(Func::Partial {
            func: proc,
            args: evaluated,
        })))
    }

    fn apply_expr(
        &self,
        node: &'a Node,
        lhs: &'a Node,
        rhs: &'a Node,
        input: &V<'a>,
        env: FrameId,
    ) -> R<'a> {
        let l = self.eval(lhs, input, env)?;
        if let Kind::Call {
            procedure,
            args,
            partial: false,
        } = &rhs.kind
        {
            // As the reference implementation, the call is made directly (its own
            // predicates, if any, are not applied).
            return self.call(rhs, procedure, args, input, env, Some(l));
        }
        let func = self.eval(rhs, input, env)?;
        if !func.is_function() {
            return Err(JsonataError::new("T2006")
                .at(node.offset)
                .value(json_text(&func)));
        }
        if l.is_function() {
            return Ok(V::Fun(Rc::new(Func::Chain {
                first: l,
                second: func,
            })));
        }
        self.apply(&func, vec![l], input, env)
    }

    /// Applies a function to arguments, running tail calls on a trampoline.
    pub(super) fn apply(
        &self,
        proc: &V<'a>,
        args: Vec<V<'a>>,
        input: &V<'a>,
        env: FrameId,
    ) -> R<'a> {
        let mut result = self.apply_inner(proc, args, input, env)?;
        while let V::Fun(f) = &result {
            let Func::Lambda {
                node,
                input: li,
                env: le,
            } = &**f
            else {
                break;
            };
            let Kind::Lambda {
                thunk: true, body, ..
            } = &node.kind
            else {
                break;
            };
            let Kind::Call {
                procedure, args, ..
            } = &body.kind
            else {
                break;
            };
            self.spend(1)?;
            let (li, le) = (li.clone(), *le);
            let next = self.eval(procedure, &li, le)?;
            let mut evaluated = Vec::with_capacity(args.len());
            for a in args.iter() {
                evaluated.push(self.eval(a, &li, le)?);
            }
            let name = procedure_name(procedure);
            result = self
                .apply_inner(&next, evaluated, input, env)
                .map_err(|e| add_position(e, body.offset, &name))?;
        }
        Ok(result)
    }

    /// Applies a function. Applying does not nest an evaluation (the body evaluated is one
    /// level deeper than the call node already), as in the reference implementation's timebox.
    fn apply_inner(&self, proc: &V<'a>, args: Vec<V<'a>>, input: &V<'a>, env: FrameId) -> R<'a> {
        let V::Fun(f) = proc else {
            return Err(JsonataError::new("T1006"));
        };
        workflow_text::stack::deeper(|| self.apply_func(f, args, input, env))
    }

    fn apply_func(&self, f: &Rc<Func<'a>>, args: Vec<V<'a>>, input: &V<'a>, env: FrameId) -> R<'a> {
        match &**f {
            Func::Lambda {
                node,
                input: li,
                env: le,
            } => {
                let Kind::Lambda {
                    params,
                    signature,
                    body,
                    ..
                } = &node.kind
                else {
                    return Ok(V::Undef);
                };
                let args = match signature {
                    Some(sig) => super::signature::validate(sig, args, input)?,
                    None => args,
                };
                let frame = self.frame(*le);
                for (i, p) in params.iter().enumerate() {
                    self.bind(frame, p, args.get(i).cloned().unwrap_or(V::Undef));
                }
                self.eval(body, li, frame)
            }
            Func::Builtin(b) => {
                let args = super::signature::validate(b.signature(), args, input)?;
                super::functions::call(self, *b, args, input, env)
            }
            Func::Partial { func, args: bound } => {
                let mut supplied = args.into_iter();
                let full: Vec<V<'a>> = bound
                    .iter()
                    .map(|a| match a {
                        Some(v) => v.clone(),
                        None => supplied.next().unwrap_or(V::Undef),
                    })
                    .collect();
                self.apply(func, full, input, env)
            }
            Func::Regex(re) => {
                let text = match args.first() {
                    Some(V::Str(s)) => s.clone(),
                    _ => return Ok(V::Undef),
                };
                let from = match args.get(1) {
                    Some(V::Num(n)) if *n >= 0.0 => *n as usize,
                    _ => 0,
                };
                Ok(super::regex::match_object(re, &text, from))
            }
            Func::RegexNext { regex, text, from } => {
                let next = super::regex::match_object(regex, text, *from);
                if let V::Obj(o) = &next
                    && matches!(o.get("match"), Some(V::Str(m)) if m.is_empty())
                {
                    return Err(
                        JsonataError::new("D1004").value(json_text(&V::str(regex.source())))
                    );
                }
                Ok(next)
            }
            Func::Chain { first, second } => {
                let x = args.into_iter().next().unwrap_or(V::Undef);
                let once = self.apply(first, vec![x], input, env)?;
                self.apply(second, vec![once], input, env)
            }
            Func::Transform { node, env: te } => self.transform(node, *te, args),
        }
    }

    fn transform(&self, node: &'a Node, env: FrameId, args: Vec<V<'a>>) -> R<'a> {
        let Kind::Transform {
            pattern,
            update,
            delete,
        } = &node.kind
        else {
            return Ok(V::Undef);
        };
        let obj = args.into_iter().next().unwrap_or(V::Undef);
        if obj.is_undef() {
            return Ok(V::Undef);
        }
        if !matches!(obj, V::Obj(_) | V::Arr(_)) {
            return Err(JsonataError::new("T0410").token("").extra("1"));
        }
        // Work on a deep copy; each match is found again by identity, following the copies
        // that earlier updates made of it or of its ancestors.
        let mut result = deep_clone(&obj);
        let matches = self.eval(pattern, &result, env)?;
        let mut forward: HashMap<*const Obj<'a>, Rc<Obj<'a>>> = HashMap::new();
        for target in matches.items() {
            let V::Obj(original) = &target else { continue };
            let mut current = original.clone();
            while let Some(next) = forward.get(&Rc::as_ptr(&current)) {
                current = next.clone();
            }
            let current_value = V::Obj(current.clone());
            let upd = self.eval(update, &current_value, env)?;
            let mut replacement: Obj<'a> = (*current).clone();
            match &upd {
                V::Undef => {}
                V::Obj(u) => {
                    for (k, v) in u.iter() {
                        replacement.insert(k.clone(), v.clone());
                    }
                }
                other => {
                    return Err(JsonataError::new("T2011")
                        .at(update.offset)
                        .value(json_text(other)));
                }
            }
            if let Some(d) = delete {
                let deletions = self.eval(d, &current_value, env)?;
                if !deletions.is_undef() {
                    let names = deletions.items();
                    if !names.iter().all(|n| matches!(n, V::Str(_))) {
                        return Err(JsonataError::new("T2012")
                            .at(d.offset)
                            .value(json_text(&deletions)));
                    }
                    for n in names {
                        if let V::Str(n) = n {
                            replacement.shift_remove(&*n);
                        }
                    }
                }
            }
            result = replace_object(&result, &current, replacement, &mut forward);
        }
        Ok(result)
    }
}

// ---- helpers ---------------------------------------------------------------------------------

/// Whether evaluating `node` can build a value larger than those it reads, so its result is
/// checked against the memory limit. A variable, a field, a literal, a function, a condition
/// or a block only hands on a value already checked where it was built, and a path that only
/// navigates (names, variables) returns parts of its input.
fn builds_values(node: &Node) -> bool {
    match &node.kind {
        Kind::Variable(_)
        | Kind::Name(_)
        | Kind::Parent(_)
        | Kind::Str(_)
        | Kind::Num(_)
        | Kind::Bool(_)
        | Kind::Null
        | Kind::Lambda { .. }
        | Kind::Regex { .. }
        | Kind::Transform { .. }
        | Kind::Condition { .. }
        | Kind::Block(_)
        | Kind::Bind { .. } => node.group.is_some(),
        Kind::Path { steps, .. } => {
            node.group.is_some()
                || !steps.iter().all(|s| {
                    matches!(s.kind, Kind::Name(_) | Kind::Variable(_))
                        && s.stages.is_empty()
                        && s.predicate.is_empty()
                        && s.group.is_none()
                })
        }
        _ => true,
    }
}

/// JSONata's sequence post-processing: an empty sequence is nothing, a singleton its item
/// (unless kept as an array).
pub(crate) fn collapse<'a>(mut result: V<'a>, keep_array: bool) -> V<'a> {
    let (is_seq, len, keep) = match &result {
        V::Arr(a) if a.sequence && !a.tuple_stream => (true, a.items.len(), a.keep_singleton),
        _ => (false, 0, false),
    };
    if !is_seq {
        return result;
    }
    if keep_array && let Some(a) = result.arr_mut() {
        a.keep_singleton = true;
    }
    match len {
        0 => V::Undef,
        1 if !(keep || keep_array) => match result {
            V::Arr(a) => a.items.first().cloned().unwrap_or(V::Undef),
            other => other,
        },
        _ => result,
    }
}

fn tuple_stream(items: Vec<V<'_>>) -> V<'_> {
    V::Arr(Rc::new(Arr {
        items,
        sequence: true,
        tuple_stream: true,
        ..Arr::default()
    }))
}

fn tuple_get<'a>(tuple: &V<'a>, key: &str) -> V<'a> {
    match tuple {
        V::Obj(o) => o.get(key).cloned().unwrap_or(V::Undef),
        _ => V::Undef,
    }
}

fn reduce_tuple_stream<'a>(stream: &V<'a>) -> V<'a> {
    let V::Arr(a) = stream else {
        return stream.clone();
    };
    let Some(V::Obj(first)) = a.items.first() else {
        return V::Undef;
    };
    let mut result: Obj<'a> = (**first).clone();
    for t in a.items.iter().skip(1) {
        if let V::Obj(o) = t {
            for (k, v) in o.iter() {
                let prev = result.get(k).cloned().unwrap_or(V::Undef);
                result.insert(k.clone(), append(prev, v.clone()));
            }
        }
    }
    V::object(result)
}

/// JSONata's `$append`: concatenates, turning non-arrays into one-item arrays; the result is
/// a plain array.
pub(crate) fn append<'a>(a: V<'a>, b: V<'a>) -> V<'a> {
    if a.is_undef() {
        return b;
    }
    if b.is_undef() {
        return a;
    }
    let mut items = a.items();
    match b {
        V::Arr(arr) => items.extend(arr.items.iter().cloned()),
        other => items.push(other),
    }
    V::array(items)
}

/// `input.name`: the member of an object, mapped over arrays (flattening array members).
pub(crate) fn lookup<'a>(input: &V<'a>, name: &str) -> V<'a> {
    match input {
        V::Arr(a) => {
            let mut out = Vec::new();
            for item in &a.items {
                match lookup(item, name) {
                    V::Undef => {}
                    V::Arr(inner) => out.extend(inner.items.iter().cloned()),
                    other => out.push(other),
                }
            }
            V::sequence(out)
        }
        V::Obj(o) => o.get(name).cloned().unwrap_or(V::Undef),
        _ => V::Undef,
    }
}

fn wildcard<'a>(input: &V<'a>) -> V<'a> {
    let input = match input {
        V::Arr(a) if a.outer_wrapper && !a.items.is_empty() => &a.items[0],
        other => other,
    };
    let mut results: Vec<V<'a>> = Vec::new();
    let mut plain = false;
    // The reference takes the values of whatever JavaScript calls an object, and an array is
    // one (its values are its items): `*` over `[1, 2, 3]` is its items.
    let values: Box<dyn Iterator<Item = &V<'a>> + '_> = match input {
        V::Obj(o) => Box::new(o.values()),
        V::Arr(a) => Box::new(a.items.iter()),
        _ => Box::new(std::iter::empty()),
    };
    for v in values {
        match v {
            V::Arr(_) => {
                results.extend(flatten(v));
                plain = true;
            }
            other => results.push(other.clone()),
        }
    }
    if plain {
        V::array(results)
    } else {
        V::sequence(results)
    }
}

/// Every value nested in arrays, in order.
fn flatten<'a>(v: &V<'a>) -> Vec<V<'a>> {
    let mut out = Vec::new();
    let mut stack = vec![v.clone()];
    while let Some(x) = stack.pop() {
        match x {
            V::Arr(a) => stack.extend(a.items.iter().rev().cloned()),
            other => out.push(other),
        }
    }
    out
}

fn descendants<'a>(input: &V<'a>) -> V<'a> {
    if input.is_undef() {
        return V::Undef;
    }
    let mut out = Vec::new();
    let mut stack = vec![input.clone()];
    while let Some(x) = stack.pop() {
        match &x {
            V::Arr(a) => stack.extend(a.items.iter().rev().cloned()),
            V::Obj(o) => {
                out.push(x.clone());
                stack.extend(o.values().rev().cloned());
            }
            _ => out.push(x.clone()),
        }
    }
    if out.len() == 1 {
        return out.swap_remove(0);
    }
    V::sequence(out)
}

fn numeric<'a>(op: BinaryOp, l: &V<'a>, r: &V<'a>) -> R<'a> {
    // Each side is undefined or a number (`is_numeric`: NaN is not one, an infinite one is
    // D1001), the left side checked first.
    let num = |v: &V<'a>, code: &'static str| -> Result<Option<f64>, JsonataError> {
        match v {
            V::Undef => Ok(None),
            V::Num(n) if super::functions::is_numeric(v)? => Ok(Some(*n)),
            _ => Err(JsonataError::new(code).value(json_text(v))),
        }
    };
    let a = num(l, "T2001")?;
    let b = num(r, "T2002")?;
    let (Some(a), Some(b)) = (a, b) else {
        return Ok(V::Undef);
    };
    Ok(V::Num(match op {
        BinaryOp::Add => a + b,
        BinaryOp::Sub => a - b,
        BinaryOp::Mul => a * b,
        BinaryOp::Div => a / b,
        _ => a % b,
    }))
}

fn comparison<'a>(op: BinaryOp, l: &V<'a>, r: &V<'a>) -> R<'a> {
    let comparable = |v: &V<'a>| matches!(v, V::Undef | V::Str(_) | V::Num(_));
    if !comparable(l) || !comparable(r) {
        let bad = if matches!(l, V::Str(_) | V::Num(_)) {
            r
        } else {
            l
        };
        return Err(JsonataError::new("T2010").value(json_text(bad)));
    }
    if l.is_undef() || r.is_undef() {
        return Ok(V::Undef);
    }
    let ord = match (l, r) {
        (V::Num(a), V::Num(b)) => a.partial_cmp(b),
        (V::Str(a), V::Str(b)) => Some(super::functions::cmp_js_strings(a, b)),
        _ => {
            return Err(JsonataError::new("T2009")
                .value(json_text(l))
                .extra(json_text(r)));
        }
    };
    let Some(ord) = ord else {
        return Ok(V::Bool(false));
    };
    use std::cmp::Ordering::*;
    Ok(V::Bool(match op {
        BinaryOp::Lt => ord == Less,
        BinaryOp::Le => ord != Greater,
        BinaryOp::Gt => ord == Greater,
        _ => ord != Less,
    }))
}

fn compare_keys(a: &V<'_>, b: &V<'_>) -> std::cmp::Ordering {
    use std::cmp::Ordering::*;
    match (a, b) {
        (V::Undef, V::Undef) => Equal,
        (V::Undef, _) => Greater,
        (_, V::Undef) => Less,
        (V::Num(x), V::Num(y)) => x.partial_cmp(y).unwrap_or(Equal),
        (V::Str(x), V::Str(y)) => super::functions::cmp_js_strings(x, y),
        _ => Equal,
    }
}

/// A value as JSON text, for error messages (`JSON.stringify`).
pub(crate) fn json_text(v: &V<'_>) -> String {
    match v {
        V::Undef => "undefined".into(),
        V::Num(n) if !n.is_finite() => "null".into(),
        V::Num(n) => super::value::js_number(*n),
        other => super::value::stringify_lossy(other),
    }
}

/// The name a call's error messages use for the called function.
fn procedure_name(procedure: &Node) -> String {
    match &procedure.kind {
        Kind::Path { steps, .. } => match steps.first().map(|s| &s.kind) {
            Some(Kind::Name(n)) => n.clone(),
            Some(Kind::Variable(v)) => v.clone(),
            _ => String::new(),
        },
        Kind::Variable(v) => v.clone(),
        _ => String::new(),
    }
}

fn add_position(mut e: JsonataError, offset: usize, name: &str) -> JsonataError {
    if e.offset.is_none() {
        e.offset = Some(offset);
    }
    if e.token.is_none() {
        e.token = Some(name.to_owned());
    }
    e
}

/// A deep copy with fresh objects and arrays (for transforms).
fn deep_clone<'a>(v: &V<'a>) -> V<'a> {
    match v {
        V::Arr(a) => V::Arr(Rc::new(Arr {
            items: a.items.iter().map(deep_clone).collect(),
            ..(**a).clone()
        })),
        V::Obj(o) => V::object(o.iter().map(|(k, v)| (k.clone(), deep_clone(v))).collect()),
        other => other.clone(),
    }
}

/// `root` with the object `target` (found by identity) replaced by `replacement`; every
/// object rebuilt on the way (the target and its ancestors) is recorded in `forward`.
fn replace_object<'a>(
    root: &V<'a>,
    target: &Rc<Obj<'a>>,
    replacement: Obj<'a>,
    forward: &mut HashMap<*const Obj<'a>, Rc<Obj<'a>>>,
) -> V<'a> {
    let mut replacement = Some(replacement);
    replace_in(root, target, &mut replacement, forward)
}

fn replace_in<'a>(
    v: &V<'a>,
    target: &Rc<Obj<'a>>,
    replacement: &mut Option<Obj<'a>>,
    forward: &mut HashMap<*const Obj<'a>, Rc<Obj<'a>>>,
) -> V<'a> {
    if replacement.is_none() {
        return v.clone();
    }
    match v {
        V::Obj(o) if Rc::ptr_eq(o, target) => match replacement.take() {
            Some(r) => {
                let new = Rc::new(r);
                forward.insert(Rc::as_ptr(o), new.clone());
                V::Obj(new)
            }
            None => v.clone(),
        },
        V::Obj(o) => {
            let mut changed = false;
            let mut out = Obj::new();
            for (k, item) in o.iter() {
                let n = replace_in(item, target, replacement, forward);
                changed |= !same(&n, item);
                out.insert(k.clone(), n);
            }
            if changed {
                let new = Rc::new(out);
                forward.insert(Rc::as_ptr(o), new.clone());
                V::Obj(new)
            } else {
                v.clone()
            }
        }
        V::Arr(a) => {
            let mut changed = false;
            let items: Vec<V<'a>> = a
                .items
                .iter()
                .map(|item| {
                    let n = replace_in(item, target, replacement, forward);
                    changed |= !same(&n, item);
                    n
                })
                .collect();
            if changed {
                V::Arr(Rc::new(Arr {
                    items,
                    ..(**a).clone()
                }))
            } else {
                v.clone()
            }
        }
        other => other.clone(),
    }
}

/// Whether two values are the same structure (by identity for objects and arrays).
fn same(a: &V<'_>, b: &V<'_>) -> bool {
    match (a, b) {
        (V::Obj(x), V::Obj(y)) => Rc::ptr_eq(x, y),
        (V::Arr(x), V::Arr(y)) => Rc::ptr_eq(x, y),
        _ => true,
    }
}
