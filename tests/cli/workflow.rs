//! The Excel workflow: an input template for every kind is filled in (by
//! editing its cells, as a user would in Excel) and builds; a new project
//! builds at once.

use std::fmt::Write as _;
use std::io::{Read, Write};
use std::path::Path;

use crate::util::{pdf_text, run_in, squash, stderr, tempdir};

pub(crate) enum V<'a> {
    S(&'a str),
    N(f64),
}

/// Replaces one cell of a worksheet's XML (empty, self-closing or with a
/// value) with the given value, keeping its style.
fn set_cell(xml: &str, cell: &str, value: &V<'_>) -> String {
    let open = format!("<c r=\"{cell}\"");
    let new_cell = |style: &str| match value {
        V::S(s) => format!(
            "<c r=\"{cell}\"{style} t=\"inlineStr\"><is><t xml:space=\"preserve\">{}</t></is></c>",
            s.replace('&', "&amp;").replace('<', "&lt;")
        ),
        V::N(n) => format!("<c r=\"{cell}\"{style}><v>{n}</v></c>"),
    };
    if let Some(start) = xml.find(&open) {
        let tag_end = start + xml[start..].find('>').unwrap();
        let end =
            if xml[..tag_end].ends_with('/') { tag_end + 1 } else { start + xml[start..].find("</c>").unwrap() + 4 };
        let style =
            xml[start..tag_end].split(" s=\"").nth(1).map(|s| format!(" s=\"{}\"", s.split('"').next().unwrap()));
        return format!("{}{}{}", &xml[..start], new_cell(&style.unwrap_or_default()), &xml[end..]);
    }
    // A cell not yet in the sheet: add it to its row, or add the row.
    let row: String = cell.chars().skip_while(char::is_ascii_alphabetic).collect();
    let row_open = format!("<row r=\"{row}\"");
    if let Some(rs) = xml.find(&row_open) {
        let re = rs + xml[rs..].find("</row>").unwrap();
        return format!("{}{}{}", &xml[..re], new_cell(""), &xml[re..]);
    }
    let data_end = xml.find("</sheetData>").unwrap();
    format!("{}<row r=\"{row}\">{}</row>{}", &xml[..data_end], new_cell(""), &xml[data_end..])
}

/// Copies `from` to `to`, filling cells of the named sheets.
pub(crate) fn fill(from: &Path, to: &Path, edits: &[(&str, &[(&str, V<'_>)])]) {
    let mut zin = zip::ZipArchive::new(std::fs::File::open(from).unwrap()).unwrap();
    let mut zout = zip::ZipWriter::new(std::fs::File::create(to).unwrap());
    for i in 0..zin.len() {
        let mut entry = zin.by_index(i).unwrap();
        let name = entry.name().unwrap().to_string();
        let mut data = Vec::new();
        entry.read_to_end(&mut data).unwrap();
        if let Some((_, cells)) = edits.iter().find(|(sheet, _)| name == format!("xl/worksheets/{sheet}.xml")) {
            let mut xml = String::from_utf8(data).unwrap();
            for (cell, value) in *cells {
                xml = set_cell(&xml, cell, value);
            }
            data = xml.into_bytes();
        }
        zout.start_file(name, zip::write::SimpleFileOptions::default()).unwrap();
        zout.write_all(&data).unwrap();
    }
    zout.finish().unwrap();
}

pub(crate) fn template(dir: &Path, kind: &str) -> std::path::PathBuf {
    let path = dir.join(format!("{kind}-mall.xlsx"));
    let o = run_in(dir, &["mall", kind, path.file_name().unwrap().to_str().unwrap()]);
    assert!(o.status.success(), "mall {kind}: {}", stderr(&o));
    path
}

fn build(dir: &Path, file: &str) -> String {
    let o = run_in(dir, &["bygg", file, "-o", "ut"]);
    assert!(o.status.success(), "bygg {file}: {}", stderr(&o));
    let stem = file.trim_end_matches(".xlsx");
    squash(&pdf_text(&dir.join(format!("ut/{stem}.pdf")), None))
}

#[test]
fn a_filled_in_plan_template_builds() {
    let dir = tempdir();
    let t = template(dir.path(), "plan");
    fill(
        &t,
        &dir.path().join("plan.xlsx"),
        &[
            ("sheet2", &[("B4", V::S("Kompetensförsörjningsplan för Testkommun")), ("B7", V::S("2025-01-15"))]),
            (
                // Instruktioner, Dokument, Faser, then the department sheet.
                "sheet4",
                &[
                    ("B1", V::S("Förskola")),
                    ("D1", V::S("2025-01-10")),
                    ("B2", V::S("Anna Chef")),
                    ("A5", V::S("Utveckla")),
                    ("B5", V::S("Stärkt språkutveckling")),
                    ("C5", V::S("Språkombud på varje förskola\nHandledning")),
                    ("D5", V::S("Kontinuerligt")),
                    ("E5", V::S("Rektor")),
                    ("A6", V::S("Rekrytera")),
                    ("B6", V::S("Fler förskollärare")),
                    ("C6", V::S("Samverkan med lärosäten")),
                    ("D6", V::N(45_657.0)),
                    ("E6", V::S("Avdelningschef")),
                ],
            ),
        ],
    );
    let text = build(dir.path(), "plan.xlsx");
    for s in [
        "Kompetensförsörjningsplan för Testkommun",
        "Förskola",
        "Anna Chef",
        "Stärkt språkutveckling",
        "Språkombud på varje förskola",
        "Samverkan med lärosäten",
        "2024-12-31",
    ] {
        assert!(text.contains(&squash(s)), "{s:?} not in the PDF");
    }
}

#[test]
fn a_filled_in_followup_template_builds() {
    let dir = tempdir();
    let t = template(dir.path(), "uppfoljning");
    fill(
        &t,
        &dir.path().join("uppf.xlsx"),
        &[
            (
                "sheet2",
                &[("B4", V::S("Uppföljning per april")), ("B7", V::S("2025-05-05")), ("B8", V::S("2025-04-30"))],
            ),
            (
                "sheet3",
                &[
                    ("A2", V::S("Medborgare")),
                    ("B2", V::S("Välfärd med hög kvalitet")),
                    ("C2", V::S("Vård i centrum")),
                    ("E2", V::S("Följa upp planer")),
                    ("G2", V::S("2025-03-01")),
                    ("H2", V::S("Pågår")),
                    ("I2", V::S("Försenat av sjukfrånvaro")),
                ],
            ),
        ],
    );
    let o = run_in(dir.path(), &["kontrollera", "uppf.xlsx"]);
    assert!(stderr(&o).contains("har passerat sitt slutdatum"), "{}", stderr(&o));
    let text = build(dir.path(), "uppf.xlsx");
    for s in ["Uppföljning per april", "Följa upp planer", "Försenat av sjukfrånvaro", "0 av 1 aktiviteter"] {
        assert!(text.contains(&squash(s)), "{s:?} not in the PDF");
    }
}

#[test]
fn a_filled_in_report_template_builds() {
    let dir = tempdir();
    let t = template(dir.path(), "delarsrapport");
    fill(
        &t,
        &dir.path().join("dr.xlsx"),
        &[
            (
                "sheet2",
                &[
                    ("B4", V::S("DR1")),
                    ("B5", V::N(2025.0)),
                    ("B6", V::S("Uppföljning av strategin")),
                    ("B9", V::S("2025-04-30")),
                ],
            ),
            (
                "sheet3",
                &[
                    ("A2", V::S("Attrahera")),
                    ("B2", V::S("Ambassadörer")),
                    ("C2", V::S("Pågår")),
                    ("D2", V::S("Syftar till att locka sökande.")),
                ],
            ),
            (
                "sheet4",
                &[
                    ("A2", V::S("Ambassadörer")),
                    ("B2", V::S("Antal ambassadörer")),
                    ("C2", V::S("st")),
                    ("D2", V::N(2025.0)),
                    ("H2", V::N(8.0)),
                    ("J2", V::N(13.0)),
                ],
            ),
        ],
    );
    let text = build(dir.path(), "dr.xlsx");
    for s in ["Uppföljning av strategin", "Ambassadörer", "Syftar till att locka sökande.", "Uppnått"] {
        assert!(text.contains(&squash(s)), "{s:?} not in the PDF");
    }
}

#[test]
fn a_filled_in_deck_template_builds() {
    let dir = tempdir();
    let t = template(dir.path(), "presentation");
    fill(
        &t,
        &dir.path().join("deck.xlsx"),
        &[
            ("sheet2", &[("B4", V::S("Kompetensforum")), ("B7", V::S("2025-02-01"))]),
            (
                "sheet3",
                &[
                    ("A2", V::N(1.0)),
                    ("C2", V::S("Växjö kommun")),
                    ("A3", V::N(1.0)),
                    ("E3", V::S("tal")),
                    ("F3", V::N(97_100.0)),
                    ("G3", V::S("invånare")),
                ],
            ),
        ],
    );
    let text = build(dir.path(), "deck.xlsx");
    assert!(text.contains(&squash("Växjö kommun")) && text.contains(&squash("invånare")), "{text}");
    assert!(text.contains("97\u{a0}100") || text.contains("97100"), "{text}");
}

#[test]
fn templates_have_dropdowns_and_instructions() {
    let dir = tempdir();
    let t = template(dir.path(), "plan");
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&t).unwrap()).unwrap();
    let mut read = |name: &str| {
        let mut s = String::new();
        zip.by_name(name).unwrap().read_to_string(&mut s).unwrap();
        s
    };
    let workbook = read("xl/workbook.xml");
    assert!(workbook.contains("name=\"Instruktioner\""));
    let sheet = read("xl/worksheets/sheet4.xml");
    // No protection that would block inserting columns or merging (issue 14);
    // the phase dropdown lists the Faser sheet and warns instead of refusing.
    assert!(!sheet.contains("<sheetProtection"), "the template is protected");
    assert!(sheet.contains("<formula1>OFFSET(Faser!$A$2"), "no phase dropdown over the Faser sheet");
    assert!(sheet.contains("errorStyle=\"warning\""), "the dropdown refuses");
    assert!(sheet.contains("promptTitle="), "no input messages");
    let styles = read("xl/styles.xml");
    assert!(styles.contains("yyyy-mm-dd"), "no date format");
}

#[test]
fn a_new_project_builds_at_once_for_every_kind() {
    let dir = tempdir();
    for (kind, file) in [
        ("plan", "plan.toml"),
        ("uppfoljning", "uppfoljning.toml"),
        ("delarsrapport", "delarsrapport.toml"),
        ("presentation", "bildspel.toml"),
    ] {
        let o = run_in(dir.path(), &["ny", kind, kind]);
        assert!(o.status.success(), "ny {kind}: {}", stderr(&o));
        let project = dir.path().join(kind);
        assert!(project.join("LÄSMIG.txt").exists());
        let o = run_in(&project, &["bygg", file]);
        assert!(o.status.success(), "bygg {kind}: {}", stderr(&o));
    }
    // An existing folder is never written into.
    let o = run_in(dir.path(), &["ny", "plan", "plan"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("mappen finns redan och är inte tom"), "{}", stderr(&o));
}

fn department_toml(name: &str, goal: &str) -> String {
    format!(
        "[dokument]\ntitel = \"Del\"\ndatum = 2025-01-10\n[[avdelning]]\nnamn = \"{name}\"\ndatum = 2025-01-10\nansvarig_chef = \"Chef för {name}\"\n[[avdelning.rad]]\nfas = \"Utveckla\"\nmal = \"{goal}\"\naktiviteter = [\"Aktivitet för {name}\"]\nmaldatum = \"2025\"\nansvariga = [\"Enhetschef\"]\n"
    )
}

/// A project with a folder of department workbooks (made with konvertera,
/// as the exported committee workbooks are).
fn department_project(dir: &Path, with: &[(&str, &str)], listed: &[&str]) {
    std::fs::create_dir_all(dir.join("avdelningar")).unwrap();
    for (file, name) in with {
        std::fs::write(dir.join(format!("{file}.toml")), department_toml(name, &format!("Mål för {name}"))).unwrap();
        let o = run_in(dir, &["konvertera", &format!("{file}.toml"), &format!("avdelningar/{file}.xlsx")]);
        assert!(o.status.success(), "{}", stderr(&o));
        std::fs::remove_file(dir.join(format!("{file}.toml"))).unwrap();
    }
    let mut plan = String::from(
        "[dokument]\ntitel = \"Plan\"\norganisation = \"Testkommun\"\ndatum = 2025-01-15\n\n[filer]\nmapp = \"avdelningar\"\n",
    );
    for name in listed {
        let _ = write!(plan, "\n[[avdelning]]\nnamn = \"{name}\"\n");
    }
    std::fs::write(dir.join("plan.toml"), plan).unwrap();
}

#[test]
fn a_plan_assembled_from_department_files_equals_the_single_file() {
    let dir = tempdir();
    department_project(
        dir.path(),
        &[("forskola", "Förskola"), ("social", "Social omsorg")],
        &["Social omsorg", "Förskola"],
    );
    let assembled = planrapport::kinds::plan::load_plan(&dir.path().join("plan.toml"))
        .map_err(|e| format!("{:?}", e.items))
        .unwrap()
        .plan;
    let mut single = String::from("[dokument]\ntitel = \"Plan\"\norganisation = \"Testkommun\"\ndatum = 2025-01-15\n");
    for name in ["Social omsorg", "Förskola"] {
        let part = department_toml(name, &format!("Mål för {name}"));
        single.push_str(&part[part.find("[[avdelning]]").unwrap()..]);
    }
    std::fs::write(dir.path().join("single.toml"), single).unwrap();
    let one = planrapport::kinds::plan::load_plan(&dir.path().join("single.toml"))
        .map_err(|e| format!("{:?}", e.items))
        .unwrap()
        .plan;
    // The configured order (Social omsorg first), not the files' order.
    assert_eq!(
        assembled.departments.iter().map(|d| d.name.as_str()).collect::<Vec<_>>(),
        ["Social omsorg", "Förskola"]
    );
    assert_eq!(assembled.departments, one.departments);
}

#[test]
fn missing_department_files_are_reported_in_one_line_and_can_be_allowed() {
    let dir = tempdir();
    department_project(dir.path(), &[("forskola", "Förskola")], &["Förskola", "Äldreomsorg", "Ekonomi"]);
    let o = run_in(dir.path(), &["bygg", "plan.toml", "-o", "ut"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("fel: 1 av 3 avdelningar: saknas Äldreomsorg, Ekonomi"), "{}", stderr(&o));
    assert!(!dir.path().join("ut").exists());
    let o = run_in(dir.path(), &["bygg", "plan.toml", "--tillat-saknade", "-o", "ut"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("varning: 1 av 3 avdelningar: saknas Äldreomsorg, Ekonomi"));
    let text = squash(&pdf_text(&dir.path().join("ut/plan.pdf"), None));
    assert!(
        text.contains(&squash("Handlingsplan Äldreomsorg")) && text.contains(&squash("Handlingsplanen saknas")),
        "gap not marked"
    );
    assert!(text.contains(&squash("Mål för Förskola")));
}

#[test]
fn problems_in_a_department_file_name_its_file_sheet_and_cell() {
    let dir = tempdir();
    std::fs::write(
        dir.path().join("d.toml"),
        department_toml("Förskola", "Mål").replace("fas = \"Utveckla\"", "fas = \"Behålla\""),
    )
    .unwrap();
    let o = run_in(dir.path(), &["konvertera", "d.toml", "forskola.xlsx"]);
    assert!(o.status.success(), "{}", stderr(&o));
    // The project uses another phase list, so the file's phase is unknown.
    std::fs::write(
        dir.path().join("plan.toml"),
        "[dokument]\ntitel = \"Plan\"\ndatum = 2025-01-15\n[faser]\nlista = [\"Attrahera\", \"Utveckla\"]\n[[avdelning]]\nnamn = \"Förskola\"\nfil = \"forskola.xlsx\"\n",
    )
    .unwrap();
    let o = run_in(dir.path(), &["bygg", "plan.toml", "-o", "ut"]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("okänd fas \"Behålla\"") && err.contains("forskola.xlsx [Förskola]!A5"), "{err}");
}

#[test]
fn the_organisation_profile_is_shared_by_every_document_in_the_folder() {
    let dir = tempdir();
    std::fs::write(
        dir.path().join("organisation.toml"),
        "[organisation]\nnamn = \"Växjö kommun\"\nfarg = \"#005a9c\"\ntypsnitt = \"Carlito\"\n\n[faser]\nlista = [\"Attrahera\", \"Utveckla\"]\n\n[[status]]\nnamn = \"Klar\"\nbetyder = \"genomford\"\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("plan.toml"),
        "[dokument]\ntitel = \"Plan\"\ndatum = 2025-01-15\n[[avdelning]]\nnamn = \"Förskola\"\n[[avdelning.rad]]\nfas = \"Attrahera\"\nmal = \"Mål\"\naktiviteter = [\"A\"]\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("uppf.toml"),
        "[dokument]\ntyp = \"uppfoljning\"\ntitel = \"Uppföljning\"\ndatum = 2025-01-15\nper = 2025-01-01\n[[perspektiv]]\nnamn = \"Medborgare\"\n[[perspektiv.mal]]\nnamn = \"M\"\n[[perspektiv.mal.namndmal]]\nrubrik = \"N\"\n[[perspektiv.mal.namndmal.aktivitet]]\ntext = \"A\"\nstatus = \"Genomförd\"\n",
    )
    .unwrap();
    let plan = planrapport::kinds::plan::load_plan(&dir.path().join("plan.toml"))
        .map_err(|e| format!("{:?}", e.items))
        .unwrap()
        .plan;
    assert_eq!(plan.meta.organisation, "Växjö kommun");
    assert_eq!(plan.meta.colour, "#005a9c");
    assert_eq!(plan.phase_model.phases, ["Attrahera", "Utveckla"]);
    let f = planrapport::kinds::uppfoljning::load_followup(&dir.path().join("uppf.toml"))
        .map_err(|e| format!("{:?}", e.items))
        .unwrap()
        .followup;
    assert_eq!(f.meta.organisation, "Växjö kommun");
    assert_eq!(f.perspectives[0].goals[0].committee_goals[0].activities[0].parts[0].status.word, "Klar");
    // A font that is not bundled is an error in the profile.
    std::fs::write(dir.path().join("organisation.toml"), "[organisation]\nnamn = \"X\"\ntypsnitt = \"Comic Sans\"\n")
        .unwrap();
    let o = run_in(dir.path(), &["kontrollera", "plan.toml"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("typsnittet \"Comic Sans\" finns inte inbyggt"), "{}", stderr(&o));
    // The profile itself is not a document.
    let o = run_in(dir.path(), &["bygg", "organisation.toml"]);
    assert!(stderr(&o).contains("filen är organisationsprofilen"), "{}", stderr(&o));
}

fn unit_followup(unit: &str) -> String {
    format!(
        "[dokument]\ntyp = \"uppfoljning\"\ntitel = \"Underlag\"\ndatum = 2025-04-20\nper = 2025-03-31\n[[perspektiv]]\nnamn = \"Medborgare\"\n[[perspektiv.mal]]\nnamn = \"Välfärd\"\n[[perspektiv.mal.namndmal]]\nrubrik = \"Vård i centrum\"\n[[perspektiv.mal.namndmal.aktivitet]]\ntext = \"Aktivitet inom {unit}\"\nslutdatum = \"2025-12-31\"\nstatus = \"Pågår\"\nkommentar = \"Kommentar från {unit}\"\nansvarig = \"Chef {unit}\"\n"
    )
}

#[test]
fn a_followup_assembled_from_unit_files_reports_missing_units() {
    let dir = tempdir();
    std::fs::create_dir(dir.path().join("enheter")).unwrap();
    for (file, unit) in [("aldreomsorg", "Äldreomsorg"), ("lss", "LSS")] {
        std::fs::write(dir.path().join(format!("{file}.toml")), unit_followup(unit)).unwrap();
        let o = run_in(dir.path(), &["konvertera", &format!("{file}.toml"), &format!("enheter/{file}.xlsx")]);
        assert!(o.status.success(), "{}", stderr(&o));
    }
    std::fs::write(
        dir.path().join("uppf.toml"),
        "[dokument]\ntyp = \"uppfoljning\"\ntitel = \"Uppföljning per mars\"\ndatum = 2025-04-20\nper = 2025-03-31\n\n[filer]\nmapp = \"enheter\"\n\n[[enhet]]\nnamn = \"LSS\"\n[[enhet]]\nnamn = \"Äldreomsorg\"\n[[enhet]]\nnamn = \"Ekonomi\"\n",
    )
    .unwrap();
    let o = run_in(dir.path(), &["bygg", "uppf.toml", "-o", "ut"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("fel: 2 av 3 enheter: saknas Ekonomi"), "{}", stderr(&o));
    let o = run_in(dir.path(), &["bygg", "uppf.toml", "--tillat-saknade", "-o", "ut"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = squash(&pdf_text(&dir.path().join("ut/uppf.pdf"), None));
    assert!(text.contains(&squash("Underlag saknas")) && text.contains(&squash("saknar underlag från: Ekonomi")));
    // The units' activities, in the configured order (LSS first).
    let lss = text.find(&squash("Aktivitet inom LSS")).expect("LSS activity");
    let ao = text.find(&squash("Aktivitet inom Äldreomsorg")).expect("ÄO activity");
    assert!(lss < ao, "units out of order");
    assert!(text.contains(&squash("0 av 2 aktiviteter är genomförda")));
}
