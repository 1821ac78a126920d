//! The workflow as the user meant it, for the types the macro generates despite an error: a
//! transition to a misspelt state goes to the state the error suggests (the same suggestion,
//! `workflow_text::suggest`), so that the output type is still found when the misspelling
//! broke the path to the end. Only types come from the repaired copy; the error stands.

use workflow_asl::{State, StateMachine, States, Transition};
use workflow_text::suggest::did_you_mean;

/// `machine` with every transition to a state its scope lacks sent to the closest state of
/// that scope; `None` when no transition needed it (or none had a close state).
pub(crate) fn with_misspelt_targets_fixed(machine: &StateMachine) -> Option<StateMachine> {
    let mut fixed = machine.clone();
    let mut changed = false;
    // An explicit stack of `States` objects: any depth of nesting, no recursion.
    let mut stack: Vec<&mut States> = vec![&mut fixed.states];
    while let Some(states) = stack.pop() {
        let names: Vec<String> = states.keys().cloned().collect();
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        let mut fix = |target: &mut String| {
            if !names.contains(&target.as_str())
                && let Some(best) = did_you_mean(target, &names)
            {
                *target = best.to_owned();
                changed = true;
            }
        };
        for state in states.values_mut() {
            match state {
                State::Choice(c) => {
                    for rule in &mut c.choices {
                        fix(&mut rule.next);
                    }
                    if let Some(default) = &mut c.default {
                        fix(default);
                    }
                }
                State::Pass(s) => fix_next(&mut s.transition, &mut fix),
                State::Wait(s) => fix_next(&mut s.transition, &mut fix),
                State::Task(s) => {
                    fix_next(&mut s.transition, &mut fix);
                    for catcher in s.catch.iter_mut().flatten() {
                        fix(&mut catcher.next);
                    }
                }
                State::Parallel(s) => {
                    fix_next(&mut s.transition, &mut fix);
                    for catcher in s.catch.iter_mut().flatten() {
                        fix(&mut catcher.next);
                    }
                    stack.extend(s.branches.iter_mut().map(|b| &mut b.states));
                }
                State::Map(s) => {
                    fix_next(&mut s.transition, &mut fix);
                    for catcher in s.catch.iter_mut().flatten() {
                        fix(&mut catcher.next);
                    }
                    stack.push(&mut s.item_processor.states);
                }
                State::Succeed(_) | State::Fail(_) => {}
            }
        }
    }
    changed.then_some(fixed)
}

fn fix_next(transition: &mut Option<Transition>, fix: &mut impl FnMut(&mut String)) {
    if let Some(Transition::Next(target)) = transition {
        fix(target);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_misspelt_target_goes_to_the_state_suggested_and_nested_ones_too() {
        let machine = StateMachine::from_json(
            r#"{"StartAt": "A", "States": {
                "A": {"Type": "Pass", "Next": "Doen"},
                "P": {"Type": "Parallel", "Branches": [{"StartAt": "X", "States": {
                    "X": {"Type": "Pass", "Next": "Yy"}, "Y": {"Type": "Succeed"}}}], "End": true},
                "Done": {"Type": "Succeed"}}}"#,
        )
        .unwrap();
        let fixed = with_misspelt_targets_fixed(&machine).expect("a fix");
        let json = fixed.to_json();
        assert!(json.contains(r#""Next":"Done""#), "{json}");
        assert!(json.contains(r#""Next":"Y""#), "{json}");
        let fine =
            StateMachine::from_json(r#"{"StartAt": "A", "States": {"A": {"Type": "Succeed"}}}"#)
                .unwrap();
        assert!(with_misspelt_targets_fixed(&fine).is_none());
    }
}
