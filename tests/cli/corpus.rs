//! The corpus of broken and hostile inputs across kinds and formats. Each
//! case must fail with exit code 1, write nothing, never panic, and print
//! exactly its snapshot. Together with the fixtures in `bad_input.rs` the
//! corpus holds more than 40 bad inputs; the test prints how many it ran.
//!
//! Inputs that look hostile but are valid (Windows line endings, dates
//! written five ways and as an Excel serial, a 1904-epoch workbook, a hidden
//! row (read, with a warning),
//! right-to-left text, a cell of 40 000 characters) must build: see the
//! last test.

use std::fmt::Write as _;
use std::path::Path;

use rust_xlsxwriter::{Format, Workbook};

use crate::util::{pdf_text, root, run_in, squash, stderr, tempdir};

const PLAN_HEAD: &str = "[dokument]\ntitel = \"Plan\"\ndatum = 2025-01-15\n";

fn plan_row(extra: &str) -> String {
    format!(
        "{PLAN_HEAD}[[avdelning]]\nnamn = \"Förskola\"\n[[avdelning.rad]]\nfas = \"Utveckla\"\nmal = \"Mål\"\naktiviteter = [\"A\"]\n{extra}"
    )
}

const FOLLOWUP_HEAD: &str = "[dokument]\ntyp = \"uppfoljning\"\ntitel = \"Uppföljning\"\ndatum = 2025-04-20\n";

fn followup(per: &str, activity: &str) -> String {
    format!(
        "{FOLLOWUP_HEAD}{per}\n[[perspektiv]]\nnamn = \"Medborgare\"\n[[perspektiv.mal]]\nnamn = \"M\"\n[[perspektiv.mal.namndmal]]\nrubrik = \"N\"\n[[perspektiv.mal.namndmal.aktivitet]]\n{activity}\n"
    )
}

const REPORT_HEAD: &str = "[dokument]\ntyp = \"delarsrapport\"\ntitel = \"Rapport\"\ndatum = 2025-04-30\n";
const DECK_HEAD: &str = "[dokument]\ntyp = \"presentation\"\ntitel = \"Bildspel\"\ndatum = 2025-02-01\n";

/// A workbook with a Dokument sheet (title, date) and one sheet of rows.
fn workbook(sheet: &str, rows: &[&[&str]], hidden: bool) -> Vec<u8> {
    let mut wb = Workbook::new();
    let doc = wb.add_worksheet();
    doc.set_name("Dokument").unwrap();
    doc.write_string(0, 0, "Titel").unwrap();
    doc.write_string(0, 1, "Plan").unwrap();
    doc.write_string(1, 0, "Datum").unwrap();
    doc.write_string(1, 1, "2025-01-15").unwrap();
    let ws = wb.add_worksheet();
    ws.set_name(sheet).unwrap();
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            if v.is_empty() {
                continue;
            }
            let (r, c) = (u32::try_from(r).unwrap(), u16::try_from(c).unwrap());
            if let Some(formula) = v.strip_prefix('=') {
                let result = if formula.contains("1/0") { "#DIV/0!" } else { "#REF!" };
                ws.write_formula(r, c, rust_xlsxwriter::Formula::new(*v).set_result(result)).unwrap();
            } else {
                ws.write_string_with_format(r, c, *v, &Format::new().set_text_wrap()).unwrap();
            }
        }
    }
    if hidden {
        ws.set_hidden(true);
    }
    wb.save_to_buffer().unwrap()
}

const HEADER: &[&str] = &["Fas", "Vad ska vi uppnå?", "Aktivitet", "Måldatum", "Ansvarig", "Resurser", "Uppföljning"];

fn cases() -> Vec<(&'static str, &'static str, Vec<u8>)> {
    let real = std::fs::read(root().join("data/hagersten-alvsjo.xlsx")).unwrap();
    let mut c: Vec<(&'static str, &'static str, Vec<u8>)> = vec![
        ("only_whitespace", "plan.toml", b"   \n\t\n  ".to_vec()),
        ("nul_in_toml", "plan.toml", plan_row("resurser = \"a\0b\"\n").into_bytes()),
        ("not_utf8", "plan.toml", b"[dokument]\ntitel = \"Pl\xe4n\"\n".to_vec()),
        ("invalid_date", "plan.toml", "[dokument]\ntitel = \"Plan\"\ndatum = 2025-13-45\n".into()),
        ("array_where_text", "plan.toml", plan_row("resurser = [\"a\", \"b\"]\n").into_bytes()),
        ("row_without_phase", "plan.toml", format!("{PLAN_HEAD}[[avdelning]]\nnamn = \"F\"\n[[avdelning.rad]]\nmal = \"Mål\"\n").into_bytes()),
        ("logo_not_an_image", "plan.toml", format!("{PLAN_HEAD}logotyp = \"logo.png\"\n[[kapitel]]\nrubrik = \"K\"\n").into_bytes()),
        ("logo_absolute_path", "plan.toml", format!("{PLAN_HEAD}logotyp = \"/etc/passwd\"\n[[kapitel]]\nrubrik = \"K\"\n").into_bytes()),
        ("department_file_outside", "plan.toml", format!("{PLAN_HEAD}[[avdelning]]\nnamn = \"F\"\nfil = \"../../etc/passwd\"\n").into_bytes()),
        ("followup_without_as_of", "u.toml", followup("", "text = \"A\"\nstatus = \"Pågår\"").into_bytes()),
        ("followup_as_of_not_a_date", "u.toml", followup("per = \"snart\"", "text = \"A\"\nstatus = \"Pågår\"").into_bytes()),
        ("followup_part_without_unit", "u.toml", followup("per = 2025-03-31", "text = \"A\"\n[[perspektiv.mal.namndmal.aktivitet.enhet]]\nnamn = \"ÄO\"\nstatus = \"Pågår\"\n[[perspektiv.mal.namndmal.aktivitet.enhet]]\nstatus = \"Klart\"").into_bytes()),
        ("followup_status_and_units", "u.toml", followup("per = 2025-03-31", "text = \"A\"\nstatus = \"Pågår\"\n[[perspektiv.mal.namndmal.aktivitet.enhet]]\nnamn = \"ÄO\"\nstatus = \"Pågår\"").into_bytes()),
        ("report_without_name_and_year", "r.toml", format!("{REPORT_HEAD}[[insats]]\nfas = \"Attrahera\"\nnamn = \"I\"\nstatus = \"Pågår\"\n").into_bytes()),
        ("report_bad_thresholds", "r.toml", format!("{REPORT_HEAD}rapport = \"DR1\"\nar = 2025\n[bedomning]\nuppnatt = 80\ndelvis = 90\n[[insats]]\nfas = \"Attrahera\"\nnamn = \"I\"\nstatus = \"Pågår\"\n").into_bytes()),
        ("report_target_both_ways", "r.toml", format!("{REPORT_HEAD}rapport = \"DR1\"\nar = 2025\n[[insats]]\nfas = \"Attrahera\"\nnamn = \"I\"\nstatus = \"Pågår\"\n[[insats.mal]]\nindikator = \"X\"\nutgangslage = 10\nutgangslage_ar = 2020\n[[insats.mal.ar]]\nar = 2025\nmal = 12\nokning = 20\n").into_bytes()),
        ("report_no_initiatives", "r.toml", format!("{REPORT_HEAD}rapport = \"DR1\"\nar = 2025\n").into_bytes()),
        ("deck_unknown_slide_type", "d.toml", format!("{DECK_HEAD}[[bild]]\ntyp = \"diagram\"\nrubrik = \"B\"\n").into_bytes()),
        ("deck_figure_without_value", "d.toml", format!("{DECK_HEAD}[[bild]]\nrubrik = \"B\"\n[[bild.tal]]\ntext = \"invånare\"\n").into_bytes()),
        ("deck_bad_colour_and_speaker", "d.toml", format!("{DECK_HEAD}farg = \"blå\"\n[[bild]]\nrubrik = \"B\"\n[[bild.talare]]\nroll = \"chef\"\n").into_bytes()),
        ("deck_without_slides", "d.toml", DECK_HEAD.as_bytes().to_vec()),
        ("empty_xlsx", "plan.xlsx", Vec::new()),
        ("truncated_xlsx", "plan.xlsx", real[..real.len() / 2].to_vec()),
        ("xlsb", "plan.xlsb", real.clone()),
        ("text_renamed_xlsx", "plan.xlsx", b"Vad ska vi uppna?;Aktivitet\nMal;Gora\n".to_vec()),
        ("no_department_sheet", "plan.xlsx", workbook("Anteckningar", &[&["Bara", "text"]], false)),
        ("hidden_department_sheet", "plan.xlsx", workbook("Förskola", &[HEADER, &["Utveckla", "Mål", "A", "2025", "Rektor", "", ""]], true)),
        ("formula_errors", "plan.xlsx", workbook("Förskola", &[HEADER, &["Utveckla", "=#REF!", "A", "=1/0", "Rektor", "", ""]], false)),
        ("unknown_columns_only", "plan.xlsx", workbook("Förskola", &[&["Nummer", "Beskrivning", "Datum"], &["1", "x", "2025"]], false)),
    ];
    c.push(("too_many_rows", "plan.toml", {
        let mut s = format!("{PLAN_HEAD}[[avdelning]]\nnamn = \"F\"\n");
        for i in 0..20_001 {
            let _ = writeln!(s, "[[avdelning.rad]]\nfas = \"Utveckla\"\nmal = \"Mål {i}\"");
        }
        s.into_bytes()
    }));
    c
}

#[test]
fn every_broken_input_fails_cleanly_with_its_message() {
    let cases = cases();
    for (name, file, bytes) in &cases {
        let dir = tempdir();
        std::fs::write(dir.path().join(file), bytes).unwrap();
        if *name == "logo_not_an_image" {
            std::fs::write(dir.path().join("logo.png"), "det här är ingen bild").unwrap();
        }
        let o = run_in(dir.path(), &["bygg", file, "-o", "ut"]);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(1), "{name}: exit code\n{err}");
        assert!(!err.contains("panicked"), "{name}: {err}");
        assert!(!dir.path().join("ut").exists(), "{name}: something was written");
        insta::assert_snapshot!(format!("corpus_{name}"), err);
    }
    println!("{} broken inputs: each failed with exit code 1, its message, and nothing written", cases.len());
}

fn builds(dir: &Path, file: &str) -> String {
    let o = run_in(dir, &["bygg", file, "-o", "ut"]);
    assert!(o.status.success(), "{file}: {}", stderr(&o));
    let stem = Path::new(file).file_stem().unwrap().to_str().unwrap();
    pdf_text(&dir.join(format!("ut/{stem}.pdf")), None)
}

#[test]
fn hostile_but_valid_inputs_build() {
    let dir = tempdir();
    // Windows line endings in TOML.
    std::fs::write(dir.path().join("crlf.toml"), plan_row("").replace('\n', "\r\n")).unwrap();
    builds(dir.path(), "crlf.toml");
    // Dates written five ways and as an Excel serial.
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Förskola").unwrap();
    for (c, h) in HEADER.iter().enumerate() {
        ws.write_string(0, u16::try_from(c).unwrap(), *h).unwrap();
    }
    let dates = ["2025-06-30", "25-06-30", "30/06/2025", "30.06.2025", "30 juni 2025"];
    for (r, d) in dates.iter().enumerate() {
        let r = u32::try_from(r + 1).unwrap();
        ws.write_string(r, 0, "Utveckla").unwrap();
        ws.write_string(r, 1, format!("Mål {r}")).unwrap();
        ws.write_string(r, 3, *d).unwrap();
    }
    ws.write_string(6, 0, "Utveckla").unwrap();
    ws.write_string(6, 1, "Mål serial").unwrap();
    ws.write_number_with_format(6, 3, 45_838.0, &Format::new().set_num_format("yyyy-mm-dd")).unwrap();
    let doc = wb.add_worksheet();
    doc.set_name("Dokument").unwrap();
    doc.write_string(0, 0, "Titel").unwrap();
    doc.write_string(0, 1, "Datum på fem sätt").unwrap();
    doc.write_string(1, 0, "Datum").unwrap();
    doc.write_string(1, 1, "2025-01-15").unwrap();
    wb.save(dir.path().join("datum.xlsx")).unwrap();
    let plan = planrapport::kinds::plan::load_plan(&dir.path().join("datum.xlsx"))
        .map_err(|e| format!("{:?}", e.items))
        .unwrap()
        .plan;
    for row in plan.departments[0].phases.iter().flat_map(|p| &p.rows) {
        let end = row.deadlines[0].end().map(|d| d.to_string());
        assert_eq!(end.as_deref(), Some("2025-06-30"), "{}: {:?}", row.goal, row.deadlines[0]);
    }
    // Right-to-left text and a cell of 40 000 characters.
    let long = "kompetensförsörjning ".repeat(2000);
    std::fs::write(
        dir.path().join("lang.toml"),
        plan_row(&format!("resurser = \"שלום עולם مرحبا\"\nuppfoljning = \"{}\"\n", long.trim())),
    )
    .unwrap();
    let text = builds(dir.path(), "lang.toml");
    assert!(squash(&text).matches("kompetensförsörjning").count() >= 1900, "the long cell was cut");
}

#[test]
fn hidden_rows_and_the_1904_date_system() {
    let dir = tempdir();
    // A hidden row is read, with a warning naming it.
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Förskola").unwrap();
    for (c, h) in HEADER.iter().enumerate() {
        ws.write_string(0, u16::try_from(c).unwrap(), *h).unwrap();
    }
    for r in 1..=2u32 {
        ws.write_string(r, 0, "Utveckla").unwrap();
        ws.write_string(r, 1, format!("Mål {r}")).unwrap();
    }
    ws.set_row_hidden(2).unwrap();
    let doc = wb.add_worksheet();
    doc.set_name("Dokument").unwrap();
    doc.write_string(0, 0, "Titel").unwrap();
    doc.write_string(0, 1, "Dold rad").unwrap();
    doc.write_string(1, 0, "Datum").unwrap();
    doc.write_string(1, 1, "2025-01-15").unwrap();
    wb.save(dir.path().join("dold.xlsx")).unwrap();
    let o = run_in(dir.path(), &["bygg", "dold.xlsx", "-o", "ut"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("varning: rad 3 är dold i Excel men läses med\n  --> dold.xlsx [Förskola]!A3"),
        "{}",
        stderr(&o)
    );
    assert!(squash(&pdf_text(&dir.path().join("ut/dold.pdf"), None)).contains("Mål2"));
    // A workbook on the 1904 date system (old Mac Excel): the same day is serial 44 376.
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Förskola").unwrap();
    for (c, h) in HEADER.iter().enumerate() {
        ws.write_string(0, u16::try_from(c).unwrap(), *h).unwrap();
    }
    ws.write_string(1, 0, "Utveckla").unwrap();
    ws.write_string(1, 1, "Mål 1904").unwrap();
    ws.write_number_with_format(1, 3, 44_376.0, &Format::new().set_num_format("yyyy-mm-dd")).unwrap();
    let doc = wb.add_worksheet();
    doc.set_name("Dokument").unwrap();
    doc.write_string(0, 0, "Titel").unwrap();
    doc.write_string(0, 1, "Plan från en Mac").unwrap();
    let bytes = wb.save_to_buffer().unwrap();
    let mut zin = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut zout = zip::ZipWriter::new(std::fs::File::create(dir.path().join("mac.xlsx")).unwrap());
    for i in 0..zin.len() {
        use std::io::{Read as _, Write as _};
        let mut entry = zin.by_index(i).unwrap();
        let name = entry.name().unwrap().to_string();
        let mut data = Vec::new();
        entry.read_to_end(&mut data).unwrap();
        if name == "xl/workbook.xml" {
            data =
                String::from_utf8(data).unwrap().replacen("<workbookPr", "<workbookPr date1904=\"1\"", 1).into_bytes();
        }
        zout.start_file(name, zip::write::SimpleFileOptions::default()).unwrap();
        zout.write_all(&data).unwrap();
    }
    zout.finish().unwrap();
    let plan = planrapport::kinds::plan::load_plan(&dir.path().join("mac.xlsx"))
        .map_err(|e| format!("{:?}", e.items))
        .unwrap()
        .plan;
    let row = &plan.departments[0].phases[0].rows[0];
    assert_eq!(row.deadlines[0].end().map(|d| d.to_string()).as_deref(), Some("2025-06-30"), "{:?}", row.deadlines);
}
