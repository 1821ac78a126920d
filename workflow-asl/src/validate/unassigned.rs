//! Variables read before any `Assign` sets them: a state of a scope that reads a variable its
//! own scope assigns, but that can be entered from the scope's `StartAt` along transitions none
//! of which assigns it. Reading such a variable fails the state on AWS (a JSONPath path to an
//! unassigned variable fails `States.Runtime`; in JSONata the variable is undefined), so the
//! validator warns (the service does not check this when the machine is created) and the
//! `workflow!` language refuses it.
//!
//! Each transition carries the `Assign` that runs on it ([`crate::model::Exit`]; AWS
//! documentation, "Passing data between states with variables"). Values assigned in a state
//! are seen from the next state on, so a state's reads need the variable on entry.
//!
//! Variables of enclosing scopes are not checked here (whether the enclosing state was entered
//! with them is the enclosing scope's matter). The search is a breadth-first walk with an
//! explicit queue, once per variable and scope, within a budget of visited transitions.

use crate::model::{PayloadTemplate, Scope};
use std::collections::{HashMap, VecDeque};

/// The most transitions the searches of one scope visit in all; past it the rest of the scope's
/// variables are not checked (no false warning: silence).
const MAX_VISITS: usize = 2_000_000;

/// Whether `assign` sets `name` (a JSONPath key may end in `.$`).
pub(crate) fn sets(assign: Option<&PayloadTemplate>, name: &str) -> bool {
    assign.is_some_and(|a| a.keys().any(|k| k.strip_suffix(".$").unwrap_or(k) == name))
}

/// The states of one scope that can be entered without a variable, each with the state it is
/// entered from on such a path (`None` for `StartAt`).
type Unassigned<'m> = HashMap<&'m str, Option<&'m str>>;

/// Answers, for the states of one scope, whether a variable may be unassigned on entry.
pub(crate) struct Unassignment<'m> {
    scope: &'m Scope<'m>,
    searched: HashMap<String, Unassigned<'m>>,
    visits: usize,
}

impl<'m> Unassignment<'m> {
    /// The searches of `scope`, none run yet.
    pub(crate) fn new(scope: &'m Scope<'m>) -> Self {
        Unassignment {
            scope,
            searched: HashMap::new(),
            visits: 0,
        }
    }

    /// A path of state names from the scope's `StartAt` to `state` along which nothing assigns
    /// `name` (`state` included, last), if there is one.
    pub(crate) fn path_without(&mut self, name: &str, state: &str) -> Option<Vec<&'m str>> {
        if !self.searched.contains_key(name) {
            let found = self.search(name)?;
            self.searched.insert(name.to_owned(), found);
        }
        let reached = self.searched.get(name)?;
        let mut at = *reached.get_key_value(state)?.0;
        let mut path = vec![at];
        while let Some(Some(from)) = reached.get(at) {
            if path.len() > reached.len() {
                break; // a cycle cannot happen (each state is reached once); stay bounded
            }
            path.push(from);
            at = from;
        }
        path.reverse();
        Some(path)
    }

    /// Every state enterable without `name`, breadth first from `StartAt`; `None` when the
    /// budget is spent.
    fn search(&mut self, name: &str) -> Option<Unassigned<'m>> {
        let states = self.scope.states;
        let (start, _) = states.get_key_value(self.scope.start_at)?;
        let mut reached: Unassigned<'m> = HashMap::from([(start.as_str(), None)]);
        let mut queue: VecDeque<&'m str> = VecDeque::from([start.as_str()]);
        while let Some(at) = queue.pop_front() {
            let Some(state) = states.get(at) else {
                continue;
            };
            for exit in state.exits() {
                self.visits += 1;
                if self.visits > MAX_VISITS {
                    return None;
                }
                if sets(exit.assign, name) {
                    continue;
                }
                let Some((target, _)) = states.get_key_value(exit.target) else {
                    continue;
                };
                if !reached.contains_key(target.as_str()) {
                    reached.insert(target.as_str(), Some(at));
                    queue.push_back(target.as_str());
                }
            }
        }
        Some(reached)
    }
}
