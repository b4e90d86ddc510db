//! The slide deck made from the document (`--bildspel`).

use super::model::Plan;
use crate::kinds::bildspel::model::{Deck, Figure, GoalGroup, Item, Slide, SlideKind, paginate};
use crate::kinds::bildspel::validate::{colour_of, target_slide, title_slide};

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
    // The goals' indicators: target against result.
    slides.extend(target_slide(plan.departments.iter().flat_map(|d| &d.goal_indicators).flat_map(|g| &g.indicators)));
    Deck { meta: plan.meta.clone(), colour: colour_of(&plan.meta), slides: paginate(slides) }
}
