//! An interim report as an Excel workbook: *Insatser* (one row per
//! initiative), *Mål* (one row per indicator and year, the absolute target
//! and the assessment as formulas where numeric, coloured), *Förändringar*
//! (with `--previous`), *Dokument* and *Text*.

use super::WriteText as _;
use chrono::NaiveDate;
use rust_xlsxwriter::{
    ConditionalFormatCell, ConditionalFormatCellRule, DocProperties, Format, Formula, Workbook, XlsxError,
};

use super::xlsx::{Formats, creation_date, document_sheet, formats, print_setup, text_sheet};
use crate::model::Section;
use crate::model::report::{Assessment, Report};

const INITIATIVE_COLUMNS: [(&str, f64); 10] = [
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

const TARGET_COLUMNS: [(&str, f64); 14] = [
    ("Insats", 26.0),
    ("Indikator", 24.0),
    ("Enhet", 8.0),
    ("År", 7.0),
    ("Utgångsläge år", 10.0),
    ("Utgångsläge", 10.0),
    ("Ökning %", 9.0),
    ("Mål", 10.0),
    ("Mål, som skrivet", 28.0),
    ("Resultat", 10.0),
    ("Resultat, som skrivet", 34.0),
    ("Bedömning", 14.0),
    ("Ändrat", 9.0),
    ("Indikatortext", 30.0),
];

fn assessment_colour(a: Assessment) -> u32 {
    match a {
        Assessment::Achieved => 0x00CF_E8CF,
        Assessment::Partly => 0x00FB_ECB3,
        Assessment::NotAchieved => 0x00F7_C9A8,
        Assessment::Undetermined | Assessment::None => 0x00E4_E4E4,
    }
}

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
    document_sheet(
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
            if i.status.note.is_empty() { i.status.word.as_str() } else { i.status.note.as_str() },
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
    for w in &r.vocabulary.words {
        let cf = ConditionalFormatCell::new()
            .set_rule(ConditionalFormatCellRule::EqualTo(format!("\"{}\"", w.word.replace('"', "\"\""))))
            .set_format(Format::new().set_background_color(
                u32::from_str_radix(w.colour.trim_start_matches('#'), 16).unwrap_or(0x00E4_E4E4),
            ));
        ws.add_conditional_format(1, 2, last, 2, &cf)?;
    }
    ws.set_freeze_panes(1, 2)?;
    ws.autofilter(0, 0, last, 9)?;
    print_setup(ws, &format!("{} – insatser", r.label), 0)?;
    Ok(())
}

fn targets_sheet(wb: &mut Workbook, r: &Report, f: &Formats) -> Result<(), XlsxError> {
    let ws = wb.add_worksheet();
    ws.set_name("Mål")?;
    header(ws, &TARGET_COLUMNS, f)?;
    let (achieved, partly) = (r.thresholds.achieved, r.thresholds.partly);
    let mut row = 1u32;
    for i in r.initiatives() {
        for ind in &i.indicators {
            if ind.years.is_empty() {
                // An indicator without years still gets a row, for its text.
                for (c, v) in
                    [(0u16, i.name.as_str()), (1, ind.name.as_str()), (2, ind.unit.as_str()), (13, ind.text.as_str())]
                {
                    ws.text(row, c, v, &f.text)?;
                }
                if let Some(by) = ind.baseline_year {
                    ws.write_number_with_format(row, 4, f64::from(by), &f.text)?;
                }
                if let Some(b) = ind.baseline {
                    ws.write_number_with_format(row, 5, b, &f.text)?;
                }
                row += 1;
                continue;
            }
            for (k, y) in ind.years.iter().enumerate() {
                let text = if k == 0 { ind.text.as_str() } else { "" };
                ws.text(row, 13, text, &f.text)?;
                let n = row + 1;
                ws.text(row, 0, &i.name, &f.text)?;
                ws.text(row, 1, &ind.name, &f.text)?;
                ws.text(row, 2, &ind.unit, &f.text)?;
                ws.write_number_with_format(row, 3, f64::from(y.year), &f.text)?;
                match ind.baseline_year {
                    Some(by) => ws.write_number_with_format(row, 4, f64::from(by), &f.text)?,
                    None => ws.write_blank(row, 4, &f.text)?,
                };
                match ind.baseline {
                    Some(b) => ws.write_number_with_format(row, 5, b, &f.text)?,
                    None => ws.write_blank(row, 5, &f.text)?,
                };
                match y.increase {
                    Some(inc) => ws.write_number_with_format(row, 6, inc, &f.text)?,
                    None => ws.write_blank(row, 6, &f.text)?,
                };
                match (y.target, y.increase) {
                    // A target computed from the baseline stays a formula of it.
                    (Some(t), Some(_)) if ind.baseline.is_some() => ws.write_formula_with_format(
                        row,
                        7,
                        Formula::new(format!("=F{n}*(1+G{n}/100)")).set_result(format!("{t}")),
                        &f.text,
                    )?,
                    (Some(t), _) => ws.write_number_with_format(row, 7, t, &f.text)?,
                    (None, _) => ws.write_blank(row, 7, &f.text)?,
                };
                ws.text(row, 8, &y.target_text, &f.text)?;
                match y.result {
                    Some(v) => ws.write_number_with_format(row, 9, v, &f.text)?,
                    None => ws.write_blank(row, 9, &f.text)?,
                };
                ws.text(row, 10, &y.result_text, &f.text)?;
                let formula = format!(
                    "=IF(AND(ISNUMBER(H{n}),ISNUMBER(J{n}),H{n}>0),IF(J{n}/H{n}>={achieved},\"Uppnått\",IF(J{n}/H{n}>={partly},\"Delvis uppnått\",\"Ej uppnått\")),\"{}\")",
                    if y.assessment == Assessment::Undetermined || y.assessment == Assessment::None {
                        y.assessment_word.as_str()
                    } else {
                        ""
                    }
                );
                ws.write_formula_with_format(row, 11, Formula::new(formula).set_result(&y.assessment_word), &f.text)?;
                ws.text(row, 12, y.change.map_or("", |c| c.word()), &f.text)?;
                row += 1;
            }
        }
    }
    let last = row.saturating_sub(1).max(1);
    for a in [Assessment::Achieved, Assessment::Partly, Assessment::NotAchieved, Assessment::Undetermined] {
        let cf = ConditionalFormatCell::new()
            .set_rule(ConditionalFormatCellRule::EqualTo(format!("\"{}\"", a.word())))
            .set_format(Format::new().set_background_color(assessment_colour(a)));
        ws.add_conditional_format(1, 11, last, 11, &cf)?;
    }
    ws.set_freeze_panes(1, 2)?;
    ws.autofilter(0, 0, last, 13)?;
    print_setup(ws, &format!("{} – mål och resultat", r.label), 0)?;
    Ok(())
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
