//! What every document kind has: its metadata (title page, PDF metadata)
//! and narrative sections, and the marks of what changed since a previous
//! document.

use chrono::NaiveDate;
use serde::Serialize;

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
    pub change: Option<ChangeKind>,
}

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

/// The day of `SOURCE_DATE_EPOCH` (seconds since 1970, UTC), if set.
pub fn source_date() -> Option<NaiveDate> {
    let secs: i64 = std::env::var("SOURCE_DATE_EPOCH").ok()?.trim().parse().ok()?;
    chrono::DateTime::from_timestamp(secs, 0).map(|t| t.date_naive())
}

/// The document date: the data's `datum`, else `SOURCE_DATE_EPOCH`, else none
/// (never the clock, so builds are reproducible).
pub fn document_date(meta: &DocumentMeta) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(&meta.date, "%Y-%m-%d").ok().or_else(source_date)
}
