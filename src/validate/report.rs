//! Checking an interim report: phases, statuses, targets and results
//! (absolute targets computed from baselines, assessments), and marking
//! what changed since the previous report.

use super::Validator;
use crate::diag::{Diagnostic, Diagnostics, Loc, Origin, nearest};
use crate::load::RawReport;
use crate::load::report::{RawIndicator, RawInitiative, RawYear, year_of};
use crate::model::followup::Counts;
use crate::model::report::{
    Change, ChangeKind, Field, Indicator, Initiative, Report, ReportPhase, TargetYear, Thresholds, assess,
};
use crate::model::{PhaseModel, Status, Vocabulary};

/// The checked report and the warnings found on the way.
pub struct CheckedReport {
    pub report: Report,
    pub warnings: Diagnostics,
}

/// Checks a raw interim report.
///
/// # Errors
/// All errors found (with any warnings among them), when there is at least one.
pub fn validate_report(raw: &RawReport) -> Result<CheckedReport, Diagnostics> {
    super::limits::report(raw)?;
    let mut v = Validator { diags: Diagnostics::default(), reported: Vec::new() };
    let report = v.report(raw);
    if v.diags.has_errors() { Err(v.diags) } else { Ok(CheckedReport { report, warnings: v.diags }) }
}

/// Swedish number: "97 100", "1,5", "222".
pub fn swedish_number(n: f64) -> String {
    let rounded = (n * 10.0).round() / 10.0;
    let (int, frac) = (rounded.trunc(), (rounded.fract() * 10.0).round().abs());
    #[allow(clippy::cast_possible_truncation)]
    let digits = format!("{}", int.abs() as i64);
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push('\u{a0}');
        }
        grouped.push(c);
    }
    let sign = if n < 0.0 && rounded != 0.0 { "−" } else { "" };
    if frac == 0.0 { format!("{sign}{grouped}") } else { format!("{sign}{grouped},{frac}") }
}

fn with_unit(n: f64, unit: &str) -> String {
    match unit {
        "" => swedish_number(n),
        "%" => format!("{} %", swedish_number(n)),
        u => format!("{} {u}", swedish_number(n)),
    }
}

/// Results written as "ej fastställt" are no result yet.
fn result_given(number: Option<f64>, text: &str) -> bool {
    number.is_some() || (!text.trim().is_empty() && !text.to_lowercase().contains("ej fastställ"))
}

const FIELDS: [&str; 6] = ["Syfte", "Genomfört", "Pågående", "Planerat", "Kommentar", ""];

impl Validator {
    fn report(&mut self, raw: &RawReport) -> Report {
        let meta = self.meta(&raw.common);
        let report = self.text(raw.common.meta("rapport").map(|l| Loc::new(l.value.to_text(), l.at.clone())).as_ref());
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
        let thresholds = self.thresholds(raw);
        let chapters = raw.common.chapters.iter().map(|s| self.section(s)).collect();
        let mut phases: Vec<ReportPhase> = phase_model
            .phases
            .iter()
            .map(|p| ReportPhase {
                name: p.clone(),
                text: String::new(),
                initiatives: Vec::new(),
                counts: Counts::of([], &vocabulary),
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
            p.counts = Counts::of(p.initiatives.iter().map(|i| (i.status.kind, false)), &vocabulary);
        }
        let counts =
            Counts::of(phases.iter().flat_map(|p| &p.initiatives).map(|i| (i.status.kind, false)), &vocabulary);
        let counts_alt = counts_alt(&phases, &counts);
        let overview_alt = overview_alt(&phases);
        Report {
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
        }
    }

    fn phase_index(&mut self, phase: &Loc<String>, model: &PhaseModel) -> Option<usize> {
        if let Some(found) = model.find(&phase.value) {
            return model.position(found);
        }
        if !self.reported.contains(&phase.at) {
            self.reported.push(phase.at.clone());
            let mut d = Diagnostic::error(format!("okänd fas \"{}\"", phase.value.trim()), Some(phase.at.clone()));
            d = match nearest(phase.value.trim(), model.phases.iter().map(String::as_str)) {
                Some(n) => d.with_hint(format!("menade du \"{n}\"?")),
                None => d.with_hint(format!("kända faser: {} (ändra listan under [faser])", model.phases.join(", "))),
            };
            self.diags.push(d);
        }
        None
    }

    fn thresholds(&mut self, raw: &RawReport) -> Thresholds {
        let mut t = Thresholds::default();
        if let Some(a) = &raw.achieved {
            t.achieved = a.value / 100.0;
        }
        if let Some(p) = &raw.partly {
            t.partly = p.value / 100.0;
        }
        if !(t.partly > 0.0 && t.partly <= t.achieved) {
            let at = raw.partly.as_ref().or(raw.achieved.as_ref()).map(|l| l.at.clone());
            self.diags.push(Diagnostic::error("gränserna för bedömningen går inte ihop", at).with_hint(
                "delvis (till exempel 90) ska vara större än 0 och högst lika med uppnatt (till exempel 100)",
            ));
            t = Thresholds::default();
        }
        t
    }

    fn initiative(
        &mut self,
        i: &RawInitiative,
        phase: &str,
        vocabulary: &Vocabulary,
        thresholds: Thresholds,
        report_year: i32,
    ) -> Initiative {
        let name = self.text(i.name.as_ref());
        if name.is_empty() {
            self.diags
                .push(Diagnostic::error("insatsen saknar namn", Some(i.at.clone())).with_hint("ange namn = \"…\""));
        }
        let status = self.status(i.status.as_ref(), &i.at, vocabulary).unwrap_or_else(|| vocabulary.missing());
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
        Initiative { phase: phase.to_string(), name, status, status_change: None, fields, indicators, added: false }
    }

    fn target_year(
        &mut self,
        y: &RawYear,
        ind: &RawIndicator,
        unit: &str,
        thresholds: Thresholds,
        report_year: i32,
    ) -> Option<TargetYear> {
        let baseline = ind.baseline.as_ref().map(|l| l.value);
        let baseline_year = ind.baseline_year.as_ref().map(|l| {
            #[allow(clippy::cast_possible_truncation)]
            let y = l.value as i32;
            y
        });
        let Some(year_loc) = &y.year else {
            self.diags.push(Diagnostic::error("målvärdet saknar år", Some(y.at.clone())).with_hint("ange ar = 2023"));
            return None;
        };
        #[allow(clippy::cast_possible_truncation)]
        let year = year_loc.value as i32;
        if let Some(by) = baseline_year
            && by > year
        {
            self.diags.push(
                Diagnostic::error(
                    format!("utgångsläget ({by}) ligger efter målåret {year}"),
                    Some(ind.baseline_year.as_ref().map_or_else(|| ind.at.clone(), |l| l.at.clone())),
                )
                .with_hint("utgångsläget är året man jämför med, till exempel 2019"),
            );
        }
        let increase = y.increase.as_ref().map(|l| l.value);
        let target = match (y.target.as_ref(), increase, baseline) {
            (Some(t), None, _) => Some(t.value),
            (None, Some(inc), Some(base)) => Some(base * (1.0 + inc / 100.0)),
            (None, Some(_), None) => {
                self.diags.push(
                    Diagnostic::error(
                        "målet är en ökning men utgångsläget saknas",
                        y.increase.as_ref().map(|l| l.at.clone()),
                    )
                    .with_hint("ange utgangslage = … och utgangslage_ar = … för indikatorn"),
                );
                None
            }
            (Some(t), Some(_), _) => {
                self.diags.push(
                    Diagnostic::error("målet anges både som tal (mal) och som ökning (okning)", Some(t.at.clone()))
                        .with_hint("ange det ena"),
                );
                Some(t.value)
            }
            (None, None, _) => None,
        };
        let target_text = self.text(y.target_text.as_ref());
        let result = y.result.as_ref().map(|l| l.value);
        let result_text = self.text(y.result_text.as_ref());
        let given = result_given(result, &result_text);
        if target.is_none() && target_text.is_empty() && given {
            self.diags.push(
                Diagnostic::warning(format!("resultat för {year}, ett år utan mål"), Some(y.at.clone()))
                    .with_hint("ange målet för året (mal, okning eller maltext), eller flytta resultatet"),
            );
        }
        if given && year > report_year && report_year > 0 {
            self.diags.push(
                Diagnostic::warning(
                    format!("resultat för {year}, efter rapportens år {report_year}"),
                    Some(y.at.clone()),
                )
                .with_hint("kontrollera året"),
            );
        }
        let assessment = assess(target, result, given, thresholds);
        let target_display = match (target, increase, baseline_year) {
            (Some(t), Some(inc), Some(by)) => {
                format!("ökning med {} % från {by} = {}", swedish_number(inc), with_unit(t.round(), unit))
            }
            (Some(t), _, _) if target_text.is_empty() => with_unit(t, unit),
            _ => target_text.clone(),
        };
        let result_display = match (result, result_text.is_empty()) {
            (_, false) => result_text.clone(),
            (Some(r), true) => with_unit(r, unit),
            (None, true) => "Ej fastställt".to_string(),
        };
        Some(TargetYear {
            target_short: target.map_or_else(String::new, |t| swedish_number(t.round())),
            result_short: result.map_or_else(String::new, swedish_number),
            year,
            target,
            increase,
            target_text,
            target_display,
            result,
            result_text,
            result_display,
            assessment,
            assessment_word: assessment.word().to_string(),
            assessment_symbol: assessment.symbol().to_string(),
            change: None,
        })
    }

    fn indicator(&mut self, ind: &RawIndicator, thresholds: Thresholds, report_year: i32) -> Indicator {
        let name = match self.text(ind.name.as_ref()) {
            n if n.is_empty() => "Målvärde".to_string(),
            n => n,
        };
        let unit = self.text(ind.unit.as_ref());
        let baseline = ind.baseline.as_ref().map(|l| l.value);
        let baseline_year = ind.baseline_year.as_ref().map(|l| {
            #[allow(clippy::cast_possible_truncation)]
            let y = l.value as i32;
            y
        });
        let years: Vec<TargetYear> = {
            let mut ys: Vec<TargetYear> =
                ind.years.iter().filter_map(|y| self.target_year(y, ind, &unit, thresholds, report_year)).collect();
            ys.sort_by_key(|y| y.year);
            ys
        };
        let numeric: Vec<&TargetYear> = years.iter().filter(|y| y.target.is_some()).collect();
        let chart = numeric.len() >= 2;
        let chart_max = years.iter().flat_map(|y| [y.target, y.result]).flatten().fold(0.0_f64, f64::max);
        let chart_alt = format!(
            "Stapeldiagram, mål och resultat per år för {}: {}.",
            name.to_lowercase(),
            numeric
                .iter()
                .map(|y| format!(
                    "{} mål {}, resultat {}",
                    y.year,
                    y.target.map_or_else(String::new, |t| with_unit(t.round(), &unit)),
                    y.result.map_or_else(|| "ej fastställt".to_string(), |r| with_unit(r, &unit))
                ))
                .collect::<Vec<_>>()
                .join("; ")
        );
        Indicator {
            name,
            baseline_display: match (baseline, baseline_year) {
                (Some(b), Some(y)) => format!("{} år {y}", with_unit(b, &unit)),
                (Some(b), None) => with_unit(b, &unit),
                _ => String::new(),
            },
            unit,
            baseline_year,
            baseline,
            text: self.text(ind.text.as_ref()),
            years,
            chart,
            chart_alt,
            chart_max,
        }
    }
}

fn counts_alt(phases: &[ReportPhase], total: &Counts) -> String {
    let describe = |c: &Counts| {
        c.by_kind
            .iter()
            .filter(|k| k.count > 0)
            .map(|k| format!("{} {}", k.count, k.word.to_lowercase()))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let parts: Vec<String> = phases
        .iter()
        .filter(|p| p.counts.total > 0)
        .map(|p| format!("{}: {} insatser, {}", p.name, p.counts.total, describe(&p.counts)))
        .collect();
    format!(
        "Stapeldiagram över insatsernas status per fas. {}. Totalt: {} insatser, {}.",
        parts.join(". "),
        total.total,
        describe(total)
    )
}

fn overview_alt(phases: &[ReportPhase]) -> String {
    let parts: Vec<String> = phases
        .iter()
        .map(|p| {
            if p.initiatives.is_empty() {
                format!("{}: inga insatser", p.name)
            } else {
                let items: Vec<String> =
                    p.initiatives.iter().map(|i| format!("{} ({})", i.name, i.status.word.to_lowercase())).collect();
                format!("{}: {}", p.name, items.join(", "))
            }
        })
        .collect();
    format!("Översikt över strategins insatser per fas och deras status. {}.", parts.join(". "))
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
                    let what = format!("{} {}", ind.name, y.year);
                    let kind = match old_year {
                        None => Some(ChangeKind::Added),
                        Some(o) if o.target_display != y.target_display || o.result_display != y.result_display => {
                            Some(ChangeKind::Changed)
                        }
                        Some(_) => None,
                    };
                    if let Some(k) = kind {
                        y.change = Some(k);
                        let before =
                            old_year.map(|o| format!("mål {}; resultat {}", o.target_display, o.result_display));
                        let after = format!("mål {}; resultat {}", y.target_display, y.result_display);
                        changes.push(change(&ini.name, &what, k, before.as_deref().unwrap_or(""), &after));
                    }
                }
            }
        }
    }
    current.changes = changes;
}

fn flatten<'a>(sections: &'a [crate::model::Section], out: &mut Vec<&'a crate::model::Section>) {
    for s in sections {
        out.push(s);
        flatten(&s.sections, out);
    }
}

/// Narrative sections are matched by title: one not in the previous report
/// is new, one whose text differs is changed.
fn mark_sections(sections: &mut [crate::model::Section], old: &[&crate::model::Section], changes: &mut Vec<Change>) {
    for s in sections {
        let before = old.iter().find(|o| o.title.trim().eq_ignore_ascii_case(s.title.trim()));
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
        mark_sections(&mut s.sections, old, changes);
    }
}

fn change(initiative: &str, what: &str, kind: ChangeKind, before: &str, after: &str) -> Change {
    Change {
        initiative: initiative.to_string(),
        what: what.to_string(),
        kind,
        word: kind.word().to_string(),
        before: before.to_string(),
        after: after.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_print_the_swedish_way() {
        assert_eq!(swedish_number(97100.0), "97\u{a0}100");
        assert_eq!(swedish_number(1.5), "1,5");
        assert_eq!(swedish_number(221.95), "222");
        assert_eq!(with_unit(15.0, "%"), "15 %");
    }

    #[test]
    fn ej_faststallt_is_no_result() {
        assert!(!result_given(None, "Resultat ej fastställt än."));
        assert!(result_given(None, "Resultat uppfyllt."));
        assert!(result_given(Some(13.0), ""));
    }
}
