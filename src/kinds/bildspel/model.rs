//! A 16:9 slide deck: from a deck file (slides of a few kinds: title, key
//! figures, text and bullets, roles per group, a timeline, speakers), or
//! generated from a plan, a follow-up or an interim report. Long content is
//! split onto continuation slides here, before layout, so that nothing
//! overflows a slide.

use serde::Serialize;

use crate::model::DocumentMeta;
use crate::model::status::Counts;

/// A key figure: the number large, the sentence under it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Figure {
    /// "97 100" (Swedish digit grouping) or the value as written.
    pub value: String,
    pub text: String,
}

/// A group with its members' roles ("Handledarorganisationen: Enhetschef
/// och huvudhandledare").
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RoleGroup {
    pub name: String,
    pub roles: Vec<String>,
    pub text: String,
}

/// A point on a timeline ("Start" 2018 "arbetsgrupp").
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Event {
    pub label: String,
    pub when: String,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Speaker {
    pub name: String,
    pub role: String,
}

/// A name with its status as a coloured label with symbol and word
/// ("Ambassadörsprogram  ⊙ Pågår"), as generated decks show initiatives.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Labelled {
    pub name: String,
    pub status: crate::model::status::Status,
}

/// A department (or other group) with its goals as a list, as a generated
/// plan deck shows a phase.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GoalGroup {
    pub name: String,
    pub goals: Vec<String>,
}

/// Counts per status for a chart slide, with the rows and a text alternative.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChartData {
    pub rows: Vec<ChartRow>,
    pub total: Counts,
    pub alt: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChartRow {
    pub name: String,
    pub counts: Counts,
}

/// An indicator's target against its result per year, as bars (a generated
/// deck's "Mål och resultat"). The bars' lengths are kept in per mille of
/// the chart's scale, so that the deck's model stays `Eq` (the numbers
/// themselves are printed from their Swedish text).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TargetChart {
    pub name: String,
    pub alt: String,
    /// Printed after each number ("%", "st"; empty for none).
    pub unit: String,
    pub years: Vec<TargetBar>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TargetBar {
    pub year: i32,
    /// Per mille of the scale; `None` without a number.
    pub target: Option<u32>,
    pub result: Option<u32>,
    pub target_short: String,
    pub result_short: String,
    /// The year's verdict ("Uppnått") and its symbol, or empty.
    pub verdict: String,
    pub symbol: String,
}

impl TargetChart {
    /// The chart of an indicator that has one (a year with a numeric
    /// target and a result), with its years that have a number.
    pub fn of(ind: &crate::model::indicator::Indicator) -> Option<TargetChart> {
        if !ind.chart || ind.chart_max <= 0.0 {
            return None;
        }
        // Lengths in per mille of the largest number, never negative.
        let scale = |v: Option<f64>| {
            v.map(|v| {
                let per_mille = (v.max(0.0) / ind.chart_max * 1000.0).round().min(1000.0);
                // In 0..=1000 after the clamp above.
                #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
                let n = per_mille as u32;
                n
            })
        };
        let years: Vec<TargetBar> = ind
            .years
            .iter()
            .filter(|y| y.target.is_some() || y.result.is_some())
            .map(|y| TargetBar {
                year: y.year,
                target: scale(y.target),
                result: scale(y.result),
                target_short: y.target_short.clone(),
                result_short: y.result_short.clone(),
                verdict: y.assessment_word.clone(),
                symbol: y.assessment_symbol.clone(),
            })
            .collect();
        (!years.is_empty()).then(|| TargetChart {
            name: ind.name.clone(),
            alt: ind.chart_alt.clone(),
            unit: ind.unit.trim().to_string(),
            years,
        })
    }
}

/// How a slide is laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SlideKind {
    /// The deck's title slide: large title, subtitle, organisation.
    Title,
    /// A section divider: its title alone.
    Section,
    /// Anything else: title, then its content in order.
    Content,
}

/// One piece of a slide's content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Item {
    Bullet {
        text: String,
    },
    /// A paragraph (Markdown subset).
    Text {
        text: String,
    },
    Figure(Figure),
    Group(RoleGroup),
    Event(Event),
    Speaker(Speaker),
    Chart(ChartData),
    TargetChart(TargetChart),
    Status(Labelled),
    Goals(GoalGroup),
    /// A heading within a slide (a phase among the initiatives), never
    /// left last on a slide.
    Subheading {
        text: String,
    },
}

impl Item {
    fn kind(&self) -> &'static str {
        match self {
            Item::Bullet { .. } => "bullets",
            Item::Text { .. } => "text",
            Item::Figure(_) => "figures",
            Item::Group(_) => "groups",
            Item::Event(_) => "events",
            Item::Speaker(_) => "speakers",
            Item::Chart(_) => "chart",
            Item::TargetChart(_) => "target_charts",
            Item::Status(_) => "statuses",
            Item::Goals(_) => "goal_groups",
            Item::Subheading { .. } => "subheading",
        }
    }

    /// Lines of the slide's body the item takes (a rough measure at the
    /// deck's type sizes that errs on the safe side).
    fn cost(&self) -> usize {
        match self {
            Item::Bullet { text } | Item::Subheading { text } => lines(text),
            Item::Text { text } => lines(text) + 1,
            // A row of figures fits above a chart on one slide.
            Item::Figure(_) => 2,
            Item::Group(g) => (MAX_LINES / MAX_GROUPS).max(1 + lines(&g.text)).min(MAX_LINES),
            Item::Event(_) => MAX_LINES / MAX_EVENTS,
            Item::Speaker(_) => MAX_LINES / MAX_SPEAKERS,
            Item::Chart(_) => MAX_LINES - 4,
            // Its name, and two thin bars a year.
            Item::TargetChart(c) => (1 + lines(&c.name) + (3 * c.years.len()).div_ceil(2)).min(MAX_LINES),
            // The label sits at the right of the name's first line.
            Item::Status(l) => lines(&l.name),
            Item::Goals(g) => (1 + g.goals.iter().map(|x| lines(x)).sum::<usize>()).min(MAX_LINES),
        }
    }
}

/// A run of items of one kind, laid out together (a list, a row of figures,
/// a timeline …).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Block {
    pub kind: String,
    pub items: Vec<Item>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Slide {
    pub kind: SlideKind,
    pub title: String,
    pub subtitle: String,
    pub blocks: Vec<Block>,
    /// A continuation of the slide before ("(forts.)").
    pub continued: bool,
}

impl Slide {
    pub fn new(kind: SlideKind, title: impl Into<String>) -> Slide {
        Slide { kind, title: title.into(), subtitle: String::new(), blocks: Vec::new(), continued: false }
    }

    /// Adds an item, joining it to the last block when of the same kind.
    pub fn push(&mut self, item: Item) {
        match self.blocks.last_mut() {
            Some(b) if b.kind == item.kind() => b.items.push(item),
            _ => self.blocks.push(Block { kind: item.kind().to_string(), items: vec![item] }),
        }
    }

    pub fn items(&self) -> impl Iterator<Item = &Item> {
        self.blocks.iter().flat_map(|b| &b.items)
    }
}

/// A whole deck.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Deck {
    pub meta: DocumentMeta,
    /// The organisation's colour, `#rrggbb`.
    pub colour: String,
    pub slides: Vec<Slide>,
}

/// How much fits on one content slide (at the deck's type sizes).
const MAX_LINES: usize = 14;
const CHARS_PER_LINE: usize = 60;
const MAX_GROUPS: usize = 4;
const MAX_EVENTS: usize = 5;
const MAX_SPEAKERS: usize = 4;

fn lines(text: &str) -> usize {
    text.split('\n').map(|l| l.chars().count().div_ceil(CHARS_PER_LINE).max(1)).sum()
}

/// A subheading repeated on a continuation slide: "Medarbetare (forts.)".
fn continued(text: &str) -> String {
    if text.ends_with(" (forts.)") { text.to_string() } else { format!("{text} (forts.)") }
}

/// The number of `costs`' first items (at least one, not all) whose cost
/// together is within `fits` per mille of the whole: what stays on a slide
/// of which layout found that part fits.
fn fitting(costs: &[usize], fits: usize) -> usize {
    let total: usize = costs.iter().sum();
    let budget = total * fits.min(1000) / 1000;
    let mut used = 0;
    let mut keep = 0;
    for c in costs {
        if used + c > budget {
            break;
        }
        used += c;
        keep += 1;
    }
    keep.clamp(1, costs.len().saturating_sub(1).max(1))
}

/// Moves what does not fit of slide `index`'s content to a continuation
/// slide after it (used when layout finds that the slide overflows; `fits`
/// is how much of it fits, per mille, and so much stays, by the items'
/// estimated sizes). Returns false when the content cannot be split (a
/// single item).
pub fn split_slide(slides: &mut Vec<Slide>, index: usize, fits: usize) -> bool {
    let Some(slide) = slides.get(index) else { return false };
    let mut items: Vec<Item> = slide.items().cloned().collect();
    if items.len() == 1
        && let Item::Text { text } = &items[0]
    {
        let paras: Vec<&str> = text.split("\n\n").filter(|p| !p.trim().is_empty()).collect();
        if paras.len() >= 2 {
            let half = fitting(&paras.iter().map(|p| lines(p)).collect::<Vec<_>>(), fits);
            items =
                vec![Item::Text { text: paras[..half].join("\n\n") }, Item::Text { text: paras[half..].join("\n\n") }];
        }
    }
    if items.len() < 2 {
        return false;
    }
    // What moves goes before the continuation slide that follows, if there
    // is one (it is split again when that no longer fits), so that slides
    // stay full rather than leave a few lines on a slide of their own;
    // without one, the content is shared about evenly with the new slide.
    let joins = slides.get(index + 1).is_some_and(|s| s.continued && s.title == slide.title && s.kind == slide.kind);
    let keep = fitting(&items.iter().map(Item::cost).collect::<Vec<_>>(), if joins { fits } else { fits.min(550) });
    let mut rest = items.split_off(keep);
    // A subheading goes with what follows it; a group continued on the
    // next slide repeats its subheading there.
    if items.len() > 1
        && let Some(last) = items.pop_if(|i| matches!(i, Item::Subheading { .. }))
    {
        rest.insert(0, last);
    }
    if !matches!(rest.first(), Some(Item::Subheading { .. }))
        && let Some(text) = items.iter().rev().find_map(|i| match i {
            Item::Subheading { text } => Some(text),
            _ => None,
        })
    {
        rest.insert(0, Item::Subheading { text: continued(text) });
    }
    let mut first = Slide { blocks: Vec::new(), ..slide.clone() };
    let mut next = Slide { blocks: Vec::new(), continued: true, ..slide.clone() };
    for i in items {
        first.push(i);
    }
    if joins {
        let following: Vec<Item> = slides[index + 1].items().cloned().collect();
        // The continuation's repeated subheading is not needed where the
        // moved part already carries the group on.
        let repeated = matches!(following.first(), Some(Item::Subheading { text })
            if text.ends_with(" (forts.)")
                && rest.iter().any(|i| matches!(i, Item::Subheading { text: t } if continued(t) == *text)));
        rest.extend(following.into_iter().skip(usize::from(repeated)));
    }
    for i in rest {
        next.push(i);
    }
    slides[index] = first;
    if joins {
        slides[index + 1] = next;
    } else {
        slides.insert(index + 1, next);
    }
    true
}

/// Splits every slide whose content would not fit into a slide and
/// continuation slides ("(forts.)"), keeping the order of the content; the
/// content is spread evenly over them, so that no continuation holds only a
/// line or two.
pub fn paginate(slides: Vec<Slide>) -> Vec<Slide> {
    let mut out = Vec::new();
    for slide in slides {
        if slide.kind != SlideKind::Content {
            out.push(slide);
            continue;
        }
        let mut parts = split_within(&slide, MAX_LINES);
        if parts.len() >= 2 {
            // The smallest budget that needs no more slides.
            let total: usize = slide.items().map(Item::cost).sum();
            if let Some(even) = (total.div_ceil(parts.len())..MAX_LINES)
                .map(|budget| split_within(&slide, budget))
                .find(|p| p.len() == parts.len())
            {
                parts = even;
            }
        }
        out.extend(parts);
    }
    out
}

/// `slide` as slides of at most `budget` lines each (an item larger than
/// that alone on one).
fn split_within(slide: &Slide, budget: usize) -> Vec<Slide> {
    let mut out = Vec::new();
    let template = Slide { blocks: Vec::new(), continued: true, ..slide.clone() };
    let mut current = Slide { continued: slide.continued, ..template.clone() };
    let mut used = 0usize;
    let mut group: Option<String> = None;
    for item in slide.items().cloned() {
        let cost = item.cost();
        if used > 0 && used + cost > budget {
            // A subheading goes with what follows it.
            let mut carried = Vec::new();
            if let Some(b) = current.blocks.last()
                && b.kind == "subheading"
                && current.blocks.len() > 1
            {
                carried = current.blocks.pop().map(|b| b.items).unwrap_or_default();
            }
            out.push(std::mem::replace(&mut current, template.clone()));
            used = 0;
            if carried.is_empty()
                && !matches!(item, Item::Subheading { .. })
                && let Some(g) = &group
            {
                carried.push(Item::Subheading { text: continued(g) });
            }
            for c in carried {
                used += c.cost();
                current.push(c);
            }
        }
        if let Item::Subheading { text } = &item {
            group = Some(text.clone());
        }
        current.push(item);
        used += cost;
    }
    out.push(current);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_overflowing_slide_keeps_what_fits_and_the_rest_joins_its_continuation() {
        assert_eq!(fitting(&[1; 10], 800), 8);
        // At least one item stays, and never all.
        assert_eq!(fitting(&[5, 1], 100), 1);
        assert_eq!(fitting(&[1, 1], 1000), 1);
        let bullets = |slide: &Slide| -> Vec<String> {
            slide
                .items()
                .filter_map(|i| if let Item::Bullet { text } = i { Some(text.clone()) } else { None })
                .collect()
        };
        let mut first = Slide::new(SlideKind::Content, "Mål");
        for i in 0..10 {
            first.push(Item::Bullet { text: format!("a{i}") });
        }
        let mut next = Slide { continued: true, ..Slide::new(SlideKind::Content, "Mål") };
        for i in 0..2 {
            next.push(Item::Bullet { text: format!("b{i}") });
        }
        let mut slides = vec![first, next, Slide::new(SlideKind::Content, "Annat")];
        assert!(split_slide(&mut slides, 0, 700));
        assert_eq!(slides.len(), 3);
        assert_eq!(bullets(&slides[0]), ["a0", "a1", "a2", "a3", "a4", "a5", "a6"]);
        assert_eq!(bullets(&slides[1]), ["a7", "a8", "a9", "b0", "b1"]);
        assert!(slides[1].continued);
        // Without a continuation after it, the rest gets a slide of its own:
        // half of five items is two whole ones.
        assert!(split_slide(&mut slides, 1, 500));
        assert_eq!(slides.len(), 4);
        assert_eq!(bullets(&slides[1]), ["a7", "a8"]);
        assert_eq!(bullets(&slides[2]), ["a9", "b0", "b1"]);
        assert_eq!(slides[3].title, "Annat");
    }

    #[test]
    fn long_lists_continue_on_a_new_slide() {
        let mut s = Slide::new(SlideKind::Content, "Mål");
        for i in 0..20 {
            s.push(Item::Bullet { text: format!("Punkt {i}") });
        }
        let pages = paginate(vec![s]);
        assert_eq!(pages.len(), 2);
        assert!(!pages[0].continued && pages[1].continued);
        let all: Vec<&Item> = pages.iter().flat_map(Slide::items).collect();
        assert_eq!(all.len(), 20, "nothing lost");
        assert_eq!(all[19], &Item::Bullet { text: "Punkt 19".into() }, "order kept");
    }

    #[test]
    fn an_overflow_onto_a_new_slide_shares_the_content_with_it() {
        // Nine of ten fit: before, one bullet stood alone on the new
        // slide; now the two share them.
        let mut first = Slide::new(SlideKind::Content, "Mål");
        for i in 0..10 {
            first.push(Item::Bullet { text: format!("a{i}") });
        }
        let mut slides = vec![first];
        assert!(split_slide(&mut slides, 0, 950));
        let counts: Vec<usize> = slides.iter().map(|p| p.items().count()).collect();
        assert_eq!(counts, [5, 5]);
    }

    #[test]
    fn a_long_list_is_spread_evenly_over_its_slides() {
        // 16 one-line bullets: 14 and 2 before, 8 and 8 now.
        let mut s = Slide::new(SlideKind::Content, "Mål");
        for i in 0..16 {
            s.push(Item::Bullet { text: format!("Punkt {i}") });
        }
        let pages = paginate(vec![s]);
        let counts: Vec<usize> = pages.iter().map(|p| p.items().count()).collect();
        assert_eq!(counts, [8, 8]);
    }

    #[test]
    fn a_short_slide_stays_one() {
        let mut s = Slide::new(SlideKind::Content, "Roller");
        s.push(Item::Bullet { text: "En".into() });
        s.push(Item::Text { text: "Ett stycke.".into() });
        s.push(Item::Bullet { text: "Två".into() });
        let pages = paginate(vec![s]);
        assert_eq!(pages.len(), 1);
        assert_eq!(pages[0].blocks.len(), 3, "order of kinds kept");
    }
}
