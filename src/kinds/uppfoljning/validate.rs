//! Checking a follow-up: statuses against the vocabulary, dates, the
//! goal hierarchy; counting and flagging what is overdue at the as-of date.

use crate::limits::{MAX_DEPARTMENTS, MAX_INDICATORS};
use crate::validate::limits::{chapters, check};
use chrono::NaiveDate;

use crate::diag::{Diagnostic, Diagnostics, Loc, Origin, nearest};
use crate::kinds::uppfoljning::load::RawFollowUp;
use crate::kinds::uppfoljning::load::{RawActivity, RawAssignment, RawPart};
use crate::kinds::uppfoljning::model::{
    Activity, Assignment, Assignments, CommitteeGoal, FollowUp, MunicipalGoal, OverdueItem, Part, Perspective,
    is_overdue, overall,
};
use crate::load::RawStatusWord;
use crate::load::Scalar;
use crate::model::indicator::{Thresholds, VerdictCounts};
use crate::model::status::Counts;
use crate::model::{Deadline, Status, StatusKind, Vocabulary, status};
use crate::validate::{Validator, swedish_long_date};

/// A status word or synonym of only punctuation (".") would match nothing.
fn punctuation_only(what: &str, written: &str, at: &Origin) -> Diagnostic {
    Diagnostic::error(format!("{what} \"{written}\" består bara av skiljetecken"), Some(at.clone()))
        .with_hint("skriv ett ord med bokstäver, till exempel \"Klar\", eller ta bort det")
}

/// The checked follow-up and the warnings found on the way.
pub struct CheckedFollowUp {
    pub followup: FollowUp,
    pub warnings: Diagnostics,
}

/// The longest status word: the committee workbook's formulas compare
/// statuses with the words written out, and Excel allows at most 255
/// characters in a formula's text.
const MAX_STATUS_WORD: usize = 255;

/// Which status counts when a row has both the dropdown's word and the
/// written text beside it (our workbook export): the written text while it
/// still means the same as the dropdown — so "Skjuts till 2024" survives a
/// round trip — and the dropdown once someone has picked another status.
/// Judged with the document's own words, so renamed words and synonyms count.
fn chosen_status<'a>(
    status: Option<&'a Loc<String>>,
    written: Option<&'a Loc<String>>,
    vocabulary: &Vocabulary,
) -> Option<&'a Loc<String>> {
    let (Some(s), Some(w)) = (status, written) else { return status.or(written) };
    match (vocabulary.understand(&s.value), vocabulary.understand(&w.value)) {
        (Some(a), Some(b)) if a.kind == b.kind => Some(w),
        _ => Some(s),
    }
}

impl Validator {
    pub(crate) fn followup(&mut self, raw: &RawFollowUp) -> FollowUp {
        let meta = self.meta(&raw.common, "uppfoljning");
        let (as_of, as_of_date) = self.as_of(raw);
        let vocabulary = self.vocabulary(&raw.statuses);
        let chapters = raw.common.chapters.iter().map(|s| self.section(s)).collect();
        let assignments = self.assignments(raw, &vocabulary, as_of_date);
        let thresholds = self.thresholds(raw.achieved.as_ref(), raw.partly.as_ref());
        let year = chrono::Datelike::year(&as_of_date);
        let mut perspectives = self.perspectives(&raw.activities, &vocabulary, as_of_date);
        self.goal_indicators(raw, &mut perspectives, thresholds, year, &vocabulary);
        self.headers(raw, &mut perspectives);
        if raw.activities.len() > crate::validate::MAX_ROWS {
            self.diags.push(
                Diagnostic::error(
                    format!(
                        "uppföljningen har {} aktiviteter; en uppföljning kan ha högst {}",
                        raw.activities.len(),
                        crate::validate::MAX_ROWS
                    ),
                    Some(Origin::File(raw.common.source.clone())),
                )
                .with_hint("dela upp uppföljningen, till exempel en per förvaltning"),
            );
        }
        if perspectives.is_empty() && assignments.is_none() && raw.missing.is_empty() {
            self.diags.push(
                Diagnostic::error(
                    "uppföljningen har varken uppdrag eller aktiviteter",
                    Some(Origin::File(raw.common.source.clone())),
                )
                .with_hint("lägg till [[perspektiv]] med mål och aktiviteter, eller [[uppdrag.rad]]"),
            );
        }
        let all = perspectives
            .iter()
            .flat_map(|p| p.goals.iter().flat_map(|g| g.committee_goals.iter().flat_map(|c| &c.activities)));
        let counts = Counts::of(all.map(|a| (a.kind, a.overdue)), &vocabulary);
        let mut overdue = Vec::new();
        for p in &perspectives {
            for g in &p.goals {
                for c in &g.committee_goals {
                    for a in c.activities.iter().filter(|a| a.overdue) {
                        overdue.push(OverdueItem {
                            perspective: p.name.clone(),
                            goal: c.title.clone(),
                            activity: a.text.clone(),
                            end: a.end.text.clone(),
                            status: vocabulary.get(a.kind).word.clone(),
                            owners: a.owners.clone(),
                        });
                    }
                }
            }
        }
        let chart_alt = crate::validate::alt_text(chart_alt(&perspectives, &counts));
        let target_counts = VerdictCounts::of(
            year,
            perspectives
                .iter()
                .flat_map(|p| &p.goals)
                .flat_map(|g| &g.committee_goals)
                .flat_map(|c| &c.indicators)
                .flat_map(|i| &i.years),
        );
        let rows: Vec<(&str, &VerdictCounts)> =
            perspectives.iter().map(|p| (p.name.as_str(), &p.target_counts)).collect();
        let target_chart_alt = crate::validate::alt_text(VerdictCounts::chart_alt(&rows, &target_counts));
        FollowUp {
            thresholds,
            target_counts,
            target_chart_alt,
            missing_units: raw.missing.clone(),
            chart_alt,
            meta,
            as_of: as_of_date.format("%Y-%m-%d").to_string(),
            as_of_long: if as_of.is_empty() { swedish_long_date(as_of_date) } else { as_of },
            as_of_date,
            chapters,
            assignments,
            perspectives,
            vocabulary,
            counts,
            overdue,
        }
    }

    /// The as-of date (`per`), which the whole report depends on.
    pub(crate) fn as_of(&mut self, raw: &RawFollowUp) -> (String, NaiveDate) {
        let fallback = NaiveDate::from_ymd_opt(2000, 1, 1).unwrap_or_default();
        let Some(l) = raw.common.meta("per") else {
            self.diags.push(
                Diagnostic::error(
                    "uppföljningen saknar uppföljningsdatum",
                    Some(Origin::File(raw.common.source.clone())),
                )
                .with_hint(if crate::validate::is_workbook(&raw.common.source) {
                    "lägg till raden Uppföljningsdatum (till exempel 2023-03-31) i bladet Dokument"
                } else {
                    "ange per = 2023-03-31 under [dokument]"
                }),
            );
            return (String::new(), fallback);
        };
        let (_, date) = self.date_text(Some(l), "uppföljningsdatumet");
        if let Some(d) = date {
            return (swedish_long_date(d), d);
        }
        // An as-of date must be a day.
        self.diags.push(
            Diagnostic::error("uppföljningsdatumet måste vara ett datum", Some(l.at.clone()))
                .with_hint("skriv till exempel per = 2023-03-31"),
        );
        (String::new(), fallback)
    }

    /// The default vocabulary with the organisation's words, colours and
    /// synonyms applied.
    pub(crate) fn vocabulary(&mut self, raw: &[RawStatusWord]) -> Vocabulary {
        let mut vocabulary = Vocabulary::default();
        let defaults = Vocabulary::default();
        for w in raw {
            let name = w.word.as_ref().map(|l| self.checked_text(l)).unwrap_or_default();
            if let Some(l) = &w.word
                && !name.is_empty()
                && status::normalise(&name).is_empty()
            {
                self.diags.push(punctuation_only("statusordet", &name, &l.at));
                continue;
            }
            if let Some(l) = &w.word
                && name.encode_utf16().count() > MAX_STATUS_WORD
            {
                self.diags.push(
                    Diagnostic::error(
                        format!(
                            "statusordet har {} tecken; ett statusord får ha högst {MAX_STATUS_WORD}",
                            name.chars().count()
                        ),
                        Some(l.at.clone()),
                    )
                    .with_hint("välj ett kort ord, till exempel Klar; Excel-filens formler räknar med orden och rymmer inte längre. En förklaring skrivs i kommentaren"),
                );
                continue;
            }
            let kind = match &w.kind {
                Some(k) => {
                    let Some(kind) = StatusKind::from_key(&k.value) else {
                        let keys: Vec<&str> = StatusKind::WORDS.iter().map(|k| k.key()).collect();
                        let mut d = Diagnostic::error(format!("okänd betydelse \"{}\"", k.value), Some(k.at.clone()));
                        d = match nearest(&k.value, keys.iter().copied()) {
                            Some(n) => d.with_hint(format!("menade du \"{n}\"? (betydelser: {})", keys.join(", "))),
                            None => d.with_hint(format!("betydelser: {}", keys.join(", "))),
                        };
                        self.diags.push(d);
                        continue;
                    };
                    Some(kind)
                }
                None => defaults.understand(&name).filter(|s| s.note.is_empty()).map(|s| s.kind),
            };
            let Some(kind) = kind else {
                self.diags.push(
                    Diagnostic::error(format!("statusordet \"{name}\" saknar betydelse"), Some(w.at.clone()))
                        .with_hint(crate::validate::hint_for(
                            &w.at,
                            "skriv i kolumnen Betyder i bladet Statusord: genomford, pagar, ej_paborjad, forsenad eller avbruten",
                            "ange betyder = \"genomford\", \"pagar\", \"ej_paborjad\", \"forsenad\" eller \"avbruten\"",
                        )),
                );
                continue;
            };
            let Some(entry) = vocabulary.words.iter_mut().find(|e| e.kind == kind) else { continue };
            if !name.is_empty() && name != entry.word {
                let old = std::mem::replace(&mut entry.word, name);
                entry.synonyms.push(old);
            }
            if let Some(c) = &w.colour
                && let Some(colour) = self.colour(&c.value, &c.at, "#cfe8cf")
            {
                entry.colour = colour;
            }
            for l in &w.synonyms {
                self.no_separator(&l.value, &[','], &l.at, "synonymen", "kolumnen Synonymer i bladet Statusord");
                let s = l.value.trim();
                if !s.is_empty() && status::normalise(s).is_empty() {
                    self.diags.push(punctuation_only("synonymen", s, &l.at));
                    continue;
                }
                if !s.is_empty() && !entry.synonyms.iter().any(|x| x.eq_ignore_ascii_case(s)) {
                    entry.synonyms.push(s.to_string());
                }
            }
        }
        vocabulary
    }

    pub(crate) fn status(&mut self, l: Option<&Loc<String>>, at: &Origin, vocabulary: &Vocabulary) -> Option<Status> {
        let words: Vec<&str> = vocabulary.words.iter().map(|w| w.word.as_str()).collect();
        let missing = |v: &str| v.trim().is_empty() || v.trim().eq_ignore_ascii_case(&vocabulary.missing.word);
        let Some(l) = l.filter(|l| !missing(&l.value)) else {
            self.diags.push(
                Diagnostic::warning(
                    format!("status saknas och visas som \"{}\"", vocabulary.missing.word),
                    Some(at.clone()),
                )
                .with_hint(format!("ange en av: {}", words.join(", "))),
            );
            return Some(vocabulary.missing());
        };
        let text = self.checked_text(l);
        if let Some(s) = vocabulary.understand(&text) {
            return Some(s);
        }
        let mut d = Diagnostic::error(format!("okänd status \"{text}\""), Some(l.at.clone()));
        // The nearest spelling, but suggest its canonical word too.
        d = match nearest(&text, vocabulary.spellings()) {
            Some(n) => {
                let canonical =
                    vocabulary.understand(n).map(|s| vocabulary.get(s.kind).word.clone()).unwrap_or_default();
                if canonical.eq_ignore_ascii_case(n) || canonical.is_empty() {
                    d.with_hint(format!("menade du \"{n}\"?"))
                } else {
                    d.with_hint(format!("menade du \"{n}\" ({canonical})?"))
                }
            }
            None => d.with_hint(format!(
                "kända statusar: {} ({})",
                words.join(", "),
                crate::validate::hint_for(
                    &l.at,
                    "lägg till egna ord i bladet Statusord",
                    "lägg till egna ord under [[status]]"
                )
            )),
        };
        self.diags.push(d);
        None
    }

    pub(crate) fn end_date(&mut self, l: Option<&Loc<Scalar>>) -> Deadline {
        let Some(l) = l else { return Deadline::parse("") };
        let dl = match &l.value {
            Scalar::Date(d) => {
                self.date_in_range(*d, &l.at);
                Deadline::from_date(*d)
            }
            other => {
                let text = other.to_text();
                if self.deadline_too_long(&text, &l.at, "slutdatumet") {
                    return Deadline::parse("");
                }
                Deadline::parse(&text)
            }
        };
        self.font_check(&dl.text, &l.at);
        self.ambiguous_dates(&dl.text, &l.at);
        // A single day prints the ISO way (2023-12-31), whether it was
        // written 23-12-31 or came from a date cell, so TOML and Excel agree.
        let dl = match dl.period {
            Some(p) if p.precision == crate::model::Precision::Day && !dl.continuous => Deadline::from_date(p.start),
            _ => dl,
        };
        if !dl.text.is_empty() && !dl.is_understood() {
            self.diags.push(
                Diagnostic::warning(
                    format!(
                        "slutdatumet \"{}\" kunde inte tolkas som datum eller period och skrivs ut som det står",
                        dl.text
                    ),
                    Some(l.at.clone()),
                )
                .with_hint("skriv till exempel 2023-12-31, 23-12-31, Dec 2023 eller 2023"),
            );
        }
        dl
    }

    pub(crate) fn overdue_warning(&mut self, what: &str, end: &Deadline, status: &str, as_of: NaiveDate, at: Origin) {
        self.diags.push(
            Diagnostic::warning(
                format!(
                    "{what} har passerat sitt slutdatum {} per {} utan att vara genomförd (status {status})",
                    end.text,
                    swedish_long_date(as_of)
                ),
                Some(at),
            )
            .with_hint(
                "markeras som Passerat i rapporten; uppdatera status eller slutdatum om den är klar eller flyttad",
            ),
        );
    }

    pub(crate) fn assignments(
        &mut self,
        raw: &RawFollowUp,
        vocabulary: &Vocabulary,
        as_of: NaiveDate,
    ) -> Option<Assignments> {
        if raw.assignments.is_empty() {
            return None;
        }
        let rows: Vec<Assignment> =
            raw.assignments.iter().filter_map(|r| self.assignment(r, vocabulary, as_of)).collect();
        let counts = Counts::of(rows.iter().map(|r| (r.status.kind, r.overdue)), vocabulary);
        let title = match self.line(raw.assignments_title.as_ref(), "rubriken") {
            t if t.is_empty() => "Strategiska utvecklingsuppdrag".to_string(),
            t => t,
        };
        let column_title = match self.text(raw.assignments_column.as_ref()) {
            t if t.is_empty() => "Uppdrag".to_string(),
            t => t,
        };
        Some(Assignments { title, text: self.text(raw.assignments_text.as_ref()), column_title, rows, counts })
    }

    /// The goals' own column headers, each on the goal it names.
    fn headers(&mut self, raw: &RawFollowUp, perspectives: &mut [Perspective]) {
        for h in &raw.headers {
            let goal = self.line(h.goal.as_ref(), "målet");
            let perspective = h.perspective.as_ref().map(|p| p.value.trim().to_string()).filter(|p| !p.is_empty());
            let found = perspectives
                .iter_mut()
                .filter(|p| perspective.as_ref().is_none_or(|name| p.name == *name))
                .flat_map(|p| p.goals.iter_mut())
                .find(|g| g.name == goal);
            let Some(g) = found else {
                let names: Vec<String> = perspectives.iter().flat_map(|p| &p.goals).map(|g| g.name.clone()).collect();
                let mut d = Diagnostic::error(
                    format!("kolumnrubrikerna gäller målet \"{goal}\", som inte finns i uppföljningen"),
                    Some(h.goal.as_ref().map_or_else(|| h.at.clone(), |l| l.at.clone())),
                );
                d = match crate::diag::nearest(&goal, names.iter().map(String::as_str)) {
                    Some(n) => d.with_hint(format!("menade du \"{n}\"?")),
                    None => d.with_hint("skriv det kommunövergripande målets namn som i aktiviteterna"),
                };
                self.diags.push(d);
                continue;
            };
            let written: Vec<String> = h.columns.iter().map(|c| self.line(c.as_ref(), "kolumnrubriken")).collect();
            if written.iter().any(|w| !w.is_empty()) {
                g.headers = written
                    .into_iter()
                    .zip(super::model::STANDARD_HEADERS)
                    .map(|(w, standard)| if w.is_empty() { standard.to_string() } else { w })
                    .collect();
            }
        }
    }

    pub(crate) fn assignment(
        &mut self,
        r: &RawAssignment,
        vocabulary: &Vocabulary,
        as_of: NaiveDate,
    ) -> Option<Assignment> {
        let text = self.text(r.text.as_ref());
        if text.is_empty() {
            self.diags.push(
                Diagnostic::error("uppdraget saknar text", Some(r.at.clone()))
                    .with_hint("skriv uppdraget, eller ta bort raden"),
            );
        }
        let end = self.end_date(r.end.as_ref());
        let status =
            self.status(chosen_status(r.status.as_ref(), r.written.as_ref(), vocabulary), &r.at, vocabulary)?;
        let overdue = is_overdue(&end, status.kind, as_of);
        if overdue {
            self.overdue_warning("uppdraget", &end, &status.word, as_of, r.at.clone());
        }
        Some(Assignment { text, end, comment: self.text(r.comment.as_ref()), status, overdue })
    }

    pub(crate) fn part(&mut self, p: &RawPart, several: bool, vocabulary: &Vocabulary) -> Option<Part> {
        let unit = self.text(p.unit.as_ref());
        if several && unit.is_empty() {
            self.diags.push(
                Diagnostic::error("en del av aktiviteten saknar enhet", Some(p.at.clone()))
                    .with_hint("när status anges per enhet behöver varje del ett namn (till exempel ÄO eller LSS)"),
            );
        }
        let status =
            self.status(chosen_status(p.status.as_ref(), p.written.as_ref(), vocabulary), &p.at, vocabulary)?;
        Some(Part { unit, status, comment: self.text(p.comment.as_ref()) })
    }

    /// An activity has one status per unit: two parts of one unit (two rows,
    /// or a unit's file giving another unit's status) that say different
    /// things are an error, since the count could not say which holds; the
    /// same part twice is a warning.
    fn one_part_per_unit(&mut self, a: &RawActivity, text: &str, vocabulary: &Vocabulary) {
        let mut seen: std::collections::HashMap<String, &RawPart> = std::collections::HashMap::new();
        for p in &a.parts {
            let Some(unit) = p.unit.as_ref().filter(|u| !u.value.trim().is_empty()) else { continue };
            let first = match seen.entry(crate::load::files::folded(unit.value.trim())) {
                std::collections::hash_map::Entry::Occupied(e) => *e.get(),
                std::collections::hash_map::Entry::Vacant(e) => {
                    e.insert(p);
                    continue;
                }
            };
            let said = |p: &RawPart| {
                let status = chosen_status(p.status.as_ref(), p.written.as_ref(), vocabulary);
                let word = status.map(|s| s.value.trim().to_string()).unwrap_or_default();
                let meaning = status.and_then(|s| vocabulary.understand(&s.value)).map(|w| w.kind);
                let comment = p.comment.as_ref().map(|c| c.value.trim().to_string()).unwrap_or_default();
                (word, meaning, comment)
            };
            let ((word, meaning, comment), (first_word, first_meaning, first_comment)) = (said(p), said(first));
            let name = unit.value.trim();
            let at = Some(unit.at.clone());
            let first_at = first.unit.as_ref().map_or(&first.at, |u| &u.at);
            let what = format!("aktiviteten \"{}\"", short(text));
            if meaning == first_meaning && word == first_word && comment == first_comment {
                self.diags.push(
                    Diagnostic::warning(format!("{what} har enheten {name} två gånger, med samma status"), at)
                        .with_hint(format!("ta bort den ena raden (den andra står vid {first_at})")),
                );
            } else {
                let shown = |w: &str| if w.is_empty() { "ingen status".to_string() } else { format!("\"{w}\"") };
                self.diags.push(
                    Diagnostic::error(
                        format!(
                            "{what} har två rader för enheten {name}: {} här och {} vid {}",
                            shown(&word),
                            shown(&first_word),
                            first_at
                        ),
                        at,
                    )
                    .with_hint(
                        "en enhet har en status per aktivitet: ta bort den rad som inte gäller (en enhets arbetsbok anger bara den egna enhetens status)",
                    ),
                );
            }
        }
    }

    pub(crate) fn activity(&mut self, a: &RawActivity, vocabulary: &Vocabulary, as_of: NaiveDate) -> Activity {
        let text = self.text(a.text.as_ref());
        if text.is_empty() {
            self.diags.push(Diagnostic::error("aktiviteten saknar text", Some(a.at.clone())).with_hint(
                crate::validate::hint_for(&a.at, "skriv aktiviteten i kolumnen Aktivitet", "ange text = \"…\""),
            ));
        }
        let end = self.end_date(a.end.as_ref());
        let several = a.parts.len() > 1;
        self.one_part_per_unit(a, &text, vocabulary);
        let parts: Vec<Part> = a.parts.iter().filter_map(|p| self.part(p, several, vocabulary)).collect();
        let kind = overall(&parts);
        let overdue = !parts.is_empty() && is_overdue(&end, kind, as_of);
        if overdue {
            let at = a.end.as_ref().map_or_else(|| a.at.clone(), |l| l.at.clone());
            self.overdue_warning(
                &format!("aktiviteten \"{}\"", short(&text)),
                &end,
                &vocabulary.get(kind).word,
                as_of,
                at,
            );
        }
        let owners = a.owners.iter().map(|o| self.checked_text(o)).filter(|o| !o.is_empty()).collect();
        Activity { text, end, owners, parts, kind, overdue }
    }

    /// Groups the flat activities into perspectives, goals and committee
    /// goals, each in order of first appearance.
    pub(crate) fn perspectives(
        &mut self,
        raw: &[RawActivity],
        vocabulary: &Vocabulary,
        as_of: NaiveDate,
    ) -> Vec<Perspective> {
        let mut out: Vec<Perspective> = Vec::new();
        for a in raw {
            let perspective = self.line(a.perspective.as_ref(), "perspektivets namn");
            if perspective.is_empty() {
                self.diags.push(
                    Diagnostic::error("aktiviteten hör inte till något perspektiv", Some(a.at.clone()))
                        .with_hint("ange perspektivets namn (till exempel Medborgare) i kolumnen Perspektiv"),
                );
            }
            let goal = self.line(a.goal.as_ref(), "målets namn");
            let title = self.text(a.committee_goal.as_ref());
            if title.is_empty() {
                let at = a.committee_goal.as_ref().map_or_else(|| a.at.clone(), |l| l.at.clone());
                self.diags.push(
                    Diagnostic::error("aktiviteten hör inte till något nämndmål", Some(at))
                        .with_hint("ange nämndmålets rubrik (kolumnen Nämndmål)"),
                );
            }
            let description = self.text(a.description.as_ref());
            let activity = self.activity(a, vocabulary, as_of);
            let i = out.iter().position(|p| p.name == perspective).unwrap_or_else(|| {
                out.push(Perspective {
                    name: perspective,
                    goals: Vec::new(),
                    counts: Counts::of([], vocabulary),
                    target_counts: VerdictCounts::default(),
                });
                out.len() - 1
            });
            let p = &mut out[i];
            let i = p.goals.iter().position(|g| g.name == goal).unwrap_or_else(|| {
                p.goals.push(MunicipalGoal { name: goal, committee_goals: Vec::new(), headers: Vec::new() });
                p.goals.len() - 1
            });
            let g = &mut p.goals[i];
            let i = g.committee_goals.iter().position(|c| c.title == title).unwrap_or_else(|| {
                g.committee_goals.push(CommitteeGoal {
                    title,
                    description: String::new(),
                    activities: Vec::new(),
                    indicators: Vec::new(),
                });
                g.committee_goals.len() - 1
            });
            let c = &mut g.committee_goals[i];
            if c.description.is_empty() {
                c.description = description;
            } else if !description.is_empty()
                && description != c.description
                && let Some(l) = &a.description
            {
                self.diags.push(
                    Diagnostic::warning(
                        "nämndmålet har en annan beskrivning här än tidigare; den första används",
                        Some(l.at.clone()),
                    )
                    .with_hint("skriv samma beskrivning på alla rader för nämndmålet, eller lämna cellen tom"),
                );
            }
            c.activities.push(activity);
        }
        for p in &mut out {
            let all = p.goals.iter().flat_map(|g| g.committee_goals.iter().flat_map(|c| &c.activities));
            p.counts = Counts::of(all.map(|a| (a.kind, a.overdue)), vocabulary);
        }
        out
    }
}

impl Validator {
    /// Puts the committee goals' indicators under their goals (creating a
    /// goal that has indicators only), checked and judged, and counts the
    /// verdicts per perspective. An indicator read from a sheet without a
    /// Perspektiv column belongs to the perspective of its committee goal.
    pub(crate) fn goal_indicators(
        &mut self,
        raw: &RawFollowUp,
        perspectives: &mut Vec<Perspective>,
        thresholds: Thresholds,
        year: i32,
        vocabulary: &Vocabulary,
    ) {
        for gi in &raw.indicators {
            let at = gi.indicator.at.clone();
            let title = self.text(gi.committee_goal.as_ref());
            let mut goal = gi.goal.as_ref().map(|g| self.line(Some(g), "målets namn"));
            let perspective = if let Some(p) = &gi.perspective {
                self.line(Some(p), "perspektivets namn")
            } else {
                {
                    // The perspective and goal of the committee goal of that title.
                    let found = perspectives.iter().find_map(|p| {
                        p.goals.iter().find_map(|g| {
                            g.committee_goals.iter().any(|c| c.title == title).then(|| (p.name.clone(), g.name.clone()))
                        })
                    });
                    if let Some((p, g)) = found {
                        goal.get_or_insert(g);
                        p
                    } else {
                        String::new()
                    }
                }
            };
            if perspective.is_empty() {
                self.diags.push(
                    Diagnostic::error("indikatorn hör inte till något perspektiv", Some(at.clone()))
                        .with_hint("ange perspektivets namn (till exempel Medarbetare) i kolumnen Perspektiv"),
                );
            }
            if title.is_empty() {
                self.diags.push(
                    Diagnostic::error("indikatorn hör inte till något nämndmål", Some(at.clone()))
                        .with_hint("ange nämndmålets rubrik (kolumnen Nämndmål)"),
                );
            }
            let goal = goal.unwrap_or_default();
            let description = self.text(gi.description.as_ref());
            let indicator = self.indicator(&gi.indicator, thresholds, year);
            let [after_p, after_g, after_c] = &gi.after;
            let i = place(
                perspectives,
                |p| p.name == perspective,
                after_p.as_ref(),
                |p| &p.name,
                || Perspective {
                    name: perspective.clone(),
                    goals: Vec::new(),
                    counts: Counts::of([], vocabulary),
                    target_counts: VerdictCounts::default(),
                },
            );
            let p = &mut perspectives[i];
            let i = place(
                &mut p.goals,
                |g| g.name == goal,
                after_g.as_ref(),
                |g| &g.name,
                || MunicipalGoal { name: goal.clone(), committee_goals: Vec::new(), headers: Vec::new() },
            );
            let g = &mut p.goals[i];
            let i = place(
                &mut g.committee_goals,
                |c| c.title == title,
                after_c.as_ref(),
                |c| &c.title,
                || CommitteeGoal {
                    title: title.clone(),
                    description: String::new(),
                    activities: Vec::new(),
                    indicators: Vec::new(),
                },
            );
            let c = &mut g.committee_goals[i];
            if c.description.is_empty() {
                c.description = description;
            }
            c.indicators.push(indicator);
        }
        for p in perspectives {
            let years =
                p.goals.iter().flat_map(|g| &g.committee_goals).flat_map(|c| &c.indicators).flat_map(|i| &i.years);
            p.target_counts = VerdictCounts::of(year, years);
        }
    }
}

/// The index of the item `is` finds, else of a new one made by `make`,
/// placed right after the item named `after` (the one written before it),
/// first when nothing was written before it, last when `after` is unknown.
fn place<T>(
    items: &mut Vec<T>,
    is: impl Fn(&T) -> bool,
    after: Option<&String>,
    name: impl Fn(&T) -> &String,
    make: impl FnOnce() -> T,
) -> usize {
    if let Some(i) = items.iter().position(is) {
        return i;
    }
    let at = match after {
        None => 0,
        Some(a) => items.iter().position(|x| name(x).trim() == a).map_or(items.len(), |i| i + 1),
    };
    items.insert(at, make());
    at
}

/// The chart's text alternative: every bar's numbers in words.
fn chart_alt(perspectives: &[Perspective], total: &Counts) -> String {
    let mut parts: Vec<String> = perspectives
        .iter()
        .map(|p| format!("{}: {} aktiviteter, {}", p.name, p.counts.total, p.counts.describe()))
        .collect();
    parts.push(format!("Totalt: {} aktiviteter, {}", total.total, total.describe()));
    format!("Stapeldiagram över aktiviteternas status per perspektiv. {}.", parts.join(". "))
}

/// The start of a long text, for messages.
fn short(s: &str) -> String {
    let first = s.lines().next().unwrap_or("");
    if first.chars().count() > 60 || s.contains('\n') {
        format!("{}…", first.chars().take(57).collect::<String>().trim_end())
    } else {
        first.to_string()
    }
}

/// # Errors
/// Each limit passed.
pub(crate) fn within_limits(raw: &RawFollowUp) -> Result<(), Diagnostics> {
    let mut diags = Diagnostics::default();
    chapters(&mut diags, &raw.common, "uppföljningen");
    check(
        &mut diags,
        &raw.common.source,
        raw.assignments.len(),
        crate::validate::MAX_ROWS,
        ["uppföljningen", "uppdrag"],
        "dela upp uppföljningen, till exempel en per förvaltning",
    );
    check(
        &mut diags,
        &raw.common.source,
        raw.units.len(),
        MAX_DEPARTMENTS,
        ["uppföljningen", "enheter"],
        "dela upp uppföljningen, till exempel en per förvaltning",
    );
    check(
        &mut diags,
        &raw.common.source,
        raw.indicators.len(),
        MAX_INDICATORS,
        ["uppföljningen", "indikatorer"],
        "följ upp färre indikatorer, eller dela upp uppföljningen",
    );
    check(
        &mut diags,
        &raw.common.source,
        raw.indicators.iter().map(|i| i.indicator.years.len()).sum(),
        crate::validate::MAX_ROWS,
        ["uppföljningen", "mål- och resultatrader"],
        "följ upp färre år per indikator, eller dela upp uppföljningen",
    );
    if diags.has_errors() { Err(diags) } else { Ok(()) }
}
