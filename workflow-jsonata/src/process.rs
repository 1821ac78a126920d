//! JSONata's post-parse stage: flattens `.` chains into location paths, attaches predicates,
//! grouping, sorting and variable bindings to their steps, wraps tail calls for the
//! trampoline, and resolves which ancestor step each parent operator (`%`) reads.

use super::ast::{BinaryOp, Group, Kind, Node, Slot, SlotId, SortTerm, Stage};
use super::error::JsonataError;
use super::parser::{Raw, RawKind};

pub(crate) struct Processor {
    pub slots: Vec<Slot>,
    label: usize,
}

impl Processor {
    pub(crate) fn new() -> Self {
        Processor {
            slots: Vec::new(),
            label: 0,
        }
    }

    pub(crate) fn process(&mut self, raw: Raw) -> Result<Node, JsonataError> {
        workflow_text::stack::deeper(|| self.process_inner(raw))
    }

    fn process_inner(&mut self, raw: Raw) -> Result<Node, JsonataError> {
        let offset = raw.offset;
        let keep_array = raw.keep_array;
        let mut result = match raw.kind {
            RawKind::Binary { op: ".", lhs, rhs } => self.path(*lhs, *rhs, offset)?,
            RawKind::Binary { op: "~>", lhs, rhs } => {
                let lhs = self.process(*lhs)?;
                let rhs = self.process(*rhs)?;
                let keep = lhs.keep_array || rhs.keep_array;
                let mut node = Node::new(
                    Kind::Apply {
                        lhs: Box::new(lhs),
                        rhs: Box::new(rhs),
                    },
                    offset,
                );
                node.keep_array = keep;
                node
            }
            RawKind::Binary { op, lhs, rhs } => {
                let lhs = self.process(*lhs)?;
                let rhs = self.process(*rhs)?;
                let Some(op) = BinaryOp::from_symbol(op) else {
                    return Err(JsonataError::new("S0201").at(offset).token(op));
                };
                let mut node = Node::new(
                    Kind::Binary {
                        op,
                        lhs: Box::new(Node::new(Kind::Null, 0)),
                        rhs: Box::new(Node::new(Kind::Null, 0)),
                    },
                    offset,
                );
                push_ancestry(&mut node, &lhs);
                push_ancestry(&mut node, &rhs);
                node.kind = Kind::Binary {
                    op,
                    lhs: Box::new(lhs),
                    rhs: Box::new(rhs),
                };
                node
            }
            RawKind::Predicate { lhs, rhs } => self.predicate(*lhs, *rhs, offset)?,
            RawKind::Group { lhs, pairs } => {
                let mut result = self.process(*lhs)?;
                if result.group.is_some() {
                    return Err(JsonataError::new("S0210").at(offset));
                }
                let mut processed = Vec::with_capacity(pairs.len());
                for (k, v) in pairs {
                    processed.push((self.process(k)?, self.process(v)?));
                }
                result.group = Some(Box::new(Group {
                    pairs: processed,
                    offset,
                }));
                result
            }
            RawKind::Sort { lhs, terms } => {
                let mut result = self.process(*lhs)?;
                if !matches!(result.kind, Kind::Path { .. }) {
                    result = path_of(vec![result]);
                }
                let mut sort = Node::new(Kind::Sort(Vec::new()), offset);
                let mut processed = Vec::with_capacity(terms.len());
                for (descending, t) in terms {
                    let expr = self.process(t)?;
                    push_ancestry(&mut sort, &expr);
                    processed.push(SortTerm { descending, expr });
                }
                sort.kind = Kind::Sort(processed);
                if let Kind::Path { steps, .. } = &mut result.kind {
                    steps.push(sort);
                }
                self.resolve_ancestry(&mut result)?;
                result
            }
            RawKind::Bind { name, rhs } => {
                let rhs = self.process(*rhs)?;
                let mut node = Node::new(Kind::Null, offset);
                push_ancestry(&mut node, &rhs);
                node.kind = Kind::Bind {
                    name,
                    rhs: Box::new(rhs),
                };
                node
            }
            RawKind::Focus { lhs, name } => {
                let mut result = self.process(*lhs)?;
                let step = last_step(&mut result);
                if !step.stages.is_empty() || !step.predicate.is_empty() {
                    return Err(JsonataError::new("S0215").at(offset));
                }
                if matches!(step.kind, Kind::Sort(_)) {
                    return Err(JsonataError::new("S0216").at(offset));
                }
                if keep_array {
                    step.keep_array = true;
                }
                step.focus = Some(name);
                step.tuple = true;
                result
            }
            RawKind::IndexBind { lhs, name } => {
                let mut result = self.process(*lhs)?;
                if !matches!(result.kind, Kind::Path { .. }) {
                    let mut step = result;
                    step.stages = std::mem::take(&mut step.predicate);
                    result = path_of(vec![step]);
                }
                let step = last_step(&mut result);
                if step.stages.is_empty() {
                    step.index = Some(name);
                } else {
                    step.stages.push(Stage::Index(name));
                }
                step.tuple = true;
                result
            }
            RawKind::Negate(e) => {
                let e = self.process(*e)?;
                if let Kind::Num(n) = e.kind
                    && e.predicate.is_empty()
                    && e.group.is_none()
                {
                    let mut e = e;
                    e.kind = Kind::Num(-n);
                    e
                } else {
                    let mut node = Node::new(Kind::Null, offset);
                    push_ancestry(&mut node, &e);
                    node.kind = Kind::Negate(Box::new(e));
                    node
                }
            }
            RawKind::Array(items) => {
                let mut node = Node::new(Kind::Null, offset);
                let mut processed = Vec::with_capacity(items.len());
                for item in items {
                    let v = self.process(item)?;
                    push_ancestry(&mut node, &v);
                    processed.push(v);
                }
                node.kind = Kind::ArrayCons(processed);
                node
            }
            RawKind::Object(pairs) => {
                let mut node = Node::new(Kind::Null, offset);
                let mut processed = Vec::with_capacity(pairs.len());
                for (k, v) in pairs {
                    let k = self.process(k)?;
                    push_ancestry(&mut node, &k);
                    let v = self.process(v)?;
                    push_ancestry(&mut node, &v);
                    processed.push((k, v));
                }
                node.kind = Kind::ObjectCons(processed);
                node
            }
            RawKind::Call {
                procedure,
                args,
                partial,
            } => {
                let mut node = Node::new(Kind::Null, offset);
                let mut processed = Vec::with_capacity(args.len());
                for a in args {
                    let a = self.process(a)?;
                    push_ancestry(&mut node, &a);
                    processed.push(a);
                }
                let procedure = self.process(*procedure)?;
                node.kind = Kind::Call {
                    procedure: Box::new(procedure),
                    args: processed,
                    partial,
                };
                node
            }
            RawKind::Lambda {
                params,
                signature,
                body,
            } => {
                let body = self.process(*body)?;
                Node::new(
                    Kind::Lambda {
                        params,
                        signature,
                        body: Box::new(tail_call_optimize(body)),
                        thunk: false,
                    },
                    offset,
                )
            }
            RawKind::Condition {
                cond,
                then,
                otherwise,
            } => {
                let mut node = Node::new(Kind::Null, offset);
                let cond = self.process(*cond)?;
                push_ancestry(&mut node, &cond);
                let then = self.process(*then)?;
                push_ancestry(&mut node, &then);
                let otherwise = match otherwise {
                    Some(o) => {
                        let o = self.process(*o)?;
                        push_ancestry(&mut node, &o);
                        Some(Box::new(o))
                    }
                    None => None,
                };
                node.kind = Kind::Condition {
                    cond: Box::new(cond),
                    then: Box::new(then),
                    otherwise,
                };
                node
            }
            RawKind::Transform {
                pattern,
                update,
                delete,
            } => {
                let pattern = self.process(*pattern)?;
                let update = self.process(*update)?;
                let delete = match delete {
                    Some(d) => Some(Box::new(self.process(*d)?)),
                    None => None,
                };
                Node::new(
                    Kind::Transform {
                        pattern: Box::new(pattern),
                        update: Box::new(update),
                        delete,
                    },
                    offset,
                )
            }
            RawKind::Block(items) => {
                let mut node = Node::new(Kind::Null, offset);
                let mut processed = Vec::with_capacity(items.len());
                for item in items {
                    let part = self.process(item)?;
                    push_ancestry(&mut node, &part);
                    let cons = part.cons_array
                        || matches!(&part.kind, Kind::Path { steps, .. } if steps.first().is_some_and(|s| s.cons_array));
                    if cons {
                        node.cons_array = true;
                    }
                    processed.push(part);
                }
                node.kind = Kind::Block(processed);
                node
            }
            RawKind::Leaf(Kind::Name(name)) => {
                let mut step = Node::new(Kind::Name(name), offset);
                step.keep_array = keep_array;
                let mut path = path_of(vec![step]);
                if keep_array
                    && let Kind::Path {
                        keep_singleton_array,
                        ..
                    } = &mut path.kind
                {
                    *keep_singleton_array = true;
                }
                path.offset = offset;
                path
            }
            RawKind::OperatorName(op) => {
                let raw = Raw {
                    kind: RawKind::Leaf(Kind::Name(op.to_owned())),
                    offset,
                    keep_array,
                    depth: 1,
                };
                return self.process(raw);
            }
            RawKind::Parent => {
                let index = self.slots.len();
                self.slots.push(Slot {
                    label: format!("!{}", self.label),
                    level: 1,
                    index,
                });
                self.label += 1;
                Node::new(Kind::Parent(index), offset)
            }
            RawKind::Leaf(kind) => Node::new(kind, offset),
            RawKind::End => return Err(JsonataError::new("S0207").at(offset)),
        };
        if keep_array {
            result.keep_array = true;
        }
        Ok(result)
    }

    /// `lhs . rhs`: a location path.
    fn path(&mut self, lhs: Raw, rhs: Raw, offset: usize) -> Result<Node, JsonataError> {
        let lstep = self.process(lhs)?;
        let mut result = match lstep.kind {
            Kind::Path { .. } => lstep,
            _ => {
                let parent = match lstep.kind {
                    Kind::Parent(slot) => Some(slot),
                    _ => None,
                };
                let mut p = path_of(vec![lstep]);
                p.offset = offset;
                if let Some(slot) = parent {
                    p.seeking_parent = vec![slot];
                }
                p
            }
        };
        let rest = self.process(rhs)?;
        let Kind::Path {
            steps,
            keep_singleton_array,
        } = &mut result.kind
        else {
            return Ok(result);
        };
        match rest.kind {
            Kind::Path { steps: more, .. } => steps.extend(more),
            _ => {
                let mut rest = rest;
                rest.stages = std::mem::take(&mut rest.predicate);
                steps.push(rest);
            }
        }
        for step in steps.iter_mut() {
            match &step.kind {
                Kind::Num(n) => {
                    return Err(JsonataError::new("S0213")
                        .at(step.offset)
                        .value(super::number_text(*n)));
                }
                Kind::Bool(b) => {
                    return Err(JsonataError::new("S0213")
                        .at(step.offset)
                        .value(b.to_string()));
                }
                Kind::Null => {
                    return Err(JsonataError::new("S0213").at(step.offset).value("null"));
                }
                Kind::Str(s) => step.kind = Kind::Name(s.clone()),
                _ => {}
            }
        }
        if steps.iter().any(|s| s.keep_array) {
            *keep_singleton_array = true;
        }
        if let Some(first) = steps.first_mut()
            && matches!(first.kind, Kind::ArrayCons(_))
        {
            first.cons_array = true;
        }
        if let Some(last) = steps.last_mut()
            && matches!(last.kind, Kind::ArrayCons(_))
        {
            last.cons_array = true;
        }
        self.resolve_ancestry(&mut result)?;
        Ok(result)
    }

    /// `lhs[rhs]`: a predicate (or the stages of a path's last step).
    fn predicate(&mut self, lhs: Raw, rhs: Raw, offset: usize) -> Result<Node, JsonataError> {
        let mut result = self.process(lhs)?;
        let in_path = matches!(result.kind, Kind::Path { .. });
        let predicate = self.process(rhs)?;
        let step = if in_path {
            last_step(&mut result)
        } else {
            &mut result
        };
        if step.group.is_some() {
            return Err(JsonataError::new("S0209").at(offset));
        }
        if !predicate.seeking_parent.is_empty() {
            let slots = predicate.seeking_parent.clone();
            for slot in slots {
                if self.slots[slot].level == 1 {
                    self.seek_parent(step, slot)?;
                } else {
                    self.slots[slot].level -= 1;
                }
            }
            push_ancestry(step, &predicate);
        }
        let stage = Stage::Filter(Box::new(predicate));
        if in_path {
            step.stages.push(stage);
        } else {
            step.predicate.push(stage);
        }
        Ok(result)
    }

    fn seek_parent(&mut self, node: &mut Node, slot: SlotId) -> Result<(), JsonataError> {
        match &mut node.kind {
            Kind::Name(_) | Kind::Wildcard => {
                self.slots[slot].level -= 1;
                if self.slots[slot].level == 0 {
                    if let Some(existing) = node.ancestor {
                        // Reuse the existing label.
                        let label = self.slots[existing].label.clone();
                        let index = self.slots[slot].index;
                        self.slots[index].label = label;
                    }
                    node.ancestor = Some(slot);
                    node.tuple = true;
                }
                Ok(())
            }
            Kind::Parent(_) => {
                self.slots[slot].level += 1;
                Ok(())
            }
            Kind::Block(items) => {
                if let Some(last) = items.last_mut() {
                    node.tuple = true;
                    let last: &mut Node = last;
                    workflow_text::stack::deeper(|| self.seek_parent(last, slot))?;
                }
                Ok(())
            }
            Kind::Path { steps, .. } => {
                node.tuple = true;
                let mut index = steps.len();
                while index > 0 {
                    index -= 1;
                    let step = &mut steps[index];
                    workflow_text::stack::deeper(|| self.seek_parent(step, slot))?;
                    if self.slots[slot].level <= 0 {
                        break;
                    }
                }
                Ok(())
            }
            _ => Err(JsonataError::new("S0217")
                .at(node.offset)
                .token(kind_name(&node.kind))),
        }
    }

    fn resolve_ancestry(&mut self, path: &mut Node) -> Result<(), JsonataError> {
        let Kind::Path { steps, .. } = &mut path.kind else {
            return Ok(());
        };
        let Some(last) = steps.last() else {
            return Ok(());
        };
        let mut slots = last.seeking_parent.clone();
        if let Kind::Parent(slot) = last.kind {
            slots.push(slot);
        }
        let mut unresolved = Vec::new();
        for slot in slots {
            let mut index = steps.len() as isize - 2;
            while self.slots[slot].level > 0 {
                if index < 0 {
                    unresolved.push(slot);
                    break;
                }
                let mut i = index as usize;
                index -= 1;
                // Contiguous steps that bind the focus are skipped together.
                while index >= 0
                    && steps[i].focus.is_some()
                    && steps[index as usize].focus.is_some()
                {
                    i = index as usize;
                    index -= 1;
                }
                let step = &mut steps[i];
                self.seek_parent(step, slot)?;
            }
        }
        path.seeking_parent.extend(unresolved);
        Ok(())
    }
}

/// A path of `steps`.
fn path_of(steps: Vec<Node>) -> Node {
    let offset = steps.first().map_or(0, |s| s.offset);
    Node::new(
        Kind::Path {
            steps,
            keep_singleton_array: false,
        },
        offset,
    )
}

/// The last step of a path, or the node itself.
fn last_step(node: &mut Node) -> &mut Node {
    let steps_len = match &node.kind {
        Kind::Path { steps, .. } => steps.len(),
        _ => 0,
    };
    if steps_len == 0 {
        return node;
    }
    match &mut node.kind {
        // `steps_len` is the length just read, and nonzero.
        Kind::Path { steps, .. } => &mut steps[steps_len - 1],
        _ => unreachable!("the node was a path a moment ago"),
    }
}

/// Carries a child's unresolved parent slots (and its own, for `%`) up to `result`.
fn push_ancestry(result: &mut Node, value: &Node) {
    result
        .seeking_parent
        .extend(value.seeking_parent.iter().copied());
    if let Kind::Parent(slot) = value.kind {
        result.seeking_parent.push(slot);
    }
}

/// Wraps a tail call in a thunk so that the trampoline runs it without growing the stack.
fn tail_call_optimize(expr: Node) -> Node {
    match expr.kind {
        Kind::Call { partial: false, .. } if expr.predicate.is_empty() => {
            let offset = expr.offset;
            Node::new(
                Kind::Lambda {
                    params: Vec::new(),
                    signature: None,
                    body: Box::new(expr),
                    thunk: true,
                },
                offset,
            )
        }
        Kind::Condition {
            cond,
            then,
            otherwise,
        } => {
            let mut node = Node {
                kind: Kind::Null,
                ..expr
            };
            node.kind = Kind::Condition {
                cond,
                then: Box::new(tail_call_optimize(*then)),
                otherwise: otherwise.map(|o| Box::new(tail_call_optimize(*o))),
            };
            node
        }
        Kind::Block(mut items) => {
            if let Some(last) = items.pop() {
                items.push(tail_call_optimize(last));
            }
            Node {
                kind: Kind::Block(items),
                ..expr
            }
        }
        _ => expr,
    }
}

/// JSONata's name of a node type (for S0217).
fn kind_name(kind: &Kind) -> &'static str {
    match kind {
        Kind::Path { .. } => "path",
        Kind::Binary { .. } => "binary",
        Kind::Negate(_) | Kind::ArrayCons(_) | Kind::ObjectCons(_) => "unary",
        Kind::Name(_) => "name",
        Kind::Str(_) => "string",
        Kind::Num(_) => "number",
        Kind::Bool(_) | Kind::Null => "value",
        Kind::Regex { .. } => "regex",
        Kind::Wildcard => "wildcard",
        Kind::Descendant => "descendant",
        Kind::Parent(_) => "parent",
        Kind::Condition { .. } => "condition",
        Kind::Block(_) => "block",
        Kind::Bind { .. } => "bind",
        Kind::Variable(_) => "variable",
        Kind::Call { partial: false, .. } => "function",
        Kind::Call { partial: true, .. } => "partial",
        Kind::Lambda { .. } => "lambda",
        Kind::Apply { .. } => "apply",
        Kind::Transform { .. } => "transform",
        Kind::Sort(_) => "sort",
        Kind::Placeholder => "operator",
    }
}
