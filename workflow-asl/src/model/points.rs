//! The points of a definition a run can reach, as coverage counts them: every state, every
//! Choice rule and `Default`, every retrier and catcher, every Parallel branch. One list, in
//! document order, that the engine's coverage recorder, the macro's source lines and the
//! reports all read.

use super::{State, StateMachine};
use crate::Pointer;

/// What a [`Point`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(tag = "what", content = "index", rename_all = "snake_case")]
pub enum PointKind {
    /// The state itself, entered.
    State,
    /// A Choice rule, by its index in `Choices`.
    Rule(usize),
    /// A Choice state's `Default`.
    Default,
    /// A retrier, by its index in `Retry`.
    Retrier(usize),
    /// A catcher, by its index in `Catch`.
    Catcher(usize),
    /// A Parallel branch, by its index in `Branches`.
    Branch(usize),
}

/// A point a run can reach: where it is written, the state it belongs to and what it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Point<'m> {
    /// Where it is written (`/States/Route/Choices/1`).
    pub pointer: Pointer,
    /// The state it belongs to.
    pub state: &'m str,
    /// What it is.
    pub kind: PointKind,
}

impl StateMachine {
    /// Every point a run of this machine can reach, in document order (see [`PointKind`]).
    pub fn points(&self) -> Vec<Point<'_>> {
        let mut points = Vec::new();
        for scope in self.walk().scopes() {
            for (name, state) in scope.states.iter() {
                let at = scope.state_pointer(name);
                let mut add = |pointer: Pointer, kind| {
                    points.push(Point {
                        pointer,
                        state: name.as_str(),
                        kind,
                    })
                };
                add(at.clone(), PointKind::State);
                if let State::Choice(choice) = state {
                    for i in 0..choice.choices.len() {
                        add(at.key("Choices").index(i), PointKind::Rule(i));
                    }
                    if choice.default.is_some() {
                        add(at.key("Default"), PointKind::Default);
                    }
                }
                if let State::Parallel(parallel) = state {
                    for i in 0..parallel.branches.len() {
                        add(at.key("Branches").index(i), PointKind::Branch(i));
                    }
                }
                for i in 0..state.retriers().map_or(0, <[_]>::len) {
                    add(at.key("Retry").index(i), PointKind::Retrier(i));
                }
                for i in 0..state.catchers().map_or(0, <[_]>::len) {
                    add(at.key("Catch").index(i), PointKind::Catcher(i));
                }
            }
        }
        points
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_state_rule_default_retrier_catcher_and_branch_is_a_point() {
        let machine = StateMachine::from_json(
            r#"{"StartAt":"C","States":{
                "C":{"Type":"Choice","Choices":[{"Variable":"$.a","IsPresent":true,"Next":"P"}],"Default":"F"},
                "P":{"Type":"Parallel","End":true,
                     "Retry":[{"ErrorEquals":["States.ALL"]}],
                     "Catch":[{"ErrorEquals":["States.ALL"],"Next":"F"}],
                     "Branches":[{"StartAt":"B","States":{"B":{"Type":"Succeed"}}}]},
                "F":{"Type":"Fail"}}}"#,
        )
        .expect("decodes");
        let points: Vec<(String, PointKind)> = machine
            .points()
            .into_iter()
            .map(|p| (p.pointer.as_str().to_owned(), p.kind))
            .collect();
        let expected = [
            ("/States/C", PointKind::State),
            ("/States/C/Choices/0", PointKind::Rule(0)),
            ("/States/C/Default", PointKind::Default),
            ("/States/P", PointKind::State),
            ("/States/P/Branches/0", PointKind::Branch(0)),
            ("/States/P/Retry/0", PointKind::Retrier(0)),
            ("/States/P/Catch/0", PointKind::Catcher(0)),
            ("/States/F", PointKind::State),
            ("/States/P/Branches/0/States/B", PointKind::State),
        ];
        let expected: Vec<(String, PointKind)> = expected
            .iter()
            .map(|(p, k)| ((*p).to_owned(), *k))
            .collect();
        assert_eq!(points, expected);
    }
}
