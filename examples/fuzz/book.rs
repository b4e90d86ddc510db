//! Structure-aware mutation of .xlsx workbooks: a seed is unpacked once;
//! each execution changes its XML where the reader looks (cells of every
//! type with odd references and values, shared strings, `<dimension>`,
//! rows, merged cells, sheet names and visibility, number formats) and
//! packs it again (deflate).

use std::fmt::Write as _;
use std::io::{Cursor, Read, Write};
use std::path::Path;

use crate::rng::{Rng, case_fold_mix, field_text};

/// A workbook as its zip parts, in archive order.
#[derive(Clone)]
pub struct Book {
    pub parts: Vec<(String, Vec<u8>)>,
}

/// Reads every part of a zip archive.
pub fn unpack(bytes: &[u8]) -> Option<Book> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    let mut parts = Vec::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).ok()?;
        let name = f.name().ok()?.to_string();
        let mut data = Vec::new();
        f.read_to_end(&mut data).ok()?;
        parts.push((name, data));
    }
    Some(Book { parts })
}

/// Packs parts into a zip archive (a part named `mimetype` stored, as ODS
/// wants; the rest deflated at the fastest level).
pub fn pack(parts: &[(String, Vec<u8>)]) -> Vec<u8> {
    use zip::CompressionMethod::{Deflated, Stored};
    use zip::write::SimpleFileOptions;
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, data) in parts {
        let options = if name == "mimetype" {
            SimpleFileOptions::default().compression_method(Stored)
        } else {
            SimpleFileOptions::default().compression_method(Deflated).compression_level(Some(1))
        };
        if w.start_file(name.as_str(), options).is_ok() {
            let _ = w.write_all(data);
        }
    }
    w.finish().map(Cursor::into_inner).unwrap_or_default()
}

/// XML-escapes text for an element's content or an attribute.
pub fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// Byte ranges of the elements opened by `open` (`"<c "`, `"<row "`,
/// `"<si>"`): up to `/>` when self-closing, else up to and with `close`.
pub fn elements(xml: &str, open: &str, close: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(p) = xml[from..].find(open) {
        let start = from + p;
        let Some(gt) = xml[start..].find('>').map(|g| start + g) else { break };
        let end = if xml[..gt].ends_with('/') {
            gt + 1
        } else {
            match xml[gt..].find(close) {
                Some(c) => gt + c + close.len(),
                None => break,
            }
        };
        out.push((start, end));
        from = end.max(start + 1);
    }
    out
}

/// The value of `key="…"` in an element's opening tag.
pub fn attr<'a>(element: &'a str, key: &str) -> Option<&'a str> {
    let tag = &element[..element.find('>').unwrap_or(element.len())];
    let pat = format!(" {key}=\"");
    let start = tag.find(&pat)? + pat.len();
    Some(&tag[start..start + tag[start..].find('"')?])
}

/// Sets (or adds) `key="value"` in the opening tag at the start of `element`.
pub fn set_attr(element: &str, key: &str, value: &str) -> String {
    let tag_end = element.find('>').unwrap_or(element.len());
    let tag_end = if element[..tag_end].ends_with('/') { tag_end - 1 } else { tag_end };
    let pat = format!(" {key}=\"");
    if let Some(p) = element[..tag_end].find(&pat) {
        let vstart = p + pat.len();
        if let Some(q) = element[vstart..].find('"') {
            return format!("{}{}{}", &element[..vstart], esc(value), &element[vstart + q..]);
        }
    }
    format!("{} {key}=\"{}\"{}", &element[..tag_end], esc(value), &element[tag_end..])
}

fn col_name(mut c: usize) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + u8::try_from(c % 26).unwrap_or(0));
        if c < 26 {
            break;
        }
        c = c / 26 - 1;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

/// A cell reference: mostly plausible, sometimes bogus, with `known` also
/// the huge ones (XFD1048576) that once made the reader allocate the whole
/// declared sheet.
fn cell_ref(rng: &mut Rng, own: Option<&str>, known: bool) -> Option<String> {
    const BOGUS: [&str; 14] =
        ["", "A0", "1A", "a1", "A-1", "$A$1", "AAAA1", "A 1", "A1:B2", "Ä1", "A\u{212A}1", "A01", "A1 ", "XFE1"];
    const HUGE: [&str; 7] = ["XFD1048576", "CP1048576", "A1048576", "XFD1", "A1048577", "ZZZZ99999999", "A4294967297"];
    match rng.below(12) {
        0..=5 => own.map(str::to_string).or_else(|| Some(format!("{}{}", col_name(rng.below(8)), rng.below(60) + 1))),
        6 | 7 => Some(format!("{}{}", col_name(rng.below(10)), rng.below(80) + 1)),
        8 => Some(BOGUS[rng.below(BOGUS.len())].to_string()),
        9 if known => Some(HUGE[rng.below(HUGE.len())].to_string()),
        9 => Some(format!("{}{}", col_name(rng.below(40)), rng.below(2000) + 1)),
        _ => None,
    }
}

/// A date-cell value (`t="d"`, ISO 8601): right, wrong, and (with `known`)
/// wrong with a multi-byte character where the reader cuts at byte 10.
fn date_value(rng: &mut Rng, known: bool) -> String {
    const ASCII: [&str; 14] = [
        "2023-01-05",
        "2023-01-05T10:00:00",
        "2023-01-05T10:00:00Z",
        "2023-02-30",
        "2023",
        "",
        "-2023-01-01",
        "+275760-09-13",
        "1899-12-31",
        "T10:00",
        "2023-01-05T25:61:61",
        "0000-00-00",
        "20230105",
        "2023-1-5",
    ];
    const WIDE: [&str; 5] = ["2023-01-0ä", "2023-01-ää", "ä", "2023-01-0\u{212A}", "２０２３-01-05"];
    if known && rng.one_in(4) {
        WIDE[rng.below(WIDE.len())].to_string()
    } else {
        ASCII[rng.below(ASCII.len())].to_string()
    }
}

fn number_value(rng: &mut Rng, known: bool) -> String {
    const NUMBERS: [&str; 20] = [
        "1",
        "0",
        "-1",
        "0.5",
        "45000",
        "2958465",
        "2958466",
        "1e308",
        "1e309",
        "-100000",
        "NaN",
        "inf",
        "",
        "abc",
        "1,5",
        "4.9e-324",
        "99999999999999999999",
        "60",
        "-0",
        " 12 ",
    ];
    // In a date-formatted cell, calamine's date conversion panics on this one.
    if known && rng.one_in(30) {
        return "-1e308".to_string();
    }
    NUMBERS[rng.below(NUMBERS.len())].to_string()
}

/// Text for a string cell or shared string, escaped (rarely left raw, so
/// that the XML itself breaks).
fn xml_text(rng: &mut Rng, known: bool) -> String {
    let mut t = field_text(rng);
    if !known {
        t.retain(|c| !crate::rng::CASE_FOLD.iter().any(|k| k.starts_with(c)));
    }
    match rng.below(20) {
        0 => t,
        1 => format!("{}_x000D_{}&#x130;", esc(&t), esc(&t)),
        _ => esc(&t),
    }
}

/// A whole `<c>` element of a random type.
fn cell_xml(rng: &mut Rng, r: Option<&str>, n_si: usize, known: bool) -> String {
    let r = r.map_or(String::new(), |r| format!(" r=\"{}\"", esc(r)));
    let s = if rng.one_in(3) {
        format!(" s=\"{}\"", ["0", "1", "2", "3", "5", "40", "4294967296", "-1"][rng.below(8)])
    } else {
        String::new()
    };
    match rng.below(9) {
        0 | 1 => {
            let v = match rng.below(6) {
                0 => n_si.to_string(),
                1 => ["4294967296", "-1", "", "x", "1.5", "99999999999"][rng.below(6)].to_string(),
                _ => rng.below(n_si.max(1)).to_string(),
            };
            format!("<c{r}{s} t=\"s\"><v>{v}</v></c>")
        }
        2 => format!("<c{r}{s}><v>{}</v></c>", number_value(rng, known)),
        3 => format!("<c{r}{s} t=\"n\"><v>{}</v></c>", number_value(rng, known)),
        4 => format!("<c{r}{s} t=\"d\"><v>{}</v></c>", esc(&date_value(rng, known))),
        5 => format!("<c{r}{s} t=\"str\"><f>A1</f><v>{}</v></c>", xml_text(rng, known)),
        6 => format!("<c{r}{s} t=\"inlineStr\"><is><t xml:space=\"preserve\">{}</t></is></c>", xml_text(rng, known)),
        7 => {
            let (t, v) = if rng.one_in(2) {
                ("b", ["0", "1", "2", "true", "", "x"][rng.below(6)])
            } else {
                ("e", ["#REF!", "#DIV/0!", "#N/A", "#VALUE!", "#NAME?", "#NUM!", "#junk", ""][rng.below(8)])
            };
            format!("<c{r}{s} t=\"{t}\"><v>{v}</v></c>")
        }
        _ => {
            let t = ["x", "", "S", "inlineStr", "date"][rng.below(5)];
            format!("<c{r}{s} t=\"{t}\"><v>{}</v></c>", number_value(rng, known))
        }
    }
}

fn text_of(book: &Book, name: &str) -> Option<String> {
    book.parts.iter().find(|(n, _)| n == name).and_then(|(_, d)| String::from_utf8(d.clone()).ok())
}

fn set_text(book: &mut Book, name: &str, text: String) {
    if let Some((_, d)) = book.parts.iter_mut().find(|(n, _)| n == name) {
        *d = text.into_bytes();
    }
}

fn splice(xml: &str, (a, b): (usize, usize), with: &str) -> String {
    format!("{}{}{}", &xml[..a], with, &xml[b..])
}

/// One structure-aware change to a worksheet.
fn mutate_sheet(rng: &mut Rng, xml: &str, n_si: usize, known: bool) -> String {
    let cells = elements(xml, "<c ", "</c>");
    let rows = elements(xml, "<row ", "</row>");
    match rng.below(14) {
        // A cell replaced by one of another type, value or reference.
        0..=3 if !cells.is_empty() => {
            let at = cells[rng.below(cells.len())];
            let own = attr(&xml[at.0..at.1], "r").map(str::to_string);
            let r = cell_ref(rng, own.as_deref(), known);
            splice(xml, at, &cell_xml(rng, r.as_deref(), n_si, known))
        }
        // A new cell at the end of a row.
        4 | 5 if !rows.is_empty() => {
            let (a, b) = rows[rng.below(rows.len())];
            let row = &xml[a..b];
            let r = cell_ref(rng, None, known);
            let cell = cell_xml(rng, r.as_deref(), n_si, known);
            if let Some(stripped) = row.strip_suffix("</row>") {
                splice(xml, (a, b), &format!("{stripped}{cell}</row>"))
            } else {
                let open = row.trim_end_matches("/>");
                splice(xml, (a, b), &format!("{open}>{cell}</row>"))
            }
        }
        // A row repeated (same number), a few times or, rarely, many.
        6 if !rows.is_empty() => {
            let (a, b) = rows[rng.below(rows.len())];
            let times =
                if rng.one_in(20) { 200 + rng.below(if known { 20_000 } else { 2000 }) } else { 1 + rng.below(3) };
            let copy = xml[a..b].repeat(times);
            format!("{}{}{}", &xml[..b], copy, &xml[b..])
        }
        // A row's number, visibility or spans changed.
        7 if !rows.is_empty() => {
            let at = rows[rng.below(rows.len())];
            let row = &xml[at.0..at.1];
            let changed = match rng.below(4) {
                0 => set_attr(row, "hidden", ["1", "true", "0", "x"][rng.below(4)]),
                1 => set_attr(row, "spans", ["1:16384", "5:1", "x", ""][rng.below(4)]),
                2 if known => set_attr(row, "r", ["1048576", "1048577", "4294967296", "0", "-1"][rng.below(5)]),
                _ => set_attr(row, "r", &(rng.below(60) + 1).to_string()),
            };
            splice(xml, at, &changed)
        }
        // A row removed.
        8 if !rows.is_empty() => splice(xml, rows[rng.below(rows.len())], ""),
        // The declared dimension.
        9 => {
            const SMALL: [&str; 7] = ["A1", "", "B2:A1", "junk", "A1:Z1000", "A1:", "A1:D50"];
            const HUGE: [&str; 5] = ["A1:XFD1048576", "XFD1048576", "A1:A1048576", "A1:CP1048576", "XFD1:XFD1048576"];
            let r = if known && rng.one_in(2) { HUGE[rng.below(HUGE.len())] } else { SMALL[rng.below(SMALL.len())] };
            match elements(xml, "<dimension ", "</dimension>").first() {
                Some(&at) if rng.one_in(6) => splice(xml, at, ""),
                Some(&at) => splice(xml, at, &format!("<dimension ref=\"{r}\"/>")),
                None => xml.replacen("<sheetData", &format!("<dimension ref=\"{r}\"/><sheetData"), 1),
            }
        }
        // Merged cells: plausible, inverted, overlapping, huge, bogus.
        10 | 11 => {
            let mut refs = Vec::new();
            for _ in 0..=rng.below(4) {
                let (c0, r0) = (rng.below(6), rng.below(40) + 1);
                let (c1, r1) = (c0 + rng.below(2), r0 + rng.below(4));
                refs.push(match rng.below(8) {
                    0 => format!("{}{r1}:{}{r0}", col_name(c1), col_name(c0)),
                    1 => "A1:XFD1048576".to_string(),
                    2 => ["A1:", ":", "A1", "ZZZZZZ1:A1", "A1:B2:C3", ""][rng.below(6)].to_string(),
                    _ => format!("{}{r0}:{}{r1}", col_name(c0), col_name(c1)),
                });
            }
            let merges: String = refs.iter().fold(String::new(), |mut m, r| {
                let _ = write!(m, "<mergeCell ref=\"{r}\"/>");
                m
            });
            let block = format!("<mergeCells count=\"{}\">{merges}</mergeCells>", refs.len());
            match elements(xml, "<mergeCells", "</mergeCells>").first() {
                Some(&at) => splice(xml, at, &block),
                None => xml.replacen("</sheetData>", &format!("</sheetData>{block}"), 1),
            }
        }
        // A cell whose text moved inline, with case-fold characters.
        12 if !cells.is_empty() && known => {
            let at = cells[rng.below(cells.len())];
            let own = attr(&xml[at.0..at.1], "r").map(str::to_string).unwrap_or_default();
            let label = crate::rng::DOMAIN[rng.below(crate::rng::DOMAIN.len())];
            let value = field_text(rng);
            let text = case_fold_mix(rng, &format!("{label} {value}"));
            splice(xml, at, &format!("<c r=\"{own}\" t=\"inlineStr\"><is><t>{}</t></is></c>", esc(&text)))
        }
        _ => String::from_utf8_lossy(&rng.mutate(xml.as_bytes())).into_owned(),
    }
}

/// One change to the shared strings.
fn mutate_strings(rng: &mut Rng, xml: &str, known: bool) -> String {
    let items = elements(xml, "<si>", "</si>");
    if items.is_empty() {
        return xml.to_string();
    }
    let at = items[rng.below(items.len())];
    match rng.below(10) {
        // A label or value with case-fold characters: a heading cell
        // "Datum: 2021-11-24" becomes "Datum: …" with a Kelvin sign …
        0..=2 if known => {
            // Prefer strings with a colon (heading labels).
            let labelled: Vec<(usize, usize)> =
                items.iter().copied().filter(|&(a, b)| xml[a..b].contains(':')).collect();
            let at = if labelled.is_empty() || rng.one_in(3) { at } else { labelled[rng.below(labelled.len())] };
            let si = &xml[at.0..at.1];
            let inner = si.find("<t").and_then(|t| si[t..].find('>').map(|g| t + g + 1)).zip(si.rfind("</t>"));
            match inner {
                Some((a, b)) if a <= b => {
                    let changed = case_fold_mix(rng, &si[a..b]);
                    splice(xml, at, &format!("{}{}{}", &si[..a], changed, &si[b..]))
                }
                _ => xml.to_string(),
            }
        }
        3..=5 => splice(xml, at, &format!("<si><t xml:space=\"preserve\">{}</t></si>", xml_text(rng, known))),
        // Rich text runs, empty and phonetic forms.
        6 => {
            let a = xml_text(rng, known);
            let b = xml_text(rng, known);
            let form = match rng.below(4) {
                0 => format!("<si><r><rPr><b/></rPr><t>{a}</t></r><r><t xml:space=\"preserve\">{b}</t></r></si>"),
                1 => "<si><t/></si>".to_string(),
                2 => format!("<si><t>{a}</t><rPh sb=\"0\" eb=\"1\"><t>{b}</t></rPh></si>"),
                _ => "<si></si>".to_string(),
            };
            splice(xml, at, &form)
        }
        // The last strings removed: cells' indices now out of range.
        7 => {
            let keep = rng.below(items.len());
            let (a, _) = items[keep];
            let (_, b) = items[items.len() - 1];
            splice(xml, (a, b), "")
        }
        // A long string (rarely, a very long one).
        8 => {
            // (Cells of a million characters made the report reader take minutes.)
            let n = if known && rng.one_in(8) { 2_000_000 } else { 40_000 };
            splice(xml, at, &format!("<si><t>{}</t></si>", "Å".repeat(n / 2)))
        }
        _ => {
            // A huge declared count made calamine reserve that many strings.
            let count =
                if known && rng.one_in(2) { "4294967296" } else { ["0", "-1", "x", "1", "100000"][rng.below(5)] };
            xml.replacen("uniqueCount=\"", &format!("uniqueCount=\"{count}\" x=\""), 1)
        }
    }
}

/// One change to the workbook part: a sheet hidden, renamed or dropped.
fn mutate_workbook(rng: &mut Rng, xml: &str, known: bool) -> String {
    let sheets = elements(xml, "<sheet ", "</sheet>");
    if sheets.is_empty() {
        return xml.to_string();
    }
    let at = sheets[rng.below(sheets.len())];
    let sheet = &xml[at.0..at.1];
    match rng.below(5) {
        0 | 1 => splice(xml, at, &set_attr(sheet, "state", ["hidden", "veryHidden", "visible", "x"][rng.below(4)])),
        2 | 3 => {
            let mut name = crate::rng::DOMAIN[rng.below(crate::rng::DOMAIN.len())].to_string();
            if rng.one_in(2) {
                name = name.to_uppercase();
            }
            if known && rng.one_in(2) {
                name = case_fold_mix(rng, &name);
            }
            // Another sheet's name (a duplicate), or a domain name.
            let other = sheets[rng.below(sheets.len())];
            if rng.one_in(4)
                && let Some(n) = attr(&xml[other.0..other.1], "name")
            {
                name = n.to_string();
            }
            splice(xml, at, &set_attr(sheet, "name", &name))
        }
        _ => splice(xml, at, ""),
    }
}

/// Number formats: a cell style turned into a date (or time, or text)
/// format, so that numbers in its cells read as dates.
fn mutate_styles(rng: &mut Rng, xml: &str) -> String {
    let Some(xfs_start) = xml.find("<cellXfs") else { return xml.to_string() };
    let xfs: Vec<(usize, usize)> =
        elements(&xml[xfs_start..], "<xf ", "</xf>").into_iter().map(|(a, b)| (a + xfs_start, b + xfs_start)).collect();
    if xfs.is_empty() {
        return xml.to_string();
    }
    let at = xfs[rng.below(xfs.len())];
    let id = ["14", "22", "47", "49", "165", "999"][rng.below(6)];
    let xf = set_attr(&xml[at.0..at.1], "numFmtId", id);
    let xml = splice(xml, at, &set_attr(&xf, "applyNumberFormat", "1"));
    if id == "165" && !xml.contains("numFmtId=\"165\" formatCode") {
        let code = ["yyyy-mm-dd", "[h]:mm:ss", "d/m/yyyy\\ h:mm", "0.00E+00", "\"x\"@"][rng.below(5)];
        return xml.replacen(
            "<fonts",
            &format!("<numFmts count=\"1\"><numFmt numFmtId=\"165\" formatCode=\"{}\"/></numFmts><fonts", esc(code)),
            1,
        );
    }
    xml
}

/// A structure-aware mutation of `seed`, packed as an .xlsx file.
pub fn mutate(rng: &mut Rng, seed: &Book, known: bool) -> Vec<u8> {
    let mut book = seed.clone();
    let sheets: Vec<String> = book
        .parts
        .iter()
        .map(|(n, _)| n.clone())
        .filter(|n| n.starts_with("xl/worksheets/") && Path::new(n).extension().is_some_and(|e| e == "xml"))
        .collect();
    for _ in 0..=rng.below(4) {
        let n_si = text_of(&book, "xl/sharedStrings.xml").map_or(0, |s| s.matches("<si>").count());
        match rng.below(20) {
            0..=10 if !sheets.is_empty() => {
                let name = &sheets[rng.below(sheets.len())];
                if let Some(xml) = text_of(&book, name) {
                    let changed = mutate_sheet(rng, &xml, n_si, known);
                    set_text(&mut book, name, changed);
                }
            }
            11..=14 => {
                if let Some(xml) = text_of(&book, "xl/sharedStrings.xml") {
                    let changed = mutate_strings(rng, &xml, known);
                    set_text(&mut book, "xl/sharedStrings.xml", changed);
                }
            }
            15 | 16 => {
                if let Some(xml) = text_of(&book, "xl/workbook.xml") {
                    let changed = mutate_workbook(rng, &xml, known);
                    set_text(&mut book, "xl/workbook.xml", changed);
                }
            }
            17 => {
                if let Some(xml) = text_of(&book, "xl/styles.xml") {
                    let changed = mutate_styles(rng, &xml);
                    set_text(&mut book, "xl/styles.xml", changed);
                }
            }
            18 => {
                let i = rng.below(book.parts.len());
                book.parts[i].1 = rng.mutate(&book.parts[i].1);
            }
            _ => {
                if rng.one_in(3) && !book.parts.is_empty() {
                    let i = rng.below(book.parts.len());
                    book.parts.remove(i);
                }
            }
        }
    }
    pack(&book.parts)
}

/// Small workbooks made here, beside the bundled ones: a plan with one
/// department sheet (heading cells, a header row, a phase row, rows with
/// date and text deadlines), a Dokument and a Text sheet.
pub fn small_plan() -> Vec<u8> {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let mut wb = Workbook::new();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let doc = wb.add_worksheet().set_name("Dokument").expect("name");
    let rows = [("Fält", "Värde"), ("Dokumenttyp", "plan"), ("Titel", "Plan"), ("Organisation", "Kommunen")];
    for (r, (a, b)) in (0u32..).zip(rows) {
        doc.write(r, 0, a).expect("cell");
        doc.write(r, 1, b).expect("cell");
    }
    doc.write(4, 0, "Datum").expect("cell");
    let day = ExcelDateTime::from_ymd(2021, 11, 24).expect("date");
    doc.write_with_format(4, 1, &day, &date).expect("cell");
    let text = wb.add_worksheet().set_name("Text").expect("name");
    for (c, h) in (0u16..).zip(["Avdelning", "Nivå", "Rubrik", "Text"]) {
        text.write(0, c, h).expect("cell");
    }
    text.write(1, 1, 1).expect("cell");
    text.write(1, 2, "Inledning").expect("cell");
    text.write(1, 3, "Text med *betoning*.").expect("cell");
    let dept = wb.add_worksheet().set_name("Förskola").expect("name");
    dept.write(0, 0, "Avdelning/Enhet: Förskola  Datum: 2021-11-24").expect("cell");
    dept.write(1, 0, "Ansvarig chef:").expect("cell");
    dept.write(1, 1, "Åsa Öberg").expect("cell");
    for (c, h) in
        (0u16..).zip(["Vad ska vi uppnå?", "Aktivitet", "Måldatum", "Ansvarig", "Resurser", "Uppföljning / Kommentar"])
    {
        dept.write(2, c, h).expect("cell");
    }
    dept.write(3, 0, "Rekrytera").expect("cell");
    dept.write(4, 0, "Fler behöriga").expect("cell");
    dept.write(4, 1, "Annonsera\n- brett\n- tidigt").expect("cell");
    dept.write_with_format(4, 2, &day, &date).expect("cell");
    dept.write(4, 3, "Rektor").expect("cell");
    dept.write(5, 1, "Mässa").expect("cell");
    dept.write(5, 2, "ht 2023").expect("cell");
    dept.merge_range(4, 0, 5, 0, "Fler behöriga", &Format::new()).expect("merge");
    wb.save_to_buffer().expect("workbook")
}
