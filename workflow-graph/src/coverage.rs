//! How much of each state runs reached, as a coverage picture colours it
//! ([`to_coverage_svg`](crate::to_coverage_svg)): the graph crate knows states and colours,
//! not the recorder that counted them.

use std::collections::HashMap;

/// How much of one state runs reached.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum StateCoverage {
    /// Entered, and every point of it (each Choice rule and `Default`, retrier, catcher,
    /// Parallel branch) reached.
    Full,
    /// Entered, with some of its points never reached.
    Partial,
    /// Never entered.
    #[default]
    NotEntered,
}

impl StateCoverage {
    /// Every value, in the legend's order.
    pub const ALL: [StateCoverage; 3] = [
        StateCoverage::Full,
        StateCoverage::Partial,
        StateCoverage::NotEntered,
    ];

    /// Its fill colour (`None` for a state never entered: drawn plain).
    pub fn colour(self) -> Option<&'static str> {
        match self {
            StateCoverage::Full => Some("#2BD62E"),
            StateCoverage::Partial => Some("#FFA500"),
            StateCoverage::NotEntered => None,
        }
    }

    /// Its name in the legend.
    pub fn label(self) -> &'static str {
        match self {
            StateCoverage::Full => "Every point reached",
            StateCoverage::Partial => "Some points not reached",
            StateCoverage::NotEntered => "Never entered",
        }
    }

    /// A short identifier (`full`, `partial`, `not-entered`), for markup.
    pub fn slug(self) -> &'static str {
        match self {
            StateCoverage::Full => "full",
            StateCoverage::Partial => "partial",
            StateCoverage::NotEntered => "not-entered",
        }
    }
}

/// Each state's [`StateCoverage`], by name; a state not set was never entered.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CoverageColours {
    states: HashMap<String, StateCoverage>,
}

impl CoverageColours {
    /// No state entered.
    pub fn new() -> Self {
        CoverageColours::default()
    }

    /// Sets the coverage of `state`.
    pub fn set(&mut self, state: impl Into<String>, coverage: StateCoverage) {
        self.states.insert(state.into(), coverage);
    }

    /// The coverage of `state`.
    pub fn get(&self, state: &str) -> StateCoverage {
        self.states.get(state).copied().unwrap_or_default()
    }
}
