//! The typed model of the Amazon States Language (November 2024 revision), re-exported at the
//! crate's root (the crate's documentation describes it).

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
    CsvDelimiter, CsvHeaderLocation, InputType, ItemBatcher, ItemReader, ManifestType, MapState,
    OutputType, ProcessorField, ReaderConfig, ReaderTransformation, ResultWriter, SelectorField,
    Transformation, WriterConfig,
};
pub use parallel::ParallelState;
pub use pass::PassState;
pub use points::{Point, PointKind};
pub use state::{Exit, ExitField, State, StateKind, Transition};
pub use succeed::SucceedState;
pub use task::TaskState;
pub use values::{
    Expr, IntExpr, JsonRoots, JsonataValue, ParsedJson, PathOrNull, PayloadTemplate, QueryLanguage,
    ValueOrPath,
};
pub use wait::{WaitDuration, WaitState};
pub use walk::{Scope, ScopeKind, StateRef, Walk};
