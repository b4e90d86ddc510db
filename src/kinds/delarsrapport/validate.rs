//! Checking an interim report: phases, statuses, targets and results
//! (absolute targets computed from baselines, assessments), and marking
//! what changed since the previous report.

use crate::diag::{Diagnostic, Diagnostics, Loc, Origin, nearest};
use crate::kinds::delarsrapport::load::RawReport;
use crate::kinds::delarsrapport::load::{RawInitiative, year_of};
use crate::kinds::delarsrapport::model::{Change, Field, Initiative, Report, ReportPhase, Thresholds};
use crate::limits::{MAX_INDICATORS, MAX_INITIATIVES, MAX_PHASES};
use crate::model::ChangeKind;
use crate::model::status::Counts;
use crate::model::{PhaseModel, Status, Vocabulary};
use crate::validate::Validator;
use crate::validate::limits::{chapters, check};
use crate::validate::pictures::Offered;

/// The checked report and the warnings found on the way.
pub struct CheckedReport {
    pub report: Report,
    pub warnings: Diagnostics,
}

/// The largest number (in magnitude) a target, result or key figure may
/// have: beyond it f64 no longer holds every whole number, and no
/// municipal indicator comes near it.
pub const MAX_NUMBER: f64 = 1e15;

/// A number as it was probably written, for messages ("1e308", "inf").
fn written_number(n: f64) -> String {
    if n.is_nan() {
        "nan".to_string()
    } else if n.is_infinite() || n.abs() >= MAX_NUMBER {
        format!("{n:e}")
    } else {
        crate::load::format_number(n)
    }
}

const FIELDS: [&str; 6] = ["Syfte", "Genomfört", "Pågående", "Planerat", "Kommentar", ""];

impl Validator {
    #[allow(clippy::too_many_lines)]
    pub(crate) fn report(&mut self, raw: &RawReport) -> Report {
        let meta = self.meta(&raw.common, "delarsrapport");
        let report = self.line(
            raw.common.meta("rapport").map(|l| Loc::new(l.value.to_text(), l.at.clone())).as_ref(),
            "fältet Rapport",
        );
        if report.is_empty() {
            self.diags.push(
                Diagnostic::error(
                    "rapporten saknar namn (DR1, DR2 eller VB)",
                    Some(Origin::File(raw.common.source.clone())),
                )
                .with_hint("ange rapport = \"DR2\" under [dokument]"),
            );
        }
        let year = match year_of(&raw.common) {
            Some(y) if y.value.fract() == 0.0 && (1900.0..=2200.0).contains(&y.value) => {
                #[allow(clippy::cast_possible_truncation)]
                let y = y.value as i32;
                y
            }
            other => {
                let at = other.map_or_else(|| Origin::File(raw.common.source.clone()), |l| l.at);
                self.diags.push(
                    Diagnostic::error("rapporten saknar år", Some(at)).with_hint("ange ar = 2023 under [dokument]"),
                );
                0
            }
        };
        let phase_model = if raw.common.phases.is_none() && raw.common.meta("fasmodell").is_none() {
            PhaseModel::built_in("aruba").unwrap_or_default()
        } else {
            self.phase_model(&raw.common)
        };
        let vocabulary = self.vocabulary(&raw.statuses);
        let thresholds = self.thresholds(raw.achieved.as_ref(), raw.partly.as_ref());
        let chapters = raw.common.chapters.iter().map(|s| self.section(s)).collect();
        let mut phases: Vec<ReportPhase> = phase_model
            .phases
            .iter()
            .map(|p| ReportPhase {
                name: p.clone(),
                text: String::new(),
                initiatives: Vec::new(),
                counts: Counts::of([], &vocabulary),
                target_counts: crate::kinds::delarsrapport::model::VerdictCounts::default(),
            })
            .collect();
        for (phase, text) in &raw.phase_texts {
            if let Some(i) = self.phase_index(phase, &phase_model) {
                phases[i].text = self.checked_text(text);
            }
        }
        for i in &raw.initiatives {
            let Some(phase) = &i.phase else {
                self.diags.push(
                    Diagnostic::error("insatsen hör inte till någon fas", Some(i.at.clone()))
                        .with_hint(format!("ange fas = \"…\" (en av {})", phase_model.phases.join(", "))),
                );
                continue;
            };
            let Some(p) = self.phase_index(phase, &phase_model) else { continue };
            let initiative = self.initiative(i, &phases[p].name, &vocabulary, thresholds, year);
            phases[p].initiatives.push(initiative);
        }
        if raw.initiatives.is_empty() {
            self.diags.push(
                Diagnostic::error("rapporten har inga insatser", Some(Origin::File(raw.common.source.clone())))
                    .with_hint("lägg till [[insats]] med fas, namn och status"),
            );
        }
        let mut phases: Vec<ReportPhase> =
            phases.into_iter().filter(|p| !p.initiatives.is_empty() || !p.text.is_empty()).collect();
        for p in &mut phases {
            p.counts =
                Counts::of(p.initiatives.iter().filter(|i| !i.goal_only).map(|i| (i.status.kind, false)), &vocabulary);
            p.target_counts = crate::kinds::delarsrapport::model::VerdictCounts::of(
                year,
                p.initiatives.iter().flat_map(|i| &i.indicators).flat_map(|i| &i.years),
            );
        }
        let counts = Counts::of(
            phases.iter().flat_map(|p| &p.initiatives).filter(|i| !i.goal_only).map(|i| (i.status.kind, false)),
            &vocabulary,
        );
        let counts_alt = crate::validate::alt_text(counts_alt(&phases, &counts));
        let initiatives_alt = crate::validate::alt_text(overview_alt(&phases, false));
        let overview_alt = crate::validate::alt_text(overview_alt(&phases, true));
        let target_counts = crate::kinds::delarsrapport::model::VerdictCounts::of(
            year,
            phases.iter().flat_map(|p| &p.initiatives).flat_map(|i| &i.indicators).flat_map(|i| &i.years),
        );
        let rows: Vec<(&str, &crate::kinds::delarsrapport::model::VerdictCounts)> =
            phases.iter().map(|p| (p.name.as_str(), &p.target_counts)).collect();
        let target_chart_alt = crate::validate::alt_text(crate::kinds::delarsrapport::model::VerdictCounts::chart_alt(
            &rows,
            &target_counts,
        ));
        let (placed_pictures, picture_word) =
            self.placed_pictures(&report_pictures(counts.total > 0, target_counts.total > 0));
        let status_pictures = ["status", "antal"]
            .into_iter()
            .filter(|k| counts.total > 0 && !placed_pictures.iter().any(|p| p == k))
            .map(String::from)
            .collect();
        Report {
            status_pictures,
            initiatives_alt,
            placed_pictures,
            picture_word,
            target_chart_alt,
            meta,
            label: format!("{report} {year}"),
            report,
            year,
            phase_model,
            chapters,
            phases,
            vocabulary,
            thresholds,
            previous: None,
            changes: Vec::new(),
            overview_alt,
            counts,
            counts_alt,
            target_counts,
        }
    }

    pub(crate) fn phase_index(&mut self, phase: &Loc<String>, model: &PhaseModel) -> Option<usize> {
        if let Some(found) = model.find(&phase.value) {
            return model.position(found);
        }
        if self.reported.insert(phase.at.clone()) {
            let mut d = Diagnostic::error(format!("okänd fas \"{}\"", phase.value.trim()), Some(phase.at.clone()));
            d = match nearest(phase.value.trim(), model.phases.iter().map(String::as_str)) {
                Some(n) => d.with_hint(format!("menade du \"{n}\"?")),
                None => d.with_hint(format!("kända faser: {} (ändra listan under [faser])", model.phases.join(", "))),
            };
            self.diags.push(d);
        }
        None
    }

    /// Reports a number that is not finite or absurdly large; `true` when
    /// it is usable.
    pub(crate) fn number_ok(&mut self, l: &Loc<f64>) -> bool {
        if l.value.is_finite() && l.value.abs() < MAX_NUMBER {
            return true;
        }
        let message = if l.value.is_finite() {
            format!("talet {} är för stort", written_number(l.value))
        } else {
            format!("\"{}\" är inget tal som kan räknas med", written_number(l.value))
        };
        self.diags.push(Diagnostic::error(message, Some(l.at.clone())).with_hint(
            "ange ett tal mellan −1 000 000 000 000 000 och 1 000 000 000 000 000, till exempel 250 eller 12,5",
        ));
        false
    }

    /// Reports a year that is not a whole number between 1900 and 2200.
    pub(crate) fn year_ok(&mut self, l: &Loc<f64>) {
        if l.value.fract() == 0.0 && (1900.0..=2200.0).contains(&l.value) {
            return;
        }
        self.diags.push(
            Diagnostic::error(
                format!("året {} kan inte läsas som ett år", written_number(l.value)),
                Some(l.at.clone()),
            )
            .with_hint("skriv året med fyra siffror, till exempel 2023"),
        );
    }

    /// Every number of an indicator, before anything is computed from them.
    pub(crate) fn indicator_numbers(&mut self, ind: &crate::load::indicator::RawIndicator) {
        use crate::load::indicator::RawValue;
        if let Some(l) = &ind.baseline_year {
            self.year_ok(l);
        }
        if let Some(l) = &ind.baseline {
            self.number_ok(l);
        }
        for y in &ind.years {
            if let Some(l) = &y.year {
                self.year_ok(l);
            }
            if let Some(l) = &y.increase {
                self.number_ok(l);
            }
            for l in [&y.target, &y.result].into_iter().flatten() {
                if let RawValue::Number(n) | RawValue::Percent(n) = l.value {
                    self.number_ok(&Loc { value: n, at: l.at.clone() });
                }
            }
        }
    }

    pub(crate) fn initiative(
        &mut self,
        i: &RawInitiative,
        phase: &str,
        vocabulary: &Vocabulary,
        thresholds: Thresholds,
        report_year: i32,
    ) -> Initiative {
        let name = self.line(i.name.as_ref(), "insatsens namn");
        if name.is_empty() {
            self.diags
                .push(Diagnostic::error("insatsen saknar namn", Some(i.at.clone())).with_hint("ange namn = \"…\""));
        }
        // Without a status and with indicators, it is a goal judged by them alone.
        let goal_only = i.status.as_ref().is_none_or(|s| s.value.trim().is_empty()) && !i.indicators.is_empty();
        let status = if goal_only {
            vocabulary.missing()
        } else {
            self.status(i.status.as_ref(), &i.at, vocabulary).unwrap_or_else(|| vocabulary.missing())
        };
        let texts = [&i.purpose, &i.done, &i.ongoing, &i.planned, &i.comment, &i.text];
        let fields = FIELDS
            .iter()
            .zip(texts)
            .filter_map(|(label, t)| {
                let text = self.text(t.as_ref());
                (!text.is_empty()).then(|| Field { label: (*label).to_string(), text, change: None })
            })
            .collect();
        let indicators = i.indicators.iter().map(|ind| self.indicator(ind, thresholds, report_year)).collect();
        Initiative {
            phase: phase.to_string(),
            name,
            status,
            status_change: None,
            fields,
            indicators,
            added: false,
            goal_only,
        }
    }
}

fn counts_alt(phases: &[ReportPhase], total: &Counts) -> String {
    let parts: Vec<String> = phases
        .iter()
        .filter(|p| p.counts.total > 0)
        .map(|p| format!("{}: {} insatser, {}", p.name, p.counts.total, p.counts.describe()))
        .collect();
    format!(
        "Stapeldiagram över insatsernas status per fas. {}. Totalt: {} insatser, {}.",
        parts.join(". "),
        total.total,
        total.describe()
    )
}

/// With `status`, each initiative's status too.
fn overview_alt(phases: &[ReportPhase], status: bool) -> String {
    let parts: Vec<String> = phases
        .iter()
        .map(|p| {
            if p.initiatives.iter().all(|i| i.goal_only) {
                format!("{}: inga insatser", p.name)
            } else {
                let items: Vec<String> =
                    p.initiatives
                        .iter()
                        .filter(|i| !i.goal_only)
                        .map(|i| {
                            if status {
                                format!("{} ({})", i.name, i.status.word.to_lowercase())
                            } else {
                                i.name.clone()
                            }
                        })
                        .collect();
                format!("{}: {}", p.name, items.join(", "))
            }
        })
        .collect();
    let what = if status {
        "Översikt över strategins insatser per fas och deras status"
    } else {
        "Strategins insatser per fas"
    };
    format!("{what}. {}.", parts.join(". "))
}

/// Marks in `current` what is new or changed compared with `previous`, and
/// lists the changes.
pub fn mark_changes(current: &mut Report, previous: &Report) {
    current.previous = Some(previous.label.clone());
    let mut changes = Vec::new();
    let mut old_sections: Vec<&crate::model::Section> = Vec::new();
    flatten(&previous.chapters, &mut old_sections);
    mark_sections(&mut current.chapters, &old_sections, &mut changes);
    let key = |s: &str| s.trim().to_lowercase();
    for phase in &mut current.phases {
        for ini in &mut phase.initiatives {
            let Some(old) = previous.initiatives().find(|o| key(&o.name) == key(&ini.name)) else {
                ini.added = true;
                changes.push(change(&ini.name, "Insatsen", ChangeKind::Added, "", &ini.name));
                continue;
            };
            if old.status.kind != ini.status.kind || old.status.note != ini.status.note {
                ini.status_change = Some(ChangeKind::Changed);
                // "Pågår (försenat av upphandlingen)": the written text too, so
                // that a change of it alone does not read "Pågår → Pågår".
                let shown =
                    |s: &Status| if s.note.is_empty() { s.word.clone() } else { format!("{} ({})", s.word, s.note) };
                changes.push(change(
                    &ini.name,
                    "Status",
                    ChangeKind::Changed,
                    &shown(&old.status),
                    &shown(&ini.status),
                ));
            }
            for f in &mut ini.fields {
                let before = old.fields.iter().find(|o| o.label == f.label).map(|o| o.text.as_str());
                let kind = match before {
                    None => Some(ChangeKind::Added),
                    Some(b) if b != f.text => Some(ChangeKind::Changed),
                    Some(_) => None,
                };
                if let Some(k) = kind {
                    f.change = Some(k);
                    let what = if f.label.is_empty() { "Text" } else { f.label.as_str() };
                    changes.push(change(&ini.name, what, k, before.unwrap_or(""), &f.text));
                }
            }
            for ind in &mut ini.indicators {
                let old_ind = old.indicators.iter().find(|o| key(&o.name) == key(&ind.name));
                for y in &mut ind.years {
                    let old_year = old_ind.and_then(|o| o.years.iter().find(|oy| oy.year == y.year));
                    let what = format!("{}, {}", ind.name, y.year);
                    let kind = match old_year {
                        None => Some(ChangeKind::Added),
                        Some(o) if o.target_display != y.target_display || o.result_display != y.result_display => {
                            Some(ChangeKind::Changed)
                        }
                        Some(_) => None,
                    };
                    if let Some(k) = kind {
                        y.change = Some(k);
                        let no = String::new();
                        let (old_target, old_result) =
                            old_year.map_or((&no, &no), |o| (&o.target_display, &o.result_display));
                        let shown = |t: &str, r: &str| format!("Mål: {}\n\nResultat: {}", dash(t), dash(r));
                        let mut c = change(
                            &ini.name,
                            &what,
                            k,
                            &old_year.map_or(String::new(), |_| shown(old_target, old_result)),
                            &shown(&y.target_display, &y.result_display),
                        );
                        // Label by label, the values marked: "Resultat: [Ej fastställt]".
                        (c.before_excerpt, c.after_excerpt) = crate::kinds::delarsrapport::changes::labelled(&[
                            ("Mål", &dash(old_target), &dash(&y.target_display)),
                            ("Resultat", &dash(old_result), &dash(&y.result_display)),
                        ]);
                        if old_year.is_none() {
                            c.before_excerpt.clear();
                        }
                        changes.push(c);
                    }
                }
            }
        }
    }
    current.changes = changes;
}

/// A value as printed in the change table: "–" when there is none.
fn dash(s: &str) -> String {
    if s.trim().is_empty() { "–".to_string() } else { s.to_string() }
}

fn flatten<'a>(sections: &'a [crate::model::Section], out: &mut Vec<&'a crate::model::Section>) {
    for s in sections {
        out.push(s);
        flatten(&s.sections, out);
    }
}

/// Narrative sections are matched by title: one not in the previous report
/// is new, unless a previous section no longer there has a like title or
/// text (it was renamed: its title changed); one whose text differs is changed.
fn mark_sections(sections: &mut [crate::model::Section], old: &[&crate::model::Section], changes: &mut Vec<Change>) {
    let same = |a: &str, b: &str| a.trim().eq_ignore_ascii_case(b.trim());
    let mut current = Vec::new();
    flatten(sections, &mut current);
    let titles: Vec<String> = current.iter().map(|s| s.title.clone()).collect();
    // Previous sections whose title is gone: the candidates for a rename.
    let mut gone: Vec<&crate::model::Section> =
        old.iter().copied().filter(|o| !titles.iter().any(|t| same(t, &o.title))).collect();
    mark_sections_in(sections, old, &mut gone, changes);
}

fn mark_sections_in<'a>(
    sections: &mut [crate::model::Section],
    old: &[&'a crate::model::Section],
    gone: &mut Vec<&'a crate::model::Section>,
    changes: &mut Vec<Change>,
) {
    for s in sections {
        let mut before = old.iter().copied().find(|o| o.title.trim().eq_ignore_ascii_case(s.title.trim()));
        if before.is_none() {
            let like = |o: &crate::model::Section| {
                crate::kinds::delarsrapport::changes::likeness(&o.title, &s.title) >= 0.6
                    || (!s.text.trim().is_empty()
                        && crate::kinds::delarsrapport::changes::likeness(&o.text, &s.text) >= 0.6)
            };
            if let Some(k) = gone.iter().position(|o| like(o)) {
                let renamed = gone.remove(k);
                let mut c = change(&s.title, "Rubrik", ChangeKind::Changed, &renamed.title, &s.title);
                (c.before_excerpt, c.after_excerpt) =
                    crate::kinds::delarsrapport::changes::line(&renamed.title, &s.title);
                changes.push(c);
                s.change = Some(ChangeKind::Changed);
                before = Some(renamed);
            }
        }
        let kind = match before {
            None => Some(ChangeKind::Added),
            Some(b) if b.text != s.text => Some(ChangeKind::Changed),
            Some(_) => None,
        };
        if let Some(k) = kind {
            s.change = Some(k);
            let what = if k == ChangeKind::Added { "Avsnittet" } else { "Text" };
            changes.push(change(&s.title, what, k, before.map_or("", |b| b.text.as_str()), &s.text));
        }
        mark_sections_in(&mut s.sections, old, gone, changes);
    }
}

fn change(initiative: &str, what: &str, kind: ChangeKind, before: &str, after: &str) -> Change {
    let (before_excerpt, mut after_excerpt) = crate::kinds::delarsrapport::changes::excerpts(before, after);
    if kind == ChangeKind::Added {
        // All of it is new, which "Ny" says: marking every word adds nothing.
        after_excerpt.iter_mut().flat_map(|e| e.pieces.iter_mut()).for_each(|p| p.marked = false);
    }
    Change {
        before_excerpt,
        after_excerpt,
        initiative: initiative.to_string(),
        what: what.to_string(),
        kind,
        word: kind.word().to_string(),
        before: before.to_string(),
        after: after.to_string(),
    }
}

/// # Errors
/// Each limit passed.
pub(crate) fn within_limits(raw: &RawReport) -> Result<(), Diagnostics> {
    let mut diags = Diagnostics::default();
    let source = &raw.common.source;
    chapters(&mut diags, &raw.common, "rapporten");
    check(
        &mut diags,
        source,
        raw.initiatives.len(),
        MAX_INITIATIVES,
        ["rapporten", "insatser"],
        "dela upp rapporten, till exempel en per strategi eller förvaltning",
    );
    check(
        &mut diags,
        source,
        raw.phase_texts.len(),
        MAX_PHASES,
        ["rapporten", "fastexter"],
        "skriv en fastext per fas ([[fastext]] med fas och text)",
    );
    let indicators: usize = raw.initiatives.iter().map(|i| i.indicators.len()).sum();
    check(
        &mut diags,
        source,
        indicators,
        MAX_INDICATORS,
        ["rapporten", "indikatorer"],
        "följ upp färre indikatorer per insats, eller dela upp rapporten",
    );
    let years: usize = raw.initiatives.iter().flat_map(|i| &i.indicators).map(|i| i.years.len()).sum();
    check(
        &mut diags,
        source,
        years,
        crate::validate::MAX_ROWS,
        ["rapporten", "mål- och resultatrader"],
        "följ upp färre år per indikator, eller dela upp rapporten",
    );
    if diags.has_errors() { Err(diags) } else { Ok(()) }
}

/// The interim report's pictures, in the order the status chapter shows them.
pub(crate) fn report_pictures(has_initiatives: bool, has_targets: bool) -> [Offered; 4] {
    [
        Offered { key: "insatser", name: "insatser", shows: "insatserna per fas", available: has_initiatives },
        Offered {
            key: "status",
            name: "status",
            shows: "insatserna per fas med sin status",
            available: has_initiatives,
        },
        Offered { key: "antal", name: "antal", shows: "antal insatser per fas och status", available: has_initiatives },
        Offered { key: "mal", name: "mål", shows: "målens bedömning per fas", available: has_targets },
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    pub(crate) fn numbers_are_written_as_given() {
        assert_eq!(written_number(1e308), "1e308");
        assert_eq!(written_number(f64::NEG_INFINITY), "-inf");
    }
}
