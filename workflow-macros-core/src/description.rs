//! What code generation takes: a workflow described by what its items are made of, and nothing
//! of how it was written. Both front ends build one: the macro form (`expand`) from the parsed,
//! lowered and checked invocation, the file form (`from_file`) from the decoded and validated
//! definition file; `codegen` turns it into the items.

use crate::ast::InputSchema;
use crate::lower::started::StartedRef;
use syn::{Ident, LitStr, Visibility};
use workflow_asl::validate::dataflow::{DataType, TaskTypes};
use workflow_asl::{ExecutionType, StateMachine};

/// A workflow as code generation needs it: its Rust names and docs, its input, the checked
/// definition (or the errors that stand in its place), the substitutions it uses and the type
/// of what it ends with.
#[derive(Clone, Copy)]
pub(crate) struct Description<'a> {
    /// The visibility of every generated item.
    pub vis: &'a Visibility,
    /// The handle's name: the unit struct, the state machine's default name, and the stem of
    /// `<Name>Input` and `<Name>Output`.
    pub name: &'a Ident,
    /// The handle's doc attributes (the `#[doc = …]` values).
    pub docs: &'a [LitStr],
    /// The `input { … }` schema: `<Name>Input` is its struct, `serde_json::Value` without one.
    pub input: Option<&'a InputSchema>,
    /// The definition the lowering produced: the Task constants come from it, and, when there
    /// are no errors, the ASL texts and the Mermaid graph (empty otherwise). `None` when the
    /// lowering produced none.
    pub machine: Option<&'a StateMachine>,
    /// The `${Name}` deployment substitutions the definition uses (`SUBSTITUTIONS`).
    pub substitutions: &'a [String],
    /// The type of what the workflow ends with (`<Name>Output`).
    pub output: &'a DataType,
    /// What each Task state sends and what the workflow reads of its result (the Task
    /// constants' types), from the data-flow analysis that checked the definition.
    pub tasks: &'a [TaskTypes],
    /// The errors, emitted before the items as compile errors.
    pub errors: &'a [syn::Error],
    /// Where the definition's points are written (`Workflow::SOURCE`); `None` when unknown.
    pub source: Option<&'a SourceLines>,
    /// The type of state machine it is (`Workflow::MACHINE_TYPE`).
    pub machine_type: ExecutionType,
    /// The workflows its Tasks start by a typed reference (`Workflow::STARTED`).
    pub started: &'a [StartedRef],
}

/// Where a definition's points (`StateMachine::points`) are written, for coverage reports.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct SourceLines {
    /// The file, when it is not the invocation's own (`file!()`): the ASL file read.
    pub file: Option<String>,
    /// The line of each point, by its JSON pointer.
    pub lines: Vec<(String, u32)>,
}

impl SourceLines {
    /// The lines of `machine`'s points as `line_of` finds them (points it cannot place are
    /// left out).
    pub(crate) fn of(
        machine: &StateMachine,
        file: Option<String>,
        line_of: impl Fn(&workflow_asl::Pointer) -> Option<usize>,
    ) -> Self {
        let lines = machine
            .points()
            .into_iter()
            .filter_map(|p| {
                let line = u32::try_from(line_of(&p.pointer)?).ok()?;
                Some((p.pointer.as_str().to_owned(), line))
            })
            .collect();
        SourceLines { file, lines }
    }
}

impl<'a> Description<'a> {
    /// A workflow that failed before it had a definition: the same public items (so that its
    /// uses still resolve and the user sees its errors, not a cascade of missing types), with
    /// empty texts, no substitutions, an output of any JSON, and `errors`.
    pub(crate) fn failed(
        vis: &'a Visibility,
        name: &'a Ident,
        input: Option<&'a InputSchema>,
        errors: &'a [syn::Error],
    ) -> Self {
        Description {
            vis,
            name,
            docs: &[],
            input,
            machine: None,
            substitutions: &[],
            output: &DataType::Any,
            tasks: &[],
            errors,
            source: None,
            machine_type: ExecutionType::Standard,
            started: &[],
        }
    }
}
