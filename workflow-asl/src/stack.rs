//! Recursion as deep as JSON may nest, on any thread.
//!
//! Choice rules nest one level per `Not` and payload templates one per array or object, up to
//! the 1000 levels of [`MAX_DEPTH`](crate::json::MAX_DEPTH): the recursions that follow them
//! (decoding and encoding rules, compiling and evaluating templates and rules) run each level
//! through [`deeper`], so that they never overflow a thread's stack (an unoptimised build
//! spends kilobytes of stack on one level of decoding).

/// How much stack must be left before one more level runs on the current segment.
const RED_ZONE: usize = 64 * 1024;
/// The size of each stack segment a recursion grows by, allocated on the heap.
const STACK_SEGMENT: usize = 1024 * 1024;

/// Runs `f`, one more level of a recursion over user data: on a new stack segment when less
/// than [`RED_ZONE`] bytes of the current one are left.
pub(crate) fn deeper<R>(f: impl FnOnce() -> R) -> R {
    stacker::maybe_grow(RED_ZONE, STACK_SEGMENT, f)
}
