//! What the parser read of the words an editor asks about, in the order they are written:
//! state names, kinds, integration paths, transition targets, a request's keys and input
//! references. `crate::editor` turns them into the references rust-analyzer hovers,
//! completes and follows inside the macro.
//!
//! A note is taken as each word is read, so a statement the parser abandons still leaves the
//! notes of what was read before the error: `lambda::` without an action, `->` without a
//! target, `input.` without a field, a key without its `:`. rust-analyzer completes by
//! expanding the macro a second time with an identifier at the cursor, and compares that
//! expansion with the real one token for token up to the cursor; the notes of both are the same
//! up to there, whatever the parser makes of the rest.
//!
//! The notes are collected while [`recording`] runs (one `workflow!` body); parsing without
//! it (the CLI's `import` check, the tests) takes none.

use crate::ast::{InputSegment, Key, Name};
use proc_macro2::Span;
use std::cell::RefCell;
use syn::Ident;
use workflow_aws_models::Usage;

/// One word (or a few) the parser read.
pub(crate) enum Note {
    /// A state's name where it is declared (`"Charge":`).
    State(Name),
    /// The one-word kind of a state (`pass`, `choice`, `task`, … or a word that is none);
    /// `None` when the state's `:` is followed by no word.
    Kind(Option<Ident>),
    /// An integration path, as far as it was read.
    Integration(IntegrationNote),
    /// A transition's target after `->` or `=>`.
    Target(TargetNote),
    /// A key of an object inside an integration's request, or the end of such an object.
    Key(KeyNote),
    /// An input reference (`input.order.id`), as far as it was read.
    Input(InputNote),
}

/// `service::action.pattern`, as far as it was read.
pub(crate) struct IntegrationNote {
    /// The segments read (`lambda`, `invoke`; `aws_sdk`, `s3`, `get_object`).
    pub path: Vec<Ident>,
    /// A `::` ends what was read (`lambda::` and nothing after it).
    pub dangling: bool,
    /// The word after `.`, if one was read.
    pub pattern: Option<Ident>,
    /// A `.` ends what was read (`lambda::invoke.` and no pattern after it).
    pub pattern_dangling: bool,
    /// Where it stands: a Task, a Map's reader or writer.
    pub usage: Usage,
}

/// The state after `->` or `=>`.
pub(crate) struct TargetNote {
    /// The name, `None` when none follows the arrow.
    pub name: Option<Name>,
    /// It is written as a string literal (`"Ship fast"`), not an identifier.
    pub quoted: bool,
}

/// A key of an object of a request (`FunctionName` in `lambda::invoke { FunctionName: … }`).
pub(crate) struct KeyNote {
    /// The key (an identifier or a string); `None` at the end of an object, where a key
    /// written next would be (`{ FunctionName: "f", }` as `{ FunctionName: "f", Pay }` is
    /// being written).
    pub key: Option<Key>,
    /// The index (among the notes) of the integration whose request it is in.
    pub integration: usize,
    /// The keys of the entries around it, outermost first (`["Item", "id"]` for `S` in
    /// `{ Item: { id: { S: … } } }`).
    pub parents: Vec<String>,
}

/// `input.a.b[0]`, as far as it was read.
pub(crate) struct InputNote {
    /// Where `input` is.
    pub keyword: Span,
    /// The segments read.
    pub segments: Vec<InputSegment>,
    /// A `.` ends what was read (`input.` and no field after it).
    pub dangling: bool,
}

/// The notes of one parse, and where in an integration's request the parser is.
#[derive(Default)]
struct Recorder {
    notes: Vec<Note>,
    /// The requests being read (innermost last): the integration's note, the keys around.
    requests: Vec<(usize, Vec<String>)>,
    /// The last integration noted, whose request may follow.
    last_integration: Option<usize>,
}

thread_local! {
    static RECORDER: RefCell<Option<Recorder>> = const { RefCell::new(None) };
}

/// Runs `parse` with a recorder, and gives back its result and the notes it took.
pub(crate) fn recording<T>(parse: impl FnOnce() -> T) -> (T, Vec<Note>) {
    let outer = with(|slot| slot.replace(Recorder::default())).flatten();
    let result = parse();
    let recorder = with(|slot| std::mem::replace(slot, outer)).flatten();
    (result, recorder.map(|r| r.notes).unwrap_or_default())
}

/// `f` on the recorder's slot (`None` when the thread is being torn down).
fn with<R>(f: impl FnOnce(&mut Option<Recorder>) -> R) -> Option<R> {
    RECORDER
        .try_with(|cell| cell.try_borrow_mut().ok().map(|mut slot| f(&mut slot)))
        .ok()
        .flatten()
}

/// `f` on the recorder, when one is recording.
fn with_recorder(f: impl FnOnce(&mut Recorder)) {
    with(|slot| {
        if let Some(recorder) = slot.as_mut() {
            f(recorder);
        }
    });
}

/// Notes a state's name where it is declared.
pub(super) fn state(name: &Name) {
    with_recorder(|r| r.notes.push(Note::State(name.clone())));
}

/// Notes a state's one-word kind (`None`: no word follows the state's `:`).
pub(super) fn kind(word: Option<&Ident>) {
    with_recorder(|r| r.notes.push(Note::Kind(word.cloned())));
}

/// Notes an integration path.
pub(super) fn integration(note: IntegrationNote) {
    with_recorder(|r| {
        r.last_integration = Some(r.notes.len());
        r.notes.push(Note::Integration(note));
    });
}

/// Notes a transition's target.
pub(super) fn target(name: Option<&Name>, quoted: bool) {
    with_recorder(|r| {
        r.notes.push(Note::Target(TargetNote {
            name: name.cloned(),
            quoted,
        }))
    });
}

/// Notes an input reference.
pub(super) fn input(note: InputNote) {
    with_recorder(|r| r.notes.push(Note::Input(note)));
}

/// Runs `parse` (the `{ … }` after an integration path, or its `arguments { … }`) as the
/// request of the integration noted last, when nothing was noted since.
pub(super) fn request<T>(parse: impl FnOnce() -> T) -> T {
    let mut entered = false;
    with_recorder(|r| {
        if let Some(index) = r
            .last_integration
            .filter(|&index| index + 1 == r.notes.len())
        {
            r.requests.push((index, Vec::new()));
            entered = true;
        }
    });
    let result = parse();
    if entered {
        with_recorder(|r| {
            r.requests.pop();
        });
    }
    result
}

/// Notes an object's key (`None`: the end of the object), when the object is in a request.
pub(super) fn key(key: Option<&Key>) {
    with_recorder(|r| {
        if let Some((integration, parents)) = r.requests.last() {
            let note = KeyNote {
                key: key.map(|key| Key {
                    value: key.value.clone(),
                    span: key.span,
                }),
                integration: *integration,
                parents: parents.clone(),
            };
            r.notes.push(Note::Key(note));
        }
    });
}

/// Runs `parse` (the value of the entry `key`) with `key` around what it reads.
pub(super) fn entry<T>(key: &str, parse: impl FnOnce() -> T) -> T {
    let mut entered = false;
    with_recorder(|r| {
        if let Some((_, parents)) = r.requests.last_mut() {
            parents.push(key.to_owned());
            entered = true;
        }
    });
    let result = parse();
    if entered {
        with_recorder(|r| {
            if let Some((_, parents)) = r.requests.last_mut() {
                parents.pop();
            }
        });
    }
    result
}
