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
//! narrative.
//!
//! Run: `cargo run --example make_example_workbook`

use std::path::Path;

use planrapport::load::followup::RawActivity;
use planrapport::load::{META_KEYS, RawFollowUp, RawInput, RawPlan, RawSection, Scalar, toml};
use planrapport::model::Deadline;
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, XlsxError};

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
    let (plan, _) = toml::load(input).unwrap_or_else(|e| {
        for d in e.items {
            eprintln!("{d}");
        }
        std::process::exit(1)
    });
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
    followup_workbook()
}

fn followup_workbook() -> Result<(), XlsxError> {
    let input = Path::new("data/leanlink-uppfoljning.toml");
    let f: RawFollowUp = match toml::load_input(input) {
        Ok((RawInput::FollowUp(f), _)) => f,
        Ok(_) => panic!("{} är ingen uppföljning", input.display()),
        Err(e) => {
            for d in e.items {
                eprintln!("{d}");
            }
            std::process::exit(1)
        }
    };
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top).set_border(FormatBorder::Thin);
    let date = wrap.clone().set_num_format("yyyy-mm-dd").set_align(FormatAlign::Left);
    let head = wrap.clone().set_bold().set_background_color(0x00D9_D9D9);
    let bold = Format::new().set_bold();
    let mut wb = Workbook::new();
    let props = rust_xlsxwriter::DocProperties::new()
        .set_title("Uppföljning av verksamhetsplan 2023")
        .set_creation_datetime(&rust_xlsxwriter::ExcelDateTime::from_ymd(2023, 4, 20)?);
    wb.set_properties(&props);
    document_sheet(&mut wb, &f.common, &head)?;
    text_sheet(&mut wb, &f.common, &head, &wrap)?;

    // Strategic assignments: heading and text above the table.
    let ws = wb.add_worksheet();
    ws.set_name("Uppdrag")?;
    ws.write_string_with_format(0, 0, text(f.assignments_title.as_ref()), &bold)?;
    ws.merge_range(1, 0, 1, 3, &text(f.assignments_text.as_ref()), &Format::new().set_text_wrap())?;
    ws.set_row_height(1, 75)?;
    let column = text(f.assignments_column.as_ref());
    for (c, h) in [column.as_str(), "Slutdatum", "Status", "Kommentar"].iter().enumerate() {
        ws.write_string_with_format(3, u16::try_from(c).unwrap_or(0), *h, &head)?;
    }
    for (i, a) in f.assignments.iter().enumerate() {
        let r = u32::try_from(i + 4).unwrap_or(u32::MAX);
        ws.write_string_with_format(r, 0, text(a.text.as_ref()), &wrap)?;
        ws.write_string_with_format(r, 1, a.end.as_ref().map(|l| l.value.to_text()).unwrap_or_default(), &wrap)?;
        ws.write_string_with_format(r, 2, text(a.status.as_ref()), &wrap)?;
        ws.write_string_with_format(r, 3, text(a.comment.as_ref()), &wrap)?;
    }
    for (c, w) in [(0, 50.0), (1, 12.0), (2, 14.0), (3, 50.0)] {
        ws.set_column_width(c, w)?;
    }

    // One sheet per perspective, in order of appearance.
    let mut perspectives: Vec<String> = Vec::new();
    for a in &f.activities {
        let p = text(a.perspective.as_ref());
        if !perspectives.contains(&p) {
            perspectives.push(p);
        }
    }
    let headers = ["Nämndmål", "Beskrivning", "Aktivitet", "Enhet", "Slutdatum", "Status", "Kommentar", "Ansvarig"];
    for p in &perspectives {
        let ws = wb.add_worksheet();
        ws.set_name(p)?;
        let rows: Vec<&RawActivity> = f.activities.iter().filter(|a| text(a.perspective.as_ref()) == *p).collect();
        let mut r = 0u32;
        let mut goal = None;
        let mut committee: Option<(String, u32)> = None;
        let mut header_written = false;
        for a in rows {
            let g = text(a.goal.as_ref());
            if goal.as_ref() != Some(&g) {
                if header_written {
                    r += 1;
                }
                ws.write_string_with_format(r, 0, format!("Kommunövergripande mål: {g}"), &bold)?;
                r += 1;
                if !header_written {
                    for (c, h) in headers.iter().enumerate() {
                        ws.write_string_with_format(r, u16::try_from(c).unwrap_or(0), *h, &head)?;
                    }
                    header_written = true;
                    r += 1;
                }
                goal = Some(g);
                committee = None;
            }
            // The committee goal is written once, on its first row; the
            // cells below stay empty (as when merged), which continues it.
            let c = text(a.committee_goal.as_ref());
            if committee.as_ref().map(|(t, _)| t) != Some(&c) {
                ws.write_string_with_format(r, 0, &c, &wrap)?;
                ws.write_string_with_format(r, 1, text(a.description.as_ref()), &wrap)?;
                committee = Some((c, r));
            }
            for (i, part) in a.parts.iter().enumerate() {
                if i == 0 {
                    ws.write_string_with_format(r, 2, text(a.text.as_ref()), &wrap)?;
                    match &a.end {
                        Some(l) => {
                            let written = l.value.to_text();
                            match Deadline::parse(&written).period {
                                Some(p) if p.precision == planrapport::model::Precision::Day => {
                                    let d = p.start;
                                    use chrono::Datelike;
                                    let x = rust_xlsxwriter::ExcelDateTime::from_ymd(
                                        u16::try_from(d.year()).unwrap_or(2000),
                                        u8::try_from(d.month()).unwrap_or(1),
                                        u8::try_from(d.day()).unwrap_or(1),
                                    )?;
                                    ws.write_datetime_with_format(r, 4, &x, &date)?;
                                }
                                _ => {
                                    ws.write_string_with_format(r, 4, &written, &wrap)?;
                                }
                            }
                        }
                        None => {
                            ws.write_blank(r, 4, &wrap)?;
                        }
                    }
                    let owners: Vec<&str> = a.owners.iter().map(|o| o.value.as_str()).collect();
                    ws.write_string_with_format(r, 7, owners.join("\n"), &wrap)?;
                }
                ws.write_string_with_format(r, 3, text(part.unit.as_ref()), &wrap)?;
                ws.write_string_with_format(r, 5, text(part.status.as_ref()), &wrap)?;
                ws.write_string_with_format(r, 6, text(part.comment.as_ref()), &wrap)?;
                r += 1;
            }
        }
        for (c, w) in [(0, 22.0), (1, 28.0), (2, 40.0), (3, 7.0), (4, 12.0), (5, 14.0), (6, 36.0), (7, 14.0)] {
            ws.set_column_width(c, w)?;
        }
        ws.set_landscape();
        ws.set_paper_size(9);
    }
    wb.save("data/leanlink-uppfoljning.xlsx")?;
    println!("skrev data/leanlink-uppfoljning.xlsx");
    Ok(())
}

/// The "Dokument" sheet: label | value.
fn document_sheet(wb: &mut Workbook, plan: &RawPlan, head: &Format) -> Result<(), XlsxError> {
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
fn text_sheet(wb: &mut Workbook, plan: &RawPlan, head: &Format, wrap: &Format) -> Result<(), XlsxError> {
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
