//! The slide deck made from the document (`--bildspel`).

use super::model::FollowUp;
use crate::kinds::bildspel::model::{ChartData, ChartRow, Deck, Figure, Item, RoleGroup, Slide, SlideKind, paginate};
use crate::kinds::bildspel::validate::{chart_alt, colour_of, target_slide, title_slide, verdict_slide};

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
        let goals = f.perspectives.iter().flat_map(|p| &p.goals).flat_map(|g| &g.committee_goals);
        slides.extend(target_slide(goals.flat_map(|c| &c.indicators)));
    }
    if !f.overdue.is_empty() {
        let mut s = Slide::new(SlideKind::Content, "Passerat slutdatum");
        // Each activity as a card: what it is, then its date, status and
        // goal, so that a few of them hold a slide of their own.
        for o in &f.overdue {
            s.push(Item::Group(RoleGroup {
                name: o.activity.clone(),
                roles: Vec::new(),
                text: format!("Slutdatum {} · {} · {}", o.end, o.status, o.goal),
            }));
        }
        slides.push(s);
    }
    Deck { meta: f.meta.clone(), colour: colour_of(&f.meta), slides: paginate(slides) }
}
