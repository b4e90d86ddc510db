//! The document as a TOML input, as `konvertera` writes it.

use super::model::Plan;
use crate::export::toml_out::{Out, date, indicator, list, meta, phases, quote, sections, thresholds};

pub fn plan(p: &Plan) -> String {
    let mut o = Out(String::from("# Kompetensförsörjningsplan, skriven av planrapport konvertera.\n\n"));
    meta(&mut o, "plan", &p.meta, &[]);
    phases(&mut o, &p.phase_model);
    thresholds(&mut o, p.thresholds);
    sections(&mut o, "kapitel", &p.chapters);
    for d in &p.departments {
        o.line("[[avdelning]]");
        o.key("namn", &d.name);
        o.key("rubrik", &d.title);
        if !d.date.is_empty() {
            o.line(format!("datum = {}", date(&d.date)));
        }
        o.key("ansvarig_chef", &d.manager);
        o.key("text", &d.text);
        o.line("");
        sections(&mut o, "avdelning.avsnitt", &d.sections);
        for phase in &d.phases {
            for r in &phase.rows {
                o.line("[[avdelning.rad]]");
                o.line(format!("fas = {}", quote(&phase.name)));
                o.key("mal", &r.goal);
                o.line(format!("aktiviteter = {}", list(&r.activities)));
                let deadlines: Vec<String> = r.deadlines.iter().map(|d| d.text.clone()).collect();
                o.line(format!("maldatum = {}", list(&deadlines)));
                o.line(format!("ansvariga = {}", list(&r.owners)));
                o.key("resurser", &r.resources);
                o.key("uppfoljning", &r.followup);
                o.line("");
                // A goal's indicators under its first row.
                let first = d.phases.iter().flat_map(|p| &p.rows).position(|x| x.goal == r.goal);
                let this = d.phases.iter().flat_map(|p| &p.rows).position(|x| std::ptr::eq(x, r));
                if first == this {
                    for g in d.goal_indicators.iter().filter(|g| g.title == r.goal) {
                        for ind in &g.indicators {
                            indicator(&mut o, ind, "avdelning.rad.indikator");
                        }
                    }
                }
            }
        }
    }
    o.0
}
