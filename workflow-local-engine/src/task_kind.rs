//! What a Task state calls, as a type: the third parameter of a [`TaskRef`](crate::TaskRef),
//! so that an API made for one kind of Task takes only the constants of that kind.
//! `workflow!` gives each constant the kind its `Resource` names: [`Lambda`] (`lambda:invoke`
//! or a Lambda function's ARN), [`Activity`] (an activity's ARN), [`Callback`] (an integration
//! with `.waitForTaskToken`) or [`Service`] (any other integration); [`Unknown`] where the
//! resource does not say (a `${Name}` substitution decides it) and for a `TaskRef` made by hand
//! without a kind, which every API takes.
//!
//! ```compile_fail
//! use workflow_runtime::TaskRef;
//! use workflow_runtime::task_kind::Lambda;
//! fn answers<K: workflow_runtime::task_kind::CallbackTask>(_: TaskRef<(), (), K>) {}
//! const CHARGE: TaskRef<(), (), Lambda> = TaskRef::new("Charge", "arn:aws:states:::lambda:invoke");
//! answers(CHARGE); // a Lambda Task is not answered with a task token
//! ```

/// A Task state's kind (one of this module's markers).
pub trait TaskKind: sealed::Sealed {}

/// A kind of Task a Lambda function serves: [`Lambda`] (or [`Unknown`]).
#[diagnostic::on_unimplemented(
    message = "a Lambda function serves only a Lambda Task state (`lambda:invoke` or a function's ARN), not a `{Self}` one",
    label = "the constant of a Task state that is not a Lambda function's"
)]
pub trait LambdaTask: TaskKind {}

/// A kind of Task an activity worker serves: [`Activity`] (or [`Unknown`]).
#[diagnostic::on_unimplemented(
    message = "an activity worker serves only an activity Task state (`arn:…:activity:…`), not a `{Self}` one",
    label = "the constant of a Task state that is not an activity"
)]
pub trait ActivityTask: TaskKind {}

/// A kind of Task answered with its task token: [`Callback`] (or [`Unknown`]).
#[diagnostic::on_unimplemented(
    message = "only a `.waitForTaskToken` Task state is answered with its task token, not a `{Self}` one",
    label = "the constant of a Task state that does not wait for a task token"
)]
pub trait CallbackTask: TaskKind {}

/// A Lambda function called by `lambda:invoke` (request-response) or by its ARN.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Lambda;

/// An activity, served by a worker that polls `GetActivityTask`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Activity;

/// An integration with `.waitForTaskToken`: the task ends when its token is answered
/// (`SendTaskSuccess`, `SendTaskFailure`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Callback;

/// Any other integration (request-response, `.sync`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Service;

/// A kind not known: every API takes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Unknown;

impl TaskKind for Lambda {}
impl TaskKind for Activity {}
impl TaskKind for Callback {}
impl TaskKind for Service {}
impl TaskKind for Unknown {}
impl LambdaTask for Lambda {}
impl LambdaTask for Unknown {}
impl ActivityTask for Activity {}
impl ActivityTask for Unknown {}
impl CallbackTask for Callback {}
impl CallbackTask for Unknown {}

mod sealed {
    /// Only this module's markers are kinds.
    pub trait Sealed {}
    impl Sealed for super::Lambda {}
    impl Sealed for super::Activity {}
    impl Sealed for super::Callback {}
    impl Sealed for super::Service {}
    impl Sealed for super::Unknown {}
}
