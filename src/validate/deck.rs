//! Checking a deck file into slides, and generating decks from the other
//! document kinds (a title slide, a slide per phase or perspective, a
//! status overview, the overdue or changed items).

use super::{Validator, swedish_number};
use crate::diag::{Diagnostic, Diagnostics, Loc, Origin, nearest};
use crate::load::deck::{RawElement, RawSlide};
use crate::load::{RawDeck, Scalar};
use crate::model::deck::{
    ChartData, ChartRow, Deck, Event, Figure, GoalGroup, Item, Labelled, RoleGroup, Slide, SlideKind, Speaker, paginate,
};
use crate::model::followup::Counts;
use crate::model::{FollowUp, Plan, Report};

/// The checked deck and the warnings found on the way.
pub struct CheckedDeck {
    pub deck: Deck,
    pub warnings: Diagnostics,
}

/// The accent colour when none is given.
pub const DEFAULT_COLOUR: &str = "#1d4f73";

/// Checks a raw deck.
///
/// # Errors
/// All errors found (with any warnings among them), when there is at least one.
pub fn validate_deck(raw: &RawDeck) -> Result<CheckedDeck, Diagnostics> {
    super::limits::deck(raw)?;
    let mut v = Validator::default();
    let deck = v.deck(raw);
    v.no_pictures("ett bildspel");
    if v.diags.has_errors() { Err(v.diags) } else { Ok(CheckedDeck { deck, warnings: v.diags }) }
}

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
    fn scalar_ok(&mut self, l: &Loc<Scalar>) {
        match &l.value {
            Scalar::Number(n) => {
                self.number_ok(&Loc::new(*n, l.at.clone()));
            }
            other => self.font_check(&other.to_text(), &l.at),
        }
    }

    fn deck(&mut self, raw: &RawDeck) -> Deck {
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

    fn slide(&mut self, s: &RawSlide) -> Option<Slide> {
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

    fn element(&mut self, e: &RawElement) -> Option<Item> {
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
fn colour_of(meta: &crate::model::DocumentMeta) -> String {
    if meta.colour.is_empty() { DEFAULT_COLOUR.to_string() } else { meta.colour.clone() }
}

fn title_slide(meta: &crate::model::DocumentMeta, subtitle: &str) -> Slide {
    let mut s = Slide::new(SlideKind::Title, meta.title.clone());
    s.subtitle = subtitle.to_string();
    s
}

fn chart_alt(rows: &[ChartRow], total: &Counts, what: &str) -> String {
    let describe = |c: &Counts| {
        c.by_kind
            .iter()
            .filter(|k| k.count > 0)
            .map(|k| format!("{} {}", k.count, k.word.to_lowercase()))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let parts: Vec<String> = rows.iter().map(|r| format!("{}: {}", r.name, describe(&r.counts))).collect();
    super::alt_text(format!(
        "Stapeldiagram över {what} per status. {}. Totalt {}: {}.",
        parts.join(". "),
        total.total,
        describe(total)
    ))
}

/// "Måluppfyllelse 2024": the count sentence and the chart of verdicts per
/// phase or perspective (the traffic-light colours with their words).
fn verdict_slide<'a>(
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

/// A deck from a plan: a title slide, then a slide per phase with the
/// goals of every department in that phase.
pub fn deck_from_plan(plan: &Plan) -> Deck {
    let mut slides = vec![title_slide(&plan.meta, &[plan.meta.period.as_str(), plan.meta.version.as_str()].join(" "))];
    // The plan in figures: departments, goals, activities.
    let rows = plan.departments.iter().flat_map(|d| &d.phases).flat_map(|p| &p.rows);
    let (goals, activities) = rows.fold((0, 0), |(g, a), r| (g + 1, a + r.activities.len()));
    let with_plan = plan.departments.iter().filter(|d| !d.phases.is_empty()).count();
    if goals > 0 {
        let mut s = Slide::new(SlideKind::Content, "Planen i korthet");
        for (value, text) in [
            (with_plan, if with_plan == 1 { "avdelning med handlingsplan" } else { "avdelningar med handlingsplan" }),
            (goals, if goals == 1 { "mål" } else { "mål att uppnå" }),
            (activities, if activities == 1 { "aktivitet" } else { "aktiviteter" }),
        ] {
            s.push(Item::Figure(Figure { value: crate::limits::count(value as u64), text: text.to_string() }));
        }
        slides.push(s);
    }
    // Per phase, each department's goals under its name.
    for phase in &plan.phase_model.phases {
        let mut s = Slide::new(SlideKind::Content, phase.clone());
        for d in &plan.departments {
            let goals: Vec<String> =
                d.phases.iter().filter(|p| &p.name == phase).flat_map(|p| &p.rows).map(|r| r.goal.clone()).collect();
            // A department with more goals than a slide holds is split into parts.
            for part in goals.chunks(8) {
                s.push(Item::Goals(GoalGroup { name: d.name.clone(), goals: part.to_vec() }));
            }
        }
        if !s.blocks.is_empty() {
            slides.push(s);
        }
    }
    Deck { meta: plan.meta.clone(), colour: colour_of(&plan.meta), slides: paginate(slides) }
}

/// A deck from a follow-up: a title slide, the status overview (figures
/// and chart), a slide per perspective with its committee goals, and the
/// overdue activities.
pub fn deck_from_followup(f: &FollowUp) -> Deck {
    let mut slides = vec![title_slide(&f.meta, &format!("Uppföljning per {}", f.as_of_long))];
    let mut overview = Slide::new(SlideKind::Content, "Status");
    overview.push(Item::Figure(Figure {
        value: format!("{} av {}", f.counts.done, f.counts.total),
        text: "aktiviteter är genomförda".to_string(),
    }));
    overview.push(Item::Figure(Figure {
        value: f.counts.overdue.to_string(),
        text: "aktiviteter har passerat sitt slutdatum".to_string(),
    }));
    // A follow-up of indicators only has no activities to count.
    // The key figures over the chart of activities per perspective and status.
    if f.counts.total > 0 {
        let rows: Vec<ChartRow> =
            f.perspectives.iter().map(|p| ChartRow { name: p.name.clone(), counts: p.counts.clone() }).collect();
        overview.push(Item::Chart(ChartData {
            alt: chart_alt(&rows, &f.counts, "aktiviteterna"),
            rows,
            total: f.counts.clone(),
        }));
        slides.push(overview);
    }
    // The committee goals per perspective, each perspective under its
    // heading with its count, as many perspectives per slide as fit.
    let mut s = Slide::new(SlideKind::Content, "Nämndmålen per perspektiv");
    for p in &f.perspectives {
        let count = if p.counts.total > 0 {
            format!("{} av {} aktiviteter genomförda", p.counts.done, p.counts.total)
        } else {
            p.target_counts.sentence.clone()
        };
        s.push(Item::Subheading {
            text: if count.is_empty() { p.name.clone() } else { format!("{} · {count}", p.name) },
        });
        for g in &p.goals {
            for c in &g.committee_goals {
                s.push(Item::Bullet { text: c.title.clone() });
            }
        }
    }
    if !f.perspectives.is_empty() {
        slides.push(s);
    }
    if f.target_counts.total > 0 {
        slides.push(verdict_slide(
            f.perspectives.iter().map(|p| (p.name.as_str(), &p.target_counts)),
            &f.target_counts,
            &f.target_chart_alt,
        ));
    }
    if !f.overdue.is_empty() {
        let mut s = Slide::new(SlideKind::Content, "Passerat slutdatum");
        for o in &f.overdue {
            s.push(Item::Bullet { text: format!("{} (slutdatum {}, {})", o.activity, o.end, o.status.to_lowercase()) });
        }
        slides.push(s);
    }
    Deck { meta: f.meta.clone(), colour: colour_of(&f.meta), slides: paginate(slides) }
}

/// A deck from an interim report: a title slide, the status overview, a
/// slide per phase with its initiatives, and what changed.
pub fn deck_from_report(r: &Report) -> Deck {
    let mut slides = vec![title_slide(&r.meta, &r.label)];
    let rows: Vec<ChartRow> = r
        .phases
        .iter()
        .filter(|p| p.counts.total > 0)
        .map(|p| ChartRow { name: p.name.clone(), counts: p.counts.clone() })
        .collect();
    // A report of goals with indicators only has no initiatives' statuses to chart.
    if r.counts.total > 0 {
        let mut chart = Slide::new(SlideKind::Content, "Insatsernas status");
        chart.push(Item::Chart(ChartData {
            alt: chart_alt(&rows, &r.counts, "insatserna"),
            rows,
            total: r.counts.clone(),
        }));
        slides.push(chart);
    }
    // The year's targets: the count sentence and the chart per phase, then each target with its verdict.
    if r.target_counts.total > 0 {
        slides.push(verdict_slide(
            r.phases.iter().map(|p| (p.name.as_str(), &p.target_counts)),
            &r.target_counts,
            &r.target_chart_alt,
        ));
        let mut s = Slide::new(SlideKind::Content, format!("Målen {} och deras bedömning", r.year));
        for ind in r.initiatives().flat_map(|i| &i.indicators) {
            for y in ind.years.iter().filter(|y| y.year == r.year && !y.assessment_word.is_empty()) {
                if !y.target_display.is_empty() || y.manual {
                    s.push(Item::Bullet { text: format!("{}: {}", ind.name, y.assessment_word.to_lowercase()) });
                }
            }
        }
        slides.push(s);
    }
    // The initiatives per phase, each phase under its heading, with their
    // status as labels; as many phases per slide as fit.
    let mut s = Slide::new(SlideKind::Content, "Insatserna per fas");
    for p in &r.phases {
        s.push(Item::Subheading { text: p.name.clone() });
        if p.initiatives.is_empty() && !p.text.is_empty() {
            s.push(Item::Text { text: crate::markdown::without_pictures(&p.text) });
        }
        for i in &p.initiatives {
            if i.goal_only {
                s.push(Item::Bullet { text: i.name.clone() });
            } else {
                s.push(Item::Status(Labelled { name: i.name.clone(), status: i.status.clone() }));
            }
        }
    }
    if !r.phases.is_empty() {
        slides.push(s);
    }
    if let Some(previous) = &r.previous {
        let mut s = Slide::new(SlideKind::Content, format!("Förändringar sedan {previous}"));
        for c in &r.changes {
            s.push(Item::Bullet { text: format!("{}: {} ({})", c.initiative, c.what, c.word.to_lowercase()) });
        }
        if r.changes.is_empty() {
            s.push(Item::Text { text: "Inget har ändrats.".to_string() });
        }
        slides.push(s);
    }
    Deck { meta: r.meta.clone(), colour: colour_of(&r.meta), slides: paginate(slides) }
}
