//! The plan as an Excel workbook for the committee: an overview sheet, then
//! one sheet per department with the action table's columns plus the phase,
//! a real header row, frozen panes, autofilter, wrapped text and landscape
//! A4 print setup. The workbook is itself valid input (the Fas column).

use super::WriteText as _;
use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{
    DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Formula, Workbook, Worksheet, XlsxError,
};

use crate::model::{DocumentMeta, Plan, Precision, Section};

pub(crate) const ACCENT: u32 = 0x001D_4F73;
const PHASE_FILL: u32 = 0x00D5_E2EC;

/// Columns of a department sheet: header text and width (characters).
pub const COLUMNS: [(&str, f64); 8] = [
    ("Fas", 13.0),
    ("Vad ska vi uppnå?", 38.0),
    ("Aktivitet – Hur gör vi det?", 48.0),
    ("Måldatum – När ska det vara klart?", 17.0),
    ("Klart senast", 12.0),
    ("Ansvarig (Funktion)", 24.0),
    ("Resurser (timmar, kronor, personal)", 20.0),
    ("Uppföljning / Kommentar", 26.0),
];

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

/// Builds the workbook in memory.
///
/// # Errors
/// `rust_xlsxwriter`'s errors (which valid models do not cause).
pub fn workbook(plan: &Plan, date: Option<NaiveDate>) -> Result<Vec<u8>, XlsxError> {
    let f = formats();
    let mut wb = Workbook::new();
    let created = creation_date(date)?;
    let mut props = DocProperties::new()
        .set_title(&plan.meta.title)
        .set_subject(format!("{} {}", plan.meta.period, plan.meta.version).trim())
        .set_author(&plan.meta.author)
        .set_company(&plan.meta.organisation)
        .set_comment("Skapad med planrapport")
        .set_creation_datetime(&created);
    if !plan.meta.diarienummer.is_empty() {
        props = props.set_keywords(format!("Dnr {}", plan.meta.diarienummer));
    }
    wb.set_properties(&props);

    // Overview.
    let overview = wb.add_worksheet();
    overview.set_name("Översikt")?;
    overview.text(0, 0, &plan.meta.title, &f.title)?;
    let sub = [plan.meta.organisation.as_str(), plan.meta.period.as_str(), plan.meta.version.as_str()]
        .iter()
        .filter(|s| !s.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(" · ");
    overview.write_string(1, 0, sub)?;
    let head = ["Avdelning", "Ansvarig chef", "Datum", "Antal rader"];
    let header_row = 3;
    for (c, h) in (0u16..).zip(head) {
        overview.text(header_row, c, h, &f.header)?;
    }
    let mut row = header_row + 1;
    let mut taken = vec!["Översikt".to_string(), "Indikatorer".to_string()];
    let depts: Vec<_> = plan.departments.iter().filter(|d| d.row_count() > 0).collect();
    let names: Vec<String> = depts.iter().map(|d| sheet_name(&d.name, &mut taken)).collect();
    // Every cell follows the department sheets (formulas with their current
    // values), so nothing here goes stale when a sheet is edited.
    for (d, name) in depts.iter().zip(&names) {
        let sheet = format!("'{}'", name.replace('\'', "''"));
        let link = |cell: &str, value: &str| Formula::new(format!("={sheet}!{cell}&\"\"")).set_result(value);
        overview.write_formula_with_format(row, 0, link("$B$1", &d.name), &f.text)?;
        overview.write_formula_with_format(row, 1, link("$B$2", &d.manager), &f.text)?;
        overview.write_formula_with_format(row, 2, link("$D$1", &d.date), &f.text)?;
        let count = d.row_count();
        let rows = Formula::new(format!("=COUNTA({sheet}!$A$5:$A$1048576)")).set_result(count.to_string());
        overview.write_formula_with_format(row, 3, rows, &f.text)?;
        row += 1;
    }
    overview.text(row, 0, "Totalt", &f.phase)?;
    let total = Formula::new(format!("=SUM(D{}:D{row})", header_row + 2)).set_result(plan.row_count().to_string());
    overview.write_formula_with_format(row, 3, total, &f.phase)?;
    overview.write_string(
        row + 2,
        0,
        "Översikten räknas fram ur avdelningsbladen: ändra namn, chef, datum och rader där (bladet läses inte som indata).",
    )?;
    for (c, w) in [(0u16, 40.0), (1, 28.0), (2, 12.0), (3, 12.0)] {
        overview.set_column_width(c, w)?;
    }
    overview.set_freeze_panes(header_row + 1, 0)?;
    print_setup(overview, &plan.meta.title, header_row)?;

    for (d, name) in depts.iter().zip(names) {
        department_sheet(&mut wb, plan, d, &name, &f)?;
    }
    // The goals' indicators (shared with the other kinds), and their thresholds in Dokument.
    let indicators: Vec<(Vec<&str>, &str, &crate::model::indicator::Indicator)> = plan
        .departments
        .iter()
        .flat_map(|d| d.goal_indicators.iter().map(move |g| (d, g)))
        .flat_map(|(d, g)| g.indicators.iter().map(move |i| (vec![d.name.as_str(), g.title.as_str()], "", i)))
        .collect();
    if !indicators.is_empty() {
        let title = format!("{} – indikatorer", plan.meta.title);
        super::indicator::indicator_sheet(&mut wb, &crate::load::indicator::PLAN_SHEET, &indicators, &title, &f)?;
    }
    let (phases_label, phases) = plan.phase_model.sheet_field();
    let next = document_sheet(&mut wb, &plan.meta, &[(phases_label, phases.as_str())], &f)?;
    if !indicators.is_empty() || plan.thresholds != crate::model::indicator::Thresholds::default() {
        super::indicator::thresholds_rows(&mut wb, plan.thresholds, next, &f)?;
    }
    let sections: Vec<Section> = plan
        .departments
        .iter()
        .map(|d| Section { title: d.title.clone(), text: d.text.clone(), sections: d.sections.clone(), change: None })
        .collect();
    let mut chapters: Vec<(&str, &Section)> = plan.chapters.iter().map(|c| ("", c)).collect();
    for (d, s) in plan.departments.iter().zip(&sections) {
        if !d.text.is_empty() || !d.sections.is_empty() {
            chapters.push((d.name.as_str(), s));
        }
    }
    text_sheet(&mut wb, &chapters, &f)?;
    wb.save_to_buffer()
}

/// One department's sheet: heading lines, then the table.
fn department_sheet(
    wb: &mut Workbook,
    plan: &Plan,
    d: &crate::model::Department,
    name: &str,
    f: &Formats,
) -> Result<(), XlsxError> {
    let ws = wb.add_worksheet();
    ws.set_name(name)?;
    // The heading lines the reader knows: name, date, manager.
    ws.text(0, 0, "Avdelning/Enhet:", &f.label)?;
    ws.plain(0, 1, &d.name)?;
    ws.text(0, 2, "Datum:", &f.label)?;
    ws.plain(0, 3, &d.date)?;
    ws.text(1, 0, "Ansvarig chef:", &f.label)?;
    ws.plain(1, 1, &d.manager)?;
    let header = 3u32;
    for (c, (h, w)) in (0u16..).zip(COLUMNS) {
        ws.text(header, c, h, &f.header)?;
        ws.set_column_width(c, w)?;
    }
    let mut r = header + 1;
    for phase in &d.phases {
        for row in &phase.rows {
            ws.text(r, 0, &phase.name, &f.phase)?;
            ws.text(r, 1, &row.goal, &f.text)?;
            ws.text(r, 2, row.activities.join("\n"), &f.text)?;
            // A deadline written as one ISO day becomes a real date; anything else stays text.
            let exact_day = match row.deadlines.as_slice() {
                [only] => only
                    .period
                    .filter(|p| p.precision == Precision::Day && only.text == p.end.format("%Y-%m-%d").to_string())
                    .map(|p| p.end),
                _ => None,
            };
            if let Some(day) = exact_day {
                ws.write_datetime_with_format(r, 3, &excel_date(day)?, &f.date)?;
            } else {
                let texts: Vec<&str> = row.deadlines.iter().map(|d| d.text.as_str()).collect();
                ws.text(r, 3, texts.join("\n"), &f.text)?;
            }
            match row.deadlines.iter().filter_map(crate::model::Deadline::end).max() {
                Some(end) => ws.write_datetime_with_format(r, 4, &excel_date(end)?, &f.date)?,
                None => ws.write_blank(r, 4, &f.text)?,
            };
            ws.text(r, 5, row.owners.join("\n"), &f.text)?;
            ws.text(r, 6, &row.resources, &f.text)?;
            ws.text(r, 7, &row.followup, &f.text)?;
            r += 1;
        }
    }
    ws.set_freeze_panes(header + 1, 2)?;
    ws.autofilter(header, 0, r.saturating_sub(1).max(header + 1), 7)?;
    print_setup(ws, &format!("{} – {}", plan.meta.title, d.name), header)?;
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
