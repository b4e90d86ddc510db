//! Checking a plan as read: its departments, their action rows grouped by
//! phase, and their goals' indicators.

use std::collections::BTreeMap;

use crate::diag::{Diagnostic, Diagnostics, Origin, nearest};
use crate::limits::MAX_DEPARTMENTS;
use crate::load::Scalar;
use crate::load::{RawDepartment, RawDocument, RawRow};
use crate::model::{Deadline, PhaseModel, Section};
use crate::validate::Validator;
use crate::validate::limits::{chapters, check};
use crate::validate::{MAX_PLAN_ROWS, hint_for};

use super::model::{ActionRow, Department, Phase, Plan};

/// The checked plan and the warnings found on the way.
pub struct Checked {
    pub plan: Plan,
    pub warnings: Diagnostics,
}

impl Validator {
    pub(crate) fn plan(&mut self, raw: &RawDocument) -> Plan {
        let meta = self.meta(raw, "plan");
        let phase_model = self.phase_model(raw);
        let chapters = raw.chapters.iter().map(|s| self.section(s)).collect();
        let mut departments: Vec<Department> = Vec::new();
        let mut seen: BTreeMap<String, Origin> = BTreeMap::new();
        let (achieved, partly) = crate::load::indicator::thresholds_from_meta(raw, &mut self.diags);
        let thresholds = self.thresholds(achieved.as_ref(), partly.as_ref());
        for d in &raw.departments {
            let dept = self.department(d, &phase_model, thresholds);
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
        if rows > MAX_PLAN_ROWS {
            self.diags.push(
                Diagnostic::error(
                    format!("planen har {rows} rader; en plan kan ha högst {MAX_PLAN_ROWS}"),
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
        Plan { meta, phase_model, chapters, departments, thresholds }
    }

    pub(crate) fn department(
        &mut self,
        d: &RawDepartment,
        model: &PhaseModel,
        thresholds: crate::model::indicator::Thresholds,
    ) -> Department {
        let name = self.line(d.name.as_ref(), "avdelningens namn");
        if name.is_empty() {
            self.diags.push(Diagnostic::error("avdelningen saknar namn", Some(d.at.clone())).with_hint(hint_for(
                &d.at,
                "skriv Avdelning/Enhet: och namnet överst i bladet, eller ge bladet avdelningens namn",
                "ange namn = \"…\"",
            )));
        }
        let (date, _) = self.date_text(d.date.as_ref(), "datumet");
        let title = match self.line(d.title.as_ref(), "rubriken") {
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
        let goal_indicators = self.plan_indicators(d, &phases, thresholds);
        Department {
            name,
            title,
            date,
            manager: self.text(d.manager.as_ref()),
            text,
            sections,
            phases,
            missing: d.missing.clone(),
            goal_indicators,
        }
    }

    /// A department's indicators grouped by goal; a goal that is not one of
    /// its action table's is an error at the indicator. A plan sets targets
    /// for years to come, so no result is "after the document's year".
    pub(crate) fn plan_indicators(
        &mut self,
        d: &RawDepartment,
        phases: &[Phase],
        thresholds: crate::model::indicator::Thresholds,
    ) -> Vec<crate::kinds::plan::model::GoalIndicators> {
        let mut out: Vec<crate::kinds::plan::model::GoalIndicators> = Vec::new();
        for (goal, raw) in &d.indicators {
            let title = self.text(goal.as_ref());
            let at = goal.as_ref().map_or_else(|| raw.at.clone(), |l| l.at.clone());
            if title.is_empty() {
                self.diags.push(
                    Diagnostic::error("indikatorn hör inte till något mål", Some(at)).with_hint(
                        "skriv målet exakt som i kolumnen \"Vad ska vi uppnå?\" (även i bladet Indikatorer)",
                    ),
                );
                continue;
            }
            if !phases.iter().flat_map(|p| &p.rows).any(|r| r.goal == title) {
                self.diags.push(
                    Diagnostic::error(format!("målet \"{title}\" finns inte i avdelningens handlingsplan"), Some(at))
                        .with_hint("skriv målet exakt som i kolumnen \"Vad ska vi uppnå?\" på avdelningens blad"),
                );
                continue;
            }
            let indicator = self.indicator(raw, thresholds, 0);
            match out.iter_mut().find(|g| g.title == title) {
                Some(g) => g.indicators.push(indicator),
                None => out.push(crate::kinds::plan::model::GoalIndicators { title, indicators: vec![indicator] }),
            }
        }
        // In the order of the action table (by phase), as every writer puts them.
        let rows: Vec<&str> = phases.iter().flat_map(|p| &p.rows).map(|r| r.goal.as_str()).collect();
        out.sort_by_key(|g| rows.iter().position(|r| *r == g.title));
        out
    }

    pub(crate) fn row(&mut self, r: &RawRow, model: &PhaseModel) -> Option<(usize, ActionRow)> {
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
        for l in &r.deadlines {
            if let Scalar::Date(d) = &l.value {
                self.date_in_range(*d, &l.at);
            }
        }
        let mut written = Vec::new();
        for l in &r.deadlines {
            match &l.value {
                Scalar::Date(d) => written.push((Deadline::from_date(*d), l)),
                // Several deadlines stacked in one cell, one per line.
                other => {
                    for line in other.to_text().lines() {
                        if !self.deadline_too_long(line, &l.at, "måldatumet") {
                            written.push((Deadline::parse(line), l));
                        }
                    }
                }
            }
        }
        for (dl, l) in written {
            if dl.text.is_empty() {
                continue;
            }
            self.font_check(&dl.text, &l.at);
            self.ambiguous_dates(&dl.text, &l.at);
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
                if self.reported.insert(r.at.clone()) {
                    let phases = model.phases.join(", ");
                    let hint = hint_for(
                        &r.at,
                        &format!(
                            "skriv en rad med bara fasens namn ovanför raden, eller fyll i en kolumn Fas; faserna är {phases}"
                        ),
                        &format!("ange fas = \"…\" (en av {phases}), eller lägg en fasrad ovanför raden"),
                    );
                    self.diags
                        .push(Diagnostic::error("raden hör inte till någon fas", Some(r.at.clone())).with_hint(hint));
                }
                None
            }
            Some(p) => {
                if let Some(found) = model.find(&p.value) {
                    model.position(found)
                } else {
                    if self.reported.insert(p.at.clone()) {
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

/// # Errors
/// Each limit passed.
pub(crate) fn within_limits(raw: &RawDocument) -> Result<(), Diagnostics> {
    let mut diags = Diagnostics::default();
    chapters(&mut diags, raw, "planen");
    check(
        &mut diags,
        &raw.source,
        raw.departments.len(),
        MAX_DEPARTMENTS,
        ["planen", "avdelningar"],
        "dela upp planen, till exempel en plan per förvaltning, eller slå ihop små avdelningar",
    );
    if diags.has_errors() { Err(diags) } else { Ok(()) }
}
