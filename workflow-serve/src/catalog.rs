//! The named resources: state machines (their current revisions), versions, aliases,
//! activities and tags, and the machines being deleted. The operations on them live in
//! `state_machines`, `versions`, `tags`, `deletions` and `callbacks`; this module owns what
//! they share.
//!
//! A change goes through the catalog's lane ([`Catalog::change`]), one at a time: it is planned against
//! the catalog as it is written (no other change is under way), its write is committed, and
//! only then is it applied and answered. So a reader never sees a change the database lacks
//! (a 200 means written, and nothing shown is taken back when a write fails), two changes of
//! one resource never race (two `CreateStateMachine`s of one name: one creates it, the other
//! finds it), and no lock is held while the disk writes: a reader takes the catalog's lock
//! for a moment ([`Catalog::read`]), and a change waits for the lane as a future.

use super::locks::lock;
use super::protocol::ApiError;
use super::records::{Activity, Alias, Machine, Version};
use super::requests::ArnMember;
use super::writer::{Write, Writer};
use futures::future::BoxFuture;
use indexmap::{IndexMap, IndexSet};
use std::sync::{Arc, Mutex, OnceLock};
use tokio::sync::{mpsc, oneshot};
use workflow_aws_models::{ResourceType, StatesArn};

/// What the catalog holds, every map keyed by the typed ARN a request decodes.
#[derive(Default)]
pub(crate) struct CatalogState {
    pub machines: IndexMap<StatesArn, Arc<Machine>>,
    pub activities: IndexMap<StatesArn, Activity>,
    pub tags: IndexMap<StatesArn, IndexMap<String, String>>,
    /// Published versions, by version ARN, in the order they were published.
    pub versions: IndexMap<StatesArn, Version>,
    pub aliases: IndexMap<StatesArn, Alias>,
    /// The last version number each state machine published (its deleted versions' too: a
    /// number is never given twice).
    pub version_numbers: IndexMap<StatesArn, u64>,
    /// The machines `DeleteStateMachine` was called on whose executions still run
    /// (`DELETING`, see `deletions`).
    pub deleting: IndexSet<StatesArn>,
}

/// The catalog: its state, and the lane its changes go through.
#[derive(Default)]
pub(crate) struct Catalog {
    state: Mutex<CatalogState>,
    /// The lane's queue, made with its task on the first change (on the server's runtime).
    lane: OnceLock<mpsc::UnboundedSender<Job>>,
}

/// A change waiting in the lane.
type Job = Box<dyn FnOnce() -> BoxFuture<'static, ()> + Send>;

/// How the catalog changes once a change is written.
type Apply = Box<dyn FnOnce(&mut CatalogState) + Send>;

/// A change, planned against the catalog as it is written: what to write, how the catalog then
/// changes, and the answer.
pub(crate) struct Planned<T> {
    write: Option<Write>,
    apply: Option<Apply>,
    answer: T,
}

impl<T> Planned<T> {
    /// Nothing to change: `answer` (an idempotent request, a deletion of nothing).
    pub(crate) fn answer(answer: T) -> Self {
        Planned {
            write: None,
            apply: None,
            answer,
        }
    }

    /// `write` it, then `apply` it, then `answer`.
    pub(crate) fn change(
        write: Write,
        apply: impl FnOnce(&mut CatalogState) + Send + 'static,
        answer: T,
    ) -> Self {
        Planned {
            write: Some(write),
            apply: Some(Box::new(apply)),
            answer,
        }
    }
}

impl Catalog {
    /// A catalog holding `state` (what the database held).
    pub(crate) fn new(state: CatalogState) -> Catalog {
        Catalog {
            state: Mutex::new(state),
            lane: OnceLock::new(),
        }
    }

    /// `read` of the catalog as it is written (its lock held for the call only).
    pub(crate) fn read<T>(&self, read: impl FnOnce(&CatalogState) -> T) -> T {
        read(&lock(&self.state))
    }

    /// Applies a change that needs no write of its own (the database forgot the resource in
    /// a write already committed, or holds it already).
    fn apply(&self, apply: impl FnOnce(&mut CatalogState)) {
        apply(&mut lock(&self.state));
    }
}

impl Catalog {
    /// Makes one change in the catalog's lane (see the module's documentation): `plan` reads
    /// the catalog as it is written and says what to write (through `writer`) and how the
    /// catalog then changes; the change is written, applied, and its answer given. A plan
    /// that refuses is the answer; a write that fails changes nothing.
    pub(crate) async fn change<T: Send + 'static>(
        self: &Arc<Self>,
        writer: &Arc<Writer>,
        plan: impl FnOnce(&CatalogState) -> Result<Planned<T>, ApiError> + Send + 'static,
    ) -> Result<T, ApiError> {
        let (tell, answer) = oneshot::channel();
        let (catalog, writer) = (Arc::clone(self), Arc::clone(writer));
        let job: Job = Box::new(move || {
            Box::pin(async move {
                let _ = tell.send(catalog.make(&writer, plan).await);
            })
        });
        self.lane()
            .send(job)
            .map_err(|_| ApiError::internal("the catalog's lane is closed"))?;
        answer
            .await
            .map_err(|_| ApiError::internal("the catalog's change was dropped"))?
    }

    /// One change in the lane: planned, written, applied.
    async fn make<T>(
        &self,
        writer: &Writer,
        plan: impl FnOnce(&CatalogState) -> Result<Planned<T>, ApiError>,
    ) -> Result<T, ApiError> {
        let Planned {
            write,
            apply,
            answer,
        } = self.read(plan)?;
        if let Some(write) = write {
            writer.submit(write).written().await?;
        }
        if let Some(apply) = apply {
            self.apply(apply);
        }
        Ok(answer)
    }

    /// The lane's queue, its task made on the first change (on the caller's runtime).
    fn lane(&self) -> &mpsc::UnboundedSender<Job> {
        self.lane.get_or_init(|| {
            let (queue, mut jobs) = mpsc::unbounded_channel::<Job>();
            tokio::spawn(async move {
                while let Some(job) = jobs.recv().await {
                    // A change that panics (a bug) is that call's error: the lane goes on.
                    let _ =
                        futures::FutureExt::catch_unwind(std::panic::AssertUnwindSafe(job())).await;
                }
            });
            queue
        })
    }

    /// The state machine the member `arn` names.
    pub(crate) fn machine(&self, arn: &ArnMember) -> Result<Arc<Machine>, ApiError> {
        let typed = arn.of(&[ResourceType::StateMachine])?;
        self.read(|c| c.machines.get(typed).cloned())
            .ok_or_else(|| {
                ApiError::new(
                    "StateMachineDoesNotExist",
                    format!("State Machine Does Not Exist: '{}'", arn.text()),
                )
            })
    }
}

/// Forgets, in memory, what a committed write removed from the database: the machine `arn`
/// (its versions, aliases and tags with it, see `deletions`).
pub(crate) fn forget_machine(state: &mut CatalogState, arn: &StatesArn) {
    state.deleting.shift_remove(arn);
    state.machines.shift_remove(arn);
    state.tags.shift_remove(arn);
    state.version_numbers.shift_remove(arn);
    // Its versions and aliases: the ARNs whose unqualified machine it is.
    let of_it = |qualified: &StatesArn| qualified.state_machine().as_ref() == Some(arn);
    state.versions.retain(|v, _| !of_it(v));
    state.aliases.retain(|a, _| !of_it(a));
}
