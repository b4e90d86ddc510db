//! Checking a deck file into slides, and generating decks from the other
//! document kinds (a title slide, a slide per phase or perspective, a
//! status overview, the overdue or changed items).

use crate::diag::{Diagnostic, Diagnostics, Loc, Origin, nearest};
use crate::kinds::bildspel::load::RawDeck;
use crate::kinds::bildspel::load::{RawElement, RawSlide};
use crate::kinds::bildspel::model::{
    ChartData, ChartRow, Deck, Event, Figure, Item, RoleGroup, Slide, SlideKind, Speaker, paginate,
};
use crate::limits::MAX_SLIDES;
use crate::load::Scalar;
use crate::model::status::Counts;
use crate::validate::limits::check;
use crate::validate::{Validator, swedish_number};

/// The checked deck and the warnings found on the way.
pub struct CheckedDeck {
    pub deck: Deck,
    pub warnings: Diagnostics,
}

/// The accent colour when none is given.
pub const DEFAULT_COLOUR: &str = "#1d4f73";

const KINDS: [(&str, SlideKind); 6] = [
    ("titel", SlideKind::Title),
    ("avsnitt", SlideKind::Section),
    ("rubrik", SlideKind::Section),
    ("innehall", SlideKind::Content),
    ("innehåll", SlideKind::Content),
    ("bild", SlideKind::Content),
];

/// A value as printed: numbers the Swedish way ("97 100"), text as written.
fn figure_value(v: &Scalar) -> String {
    match v {
        Scalar::Number(n) => swedish_number(*n),
        other => other.to_text().trim().to_string(),
    }
}

/// A year or date as printed: numbers without digit grouping ("2018").
fn when_value(v: &Scalar) -> String {
    match v {
        Scalar::Number(n) => crate::load::format_number(*n),
        other => other.to_text().trim().to_string(),
    }
}

impl Validator {
    /// A value printed as written (a key figure, a time): numbers must be
    /// finite and not absurd; text is checked against the fonts.
    pub(crate) fn scalar_ok(&mut self, l: &Loc<Scalar>) {
        match &l.value {
            Scalar::Number(n) => {
                self.number_ok(&Loc::new(*n, l.at.clone()));
            }
            other => self.font_check(&other.to_text(), &l.at),
        }
    }

    pub(crate) fn deck(&mut self, raw: &RawDeck) -> Deck {
        let meta = self.meta(&raw.common, "presentation");
        let colour = match raw.colour.as_ref() {
            Some(c) => self.colour(&c.value, &c.at, "#005a9c").unwrap_or_else(|| DEFAULT_COLOUR.to_string()),
            None => colour_of(&meta),
        };
        let slides: Vec<Slide> = raw.slides.iter().filter_map(|s| self.slide(s)).collect();
        if raw.slides.is_empty() {
            self.diags.push(
                Diagnostic::error("bildspelet har inga bilder", Some(Origin::File(raw.common.source.clone())))
                    .with_hint("lägg till [[bild]] med rubrik och innehåll"),
            );
        }
        let mut meta = meta;
        meta.colour.clone_from(&colour);
        Deck { meta, colour, slides: paginate(slides) }
    }

    pub(crate) fn slide(&mut self, s: &RawSlide) -> Option<Slide> {
        let kind = match &s.kind {
            None => SlideKind::Content,
            Some(k) => {
                let word = k.value.trim().to_lowercase();
                if let Some((_, kind)) = KINDS.iter().find(|(w, _)| *w == word) {
                    *kind
                } else {
                    let mut d = Diagnostic::error(format!("okänd bildtyp \"{}\"", k.value), Some(k.at.clone()));
                    d = match nearest(&word, KINDS.iter().map(|(w, _)| *w)) {
                        Some(n) => d.with_hint(format!("menade du \"{n}\"? (bildtyper: titel, avsnitt, innehall)")),
                        None => d.with_hint("bildtyper: titel, avsnitt, innehall"),
                    };
                    self.diags.push(d);
                    return None;
                }
            }
        };
        let title = self.line(s.title.as_ref(), "rubriken");
        if title.is_empty() && kind != SlideKind::Title {
            self.diags
                .push(Diagnostic::error("bilden saknar rubrik", Some(s.at.clone())).with_hint("ange rubrik = \"…\""));
        }
        let mut slide = Slide::new(kind, title);
        slide.subtitle = self.text(s.subtitle.as_ref());
        for e in &s.elements {
            if let Some(item) = self.element(e) {
                slide.push(item);
            }
        }
        Some(slide)
    }

    pub(crate) fn element(&mut self, e: &RawElement) -> Option<Item> {
        let text = |this: &mut Self, l: &Option<Loc<String>>| this.text(l.as_ref());
        Some(match e {
            RawElement::Bullet(l) => Item::Bullet { text: self.checked_text(l) },
            RawElement::Text(l) => Item::Text { text: self.checked_text(l) },
            RawElement::Figure { at, value, text: t } => {
                let Some(value) = value else {
                    self.diags.push(
                        Diagnostic::error("nyckeltalet saknar värde", Some(at.clone())).with_hint("ange varde = 97100"),
                    );
                    return None;
                };
                self.scalar_ok(value);
                Item::Figure(Figure { value: figure_value(&value.value), text: text(self, t) })
            }
            RawElement::Group { name, roles, text: t, .. } => Item::Group(RoleGroup {
                name: text(self, name),
                roles: roles.iter().map(|r| self.checked_text(r)).filter(|r| !r.is_empty()).collect(),
                text: text(self, t),
            }),
            RawElement::Event { label, when, text: t, .. } => {
                if let Some(w) = when {
                    self.scalar_ok(w);
                }
                Item::Event(Event {
                    label: text(self, label),
                    when: when.as_ref().map(|w| when_value(&w.value)).unwrap_or_default(),
                    text: text(self, t),
                })
            }
            RawElement::Speaker { at, name, role } => {
                let name = text(self, name);
                if name.is_empty() {
                    self.diags.push(
                        Diagnostic::error("talaren saknar namn", Some(at.clone())).with_hint("ange namn = \"…\""),
                    );
                }
                Item::Speaker(Speaker { name, role: text(self, role) })
            }
        })
    }
}

/// The organisation's colour from the document settings, else the default.
pub(crate) fn colour_of(meta: &crate::model::DocumentMeta) -> String {
    if meta.colour.is_empty() { DEFAULT_COLOUR.to_string() } else { meta.colour.clone() }
}

pub(crate) fn title_slide(meta: &crate::model::DocumentMeta, subtitle: &str) -> Slide {
    let mut s = Slide::new(SlideKind::Title, meta.title.clone());
    s.subtitle = subtitle.to_string();
    s
}

pub(crate) fn chart_alt(rows: &[ChartRow], total: &Counts, what: &str) -> String {
    let parts: Vec<String> = rows.iter().map(|r| format!("{}: {}", r.name, r.counts.describe())).collect();
    crate::validate::alt_text(format!(
        "Stapeldiagram över {what} per status. {}. Totalt {}: {}.",
        parts.join(". "),
        total.total,
        total.describe()
    ))
}

/// "Mål och resultat": a chart of target against result per indicator that
/// has numbers to draw; `None` when none has.
pub(crate) fn target_slide<'a>(
    indicators: impl Iterator<Item = &'a crate::model::indicator::Indicator>,
) -> Option<Slide> {
    let mut s = Slide::new(SlideKind::Content, "Mål och resultat");
    for chart in indicators.filter_map(crate::kinds::bildspel::model::TargetChart::of) {
        s.push(Item::TargetChart(chart));
    }
    let any = s.items().next().is_some();
    any.then_some(s)
}

/// "Måluppfyllelse 2024": the count sentence and the chart of verdicts per
/// phase or perspective (the traffic-light colours with their words).
pub(crate) fn verdict_slide<'a>(
    rows: impl Iterator<Item = (&'a str, &'a crate::model::indicator::VerdictCounts)>,
    total: &crate::model::indicator::VerdictCounts,
    alt: &str,
) -> Slide {
    let mut s = Slide::new(SlideKind::Content, format!("Måluppfyllelse {}", total.year));
    s.subtitle.clone_from(&total.sentence);
    let rows: Vec<ChartRow> = rows
        .filter(|(_, c)| c.total > 0)
        .map(|(name, c)| ChartRow { name: name.to_string(), counts: c.as_counts() })
        .collect();
    s.push(Item::Chart(ChartData { alt: alt.to_string(), rows, total: total.as_counts() }));
    s
}

/// # Errors
/// Each limit passed.
pub(crate) fn within_limits(raw: &RawDeck) -> Result<(), Diagnostics> {
    let mut diags = Diagnostics::default();
    let source = &raw.common.source;
    check(&mut diags, source, raw.slides.len(), MAX_SLIDES, ["bildspelet", "bilder"], "dela upp bildspelet i flera");
    let elements: usize = raw.slides.iter().map(|s| s.elements.len()).sum();
    check(
        &mut diags,
        source,
        elements,
        MAX_SLIDES * 20,
        ["bildspelet", "innehållsdelar (punkter, stycken, tal …)"],
        "fördela innehållet på färre bilder, eller dela upp bildspelet",
    );
    if diags.has_errors() { Err(diags) } else { Ok(()) }
}
