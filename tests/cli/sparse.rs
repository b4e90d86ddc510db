//! No sparse pages (issue 16, item 4): in every bundled document and in a
//! generated large one, at most one page (the title page) is less than a
//! quarter full, the last page aside. A page's fill is read off the laid-out
//! text: from the top of the body to the bottom of its lowest line, as a part
//! of the body's height (the margins of `templates/lib.typ`: 2.7 cm and
//! 2.4 cm; the running header and footer lie in them).

use std::fmt::Write as _;
use std::path::Path;

use planrapport::pipeline::{load, text_boxes, typst_source};
use planrapport::render::Templates;

use crate::util::{root, tempdir};

const TOP: f64 = 2.7 / 2.54 * 72.0;
const BOTTOM: f64 = 2.4 / 2.54 * 72.0;

/// Every piece of text of `input`'s PDF where it was laid out.
fn boxes(input: &Path) -> Vec<planrapport::typeset::TextBox> {
    let loaded = load(input).map_err(|e| format!("{:?}", e.items)).unwrap();
    let templates = Templates::built_in();
    let source = typst_source(&loaded.document, &templates).map_err(|e| format!("{:?}", e.items)).unwrap();
    text_boxes(loaded.document.meta(), &source, &templates, input).map_err(|e| format!("{:?}", e.items)).unwrap()
}

/// Each page's fill, in page order.
fn fills(input: &Path) -> Vec<f64> {
    let boxes = boxes(input);
    // Pages are counted from 1.
    let pages = boxes.iter().map(|b| b.page).max().unwrap_or(0);
    (1..=pages)
        .map(|p| {
            let on: Vec<_> = boxes.iter().filter(|b| b.page == p).collect();
            let Some(h) = on.first().map(|b| b.page_height) else { return 0.0 };
            let lowest = on
                .iter()
                .filter(|b| b.y >= TOP - 1.0 && b.y + b.height <= h - BOTTOM + 1.0)
                .map(|b| b.y + b.height)
                .fold(TOP, f64::max);
            (lowest - TOP) / (h - TOP - BOTTOM)
        })
        .collect()
}

fn sparse_pages(input: &Path) -> (Vec<usize>, Vec<f64>) {
    let f = fills(input);
    let sparse =
        f[..f.len().saturating_sub(1)].iter().enumerate().filter(|(_, x)| **x < 0.25).map(|(i, _)| i + 1).collect();
    (sparse, f)
}

/// `allowed`: the sparse pages the rule lets be (the title page; see below).
fn assert_not_sparse(input: &Path, allowed: &[usize]) {
    let (sparse, f) = sparse_pages(input);
    let shown: Vec<String> = f.iter().map(|x| format!("{x:.2}")).collect();
    assert!(
        sparse.iter().all(|p| allowed.contains(p)),
        "{}: sparse pages {sparse:?}, allowed {allowed:?} (fills {})",
        input.display(),
        shown.join(" ")
    );
}

#[test]
fn no_bundled_document_has_a_sparse_page_but_its_title_page() {
    for name in crate::util::BUNDLED_DOCUMENTS {
        assert_not_sparse(&root().join("data").join(name), &[1]);
    }
}

/// A plan whose chapters end on the first lines of a page: each department
/// has a chapter of `lines` paragraphs, so some chapter ends just after a
/// page break (where a new chapter would otherwise start on a new page).
fn plan_with_chapters(paragraphs: usize) -> String {
    let mut s = String::from(
        "[dokument]\norganisation = \"Testkommunen\"\ntitel = \"Plan med kapitel\"\ndatum = 2024-01-15\n\n",
    );
    for d in 1..=4 {
        let _ = write!(s, "[[avdelning]]\nnamn = \"Avdelning {d}\"\n");
        let _ = write!(s, "[[avdelning.avsnitt]]\nrubrik = \"Uppgifter för avdelning {d}\"\ntext = \"\"\"\n");
        for p in 0..paragraphs + d * 3 {
            let _ = write!(
                s,
                "Stycke {p}: avdelningen arbetar med rekrytering, introduktion och kompetensutveckling av medarbetare och chefer i alla verksamheter.\n\n"
            );
        }
        s.push_str("\"\"\"\n");
        s.push_str("[[avdelning.rad]]\nfas = \"Utveckla\"\nmal = \"Ett mål\"\naktiviteter = [\"En aktivitet\"]\nmaldatum = \"2024\"\nansvariga = [\"Chef\"]\n");
    }
    s
}

#[test]
fn chapters_ending_at_the_top_of_a_page_let_the_next_chapter_begin_below() {
    let dir = tempdir();
    // Several lengths, so that chapter ends fall at many heights on a page.
    for paragraphs in [6, 9, 12] {
        let path = dir.path().join(format!("plan{paragraphs}.toml"));
        std::fs::write(&path, plan_with_chapters(paragraphs)).unwrap();
        // The title page only: the last chapter before the landscape
        // appendix (which must begin a page) pulls its last lines back
        // rather than leave them alone there (`tail-chapter`).
        assert_not_sparse(&path, &[1]);
    }
}

#[test]
fn the_chapter_breaks_settle_without_a_second_typesetting() {
    // Every bundled document, the generated plans with chapters, and 50
    // one-row departments (which once kept moving each other's breaks).
    let dir = tempdir();
    let mut inputs: Vec<std::path::PathBuf> = [
        "hagersten-alvsjo.toml",
        "leanlink-uppfoljning.toml",
        "trelleborg-dr1-2023.toml",
        "trelleborg-dr2-2023.toml",
        "ekbacka-personaluppfoljning-2024.toml",
    ]
    .iter()
    .map(|n| root().join("data").join(n))
    .collect();
    for paragraphs in [6, 9, 12] {
        let path = dir.path().join(format!("plan{paragraphs}.toml"));
        std::fs::write(&path, plan_with_chapters(paragraphs)).unwrap();
        inputs.push(path);
    }
    let mut many = String::from(
        "[dokument]\norganisation = \"Testkommunen\"\ntitel = \"Många avdelningar\"\ndatum = 2024-01-15\n",
    );
    for d in 0..50 {
        let _ = write!(
            many,
            "\n[[avdelning]]\nnamn = \"Avdelning {d:02}\"\n[[avdelning.rad]]\nfas = \"Utveckla\"\nmal = \"Mål för avdelning {d}\"\naktiviteter = [\"En aktivitet\"]\nmaldatum = \"2024\"\nansvariga = [\"Chef\"]\n"
        );
    }
    let path = dir.path().join("many.toml");
    std::fs::write(&path, many).unwrap();
    inputs.push(path);
    for input in &inputs {
        let before = planrapport::typeset::unsettled_on_this_thread();
        let _ = fills(input);
        assert_eq!(
            planrapport::typeset::unsettled_on_this_thread(),
            before,
            "{}: the layout did not settle",
            input.display()
        );
    }
}

#[test]
fn a_layout_that_does_not_settle_is_typeset_again_with_each_chapter_on_a_new_page() {
    // A layout library whose chapter break reads its own place, which
    // oscillates: break, and it stands at the top of a page, so no break;
    // no break, and it stands low on the page, so break.
    let dir = tempdir();
    let templates = dir.path().join("mallar");
    std::fs::create_dir(&templates).unwrap();
    for entry in std::fs::read_dir(root().join("templates")).unwrap() {
        let entry = entry.unwrap();
        if entry.path().is_file() {
            std::fs::copy(entry.path(), templates.join(entry.file_name())).unwrap();
        }
    }
    let lib = std::fs::read_to_string(templates.join("lib.typ")).unwrap();
    let start = lib.find("#let chapter-page(").unwrap();
    let end = start + lib[start..].find("\n}\n").unwrap() + 3;
    let oscillating = "#let chapter-page(..args) = if not adaptive-breaks { pagebreak(weak: true) } else { context { if here().position().y > 200pt { pagebreak(weak: true) } } }\n";
    std::fs::write(templates.join("lib.typ"), format!("{}{oscillating}{}", &lib[..start], &lib[end..])).unwrap();
    let out = dir.path().join("ut");
    let o = crate::util::run_in(
        &root(),
        &[
            "bygg",
            "data/hagersten-alvsjo.toml",
            "--bara-pdf",
            "--templates",
            templates.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ],
    );
    let err = crate::util::stderr(&o);
    assert!(o.status.success(), "{err}");
    assert!(!err.contains("inte stabil"), "{err}");
    // Every department chapter begins a page: its heading is the first text
    // of the body on its page.
    let text = crate::util::pdf_text(&out.join("hagersten-alvsjo.pdf"), None);
    for page in text
        .split('\u{c}')
        .filter(|p| p.contains("3 Avdelningen för förskola\n") || p.contains("4 Avdelningen för social omsorg\n"))
    {
        let body: Vec<&str> = page.lines().filter(|l| !l.trim().is_empty()).collect();
        assert!(
            body.iter().take(4).any(|l| l.starts_with("3 Avdelningen") || l.starts_with("4 Avdelningen")),
            "{body:?}"
        );
    }
}
