//! Decks designed for a room (issue 16, item 9): no slide more than half
//! empty unless it is a title or section slide, over the Växjö deck and the
//! decks generated from the bundled plan, follow-up and interim report.
//! Measured from the rendered slide (typst-render): the content's ink, from
//! below the title band to above the footer, must reach at least half way
//! down that body.

use planrapport::pipeline::{Document, deck_of, deck_pdf, layout, load};
use planrapport::render::Templates;
use planrapport::typeset::{PdfProfile, page_png};

use crate::util::root;

const SCALE: f64 = 0.5;
const CM: f64 = 72.0 / 2.54;

fn rgba(png_bytes: &[u8]) -> (usize, usize, Vec<u8>) {
    let mut decoder = png::Decoder::new(std::io::Cursor::new(png_bytes));
    decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::ALPHA);
    let mut reader = decoder.read_info().expect("a PNG");
    let mut buf = vec![0; reader.output_buffer_size().expect("a size")];
    let info = reader.next_frame(&mut buf).expect("a frame");
    buf.truncate(info.buffer_size());
    let channels = buf.len() / (info.width * info.height) as usize;
    let pixels = match channels {
        4 => buf,
        3 => buf.chunks(3).flat_map(|p| [p[0], p[1], p[2], 255]).collect(),
        2 => buf.chunks(2).flat_map(|p| [p[0], p[0], p[0], p[1]]).collect(),
        _ => buf.iter().flat_map(|&p| [p, p, p, 255]).collect(),
    };
    (info.width as usize, info.height as usize, pixels)
}

/// A slide as the deck renders it, and whether it is a title slide.
struct Rendered {
    png: Vec<u8>,
    title: bool,
}

fn slides(input: &str) -> Vec<Rendered> {
    let path = root().join("data").join(input);
    let loaded = load(&path).map_err(|e| format!("{:?}", e.items)).unwrap();
    let templates = Templates::built_in();
    let deck = match &loaded.document {
        Document::Deck(d) => d.clone(),
        other => deck_of(other),
    };
    let (source, _) =
        deck_pdf(&deck, &templates, &path, PdfProfile::None).map_err(|e| format!("{:?}", e.items)).unwrap();
    let meta = Document::Deck(deck.clone()).meta().clone();
    let document = layout(&meta, &source, &templates, &path).map_err(|e| format!("{:?}", e.items)).unwrap();
    let first_is_title =
        deck.slides.first().is_some_and(|s| s.kind == planrapport::kinds::bildspel::model::SlideKind::Title);
    (0..document.pages().len())
        .map(|i| Rendered { png: page_png(&document, i, SCALE).unwrap(), title: i == 0 && first_is_title })
        .collect()
}

/// How far down the body the content's ink reaches (0 to 1), or `None` for
/// a section slide (its whole page in the organisation's colour).
fn fill(png: &[u8]) -> Option<f64> {
    let (w, h, px) = rgba(png);
    let at = |x: usize, y: usize| &px[(y * w + x) * 4..(y * w + x) * 4 + 3];
    let ink = |x: usize, y: usize| at(x, y).iter().any(|&c| c < 225);
    // A section slide: the middle of the lower body is coloured.
    let probe = at(w / 2, h * 3 / 4);
    if probe.iter().any(|&c| c < 200) && ink(w / 8, h * 3 / 4) && ink(w * 7 / 8, h * 3 / 4) {
        return None;
    }
    let px_per_pt = SCALE;
    // Below the title band (3.5 cm), above the footer's rule (2 cm margin).
    let top = (3.5 * CM * px_per_pt) as usize;
    let bottom = h - (2.0 * CM * px_per_pt) as usize;
    let lowest = (top..bottom).rev().find(|&y| (0..w).any(|x| ink(x, y))).unwrap_or(top);
    Some((lowest - top) as f64 / (bottom - top) as f64)
}

fn half_empty(input: &str) -> Vec<String> {
    slides(input)
        .iter()
        .enumerate()
        .filter(|(_, s)| !s.title)
        .filter_map(|(i, s)| {
            fill(&s.png)
                .filter(|f| *f < 0.5)
                .map(|f| format!("{input} slide {}: {:.0} % of the body", i + 1, f * 100.0))
        })
        .collect()
}

#[test]
fn no_slide_is_more_than_half_empty() {
    let mut found = Vec::new();
    for input in
        ["vaxjo-kompetensforum.toml", "hagersten-alvsjo.toml", "leanlink-uppfoljning.toml", "trelleborg-dr2-2023.toml"]
    {
        found.extend(half_empty(input));
    }
    assert!(found.is_empty(), "{found:#?}");
}
