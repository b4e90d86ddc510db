//! Reading indicators, shared by the kinds that have them: a target or a
//! result is a number or text in TOML and in a cell, and a number in an
//! Excel percent cell is a percentage (Excel stores a typed "72,9 %" as
//! 0,729). The words are understood later, in `validate::indicator`.

use std::collections::HashSet;
use std::path::Path;

use toml::de::{DeTable, DeValue};

use super::sheet::{Cell, Grid, normalise};
use super::toml::Walker;
use crate::diag::{Diagnostic, Diagnostics, Loc, Origin};
use crate::load::sheet::cell;

/// The keys of an indicator table (`[[insats.mal]]`, `[[…namndmal.indikator]]`).
pub(crate) const INDICATOR_KEYS: [&str; 7] =
    ["indikator", "enhet", "riktning", "utgangslage_ar", "utgangslage", "text", "ar"];
/// The keys of one of its periods (`[[insats.mal.ar]]`).
pub(crate) const YEAR_KEYS: [&str; 7] = ["ar", "mal", "okning", "maltext", "resultat", "resultattext", "bedomning"];
const THRESHOLD_KEYS: [&str; 2] = ["uppnatt", "delvis"];

/// Where a kind keeps its indicators in a workbook: the sheet, the columns
/// naming what an indicator belongs to (the last one required, the others
/// continuing from the row above when blank) and the word for that owner
/// in messages. The reader and the writer share it.
pub(crate) struct SheetLayout {
    pub sheet: &'static str,
    pub owners: &'static [&'static str],
    /// "insats", "nämndmål": in "raden saknar …".
    pub noun: &'static str,
    /// The last column, the owner's description, if the kind has one.
    pub description: Option<&'static str>,
}

/// A target or result as written.
#[derive(Debug, Clone, PartialEq)]
pub enum RawValue {
    /// A plain number.
    Number(f64),
    /// A number from an Excel percent cell, as a percentage (0,729 → 72,9).
    Percent(f64),
    /// Text: "Minst 55 %", "12,8 (15,8*)", "Statistik saknas".
    Text(String),
}

/// One year (period) of an indicator as read.
#[derive(Debug, Clone, PartialEq)]
pub struct RawYear {
    pub at: Origin,
    pub year: Option<Loc<f64>>,
    /// `mal`, the Mål cell: a number or the target in words.
    pub target: Option<Loc<RawValue>>,
    pub increase: Option<Loc<f64>>,
    /// `maltext`: how the target is printed, when given.
    pub target_text: Option<Loc<String>>,
    /// `resultat`, the Resultat cell.
    pub result: Option<Loc<RawValue>>,
    pub result_text: Option<Loc<String>>,
    /// A person's own verdict (`bedomning`, column Bedömning).
    pub verdict: Option<Loc<String>>,
}

/// An indicator as read.
#[derive(Debug, Clone, PartialEq)]
pub struct RawIndicator {
    pub at: Origin,
    pub name: Option<Loc<String>>,
    pub unit: Option<Loc<String>>,
    /// `riktning`, the column Riktning: "lägre" or "högre".
    pub direction: Option<Loc<String>>,
    pub baseline_year: Option<Loc<f64>>,
    pub baseline: Option<Loc<f64>>,
    pub text: Option<Loc<String>>,
    pub years: Vec<RawYear>,
}

impl Walker {
    /// An indicator table and its periods; `path` is where it sits
    /// ("insats.mal"), for messages about unknown keys.
    pub(crate) fn indicator(&mut self, v: &toml::Spanned<DeValue<'_>>, path: &str) -> RawIndicator {
        let DeValue::Table(t) = v.get_ref() else { unreachable!("tables() returns tables only") };
        self.check_keys(t, &INDICATOR_KEYS, &format!("[[{path}]]"));
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
            let DeValue::Table(yt) = y.get_ref() else { unreachable!("tables() returns tables only") };
            self.check_keys(yt, &YEAR_KEYS, &format!("[[{path}.ar]]"));
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

    /// `[bedomning]`: the thresholds in per cent (uppnått, delvis uppnått).
    pub(crate) fn thresholds(&mut self, doc: &DeTable<'_>) -> (Option<Loc<f64>>, Option<Loc<f64>>) {
        let Some(t) = self.table(doc, "bedomning") else { return (None, None) };
        self.check_keys(t, &THRESHOLD_KEYS, "[bedomning]");
        (self.number(t, "uppnatt"), self.number(t, "delvis"))
    }

    /// A number or text (`mal = 8`, `mal = "Minst 55 %"`).
    pub(crate) fn target_value(&mut self, table: &DeTable<'_>, key: &str) -> Option<Loc<RawValue>> {
        let v = Self::get(table, key)?;
        let at = self.at(v);
        let written = match v.get_ref() {
            DeValue::Integer(i) => Some(i.as_str()),
            DeValue::Float(f) => Some(f.as_str()),
            _ => None,
        };
        let value = match v.get_ref() {
            DeValue::Integer(_) | DeValue::Float(_) => {
                let Some(n) = written.and_then(crate::load::sheet::parse_number) else {
                    // nan, inf: never silently no target.
                    self.diags.push(
                        Diagnostic::error(format!("\"{key}\" ska vara ett tal"), Some(at))
                            .with_hint("skriv till exempel 8, 1,5 eller 193"),
                    );
                    return None;
                };
                RawValue::Number(n)
            }
            DeValue::String(s) if s.trim().is_empty() => return None,
            DeValue::String(s) => RawValue::Text(s.to_string()),
            _ => {
                self.wrong_type(v, key, "ett tal eller en text");
                return None;
            }
        };
        Some(Loc::new(value, at))
    }
}

/// A cell as a target or result: a number, a percentage (percent cells), or text.
pub(crate) fn value_cell(
    grid: &Grid,
    r: usize,
    c: Option<usize>,
    percent: &HashSet<(usize, usize)>,
    diags: &mut Diagnostics,
) -> Option<Loc<RawValue>> {
    let c = c?;
    let at = grid.origin(r, c);
    let value = match grid.cell(r, c)? {
        // Rounded so that 0,729 reads as 72,9 and not 72,899999999999991.
        Cell::Number(n) if percent.contains(&(r, c)) => RawValue::Percent((n * 1e12).round() / 1e10),
        Cell::Number(n) => RawValue::Number(*n),
        Cell::Error(e) => {
            diags.push(
                Diagnostic::error(format!("cellen innehåller felvärdet {e}"), Some(at))
                    .with_hint("rätta formeln eller skriv in värdet"),
            );
            return None;
        }
        other => {
            let text = other.text();
            if text.trim().is_empty() {
                return None;
            }
            RawValue::Text(text.trim().to_string())
        }
    };
    Some(Loc::new(value, at))
}

/// The thresholds written in a workbook's Dokument sheet ("Uppnått från %",
/// "Delvis uppnått från %"), read into `meta` as for every kind.
pub(crate) fn thresholds_from_meta(
    common: &super::RawDocument,
    diags: &mut Diagnostics,
) -> (Option<Loc<f64>>, Option<Loc<f64>>) {
    let mut out = (None, None);
    for (key, slot) in [("bedomning_uppnatt", &mut out.0), ("bedomning_delvis", &mut out.1)] {
        if let Some(l) = common.meta(key) {
            let text = l.value.to_text();
            match crate::load::sheet::parse_number(&text) {
                Some(n) => *slot = Some(Loc::new(n, l.at.clone())),
                None => diags.push(
                    Diagnostic::error(format!("\"{}\" är inget tal", text.trim()), Some(l.at.clone()))
                        .with_hint("skriv gränsen i procent, till exempel 100 eller 90"),
                ),
            }
        }
    }
    out
}

/// An indicator read from a sheet, with the cells naming what it belongs to
/// (in the order of [`SheetLayout::owners`]).
pub(crate) struct SheetIndicator {
    pub owners: Vec<Option<Loc<String>>>,
    /// The owner's description ([`SheetLayout::description`]), from its first row that has one.
    pub description: Option<Loc<String>>,
    pub indicator: RawIndicator,
}

/// Where words written in the number columns belong.
const BASELINE_WORDS: &str = "en förklaring skrivs i kolumnen Indikatortext";
const INCREASE_WORDS: &str = "ett mål med ord skrivs i kolumnen Mål eller Mål, som skrivet";
const YEAR_WORDS: &str = "året med fyra siffror, till exempel 2024";

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
            let n = crate::load::sheet::parse_number(&text);
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

/// Checks a row's owner cells: an error for an unknown owner.
pub(crate) type OwnerCheck<'a> = dyn FnMut(&[Option<Loc<String>>]) -> Option<Diagnostic> + 'a;

/// Reads an indicator sheet (the report's *Mål*, the follow-up's
/// *Indikatorer*): one row per indicator and year, grouped by owner and
/// indicator name in order of first appearance. `known` checks a row's
/// owner cells (an error for an unknown owner skips the row).
#[allow(clippy::too_many_lines)]
pub(crate) fn read_sheet(
    path: &Path,
    grid: &Grid,
    layout: &SheetLayout,
    known: &mut OwnerCheck<'_>,
    diags: &mut Diagnostics,
) -> Vec<SheetIndicator> {
    let mut out: Vec<SheetIndicator> = Vec::new();
    let owner_keys: Vec<String> = layout.owners.iter().map(|o| normalise(o)).collect();
    let last_owner = owner_keys.last().map_or("", String::as_str);
    let Some(header) = grid.header_row(&[last_owner, "indikator", "år"]) else {
        diags.push(Diagnostic::error(
            format!(
                "bladet {} saknar rubrikraden {} | Indikator | Enhet | År | …",
                layout.sheet,
                layout.owners.join(" | ")
            ),
            Some(grid.sheet_origin()),
        ));
        return out;
    };
    // Columns a person added are named once (their values are not read).
    let columns: Vec<(&str, f64)> =
        layout.owners.iter().map(|o| (*o, 0.0)).chain(COLUMNS).chain(layout.description.map(|d| (d, 0.0))).collect();
    let note = "tidigare års resultat skrivs som egna rader (ett år per rad), en kommentar i Indikatortext";
    crate::load::sheet::unread_columns(grid, header.row, &columns, note, diags);
    let percent = percent_cells(path, &grid.sheet);
    let formulas = formula_cells(path, &grid.sheet);
    let col = |name: &str| header.col(name);
    // A person's own verdict: "Egen bedömning" in the committee workbook
    // (where Bedömning is the formula), else "Bedömning".
    let verdict_col = if col("egen bedömning").is_some() { "egen bedömning" } else { "bedömning" };
    let key = |s: &str| s.trim().to_lowercase();
    // Indicators by owners and name, so that a sheet of many rows is read in linear time.
    let mut by_key: std::collections::HashMap<(Vec<String>, Option<String>), usize> = std::collections::HashMap::new();
    // The owner cells above, for the columns that continue when blank.
    let mut above: Vec<Option<Loc<String>>> = vec![None; owner_keys.len()];
    for row in header.row + 1..grid.rows.len() {
        if grid.filled(row).is_empty() {
            continue;
        }
        let get = |name: &str| cell(grid, row, col(name));
        let mut owners: Vec<Option<Loc<String>>> = Vec::new();
        for (k, name) in owner_keys.iter().enumerate() {
            let here = get(name);
            let last = k + 1 == owner_keys.len();
            let value = if here.is_none() && !last { above[k].clone() } else { here };
            // A new value in a column resets the levels below it.
            if value.as_ref().map(|l| &l.value) != above[k].as_ref().map(|l| &l.value) {
                for a in above.iter_mut().skip(k + 1) {
                    *a = None;
                }
            }
            above[k].clone_from(&value);
            owners.push(value);
        }
        if owners.last().is_some_and(Option::is_none) {
            diags.push(Diagnostic::error(
                format!("raden saknar {}", layout.noun),
                Some(grid.origin(row, col(last_owner).unwrap_or(0))),
            ));
            continue;
        }
        if let Some(d) = known(&owners) {
            diags.push(d);
            continue;
        }
        let name = get("indikator");
        let owner_key: Vec<String> =
            owners.iter().map(|o| o.as_ref().map_or(String::new(), |l| key(&l.value))).collect();
        let name_key = (owner_key, name.as_ref().map(|n| key(&n.value)));
        let pos = *by_key.entry(name_key).or_insert_with(|| {
            out.push(SheetIndicator {
                owners: owners.clone(),
                description: None,
                indicator: RawIndicator {
                    at: grid.origin(row, col("indikator").unwrap_or(0)),
                    name: name.clone(),
                    unit: get("enhet"),
                    direction: get("riktning"),
                    baseline_year: number_cell(grid, row, col("utgångsläge år"), YEAR_WORDS, diags),
                    baseline: number_cell(grid, row, col("utgångsläge"), BASELINE_WORDS, diags),
                    text: get("indikatortext"),
                    years: Vec::new(),
                },
            });
            out.len() - 1
        });
        if out[pos].description.is_none() {
            out[pos].description = layout.description.and_then(|d| get(&normalise(d)));
        }
        let ind = &mut out[pos].indicator;
        // Every row of an indicator has its unit; a different one is a mistake.
        if let (Some(unit), Some(first)) = (get("enhet"), ind.unit.as_ref())
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
        // Every row of an indicator may name its direction; a different one is a mistake.
        if let (Some(dir), Some(first)) = (get("riktning"), ind.direction.as_ref()) {
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
            ind.direction = Some(dir);
        }
        // A row for an indicator without years (its text only).
        let values = ["år", "ökning %", "mål", "mål, som skrivet", "resultat", "resultat, som skrivet", verdict_col];
        if values.iter().all(|v| col(v).is_none_or(|c| grid.text(row, c).is_none())) {
            continue;
        }
        let increase = number_cell(grid, row, col("ökning %"), INCREASE_WORDS, diags);
        // A target computed from the baseline is written as a formula; its
        // increase is the value that counts.
        let target = value_cell(grid, row, col("mål"), &percent, diags).filter(|_| increase.is_none());
        let year = RawYear {
            at: grid.origin(row, col("år").unwrap_or(0)),
            year: number_cell(grid, row, col("år"), YEAR_WORDS, diags),
            target,
            increase,
            target_text: get("mål, som skrivet"),
            result: value_cell(grid, row, col("resultat"), &percent, diags),
            result_text: get("resultat, som skrivet"),
            // A formula's verdict is the workbook's own, computed again here.
            verdict: get(verdict_col).filter(|_| col(verdict_col).is_none_or(|c| !formulas.contains(&(row, c)))),
        };
        ind.years.push(year);
    }
    out
}

/// The XML of a workbook's sheet, and its `xl/styles.xml` (None for .ods
/// and unreadable files).
fn sheet_xml(path: &Path, sheet: &str) -> Option<(String, String)> {
    use std::io::Read as _;
    let file = std::fs::File::open(path).ok()?;
    let mut zip = zip::ZipArchive::new(file).ok()?;
    let mut read = |name: &str| -> Option<String> {
        let mut s = String::new();
        zip.by_name(name).ok()?.take(64 << 20).read_to_string(&mut s).ok()?;
        Some(s)
    };
    let (workbook, rels) = (read("xl/workbook.xml")?, read("xl/_rels/workbook.xml.rels")?);
    let styles = read("xl/styles.xml").unwrap_or_default();
    let part = sheet_part(&workbook, &rels, sheet)?;
    Some((read(&part)?, styles))
}

/// The cells of a sheet shown as percentages (number format with "%"),
/// as (row, column), 0-based. Read from the workbook's XML: calamine gives
/// values without their formats. Empty for .ods and unreadable files.
pub(crate) fn percent_cells(path: &Path, sheet: &str) -> HashSet<(usize, usize)> {
    let mut out = HashSet::new();
    let Some((xml, styles)) = sheet_xml(path, sheet) else { return out };
    let styles_percent = percent_styles(&styles);
    if styles_percent.is_empty() {
        return out;
    }
    for c in xml.split("<c ").skip(1) {
        let tag = &c[..c.find('>').unwrap_or(c.len())];
        let (Some(r), Some(s)) = (attr(tag, "r"), attr(tag, "s")) else { continue };
        let Ok(s) = s.parse::<usize>() else { continue };
        if styles_percent.contains(&s)
            && let Some(pos) = cell_ref(&r)
        {
            out.insert(pos);
        }
    }
    out
}

/// The cells of a sheet that hold a formula, as (row, column), 0-based: a
/// verdict computed by the committee workbook's formula is no one's own.
/// For .xlsx read from the sheet's XML, cell by cell: calamine's formula
/// range is dense, so one empty formula cell at `CP1048576` cost 2 GB
/// (found by the fuzzer). For .ods through calamine, whose repeats the
/// size check has already counted.
pub(crate) fn formula_cells(path: &Path, sheet: &str) -> HashSet<(usize, usize)> {
    use calamine::Reader as _;
    let mut out = HashSet::new();
    if let Some((xml, _)) = sheet_xml(path, sheet) {
        for c in xml.split("<c ").skip(1) {
            let tag_end = c.find('>').unwrap_or(c.len());
            let tag = &c[..tag_end];
            // A self-closing <c …/> has no formula; else its body up to </c>.
            if tag.ends_with('/') {
                continue;
            }
            // The body from the tag's end to its </c> (searched after the
            // tag: a damaged tag may hold "</c>" itself, found by the fuzzer).
            let rest = &c[tag_end..];
            let body = &rest[..rest.find("</c>").unwrap_or(rest.len())];
            if (body.contains("<f>") || body.contains("<f "))
                && let Some(pos) = attr(tag, "r").as_deref().and_then(cell_ref)
            {
                out.insert(pos);
            }
        }
        return out;
    }
    let Ok(mut book) = calamine::open_workbook_auto(path) else { return out };
    let Ok(range) = book.worksheet_formula(sheet) else { return out };
    let (r0, c0) = range.start().unwrap_or((0, 0));
    for (r, c, f) in range.cells() {
        if !f.trim().is_empty() {
            out.insert((r + r0 as usize, c + c0 as usize));
        }
    }
    out
}

/// An attribute's value in a tag's text ("r=\"B3\"" → "B3").
fn attr(tag: &str, key: &str) -> Option<String> {
    super::sheet::xml_attr(tag, key)
}

/// "K12" → (11, 10).
fn cell_ref(r: &str) -> Option<(usize, usize)> {
    let letters: String = r.chars().take_while(char::is_ascii_alphabetic).collect();
    let digits = &r[letters.len()..];
    let row: usize = digits.parse().ok()?;
    let mut col = 0usize;
    for ch in letters.chars() {
        col = col * 26 + (ch.to_ascii_uppercase() as usize - 'A' as usize + 1);
    }
    Some((row.checked_sub(1)?, col.checked_sub(1)?))
}

/// The indexes of the cell styles (`cellXfs`) whose number format shows a percentage.
fn percent_styles(styles: &str) -> HashSet<usize> {
    let mut custom: HashSet<u32> = HashSet::new();
    for f in styles.split("<numFmt ").skip(1) {
        let tag = &f[..f.find('>').unwrap_or(f.len())];
        if let (Some(id), Some(code)) = (attr(tag, "numFmtId"), attr(tag, "formatCode"))
            && let Ok(id) = id.parse::<u32>()
            && shows_percent(&code.replace("&quot;", "\""))
        {
            custom.insert(id);
        }
    }
    let mut out = HashSet::new();
    let Some(start) = styles.find("<cellXfs") else { return out };
    let end = styles[start..].find("</cellXfs>").map_or(styles.len(), |e| start + e);
    for (i, x) in styles[start..end].split("<xf ").skip(1).enumerate() {
        let tag = &x[..x.find('>').unwrap_or(x.len())];
        let id = attr(tag, "numFmtId").and_then(|v| v.parse::<u32>().ok()).unwrap_or(0);
        if id == 9 || id == 10 || custom.contains(&id) {
            out.insert(i);
        }
    }
    out
}

/// Whether a number format code shows a percentage: a "%" outside quotes
/// and not escaped.
fn shows_percent(code: &str) -> bool {
    let mut quoted = false;
    let mut escaped = false;
    for c in code.chars() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '"' => quoted = !quoted,
            '%' if !quoted => return true,
            _ => {}
        }
    }
    false
}

/// The zip part of a sheet by its name.
fn sheet_part(workbook: &str, rels: &str, sheet: &str) -> Option<String> {
    super::sheet::sheet_parts(workbook, rels).into_iter().find(|(name, _)| name == sheet).map(|(_, part)| part)
}

/// The columns after the owner columns, with their widths.
pub(crate) const COLUMNS: [(&str, f64); 20] = [
    ("Indikator", 24.0),
    ("Enhet", 8.0),
    ("Riktning", 9.0),
    ("År", 7.0),
    ("Utgångsläge år", 10.0),
    ("Utgångsläge", 10.0),
    ("Ökning %", 9.0),
    ("Mål", 14.0),
    ("Mål, som skrivet", 28.0),
    ("Resultat", 10.0),
    ("Resultat, som skrivet", 34.0),
    ("Egen bedömning", 14.0),
    ("Bedömning", 14.0),
    ("Måluppfyllelse", 11.0),
    ("Ändrat", 9.0),
    ("Indikatortext", 30.0),
    // Worked out by planrapport from Mål and Riktning, for the formulas.
    ("Jämförelse", 10.0),
    ("Gräns", 9.0),
    ("Övre gräns", 9.0),
    ("Resultat som tal", 10.0),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_formats_are_recognised() {
        assert!(shows_percent("0.0%"));
        assert!(shows_percent("0%"));
        assert!(!shows_percent("0.0\"%\""));
        assert!(!shows_percent("0.0\\%"));
        assert!(!shows_percent("General"));
        assert_eq!(cell_ref("K12"), Some((11, 10)));
        assert_eq!(cell_ref("AA1"), Some((0, 26)));
    }
}
