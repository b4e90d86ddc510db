//! Any checked document written back as TOML input (`planrapport
//! konvertera IN UT.toml`): reading the result gives the same model.

use std::fmt::Write as _;

use chrono::NaiveDate;

use crate::kinds::bildspel::model::{Deck, Item, Slide, SlideKind};
use crate::kinds::uppfoljning::model::{Activity, FollowUp};
use crate::model::indicator::{Indicator, Thresholds};
use crate::kinds::plan::model::Plan;
use crate::model::{DocumentMeta, Section};
use crate::kinds::delarsrapport::model::Report;
use crate::model::status::{Status, StatusKind, Vocabulary};

/// A TOML basic string: every character that needs it escaped.
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Longer text as a multi-line string, for people editing the file.
fn text(s: &str) -> String {
    if !s.contains('\n') {
        return quote(s);
    }
    let mut out = String::from("\"\"\"\n");
    for c in s.chars() {
        match c {
            '\n' => out.push('\n'),
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push_str("\"\"\"");
    out
}

fn list(items: &[String]) -> String {
    format!("[{}]", items.iter().map(|s| quote(s)).collect::<Vec<_>>().join(", "))
}

/// A date written as a TOML date when it is one, else as text.
fn date(s: &str) -> String {
    if NaiveDate::parse_from_str(s, "%Y-%m-%d").is_ok() { s.to_string() } else { quote(s) }
}

struct Out(String);

impl Out {
    fn line(&mut self, s: impl AsRef<str>) {
        self.0.push_str(s.as_ref());
        self.0.push('\n');
    }

    fn key(&mut self, key: &str, value: &str) {
        if !value.is_empty() {
            self.line(format!("{key} = {}", text(value)));
        }
    }
}

fn meta(o: &mut Out, kind: &str, m: &DocumentMeta, extra: &[(&str, String)]) {
    o.line("[dokument]");
    o.line(format!("typ = {}", quote(kind)));
    o.key("organisation", &m.organisation);
    o.key("titel", &m.title);
    o.key("undertitel", &m.subtitle);
    o.key("period", &m.period);
    o.key("version", &m.version);
    if !m.date.is_empty() {
        o.line(format!("datum = {}", date(&m.date)));
    }
    o.key("diarienummer", &m.diarienummer);
    o.key("forfattare", &m.author);
    o.key("faststalld_av", &m.decided_by);
    if !m.decided_date.is_empty() {
        o.line(format!("faststalld_datum = {}", date(&m.decided_date)));
    }
    o.key("logotyp", &m.logo);
    if !m.logo.is_empty() {
        o.key("logotyp_text", &m.logo_alt);
    }
    o.key("farg", &m.colour);
    o.key("sidnummer", &m.page_number);
    for (k, v) in extra {
        o.line(format!("{k} = {v}"));
    }
    o.line("");
}

/// A built-in phase model by its name, an own one as its list.
fn phases(o: &mut Out, model: &crate::model::PhaseModel) {
    o.line("[faser]");
    if model.is_built_in() {
        o.line(format!("modell = {}", quote(&model.name)));
    } else {
        o.line(format!("lista = {}", list(&model.phases)));
    }
    o.line("");
}

fn sections(o: &mut Out, table: &str, list: &[Section]) {
    for s in list {
        o.line(format!("[[{table}]]"));
        o.key("rubrik", &s.title);
        o.key("text", &s.text);
        o.line("");
        sections(o, &format!("{table}.avsnitt"), &s.sections);
    }
}

fn vocabulary(o: &mut Out, v: &Vocabulary) {
    let default = Vocabulary::default();
    for (w, d) in v.words.iter().zip(&default.words) {
        if w == d {
            continue;
        }
        o.line("[[status]]");
        o.key("namn", &w.word);
        o.line(format!("betyder = {}", quote(w.kind.key())));
        o.line(format!("farg = {}", quote(&w.colour)));
        let added: Vec<String> = w.synonyms.iter().filter(|s| !d.synonyms.contains(s)).cloned().collect();
        if !added.is_empty() {
            o.line(format!("synonymer = {}", list(&added)));
        }
        o.line("");
    }
}

/// The status as written: its own text when it said more, else its word.
fn status(s: &Status) -> String {
    if s.kind == StatusKind::Missing {
        String::new()
    } else if s.note.is_empty() {
        s.word.clone()
    } else {
        s.note.clone()
    }
}

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

/// `[bedomning]`, when not the defaults.
fn thresholds(o: &mut Out, t: Thresholds) {
    if t != Thresholds::default() {
        o.line("[bedomning]");
        o.line(format!("uppnatt = {}", number(t.achieved * 100.0)));
        o.line(format!("delvis = {}", number(t.partly * 100.0)));
        o.line("");
    }
}

fn number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 { format!("{n:.0}") } else { format!("{n}") }
}

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

/// An indicator and its periods under `[[path]]` (shared by the kinds).
fn indicator(o: &mut Out, ind: &Indicator, path: &str) {
    o.line(format!("[[{path}]]"));
    o.key("indikator", &ind.name);
    o.key("enhet", &ind.unit);
    if ind.direction_given {
        o.line(format!("riktning = {}", quote(ind.direction.word())));
    }
    if let Some(y) = ind.baseline_year {
        o.line(format!("utgangslage_ar = {y}"));
    }
    if let Some(b) = ind.baseline {
        o.line(format!("utgangslage = {}", number(b)));
    }
    o.key("text", &ind.text);
    o.line("");
    for y in &ind.years {
        o.line(format!("[[{path}.ar]]"));
        o.line(format!("ar = {}", y.year));
        // A percentage from a percent cell keeps its "%" in words.
        let percent = |v: f64| quote(&crate::validate::percent_text(v));
        match (y.increase, y.target) {
            (Some(inc), _) => o.line(format!("okning = {}", number(inc))),
            _ if !y.target_written.is_empty() => o.line(format!("mal = {}", quote(&y.target_written))),
            (None, Some(t)) if y.target_percent => o.line(format!("mal = {}", percent(t))),
            (None, Some(t)) => o.line(format!("mal = {}", number(t))),
            (None, None) => {}
        }
        o.key("maltext", &y.target_text);
        match y.result {
            _ if !y.result_written.is_empty() => o.line(format!("resultat = {}", quote(&y.result_written))),
            Some(v) if y.result_percent => o.line(format!("resultat = {}", percent(v))),
            Some(v) => o.line(format!("resultat = {}", number(v))),
            None => {}
        }
        o.key("resultattext", &y.result_text);
        if y.manual {
            o.line(format!("bedomning = {}", quote(&y.assessment_word)));
        }
        o.line("");
    }
}

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
                Item::Chart(_) | Item::Status(_) | Item::Goals(_) | Item::Subheading { .. } => {}
            }
        }
        o.line("");
    }
    o.0
}
