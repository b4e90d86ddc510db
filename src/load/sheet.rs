//! The spreadsheet reader (xlsx, ods via calamine). Department heads fill in
//! one sheet each, laid out like the printed plan: a few heading lines
//! ("Avdelning/Enhet: Förskola  Datum: 2021-11-24", "Ansvarig chef: …"),
//! a header row found by its Swedish column names, then rows grouped under
//! phase rows (a row whose only value is a phase name) or with a Fas column.
//! A "Dokument" sheet holds metadata and a "Text" sheet the narrative.

use std::path::{Path, PathBuf};

use calamine::{
    Data, Ods, Reader, SheetVisible, Sheets, Xls, Xlsb, Xlsx, open_workbook_auto_from_rs, open_workbook_from_rs,
};

use super::archive;
use super::{RawDepartment, RawDocument, RawSection, RawStatusWord, Scalar, format_number, one};
use crate::diag::{Diagnostic, Diagnostics, Loc, Origin, column_letters, nearest};
use crate::limits::{MAX_SHEET_CELLS, MAX_SHEET_COLUMNS, MAX_SHEET_ROWS, count};
use crate::markdown::bullet_item;

/// Sheet names with a special meaning (compared in lower case).
pub(crate) const DOCUMENT_SHEET: &str = "dokument";
pub(crate) const TEXT_SHEET: &str = "text";
pub(crate) const OVERVIEW_SHEET: &str = "översikt";
pub(crate) const PHASE_SHEET: &str = "faser";
/// Bytes beyond which a cell cannot be a header cell (the longest header,
/// "Måldatum – När ska det vara klart?", is 38).
pub(crate) const MAX_HEADER: usize = 400;

/// The phases of a Faser sheet: column A below its header ("Fas"), in order.
pub(crate) fn read_phase_sheet(grid: &Grid) -> Vec<Loc<String>> {
    (0..grid.rows.len())
        .filter_map(|r| grid.text(r, 0).map(|t| Loc::new(t, grid.origin(r, 0))))
        .filter(|t| !matches!(normalise(&t.value).as_str(), "fas" | "faser"))
        .collect()
}

/// A cell's text as compared with header names: normalised, or empty when
/// too long to be a header.
pub(crate) fn header_key(t: &str) -> String {
    if t.len() > MAX_HEADER { String::new() } else { normalise(t) }
}

/// [`normalise`] of the first `max` characters only: for comparing a cell
/// with the start of a short name ("Aktivitet", "Status") without
/// normalising all of a million-character cell.
pub(crate) fn normalise_start(s: &str, max: usize) -> String {
    let end = s.char_indices().nth(max).map_or(s.len(), |(i, _)| i);
    normalise(&s[..end])
}

pub(crate) fn normalise(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase().replace(['?', ':'], "").trim().to_string()
}

/// A text in lower case that remembers, for each of its byte offsets, where
/// it came from in the original. Lower-casing changes lengths ("İ" → "i̇",
/// the Kelvin sign "K" → "k", "Å" (U+212B) → "å"), so offsets found in the
/// folded text must be mapped back, never used on the original directly.
pub(crate) struct Folded<'a> {
    original: &'a str,
    lower: String,
    /// For each byte offset of `lower` that starts the lower case of an
    /// original character (and for its end), that character's offset in
    /// `original`; `usize::MAX` inside a character's expansion.
    back: Vec<usize>,
}

impl<'a> Folded<'a> {
    pub(crate) fn new(original: &'a str) -> Folded<'a> {
        let mut folded = String::with_capacity(original.len());
        let mut back = Vec::with_capacity(original.len() + 1);
        for (at, ch) in original.char_indices() {
            let from = folded.len();
            folded.extend(ch.to_lowercase());
            back.push(at);
            back.resize(back.len() + folded.len() - from - 1, usize::MAX);
        }
        back.push(original.len());
        Folded { original, lower: folded, back }
    }

    /// The original offset of a folded offset, if it is a character boundary of both.
    fn original_at(&self, folded_at: usize) -> Option<usize> {
        self.back.get(folded_at).copied().filter(|&o| o != usize::MAX)
    }

    /// The original byte ranges where `pattern` (in lower case) occurs,
    /// left to right, not overlapping, each starting and ending on a whole
    /// character of the original.
    pub(crate) fn find_all(&self, pattern: &str) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        if pattern.is_empty() {
            return out;
        }
        let mut from = 0;
        while let Some(p) = self.lower[from..].find(pattern) {
            let start = from + p;
            let end = start + pattern.len();
            if let (Some(s), Some(e)) = (self.original_at(start), self.original_at(end)) {
                out.push((s, e));
                from = end;
            } else {
                from = start + self.lower[start..].chars().next().map_or(1, char::len_utf8);
            }
        }
        out
    }

    /// The rest of the original after `prefix` (in lower case), when the
    /// original starts with it, compared without regard to case.
    pub(crate) fn strip_prefix(&self, prefix: &str) -> Option<&'a str> {
        if !self.lower.starts_with(prefix) {
            return None;
        }
        self.original_at(prefix.len()).map(|o| &self.original[o..])
    }
}

/// A cell value as read, with empty cells as `None`.
#[derive(Debug, Clone)]
pub(crate) enum Cell {
    Text(String),
    Date(chrono::NaiveDate),
    Number(f64),
    Error(String),
}

impl Cell {
    pub(crate) fn text(&self) -> String {
        match self {
            Cell::Text(s) => s.clone(),
            Cell::Date(d) => d.format("%Y-%m-%d").to_string(),
            Cell::Number(n) => format_number(*n),
            Cell::Error(e) => e.clone(),
        }
    }
}

pub struct Grid {
    pub(crate) sheet: String,
    pub(crate) path: PathBuf,
    pub(crate) rows: Vec<Vec<Option<Cell>>>,
    /// Merged regions: (start row, start col, end row, end col).
    pub(crate) merges: Vec<(u32, u32, u32, u32)>,
    /// The merges spanning rows, by their first column, as (start row, end
    /// row) sorted: built on first use, so that finding the value merged
    /// down into a cell costs a search, not a pass over every merge.
    pub(crate) down: std::cell::OnceCell<std::collections::HashMap<u32, Vec<(u32, u32)>>>,
}

/// Formula errors (#REF!, #DIV/0! …) in a row: each is an error at its cell.
pub(crate) fn error_cells(grid: &Grid, r: usize, diags: &mut Diagnostics) {
    for c in grid.filled(r) {
        if let Some(Cell::Error(e)) = grid.cell(r, c) {
            diags.push(
                Diagnostic::error(format!("cellen innehåller felvärdet {e}"), Some(grid.origin(r, c)))
                    .with_hint("rätta formeln eller skriv in värdet som text"),
            );
        }
    }
}

/// A table's header row, found by [`Grid::header_row`].
pub(crate) struct Header {
    pub(crate) row: usize,
    /// Each filled header cell's normalised text with its column.
    cols: Vec<(String, usize)>,
}

impl Header {
    /// The first column headed `name` (normalised).
    pub(crate) fn col(&self, name: &str) -> Option<usize> {
        self.cols.iter().find(|(h, _)| h == name).map(|(_, c)| *c)
    }
}

impl Grid {
    pub(crate) fn cell(&self, row: usize, col: usize) -> Option<&Cell> {
        self.rows.get(row)?.get(col)?.as_ref()
    }

    pub(crate) fn text(&self, row: usize, col: usize) -> Option<String> {
        let t = self.cell(row, col)?.text();
        let t = t.trim();
        (!t.is_empty()).then(|| t.to_string())
    }

    pub(crate) fn origin(&self, row: usize, col: usize) -> Origin {
        Origin::Cell {
            path: self.path.clone(),
            sheet: self.sheet.clone(),
            row: u32::try_from(row).unwrap_or(u32::MAX),
            col: u32::try_from(col).unwrap_or(u32::MAX),
        }
    }

    /// Non-empty cells of a row, by column.
    pub(crate) fn filled(&self, row: usize) -> Vec<usize> {
        (0..self.rows.get(row).map_or(0, Vec::len)).filter(|&c| self.text(row, c).is_some()).collect()
    }

    /// The whole sheet as a place, for problems that have no cell.
    pub(crate) fn sheet_origin(&self) -> Origin {
        Origin::Sheet { path: self.path.clone(), sheet: self.sheet.clone() }
    }

    /// The first row among the first 10 whose header cells include every
    /// one of `needed` (normalised, see [`normalise`]).
    pub(crate) fn header_row(&self, needed: &[&str]) -> Option<Header> {
        (0..self.rows.len().min(10)).find_map(|r| {
            // A cell too long to be a header is not compared (normalising a
            // million-character cell per search took most of a second).
            let cols: Vec<(String, usize)> = self
                .filled(r)
                .into_iter()
                .filter_map(|c| {
                    self.text(r, c).map(|t| (if t.len() > MAX_HEADER { String::new() } else { normalise(&t) }, c))
                })
                .collect();
            needed.iter().all(|n| cols.iter().any(|(h, _)| h == n)).then_some(Header { row: r, cols })
        })
    }

    /// Whether (row, col) is covered by a merge that starts on an earlier row.
    pub(crate) fn merged_from_above(&self, row: usize, col: usize) -> bool {
        let (r, c) = (u32::try_from(row).unwrap_or(u32::MAX), u32::try_from(col).unwrap_or(u32::MAX));
        self.merges.iter().any(|&(r0, c0, r1, c1)| r0 < r && r <= r1 && c0 <= c && c <= c1)
    }

    /// The row holding the value of (row, col) when the cell lies in the
    /// first column of a merge that starts on an earlier row: a value
    /// merged down over rows applies to each of them. Cells to the right
    /// of a merge's first column belong to it sideways and stay empty.
    pub(crate) fn merged_top(&self, row: usize, col: usize) -> Option<usize> {
        let (r, c) = (u32::try_from(row).ok()?, u32::try_from(col).ok()?);
        let down = self.down.get_or_init(|| {
            let mut by_col: std::collections::HashMap<u32, Vec<(u32, u32)>> = std::collections::HashMap::new();
            for &(r0, c0, r1, _) in self.merges.iter().filter(|m| m.2 > m.0) {
                by_col.entry(c0).or_default().push((r0, r1));
            }
            for v in by_col.values_mut() {
                v.sort_unstable();
            }
            by_col
        });
        let spans = down.get(&c)?;
        // The last merge starting above the row; merges do not overlap.
        let i = spans.partition_point(|&(r0, _)| r0 < r).checked_sub(1)?;
        let (r0, r1) = spans[i];
        (r <= r1).then(|| usize::try_from(r0).ok())?
    }

    /// The cell at (row, col), or the value merged down into it
    /// ([`Grid::merged_top`]) when it is empty.
    pub(crate) fn cell_or_merged(&self, row: usize, col: usize) -> Option<(usize, &Cell)> {
        match self.cell(row, col) {
            Some(c) if !c.text().trim().is_empty() => Some((row, c)),
            _ => {
                let top = self.merged_top(row, col)?;
                self.cell(top, col).map(|c| (top, c))
            }
        }
    }

    /// As [`Grid::text`], with values merged down ([`Grid::cell_or_merged`]);
    /// the row is where the value is written.
    pub(crate) fn text_or_merged(&self, row: usize, col: usize) -> Option<(usize, String)> {
        let (r, cell) = self.cell_or_merged(row, col)?;
        let t = cell.text();
        let t = t.trim();
        (!t.is_empty()).then(|| (r, t.to_string()))
    }
}

/// The visible sheets of a workbook, read into grids; hidden sheets are
/// warned about and skipped.
///
/// # Errors
/// A file that is not a readable workbook.
pub(crate) fn open(path: &Path) -> Result<(Vec<Grid>, Diagnostics), Diagnostics> {
    let bytes = crate::fsguard::read_in_own_folder(path, crate::fsguard::MAX_BYTES)
        .map_err(|r| one(super::refused(path, &r, None)))?;
    open_bytes(path, bytes)
}

/// A workbook in memory, as calamine reads it.
pub(crate) type Book = Sheets<std::io::Cursor<Vec<u8>>>;

/// Opens a workbook's bytes (read through [`crate::fsguard`]) as its
/// extension says, as calamine's `open_workbook_auto` would open the file.
fn open_book(path: &Path, bytes: Vec<u8>) -> Result<Book, calamine::Error> {
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
    let rs = std::io::Cursor::new(bytes);
    Ok(match ext {
        "xls" | "xla" => Sheets::Xls(open_workbook_from_rs::<Xls<_>, _>(rs).map_err(calamine::Error::Xls)?),
        "xlsx" | "xlsm" | "xlam" => {
            Sheets::Xlsx(open_workbook_from_rs::<Xlsx<_>, _>(rs).map_err(calamine::Error::Xlsx)?)
        }
        "xlsb" => Sheets::Xlsb(open_workbook_from_rs::<Xlsb<_>, _>(rs).map_err(calamine::Error::Xlsb)?),
        "ods" => Sheets::Ods(open_workbook_from_rs::<Ods<_>, _>(rs).map_err(calamine::Error::Ods)?),
        _ => open_workbook_auto_from_rs(rs)?,
    })
}

/// As [`open`], for the bytes of the workbook at `path` (the place named in
/// messages).
///
/// # Errors
/// As [`open`].
pub(crate) fn open_bytes(path: &Path, bytes: Vec<u8>) -> Result<(Vec<Grid>, Diagnostics), Diagnostics> {
    // Sizes first: nothing below unpacks more than the limits allow.
    archive::check(path, &bytes).map_err(one)?;
    let hidden = hidden_rows(&bytes);
    let head: Vec<u8> = bytes.iter().take(8).copied().collect();
    let mut book = open_book(path, bytes).map_err(|e| one(open_error(path, &e, &head)))?;
    let mut diags = Diagnostics::default();
    let metas: Vec<(String, SheetVisible)> =
        book.sheets_metadata().iter().map(|s| (s.name.clone(), s.visible)).collect();
    let mut grids = Vec::new();
    for (name, visible) in metas {
        if visible != SheetVisible::Visible {
            diags.push(
                Diagnostic::warning(
                    format!("bladet \"{name}\" är dolt och läses inte"),
                    Some(Origin::Sheet { path: path.to_path_buf(), sheet: name.clone() }),
                )
                .with_hint("visa bladet i Excel (högerklicka på en bladflik → Ta fram) om det ska vara med"),
            );
            continue;
        }
        match read_grid(&mut book, path, &name, &mut diags) {
            Ok(g) => {
                // Hidden rows are read like the others; say so where they hold something.
                for (sheet, row) in hidden.iter().filter(|(s, _)| *s == name) {
                    if let Some(&c) = g.filled(*row).first() {
                        diags.push(
                            Diagnostic::warning(
                                format!("rad {} är dold i Excel men läses med", row + 1),
                                Some(g.origin(*row, c)),
                            )
                            .with_hint(format!(
                                "visa raden (bladet {sheet}) om den ska vara med, eller ta bort den om den inte ska det"
                            )),
                        );
                    }
                }
                grids.push(g);
            }
            Err(d) => diags.push(d),
        }
    }
    Ok((grids, diags))
}

/// The rows each sheet of an .xlsx hides (sheet name, 0-based row), read
/// from the sheets' XML (calamine does not report them).
fn hidden_rows(bytes: &[u8]) -> Vec<(String, usize)> {
    use std::io::Read as _;
    let Ok(mut zip) = zip::ZipArchive::new(std::io::Cursor::new(bytes)) else { return Vec::new() };
    let mut read = |name: &str| -> Option<String> {
        let mut s = String::new();
        zip.by_name(name).ok()?.read_to_string(&mut s).ok()?;
        Some(s)
    };
    let (Some(workbook), Some(rels)) = (read("xl/workbook.xml"), read("xl/_rels/workbook.xml.rels")) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (name, part) in sheet_parts(&workbook, &rels) {
        let Some(xml) = read(&part) else { continue };
        for row in xml.split("<row ").skip(1) {
            let tag = &row[..row.find('>').unwrap_or(row.len())];
            if matches!(xml_attr(tag, "hidden").as_deref(), Some("1" | "true"))
                && let Some(n) = xml_attr(tag, "r").and_then(|r| r.parse::<usize>().ok())
            {
                out.push((name.clone(), n.saturating_sub(1)));
            }
        }
    }
    out
}

/// An attribute of a tag's text (after its name, so every attribute has a
/// space before it), as written.
pub(crate) fn xml_attr(tag: &str, key: &str) -> Option<String> {
    let tag = format!(" {tag}");
    let start = tag.find(&format!(" {key}=\""))? + key.len() + 3;
    Some(tag[start..start + tag[start..].find('"')?].to_string())
}

/// Each sheet of an xlsx workbook with its zip part ("xl/worksheets/sheet1.xml"),
/// from `xl/workbook.xml` and its relationships.
pub(crate) fn sheet_parts(workbook: &str, rels: &str) -> Vec<(String, String)> {
    let attr = xml_attr;
    let mut out = Vec::new();
    for tag in workbook.split("<sheet ").skip(1) {
        let tag = &tag[..tag.find('>').unwrap_or(tag.len())];
        let (Some(name), Some(id)) = (attr(tag, "name"), attr(tag, "r:id")) else { continue };
        let name = name
            .replace("&amp;", "&")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&apos;", "'");
        let Some(target) = rels
            .split("<Relationship ")
            .map(|r| &r[..r.find('>').unwrap_or(r.len())])
            .find(|r| attr(r, "Id").as_deref() == Some(id.as_str()))
            .and_then(|r| attr(r, "Target"))
        else {
            continue;
        };
        let target = target.trim_start_matches('/');
        out.push((name, if target.starts_with("xl/") { target.to_string() } else { format!("xl/{target}") }));
    }
    out
}

pub(crate) fn open_error(path: &Path, e: &calamine::Error, head: &[u8]) -> Diagnostic {
    let at = Some(Origin::File(path.to_path_buf()));
    let text = e.to_string();
    if text.contains("password") {
        return Diagnostic::error("arbetsboken är lösenordsskyddad och kan inte läsas", at)
            .with_hint("spara en kopia utan lösenord (Arkiv → Info → Skydda arbetsbok) och läs den");
    }
    if let calamine::Error::Io(io) = e {
        return super::io_error(path, io);
    }
    // Say what the file is, in words, where the first bytes tell.
    if head.is_empty() {
        return Diagnostic::error("filen är tom", at).with_hint("spara arbetsboken på nytt från Excel");
    }
    let is_zip = head.starts_with(b"PK");
    let is_ods = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("ods"));
    if !is_zip && !is_ods {
        return Diagnostic::error("filen är ingen Excel-arbetsbok", at).with_hint(
            "den är troligen en textfil (till exempel CSV) med ändelsen .xlsx; öppna den i Excel och spara som Excel-arbetsbok (.xlsx)",
        );
    }
    if text.contains("Zip") || text.contains("EOCD") {
        return Diagnostic::error("arbetsboken är skadad eller ofullständig", at).with_hint(
            "filen har troligen inte sparats eller kopierats klart; öppna originalet i Excel och spara det på nytt",
        );
    }
    Diagnostic::error(format!("filen kunde inte läsas som arbetsbok ({text})"), at).with_hint(
        "kontrollera att filen är en hel, oskadad .xlsx- eller .ods-fil; öppna och spara den på nytt i Excel",
    )
}

/// One sheet read into a grid. xlsx cells are read one by one (calamine's
/// cell reader), so a sheet costs what it holds, not what its `<dimension>`
/// or its farthest cell claims; ods sheets were measured by
/// [`archive::check`] before calamine expands them. Content beyond the
/// limits in [`crate::limits`] refuses the sheet; a date cell that is no
/// date is an error at its cell.
pub(crate) fn read_grid(book: &mut Book, path: &Path, name: &str, diags: &mut Diagnostics) -> Result<Grid, Diagnostic> {
    let sheet_at = || Origin::Sheet { path: path.to_path_buf(), sheet: name.to_string() };
    let read_error =
        |e: &dyn std::fmt::Display| Diagnostic::error(format!("bladet kunde inte läsas: {e}"), Some(sheet_at()));
    let cell_at = |row: u32, col: u32| Origin::Cell { path: path.to_path_buf(), sheet: name.to_string(), row, col };
    let mut merges = Vec::new();
    let mut cells: Vec<(u32, u32, Data)> = Vec::new();
    let (mut last_row, mut last_col) = (0u64, 0u64);
    let mut text_bytes = 0u64;
    let mut add = |row: u32, col: u32, data: Data, cells: &mut Vec<(u32, u32, Data)>| -> Result<(), Diagnostic> {
        if matches!(&data, Data::Empty) || matches!(&data, Data::String(s) if s.trim().is_empty()) {
            return Ok(());
        }
        if let Data::String(s) = &data {
            text_bytes += s.len() as u64;
            if text_bytes > crate::limits::MAX_SHEET_TEXT {
                return Err(Diagnostic::error(
                    format!(
                        "bladets celler har tillsammans mer än {} MB text",
                        crate::limits::MAX_SHEET_TEXT / (1024 * 1024)
                    ),
                    Some(sheet_at()),
                )
                .with_hint("samma långa text upprepas i många celler; ta bort upprepningarna eller dela upp bladet"));
            }
        }
        if row >= MAX_SHEET_ROWS {
            return Err(archive::rows_error(
                &format!("cellen har innehåll på rad {}", count(u64::from(row) + 1)),
                cell_at(row, col),
            ));
        }
        if col >= MAX_SHEET_COLUMNS {
            return Err(archive::columns_error(
                &format!("cellen har innehåll i kolumn {}", column_letters(col)),
                cell_at(row, col),
            ));
        }
        last_row = last_row.max(u64::from(row) + 1);
        last_col = last_col.max(u64::from(col) + 1);
        if last_row * last_col > MAX_SHEET_CELLS {
            return Err(archive::cells_error(&sheet_at(), last_row, last_col));
        }
        cells.push((row, col, data));
        Ok(())
    };
    if let Sheets::Xlsx(x) = book {
        if let Ok(ms) = x.merge_cells_by_sheet_name(name) {
            merges = ms.iter().map(|d| (d.start.0, d.start.1, d.end.0, d.end.1)).collect();
        }
        match x.worksheet_cells_reader(name) {
            Ok(mut reader) => {
                while let Some(cell) = reader.next_cell().map_err(|e| read_error(&e))? {
                    let (row, col) = cell.get_position();
                    add(row, col, cell.get_value().clone().into(), &mut cells)?;
                }
            }
            // A chart sheet: no cells.
            Err(calamine::XlsxError::NotAWorksheet(_)) => {}
            Err(e) => return Err(read_error(&e)),
        }
    } else {
        let range = book.worksheet_range(name).map_err(|e| read_error(&e))?;
        let (r0, c0) = range.start().unwrap_or((0, 0));
        for (r, c, d) in range.used_cells() {
            let (row, col) = (u32::try_from(r).unwrap_or(u32::MAX), u32::try_from(c).unwrap_or(u32::MAX));
            add(r0.saturating_add(row), c0.saturating_add(col), d.clone(), &mut cells)?;
        }
    }
    let mut rows: Vec<Vec<Option<Cell>>> = vec![Vec::new(); usize::try_from(last_row).unwrap_or(0)];
    for (row, col, data) in cells {
        let (r, c) = (row as usize, col as usize);
        let Some(line) = rows.get_mut(r) else { continue };
        if line.len() <= c {
            line.resize(c + 1, None);
        }
        let cell = convert(&data);
        if let (Data::DateTimeIso(written), Some(Cell::Text(_))) = (&data, &cell) {
            diags.push(
                Diagnostic::error(
                    format!("datumcellen innehåller \"{written}\", som inte är ett datum"),
                    Some(cell_at(row, col)),
                )
                .with_hint("skriv datumet som ÅÅÅÅ-MM-DD, till exempel 2023-01-05, eller formatera cellen som text"),
            );
        }
        line[c] = cell;
    }
    Ok(Grid { sheet: name.to_string(), path: path.to_path_buf(), rows, merges, down: std::cell::OnceCell::new() })
}

pub(crate) fn convert(d: &Data) -> Option<Cell> {
    match d {
        Data::Empty => None,
        Data::String(s) => Some(Cell::Text(s.replace("\r\n", "\n").replace('\r', "\n"))),
        // Integers in cells are small (years, counts); f64 holds them exactly.
        #[allow(clippy::cast_precision_loss)]
        Data::Int(i) => Some(Cell::Number(*i as f64)),
        Data::Float(f) => Some(Cell::Number(*f)),
        Data::Bool(b) => Some(Cell::Text(if *b { "SANT" } else { "FALSKT" }.to_string())),
        // chrono panics on serials far beyond any calendar (a date format on
        // -1e308): those stay numbers. Dates outside Excel's own range
        // (1900–9999) are still dates, which validation refuses at their cell.
        Data::DateTime(dt) if dt.as_f64().abs() > 1e7 => Some(Cell::Number(dt.as_f64())),
        Data::DateTime(dt) => match dt.as_datetime() {
            Some(t) => Some(Cell::Date(t.date())),
            None => Some(Cell::Number(dt.as_f64())),
        },
        // An ISO date ("2023-01-05" or "2023-01-05T00:00:00"); anything else
        // (a damaged or hand-written date cell) is kept as its text, so the
        // checks report it at its cell.
        Data::DateTimeIso(s) => {
            let day = if s.len() <= 10 { Some(s.as_str()) } else { s.get(..10) };
            match day.and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()) {
                Some(d) => Some(Cell::Date(d)),
                None => Some(Cell::Text(s.clone())),
            }
        }
        Data::DurationIso(s) => Some(Cell::Text(s.clone())),
        Data::Error(e) => Some(Cell::Error(format!("{e}"))),
    }
}

pub(crate) fn scalar(cell: &Cell) -> Scalar {
    match cell {
        Cell::Date(d) => Scalar::Date(*d),
        other => Scalar::Text(other.text().trim().to_string()),
    }
}

/// Splits an owners cell: one owner per line. A cell of one line is also
/// split at semicolons ("Rektor; HR-chef"), which no role has, with a
/// warning showing the split; a comma stays inside the owner ("Chef,
/// förskola" may be one role as well as two), with a warning saying how to
/// write several. In a sheet planrapport wrote (`ours`: it has a derived
/// column such as "Klart senast"), line breaks alone separate, silently.
pub(crate) fn split_owners(cell: &Loc<String>, ours: bool, diags: &mut Diagnostics) -> Vec<Loc<String>> {
    let items = split_items(&cell.value);
    let at = |s: String| Loc::new(s, cell.at.clone());
    if ours || items.len() != 1 || !items[0].contains([',', ';']) {
        return items.into_iter().map(at).collect();
    }
    let parts: Vec<String> = items[0].split(';').map(str::trim).filter(|p| !p.is_empty()).map(str::to_string).collect();
    if parts.len() > 1 {
        diags.push(
            Diagnostic::warning(
                format!(
                    "ansvariga \"{}\" delas vid semikolon i {} ansvariga: {}",
                    items[0],
                    parts.len(),
                    parts.join(" | ")
                ),
                Some(cell.at.clone()),
            )
            .with_hint("skriv en ansvarig per rad i cellen (Alt+Enter i Excel), så behövs ingen gissning"),
        );
    }
    if parts.iter().any(|p| p.contains(',')) {
        diags.push(
            Diagnostic::warning(
                format!(
                    "ansvarig \"{}\" har kommatecken och läses som en ansvarig, som det står",
                    parts.iter().find(|p| p.contains(',')).map_or("", String::as_str)
                ),
                Some(cell.at.clone()),
            )
            .with_hint(
                "är det flera ansvariga, skriv en per rad i cellen (Alt+Enter i Excel) eller skilj dem med semikolon",
            ),
        );
    }
    parts.into_iter().map(at).collect()
}

/// Splits a list cell into items: one per line; lines starting with a
/// bullet after an unbulleted line stay with it as sub-items.
pub fn split_items(text: &str) -> Vec<String> {
    let lines: Vec<&str> = text.lines().map(str::trim_end).filter(|l| !l.trim().is_empty()).collect();
    let all_bulleted = lines.iter().all(|l| bullet_item(l).is_some());
    let mut items: Vec<String> = Vec::new();
    for line in lines {
        match (bullet_item(line), items.last_mut()) {
            (Some(rest), _) if all_bulleted => items.push(rest.to_string()),
            (Some(rest), Some(last)) => {
                last.push_str("\n- ");
                last.push_str(rest);
            }
            _ => items.push(line.trim().to_string()),
        }
    }
    items
}

/// The header cells that name no known column, with their texts: a
/// column a head added ("U2021", "Kostnad"). Their values are kept in the
/// row's Uppföljning / Kommentar ("U2021: …").
pub(crate) fn unknown_columns<C>(grid: &Grid, header_row: usize, cols: &[(usize, C)]) -> Vec<(usize, String)> {
    grid.filled(header_row)
        .into_iter()
        .filter(|c| !cols.iter().any(|(cc, _)| cc == c))
        .map(|c| (c, column_label(grid, header_row, c)))
        .collect()
}

/// A header as the label of its values in a comment: on one line, and a
/// header too long to be one ("ÅÅÅ…", pasted text) as its column letter.
pub(crate) fn column_label(grid: &Grid, header_row: usize, c: usize) -> String {
    let h = grid.text(header_row, c).unwrap_or_default().split_whitespace().collect::<Vec<_>>().join(" ");
    if h.chars().count() > 100 { format!("Kolumn {}", column_letters(u32::try_from(c).unwrap_or(u32::MAX))) } else { h }
}

/// Columns added on a workbook's sheets: where first found, the sheet's name, the headers.
pub(crate) type Added = Vec<(Origin, String, Vec<String>)>;

/// The place, sheet and headers of a sheet's added columns, if any.
pub(crate) fn note_added(grid: &Grid, header_row: usize, extra: &[(usize, String)], added: &mut Added) {
    if let Some((first, _)) = extra.first() {
        added.push((
            grid.origin(header_row, *first),
            grid.sheet.clone(),
            extra.iter().map(|(_, h)| h.clone()).collect(),
        ));
    }
}

/// One warning per set of added columns, naming every sheet that has it
/// (twelve departments with "U2021" and "U2022" are one warning, not 24):
/// `known` the kind's columns, `kind` ("handlingsplanen") and `comment`
/// (the column the values are added to) word it.
pub(crate) fn warn_added_columns(added: Added, known: &[&str], kind: &str, comment: &str, diags: &mut Diagnostics) {
    let mut groups: Vec<(Origin, Vec<String>, Vec<String>)> = Vec::new();
    for (at, sheet, headers) in added {
        match groups.iter_mut().find(|(_, _, h)| *h == headers) {
            Some((_, sheets, _)) => sheets.push(sheet),
            None => groups.push((at, vec![sheet], headers)),
        }
    }
    for (at, sheets, headers) in groups {
        let names: Vec<String> = headers.iter().map(|h| format!("\"{h}\"")).collect();
        let near: Vec<String> = headers
            .iter()
            .filter_map(|h| nearest(h, known.iter().copied()).map(|n| format!("\"{h}\" → \"{n}\"")))
            .collect();
        let hint = if near.is_empty() {
            format!("kända kolumner: {}; en egen kolumn går bra, den står med i kommentaren", known.join(", "))
        } else {
            format!("menade du {}? byt rubrik på kolumnen, så läses den som en av de kända", near.join(", "))
        };
        let on = if sheets.len() > 1 { format!(" (bladen {})", sheets.join(", ")) } else { String::new() };
        diags.push(
            Diagnostic::warning(
                format!(
                    "{} {}{on} hör inte till {kind}; värdena läggs till i {comment} med rubriken först",
                    if headers.len() == 1 { "kolumnen" } else { "kolumnerna" },
                    names.join(", ")
                ),
                Some(at),
            )
            .with_hint(hint),
        );
    }
}

pub(crate) fn read_document_sheet(
    grid: &Grid,
    plan: &mut RawDocument,
    meta_keys: &[(&'static str, &str)],
    diags: &mut Diagnostics,
) {
    // With a header row "Fält | Värde (| Förklaring)", values are read from
    // the Värde column only; an empty value is no value.
    let value_col = (0..grid.rows.len().min(5))
        .find_map(|r| grid.filled(r).into_iter().find(|&c| grid.text(r, c).is_some_and(|t| normalise(&t) == "värde")));
    for r in 0..grid.rows.len() {
        let filled = grid.filled(r);
        let Some(&label_col) = filled.first() else { continue };
        let label = grid.text(r, label_col).unwrap_or_default();
        let l = normalise(&label);
        if l == "fält" || l == "uppgift" {
            continue; // the sheet's own header row
        }
        let value_at = match value_col {
            Some(c) => (c > label_col && grid.text(r, c).is_some()).then_some(c),
            None => filled.get(1).copied(),
        };
        let value = value_at.and_then(|c| grid.cell(r, c).map(|cell| Loc::new(scalar(cell), grid.origin(r, c))));
        if l == "faser" {
            if let Some(v) = value {
                let text = v.value.to_text();
                let items = text
                    .split([',', '\n', ';'])
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(|s| Loc::new(s.to_string(), v.at.clone()))
                    .collect();
                plan.phases = Some(items);
            }
            continue;
        }
        let key = meta_keys.iter().find(|(k, lab)| normalise(lab) == l || *k == l).map(|(k, _)| *k);
        match (key, value) {
            (Some(k), Some(v)) => plan.meta.push((k.to_string(), v)),
            (Some(_), None) => {}
            (None, _) => {
                let labels: Vec<&str> = meta_keys.iter().map(|(_, lab)| *lab).chain(["Faser"]).collect();
                let mut d = Diagnostic::warning(
                    format!("okänd uppgift \"{label}\" i bladet Dokument ignoreras"),
                    Some(grid.origin(r, label_col)),
                );
                if let Some(n) = nearest(&label, labels.iter().copied()) {
                    d = d.with_hint(format!("menade du \"{n}\"?"));
                }
                diags.push(d);
            }
        }
    }
}

/// The "Text" sheet: columns Avdelning | Nivå | Rubrik | Text. Level 1 is a
/// chapter (a department's chapter when Avdelning is filled), 2 and 3 its
/// sections.
pub(crate) fn read_text_sheet(grid: &Grid, diags: &mut Diagnostics) -> Vec<(Option<Loc<String>>, RawSection)> {
    let mut chapters: Vec<(Option<Loc<String>>, RawSection)> = Vec::new();
    let Some(header) = (0..grid.rows.len().min(20))
        .find(|&r| grid.filled(r).iter().any(|&c| normalise(&grid.text(r, c).unwrap_or_default()) == "rubrik"))
    else {
        if grid.rows.iter().any(|r| r.iter().any(Option::is_some)) {
            diags.push(Diagnostic::error(
                "bladet Text saknar rubrikraden Avdelning | Nivå | Rubrik | Text",
                Some(grid.sheet_origin()),
            ));
        }
        return chapters;
    };
    let find = |name: &str| {
        grid.filled(header).into_iter().find(|&c| normalise(&grid.text(header, c).unwrap_or_default()) == name)
    };
    let (dept_c, level_c, title_c, text_c) = (find("avdelning"), find("nivå"), find("rubrik"), find("text"));
    for r in header + 1..grid.rows.len() {
        if grid.filled(r).is_empty() {
            continue;
        }
        let level = match level_c.and_then(|c| grid.text(r, c)) {
            None => 1,
            Some(t) => {
                if let Ok(n @ 1..=3) = t.trim().parse::<u8>() {
                    n
                } else {
                    diags.push(Diagnostic::error(
                        format!("nivån \"{t}\" ska vara 1, 2 eller 3"),
                        Some(grid.origin(r, level_c.unwrap_or(0))),
                    ));
                    continue;
                }
            }
        };
        let loc = |c: Option<usize>| c.and_then(|c| grid.text(r, c).map(|t| Loc::new(t, grid.origin(r, c))));
        let section = RawSection {
            at: grid.origin(r, title_c.unwrap_or(0)),
            title: loc(title_c),
            text: loc(text_c),
            sections: Vec::new(),
        };
        match level {
            1 => chapters.push((loc(dept_c), section)),
            2 => match chapters.last_mut() {
                Some((_, ch)) => ch.sections.push(section),
                None => diags.push(Diagnostic::error(
                    "ett avsnitt på nivå 2 måste komma efter ett kapitel på nivå 1",
                    Some(grid.origin(r, level_c.unwrap_or(0))),
                )),
            },
            _ => match chapters.last_mut().and_then(|(_, ch)| ch.sections.last_mut()) {
                Some(sec) => sec.sections.push(section),
                None => diags.push(Diagnostic::error(
                    "ett avsnitt på nivå 3 måste komma efter ett avsnitt på nivå 2",
                    Some(grid.origin(r, level_c.unwrap_or(0))),
                )),
            },
        }
    }
    chapters
}

/// Attaches the Text sheet's chapters: department chapters to their
/// department (by name, or added if the department has no sheet), the rest
/// as general chapters. Departments are ordered as their chapters are.
pub(crate) fn merge_narrative(plan: &mut RawDocument, narrative: Vec<(Option<Loc<String>>, RawSection)>) {
    // The departments by name (in sheet order, the first one first), so
    // that many departments are matched in linear time.
    let mut sheets: Vec<Option<RawDepartment>> = std::mem::take(&mut plan.departments).into_iter().map(Some).collect();
    let mut by_name: std::collections::HashMap<String, Vec<usize>> = std::collections::HashMap::new();
    for (i, d) in sheets.iter().enumerate().rev() {
        if let Some(n) = d.as_ref().and_then(|d| d.name.as_ref()) {
            by_name.entry(normalise(&n.value)).or_default().push(i);
        }
    }
    let mut ordered: Vec<RawDepartment> = Vec::new();
    for (dept, section) in narrative {
        let Some(name) = dept else {
            plan.chapters.push(section);
            continue;
        };
        let found = by_name.get_mut(&normalise(&name.value)).and_then(Vec::pop).and_then(|i| sheets[i].take());
        let mut d =
            found.unwrap_or_else(|| RawDepartment { name: Some(name.clone()), ..RawDepartment::empty(name.at) });
        d.title = section.title;
        d.text = section.text;
        d.sections = section.sections;
        ordered.push(d);
    }
    ordered.extend(sheets.into_iter().flatten());
    plan.departments = ordered;
}

/// A cell's text; formula errors (reported by [`error_cells`]) read as empty.
pub(crate) fn cell(grid: &Grid, r: usize, c: Option<usize>) -> Option<Loc<String>> {
    let c = c?;
    if let Some(crate::load::sheet::Cell::Error(_)) = grid.cell(r, c) {
        return None;
    }
    grid.text(r, c).map(|t| Loc::new(t, grid.origin(r, c)))
}

/// The document type a workbook's Dokument sheet declares (Dokumenttyp).
pub(crate) fn declared_kind(grids: &[Grid]) -> Option<String> {
    grids.iter().find(|g| normalise(&g.sheet) == "dokument").and_then(|g| {
        (0..g.rows.len()).find_map(|r| {
            let filled = g.filled(r);
            let label = normalise(&g.text(r, *filled.first()?)?);
            (label == "typ" || label == "dokumenttyp").then(|| filled.get(1).and_then(|&c| g.text(r, c)))?
        })
    })
}

/// The "Statusord" sheet: Ord | Betyder | Färg | Synonymer (comma-separated).
pub(crate) fn read_vocabulary_sheet(grid: &Grid, statuses: &mut Vec<RawStatusWord>, diags: &mut Diagnostics) {
    let Some(header) = grid.header_row(&["betyder"]) else {
        diags.push(Diagnostic::error(
            "bladet Statusord saknar rubrikraden Ord | Betyder | Färg | Synonymer",
            Some(grid.sheet_origin()),
        ));
        return;
    };
    let find = |name: &str| header.col(name);
    let (word, kind, colour, synonyms) = (find("ord"), find("betyder"), find("färg"), find("synonymer"));
    for r in header.row + 1..grid.rows.len() {
        if grid.filled(r).is_empty() {
            continue;
        }
        let synonyms = cell(grid, r, synonyms)
            .map(|l| {
                l.value
                    .split([',', '\n'])
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(|s| Loc::new(s.to_string(), l.at.clone()))
                    .collect()
            })
            .unwrap_or_default();
        statuses.push(RawStatusWord {
            at: grid.origin(r, word.unwrap_or(0)),
            word: cell(grid, r, word),
            kind: cell(grid, r, kind),
            colour: cell(grid, r, colour),
            synonyms,
        });
    }
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

/// Warns, once per sheet, about header cells of a column the sheet has no
/// place for (a column a user added): `known` are the sheet's columns as the
/// committee workbook writes them, `note` where a note of one's own belongs.
pub(crate) fn unread_columns(
    grid: &Grid,
    header_row: usize,
    known: &[(&str, f64)],
    note: &str,
    diags: &mut Diagnostics,
) {
    let unread: Vec<(usize, String)> = grid
        .filled(header_row)
        .into_iter()
        .filter(|&c| {
            let h = normalise(&grid.text(header_row, c).unwrap_or_default());
            !known.iter().any(|(k, _)| normalise(k) == h)
        })
        .map(|c| (c, crate::load::sheet::column_label(grid, header_row, c)))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folded_matches_map_back_to_whole_characters() {
        // "İ" (2 bytes) lower-cases to "i̇" (3 bytes); the Kelvin sign (3
        // bytes) to "k" (1 byte): the folded text's offsets are not the original's.
        let text = "İ Datum: 2021-11";
        let f = Folded::new(text);
        let hits = f.find_all("datum:");
        assert_eq!(hits, [(3, 9)]);
        assert_eq!(&text[hits[0].1..], " 2021-11");
        let text = "\u{212a}S Datum: 2021-11";
        let hits = Folded::new(text).find_all("datum:");
        assert_eq!(&text[hits[0].0..hits[0].1], "Datum:");
        assert_eq!(Folded::new("\u{212a}ONTAKT: a").strip_prefix("kontakt:"), Some(" a"));
        assert_eq!(Folded::new("M\u{212b}L").strip_prefix("mål"), Some(""));
        // A match that ends inside one character's lower case is no match:
        // "İ" folds to "i" + U+0307, so "i" alone is not a whole character.
        assert_eq!(Folded::new("İx").strip_prefix("i"), None);
        assert_eq!(Folded::new("İx").find_all("i"), []);
        assert_eq!(Folded::new("ab").find_all(""), []);
        // Non-overlapping, left to right.
        assert_eq!(Folded::new("AaAa").find_all("aa"), [(0, 2), (2, 4)]);
    }

    #[test]
    fn damaged_iso_dates_are_text() {
        assert!(matches!(convert(&Data::DateTimeIso("2023-01-0ä".into())), Some(Cell::Text(t)) if t == "2023-01-0ä"));
        assert!(matches!(convert(&Data::DateTimeIso("ä".into())), Some(Cell::Text(_))));
        assert!(matches!(convert(&Data::DateTimeIso("2023-01-05T00:00:00".into())), Some(Cell::Date(_))));
    }

    #[test]
    fn list_cells_split_by_line() {
        assert_eq!(split_items("Rektorer\nUtvecklingsenheten\n"), ["Rektorer", "Utvecklingsenheten"]);
        assert_eq!(split_items("- a\n- b"), ["a", "b"]);
        assert_eq!(split_items("Stärka genom:\n- a\n- b\nNästa"), ["Stärka genom:\n- a\n- b", "Nästa"]);
    }
}
