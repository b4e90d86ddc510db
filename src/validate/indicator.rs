//! Checking indicators, shared by every kind that has them: each period's
//! target and result understood (`model::indicator`), the direction and its
//! contradictions, the reference of "Ska öka", percent cells against plain
//! numbers, a person's own verdict, and what the documents print. Every
//! problem is named at its place with what to do.

use super::Validator;
use crate::diag::{Diagnostic, Loc, Origin, nearest};
use crate::load::indicator::{RawIndicator, RawValue, RawYear};
use crate::model::indicator::{
    AmountUnit, Assessment, Direction, Indicator, Movement, Reference, ResultValue, Rule, TargetForm, TargetYear,
    Thresholds, parse_result, parse_target, rule,
};

/// Swedish number: "97 100", "1,5", "222"; one decimal at most. Numbers
/// of a quadrillion and more (which validation refuses in the data) print
/// as whole numbers with every digit, never wrapped or cut.
pub fn swedish_number(n: f64) -> String {
    if !n.is_finite() {
        let shown = if n.is_nan() {
            "–"
        } else if n > 0.0 {
            "∞"
        } else {
            "−∞"
        };
        return shown.to_string();
    }
    let (digits, frac) = if n.abs() < 1e15 {
        let rounded = ((n * 10.0).round() / 10.0).abs();
        let int = rounded.trunc();
        (format!("{int:.0}"), ((rounded - int) * 10.0).round())
    } else {
        (format!("{:.0}", n.abs()), 0.0)
    };
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push('\u{a0}');
        }
        grouped.push(c);
    }
    let sign = if n < 0.0 && (digits != "0" || frac != 0.0) { "−" } else { "" };
    if frac == 0.0 { format!("{sign}{grouped}") } else { format!("{sign}{grouped},{frac}") }
}

/// A percentage in full, as the TOML writer writes a percent cell's value:
/// "72,9 %". Read back, such a text is the percentage itself.
pub fn percent_text(v: f64) -> String {
    format!("{} %", crate::load::format_number(v))
}

pub(crate) fn with_unit(n: f64, unit: &str) -> String {
    match unit {
        "" => swedish_number(n),
        "%" => format!("{} %", swedish_number(n)),
        u => format!("{} {u}", swedish_number(n)),
    }
}

/// What to do about a verdict that cannot be computed, in the words of the
/// input's format.
fn own_verdict_hint(at: &Origin) -> &'static str {
    if matches!(at, Origin::Cell { .. } | Origin::Sheet { .. }) {
        "eller skriv din egen bedömning (Uppnått, Delvis uppnått, Ej uppnått) i kolumnen Bedömning"
    } else {
        "eller ange din egen bedömning: bedomning = \"Uppnått\" (eller \"Delvis uppnått\", \"Ej uppnått\")"
    }
}

/// A period's values as first read, before the periods are compared.
struct Read<'a> {
    raw: &'a RawYear,
    year: i32,
    /// The target understood, with where it was written; `Some` also for `okning`.
    form: Option<(TargetForm, Origin)>,
    target_written: String,
    target_percent: bool,
    result: Option<f64>,
    result_written: String,
    result_percent: bool,
    /// The result cell or key holds words that are no number.
    result_unreadable: bool,
}

/// A number of the indicator with how it was written, for the percent check.
struct Written {
    at: Origin,
    value: f64,
    /// A percentage (a percent cell or "%" in the text).
    percent: bool,
    /// From an Excel percent cell.
    cell: bool,
}

impl Validator {
    /// The assessment thresholds in per cent (`[bedomning]`, the Dokument
    /// sheet, the organisation profile), as shares; the defaults when none.
    pub(crate) fn thresholds(&mut self, achieved: Option<&Loc<f64>>, partly: Option<&Loc<f64>>) -> Thresholds {
        for l in [achieved, partly].into_iter().flatten() {
            if !self.number_ok(l) {
                return Thresholds::default();
            }
        }
        let mut t = Thresholds::default();
        if let Some(a) = achieved {
            t.achieved = a.value / 100.0;
        }
        if let Some(p) = partly {
            t.partly = p.value / 100.0;
        }
        if !(t.partly > 0.0 && t.partly <= t.achieved) {
            let at = partly.or(achieved).map(|l| l.at.clone());
            self.diags.push(Diagnostic::error("gränserna för bedömningen går inte ihop", at).with_hint(
                "delvis (till exempel 90) ska vara större än 0 och högst lika med uppnatt (till exempel 100)",
            ));
            t = Thresholds::default();
        }
        t
    }

    /// Checks an indicator; `period_year` is the year of the document
    /// (results after it are warned about), 0 when unknown.
    pub(crate) fn indicator(&mut self, ind: &RawIndicator, thresholds: Thresholds, period_year: i32) -> Indicator {
        self.indicator_numbers(ind);
        let name = match self.line(ind.name.as_ref(), "indikatorns namn") {
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
        let given = ind.direction.as_ref().and_then(|d| {
            let parsed = Direction::from_word(&d.value);
            if parsed.is_none() {
                self.diags.push(
                    Diagnostic::error(format!("okänd riktning \"{}\"", d.value.trim()), Some(d.at.clone()))
                        .with_hint("skriv \"lägre\" (lägre är bättre, som sjukfrånvaro) eller \"högre\""),
                );
            }
            parsed
        });
        let mut read: Vec<Read> = ind.years.iter().filter_map(|y| self.read_year(y, ind, baseline_year)).collect();
        read.sort_by_key(|r| r.year);
        let direction = self.direction(given, ind.direction.as_ref(), &read);
        self.percent_check(&read, &unit);
        let mut years = Vec::new();
        for k in 0..read.len() {
            let y = self.judge_year(&read, k, ind, (direction, &unit), thresholds, period_year);
            years.push(y);
        }
        // A chart of every year with a number, once one year has both a
        // numeric target and a result to set against it: one year is enough,
        // and a year without a target shows its result.
        let numeric: Vec<&TargetYear> = years.iter().filter(|y| y.target.is_some() || y.result.is_some()).collect();
        let chart_max = years.iter().flat_map(|y| [y.target, y.result]).flatten().fold(0.0_f64, f64::max);
        let chart = years.iter().any(|y| y.target.is_some() && y.result.is_some()) && chart_max > 0.0;
        let chart_alt = super::alt_text(format!(
            "Stapeldiagram, mål och resultat per år för {}: {}.",
            name.to_lowercase(),
            numeric
                .iter()
                .map(|y| format!(
                    "{} {}, resultat {}",
                    y.year,
                    match y.target {
                        Some(t) => format!("mål {}", with_unit(t.round(), &unit)),
                        // "Ska öka": a target, but no number to draw.
                        None if !y.target_display.is_empty() => format!("mål {}", y.target_display.to_lowercase()),
                        None => "inget mål".to_string(),
                    },
                    y.result.map_or_else(|| "ej fastställt".to_string(), |r| with_unit(r, &unit))
                ))
                .collect::<Vec<_>>()
                .join("; ")
        ));
        Indicator {
            name,
            baseline_display: match (baseline, baseline_year) {
                (Some(b), Some(y)) => format!("{} år {y}", with_unit(b, &unit)),
                (Some(b), None) => with_unit(b, &unit),
                _ => String::new(),
            },
            unit,
            direction,
            direction_given: given.is_some(),
            baseline_year,
            baseline,
            text: self.text(ind.text.as_ref()),
            years,
            chart,
            chart_alt,
            chart_max,
        }
    }

    fn read_year<'a>(&mut self, y: &'a RawYear, ind: &RawIndicator, baseline_year: Option<i32>) -> Option<Read<'a>> {
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
        let mut r = Read {
            raw: y,
            year,
            form: None,
            target_written: String::new(),
            target_percent: false,
            result: None,
            result_written: String::new(),
            result_percent: false,
            result_unreadable: false,
        };
        match (&y.target, &y.increase) {
            (Some(t), Some(_)) => {
                self.diags.push(
                    Diagnostic::error("målet anges både som tal (mal) och som ökning (okning)", Some(t.at.clone()))
                        .with_hint("ange det ena"),
                );
            }
            (None, Some(inc)) => {
                r.form = Some((
                    TargetForm::Change { movement: Movement::Increase, amount: inc.value, unit: AmountUnit::Percent },
                    inc.at.clone(),
                ));
            }
            _ => {}
        }
        if let Some(t) = &y.target {
            let form = match &t.value {
                RawValue::Number(n) => TargetForm::Value { value: *n, comparison: None, percent: false },
                RawValue::Percent(n) => TargetForm::Value { value: *n, comparison: None, percent: true },
                RawValue::Text(s) if is_percent_text(s) => {
                    TargetForm::Value { value: percent_value(s), comparison: None, percent: true }
                }
                RawValue::Text(s) => {
                    r.target_written = self.checked_text(&Loc::new(s.clone(), t.at.clone()));
                    let form = parse_target(s);
                    if form == TargetForm::Unreadable {
                        let mut d = Diagnostic::warning(
                            format!("målet \"{}\" kan inte läsas som ett mål och bedöms inte", s.trim()),
                            Some(t.at.clone()),
                        );
                        if y.verdict.is_none() {
                            d = d.with_hint(format!(
                                "skriv ett tal (75, \"Minst 55 %\", \"<10\", \"90–95 %\") eller en riktning (\"Ska öka\"), {}",
                                own_verdict_hint(&t.at)
                            ));
                            self.diags.push(d);
                        }
                    }
                    form
                }
            };
            r.target_percent = match &form {
                TargetForm::Value { percent, .. } | TargetForm::Range { percent, .. } => *percent,
                _ => false,
            };
            r.form = Some((form, t.at.clone()));
        }
        if let Some(res) = &y.result {
            match &res.value {
                RawValue::Number(n) => r.result = Some(*n),
                RawValue::Percent(n) => {
                    r.result = Some(*n);
                    r.result_percent = true;
                }
                RawValue::Text(s) if is_percent_text(s) => {
                    r.result = Some(percent_value(s));
                    r.result_percent = true;
                }
                RawValue::Text(s) => {
                    r.result_written = self.checked_text(&Loc::new(s.clone(), res.at.clone()));
                    match parse_result(s) {
                        ResultValue::Number { value, percent } => {
                            r.result = Some(value);
                            r.result_percent = percent;
                        }
                        ResultValue::Missing => {}
                        ResultValue::Unreadable => r.result_unreadable = true,
                    }
                }
            }
        }
        Some(r)
    }

    /// The indicator's direction: as written, else as its targets imply,
    /// else higher; a target that implies the other one is an error at it.
    fn direction(&mut self, given: Option<Direction>, given_at: Option<&Loc<String>>, read: &[Read]) -> Direction {
        let mut direction = given;
        let mut first_at: Option<(Origin, String)> = given_at.map(|l| (l.at.clone(), l.value.trim().to_string()));
        for r in read {
            let Some((form, at)) = &r.form else { continue };
            let Some(implied) = form.implied_direction() else { continue };
            let written = if r.target_written.is_empty() { form_words(form) } else { r.target_written.clone() };
            match direction {
                None => {
                    direction = Some(implied);
                    first_at = Some((at.clone(), written));
                }
                Some(d) if d != implied => {
                    let (place, what) = first_at.clone().unwrap_or((at.clone(), String::new()));
                    let other = if given.is_some() {
                        format!("riktningen vid {place} är \"{what}\"")
                    } else {
                        format!("målet \"{what}\" vid {place} betyder att {} är bättre", d.word())
                    };
                    self.diags.push(
                        Diagnostic::error(
                            format!("målet \"{written}\" betyder att {} är bättre, men {other}", implied.word()),
                            Some(at.clone()),
                        )
                        .with_hint("skriv målet och riktningen (lägre eller högre är bättre) så att de stämmer"),
                    );
                }
                Some(_) => {}
            }
        }
        direction.unwrap_or_default()
    }

    /// Percent cells (or "%" in the text) and plain numbers mixed within one
    /// indicator: a warning naming both places.
    fn percent_check(&mut self, read: &[Read], unit: &str) {
        let mut values: Vec<Written> = Vec::new();
        for r in read {
            if let (Some((form, at)), Some(raw)) = (&r.form, &r.raw.target)
                && let TargetForm::Value { value, percent, .. } | TargetForm::Range { low: value, percent, .. } = form
            {
                let cell = matches!(raw.value, RawValue::Percent(_));
                values.push(Written { at: at.clone(), value: *value, percent: *percent, cell });
            }
            if let (Some(v), Some(res)) = (r.result, &r.raw.result) {
                let cell = matches!(res.value, RawValue::Percent(_));
                values.push(Written { at: res.at.clone(), value: v, percent: r.result_percent, cell });
            }
        }
        // An Excel percent cell beside a plain number (75 against 68 %).
        let cell = values.iter().find(|w| w.cell);
        let plain = values.iter().find(|w| !w.percent);
        // A plain share (0,68) beside percentages (75 %) is the likeliest slip.
        let share = values.iter().find(|w| !w.percent && w.value > 0.0 && w.value <= 1.0);
        let large = values.iter().find(|w| w.value > 1.0);
        let any_percent = values.iter().any(|w| w.percent);
        let pair = match (cell, plain, share, large) {
            (Some(p), Some(n), _, _) if unit != "%" => Some((p, n)),
            (_, _, Some(s), Some(l)) if unit == "%" || any_percent => Some((l, s)),
            _ => None,
        };
        if let Some((p, n)) = pair {
            self.diags.push(
                Diagnostic::warning(
                    format!(
                        "indikatorn blandar procent och vanliga tal: {} vid {} och {} vid {}",
                        shown(p),
                        p.at,
                        shown(n),
                        n.at
                    ),
                    Some(n.at.clone()),
                )
                .with_hint(
                    "skriv alla värden för indikatorn på samma sätt: i procent (72,9 %) eller som vanliga tal (72,9); en andel som 0,729 är 72,9 %",
                ),
            );
        }
    }

    #[allow(clippy::too_many_lines)]
    fn judge_year(
        &mut self,
        read: &[Read],
        index: usize,
        ind: &RawIndicator,
        (direction, unit): (Direction, &str),
        thresholds: Thresholds,
        period_year: i32,
    ) -> TargetYear {
        let this = &read[index];
        let raw = this.raw;
        let year = this.year;
        let baseline = ind.baseline.as_ref().map(|l| l.value);
        let baseline_year = ind.baseline_year.as_ref().map(|l| {
            #[allow(clippy::cast_possible_truncation)]
            let y = l.value as i32;
            y
        });
        // The reference of a direction target: the latest earlier period
        // with a result, else the baseline; of a change: the baseline.
        let previous = read[..index].iter().rev().find(|p| p.result.is_some());
        let (reference, reference_value) = match &this.form {
            Some((TargetForm::Direction(_), _)) => match (previous, baseline) {
                (Some(p), _) => (Some(Reference::Previous { year: p.year }), p.result),
                (None, Some(b)) => (Some(Reference::Baseline), Some(b)),
                (None, None) => (None, None),
            },
            Some((TargetForm::Change { .. }, _)) => match (baseline, previous) {
                (Some(b), _) => (Some(Reference::Baseline), Some(b)),
                (None, Some(p)) if raw.increase.is_none() => (Some(Reference::Previous { year: p.year }), p.result),
                _ => (None, None),
            },
            _ => (None, None),
        };
        let rule = this.form.as_ref().and_then(|(f, _)| rule(f, direction, reference_value));
        if let (Some((form, at)), None) = (&this.form, &rule)
            && form.needs_reference()
        {
            if raw.increase.is_some() {
                self.diags.push(
                    Diagnostic::error(
                        "målet är en ökning men utgångsläget saknas",
                        raw.increase.as_ref().map(|l| l.at.clone()),
                    )
                    .with_hint("ange utgangslage = … och utgangslage_ar = … för indikatorn"),
                );
            } else if raw.verdict.is_none() {
                self.diags.push(
                    Diagnostic::warning(
                        format!(
                            "målet \"{}\" jämförs med föregående periods resultat eller utgångsläget, men indikatorn har inget av dem",
                            this.target_written
                        ),
                        Some(at.clone()),
                    )
                    .with_hint(format!(
                        "ange resultatet för ett tidigare år eller utgångsläget (utgangslage), {}",
                        own_verdict_hint(at)
                    )),
                );
            }
        }
        let target_text = self.text(raw.target_text.as_ref());
        let result_text = self.text(raw.result_text.as_ref());
        // A result given only in words ("Resultat uppfyllt.") is a result
        // without a number; "Resultat ej fastställt än." is none.
        let in_words = !result_text.is_empty() && parse_result(&result_text) != ResultValue::Missing;
        let has_result = this.result.is_some() || this.result_unreadable || (raw.result.is_none() && in_words);
        // A result without a target is the reference of a later "Ska öka".
        let referenced = read[index + 1..].iter().any(|l| l.form.as_ref().is_some_and(|(f, _)| f.needs_reference()));
        // A target in words only (maltext, no mal) against a result, and a
        // result in words only against a target: nothing to compare, said at its place.
        let words_only_target = this.form.is_none() && !target_text.is_empty() && has_result;
        let words_only_result = this.form.is_some() && rule.is_some() && this.result.is_none() && has_result;
        if raw.verdict.is_none() {
            if let (true, Some(l)) = (words_only_target, &raw.target_text) {
                self.diags.push(
                    Diagnostic::warning(
                        format!("målet \"{}\" står bara i ord och kan inte jämföras med resultatet; det bedöms inte", short(&target_text)),
                        Some(l.at.clone()),
                    )
                    .with_hint(format!(
                        "skriv målet som ett tal, en jämförelse eller en riktning (75, \"Minst 55 %\", \"Ska öka\") i {}, {}",
                        if matches!(l.at, Origin::Cell { .. } | Origin::Sheet { .. }) { "kolumnen Mål" } else { "mal" },
                        own_verdict_hint(&l.at)
                    )),
                );
            }
            if let (true, Some(l)) = (words_only_result, &raw.result_text) {
                self.diags.push(
                    Diagnostic::warning(
                        format!(
                            "resultatet \"{}\" står bara i ord och kan inte jämföras med målet; det bedöms inte",
                            short(&result_text)
                        ),
                        Some(l.at.clone()),
                    )
                    .with_hint(format!(
                        "skriv resultatet som ett tal (till exempel 86 eller 12,8) i {}, {}",
                        if matches!(l.at, Origin::Cell { .. } | Origin::Sheet { .. }) {
                            "kolumnen Resultat"
                        } else {
                            "resultat"
                        },
                        own_verdict_hint(&l.at)
                    )),
                );
            }
        }
        if this.form.is_none() && has_result && !referenced && !words_only_target {
            self.diags.push(
                Diagnostic::warning(format!("resultat för {year}, ett år utan mål"), Some(raw.at.clone())).with_hint(
                    super::hint_for(
                        &raw.at,
                        "fyll i målet för året i kolumnen Mål (eller Ökning %), eller flytta resultatet",
                        "ange målet för året (mal, okning eller maltext), eller flytta resultatet",
                    ),
                ),
            );
        }
        if has_result && year > period_year && period_year > 0 {
            self.diags.push(
                Diagnostic::warning(
                    format!("resultat för {year}, efter rapportens år {period_year}"),
                    Some(raw.at.clone()),
                )
                .with_hint("kontrollera året"),
            );
        }
        if this.result_unreadable
            && let Some(res) = &raw.result
            && raw.verdict.is_none()
        {
            self.diags.push(
                Diagnostic::warning(
                    format!("resultatet \"{}\" är inget entydigt tal och bedöms inte", this.result_written),
                    Some(res.at.clone()),
                )
                .with_hint(format!(
                    "skriv talet (till exempel 12,8; en fotnot som 12,8* går bra), \"Statistik saknas\" om det inte finns, {}",
                    own_verdict_hint(&res.at)
                )),
            );
        }
        let (computed, degree) = match (&this.form, rule, this.result) {
            _ if words_only_target || words_only_result => (Assessment::NotAssessed, None),
            (None, _, _) if has_result => (Assessment::None, None),
            (None, _, _) => (Assessment::Undetermined, None),
            (Some(_), Some(rule), Some(v)) => {
                let (a, d) = rule.judge(v, thresholds);
                (a, d)
            }
            (Some(_), _, _) if this.result_unreadable => (Assessment::NotAssessed, None),
            (Some(_), _, None) if !has_result => (Assessment::Undetermined, None),
            (Some(_), Some(_), None) => (Assessment::None, None),
            (Some(_), None, _) => (Assessment::NotAssessed, None),
        };
        let manual = raw.verdict.as_ref().and_then(|v| {
            let found = Assessment::from_word(&v.value);
            if found.is_none() {
                let mut d = Diagnostic::error(format!("okänd bedömning \"{}\"", v.value.trim()), Some(v.at.clone()));
                d = match nearest(v.value.trim(), Assessment::WORDS.iter().copied()) {
                    Some(n) => d.with_hint(format!("menade du \"{n}\"?")),
                    None => d.with_hint(format!("skriv en av {}", Assessment::WORDS.join(", "))),
                };
                self.diags.push(d);
            }
            found
        });
        let assessment = manual.unwrap_or(computed);
        let target = rule.map(|r| r.bound()).filter(|_| !matches!(rule, Some(Rule::Move { .. } | Rule::Keep { .. })));
        let target_unit = if unit.is_empty() && this.target_percent { "%" } else { unit };
        let result_unit = if unit.is_empty() && this.result_percent { "%" } else { unit };
        let increase = raw.increase.as_ref().map(|l| l.value);
        let target_display = match (target, increase, baseline_year) {
            // The organisation's own words for the target print as written,
            // with the value they come to.
            (Some(t), Some(_), Some(_)) if !target_text.is_empty() => {
                format!("{target_text} = {}", with_unit(t.round(), unit))
            }
            (Some(t), Some(inc), Some(by)) => {
                format!("ökning med {} % från {by} = {}", swedish_number(inc), with_unit(t.round(), unit))
            }
            _ if !target_text.is_empty() => target_text.clone(),
            _ if !this.target_written.is_empty() => this.target_written.clone(),
            (Some(t), _, _) => with_unit(t, target_unit),
            _ => String::new(),
        };
        let result_display = if !result_text.is_empty() {
            result_text.clone()
        } else if !this.result_written.is_empty() {
            this.result_written.clone()
        } else {
            this.result.map_or_else(|| "Ej fastställt".to_string(), |v| with_unit(v, result_unit))
        };
        let assessment_note = if manual.is_some() {
            "manuell bedömning".to_string()
        } else {
            match (assessment, degree) {
                (Assessment::Partly | Assessment::NotAchieved, Some(d)) => {
                    format!("måluppfyllelse {} %", swedish_number((d * 100.0).round()))
                }
                _ => String::new(),
            }
        };
        TargetYear {
            // A target computed from an increase over the baseline is shown
            // rounded, as the table prints it (221,95 → 222); a written one
            // as written ("Högst 2,5 %" → 2,5).
            target_short: target
                .map_or_else(String::new, |t| swedish_number(if increase.is_some() { t.round() } else { t })),
            result_short: this.result.map_or_else(String::new, swedish_number),
            year,
            target,
            increase,
            target_written: this.target_written.clone(),
            target_percent: this.target_percent,
            target_text,
            target_display,
            result: this.result,
            result_written: this.result_written.clone(),
            result_percent: this.result_percent,
            result_text,
            result_display,
            rule,
            reference: rule.and(reference),
            degree,
            assessment,
            manual: manual.is_some(),
            assessment_word: assessment.word().to_string(),
            assessment_symbol: assessment.symbol().to_string(),
            assessment_note,
            change: None,
        }
    }
}

/// Whether a text is a percentage exactly as [`percent_text`] writes it.
fn is_percent_text(s: &str) -> bool {
    crate::load::sheet::parse_number(s.trim().trim_end_matches('%')).is_some_and(|v| percent_text(v) == s)
}

fn percent_value(s: &str) -> f64 {
    crate::load::sheet::parse_number(s.trim().trim_end_matches('%')).unwrap_or_default()
}

/// The start of a long text, for messages.
fn short(s: &str) -> String {
    let first = s.lines().next().unwrap_or("").trim();
    if first.chars().count() > 60 || s.trim().contains('\n') {
        format!("{}…", first.chars().take(57).collect::<String>().trim_end())
    } else {
        first.to_string()
    }
}

/// A number as the person wrote it, for messages.
fn shown(w: &Written) -> String {
    if w.percent { format!("{} %", swedish_number(w.value)) } else { swedish_number(w.value) }
}

/// A target form in words, for messages about targets given as numbers.
fn form_words(form: &TargetForm) -> String {
    match form {
        TargetForm::Value { value, .. } => swedish_number(*value),
        TargetForm::Change { movement: Movement::Increase, amount, .. } => {
            format!("ökning med {}", swedish_number(*amount))
        }
        TargetForm::Change { amount, .. } => format!("minskning med {}", swedish_number(*amount)),
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    pub(crate) fn numbers_print_the_swedish_way() {
        assert_eq!(swedish_number(97100.0), "97\u{a0}100");
        assert_eq!(swedish_number(1.5), "1,5");
        assert_eq!(swedish_number(221.95), "222");
        assert_eq!(with_unit(15.0, "%"), "15 %");
        assert_eq!(swedish_number(-0.04), "0");
        assert_eq!(swedish_number(-2.5), "−2,5");
        assert_eq!(swedish_number(0.96), "1");
        assert_eq!(swedish_number(999_999_999_999_999.0), "999\u{a0}999\u{a0}999\u{a0}999\u{a0}999");
        // Huge and non-finite values never print as a saturated i64 or "NaN".
        let huge = swedish_number(1e308);
        assert_eq!(huge.chars().filter(char::is_ascii_digit).count(), 309, "{huge}");
        assert!(huge.starts_with("100\u{a0}000\u{a0}000") && !huge.contains(','), "{huge}");
        assert_eq!(swedish_number(-1e20), "−100\u{a0}000\u{a0}000\u{a0}000\u{a0}000\u{a0}000\u{a0}000");
        assert_eq!(swedish_number(f64::INFINITY), "∞");
        assert_eq!(swedish_number(f64::NAN), "–");
    }
}
