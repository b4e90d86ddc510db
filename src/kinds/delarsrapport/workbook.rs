//! An interim report as an Excel workbook: *Insatser* (one row per
//! initiative), *Mål* (one row per indicator and year, the absolute target
//! and the assessment as formulas where numeric, coloured), *Förändringar*
//! (with `--previous`), *Dokument* and *Text*.

use crate::export::WriteText as _;
use chrono::NaiveDate;
use rust_xlsxwriter::{DocProperties, Format, Workbook, XlsxError};

use crate::export::indicator::{indicator_sheet, thresholds_rows};
use crate::export::xlsx::{
    Formats, colour_by_status, creation_date, document_sheet, formats, print_setup, rgb, text_sheet,
};
use crate::kinds::delarsrapport::model::{Indicator, Report};
use crate::model::Section;

pub(crate) const INITIATIVE_COLUMNS: [(&str, f64); 10] = [
    ("Fas", 16.0),
    ("Insats", 28.0),
    ("Status", 12.0),
    ("Syfte", 40.0),
    ("Genomfört", 40.0),
    ("Pågående", 40.0),
    ("Planerat", 34.0),
    ("Kommentar", 40.0),
    ("Övrigt", 30.0),
    ("Ändrat", 9.0),
];

/// Builds the workbook in memory.
///
/// # Errors
/// `rust_xlsxwriter`'s errors (which valid models do not cause).
pub fn workbook(r: &Report, date: Option<NaiveDate>) -> Result<Vec<u8>, XlsxError> {
    let f = formats();
    let mut wb = Workbook::new();
    let created = creation_date(date)?;
    wb.set_properties(
        &DocProperties::new()
            .set_title(format!("{}, {}", r.meta.title, r.label))
            .set_subject(&r.label)
            .set_author(&r.meta.author)
            .set_company(&r.meta.organisation)
            .set_comment("Skapad med planrapport")
            .set_creation_datetime(&created),
    );
    initiatives_sheet(&mut wb, r, &f)?;
    targets_sheet(&mut wb, r, &f)?;
    if r.previous.is_some() {
        changes_sheet(&mut wb, r, &f)?;
    }
    let year = r.year.to_string();
    let (phases_label, phases) = r.phase_model.sheet_field();
    let next = document_sheet(
        &mut wb,
        &r.meta,
        &[
            ("Dokumenttyp", "delårsrapport"),
            ("Rapport", r.report.as_str()),
            ("År", year.as_str()),
            (phases_label, phases.as_str()),
        ],
        &f,
    )?;
    thresholds_rows(&mut wb, r.thresholds, next, &f)?;
    let chapters: Vec<(&str, &Section)> = r.chapters.iter().map(|c| ("", c)).collect();
    text_sheet(&mut wb, &chapters, &f)?;
    wb.save_to_buffer()
}

fn header(ws: &mut rust_xlsxwriter::Worksheet, columns: &[(&str, f64)], f: &Formats) -> Result<(), XlsxError> {
    for (c, (h, w)) in (0u16..).zip(columns) {
        ws.text(0, c, *h, &f.header)?;
        ws.set_column_width(c, *w)?;
    }
    Ok(())
}

fn initiatives_sheet(wb: &mut Workbook, r: &Report, f: &Formats) -> Result<(), XlsxError> {
    let ws = wb.add_worksheet();
    ws.set_name("Insatser")?;
    header(ws, &INITIATIVE_COLUMNS, f)?;
    let mut row = 1u32;
    for p in r.phases.iter().filter(|p| !p.text.is_empty()) {
        // A phase's sentence: Fas and Övrigt only.
        ws.text(row, 0, &p.name, &f.text)?;
        ws.text(row, 8, &p.text, &f.text)?;
        row += 1;
    }
    for i in r.initiatives() {
        let field = |label: &str| i.fields.iter().find(|x| x.label == label).map_or("", |x| x.text.as_str());
        let changed = i.added || i.status_change.is_some() || i.fields.iter().any(|x| x.change.is_some());
        let cells = [
            i.phase.as_str(),
            i.name.as_str(),
            // The text as written when it says more than the word ("Pågår,
            // försenat av upphandlingen"): nothing of it is lost, and it
            // reads back as the same status.
            if i.goal_only {
                ""
            } else if i.status.note.is_empty() {
                i.status.word.as_str()
            } else {
                i.status.note.as_str()
            },
            field("Syfte"),
            field("Genomfört"),
            field("Pågående"),
            field("Planerat"),
            field("Kommentar"),
            field(""),
            if i.added {
                "Ny"
            } else if changed {
                "Ändrad"
            } else {
                ""
            },
        ];
        for (c, v) in (0u16..).zip(cells) {
            ws.text(row, c, v, &f.text)?;
        }
        row += 1;
    }
    let last = row.saturating_sub(1).max(1);
    colour_by_status(ws, &r.vocabulary, (1, last), 2, |w| Format::new().set_background_color(rgb(&w.colour)))?;
    ws.set_freeze_panes(1, 2)?;
    ws.autofilter(0, 0, last, 9)?;
    print_setup(ws, &format!("{} – insatser", r.label), 0)?;
    Ok(())
}

fn targets_sheet(wb: &mut Workbook, r: &Report, f: &Formats) -> Result<(), XlsxError> {
    let rows: Vec<(Vec<&str>, &str, &Indicator)> =
        r.initiatives().flat_map(|i| i.indicators.iter().map(move |ind| (vec![i.name.as_str()], "", ind))).collect();
    indicator_sheet(wb, &INDICATOR_SHEET, &rows, &format!("{} – mål och resultat", r.label), f)
}

fn changes_sheet(wb: &mut Workbook, r: &Report, f: &Formats) -> Result<(), XlsxError> {
    let ws = wb.add_worksheet();
    ws.set_name("Förändringar")?;
    header(ws, &[("Insats", 28.0), ("Vad", 24.0), ("Ändring", 9.0), ("Före", 50.0), ("Efter", 50.0)], f)?;
    let mut row = 1u32;
    for c in &r.changes {
        for (col, v) in (0u16..).zip([&c.initiative, &c.what, &c.word, &c.before, &c.after]) {
            ws.text(row, col, v, &f.text)?;
        }
        row += 1;
    }
    ws.set_freeze_panes(1, 0)?;
    ws.autofilter(0, 0, row.saturating_sub(1).max(1), 4)?;
    print_setup(ws, &format!("{} – förändringar sedan {}", r.label, r.previous.as_deref().unwrap_or("")), 0)?;
    Ok(())
}

/// The interim report's *Mål* sheet.
pub(crate) const INDICATOR_SHEET: crate::load::indicator::SheetLayout =
    crate::load::indicator::SheetLayout { sheet: "Mål", owners: &["Insats"], noun: "insats", description: None };
