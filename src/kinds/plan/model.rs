//! The kompetensförsörjningsplan: document metadata, narrative chapters and
//! one action table per department, rows grouped by phase.

use serde::Serialize;

use crate::model::{Deadline, DocumentMeta, PhaseModel, Section};

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
