//! Typography rules over every bundled document and a generated large plan:
//! hyphenation as a typesetter would break (no fragment under three letters,
//! status words and names whole, at most 1.5 breaks per page), titles that
//! never break after a dash, and one page-number style on every page.

use std::fmt::Write as _;
use std::path::Path;

use crate::util::{root, run_in, stderr, tempdir};

/// The bundled documents, by name.
const BUNDLED: [&str; 4] = ["hagersten-alvsjo", "leanlink-uppfoljning", "trelleborg-dr2-2023", "vaxjo-kompetensforum"];

/// Every bundled data file (`data/*.toml`), for the hyphenation rules.
const ALL_DATA: [&str; 6] = [
    "ekbacka-personaluppfoljning-2024",
    "hagersten-alvsjo",
    "leanlink-uppfoljning",
    "trelleborg-dr1-2023",
    "trelleborg-dr2-2023",
    "vaxjo-kompetensforum",
];

/// One hyphen break: the fragments before and after it, and its page.
#[derive(Debug)]
struct Break {
    page: usize,
    left: String,
    right: String,
}

/// The text runs of each page of a PDF (each BT … ET block of its content;
/// a space between words may be a run of its own).
fn page_runs(pdf: &Path) -> Vec<Vec<String>> {
    let data = std::fs::read(pdf).expect("PDF exists");
    crate::pdf::Pdf::parse(&data)
        .pages()
        .iter()
        .map(|p| p.text.lines().filter(|l| !l.is_empty()).map(str::to_string).collect())
        .collect()
}

fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '\u{ad}' | '‐')
}

/// The letters that end `runs` (a word may be set as several runs when
/// parts of it carry other styles): back over runs that are letters only.
fn letters_before(runs: &[String]) -> String {
    let mut out: Vec<char> = Vec::new();
    for run in runs.iter().rev() {
        let tail: Vec<char> = run.chars().rev().take_while(|c| c.is_alphabetic()).collect();
        let whole = tail.len() == run.chars().count();
        out.extend(tail);
        if !whole {
            break;
        }
    }
    out.into_iter().rev().collect()
}

fn letters_after(runs: &[String]) -> String {
    let mut out = String::new();
    for run in runs {
        let head: String = run.chars().take_while(|c| c.is_alphabetic()).collect();
        let whole = head.chars().count() == run.chars().count();
        out.push_str(&head);
        if !whole {
            break;
        }
    }
    out
}

/// The hyphen breaks of a PDF. Typst sets the hyphen it adds at a break as
/// a run of its own; a break counts when a word continues after it in
/// lowercase, unless the source writes that hyphen ("Hägersten-Älvsjö",
/// "hälso- och").
fn hyphen_breaks(pdf: &Path, source: &str) -> (usize, Vec<Break>) {
    let pages = page_runs(pdf);
    let mut breaks = Vec::new();
    for (i, runs) in pages.iter().enumerate() {
        for (k, run) in runs.iter().enumerate() {
            if run.trim().chars().count() != 1 || !run.trim().chars().all(is_hyphen) {
                continue;
            }
            let left = letters_before(&runs[..k]);
            let right = letters_after(&runs[k + 1..]);
            if left.is_empty() || !right.chars().next().is_some_and(char::is_lowercase) {
                continue;
            }
            if source.contains(&format!("{left}-{right}")) || source.contains(&format!("{left}- {right}")) {
                continue;
            }
            breaks.push(Break { page: i + 1, left, right });
        }
    }
    (pages.len(), breaks)
}

/// Builds `inputs` (in `dir`) with a deck each; returns the output folder.
fn build(dir: &Path, inputs: &[&str]) -> std::path::PathBuf {
    let mut args = vec!["bygg"];
    args.extend_from_slice(inputs);
    args.extend_from_slice(&["--bildspel", "--bara-pdf", "-o"]);
    let out = dir.join("ut");
    let out_s = out.to_str().unwrap().to_string();
    args.push(&out_s);
    // TYPOGRAPHY_TEMPLATES=DIR builds with other templates (to check that
    // these tests fail on templates without the rules).
    let templates = std::env::var("TYPOGRAPHY_TEMPLATES").unwrap_or_default();
    if !templates.is_empty() {
        args.push("--templates");
        args.push(&templates);
    }
    let o = run_in(dir, &args);
    assert!(o.status.success(), "{}", stderr(&o));
    out
}

/// Words that must never be broken: the standard status words and every
/// word of the owners' names and functions written in `source` (`ansvarig`,
/// `ansvariga`, `ansvarig_chef`).
fn protected_words(source: &str) -> Vec<String> {
    let mut words: Vec<String> = ["Genomförd", "Pågår", "Ej påbörjad", "Försenad", "Avbruten", "Ej angiven"]
        .iter()
        .map(|w| (*w).to_string())
        .collect();
    for line in source.lines() {
        let line = line.trim_start();
        let key = line.split(['=', ' ']).next().unwrap_or("");
        if matches!(key, "ansvarig" | "ansvariga" | "ansvarig_chef") {
            words.extend(line.split('"').skip(1).step_by(2).map(str::to_string));
        }
    }
    words
        .iter()
        .flat_map(|w| w.split(|c: char| !c.is_alphabetic()))
        .filter(|w| w.chars().count() > 1)
        .map(str::to_lowercase)
        .collect()
}

/// Checks the hyphenation rules on `pdf`; returns (pages, breaks).
fn check_hyphenation(pdf: &Path, source: &str, problems: &mut Vec<String>) -> (usize, usize) {
    let protected = protected_words(source);
    let (pages, breaks) = hyphen_breaks(pdf, source);
    let name = pdf.file_name().unwrap().to_string_lossy();
    for b in &breaks {
        let word = format!("{}{}", b.left, b.right).to_lowercase();
        if b.left.chars().count() < 3 || b.right.chars().count() < 3 {
            problems.push(format!("{name} s. {}: \"{}-{}\" lämnar färre än tre bokstäver", b.page, b.left, b.right));
        }
        if protected.contains(&word) {
            problems.push(format!("{name} s. {}: \"{}-{}\" är ett statusord eller namn", b.page, b.left, b.right));
        }
    }
    (pages, breaks.len())
}

#[test]
fn bundled_documents_hyphenate_as_a_typesetter_would() {
    let dir = tempdir();
    let inputs: Vec<String> =
        ALL_DATA.iter().map(|n| root().join(format!("data/{n}.toml")).display().to_string()).collect();
    let out = build(dir.path(), &inputs.iter().map(String::as_str).collect::<Vec<_>>());
    let mut problems = Vec::new();
    let mut report = String::new();
    for name in ALL_DATA {
        let source = std::fs::read_to_string(root().join(format!("data/{name}.toml"))).unwrap();
        for pdf in [format!("{name}.pdf"), format!("{name}-bildspel.pdf")] {
            let path = out.join(&pdf);
            if !path.exists() {
                continue;
            }
            let (pages, breaks) = check_hyphenation(&path, &source, &mut problems);
            #[allow(clippy::cast_precision_loss)]
            let per_page = breaks as f64 / pages as f64;
            let _ = writeln!(report, "{pdf}: {breaks} hyphen breaks on {pages} pages ({per_page:.2} per page)");
            if per_page > 1.5 {
                problems.push(format!("{pdf}: {per_page:.2} avstavningar per sida (högst 1,5)"));
            }
        }
    }
    println!("{report}");
    assert!(problems.is_empty(), "{}\n{report}", problems.join("\n"));
}

#[test]
fn every_bundled_document_has_at_most_one_and_a_half_hyphen_breaks_per_page() {
    let dir = tempdir();
    let inputs: Vec<String> =
        ALL_DATA.iter().map(|n| root().join(format!("data/{n}.toml")).display().to_string()).collect();
    let out = build(dir.path(), &inputs.iter().map(String::as_str).collect::<Vec<_>>());
    for name in ALL_DATA {
        let source = std::fs::read_to_string(root().join(format!("data/{name}.toml"))).unwrap();
        let (pages, breaks) = hyphen_breaks(&out.join(format!("{name}.pdf")), &source);
        assert!(breaks.len() * 2 <= pages * 3, "{name}: {} breaks on {pages} pages", breaks.len());
    }
}

/// A large plan with long compounds in the narrow columns and people's
/// names as owners.
fn large_plan() -> String {
    // Ordinary Swedish of a plan: mostly short and middle-sized words, some
    // long compounds.
    const WORDS: [&str; 24] = [
        "kompetensutveckling",
        "sjuksköterskor",
        "undersköterskor",
        "introduktionsprogrammet",
        "arbetsmiljön",
        "handledning",
        "medarbetarsamtal",
        "rekrytering",
        "språkombud",
        "inom",
        "under",
        "alla",
        "och",
        "för",
        "att",
        "med",
        "enheten",
        "chefer",
        "ska",
        "utveckla",
        "stärka",
        "arbetet",
        "verksamheten",
        "samverkan",
    ];
    const OWNERS: [&str; 5] =
        ["Sonja Erlandsson", "Johan Lindqvist", "Enhetschefer", "Avdelningschef", "HR-specialist"];
    let mut rng = crate::util::Rng(0x5eed_1234);
    let mut s = String::from("[dokument]\ntitel = \"Kompetensförsörjningsplan 2024–2026\"\ndatum = 2024-01-01\n");
    let sentence = |rng: &mut crate::util::Rng, n: usize| {
        (0..n).map(|_| WORDS[rng.below(WORDS.len())]).collect::<Vec<_>>().join(" ")
    };
    for d in 0..4 {
        let _ = write!(s, "\n[[avdelning]]\nnamn = \"Avdelning {d}\"\n");
        for r in 0..40 {
            let phase = ["Utveckla", "Behålla", "Attrahera", "Rekrytera", "Avsluta"][r % 5];
            let goal = sentence(&mut rng, 6);
            let activity = sentence(&mut rng, 10);
            let resources = sentence(&mut rng, 4);
            let followup = sentence(&mut rng, 8);
            let owners = [OWNERS[rng.below(5)], OWNERS[rng.below(5)]];
            let _ = write!(
                s,
                "\n[[avdelning.rad]]\nfas = \"{phase}\"\nmal = \"{goal}\"\naktiviteter = [\"{activity}\"]\nmaldatum = \"Löpande under 2024\"\nansvariga = [\"{}\", \"{}\"]\nresurser = \"{resources}\"\nuppfoljning = \"{followup}\"\n",
                owners[0], owners[1]
            );
        }
    }
    s
}

#[test]
fn a_large_generated_plan_hyphenates_as_a_typesetter_would() {
    let dir = tempdir();
    let source = large_plan();
    std::fs::write(dir.path().join("plan.toml"), &source).unwrap();
    let out = build(dir.path(), &["plan.toml"]);
    let mut problems = Vec::new();
    let (pages, breaks) = check_hyphenation(&out.join("plan.pdf"), &source, &mut problems);
    println!("generated plan: {breaks} hyphen breaks on {pages} pages");
    assert!(pages > 10, "the plan should be large: {pages} pages");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn a_large_generated_plan_has_at_most_one_and_a_half_hyphen_breaks_per_page() {
    let dir = tempdir();
    let source = large_plan();
    std::fs::write(dir.path().join("plan.toml"), &source).unwrap();
    let out = build(dir.path(), &["plan.toml"]);
    let (pages, breaks) = hyphen_breaks(&out.join("plan.pdf"), &source);
    assert!(breaks.len() * 2 <= pages * 3, "{} hyphen breaks on {pages} pages (at most 1.5 per page)", breaks.len());
}

/// Runs that end in a dash: a line broken right after it.
fn lines_ending_in_a_dash(pdf: &Path) -> Vec<String> {
    page_runs(pdf)
        .iter()
        .enumerate()
        .flat_map(|(i, runs)| {
            runs.iter()
                .map(|r| r.trim())
                .filter(|r| r.chars().count() > 1 && r.ends_with(['-', '–', '\u{ad}']))
                .map(move |r| format!("s. {}: {r}", i + 1))
        })
        .collect()
}

#[test]
fn titles_never_break_after_a_dash() {
    let dir = tempdir();
    let title = "Kompetensförsörjningsplan för Hägersten-Älvsjö stadsdelsförvaltning 2024–2026 med bilagor";
    let chapter = "Kompetensförsörjning i Hägersten-Älvsjö under planperioden 2024–2026";
    let mut source = format!("[dokument]\ntitel = \"{title}\"\ndatum = 2024-01-01\n");
    let _ = write!(source, "\n[[kapitel]]\nrubrik = \"{chapter}\"\ntext = \"Text.\"\n");
    let _ = write!(
        source,
        "\n[[kapitel.avsnitt]]\nrubrik = \"Behov av sjuksköterskor och undersköterskor i Hägersten-Älvsjö 2024–2026\"\ntext = \"Text.\"\n"
    );
    source.push_str("\n[[avdelning]]\nnamn = \"Förskola\"\n\n[[avdelning.rad]]\nfas = \"Utveckla\"\nmal = \"Mål\"\naktiviteter = [\"Aktivitet\"]\nmaldatum = \"2024\"\n");
    std::fs::write(dir.path().join("plan.toml"), &source).unwrap();
    let out = build(dir.path(), &["plan.toml"]);
    let mut found = Vec::new();
    for pdf in ["plan.pdf", "plan-bildspel.pdf"] {
        found.extend(lines_ending_in_a_dash(&out.join(pdf)).into_iter().map(|l| format!("{pdf} {l}")));
    }
    assert!(found.is_empty(), "lines broken after a dash:\n{}", found.join("\n"));
}

/// The pages of `pdf` whose text lacks `style` with their number and the
/// total; `skip` pages (title pages, section slides) print none.
fn pages_without_number(pdf: &Path, style: &str, skip: &dyn Fn(usize, &str) -> bool) -> Vec<usize> {
    let data = std::fs::read(pdf).expect("PDF exists");
    let pages = crate::pdf::Pdf::parse(&data).pages();
    let total = pages.len();
    pages
        .iter()
        .enumerate()
        .filter(|(i, p)| {
            let text: String = p.text.lines().collect::<Vec<_>>().join("");
            let want: String = style
                .replace("{n}", &(i + 1).to_string())
                .replace("{m}", &total.to_string())
                .split_whitespace()
                .collect();
            let text: String = text.split_whitespace().collect();
            !skip(i + 1, &text) && !text.contains(&want)
        })
        .map(|(i, _)| i + 1)
        .collect()
}

/// Whether page `n` of a deck is its title slide, the one slide without a
/// footer (section slides have one, in white).
fn deck_without_footer(n: usize, _text: &str, _organisation: &str) -> bool {
    n == 1
}

#[test]
fn every_page_of_every_kind_has_the_page_number_style() {
    let dir = tempdir();
    let inputs: Vec<String> =
        BUNDLED.iter().map(|n| root().join(format!("data/{n}.toml")).display().to_string()).collect();
    let out = build(dir.path(), &inputs.iter().map(String::as_str).collect::<Vec<_>>());
    let mut missing = Vec::new();
    for name in BUNDLED {
        let doc = out.join(format!("{name}.pdf"));
        let deck = out.join(format!("{name}-bildspel.pdf"));
        let source = std::fs::read_to_string(root().join(format!("data/{name}.toml"))).unwrap();
        let organisation =
            source.lines().find_map(|l| l.strip_prefix("organisation = \"")).map_or("", |l| l.trim_end_matches('"'));
        if name == "vaxjo-kompetensforum" {
            let pages = pages_without_number(&doc, "Sida {n} ({m})", &|n, t| deck_without_footer(n, t, organisation));
            missing.extend(pages.into_iter().map(|p| format!("{name}.pdf s. {p}")));
        } else {
            let pages = pages_without_number(&doc, "Sida {n} ({m})", &|n, _| n == 1);
            missing.extend(pages.into_iter().map(|p| format!("{name}.pdf s. {p}")));
            let pages = pages_without_number(&deck, "Sida {n} ({m})", &|n, t| deck_without_footer(n, t, organisation));
            missing.extend(pages.into_iter().map(|p| format!("{name}-bildspel.pdf s. {p}")));
        }
    }
    assert!(missing.is_empty(), "pages without \"Sida N (M)\": {}", missing.join(", "));
}

#[test]
fn the_organisation_profile_sets_the_page_number_style() {
    let dir = tempdir();
    std::fs::copy(root().join("data/leanlink-uppfoljning.toml"), dir.path().join("uppf.toml")).unwrap();
    std::fs::write(dir.path().join("organisation.toml"), "[organisation]\nsidnummer = \"s. {n} av {m}\"\n").unwrap();
    let out = build(dir.path(), &["uppf.toml"]);
    let pdf = out.join("uppf.pdf");
    assert_eq!(pages_without_number(&pdf, "s. {n} av {m}", &|n, _| n == 1), Vec::<usize>::new());
    assert!(
        pages_without_number(&pdf, "Sida {n} ({m})", &|n, _| n == 1).len() > 5,
        "the default style is still printed"
    );
}

#[test]
fn a_bad_page_number_style_is_an_error_with_its_place() {
    let dir = tempdir();
    let source = std::fs::read_to_string(root().join("data/hagersten-alvsjo.toml")).unwrap();
    let source = source.replacen("[dokument]\n", "[dokument]\nsidnummer = \"Sida {sida}\"\n", 1);
    std::fs::write(dir.path().join("plan.toml"), source).unwrap();
    let o = run_in(dir.path(), &["bygg", "plan.toml", "-o", "ut"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(!dir.path().join("ut").exists(), "nothing is written");
    let err = stderr(&o);
    assert!(!err.contains("panicked"), "{err}");
    insta::assert_snapshot!("bad_page_number_style", err);
}
