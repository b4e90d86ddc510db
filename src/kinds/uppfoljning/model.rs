//! The follow-up of a verksamhetsplan as of a date: strategic assignments,
//! then per perspective and municipality-wide goal the committee goals
//! with their activities, each with an end date, a status, a comment and
//! owners. Counts and "overdue" are computed once here, so the PDF, the
//! Excel workbook and `check` agree.

use chrono::NaiveDate;
use serde::Serialize;

use crate::model::status::{Counts, Status, StatusKind, Vocabulary};
use crate::model::{Deadline, DocumentMeta, Section};

/// A status for one sub-unit of an activity (ÄO, LSS), or for the whole
/// activity when `unit` is empty.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Part {
    pub unit: String,
    pub status: Status,
    pub comment: String,
}

/// An activity under a committee goal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Activity {
    pub text: String,
    pub end: Deadline,
    pub owners: Vec<String>,
    /// At least one; several when status is given per sub-unit.
    pub parts: Vec<Part>,
    /// The status the activity counts as: see [`overall`].
    pub kind: StatusKind,
    /// The end date has passed at the as-of date and it is not done.
    pub overdue: bool,
}

/// A committee goal (nämndmål): a short title, a longer description, its
/// activities and the indicators it is judged by (either may be empty).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CommitteeGoal {
    pub title: String,
    pub description: String,
    pub activities: Vec<Activity>,
    pub indicators: Vec<crate::model::indicator::Indicator>,
}

/// A municipality-wide goal (kommunövergripande mål).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MunicipalGoal {
    pub name: String,
    pub committee_goals: Vec<CommitteeGoal>,
    /// Its table's column headers as the organisation writes them
    /// (Nämndmål, Aktivitet, Slutdatum, Status, Kommentar, Ansvarig;
    /// "Förvaltningsmål", "Slutfört"), the standard one where none is
    /// given; empty when all are standard.
    pub headers: Vec<String>,
}

/// The activity table's standard column headers.
pub const STANDARD_HEADERS: [&str; 6] = ["Nämndmål", "Aktivitet", "Slutdatum", "Status", "Kommentar", "Ansvarig"];

/// A perspective (Samhälle, Medborgare, …) with its goals and counts.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Perspective {
    pub name: String,
    pub goals: Vec<MunicipalGoal>,
    pub counts: Counts,
    /// Its indicators' targets for the follow-up's year by verdict.
    pub target_counts: crate::model::indicator::VerdictCounts,
}

/// A strategic assignment (strategiskt utvecklingsuppdrag).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Assignment {
    pub text: String,
    pub end: Deadline,
    pub status: Status,
    pub comment: String,
    pub overdue: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Assignments {
    pub title: String,
    pub text: String,
    /// The first column's header ("Nämndspecifika strategiska utvecklingsuppdrag").
    pub column_title: String,
    pub rows: Vec<Assignment>,
    pub counts: Counts,
}

/// An overdue activity, for the summary list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OverdueItem {
    pub perspective: String,
    pub goal: String,
    pub activity: String,
    pub end: String,
    pub status: String,
    pub owners: Vec<String>,
}

/// A whole follow-up, checked.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FollowUp {
    pub meta: DocumentMeta,
    /// The as-of date (ISO) and written out ("31 mars 2023").
    pub as_of: String,
    pub as_of_long: String,
    #[serde(skip)]
    pub as_of_date: NaiveDate,
    pub chapters: Vec<Section>,
    pub assignments: Option<Assignments>,
    pub perspectives: Vec<Perspective>,
    pub vocabulary: Vocabulary,
    /// All activities (assignments not included).
    pub counts: Counts,
    pub overdue: Vec<OverdueItem>,
    /// The summary chart's text alternative.
    pub chart_alt: String,
    /// Units whose workbooks were missing (built with `--tillat-saknade`).
    pub missing_units: Vec<String>,
    pub thresholds: crate::model::indicator::Thresholds,
    /// The indicators' targets for the follow-up's year by verdict, and
    /// the text alternative of their chart per perspective.
    pub target_counts: crate::model::indicator::VerdictCounts,
    pub target_chart_alt: String,
}

/// The status an activity with several parts counts as: done or cancelled
/// when every part is; delayed if any part is; not started when no part
/// has started; otherwise ongoing.
pub fn overall(parts: &[Part]) -> StatusKind {
    let all = |k: StatusKind| parts.iter().all(|p| p.status.kind == k);
    if parts.is_empty() || parts.iter().any(|p| p.status.kind == StatusKind::Missing) {
        StatusKind::Missing
    } else if all(StatusKind::Done) {
        StatusKind::Done
    } else if all(StatusKind::Cancelled) {
        StatusKind::Cancelled
    } else if parts.iter().any(|p| p.status.kind == StatusKind::Delayed) {
        StatusKind::Delayed
    } else if parts.iter().all(|p| matches!(p.status.kind, StatusKind::NotStarted | StatusKind::Cancelled)) {
        StatusKind::NotStarted
    } else if parts.iter().all(|p| p.status.kind.is_closed()) {
        StatusKind::Done
    } else {
        StatusKind::Ongoing
    }
}

/// Whether something with this deadline and status is overdue on `as_of`:
/// its deadline is understood, has ended before `as_of`, is not "ongoing"
/// ("Kontinuerligt"), and it is neither done nor cancelled.
pub fn is_overdue(end: &Deadline, kind: StatusKind, as_of: NaiveDate) -> bool {
    !kind.is_closed() && !end.continuous && end.period.is_some_and(|p| p.end < as_of)
}

impl FollowUp {
    pub fn activity_count(&self) -> usize {
        self.counts.total
    }

    /// Every activity with its perspective and municipality-wide goal.
    pub fn activities(&self) -> impl Iterator<Item = (&Perspective, &MunicipalGoal, &CommitteeGoal, &Activity)> {
        self.perspectives.iter().flat_map(|p| {
            p.goals.iter().flat_map(move |g| {
                g.committee_goals.iter().flat_map(move |c| c.activities.iter().map(move |a| (p, g, c, a)))
            })
        })
    }

    /// Every indicator with its perspective, municipality-wide goal and committee goal.
    pub fn indicators(
        &self,
    ) -> impl Iterator<Item = (&Perspective, &MunicipalGoal, &CommitteeGoal, &crate::model::indicator::Indicator)> {
        self.perspectives.iter().flat_map(|p| {
            p.goals.iter().flat_map(move |g| {
                g.committee_goals.iter().flat_map(move |c| c.indicators.iter().map(move |i| (p, g, c, i)))
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn part(kind: StatusKind) -> Part {
        let v = Vocabulary::default();
        let w = v.get(kind);
        Part {
            unit: String::new(),
            status: Status { kind, word: w.word.clone(), colour: w.colour.clone(), note: String::new() },
            comment: String::new(),
        }
    }

    #[test]
    fn overall_status_of_parts() {
        use StatusKind::*;
        assert_eq!(overall(&[part(Done), part(Done)]), Done);
        assert_eq!(overall(&[part(Done), part(Ongoing)]), Ongoing);
        assert_eq!(overall(&[part(NotStarted), part(Ongoing)]), Ongoing);
        assert_eq!(overall(&[part(NotStarted), part(NotStarted)]), NotStarted);
        assert_eq!(overall(&[part(Done), part(Delayed)]), Delayed);
        assert_eq!(overall(&[part(Done), part(Cancelled)]), Done);
    }

    #[test]
    fn overdue_needs_a_passed_date_and_an_open_status() {
        let as_of = NaiveDate::from_ymd_opt(2023, 3, 31).unwrap();
        let past = Deadline::parse("23-02-01");
        assert!(is_overdue(&past, StatusKind::Ongoing, as_of));
        assert!(!is_overdue(&past, StatusKind::Done, as_of));
        assert!(!is_overdue(&Deadline::parse("23-03-31"), StatusKind::Ongoing, as_of));
        assert!(!is_overdue(&Deadline::parse("Kontinuerligt"), StatusKind::Ongoing, as_of));
        assert!(!is_overdue(&Deadline::parse("2023"), StatusKind::NotStarted, as_of));
        assert!(is_overdue(&Deadline::parse("2022"), StatusKind::NotStarted, as_of));
    }
}
