//! The TOML reader: walks the parsed document (with byte spans) by hand, so
//! that every problem — a wrong type, an unknown key, a missing table — is
//! reported in Swedish with its line and column, all in one run.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde_spanned::Spanned;
use toml::de::{DeTable, DeValue};

use super::{RawDocument, RawSection, Scalar, one};
use crate::diag::{Diagnostic, Diagnostics, Loc, Origin, nearest};

pub(crate) type Value<'a> = Spanned<DeValue<'a>>;

const PHASE_KEYS: [&str; 2] = ["modell", "lista"];
const SECTION_KEYS: [&str; 3] = ["rubrik", "text", "avsnitt"];

/// Parses TOML source; `read` reads the document's tables (the kind's
/// own, chosen by the caller) with the walker.
///
/// # Errors
/// A syntax error (the first one, with its position), or every type error
/// and misplaced table found while walking the document.
pub fn parse_with<R>(
    path: &Path,
    src: &str,
    read: impl FnOnce(&mut Walker, &DeTable<'_>) -> R,
) -> Result<(R, Diagnostics), Diagnostics> {
    // Invisible control characters (NUL and the like) are not allowed in TOML;
    // say so plainly rather than with the parser's guess.
    if let Some((pos, c)) = src.char_indices().find(|(_, c)| c.is_control() && !matches!(c, '\n' | '\r' | '\t')) {
        let walker = Walker::new(path, src);
        return Err(one(Diagnostic::error(
            format!("filen innehåller ett osynligt styrtecken (U+{:04X})", u32::from(c)),
            Some(walker.origin(pos)),
        )
        .with_hint("tecknet kommer troligen från en kopiering; ta bort det, eller skriv texten på nytt")));
    }
    let walker = Walker { path: path.to_path_buf(), line_starts: line_starts(src), diags: Diagnostics::default() };
    let doc = match DeTable::parse(src) {
        Ok(doc) => doc,
        Err(e) => {
            let at = e.span().map_or_else(|| Origin::File(path.to_path_buf()), |s| walker.origin(s.start));
            let line =
                e.span().and_then(|s| src[..s.start.min(src.len())].lines().count().checked_sub(1)).and_then(|_| {
                    let start = e.span().map_or(0, |s| src[..s.start.min(src.len())].rfind('\n').map_or(0, |i| i + 1));
                    src[start..].lines().next()
                });
            let key = line.and_then(|l| l.split_once('=')).map(|(k, _)| k.trim());
            let hint = match key {
                Some(k) if !k.is_ascii() && !k.starts_with('"') => {
                    format!("nycklar skrivs utan å, ä och ö: skriv {} i stället för {k}", ascii_key(k))
                }
                _ => "kontrollera citattecken, hakparenteser och likhetstecken på raden".to_string(),
            };
            return Err(one(Diagnostic::error(
                format!("TOML-filen har ett syntaxfel: {}", swedish_syntax(first_line(e.message()))),
                Some(at),
            )
            .with_hint(hint)));
        }
    };
    let mut walker = walker;
    let doc = doc.get_ref();
    let input = read(&mut walker, doc);
    if walker.diags.has_errors() { Err(walker.diags) } else { Ok((input, walker.diags)) }
}

/// toml's syntax messages in Swedish, with the original kept for the rare
/// message not translated.
fn swedish_syntax(message: &str) -> String {
    const KNOWN: [(&str, &str); 11] = [
        (
            "missing comma between array elements",
            "kommatecken saknas mellan listans värden (eller ] i slutet av listan)",
        ),
        ("string values must be quoted", "värdet saknas eller står inte inom citattecken"),
        ("invalid basic string", "texten saknar avslutande citattecken (\")"),
        ("invalid literal string", "texten saknar avslutande apostrof (')"),
        ("invalid unquoted key", "ogiltig nyckel (nycklar består av a–z, 0–9, - och _)"),
        ("duplicate key", "nyckeln finns redan i samma tabell"),
        ("invalid table header", "ogiltig tabellrubrik"),
        ("invalid array", "listan saknar avslutande hakparentes (])"),
        ("invalid inline table", "ogiltig tabell inom klammerparenteser"),
        ("missing value", "värde saknas efter likhetstecknet"),
        ("invalid string", "ogiltig text: sätt texten inom citattecken"),
    ];
    KNOWN
        .iter()
        .find(|(en, _)| message.starts_with(en))
        .map_or_else(|| message.to_string(), |(_, sv)| (*sv).to_string())
}

fn ascii_key(k: &str) -> String {
    k.chars()
        .map(|c| match c {
            'å' | 'ä' => 'a',
            'Å' | 'Ä' => 'A',
            'ö' => 'o',
            'Ö' => 'O',
            'é' => 'e',
            c => c,
        })
        .collect()
}

fn first_line(s: &str) -> &str {
    s.lines().next().unwrap_or(s).trim()
}

fn line_starts(src: &str) -> Vec<usize> {
    std::iter::once(0).chain(src.match_indices('\n').map(|(i, _)| i + 1)).collect()
}

pub struct Walker {
    pub(crate) path: PathBuf,
    line_starts: Vec<usize>,
    pub(crate) diags: Diagnostics,
}

fn type_name(v: &DeValue<'_>) -> &'static str {
    match v {
        DeValue::String(_) => "text",
        DeValue::Integer(_) => "ett heltal",
        DeValue::Float(_) => "ett decimaltal",
        DeValue::Boolean(_) => "sant/falskt",
        DeValue::Datetime(_) => "ett datum",
        DeValue::Array(_) => "en lista",
        DeValue::Table(_) => "en tabell",
    }
}

impl Walker {
    pub(crate) fn new(path: &Path, src: &str) -> Walker {
        Walker { path: path.to_path_buf(), line_starts: line_starts(src), diags: Diagnostics::default() }
    }

    pub(crate) fn origin(&self, byte: usize) -> Origin {
        let line = self.line_starts.partition_point(|&s| s <= byte);
        let start = self.line_starts[line - 1];
        Origin::Text { path: self.path.clone(), line, col: byte - start + 1 }
    }

    pub(crate) fn at<T>(&self, v: &Spanned<T>) -> Origin {
        self.origin(v.span().start)
    }

    /// Warns about keys not in `known`, naming the nearest known key.
    pub(crate) fn check_keys(&mut self, table: &DeTable<'_>, known: &[&str], what: &str) {
        for key in table.keys() {
            if !known.contains(&key.get_ref().as_ref()) {
                let mut d = Diagnostic::warning(
                    format!("okänd nyckel \"{}\" i {what} ignoreras", key.get_ref()),
                    Some(self.at(key)),
                );
                d = match nearest(key.get_ref(), known.iter().copied()) {
                    Some(n) => d.with_hint(format!("menade du \"{n}\"?")),
                    None => d.with_hint(format!("kända nycklar: {}", known.join(", "))),
                };
                self.diags.push(d);
            }
        }
    }

    pub(crate) fn get<'t, 'a>(table: &'t DeTable<'a>, key: &str) -> Option<&'t Value<'a>> {
        table.iter().find(|(k, _)| k.get_ref() == key).map(|(_, v)| v)
    }

    pub(crate) fn wrong_type(&mut self, v: &Value<'_>, key: &str, expected: &str) {
        let msg = format!("\"{key}\" ska vara {expected}, men är {}", type_name(v.get_ref()));
        let at = self.at(v);
        self.diags.error(msg, &at);
    }

    pub(crate) fn string(&mut self, table: &DeTable<'_>, key: &str) -> Option<Loc<String>> {
        let v = Self::get(table, key)?;
        match v.get_ref() {
            DeValue::String(s) => Some(Loc::new(s.to_string(), self.at(v))),
            DeValue::Integer(i) => Some(Loc::new(i.as_str().to_string(), self.at(v))),
            _ => {
                self.wrong_type(v, key, "text (inom citattecken)");
                None
            }
        }
    }

    pub(crate) fn scalar_of(&mut self, v: &Value<'_>, key: &str) -> Option<Loc<Scalar>> {
        let at = self.at(v);
        match v.get_ref() {
            DeValue::String(s) => Some(Loc::new(Scalar::Text(s.to_string()), at)),
            DeValue::Integer(i) => Some(Loc::new(Scalar::Text(i.as_str().to_string()), at)),
            DeValue::Datetime(dt) => match dt.date {
                Some(d) if dt.time.is_none() => {
                    if let Some(date) = NaiveDate::from_ymd_opt(i32::from(d.year), u32::from(d.month), u32::from(d.day))
                    {
                        Some(Loc::new(Scalar::Date(date), at))
                    } else {
                        self.diags.error(format!("\"{key}\" är inget giltigt datum"), &at);
                        None
                    }
                }
                _ => {
                    self.diags.push(
                        Diagnostic::error(format!("\"{key}\" ska vara ett datum utan klockslag"), Some(at))
                            .with_hint("skriv till exempel 2021-11-25"),
                    );
                    None
                }
            },
            _ => {
                self.wrong_type(v, key, "text eller ett datum");
                None
            }
        }
    }

    pub(crate) fn scalar(&mut self, table: &DeTable<'_>, key: &str) -> Option<Loc<Scalar>> {
        let v = Self::get(table, key)?;
        self.scalar_of(v, key)
    }

    /// A list of text; a single string is a list of one.
    pub(crate) fn string_list(&mut self, table: &DeTable<'_>, key: &str) -> Vec<Loc<String>> {
        let Some(v) = Self::get(table, key) else { return Vec::new() };
        match v.get_ref() {
            DeValue::String(s) => vec![Loc::new(s.to_string(), self.at(v))],
            DeValue::Array(items) => {
                let mut out = Vec::new();
                for item in items {
                    match item.get_ref() {
                        DeValue::String(s) => out.push(Loc::new(s.to_string(), self.at(item))),
                        _ => self.wrong_type(item, key, "en lista med text"),
                    }
                }
                out
            }
            _ => {
                self.wrong_type(v, key, "text eller en lista med text");
                Vec::new()
            }
        }
    }

    pub(crate) fn scalar_list(&mut self, table: &DeTable<'_>, key: &str) -> Vec<Loc<Scalar>> {
        let Some(v) = Self::get(table, key) else { return Vec::new() };
        if let DeValue::Array(items) = v.get_ref() {
            items.iter().filter_map(|item| self.scalar_of(item, key)).collect()
        } else {
            self.scalar_of(v, key).into_iter().collect()
        }
    }

    /// An array of tables (`[[key]]`).
    pub(crate) fn tables<'t, 'a>(&mut self, table: &'t DeTable<'a>, key: &str) -> Vec<&'t Spanned<DeValue<'a>>> {
        let Some(v) = Self::get(table, key) else { return Vec::new() };
        match v.get_ref() {
            DeValue::Array(items) => {
                let mut out = Vec::new();
                for item in items {
                    if item.get_ref().is_table() {
                        out.push(item);
                    } else {
                        self.wrong_type(item, key, &format!("en tabell ([[{key}]])"));
                    }
                }
                out
            }
            DeValue::Table(_) => {
                let at = self.at(v);
                self.diags.push(
                    Diagnostic::error(format!("\"{key}\" ska vara en lista av tabeller"), Some(at))
                        .with_hint(format!("skriv rubriken med dubbla hakparenteser: [[{key}]]")),
                );
                Vec::new()
            }
            _ => {
                self.wrong_type(v, key, &format!("en lista av tabeller ([[{key}]])"));
                Vec::new()
            }
        }
    }

    pub(crate) fn table<'t, 'a>(&mut self, table: &'t DeTable<'a>, key: &str) -> Option<&'t DeTable<'a>> {
        let v = Self::get(table, key)?;
        if let DeValue::Table(t) = v.get_ref() {
            Some(t)
        } else {
            self.wrong_type(v, key, &format!("en tabell ([{key}])"));
            None
        }
    }

    /// The document kind named by `[dokument] typ` (a plan when not given).
    /// The value of `[dokument] typ`, if given.
    pub(crate) fn document_type<'t, 'a>(doc: &'t DeTable<'a>) -> Option<&'t Value<'a>> {
        let t = Self::get(doc, "dokument").and_then(|v| v.get_ref().as_table())?;
        Self::get(t, "typ")
    }

    /// What every kind has: `[dokument]` (its keys `meta_keys`, with
    /// their labels), `[faser]`, `[[kapitel]]`.
    pub(crate) fn common(&mut self, doc: &DeTable<'_>, meta_keys: &[(&'static str, &str)]) -> RawDocument {
        let mut meta = Vec::new();
        if let Some(t) = self.table(doc, "dokument") {
            let keys: Vec<&str> = meta_keys.iter().map(|(k, _)| *k).collect();
            self.check_keys(t, &keys, "[dokument]");
            for key in keys {
                if let Some(v) = self.scalar(t, key) {
                    meta.push((key.to_string(), v));
                }
            }
        }
        let mut phases = None;
        if let Some(t) = self.table(doc, "faser") {
            self.check_keys(t, &PHASE_KEYS, "[faser]");
            if let Some(m) = self.scalar(t, "modell") {
                meta.push(("fasmodell".to_string(), m));
            }
            if Self::get(t, "lista").is_some() {
                phases = Some(self.string_list(t, "lista"));
            }
        }
        let chapters = self.tables(doc, "kapitel").into_iter().map(|v| self.section(v, 1)).collect();
        RawDocument { source: self.path.clone(), meta, phases, chapters, departments: Vec::new(), folder: None }
    }

    pub(crate) fn section(&mut self, v: &Value<'_>, depth: usize) -> RawSection {
        let DeValue::Table(t) = v.get_ref() else { unreachable!("tables() returns tables only") };
        self.check_keys(t, &SECTION_KEYS, "ett avsnitt");
        let sections = if depth >= 3 {
            if let Some(sub) = Self::get(t, "avsnitt") {
                let at = self.at(sub);
                self.diags.push(
                    Diagnostic::error("avsnitt kan bara delas i tre nivåer", Some(at))
                        .with_hint("gör underavsnittet till ett stycke med **fet** inledning i stället"),
                );
            }
            Vec::new()
        } else {
            self.tables(t, "avsnitt").into_iter().map(|s| self.section(s, depth + 1)).collect()
        };
        RawSection { at: self.at(v), title: self.string(t, "rubrik"), text: self.string(t, "text"), sections }
    }
}
