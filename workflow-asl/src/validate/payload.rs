//! Payload templates and path fields (JSONPath states). Placeholder: filled in by its owner.

use super::{Cx, StateCx};
use crate::Pointer;

/// What a path field may hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[allow(dead_code)]
pub(crate) enum PathRule {
    /// Any JSONPath: `$…`, `$$…` (context object) or `$var…` (a variable).
    Any,
    /// A Reference Path (one node, no wildcards, filters, slices or unions); `$$` and
    /// variables allowed (`SecondsPath`, `TimeoutSecondsPath`, `…Path` comparison operands).
    Reference,
    /// `ResultPath`: a Reference Path on the input; neither `$$` nor a variable.
    ResultPath,
    /// `ErrorPath` / `CausePath`: a Reference Path or an intrinsic function returning a string.
    PathOrStringIntrinsic,
}

/// Checks the payload templates and path fields of one state.
pub(crate) fn check_state(_cx: &mut Cx<'_>, _s: &StateCx<'_>) {}

/// Checks one path field (`field` names it in messages).
pub(crate) fn check_path_field(_cx: &mut Cx<'_>, _pointer: Pointer, _field: &str, _text: &str, _rule: PathRule) {}
