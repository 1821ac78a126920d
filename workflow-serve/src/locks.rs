//! The one way `workflow serve` takes a mutex: a lock poisoned by a panic elsewhere is taken
//! as it is (each call's state is whole between statements, and a panic is that call's error,
//! not the server's).
//!
//! Where two of the service's locks are held at once, they are taken in one order: the
//! catalog's (`Catalog::read`, a change's plan) before the roster's (`Roster::admit` and its
//! readers). A deletion's plan asks the roster what runs while it reads the catalog, and a
//! start reads whether its machine is being deleted around its admission; the two orders at
//! once deadlocked the server (found by `serve_api`'s paging test under load).

use std::sync::{Mutex, MutexGuard};

/// Takes `mutex`, poisoned or not.
pub(crate) fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|p| p.into_inner())
}
