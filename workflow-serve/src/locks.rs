//! The one way `workflow serve` takes a mutex: a lock poisoned by a panic elsewhere is taken
//! as it is (each call's state is whole between statements, and a panic is that call's error,
//! not the server's).

use std::sync::{Mutex, MutexGuard};

/// Takes `mutex`, poisoned or not.
pub(crate) fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|p| p.into_inner())
}
