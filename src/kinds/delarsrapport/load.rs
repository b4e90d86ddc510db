//! Reading an interim report on a strategy (delårsrapport) from TOML:
//! initiatives per phase with their texts and target indicators.

use toml::de::{DeTable, DeValue};

use std::path::Path;

use crate::diag::{Diagnostic, Diagnostics, Loc, Origin};
use crate::load::RawStatusWord;
use crate::load::sheet::{Grid, cell, normalise, parse_number, read_document_sheet, read_text_sheet, unread_columns};
use crate::load::toml::Walker;
use crate::load::{RawDocument, Scalar};

pub use crate::load::indicator::{RawIndicator, RawValue, RawYear};

#[derive(Debug, Clone, PartialEq)]
pub struct RawInitiative {
    pub at: crate::diag::Origin,
    pub phase: Option<Loc<String>>,
    pub name: Option<Loc<String>>,
    pub status: Option<Loc<String>>,
    pub purpose: Option<Loc<String>>,
    pub done: Option<Loc<String>>,
    pub ongoing: Option<Loc<String>>,
    pub planned: Option<Loc<String>>,
    pub comment: Option<Loc<String>>,
    pub text: Option<Loc<String>>,
    pub indicators: Vec<RawIndicator>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RawReport {
    /// Metadata (with `rapport`, `ar`), phases and chapters, read as for a plan.
    pub common: RawDocument,
    pub statuses: Vec<RawStatusWord>,
    pub achieved: Option<Loc<f64>>,
    pub partly: Option<Loc<f64>>,
    /// Sentences for phases (`[[fastext]]`), e.g. "Planerade aktiviteter aktuellt först 2024."
    pub phase_texts: Vec<(Loc<String>, Loc<String>)>,
    pub initiatives: Vec<RawInitiative>,
}

pub(crate) const TOP_KEYS: [&str; 7] = ["dokument", "faser", "kapitel", "bedomning", "status", "fastext", "insats"];
const INITIATIVE_KEYS: [&str; 10] =
    ["fas", "namn", "status", "syfte", "genomfort", "pagaende", "planerat", "kommentar", "text", "mal"];

fn table_of<'t, 'a>(v: &'t toml::Spanned<DeValue<'a>>) -> &'t DeTable<'a> {
    let DeValue::Table(t) = v.get_ref() else { unreachable!("tables() returns tables only") };
    t
}

impl Walker {
    /// A number: an integer, a decimal, or text holding one ("1,5").
    pub(crate) fn number(&mut self, table: &DeTable<'_>, key: &str) -> Option<Loc<f64>> {
        let v = Self::get(table, key)?;
        let at = self.at(v);
        let parsed = match v.get_ref() {
            DeValue::Integer(i) => parse_number(i.as_str()),
            DeValue::Float(f) => parse_number(f.as_str()),
            DeValue::String(s) => parse_number(s),
            _ => {
                self.wrong_type(v, key, "ett tal");
                return None;
            }
        };
        if parsed.is_none() {
            self.diags.push(
                Diagnostic::error(format!("\"{key}\" ska vara ett tal"), Some(at.clone()))
                    .with_hint("skriv till exempel 8, 1,5 eller 193"),
            );
        }
        parsed.map(|n| Loc::new(n, at))
    }

    /// Walks an interim report; `common` already holds metadata, phases and chapters.
    pub(crate) fn report(&mut self, doc: &DeTable<'_>, common: RawDocument) -> RawReport {
        let mut r = RawReport {
            common,
            statuses: self.status_words(doc),
            achieved: None,
            partly: None,
            phase_texts: Vec::new(),
            initiatives: Vec::new(),
        };
        (r.achieved, r.partly) = self.thresholds(doc);
        for v in self.tables(doc, "fastext") {
            let t = table_of(v);
            self.check_keys(t, &["fas", "text"], "[[fastext]]");
            if let (Some(phase), Some(text)) = (self.string(t, "fas"), self.string(t, "text")) {
                r.phase_texts.push((phase, text));
            }
        }
        for v in self.tables(doc, "insats") {
            let t = table_of(v);
            self.check_keys(t, &INITIATIVE_KEYS, "[[insats]]");
            let mut i = RawInitiative {
                at: self.at(v),
                phase: self.string(t, "fas"),
                name: self.string(t, "namn"),
                status: self.string(t, "status"),
                purpose: self.string(t, "syfte"),
                done: self.string(t, "genomfort"),
                ongoing: self.string(t, "pagaende"),
                planned: self.string(t, "planerat"),
                comment: self.string(t, "kommentar"),
                text: self.string(t, "text"),
                indicators: Vec::new(),
            };
            for m in self.tables(t, "mal") {
                i.indicators.push(self.indicator(m, "insats.mal"));
            }
            r.initiatives.push(i);
        }
        r
    }

    /// `[[status]]`: an organisation's status words (shared by the kinds
    /// that have statuses).
    pub(crate) fn status_words(&mut self, doc: &DeTable<'_>) -> Vec<RawStatusWord> {
        let mut out = Vec::new();
        for s in self.tables(doc, "status") {
            let t = table_of(s);
            self.check_keys(t, &["namn", "betyder", "farg", "synonymer"], "[[status]]");
            out.push(RawStatusWord {
                at: self.at(s),
                word: self.string(t, "namn"),
                kind: self.string(t, "betyder"),
                colour: self.string(t, "farg"),
                synonyms: self.string_list(t, "synonymer"),
            });
        }
        out
    }
}

/// Whether a workbook holds an interim report: its Dokument sheet says so,
/// or it has an "Insatser" sheet.
pub(crate) fn is_report_book(grids: &[Grid]) -> bool {
    match crate::load::sheet::declared_kind(grids) {
        Some(kind) => normalise(&kind).starts_with("del"),
        None => grids.iter().any(|g| normalise(&g.sheet) == "insatser"),
    }
}

/// Reads an interim report from a workbook: *Insatser* (Fas, Insats,
/// Status, Syfte, Genomfört, Pågående, Planerat, Kommentar, Övrigt; a row
/// with only Fas and Övrigt is the phase's sentence), *Mål* (Insats,
/// Indikator, Enhet, År, Utgångsläge år, Utgångsläge, Ökning %, Mål,
/// Mål som skrivet, Resultat, Resultat som skrivet), *Dokument*, *Text*,
/// *Statusord*, *Faser*. Problems come back beside what could be read.
pub(crate) fn from_grids(path: &Path, grids: &[Grid], mut diags: Diagnostics) -> (RawReport, Diagnostics) {
    let common = RawDocument::empty(path);
    let mut r = RawReport {
        common,
        statuses: Vec::new(),
        achieved: None,
        partly: None,
        phase_texts: Vec::new(),
        initiatives: Vec::new(),
    };
    let mut targets: Option<&Grid> = None;
    let mut phase_sheet = None;
    for grid in grids {
        match normalise(&grid.sheet).as_str() {
            "dokument" => read_document_sheet(grid, &mut r.common, crate::kinds::meta_keys(), &mut diags),
            crate::load::sheet::PHASE_SHEET => phase_sheet = Some(crate::load::sheet::read_phase_sheet(grid)),
            "text" => r.common.chapters.extend(read_text_sheet(grid, &mut diags).into_iter().map(|(_, s)| s)),
            "statusord" => crate::load::sheet::read_vocabulary_sheet(grid, &mut r.statuses, &mut diags),
            "insatser" => read_initiatives(grid, &mut r, &mut diags),
            "mål" => targets = Some(grid),
            _ => {}
        }
    }
    // A Faser sheet (the template's, one phase per row) wins over a Faser
    // row in Dokument, as for plans.
    if let Some(phases) = phase_sheet.filter(|p| !p.is_empty()) {
        r.common.phases = Some(phases);
    }
    if let Some(grid) = targets {
        read_targets(path, grid, &mut r, &mut diags);
    }
    // Thresholds written in the Dokument sheet ("Uppnått från %").
    (r.achieved, r.partly) = crate::load::indicator::thresholds_from_meta(&r.common, &mut diags);
    if r.initiatives.is_empty() && !diags.has_errors() {
        diags.push(
            Diagnostic::error("arbetsboken har inget blad Insatser med insatser", Some(Origin::File(path.to_path_buf())))
                .with_hint("bladet Insatser har rubrikraden Fas | Insats | Status | Syfte | Genomfört | Pågående | Planerat | Kommentar"),
        );
    }
    (r, diags)
}

fn read_initiatives(grid: &Grid, r: &mut RawReport, diags: &mut Diagnostics) {
    let Some(header) = grid.header_row(&["fas", "insats"]) else {
        diags.push(Diagnostic::error(
            "bladet Insatser saknar rubrikraden Fas | Insats | Status | …",
            Some(grid.sheet_origin()),
        ));
        return;
    };
    let note = "en anteckning av ditt eget slag skrivs i Kommentar eller Övrigt";
    unread_columns(grid, header.row, &crate::kinds::delarsrapport::workbook::INITIATIVE_COLUMNS, note, diags);
    let col = |name: &str| header.col(name);
    for row in header.row + 1..grid.rows.len() {
        if grid.filled(row).is_empty() {
            continue;
        }
        let get = |name: &str| cell(grid, row, col(name));
        let name = get("insats");
        if name.is_none()
            && let (Some(phase), Some(text)) = (get("fas"), get("övrigt"))
        {
            r.phase_texts.push((phase, text));
            continue;
        }
        r.initiatives.push(RawInitiative {
            at: grid.origin(row, col("insats").unwrap_or(0)),
            phase: get("fas"),
            name,
            status: get("status"),
            purpose: get("syfte"),
            done: get("genomfört"),
            ongoing: get("pågående"),
            planned: get("planerat"),
            comment: get("kommentar"),
            text: get("övrigt"),
            indicators: Vec::new(),
        });
    }
}

/// Reads the Mål sheet (the shared indicator sheet, owned by initiatives).
fn read_targets(path: &Path, grid: &Grid, r: &mut RawReport, diags: &mut Diagnostics) {
    let key = |s: &str| s.trim().to_lowercase();
    // Initiatives by name (the first of each name).
    let mut by_name: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for (i, ini) in r.initiatives.iter().enumerate() {
        if let Some(n) = &ini.name {
            by_name.entry(key(&n.value)).or_insert(i);
        }
    }
    let mut known = |owners: &[Option<Loc<String>>]| {
        let initiative = owners.first()?.as_ref()?;
        (!by_name.contains_key(&key(&initiative.value))).then(|| {
            Diagnostic::error(
                format!("insatsen \"{}\" finns inte i bladet Insatser", initiative.value),
                Some(initiative.at.clone()),
            )
            .with_hint("skriv insatsens namn exakt som i bladet Insatser")
        })
    };
    let found = crate::load::indicator::read_sheet(path, grid, &super::workbook::INDICATOR_SHEET, &mut known, diags);
    for s in found {
        let Some(Some(owner)) = s.owners.first() else { continue };
        if let Some(&i) = by_name.get(&key(&owner.value)) {
            r.initiatives[i].indicators.push(s.indicator);
        }
    }
}

/// The report's year from metadata (`ar`), as a number.
pub fn year_of(common: &RawDocument) -> Option<Loc<f64>> {
    let l = common.meta("ar")?;
    let text = match &l.value {
        Scalar::Text(t) => t.clone(),
        other => other.to_text(),
    };
    parse_number(&text).map(|n| Loc::new(n, l.at.clone()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_read_the_swedish_way() {
        assert_eq!(parse_number("1 200"), Some(1200.0));
        assert_eq!(parse_number("1,5"), Some(1.5));
        assert_eq!(parse_number("15 %"), Some(15.0));
        assert_eq!(parse_number("97\u{a0}100"), Some(97100.0));
        assert_eq!(parse_number("ej fastställt"), None);
    }
}
