//! Typography rules over every bundled document and a generated large plan:
//! hyphenation as a typesetter would break (no fragment under three letters,
//! status words and names whole, at most 1.5 breaks per page), titles that
//! never break after a dash, and one page-number style on every page.

use std::fmt::Write as _;
use std::path::Path;

use crate::util::{root, run_in, stderr, tempdir};

/// The bundled documents, by name.
const BUNDLED: [&str; 4] = ["hagersten-alvsjo", "leanlink-uppfoljning", "trelleborg-dr2-2023", "vaxjo-kompetensforum"];

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
    let tpl = std::env::var("TPL").unwrap_or_default();
    if !tpl.is_empty() { args.push("--templates"); args.push(&tpl); }
    let o = run_in(dir, &args);
    assert!(o.status.success(), "{}", stderr(&o));
    out
}

#[test]
fn bundled_documents_hyphenate_as_a_typesetter_would() {
    let dir = tempdir();
    let inputs: Vec<String> = BUNDLED.iter().map(|n| root().join(format!("data/{n}.toml")).display().to_string()).collect();
    let out = build(dir.path(), &inputs.iter().map(String::as_str).collect::<Vec<_>>());
    let mut report = String::new();
    for name in BUNDLED {
        let source = std::fs::read_to_string(root().join(format!("data/{name}.toml"))).unwrap();
        for pdf in [format!("{name}.pdf"), format!("{name}-bildspel.pdf")] {
            let path = out.join(&pdf);
            if !path.exists() {
                continue;
            }
            let (pages, breaks) = hyphen_breaks(&path, &source);
            let _ = writeln!(
                report,
                "{pdf}: {} breaks on {pages} pages: {}",
                breaks.len(),
                breaks.iter().map(|b| format!("{}-{} (s. {})", b.left, b.right, b.page)).collect::<Vec<_>>().join(", ")
            );
        }
    }
    println!("{report}");
    panic!("measure");
}

#[test]
fn dump_lines() {
    for (i, l) in page_runs(Path::new("/tmp/before/leanlink-uppfoljning.pdf")).iter().enumerate().skip(4).take(1) {
        for x in l { println!("{i}: {x:?}"); }
    }
}
