//! The typed model of the Amazon States Language (November 2024 revision).
//!
//! Everything the spec gives a fixed shape is a Rust type here (states, transitions, Retry,
//! Catch, comparison operators, Map configuration, ...); payload templates stay JSON.
//! Fields that exist only in one query language are kept on the state so that a definition
//! mixing them can be decoded and then reported by the validator.

mod choice;
mod error_handling;
mod fail;
mod machine;
mod map;
mod parallel;
mod pass;
mod points;
mod state;
mod succeed;
mod task;
mod values;
mod wait;
mod walk;

pub use choice::{
    ChoiceRule, ChoiceState, ComparisonOperator, Condition, DataTest, NestedRule, Operand,
    OperandKind, OperatorFamily, Relation,
};
pub use error_handling::{Catcher, ErrorName, JitterStrategy, Retrier};
pub use fail::FailState;
pub use machine::{
    Branch, ExecutionType, ItemProcessor, ProcessorConfig, ProcessorMode, StateMachine, States,
};
pub use map::{
    CsvDelimiter, CsvHeaderLocation, InputType, ItemBatcher, ItemReader, ItemSelector,
    ManifestType, MapState, OutputType, ProcessorField, ReaderConfig, ReaderTransformation,
    ResultWriter, SelectorField, Transformation, WriterConfig,
};
pub use parallel::ParallelState;
pub use pass::PassState;
pub use points::{Point, PointKind};
pub use state::{Exit, ExitField, State, StateKind, Transition};
pub use succeed::SucceedState;
pub use task::TaskState;
pub use values::{
    Assign, Expr, IntExpr, JsonRoots, JsonataValue, Number, ParsedJson, PathOrNull,
    PayloadTemplate, QueryLanguage, ValueOrPath,
};
pub use wait::{WaitDuration, WaitState};
pub use walk::{Scope, ScopeKind, StateRef, Walk};
