//! An interim report on a strategy (delårsrapport DR1/DR2, verksamhets-
//! berättelse VB): per phase the initiatives with purpose, what is done,
//! ongoing and planned, and their targets per year against results, each
//! assessed. With the previous report's data, what changed is marked.

use serde::Serialize;

use super::followup::Counts;
use super::status::{Status, Vocabulary};
use super::{DocumentMeta, PhaseModel, Section};

/// How a change since the previous report is marked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    /// Not in the previous report ("Ny").
    Added,
    /// Different from the previous report ("Ändrad").
    Changed,
}

impl ChangeKind {
    pub fn word(self) -> &'static str {
        match self {
            ChangeKind::Added => "Ny",
            ChangeKind::Changed => "Ändrad",
        }
    }
}

/// A text field of an initiative, with its change mark.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Field {
    /// The label printed before it ("Genomfört").
    pub label: String,
    pub text: String,
    pub change: Option<ChangeKind>,
}

/// How a result measures up to its target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Assessment {
    Achieved,
    Partly,
    NotAchieved,
    /// No result yet ("ej fastställt").
    Undetermined,
    /// A result without a number to compare, or no target: nothing to assess.
    None,
}

impl Assessment {
    pub fn word(self) -> &'static str {
        match self {
            Assessment::Achieved => "Uppnått",
            Assessment::Partly => "Delvis uppnått",
            Assessment::NotAchieved => "Ej uppnått",
            Assessment::Undetermined => "Ej fastställt",
            Assessment::None => "",
        }
    }

    /// The status symbol the PDF draws for it (see `status-symbol` in lib.typ).
    pub fn symbol(self) -> &'static str {
        match self {
            Assessment::Achieved => "done",
            Assessment::Partly => "ongoing",
            Assessment::NotAchieved => "delayed",
            Assessment::Undetermined | Assessment::None => "missing",
        }
    }
}

/// Assessment thresholds as shares of the target (default 1.0 and 0.9).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Thresholds {
    pub achieved: f64,
    pub partly: f64,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds { achieved: 1.0, partly: 0.9 }
    }
}

/// Assesses a result against a target.
pub fn assess(target: Option<f64>, result: Option<f64>, result_given: bool, t: Thresholds) -> Assessment {
    match (target, result) {
        (Some(target), Some(result)) if target > 0.0 => {
            let share = result / target;
            // A little tolerance for shares computed from rounded numbers.
            if share + 1e-9 >= t.achieved {
                Assessment::Achieved
            } else if share + 1e-9 >= t.partly {
                Assessment::Partly
            } else {
                Assessment::NotAchieved
            }
        }
        // No result yet: to be determined; a result without a number (or
        // without a target) cannot be assessed.
        _ if !result_given => Assessment::Undetermined,
        _ => Assessment::None,
    }
}

/// One year of an indicator: target (absolute, and as written), result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TargetYear {
    pub year: i32,
    /// The absolute target, given or computed from an increase over the baseline.
    pub target: Option<f64>,
    /// The target as a percentage increase over the baseline, if so written.
    pub increase: Option<f64>,
    pub target_text: String,
    /// "212 st" or "ökning med 15 % från 2019 (223 st)": what the PDF prints.
    pub target_display: String,
    pub result: Option<f64>,
    pub result_text: String,
    pub result_display: String,
    /// The numbers alone, Swedish style, for the chart ("222", "1,5").
    pub target_short: String,
    pub result_short: String,
    pub assessment: Assessment,
    pub assessment_word: String,
    pub assessment_symbol: String,
    pub change: Option<ChangeKind>,
}

/// A measured indicator with a target per year.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Indicator {
    pub name: String,
    pub unit: String,
    pub baseline_year: Option<i32>,
    pub baseline: Option<f64>,
    pub baseline_display: String,
    pub text: String,
    pub years: Vec<TargetYear>,
    /// At least two years with a numeric target: a bar chart is drawn.
    pub chart: bool,
    pub chart_alt: String,
    /// The largest number to draw (for the chart's scale).
    pub chart_max: f64,
}

/// An initiative (insats) of the strategy.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Initiative {
    pub phase: String,
    pub name: String,
    pub status: Status,
    pub status_change: Option<ChangeKind>,
    /// Purpose, done, ongoing, planned, comment, other text: the non-empty ones.
    pub fields: Vec<Field>,
    pub indicators: Vec<Indicator>,
    /// The whole initiative is new since the previous report.
    pub added: bool,
}

/// A phase heading with its initiatives (and a sentence when it has none).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReportPhase {
    pub name: String,
    pub text: String,
    pub initiatives: Vec<Initiative>,
    /// Initiatives per status.
    pub counts: Counts,
}

/// One line of "Förändringar sedan DR1".
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    pub initiative: String,
    /// What changed ("Genomfört", "Status", "Mål 2023: Antal ambassadörer").
    pub what: String,
    pub kind: ChangeKind,
    pub word: String,
    pub before: String,
    pub after: String,
}

/// A whole interim report, checked.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub meta: DocumentMeta,
    /// "DR2".
    pub report: String,
    pub year: i32,
    /// "DR2 2023".
    pub label: String,
    pub phase_model: PhaseModel,
    pub chapters: Vec<Section>,
    pub phases: Vec<ReportPhase>,
    pub vocabulary: Vocabulary,
    pub thresholds: Thresholds,
    /// The previous report's label ("DR1 2023") when compared with one.
    pub previous: Option<String>,
    pub changes: Vec<Change>,
    /// The status overview's text alternative.
    pub overview_alt: String,
    /// All initiatives per status, and the counts chart's text alternative.
    pub counts: Counts,
    pub counts_alt: String,
}

impl Report {
    pub fn initiatives(&self) -> impl Iterator<Item = &Initiative> {
        self.phases.iter().flat_map(|p| &p.initiatives)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn assessments_follow_the_thresholds() {
        let t = Thresholds::default();
        // The seed: 13 ambassadors against 8 → achieved; 517 applications against 193 + 15 %.
        assert_eq!(assess(Some(8.0), Some(13.0), true, t), Assessment::Achieved);
        assert_eq!(assess(Some(193.0 * 1.15), Some(517.0), true, t), Assessment::Achieved);
        assert_eq!(assess(Some(100.0), Some(92.0), true, t), Assessment::Partly);
        assert_eq!(assess(Some(100.0), Some(85.7), true, t), Assessment::NotAchieved);
        assert_eq!(assess(Some(100.0), None, false, t), Assessment::Undetermined);
        assert_eq!(assess(Some(100.0), None, true, t), Assessment::None);
        let strict = Thresholds { achieved: 1.0, partly: 0.95 };
        assert_eq!(assess(Some(100.0), Some(92.0), true, strict), Assessment::NotAchieved);
    }
}
