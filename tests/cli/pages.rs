//! Tables across pages keep their labels: a plan row too long for one page
//! repeats its goal ("… (forts.)"), deadline and owners where it continues,
//! and every appendix page names its department in the running header.
//! The expectations come from the data files and from the generated input
//! written here, page by page, not from the program's model.

use std::fmt::Write as _;
use std::path::Path;

use crate::util::{pdf_text, root, run_in, squash, stderr, tempdir};

fn build(input: &Path, out: &Path) -> Vec<String> {
    let o = run_in(&root(), &["bygg", input.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let stem = input.file_stem().unwrap().to_str().unwrap();
    pdf_text(&out.join(format!("{stem}.pdf")), None).split('\u{c}').map(str::to_string).collect()
}

/// A page's running header: its text up to the page number ("Sida 18 (27)").
fn header(page: &str) -> &str {
    page.find("Sida ").map_or("", |i| &page[..i])
}

#[test]
fn appendix_pages_name_their_department_in_the_header() {
    let dir = tempdir();
    let pages = build(&root().join("data/hagersten-alvsjo.toml"), dir.path());
    let mut current: Option<String> = None;
    let mut appendix_pages = 0;
    for (n, page) in pages.iter().enumerate() {
        // "Handlingsplan X" starts department X's part of the appendix.
        if let Some(line) = page.lines().find(|l| l.trim_start().starts_with("Handlingsplan ")) {
            current = Some(line.trim().trim_start_matches("Handlingsplan ").to_string());
        }
        if !header(page).contains("Bilaga") {
            continue;
        }
        appendix_pages += 1;
        let dept =
            current.as_deref().unwrap_or_else(|| panic!("page {} is in the appendix before any department", n + 1));
        // The header names it by the department block's name ("Förskola" for "Handlingsplan Förskola").
        assert!(
            squash(header(page)).contains(&squash(dept)),
            "page {}: header {:?}, department {dept}",
            n + 1,
            header(page)
        );
    }
    // Nine since the columns follow their content (twelve with fixed widths).
    assert!(appendix_pages >= 8, "{appendix_pages} appendix pages");
}

/// A plan with one row of `n` activities (each about 120 characters),
/// far too long for one landscape page.
fn long_row_plan(n: usize) -> String {
    let mut s = String::from(
        "[dokument]\norganisation = \"Provkommun\"\ntitel = \"Plan med lång rad\"\nperiod = \"2025\"\ndatum = 2025-01-15\n\n[[kapitel]]\nrubrik = \"Syfte\"\ntext = \"Prov.\"\n\n[[avdelning]]\nnamn = \"Avdelningen för prov\"\ndatum = 2025-01-10\nansvarig_chef = \"Chef Chefsson\"\n\n[[avdelning.rad]]\nfas = \"Utveckla\"\nmal = \"Medarbetarna har den kompetens som verksamheten kräver\"\naktiviteter = [",
    );
    for i in 0..n {
        let _ = write!(
            s,
            "\"Aktivitet nummer {i:03}: genomföra en utbildningsinsats för medarbetarna i verksamheten under året\", "
        );
    }
    s.push_str("]\nmaldatum = \"Dec 2026\"\nansvariga = [\"Enhetschef Provsson\"]\nresurser = \"20 timmar\"\nuppfoljning = \"Tertial\"\n\n[[avdelning.rad]]\nfas = \"Utveckla\"\nmal = \"Sista raden\"\naktiviteter = [\"En kort aktivitet\"]\nmaldatum = \"2025\"\nansvariga = [\"HR\"]\n");
    s
}

/// The pages that hold "Aktivitet nummer NNN:" of the `n` numbered
/// activities, each with the numbers it holds, in page order.
fn holding(pages: &[String], n: usize) -> Vec<(usize, Vec<usize>)> {
    let mut holding = Vec::new();
    for (p, page) in pages.iter().enumerate() {
        let text = squash(page);
        let numbers: Vec<usize> =
            (0..n).filter(|i| text.contains(&squash(&format!("Aktivitet nummer {i:03}:")))).collect();
        if !numbers.is_empty() {
            holding.push((p, numbers));
        }
    }
    holding
}

#[test]
fn a_row_continued_on_the_next_page_repeats_its_goal_deadline_and_owner() {
    let dir = tempdir();
    let input = dir.path().join("lang.toml");
    let n = 60;
    std::fs::write(&input, long_row_plan(n)).unwrap();
    let pages = build(&input, &dir.path().join("ut"));
    let goal = squash("Medarbetarna har den kompetens som verksamheten kräver");
    // The pages that hold the row's activities, and on each the first activity number.
    let holding = holding(&pages, n);
    assert!(holding.len() >= 2, "the row fits one page; make it longer");
    // Every activity once, in order, across the pages: nothing lost or repeated.
    let all: Vec<usize> = holding.iter().flat_map(|(_, v)| v.clone()).collect();
    assert_eq!(all, (0..n).collect::<Vec<_>>());
    for (k, (p, _)) in holding.iter().enumerate() {
        let text = squash(&pages[*p]);
        let forts = format!("{goal}(forts.)");
        if k == 0 {
            assert!(text.contains(&goal) && !text.contains(&forts), "page {}: the first part", p + 1);
        } else {
            assert!(text.contains(&forts), "page {}: a continuation without its goal", p + 1);
            assert_eq!(text.matches(&forts).count(), 1, "page {}: the goal repeated within the page", p + 1);
        }
        // Deadline and owner on every page that holds part of the row.
        assert!(text.contains(&squash("Dec 2026")), "page {}: no deadline", p + 1);
        assert!(text.contains(&squash("Enhetschef Provsson")), "page {}: no owner", p + 1);
    }
    // Resources and follow-up are printed once, with the first part.
    let joined = squash(&pages.join(""));
    assert_eq!(joined.matches("20timmar").count(), 1);
}

#[test]
fn the_report_legend_lists_every_status_that_occurs_with_its_count() {
    // Counted straight from the data file's `status = "…"` lines.
    let source = std::fs::read_to_string(root().join("data/trelleborg-dr2-2023.toml")).unwrap();
    let mut counts = std::collections::BTreeMap::new();
    for line in source.lines().filter(|l| l.starts_with("status = ")) {
        *counts.entry(line.trim_start_matches("status = ").trim_matches('"').to_string()).or_insert(0) += 1;
    }
    assert_eq!(counts.values().sum::<usize>(), 9);
    let dir = tempdir();
    let pages = build(&root().join("data/trelleborg-dr2-2023.toml"), dir.path());
    // The legend goes with the status picture the text places as Bild 2.
    let status_page = pages.iter().find(|p| p.contains("Bild 2 - visar")).expect("the status pictures");
    let text = squash(status_page);
    for (word, n) in &counts {
        assert!(text.contains(&squash(&format!("{word} ({n})"))), "legend without {word} ({n})");
    }
    // Statuses that do not occur are not listed.
    assert!(!text.contains("Avbruten") && !text.contains("Ejpåbörjad"), "{text}");
}

#[test]
fn generated_report_decks_show_each_initiative_with_its_status_label_per_phase() {
    // (name, status) of every [[insats]], read from the data file.
    let source: toml::Table =
        std::fs::read_to_string(root().join("data/trelleborg-dr2-2023.toml")).unwrap().parse().unwrap();
    let initiatives: Vec<(String, String, String)> = source["insats"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["fas"].as_str().unwrap().to_string(),
                i["namn"].as_str().unwrap().to_string(),
                i["status"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(initiatives.len(), 9);
    let dir = tempdir();
    let o =
        run_in(&root(), &["bygg", "data/trelleborg-dr2-2023.toml", "--bildspel", "-o", dir.path().to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let slides: Vec<String> =
        pdf_text(&dir.path().join("trelleborg-dr2-2023-bildspel.pdf"), None).split('\u{c}').map(squash).collect();
    for (phase, name, status) in &initiatives {
        // On a slide of "Insatserna per fas", under its phase, the name followed by its status word.
        let slide = slides
            .iter()
            .find(|s| s.contains(&squash("Insatserna per fas")) && s.contains(&squash(name)))
            .unwrap_or_else(|| panic!("{name} is on no phase slide"));
        assert!(slide.contains(&squash(phase)), "{name}: its phase {phase} is not on its slide");
        let after = &slide[slide.find(&squash(name)).unwrap() + squash(name).len()..];
        assert!(after.starts_with(&squash(status)), "{name}: status {status} is not its label: {after:.40}");
    }
    // Every slide but the title slide has its footer with the page number.
    for (n, s) in slides.iter().enumerate().skip(1) {
        assert!(s.contains("Sida"), "slide {} has no footer", n + 1);
    }
}

/// A follow-up with one committee goal of `n` activities (each about 150
/// characters with its comment), far too many for one portrait page.
fn long_goal_followup(n: usize) -> String {
    let mut s = String::from(
        "[dokument]\ntyp = \"uppfoljning\"\norganisation = \"Provkommun\"\ntitel = \"Uppföljning med långt nämndmål\"\nperiod = \"2025\"\ndatum = 2025-05-10\nper = 2025-04-30\n\n[[kapitel]]\nrubrik = \"Inledning\"\ntext = \"Prov.\"\n\n[[perspektiv]]\nnamn = \"Verksamhet\"\n\n[[perspektiv.mal]]\nnamn = \"Effektiv organisation\"\n\n[[perspektiv.mal.namndmal]]\nrubrik = \"Medarbetarna har den kompetens som verksamheten kräver\"\nbeskrivning = \"Förvaltningen säkerställer kompetensen utifrån ett helhetsperspektiv.\"\n",
    );
    for i in 0..n {
        let _ = write!(
            s,
            "\n[[perspektiv.mal.namndmal.aktivitet]]\ntext = \"Aktivitet nummer {i:03}: genomföra en utbildningsinsats för medarbetarna i verksamheten\"\nslutdatum = \"2025-12-31\"\nansvarig = [\"Enhetschef\"]\nstatus = \"Pågår\"\nkommentar = \"Arbetet följs upp på ledningsgruppens möten varje månad.\"\n"
        );
    }
    s
}

#[test]
fn a_committee_goal_continued_on_the_next_page_repeats_its_name() {
    let dir = tempdir();
    let input = dir.path().join("uppf.toml");
    let n = 45;
    std::fs::write(&input, long_goal_followup(n)).unwrap();
    let pages = build(&input, &dir.path().join("ut"));
    let goal = squash("Medarbetarna har den kompetens som verksamheten kräver");
    let forts = format!("{goal}(forts.)");
    // The pages that hold the goal's activities.
    let holding = holding(&pages, n);
    assert!(holding.len() >= 2, "the goal fits one page; give it more activities");
    let all: Vec<usize> = holding.iter().flat_map(|(_, v)| v.clone()).collect();
    assert_eq!(all, (0..n).collect::<Vec<_>>(), "every activity once, in order");
    for (k, (p, _)) in holding.iter().enumerate() {
        let text = squash(&pages[*p]);
        if k == 0 {
            assert!(text.contains(&goal) && !text.contains(&forts), "page {}: the first part", p + 1);
            assert!(text.contains(&squash("helhetsperspektiv")), "page {}: the description", p + 1);
        } else {
            assert_eq!(text.matches(&forts).count(), 1, "page {}: the goal's name once, continued", p + 1);
        }
    }
}
