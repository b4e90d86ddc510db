//! Any checked document written back as TOML input (`planrapport
//! konvertera IN UT.toml`): reading the result gives the same model.

use std::fmt::Write as _;

use chrono::NaiveDate;

use crate::model::indicator::{Indicator, Thresholds};
use crate::model::status::{Status, StatusKind, Vocabulary};
use crate::model::{DocumentMeta, Section};

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
pub(crate) fn text(s: &str) -> String {
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

pub(crate) fn list(items: &[String]) -> String {
    format!("[{}]", items.iter().map(|s| quote(s)).collect::<Vec<_>>().join(", "))
}

/// A date written as a TOML date when it is one, else as text.
pub(crate) fn date(s: &str) -> String {
    if NaiveDate::parse_from_str(s, "%Y-%m-%d").is_ok() { s.to_string() } else { quote(s) }
}

pub(crate) struct Out(pub(crate) String);

impl Out {
    pub(crate) fn line(&mut self, s: impl AsRef<str>) {
        self.0.push_str(s.as_ref());
        self.0.push('\n');
    }

    pub(crate) fn key(&mut self, key: &str, value: &str) {
        if !value.is_empty() {
            self.line(format!("{key} = {}", text(value)));
        }
    }
}

pub(crate) fn meta(o: &mut Out, kind: &str, m: &DocumentMeta, extra: &[(&str, String)]) {
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
pub(crate) fn phases(o: &mut Out, model: &crate::model::PhaseModel) {
    o.line("[faser]");
    if model.is_built_in() {
        o.line(format!("modell = {}", quote(&model.name)));
    } else {
        o.line(format!("lista = {}", list(&model.phases)));
    }
    o.line("");
}

pub(crate) fn sections(o: &mut Out, table: &str, list: &[Section]) {
    for s in list {
        o.line(format!("[[{table}]]"));
        o.key("rubrik", &s.title);
        o.key("text", &s.text);
        o.line("");
        sections(o, &format!("{table}.avsnitt"), &s.sections);
    }
}

pub(crate) fn vocabulary(o: &mut Out, v: &Vocabulary) {
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
pub(crate) fn status(s: &Status) -> String {
    if s.kind == StatusKind::Missing {
        String::new()
    } else if s.note.is_empty() {
        s.word.clone()
    } else {
        s.note.clone()
    }
}

/// `[bedomning]`, when not the defaults.
pub(crate) fn thresholds(o: &mut Out, t: Thresholds) {
    if t != Thresholds::default() {
        o.line("[bedomning]");
        o.line(format!("uppnatt = {}", number(t.achieved * 100.0)));
        o.line(format!("delvis = {}", number(t.partly * 100.0)));
        o.line("");
    }
}

pub(crate) fn number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 { format!("{n:.0}") } else { format!("{n}") }
}

/// An indicator and its periods under `[[path]]` (shared by the kinds).
pub(crate) fn indicator(o: &mut Out, ind: &Indicator, path: &str) {
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
