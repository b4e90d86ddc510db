//! Structure-aware mutation of `OpenDocument` spreadsheets. The seeds are the
//! bundled workbooks' sheets (read with calamine) written as ODS; each
//! execution changes the `content.xml` model (repeated rows and columns,
//! cell types, `office:date-value` and `office:value` junk, spaces, covered
//! cells, hidden and renamed tables) and packs it again.

use std::fmt::Write as _;

use calamine::{Data, Reader, SheetVisible};

use crate::book::{esc, pack};
use crate::rng::{Rng, case_fold_mix, field_text};

#[derive(Clone)]
struct Cell {
    /// The attributes after `<table:table-cell`, each with a leading space.
    attrs: String,
    /// The content (`<text:p>…</text:p>`).
    body: String,
    covered: bool,
}

#[derive(Clone)]
struct Row {
    attrs: String,
    cells: Vec<Cell>,
}

#[derive(Clone)]
struct Table {
    name: String,
    hidden: bool,
    rows: Vec<Row>,
}

/// A seed: an ODS document as tables.
#[derive(Clone)]
pub struct Sheets(Vec<Table>);

fn string_cell(s: &str) -> Cell {
    let body: String = s.split('\n').fold(String::new(), |mut b, l| {
        let _ = write!(b, "<text:p>{}</text:p>", esc(l));
        b
    });
    Cell { attrs: " office:value-type=\"string\" calcext:value-type=\"string\"".to_string(), body, covered: false }
}

fn cell_of(d: &Data) -> Cell {
    match d {
        Data::Empty => Cell { attrs: String::new(), body: String::new(), covered: false },
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => string_cell(s),
        Data::Float(f) => Cell {
            attrs: format!(" office:value-type=\"float\" office:value=\"{f}\""),
            body: format!("<text:p>{f}</text:p>"),
            covered: false,
        },
        Data::Int(i) => Cell {
            attrs: format!(" office:value-type=\"float\" office:value=\"{i}\""),
            body: format!("<text:p>{i}</text:p>"),
            covered: false,
        },
        Data::Bool(b) => Cell {
            attrs: format!(" office:value-type=\"boolean\" office:boolean-value=\"{b}\""),
            body: format!("<text:p>{}</text:p>", if *b { "SANT" } else { "FALSKT" }),
            covered: false,
        },
        Data::DateTime(dt) => match dt.as_datetime() {
            Some(t) => {
                let iso = t.format("%Y-%m-%dT%H:%M:%S").to_string();
                Cell {
                    attrs: format!(" office:value-type=\"date\" office:date-value=\"{iso}\""),
                    body: format!("<text:p>{}</text:p>", &iso[..10]),
                    covered: false,
                }
            }
            None => cell_of(&Data::Float(dt.as_f64())),
        },
        Data::Error(e) => Cell {
            attrs: " office:value-type=\"string\" calcext:value-type=\"error\"".to_string(),
            body: format!("<text:p>{}</text:p>", esc(&e.to_string())),
            covered: false,
        },
    }
}

/// The sheets of a workbook (any format calamine reads) as an ODS seed.
pub fn from_workbook(path: &std::path::Path) -> Option<Sheets> {
    let mut book = calamine::open_workbook_auto(path).ok()?;
    let metas: Vec<(String, bool)> =
        book.sheets_metadata().iter().map(|s| (s.name.clone(), s.visible != SheetVisible::Visible)).collect();
    let mut tables = Vec::new();
    for (name, hidden) in metas {
        let range = book.worksheet_range(&name).ok()?;
        let (r0, c0) = range.start().unwrap_or((0, 0));
        let mut rows: Vec<Row> = (0..r0).map(|_| Row { attrs: String::new(), cells: Vec::new() }).collect();
        for row in range.rows() {
            let mut cells: Vec<Cell> = (0..c0).map(|_| cell_of(&Data::Empty)).collect();
            cells.extend(row.iter().map(cell_of));
            rows.push(Row { attrs: String::new(), cells });
        }
        tables.push(Table { name, hidden, rows });
    }
    Some(Sheets(tables))
}

const MIMETYPE: &str = "application/vnd.oasis.opendocument.spreadsheet";

/// The document as an .ods file.
fn write(sheets: &Sheets, mimetype: &str) -> Vec<u8> {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<office:document-content \
         xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" \
         xmlns:style=\"urn:oasis:names:tc:opendocument:xmlns:style:1.0\" \
         xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" \
         xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" \
         xmlns:calcext=\"urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0\" office:version=\"1.3\">\
         <office:automatic-styles><style:style style:name=\"ta1\" style:family=\"table\">\
         <style:table-properties table:display=\"true\"/></style:style>\
         <style:style style:name=\"ta2\" style:family=\"table\"><style:table-properties table:display=\"false\"/>\
         </style:style></office:automatic-styles><office:body><office:spreadsheet>",
    );
    for t in &sheets.0 {
        let _ = write!(
            xml,
            "<table:table table:name=\"{}\" table:style-name=\"{}\">",
            esc(&t.name),
            if t.hidden { "ta2" } else { "ta1" }
        );
        for r in &t.rows {
            let _ = write!(xml, "<table:table-row{}>", r.attrs);
            for c in &r.cells {
                let tag = if c.covered { "table:covered-table-cell" } else { "table:table-cell" };
                if c.body.is_empty() {
                    let _ = write!(xml, "<{tag}{}/>", c.attrs);
                } else {
                    let _ = write!(xml, "<{tag}{}>{}</{tag}>", c.attrs, c.body);
                }
            }
            if r.cells.is_empty() {
                xml.push_str("<table:table-cell/>");
            }
            xml.push_str("</table:table-row>");
        }
        xml.push_str("</table:table>");
    }
    xml.push_str("</office:spreadsheet></office:body></office:document-content>");
    let manifest = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<manifest:manifest \
        xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\" manifest:version=\"1.3\">\
        <manifest:file-entry manifest:full-path=\"/\" manifest:media-type=\"application/vnd.oasis.opendocument.spreadsheet\"/>\
        <manifest:file-entry manifest:full-path=\"content.xml\" manifest:media-type=\"text/xml\"/></manifest:manifest>";
    pack(&[
        ("mimetype".to_string(), mimetype.as_bytes().to_vec()),
        ("META-INF/manifest.xml".to_string(), manifest.as_bytes().to_vec()),
        ("content.xml".to_string(), xml.into_bytes()),
    ])
}

/// The seed as an .ods file, unchanged.
pub fn write_seed(sheets: &Sheets) -> Vec<u8> {
    write(sheets, MIMETYPE)
}

/// A cell of a random type with odd values.
fn random_cell(rng: &mut Rng, known: bool) -> Cell {
    const FLOATS: [&str; 10] = ["1", "-1", "1e308", "1e309", "NaN", "inf", "", "abc", "45000", "0.5"];
    const DATES: [&str; 10] = [
        "2023-01-05",
        "2023-01-05T10:00:00",
        "2023-02-30",
        "",
        "2023",
        "x",
        "-0001-01-01",
        "1899-12-30",
        "99999-12-31",
        "T",
    ];
    const WIDE_DATES: [&str; 4] = ["2023-01-0ä", "2023-01-ää", "ääääää", "2023-01-0\u{212A}"];
    let mut text = field_text(rng);
    if known && rng.one_in(3) {
        text = case_fold_mix(rng, &text);
    }
    let p = format!("<text:p>{}</text:p>", esc(&text));
    let (attrs, body) = match rng.below(9) {
        0 | 1 => (" office:value-type=\"string\"".to_string(), p),
        2 => (format!(" office:value-type=\"float\" office:value=\"{}\"", FLOATS[rng.below(FLOATS.len())]), p),
        3 | 4 => {
            let d = if known && rng.one_in(3) {
                WIDE_DATES[rng.below(WIDE_DATES.len())]
            } else {
                DATES[rng.below(DATES.len())]
            };
            (format!(" office:value-type=\"date\" office:date-value=\"{}\"", esc(d)), p)
        }
        5 => (" office:value-type=\"time\" office:time-value=\"PT25H61M\"".to_string(), p),
        6 => (format!(" office:value-type=\"string\" office:string-value=\"{}\"", esc(&text)), String::new()),
        7 => {
            // Runs of spaces (<text:s text:c="N"/>), tabs, breaks, spans, notes.
            // calamine writes out text:c spaces one by one: a huge count costs its size.
            let n =
                if known && rng.one_in(7) { "1000000000" } else { ["1", "0", "-1", "x", "100", "70000"][rng.below(6)] };
            (
                " office:value-type=\"string\"".to_string(),
                format!(
                    "<text:p>a<text:s text:c=\"{n}\"/>b<text:tab/><text:line-break/><text:span>{}</text:span></text:p>\
                     <office:annotation><text:p>not</text:p></office:annotation><text:p/>",
                    esc(&text)
                ),
            )
        }
        _ => (
            " office:value-type=\"boolean\" office:boolean-value=\"maybe\" calcext:value-type=\"error\"".to_string(),
            p,
        ),
    };
    Cell { attrs, body, covered: false }
}

fn repeat_count(rng: &mut Rng, known: bool, huge: &[&str]) -> String {
    const SMALL: [&str; 8] = ["2", "3", "10", "200", "0", "x", "-1", "1"];
    if known && rng.one_in(3) {
        huge[rng.below(huge.len())].to_string()
    } else {
        SMALL[rng.below(SMALL.len())].to_string()
    }
}

/// A structure-aware mutation of `seed`, packed as an .ods file.
pub fn mutate(rng: &mut Rng, seed: &Sheets, known: bool) -> Vec<u8> {
    let mut s = seed.clone();
    let mut mimetype = MIMETYPE.to_string();
    for _ in 0..=rng.below(4) {
        if s.0.is_empty() {
            break;
        }
        let t = rng.below(s.0.len());
        let table = &mut s.0[t];
        let nrows = table.rows.len();
        match rng.below(16) {
            0..=4 if nrows > 0 => {
                let r = &mut table.rows[rng.below(nrows)];
                let cell = random_cell(rng, known);
                if r.cells.is_empty() || rng.one_in(4) {
                    let at = rng.below(r.cells.len() + 1);
                    r.cells.insert(at, cell);
                } else {
                    let at = rng.below(r.cells.len());
                    r.cells[at] = cell;
                }
            }
            5 | 6 if nrows > 0 => {
                let n =
                    repeat_count(rng, known, &["1048000", "1048576", "4294967295", "100000", "18446744073709551616"]);
                let r = &mut table.rows[rng.below(nrows)];
                r.attrs = format!(" table:number-rows-repeated=\"{n}\"");
            }
            7 | 8 if nrows > 0 => {
                let n = repeat_count(rng, known, &["16384", "1024", "100000", "4294967295"]);
                let r = &mut table.rows[rng.below(nrows)];
                if let Some(c) = r.cells.last_mut() {
                    let _ = write!(c.attrs, " table:number-columns-repeated=\"{n}\"");
                }
            }
            9 if nrows > 0 => {
                let at = rng.below(nrows);
                let row = table.rows[at].clone();
                for _ in 0..=rng.below(3) {
                    table.rows.insert(at, row.clone());
                }
            }
            10 if nrows > 0 => {
                table.rows.remove(rng.below(nrows));
            }
            11 if nrows > 0 => {
                let r = &mut table.rows[rng.below(nrows)];
                if !r.cells.is_empty() {
                    let at = rng.below(r.cells.len());
                    r.cells[at].covered = true;
                }
            }
            12 => table.hidden = !table.hidden,
            13 => {
                let mut name = crate::rng::DOMAIN[rng.below(crate::rng::DOMAIN.len())].to_string();
                if known && rng.one_in(2) {
                    name = case_fold_mix(rng, &name);
                }
                table.name = name;
            }
            14 => {
                if rng.one_in(4) {
                    mimetype =
                        ["", "application/vnd.oasis.opendocument.text", "application/zip"][rng.below(3)].to_string();
                } else {
                    s.0.remove(t);
                }
            }
            _ => {
                // Byte changes to one cell's XML.
                if let Some(r) = table.rows.get_mut(rng.below(nrows.max(1)))
                    && !r.cells.is_empty()
                {
                    let at = rng.below(r.cells.len());
                    let c = &mut r.cells[at];
                    c.attrs = String::from_utf8_lossy(&rng.mutate(c.attrs.as_bytes())).into_owned();
                    c.body = String::from_utf8_lossy(&rng.mutate(c.body.as_bytes())).into_owned();
                }
            }
        }
    }
    write(&s, &mimetype)
}
