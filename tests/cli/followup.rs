//! The follow-up kind: seed 002 (Leanlink, per 31 March) from TOML and from
//! xlsx, counts checked against an independent count of the data file,
//! overdue flags for chosen as-of dates, and the committee workbook.

use std::io::{Read, Write};
use std::path::Path;

use calamine::{Data, Reader, open_workbook_auto};
use planrapport::kinds::uppfoljning::load_followup;

use crate::util::{pdf_text, root, run_in, squash, stderr, tempdir};

const TOML: &str = "data/leanlink-uppfoljning.toml";
const XLSX: &str = "data/leanlink-uppfoljning.xlsx";

fn build(dir: &Path, input: &str, out: &Path) {
    let o = run_in(dir, &["bygg", input, "-o", out.to_str().unwrap()]);
    assert!(o.status.success(), "build of {input} failed:\n{}", stderr(&o));
}

fn sheet(xlsx: &Path, name: &str) -> calamine::Range<Data> {
    let mut wb = open_workbook_auto(xlsx).unwrap();
    wb.worksheet_range(name).unwrap()
}

fn cell_text(d: &Data) -> String {
    match d {
        Data::String(s) => s.clone(),
        Data::Float(f) => format!("{f}"),
        Data::Int(i) => format!("{i}"),
        Data::Empty => String::new(),
        other => format!("{other}"),
    }
}

fn zip_entry(xlsx: &Path, name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(xlsx).unwrap()).unwrap();
    let mut s = String::new();
    zip.by_name(name).unwrap_or_else(|_| panic!("{name} in workbook")).read_to_string(&mut s).unwrap();
    s
}

#[test]
fn toml_and_xlsx_give_the_same_model_and_the_same_pdf() {
    let a = load_followup(&root().join(TOML)).map_err(|e| format!("{:?}", e.items)).unwrap().followup;
    let b = load_followup(&root().join(XLSX)).map_err(|e| format!("{:?}", e.items)).unwrap().followup;
    assert_eq!(a.counts.total, 44);
    assert_eq!(a.assignments.as_ref().map(|x| x.rows.len()), Some(12));
    assert_eq!(a.perspectives.len(), 5);
    assert_eq!(a, b);
    let dir = tempdir();
    build(&root(), TOML, &dir.path().join("t"));
    build(&root(), XLSX, &dir.path().join("x"));
    let t = std::fs::read(dir.path().join("t/leanlink-uppfoljning.pdf")).unwrap();
    let x = std::fs::read(dir.path().join("x/leanlink-uppfoljning.pdf")).unwrap();
    assert!(t == x, "the PDFs from TOML and xlsx differ");
}

#[test]
fn pdf_and_xlsx_hold_every_activity_status_and_comment() {
    let dir = tempdir();
    build(&root(), TOML, dir.path());
    let text = squash(&pdf_text(&dir.path().join("leanlink-uppfoljning.pdf"), None));
    let f = load_followup(&root().join(TOML)).ok().unwrap().followup;
    let xlsx = dir.path().join("leanlink-uppfoljning.xlsx");
    let rows = sheet(&xlsx, "Aktiviteter");
    let col = |name: &str| rows.rows().next().unwrap().iter().position(|c| cell_text(c) == name).unwrap();
    let (activity_c, status_c, comment_c) = (col("Aktivitet"), col("Status"), col("Kommentar"));
    let xlsx_rows: Vec<(String, String, String)> = rows
        .rows()
        .skip(1)
        .map(|r| (cell_text(&r[activity_c]), cell_text(&r[status_c]), cell_text(&r[comment_c])))
        .collect();
    let mut checked = 0;
    for (_, _, c, a) in f.activities() {
        let mut pieces: Vec<String> = a.text.lines().chain(c.title.lines()).map(str::to_string).collect();
        pieces.extend(a.owners.iter().cloned());
        for p in &a.parts {
            pieces.extend(p.comment.lines().map(str::to_string));
            pieces.push(p.status.word.clone());
            pieces.push(p.status.note.clone());
            pieces.push(p.unit.clone());
            let status = if p.status.word == "Ej angiven" { String::new() } else { p.status.word.clone() };
            assert!(
                xlsx_rows.iter().any(|(t, s, k)| *t == a.text && *s == status && *k == p.comment),
                "missing in xlsx: {:?} / {} / {:?}",
                a.text,
                p.status.word,
                p.comment
            );
        }
        for piece in pieces.iter().filter(|p| !p.is_empty()) {
            assert!(text.contains(&squash(piece)), "missing in PDF: {piece:?}");
            checked += 1;
        }
    }
    for r in &f.assignments.as_ref().unwrap().rows {
        for piece in r.text.lines().chain(r.comment.lines()).chain([r.status.word.as_str()]) {
            assert!(text.contains(&squash(piece)), "missing assignment text in PDF: {piece:?}");
            checked += 1;
        }
    }
    assert_eq!(xlsx_rows.len(), f.activities().map(|(_, _, _, a)| a.parts.len()).sum::<usize>());
    assert!(checked > 250, "only {checked} pieces checked");
}

/// Counts straight from the TOML file, without the program's model: per
/// perspective (activities, done), with "done" as the seed writes it.
fn independent_counts() -> Vec<(String, usize, usize)> {
    let src = std::fs::read_to_string(root().join(TOML)).unwrap();
    let doc: toml::Table = src.parse().unwrap();
    let done_words = ["genomfört", "genomförd", "klart", "klar"];
    let mut out = Vec::new();
    for p in doc["perspektiv"].as_array().unwrap() {
        let (mut total, mut done) = (0, 0);
        for g in p["mal"].as_array().unwrap() {
            for c in g["namndmal"].as_array().unwrap() {
                for a in c["aktivitet"].as_array().unwrap() {
                    total += 1;
                    let statuses: Vec<String> = match a.get("enhet") {
                        Some(units) => units
                            .as_array()
                            .unwrap()
                            .iter()
                            .map(|u| u["status"].as_str().unwrap().to_lowercase())
                            .collect(),
                        None => vec![a["status"].as_str().unwrap().to_lowercase()],
                    };
                    if statuses.iter().all(|s| done_words.contains(&s.trim())) {
                        done += 1;
                    }
                }
            }
        }
        out.push((p["namn"].as_str().unwrap().to_string(), total, done));
    }
    out
}

#[test]
fn summary_counts_equal_the_data() {
    let expected = independent_counts();
    let (total, done): (usize, usize) = expected.iter().fold((0, 0), |(t, d), (_, t2, d2)| (t + t2, d + d2));
    assert!(total > 40 && done > 5, "{total} {done}");
    let f = load_followup(&root().join(TOML)).ok().unwrap().followup;
    assert_eq!((f.counts.total, f.counts.done), (total, done));
    for (p, (name, t, d)) in f.perspectives.iter().zip(&expected) {
        assert_eq!((&p.name, p.counts.total, p.counts.done), (name, *t, *d));
    }

    let dir = tempdir();
    build(&root(), TOML, dir.path());
    let text = pdf_text(&dir.path().join("leanlink-uppfoljning.pdf"), None);
    let sentence = format!("{done} av {total} aktiviteter är genomförda per 31 mars 2023");
    assert!(squash(&text).contains(&squash(&sentence)), "{sentence:?} not in the PDF");

    // The workbook's summary: cached results of the COUNTIFS formulas.
    let summary = sheet(&dir.path().join("leanlink-uppfoljning.xlsx"), "Sammanfattning");
    let header = summary.rows().position(|r| cell_text(&r[0]) == "Perspektiv").unwrap();
    let head: Vec<String> = summary.rows().nth(header).unwrap().iter().map(cell_text).collect();
    let done_c = head.iter().position(|h| h == "Genomförd").unwrap();
    let total_c = head.iter().position(|h| h == "Totalt").unwrap();
    for (r, (name, t, d)) in summary.rows().skip(header + 1).zip(&expected) {
        assert_eq!(cell_text(&r[0]), *name);
        assert_eq!(cell_text(&r[done_c]), d.to_string(), "done, {name}");
        assert_eq!(cell_text(&r[total_c]), t.to_string(), "total, {name}");
    }
    let formulas = zip_entry(&dir.path().join("leanlink-uppfoljning.xlsx"), "xl/worksheets/sheet1.xml");
    assert!(formulas.contains("COUNTIFS(Aktiviteter!"), "summary counts are not formulas");
}

const SMALL: &str = r#"
[dokument]
typ = "uppfoljning"
titel = "Uppföljning"
datum = 2024-02-01
per = PER

[[perspektiv]]
namn = "Verksamhet"
[[perspektiv.mal]]
namn = "Effektiv organisation"
[[perspektiv.mal.namndmal]]
rubrik = "Ett mål"
[[perspektiv.mal.namndmal.aktivitet]]
text = "A passerat och pågår"
slutdatum = "23-02-01"
status = "Pågår"
[[perspektiv.mal.namndmal.aktivitet]]
text = "B passerat men klart"
slutdatum = "2023-02-01"
status = "Klart"
[[perspektiv.mal.namndmal.aktivitet]]
text = "C under året 2023"
slutdatum = "2023"
status = "Ej påbörjat"
[[perspektiv.mal.namndmal.aktivitet]]
text = "D kontinuerligt"
slutdatum = "Kontinuerligt"
status = "Pågår"
[[perspektiv.mal.namndmal.aktivitet]]
text = "E till sommaren"
slutdatum = 2023-06-30
status = "Skjuts till hösten"
"#;

#[test]
fn overdue_flags_follow_the_as_of_date() {
    for (per, expected) in [("2023-03-31", vec!["A"]), ("2024-01-15", vec!["A", "C", "E"])] {
        let dir = tempdir();
        std::fs::write(dir.path().join("u.toml"), SMALL.replace("PER", per)).unwrap();
        let f = load_followup(&dir.path().join("u.toml")).ok().unwrap().followup;
        let flagged: Vec<String> =
            f.activities().filter(|(_, _, _, a)| a.overdue).map(|(_, _, _, a)| a.text[..1].to_string()).collect();
        assert_eq!(flagged, expected, "per {per}");

        // check: exit 0, one warning per overdue activity.
        let o = run_in(dir.path(), &["kontrollera", "u.toml"]);
        assert!(o.status.success(), "{}", stderr(&o));
        let err = stderr(&o);
        assert_eq!(err.matches("har passerat sitt slutdatum").count(), expected.len(), "{err}");

        // The PDF marks each overdue activity; the workbook says "Ja".
        build(dir.path(), "u.toml", &dir.path().join("ut"));
        let text = pdf_text(&dir.path().join("ut/u.pdf"), None);
        // "Passerat" (capital P) is the summary table's column header and each mark.
        assert_eq!(text.matches("Passerat").count(), 1 + expected.len(), "per {per}:\n{text}");
        let rows = sheet(&dir.path().join("ut/u.xlsx"), "Aktiviteter");
        let late: Vec<String> = rows
            .rows()
            .skip(1)
            .filter(|r| cell_text(&r[12]) == "Ja")
            .map(|r| cell_text(&r[4])[..1].to_string())
            .collect();
        assert_eq!(late, expected, "xlsx, per {per}");
    }
}

/// Replaces the value of one cell in a worksheet's XML with an inline string.
fn set_cell(xml: &str, cell: &str, value: &str) -> String {
    let start = xml.find(&format!("<c r=\"{cell}\"")).unwrap_or_else(|| panic!("cell {cell}"));
    let end = start + xml[start..].find("</c>").unwrap() + 4;
    let style = xml[start..end].split(" s=\"").nth(1).map(|s| s.split('"').next().unwrap().to_string());
    let style = style.map(|s| format!(" s=\"{s}\"")).unwrap_or_default();
    format!("{}<c r=\"{cell}\"{style} t=\"inlineStr\"><is><t>{value}</t></is></c>{}", &xml[..start], &xml[end..])
}

#[test]
fn the_committee_workbook_is_input_and_a_changed_status_shows() {
    let dir = tempdir();
    build(&root(), TOML, dir.path());
    let exported = dir.path().join("leanlink-uppfoljning.xlsx");
    // The exported workbook builds the same PDF.
    std::fs::create_dir(dir.path().join("igen")).unwrap();
    std::fs::copy(&exported, dir.path().join("igen/leanlink-uppfoljning.xlsx")).unwrap();
    build(&dir.path().join("igen"), "leanlink-uppfoljning.xlsx", &dir.path().join("igen/ut"));
    let a = std::fs::read(dir.path().join("leanlink-uppfoljning.pdf")).unwrap();
    let b = std::fs::read(dir.path().join("igen/ut/leanlink-uppfoljning.pdf")).unwrap();
    assert!(a == b, "the exported workbook builds a different PDF");

    // A committee member marks the overdue activity as done in the dropdown.
    let rows = sheet(&exported, "Aktiviteter");
    let row =
        rows.rows().position(|r| cell_text(&r[4]) == "Införa sista linjen ansvar för personlig assistans").unwrap();
    let mut zin = zip::ZipArchive::new(std::fs::File::open(&exported).unwrap()).unwrap();
    let edited = dir.path().join("andrad.xlsx");
    let mut zout = zip::ZipWriter::new(std::fs::File::create(&edited).unwrap());
    for i in 0..zin.len() {
        let mut entry = zin.by_index(i).unwrap();
        let name = entry.name().unwrap().to_string();
        let mut data = Vec::new();
        entry.read_to_end(&mut data).unwrap();
        if name == "xl/worksheets/sheet2.xml" {
            let xml = String::from_utf8(data).unwrap();
            data = set_cell(&xml, &format!("H{}", row + 1), "Genomförd").into_bytes();
        }
        zout.start_file(name, zip::write::SimpleFileOptions::default()).unwrap();
        zout.write_all(&data).unwrap();
    }
    zout.finish().unwrap();
    build(dir.path(), "andrad.xlsx", &dir.path().join("ut2"));
    let text = squash(&pdf_text(&dir.path().join("ut2/andrad.pdf"), None));
    let f = load_followup(&root().join(TOML)).ok().unwrap().followup;
    let sentence = format!("{} av {} aktiviteter är genomförda", f.counts.done + 1, f.counts.total);
    assert!(text.contains(&squash(&sentence)), "{sentence:?} not in the rebuilt PDF");
    assert!(text.contains(&squash("Inga aktiviteter har passerat sitt slutdatum")));
}

#[test]
fn workbook_has_dropdowns_colours_frozen_header_filter_print_setup_and_chart() {
    let dir = tempdir();
    build(&root(), TOML, dir.path());
    let xlsx = dir.path().join("leanlink-uppfoljning.xlsx");
    let wb = open_workbook_auto(&xlsx).unwrap();
    let names = wb.sheet_names();
    // (Kolumnrubriker: "Hållbar ekonomi" heads its table as seed 002 does.)
    for n in ["Sammanfattning", "Aktiviteter", "Uppdrag", "Kolumnrubriker", "Dokument", "Text", "Statusord"] {
        assert!(names.iter().any(|s| s == n), "no sheet {n}: {names:?}");
    }
    // No per-perspective copies, which would go stale (issue 14).
    assert_eq!(names.len(), 7, "{names:?}");
    let activities = zip_entry(&xlsx, "xl/worksheets/sheet2.xml");
    assert!(activities.contains("<dataValidation "), "no status dropdown");
    assert!(activities.contains("<formula1>OFFSET(Statusord!$A$2,"), "dropdown list");
    assert!(activities.contains("errorStyle=\"warning\""), "the dropdown refuses words of one's own");
    assert!(activities.contains("<conditionalFormatting"), "no status colours");
    assert!(activities.contains("ySplit=\"1\""), "header not frozen");
    assert!(activities.contains("<autoFilter ref=\"A1:N"), "no autofilter");
    assert!(activities.contains("orientation=\"landscape\"") && activities.contains("paperSize=\"9\""));
    assert!(activities.contains("Sida &amp;P (&amp;N)"), "footer");
    // The summary is locked but for the as-of date.
    let summary = zip_entry(&xlsx, "xl/worksheets/sheet1.xml");
    assert!(summary.contains("<sheetProtection"), "summary not locked");
    let chart = zip_entry(&xlsx, "xl/charts/chart1.xml");
    assert!(chart.contains("<c:barChart>") && chart.contains("stacked"), "no stacked bar chart");
}

#[test]
fn followup_pdf_is_tagged_with_title_and_language_and_builds_are_identical() {
    let (a, b) = (tempdir(), tempdir());
    build(&root(), TOML, a.path());
    build(&root(), TOML, b.path());
    for name in ["leanlink-uppfoljning.pdf", "leanlink-uppfoljning.xlsx"] {
        let x = std::fs::read(a.path().join(name)).unwrap();
        let y = std::fs::read(b.path().join(name)).unwrap();
        assert!(x == y, "{name} differs between two builds");
    }
    let raw = std::fs::read(a.path().join("leanlink-uppfoljning.pdf")).unwrap();
    let raw = String::from_utf8_lossy(&raw);
    assert!(raw.contains("/Lang(sv"), "no /Lang sv");
    assert!(raw.contains("Uppföljning av verksamhetsplan 2023</rdf:li>"), "no title in XMP");
    assert!(raw.contains("/StructTreeRoot"), "not tagged");
    assert!(raw.contains("pdfaid:part") && raw.contains("pdfuaid:part"), "no PDF/A and PDF/UA claims");
    // The chart is a figure with its text alternative.
    assert!(raw.contains("/Alt"), "no alternative text");
}

#[test]
fn followup_text_is_data_never_markup() {
    let hostile = [
        "#read(\"/etc/passwd\")",
        "*fet?*",
        "$x^2$",
        "<lbl>",
        "@ref",
        "slut ] här",
        "// ingen kommentar",
        "#set page(width: 1cm)",
    ];
    let q = |i: usize| format!("\"{}\"", hostile[i % hostile.len()].replace('\\', "\\\\").replace('"', "\\\""));
    let src = format!(
        "[dokument]\ntyp = \"uppfoljning\"\ntitel = {}\ndatum = 2023-04-20\nper = 2023-03-31\n\n[uppdrag]\nrubrik = {}\ntext = {}\n[[uppdrag.rad]]\nuppdrag = {}\nstatus = \"Klart\"\nkommentar = {}\n\n[[perspektiv]]\nnamn = {}\n[[perspektiv.mal]]\nnamn = {}\n[[perspektiv.mal.namndmal]]\nrubrik = {}\nbeskrivning = {}\n[[perspektiv.mal.namndmal.aktivitet]]\ntext = {}\nslutdatum = {}\nansvarig = [{}, {}]\n[[perspektiv.mal.namndmal.aktivitet.enhet]]\nnamn = {}\nstatus = \"Pågår {}\"\nkommentar = {}\n[[perspektiv.mal.namndmal.aktivitet.enhet]]\nnamn = \"LSS\"\nstatus = \"Klart\"\nkommentar = {}\n",
        q(0),
        q(1),
        q(2),
        q(3),
        q(4),
        q(5),
        q(6),
        q(7),
        q(0),
        q(1),
        q(2),
        q(3),
        q(4),
        q(5),
        hostile[6],
        q(7),
        q(0),
    );
    let dir = tempdir();
    std::fs::write(dir.path().join("u.toml"), src).unwrap();
    build(dir.path(), "u.toml", &dir.path().join("ut"));
    let text = pdf_text(&dir.path().join("ut/u.pdf"), None);
    for s in hostile {
        assert!(squash(&text).contains(&squash(s)), "{s:?} did not print verbatim:\n{text}");
    }
    assert!(!text.contains("root:"), "a file was read");
    let rows = sheet(&dir.path().join("ut/u.xlsx"), "Aktiviteter");
    let all: String = rows.rows().flat_map(|r| r.iter().map(cell_text)).collect::<Vec<_>>().join("\n");
    for s in hostile {
        assert!(all.contains(s), "{s:?} not in the workbook");
    }
}

#[test]
fn an_organisations_own_status_words_reach_pdf_and_workbook_and_survive_a_round_trip() {
    let src = r##"
[dokument]
typ = "uppfoljning"
titel = "Uppföljning"
datum = 2023-04-20
per = 2023-03-31

[[status]]
namn = "Grön"
betyder = "genomford"
farg = "#b7e1b0"
synonymer = ["Avbockad"]

[[perspektiv]]
namn = "Verksamhet"
[[perspektiv.mal]]
namn = "Effektiv organisation"
[[perspektiv.mal.namndmal]]
rubrik = "Ett mål"
[[perspektiv.mal.namndmal.aktivitet]]
text = "Första aktiviteten"
status = "Avbockad"
[[perspektiv.mal.namndmal.aktivitet]]
text = "Andra aktiviteten"
status = "Klart"
[[perspektiv.mal.namndmal.aktivitet]]
text = "Tredje aktiviteten"
status = "Pågår"
[[perspektiv.mal.namndmal.aktivitet]]
text = "Fjärde aktiviteten"
status = "Avbockad efter mötet i mars"
"##;
    let dir = tempdir();
    std::fs::write(dir.path().join("u.toml"), src).unwrap();
    build(dir.path(), "u.toml", &dir.path().join("ut"));
    let text = pdf_text(&dir.path().join("ut/u.pdf"), None);
    assert!(squash(&text).contains(&squash("3 av 4 aktiviteter är genomförda")), "{text}");
    // A written status that says more than the organisation's synonym keeps its text.
    assert!(squash(&text).contains(&squash("Avbockad efter mötet i mars")), "{text}");
    assert!(text.matches("Grön").count() >= 3, "the organisation's word is not printed:\n{text}");
    assert!(!text.contains("Genomförd"), "the default word is printed:\n{text}");
    let xml = zip_entry(&dir.path().join("ut/u.xlsx"), "xl/worksheets/sheet2.xml");
    // The dropdown lists the Statusord sheet, which holds the organisation's words.
    assert!(xml.contains("<formula1>OFFSET(Statusord!$A$2,"), "dropdown does not list the Statusord sheet");
    // The exported workbook carries the words (sheet Statusord) and builds the same PDF.
    std::fs::copy(dir.path().join("ut/u.xlsx"), dir.path().join("igen.xlsx")).unwrap();
    build(dir.path(), "igen.xlsx", &dir.path().join("ut2"));
    let a = std::fs::read(dir.path().join("ut/u.pdf")).unwrap();
    let b = std::fs::read(dir.path().join("ut2/igen.pdf")).unwrap();
    // (The written "Avbockad efter mötet i mars" is judged with the document's
    // words on the way back, not the default ones, so it is kept.)
    assert!(a == b, "the round trip changed the PDF");
}

#[test]
fn workbook_problems_are_named_by_sheet_and_cell() {
    use rust_xlsxwriter::{Formula, Workbook};
    let dir = tempdir();
    let mut wb = Workbook::new();
    let doc = wb.add_worksheet();
    doc.set_name("Dokument").unwrap();
    for (r, (k, v)) in [
        ("Titel", "Uppföljning"),
        ("Dokumenttyp", "uppföljning"),
        ("Uppföljningsdatum", "2023-03-31"),
        ("Datum", "2023-04-20"),
    ]
    .iter()
    .enumerate()
    {
        doc.write_string(u32::try_from(r).unwrap(), 0, *k).unwrap();
        doc.write_string(u32::try_from(r).unwrap(), 1, *v).unwrap();
    }
    let ws = wb.add_worksheet();
    ws.set_name("Medborgare").unwrap();
    ws.write_string(0, 0, "Kommunövergripande mål: Välfärdstjänster med hög kvalitet").unwrap();
    for (c, h) in ["Nämndmål", "Aktivitet", "Slutdatum", "Status", "Kommentar", "Ansvarig"].iter().enumerate() {
        ws.write_string(1, u16::try_from(c).unwrap(), *h).unwrap();
    }
    for (c, v) in
        ["Vård med individen i centrum", "Säkerställa IBIC", "23-11-01", "Pågåe nde", "", "Per-Otto"].iter().enumerate()
    {
        if !v.is_empty() {
            ws.write_string(2, u16::try_from(c).unwrap(), *v).unwrap();
        }
    }
    ws.write_string(3, 1, "Utveckla SIP").unwrap();
    ws.write_formula(3, 2, Formula::new("=#REF!").set_result("#REF!")).unwrap();
    ws.write_string(3, 3, "Klart").unwrap();
    ws.write_string(4, 3, "Pågår").unwrap();
    ws.write_string(4, 4, "En kommentar utan aktivitet").unwrap();
    wb.save(dir.path().join("uppfoljning.xlsx")).unwrap();
    let o = run_in(dir.path(), &["bygg", "uppfoljning.xlsx", "-o", "ut"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(!dir.path().join("ut").exists(), "something was written");
    insta::assert_snapshot!("followup_workbook_errors", stderr(&o));
}

#[test]
fn every_page_with_an_activity_shows_its_committee_goal() {
    // Typst does not repeat a cell spanning rows after a page break, so a
    // committee goal whose rows are split would leave activities without
    // their goal on the next page. Small goals keep their rows together.
    let dir = tempdir();
    build(&root(), TOML, dir.path());
    let pdf = dir.path().join("leanlink-uppfoljning.pdf");
    let pages = crate::pdf::Pdf::parse(&std::fs::read(&pdf).unwrap()).pages().len();
    let page_texts: Vec<String> = (1..=pages).map(|p| squash(&pdf_text(&pdf, Some((p, p))))).collect();
    let f = load_followup(&root().join(TOML)).ok().unwrap().followup;
    let mut checked = 0;
    for (_, _, c, a) in f.activities() {
        let on: Vec<usize> = (0..pages).filter(|&p| page_texts[p].contains(&squash(&a.text))).collect();
        assert!(!on.is_empty(), "activity not wholly on any page: {:?}", a.text);
        for p in on {
            let title = squash(c.title.lines().next().unwrap_or_default());
            assert!(page_texts[p].contains(&title), "page {} shows {:?} without its goal {:?}", p + 1, a.text, c.title);
            checked += 1;
        }
    }
    assert!(checked >= 44, "only {checked} activities checked");
}
