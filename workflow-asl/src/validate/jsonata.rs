//! JSONata expressions in JSONata states. Placeholder: filled in by its owner.

use super::{Cx, StateCx};

/// Checks the JSONata expressions of one state.
pub(crate) fn check_state(_cx: &mut Cx<'_>, _s: &StateCx<'_>) {}
