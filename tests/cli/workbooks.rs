//! Workbooks as departments really fill them (issue 14): templates filled
//! cell by cell with the usual mistakes, department and unit folders
//! assembled by a secretary, a committee workbook edited and built again.
//! Assertions are on the model, the PDF's text and the workbook's cells.

use std::path::Path;

use calamine::{Data, Reader, open_workbook_auto};
use planrapport::kinds::plan::model::ActionRow;
use rust_xlsxwriter::{Format, Workbook, Worksheet};

use crate::util::{pdf_text, run_in, squash, stderr, tempdir};

/// A plan sheet's six columns, as the template heads them.
const PLAN_HEADER: &[&str] = &[
    "Vad ska vi uppnå?",
    "Aktivitet\nHur gör vi det?",
    "Måldatum",
    "Ansvarig\n(Funktion)",
    "Resurser",
    "Uppföljning / Kommentar",
];

/// A merged region: first row, first column, last row, last column.
type Merge = (u32, u16, u32, u16);

/// Writes `rows` from row 0 (empty strings stay empty), then merges each
/// region with the value of its top-left cell, as Excel's "Sammanfoga"
/// keeps it.
fn fill(ws: &mut Worksheet, rows: &[&[&str]], merges: &[Merge]) {
    let covered =
        |r: u32, c: u16| merges.iter().any(|&(r0, c0, r1, c1)| (r0..=r1).contains(&r) && (c0..=c1).contains(&c));
    for (r, row) in rows.iter().enumerate() {
        let r = u32::try_from(r).unwrap();
        for (c, v) in row.iter().enumerate() {
            let c = u16::try_from(c).unwrap();
            if !v.is_empty() && !covered(r, c) {
                ws.write_string(r, c, *v).unwrap();
            }
        }
    }
    for &(r0, c0, r1, c1) in merges {
        let v = rows[r0 as usize].get(c0 as usize).copied().unwrap_or("");
        ws.merge_range(r0, c0, r1, c1, v, &Format::new()).unwrap();
    }
}

fn dokument(wb: &mut Workbook, rows: &[(&str, &str)]) {
    let ws = wb.add_worksheet();
    ws.set_name("Dokument").unwrap();
    ws.write_string(0, 0, "Fält").unwrap();
    ws.write_string(0, 1, "Värde").unwrap();
    for (i, (k, v)) in rows.iter().enumerate() {
        let r = u32::try_from(i + 1).unwrap();
        ws.write_string(r, 0, *k).unwrap();
        ws.write_string(r, 1, *v).unwrap();
    }
}

/// A plan workbook: a Dokument sheet and one department sheet.
fn plan_book(path: &Path, sheet: &str, rows: &[&[&str]], merges: &[Merge]) {
    let mut wb = Workbook::new();
    dokument(&mut wb, &[("Titel", "Plan"), ("Datum", "2024-02-01")]);
    let ws = wb.add_worksheet();
    ws.set_name(sheet).unwrap();
    fill(ws, rows, merges);
    wb.save(path).unwrap();
}

fn plan_rows(path: &Path) -> Vec<ActionRow> {
    let plan = planrapport::kinds::plan::load_plan(path).map_err(|e| format!("{:?}", e.items)).unwrap().plan;
    plan.departments.iter().flat_map(|d| d.phases.iter().flat_map(|p| p.rows.iter().cloned())).collect()
}

fn build(dir: &Path, input: &str, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["bygg", input, "-o", "ut"];
    args.extend_from_slice(extra);
    run_in(dir, &args)
}

fn built(dir: &Path, input: &str, extra: &[&str]) -> String {
    let o = build(dir, input, extra);
    assert!(o.status.success(), "build of {input} failed:\n{}", stderr(&o));
    stderr(&o)
}

fn sheet(xlsx: &Path, name: &str) -> calamine::Range<Data> {
    let mut wb = open_workbook_auto(xlsx).unwrap();
    wb.worksheet_range(name).unwrap()
}

fn text_of(d: &Data) -> String {
    match d {
        Data::String(s) => s.clone(),
        Data::Float(f) => format!("{f}"),
        Data::Int(i) => format!("{i}"),
        Data::Empty => String::new(),
        other => format!("{other}"),
    }
}

/// Every cell of a sheet as text, row by row.
fn cells(xlsx: &Path, name: &str) -> Vec<Vec<String>> {
    sheet(xlsx, name).rows().map(|r| r.iter().map(text_of).collect()).collect()
}

// 1. Merged cells never drop a value.

#[test]
fn a_goal_merged_over_three_rows_keeps_every_cell_of_every_row() {
    let dir = tempdir();
    let path = dir.path().join("plan.xlsx");
    let rows: &[&[&str]] = &[
        PLAN_HEADER,
        &["Utveckla"],
        &["Fler behöriga", "Mentorer", "2024", "HR", "10 timmar", "Månadsvis"],
        &["", "Handledarutbildning", "2025", "Rektor", "", "Tertial"],
        &["", "Karriärvägar", "2026", "Chef", "20 timmar", ""],
    ];
    plan_book(&path, "Förskola", rows, &[(2, 0, 4, 0)]);
    let got = plan_rows(&path);
    assert_eq!(got.len(), 1, "{got:#?}");
    assert_eq!(got[0].activities, ["Mentorer", "Handledarutbildning", "Karriärvägar"]);
    assert_eq!(got[0].owners, ["HR", "Rektor", "Chef"]);
    assert_eq!(got[0].resources, "10 timmar\n20 timmar");
    assert_eq!(got[0].followup, "Månadsvis\nTertial");
    // In the PDF and in the workbook the tool writes.
    built(dir.path(), "plan.xlsx", &[]);
    let text = squash(&pdf_text(&dir.path().join("ut/plan.pdf"), None));
    for v in ["Tertial", "20 timmar", "Månadsvis", "10 timmar", "Karriärvägar"] {
        assert!(text.contains(&squash(v)), "{v} missing from the PDF:\n{text}");
    }
    let book: String = cells(&dir.path().join("ut/plan.xlsx"), "Förskola").concat().join("|");
    for v in ["Tertial", "20 timmar"] {
        assert!(book.contains(v), "{v} missing from the workbook:\n{book}");
    }
}

#[test]
fn a_value_merged_down_in_any_column_applies_to_every_row_it_covers() {
    // One goal per row, and in each case one other column merged over the
    // three rows: the merged value belongs to each of them.
    let filled = ["Utveckla", "Aktivitet", "2024", "HR", "5 timmar", "Tertial"];
    for col in 1..6u16 {
        let dir = tempdir();
        let path = dir.path().join("plan.xlsx");
        let mut rows: Vec<Vec<String>> = vec![PLAN_HEADER.iter().map(|s| (*s).to_string()).collect()];
        rows.push(vec!["Utveckla".into()]);
        for (i, goal) in ["Mål A", "Mål B", "Mål C"].iter().enumerate() {
            let mut row: Vec<String> = vec![(*goal).to_string()];
            for (c, value) in filled.iter().enumerate().skip(1) {
                row.push(if c == usize::from(col) && i > 0 { String::new() } else { format!("{value} {i}") });
            }
            rows.push(row);
        }
        let refs: Vec<Vec<&str>> = rows.iter().map(|r| r.iter().map(String::as_str).collect()).collect();
        let refs: Vec<&[&str]> = refs.iter().map(Vec::as_slice).collect();
        plan_book(&path, "Förskola", &refs, &[(2, col, 4, col)]);
        let got = plan_rows(&path);
        assert_eq!(got.len(), 3, "column {col}: {got:#?}");
        let expected = format!("{} 0", filled[usize::from(col)]);
        for (i, row) in got.iter().enumerate() {
            let value = match col {
                1 => row.activities.join("|"),
                2 => row.deadlines.iter().map(|d| d.text.clone()).collect::<Vec<_>>().join("|"),
                3 => row.owners.join("|"),
                4 => row.resources.clone(),
                _ => row.followup.clone(),
            };
            assert_eq!(value, expected, "column {col}, row {i}: {row:#?}");
            assert_eq!(row.goal, ["Mål A", "Mål B", "Mål C"][i]);
        }
    }
}

#[test]
fn a_phase_merged_down_in_a_fas_column_applies_to_its_rows() {
    let dir = tempdir();
    let path = dir.path().join("plan.xlsx");
    let mut header = vec!["Fas"];
    header.extend_from_slice(PLAN_HEADER);
    let rows: &[&[&str]] = &[
        &header,
        &["Rekrytera", "Mål A", "Aktivitet A"],
        &["", "Mål B", "Aktivitet B"],
        &["Behålla", "Mål C", "Aktivitet C"],
    ];
    plan_book(&path, "Förskola", rows, &[(1, 0, 2, 0)]);
    let plan = planrapport::kinds::plan::load_plan(&path).map_err(|e| format!("{:?}", e.items)).unwrap().plan;
    let mut phases: Vec<(String, usize)> =
        plan.departments[0].phases.iter().map(|p| (p.name.clone(), p.rows.len())).collect();
    phases.sort();
    assert_eq!(phases, [("Behålla".to_string(), 1), ("Rekrytera".to_string(), 2)]);
}

/// A follow-up sheet's columns.
const FOLLOWUP_HEADER: &[&str] = &[
    "Perspektiv",
    "Kommunövergripande mål",
    "Nämndmål",
    "Aktivitet",
    "Enhet",
    "Slutdatum",
    "Status",
    "Kommentar",
    "Ansvarig",
];

fn followup_book(path: &Path, rows: &[&[&str]], merges: &[Merge]) {
    let mut wb = Workbook::new();
    dokument(
        &mut wb,
        &[
            ("Dokumenttyp", "uppföljning"),
            ("Titel", "Uppföljning"),
            ("Datum", "2024-05-01"),
            ("Uppföljningsdatum", "2024-04-30"),
        ],
    );
    let ws = wb.add_worksheet();
    ws.set_name("Aktiviteter").unwrap();
    fill(ws, rows, merges);
    wb.save(path).unwrap();
}

#[test]
fn follow_up_cells_merged_down_apply_to_each_activity_and_part() {
    let dir = tempdir();
    let path = dir.path().join("uppf.xlsx");
    let rows: &[&[&str]] = &[
        FOLLOWUP_HEADER,
        &[
            "Medarbetare",
            "Attraktiv arbetsgivare",
            "Kompetens",
            "Aktivitet A",
            "",
            "2025-12-31",
            "Pågår",
            "Enligt plan",
            "HR",
        ],
        &["", "", "", "Aktivitet B", "", "", "Klar", "", ""],
        &["", "", "", "Aktivitet C", "", "", "Ej påbörjad", "Väntar", ""],
        &["", "", "", "Aktivitet D", "ÄO", "2025-06-30", "Pågår", "Bra", "Chef"],
        &["", "", "", "", "IFO", "", "", "", ""],
    ];
    // Slutdatum, Kommentar and Ansvarig merged over A–C; Status and
    // Kommentar over D's two parts; Aktivitet over D's parts.
    followup_book(&path, rows, &[(1, 5, 3, 5), (1, 8, 3, 8), (1, 7, 2, 7), (4, 6, 5, 6), (4, 7, 5, 7), (4, 3, 5, 3)]);
    let f =
        planrapport::kinds::uppfoljning::load_followup(&path).map_err(|e| format!("{:?}", e.items)).unwrap().followup;
    let acts: Vec<_> = f.activities().map(|(_, _, _, a)| a.clone()).collect();
    assert_eq!(acts.len(), 4, "{acts:#?}");
    for a in &acts[..3] {
        assert_eq!(a.owners, ["HR"], "{a:#?}");
        assert_eq!(a.end.text, "2025-12-31", "{a:#?}");
    }
    assert_eq!(acts[1].parts[0].comment, "Enligt plan");
    assert_eq!(acts[2].parts[0].comment, "Väntar");
    assert_eq!(acts[3].parts.len(), 2);
    for p in &acts[3].parts {
        assert_eq!((p.status.word.as_str(), p.comment.as_str()), ("Pågår", "Bra"), "{p:#?}");
    }
}

// 2. A follow-up from one workbook or from unit files is the same document.

const UNITS: [&str; 3] = ["ÄO", "IFO", "Stab"];
/// Activity, end date, and the status per unit (in `UNITS` order).
const ACTIVITIES: [(&str, &str, [&str; 3]); 4] = [
    ("Introduktion för nyanställda", "2024-03-31", ["Klar", "Genomförd", "Klart"]),
    ("Handledarutbildning", "2024-02-29", ["Klar", "Pågår", "Klar"]),
    ("Kompetensinventering", "2024-01-31", ["Pågår", "Pågår", "Pågår"]),
    ("Karriärvägar", "2025-12-31", ["Ej påbörjad", "Pågår", "Klar"]),
];

fn project(units: bool, folder: &str) -> String {
    let mut s = format!(
        "[dokument]\ntyp = \"uppfoljning\"\norganisation = \"Kommunen\"\ntitel = \"Uppföljning per april\"\ndatum = 2024-05-02\nper = 2024-04-30\n\n[filer]\nmapp = \"{folder}\"\n"
    );
    if units {
        for u in UNITS {
            s.push_str("\n[[enhet]]\nnamn = \"");
            s.push_str(u);
            s.push_str("\"\n");
        }
    }
    s
}

/// The follow-up's rows as a unit fills them, `unit` in the Enhet column
/// when given.
fn unit_rows(i: usize, unit: Option<&str>, repeat_activity: bool) -> Vec<Vec<String>> {
    ACTIVITIES
        .iter()
        .map(|(text, end, statuses)| {
            let u = unit.unwrap_or(UNITS[i]);
            let mut row = vec!["Medarbetare".to_string(), "Attraktiv arbetsgivare".into(), "Kompetens".into()];
            row.push(if repeat_activity { (*text).to_string() } else { String::new() });
            if unit.is_some() {
                row.push(u.to_string());
            }
            row.extend([
                (*end).to_string(),
                statuses[i].to_string(),
                format!("Kommentar från {u} om {text}"),
                "HR-chef".into(),
            ]);
            row
        })
        .collect()
}

fn activities_book(path: &Path, header: &[&str], rows: &[Vec<String>]) {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Aktiviteter").unwrap();
    let mut all: Vec<Vec<&str>> = vec![header.to_vec()];
    all.extend(rows.iter().map(|r| r.iter().map(String::as_str).collect()));
    let refs: Vec<&[&str]> = all.iter().map(Vec::as_slice).collect();
    fill(ws, &refs, &[]);
    wb.save(path).unwrap();
}

#[test]
fn unit_files_and_one_workbook_with_an_enhet_column_build_the_same_pdf() {
    let header_without_unit: Vec<&str> = FOLLOWUP_HEADER.iter().copied().filter(|h| *h != "Enhet").collect();
    // The secretary's folder: each unit's file repeats the activities with its own status.
    let units = tempdir();
    std::fs::create_dir(units.path().join("enheter")).unwrap();
    for (i, u) in UNITS.iter().enumerate() {
        let rows: Vec<Vec<String>> = unit_rows(i, None, true);
        activities_book(&units.path().join(format!("enheter/{u}.xlsx")), &header_without_unit, &rows);
    }
    std::fs::write(units.path().join("uppf.toml"), project(true, "enheter")).unwrap();
    // One workbook: activity rows with a part per unit below (activity left blank).
    let one = tempdir();
    std::fs::create_dir(one.path().join("alla")).unwrap();
    let mut rows = Vec::new();
    for a in 0..ACTIVITIES.len() {
        for (i, u) in UNITS.iter().enumerate() {
            let mut row = unit_rows(i, Some(u), true).swap_remove(a);
            if i > 0 {
                row[3] = String::new();
            }
            rows.push(row);
        }
    }
    activities_book(&one.path().join("alla/uppfoljning.xlsx"), FOLLOWUP_HEADER, &rows);
    std::fs::write(one.path().join("uppf.toml"), project(false, "alla")).unwrap();
    // One workbook pasted together unit by unit: the blocks follow each other.
    let blocks = tempdir();
    std::fs::create_dir(blocks.path().join("alla")).unwrap();
    let rows: Vec<Vec<String>> = (0..UNITS.len()).flat_map(|i| unit_rows(i, Some(UNITS[i]), true)).collect();
    activities_book(&blocks.path().join("alla/uppfoljning.xlsx"), FOLLOWUP_HEADER, &rows);
    std::fs::write(blocks.path().join("uppf.toml"), project(false, "alla")).unwrap();

    let mut pdfs = Vec::new();
    for dir in [&units, &one, &blocks] {
        built(dir.path(), "uppf.toml", &[]);
        pdfs.push(std::fs::read(dir.path().join("ut/uppf.pdf")).unwrap());
    }
    let text = squash(&pdf_text(&units.path().join("ut/uppf.pdf"), None));
    assert!(text.contains(&squash("1 av 4 aktiviteter är genomförda")), "{text}");
    assert_eq!(
        text.matches("Kompetensinventering20240131").count(),
        2,
        "the table and the overdue list once each:\n{text}"
    );
    for u in UNITS {
        assert!(text.contains(&squash(&format!("Kommentar från {u} om Handledarutbildning"))), "{u}:\n{text}");
    }
    assert!(pdfs[0] == pdfs[1], "unit files and one workbook give different PDFs");
    assert!(pdfs[0] == pdfs[2], "unit files and one workbook in unit blocks give different PDFs");
    // The committee workbook has one row per activity and unit.
    let acts = cells(&units.path().join("ut/uppf.xlsx"), "Aktiviteter");
    assert_eq!(acts.len(), 1 + 12);
}

// 3. A workbook names every problem in one run, in Excel words.

/// A department sheet as the template's heading lines and a head fill it,
/// no Dokument sheet.
fn heading_book(path: &Path, title: Option<&str>, date: &str, phase: &str) {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Förskola").unwrap();
    let mut rows: Vec<Vec<String>> = Vec::new();
    rows.push(title.map(str::to_string).into_iter().collect());
    rows.push(vec!["Avdelning/Enhet: Förskola".into(), String::new(), format!("Datum: {date}")]);
    rows.push(vec!["Ansvarig chef: Anna Andersson".into()]);
    rows.push(Vec::new());
    rows.push(PLAN_HEADER.iter().map(|s| (*s).to_string()).collect());
    rows.push(vec![phase.to_string()]);
    rows.push(vec!["Fler behöriga".into(), "Mentorer".into(), "2024".into(), "HR".into()]);
    let refs: Vec<Vec<&str>> = rows.iter().map(|r| r.iter().map(String::as_str).collect()).collect();
    let refs: Vec<&[&str]> = refs.iter().map(Vec::as_slice).collect();
    fill(ws, &refs, &[]);
    wb.save(path).unwrap();
}

#[test]
fn title_and_date_come_from_the_heading_lines_when_there_is_no_dokument_sheet() {
    let dir = tempdir();
    heading_book(&dir.path().join("plan.xlsx"), Some("Kompetensförsörjningsplan 2024–2026"), "2024-02-01", "Utveckla");
    let err = built(dir.path(), "plan.xlsx", &[]);
    assert!(!err.contains("fel:"), "{err}");
    let text = pdf_text(&dir.path().join("ut/plan.pdf"), Some((1, 1)));
    assert!(squash(&text).contains(&squash("Kompetensförsörjningsplan 2024–2026")), "{text}");
    assert!(squash(&text).contains(&squash("1 februari 2024")), "{text}");
}

#[test]
fn a_workbook_without_title_and_date_names_every_problem_in_one_run() {
    let dir = tempdir();
    // No title line, an empty Datum: field and a misspelt phase row.
    heading_book(&dir.path().join("plan.xlsx"), None, "", "Utvekla");
    let o = build(dir.path(), "plan.xlsx", &[]);
    assert_eq!(o.status.code(), Some(1));
    assert!(!dir.path().join("ut").exists());
    let err = stderr(&o);
    assert!(!err.contains("[dokument]") && !err.contains("titel ="), "TOML words in a workbook's message:\n{err}");
    insta::assert_snapshot!("workbook_without_title_and_date", err);
}

#[test]
fn a_department_file_with_a_near_miss_name_gets_menade_du_and_never_a_double_plan() {
    let dir = tempdir();
    std::fs::create_dir(dir.path().join("avdelningar")).unwrap();
    let department = |file: &str, heading: &str| {
        let mut wb = Workbook::new();
        let ws = wb.add_worksheet();
        let rows: &[&[&str]] =
            &[&[heading], PLAN_HEADER, &["Utveckla"], &["Fler behöriga", &format!("Aktivitet i {file}"), "2024", "HR"]];
        fill(ws, rows, &[]);
        wb.save(dir.path().join("avdelningar").join(file)).unwrap();
    };
    // Named as the department, but its heading says otherwise: read as it.
    department("Äldreomsorg.xlsx", "Avdelning/Enhet: Äldreomsorgen");
    // Named otherwise and headed with a near miss: a misspelling.
    department("ifo.xlsx", "Avdelning/Enhet: Individ och familjeomsorgen");
    std::fs::write(
        dir.path().join("plan.toml"),
        "[dokument]\ntitel = \"Plan\"\ndatum = 2024-02-01\n\n[filer]\nmapp = \"avdelningar\"\n\n[[avdelning]]\nnamn = \"Äldreomsorg\"\n\n[[avdelning]]\nnamn = \"Individ- och familjeomsorg\"\n",
    )
    .unwrap();
    for extra in [&[][..], &["--tillat-saknade"][..]] {
        let o = build(dir.path(), "plan.toml", extra);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(1), "{err}");
        assert!(err.contains("menade du \"Individ- och familjeomsorg\"?"), "{err}");
        assert!(err.contains("den läses som \"Äldreomsorg\""), "{err}");
        assert!(!err.contains("saknas Äldreomsorg"), "{err}");
    }
    insta::assert_snapshot!("department_near_miss", stderr(&build(dir.path(), "plan.toml", &["--tillat-saknade"])));
    // Renamed as the project file says, it builds: each plan once, no placeholder.
    std::fs::remove_file(dir.path().join("avdelningar/ifo.xlsx")).unwrap();
    department("ifo.xlsx", "Avdelning/Enhet: Individ- och familjeomsorg");
    built(dir.path(), "plan.toml", &[]);
    let text = squash(&pdf_text(&dir.path().join("ut/plan.pdf"), None));
    assert_eq!(text.matches(&squash("Aktivitet i Äldreomsorg.xlsx")).count(), 1, "{text}");
    assert!(!text.contains(&squash("Handlingsplanen saknas")), "{text}");
    assert_eq!(text.matches("HandlingsplanÄldreomsorgAvdelning").count(), 1, "{text}");
}

#[test]
fn a_unit_file_with_a_near_miss_name_gets_menade_du() {
    let dir = tempdir();
    std::fs::create_dir(dir.path().join("enheter")).unwrap();
    let header: Vec<&str> = FOLLOWUP_HEADER.iter().copied().filter(|h| *h != "Enhet").collect();
    activities_book(&dir.path().join("enheter/ÄO.xlsx"), &header, &unit_rows(0, None, true));
    activities_book(&dir.path().join("enheter/IF0.xlsx"), &header, &unit_rows(1, None, true));
    activities_book(&dir.path().join("enheter/Stab.xlsx"), &header, &unit_rows(2, None, true));
    std::fs::write(dir.path().join("uppf.toml"), project(true, "enheter")).unwrap();
    let o = build(dir.path(), "uppf.toml", &["--tillat-saknade"]);
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    assert!(err.contains("menade du \"IF0\"?"), "{err}");
}

#[test]
fn an_overdue_activity_is_not_called_forsenad() {
    let dir = tempdir();
    std::fs::create_dir(dir.path().join("enheter")).unwrap();
    let header: Vec<&str> = FOLLOWUP_HEADER.iter().copied().filter(|h| *h != "Enhet").collect();
    for (i, u) in UNITS.iter().enumerate() {
        activities_book(&dir.path().join(format!("enheter/{u}.xlsx")), &header, &unit_rows(i, None, true));
    }
    std::fs::write(dir.path().join("uppf.toml"), project(true, "enheter")).unwrap();
    let err = built(dir.path(), "uppf.toml", &[]);
    assert!(!err.contains("försenad"), "{err}");
    assert_eq!(err.matches("har passerat sitt slutdatum").count(), 2, "{err}");
}

#[test]
fn columns_a_head_adds_are_kept_in_the_comment_with_one_warning_for_all_sheets() {
    let dir = tempdir();
    let mut wb = Workbook::new();
    dokument(&mut wb, &[("Titel", "Plan"), ("Datum", "2024-02-01")]);
    for name in ["Förskola", "Skola", "Fritids"] {
        let ws = wb.add_worksheet();
        ws.set_name(name).unwrap();
        let mut header = PLAN_HEADER.to_vec();
        header.extend(["U2021", "U2022"]);
        let rows: &[&[&str]] = &[
            &header,
            &["Utveckla"],
            &["Fler behöriga", "Mentorer", "2024", "HR", "", "Tertial", &format!("{name} 12 %"), "15 %"],
            &["Färre vakanser", "Annonsering", "2024", "HR", "", "", "", "9 %"],
        ];
        fill(ws, rows, &[]);
    }
    wb.save(dir.path().join("plan.xlsx")).unwrap();
    let err = built(dir.path(), "plan.xlsx", &[]);
    assert_eq!(err.matches("varning:").count(), 1, "{err}");
    insta::assert_snapshot!("added_columns", err);
    let rows = plan_rows(&dir.path().join("plan.xlsx"));
    assert_eq!(rows[0].followup, "Tertial\nU2021: Förskola 12 %\nU2022: 15 %");
    assert_eq!(rows[1].followup, "U2022: 9 %");
    let text = squash(&pdf_text(&dir.path().join("ut/plan.pdf"), None));
    assert!(text.contains(&squash("U2021: Skola 12 %")), "{text}");

    // A follow-up's own column goes to the part's Kommentar.
    let path = dir.path().join("uppf.xlsx");
    let mut header = FOLLOWUP_HEADER.to_vec();
    header.push("Kostnad");
    let rows: &[&[&str]] = &[
        &header,
        &[
            "Medarbetare",
            "Attraktiv arbetsgivare",
            "Kompetens",
            "Aktivitet A",
            "",
            "2025-12-31",
            "Pågår",
            "Enligt plan",
            "HR",
            "20 000 kr",
        ],
    ];
    followup_book(&path, rows, &[]);
    let f = planrapport::kinds::uppfoljning::load_followup(&path).map_err(|e| format!("{:?}", e.items)).unwrap();
    let a = f.followup.activities().next().unwrap().3.clone();
    assert_eq!(a.parts[0].comment, "Enligt plan\nKostnad: 20 000 kr");
    assert_eq!(f.warnings.items.iter().filter(|d| d.message.contains("Kostnad")).count(), 1);
}

// 4. Guesses are said out loud.

#[test]
fn ambiguous_dates_and_owners_on_one_line_are_read_by_a_rule_and_warned_about() {
    let dir = tempdir();
    let path = dir.path().join("plan.xlsx");
    let rows: &[&[&str]] = &[
        PLAN_HEADER,
        &["Utveckla"],
        &["Fler behöriga", "Mentorer", "03/04/2024", "Rektor; HR-chef; Förvaltningschef"],
        &["Färre vakanser", "Annonsering", "25/04/2024", "Rektor\nHR, personalenheten"],
        &["Fler sökande", "Mässor", "2024", "Chef, förskola"],
    ];
    plan_book(&path, "Förskola", rows, &[]);
    let err = built(dir.path(), "plan.xlsx", &[]);
    insta::assert_snapshot!("guesses_plan", err);
    let got = plan_rows(&path);
    assert_eq!(got[0].owners, ["Rektor", "HR-chef", "Förvaltningschef"]);
    // Line breaks decide where there are any: the comma stays in the name.
    assert_eq!(got[1].owners, ["Rektor", "HR, personalenheten"]);
    // A comma alone may be inside one role: kept, and said.
    assert_eq!(got[2].owners, ["Chef, förskola"]);
    let start = got[0].deadlines[0].period.map(|p| p.start.to_string());
    assert_eq!(start.as_deref(), Some("2024-04-03"));

    let path = dir.path().join("uppf.xlsx");
    let rows: &[&[&str]] = &[
        FOLLOWUP_HEADER,
        &[
            "Medarbetare",
            "Attraktiv arbetsgivare",
            "Kompetens",
            "Aktivitet A",
            "",
            "05/06/2025",
            "Pågår",
            "",
            "HR; Rektor",
        ],
    ];
    followup_book(&path, rows, &[]);
    let f = planrapport::kinds::uppfoljning::load_followup(&path).map_err(|e| format!("{:?}", e.items)).unwrap();
    let a = f.followup.activities().next().unwrap().3.clone();
    assert_eq!(a.owners, ["HR", "Rektor"]);
    assert_eq!(a.end.text, "2025-06-05");
    let messages: Vec<&str> = f.warnings.items.iter().map(|d| d.message.as_str()).collect();
    assert!(messages.iter().any(|m| m.contains("5 juni 2025 eller 6 maj 2025")), "{messages:?}");
    assert!(messages.iter().any(|m| m.contains("delas vid semikolon")), "{messages:?}");
}

// 5. Nothing in the committee workbook can go stale.

/// A workbook with some sheets' XML changed by `edit` (sheet file name → new XML).
fn edit_workbook(from: &Path, to: &Path, edit: &dyn Fn(&str, String) -> String) {
    use std::io::{Read as _, Write as _};
    let mut zin = zip::ZipArchive::new(std::fs::File::open(from).unwrap()).unwrap();
    let mut zout = zip::ZipWriter::new(std::fs::File::create(to).unwrap());
    for i in 0..zin.len() {
        let mut entry = zin.by_index(i).unwrap();
        let name = entry.name().unwrap().to_string();
        let mut data = Vec::new();
        entry.read_to_end(&mut data).unwrap();
        if name.starts_with("xl/worksheets/sheet") {
            data = edit(&name, String::from_utf8(data).unwrap()).into_bytes();
        }
        zout.start_file(name, zip::write::SimpleFileOptions::default()).unwrap();
        zout.write_all(&data).unwrap();
    }
    zout.finish().unwrap();
}

/// The XML of one cell replaced by `new` (its style kept), as Excel writes an edit.
fn replace_cell(xml: &str, cell: &str, new: &dyn Fn(&str) -> String) -> String {
    let start = xml.find(&format!("<c r=\"{cell}\"")).unwrap_or_else(|| panic!("cell {cell}"));
    let tag_end = start + xml[start..].find('>').unwrap();
    let end =
        if xml[..=tag_end].ends_with("/>") { tag_end + 1 } else { start + xml[start..].find("</c>").unwrap() + 4 };
    let style = xml[start..tag_end].split(" s=\"").nth(1).map(|s| format!(" s=\"{}\"", s.split('"').next().unwrap()));
    format!("{}{}{}", &xml[..start], new(&style.unwrap_or_default()), &xml[end..])
}

fn text_cell(cell: &str, value: &str) -> impl Fn(&str) -> String {
    let (cell, value) = (cell.to_string(), value.to_string());
    move |style: &str| format!("<c r=\"{cell}\"{style} t=\"inlineStr\"><is><t>{value}</t></is></c>")
}

/// `LibreOffice`, unless `PLANRAPPORT_SKIP_LIBREOFFICE` says to skip the
/// independent formula check.
fn libreoffice() -> Option<std::path::PathBuf> {
    if std::env::var_os("PLANRAPPORT_SKIP_LIBREOFFICE").is_some() {
        eprintln!("LibreOffice check skipped (PLANRAPPORT_SKIP_LIBREOFFICE)");
        return None;
    }
    let o = std::process::Command::new("which").arg("soffice").output().expect("which runs");
    assert!(o.status.success(), "LibreOffice is needed for the formula check (or set PLANRAPPORT_SKIP_LIBREOFFICE=1)");
    Some(String::from_utf8_lossy(&o.stdout).trim().into())
}

/// One sheet of a workbook as `LibreOffice` computes it, recalculation
/// forced, as rows of text (tab-separated export).
fn recalculated(soffice: &Path, xlsx: &Path, sheet_number: usize, work: &Path) -> Vec<Vec<String>> {
    let profile = work.join("lo-profile");
    std::fs::create_dir_all(profile.join("user")).unwrap();
    std::fs::write(
        profile.join("user/registrymodifications.xcu"),
        r#"<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"#,
    )
    .unwrap();
    let out = work.join("csv");
    let o = std::process::Command::new(soffice)
        .arg("--headless")
        .arg(format!("-env:UserInstallation=file://{}", profile.display()))
        .arg("--convert-to")
        .arg(format!("csv:Text - txt - csv (StarCalc):9,34,76,1,,0,false,true,false,false,false,{sheet_number}"))
        .arg("--outdir")
        .arg(&out)
        .arg(xlsx)
        .output()
        .expect("soffice runs");
    assert!(o.status.success(), "soffice failed: {}", String::from_utf8_lossy(&o.stderr));
    let file = std::fs::read_dir(&out).unwrap().next().unwrap().unwrap().path();
    let text = std::fs::read_to_string(file).unwrap();
    std::fs::remove_dir_all(&out).unwrap();
    text.lines().map(|l| l.split('\t').map(|f| f.trim_matches('"').to_string()).collect()).collect()
}

fn sentence_of(rows: &[Vec<String>]) -> String {
    rows.iter().filter_map(|r| r.first()).find(|c| c.contains("aktiviteter genomförda")).cloned().unwrap_or_default()
}

#[test]
fn a_committee_workbook_edited_and_rebuilt_never_goes_stale() {
    let dir = tempdir();
    std::fs::create_dir(dir.path().join("enheter")).unwrap();
    let header: Vec<&str> = FOLLOWUP_HEADER.iter().copied().filter(|h| *h != "Enhet").collect();
    for (i, u) in UNITS.iter().enumerate() {
        activities_book(&dir.path().join(format!("enheter/{u}.xlsx")), &header, &unit_rows(i, None, true));
    }
    std::fs::write(dir.path().join("uppf.toml"), project(true, "enheter")).unwrap();
    built(dir.path(), "uppf.toml", &[]);
    let book = dir.path().join("ut/uppf.xlsx");
    let names = open_workbook_auto(&book).unwrap().sheet_names();
    assert_eq!(names, ["Sammanfattning", "Aktiviteter", "Dokument", "Text", "Statusord"], "no stale views");
    let summary = cells(&book, "Sammanfattning");
    assert_eq!(sentence_of(&summary), "1 av 4 aktiviteter genomförda, 2 har passerat slutdatum.");
    let zip_text = |name: &str| {
        use std::io::Read as _;
        let mut z = zip::ZipArchive::new(std::fs::File::open(&book).unwrap()).unwrap();
        let mut s = String::new();
        z.by_name(name).unwrap().read_to_string(&mut s).unwrap();
        s
    };
    let sheet1 = zip_text("xl/worksheets/sheet1.xml");
    assert!(sheet1.contains("<f>") && sheet1.contains("aktiviteter genomförda"), "the sentence is no formula");
    assert!(sheet1.contains("<sheetProtection"), "the summary is not locked");
    assert!(summary.concat().join(" ").contains("ändras i bladet Dokument, datumet i B3"), "no note where to change");

    // The committee marks Kompetensinventering done for every unit, moves the
    // as-of date to 31 December and adds an activity, copying the formulas down.
    let acts = cells(&book, "Aktiviteter");
    let rows: Vec<usize> = (0..acts.len()).filter(|&r| acts[r][4] == "Kompetensinventering").collect();
    assert_eq!(rows.len(), 3);
    let new_row = acts.len() + 1;
    let edited = dir.path().join("andrad/uppf.xlsx");
    std::fs::create_dir(dir.path().join("andrad")).unwrap();
    edit_workbook(&book, &edited, &|name, mut xml| {
        if name.ends_with("sheet1.xml") {
            // 45657 is 2024-12-31.
            xml = replace_cell(&xml, "B3", &|style| format!("<c r=\"B3\"{style}><v>45657</v></c>"));
        }
        if name.ends_with("sheet2.xml") {
            for r in &rows {
                xml = replace_cell(&xml, &format!("H{}", r + 1), &text_cell(&format!("H{}", r + 1), "Genomförd"));
            }
            let n = new_row;
            // The date style of the column, as a typed date gets it.
            let g2 = &xml[xml.find("<c r=\"G2\"").unwrap()..];
            let date_style = g2[..g2.find('>').unwrap()].split(" s=\"").nth(1).unwrap().split('"').next().unwrap();
            let t = |c: &str, v: &str| format!("<c r=\"{c}{n}\" t=\"inlineStr\"><is><t>{v}</t></is></c>");
            let row = format!(
                "<row r=\"{n}\">{}{}{}{}{}<c r=\"G{n}\" s=\"{date_style}\"><v>45473</v></c>{}{}{}<c r=\"L{n}\" t=\"str\"><f>IF(H{n}=\"\",\"Ej angiven\",H{n})</f><v></v></c><c r=\"M{n}\" t=\"str\"><f>IF(AND(G{n}&lt;Sammanfattning!$B$3,L{n}&lt;&gt;\"Genomförd\",L{n}&lt;&gt;\"Avbruten\"),\"Ja\",\"\")</f><v></v></c></row>",
                t("A", "Medarbetare"),
                t("B", "Attraktiv arbetsgivare"),
                t("C", "Kompetens"),
                t("E", "Mentorsprogram"),
                t("F", "ÄO"),
                t("H", "Pågår"),
                t("J", "Ny rad från nämnden"),
                t("K", "HR-chef"),
            );
            xml = xml.replace("</sheetData>", &format!("{row}</sheetData>"));
        }
        xml
    });
    let err = built(&dir.path().join("andrad"), "uppf.xlsx", &[]);
    assert!(!err.contains("Dokument"), "{err}");
    let text = squash(&pdf_text(&dir.path().join("andrad/ut/uppf.pdf"), None));
    assert!(text.contains(&squash("2 av 5 aktiviteter är genomförda per 31 december 2024")), "{text}");
    assert!(text.contains(&squash("Ny rad från nämnden")) && text.contains("Mentorsprogram"), "{text}");
    let rebuilt = dir.path().join("andrad/ut/uppf.xlsx");
    let summary = cells(&rebuilt, "Sammanfattning");
    assert_eq!(sentence_of(&summary), "2 av 5 aktiviteter genomförda, 2 har passerat slutdatum.");
    let as_of = sheet(&rebuilt, "Sammanfattning").get_value((2, 1)).cloned();
    assert!(matches!(as_of, Some(Data::DateTime(d)) if (d.as_f64() - 45657.0).abs() < 0.5), "{as_of:?}");

    // Excel's view of the edited workbook, recalculated independently, says
    // what the rebuilt PDF says; so do the cached values of the original.
    if let Some(soffice) = libreoffice() {
        let work = tempdir();
        let recalc = recalculated(&soffice, &edited, 1, work.path());
        assert_eq!(sentence_of(&recalc), "2 av 5 aktiviteter genomförda, 2 har passerat slutdatum.", "{recalc:?}");
        let original = recalculated(&soffice, &book, 1, work.path());
        assert_eq!(sentence_of(&original), "1 av 4 aktiviteter genomförda, 2 har passerat slutdatum.");
        // Every count of the original is what LibreOffice computes.
        let ours = cells(&book, "Sammanfattning");
        for (r, row) in ours.iter().enumerate().skip(4).take(3) {
            for (c, v) in row.iter().enumerate().skip(1) {
                assert_eq!(original[r].get(c).map_or("", String::as_str), v, "Sammanfattning row {r} col {c}");
            }
        }
    }
}

// 6. Templates that help instead of block.

/// `cell` of a sheet's XML set to `text` (its style kept), added to its row
/// (or a new row) when the template has no cell there.
fn put(xml: &str, cell: &str, text: &str) -> String {
    let new = |style: &str| format!("<c r=\"{cell}\"{style} t=\"inlineStr\"><is><t>{text}</t></is></c>");
    if xml.contains(&format!("<c r=\"{cell}\"")) {
        return replace_cell(xml, cell, &new);
    }
    let row: String = cell.chars().skip_while(char::is_ascii_alphabetic).collect();
    if let Some(rs) = xml.find(&format!("<row r=\"{row}\"")) {
        let re = rs + xml[rs..].find("</row>").unwrap();
        return format!("{}{}{}", &xml[..re], new(""), &xml[re..]);
    }
    let end = xml.find("</sheetData>").unwrap();
    format!("{}<row r=\"{row}\">{}</row>{}", &xml[..end], new(""), &xml[end..])
}

/// A template written by `planrapport mall`, filled in as a head does: cells
/// per sheet file, and merged ranges per sheet file.
fn filled_template(
    dir: &Path,
    kind: &str,
    cells: &[(&str, &str, &str)],
    merges: &[(&str, &str)],
) -> std::path::PathBuf {
    let template = dir.join(format!("{kind}-mall.xlsx"));
    let o = run_in(dir, &["mall", kind, template.file_name().unwrap().to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let filled = dir.join(format!("{kind}.xlsx"));
    edit_workbook(&template, &filled, &|name, mut xml| {
        assert!(!xml.contains("<sheetProtection"), "{name} is protected: inserting columns and merging are blocked");
        for (sheet, cell, text) in cells {
            if name == format!("xl/worksheets/{sheet}.xml") {
                xml = put(&xml, cell, text);
            }
        }
        let here: Vec<&str> =
            merges.iter().filter(|(sheet, _)| name == format!("xl/worksheets/{sheet}.xml")).map(|(_, r)| *r).collect();
        if !here.is_empty() {
            let list: String = here.iter().map(|r| ["<mergeCell ref=\"", r, "\"/>"].concat()).collect();
            let at = xml.find("</sheetData>").unwrap() + "</sheetData>".len();
            let at = xml[at..].find("<autoFilter").map_or(at, |i| at + i + xml[at + i..].find("/>").unwrap() + 2);
            xml.insert_str(at, &format!("<mergeCells count=\"{}\">{list}</mergeCells>", here.len()));
        }
        xml
    });
    filled
}

#[test]
fn a_plan_template_takes_a_phase_of_ones_own_an_added_column_and_merged_goals() {
    let dir = tempdir();
    // sheet2 Dokument, sheet3 Faser, sheet4 the department sheet (header on row 4).
    let cells = [
        ("sheet2", "B4", "Kompetensförsörjningsplan 2025"),
        ("sheet2", "B7", "2025-01-15"),
        ("sheet3", "A8", "Omställa"),
        ("sheet4", "B1", "Förskola"),
        ("sheet4", "B2", "Anna Chef"),
        ("sheet4", "H4", "Kostnad"),
        ("sheet4", "A5", "Omställa"),
        ("sheet4", "B5", "Nya roller"),
        ("sheet4", "C5", "Kartlägga behov"),
        ("sheet4", "D5", "2025"),
        ("sheet4", "E5", "Rektor"),
        ("sheet4", "G5", "Tertial"),
        ("sheet4", "H5", "20 000 kr"),
        ("sheet4", "A6", "Utveckla"),
        ("sheet4", "B6", "Fler behöriga"),
        ("sheet4", "C6", "Mentorer"),
        ("sheet4", "C7", "Handledarutbildning"),
        ("sheet4", "F7", "10 timmar"),
        ("sheet4", "G7", "VB"),
    ];
    let path = filled_template(dir.path(), "plan", &cells, &[("sheet4", "B6:B7"), ("sheet4", "A6:A7")]);
    let o = build(dir.path(), path.file_name().unwrap().to_str().unwrap(), &[]);
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    assert_eq!(err.matches("varning:").count(), 1, "{err}");
    assert!(err.contains("kolumnen \"Kostnad\""), "{err}");
    let rows = plan_rows(&path);
    let own = rows.iter().find(|r| r.goal == "Nya roller").unwrap();
    assert_eq!(own.followup, "Tertial\nKostnad: 20 000 kr");
    let merged = rows.iter().find(|r| r.goal == "Fler behöriga").unwrap();
    assert_eq!(merged.activities, ["Mentorer", "Handledarutbildning"]);
    assert_eq!((merged.resources.as_str(), merged.followup.as_str()), ("10 timmar", "VB"));
    let text = squash(&pdf_text(&dir.path().join("ut/plan.pdf"), None));
    assert!(text.contains(&squash("Avsluta, Omställa)")), "the workbook's own phase list:\n{text}");
    assert!(text.contains(&squash("Kostnad: 20 000 kr")), "{text}");
}

#[test]
fn template_dropdowns_list_the_workbooks_own_words_and_warn_instead_of_refusing() {
    use std::io::Read as _;
    let dir = tempdir();
    for kind in ["plan", "uppfoljning"] {
        let t = dir.path().join(format!("{kind}-tom.xlsx"));
        let o = run_in(dir.path(), &["mall", kind, t.file_name().unwrap().to_str().unwrap()]);
        assert!(o.status.success(), "{}", stderr(&o));
        let mut zip = zip::ZipArchive::new(std::fs::File::open(&t).unwrap()).unwrap();
        let mut xml = String::new();
        for i in 0..zip.len() {
            let mut e = zip.by_index(i).unwrap();
            if e.name().unwrap().starts_with("xl/worksheets/") {
                e.read_to_string(&mut xml).unwrap();
            }
        }
        let (sheet, list) = if kind == "plan" { ("Faser", "fas") } else { ("Statusord", "status") };
        assert!(
            xml.contains(&format!("<formula1>OFFSET({sheet}!$A$2,")),
            "{kind}: the {list} list is not the {sheet} sheet"
        );
        assert!(
            !xml.contains("errorStyle=\"stop\"") && xml.contains("errorStyle=\"warning\""),
            "{kind}: a dropdown refuses"
        );
        assert!(!xml.contains("<sheetProtection"), "{kind}: a sheet is protected");
    }
    // Words of one's own in a filled follow-up template: synonyms and a word
    // (Statusord is the sixth sheet: Instruktioner, Dokument, Aktiviteter, Uppdrag, Indikatorer, Statusord.)
    // added to Statusord are understood.
    let cells = [
        ("sheet2", "B4", "Uppföljning"),
        ("sheet2", "B7", "2025-05-02"),
        ("sheet2", "B8", "2025-04-30"),
        ("sheet6", "A7", "Vilande"),
        ("sheet6", "B7", "ej_paborjad"),
        ("sheet3", "A2", "Medarbetare"),
        ("sheet3", "B2", "Attraktiv arbetsgivare"),
        ("sheet3", "C2", "Kompetens"),
        ("sheet3", "E2", "Aktivitet A"),
        ("sheet3", "H2", "klart"),
        ("sheet3", "E3", "Aktivitet B"),
        ("sheet3", "H3", "pågår enligt plan"),
        ("sheet3", "E4", "Aktivitet C"),
        ("sheet3", "H4", "Vilande"),
    ];
    let path = filled_template(dir.path(), "uppfoljning", &cells, &[]);
    let f =
        planrapport::kinds::uppfoljning::load_followup(&path).map_err(|e| format!("{:?}", e.items)).unwrap().followup;
    let kinds: Vec<String> = f.activities().map(|(_, _, _, a)| format!("{:?}", a.kind)).collect();
    assert_eq!(kinds, ["Done", "Ongoing", "NotStarted"]);
}

#[test]
fn workbook_hints_name_columns_and_sheets_never_toml_keys() {
    let dir = tempdir();
    // A plan row before any phase row, a status word nobody knows, a
    // follow-up without its as-of date.
    plan_book(&dir.path().join("plan.xlsx"), "Förskola", &[PLAN_HEADER, &["Fler behöriga", "Mentorer", "2024"]], &[]);
    let mut wb = Workbook::new();
    dokument(&mut wb, &[("Dokumenttyp", "uppföljning"), ("Titel", "Uppföljning"), ("Datum", "2024-05-01")]);
    let ws = wb.add_worksheet();
    ws.set_name("Aktiviteter").unwrap();
    fill(ws, &[FOLLOWUP_HEADER, &["Medarbetare", "Mål", "Nämndmål", "Aktivitet A", "", "2024-12-31", "Xyzzy"]], &[]);
    wb.save(dir.path().join("uppf.xlsx")).unwrap();
    let mut all = String::new();
    for file in ["plan.xlsx", "uppf.xlsx"] {
        let o = build(dir.path(), file, &[]);
        assert_eq!(o.status.code(), Some(1));
        let err = stderr(&o);
        assert!(!err.contains(" = \"") && !err.contains("[dokument]") && !err.contains("[["), "TOML words:\n{err}");
        all.push_str(&err);
    }
    insta::assert_snapshot!("workbook_hints", all);
}

#[test]
fn words_in_a_number_column_point_at_the_column_for_words() {
    let dir = tempdir();
    // sheet2 Dokument (Rapport B4, År B5, Titel B6, Datum B9), sheet3 Insatser, sheet4 Mål.
    let cells = [
        ("sheet2", "B4", "DR2"),
        ("sheet2", "B5", "2024"),
        ("sheet2", "B6", "Delårsrapport"),
        ("sheet2", "B9", "2024-09-01"),
        ("sheet3", "A2", "Attrahera"),
        ("sheet3", "B2", "Mässor"),
        ("sheet3", "C2", "Pågår"),
        ("sheet4", "A2", "Mässor"),
        ("sheet4", "B2", "Sökande"),
        ("sheet4", "C2", "st"),
        ("sheet4", "D2", "2024"),
        ("sheet4", "E2", "2023"),
        ("sheet4", "F2", "ca 50"),
        ("sheet4", "G2", "tio procent"),
    ];
    let path = filled_template(dir.path(), "delarsrapport", &cells, &[]);
    let o = build(dir.path(), path.file_name().unwrap().to_str().unwrap(), &[]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("\"ca 50\" är inget tal") && err.contains("kolumnen Indikatortext"), "{err}");
    assert!(
        err.contains("\"tio procent\" är inget tal") && err.contains("kolumnen Mål eller Mål, som skrivet"),
        "{err}"
    );
}

#[test]
fn a_follow_up_title_comes_from_the_title_line_above_its_table() {
    let dir = tempdir();
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Aktiviteter").unwrap();
    let rows: &[&[&str]] = &[
        &["Uppföljning av verksamhetsplan 2024"],
        &[],
        FOLLOWUP_HEADER,
        &["Medarbetare", "Mål", "Nämndmål", "Aktivitet A", "", "2024-12-31", "Pågår"],
    ];
    fill(ws, rows, &[]);
    wb.save(dir.path().join("uppf.xlsx")).unwrap();
    let o = build(dir.path(), "uppf.xlsx", &[]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(!err.contains("saknar titel"), "{err}");
    // Every remaining problem in the same run: the as-of date and the date.
    assert!(err.contains("saknar uppföljningsdatum") && err.contains("saknar datum"), "{err}");
    std::fs::write(dir.path().join("uppf.dokument.toml"), "[dokument]\ndatum = 2025-01-10\nper = 2024-12-31\n")
        .unwrap();
    built(dir.path(), "uppf.xlsx", &[]);
    let text = squash(&pdf_text(&dir.path().join("ut/uppf.pdf"), Some((1, 1))));
    assert!(text.contains(&squash("Uppföljning av verksamhetsplan 2024")), "{text}");
}

#[test]
fn the_plan_workbooks_overview_follows_its_department_sheets() {
    let dir = tempdir();
    let o = run_in(&crate::util::root(), &["bygg", "data/hagersten-alvsjo.toml", "-o", dir.path().to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let book = dir.path().join("hagersten-alvsjo.xlsx");
    let overview = cells(&book, "Översikt");
    let plan =
        planrapport::kinds::plan::load_plan(&crate::util::root().join("data/hagersten-alvsjo.toml")).ok().unwrap().plan;
    let with_rows: Vec<_> = plan.departments.iter().filter(|d| d.row_count() > 0).collect();
    for (i, d) in with_rows.iter().enumerate() {
        let row = &overview[4 + i];
        assert_eq!(
            (row[0].as_str(), row[1].as_str(), row[2].as_str()),
            (d.name.as_str(), d.manager.as_str(), d.date.as_str())
        );
        assert_eq!(row[3], d.row_count().to_string());
    }
    let total = &overview[4 + with_rows.len()];
    assert_eq!((total[0].as_str(), total[3].clone()), ("Totalt", plan.row_count().to_string()), "cached total");
    // A row added to the first department sheet counts once Excel recalculates.
    if let Some(soffice) = libreoffice() {
        let sheet_xml = "xl/worksheets/sheet2.xml";
        let edited = dir.path().join("andrad.xlsx");
        let n = 5 + with_rows[0].row_count();
        edit_workbook(&book, &edited, &|name, xml| {
            if name == sheet_xml {
                let row = format!(
                    "<row r=\"{n}\"><c r=\"A{n}\" t=\"inlineStr\"><is><t>Utveckla</t></is></c><c r=\"B{n}\" t=\"inlineStr\"><is><t>Nytt mål</t></is></c></row>"
                );
                xml.replace("</sheetData>", &format!("{row}</sheetData>"))
            } else {
                xml
            }
        });
        let work = tempdir();
        let original = recalculated(&soffice, &book, 1, work.path());
        assert_eq!(original[4 + with_rows.len()][3], plan.row_count().to_string(), "LibreOffice's total");
        let recalc = recalculated(&soffice, &edited, 1, work.path());
        assert_eq!(recalc[4][3], (with_rows[0].row_count() + 1).to_string(), "{recalc:?}");
        assert_eq!(recalc[4 + with_rows.len()][3], (plan.row_count() + 1).to_string());
    }
}

#[test]
fn history_columns_in_a_report_workbook_are_one_warning_naming_them() {
    let dir = tempdir();
    let cells = [
        ("sheet2", "B4", "DR2"),
        ("sheet2", "B5", "2024"),
        ("sheet2", "B6", "Delårsrapport"),
        ("sheet2", "B9", "2024-09-01"),
        ("sheet3", "A2", "Attrahera"),
        ("sheet3", "B2", "Mässor"),
        ("sheet3", "C2", "Pågår"),
        ("sheet4", "O1", "U2021"),
        ("sheet4", "P1", "U2022"),
        ("sheet4", "A2", "Mässor"),
        ("sheet4", "B2", "Sökande"),
        ("sheet4", "C2", "st"),
        ("sheet4", "D2", "2024"),
        ("sheet4", "H2", "50"),
        ("sheet4", "O2", "31"),
        ("sheet4", "P2", "40"),
    ];
    let path = filled_template(dir.path(), "delarsrapport", &cells, &[]);
    let o = build(dir.path(), path.file_name().unwrap().to_str().unwrap(), &[]);
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    assert_eq!(err.matches("varning:").count(), 1, "{err}");
    assert!(err.contains("kolumnerna \"U2021\", \"U2022\" läses inte"), "{err}");
    insta::assert_snapshot!("report_history_columns", err);
}

#[test]
fn a_report_template_lists_its_own_faser_sheet_and_reads_a_phase_added_there() {
    use crate::workflow::{V, fill, template};
    let dir = tempdir();
    let t = template(dir.path(), "delarsrapport");
    // The Fas dropdown is a range over the Faser sheet (sheet5), warning style.
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&t).unwrap()).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("xl/worksheets/sheet3.xml").unwrap(), &mut xml).unwrap();
    assert!(xml.contains("OFFSET(Faser!$A$2"), "the Fas list is not the Faser sheet");
    assert!(xml.contains("errorStyle=\"warning\""), "the dropdowns refuse");
    // A phase of one's own added as the Faser sheet's sixth row, used by an initiative.
    fill(
        &t,
        &dir.path().join("dr.xlsx"),
        &[
            (
                "sheet2",
                &[("B4", V::S("DR1")), ("B5", V::N(2025.0)), ("B6", V::S("Rapport")), ("B9", V::S("2025-04-30"))],
            ),
            ("sheet3", &[("A2", V::S("Egen fas")), ("B2", V::S("Insats i egen fas")), ("C2", V::S("Pågår"))]),
            ("sheet5", &[("A7", V::S("Egen fas"))]),
        ],
    );
    let o = run_in(dir.path(), &["bygg", "dr.xlsx", "-o", "ut"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = squash(&pdf_text(&dir.path().join("ut/dr.pdf"), None));
    assert!(text.contains(&squash("Egen fas")) && text.contains(&squash("Insats i egen fas")));
}
