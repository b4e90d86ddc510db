//! Bad input: every problem reported with its location in one run, exit 1,
//! nothing written, the previous outputs left alone. Messages are snapshots.

use std::path::Path;

use rust_xlsxwriter::{Format, Workbook};

use crate::util::{root, run_in, stderr, tempdir};

/// Runs `bygg FILE` in `dir` and returns (exit code, stderr).
fn build_in(dir: &Path, file: &str) -> (i32, String) {
    let o = run_in(dir, &["bygg", file, "-o", "ut"]);
    (o.status.code().unwrap_or(-1), stderr(&o))
}

fn fixture(name: &str) -> (i32, String, bool) {
    let dir = root().join("tests/fixtures/bad");
    let o = run_in(&dir, &["bygg", name, "-o", "../../../target/should-not-exist"]);
    let wrote = root().join("target/should-not-exist").exists();
    (o.status.code().unwrap_or(-1), stderr(&o), wrote)
}

macro_rules! bad_fixture {
    ($test:ident, $file:literal) => {
        #[test]
        fn $test() {
            let (code, err, wrote) = fixture($file);
            assert_eq!(code, 1, "exit code for {}:\n{err}", $file);
            assert!(!wrote, "{} wrote output", $file);
            assert!(!err.contains("panicked"), "{err}");
            insta::assert_snapshot!(stringify!($test), err);
        }
    };
}

bad_fixture!(unknown_phase, "unknown_phase.toml");
bad_fixture!(missing_goal_and_activity, "missing_goal_and_activity.toml");
bad_fixture!(syntax_error, "syntax_error.toml");
bad_fixture!(wrong_types, "wrong_types.toml");
bad_fixture!(duplicate_department, "duplicate_department.toml");
bad_fixture!(empty_file, "empty.toml");
bad_fixture!(unknown_phase_model, "unknown_phase_model.toml");
bad_fixture!(logo_outside_input_folder, "logo_outside.toml");
bad_fixture!(not_a_workbook, "not_a_workbook.xlsx");
bad_fixture!(legacy_xls, "legacy.xls");
bad_fixture!(missing_file, "finns-inte.toml");
bad_fixture!(swedish_letters_in_key, "swedish_letters_in_key.toml");
bad_fixture!(no_date_for_pdfa, "no_date.toml");

#[test]
fn unknown_keys_are_warnings_and_the_build_succeeds() {
    let dir = root().join("tests/fixtures/bad");
    let o = run_in(&dir, &["kontrollera", "unknown_keys.toml"]);
    assert!(o.status.success(), "{}", stderr(&o));
    insta::assert_snapshot!("unknown_keys", stderr(&o));
}

#[test]
fn usage_error_exits_2_in_swedish() {
    let o = run_in(&root(), &["bygg"]);
    assert_eq!(o.status.code(), Some(2));
    insta::assert_snapshot!("usage_error", stderr(&o));
}

/// A department sheet as a department head might fill it in.
fn write_sheet(path: &Path, rows: &[&[&str]]) {
    let mut wb = Workbook::new();
    let doc = wb.add_worksheet();
    doc.set_name("Dokument").unwrap();
    doc.write_string(0, 0, "Titel").unwrap();
    doc.write_string(0, 1, "Plan").unwrap();
    let ws = wb.add_worksheet();
    ws.set_name("Förskola").unwrap();
    let wrap = Format::new().set_text_wrap();
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            if !v.is_empty() {
                ws.write_string_with_format(u32::try_from(r).unwrap(), u16::try_from(c).unwrap(), *v, &wrap).unwrap();
            }
        }
    }
    wb.save(path).unwrap();
}

const HEADER: &[&str] = &[
    "Vad ska vi uppnå?",
    "Aktivitet\nHur gör vi det?",
    "Måldatum",
    "Ansvarig\n(Funktion)",
    "Resurser",
    "Uppföljning / Kommentar",
];

#[test]
fn xlsx_errors_name_sheet_and_cell() {
    let dir = tempdir();
    write_sheet(
        &dir.path().join("plan.xlsx"),
        &[
            &["Avdelning/Enhet: Förskola   Datum: 2021-11-24"],
            &[],
            HEADER,
            &["Utvekla"],
            &["Mål", "Aktivitet", "Nästa budgetår", "Rektor", "", ""],
            &["Behålla"],
            &["", "", "2022", "Rektor", "", ""],
        ],
    );
    let (code, err) = build_in(dir.path(), "plan.xlsx");
    assert_eq!(code, 1);
    assert!(!dir.path().join("ut").exists());
    insta::assert_snapshot!("xlsx_errors", err);
}

#[test]
fn xlsx_without_header_row() {
    let dir = tempdir();
    write_sheet(&dir.path().join("plan.xlsx"), &[&["Mål", "Vem"], &["Något", "Någon"]]);
    let (code, err) = build_in(dir.path(), "plan.xlsx");
    assert_eq!(code, 1);
    insta::assert_snapshot!("xlsx_no_header", err);
}

#[test]
fn columns_in_another_order_and_a_phase_column_work() {
    let dir = tempdir();
    write_sheet(
        &dir.path().join("plan.xlsx"),
        &[
            &["Ansvarig", "Fas", "Aktivitet", "Vad ska vi uppnå?", "Måldatum"],
            &["Rektor\nHR", "Behålla", "Mentorer\nKarriärvägar", "Lägre omsättning", "2023-06-30"],
            &["HR", "Utveckla", "Kurs", "Kompetens", "Kontinuerligt"],
        ],
    );
    let plan = planrapport::kinds::plan::load_plan(&dir.path().join("plan.xlsx")).ok().unwrap().plan;
    let d = &plan.departments[0];
    assert_eq!(d.phases[0].name, "Utveckla", "phases follow the configured order");
    assert_eq!(d.phases[1].rows[0].owners, ["Rektor", "HR"]);
    assert_eq!(d.phases[1].rows[0].activities, ["Mentorer", "Karriärvägar"]);
    assert_eq!(d.phases[1].rows[0].deadlines[0].text, "2023-06-30");
}

#[test]
fn failed_build_keeps_previous_outputs() {
    let dir = tempdir();
    std::fs::copy(root().join("tests/fixtures/bad/unknown_phase.toml"), dir.path().join("plan.toml")).unwrap();
    std::fs::create_dir(dir.path().join("ut")).unwrap();
    std::fs::write(dir.path().join("ut/plan.pdf"), b"previous good pdf").unwrap();
    std::fs::write(dir.path().join("ut/plan.xlsx"), b"previous good xlsx").unwrap();
    let (code, _) = build_in(dir.path(), "plan.toml");
    assert_eq!(code, 1);
    assert_eq!(std::fs::read(dir.path().join("ut/plan.pdf")).unwrap(), b"previous good pdf");
    assert_eq!(std::fs::read(dir.path().join("ut/plan.xlsx")).unwrap(), b"previous good xlsx");
    assert_eq!(std::fs::read_dir(dir.path().join("ut")).unwrap().count(), 2, "no temporary files left");
}

#[test]
fn template_syntax_error_names_the_template_line() {
    let dir = tempdir();
    let tpl = dir.path().join("mallar");
    std::fs::create_dir(&tpl).unwrap();
    std::fs::write(tpl.join("plan.typ.j2"), "#import \"lib.typ\": *\n\n{% for x in %}\n").unwrap();
    let input = root().join("data/hagersten-alvsjo.toml");
    let o = run_in(dir.path(), &["bygg", input.to_str().unwrap(), "-o", "ut", "--templates", "mallar"]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("fel: fel i mallen"), "{err}");
    assert!(err.contains("mallar/plan.typ.j2:3"), "{err}");
    assert!(!dir.path().join("ut").exists());
}

#[test]
fn metadata_and_narrative_from_a_toml_beside_the_workbook() {
    let dir = tempdir();
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Förskola").unwrap();
    for (c, h) in HEADER.iter().enumerate() {
        ws.write_string(0, u16::try_from(c).unwrap(), *h).unwrap();
    }
    ws.write_string(1, 0, "Utveckla").unwrap();
    ws.write_string(2, 0, "Mål").unwrap();
    ws.write_string(2, 1, "Aktivitet").unwrap();
    wb.save(dir.path().join("plan.xlsx")).unwrap();
    std::fs::write(
        dir.path().join("plan.dokument.toml"),
        "[dokument]\ntitel = \"Plan från sidofil\"\ndatum = 2024-02-01\n\n[[kapitel]]\nrubrik = \"Syfte\"\ntext = \"Text.\"\n\n[[avdelning]]\nnamn = \"Förskola\"\nrubrik = \"Avdelningen för förskola\"\ntext = \"Om förskolan.\"\n",
    )
    .unwrap();
    let plan = planrapport::kinds::plan::load_plan(&dir.path().join("plan.xlsx"))
        .map_err(|e| format!("{:?}", e.items))
        .unwrap()
        .plan;
    assert_eq!(plan.meta.title, "Plan från sidofil");
    assert_eq!(plan.meta.date, "2024-02-01");
    assert_eq!(plan.chapters[0].title, "Syfte");
    assert_eq!(plan.departments.len(), 1);
    assert_eq!(plan.departments[0].title, "Avdelningen för förskola");
    assert_eq!(plan.departments[0].row_count(), 1);
}

#[test]
fn a_goal_merged_down_holds_the_activities_of_its_rows() {
    let dir = tempdir();
    let mut wb = Workbook::new();
    let doc = wb.add_worksheet();
    doc.set_name("Dokument").unwrap();
    doc.write_string(0, 0, "Titel").unwrap();
    doc.write_string(0, 1, "Plan").unwrap();
    let ws = wb.add_worksheet();
    ws.set_name("Social omsorg").unwrap();
    for (c, h) in HEADER.iter().enumerate() {
        ws.write_string(0, u16::try_from(c).unwrap(), *h).unwrap();
    }
    ws.merge_range(1, 0, 1, 5, "Behålla", &Format::new()).unwrap();
    ws.merge_range(2, 0, 3, 0, "Lägre personalomsättning", &Format::new()).unwrap();
    ws.write_string(2, 1, "Mentorer").unwrap();
    ws.write_string(2, 2, "2023").unwrap();
    ws.write_string(3, 1, "Karriärvägar").unwrap();
    ws.write_string(3, 2, "Dec 2024").unwrap();
    ws.write_string(3, 3, "HR").unwrap();
    ws.write_string(4, 0, "Nästa mål").unwrap();
    ws.write_string(4, 1, "Nästa aktivitet").unwrap();
    wb.save(dir.path().join("plan.xlsx")).unwrap();
    let plan = planrapport::kinds::plan::load_plan(&dir.path().join("plan.xlsx"))
        .map_err(|e| format!("{:?}", e.items))
        .unwrap()
        .plan;
    let rows = &plan.departments[0].phases[0].rows;
    assert_eq!(plan.departments[0].phases[0].name, "Behålla");
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0].goal, "Lägre personalomsättning");
    assert_eq!(rows[0].activities, ["Mentorer", "Karriärvägar"]);
    assert_eq!(rows[0].deadlines.iter().map(|d| d.text.as_str()).collect::<Vec<_>>(), ["2023", "Dec 2024"]);
    assert_eq!(rows[0].owners, ["HR"]);
    assert_eq!(rows[1].goal, "Nästa mål");
}

/// A minimal `OpenDocument` spreadsheet with one table of text rows.
fn write_ods(path: &Path, sheet: &str, rows: &[&[&str]]) {
    use std::io::Write as _;
    let esc = |s: &str| s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
    let mut table = String::new();
    for row in rows {
        table.push_str("<table:table-row>");
        for cell in *row {
            if cell.is_empty() {
                table.push_str("<table:table-cell/>");
            } else {
                table.push_str("<table:table-cell office:value-type=\"string\">");
                for line in cell.lines() {
                    table.push_str("<text:p>");
                    table.push_str(&esc(line));
                    table.push_str("</text:p>");
                }
                table.push_str("</table:table-cell>");
            }
        }
        table.push_str("</table:table-row>");
    }
    let content = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><office:document-content xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" office:version=\"1.2\"><office:body><office:spreadsheet><table:table table:name=\"{sheet}\">{table}</table:table></office:spreadsheet></office:body></office:document-content>"
    );
    let manifest = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><manifest:manifest xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\" manifest:version=\"1.2\"><manifest:file-entry manifest:full-path=\"/\" manifest:media-type=\"application/vnd.oasis.opendocument.spreadsheet\"/><manifest:file-entry manifest:full-path=\"content.xml\" manifest:media-type=\"text/xml\"/></manifest:manifest>";
    let mut zip = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    let stored = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    zip.start_file("mimetype", stored).unwrap();
    zip.write_all(b"application/vnd.oasis.opendocument.spreadsheet").unwrap();
    zip.start_file("META-INF/manifest.xml", stored).unwrap();
    zip.write_all(manifest.as_bytes()).unwrap();
    zip.start_file("content.xml", stored).unwrap();
    zip.write_all(content.as_bytes()).unwrap();
    zip.finish().unwrap();
}

#[test]
fn ods_workbooks_are_read_like_xlsx() {
    let dir = tempdir();
    write_ods(
        &dir.path().join("plan.ods"),
        "Förskola",
        &[
            &["Avdelning/Enhet: Förskola", "", "Datum: 2021-11-24"],
            &["Ansvarig chef: Katarina Odén-Ryhede"],
            HEADER,
            &["Utveckla"],
            &["Fler behöriga", "Studier på arbetstid\nHandledning", "2022", "Rektorer", "", "VB"],
            &["Utvekla"],
            &["Mål två", "Aktivitet", "2023", "HR", "", ""],
        ],
    );
    let (code, err) = build_in(dir.path(), "plan.ods");
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("okänd fas \"Utvekla\"\n  --> plan.ods [Förskola]!A6\n  tips: menade du \"Utveckla\"?"),
        "{err}"
    );
    assert!(err.contains("dokumentet saknar titel"), "{err}");
}

#[test]
fn a_typst_error_is_located_and_the_source_is_still_emitted() {
    let dir = tempdir();
    let tpl = dir.path().join("mallar");
    std::fs::create_dir(&tpl).unwrap();
    let lib = std::fs::read_to_string(root().join("templates/lib.typ")).unwrap();
    std::fs::write(
        tpl.join("lib.typ"),
        lib.replace("#let contents-page() = {", "#let contents-page() = {\n  finns-inte()"),
    )
    .unwrap();
    let input = root().join("data/hagersten-alvsjo.toml");
    let o = run_in(
        dir.path(),
        &["bygg", input.to_str().unwrap(), "-o", "ut", "--templates", "mallar", "--emit-typst", "main.typ"],
    );
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("fel: sättningen av PDF:en misslyckades: unknown variable: finns-inte"), "{err}");
    assert!(err.contains("--> lib.typ:"), "{err}");
    assert!(dir.path().join("main.typ").exists(), "the generated source was not written");
    assert!(!dir.path().join("ut").exists(), "outputs were written");
}

bad_fixture!(followup_bad_status, "followup_bad_status.toml");
bad_fixture!(followup_unknown_kind, "followup_unknown_kind.toml");
bad_fixture!(followup_status_config, "followup_status_config.toml");
bad_fixture!(password_protected_xlsx, "password.xlsx");

#[test]
fn a_typesetting_error_names_the_part_of_the_document() {
    let dir = tempdir();
    let tpl = dir.path().join("mallar");
    std::fs::create_dir(&tpl).unwrap();
    let plan = std::fs::read_to_string(root().join("templates/plan/plan.typ.j2")).unwrap();
    std::fs::write(
        tpl.join("plan.typ.j2"),
        plan.replacen("{{ s.text | markdown }}", "{{ s.text | markdown }}\n#finns-inte()", 1),
    )
    .unwrap();
    let input = root().join("data/hagersten-alvsjo.toml");
    let o = run_in(dir.path(), &["bygg", input.to_str().unwrap(), "-o", "ut", "--templates", "mallar"]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("fel: sättningen av PDF:en misslyckades i avsnittet \"Strategisk kompetensförsörjning\": unknown variable: finns-inte"),
        "{err}"
    );
}

#[test]
fn a_user_template_cannot_read_files() {
    let dir = tempdir();
    let tpl = dir.path().join("mallar");
    std::fs::create_dir(&tpl).unwrap();
    let plan = std::fs::read_to_string(root().join("templates/plan/plan.typ.j2")).unwrap();
    for (i, attempt) in
        ["#read(\"/etc/passwd\")", "#read(\"../../etc/passwd\")", "#image(\"/etc/passwd.png\")"].iter().enumerate()
    {
        std::fs::write(tpl.join("plan.typ.j2"), format!("{plan}\n{attempt}\n")).unwrap();
        let input = root().join("data/hagersten-alvsjo.toml");
        let out = format!("ut{i}");
        let o = run_in(dir.path(), &["bygg", input.to_str().unwrap(), "-o", &out, "--templates", "mallar"]);
        assert_eq!(o.status.code(), Some(1), "{attempt}");
        let err = stderr(&o);
        assert!(err.contains("mallar får bara läsa bildfiler i indatafilens mapp"), "{attempt}: {err}");
        assert!(!err.contains("root:"), "{attempt}: a file was read");
        assert!(!dir.path().join(&out).exists());
    }
}
