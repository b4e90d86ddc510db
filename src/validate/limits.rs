//! Item limits (see [`crate::limits`]) as each kind checks them before
//! anything else is validated: a document over a limit is refused with that
//! alone, at once, instead of being checked item by item and then typeset
//! for minutes. Text length is checked per field in `Validator::checked_text`.

use crate::diag::{Diagnostic, Diagnostics, Origin};
use crate::limits::{MAX_CHAPTERS, MAX_PHASES, count};
use crate::load::{RawDocument, RawSection};

/// Sections at every level.
pub(crate) fn sections(s: &[RawSection]) -> usize {
    s.iter().map(|s| 1 + sections(&s.sections)).sum()
}

/// `n` items against `max`: an error at the document when over.
pub(crate) fn check(
    diags: &mut Diagnostics,
    source: &std::path::Path,
    n: usize,
    max: usize,
    what: [&str; 2],
    hint: &str,
) {
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
pub(crate) fn chapters(diags: &mut Diagnostics, common: &RawDocument, document: &str) {
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
