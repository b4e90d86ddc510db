//! The document as a TOML input, as `konvertera` writes it.

use super::model::Report;
use crate::export::toml_out::{Out, indicator, meta, phases, quote, sections, status, thresholds, vocabulary};

pub fn report(r: &Report) -> String {
    let mut o = Out(String::from("# Delårsrapport, skriven av planrapport konvertera.\n\n"));
    meta(&mut o, "delarsrapport", &r.meta, &[("rapport", quote(&r.report)), ("ar", r.year.to_string())]);
    phases(&mut o, &r.phase_model);
    thresholds(&mut o, r.thresholds);
    vocabulary(&mut o, &r.vocabulary);
    sections(&mut o, "kapitel", &r.chapters);
    for p in r.phases.iter().filter(|p| !p.text.is_empty()) {
        o.line("[[fastext]]");
        o.line(format!("fas = {}", quote(&p.name)));
        o.key("text", &p.text);
        o.line("");
    }
    let keys = [
        ("Syfte", "syfte"),
        ("Genomfört", "genomfort"),
        ("Pågående", "pagaende"),
        ("Planerat", "planerat"),
        ("Kommentar", "kommentar"),
        ("", "text"),
    ];
    for i in r.initiatives() {
        o.line("[[insats]]");
        o.line(format!("fas = {}", quote(&i.phase)));
        o.key("namn", &i.name);
        if !i.goal_only {
            o.line(format!("status = {}", quote(&status(&i.status))));
        }
        for (label, key) in keys {
            if let Some(f) = i.fields.iter().find(|f| f.label == label) {
                o.key(key, &f.text);
            }
        }
        o.line("");
        for ind in &i.indicators {
            indicator(&mut o, ind, "insats.mal");
        }
    }
    o.0
}
