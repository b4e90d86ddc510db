//! Validation: raw data as read → the checked model, or every problem
//! found (not just the first), each with its location and a hint.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};

use crate::diag::{Diagnostic, Diagnostics, Loc, Origin, nearest};
mod deck;
mod followup;
pub(crate) mod logo;
mod report;

pub use deck::{CheckedDeck, deck_from_followup, deck_from_plan, deck_from_report, validate_deck};
pub use followup::{CheckedFollowUp, validate_followup};
pub use report::{CheckedReport, mark_changes, swedish_number, validate_report};

use crate::load::{RawDepartment, RawPlan, RawRow, RawSection, Scalar};
use crate::model::phase::BUILT_IN;
use crate::model::{ActionRow, Deadline, Department, DocumentMeta, Phase, PhaseModel, Plan, Section};

/// The checked plan and the warnings found on the way.
pub struct Checked {
    pub plan: Plan,
    pub warnings: Diagnostics,
}

/// Checks a raw plan.
///
/// # Errors
/// All errors found (with any warnings among them), when there is at least one.
pub fn validate(raw: &RawPlan) -> Result<Checked, Diagnostics> {
    let mut v = Validator { diags: Diagnostics::default(), reported: Vec::new() };
    let plan = v.plan(raw);
    if v.diags.has_errors() { Err(v.diags) } else { Ok(Checked { plan, warnings: v.diags }) }
}

const SWEDISH_MONTHS: [&str; 12] = [
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
];

/// The most rows (activities) one document may have: beyond this a build
/// takes minutes and gigabytes, and the document is no longer readable.
pub const MAX_ROWS: usize = 10_000;

/// "25 november 2021".
pub fn swedish_long_date(d: NaiveDate) -> String {
    format!("{} {} {}", d.day(), SWEDISH_MONTHS[d.month0() as usize], d.year())
}

struct Validator {
    diags: Diagnostics,
    /// Origins already reported for a phase problem (a phase row covers many rows).
    reported: Vec<Origin>,
}

fn clean(s: &str) -> String {
    s.trim().to_string()
}

impl Validator {
    /// A colour written as #rrggbb (any case, surrounding space allowed),
    /// lower-cased; otherwise an error at `at` with `example` in the hint.
    fn colour(&mut self, written: &str, at: &Origin, example: &str) -> Option<String> {
        let value = written.trim().to_lowercase();
        if value.len() == 7 && value.starts_with('#') && value[1..].chars().all(|ch| ch.is_ascii_hexdigit()) {
            return Some(value);
        }
        self.diags.push(
            Diagnostic::error(format!("färgen \"{written}\" kan inte läsas"), Some(at.clone()))
                .with_hint(format!("skriv färgen som #rrggbb, till exempel {example}")),
        );
        None
    }

    /// The page-number style (`sidnummer`): text with `{n}` (the page) and
    /// optionally `{m}` (the number of pages), nothing else in braces.
    fn page_number(&mut self, written: &str, at: &Origin) -> String {
        let value = written.trim();
        let placeholders_ok = value.replace("{n}", "").replace("{m}", "").chars().all(|c| c != '{' && c != '}');
        let problem = if !value.contains("{n}") {
            Some(format!("sidnumreringen \"{written}\" saknar {{n}}, sidans nummer"))
        } else if !placeholders_ok {
            Some(format!("sidnumreringen \"{written}\" kan inte läsas: bara {{n}} och {{m}} får stå inom klamrar"))
        } else if value.chars().count() > 40 || value.chars().any(char::is_control) {
            Some(format!("sidnumreringen \"{written}\" är för lång eller har otillåtna tecken"))
        } else {
            None
        };
        if let Some(message) = problem {
            self.diags.push(Diagnostic::error(message, Some(at.clone())).with_hint(
                "skriv till exempel sidnummer = \"Sida {n} ({m})\" ({n} är sidan, {m} antalet sidor) eller \"{n} ({m})\"",
            ));
            return String::new();
        }
        value.to_string()
    }

    fn text(&mut self, v: Option<&Loc<String>>) -> String {
        v.map(|l| self.checked_text(l)).unwrap_or_default()
    }

    /// Trims the text and reports control characters (which cannot be
    /// printed) and characters the bundled fonts lack (which would print as
    /// empty boxes, and which PDF/A refuses): those are written as [U+XXXX].
    fn checked_text(&mut self, l: &Loc<String>) -> String {
        let mut text = l.value.clone();
        let length = text.chars().count();
        if length > crate::export::CELL_LIMIT {
            self.diags.push(
                Diagnostic::warning(
                    format!("texten har {length} tecken; en cell i Excel rymmer {}", crate::export::CELL_LIMIT),
                    Some(l.at.clone()),
                )
                .with_hint("PDF:en får hela texten, Excel-filen en förkortad; dela gärna upp texten"),
            );
        }
        if text.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
            self.diags.push(
                Diagnostic::warning("texten innehåller osynliga styrtecken, som tas bort", Some(l.at.clone()))
                    .with_hint("texten kommer troligen från en kopiering; skriv om den eller klistra in som ren text"),
            );
            text = text.chars().filter(|c| !c.is_control() || *c == '\n' || *c == '\t').collect();
        }
        if text.chars().any(|c| !c.is_control() && !crate::typeset::fonts::covers(c)) {
            let mut missing: Vec<char> =
                text.chars().filter(|c| !c.is_control() && !crate::typeset::fonts::covers(*c)).collect();
            missing.dedup();
            let list =
                missing.iter().map(|c| format!("\"{c}\" (U+{:04X})", u32::from(*c))).collect::<Vec<_>>().join(", ");
            self.diags.push(
                Diagnostic::warning(
                    format!(
                        "{} {list} finns inte i det inbyggda typsnittet och skrivs som [U+…]",
                        if missing.len() == 1 { "tecknet" } else { "tecknen" }
                    ),
                    Some(l.at.clone()),
                )
                .with_hint("byt ut tecknet mot ord (till exempel en symbol mot dess betydelse)"),
            );
            text = text
                .chars()
                .map(|c| {
                    if c.is_control() || crate::typeset::fonts::covers(c) {
                        c.to_string()
                    } else {
                        format!("[U+{:04X}]", u32::from(c))
                    }
                })
                .collect();
        }
        clean(&text)
    }

    fn date_text(&mut self, v: Option<&Loc<Scalar>>, what: &str) -> (String, Option<NaiveDate>) {
        let Some(l) = v else { return (String::new(), None) };
        match &l.value {
            Scalar::Date(d) => (d.format("%Y-%m-%d").to_string(), Some(*d)),
            other => {
                let text = other.to_text().trim().to_string();
                let dl = Deadline::parse(&text);
                match dl.period {
                    Some(p) if p.precision == crate::model::Precision::Day => {
                        (p.start.format("%Y-%m-%d").to_string(), Some(p.start))
                    }
                    _ => {
                        if !text.is_empty() {
                            self.diags.push(
                                Diagnostic::warning(
                                    format!(
                                        "{what} \"{text}\" kunde inte läsas som ett datum och skrivs ut som det står"
                                    ),
                                    Some(l.at.clone()),
                                )
                                .with_hint("skriv datumet som ÅÅÅÅ-MM-DD, till exempel 2021-11-25"),
                            );
                        }
                        (text, None)
                    }
                }
            }
        }
    }

    fn plan(&mut self, raw: &RawPlan) -> Plan {
        let meta = self.meta(raw);
        let phase_model = self.phase_model(raw);
        let chapters = raw.chapters.iter().map(|s| self.section(s)).collect();
        let mut departments: Vec<Department> = Vec::new();
        let mut seen: BTreeMap<String, Origin> = BTreeMap::new();
        for d in &raw.departments {
            let dept = self.department(d, &phase_model);
            let key = dept.name.to_lowercase();
            if let Some(first) = seen.get(&key) {
                self.diags.push(
                    Diagnostic::error(format!("avdelningen \"{}\" finns två gånger", dept.name), Some(d.at.clone()))
                        .with_hint(format!(
                            "den finns redan vid {first}; slå ihop raderna eller ge avdelningarna olika namn"
                        )),
                );
            } else {
                seen.insert(key, d.at.clone());
            }
            departments.push(dept);
        }
        let rows: usize = raw.departments.iter().map(|d| d.rows.len()).sum();
        if rows > MAX_ROWS {
            self.diags.push(
                Diagnostic::error(
                    format!("planen har {rows} rader; en plan kan ha högst {MAX_ROWS}"),
                    Some(Origin::File(raw.source.clone())),
                )
                .with_hint("dela upp planen, till exempel en plan per förvaltning eller avdelning"),
            );
        }
        if departments.is_empty() && raw.chapters.is_empty() {
            self.diags.push(
                Diagnostic::error(
                    "planen har varken kapitel eller avdelningar",
                    Some(Origin::File(raw.source.clone())),
                )
                .with_hint("lägg till minst en [[avdelning]] med rader ([[avdelning.rad]])"),
            );
        }
        Plan { meta, phase_model, chapters, departments }
    }

    fn meta(&mut self, raw: &RawPlan) -> DocumentMeta {
        let text = |this: &mut Self, key: &str| {
            raw.meta(key).map(|l| this.checked_text(&Loc::new(l.value.to_text(), l.at.clone()))).unwrap_or_default()
        };
        let mut meta = DocumentMeta {
            organisation: text(self, "organisation"),
            title: text(self, "titel"),
            subtitle: text(self, "undertitel"),
            period: text(self, "period"),
            version: text(self, "version"),
            diarienummer: text(self, "diarienummer"),
            author: text(self, "forfattare"),
            decided_by: text(self, "faststalld_av"),
            logo: text(self, "logotyp"),
            logo_alt: text(self, "logotyp_text"),
            ..DocumentMeta::default()
        };
        let (date, parsed) = self.date_text(raw.meta("datum"), "datumet");
        meta.date = date;
        meta.date_long = parsed.map_or_else(|| meta.date.clone(), swedish_long_date);
        if let Some(c) = raw.meta("farg")
            && let Some(colour) = self.colour(&c.value.to_text(), &c.at, "#005a9c")
        {
            meta.colour = colour;
        }
        if let Some(p) = raw.meta("sidnummer") {
            meta.page_number = self.page_number(&p.value.to_text(), &p.at);
        }
        let (decided, _) = self.date_text(raw.meta("faststalld_datum"), "fastställelsedatumet");
        meta.decided_date = decided;
        if meta.title.is_empty() {
            self.diags
                .push(Diagnostic::error("dokumentet saknar titel", Some(Origin::File(raw.source.clone()))).with_hint(
                "ange titel = \"Kompetensförsörjningsplan …\" under [dokument] (eller raden Titel i bladet Dokument)",
            ));
        }
        if meta.author.is_empty() {
            meta.author.clone_from(&meta.organisation);
        }
        if !meta.logo.is_empty() {
            self.check_logo(raw, &mut meta);
        }
        meta
    }

    fn check_logo(&mut self, raw: &RawPlan, meta: &mut DocumentMeta) {
        let at = raw.meta("logotyp").map(|l| l.at.clone());
        if let Some(problem) = logo::check(&raw.source, &meta.logo, at.as_ref()) {
            self.diags.push(problem);
        }
        if meta.logo_alt.is_empty() {
            meta.logo_alt = format!(
                "{}s logotyp",
                if meta.organisation.is_empty() { "Organisationen" } else { &meta.organisation }
            );
        }
    }

    fn phase_model(&mut self, raw: &RawPlan) -> PhaseModel {
        if let Some(list) = &raw.phases {
            let phases: Vec<String> = list.iter().map(|l| clean(&l.value)).filter(|s| !s.is_empty()).collect();
            if phases.is_empty() {
                if let Some(first) = list.first() {
                    self.diags.error("faslistan är tom", &first.at);
                }
            } else {
                return PhaseModel { name: "egen".to_string(), phases };
            }
        }
        if let Some(m) = raw.meta("fasmodell") {
            let name = m.value.to_text();
            if let Some(model) = PhaseModel::built_in(&name) {
                return model;
            }
            let mut d = Diagnostic::error(format!("okänd fasmodell \"{name}\""), Some(m.at.clone()));
            d = match nearest(&name, BUILT_IN) {
                Some(n) => d.with_hint(format!(
                    "menade du \"{n}\"? (inbyggda modeller: stockholm, aruba; eller ange en egen lista under [faser])"
                )),
                None => d.with_hint(
                    "inbyggda modeller: stockholm, aruba; eller ange en egen lista: [faser] lista = [\"…\", \"…\"]",
                ),
            };
            self.diags.push(d);
        }
        PhaseModel::default()
    }

    fn section(&mut self, s: &RawSection) -> Section {
        let title = self.text(s.title.as_ref());
        if title.is_empty() {
            self.diags.push(
                Diagnostic::error("avsnittet saknar rubrik", Some(s.at.clone())).with_hint("ange rubrik = \"…\""),
            );
        }
        Section {
            title,
            text: self.text(s.text.as_ref()),
            sections: s.sections.iter().map(|c| self.section(c)).collect(),
            change: None,
        }
    }

    fn department(&mut self, d: &RawDepartment, model: &PhaseModel) -> Department {
        let name = self.text(d.name.as_ref());
        if name.is_empty() {
            self.diags
                .push(Diagnostic::error("avdelningen saknar namn", Some(d.at.clone())).with_hint("ange namn = \"…\""));
        }
        let (date, _) = self.date_text(d.date.as_ref(), "datumet");
        let title = match self.text(d.title.as_ref()) {
            t if t.is_empty() => name.clone(),
            t => t,
        };
        let mut groups: Vec<Vec<ActionRow>> = vec![Vec::new(); model.phases.len()];
        for r in &d.rows {
            if let Some((pos, row)) = self.row(r, model) {
                groups[pos].push(row);
            }
        }
        let phases: Vec<Phase> = model
            .phases
            .iter()
            .zip(groups)
            .filter(|(_, rows)| !rows.is_empty())
            .map(|(name, rows)| Phase { name: name.clone(), rows })
            .collect();
        let sections: Vec<Section> = d.sections.iter().map(|s| self.section(s)).collect();
        let text = self.text(d.text.as_ref());
        if d.rows.is_empty() && sections.is_empty() && text.is_empty() && d.missing.is_none() && d.file.is_none() {
            self.diags.push(
                Diagnostic::warning(
                    format!("avdelningen \"{name}\" är tom: den har varken text eller rader"),
                    Some(d.at.clone()),
                )
                .with_hint("fyll i handlingsplanens rader, eller ta bort avdelningen"),
            );
        }
        Department {
            name,
            title,
            date,
            manager: self.text(d.manager.as_ref()),
            text,
            sections,
            phases,
            missing: d.missing.clone(),
        }
    }

    fn row(&mut self, r: &RawRow, model: &PhaseModel) -> Option<(usize, ActionRow)> {
        let goal = self.text(r.goal.as_ref());
        let activities: Vec<String> =
            r.activities.iter().map(|a| self.checked_text(a)).filter(|a| !a.is_empty()).collect();
        if goal.is_empty() && activities.is_empty() {
            self.diags.push(
                Diagnostic::error("raden saknar både mål (Vad ska vi uppnå?) och aktivitet", Some(r.at.clone()))
                    .with_hint("fyll i målet och minst en aktivitet, eller ta bort raden"),
            );
        }
        let mut deadlines = Vec::new();
        let written = r.deadlines.iter().flat_map(|l| match &l.value {
            Scalar::Date(d) => vec![(Deadline::from_date(*d), l)],
            // Several deadlines stacked in one cell, one per line.
            other => other.to_text().lines().map(|line| (Deadline::parse(line), l)).collect(),
        });
        for (dl, l) in written {
            if dl.text.is_empty() {
                continue;
            }
            if !dl.is_understood() {
                self.diags.push(
                    Diagnostic::warning(
                        format!(
                            "måldatumet \"{}\" kunde inte tolkas som datum eller period och skrivs ut som det står",
                            dl.text
                        ),
                        Some(l.at.clone()),
                    )
                    .with_hint("skriv till exempel 2022-12-31, Dec 2022, 2022, 2021–2023 eller Kontinuerligt"),
                );
            }
            deadlines.push(dl);
        }
        let position = match &r.phase {
            None => {
                if !self.reported.contains(&r.at) {
                    self.reported.push(r.at.clone());
                    self.diags.push(Diagnostic::error("raden hör inte till någon fas", Some(r.at.clone())).with_hint(
                        format!(
                            "ange fas = \"…\" (en av {}), eller lägg en fasrad ovanför raden",
                            model.phases.join(", ")
                        ),
                    ));
                }
                None
            }
            Some(p) => {
                if let Some(found) = model.find(&p.value) {
                    model.position(found)
                } else {
                    if !self.reported.contains(&p.at) {
                        self.reported.push(p.at.clone());
                        let mut d = Diagnostic::error(format!("okänd fas \"{}\"", p.value.trim()), Some(p.at.clone()));
                        d = match nearest(p.value.trim(), model.phases.iter().map(String::as_str)) {
                            Some(n) => d.with_hint(format!("menade du \"{n}\"?")),
                            None => d.with_hint(format!(
                                "kända faser: {} (ändra listan under [faser])",
                                model.phases.join(", ")
                            )),
                        };
                        self.diags.push(d);
                    }
                    None
                }
            }
        };
        let owners = r.owners.iter().map(|o| self.checked_text(o)).filter(|o| !o.is_empty()).collect();
        let row = ActionRow {
            goal,
            activities,
            deadlines,
            owners,
            resources: self.text(r.resources.as_ref()),
            followup: self.text(r.followup.as_ref()),
        };
        position.map(|p| (p, row))
    }
}
