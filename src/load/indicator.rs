//! Reading indicators, shared by the kinds that have them: a target or a
//! result is a number or text in TOML and in a cell, and a number in an
//! Excel percent cell is a percentage (Excel stores a typed "72,9 %" as
//! 0,729). The words are understood later, in `validate::indicator`.

use std::collections::HashSet;
use std::path::Path;

use toml::de::{DeTable, DeValue};

use super::sheet::{Cell, Grid};
use super::toml::Walker;
use crate::diag::{Diagnostic, Diagnostics, Loc, Origin};

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
                let Some(n) = written.and_then(super::report::parse_number) else {
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

/// The cells of a sheet shown as percentages (number format with "%"),
/// as (row, column), 0-based. Read from the workbook's XML: calamine gives
/// values without their formats. Empty for .ods and unreadable files.
pub(crate) fn percent_cells(path: &Path, sheet: &str) -> HashSet<(usize, usize)> {
    use std::io::Read as _;
    let mut out = HashSet::new();
    let Ok(file) = std::fs::File::open(path) else { return out };
    let Ok(mut zip) = zip::ZipArchive::new(file) else { return out };
    let mut read = |name: &str| -> Option<String> {
        let mut s = String::new();
        zip.by_name(name).ok()?.take(64 << 20).read_to_string(&mut s).ok()?;
        Some(s)
    };
    let (Some(workbook), Some(rels), Some(styles)) =
        (read("xl/workbook.xml"), read("xl/_rels/workbook.xml.rels"), read("xl/styles.xml"))
    else {
        return out;
    };
    let styles_percent = percent_styles(&styles);
    if styles_percent.is_empty() {
        return out;
    }
    let Some(part) = sheet_part(&workbook, &rels, sheet) else { return out };
    let Some(xml) = read(&part) else { return out };
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
pub(crate) fn formula_cells(path: &Path, sheet: &str) -> HashSet<(usize, usize)> {
    use calamine::Reader as _;
    let mut out = HashSet::new();
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
