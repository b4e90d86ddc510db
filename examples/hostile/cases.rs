//! The hostile inputs of issue 12, generated: files a careful tester writes
//! to crash the readers or make a small file cost gigabytes. Shared by the
//! benchmark (`examples/hostile/main.rs`, full size) and the integration
//! tests (`tests/cli/hostile.rs`, which include this file by path and use
//! the small sizes where the full size only costs generation time).

#![allow(dead_code)]

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::Path;

use zip::write::SimpleFileOptions;

/// What a case must end in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expect {
    /// Exit 0: the file is read correctly.
    Builds,
    /// Exit 1: refused with a located Swedish message.
    Refused,
}

/// How big to make the cases whose size only matters to the benchmark.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Size {
    /// As in the issue (a 3 GB zip bomb).
    Full,
    /// Just over the limit (the tests).
    Small,
}

pub struct Case {
    pub name: &'static str,
    /// The input's file name in its folder.
    pub file: &'static str,
    pub expect: Expect,
    pub make: fn(&Path, Size),
}

/// Every case, in the order of the issue.
pub fn all() -> Vec<Case> {
    let case = |name, file, expect, make| Case { name, file, expect, make };
    vec![
        case("heading cell \"İ Datum:\"", "dotted-i.xlsx", Expect::Builds, dotted_i),
        case("Kelvin and Ohm signs before heading labels", "kelvin-heading.xlsx", Expect::Builds, kelvin_heading),
        case("\"Kommunövergripande mål:\" with U+212A/U+212B", "kelvin-goal.xlsx", Expect::Builds, kelvin_goal),
        case("xlsx date cell (t=\"d\") holding 2023-01-0ä", "bad-date.xlsx", Expect::Refused, bad_date_xlsx),
        case("ods date cell (office:date-value) holding 2023-01-0ä", "bad-date.ods", Expect::Refused, bad_date_ods),
        case("status synonym \".\"", "dot-synonym.toml", Expect::Refused, dot_synonym),
        case("one cell at XFD1048576 (2 KB)", "xfd1048576.xlsx", Expect::Refused, xfd),
        case("one cell at CP1048576", "cp1048576.xlsx", Expect::Refused, cp),
        case("`<dimension ref=\"A1:XFD1048576\">` on a small sheet", "dimension.xlsx", Expect::Builds, dimension),
        case("ods row repeated 1,048,000 times", "repeated-rows.ods", Expect::Refused, ods_repeated_rows),
        case("ods cell repeated 16,384 times", "repeated-cells.ods", Expect::Refused, ods_repeated_cells),
        case("ods with LibreOffice's trailing empty rows", "trailing-rows.ods", Expect::Builds, ods_trailing_rows),
        case("sheet that unpacks to 3 GB (zip bomb)", "bomb.xlsx", Expect::Refused, zip_bomb),
        case("zip bomb whose header claims 1 KB", "lying-bomb.xlsx", Expect::Refused, lying_zip_bomb),
        case("2,000 one-line chapters", "chapters-2000.toml", Expect::Refused, chapters_2000),
        case("300 one-line chapters (the limit)", "chapters-300.toml", Expect::Builds, chapters_300),
        case("200,000 unmatched `*` in a text", "stars.toml", Expect::Refused, stars_200000),
        case("30,000 unmatched `*` in a text (under the limit)", "stars-30000.toml", Expect::Builds, stars_30000),
        case("a text of 200,000 characters", "long-text.toml", Expect::Refused, long_text),
        case("10,000 departments with one row each", "departments.toml", Expect::Refused, departments_10000),
        case("200 departments with one row each (the limit)", "departments-200.toml", Expect::Builds, departments_200),
        case("30,000 initiatives in an interim report", "initiatives.toml", Expect::Refused, initiatives_30000),
        case("1,000 initiatives (the limit)", "initiatives-1000.toml", Expect::Builds, initiatives_1000),
        case("10,000 slides", "slides.toml", Expect::Refused, slides_10000),
        case("JPEG logo declaring 65,500 × 65,500 pixels", "jpeg-logo.toml", Expect::Refused, jpeg_logo),
        case("PNG logo declaring 60,000 × 60,000 pixels", "png-logo.toml", Expect::Refused, png_logo),
        case("shared strings declaring uniqueCount 2³² (fuzzer)", "sst.xlsx", Expect::Refused, fuzz_shared_strings),
        case("ods `<text:s text:c=\"1000000000\"/>` (fuzzer)", "spaces.ods", Expect::Refused, fuzz_ods_spaces),
        case("date format on the number -1e308 (fuzzer)", "date-style.xlsx", Expect::Refused, fuzz_date_style),
    ]
}

// ---------------------------------------------------------------------------
// Writers

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// Excel's column letters for a 0-based column.
pub fn column(mut c: u32) -> String {
    let mut out = Vec::new();
    loop {
        out.push(char::from(b'A' + u8::try_from(c % 26).unwrap()));
        if c < 26 {
            break;
        }
        c = c / 26 - 1;
    }
    out.iter().rev().collect()
}

/// An xlsx cell: text as an inline string; `d:…` as a date-typed cell.
fn xlsx_cell(row: u32, col: u32, value: &str) -> String {
    let at = format!("{}{}", column(col), row + 1);
    match value.strip_prefix("d:") {
        Some(date) => format!("<c r=\"{at}\" t=\"d\"><v>{}</v></c>", xml_escape(date)),
        None => {
            format!("<c r=\"{at}\" t=\"inlineStr\"><is><t xml:space=\"preserve\">{}</t></is></c>", xml_escape(value))
        }
    }
}

/// Sheet XML from (row, col, value) cells (0-based), rows in order.
pub fn sheet_xml(cells: &[(u32, u32, &str)]) -> String {
    let mut rows: std::collections::BTreeMap<u32, Vec<(u32, &str)>> = std::collections::BTreeMap::new();
    for &(r, c, v) in cells {
        rows.entry(r).or_default().push((c, v));
    }
    let mut s = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><dimension ref=\"A1\"/><sheetData>",
    );
    for (r, cells) in rows {
        let _ = write!(s, "<row r=\"{}\">", r + 1);
        for (c, v) in cells {
            s.push_str(&xlsx_cell(r, c, v));
        }
        s.push_str("</row>");
    }
    s.push_str("</sheetData></worksheet>");
    s
}

fn deflated() -> SimpleFileOptions {
    SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated).compression_level(Some(1))
}

/// A minimal xlsx: the named sheets with their sheet XML, in order.
pub fn write_xlsx(path: &Path, sheets: &[(&str, String)]) {
    let mut zip = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    xlsx_parts(&mut zip, &sheets.iter().map(|(n, _)| *n).collect::<Vec<_>>());
    for (i, (_, xml)) in sheets.iter().enumerate() {
        zip.start_file(format!("xl/worksheets/sheet{}.xml", i + 1), deflated()).unwrap();
        zip.write_all(xml.as_bytes()).unwrap();
    }
    zip.finish().unwrap();
}

fn xlsx_parts(zip: &mut zip::ZipWriter<std::fs::File>, names: &[&str]) {
    let mut types = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/><Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>",
    );
    let mut book = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets>",
    );
    let mut rels = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">",
    );
    for (i, name) in names.iter().enumerate() {
        let n = i + 1;
        let _ = write!(
            types,
            "<Override PartName=\"/xl/worksheets/sheet{n}.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
        );
        let _ = write!(book, "<sheet name=\"{}\" sheetId=\"{n}\" r:id=\"rId{n}\"/>", xml_escape(name));
        let _ = write!(
            rels,
            "<Relationship Id=\"rId{n}\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet{n}.xml\"/>"
        );
    }
    types.push_str("</Types>");
    book.push_str("</sheets></workbook>");
    rels.push_str("</Relationships>");
    let parts = [
        ("[Content_Types].xml", types),
        (
            "_rels/.rels",
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>".to_string(),
        ),
        ("xl/workbook.xml", book),
        ("xl/_rels/workbook.xml.rels", rels),
    ];
    for (name, text) in parts {
        zip.start_file(name, deflated()).unwrap();
        zip.write_all(text.as_bytes()).unwrap();
    }
}

/// A minimal ods: the named tables with their `<table:table-row>` XML.
pub fn write_ods(path: &Path, tables: &[(&str, String)]) {
    let mut zip = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    let stored = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    zip.start_file("mimetype", stored).unwrap();
    zip.write_all(b"application/vnd.oasis.opendocument.spreadsheet").unwrap();
    zip.start_file("META-INF/manifest.xml", deflated()).unwrap();
    zip.write_all(
        b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<manifest:manifest xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\" manifest:version=\"1.2\"><manifest:file-entry manifest:full-path=\"/\" manifest:media-type=\"application/vnd.oasis.opendocument.spreadsheet\"/><manifest:file-entry manifest:full-path=\"content.xml\" manifest:media-type=\"text/xml\"/></manifest:manifest>",
    )
    .unwrap();
    let mut content = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<office:document-content xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" office:version=\"1.2\"><office:body><office:spreadsheet>",
    );
    for (name, rows) in tables {
        let _ = write!(content, "<table:table table:name=\"{}\">{rows}</table:table>", xml_escape(name));
    }
    content.push_str("</office:spreadsheet></office:body></office:document-content>");
    zip.start_file("content.xml", deflated()).unwrap();
    zip.write_all(content.as_bytes()).unwrap();
    zip.finish().unwrap();
}

/// An ods row of text cells (empty strings are empty cells); `d:…` is a date cell.
pub fn ods_row(cells: &[&str]) -> String {
    let mut s = String::from("<table:table-row>");
    for c in cells {
        if c.is_empty() {
            s.push_str("<table:table-cell/>");
        } else if let Some(date) = c.strip_prefix("d:") {
            let _ = write!(
                s,
                "<table:table-cell office:value-type=\"date\" office:date-value=\"{0}\"><text:p>{0}</text:p></table:table-cell>",
                xml_escape(date)
            );
        } else {
            let _ = write!(
                s,
                "<table:table-cell office:value-type=\"string\"><text:p>{}</text:p></table:table-cell>",
                xml_escape(c)
            );
        }
    }
    s.push_str("</table:table-row>");
    s
}

fn write(path: &Path, text: &str) {
    std::fs::write(path, text).unwrap();
}

// ---------------------------------------------------------------------------
// A small plan as sheets

const HEADER: [&str; 4] = ["Vad ska vi uppnå?", "Aktivitet", "Måldatum", "Ansvarig"];

/// The Dokument sheet of a plan.
fn document_cells() -> Vec<(u32, u32, &'static str)> {
    vec![(0, 0, "Titel"), (0, 1, "Plan"), (1, 0, "Datum"), (1, 1, "2021-11-25")]
}

/// A department sheet: heading cells in row 1, the header in row 3, a phase
/// row and one action row.
fn department_cells<'a>(headings: &[&'a str]) -> Vec<(u32, u32, &'a str)> {
    let mut cells: Vec<(u32, u32, &str)> =
        headings.iter().enumerate().map(|(c, h)| (0, u32::try_from(c).unwrap(), *h)).collect();
    for (c, h) in HEADER.iter().enumerate() {
        cells.push((2, u32::try_from(c).unwrap(), h));
    }
    cells.push((3, 0, "Utveckla"));
    for (c, v) in ["Kompetent personal", "Utbildning", "2022", "Rektor"].iter().enumerate() {
        cells.push((4, u32::try_from(c).unwrap(), v));
    }
    cells
}

fn plan_xlsx(path: &Path, headings: &[&str]) {
    write_xlsx(
        path,
        &[("Dokument", sheet_xml(&document_cells())), ("Förskola", sheet_xml(&department_cells(headings)))],
    );
}

// ---------------------------------------------------------------------------
// The cases

fn dotted_i(path: &Path, _: Size) {
    // The label alone, its value in the next cell: "İ" lower-cases to one
    // byte more, so the label's end in the folded text lay past the cell's end.
    plan_xlsx(path, &["Avdelning/Enhet: Förskola", "İ Datum:", "2021-11-24"]);
}

fn kelvin_heading(path: &Path, _: Size) {
    plan_xlsx(path, &["\u{212a}ultur Datum: 2021-11-24", "\u{2126}hm Ansvarig chef: Åsa"]);
}

fn kelvin_goal(path: &Path, _: Size) {
    let doc = vec![
        (0, 0, "Dokumenttyp"),
        (0, 1, "Uppföljning"),
        (1, 0, "Titel"),
        (1, 1, "Uppföljning"),
        (2, 0, "Datum"),
        (2, 1, "2023-04-20"),
        (3, 0, "Per"),
        (3, 1, "2023-03-31"),
    ];
    let cells = vec![
        (0, 0, "Nämndmål"),
        (0, 1, "Aktivitet"),
        (0, 2, "Slutdatum"),
        (0, 3, "Status"),
        (1, 0, "\u{212a}ommunövergripande m\u{212b}l: Välfärd"),
        (2, 0, "Goda arbetsplatser"),
        (2, 1, "Införa BAS"),
        (2, 2, "2023-12-31"),
        (2, 3, "Klar"),
    ];
    write_xlsx(path, &[("Dokument", sheet_xml(&doc)), ("Medarbetare", sheet_xml(&cells))]);
}

fn bad_date_xlsx(path: &Path, _: Size) {
    let mut cells = department_cells(&["Avdelning/Enhet: Förskola"]);
    cells.retain(|&(r, c, _)| !(r == 4 && c == 2));
    cells.push((4, 2, "d:2023-01-0ä"));
    write_xlsx(path, &[("Dokument", sheet_xml(&document_cells())), ("Förskola", sheet_xml(&cells))]);
}

/// A plan as ods: the Dokument table and one department with `extra` rows after it.
fn plan_ods(path: &Path, deadline: &str, extra: &str) {
    let doc = ods_row(&["Titel", "Plan"]) + &ods_row(&["Datum", "2021-11-25"]);
    let dept = ods_row(&["Avdelning/Enhet: Förskola"])
        + &ods_row(&[])
        + &ods_row(&HEADER)
        + &ods_row(&["Utveckla"])
        + &ods_row(&["Kompetent personal", "Utbildning", deadline, "Rektor"])
        + extra;
    write_ods(path, &[("Dokument", doc), ("Förskola", dept)]);
}

fn bad_date_ods(path: &Path, _: Size) {
    plan_ods(path, "d:2023-01-0ä", "");
}

fn dot_synonym(path: &Path, _: Size) {
    write(
        path,
        "[dokument]\ntyp = \"uppfoljning\"\ntitel = \"Uppföljning\"\ndatum = 2023-04-20\nper = 2023-03-31\n\n[[status]]\nnamn = \"Klar\"\nbetyder = \"genomford\"\nsynonymer = [\".\"]\n\n[[perspektiv]]\nnamn = \"Medarbetare\"\n[[perspektiv.mal]]\nnamn = \"Attraktiv arbetsgivare\"\n[[perspektiv.mal.namndmal]]\nrubrik = \"Goda arbetsplatser\"\n[[perspektiv.mal.namndmal.aktivitet]]\ntext = \"Införa BAS\"\nstatus = \"Skjuts till 2024\"\n",
    );
}

fn far_cell(path: &Path, col: u32) {
    let mut cells = department_cells(&["Avdelning/Enhet: Förskola"]);
    cells.push((1_048_575, col, "x"));
    write_xlsx(path, &[("Dokument", sheet_xml(&document_cells())), ("Förskola", sheet_xml(&cells))]);
}

fn xfd(path: &Path, _: Size) {
    far_cell(path, 16_383);
}

fn cp(path: &Path, _: Size) {
    far_cell(path, 93);
}

fn dimension(path: &Path, _: Size) {
    let sheet = sheet_xml(&department_cells(&["Avdelning/Enhet: Förskola"]))
        .replace("<dimension ref=\"A1\"/>", "<dimension ref=\"A1:XFD1048576\"/>");
    write_xlsx(path, &[("Dokument", sheet_xml(&document_cells())), ("Förskola", sheet)]);
}

fn ods_repeated_rows(path: &Path, _: Size) {
    let row = ods_row(&["Kompetent personal", "Utbildning", "2022", "Rektor"])
        .replace("<table:table-row>", "<table:table-row table:number-rows-repeated=\"1048000\">");
    plan_ods(path, "2022", &row);
}

fn ods_repeated_cells(path: &Path, _: Size) {
    let row = "<table:table-row><table:table-cell table:number-columns-repeated=\"16384\" office:value-type=\"string\"><text:p>x</text:p></table:table-cell></table:table-row>";
    plan_ods(path, "2022", row);
}

fn ods_trailing_rows(path: &Path, _: Size) {
    // What LibreOffice writes after the last row: empty rows up to row 1,048,576,
    // each with 1,024 empty cells.
    let rows = "<table:table-row table:number-rows-repeated=\"1048000\"><table:table-cell table:number-columns-repeated=\"1024\"/></table:table-row><table:table-row><table:table-cell table:number-columns-repeated=\"1024\"/></table:table-row>";
    plan_ods(path, "2022", rows);
}

/// A workbook whose department sheet is followed by `bytes` of white space
/// (which calamine reads through and xlsx allows).
fn bomb(path: &Path, bytes: u64) {
    let mut zip = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    xlsx_parts(&mut zip, &["Dokument", "Förskola"]);
    zip.start_file("xl/worksheets/sheet1.xml", deflated()).unwrap();
    zip.write_all(sheet_xml(&document_cells()).as_bytes()).unwrap();
    let opts = deflated().large_file(bytes >= u64::from(u32::MAX));
    zip.start_file("xl/worksheets/sheet2.xml", opts).unwrap();
    let sheet = sheet_xml(&department_cells(&["Avdelning/Enhet: Förskola"]));
    let (head, tail) = sheet.split_at(sheet.find("<sheetData>").unwrap());
    zip.write_all(head.as_bytes()).unwrap();
    let block = vec![b' '; 1 << 20];
    let mut left = bytes;
    while left > 0 {
        let n = usize::try_from(left.min(block.len() as u64)).unwrap();
        zip.write_all(&block[..n]).unwrap();
        left -= n as u64;
    }
    zip.write_all(tail.as_bytes()).unwrap();
    zip.finish().unwrap();
}

fn zip_bomb(path: &Path, size: Size) {
    bomb(path, if size == Size::Full { 3_000_000_000 } else { 65 << 20 });
}

/// As [`zip_bomb`] (just over the limit), but the archive claims the sheet
/// unpacks to 1,000 bytes: the sizes in both headers are rewritten.
fn lying_zip_bomb(path: &Path, _: Size) {
    bomb(path, 65 << 20);
    let mut bytes = std::fs::read(path).unwrap();
    let name = b"xl/worksheets/sheet2.xml";
    let mut i = 0;
    while i + 46 < bytes.len() {
        let local = bytes[i..i + 4] == *b"PK\x03\x04";
        let central = bytes[i..i + 4] == *b"PK\x01\x02";
        let (size_at, name_at, len_at) = if local {
            (22, 30, 26)
        } else if central {
            (24, 46, 28)
        } else {
            (0, 0, 0)
        };
        if size_at > 0 {
            let len = usize::from(u16::from_le_bytes([bytes[i + len_at], bytes[i + len_at + 1]]));
            if bytes.get(i + name_at..i + name_at + len) == Some(name.as_slice()) {
                bytes[i + size_at..i + size_at + 4].copy_from_slice(&1000u32.to_le_bytes());
            }
        }
        i += 1;
    }
    std::fs::write(path, bytes).unwrap();
}

fn chapters(path: &Path, n: usize) {
    let mut s = String::from("[dokument]\ntitel = \"Plan\"\ndatum = 2021-11-25\n");
    for i in 0..n {
        let _ = write!(s, "\n[[kapitel]]\nrubrik = \"Kapitel {i}\"\ntext = \"En rad.\"\n");
    }
    write(path, &s);
}

fn chapters_2000(path: &Path, _: Size) {
    chapters(path, 2000);
}

fn chapters_300(path: &Path, _: Size) {
    chapters(path, 300);
}

fn narrative(path: &Path, text: &str) {
    write(
        path,
        &format!(
            "[dokument]\ntitel = \"Plan\"\ndatum = 2021-11-25\n\n[[kapitel]]\nrubrik = \"Text\"\ntext = \"{text}\"\n"
        ),
    );
}

fn stars_200000(path: &Path, _: Size) {
    narrative(path, &"*a ".repeat(200_000));
}

fn stars_30000(path: &Path, _: Size) {
    narrative(path, &"*a ".repeat(30_000));
}

fn long_text(path: &Path, _: Size) {
    narrative(path, &"Lång text. ".repeat(20_000));
}

fn departments_10000(path: &Path, _: Size) {
    departments(path, 10_000);
}

fn departments_200(path: &Path, _: Size) {
    departments(path, 200);
}

fn departments(path: &Path, n: usize) {
    let mut s = String::from("[dokument]\ntitel = \"Plan\"\ndatum = 2021-11-25\n");
    for i in 0..n {
        let _ = write!(
            s,
            "\n[[avdelning]]\nnamn = \"Avdelning {i}\"\n[[avdelning.rad]]\nfas = \"Utveckla\"\nmal = \"Mål\"\naktiviteter = [\"Aktivitet\"]\nmaldatum = \"2022\"\nansvariga = [\"Chef\"]\n"
        );
    }
    write(path, &s);
}

fn initiatives_30000(path: &Path, _: Size) {
    initiatives(path, 30_000);
}

fn initiatives_1000(path: &Path, _: Size) {
    initiatives(path, 1000);
}

fn initiatives(path: &Path, n: usize) {
    let mut s = String::from(
        "[dokument]\ntyp = \"delarsrapport\"\ntitel = \"Rapport\"\nrapport = \"DR2\"\nar = 2023\ndatum = 2023-08-31\n",
    );
    for i in 0..n {
        let _ = write!(s, "\n[[insats]]\nfas = \"Attrahera\"\nnamn = \"Insats {i}\"\nstatus = \"Pågår\"\n");
    }
    write(path, &s);
}

fn slides_10000(path: &Path, _: Size) {
    let mut s = String::from("[dokument]\ntyp = \"presentation\"\ntitel = \"Bildspel\"\ndatum = 2023-08-31\n");
    for i in 0..10_000 {
        let _ = write!(s, "\n[[bild]]\nrubrik = \"Bild {i}\"\npunkter = [\"En punkt\"]\n");
    }
    write(path, &s);
}

// ---------------------------------------------------------------------------
// Logos that declare more pixels than they hold, and the fuzzer's findings

fn logo_plan(path: &Path, logo: &str, bytes: &[u8]) {
    std::fs::write(path.with_file_name(logo), bytes).unwrap();
    write(
        path,
        &format!(
            "[dokument]\ntitel = \"Plan\"\ndatum = 2025-01-15\nlogotyp = \"{logo}\"\n[[avdelning]]\nnamn = \"Förskola\"\n[[avdelning.rad]]\nfas = \"Utveckla\"\nmal = \"Mål\"\naktiviteter = [\"A\"]\n"
        ),
    );
}

/// A baseline JPEG header declaring `w` × `h` pixels, without image data.
pub fn jpeg_header(w: u16, h: u16) -> Vec<u8> {
    let mut out = vec![0xFF, 0xD8, 0xFF, 0xE0, 0, 16];
    out.extend_from_slice(b"JFIF\0\x01\x01\0\0\x01\0\x01\0\0");
    out.extend([0xFF, 0xC0, 0, 17, 8]);
    out.extend(h.to_be_bytes());
    out.extend(w.to_be_bytes());
    out.extend([3, 1, 0x11, 0, 2, 0x11, 0, 3, 0x11, 0]);
    out.extend([0xFF, 0xDA, 0, 12, 3, 1, 0, 2, 0x11, 3, 0x11, 0, 63, 0]);
    out.extend([0xFF, 0xD9]);
    out
}

fn jpeg_logo(path: &Path, _: Size) {
    logo_plan(path, "logo.jpg", &jpeg_header(65_500, 65_500));
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
        }
    }
    !crc
}

/// A PNG whose header declares `w` × `h` pixels, with a few bytes of data.
fn png_logo(path: &Path, _: Size) {
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut chunk = |kind: &[u8], data: &[u8]| {
        out.extend(u32::try_from(data.len()).unwrap().to_be_bytes());
        let mut body = kind.to_vec();
        body.extend_from_slice(data);
        out.extend_from_slice(&body);
        out.extend(crc32(&body).to_be_bytes());
    };
    let mut ihdr = 60_000u32.to_be_bytes().to_vec();
    ihdr.extend(60_000u32.to_be_bytes());
    ihdr.extend([8, 2, 0, 0, 0]);
    chunk(b"IHDR", &ihdr);
    // A zlib stream of 64 zero bytes (stored).
    let mut idat = vec![0x78, 0x01, 0x01, 64, 0, !64, 0xFF];
    idat.extend([0u8; 64]);
    idat.extend([0u8; 4]);
    chunk(b"IDAT", &idat);
    chunk(b"IEND", &[]);
    logo_plan(path, "logo.png", &out);
}

fn fuzz_shared_strings(path: &Path, _: Size) {
    std::fs::write(path, include_bytes!("../../tests/fixtures/fuzz/xlsx-shared-strings-count.xlsx")).unwrap();
}

fn fuzz_ods_spaces(path: &Path, _: Size) {
    std::fs::write(path, include_bytes!("../../tests/fixtures/fuzz/ods-text-spaces-count.ods")).unwrap();
}

fn fuzz_date_style(path: &Path, _: Size) {
    std::fs::write(path, include_bytes!("../../tests/fixtures/fuzz/xlsx-date-style-huge-number.xlsx")).unwrap();
}
