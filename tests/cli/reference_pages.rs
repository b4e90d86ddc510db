//! Reference pictures of key pages (issue 16, item 11): a few pages of the
//! bundled documents are rendered (typst-render, as the web page's preview
//! does) and compared with small PNGs kept in `tests/fixtures/reference/`.
//! A page passes when at most 0.5 % of its pixels differ visibly (by more
//! than 48 of 255 in a channel), which tolerates rendering noise but not a
//! moved line, a lost picture or another font. When a page changes on
//! purpose, look at the new picture the test writes to
//! `target/reference-new/` and, if it is right, accept it with
//! `PLANRAPPORT_REFERENCE=update cargo test --test cli reference_pages`.

use std::path::PathBuf;

use planrapport::pipeline::{Document, deck_of, deck_pdf, layout, load, typst_source};
use planrapport::render::Templates;
use planrapport::typeset::{PdfProfile, page_png};

use crate::util::root;

/// Pixels per point: an A4 page becomes 208 × 295 pixels.
const SCALE: f64 = 0.35;

/// (input, deck or not, page from 1, what the page shows)
const PAGES: [(&str, bool, usize, &str); 7] = [
    ("hagersten-alvsjo.toml", false, 1, "plan title page"),
    ("hagersten-alvsjo.toml", false, 18, "plan appendix: an action table with phase rows"),
    ("leanlink-uppfoljning.toml", false, 3, "follow-up summary: counts table, chart, legend"),
    ("leanlink-uppfoljning.toml", false, 6, "follow-up goal table with status cells"),
    ("trelleborg-dr2-2023.toml", false, 4, "interim report: Bild 1 and Bild 2 where the text places them"),
    ("trelleborg-dr2-2023.toml", false, 6, "interim report: an initiative with targets and a chart"),
    ("trelleborg-dr2-2023.toml", true, 2, "interim report deck: the status chart slide"),
];

fn render(input: &str, deck: bool, page: usize) -> Vec<u8> {
    let path = root().join("data").join(input);
    let loaded = load(&path).map_err(|e| format!("{:?}", e.items)).unwrap();
    let templates = Templates::built_in();
    let (meta, source) = if deck {
        let deck = deck_of(&loaded.document);
        let (source, _) =
            deck_pdf(&deck, &templates, &path, PdfProfile::None).map_err(|e| format!("{:?}", e.items)).unwrap();
        (Document::Deck(deck).meta().clone(), source)
    } else {
        (
            loaded.document.meta().clone(),
            typst_source(&loaded.document, &templates).map_err(|e| format!("{:?}", e.items)).unwrap(),
        )
    };
    let document = layout(&meta, &source, &templates, &path).map_err(|e| format!("{:?}", e.items)).unwrap();
    page_png(&document, page - 1, SCALE).unwrap_or_else(|| panic!("{input} has no page {page}"))
}

fn reference(input: &str, deck: bool, page: usize) -> PathBuf {
    let stem = input.trim_end_matches(".toml");
    let name = if deck { format!("{stem}-bildspel-{page}.png") } else { format!("{stem}-{page}.png") };
    root().join("tests/fixtures/reference").join(name)
}

/// The part of the pixels that differ visibly.
fn difference(a: &(u32, u32, Vec<u8>), b: &(u32, u32, Vec<u8>)) -> f64 {
    if (a.0, a.1) != (b.0, b.1) {
        return 1.0;
    }
    let differing =
        a.2.chunks(4).zip(b.2.chunks(4)).filter(|(p, q)| p.iter().zip(*q).any(|(x, y)| x.abs_diff(*y) > 48)).count();
    #[allow(clippy::cast_precision_loss)]
    let part = differing as f64 / f64::from(a.0 * a.1);
    part
}

#[test]
fn key_pages_look_as_their_reference_pictures() {
    let update = std::env::var("PLANRAPPORT_REFERENCE").is_ok_and(|v| v == "update");
    let new_dir = root().join("target/reference-new");
    let mut problems = Vec::new();
    for (input, deck, page, what) in PAGES {
        let png_bytes = render(input, deck, page);
        let path = reference(input, deck, page);
        if update {
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, &png_bytes).unwrap();
            continue;
        }
        let Ok(kept) = std::fs::read(&path) else {
            problems.push(format!("{}: no reference picture ({what})", path.display()));
            continue;
        };
        let part = difference(&crate::util::rgba(&png_bytes), &crate::util::rgba(&kept));
        if part > 0.005 {
            std::fs::create_dir_all(&new_dir).unwrap();
            let new = new_dir.join(path.file_name().unwrap());
            std::fs::write(&new, &png_bytes).unwrap();
            problems.push(format!(
                "{input} {}page {page} ({what}): {:.1} % of the pixels differ; the new picture is {}",
                if deck { "deck " } else { "" },
                part * 100.0,
                new.display()
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_comparison_sees_a_line_moved_by_two_pixels() {
    // The interim report's picture page against itself, and against itself
    // moved down by two pixel rows (under 6 points on the page).
    let a = crate::util::rgba(&render("trelleborg-dr2-2023.toml", false, 4));
    let row = a.0 as usize * 4;
    let mut moved = vec![255u8; row * 2];
    moved.extend_from_slice(&a.2[..a.2.len() - row * 2]);
    let b = (a.0, a.1, moved);
    assert!(difference(&a, &a) == 0.0);
    assert!(difference(&a, &b) > 0.005, "{}", difference(&a, &b));
}
