//! The slide deck made from the document (`--bildspel`).

use super::model::Report;
use crate::kinds::bildspel::model::{ChartData, ChartRow, Deck, Figure, Item, Labelled, Slide, SlideKind, paginate};
use crate::kinds::bildspel::validate::{chart_alt, colour_of, target_slide, title_slide, verdict_slide};

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
        // The key figures over the chart.
        chart.push(Item::Figure(Figure {
            value: format!("{} av {}", r.counts.done, r.counts.total),
            text: "insatser är genomförda".to_string(),
        }));
        if r.target_counts.total > 0 {
            chart.push(Item::Figure(Figure {
                value: format!("{} av {}", r.target_counts.achieved, r.target_counts.total),
                text: format!("mål för {} är uppnådda", r.year),
            }));
        }
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
    // Target against result, per indicator with numbers.
    slides.extend(target_slide(r.initiatives().flat_map(|i| &i.indicators)));
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
