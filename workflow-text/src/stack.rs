//! Recursion as deep as user data may nest, on any thread: the one place the workflow crates'
//! recursions over user data (the JSON reader, Choice rules and payload templates, JSONata's
//! parser and evaluator) take their stack from.
//!
//! Each level of such a recursion runs through [`deeper`]. On the thread's own stack a
//! recursion may use [`THREAD_BUDGET`] bytes below the point where its outermost level began
//! (the thread's bounds cannot be asked without `unsafe` code, so the budget is small); past
//! that, and on a segment with less than [`RED_ZONE`] bytes left, the next level runs on a
//! segment of [`SEGMENT`] bytes (mapped with a guard page). Each thread keeps one segment for
//! its next recursion, so a shallow recursion that crosses the budget costs a switch of stacks,
//! not a mapping; deeper segments are mapped for the level that needs them and unmapped when it
//! returns. An unoptimised build spends kilobytes of stack on one level of decoding or
//! evaluation, so the 1000 levels JSON may nest (`json::MAX_DEPTH`) would not fit a thread's
//! 2 MiB otherwise.
//!
//! The segments are switched to by `corosensei::on_stack` (stack switching in inline
//! assembly, so nothing is built with a C compiler). Where the crate has no assembly for the
//! target (architectures other than x86-64 and AArch64, and AArch64 Windows), each level runs
//! on the thread's stack, which must then be large enough for the data it is given.
//!
//! ```
//! fn depth(n: usize) -> usize {
//!     if n == 0 { 0 } else { workflow_text::stack::deeper(|| 1 + depth(n - 1)) }
//! }
//! // 100,000 levels of a recursion, far more than a test thread's stack holds.
//! let deep = std::thread::spawn(|| depth(100_000)).join().unwrap();
//! assert_eq!(deep, 100_000);
//! ```

use std::cell::Cell;

/// How much of the thread's own stack a recursion may use below its outermost level before it
/// continues on a segment: a recursion that begins with at least this much of its thread's
/// stack left (plus what one level uses) never overflows it. Threads Rust starts have 2 MiB.
pub const THREAD_BUDGET: usize = 16 * 1024;
/// How much of a segment must be left before one more level runs on it: more than any one
/// level of the crates' recursions uses between two calls of [`deeper`].
pub const RED_ZONE: usize = 64 * 1024;
/// The size of each segment a recursion continues on (address space reserved; only the pages
/// used are backed by memory).
pub const SEGMENT: usize = 4 * 1024 * 1024;

thread_local! {
    /// Where the outermost level of the thread's current recursion began, on the thread's own
    /// stack; `None` when no recursion runs.
    static OUTERMOST: Cell<Option<usize>> = const { Cell::new(None) };
    /// The lowest usable address of the segment the thread runs on, or `None` on its own
    /// stack.
    static SEGMENT_LIMIT: Cell<Option<usize>> = const { Cell::new(None) };
}

/// Runs `f`, one more level of a recursion over user data: on a new segment of stack when the
/// current one is nearly used up (see the [module documentation](self)).
pub fn deeper<R>(f: impl FnOnce() -> R) -> R {
    let here = stack_address();
    match SEGMENT_LIMIT.with(Cell::get) {
        Some(limit) if here.saturating_sub(limit) > RED_ZONE => f(),
        Some(_) => on_segment(f),
        None => match OUTERMOST.with(Cell::get) {
            Some(start) if start.saturating_sub(here) < THREAD_BUDGET => f(),
            Some(_) => on_segment(f),
            None => {
                OUTERMOST.with(|o| o.set(Some(here)));
                let _reset = Reset(&OUTERMOST, None);
                f()
            }
        },
    }
}

/// The address of a local of this frame: where the stack is now, to within one frame.
#[inline(never)]
fn stack_address() -> usize {
    let marker = 0u8;
    std::ptr::from_ref(std::hint::black_box(&marker)).addr()
}

/// Puts a thread-local back as it was when the level it was set for returns or unwinds.
struct Reset(
    &'static std::thread::LocalKey<Cell<Option<usize>>>,
    Option<usize>,
);

impl Drop for Reset {
    fn drop(&mut self) {
        let previous = self.1;
        self.0.with(|cell| cell.set(previous));
    }
}

#[cfg(any(target_arch = "x86_64", all(target_arch = "aarch64", not(windows))))]
thread_local! {
    /// The segment the thread keeps for its next recursion, while no recursion uses it.
    static SPARE: std::cell::RefCell<Option<corosensei::stack::DefaultStack>> =
        const { std::cell::RefCell::new(None) };
}

/// Runs `f` on a segment (the thread's spare one when it is free), or on the current stack
/// where no segment can be had.
#[cfg(any(target_arch = "x86_64", all(target_arch = "aarch64", not(windows))))]
fn on_segment<R>(f: impl FnOnce() -> R) -> R {
    use corosensei::stack::{DefaultStack, Stack};
    let spare = SPARE.try_with(|s| s.borrow_mut().take()).ok().flatten();
    let Some(mut segment) = spare.or_else(|| DefaultStack::new(SEGMENT).ok()) else {
        // No address space for a segment: go on where we are, as without one.
        return f();
    };
    let limit = segment.limit().get();
    let result = corosensei::on_stack(&mut segment, move || {
        let previous = SEGMENT_LIMIT.with(|s| s.replace(Some(limit)));
        let _reset = Reset(&SEGMENT_LIMIT, previous);
        f()
    });
    // Kept for the next recursion unless the thread already keeps one (or is ending).
    let _ = SPARE.try_with(|s| {
        let mut s = s.borrow_mut();
        if s.is_none() {
            *s = Some(segment);
        }
    });
    result
}

/// Runs `f` on the current stack: the target has no stack switching here.
#[cfg(not(any(target_arch = "x86_64", all(target_arch = "aarch64", not(windows)))))]
fn on_segment<R>(f: impl FnOnce() -> R) -> R {
    f()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Counts `n` levels of a recursion, each holding `N` bytes of stack.
    fn heavy<const N: usize>(n: usize) -> usize {
        let ballast = std::hint::black_box([1u8; N]);
        if n == 0 {
            return 0;
        }
        deeper(|| heavy::<N>(n - 1)) + usize::from(ballast[N - 1])
    }

    #[test]
    fn a_recursion_far_deeper_than_a_threads_stack_runs_to_its_end() {
        // 2,000 levels of 8 KiB each: 16 MiB of stack, eight times what the test thread has.
        let levels = std::thread::Builder::new()
            .stack_size(2 * 1024 * 1024)
            .spawn(|| heavy::<8192>(2000))
            .unwrap()
            .join()
            .unwrap();
        assert_eq!(levels, 2000);
    }

    #[test]
    fn the_thread_is_back_on_its_own_stack_after_a_deep_recursion() {
        heavy::<4096>(500);
        assert_eq!(SEGMENT_LIMIT.with(Cell::get), None);
        assert_eq!(OUTERMOST.with(Cell::get), None);
    }

    #[test]
    fn a_panic_deep_in_a_recursion_unwinds_to_the_caller_and_leaves_the_thread_clean() {
        fn boom(n: usize) -> usize {
            let ballast = std::hint::black_box([0u8; 4096]);
            if n == 0 {
                panic!("deep");
            }
            deeper(|| boom(n - 1)) + usize::from(ballast[0])
        }
        let caught = std::panic::catch_unwind(|| boom(500));
        assert!(caught.is_err());
        assert_eq!(SEGMENT_LIMIT.with(Cell::get), None);
        assert_eq!(OUTERMOST.with(Cell::get), None);
        // And the next recursion starts afresh.
        assert_eq!(heavy::<1024>(300), 300);
    }
}
