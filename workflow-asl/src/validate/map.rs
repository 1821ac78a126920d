//! Map states. Placeholder: filled in by its owner.

use super::{Cx, ScopeInfo, StateCx};
use crate::model::MapState;

/// Checks one Map state.
pub(crate) fn check_map(_cx: &mut Cx<'_>, _s: &StateCx<'_>, _map: &MapState) {}

/// Checks that Distributed Map labels are unique across the machine.
pub(crate) fn check_labels(_cx: &mut Cx<'_>, _scopes: &[ScopeInfo<'_>]) {}
