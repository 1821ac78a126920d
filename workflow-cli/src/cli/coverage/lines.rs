//! The points of a recorded machine (`StateMachine::points`, with their hits and lines) as a
//! source file's line and branch coverage, the one model the LCOV and Cobertura reports
//! print:
//!
//! - a line's count is the largest count of the points written on it, as llvm-cov counts a
//!   line that holds several regions (its `LineCoverageStats`: the maximum of the counts of
//!   the regions starting on the line), so that a state and its catcher written on one line
//!   are not added together; each point keeps a record of its own besides, a branch;
//! - a branch is a way out of a decision of a state, on the line where it is written: each
//!   Choice rule and the `Default` (one decision), each retrier (another) and each catcher (a
//!   third). Its count is how often it was taken once its state ran, and `None` (LCOV's `-`)
//!   when the state never ran, as `geninfo(1)` defines `BRDA` ("`-` if the basic block
//!   containing the branch was never executed"): a Choice that ran and never took a rule
//!   counts that rule 0.

use std::collections::{BTreeMap, HashMap};
use workflow_asl::PointKind;
use workflow_runtime::engine::MachineReport;

/// One way out of a decision, as LCOV's `BRDA` and Cobertura's conditions write it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Branch {
    /// The line it is written on.
    pub line: u32,
    /// Its decision: a number unique in its source file.
    pub block: u32,
    /// Its index in the decision.
    pub branch: usize,
    /// How often it was taken, or `None` when its state never ran.
    pub taken: Option<u64>,
}

/// The line and branch coverage of one recorded machine in its source file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(super) struct SourceCoverage {
    /// Each line holding a point, with its count.
    pub lines: BTreeMap<u32, u64>,
    /// Every branch, in document order.
    pub branches: Vec<Branch>,
}

/// The decisions of a state: its Choice, its retriers, its catchers.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum Decision {
    Choice,
    Retry,
    Catch,
}

impl SourceCoverage {
    /// The coverage of `machine` (points without a line are left out); its decisions are
    /// numbered from `*next_block` on, which is advanced past them, so that the machines of
    /// one file number theirs apart.
    pub(super) fn of(machine: &MachineReport, next_block: &mut u32) -> SourceCoverage {
        let entered: HashMap<&str, u64> = machine
            .points
            .iter()
            .filter(|p| p.kind == PointKind::State)
            .map(|p| (p.state.as_str(), p.hits))
            .collect();
        let rules: HashMap<&str, usize> =
            machine.points.iter().fold(HashMap::new(), |mut rules, p| {
                if let PointKind::Rule(_) = p.kind {
                    *rules.entry(p.state.as_str()).or_default() += 1;
                }
                rules
            });
        let mut blocks: HashMap<(&str, Decision), u32> = HashMap::new();
        let mut coverage = SourceCoverage::default();
        for point in &machine.points {
            let Some(line) = point.line else { continue };
            let count = coverage.lines.entry(line).or_insert(0);
            *count = (*count).max(point.hits);
            let state = point.state.as_str();
            let (decision, branch) = match point.kind {
                PointKind::Rule(i) => (Decision::Choice, i),
                PointKind::Default => (
                    Decision::Choice,
                    rules.get(state).copied().unwrap_or_default(),
                ),
                PointKind::Retrier(i) => (Decision::Retry, i),
                PointKind::Catcher(i) => (Decision::Catch, i),
                PointKind::State | PointKind::Branch(_) => continue,
            };
            let block = *blocks.entry((state, decision)).or_insert_with(|| {
                let block = *next_block;
                *next_block = next_block.saturating_add(1);
                block
            });
            let ran = entered.get(state).copied().unwrap_or_default() > 0;
            coverage.branches.push(Branch {
                line,
                block,
                branch,
                taken: ran.then_some(point.hits),
            });
        }
        coverage
    }

    /// Adds `other`'s counts to these (another recording in the same file), as `lcov
    /// --add-tracefile` adds two tracefiles' counts.
    pub(super) fn add(&mut self, other: SourceCoverage) {
        for (line, hits) in other.lines {
            let count = self.lines.entry(line).or_insert(0);
            *count = count.saturating_add(hits);
        }
        self.branches.extend(other.branches);
    }

    /// The number of lines run at least once.
    pub(super) fn lines_hit(&self) -> usize {
        self.lines.values().filter(|hits| **hits > 0).count()
    }

    /// The number of branches taken at least once.
    pub(super) fn branches_hit(&self) -> usize {
        self.branches
            .iter()
            .filter(|b| b.taken.is_some_and(|t| t > 0))
            .count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use workflow_runtime::engine::PointReport;

    fn point(state: &str, kind: PointKind, line: u32, hits: u64) -> PointReport {
        PointReport {
            pointer: String::new(),
            state: state.to_owned(),
            kind,
            line: Some(line),
            hits,
        }
    }

    fn machine(points: Vec<PointReport>) -> MachineReport {
        MachineReport {
            name: Some("M".to_owned()),
            file: Some("m.rs".to_owned()),
            definition: String::new(),
            points,
        }
    }

    #[test]
    fn a_line_counts_its_busiest_point_and_each_point_keeps_its_own_record() {
        // A Task and its catcher on one line; a Choice whose second rule was never taken.
        let m = machine(vec![
            point("Charge", PointKind::State, 3, 4),
            point("Charge", PointKind::Retrier(0), 3, 2),
            point("Charge", PointKind::Catcher(0), 3, 1),
            point("Route", PointKind::State, 5, 3),
            point("Route", PointKind::Rule(0), 6, 3),
            point("Route", PointKind::Rule(1), 7, 0),
            point("Route", PointKind::Default, 8, 0),
            point("Never", PointKind::State, 10, 0),
            point("Never", PointKind::Catcher(0), 11, 0),
        ]);
        let mut next = 0;
        let c = SourceCoverage::of(&m, &mut next);
        assert_eq!(
            c.lines.get(&3),
            Some(&4),
            "the largest count, not 4 + 2 + 1"
        );
        assert_eq!(c.lines.get(&7), Some(&0));
        let taken: Vec<(u32, u32, usize, Option<u64>)> = c
            .branches
            .iter()
            .map(|b| (b.line, b.block, b.branch, b.taken))
            .collect();
        assert_eq!(
            taken,
            [
                (3, 0, 0, Some(2)),
                (3, 1, 0, Some(1)),
                (6, 2, 0, Some(3)),
                (7, 2, 1, Some(0)),
                (8, 2, 2, Some(0)),
                (11, 3, 0, None),
            ]
        );
        assert_eq!(next, 4);
        assert_eq!((c.lines_hit(), c.branches_hit()), (3, 3));
    }
}
