//! The plan as an Excel workbook for the committee: an overview sheet, then
//! one sheet per department with the action table's columns plus the phase,
//! a real header row, frozen panes, autofilter, wrapped text and landscape
//! A4 print setup. The workbook is itself valid input (the Fas column).

use super::WriteText as _;
use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError};

use crate::model::{DocumentMeta, Section};

pub(crate) const ACCENT: u32 = 0x001D_4F73;
const PHASE_FILL: u32 = 0x00D5_E2EC;

pub(crate) struct Formats {
    pub(crate) header: Format,
    pub(crate) text: Format,
    pub(crate) phase: Format,
    pub(crate) date: Format,
    pub(crate) title: Format,
    pub(crate) label: Format,
}

pub(crate) fn formats() -> Formats {
    let base = Format::new()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_border(FormatBorder::Thin)
        .set_border_color(0x00A5_A5A5);
    Formats {
        header: base.clone().set_bold().set_font_color(0x00FF_FFFF).set_background_color(ACCENT),
        text: base.clone(),
        phase: base.clone().set_bold().set_background_color(PHASE_FILL),
        date: base.set_num_format("yyyy-mm-dd").set_align(FormatAlign::Left),
        title: Format::new().set_bold().set_font_size(14).set_font_color(ACCENT),
        label: Format::new().set_bold(),
    }
}

/// A valid, unique sheet name (max 31 characters, none of `[]:*?/\`).
pub(crate) fn sheet_name(name: &str, taken: &mut Vec<String>) -> String {
    let cleaned: String = name.chars().map(|c| if "[]:*?/\\".contains(c) { '-' } else { c }).collect();
    let cleaned = cleaned.trim().trim_matches('\'').to_string();
    // At most 31 characters, and (after cutting) no apostrophe at either end.
    let edge = |c: char| c == '\'' || c.is_whitespace();
    let cut: String = cleaned.chars().take(31).collect::<String>().trim_matches(edge).to_string();
    let base: String = if cut.is_empty() { "Avdelning".to_string() } else { cut };
    let mut candidate = base.clone();
    let mut n = 2;
    while taken.iter().any(|t| t.to_lowercase() == candidate.to_lowercase())
        || candidate.eq_ignore_ascii_case("Översikt")
    {
        let suffix = format!(" ({n})");
        let room: String = base.chars().take(31 - suffix.chars().count()).collect();
        candidate = room.trim_end_matches(edge).to_string() + &suffix;
        n += 1;
    }
    taken.push(candidate.clone());
    candidate
}

/// The workbook's creation date: the document date, or 1980-01-01 when
/// there is none or Excel cannot show it (a `SOURCE_DATE_EPOCH` before
/// 1900; dates in the data are checked by validation).
pub(crate) fn creation_date(date: Option<NaiveDate>) -> Result<ExcelDateTime, XlsxError> {
    match date.map(excel_date) {
        Some(Ok(d)) => Ok(d),
        _ => ExcelDateTime::from_ymd(1980, 1, 1),
    }
}

pub(crate) fn excel_date(d: NaiveDate) -> Result<ExcelDateTime, XlsxError> {
    ExcelDateTime::from_ymd(
        u16::try_from(d.year()).unwrap_or(1900),
        u8::try_from(d.month()).unwrap_or(1),
        u8::try_from(d.day()).unwrap_or(1),
    )
}

/// The printed page header: the title on the left (cut with "…" to fit
/// Excel's 255 characters for a header), the date on the right.
pub(crate) fn header(title: &str) -> String {
    const LIMIT: usize = 255;
    let frame = |t: &str| format!("&L&\"Calibri,Bold\"{}&R&D", t.replace('&', "&&"));
    let full = frame(title);
    if full.encode_utf16().count() <= LIMIT {
        return full;
    }
    let mut cut: String = String::new();
    for c in title.chars() {
        let next = format!("{cut}{c}");
        if frame(&next).encode_utf16().count() + 1 > LIMIT {
            break;
        }
        cut = next;
    }
    frame(&format!("{}…", cut.trim_end()))
}

/// Excel's string literal: quotes doubled.
pub(crate) fn quoted(s: &str) -> String {
    format!("\"{}\"", s.replace('"', "\"\""))
}

/// A `#rrggbb` colour as Excel's number (light grey when it is not one).
pub(crate) fn rgb(hex: &str) -> u32 {
    u32::from_str_radix(hex.trim_start_matches('#'), 16).unwrap_or(0x00E4_E4E4)
}

/// Colours the cells of rows `rows.0..=rows.1` in column `col` by the
/// status they hold: a rule per spelling of every word of `vocabulary`
/// (Excel compares text without regard to case), so that a status as
/// written ("Genomfört") is coloured by its meaning; `format` gives each
/// word's format.
pub(crate) fn colour_by_status(
    ws: &mut Worksheet,
    vocabulary: &crate::model::Vocabulary,
    rows: (u32, u32),
    col: u16,
    format: impl Fn(&crate::model::status::StatusWord) -> Format,
) -> Result<(), XlsxError> {
    for w in &vocabulary.words {
        let format = format(w);
        for spelling in std::iter::once(&w.word).chain(&w.synonyms) {
            let cf = rust_xlsxwriter::ConditionalFormatCell::new()
                .set_rule(rust_xlsxwriter::ConditionalFormatCellRule::EqualTo(quoted(spelling)))
                .set_format(format.clone());
            ws.add_conditional_format(rows.0, col, rows.1, col, &cf)?;
        }
    }
    Ok(())
}

pub(crate) fn print_setup(ws: &mut Worksheet, title: &str, header_row: u32) -> Result<(), XlsxError> {
    ws.set_landscape();
    ws.set_paper_size(9); // A4
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(header_row, header_row)?;
    ws.set_header(header(title));
    ws.set_footer("&CSida &P (&N)");
    ws.set_margins(0.5, 0.5, 0.75, 0.6, 0.3, 0.3);
    Ok(())
}

/// The metadata as a "Dokument" sheet (label | value), so the workbook can
/// be read back as input. Returns the first free row.
pub(crate) fn document_sheet(
    wb: &mut Workbook,
    m: &DocumentMeta,
    extra: &[(&str, &str)],
    f: &Formats,
) -> Result<u32, XlsxError> {
    let ws = wb.add_worksheet();
    ws.set_name("Dokument")?;
    ws.text(0, 0, "Fält", &f.header)?;
    ws.text(0, 1, "Värde", &f.header)?;
    let rows = [
        ("Organisation", m.organisation.as_str()),
        ("Titel", &m.title),
        ("Undertitel", &m.subtitle),
        ("Period", &m.period),
        ("Version", &m.version),
        ("Datum", &m.date),
        ("Diarienummer", &m.diarienummer),
        ("Författare", &m.author),
        ("Fastställd av", &m.decided_by),
        ("Fastställd datum", &m.decided_date),
        ("Sidnummer", &m.page_number),
    ];
    let mut r = 1;
    for (label, value) in rows.into_iter().chain(extra.iter().copied()) {
        if !value.is_empty() {
            ws.text(r, 0, label, &f.text)?;
            ws.text(r, 1, value, &f.text)?;
            r += 1;
        }
    }
    ws.set_column_width(0, 20)?;
    ws.set_column_width(1, 70)?;
    print_setup(ws, &format!("{} – dokument", m.title), 0)?;
    ws.set_portrait();
    Ok(r)
}

/// The narrative as a "Text" sheet (Avdelning | Nivå | Rubrik | Text):
/// each entry is a chapter, with the department it belongs to (or "").
pub(crate) fn text_sheet(wb: &mut Workbook, chapters: &[(&str, &Section)], f: &Formats) -> Result<(), XlsxError> {
    let ws = wb.add_worksheet();
    ws.set_name("Text")?;
    for (c, (h, w)) in (0u16..).zip([("Avdelning", 16.0), ("Nivå", 6.0), ("Rubrik", 36.0), ("Text", 90.0)]) {
        ws.text(0, c, h, &f.header)?;
        ws.set_column_width(c, w)?;
    }
    let mut rows: Vec<(&str, u8, &Section)> = Vec::new();
    for (dept, ch) in chapters {
        rows.push((dept, 1, ch));
        for s in &ch.sections {
            rows.push(("", 2, s));
            rows.extend(s.sections.iter().map(|s3| ("", 3, s3)));
        }
    }
    for ((dept, level, s), r) in rows.into_iter().zip(1u32..) {
        ws.text(r, 0, dept, &f.text)?;
        ws.write_number_with_format(r, 1, f64::from(level), &f.text)?;
        ws.text(r, 2, &s.title, &f.text)?;
        ws.text(r, 3, &s.text, &f.text)?;
    }
    ws.set_freeze_panes(1, 0)?;
    print_setup(ws, "Text", 0)?;
    Ok(())
}
