//! Item limits per document kind (see [`crate::limits`]), checked before
//! anything else is validated: a document over a limit is refused with that
//! alone, at once, instead of being checked item by item and then typeset
//! for minutes. Text length is checked per field in `Validator::checked_text`.

use crate::diag::{Diagnostic, Diagnostics, Origin};
use crate::limits::{MAX_CHAPTERS, MAX_DEPARTMENTS, MAX_INDICATORS, MAX_INITIATIVES, MAX_PHASES, MAX_SLIDES, count};
use crate::kinds::bildspel::load::RawDeck;
use crate::kinds::delarsrapport::load::RawReport;
use crate::kinds::uppfoljning::load::RawFollowUp;
use crate::load::{RawDocument, RawSection};

/// Sections at every level.
fn sections(s: &[RawSection]) -> usize {
    s.iter().map(|s| 1 + sections(&s.sections)).sum()
}

/// `n` items against `max`: an error at the document when over.
fn check(diags: &mut Diagnostics, source: &std::path::Path, n: usize, max: usize, what: [&str; 2], hint: &str) {
    if n > max {
        let [document, items] = what;
        diags.push(
            Diagnostic::error(
                format!("{document} har {} {items}; gränsen är {}", count(n as u64), count(max as u64)),
                Some(Origin::File(source.to_path_buf())),
            )
            .with_hint(hint.to_string()),
        );
    }
}

/// Chapters and sections of the common part (all kinds have one).
fn chapters(diags: &mut Diagnostics, common: &RawDocument, document: &str) {
    // Departments' own chapters count as departments (plans limit those below).
    let n = sections(&common.chapters) + common.departments.iter().map(|d| sections(&d.sections)).sum::<usize>();
    check(
        diags,
        &common.source,
        n,
        MAX_CHAPTERS,
        [document, "kapitel och avsnitt"],
        "samla texten i färre, längre kapitel, eller dela upp dokumentet",
    );
    check(
        diags,
        &common.source,
        common.phases.as_ref().map_or(0, Vec::len),
        MAX_PHASES,
        [document, "faser"],
        "en fasmodell har några få faser (till exempel Attrahera, Rekrytera, Utveckla, Behålla, Avveckla)",
    );
}

/// # Errors
/// Each limit passed.
pub(crate) fn plan(raw: &RawDocument) -> Result<(), Diagnostics> {
    let mut diags = Diagnostics::default();
    chapters(&mut diags, raw, "planen");
    check(
        &mut diags,
        &raw.source,
        raw.departments.len(),
        MAX_DEPARTMENTS,
        ["planen", "avdelningar"],
        "dela upp planen, till exempel en plan per förvaltning, eller slå ihop små avdelningar",
    );
    if diags.has_errors() { Err(diags) } else { Ok(()) }
}

/// # Errors
/// Each limit passed.
pub(crate) fn followup(raw: &RawFollowUp) -> Result<(), Diagnostics> {
    let mut diags = Diagnostics::default();
    chapters(&mut diags, &raw.common, "uppföljningen");
    check(
        &mut diags,
        &raw.common.source,
        raw.assignments.len(),
        super::MAX_ROWS,
        ["uppföljningen", "uppdrag"],
        "dela upp uppföljningen, till exempel en per förvaltning",
    );
    check(
        &mut diags,
        &raw.common.source,
        raw.units.len(),
        MAX_DEPARTMENTS,
        ["uppföljningen", "enheter"],
        "dela upp uppföljningen, till exempel en per förvaltning",
    );
    check(
        &mut diags,
        &raw.common.source,
        raw.indicators.len(),
        MAX_INDICATORS,
        ["uppföljningen", "indikatorer"],
        "följ upp färre indikatorer, eller dela upp uppföljningen",
    );
    check(
        &mut diags,
        &raw.common.source,
        raw.indicators.iter().map(|i| i.indicator.years.len()).sum(),
        super::MAX_ROWS,
        ["uppföljningen", "mål- och resultatrader"],
        "följ upp färre år per indikator, eller dela upp uppföljningen",
    );
    if diags.has_errors() { Err(diags) } else { Ok(()) }
}

/// # Errors
/// Each limit passed.
pub(crate) fn report(raw: &RawReport) -> Result<(), Diagnostics> {
    let mut diags = Diagnostics::default();
    let source = &raw.common.source;
    chapters(&mut diags, &raw.common, "rapporten");
    check(
        &mut diags,
        source,
        raw.initiatives.len(),
        MAX_INITIATIVES,
        ["rapporten", "insatser"],
        "dela upp rapporten, till exempel en per strategi eller förvaltning",
    );
    check(
        &mut diags,
        source,
        raw.phase_texts.len(),
        MAX_PHASES,
        ["rapporten", "fastexter"],
        "skriv en fastext per fas ([[fastext]] med fas och text)",
    );
    let indicators: usize = raw.initiatives.iter().map(|i| i.indicators.len()).sum();
    check(
        &mut diags,
        source,
        indicators,
        MAX_INDICATORS,
        ["rapporten", "indikatorer"],
        "följ upp färre indikatorer per insats, eller dela upp rapporten",
    );
    let years: usize = raw.initiatives.iter().flat_map(|i| &i.indicators).map(|i| i.years.len()).sum();
    check(
        &mut diags,
        source,
        years,
        super::MAX_ROWS,
        ["rapporten", "mål- och resultatrader"],
        "följ upp färre år per indikator, eller dela upp rapporten",
    );
    if diags.has_errors() { Err(diags) } else { Ok(()) }
}

/// # Errors
/// Each limit passed.
pub(crate) fn deck(raw: &RawDeck) -> Result<(), Diagnostics> {
    let mut diags = Diagnostics::default();
    let source = &raw.common.source;
    check(&mut diags, source, raw.slides.len(), MAX_SLIDES, ["bildspelet", "bilder"], "dela upp bildspelet i flera");
    let elements: usize = raw.slides.iter().map(|s| s.elements.len()).sum();
    check(
        &mut diags,
        source,
        elements,
        MAX_SLIDES * 20,
        ["bildspelet", "innehållsdelar (punkter, stycken, tal …)"],
        "fördela innehållet på färre bilder, eller dela upp bildspelet",
    );
    if diags.has_errors() { Err(diags) } else { Ok(()) }
}
