//! The core: interprets a compiled state machine and knows no modes. It runs states, writes
//! history events, passes virtual or real time and runs Distributed Maps; whatever depends on
//! how the execution was started (who answers a Task, where events go besides the history,
//! what a redrive replays, TestState's context and mocks) it asks its host through one seam,
//! `host::Host`. No module here imports a host (`layering_tests` checks it).

pub(crate) mod child_execution;
pub(crate) mod clock;
pub(crate) mod context;
pub(crate) mod draws;
pub(crate) mod dynamic;
pub(crate) mod error;
pub(crate) mod event_log;
pub(crate) mod host;
pub(crate) mod identity;
pub(crate) mod item_batcher;
pub(crate) mod item_reader;
pub(crate) mod item_sources;
pub(crate) mod item_stream;
pub(crate) mod jsonata_values;
pub(crate) mod live_map_run;
pub(crate) mod map_replay;
pub(crate) mod map_run;
pub(crate) mod object_store;
pub(crate) mod parquet_items;
pub(crate) mod pause;
pub(crate) mod prior;
pub(crate) mod program;
pub(crate) mod quotas;
pub(crate) mod record_diff;
pub(crate) mod request_check;
pub(crate) mod result_check;
pub(crate) mod result_compare;
pub(crate) mod result_shards;
pub(crate) mod run;
pub(crate) mod states;
pub(crate) mod task_events;
pub(crate) mod task_outcome;
pub(crate) mod test_step;
pub(crate) mod timeline;
pub(crate) mod timeouts;
pub(crate) mod trace;
pub(crate) mod unfinished;
pub(crate) mod vars;
pub(crate) mod virtual_clock;
pub(crate) mod visits;
