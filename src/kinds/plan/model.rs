//! The kompetensförsörjningsplan: document metadata, narrative chapters and
//! one action table per department, rows grouped by phase.

use serde::Serialize;

use crate::model::{Deadline, PhaseModel};

/// Title-page and PDF metadata.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct DocumentMeta {
    pub organisation: String,
    pub title: String,
    pub subtitle: String,
    pub period: String,
    pub version: String,
    /// The document date as ISO 8601 (2021-11-25), if given.
    pub date: String,
    /// The same date written out in Swedish ("25 november 2021").
    pub date_long: String,
    pub diarienummer: String,
    pub author: String,
    /// Who adopted the plan ("Stadsdelsnämnden") and when.
    pub decided_by: String,
    pub decided_date: String,
    /// Logo file name, relative to the input's folder.
    pub logo: String,
    pub logo_alt: String,
    /// The organisation's colour (`#rrggbb`), if given; used by slide decks.
    pub colour: String,
    /// How pages are numbered, as written ("Sida {n} ({m})": `{n}` the page,
    /// `{m}` the number of pages); empty for the default, "Sida {n} ({m})".
    pub page_number: String,
}

/// A narrative section: heading, Markdown-subset text, sub-sections.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Section {
    pub title: String,
    pub text: String,
    pub sections: Vec<Section>,
    /// In an interim report compared with the previous one: new or changed.
    pub change: Option<crate::kinds::delarsrapport::model::ChangeKind>,
}

/// One row of a department's action table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ActionRow {
    pub goal: String,
    pub activities: Vec<String>,
    pub deadlines: Vec<Deadline>,
    pub owners: Vec<String>,
    pub resources: String,
    pub followup: String,
}

/// The rows of one department under one phase, in input order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Phase {
    pub name: String,
    pub rows: Vec<ActionRow>,
}

/// A goal of a department's action table with the indicators it is followed up by.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GoalIndicators {
    pub title: String,
    pub indicators: Vec<crate::model::indicator::Indicator>,
}

/// A department: its narrative chapter and its action table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Department {
    pub name: String,
    /// Chapter heading ("Avdelningen för förskola"); the name if not given.
    pub title: String,
    pub date: String,
    pub manager: String,
    pub text: String,
    pub sections: Vec<Section>,
    /// Phases in the configured order; only phases with rows.
    pub phases: Vec<Phase>,
    /// The department's file was expected but is missing (built with
    /// `--tillat-saknade`): the document marks the gap.
    pub missing: Option<String>,
    /// Its goals' indicators, per goal in order of first appearance.
    pub goal_indicators: Vec<GoalIndicators>,
}

impl Department {
    pub fn row_count(&self) -> usize {
        self.phases.iter().map(|p| p.rows.len()).sum()
    }
}

/// A whole plan, checked.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Plan {
    pub meta: DocumentMeta,
    pub phase_model: PhaseModel,
    pub chapters: Vec<Section>,
    pub departments: Vec<Department>,
    /// The assessment thresholds of its indicators.
    pub thresholds: crate::model::indicator::Thresholds,
}

impl Plan {
    pub fn row_count(&self) -> usize {
        self.departments.iter().map(Department::row_count).sum()
    }
}
