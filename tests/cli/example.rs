//! The bundled example plan (seeds 001 + 003), from TOML and from xlsx.

use std::io::Read;
use std::path::Path;

use calamine::{Reader, open_workbook_auto};
use planrapport::kinds::plan::load_plan;

use crate::util::{page_sizes, pdf_text, root, run_in, squash, stderr, tempdir};

const TOML: &str = "data/hagersten-alvsjo.toml";
const XLSX: &str = "data/hagersten-alvsjo.xlsx";

fn build(input: &str, out: &Path) {
    let o = run_in(&root(), &["bygg", input, "-o", out.to_str().unwrap()]);
    assert!(o.status.success(), "build of {input} failed:\n{}", stderr(&o));
}

#[test]
fn toml_and_xlsx_give_the_same_model() {
    let a = load_plan(&root().join(TOML)).map_err(|e| format!("{:?}", e.items)).unwrap().plan;
    let b = load_plan(&root().join(XLSX)).map_err(|e| format!("{:?}", e.items)).unwrap().plan;
    assert_eq!(a.row_count(), 53);
    assert_eq!(a.departments.len(), 6);
    assert_eq!(a, b);
}

#[test]
fn pdf_holds_every_goal_activity_and_owner() {
    let dir = tempdir();
    build(TOML, dir.path());
    let pdf = dir.path().join("hagersten-alvsjo.pdf");
    let text = squash(&pdf_text(&pdf, None));
    let plan = load_plan(&root().join(TOML)).ok().unwrap().plan;
    let mut checked = 0;
    for d in &plan.departments {
        for p in &d.phases {
            for r in &p.rows {
                let mut pieces = vec![r.goal.clone(), r.followup.clone(), r.resources.clone()];
                pieces.extend(
                    r.activities.iter().flat_map(|a| a.lines().map(|l| l.trim_start_matches("- ").to_string())),
                );
                pieces.extend(r.owners.iter().cloned());
                pieces.extend(r.deadlines.iter().map(|d| d.text.clone()));
                for piece in pieces.iter().flat_map(|p| p.lines()) {
                    assert!(text.contains(&squash(piece)), "missing in PDF: {piece:?} ({})", d.name);
                    checked += 1;
                }
            }
        }
        for s in &d.sections {
            assert!(text.contains(&squash(&s.title)), "missing heading {:?}", s.title);
        }
    }
    assert!(checked > 300, "only {checked} pieces checked");
}

#[test]
fn pages_are_numbered_and_tables_repeat_their_header() {
    let dir = tempdir();
    build(TOML, dir.path());
    let pdf = dir.path().join("hagersten-alvsjo.pdf");
    let sizes = page_sizes(&pdf);
    let n = sizes.len();
    assert!(n > 15, "{n} pages");
    let mut table_pages = 0;
    for (i, (w, h)) in sizes.iter().enumerate() {
        let page = i + 1;
        let text = pdf_text(&pdf, Some((page, page)));
        if page > 1 {
            assert!(text.contains(&format!("Sida {page} ({n})")), "page {page} lacks \"Sida {page} ({n})\"");
        }
        if w > h {
            table_pages += 1;
            assert!(text.contains("Vad ska vi uppnå?"), "landscape page {page} lacks the table header");
            // The header may wrap in its column (widths follow the content).
            assert!(
                squash(&text).contains(&squash("Uppföljning / Kommentar")),
                "landscape page {page} lacks the table header"
            );
        }
    }
    assert!(table_pages >= 8, "{table_pages} table pages");
}

#[test]
fn pdf_metadata_has_title_author_and_language() {
    let dir = tempdir();
    build(TOML, dir.path());
    let pdf = dir.path().join("hagersten-alvsjo.pdf");
    let raw = std::fs::read(&pdf).unwrap();
    let raw = String::from_utf8_lossy(&raw);
    assert!(raw.contains("/Lang(sv"), "no /Lang sv");
    assert!(
        raw.contains(
            "<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">Kompetensförsörjningsplan för Hägersten-Älvsjö</rdf:li>"
        ),
        "no title in XMP"
    );
    assert!(raw.contains("<rdf:li>Hägersten-Älvsjö stadsdelsförvaltning</rdf:li>"), "no author in XMP");
    assert!(raw.contains("/StructTreeRoot"), "not tagged");
}

#[test]
fn two_builds_are_byte_identical() {
    let (a, b) = (tempdir(), tempdir());
    build(TOML, a.path());
    build(TOML, b.path());
    for name in ["hagersten-alvsjo.pdf", "hagersten-alvsjo.xlsx"] {
        let x = std::fs::read(a.path().join(name)).unwrap();
        let y = std::fs::read(b.path().join(name)).unwrap();
        assert!(x == y, "{name} differs between two builds");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            let mode = std::fs::metadata(a.path().join(name)).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o644, "{name} is not readable by others");
        }
    }
}

fn sheet_xml(xlsx: &Path, name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(xlsx).unwrap()).unwrap();
    let mut s = String::new();
    zip.by_name(name).unwrap().read_to_string(&mut s).unwrap();
    s
}

#[test]
fn xlsx_holds_every_row_with_print_setup() {
    let dir = tempdir();
    build(XLSX, dir.path());
    let path = dir.path().join("hagersten-alvsjo.xlsx");
    let plan = load_plan(&root().join(TOML)).ok().unwrap().plan;
    let mut book = open_workbook_auto(&path).unwrap();
    let names = book.sheet_names();
    assert_eq!(names[0], "Översikt");
    let depts: Vec<_> = plan.departments.iter().filter(|d| d.row_count() > 0).collect();
    for (i, d) in depts.iter().enumerate() {
        let range = book.worksheet_range(&names[i + 1]).unwrap();
        // Heading lines (name, date, manager), a blank line, then the header row.
        assert_eq!(range.get((0, 1)).unwrap().to_string(), d.name);
        let header = 3;
        assert_eq!(range.get((header, 1)).unwrap().to_string(), "Vad ska vi uppnå?");
        assert_eq!(range.height() - header - 1, d.row_count(), "{}", d.name);
        let goals: Vec<String> = (header + 1..range.height())
            .map(|r| range.get((r, 1)).map(ToString::to_string).unwrap_or_default())
            .collect();
        let activities: Vec<String> = (header + 1..range.height())
            .map(|r| range.get((r, 2)).map(ToString::to_string).unwrap_or_default())
            .collect();
        let rows: Vec<_> = d.phases.iter().flat_map(|p| &p.rows).collect();
        for (r, row) in rows.iter().enumerate() {
            assert_eq!(goals[r], row.goal);
            assert_eq!(activities[r], row.activities.join("\n"));
        }
        let xml = sheet_xml(&path, &format!("xl/worksheets/sheet{}.xml", i + 2));
        assert!(xml.contains("state=\"frozen\""), "no frozen panes");
        assert!(xml.contains("<autoFilter"), "no autofilter");
        assert!(xml.contains("orientation=\"landscape\"") && xml.contains("paperSize=\"9\""), "not landscape A4");
        assert!(xml.contains("fitToHeight=\"0\""), "not fitted to width");
        assert!(xml.contains("Sida &amp;P (&amp;N)"), "no page footer");
        assert!(xml.contains("wrapText") || sheet_xml(&path, "xl/styles.xml").contains("wrapText"), "no wrapped text");
    }
    let workbook = sheet_xml(&path, "xl/workbook.xml");
    assert!(workbook.contains("_xlnm.Print_Titles"), "header row not repeated");
    let core = sheet_xml(&path, "docProps/core.xml");
    assert!(core.contains("<dc:title>Kompetensförsörjningsplan för Hägersten-Älvsjö</dc:title>"), "{core}");
}

#[test]
fn exported_workbook_reads_back_as_input() {
    let dir = tempdir();
    build(TOML, dir.path());
    let back = load_plan(&dir.path().join("hagersten-alvsjo.xlsx")).map_err(|e| format!("{:?}", e.items)).unwrap().plan;
    let orig = load_plan(&root().join(TOML)).ok().unwrap().plan;
    // Everything comes back: metadata, narrative, every department with its
    // heading, rows and phases (the phase list is written out, so its model is "egen").
    assert_eq!(back.meta, orig.meta);
    assert_eq!(back.phase_model.phases, orig.phase_model.phases);
    assert_eq!(back.chapters, orig.chapters);
    assert_eq!(back.departments.len(), orig.departments.len());
    for (a, b) in orig.departments.iter().zip(&back.departments) {
        assert_eq!(a, b, "{}", a.name);
    }
    // And it builds the same PDF, byte for byte.
    let again = dir.path().join("igen");
    std::fs::create_dir(&again).unwrap();
    std::fs::copy(dir.path().join("hagersten-alvsjo.xlsx"), again.join("hagersten-alvsjo.xlsx")).unwrap();
    let o = run_in(&again, &["bygg", "hagersten-alvsjo.xlsx", "-o", "ut"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let a = std::fs::read(dir.path().join("hagersten-alvsjo.pdf")).unwrap();
    let b = std::fs::read(again.join("ut/hagersten-alvsjo.pdf")).unwrap();
    assert!(a == b, "the exported workbook builds a different PDF");
}

#[test]
fn emit_typst_and_user_templates() {
    let dir = tempdir();
    let typ = dir.path().join("main.typ");
    let tpl = dir.path().join("mallar");
    std::fs::create_dir(&tpl).unwrap();
    let lib = std::fs::read_to_string(root().join("templates/lib.typ")).unwrap();
    std::fs::write(tpl.join("lib.typ"), lib.replace("title: [Innehåll]", "title: [Innehållsförteckning]")).unwrap();
    let o = run_in(
        &root(),
        &[
            "bygg",
            TOML,
            "-o",
            dir.path().to_str().unwrap(),
            "--emit-typst",
            typ.to_str().unwrap(),
            "--templates",
            tpl.to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let source = std::fs::read_to_string(&typ).unwrap();
    assert!(source.starts_with("#import \"lib.typ\""));
    assert!(source.contains("Stärka kompetens kring undervisningsuppdraget"));
    let text = pdf_text(&dir.path().join("hagersten-alvsjo.pdf"), Some((2, 2)));
    assert!(text.contains("Innehållsförteckning"), "{text}");
}

#[test]
fn check_prints_a_summary_and_writes_nothing() {
    let dir = tempdir();
    std::fs::copy(root().join(TOML), dir.path().join("plan.toml")).unwrap();
    let o = run_in(dir.path(), &["kontrollera", "plan.toml"]);
    assert!(o.status.success());
    assert_eq!(
        String::from_utf8_lossy(&o.stdout),
        "plan.toml: inga fel. 8 kapitel, 6 avdelningar (3 med handlingsplan), 53 rader, 0 varningar.\n"
    );
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}
