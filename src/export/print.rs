//! A written workbook made ready to print, after `rust_xlsxwriter` has
//! written it:
//! - **row heights for wrapped text**: a workbook that stores no row heights
//!   prints wrapped cells on top of each other in `LibreOffice` (and in Excel
//!   until a row is touched), so each sheet's rows get a height for their
//!   tallest wrapped cell, its lines estimated from the text and the
//!   column's width (merged cells across columns count their width
//!   together); rows that already have a height keep it;
//! - **the document's date in the print header**, where `print_setup` put
//!   the date of printing (`&D`): the workbook's creation date, which is the
//!   document date.
//!
//! Nothing else in the file changes.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::io::{Cursor, Read, Write};

/// The height of one line of 11-point Calibri, in points.
const LINE: f64 = 15.0;
/// Excel's tallest row.
const MAX_HEIGHT: f64 = 409.0;
/// The default column width, in characters.
const DEFAULT_WIDTH: f64 = 8.43;

/// The workbook with row heights for its wrapped cells; the input itself
/// when it cannot be read as one (it is then returned unchanged).
pub fn finish(xlsx: Vec<u8>) -> Vec<u8> {
    rewrite(&xlsx).unwrap_or(xlsx)
}

fn rewrite(xlsx: &[u8]) -> Option<Vec<u8>> {
    let mut archive = zip::ZipArchive::new(Cursor::new(xlsx)).ok()?;
    let read = |archive: &mut zip::ZipArchive<Cursor<&[u8]>>, name: &str| -> Option<String> {
        let mut s = String::new();
        archive.by_name(name).ok()?.read_to_string(&mut s).ok()?;
        Some(s)
    };
    let strings = read(&mut archive, "xl/sharedStrings.xml").map(|s| shared_strings(&s)).unwrap_or_default();
    let wrapping = read(&mut archive, "xl/styles.xml").map(|s| wrapping_styles(&s)).unwrap_or_default();
    let date = read(&mut archive, "docProps/core.xml").and_then(|s| created_date(&s));
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for i in 0..archive.len() {
        let mut file = archive.by_index(i).ok()?;
        let name = file.name().ok()?.to_string();
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(file.compression())
            .last_modified_time(file.last_modified().unwrap_or_default());
        let mut bytes = Vec::new();
        file.read_to_end(&mut bytes).ok()?;
        if name.starts_with("xl/worksheets/sheet")
            && std::path::Path::new(&name).extension().is_some_and(|e| e == "xml")
        {
            let text = String::from_utf8(bytes).ok()?;
            let text = with_heights(&text, &strings, &wrapping);
            bytes = match &date {
                Some(d) => with_date(&text, d),
                None => text,
            }
            .into_bytes();
        }
        out.start_file(name, options).ok()?;
        out.write_all(&bytes).ok()?;
    }
    Some(out.finish().ok()?.into_inner())
}

/// The workbook's creation date (`2023-03-31`), from `docProps/core.xml`;
/// none for a document without a date.
fn created_date(core: &str) -> Option<String> {
    let start = core.find("<dcterms:created")?;
    let value = core[start..].split_once('>')?.1;
    let date = value.get(..10)?;
    // 1980-01-01 is what a workbook without a document date is given.
    (date.chars().all(|c| c.is_ascii_digit() || c == '-') && date != "1980-01-01").then(|| date.to_string())
}

/// The print header's date of printing (`&R&D` at its end, as
/// `print_setup` writes it) replaced by `date`.
fn with_date(xml: &str, date: &str) -> String {
    xml.replace("&amp;R&amp;D</oddHeader>", &format!("&amp;R{date}</oddHeader>"))
}

/// XML text unescaped (the five entities `rust_xlsxwriter` writes).
fn unescape(s: &str) -> String {
    s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&apos;", "'").replace("&amp;", "&")
}

/// The value of `name="…"` among a tag's attributes (the text after the
/// tag's name): the first `name` that starts the text or follows white space.
fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let mut from = 0;
    while let Some(pos) = tag[from..].find(name) {
        let at = from + pos;
        let starts = at == 0 || tag.as_bytes()[at - 1].is_ascii_whitespace();
        if starts && let Some(value) = tag[at + name.len()..].strip_prefix("=\"") {
            return value.split('"').next();
        }
        from = at + name.len();
    }
    None
}

fn shared_strings(xml: &str) -> Vec<String> {
    xml.split("<si>")
        .skip(1)
        .map(|si| {
            let si = si.split("</si>").next().unwrap_or("");
            // The text of every run (`<t>` or `<t xml:space="preserve">`).
            let mut text = String::new();
            for part in si.split("<t").skip(1) {
                if let Some((_, rest)) = part.split_once('>')
                    && let Some((t, _)) = rest.split_once("</t>")
                {
                    text.push_str(&unescape(t));
                }
            }
            text
        })
        .collect()
}

/// Which cell formats (`cellXfs` indices) wrap their text.
fn wrapping_styles(xml: &str) -> Vec<bool> {
    let Some(start) = xml.find("<cellXfs") else { return Vec::new() };
    let end = xml[start..].find("</cellXfs>").map_or(xml.len(), |e| start + e);
    let body = &xml[start..end];
    let mut out = Vec::new();
    for xf in body.split("<xf ").skip(1) {
        // An xf is either `<xf …/>` or `<xf …>…</xf>`.
        let own = match (xf.find("/>"), xf.find("</xf>")) {
            (Some(a), Some(b)) if b < a => &xf[..b],
            (Some(a), _) if !xf[..a].contains('>') => &xf[..a],
            (_, Some(b)) => &xf[..b],
            (Some(a), None) => &xf[..a],
            (None, None) => xf,
        };
        out.push(own.contains("wrapText=\"1\""));
    }
    out
}

/// Column letters to a 0-based index ("A" → 0, "AB" → 27).
fn column(letters: &str) -> Option<usize> {
    let mut n = 0usize;
    for c in letters.chars() {
        if !c.is_ascii_uppercase() {
            return None;
        }
        n = n * 26 + (c as usize - 'A' as usize + 1);
    }
    n.checked_sub(1)
}

/// A cell reference's column and 1-based row ("C12" → (2, 12)).
fn cell_ref(r: &str) -> Option<(usize, u32)> {
    let split = r.find(|c: char| c.is_ascii_digit())?;
    Some((column(&r[..split])?, r[split..].parse().ok()?))
}

/// How many lines `text` takes in a column `width` characters wide.
fn lines(text: &str, width: f64) -> usize {
    // Average text is narrower than the digit "0" the width is counted in.
    let per_line = (width * 1.1).max(1.0);
    text.split('\n')
        .map(|line| {
            // Whole words move to the next line: count line by line.
            let mut count = 1usize;
            let mut used = 0.0f64;
            for word in line.split(' ') {
                #[allow(clippy::cast_precision_loss)]
                let w = word.chars().count() as f64;
                let needed = if used == 0.0 { w } else { used + 1.0 + w };
                if needed > per_line && used > 0.0 {
                    count += 1;
                    used = w;
                } else {
                    used = needed;
                }
                while used > per_line {
                    count += 1;
                    used -= per_line;
                }
            }
            count
        })
        .sum()
}

fn with_heights(xml: &str, strings: &[String], wrapping: &[bool]) -> String {
    // Column widths from <cols>.
    let mut widths: HashMap<usize, f64> = HashMap::new();
    for col in xml.split("<col ").skip(1) {
        let tag = col.split("/>").next().unwrap_or("");
        let (Some(min), Some(max), Some(w)) = (
            attr(tag, "min").and_then(|v| v.parse::<usize>().ok()),
            attr(tag, "max").and_then(|v| v.parse::<usize>().ok()),
            attr(tag, "width").and_then(|v| v.parse::<f64>().ok()),
        ) else {
            continue;
        };
        for c in min..=max.min(min + 16_384) {
            widths.insert(c - 1, w);
        }
    }
    let width_of = |c: usize| widths.get(&c).copied().unwrap_or(DEFAULT_WIDTH);
    // Merged ranges: a cell merged across columns wraps in their sum; one
    // merged down rows is left alone.
    let mut merged: HashMap<(usize, u32), Option<f64>> = HashMap::new();
    for m in xml.split("<mergeCell ").skip(1) {
        let Some(range) = attr(m.split("/>").next().unwrap_or(""), "ref").map(str::to_string) else {
            continue;
        };
        let Some((a, b)) = range.split_once(':') else { continue };
        let (Some((c1, r1)), Some((c2, r2))) = (cell_ref(a), cell_ref(b)) else { continue };
        merged.insert((c1, r1), (r1 == r2).then(|| (c1..=c2).map(width_of).sum()));
    }
    let mut out = String::with_capacity(xml.len() + xml.len() / 20);
    let mut rest = xml;
    while let Some(start) = rest.find("<row ") {
        out.push_str(&rest[..start]);
        let row_xml = &rest[start..];
        let tag_end = row_xml.find('>').map_or(row_xml.len(), |e| e + 1);
        let tag = &row_xml[..tag_end];
        let body_end =
            if tag.ends_with("/>") { tag_end } else { row_xml.find("</row>").map_or(row_xml.len(), |e| e + 6) };
        let body = &row_xml[tag_end..body_end];
        let mut tallest = 1usize;
        if !tag.contains(" ht=\"") {
            for c in body.split("<c ").skip(1) {
                let ctag = c.split('>').next().unwrap_or("");
                let Some((col, row)) = attr(ctag, "r").and_then(cell_ref) else { continue };
                let wraps = attr(ctag, "s")
                    .and_then(|s| s.parse::<usize>().ok())
                    .is_some_and(|s| wrapping.get(s).copied().unwrap_or(false));
                if !wraps {
                    continue;
                }
                let width = match merged.get(&(col, row)) {
                    Some(None) => continue,
                    Some(Some(w)) => *w,
                    None => width_of(col),
                };
                let text = match attr(ctag, "t") {
                    Some("s") => c
                        .split("<v>")
                        .nth(1)
                        .and_then(|v| v.split("</v>").next())
                        .and_then(|v| v.parse::<usize>().ok())
                        .and_then(|i| strings.get(i))
                        .cloned()
                        .unwrap_or_default(),
                    Some("str" | "inlineStr") => {
                        c.split("<v>").nth(1).and_then(|v| v.split("</v>").next()).map(unescape).unwrap_or_default()
                    }
                    _ => String::new(),
                };
                tallest = tallest.max(lines(&text, width));
            }
        }
        if tallest > 1 {
            #[allow(clippy::cast_precision_loss)]
            let height = (tallest as f64 * LINE).min(MAX_HEIGHT);
            let open = tag.trim_end_matches("/>").trim_end_matches('>');
            out.push_str(open);
            let _ = write!(out, " ht=\"{height}\" customHeight=\"1\"");
            out.push_str(&tag[open.len()..]);
            out.push_str(body);
        } else {
            out.push_str(&row_xml[..body_end]);
        }
        rest = &row_xml[body_end..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_follow_words_and_breaks() {
        assert_eq!(lines("kort", 10.0), 1);
        // 11 characters a line: "ett två tre" | "fyra fem" | "sex sju" | "åtta nio" | "tio".
        assert_eq!(lines("ett två tre fyra fem sex sju åtta nio tio", 10.0), 5);
        assert_eq!(lines("a\nb\nc", 30.0), 3);
        assert_eq!(lines(&"x".repeat(50), 10.0), 5);
    }

    #[test]
    fn a_wrapped_row_gets_a_height_and_others_keep_theirs() {
        let sheet = r#"<worksheet><cols><col min="1" max="1" width="10" customWidth="1"/><col min="2" max="3" width="40" customWidth="1"/></cols><sheetData><row r="1"><c r="A1" s="1" t="s"><v>0</v></c></row><row r="2"><c r="A2" s="0" t="s"><v>0</v></c></row><row r="3" ht="30" customHeight="1"><c r="A3" s="1" t="s"><v>0</v></c></row><row r="4"><c r="B4" s="1" t="s"><v>0</v></c></row></sheetData></worksheet>"#;
        let strings = vec!["ett två tre fyra fem sex sju åtta nio tio".to_string()];
        let out = with_heights(sheet, &strings, &[false, true]);
        assert!(out.contains(r#"<row r="1" ht="75" customHeight="1">"#), "{out}");
        assert!(out.contains(r#"<row r="2">"#), "{out}");
        assert!(out.contains(r#"<row r="3" ht="30" customHeight="1">"#), "{out}");
        // Column B is 40 wide: the text fits on one line.
        assert!(out.contains(r#"<row r="4">"#), "{out}");
    }

    #[test]
    fn the_print_header_holds_the_document_date() {
        let core = r#"<cp:coreProperties><dcterms:created xsi:type="dcterms:W3CDTF">2023-03-31T00:00:00Z</dcterms:created></cp:coreProperties>"#;
        assert_eq!(created_date(core).as_deref(), Some("2023-03-31"));
        // A title with "&R&D" in it is written "&&R&&D" and stays as it is.
        let xml = "<oddHeader>&amp;L&amp;\"Calibri,Bold\"A &amp;&amp;R&amp;&amp;D&amp;R&amp;D</oddHeader>";
        assert_eq!(
            with_date(xml, "2023-03-31"),
            "<oddHeader>&amp;L&amp;\"Calibri,Bold\"A &amp;&amp;R&amp;&amp;D&amp;R2023-03-31</oddHeader>"
        );
    }

    #[test]
    fn an_attribute_is_found_by_its_whole_name() {
        assert_eq!(attr(r#"r="B4" s="3" t="s""#, "s"), Some("3"));
        assert_eq!(attr(r#"rs="1" s="2""#, "s"), Some("2"));
        assert_eq!(attr(r#"r="B4""#, "s"), None);
    }

    #[test]
    fn styles_that_wrap_are_found() {
        let styles = r#"<cellXfs count="3"><xf numFmtId="0" fontId="0"/><xf numFmtId="0" applyAlignment="1"><alignment wrapText="1"/></xf><xf numFmtId="0"/></cellXfs>"#;
        assert_eq!(wrapping_styles(styles), [false, true, false]);
    }
}
