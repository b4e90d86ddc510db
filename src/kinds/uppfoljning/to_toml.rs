//! The document as a TOML input, as `konvertera` writes it.

use super::load::HEADER_KEYS;
use super::model::{Activity, FollowUp, STANDARD_HEADERS};
use crate::export::toml_out::{Out, indicator, list, meta, quote, sections, status, thresholds, vocabulary};

fn activity(o: &mut Out, a: &Activity) {
    o.line("[[perspektiv.mal.namndmal.aktivitet]]");
    o.key("text", &a.text);
    o.key("slutdatum", &a.end.text);
    if !a.owners.is_empty() {
        o.line(format!("ansvarig = {}", list(&a.owners)));
    }
    match a.parts.as_slice() {
        [only] if only.unit.is_empty() => {
            o.line(format!("status = {}", quote(&status(&only.status))));
            o.key("kommentar", &only.comment);
        }
        parts => {
            for p in parts {
                o.line("[[perspektiv.mal.namndmal.aktivitet.enhet]]");
                o.key("namn", &p.unit);
                o.line(format!("status = {}", quote(&status(&p.status))));
                o.key("kommentar", &p.comment);
            }
        }
    }
    o.line("");
}

pub fn followup(f: &FollowUp) -> String {
    let mut o = Out(String::from("# Uppföljning, skriven av planrapport konvertera.\n\n"));
    meta(&mut o, "uppfoljning", &f.meta, &[("per", f.as_of.clone())]);
    thresholds(&mut o, f.thresholds);
    vocabulary(&mut o, &f.vocabulary);
    sections(&mut o, "kapitel", &f.chapters);
    if let Some(a) = &f.assignments {
        o.line("[uppdrag]");
        o.key("rubrik", &a.title);
        o.key("text", &a.text);
        o.key("kolumnrubrik", &a.column_title);
        o.line("");
        for r in &a.rows {
            o.line("[[uppdrag.rad]]");
            o.key("uppdrag", &r.text);
            o.key("slutdatum", &r.end.text);
            o.line(format!("status = {}", quote(&status(&r.status))));
            o.key("kommentar", &r.comment);
            o.line("");
        }
    }
    for p in &f.perspectives {
        o.line("[[perspektiv]]");
        o.key("namn", &p.name);
        o.line("");
        for g in &p.goals {
            o.line("[[perspektiv.mal]]");
            o.line(format!("namn = {}", quote(&g.name)));
            o.line("");
            // The table's own headers, where they differ from the standard ones.
            if g.headers.iter().zip(STANDARD_HEADERS).any(|(h, s)| h != s) {
                o.line("[perspektiv.mal.kolumnrubriker]");
                for ((key, h), standard) in HEADER_KEYS.iter().zip(&g.headers).zip(STANDARD_HEADERS) {
                    if h != standard {
                        o.line(format!("{key} = {}", quote(h)));
                    }
                }
                o.line("");
            }
            for c in &g.committee_goals {
                o.line("[[perspektiv.mal.namndmal]]");
                o.line(format!("rubrik = {}", quote(&c.title)));
                o.key("beskrivning", &c.description);
                o.line("");
                for a in &c.activities {
                    activity(&mut o, a);
                }
                for ind in &c.indicators {
                    indicator(&mut o, ind, "perspektiv.mal.namndmal.indikator");
                }
            }
        }
    }
    o.0
}
