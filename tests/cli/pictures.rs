//! Pictures where the text wants them (issue 16, item 3): a line
//! `![caption](name)` places a picture made from the report's data; the
//! caption's own word and number ("Bild 1") are the picture's, and the
//! generated pictures after it count on; a text that mentions a picture no
//! line places, or promises yellow marks that are not there, is warned about.
//! Expectations are read off the data by hand (data/trelleborg-dr2-2023.toml).

use std::path::Path;

use crate::util::{pdf_text, root, run_in, squash, stderr, tempdir};

const DR1: &str = "data/trelleborg-dr1-2023.toml";
const DR2: &str = "data/trelleborg-dr2-2023.toml";

/// The nine initiatives of DR2 with a status (the Avveckla phase has none),
/// and their statuses as written in the TOML.
const INITIATIVES: [(&str, &str); 9] = [
    ("Ambassadörsprogram", "Pågår"),
    ("Marknadsföringskampanj 2023", "Genomförd"),
    ("Gemensamt introduktionsprogram", "Pågår"),
    ("Avstämningsmodul vid sommarrekrytering", "Genomförd"),
    ("Kompetensinventering och utbildningsplan på enhet/ individ", "Försenad"),
    ("Kompetenslyft inom vård och omsorg och Funktionsstöd", "Pågår"),
    ("Kompetenskartläggning utifrån ”ansvarsnivåer”", "Pågår"),
    ("Fler handledare", "Pågår"),
    ("Språklyft och språkstöd", "Pågår"),
];

fn build(args: &[&str], out: &Path) -> String {
    let mut all = vec!["bygg"];
    all.extend(args);
    all.extend(["-o", out.to_str().unwrap(), "--bara-pdf"]);
    let o = run_in(&root(), &all);
    assert!(o.status.success(), "{}", stderr(&o));
    stderr(&o)
}

/// The text between `from` and `to` (both must occur, in order), squashed
/// and with the hyphenation breaks of the boxes joined.
fn between<'a>(text: &'a str, from: &str, to: &str) -> &'a str {
    let a = text.find(from).unwrap_or_else(|| panic!("{from:?} not in the PDF"));
    let b = a + text[a..].find(to).unwrap_or_else(|| panic!("{to:?} not after {from:?}"));
    &text[a + from.len()..b]
}

fn joined(s: &str) -> String {
    squash(s).replace("\u{ad} ", "").replace("\u{ad}", "").replace("- ", "-")
}

#[test]
fn the_interim_report_places_its_pictures_where_the_text_says() {
    let dir = tempdir();
    let warnings = build(&[DR2], dir.path());
    let pdf = dir.path().join("trelleborg-dr2-2023.pdf");
    let text = pdf_text(&pdf, None);
    // Bild 1 stands between the sentence that announces the pictures and its
    // caption, and shows the initiatives without their status.
    let bild1 = joined(between(&text, "planeras under 2023.", "Bild 1 - visar vilka olika aktiviteter"));
    for (name, _) in INITIATIVES {
        assert!(bild1.contains(&joined(name)), "Bild 1 lacks {name:?}: {bild1}");
    }
    for word in ["Pågår", "Genomförd", "Försenad"] {
        assert!(!bild1.contains(word), "Bild 1 shows a status: {bild1}");
    }
    // Bild 2 follows the sentence about the appendix, with the statuses and
    // a legend counting them: 6 Pågår, 2 Genomförd, 1 Försenad.
    let bild2 = joined(between(&text, "bifogad som bilaga.)", "Bild 2 - visar vad som gjorts"));
    for (name, status) in INITIATIVES {
        assert!(bild2.contains(&joined(&format!("{name} {status}"))), "Bild 2 lacks {name:?} with {status}: {bild2}");
    }
    let count = |w: &str| INITIATIVES.iter().filter(|(_, s)| *s == w).count();
    assert_eq!((count("Pågår"), count("Genomförd"), count("Försenad")), (6, 2, 1));
    for (word, n) in [("Genomförd", 2), ("Pågår", 6), ("Försenad", 1)] {
        assert!(bild2.contains(&joined(&format!("{word} ({n})"))), "legend lacks {word} ({n}): {bild2}");
    }
    // Both are on the page of their chapter's text, before the status chapter.
    let status_chapter = text.find("Status DR2 2023\n").or_else(|| text.rfind("Status DR2 2023")).unwrap();
    assert!(text.find("Bild 2 - visar").unwrap() < status_chapter);
    // The status chapter leaves out what the text placed and counts on in
    // the document's own word: the counts chart is Bild 3, the verdict chart
    // Bild 4; no "Figur" anywhere.
    let rest = squash(&text[status_chapter..]);
    assert!(rest.contains(&squash("Bild 3: Antal insatser per fas och status.")), "{rest}");
    assert!(rest.contains(&squash("Bild 4: Målens bedömning per fas 2023.")), "{rest}");
    assert!(!rest.contains(&squash("Insatserna per fas och deras status.")), "the status picture is shown twice");
    assert!(!text.contains("Figur"), "a caption says Figur although the text says Bild");
    // Nothing is marked without --previous, although the text says so.
    assert!(warnings.contains("texten säger att ändringar är markerade med gult, men inget är markerat"), "{warnings}");
    assert!(!warnings.contains("nämner Bild"), "{warnings}");
}

#[test]
fn with_the_previous_report_the_promise_of_yellow_marks_holds() {
    let dir = tempdir();
    let warnings = build(&[DR2, "--previous", DR1], dir.path());
    assert!(!warnings.contains("markerade med gult"), "{warnings}");
}

/// DR2 with its picture chapter's text replaced by `text`.
fn report_with_text(dir: &Path, text: &str) -> std::path::PathBuf {
    let source = std::fs::read_to_string(root().join(DR2)).unwrap();
    let start = source.find("Nedan följer två bilder").unwrap();
    let end = start + source[start..].find("\"\"\"").unwrap();
    let path = dir.join("rapport.toml");
    std::fs::write(&path, format!("{}{text}\n{}", &source[..start], &source[end..])).unwrap();
    path
}

fn check(dir: &Path, file: &Path) -> (i32, String) {
    let o = run_in(dir, &["kontrollera", file.file_name().unwrap().to_str().unwrap()]);
    (o.status.code().unwrap_or(-1), stderr(&o))
}

#[test]
fn an_unknown_picture_is_an_error_naming_the_pictures_there_are() {
    let dir = tempdir();
    let file = report_with_text(dir.path(), "Se bilden.\n\n![Bild 1 - insatserna](statsu)");
    let (code, err) = check(dir.path(), &file);
    assert_eq!(code, 1, "{err}");
    insta::assert_snapshot!("picture_unknown", err);
}

#[test]
fn mentions_without_pictures_and_numbers_out_of_order_are_warned_about() {
    let dir = tempdir();
    let file = report_with_text(
        dir.path(),
        "Bild 1 visar insatserna och Bild 2 deras status.\n\n![Bild 1 - insatserna](insatser)\n\n![Bild 3 - antalet](antal)",
    );
    let (code, err) = check(dir.path(), &file);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("texten nämner Bild 2, men ingen rad placerar den bilden"), "{err}");
    assert!(!err.contains("nämner Bild 1"), "{err}");
    assert!(err.contains("Bild 3 följer på Bild 1"), "{err}");
}

#[test]
fn a_plan_has_no_pictures_to_place() {
    let dir = tempdir();
    let source = std::fs::read_to_string(root().join("data/hagersten-alvsjo.toml")).unwrap();
    let marker = "Arbetet med kompetensförsörjningen är ständigt pågående";
    assert!(source.contains(marker));
    std::fs::write(
        dir.path().join("plan.toml"),
        source.replacen(marker, &format!("![Bild 1 - status](status)\n\n{marker}"), 1),
    )
    .unwrap();
    let (code, err) = check(dir.path(), &dir.path().join("plan.toml"));
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("raden ![Bild 1 - status](status) placerar en bild, men en plan har inga bilder att placera"),
        "{err}"
    );
}

#[test]
fn a_picture_without_data_is_an_error() {
    // DR2 without any target: the verdict picture has nothing to show.
    let dir = tempdir();
    let file = report_with_text(dir.path(), "![Bild 1 - målen](mål)");
    let source = std::fs::read_to_string(&file).unwrap();
    // Drop every target block ([[insats.mal]] and its years) up to the next
    // table that is not part of one.
    let mut cut = String::new();
    let mut skipping = false;
    for line in source.lines() {
        if line.starts_with("[[insats.mal") {
            skipping = true;
            continue;
        }
        if skipping && line.starts_with('[') {
            skipping = false;
        }
        if !skipping {
            cut.push_str(line);
            cut.push('\n');
        }
    }
    assert!(!cut.contains("[[insats.mal"));
    std::fs::write(&file, cut).unwrap();
    let (code, err) = check(dir.path(), &file);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("bilden \"mål\" (målens bedömning per fas) har inget att visa i den här rapporten"), "{err}");
}
