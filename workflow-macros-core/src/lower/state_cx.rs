//! What lowering one state carries: the state ([`StateCx`]) and the clauses given so far
//! ([`Seen`]), shared by the clause, Map and error-handling lowerings.

use super::Cx;
use super::values::Mode;
use proc_macro2::Span;
use std::collections::HashMap;
use workflow_asl::{Pointer, QueryLanguage, StateKind};

/// The state being lowered.
pub(super) struct StateCx<'a> {
    /// Its name.
    pub name: &'a str,
    /// Its pointer, e.g. `/States/Pack`.
    pub at: Pointer,
    /// Its kind.
    pub kind: StateKind,
    /// Its effective query language.
    pub ql: QueryLanguage,
}

impl StateCx<'_> {
    /// The template mode of the state's query language.
    pub(super) fn mode(&self) -> Mode {
        Mode::of(self.ql)
    }
}

/// The clauses given so far (name → span of its key), to report repeats.
#[derive(Default)]
pub(super) struct Seen {
    /// Clause name → the span of its key.
    pub clauses: HashMap<String, Span>,
    /// The clause the state's body `{ … }` stands for (`parameters`, `arguments`, `output`).
    pub body: Option<&'static str>,
}

impl Seen {
    /// Records `name`; reports it when it was given before.
    pub(super) fn first(&mut self, cx: &mut Cx<'_>, name: &str, span: Span) -> bool {
        if self.body == Some(name) {
            cx.error(span, format!("`{name}` repeats the state's body `{{ … }}`, which already gives its {name}; keep one"));
            return false;
        }
        if self.clauses.contains_key(name) {
            cx.error(span, format!("`{name}` is given twice; remove one"));
            return false;
        }
        self.clauses.insert(name.to_owned(), span);
        true
    }
}
