//! Writes the bundled examples as the workbooks people keep by hand:
//! - data/hagersten-alvsjo.xlsx from the plan: one sheet per department
//!   laid out like the printed plan (heading lines, a two-line header row,
//!   phase rows merged across the table, line breaks between list items);
//! - data/leanlink-uppfoljning.xlsx from the follow-up: one sheet per
//!   perspective with "Kommunövergripande mål: …" lines, committee goals
//!   merged down their activities, one row per sub-unit, real date cells,
//!   and a sheet of strategic assignments;
//!
//! each with a "Dokument" sheet for metadata and a "Text" sheet for the
//! narrative; and
//! - data/trelleborg-dr1-2023.xlsx and data/trelleborg-dr2-2023.xlsx from
//!   the interim reports: the workbook the tool exports (sheets Insatser and
//!   Mål), which is how a board secretary carries a report to the next one.
//!
//! Run: `cargo run --example make_example_workbook`

use std::path::Path;

use planrapport::diag::Loc;
use planrapport::kinds::uppfoljning::load::RawActivity;
use planrapport::kinds::uppfoljning::load::RawFollowUp;
use planrapport::kinds::{RawInput, load_toml};
use planrapport::load::{META_KEYS, RawDocument, RawSection, Scalar};
use planrapport::model::{Deadline, Precision};
use rust_xlsxwriter::{ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError};

fn text(s: Option<&planrapport::diag::Loc<String>>) -> String {
    s.map(|l| l.value.clone()).unwrap_or_default()
}

fn sections(out: &mut Vec<(String, u8, String, String)>, dept: &str, list: &[RawSection], level: u8) {
    for s in list {
        out.push((dept.to_string(), level, text(s.title.as_ref()), text(s.text.as_ref()).trim().to_string()));
        sections(out, dept, &s.sections, level + 1);
    }
}

fn main() -> Result<(), XlsxError> {
    let input = Path::new("data/hagersten-alvsjo.toml");
    let (raw, _) = load_toml(input).unwrap_or_else(|e| {
        for d in e.items {
            eprintln!("{d}");
        }
        std::process::exit(1)
    });
    let plan = raw.common().clone();
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top).set_border(FormatBorder::Thin);
    let head = wrap.clone().set_bold().set_background_color(0x00D9_D9D9);
    let phase = Format::new().set_bold().set_border(FormatBorder::Thin).set_background_color(0x00EE_EEEE);
    let bold = Format::new().set_bold();
    let mut wb = Workbook::new();
    let props = rust_xlsxwriter::DocProperties::new()
        .set_title("Kompetensförsörjningsplan för Hägersten-Älvsjö")
        .set_creation_datetime(&rust_xlsxwriter::ExcelDateTime::from_ymd(2021, 11, 25)?);
    wb.set_properties(&props);

    document_sheet(&mut wb, &plan, &head)?;
    text_sheet(&mut wb, &plan, &head, &wrap)?;

    let title = "Kompetensförsörjningsplan för Hägersten-Älvsjö 2021-2023 ver 2022";
    let short = ["Förskola", "Social omsorg", "Äldreomsorg"];
    for (d, sheet) in plan.departments.iter().filter(|d| !d.rows.is_empty()).zip(short) {
        let ws = wb.add_worksheet();
        ws.set_name(sheet)?;
        ws.merge_range(0, 0, 0, 5, title, &bold)?;
        let date = d.date.as_ref().map(|l| l.value.to_text()).unwrap_or_default();
        ws.merge_range(
            1,
            0,
            1,
            5,
            &format!("Avdelning/Enhet: {}      Datum: {date}", text(d.name.as_ref())),
            &Format::new(),
        )?;
        ws.merge_range(2, 0, 2, 5, &format!("Ansvarig chef: {}", text(d.manager.as_ref())), &Format::new())?;
        let headers = [
            "Vad ska vi uppnå?",
            "Aktivitet\nHur gör vi det?",
            "Måldatum\nNär ska det vara klart?",
            "Ansvarig\n(Funktion)",
            "Resurser\n(timmar, kronor, personal)",
            "Uppföljning / Kommentar",
        ];
        for (c, h) in headers.iter().enumerate() {
            ws.write_string_with_format(4, u16::try_from(c).unwrap_or(0), *h, &head)?;
        }
        let mut r = 5u32;
        let mut current = String::new();
        for row in &d.rows {
            let p = text(row.phase.as_ref());
            if p != current {
                ws.merge_range(r, 0, r, 5, &p, &phase)?;
                current = p;
                r += 1;
            }
            let deadlines: Vec<String> = row.deadlines.iter().map(|l| l.value.to_text()).collect();
            let cells = [
                text(row.goal.as_ref()),
                row.activities.iter().map(|a| a.value.clone()).collect::<Vec<_>>().join("\n"),
                deadlines.join("\n"),
                row.owners.iter().map(|a| a.value.clone()).collect::<Vec<_>>().join("\n"),
                text(row.resources.as_ref()),
                text(row.followup.as_ref()),
            ];
            for (c, v) in cells.iter().enumerate() {
                ws.write_string_with_format(r, u16::try_from(c).unwrap_or(0), v, &wrap)?;
            }
            r += 1;
        }
        for (c, w) in [(0, 34.0), (1, 40.0), (2, 16.0), (3, 22.0), (4, 18.0), (5, 20.0)] {
            ws.set_column_width(c, w)?;
        }
        ws.set_landscape();
        ws.set_paper_size(9);
    }
    wb.save("data/hagersten-alvsjo.xlsx")?;
    println!("skrev data/hagersten-alvsjo.xlsx");
    followup_workbook()?;
    for name in ["trelleborg-dr1-2023", "trelleborg-dr2-2023"] {
        report_workbook(name)?;
    }
    deck_workbook()
}

/// The deck as a workbook: Dokument (with Färg) and Bilder, one row per
/// element: Bild | Typ | Rubrik | Underrubrik | Element | Värde | Text.
fn deck_workbook() -> Result<(), XlsxError> {
    use planrapport::kinds::bildspel::load::RawElement;
    let input = Path::new("data/vaxjo-kompetensforum.toml");
    let Ok((RawInput::Deck(deck), _)) = load_toml(input) else { panic!("{} är inget bildspel", input.display()) };
    let formats = Formats::new();
    let mut wb = Workbook::new();
    wb.set_properties(
        &rust_xlsxwriter::DocProperties::new()
            .set_title("Omsorgsförvaltningens kompetensforum för vård och omsorg")
            .set_creation_datetime(&ExcelDateTime::from_ymd(2024, 3, 1)?),
    );
    let mut common = deck.common.clone();
    if let Some(colour) = &deck.colour {
        common.meta.push((
            "farg".to_string(),
            planrapport::diag::Loc::new(Scalar::Text(colour.value.clone()), colour.at.clone()),
        ));
    }
    document_sheet(&mut wb, &common, &formats.head)?;
    let ws = wb.add_worksheet();
    ws.set_name("Bilder")?;
    let headers = ["Bild", "Typ", "Rubrik", "Underrubrik", "Element", "Värde", "Text"];
    for (col, h) in (0u16..).zip(headers) {
        ws.write_string_with_format(0, col, h, &formats.head)?;
    }
    let mut row = 1u32;
    for (n, slide) in (1u32..).zip(&deck.slides) {
        // The slide's own row, then one row per element.
        ws.write_number(row, 0, f64::from(n))?;
        ws.write_string(row, 1, text(slide.kind.as_ref()))?;
        ws.write_string(row, 2, text(slide.title.as_ref()))?;
        ws.write_string(row, 3, text(slide.subtitle.as_ref()))?;
        row += 1;
        for e in &slide.elements {
            ws.write_number(row, 0, f64::from(n))?;
            let (element, value, body, label): (&str, Option<Scalar>, String, String) = match e {
                RawElement::Bullet(l) => ("punkt", None, l.value.clone(), String::new()),
                RawElement::Text(l) => ("text", None, l.value.trim().to_string(), String::new()),
                RawElement::Figure { value, text: t, .. } => {
                    ("tal", value.as_ref().map(|v| v.value.clone()), text(t.as_ref()), String::new())
                }
                RawElement::Group { name, roles, .. } => (
                    "grupp",
                    name.as_ref().map(|n| Scalar::Text(n.value.clone())),
                    roles.iter().map(|r| r.value.as_str()).collect::<Vec<_>>().join("\n"),
                    String::new(),
                ),
                RawElement::Event { label, when, text: t, .. } => {
                    ("händelse", when.as_ref().map(|v| v.value.clone()), text(t.as_ref()), text(label.as_ref()))
                }
                RawElement::Speaker { name, role, .. } => {
                    ("talare", name.as_ref().map(|n| Scalar::Text(n.value.clone())), text(role.as_ref()), String::new())
                }
            };
            ws.write_string(row, 4, element)?;
            match value {
                Some(Scalar::Number(x)) => {
                    ws.write_number(row, 5, x)?;
                }
                Some(other) => {
                    ws.write_string(row, 5, other.to_text())?;
                }
                None => {}
            }
            ws.write_string_with_format(row, 6, &body, &formats.wrap)?;
            if !label.is_empty() {
                ws.write_string(row, 3, &label)?;
            }
            row += 1;
        }
    }
    for (col, w) in [(0, 6.0), (1, 10.0), (2, 40.0), (3, 16.0), (4, 10.0), (5, 12.0), (6, 80.0)] {
        ws.set_column_width(col, w)?;
    }
    wb.save("data/vaxjo-kompetensforum.xlsx")?;
    println!("skrev data/vaxjo-kompetensforum.xlsx");
    Ok(())
}

fn report_workbook(name: &str) -> Result<(), XlsxError> {
    let input = format!("data/{name}.toml");
    let checked = planrapport::kinds::delarsrapport::load_report(Path::new(&input)).unwrap_or_else(|e| {
        for d in e.items {
            eprintln!("{d}");
        }
        std::process::exit(1)
    });
    let date = planrapport::pipeline::document_date(&checked.report.meta);
    let bytes = planrapport::kinds::delarsrapport::workbook::workbook(&checked.report, date)?;
    std::fs::write(format!("data/{name}.xlsx"), bytes).map_err(XlsxError::IoError)?;
    println!("skrev data/{name}.xlsx");
    Ok(())
}

fn followup_workbook() -> Result<(), XlsxError> {
    let input = Path::new("data/leanlink-uppfoljning.toml");
    let followup: RawFollowUp = match load_toml(input) {
        Ok((RawInput::FollowUp(followup), _)) => followup,
        Ok(_) => panic!("{} är ingen uppföljning", input.display()),
        Err(e) => {
            for d in e.items {
                eprintln!("{d}");
            }
            std::process::exit(1)
        }
    };
    let formats = Formats::new();
    let mut wb = Workbook::new();
    let props = rust_xlsxwriter::DocProperties::new()
        .set_title("Uppföljning av verksamhetsplan 2023")
        .set_creation_datetime(&ExcelDateTime::from_ymd(2023, 4, 20)?);
    wb.set_properties(&props);
    document_sheet(&mut wb, &followup.common, &formats.head)?;
    text_sheet(&mut wb, &followup.common, &formats.head, &formats.wrap)?;
    assignments_sheet(&mut wb, &followup, &formats)?;
    // One sheet per perspective, in order of appearance.
    let mut perspectives: Vec<String> = Vec::new();
    for activity in &followup.activities {
        let name = text(activity.perspective.as_ref());
        if !perspectives.contains(&name) {
            perspectives.push(name);
        }
    }
    for name in &perspectives {
        let rows: Vec<&RawActivity> =
            followup.activities.iter().filter(|a| text(a.perspective.as_ref()) == *name).collect();
        perspective_sheet(&mut wb, name, &rows, &formats)?;
    }
    wb.save("data/leanlink-uppfoljning.xlsx")?;
    println!("skrev data/leanlink-uppfoljning.xlsx");
    Ok(())
}

struct Formats {
    wrap: Format,
    date: Format,
    head: Format,
    bold: Format,
}

impl Formats {
    fn new() -> Formats {
        let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top).set_border(FormatBorder::Thin);
        Formats {
            date: wrap.clone().set_num_format("yyyy-mm-dd").set_align(FormatAlign::Left),
            head: wrap.clone().set_bold().set_background_color(0x00D9_D9D9),
            bold: Format::new().set_bold(),
            wrap,
        }
    }
}

/// Strategic assignments: heading and text above the table.
fn assignments_sheet(wb: &mut Workbook, followup: &RawFollowUp, formats: &Formats) -> Result<(), XlsxError> {
    let ws = wb.add_worksheet();
    ws.set_name("Uppdrag")?;
    ws.write_string_with_format(0, 0, text(followup.assignments_title.as_ref()), &formats.bold)?;
    ws.merge_range(1, 0, 1, 3, &text(followup.assignments_text.as_ref()), &Format::new().set_text_wrap())?;
    ws.set_row_height(1, 75)?;
    let column = text(followup.assignments_column.as_ref());
    for (col, header) in (0u16..).zip([column.as_str(), "Slutdatum", "Status", "Kommentar"]) {
        ws.write_string_with_format(3, col, header, &formats.head)?;
    }
    for (row, assignment) in (4u32..).zip(&followup.assignments) {
        let end = assignment.end.as_ref().map(|l| l.value.to_text()).unwrap_or_default();
        ws.write_string_with_format(row, 0, text(assignment.text.as_ref()), &formats.wrap)?;
        ws.write_string_with_format(row, 1, end, &formats.wrap)?;
        ws.write_string_with_format(row, 2, text(assignment.status.as_ref()), &formats.wrap)?;
        ws.write_string_with_format(row, 3, text(assignment.comment.as_ref()), &formats.wrap)?;
    }
    for (col, width) in [(0, 50.0), (1, 12.0), (2, 14.0), (3, 50.0)] {
        ws.set_column_width(col, width)?;
    }
    Ok(())
}

/// An end date as a real date cell where it is one day, else as written.
fn write_end(ws: &mut Worksheet, row: u32, end: Option<&Loc<Scalar>>, formats: &Formats) -> Result<(), XlsxError> {
    use chrono::Datelike;
    let Some(end) = end else {
        ws.write_blank(row, 4, &formats.wrap)?;
        return Ok(());
    };
    let written = end.value.to_text();
    match Deadline::parse(&written).period {
        Some(period) if period.precision == Precision::Day => {
            let day = period.start;
            let cell = ExcelDateTime::from_ymd(
                u16::try_from(day.year()).unwrap_or(2000),
                u8::try_from(day.month()).unwrap_or(1),
                u8::try_from(day.day()).unwrap_or(1),
            )?;
            ws.write_datetime_with_format(row, 4, &cell, &formats.date)?;
        }
        _ => {
            ws.write_string_with_format(row, 4, &written, &formats.wrap)?;
        }
    }
    Ok(())
}

/// A perspective as one sheet: "Kommunövergripande mål: …" lines, the
/// committee goal written on its first row only (the cells below left
/// empty, as when merged), one row per sub-unit.
fn perspective_sheet(wb: &mut Workbook, name: &str, rows: &[&RawActivity], formats: &Formats) -> Result<(), XlsxError> {
    let ws = wb.add_worksheet();
    ws.set_name(name)?;
    let headers = ["Nämndmål", "Beskrivning", "Aktivitet", "Enhet", "Slutdatum", "Status", "Kommentar", "Ansvarig"];
    let mut row = 0u32;
    let mut goal = None;
    let mut committee: Option<String> = None;
    let mut header_written = false;
    for activity in rows {
        let this_goal = text(activity.goal.as_ref());
        if goal.as_ref() != Some(&this_goal) {
            if header_written {
                row += 1;
            }
            ws.write_string_with_format(row, 0, format!("Kommunövergripande mål: {this_goal}"), &formats.bold)?;
            row += 1;
            if !header_written {
                for (col, header) in (0u16..).zip(headers) {
                    ws.write_string_with_format(row, col, header, &formats.head)?;
                }
                header_written = true;
                row += 1;
            }
            goal = Some(this_goal);
            committee = None;
        }
        let title = text(activity.committee_goal.as_ref());
        if committee.as_ref() != Some(&title) {
            ws.write_string_with_format(row, 0, &title, &formats.wrap)?;
            ws.write_string_with_format(row, 1, text(activity.description.as_ref()), &formats.wrap)?;
            committee = Some(title);
        }
        for (i, part) in activity.parts.iter().enumerate() {
            if i == 0 {
                ws.write_string_with_format(row, 2, text(activity.text.as_ref()), &formats.wrap)?;
                write_end(ws, row, activity.end.as_ref(), formats)?;
                let owners: Vec<&str> = activity.owners.iter().map(|o| o.value.as_str()).collect();
                ws.write_string_with_format(row, 7, owners.join("\n"), &formats.wrap)?;
            }
            ws.write_string_with_format(row, 3, text(part.unit.as_ref()), &formats.wrap)?;
            ws.write_string_with_format(row, 5, text(part.status.as_ref()), &formats.wrap)?;
            ws.write_string_with_format(row, 6, text(part.comment.as_ref()), &formats.wrap)?;
            row += 1;
        }
    }
    for (col, width) in [(0, 22.0), (1, 28.0), (2, 40.0), (3, 7.0), (4, 12.0), (5, 14.0), (6, 36.0), (7, 14.0)] {
        ws.set_column_width(col, width)?;
    }
    ws.set_landscape();
    ws.set_paper_size(9);
    Ok(())
}

/// The "Dokument" sheet: label | value.
fn document_sheet(wb: &mut Workbook, plan: &RawDocument, head: &Format) -> Result<(), XlsxError> {
    let doc = wb.add_worksheet();
    doc.set_name("Dokument")?;
    doc.write_string_with_format(0, 0, "Fält", head)?;
    doc.write_string_with_format(0, 1, "Värde", head)?;
    let mut r = 1;
    for (key, label) in META_KEYS {
        if let Some(v) = plan.meta(key) {
            doc.write_string(r, 0, label)?;
            match &v.value {
                Scalar::Date(d) => doc.write_string(r, 1, d.format("%Y-%m-%d").to_string())?,
                other => doc.write_string(r, 1, other.to_text())?,
            };
            r += 1;
        }
    }
    doc.set_column_width(0, 22)?;
    doc.set_column_width(1, 60)?;

    Ok(())
}

/// The "Text" sheet: Avdelning | Nivå | Rubrik | Text.
fn text_sheet(wb: &mut Workbook, plan: &RawDocument, head: &Format, wrap: &Format) -> Result<(), XlsxError> {
    let mut rows = Vec::new();
    sections(&mut rows, "", &plan.chapters, 1);
    for d in &plan.departments {
        if d.title.is_some() || !d.sections.is_empty() {
            rows.push((text(d.name.as_ref()), 1, text(d.title.as_ref()), text(d.text.as_ref()).trim().to_string()));
            sections(&mut rows, &text(d.name.as_ref()), &d.sections, 2);
        }
    }
    let ts = wb.add_worksheet();
    ts.set_name("Text")?;
    for (c, h) in ["Avdelning", "Nivå", "Rubrik", "Text"].iter().enumerate() {
        ts.write_string_with_format(0, u16::try_from(c).unwrap_or(0), *h, head)?;
    }
    for (i, (dept, level, title, body)) in rows.iter().enumerate() {
        let r = u32::try_from(i + 1).unwrap_or(u32::MAX);
        ts.write_string_with_format(r, 0, dept, wrap)?;
        ts.write_number_with_format(r, 1, f64::from(*level), wrap)?;
        ts.write_string_with_format(r, 2, title, wrap)?;
        ts.write_string_with_format(r, 3, body, wrap)?;
    }
    for (c, w) in [(0, 26.0), (1, 6.0), (2, 36.0), (3, 100.0)] {
        ts.set_column_width(c, w)?;
    }

    Ok(())
}
