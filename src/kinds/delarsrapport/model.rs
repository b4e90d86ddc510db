//! An interim report on a strategy (delårsrapport DR1/DR2, verksamhets-
//! berättelse VB): per phase the initiatives with purpose, what is done,
//! ongoing and planned, and their targets per year against results, each
//! assessed. With the previous report's data, what changed is marked.

use serde::Serialize;

use crate::model::status::Counts;
use crate::model::status::{Status, Vocabulary};
use crate::model::{ChangeKind, DocumentMeta, PhaseModel, Section};

/// A text field of an initiative, with its change mark.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Field {
    /// The label printed before it ("Genomfört").
    pub label: String,
    pub text: String,
    pub change: Option<ChangeKind>,
}

pub use crate::model::indicator::{Assessment, Indicator, TargetYear, Thresholds, VerdictCounts};

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
    /// A goal judged by its indicators only: no status of its own, not
    /// counted among the initiatives (written without `status`).
    pub goal_only: bool,
}

/// A phase heading with its initiatives (and a sentence when it has none).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReportPhase {
    pub name: String,
    pub text: String,
    pub initiatives: Vec<Initiative>,
    /// Initiatives per status.
    pub counts: Counts,
    /// Its targets of the report's year by verdict.
    pub target_counts: VerdictCounts,
}

/// A stretch of a changed text; `marked` when it is what changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Piece {
    pub text: String,
    pub marked: bool,
}

/// A paragraph or list item (marker "•" or "3.") of a change's excerpt.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Excerpt {
    pub marker: String,
    pub pieces: Vec<Piece>,
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
    /// What the reader is shown: the parts of `before` and `after` that
    /// differ, the differing words marked (see `kinds::delarsrapport::changes`).
    pub before_excerpt: Vec<Excerpt>,
    pub after_excerpt: Vec<Excerpt>,
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
    /// The same without the statuses (the picture of the plan's initiatives).
    pub initiatives_alt: String,
    /// The generated pictures the texts place themselves (keys: "status",
    /// "antal", …), which the status chapter then leaves out.
    pub placed_pictures: Vec<String>,
    /// The status pictures ("status", "antal") the status chapter shows:
    /// those with data that no text places.
    pub status_pictures: Vec<String>,
    /// The word the texts' own captions use for a picture ("Bild"), which
    /// the generated captions then use too; empty: Typst's "Figur".
    pub picture_word: String,
    /// All initiatives per status, and the counts chart's text alternative.
    pub counts: Counts,
    pub counts_alt: String,
    /// The targets of the report's year by verdict, and their sentence;
    /// the text alternative of their chart per phase.
    pub target_counts: VerdictCounts,
    pub target_chart_alt: String,
}

impl Report {
    pub fn initiatives(&self) -> impl Iterator<Item = &Initiative> {
        self.phases.iter().flat_map(|p| &p.initiatives)
    }
}
