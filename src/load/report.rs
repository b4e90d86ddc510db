//! Reading an interim report on a strategy (delårsrapport) from TOML:
//! initiatives per phase with their texts and target indicators.

use toml::de::{DeTable, DeValue};

use std::collections::HashSet;

type Cells = HashSet<(usize, usize)>;
use std::path::Path;

use super::followup::{RawStatusWord, cell};
use super::indicator::value_cell;
use super::sheet::{Cell, Grid, normalise, read_document_sheet, read_text_sheet};
use super::toml::Walker;
use super::{RawPlan, Scalar};
use crate::diag::{Diagnostic, Diagnostics, Loc, Origin};

pub use super::indicator::{RawIndicator, RawValue, RawYear};

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
    pub common: RawPlan,
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
const INDICATOR_KEYS: [&str; 7] = ["indikator", "enhet", "riktning", "utgangslage_ar", "utgangslage", "text", "ar"];
const YEAR_KEYS: [&str; 7] = ["ar", "mal", "okning", "maltext", "resultat", "resultattext", "bedomning"];
const THRESHOLD_KEYS: [&str; 2] = ["uppnatt", "delvis"];

fn table_of<'t, 'a>(v: &'t toml::Spanned<DeValue<'a>>) -> &'t DeTable<'a> {
    let DeValue::Table(t) = v.get_ref() else { unreachable!("tables() returns tables only") };
    t
}

/// A number as written in a cell or a string: "1 200", "1,5", "15 %".
pub fn parse_number(s: &str) -> Option<f64> {
    let cleaned: String = s
        .trim()
        .trim_end_matches('%')
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{a0}' && *c != '_')
        .map(|c| if c == ',' { '.' } else { c })
        .collect();
    if cleaned.is_empty() {
        return None;
    }
    cleaned.parse::<f64>().ok().filter(|n| n.is_finite())
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
    pub(crate) fn report(&mut self, doc: &DeTable<'_>, common: RawPlan) -> RawReport {
        let mut r = RawReport {
            common,
            statuses: self.status_words(doc),
            achieved: None,
            partly: None,
            phase_texts: Vec::new(),
            initiatives: Vec::new(),
        };
        if let Some(t) = self.table(doc, "bedomning") {
            self.check_keys(t, &THRESHOLD_KEYS, "[bedomning]");
            r.achieved = self.number(t, "uppnatt");
            r.partly = self.number(t, "delvis");
        }
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
                i.indicators.push(self.indicator(m));
            }
            r.initiatives.push(i);
        }
        r
    }

    fn indicator(&mut self, v: &toml::Spanned<DeValue<'_>>) -> RawIndicator {
        let t = table_of(v);
        self.check_keys(t, &INDICATOR_KEYS, "[[insats.mal]]");
        let mut ind = RawIndicator {
            at: self.at(v),
            name: self.string(t, "indikator"),
            unit: self.string(t, "enhet"),
            direction: self.string(t, "riktning"),
            baseline_year: self.number(t, "utgangslage_ar"),
            baseline: self.number(t, "utgangslage"),
            text: self.string(t, "text"),
            years: Vec::new(),
        };
        for y in self.tables(t, "ar") {
            let yt = table_of(y);
            self.check_keys(yt, &YEAR_KEYS, "[[insats.mal.ar]]");
            ind.years.push(RawYear {
                at: self.at(y),
                year: self.number(yt, "ar"),
                target: self.target_value(yt, "mal"),
                increase: self.number(yt, "okning"),
                target_text: self.string(yt, "maltext"),
                result: self.target_value(yt, "resultat"),
                result_text: self.string(yt, "resultattext"),
                verdict: self.string(yt, "bedomning"),
            });
        }
        ind
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
    match super::followup::declared_kind(grids) {
        Some(kind) => normalise(&kind).starts_with("del"),
        None => grids.iter().any(|g| normalise(&g.sheet) == "insatser"),
    }
}

/// Where words written in the number columns belong.
const BASELINE_WORDS: &str = "en förklaring skrivs i kolumnen Indikatortext";
const INCREASE_WORDS: &str = "ett mål med ord skrivs i kolumnen Mål eller Mål, som skrivet";

/// A number cell; words there are an error whose hint names `words`, the
/// column where they belong.
fn number_cell(grid: &Grid, r: usize, c: Option<usize>, words: &str, diags: &mut Diagnostics) -> Option<Loc<f64>> {
    let c = c?;
    let at = grid.origin(r, c);
    match grid.cell(r, c)? {
        Cell::Number(n) => Some(Loc::new(*n, at)),
        Cell::Error(e) => {
            diags.push(
                Diagnostic::error(format!("cellen innehåller felvärdet {e}"), Some(at))
                    .with_hint("rätta formeln eller skriv in värdet"),
            );
            None
        }
        other => {
            let text = other.text();
            let n = parse_number(&text);
            if n.is_none() && !text.trim().is_empty() {
                diags.push(
                    Diagnostic::error(format!("\"{}\" är inget tal", text.trim()), Some(at.clone()))
                        .with_hint(format!("skriv bara talet, till exempel 8 eller 1,5; {words}")),
                );
            }
            n.map(|n| Loc::new(n, at))
        }
    }
}

/// Reads an interim report from a workbook: *Insatser* (Fas, Insats,
/// Status, Syfte, Genomfört, Pågående, Planerat, Kommentar, Övrigt; a row
/// with only Fas and Övrigt is the phase's sentence), *Mål* (Insats,
/// Indikator, Enhet, År, Utgångsläge år, Utgångsläge, Ökning %, Mål,
/// Mål som skrivet, Resultat, Resultat som skrivet), *Dokument*, *Text*,
/// *Statusord*. Problems come back beside what could be read.
pub(crate) fn from_grids(path: &Path, grids: &[Grid], mut diags: Diagnostics) -> (RawReport, Diagnostics) {
    let common = RawPlan {
        source: path.to_path_buf(),
        meta: Vec::new(),
        phases: None,
        chapters: Vec::new(),
        departments: Vec::new(),
        folder: None,
    };
    let mut r = RawReport {
        common,
        statuses: Vec::new(),
        achieved: None,
        partly: None,
        phase_texts: Vec::new(),
        initiatives: Vec::new(),
    };
    let mut targets: Option<&Grid> = None;
    for grid in grids {
        match normalise(&grid.sheet).as_str() {
            "dokument" => read_document_sheet(grid, &mut r.common, &mut diags),
            "text" => r.common.chapters.extend(read_text_sheet(grid, &mut diags).into_iter().map(|(_, s)| s)),
            "statusord" => super::followup::read_vocabulary_sheet(grid, &mut r.statuses, &mut diags),
            "insatser" => read_initiatives(grid, &mut r, &mut diags),
            "mål" => targets = Some(grid),
            _ => {}
        }
    }
    if let Some(grid) = targets {
        let percent = super::indicator::percent_cells(path, &grid.sheet);
        let formulas = super::indicator::formula_cells(path, &grid.sheet);
        read_targets(grid, (&percent, &formulas), &mut r, &mut diags);
    }
    // Thresholds written in the Dokument sheet ("Uppnått från %").
    for (key, slot) in [("bedomning_uppnatt", &mut r.achieved), ("bedomning_delvis", &mut r.partly)] {
        if let Some(l) = r.common.meta(key) {
            let text = l.value.to_text();
            match parse_number(&text) {
                Some(n) => *slot = Some(Loc::new(n, l.at.clone())),
                None => diags.push(
                    Diagnostic::error(format!("\"{}\" är inget tal", text.trim()), Some(l.at.clone()))
                        .with_hint("skriv gränsen i procent, till exempel 100 eller 90"),
                ),
            }
        }
    }
    if r.initiatives.is_empty() && !diags.has_errors() {
        diags.push(
            Diagnostic::error("arbetsboken har inget blad Insatser med insatser", Some(Origin::File(path.to_path_buf())))
                .with_hint("bladet Insatser har rubrikraden Fas | Insats | Status | Syfte | Genomfört | Pågående | Planerat | Kommentar"),
        );
    }
    (r, diags)
}

/// Warns, once per sheet, about header cells of a column the sheet has no
/// place for (a column a user added): `known` are the sheet's columns as the
/// committee workbook writes them, `note` where a note of one's own belongs.
fn unread_columns(grid: &Grid, header_row: usize, known: &[(&str, f64)], note: &str, diags: &mut Diagnostics) {
    let unread: Vec<(usize, String)> = grid
        .filled(header_row)
        .into_iter()
        .filter(|&c| {
            let h = normalise(&grid.text(header_row, c).unwrap_or_default());
            !known.iter().any(|(k, _)| normalise(k) == h)
        })
        .map(|c| (c, super::sheet::column_label(grid, header_row, c)))
        .collect();
    let Some((first, _)) = unread.first() else { return };
    let names: Vec<String> = unread.iter().map(|(_, h)| format!("\"{h}\"")).collect();
    diags.push(
        Diagnostic::warning(
            format!(
                "{} {} läses inte: bladet {} har ingen plats för {}",
                if unread.len() == 1 { "kolumnen" } else { "kolumnerna" },
                names.join(", "),
                grid.sheet,
                if unread.len() == 1 { "den" } else { "dem" }
            ),
            Some(grid.origin(header_row, *first)),
        )
        .with_hint(format!("kända kolumner: {}; {note}", known.iter().map(|(k, _)| *k).collect::<Vec<_>>().join(", "))),
    );
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
    unread_columns(grid, header.row, &crate::export::report::INITIATIVE_COLUMNS, note, diags);
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

/// Reads the Mål sheet; `cells` are its percent cells and its formula cells.
fn read_targets(grid: &Grid, cells: (&Cells, &Cells), r: &mut RawReport, diags: &mut Diagnostics) {
    let (percent, formulas) = cells;
    let Some(header) = grid.header_row(&["insats", "indikator", "år"]) else {
        diags.push(Diagnostic::error(
            "bladet Mål saknar rubrikraden Insats | Indikator | Enhet | År | …",
            Some(grid.sheet_origin()),
        ));
        return;
    };
    let note = "tidigare års resultat skrivs som egna rader (ett år per rad), en kommentar i Indikatortext";
    unread_columns(grid, header.row, &crate::export::report::TARGET_COLUMNS, note, diags);
    let col = |name: &str| header.col(name);
    // A person's own verdict: "Egen bedömning" in the committee workbook
    // (where Bedömning is the formula), else "Bedömning".
    let verdict_col = if col("egen bedömning").is_some() { "egen bedömning" } else { "bedömning" };
    // Initiatives and their indicators by name (the first of each name), so
    // that a sheet of many rows is read in linear time.
    let key = |s: &str| s.trim().to_lowercase();
    let mut by_name: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for (i, ini) in r.initiatives.iter().enumerate() {
        if let Some(n) = &ini.name {
            by_name.entry(key(&n.value)).or_insert(i);
        }
    }
    let mut indicators: std::collections::HashMap<(usize, Option<String>), usize> = std::collections::HashMap::new();
    for row in header.row + 1..grid.rows.len() {
        if grid.filled(row).is_empty() {
            continue;
        }
        let get = |name: &str| cell(grid, row, col(name));
        let Some(initiative) = get("insats") else {
            diags.push(Diagnostic::error("raden saknar insats", Some(grid.origin(row, col("insats").unwrap_or(0)))));
            continue;
        };
        let Some((index, ini)) = by_name.get(&key(&initiative.value)).map(|&i| (i, &mut r.initiatives[i])) else {
            diags.push(
                Diagnostic::error(
                    format!("insatsen \"{}\" finns inte i bladet Insatser", initiative.value),
                    Some(initiative.at),
                )
                .with_hint("skriv insatsens namn exakt som i bladet Insatser"),
            );
            continue;
        };
        let name = get("indikator");
        let name_key = (index, name.as_ref().map(|n| key(&n.value)));
        let pos = *indicators.entry(name_key).or_insert_with(|| {
            ini.indicators.push(RawIndicator {
                at: grid.origin(row, col("indikator").unwrap_or(0)),
                name: name.clone(),
                unit: get("enhet"),
                direction: get("riktning"),
                baseline_year: number_cell(grid, row, col("utgångsläge år"), "året med fyra siffror", diags),
                baseline: number_cell(grid, row, col("utgångsläge"), BASELINE_WORDS, diags),
                text: get("indikatortext"),
                years: Vec::new(),
            });
            ini.indicators.len() - 1
        });
        // Every row of an indicator has its unit; a different one is a mistake.
        if let (Some(unit), Some(first)) = (get("enhet"), ini.indicators[pos].unit.as_ref())
            && unit.value.trim() != first.value.trim()
        {
            diags.push(
                Diagnostic::error(
                    format!("enheten \"{}\" skiljer sig från indikatorns enhet \"{}\"", unit.value, first.value),
                    Some(unit.at),
                )
                .with_hint(format!("indikatorns enhet anges vid {}; mål och resultat ska ha samma enhet", first.at)),
            );
        }
        // A row for an indicator without years (its text only).
        // Every row of an indicator may name its direction; a different one is a mistake.
        if let (Some(dir), Some(first)) = (get("riktning"), ini.indicators[pos].direction.as_ref()) {
            if dir.value.trim().to_lowercase() != first.value.trim().to_lowercase() {
                diags.push(
                    Diagnostic::error(
                        format!(
                            "riktningen \"{}\" skiljer sig från indikatorns riktning \"{}\"",
                            dir.value, first.value
                        ),
                        Some(dir.at),
                    )
                    .with_hint(format!("indikatorns riktning anges vid {}; skriv samma på alla rader", first.at)),
                );
            }
        } else if let Some(dir) = get("riktning") {
            ini.indicators[pos].direction = Some(dir);
        }
        let values = ["år", "ökning %", "mål", "mål, som skrivet", "resultat", "resultat, som skrivet", verdict_col];
        if values.iter().all(|v| col(v).is_none_or(|c| grid.text(row, c).is_none())) {
            continue;
        }
        let increase = number_cell(grid, row, col("ökning %"), INCREASE_WORDS, diags);
        // A target computed from the baseline is written as a formula; its
        // increase is the value that counts.
        let target = value_cell(grid, row, col("mål"), percent, diags).filter(|_| increase.is_none());
        let year = RawYear {
            at: grid.origin(row, col("år").unwrap_or(0)),
            year: number_cell(grid, row, col("år"), "året med fyra siffror, till exempel 2024", diags),
            target,
            increase,
            target_text: get("mål, som skrivet"),
            result: value_cell(grid, row, col("resultat"), percent, diags),
            result_text: get("resultat, som skrivet"),
            // A formula's verdict is the workbook's own, computed again here.
            verdict: get(verdict_col).filter(|_| col(verdict_col).is_none_or(|c| !formulas.contains(&(row, c)))),
        };
        ini.indicators[pos].years.push(year);
    }
}

/// The report's year from metadata (`ar`), as a number.
pub fn year_of(common: &RawPlan) -> Option<Loc<f64>> {
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
