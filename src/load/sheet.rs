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
use super::{META_KEYS, RawDepartment, RawDocument, RawRow, RawSection, Scalar, format_number, one};
use crate::diag::{Diagnostic, Diagnostics, Loc, Origin, column_letters, nearest};
use crate::limits::{MAX_SHEET_CELLS, MAX_SHEET_COLUMNS, MAX_SHEET_ROWS, count};
use crate::markdown::bullet_item;
use crate::model::phase::{ARUBA, STOCKHOLM};

/// The columns of an action table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    Phase,
    Goal,
    Activity,
    Deadline,
    Owner,
    Resources,
    Followup,
    /// Written by our own export ("Klart senast"); derived, so ignored.
    Derived,
}

/// Header texts (normalised: lower case, single spaces, no "?") per column;
/// a header cell matches if it starts with one of them.
const HEADERS: [(Column, &[&str]); 8] = [
    (Column::Phase, &["fas"]),
    (Column::Goal, &["vad ska vi uppnå", "mål", "målsättning", "önskat läge"]),
    (Column::Activity, &["aktivitet", "hur gör vi det", "åtgärd"]),
    (Column::Deadline, &["måldatum", "när ska det vara klart", "slutdatum", "tidsplan", "klart när"]),
    (Column::Owner, &["ansvarig", "ansvar"]),
    (Column::Resources, &["resurser", "resurs"]),
    (Column::Followup, &["uppföljning", "kommentar"]),
    (Column::Derived, &["klart senast"]),
];

/// Sheet names with a special meaning (compared in lower case).
const DOCUMENT_SHEET: &str = "dokument";
const TEXT_SHEET: &str = "text";
const OVERVIEW_SHEET: &str = "översikt";
pub(crate) const PHASE_SHEET: &str = "faser";
/// Bytes beyond which a cell cannot be a header cell (the longest header,
/// "Måldatum – När ska det vara klart?", is 38).
const MAX_HEADER: usize = 400;

/// The phases of a Faser sheet: column A below its header ("Fas"), in order.
pub(crate) fn read_phase_sheet(grid: &Grid) -> Vec<Loc<String>> {
    (0..grid.rows.len())
        .filter_map(|r| grid.text(r, 0).map(|t| Loc::new(t, grid.origin(r, 0))))
        .filter(|t| !matches!(normalise(&t.value).as_str(), "fas" | "faser"))
        .collect()
}

/// A cell's text as compared with header names: normalised, or empty when
/// too long to be a header.
fn header_key(t: &str) -> String {
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

/// Which column a header cell names, if any.
pub fn column_for(header: &str) -> Option<Column> {
    let h = normalise(header);
    if h.is_empty() {
        return None;
    }
    // "Ansvarig chef" is a heading label, not the owner column.
    if h.starts_with("ansvarig chef") {
        return None;
    }
    HEADERS
        .iter()
        .find(|(_, names)| {
            names.iter().any(|n| {
                h == *n
                    || h.starts_with(&format!("{n} "))
                    || h.starts_with(&format!("{n}("))
                    || h.starts_with(&format!("{n}/"))
                    || (n.len() > 4 && h.starts_with(n))
            })
        })
        .map(|(c, _)| *c)
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
    merges: Vec<(u32, u32, u32, u32)>,
    /// The merges spanning rows, by their first column, as (start row, end
    /// row) sorted: built on first use, so that finding the value merged
    /// down into a cell costs a search, not a pass over every merge.
    down: std::cell::OnceCell<std::collections::HashMap<u32, Vec<(u32, u32)>>>,
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

/// Reads a plan from a workbook.
///
/// # Errors
/// A file that is not a readable workbook (with the reason: encrypted,
/// damaged, wrong format), and every sheet without a recognisable header row.
pub fn load(path: &Path) -> Result<(RawDocument, Diagnostics), Diagnostics> {
    let (grids, diags) = open(path)?;
    from_grids(path, &grids, diags)
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

/// Reads a plan from a workbook's sheets.
///
/// # Errors
/// Every sheet without a recognisable header row.
pub(crate) fn from_grids(
    path: &Path,
    grids: &[Grid],
    mut diags: Diagnostics,
) -> Result<(RawDocument, Diagnostics), Diagnostics> {
    let mut plan = RawDocument {
        source: path.to_path_buf(),
        meta: Vec::new(),
        phases: None,
        chapters: Vec::new(),
        departments: Vec::new(),
        folder: None,
    };
    let mut narrative: Vec<(Option<Loc<String>>, RawSection)> = Vec::new();
    let mut table_sheets = 0;
    let mut indicator_sheet = None;
    let mut added: Added = Vec::new();
    // A Faser sheet (one phase per row, as the template writes it) is read
    // first, so that its phases mark phase rows on every sheet, and wins
    // over a Faser row in the Dokument sheet.
    let phase_sheet = grids.iter().find(|g| g.sheet.trim().to_lowercase() == PHASE_SHEET).map(read_phase_sheet);
    plan.phases.clone_from(&phase_sheet);
    for grid in grids {
        match grid.sheet.trim().to_lowercase().as_str() {
            DOCUMENT_SHEET => {
                read_document_sheet(grid, &mut plan, &mut diags);
                if phase_sheet.is_some() {
                    plan.phases.clone_from(&phase_sheet);
                }
            }
            TEXT_SHEET => narrative = read_text_sheet(grid, &mut diags),
            OVERVIEW_SHEET | PHASE_SHEET | "instruktioner" => {}
            "indikatorer" => indicator_sheet = Some(grid),
            _ => {
                // Phases named in the Dokument sheet (read first when it comes first) also mark phase rows.
                let custom: Vec<String> = plan.phases.iter().flatten().map(|p| p.value.clone()).collect();
                if let Some(dept) = read_department_sheet(grid, &custom, &mut added, &mut diags) {
                    table_sheets += 1;
                    plan.departments.push(dept);
                }
            }
        }
    }
    let known =
        ["Fas", "Vad ska vi uppnå?", "Aktivitet", "Måldatum", "Ansvarig", "Resurser", "Uppföljning / Kommentar"];
    warn_added_columns(added, &known, "handlingsplanen", "Uppföljning / Kommentar", &mut diags);
    if table_sheets == 0 && !diags.has_errors() {
        diags.push(Diagnostic::error("arbetsboken har inget blad med en handlingsplan", Some(Origin::File(path.to_path_buf())))
            .with_hint("ett avdelningsblad behöver en rubrikrad med kolumnerna \"Vad ska vi uppnå?\", \"Aktivitet\", \"Måldatum\", \"Ansvarig\""));
    }
    merge_narrative(&mut plan, narrative);
    if let Some(grid) = indicator_sheet {
        super::indicator::read_plan_sheet(path, grid, &mut plan, &mut diags);
    }
    if diags.has_errors() { Err(diags) } else { Ok((plan, diags)) }
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

fn known_phase_words() -> Vec<&'static str> {
    let mut v: Vec<&str> = STOCKHOLM.iter().chain(ARUBA.iter()).copied().collect();
    v.extend(["Avsluta", "Introducera", "Introduktion", "Avveckla"]);
    v
}

/// Whether a lone cell reads as a phase heading (possibly misspelt).
fn looks_like_phase(text: &str, extra: &[String]) -> bool {
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.is_empty() || words.len() > 4 || text.len() > 40 {
        return false;
    }
    let mut known = known_phase_words();
    known.extend(extra.iter().map(String::as_str));
    let first = words[0].trim_matches(|c: char| !c.is_alphabetic());
    extra.iter().any(|e| e.trim().to_lowercase() == text.trim().to_lowercase())
        || known.iter().any(|k| k.to_lowercase() == first.to_lowercase())
        || (words.len() == 1 && nearest(first, known.iter().copied()).is_some())
}

fn find_header(grid: &Grid) -> Option<(usize, Vec<(usize, Column)>)> {
    for r in 0..grid.rows.len().min(40) {
        let mut cols = Vec::new();
        for c in grid.filled(r) {
            if let Some(col) = grid.text(r, c).as_deref().and_then(column_for)
                && !cols.iter().any(|(_, k)| *k == col)
            {
                cols.push((c, col));
            }
        }
        let has_core = cols.iter().any(|(_, k)| matches!(k, Column::Goal | Column::Activity));
        if cols.len() >= 3 && has_core {
            return Some((r, cols));
        }
    }
    None
}

/// Heading labels above the header row.
const LABELS: [(&str, &str); 5] = [
    ("avdelning/enhet", "namn"),
    ("avdelning", "namn"),
    ("enhet", "namn"),
    ("datum", "datum"),
    ("ansvarig chef", "ansvarig_chef"),
];

/// Whether a cell is itself a heading label ("Datum:"), not a value (an
/// empty field in a template is followed by the next label).
fn is_label(text: &str) -> bool {
    let t = text.trim().to_lowercase();
    LABELS.iter().any(|(label, _)| t == format!("{label}:"))
}

/// Finds "Label: value" pairs in a heading cell (several may share a cell)
/// or a label cell followed by its value cell.
fn heading_pairs(grid: &Grid, row: usize) -> Vec<(&'static str, Loc<Scalar>)> {
    let mut out = Vec::new();
    let filled = grid.filled(row);
    for (i, &c) in filled.iter().enumerate() {
        let text = grid.text(row, c).unwrap_or_default();
        let folded = Folded::new(&text);
        // Byte ranges (in `text`) of every label followed by ':' in the cell.
        let mut hits: Vec<(usize, usize, &str)> = Vec::new();
        for (label, key) in LABELS {
            let pat = format!("{label}:");
            for (start, end) in folded.find_all(&pat) {
                let overlapped = hits.iter().any(|&(s, e, _)| start >= s && start < e);
                if !overlapped && (start == 0 || text[..start].ends_with(char::is_whitespace)) {
                    hits.push((start, end, key));
                }
            }
        }
        hits.sort_by_key(|h| h.0);
        if hits.is_empty() {
            // A bare label cell ("Datum") with its value in the next cell.
            let l = normalise(&text);
            if let Some((_, key)) = LABELS.iter().find(|(label, _)| *label == l)
                && let Some(&next) = filled.get(i + 1)
                && let Some(cell) = grid.cell(row, next)
                && !is_label(&cell.text())
            {
                out.push((*key, Loc::new(scalar(cell), grid.origin(row, next))));
            }
            continue;
        }
        for (j, &(_, end, key)) in hits.iter().enumerate() {
            let stop = hits.get(j + 1).map_or(text.len(), |h| h.0);
            let value = text[end..stop].trim();
            if !value.is_empty() {
                out.push((key, Loc::new(Scalar::Text(value.to_string()), grid.origin(row, c))));
            } else if j + 1 == hits.len()
                && let Some(&next) = filled.get(i + 1)
                && let Some(cell) = grid.cell(row, next)
                && !is_label(&cell.text())
            {
                out.push((key, Loc::new(scalar(cell), grid.origin(row, next))));
            }
        }
    }
    out
}

/// The document's title and date from a workbook without them in a
/// Dokument sheet: the first line above the first department sheet's
/// header that is no "Label: value" heading ("Kompetensförsörjningsplan
/// 2024–2026"), and that sheet's "Datum:".
pub(crate) fn heading_meta(grids: &[Grid]) -> (Option<Loc<Scalar>>, Option<Loc<Scalar>>) {
    let special = [DOCUMENT_SHEET, TEXT_SHEET, OVERVIEW_SHEET, PHASE_SHEET, "instruktioner"];
    let Some((grid, header_row)) = grids
        .iter()
        .filter(|g| !special.contains(&g.sheet.trim().to_lowercase().as_str()))
        .find_map(|g| find_header(g).map(|(h, _)| (g, h)))
    else {
        return (None, None);
    };
    let title = (0..header_row).find_map(|r| {
        let filled = grid.filled(r);
        let &c = filled.first()?;
        let text = grid.text(r, c)?;
        (filled.len() == 1 && heading_pairs(grid, r).is_empty() && !is_label(&text) && !text.contains('\n'))
            .then(|| Loc::new(Scalar::Text(text), grid.origin(r, c)))
    });
    let date = department_heading(grid, header_row).date;
    (title, date)
}

/// The header cells that name no known column, with their texts: a
/// column a head added ("U2021", "Kostnad"). Their values are kept in the
/// row's Uppföljning / Kommentar ("U2021: …").
fn unknown_columns(grid: &Grid, header_row: usize, cols: &[(usize, Column)]) -> Vec<(usize, String)> {
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

/// The department's name, date and manager from the heading lines above the
/// header row; the sheet name when no name is given.
fn department_heading(grid: &Grid, header_row: usize) -> RawDepartment {
    let mut dept = RawDepartment::empty(grid.sheet_origin());
    for r in 0..header_row {
        for (key, value) in heading_pairs(grid, r) {
            match key {
                "namn" if dept.name.is_none() => dept.name = Some(Loc::new(value.value.to_text(), value.at)),
                "datum" if dept.date.is_none() => dept.date = Some(value),
                "ansvarig_chef" if dept.manager.is_none() => {
                    dept.manager = Some(Loc::new(value.value.to_text(), value.at));
                }
                _ => {}
            }
        }
    }
    if dept.name.is_none() {
        dept.name = Some(Loc::new(grid.sheet.trim().to_string(), dept.at.clone()));
    }
    dept
}

fn read_department_sheet(
    grid: &Grid,
    custom_phases: &[String],
    added: &mut Added,
    diags: &mut Diagnostics,
) -> Option<RawDepartment> {
    let sheet_origin = grid.sheet_origin();
    if grid.rows.iter().all(|r| r.iter().all(Option::is_none)) {
        diags.push(Diagnostic::warning("bladet är tomt och hoppas över", Some(sheet_origin)));
        return None;
    }
    let Some((header_row, cols)) = find_header(grid) else {
        diags.push(Diagnostic::error("bladet saknar en rubrikrad för handlingsplanen", Some(sheet_origin))
            .with_hint("rubrikraden ska ha minst tre av kolumnerna \"Vad ska vi uppnå?\", \"Aktivitet\", \"Måldatum\", \"Ansvarig\", \"Resurser\", \"Uppföljning / Kommentar\""));
        return None;
    };
    let extra = unknown_columns(grid, header_row, &cols);
    note_added(grid, header_row, &extra, added);
    let mut dept = department_heading(grid, header_row);
    let col = |k: Column| cols.iter().find(|(_, kk)| *kk == k).map(|(c, _)| *c);
    let goal_col = col(Column::Goal);
    // A sheet our export wrote (its "Klart senast" column).
    let ours = col(Column::Derived).is_some();
    let mut phase: Option<Loc<String>> = None;
    let header_texts: Vec<String> =
        cols.iter().map(|(c, _)| normalise(&grid.text(header_row, *c).unwrap_or_default())).collect();
    for r in header_row + 1..grid.rows.len() {
        let filled = grid.filled(r);
        if filled.is_empty() {
            continue;
        }
        // A repeated header row (as after a page break in a pasted table).
        let texts: Vec<String> = cols.iter().filter_map(|(c, _)| grid.text(r, *c)).map(|t| header_key(&t)).collect();
        if texts.len() >= 2 && texts.iter().all(|t| header_texts.contains(t)) {
            continue;
        }
        error_cells(grid, r, diags);
        if col(Column::Phase).is_none() && filled.len() == 1 {
            let text = grid.text(r, filled[0]).unwrap_or_default();
            if looks_like_phase(&text, custom_phases) {
                phase = Some(Loc::new(text, grid.origin(r, filled[0])));
                continue;
            }
        }
        // A goal cell merged down from the row above: same goal, more
        // activities. Its other cells are added to the row above; a value
        // merged down over rows applies to each row it covers, except in a
        // row continuing the goal above, which holds it already.
        let continues = goal_col.is_some_and(|g| grid.merged_from_above(r, g) && grid.text(r, g).is_none());
        let value = |c: usize| -> Option<(usize, &Cell)> {
            if continues { grid.cell(r, c).map(|cell| (r, cell)) } else { grid.cell_or_merged(r, c) }
        };
        let text = |c: usize| -> Option<Loc<String>> {
            let (at, cell) = value(c)?;
            let t = cell.text().trim().to_string();
            (!t.is_empty()).then(|| Loc::new(t, grid.origin(at, c)))
        };
        let cell_text = |k: Column| col(k).and_then(text);
        let list = |k: Column| -> Vec<Loc<String>> {
            col(k)
                .and_then(text)
                .map(|t| split_items(&t.value).into_iter().map(|i| Loc::new(i, t.at.clone())).collect())
                .unwrap_or_default()
        };
        let deadlines: Vec<Loc<Scalar>> = match col(Column::Deadline).and_then(|c| value(c).map(|v| (c, v))) {
            Some((c, (at, Cell::Date(d)))) => vec![Loc::new(Scalar::Date(*d), grid.origin(at, c))],
            Some((c, (at, cell))) => cell
                .text()
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(|l| Loc::new(Scalar::Text(l.to_string()), grid.origin(at, c)))
                .collect(),
            None => Vec::new(),
        };
        let row_phase = match col(Column::Phase) {
            Some(c) => text(c).or_else(|| phase.clone()),
            None => phase.clone(),
        };
        if let Some(c) = col(Column::Phase)
            && let Some(p) = text(c)
        {
            phase = Some(p);
        }
        // The values of columns the plan has no place for, "Rubrik: värde".
        let mut followup = cell_text(Column::Followup);
        for (h, v) in extra.iter().filter_map(|(c, h)| text(*c).map(|v| (h, v))) {
            append_line(&mut followup, Some(Loc::new(format!("{h}: {}", v.value), v.at)));
        }
        let row = RawRow {
            at: grid.origin(r, goal_col.unwrap_or(filled[0])),
            phase: row_phase,
            goal: cell_text(Column::Goal),
            activities: list(Column::Activity),
            deadlines,
            owners: col(Column::Owner).and_then(text).map(|t| split_owners(&t, ours, diags)).unwrap_or_default(),
            resources: cell_text(Column::Resources),
            followup,
        };
        match dept.rows.last_mut() {
            Some(prev) if continues => {
                prev.activities.extend(row.activities);
                prev.deadlines.extend(row.deadlines);
                prev.owners.extend(row.owners);
                append_line(&mut prev.resources, row.resources);
                append_line(&mut prev.followup, row.followup);
            }
            _ => dept.rows.push(row),
        }
    }
    Some(dept)
}

/// Adds a further row's text on a line of its own (the cells of rows under
/// one merged goal).
fn append_line(into: &mut Option<Loc<String>>, more: Option<Loc<String>>) {
    match (into.as_mut(), more) {
        (Some(prev), Some(more)) => {
            prev.value.push('\n');
            prev.value.push_str(&more.value);
        }
        (None, more) => *into = more,
        (Some(_), None) => {}
    }
}

pub(crate) fn read_document_sheet(grid: &Grid, plan: &mut RawDocument, diags: &mut Diagnostics) {
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
        let key = META_KEYS.iter().find(|(k, lab)| normalise(lab) == l || *k == l).map(|(k, _)| *k);
        match (key, value) {
            (Some(k), Some(v)) => plan.meta.push((k.to_string(), v)),
            (Some(_), None) => {}
            (None, _) => {
                let labels: Vec<&str> = META_KEYS.iter().map(|(_, lab)| *lab).chain(["Faser"]).collect();
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_match_seed_wordings() {
        assert_eq!(column_for("Vad ska vi uppnå?"), Some(Column::Goal));
        assert_eq!(column_for("Aktivitet\n\nHur gör vi det?"), Some(Column::Activity));
        assert_eq!(column_for("Måldatum\nNär ska det vara klart?"), Some(Column::Deadline));
        assert_eq!(column_for("Ansvarig\n(Funktion)"), Some(Column::Owner));
        assert_eq!(column_for("Resurser (timmar, kronor, personal)"), Some(Column::Resources));
        assert_eq!(column_for("Uppföljning / Kommentar"), Some(Column::Followup));
        assert_eq!(column_for("FAS"), Some(Column::Phase));
        assert_eq!(column_for("Ansvarig chef"), None);
        assert_eq!(column_for("Budget"), None);
    }

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
    fn heading_labels_after_case_changing_letters() {
        let grid = |cells: &[&str]| Grid {
            sheet: "Blad".to_string(),
            path: PathBuf::from("p.xlsx"),
            rows: vec![cells.iter().map(|t| Some(Cell::Text((*t).to_string()))).collect()],
            merges: Vec::new(),
            down: std::cell::OnceCell::new(),
        };
        let row = |cells: &[&str]| -> Vec<(&str, String)> {
            heading_pairs(&grid(cells), 0).into_iter().map(|(k, v)| (k, v.value.to_text())).collect()
        };
        let pairs = |text: &str| row(&[text]);
        assert_eq!(pairs("İ Datum: 2021-11"), [("datum", "2021-11".to_string())]);
        // The label's end in the folded text lay past the end of this cell (a panic).
        assert_eq!(row(&["İ Datum:", "2021-11"]), [("datum", "2021-11".to_string())]);
        // ... or inside the "Å" of the value (a panic).
        assert_eq!(pairs("İ Ansvarig chef:Åsa"), [("ansvarig_chef", "Åsa".to_string())]);
        assert_eq!(
            pairs("\u{212a}ultur Datum: 2021-11 Ansvarig chef: Åsa"),
            [("datum", "2021-11".to_string()), ("ansvarig_chef", "Åsa".to_string())]
        );
        assert_eq!(pairs("\u{2126}hm Ansvarig chef: Åsa"), [("ansvarig_chef", "Åsa".to_string())]);
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

    #[test]
    fn phase_rows_are_recognised() {
        assert!(looks_like_phase("Utveckla", &[]));
        assert!(looks_like_phase("Rekrytera (och introducera)", &[]));
        assert!(looks_like_phase("Utvekla", &[]));
        assert!(!looks_like_phase("Minskad personalomsättning", &[]));
        assert!(looks_like_phase("Kompetens och ledarskap", &["Kompetens och ledarskap".to_string()]));
    }
}
