//! The document as a TOML input, as `konvertera` writes it.

use super::model::{Deck, Item, Slide, SlideKind};
use crate::export::toml_out::{Out, list, meta, quote, text};

/// A deck's slides with continuation slides joined back to the slide they
/// continue (layout splits them again).
pub fn unpaginated(slides: &[Slide]) -> Vec<Slide> {
    let mut out: Vec<Slide> = Vec::new();
    for s in slides {
        match out.last_mut() {
            Some(prev) if s.continued && prev.title == s.title => {
                for i in s.items() {
                    prev.push(i.clone());
                }
            }
            _ => out.push(Slide { continued: false, ..s.clone() }),
        }
    }
    out
}

pub fn deck(d: &Deck) -> String {
    let mut o = Out(String::from("# Bildspel, skrivet av planrapport konvertera.\n\n"));
    let mut m = d.meta.clone();
    m.colour.clone_from(&d.colour);
    meta(&mut o, "presentation", &m, &[]);
    for s in unpaginated(&d.slides) {
        o.line("[[bild]]");
        let kind = match s.kind {
            SlideKind::Title => "titel",
            SlideKind::Section => "avsnitt",
            SlideKind::Content => "innehall",
        };
        o.line(format!("typ = {}", quote(kind)));
        o.key("rubrik", &s.title);
        o.key("underrubrik", &s.subtitle);
        for item in s.items() {
            match item {
                Item::Bullet { text: t } => {
                    o.line("[[bild.punkt]]");
                    o.line(format!("text = {}", quote(t)));
                }
                Item::Text { text: t } => {
                    o.line("[[bild.stycke]]");
                    o.line(format!("text = {}", text(t)));
                }
                Item::Figure(f) => {
                    o.line("[[bild.tal]]");
                    o.line(format!("varde = {}", quote(&f.value)));
                    o.key("text", &f.text);
                }
                Item::Group(g) => {
                    o.line("[[bild.grupp]]");
                    o.key("namn", &g.name);
                    if !g.roles.is_empty() {
                        o.line(format!("roller = {}", list(&g.roles)));
                    }
                    o.key("text", &g.text);
                }
                Item::Event(e) => {
                    o.line("[[bild.handelse]]");
                    o.key("rubrik", &e.label);
                    o.line(format!("nar = {}", quote(&e.when)));
                    o.key("text", &e.text);
                }
                Item::Speaker(sp) => {
                    o.line("[[bild.talare]]");
                    o.key("namn", &sp.name);
                    o.key("roll", &sp.role);
                }
                // Generated decks only (never read from a deck file).
                Item::Chart(_) | Item::TargetChart(_) | Item::Status(_) | Item::Goals(_) | Item::Subheading { .. } => {}
            }
        }
        o.line("");
    }
    o.0
}
