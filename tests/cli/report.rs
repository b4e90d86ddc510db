//! The interim report kind: seed 004 (Trelleborg, DR2 2023) from TOML and
//! xlsx, assessments against hand-computed ones, and the changes since the
//! DR1 file checked against an independent diff of the two data files.

use std::collections::BTreeSet;
use std::path::Path;

use planrapport::kinds::delarsrapport::load_report;
use planrapport::kinds::delarsrapport::model::Assessment;

use crate::util::{pdf_text, root, run_in, squash, stderr, tempdir};

const DR2: &str = "data/trelleborg-dr2-2023.toml";
const DR1: &str = "data/trelleborg-dr1-2023.toml";

fn build(args: &[&str], out: &Path) {
    let mut all = vec!["bygg"];
    all.extend_from_slice(args);
    all.extend(["-o", out.to_str().unwrap()]);
    let o = run_in(&root(), &all);
    assert!(o.status.success(), "build {args:?} failed:\n{}", stderr(&o));
}

#[test]
fn toml_and_xlsx_give_the_same_report_and_pdf() {
    for name in ["trelleborg-dr1-2023", "trelleborg-dr2-2023"] {
        let a = load_report(&root().join(format!("data/{name}.toml"))).map_err(|e| format!("{:?}", e.items)).unwrap();
        let b = load_report(&root().join(format!("data/{name}.xlsx"))).map_err(|e| format!("{:?}", e.items)).unwrap();
        assert_eq!(a.report, b.report, "{name}");
    }
    let dir = tempdir();
    build(&[DR2, "--previous", DR1], &dir.path().join("t"));
    build(&["data/trelleborg-dr2-2023.xlsx", "--previous", "data/trelleborg-dr1-2023.xlsx"], &dir.path().join("x"));
    let t = std::fs::read(dir.path().join("t/trelleborg-dr2-2023.pdf")).unwrap();
    let x = std::fs::read(dir.path().join("x/trelleborg-dr2-2023.pdf")).unwrap();
    assert!(t == x, "TOML and xlsx build different PDFs");
}

#[test]
fn pdf_holds_every_initiative_text_target_and_result() {
    let dir = tempdir();
    build(&[DR2], dir.path());
    let text = squash(&pdf_text(&dir.path().join("trelleborg-dr2-2023.pdf"), None));
    let r = load_report(&root().join(DR2)).ok().unwrap().report;
    assert_eq!(r.initiatives().count(), 9);
    let mut checked = 0;
    for i in r.initiatives() {
        let mut pieces = vec![i.name.clone(), i.status.word.clone()];
        for f in &i.fields {
            pieces.extend(f.text.lines().map(|l| l.trim_start_matches("- ").to_string()));
        }
        for ind in &i.indicators {
            pieces.push(ind.name.clone());
            pieces.extend(ind.text.lines().map(str::to_string));
            for y in &ind.years {
                pieces.extend([
                    y.year.to_string(),
                    y.target_display.clone(),
                    y.result_display.clone(),
                    y.assessment_word.clone(),
                ]);
            }
        }
        for piece in pieces.iter().filter(|p| !p.trim().is_empty()) {
            assert!(text.contains(&squash(piece)), "missing in the PDF: {piece:?} ({})", i.name);
            checked += 1;
        }
    }
    for p in &r.phases {
        assert!(text.contains(&squash(&p.name)), "phase {}", p.name);
        if !p.text.is_empty() {
            assert!(text.contains(&squash(&p.text)), "phase text {}", p.text);
        }
    }
    assert!(checked > 80, "only {checked} pieces checked");
    // Without --previous nothing is marked.
    assert!(r.changes.is_empty() && r.previous.is_none());
    assert!(
        !text.contains("Ändrad") && !text.contains("Ny:") && !text.contains("Förändringarsedan"),
        "marks without --previous"
    );
}

#[test]
fn assessments_equal_hand_computed_ones() {
    let r = load_report(&root().join(DR2)).ok().unwrap().report;
    let year = |initiative: &str, indicator: &str, y: i32| {
        let i = r.initiatives().find(|i| i.name == initiative).unwrap_or_else(|| panic!("{initiative}"));
        let ind = i.indicators.iter().find(|x| x.name == indicator).unwrap_or_else(|| panic!("{indicator}"));
        ind.years.iter().find(|x| x.year == y).unwrap().clone()
    };
    // 13 ambassadors against a target of 8: achieved.
    let a = year("Ambassadörsprogram", "Antal ambassadörer", 2022);
    assert_eq!((a.target, a.result, a.assessment), (Some(8.0), Some(13.0), Assessment::Achieved));
    // 517 applications against 193 + 15 % = 221.95: achieved; the target is computed.
    let s = year("Marknadsföringskampanj 2023", "Antal sökande", 2022);
    assert!((s.target.unwrap() - 221.95).abs() < 1e-9, "{:?}", s.target);
    assert_eq!((s.result, s.assessment), (Some(517.0), Assessment::Achieved));
    assert!(s.target_display.contains("222"), "{}", s.target_display);
    // No result yet: ej fastställt.
    let open = year("Ambassadörsprogram", "Antal ambassadörer", 2024);
    assert_eq!(open.assessment, Assessment::Undetermined);
    assert_eq!(open.assessment_word, "Ej fastställt");
}

/// Narrative sections (title, text), depth first.
fn sections(v: &toml::Value, out: &mut Vec<(String, String)>) {
    for c in v.as_array().into_iter().flatten() {
        let title = c.get("rubrik").and_then(toml::Value::as_str).unwrap_or("").trim().to_string();
        let text = c.get("text").and_then(toml::Value::as_str).unwrap_or("").trim().to_string();
        out.push((title, text));
        if let Some(sub) = c.get("avsnitt") {
            sections(sub, out);
        }
    }
}

/// The differences between the DR1 and DR2 files, computed straight from
/// the TOML without the program's model: (initiative or section, what).
fn independent_diff() -> BTreeSet<(String, String)> {
    let read = |p: &str| -> toml::Table { std::fs::read_to_string(root().join(p)).unwrap().parse().unwrap() };
    let (old, new) = (read(DR1), read(DR2));
    let mut out = BTreeSet::new();
    let s = |v: Option<&toml::Value>| v.and_then(toml::Value::as_str).unwrap_or("").trim().to_string();
    let (mut before, mut after) = (Vec::new(), Vec::new());
    sections(&old["kapitel"], &mut before);
    sections(&new["kapitel"], &mut after);
    for (k, (title, text)) in after.iter().enumerate() {
        // A section at the place of one whose title is gone was renamed:
        // its title is a change, its text compared with the old one's.
        let gone = |t: &str| !after.iter().any(|(a, _)| a.eq_ignore_ascii_case(t));
        let renamed = before.get(k).filter(|(t, _)| gone(t));
        match before.iter().find(|(t, _)| t.eq_ignore_ascii_case(title)) {
            None if renamed.is_some() => {
                out.insert((title.clone(), "Rubrik".to_string()));
                if renamed.is_some_and(|(_, t)| t != text) {
                    out.insert((title.clone(), "Text".to_string()));
                }
            }
            None => {
                out.insert((title.clone(), "Avsnittet".to_string()));
            }
            Some((_, t)) if t != text => {
                out.insert((title.clone(), "Text".to_string()));
            }
            Some(_) => {}
        }
    }
    let labels = [
        ("syfte", "Syfte"),
        ("genomfort", "Genomfört"),
        ("pagaende", "Pågående"),
        ("planerat", "Planerat"),
        ("kommentar", "Kommentar"),
        ("text", "Text"),
    ];
    for ini in new["insats"].as_array().unwrap() {
        let name = s(ini.get("namn"));
        let Some(prev) = old["insats"].as_array().unwrap().iter().find(|o| s(o.get("namn")) == name) else {
            out.insert((name, "Insatsen".to_string()));
            continue;
        };
        if s(ini.get("status")) != s(prev.get("status")) {
            out.insert((name.clone(), "Status".to_string()));
        }
        for (key, label) in labels {
            let now = s(ini.get(key));
            if !now.is_empty() && now != s(prev.get(key)) {
                out.insert((name.clone(), label.to_string()));
            }
        }
        for ind in ini.get("mal").and_then(toml::Value::as_array).into_iter().flatten() {
            let ind_name = s(ind.get("indikator"));
            let prev_ind = prev
                .get("mal")
                .and_then(toml::Value::as_array)
                .and_then(|list| list.iter().find(|o| s(o.get("indikator")) == ind_name));
            for y in ind.get("ar").and_then(toml::Value::as_array).into_iter().flatten() {
                let year = y["ar"].as_integer().unwrap();
                let prev_year = prev_ind
                    .and_then(|p| p.get("ar"))
                    .and_then(toml::Value::as_array)
                    .and_then(|list| list.iter().find(|o| o["ar"].as_integer() == Some(year)));
                let same = prev_year.is_some_and(|p| {
                    ["mal", "okning", "maltext", "resultat", "resultattext"].iter().all(|k| y.get(*k) == p.get(*k))
                });
                if !same {
                    out.insert((name.clone(), format!("{ind_name}, {year}")));
                }
            }
        }
    }
    out
}

#[test]
fn changes_since_dr1_are_exactly_the_differences_and_marked() {
    let expected = independent_diff();
    assert!(expected.len() >= 6, "the example files differ in only {} places", expected.len());
    let dir = tempdir();
    build(&[DR2, "--previous", DR1], dir.path());
    // The library's comparison, as the build made it.
    let mut current = load_report(&root().join(DR2)).ok().unwrap().report;
    let previous = load_report(&root().join(DR1)).ok().unwrap().report;
    planrapport::kinds::delarsrapport::validate::mark_changes(&mut current, &previous);
    let found: BTreeSet<(String, String)> =
        current.changes.iter().map(|c| (c.initiative.clone(), c.what.clone())).collect();
    assert_eq!(found, expected);

    let raw = pdf_text(&dir.path().join("trelleborg-dr2-2023.pdf"), None);
    let text = squash(&raw);
    assert!(text.contains(&squash("Förändringar sedan DR1 2023")), "no change section");
    // Every change is in the change list of the PDF, and each marked item says so.
    for c in &current.changes {
        assert!(text.contains(&squash(&c.initiative)), "{c:?}");
    }
    let marks = raw.matches("Ändrad").count() + raw.matches("Ny").count();
    assert!(marks >= 2 * current.changes.len(), "{marks} marks for {} changes", current.changes.len());
    // Unchanged initiatives carry no mark: Fler handledare is the same in both files.
    let same = current.initiatives().find(|i| i.name == "Fler handledare").unwrap();
    assert!(!same.added && same.status_change.is_none() && same.fields.iter().all(|f| f.change.is_none()));
    assert!(same.indicators.iter().flat_map(|i| &i.years).all(|y| y.change.is_none()));
}

#[test]
fn report_workbook_has_targets_with_formulas_and_changes() {
    let dir = tempdir();
    build(&[DR2, "--previous", DR1], dir.path());
    let xlsx = dir.path().join("trelleborg-dr2-2023.xlsx");
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&xlsx).unwrap()).unwrap();
    let mut read = |name: &str| {
        use std::io::Read;
        let mut s = String::new();
        zip.by_name(name).unwrap().read_to_string(&mut s).unwrap();
        s
    };
    let workbook = read("xl/workbook.xml");
    for sheet in ["Insatser", "Mål", "Förändringar", "Dokument", "Text"] {
        assert!(workbook.contains(&format!("name=\"{sheet}\"")), "no sheet {sheet}");
    }
    let targets = read("xl/worksheets/sheet2.xml");
    assert!(targets.contains("G3*(1+H3/100)") || targets.contains("*(1+H"), "computed targets are not formulas");
    assert!(targets.contains("IF(AND(ISNUMBER(U"), "assessment is not a formula");
    assert!(targets.contains("<conditionalFormatting"), "assessments not coloured");
}

#[test]
fn target_problems_are_reported_together() {
    let dir = tempdir();
    let src = r#"
[dokument]
typ = "delarsrapport"
titel = "Uppföljning"
rapport = "DR1"
ar = 2023
datum = 2023-04-30

[[insats]]
fas = "Atrahera"
namn = "Ambassadörer"
status = "Pågår"

[[insats]]
fas = "Rekrytera"
namn = "Sökande"
status = "Pågår"
[[insats.mal]]
indikator = "Antal sökande"
utgangslage_ar = 2024
utgangslage = 193
[[insats.mal.ar]]
ar = 2023
okning = 20
[[insats.mal]]
indikator = "Utan utgångsläge"
[[insats.mal.ar]]
ar = 2023
okning = 10
[[insats.mal]]
indikator = "Resultat utan mål"
[[insats.mal.ar]]
ar = 2022
resultat = 12
"#;
    std::fs::write(dir.path().join("dr.toml"), src).unwrap();
    let o = run_in(dir.path(), &["bygg", "dr.toml", "-o", "ut"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(!dir.path().join("ut").exists());
    insta::assert_snapshot!("report_target_problems", stderr(&o));
}

#[test]
fn a_unit_that_differs_within_an_indicator_is_an_error_at_its_cell() {
    use rust_xlsxwriter::Workbook;
    let dir = tempdir();
    let mut wb = Workbook::new();
    let doc = wb.add_worksheet();
    doc.set_name("Dokument").unwrap();
    for (r, (k, v)) in [
        ("Dokumenttyp", "delårsrapport"),
        ("Titel", "Uppföljning"),
        ("Rapport", "DR1"),
        ("År", "2023"),
        ("Datum", "2023-04-30"),
    ]
    .iter()
    .enumerate()
    {
        doc.write_string(u32::try_from(r).unwrap(), 0, *k).unwrap();
        doc.write_string(u32::try_from(r).unwrap(), 1, *v).unwrap();
    }
    let ins = wb.add_worksheet();
    ins.set_name("Insatser").unwrap();
    for (c, v) in ["Fas", "Insats", "Status"].iter().enumerate() {
        ins.write_string(0, u16::try_from(c).unwrap(), *v).unwrap();
    }
    for (c, v) in ["Attrahera", "Ambassadörer", "Pågår"].iter().enumerate() {
        ins.write_string(1, u16::try_from(c).unwrap(), *v).unwrap();
    }
    let mal = wb.add_worksheet();
    mal.set_name("Mål").unwrap();
    for (c, v) in ["Insats", "Indikator", "Enhet", "År", "Mål", "Resultat"].iter().enumerate() {
        mal.write_string(0, u16::try_from(c).unwrap(), *v).unwrap();
    }
    for (r, unit, year) in [(1u32, "st", 2022.0), (2, "%", 2023.0)] {
        mal.write_string(r, 0, "Ambassadörer").unwrap();
        mal.write_string(r, 1, "Antal ambassadörer").unwrap();
        mal.write_string(r, 2, unit).unwrap();
        mal.write_number(r, 3, year).unwrap();
        mal.write_number(r, 4, 8.0).unwrap();
    }
    wb.save(dir.path().join("dr.xlsx")).unwrap();
    let o = run_in(dir.path(), &["bygg", "dr.xlsx", "-o", "ut"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("fel: enheten \"%\" skiljer sig från indikatorns enhet \"st\"\n  --> dr.xlsx [Mål]!C3"),
        "{err}"
    );
}

#[test]
fn a_written_status_survives_the_committee_workbook() {
    let dir = tempdir();
    let src = r#"
[dokument]
typ = "delarsrapport"
titel = "Uppföljning"
rapport = "DR1"
ar = 2023
datum = 2023-04-30

[[insats]]
fas = "Attrahera"
namn = "Ambassadörer"
status = "Pågår men försenat av upphandlingen"

[[insats]]
fas = "Rekrytera"
namn = "Sökande"
status = "Genomförd"
"#;
    std::fs::write(dir.path().join("dr.toml"), src).unwrap();
    let o = run_in(dir.path(), &["bygg", "dr.toml", "-o", "ut"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = squash(&pdf_text(&dir.path().join("ut/dr.pdf"), None));
    assert!(text.contains(&squash("Pågår men försenat av upphandlingen")), "{text}");
    // The committee workbook, built again, gives the same PDF: the written
    // text was not cut down to the word "Pågår".
    std::fs::create_dir(dir.path().join("igen")).unwrap();
    std::fs::copy(dir.path().join("ut/dr.xlsx"), dir.path().join("igen/dr.xlsx")).unwrap();
    let o = run_in(&dir.path().join("igen"), &["bygg", "dr.xlsx", "-o", "ut"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let a = std::fs::read(dir.path().join("ut/dr.pdf")).unwrap();
    let b = std::fs::read(dir.path().join("igen/ut/dr.pdf")).unwrap();
    assert!(a == b, "the committee workbook builds a different PDF");
}

#[test]
fn a_change_of_the_written_status_alone_shows_both_texts() {
    let dir = tempdir();
    let report = |label: &str, status: &str| {
        format!(
            "[dokument]\ntyp = \"delarsrapport\"\ntitel = \"Uppföljning\"\nrapport = \"{label}\"\nar = 2023\ndatum = 2023-08-31\n\n[[insats]]\nfas = \"Attrahera\"\nnamn = \"Ambassadörer\"\nstatus = \"{status}\"\n"
        )
    };
    std::fs::write(dir.path().join("dr1.toml"), report("DR1", "Pågår sedan maj")).unwrap();
    std::fs::write(dir.path().join("dr2.toml"), report("DR2", "Pågår men utan budget")).unwrap();
    let mut current = load_report(&dir.path().join("dr2.toml")).ok().unwrap().report;
    let previous = load_report(&dir.path().join("dr1.toml")).ok().unwrap().report;
    planrapport::kinds::delarsrapport::validate::mark_changes(&mut current, &previous);
    let status: Vec<(&str, &str)> =
        current.changes.iter().filter(|c| c.what == "Status").map(|c| (c.before.as_str(), c.after.as_str())).collect();
    assert_eq!(status, [("Pågår (Pågår sedan maj)", "Pågår (Pågår men utan budget)")]);
}
