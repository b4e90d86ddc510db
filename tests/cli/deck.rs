//! Slide decks: seed 000 (Växjö) from its deck file, slides in the seed's
//! order with every line of its text; no text outside any slide, checked on
//! the laid-out document; long content continues on a new slide; a deck
//! generated from each bundled example builds.

use std::path::Path;

use planrapport::kinds::bildspel::model::{Item, Slide, SlideKind};
use planrapport::pipeline::{Document, deck_of, deck_pdf, load, text_boxes};
use planrapport::render::Templates;
use planrapport::typeset::PdfProfile;

use crate::util::{page_sizes, pdf_text, root, run_in, squash, stderr, tempdir};

const DECK: &str = "data/vaxjo-kompetensforum.toml";
/// Seed 000's text as extracted (a copy of `shared/seeds/000_3d522ef080c6d443.txt`).
const SEED: &str = include_str!("../fixtures/seed000.txt");

/// The seed's slide titles, in order (the extraction starts each slide with its title).
const TITLES: [&str; 10] = [
    "Växjö kommun",
    "Omsorgsförvaltningens kompetensforum för vård och omsorg",
    "Mål",
    "Roller vård- och omsorgscollege",
    "Roller Kompetensforum för vård och omsorg",
    "Handledarorganisation på respektive enhet",
    "Språkombudsorganisation på respektive enhet",
    "Vård- och omsorgsambassadörer",
    "Framgångsfaktorer",
    "Samtal",
];

#[test]
fn the_deck_has_the_seeds_slides_in_order_with_every_line() {
    let dir = tempdir();
    let o = run_in(&root(), &["bygg", DECK, "-o", dir.path().to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let pdf = dir.path().join("vaxjo-kompetensforum.pdf");
    assert!(!dir.path().join("vaxjo-kompetensforum.xlsx").exists(), "a deck has no workbook");
    let sizes = page_sizes(&pdf);
    assert_eq!(sizes.len(), TITLES.len(), "one page per slide");
    for (w, h) in &sizes {
        assert!((w / h - 16.0 / 9.0).abs() < 0.01, "not 16:9: {w} × {h}");
    }
    for (i, title) in TITLES.iter().enumerate() {
        let page = squash(&pdf_text(&pdf, Some((i + 1, i + 1))));
        assert!(page.starts_with(&squash(title)), "slide {} is not {title:?}: {page}", i + 1);
    }
    let text = squash(&pdf_text(&pdf, None));
    let mut checked = 0;
    for line in SEED.lines() {
        let line = line.trim().trim_start_matches('•').trim();
        if line.is_empty() {
            continue;
        }
        assert!(text.contains(&squash(line)), "seed line missing from the deck: {line:?}");
        checked += 1;
    }
    assert!(checked > 40, "only {checked} lines checked");
    // Numbers the Swedish way.
    assert!(pdf_text(&pdf, Some((1, 1))).contains("97\u{a0}100") || pdf_text(&pdf, Some((1, 1))).contains("97 100"));
}

fn assert_inside(document: &Document, input: &Path) -> usize {
    let templates = Templates::built_in();
    let deck = deck_of(document);
    let (source, _) =
        deck_pdf(&deck, &templates, input, PdfProfile::A2aUa1).map_err(|e| format!("{:?}", e.items)).unwrap();
    let deck_doc = Document::Deck(deck);
    let boxes = text_boxes(deck_doc.meta(), &source, &templates, input).map_err(|e| format!("{:?}", e.items)).unwrap();
    assert!(!boxes.is_empty());
    for b in &boxes {
        assert!(
            b.x >= -0.5 && b.y >= -0.5 && b.x + b.width <= b.page_width + 0.5 && b.y + b.height <= b.page_height + 0.5,
            "text outside slide {}: {:?} at ({:.1}, {:.1}) size {:.1}×{:.1} on {:.1}×{:.1}",
            b.page,
            b.text,
            b.x,
            b.y,
            b.width,
            b.height,
            b.page_width,
            b.page_height
        );
    }
    boxes.iter().map(|b| b.page).max().unwrap_or(0)
}

#[test]
fn no_text_lies_outside_any_slide_of_any_bundled_deck() {
    for input in [DECK, "data/hagersten-alvsjo.toml", "data/leanlink-uppfoljning.toml", "data/trelleborg-dr2-2023.toml"]
    {
        let path = root().join(input);
        let loaded = load(&path).map_err(|e| format!("{:?}", e.items)).unwrap();
        let pages = assert_inside(&loaded.document, &path);
        assert!(pages >= 3, "{input}: only {pages} slides");
    }
}

#[test]
fn long_content_continues_on_a_new_slide_and_nothing_is_lost() {
    let path = root().join(DECK);
    let loaded = load(&path).map_err(|e| format!("{:?}", e.items)).unwrap();
    let Document::Deck(mut deck) = loaded.document else { panic!("not a deck") };
    let mut long = Slide::new(SlideKind::Content, "Många punkter");
    for i in 0..40 {
        long.push(Item::Bullet { text: format!("Punkt {i}: en mening som tar en stor del av en rad på bilden") });
    }
    let mut para = Slide::new(SlideKind::Content, "Lång text");
    para.push(Item::Text {
        text: vec!["Ett stycke med text som fortsätter över flera rader på bilden. ".repeat(4); 6].join("\n\n"),
    });
    deck.slides = planrapport::kinds::bildspel::model::paginate(vec![long, para]);
    let templates = Templates::built_in();
    let (source, pdf) =
        deck_pdf(&deck, &templates, &path, PdfProfile::A2aUa1).map_err(|e| format!("{:?}", e.items)).unwrap();
    let dir = tempdir();
    std::fs::write(dir.path().join("d.pdf"), &pdf).unwrap();
    let text = squash(&pdf_text(&dir.path().join("d.pdf"), None));
    for i in 0..40 {
        assert!(text.contains(&squash(&format!("Punkt {i}:"))), "bullet {i} lost");
    }
    assert!(text.contains(&squash("Många punkter (forts.)")) && text.contains(&squash("Lång text (forts.)")));
    let boxes = text_boxes(&deck.meta, &source, &templates, &path).map_err(|e| format!("{:?}", e.items)).unwrap();
    assert!(boxes.iter().all(|b| b.y + b.height <= b.page_height + 0.5), "text below a slide");
}

#[test]
fn generated_decks_build_beside_each_document() {
    let dir = tempdir();
    let o = run_in(
        &root(),
        &[
            "bygg",
            "data/hagersten-alvsjo.toml",
            "data/leanlink-uppfoljning.toml",
            "data/trelleborg-dr2-2023.toml",
            "--bildspel",
            "-o",
            dir.path().to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    for stem in ["hagersten-alvsjo", "leanlink-uppfoljning", "trelleborg-dr2-2023"] {
        let pdf = dir.path().join(format!("{stem}-bildspel.pdf"));
        let sizes = page_sizes(&pdf);
        assert!(sizes.len() >= 3, "{stem}: {} slides", sizes.len());
        let raw = String::from_utf8_lossy(&std::fs::read(&pdf).unwrap()).to_string();
        assert!(raw.contains("/StructTreeRoot") && raw.contains("/Lang(sv"), "{stem}: not tagged");
    }
    let follow = squash(&pdf_text(&dir.path().join("leanlink-uppfoljning-bildspel.pdf"), None));
    assert!(follow.contains(&squash("7 av 44")), "status figures missing");
    assert!(follow.contains(&squash("Passerat slutdatum")), "overdue slide missing");
}

#[test]
fn the_deck_workbook_builds_the_same_deck() {
    let dir = tempdir();
    for input in [DECK, "data/vaxjo-kompetensforum.xlsx"] {
        let o = run_in(&root(), &["bygg", input, "-o", dir.path().join(input.replace('/', "_")).to_str().unwrap()]);
        assert!(o.status.success(), "{input}: {}", stderr(&o));
    }
    let a = std::fs::read(dir.path().join("data_vaxjo-kompetensforum.toml/vaxjo-kompetensforum.pdf")).unwrap();
    let b = std::fs::read(dir.path().join("data_vaxjo-kompetensforum.xlsx/vaxjo-kompetensforum.pdf")).unwrap();
    assert!(a == b, "TOML and xlsx decks differ");
}
