//! The contents page tells the truth: every entry's page number is the page
//! its heading is printed on, in every bundled document. Read from the PDF's
//! text page by page (poppler's `pdftotext -layout`), independently of the
//! outline Typst builds: an entry "3 Avdelningen för förskola … 5" must be
//! on the page where a line begins "3 Avdelningen för förskola".

use std::path::Path;
use std::process::Command;

use crate::util::{root, run_in, stderr, tempdir};

fn page_text(pdf: &Path, page: usize) -> String {
    let o = Command::new("pdftotext")
        .args(["-layout", "-f", &page.to_string(), "-l", &page.to_string()])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is installed");
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn words(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The contents entries of page 2: (number and title, page), for entries
/// whose title ends on the line with the page number (an entry that wraps
/// is left out).
fn entries(text: &str) -> Vec<(String, usize)> {
    text.lines()
        .filter_map(|l| {
            let l = l.replace('\u{2060}', "");
            let (head, page) = l.trim_end().rsplit_once(char::is_whitespace)?;
            let page: usize = page.parse().ok()?;
            let head = words(head);
            let first = head.split(' ').next()?;
            first.chars().next()?.is_ascii_digit().then_some((head, page))
        })
        .collect()
}

#[test]
fn every_contents_entry_names_the_page_its_heading_is_on() {
    let dir = tempdir();
    let out = dir.path().join("ut");
    let mut checked = 0;
    for input in [
        "hagersten-alvsjo.toml",
        "leanlink-uppfoljning.toml",
        "trelleborg-dr2-2023.toml",
        "ekbacka-personaluppfoljning-2024.toml",
    ] {
        let o = run_in(&root(), &["bygg", &format!("data/{input}"), "--bara-pdf", "-o", out.to_str().unwrap()]);
        assert!(o.status.success(), "{}", stderr(&o));
        let pdf = out.join(input.replace(".toml", ".pdf"));
        let contents = page_text(&pdf, 2);
        assert!(contents.contains("Innehåll"), "{input}: page 2 is the contents:\n{contents}");
        let found = entries(&contents);
        assert!(found.len() >= 4, "{input}: {found:?}");
        // The contents' own lines are left out: a chapter may begin below
        // them on the same page.
        let listed: Vec<String> = found.iter().map(|(e, p)| format!("{e} {p}")).collect();
        let pages: Vec<String> = (1..=found.iter().map(|(_, p)| *p).max().unwrap() + 2)
            .map(|p| {
                page_text(&pdf, p)
                    .lines()
                    .map(|l| words(&l.replace('\u{2060}', "")))
                    .filter(|l| !listed.contains(l))
                    .collect::<Vec<_>>()
                    .join("\n")
            })
            .collect();
        for (entry, page) in &found {
            // The first page from the contents on with a line beginning so.
            let at = pages
                .iter()
                .enumerate()
                .skip(1)
                // A long heading wraps: its first line begins the entry.
                .find(|(_, t)| {
                    t.lines()
                        .any(|l| l.starts_with(entry.as_str()) || (entry.starts_with(l) && l.split(' ').count() >= 4))
                })
                .map(|(i, _)| i + 1);
            assert_eq!(at, Some(*page), "{input}: \"{entry}\" is listed on page {page}");
            checked += 1;
        }
    }
    assert!(checked >= 30, "{checked} entries");
}
