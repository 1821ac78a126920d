//! Workflow variables (`Assign`) and their scopes. Placeholder: filled in by its owner.

use super::{Cx, ScopeInfo};

/// Checks variable names, scoping and references across the machine.
pub(crate) fn check_variables(_cx: &mut Cx<'_>, _scopes: &[ScopeInfo<'_>]) {}
