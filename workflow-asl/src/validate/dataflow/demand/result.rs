//! Where a JSONPath state puts its result, followed for the walk of a Task's result: the
//! Task's own result, and a Parallel's, whose element `i` is what branch `i` ends with (ASL
//! specification, "Parallel State"), so that a Task ending a branch is followed past its
//! Parallel. ResultSelector moves the parts its plain paths select (each required: AWS fails a
//! selector whose path selects nothing), then ResultPath places what it built and OutputPath
//! selects from the output.

use super::{Place, Walk, end_is_read, is_plain, keys, template_paths};
use crate::ScopeKind;
use crate::model::{JsonRoots, ParsedJson, PathOrNull, State};
use crate::path::PathString;
use crate::validate::Scope;
use serde_json::Value;

/// The deepest template level searched for plain paths that move a value.
const MAX_DEPTH: usize = 32;

/// A `.$` member whose value is a plain path of keys (array indices included), at a place of
/// the template reached by object keys: it moves the value at `from` whole to `to`.
pub(super) struct Move {
    pub(super) to: Vec<String>,
    pub(super) from: Vec<String>,
}

/// The members of `template` that move a value whole ([`Move`]).
pub(super) fn moves<T: JsonRoots>(template: &ParsedJson<T>) -> Vec<Move> {
    let mut out = Vec::new();
    let mut stack: Vec<(Vec<String>, Option<&str>, &Value)> = template
        .json()
        .roots()
        .into_iter()
        .map(|(_, key, value)| (Vec::new(), key, value))
        .collect();
    while let Some((mut to, key, value)) = stack.pop() {
        if let Some(key) = key {
            match key.strip_suffix(".$") {
                Some(name) => {
                    to.push(name.to_owned());
                    if let Some(from) = value.as_str().and_then(|text| moved_path(template, text)) {
                        out.push(Move { to, from });
                    }
                    continue;
                }
                None => to.push(key.to_owned()),
            }
        }
        if let Value::Object(map) = value
            && to.len() < MAX_DEPTH
        {
            for (k, v) in map {
                stack.push((to.clone(), Some(k.as_str()), v));
            }
        }
    }
    out
}

/// The keys of a `.$` value that is a plain path from the input (not a call, not a variable).
fn moved_path<T>(template: &ParsedJson<T>, text: &str) -> Option<Vec<String>> {
    let value = PathString::decoded_or_parsed(template.path(text), text);
    if value.intrinsic().is_some() {
        return None;
    }
    let path = value.path().ok()?;
    let all_keys = path.segments.iter().all(|s| {
        matches!(s, crate::path::Segment::Child(_))
            || matches!(s, crate::path::Segment::Index(i) if *i >= 0)
    });
    all_keys.then(|| keys(path)).flatten()
}

impl<'m> Walk<'_, '_, 'm> {
    /// Follows the Task's result, at `result` in the result of `state` (of the scope of index
    /// `at`), through the state's ResultSelector, ResultPath and OutputPath to the states after
    /// it.
    pub(super) fn after_result(&mut self, at: usize, state: &'m State, result: Place) {
        let scopes = self.scopes;
        let Some(scope) = scopes.get(at) else {
            return;
        };
        // Assign reads the result before ResultSelector; what it stores whole in a variable is
        // read where the variable is (`follow_variables`).
        if let Some(assign) = state.assign() {
            let stored = moves(assign);
            for text in template_paths(assign) {
                match keys(&text) {
                    Some(abs) if stored.iter().any(|m| m.from == abs) => {
                        self.require(&abs, &result);
                    }
                    Some(abs) => self.read_input(&abs, &result),
                    None => {}
                }
            }
        }
        let selected: Vec<Place> = match state.result_selector() {
            None => vec![result],
            Some(selector) => {
                let found = moves(selector);
                for text in template_paths(selector) {
                    let moving = keys(&text).filter(|k| found.iter().any(|m| m.from == *k));
                    match moving {
                        // Required, read by whoever reads where it goes.
                        Some(from) => self.require(&from, &result),
                        None => {
                            if let Some(abs) = keys(&text) {
                                self.read_input(&abs, &result);
                            }
                        }
                    }
                }
                found
                    .iter()
                    .filter_map(|m| {
                        let inside = result.rebase(&m.from)?;
                        let mut loc = m.to.clone();
                        loc.extend(inside.loc.iter().cloned());
                        Some(Place { loc, ..inside })
                    })
                    .collect()
            }
        };
        let mut placed = Vec::new();
        for p in selected {
            let loc = match state.result_path() {
                None => p.loc.clone(),
                Some(PathOrNull::Null) => continue,
                Some(PathOrNull::Path(rp)) => match rp.path().ok().and_then(keys) {
                    Some(mut k) if rp.path().is_ok_and(is_plain) => {
                        k.extend(p.loc.iter().cloned());
                        k
                    }
                    _ => {
                        self.read(&p.inner);
                        continue;
                    }
                },
            };
            let p = Place { loc, ..p };
            match state.output_path() {
                None => placed.push(p),
                Some(PathOrNull::Null) => {}
                Some(PathOrNull::Path(op)) => match op.path().ok().and_then(keys) {
                    Some(base) if op.path().is_ok_and(is_plain) => placed.extend(p.rebase(&base)),
                    _ => self.read(&p.inner),
                },
            }
        }
        for p in &placed {
            self.ended(scope, state, p);
        }
        if let Some(next) = state.transition().and_then(|t| t.next()) {
            for p in placed {
                self.go(at, next, p);
            }
        }
    }

    /// What happens to the result at `place` in what `state`, of `scope`, hands on, when the
    /// state ends `scope`: at the top, nothing reads it; at the end of a JSONPath Parallel's
    /// branch, the Parallel's result holds it, followed on; elsewhere (a Map's iterations) it is
    /// read whole where the owner keeps it.
    pub(super) fn ended(&mut self, scope: &Scope<'m>, state: &State, place: &Place) {
        if !state.is_terminal() || !end_is_read(self.scopes, scope) {
            return;
        }
        let owner = scope
            .parent
            .and_then(|p| self.scopes.get(p))
            .zip(scope.owner())
            .and_then(|(parent, owner)| Some((parent, parent.states.get(owner)?)));
        match (owner, &scope.kind) {
            (Some((parent, owner @ State::Parallel(_))), ScopeKind::Branch { index, .. })
                if !super::super::is_jsonata(parent, owner) =>
            {
                let mut loc = vec![super::index_key(*index)];
                loc.extend(place.loc.iter().cloned());
                let inside = Place {
                    loc,
                    ..place.clone()
                };
                // Followed from the queue: nested Parallels add no recursion.
                self.ends.push((parent.index, owner, inside));
            }
            _ => self.read(&place.inner),
        }
    }

    /// Records that the value at the keys `abs` of a state's input, which the state moves
    /// whole, must be there: when it is a part of the result, that part is read whole unless
    /// the walk finds what is read of it where it goes. (A value that holds the result needs
    /// nothing of it.)
    pub(super) fn require(&mut self, abs: &[String], place: &Place) {
        if let Some(rest) = abs.strip_prefix(place.loc.as_slice())
            && !place.shadow.iter().any(|s| rest.starts_with(s))
        {
            let mut path = place.inner.clone();
            path.extend(rest.iter().cloned());
            let cut = super::to_first_index(&path);
            let cut = cut[..cut.len().min(super::MAX_NEED_DEPTH)].to_vec();
            self.note(&cut);
            self.required.push(path);
        }
    }
}
