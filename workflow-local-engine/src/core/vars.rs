//! Workflow variables (`Assign`): one frame per scope (the machine, each Parallel branch, each
//! Map iteration); inner frames read outer ones; values assigned by a state take effect when
//! the next state starts.

use super::error::Failure;
use serde_json::{Map, Value};
use workflow_asl::eval::Variables;

/// The variables visible to one strand of execution.
pub(crate) struct Frame<'p> {
    /// The variables this scope assigned.
    pub own: Map<String, Value>,
    /// The enclosing scope's frame (none at the top, or inside a Distributed Map, whose child
    /// executions do not see the parent's variables).
    pub parent: Option<&'p Frame<'p>>,
    /// The names the state running now assigned, in order, for its `…StateExited` event
    /// (their values are in `own` until the next state starts).
    pub just_assigned: Vec<String>,
}

impl<'p> Frame<'p> {
    /// The top-level frame.
    pub(crate) fn root() -> Frame<'static> {
        Frame {
            own: Map::new(),
            parent: None,
            just_assigned: Vec::new(),
        }
    }

    /// A frame nested in `parent`.
    pub(crate) fn child(parent: Option<&'p Frame<'p>>) -> Frame<'p> {
        Frame {
            own: Map::new(),
            parent,
            just_assigned: Vec::new(),
        }
    }

    /// Applies assignments evaluated by `state`; a value over the service's 256 KiB fails
    /// the state with `States.DataLimitExceeded` and assigns nothing.
    pub(crate) fn assign(
        &mut self,
        state: &str,
        values: Map<String, Value>,
    ) -> Result<(), Failure> {
        if let Some((name, _)) = values.iter().find(|(_, v)| super::quotas::too_large(v)) {
            return Err(super::quotas::variable_too_large(name, state));
        }
        for (name, value) in values {
            self.just_assigned.push(name.clone());
            self.own.insert(name, value);
        }
        Ok(())
    }

    /// Every visible variable, inner scopes winning (for JSONata bindings).
    pub(crate) fn visible(&self) -> Map<String, Value> {
        let mut chain = vec![self];
        let mut at = self.parent;
        while let Some(frame) = at {
            chain.push(frame);
            at = frame.parent;
        }
        let mut out = Map::new();
        for frame in chain.into_iter().rev() {
            for (k, v) in &frame.own {
                out.insert(k.clone(), v.clone());
            }
        }
        out
    }
}

impl Variables for Frame<'_> {
    fn get(&self, name: &str) -> Option<&Value> {
        let mut at = Some(self);
        while let Some(frame) = at {
            if let Some(v) = frame.own.get(name) {
                return Some(v);
            }
            at = frame.parent;
        }
        None
    }
}
