//! A look inside a workbook's zip archive before calamine reads it, so that
//! the cost of reading follows the real content, not what the file claims:
//! every part's unpacked size is counted (a zip bomb unpacks a few
//! kilobytes to gigabytes), and an ODS sheet's repeated rows and cells
//! (`table:number-rows-repeated`, which calamine expands) are added up
//! before they are expanded. xlsx sheets need no such look: the sheet
//! reader ([`super::sheet`]) reads their cells one by one.
//!
//! A file that is not a zip archive, or is damaged, passes: calamine then
//! says what is wrong with it.

use std::io::{BufReader, Read};
use std::path::Path;

use quick_xml::events::{BytesStart, Event};

use crate::diag::{Diagnostic, Origin, column_letters};
use crate::limits::{
    MAX_SHEET_CELLS, MAX_SHEET_COLUMNS, MAX_SHEET_ROWS, MAX_TEXT_CHARS, MAX_UNPACKED_ENTRY, MAX_UNPACKED_TOTAL, count,
    megabytes,
};

/// Checks the archive read from `path` (an .xlsx or .ods; its `bytes` as
/// read through [`crate::fsguard`]) against the size limits.
///
/// # Errors
/// The first limit passed, with its place (the part, or the sheet and cell).
pub(crate) fn check(path: &Path, bytes: &[u8]) -> Result<(), Diagnostic> {
    let Ok(mut zip) = zip::ZipArchive::new(std::io::Cursor::new(bytes)) else { return Ok(()) };
    let at = || Some(Origin::File(path.to_path_buf()));
    let too_big = |name: &str, what: String| {
        Diagnostic::error(format!("delen \"{name}\" i arbetsboken packas upp till {what}"), at()).with_hint(format!(
            "en del får vara högst {} uppackad och hela arbetsboken högst {}; filen är troligen skadad eller konstruerad — spara arbetsboken på nytt från Excel",
            megabytes(MAX_UNPACKED_ENTRY),
            megabytes(MAX_UNPACKED_TOTAL)
        ))
    };
    let mut total: u64 = 0;
    let mut has_ods_content = false;
    let mut shared_strings_size = None;
    for i in 0..zip.len() {
        let Ok(mut entry) = zip.by_index(i) else { return Ok(()) };
        let name = entry.name().map(|n| n.to_string()).unwrap_or_default();
        if entry.size() > MAX_UNPACKED_ENTRY {
            return Err(too_big(&name, format!("{} (enligt arkivet)", megabytes(entry.size()))));
        }
        // The declared size may lie: count what really comes out.
        let limit = MAX_UNPACKED_ENTRY.min(MAX_UNPACKED_TOTAL - total);
        let n = match std::io::copy(&mut (&mut entry).take(limit + 1), &mut std::io::sink()) {
            Ok(n) => n,
            // The zip reader stops a part that unpacks to more than its header
            // says (a zip bomb that hides its size), and a damaged one.
            Err(e) => {
                let why = if e.to_string().contains("larger than its declared") {
                    "packas upp till mer än arkivet anger"
                } else {
                    "kan inte packas upp"
                };
                return Err(Diagnostic::error(format!("delen \"{name}\" i arbetsboken {why}"), at())
                    .with_hint("filen är skadad eller konstruerad; öppna originalet i Excel och spara det på nytt"));
            }
        };
        if n > limit {
            let what = if n > MAX_UNPACKED_ENTRY {
                format!("mer än {}", megabytes(MAX_UNPACKED_ENTRY))
            } else {
                format!("så mycket att hela arkivet blir större än {}", megabytes(MAX_UNPACKED_TOTAL))
            };
            return Err(too_big(&name, what));
        }
        total += n;
        has_ods_content |= name == "content.xml";
        if name == "xl/sharedStrings.xml" {
            shared_strings_size = Some(n);
        }
    }
    // calamine reserves room for as many shared strings as the part
    // declares (`uniqueCount`) before reading any: a declared count no part
    // of this size can hold is refused, never allocated.
    if let Some(size) = shared_strings_size
        && let Some(declared) = shared_strings_declared(&mut zip)
        && declared > size / MIN_SHARED_STRING_BYTES
    {
        return Err(Diagnostic::error(
            format!(
                "delen \"xl/sharedStrings.xml\" i arbetsboken anger {} texter men rymmer högst {}",
                count(declared),
                count(size / MIN_SHARED_STRING_BYTES)
            ),
            at(),
        )
        .with_hint("filen är skadad eller konstruerad; öppna originalet i Excel och spara det på nytt"));
    }
    let is_ods = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("ods"));
    if is_ods && has_ods_content {
        let Ok(entry) = zip.by_name("content.xml") else { return Ok(()) };
        return ods_extent(path, BufReader::new(entry));
    }
    Ok(())
}

/// Reads a cell element's children up to its end: whether they hold any
/// text. More spaces asked for by `<text:s text:c="N"/>` than a cell may
/// hold (calamine writes them out one by one), and XML that does not parse,
/// are errors.
///
/// # Errors
/// More spaces than a cell may hold, at `at`; damaged XML, at `path`.
fn cell_has_text<R: std::io::BufRead>(
    reader: &mut quick_xml::Reader<R>,
    buf: &mut Vec<u8>,
    path: &Path,
    at: impl Fn() -> Origin,
) -> Result<bool, Diagnostic> {
    let mut depth = 1usize;
    let mut text = false;
    let mut spaces = 0u64;
    while depth > 0 {
        buf.clear();
        let Ok(event) = reader.read_event_into(buf) else { return Err(damaged_content(path)) };
        match event {
            Event::Start(e) => {
                depth += 1;
                if e.name().as_ref() == "text:s" {
                    spaces = spaces.saturating_add(repeat(&e, "text:c"));
                }
            }
            Event::Empty(e) if e.name().as_ref() == "text:s" => {
                spaces = spaces.saturating_add(repeat(&e, "text:c"));
                text = true;
            }
            Event::End(_) => depth -= 1,
            Event::Text(t) => text |= !t.trim().is_empty(),
            Event::CData(_) | Event::GeneralRef(_) => text = true,
            Event::Eof => return Err(damaged_content(path)),
            _ => {}
        }
    }
    if spaces > MAX_TEXT_CHARS as u64 {
        return Err(too_many_spaces(spaces, at()));
    }
    Ok(text)
}

/// A cell whose `<text:s text:c="N"/>` asks for more spaces than a cell may
/// hold (calamine would write them out one by one).
fn too_many_spaces(spaces: u64, at: Origin) -> Diagnostic {
    Diagnostic::error(
        format!(
            "cellen anger {} mellanslag (text:s text:c); en cell kan ha högst {} tecken",
            count(spaces),
            count(MAX_TEXT_CHARS as u64)
        ),
        Some(at),
    )
    .with_hint("filen är skadad eller konstruerad; öppna originalet i LibreOffice och spara det på nytt")
}

/// An ODS `content.xml` that is not well-formed XML. calamine reads on past
/// what it cannot parse and would expand the repeats behind it, so a damaged
/// sheet is refused before calamine reads it.
fn damaged_content(path: &Path) -> Diagnostic {
    Diagnostic::error("bladens innehåll (content.xml) i arbetsboken är skadat", Some(Origin::File(path.to_path_buf())))
        .with_hint("öppna originalet i LibreOffice eller Excel och spara det på nytt som .ods eller .xlsx")
}

/// The smallest a shared string can be written: `<si><t/></si>`.
const MIN_SHARED_STRING_BYTES: u64 = 13;

/// The `uniqueCount` (else `count`) the shared-strings part declares on its
/// root element.
fn shared_strings_declared<R: Read + std::io::Seek>(zip: &mut zip::ZipArchive<R>) -> Option<u64> {
    let entry = zip.by_name("xl/sharedStrings.xml").ok()?;
    let mut reader = quick_xml::Reader::from_reader(BufReader::new(entry));
    let mut buf = Vec::new();
    loop {
        buf.clear();
        match reader.read_event_into(&mut buf).ok()? {
            Event::Start(e) | Event::Empty(e) => {
                // Read from the tag's raw text: a damaged attribute before it
                // (`xmlns}"…"`) stops an attribute parser, but not calamine,
                // which then reserved the 4 294 967 296 strings (found by the fuzzer).
                let raw: &str = &e[..];
                return declared_number(raw, "uniqueCount").or_else(|| declared_number(raw, "count"));
            }
            Event::Eof => return None,
            _ => {}
        }
    }
}

/// The largest number given to attribute `key` anywhere in a tag's raw
/// text (`key="123"`, `key = '123'`), where `key` is a whole name.
fn declared_number(raw: &str, key: &str) -> Option<u64> {
    let mut found: Option<u64> = None;
    for (at, _) in raw.match_indices(key) {
        let before = raw[..at].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
            continue;
        }
        let rest = raw[at + key.len()..].trim_start();
        let Some(rest) = rest.strip_prefix('=') else { continue };
        let rest = rest.trim_start().trim_start_matches(['"', '\'']).trim_start();
        let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
        if let Ok(n) = digits.parse::<u64>() {
            found = Some(found.map_or(n, |f| f.max(n)));
        } else if !digits.is_empty() {
            // More digits than a u64 holds: as large as can be.
            found = Some(u64::MAX);
        }
    }
    found
}

/// A number attribute (`table:number-rows-repeated="3"`), 1 when absent or unreadable.
fn repeat(e: &BytesStart<'_>, key: &str) -> u64 {
    e.try_get_attribute(key).ok().flatten().and_then(|a| a.value.trim().parse::<u64>().ok()).unwrap_or(1).max(1)
}

fn attr(e: &BytesStart<'_>, key: &str) -> Option<String> {
    let raw = e.try_get_attribute(key).ok().flatten()?.value.into_owned();
    Some(
        raw.replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&apos;", "'")
            .replace("&amp;", "&"),
    )
}

/// The rows and cells each ODS sheet really spans once its repeats are
/// expanded, as calamine would. Empty repeated rows and cells cost nothing
/// (calamine skips them after the last content, and `LibreOffice` writes a
/// million of them after every sheet); repeated content is counted in full.
fn ods_extent(path: &Path, content: impl std::io::BufRead) -> Result<(), Diagnostic> {
    let mut reader = quick_xml::Reader::from_reader(content);
    let mut buf = Vec::new();
    let mut skip = Vec::new();
    let mut sheet = String::new();
    // Position of the next row and cell (0-based), and the extent of content so far.
    let (mut row, mut col) = (0u64, 0u64);
    let mut row_repeats = 1u64;
    // The first cell with content in the current row, and the end of its content.
    let mut row_first: Option<u64> = None;
    let mut row_end = 0u64;
    // The widest row with content so far (rows are read top to bottom).
    let mut last_col = 0u64;
    let cell_at = |sheet: &str, row: u64, col: u64| Origin::Cell {
        path: path.to_path_buf(),
        sheet: sheet.to_string(),
        row: u32::try_from(row).unwrap_or(u32::MAX),
        col: u32::try_from(col).unwrap_or(u32::MAX),
    };
    loop {
        buf.clear();
        let event = match reader.read_event_into(&mut buf) {
            Ok(Event::Eof) => return Ok(()),
            Err(_) => return Err(damaged_content(path)),
            Ok(e) => e,
        };
        let (start, empty) = match &event {
            Event::Start(e) => (Some(e), false),
            Event::Empty(e) => (Some(e), true),
            _ => (None, false),
        };
        if let Some(e) = start {
            match e.name().as_ref() {
                "table:table" => {
                    sheet = attr(e, "table:name").unwrap_or_default();
                    (row, last_col) = (0, 0);
                }
                "table:table-row" => {
                    row_repeats = repeat(e, "table:number-rows-repeated");
                    (col, row_first, row_end) = (0, None, 0);
                    if empty {
                        row = row.saturating_add(row_repeats);
                    }
                }
                "table:table-cell" | "table:covered-table-cell" => {
                    let repeats = repeat(e, "table:number-columns-repeated");
                    let typed = e.try_get_attribute("office:value-type").ok().flatten().is_some()
                        || e.try_get_attribute("table:formula").ok().flatten().is_some();
                    // A cell element with children has content if they hold text.
                    let has_text = !empty && {
                        let at = || cell_at(&sheet, row, col);
                        cell_has_text(&mut reader, &mut skip, path, at)?
                    };
                    let has_content = typed || has_text;
                    if has_content {
                        row_first.get_or_insert(col);
                        row_end = col.saturating_add(repeats);
                        if row_end > u64::from(MAX_SHEET_COLUMNS) {
                            let message = if repeats > 1 {
                                format!(
                                    "cellen upprepas {} gånger (table:number-columns-repeated), så att innehållet når kolumn {}",
                                    count(repeats),
                                    column_letters(u32::try_from(row_end - 1).unwrap_or(u32::MAX))
                                )
                            } else {
                                "cellen har innehåll bortom bladets sista tillåtna kolumn".to_string()
                            };
                            return Err(columns_error(&message, cell_at(&sheet, row, col)));
                        }
                    }
                    col = col.saturating_add(repeats);
                }
                _ => {}
            }
        }
        if let Event::End(e) = &event
            && e.name().as_ref() == "table:table-row"
        {
            if let Some(first) = row_first {
                let end = row.saturating_add(row_repeats);
                if end > u64::from(MAX_SHEET_ROWS) {
                    let message = if row_repeats > 1 {
                        format!(
                            "raden upprepas {} gånger (table:number-rows-repeated), så att innehållet når rad {}",
                            count(row_repeats),
                            count(end)
                        )
                    } else {
                        "raden har innehåll bortom bladets sista tillåtna rad".to_string()
                    };
                    return Err(rows_error(&message, cell_at(&sheet, row, first)));
                }
                last_col = last_col.max(row_end);
                if end.saturating_mul(last_col) > MAX_SHEET_CELLS {
                    return Err(cells_error(
                        &Origin::Sheet { path: path.to_path_buf(), sheet: sheet.clone() },
                        end,
                        last_col,
                    ));
                }
            }
            row = row.saturating_add(row_repeats);
        }
    }
}

/// Content beyond [`MAX_SHEET_ROWS`].
pub(crate) fn rows_error(message: &str, at: Origin) -> Diagnostic {
    Diagnostic::error(
        format!("{message}; ett blad kan ha innehåll på högst {} rader", count(u64::from(MAX_SHEET_ROWS))),
        Some(at),
    )
    .with_hint(
        "ta bort innehållet långt ner på bladet (markera raderna under tabellen och välj Ta bort), och spara på nytt",
    )
}

/// Content beyond [`MAX_SHEET_COLUMNS`].
pub(crate) fn columns_error(message: &str, at: Origin) -> Diagnostic {
    Diagnostic::error(
        format!("{message}; ett blad kan ha innehåll i högst {} kolumner (till och med {})", MAX_SHEET_COLUMNS, column_letters(MAX_SHEET_COLUMNS - 1)),
        Some(at),
    )
    .with_hint("ta bort innehållet långt till höger på bladet (markera kolumnerna bredvid tabellen och välj Ta bort), och spara på nytt")
}

/// A sheet whose content spans more than [`MAX_SHEET_CELLS`].
pub(crate) fn cells_error(at: &Origin, rows: u64, cols: u64) -> Diagnostic {
    Diagnostic::error(
        format!(
            "bladets innehåll sträcker sig över {} rader och {} kolumner, {} celler; ett blad kan omfatta högst {} celler",
            count(rows),
            count(cols),
            count(rows.saturating_mul(cols)),
            count(MAX_SHEET_CELLS)
        ),
        Some(at.clone()),
    )
    .with_hint("ta bort innehåll långt ner eller långt till höger om tabellen, eller dela upp bladet")
}
