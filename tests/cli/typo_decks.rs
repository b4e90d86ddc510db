//! Decks designed for a room (issue 16, item 9): no slide more than half
//! empty unless it is a title or section slide, over the Växjö deck and the
//! decks generated from the bundled plan, follow-ups and interim report.
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
    let (w, h, px) = crate::util::rgba(png_bytes);
    (w as usize, h as usize, px)
}

/// A slide as the deck renders it, and whether it is a title slide.
struct Rendered {
    png: Vec<u8>,
    title: bool,
}

/// The deck of a bundled input (its own, or the one generated from it),
/// typeset: the deck, its metadata, its Typst source and the templates.
struct Typeset {
    path: std::path::PathBuf,
    deck: planrapport::kinds::bildspel::model::Deck,
    meta: planrapport::model::DocumentMeta,
    source: String,
    templates: Templates,
}

fn typeset(input: &str) -> Typeset {
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
    Typeset { path, deck, meta, source, templates }
}

fn slides(input: &str) -> Vec<Rendered> {
    let Typeset { path, deck, meta, source, templates } = typeset(input);
    let document = layout(&meta, &source, &templates, &path).map_err(|e| format!("{:?}", e.items)).unwrap();
    let first_is_title =
        deck.slides.first().is_some_and(|s| s.kind == planrapport::kinds::bildspel::model::SlideKind::Title);
    (0..document.pages().len())
        .map(|i| Rendered { png: page_png(&document, i, SCALE).unwrap(), title: i == 0 && first_is_title })
        .collect()
}

/// How far down the body the content's ink reaches (0 to 1), or `None` for
/// a section slide (its whole page in the organisation's colour).
// Pixel rows of a slide: small, positive numbers.
#[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss, clippy::cast_precision_loss)]
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
    for input in [
        "vaxjo-kompetensforum.toml",
        "hagersten-alvsjo.toml",
        "leanlink-uppfoljning.toml",
        "trelleborg-dr2-2023.toml",
        "ekbacka-personaluppfoljning-2024.toml",
    ] {
        found.extend(half_empty(input));
    }
    assert!(found.is_empty(), "{found:#?}");
}

/// The text of the deck `bygg --bildspel` writes for `input`, per slide.
fn deck_text(input: &str) -> Vec<String> {
    let dir = crate::util::tempdir();
    let out = dir.path().join("ut");
    let o = crate::util::run_in(
        &root(),
        &["bygg", &format!("data/{input}"), "--bildspel", "--bara-pdf", "-o", out.to_str().unwrap()],
    );
    assert!(o.status.success(), "{}", crate::util::stderr(&o));
    let stem = input.trim_end_matches(".toml");
    let pdf = out.join(format!("{stem}-bildspel.pdf"));
    crate::util::pdf_text(&pdf, None).split('\u{c}').map(str::to_string).collect()
}

#[test]
#[allow(clippy::cast_possible_truncation)]
fn generated_decks_chart_every_indicator_target_against_result() {
    // From the data file: every indicator (mal) with a year that has a
    // numeric target and a result, its name and its numbers (targets as
    // written; an increase's computed target is the report tests' matter).
    let data: toml::Table =
        std::fs::read_to_string(root().join("data/trelleborg-dr2-2023.toml")).unwrap().parse().unwrap();
    let slides = deck_text("trelleborg-dr2-2023.toml");
    let charts: Vec<&String> = slides.iter().filter(|s| s.contains("Mål och resultat")).collect();
    assert!(!charts.is_empty(), "no target slide: {slides:#?}");
    let charted = charts.iter().map(|s| s.as_str()).collect::<Vec<_>>().join("\n");
    let squashed = crate::util::squash(&charted);
    let mut expected = 0;
    for insats in data["insats"].as_array().unwrap() {
        for mal in insats.get("mal").and_then(|m| m.as_array()).into_iter().flatten() {
            let years = mal.get("ar").and_then(|a| a.as_array()).cloned().unwrap_or_default();
            let number =
                |y: &toml::Value, k: &str| y.get(k).and_then(|v| v.as_integer().or(v.as_float().map(|f| f as i64)));
            // A target as a number, or as an increase over the baseline (`okning`).
            let target = |y: &toml::Value| number(y, "mal").is_some() || y.get("okning").is_some();
            if !years.iter().any(|y| target(y) && number(y, "resultat").is_some()) {
                continue;
            }
            expected += 1;
            let name = mal["indikator"].as_str().unwrap();
            assert!(squashed.contains(&crate::util::squash(name)), "{name} not charted:\n{charted}");
            for y in &years {
                for k in ["mal", "resultat"] {
                    if let Some(n) = number(y, k) {
                        assert!(squashed.contains(&n.to_string()), "{name} {k} {n} not on the chart:\n{charted}");
                    }
                }
            }
        }
    }
    assert!(expected >= 2, "{expected} indicators with numbers in the data");
    // The follow-up of personnel indicators charts its twelve too.
    let ekbacka = deck_text("ekbacka-personaluppfoljning-2024.toml");
    let charted = ekbacka.iter().filter(|s| s.contains("Mål och resultat")).count();
    assert!(charted >= 2, "{charted} target slides in the personnel follow-up's deck");
}

#[test]
fn the_interim_report_deck_shows_its_key_figures() {
    // Counted from the data file: initiatives done of all, as big numbers
    // over the status chart.
    let data: toml::Table =
        std::fs::read_to_string(root().join("data/trelleborg-dr2-2023.toml")).unwrap().parse().unwrap();
    let initiatives = data["insats"].as_array().unwrap();
    let with_status: Vec<&str> = initiatives.iter().filter_map(|i| i.get("status").and_then(|s| s.as_str())).collect();
    let done = with_status.iter().filter(|s| **s == "Genomförd").count();
    let slides = deck_text("trelleborg-dr2-2023.toml");
    let status = slides.iter().find(|s| s.contains("Insatsernas status")).expect("a status slide");
    assert!(status.contains(&format!("{done} av {}", with_status.len())), "{status}");
    assert!(status.contains("insatser är genomförda"), "{status}");
}

#[test]
fn every_slide_title_stands_in_its_band() {
    // A title too long for one line at 38 pt is set smaller, down to 30 pt,
    // or its band grows: no line of it falls below the band, white on
    // white (the Växjö deck's "Omsorgsförvaltningens kompetensforum för
    // vård och omsorg" did).
    let mut found = Vec::new();
    for input in
        ["vaxjo-kompetensforum.toml", "hagersten-alvsjo.toml", "leanlink-uppfoljning.toml", "trelleborg-dr2-2023.toml"]
    {
        let Typeset { path, meta, source, templates, .. } = typeset(input);
        let boxes = planrapport::pipeline::text_boxes(&meta, &source, &templates, &path)
            .map_err(|e| format!("{:?}", e.items))
            .unwrap();
        let rendered = slides(input);
        for (i, slide) in rendered.iter().enumerate() {
            if slide.title || fill(&slide.png).is_none() {
                continue;
            }
            let (w, h, px) = rgba(&slide.png);
            // The band's bottom: down the slide's left edge, the last
            // coloured row from the top.
            let coloured = |y: usize| px[(y * w + 2) * 4..(y * w + 2) * 4 + 3].iter().any(|&c| c < 200);
            let band = (0..h).take_while(|&y| coloured(y)).count();
            #[allow(clippy::cast_precision_loss)]
            let band_pt = band as f64 / SCALE;
            // Title lines: type of 30 to 38 pt (key figures are 72) beginning
            // above where the body starts.
            for b in boxes.iter().filter(|b| b.page == i + 1 && (29.0..=40.0).contains(&b.height) && b.y < 4.0 * CM) {
                if b.y + b.height * 0.8 > band_pt + 1.0 {
                    found.push(format!("{input} slide {}: {:?} below its band ({band_pt:.0} pt)", i + 1, b.text));
                }
            }
        }
    }
    assert!(found.is_empty(), "{found:#?}");
}
