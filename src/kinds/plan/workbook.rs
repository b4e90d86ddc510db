//! The plan's committee workbook: one sheet per department, then the
//! Dokument and Text sheets.

use chrono::NaiveDate;
use rust_xlsxwriter::{DocProperties, Formula, Workbook, XlsxError};

use crate::export::WriteText as _;
use crate::export::xlsx::{
    Formats, creation_date, document_sheet, excel_date, formats, print_setup, sheet_name, text_sheet,
};
use crate::model::{Precision, Section};

use super::model::Plan;

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
        crate::export::indicator::indicator_sheet(
            &mut wb,
            &crate::kinds::plan::load::INDICATOR_SHEET,
            &indicators,
            &title,
            &f,
        )?;
    }
    let (phases_label, phases) = plan.phase_model.sheet_field();
    let next = document_sheet(&mut wb, &plan.meta, &[(phases_label, phases.as_str())], &f)?;
    if !indicators.is_empty() || plan.thresholds != crate::model::indicator::Thresholds::default() {
        crate::export::indicator::thresholds_rows(&mut wb, plan.thresholds, next, &f)?;
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
    d: &crate::kinds::plan::model::Department,
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
