//! Indicators (*indikatorer*, *mått*, *nyckeltal*) shared by every document
//! kind that has them: targets as people write them ("Minst 55 %", "<10",
//! "90–95 %", "Ska öka"), results as people write them ("12,8 (15,8*)",
//! "Statistik saknas"), the direction (higher or lower is better), the
//! degree of attainment and the verdict. Pure functions only: reading and
//! the messages at a place live in `validate::indicator`.

use serde::Serialize;

/// How a result measures up to its target: the verdict the committee reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Assessment {
    Achieved,
    Partly,
    NotAchieved,
    /// No result yet ("Ej fastställt").
    Undetermined,
    /// A target or result that cannot be compared ("Ej bedömd").
    NotAssessed,
    /// No target: nothing to assess ("–").
    None,
}

impl Assessment {
    pub fn word(self) -> &'static str {
        match self {
            Assessment::Achieved => "Uppnått",
            Assessment::Partly => "Delvis uppnått",
            Assessment::NotAchieved => "Ej uppnått",
            Assessment::Undetermined => "Ej fastställt",
            Assessment::NotAssessed => "Ej bedömd",
            Assessment::None => "",
        }
    }

    /// The status symbol the PDF draws for it (see `status-symbol` in lib.typ).
    pub fn symbol(self) -> &'static str {
        match self {
            Assessment::Achieved => "done",
            Assessment::Partly => "ongoing",
            Assessment::NotAchieved => "delayed",
            Assessment::NotAssessed => "not_started",
            Assessment::Undetermined | Assessment::None => "missing",
        }
    }

    /// The traffic-light colour of its table cell and chart segment.
    pub fn colour(self) -> &'static str {
        match self {
            Assessment::Achieved => "#cfe8cf",
            Assessment::Partly => "#fbecb3",
            Assessment::NotAchieved => "#f7c9a8",
            // Grey, a shade darker than "not yet known", and always with its word.
            Assessment::NotAssessed => "#d6d6d6",
            Assessment::Undetermined | Assessment::None => "#eeeeee",
        }
    }

    /// The verdict words a person may write (`bedomning`, column Bedömning).
    pub const WORDS: [&'static str; 5] = ["Uppnått", "Delvis uppnått", "Ej uppnått", "Ej fastställt", "Ej bedömd"];

    /// A verdict as a person writes it: "Uppnått", "delvis uppfyllt", "Ej uppnått".
    pub fn from_word(text: &str) -> Option<Assessment> {
        let t = text.trim().trim_end_matches('.').to_lowercase().replace("inte ", "ej ");
        let t = t.split_whitespace().collect::<Vec<_>>().join(" ");
        Some(match t.as_str() {
            "uppnått" | "uppnådd" | "uppnåtts" | "uppfyllt" | "uppfylld" | "uppfyllda" | "uppnådda" => {
                Assessment::Achieved
            }
            "delvis uppnått" | "delvis uppnådd" | "delvis uppfyllt" | "delvis uppfylld" | "delvis" => {
                Assessment::Partly
            }
            "ej uppnått" | "ej uppnådd" | "ej uppfyllt" | "ej uppfylld" => Assessment::NotAchieved,
            "ej fastställt" | "ej fastställd" => Assessment::Undetermined,
            "ej bedömd" | "ej bedömt" | "kan ej bedömas" => Assessment::NotAssessed,
            _ => return None,
        })
    }
}

/// Assessment thresholds as shares of the target (default 1.0 and 0.9):
/// met from `achieved`, partly met from `partly`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Thresholds {
    pub achieved: f64,
    pub partly: f64,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds { achieved: 1.0, partly: 0.9 }
    }
}

/// Which way is better.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    #[default]
    Higher,
    Lower,
}

impl Direction {
    /// The word written in `riktning` and the column Riktning.
    pub fn word(self) -> &'static str {
        match self {
            Direction::Higher => "högre",
            Direction::Lower => "lägre",
        }
    }

    /// "lägre", "lagre", "Lägre är bättre", "högre", "hogre".
    pub fn from_word(text: &str) -> Option<Direction> {
        let t = text.trim().to_lowercase();
        let first = t.split_whitespace().next().unwrap_or("");
        match first {
            "högre" | "hogre" | "hög" | "hog" | "uppåt" => Some(Direction::Higher),
            "lägre" | "lagre" | "låg" | "lag" | "nedåt" => Some(Direction::Lower),
            _ => None,
        }
    }
}

/// A comparison written before a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Comparison {
    /// "Minst", "Lägst", "≥".
    AtLeast,
    /// "Över", ">".
    Above,
    /// "Högst", "Max", "≤".
    AtMost,
    /// "Under", "<".
    Below,
}

impl Comparison {
    pub fn direction(self) -> Direction {
        match self {
            Comparison::AtLeast | Comparison::Above => Direction::Higher,
            Comparison::AtMost | Comparison::Below => Direction::Lower,
        }
    }

    pub fn strict(self) -> bool {
        matches!(self, Comparison::Above | Comparison::Below)
    }
}

/// The way a direction target moves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Movement {
    /// "Ska öka", "Öka".
    Increase,
    /// "Ska minska", "Minska".
    Decrease,
    /// "Bibehålla", "Oförändrat".
    Keep,
}

/// The unit of a change's amount ("Öka med 15 %", "Minska med 2 procentenheter").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum AmountUnit {
    /// Per cent of the reference.
    Percent,
    /// Percentage points or the indicator's own unit.
    Absolute,
}

/// A target as written, understood.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum TargetForm {
    /// A number, with a comparison when one is written ("Minst 55 %").
    Value { value: f64, comparison: Option<Comparison>, percent: bool },
    /// "90–95 %".
    Range { low: f64, high: f64, percent: bool },
    /// "Ska öka", "Bibehålla": against the previous period or the baseline.
    Direction(Movement),
    /// "Ökning med 15 %", "Minska med 2 procentenheter": against the baseline.
    Change { movement: Movement, amount: f64, unit: AmountUnit },
    /// Words that are no target ("Alla chefer ska ha gått utbildningen").
    Unreadable,
}

impl TargetForm {
    /// The direction the target implies, if it implies one.
    pub fn implied_direction(&self) -> Option<Direction> {
        match self {
            TargetForm::Value { comparison: Some(c), .. } => Some(c.direction()),
            TargetForm::Direction(m) | TargetForm::Change { movement: m, .. } => match m {
                Movement::Increase => Some(Direction::Higher),
                Movement::Decrease => Some(Direction::Lower),
                Movement::Keep => None,
            },
            _ => None,
        }
    }

    /// Whether the target needs a value to compare with (the previous
    /// period's result or the baseline).
    pub fn needs_reference(&self) -> bool {
        matches!(self, TargetForm::Direction(_) | TargetForm::Change { .. })
    }
}

/// What a target comes down to once its reference is known: the rule the
/// result is judged by. The workbook's formula implements the same rules
/// (see `kinds::delarsrapport::workbook`), keyed by [`Rule::code`].
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub enum Rule {
    /// At least (higher is better) or at most (lower): `bound`; strict for "<" and ">".
    Bound { bound: f64, direction: Direction, strict: bool },
    /// Between `low` and `high`, both included.
    Between { low: f64, high: f64 },
    /// Better than the reference, strictly; no partly met.
    Move { reference: f64, direction: Direction },
    /// Not worse than the reference; no partly met.
    Keep { reference: f64, direction: Direction },
}

impl Rule {
    /// The code in the workbook's *Jämförelse* column.
    pub fn code(&self) -> &'static str {
        match self {
            Rule::Bound { direction: Direction::Higher, strict: false, .. } => ">=",
            Rule::Bound { direction: Direction::Higher, strict: true, .. } => ">",
            Rule::Bound { direction: Direction::Lower, strict: false, .. } => "<=",
            Rule::Bound { direction: Direction::Lower, strict: true, .. } => "<",
            Rule::Between { .. } => "mellan",
            Rule::Move { direction: Direction::Higher, .. } => "öka",
            Rule::Move { direction: Direction::Lower, .. } => "minska",
            Rule::Keep { direction: Direction::Higher, .. } => "bibehålla",
            Rule::Keep { direction: Direction::Lower, .. } => "bibehålla lägre",
        }
    }

    /// The value compared with (the bound, the low end, the reference).
    pub fn bound(&self) -> f64 {
        match *self {
            Rule::Bound { bound, .. } => bound,
            Rule::Between { low, .. } => low,
            Rule::Move { reference, .. } | Rule::Keep { reference, .. } => reference,
        }
    }

    pub fn high(&self) -> Option<f64> {
        match *self {
            Rule::Between { high, .. } => Some(high),
            _ => None,
        }
    }

    /// The degree of attainment: result ÷ target when higher is better,
    /// target ÷ result when lower is better; for a range, against the
    /// nearer end. `None` where it means nothing (a direction target, a
    /// division by zero or by a negative number).
    pub fn degree(&self, result: f64) -> Option<f64> {
        match *self {
            Rule::Bound { bound, direction: Direction::Higher, .. } => (bound > 0.0).then(|| result / bound),
            Rule::Bound { bound, direction: Direction::Lower, .. } => {
                (result > 0.0 && bound >= 0.0).then(|| bound / result)
            }
            Rule::Between { low, high } => {
                if result < low {
                    (low > 0.0).then(|| result / low)
                } else if result > high {
                    (result > 0.0).then(|| high / result)
                } else {
                    Some(1.0)
                }
            }
            Rule::Move { .. } | Rule::Keep { .. } => None,
        }
    }

    /// Whether the result meets the rule outright (the comparison itself).
    fn met(&self, result: f64) -> bool {
        match *self {
            Rule::Bound { bound, direction: Direction::Higher, strict } => {
                if strict {
                    result > bound
                } else {
                    result >= bound
                }
            }
            Rule::Bound { bound, direction: Direction::Lower, strict } => {
                if strict {
                    result < bound
                } else {
                    result <= bound
                }
            }
            Rule::Between { low, high } => low <= result && result <= high,
            Rule::Move { reference, direction: Direction::Higher } => result > reference,
            Rule::Move { reference, direction: Direction::Lower } => result < reference,
            Rule::Keep { reference, direction: Direction::Higher } => result >= reference,
            Rule::Keep { reference, direction: Direction::Lower } => result <= reference,
        }
    }

    fn strict(&self) -> bool {
        matches!(self, Rule::Bound { strict: true, .. })
    }

    /// Judges a result: met from the `achieved` share (strictly above it
    /// for "<" and ">"), partly met from the `partly` share; a direction
    /// target is met or not.
    pub fn judge(&self, result: f64, t: Thresholds) -> (Assessment, Option<f64>) {
        let degree = self.degree(result);
        let verdict = match degree {
            Some(d) => {
                // A little tolerance for shares computed from rounded numbers.
                let achieved = if self.strict() { d > t.achieved + 1e-9 } else { d + 1e-9 >= t.achieved };
                if achieved {
                    Assessment::Achieved
                } else if d + 1e-9 >= t.partly {
                    Assessment::Partly
                } else {
                    Assessment::NotAchieved
                }
            }
            None if self.met(result) => Assessment::Achieved,
            None => Assessment::NotAchieved,
        };
        (verdict, degree)
    }
}

/// Turns a target into its rule, given the direction and the value a
/// direction or change target is compared with. `None` for unreadable
/// targets and for direction targets without a reference.
pub fn rule(form: &TargetForm, direction: Direction, reference: Option<f64>) -> Option<Rule> {
    Some(match *form {
        TargetForm::Value { value, comparison, .. } => match comparison {
            Some(c) => Rule::Bound { bound: value, direction: c.direction(), strict: c.strict() },
            None => Rule::Bound { bound: value, direction, strict: false },
        },
        TargetForm::Range { low, high, .. } => Rule::Between { low, high },
        TargetForm::Direction(Movement::Keep) => Rule::Keep { reference: reference?, direction },
        TargetForm::Direction(m) => Rule::Move {
            reference: reference?,
            direction: if m == Movement::Increase { Direction::Higher } else { Direction::Lower },
        },
        TargetForm::Change { movement, amount, unit } => {
            let base = reference?;
            let delta = match unit {
                AmountUnit::Percent => base * amount / 100.0,
                AmountUnit::Absolute => amount,
            };
            match movement {
                Movement::Decrease => Rule::Bound { bound: base - delta, direction: Direction::Lower, strict: false },
                Movement::Increase | Movement::Keep => {
                    Rule::Bound { bound: base + delta, direction: Direction::Higher, strict: false }
                }
            }
        }
        TargetForm::Unreadable => return None,
    })
}

/// What a direction or change target is compared with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Reference {
    /// The result of an earlier period of the same indicator.
    Previous {
        year: i32,
    },
    Baseline,
}

/// One year (period) of an indicator: target, result, verdict.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TargetYear {
    pub year: i32,
    /// The target's number (the bound, a range's low end, a computed
    /// increase), for charts and the workbook; `None` for words.
    pub target: Option<f64>,
    /// The target as a percentage increase over the baseline, if so written (`okning`).
    pub increase: Option<f64>,
    /// The target as written in `mal` when it is text ("Minst 55 %").
    pub target_written: String,
    /// The target was a percentage (an Excel percent cell, or "%" in its text).
    pub target_percent: bool,
    /// `maltext`: the target in the document's own words.
    pub target_text: String,
    /// What the PDF prints: `maltext`, else the target as written.
    pub target_display: String,
    pub result: Option<f64>,
    /// The result as written in `resultat` when it is text ("12,8 (15,8*)").
    pub result_written: String,
    /// The result was a percentage (an Excel percent cell, or "%" in its text).
    pub result_percent: bool,
    pub result_text: String,
    pub result_display: String,
    /// The numbers alone, Swedish style, for the chart ("222", "1,5").
    pub target_short: String,
    pub result_short: String,
    /// The rule the result was judged by, when the target could be read.
    pub rule: Option<Rule>,
    /// Where a direction or change target's reference comes from.
    pub reference: Option<Reference>,
    /// Result ÷ target (higher is better) or target ÷ result (lower).
    pub degree: Option<f64>,
    pub assessment: Assessment,
    /// A person's own verdict, not computed.
    pub manual: bool,
    pub assessment_word: String,
    pub assessment_symbol: String,
    /// Printed under the verdict: "måluppfyllelse 92 %", "manuell bedömning".
    pub assessment_note: String,
    pub change: Option<crate::model::ChangeKind>,
}

/// A measured indicator with a target per year.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Indicator {
    pub name: String,
    pub unit: String,
    /// Which way is better; `direction_given` when written (`riktning`).
    pub direction: Direction,
    pub direction_given: bool,
    pub baseline_year: Option<i32>,
    pub baseline: Option<f64>,
    pub baseline_display: String,
    pub text: String,
    pub years: Vec<TargetYear>,
    /// A year with both a numeric target and a result: a bar chart of every
    /// year with a number is drawn.
    pub chart: bool,
    pub chart_alt: String,
    /// The largest number to draw (for the chart's scale).
    pub chart_max: f64,
}

/// How many targets of a period are met, partly met, not met, not
/// assessed and not yet known, with the sentence a report prints.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct VerdictCounts {
    pub year: i32,
    pub total: usize,
    pub achieved: usize,
    pub partly: usize,
    pub not_achieved: usize,
    pub not_assessed: usize,
    pub undetermined: usize,
    /// "Av 4 mål för 2023 är 1 uppnått och 3 ej fastställda."; empty without targets.
    pub sentence: String,
    /// Per verdict its status-chart segment (see [`VerdictCounts::as_counts`]).
    pub parts: Vec<crate::model::status::KindCount>,
}

impl VerdictCounts {
    /// The counts as the status charts draw them: one segment per verdict
    /// in its traffic-light colour, with its symbol and word (met as done,
    /// partly met as ongoing, not met as delayed, not assessed as not
    /// started, not yet known as missing).
    pub fn as_counts(&self) -> crate::model::status::Counts {
        use super::status::StatusKind;
        let part = |kind: StatusKind, a: Option<Assessment>, count: usize| crate::model::status::KindCount {
            kind,
            word: a.map_or(String::new(), |a| a.word().to_string()),
            colour: a.map_or("#ffffff", Assessment::colour).to_string(),
            count,
        };
        let by_kind = StatusKind::ALL
            .iter()
            .map(|&k| match k {
                StatusKind::Done => part(k, Some(Assessment::Achieved), self.achieved),
                StatusKind::Ongoing => part(k, Some(Assessment::Partly), self.partly),
                StatusKind::Delayed => part(k, Some(Assessment::NotAchieved), self.not_achieved),
                StatusKind::NotStarted => part(k, Some(Assessment::NotAssessed), self.not_assessed),
                StatusKind::Missing => part(k, Some(Assessment::Undetermined), self.undetermined),
                StatusKind::Cancelled => part(k, None, 0),
            })
            .collect();
        crate::model::status::Counts { total: self.total, by_kind, done: self.achieved, overdue: 0 }
    }

    /// The text alternative of a chart of verdicts per `rows` (phase or
    /// perspective) and in total.
    pub fn chart_alt(rows: &[(&str, &VerdictCounts)], total: &VerdictCounts) -> String {
        let describe = |c: &VerdictCounts| {
            [
                (c.achieved, Assessment::Achieved),
                (c.partly, Assessment::Partly),
                (c.not_achieved, Assessment::NotAchieved),
                (c.not_assessed, Assessment::NotAssessed),
                (c.undetermined, Assessment::Undetermined),
            ]
            .iter()
            .filter(|(n, _)| *n > 0)
            .map(|(n, a)| format!("{n} {}", a.word().to_lowercase()))
            .collect::<Vec<_>>()
            .join(", ")
        };
        let parts: Vec<String> = rows
            .iter()
            .filter(|(_, c)| c.total > 0)
            .map(|(name, c)| format!("{name}: {} mål, {}", c.total, describe(c)))
            .collect();
        format!(
            "Stapeldiagram över målens bedömning {} per del. {}. Totalt: {} mål, {}.",
            total.year,
            parts.join(". "),
            total.total,
            describe(total)
        )
    }

    /// Counts the targets of `year` (periods with a target or a person's
    /// verdict; a result in words against a target, "–", is not counted).
    pub fn of<'a>(year: i32, years: impl Iterator<Item = &'a TargetYear>) -> VerdictCounts {
        let mut c = VerdictCounts { year, ..VerdictCounts::default() };
        for y in years.filter(|y| y.year == year && (!y.target_display.is_empty() || y.manual)) {
            let slot = match y.assessment {
                Assessment::Achieved => &mut c.achieved,
                Assessment::Partly => &mut c.partly,
                Assessment::NotAchieved => &mut c.not_achieved,
                Assessment::NotAssessed => &mut c.not_assessed,
                Assessment::Undetermined => &mut c.undetermined,
                Assessment::None => continue,
            };
            *slot += 1;
            c.total += 1;
        }
        if c.total > 0 {
            let parts: Vec<String> = [
                (c.achieved, "uppnått", "uppnådda"),
                (c.partly, "delvis uppnått", "delvis uppnådda"),
                (c.not_achieved, "ej uppnått", "ej uppnådda"),
                (c.not_assessed, "ej bedömt", "ej bedömda"),
                (c.undetermined, "ej fastställt", "ej fastställda"),
            ]
            .iter()
            .filter(|(n, _, _)| *n > 0)
            .map(|(n, one, many)| format!("{n} {}", if *n == 1 { one } else { many }))
            .collect();
            let list = match parts.as_slice() {
                [] => String::new(),
                [one] => one.clone(),
                [rest @ .., last] => format!("{} och {last}", rest.join(", ")),
            };
            c.sentence = format!("Av {} mål för {year} är {list}.", c.total);
        }
        c.parts = c.as_counts().by_kind;
        c
    }
}

/// A result as written, understood.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub enum ResultValue {
    /// A number ("13,3*", "72,9 %", "12,8 (15,8*)").
    Number { value: f64, percent: bool },
    /// "Statistik saknas", "Resultat ej fastställt än", "Mäts 2025": no result yet.
    Missing,
    /// Words with no single number in them.
    Unreadable,
}

/// Words that say there is no result (yet).
const MISSING: [&str; 18] = [
    "saknas",
    "ej fastställ",
    "inte fastställ",
    "ej klar",
    "inte klar",
    "ej mätt",
    "inte mätt",
    "mäts ",
    "mäts",
    "ej tillgäng",
    "inte tillgäng",
    "redovisas senare",
    "kommer senare",
    "ej redovisa",
    "inget resultat",
    "finns ej",
    "finns inte",
    "ej aktuell",
];

/// Reads a result written as text.
pub fn parse_result(text: &str) -> ResultValue {
    let t = text.trim().to_lowercase();
    if t.is_empty() || matches!(t.as_str(), "-" | "–" | "—" | ".." | "…" | "n/a" | "x") {
        return ResultValue::Missing;
    }
    if MISSING.iter().any(|m| t.starts_with(m) || t.contains(&format!(" {m}")) || (m.len() > 6 && t.contains(m))) {
        return ResultValue::Missing;
    }
    let cleaned = without_parentheses(&t);
    let numbers = numbers_in(&cleaned);
    match numbers.as_slice() {
        [n] => ResultValue::Number { value: n.value, percent: is_percent(&cleaned[n.end..]) },
        _ => ResultValue::Unreadable,
    }
}

/// A number found in a text, with where it ends.
#[derive(Debug, Clone, Copy)]
struct Found {
    value: f64,
    start: usize,
    end: usize,
}

/// Removes parenthesised parts ("12,8 (15,8*)" → "12,8 ").
fn without_parentheses(t: &str) -> String {
    let mut out = String::new();
    let mut depth = 0usize;
    for c in t.chars() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// The numbers in a text, the Swedish way: "1 200", "6,5", "97 100".
fn numbers_in(t: &str) -> Vec<Found> {
    let chars: Vec<(usize, char)> = t.char_indices().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let (start, c) = chars[i];
        if !c.is_ascii_digit() {
            i += 1;
            continue;
        }
        // A letter right before the digits ("DR2", "2a") makes it no number.
        let glued = i > 0 && chars[i - 1].1.is_alphabetic();
        let mut digits = String::new();
        let mut j = i;
        while j < chars.len() && chars[j].1.is_ascii_digit() {
            digits.push(chars[j].1);
            j += 1;
        }
        // Thousands groups: "1 200", "97 100" (a space and exactly three digits).
        // Only after a first group of one to three digits ("2023 100" is two numbers).
        let mut more = digits.len() <= 3;
        while more {
            let sep = chars.get(j).map(|x| x.1);
            let group: String = chars.get(j + 1..).unwrap_or_default().iter().take(3).map(|x| x.1).collect();
            let after = chars.get(j + 4).map(|x| x.1);
            let is_group = matches!(sep, Some(' ' | '\u{a0}' | '\u{202f}'))
                && group.len() == 3
                && group.chars().all(|c| c.is_ascii_digit())
                && !after.is_some_and(|c| c.is_ascii_digit());
            more = is_group;
            if is_group {
                digits.push_str(&group);
                j += 4;
            }
        }
        if matches!(chars.get(j).map(|x| x.1), Some(',' | '.'))
            && chars.get(j + 1).is_some_and(|x| x.1.is_ascii_digit())
        {
            digits.push('.');
            j += 1;
            while j < chars.len() && chars[j].1.is_ascii_digit() {
                digits.push(chars[j].1);
                j += 1;
            }
        }
        let end = chars.get(j).map_or(t.len(), |x| x.0);
        if !glued && let Ok(value) = digits.parse::<f64>() {
            // A minus sign right before ("−2", "-2") when not a range dash.
            let negative = i > 0
                && matches!(chars[i - 1].1, '-' | '−')
                && (i == 1 || !chars[i - 2].1.is_ascii_digit() && chars[i - 2].1 != ' ');
            let (value, start) = if negative { (-value, chars[i - 1].0) } else { (value, start) };
            out.push(Found { value, start, end });
        }
        i = j.max(i + 1);
    }
    out
}

/// Whether the text right after a number says per cent ("%", "procent",
/// not "procentenheter").
fn is_percent(after: &str) -> bool {
    let a = after.trim_start().trim_start_matches(['*', '†', '¹', '²', '³']).trim_start();
    a.starts_with('%') || (a.starts_with("procent") && !a.starts_with("procentenhet"))
}

/// Words before a number that make a comparison, longest first.
const COMPARISONS: [(&str, Comparison); 22] = [
    ("större än eller lika med", Comparison::AtLeast),
    ("mindre än eller lika med", Comparison::AtMost),
    ("minst", Comparison::AtLeast),
    ("lägst", Comparison::AtLeast),
    ("minimum", Comparison::AtLeast),
    ("≥", Comparison::AtLeast),
    (">=", Comparison::AtLeast),
    ("över", Comparison::Above),
    ("mer än", Comparison::Above),
    ("fler än", Comparison::Above),
    ("högre än", Comparison::Above),
    ("större än", Comparison::Above),
    (">", Comparison::Above),
    ("högst", Comparison::AtMost),
    ("max", Comparison::AtMost),
    ("maximalt", Comparison::AtMost),
    ("≤", Comparison::AtMost),
    ("<=", Comparison::AtMost),
    ("under", Comparison::Below),
    ("mindre än", Comparison::Below),
    ("färre än", Comparison::Below),
    ("<", Comparison::Below),
];

const INCREASE: [&str; 6] = ["öka", "ökning", "höja", "höjas", "förbättra", "stiga"];
const DECREASE: [&str; 6] = ["minska", "minskning", "sänka", "sänkas", "sjunka", "reducera"];
const KEEP: [&str; 8] =
    ["bibehålla", "bibehållas", "bibehålls", "behålla", "oförändrat", "oförändrad", "samma nivå", "bibehållen"];

/// The first word of `words` that starts a word of `text`.
fn has_word(text: &str, words: &[&str]) -> bool {
    let tokens: Vec<&str> = text
        .split(|c: char| !c.is_alphanumeric() && c != 'å' && c != 'ä' && c != 'ö')
        .filter(|w| !w.is_empty())
        .collect();
    words.iter().any(|w| {
        if w.contains(' ') {
            text.contains(w)
        } else {
            tokens.iter().any(|t| t.starts_with(w) && (t.len() - w.len()) <= 3)
        }
    })
}

/// Reads a target as people write it. Parenthesised parts are notes
/// ("10 st. ambassadörer (ökning med 25%)").
pub fn parse_target(text: &str) -> TargetForm {
    let t = text.trim().to_lowercase().replace(['\u{a0}', '\u{202f}'], " ").replace('−', "-");
    let t = without_parentheses(&t);
    let t = t.trim().trim_end_matches('.').trim().to_string();
    let numbers = numbers_in(&t);
    // Years in the text ("Ökning med 15 % från 2019", "Ska öka jämfört med 2022") are no targets.
    let numbers: Vec<Found> = numbers
        .into_iter()
        .filter(|n| {
            let before = t[..n.start].trim_end();
            let is_year = n.value.fract() == 0.0 && (1990.0..=2100.0).contains(&n.value);
            !(is_year
                && ["från", "jämfört med", "år", "mot", "sedan", "jämfört med år"].iter().any(|w| before.ends_with(w)))
        })
        .collect();
    let movement = if has_word(&t, &KEEP) {
        Some(Movement::Keep)
    } else if has_word(&t, &DECREASE) {
        Some(Movement::Decrease)
    } else if has_word(&t, &INCREASE) {
        Some(Movement::Increase)
    } else {
        None
    };
    match numbers.as_slice() {
        [] => movement.map_or(TargetForm::Unreadable, TargetForm::Direction),
        [n] => {
            let before = &t[..n.start];
            let after = &t[n.end..];
            let percent = is_percent(after) || before.trim_end().ends_with('%');
            // "Öka med 15 %": a change; "Öka till 80 %": a level.
            if let Some(m) = movement
                && m != Movement::Keep
                && has_word(before, &["med"])
            {
                let points = after.contains("procentenhet");
                let unit = if percent && !points { AmountUnit::Percent } else { AmountUnit::Absolute };
                return TargetForm::Change { movement: m, amount: n.value.abs(), unit };
            }
            let comparison = comparison_in(before).or(match movement {
                Some(Movement::Increase) => Some(Comparison::AtLeast),
                Some(Movement::Decrease) => Some(Comparison::AtMost),
                _ => None,
            });
            if movement == Some(Movement::Keep) {
                // "Bibehålla 90 %": at least the level (the direction decides).
                return TargetForm::Value { value: n.value, comparison: None, percent };
            }
            TargetForm::Value { value: n.value, comparison, percent }
        }
        [a, b] => {
            let between = &t[a.end..b.start];
            let dash = between.trim().trim_start_matches('%').trim();
            let is_range = matches!(dash, "-" | "–" | "—" | "till" | "och" | "à");
            if is_range && a.value <= b.value && comparison_in(&t[..a.start]).is_none() {
                let percent = is_percent(&t[b.end..]) || is_percent(&t[a.end..]);
                TargetForm::Range { low: a.value, high: b.value, percent }
            } else {
                TargetForm::Unreadable
            }
        }
        _ => TargetForm::Unreadable,
    }
}

/// The comparison written in the text before a number: the last one.
fn comparison_in(before: &str) -> Option<Comparison> {
    let b = before.trim();
    let mut best: Option<(usize, usize, Comparison)> = None;
    for (w, c) in COMPARISONS {
        let mut from = 0;
        while let Some(pos) = b[from..].find(w) {
            let p = from + pos;
            let word_start = p == 0 || !b[..p].chars().next_back().is_some_and(char::is_alphanumeric);
            let end = p + w.len();
            let word_end = end >= b.len() || !b[end..].chars().next().is_some_and(char::is_alphanumeric);
            let symbol = !w.chars().next().is_some_and(char::is_alphanumeric);
            if (word_start && word_end) || symbol {
                // The latest match wins; at the same place, the longer word.
                if best.is_none_or(|(bp, bl, _)| p > bp || (p == bp && w.len() > bl)) {
                    best = Some((p, w.len(), c));
                }
            }
            from = p + w.len();
        }
    }
    // "<=" also contains "<": the longer match at the same place wins above,
    // but a "<" right before "=" starts at the same place, so that holds.
    best.map(|(_, _, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;
    use Comparison::{Above, AtLeast, AtMost, Below};

    fn value(v: f64, c: Option<Comparison>, percent: bool) -> TargetForm {
        TargetForm::Value { value: v, comparison: c, percent }
    }

    #[test]
    fn numbers_with_units_and_decimal_comma() {
        assert_eq!(parse_target("NKI 75"), value(75.0, None, false));
        assert_eq!(parse_target("6,5 %"), value(6.5, None, true));
        assert_eq!(parse_target("6,5%"), value(6.5, None, true));
        assert_eq!(parse_target("5 dagar"), value(5.0, None, false));
        assert_eq!(parse_target("10 st"), value(10.0, None, false));
        assert_eq!(parse_target("1 200 timmar"), value(1200.0, None, false));
        assert_eq!(parse_target("94 procent"), value(94.0, None, true));
        assert_eq!(parse_target("75*"), value(75.0, None, false));
        assert_eq!(parse_target("10 st. ambassadörer (ökning med 25%)"), value(10.0, None, false));
        assert_eq!(
            parse_target("100% av sommarvikarierna tar del av det gemensamma introduktionsprogrammet"),
            value(100.0, None, true)
        );
    }

    #[test]
    fn comparisons() {
        assert_eq!(parse_target("<10"), value(10.0, Some(Below), false));
        assert_eq!(parse_target("≤ 12"), value(12.0, Some(AtMost), false));
        assert_eq!(parse_target("<= 12"), value(12.0, Some(AtMost), false));
        assert_eq!(parse_target("> 90 %"), value(90.0, Some(Above), true));
        assert_eq!(parse_target("≥90"), value(90.0, Some(AtLeast), false));
        assert_eq!(parse_target("Minst 55 %"), value(55.0, Some(AtLeast), true));
        assert_eq!(parse_target("Lägst 80"), value(80.0, Some(AtLeast), false));
        assert_eq!(parse_target("Högst 6 %"), value(6.0, Some(AtMost), true));
        assert_eq!(parse_target("Max 5 dagar"), value(5.0, Some(AtMost), false));
        assert_eq!(parse_target("Under 7 %"), value(7.0, Some(Below), true));
        assert_eq!(parse_target("Över 85"), value(85.0, Some(Above), false));
        assert_eq!(parse_target("Sjukfrånvaron ska vara under 7 %"), value(7.0, Some(Below), true));
        assert_eq!(parse_target("Ska öka till 80 %"), value(80.0, Some(AtLeast), true));
        assert_eq!(parse_target("Minska till högst 6 %"), value(6.0, Some(AtMost), true));
    }

    #[test]
    fn ranges() {
        assert_eq!(parse_target("90–95 %"), TargetForm::Range { low: 90.0, high: 95.0, percent: true });
        assert_eq!(parse_target("90-95%"), TargetForm::Range { low: 90.0, high: 95.0, percent: true });
        assert_eq!(parse_target("90 till 95"), TargetForm::Range { low: 90.0, high: 95.0, percent: false });
        // Backwards is no range.
        assert_eq!(parse_target("95–90 %"), TargetForm::Unreadable);
    }

    #[test]
    fn directions_and_changes() {
        assert_eq!(parse_target("Ska öka"), TargetForm::Direction(Movement::Increase));
        assert_eq!(parse_target("Öka"), TargetForm::Direction(Movement::Increase));
        assert_eq!(parse_target("Ska minska"), TargetForm::Direction(Movement::Decrease));
        assert_eq!(parse_target("Minska"), TargetForm::Direction(Movement::Decrease));
        assert_eq!(parse_target("Bibehålla"), TargetForm::Direction(Movement::Keep));
        assert_eq!(parse_target("Oförändrat"), TargetForm::Direction(Movement::Keep));
        assert_eq!(parse_target("Ska öka jämfört med 2022"), TargetForm::Direction(Movement::Increase));
        assert_eq!(
            parse_target("Ökning med 15 % (från 2019)"),
            TargetForm::Change { movement: Movement::Increase, amount: 15.0, unit: AmountUnit::Percent }
        );
        assert_eq!(
            parse_target("Ökning med 15 % från 2019"),
            TargetForm::Change { movement: Movement::Increase, amount: 15.0, unit: AmountUnit::Percent }
        );
        assert_eq!(
            parse_target("Minska med 2 procentenheter"),
            TargetForm::Change { movement: Movement::Decrease, amount: 2.0, unit: AmountUnit::Absolute }
        );
    }

    #[test]
    fn words_are_no_target() {
        assert_eq!(parse_target("Alla chefer ska ha gått utbildningen"), TargetForm::Unreadable);
        assert_eq!(parse_target("Minst 4 av 5"), TargetForm::Unreadable);
        assert_eq!(parse_target(""), TargetForm::Unreadable);
    }

    #[test]
    fn implied_directions() {
        assert_eq!(parse_target("Högst 6 %").implied_direction(), Some(Direction::Lower));
        assert_eq!(parse_target("<10").implied_direction(), Some(Direction::Lower));
        assert_eq!(parse_target("Ska minska").implied_direction(), Some(Direction::Lower));
        assert_eq!(parse_target("Minst 55").implied_direction(), Some(Direction::Higher));
        assert_eq!(parse_target("75").implied_direction(), None);
        assert_eq!(parse_target("Bibehålla").implied_direction(), None);
        assert_eq!(Direction::from_word("lagre"), Some(Direction::Lower));
        assert_eq!(Direction::from_word("Högre"), Some(Direction::Higher));
        assert_eq!(Direction::from_word("bättre"), None);
    }

    #[test]
    fn results_as_people_write_them() {
        assert_eq!(parse_result("12,8 (15,8*)"), ResultValue::Number { value: 12.8, percent: false });
        assert_eq!(parse_result("13,3*"), ResultValue::Number { value: 13.3, percent: false });
        assert_eq!(parse_result("72,9 %"), ResultValue::Number { value: 72.9, percent: true });
        assert_eq!(parse_result("ca 75"), ResultValue::Number { value: 75.0, percent: false });
        assert_eq!(parse_result("Statistik saknas"), ResultValue::Missing);
        assert_eq!(parse_result("Resultat ej fastställt än"), ResultValue::Missing);
        assert_eq!(parse_result("Mäts 2025"), ResultValue::Missing);
        assert_eq!(parse_result("–"), ResultValue::Missing);
        assert_eq!(parse_result("12,8 eller 15,8"), ResultValue::Unreadable);
        assert_eq!(parse_result("Bra"), ResultValue::Unreadable);
    }

    #[test]
    fn degree_and_verdict() {
        let t = Thresholds::default();
        let lower = |b| Rule::Bound { bound: b, direction: Direction::Lower, strict: false };
        let higher = |b| Rule::Bound { bound: b, direction: Direction::Higher, strict: false };
        // Sick leave 6,2 % against 6,5 %: 6,5 ÷ 6,2 ≈ 105 %, met.
        let (v, d) = lower(6.5).judge(6.2, t);
        assert_eq!(v, Assessment::Achieved);
        assert!((d.unwrap() - 6.5 / 6.2).abs() < 1e-12);
        assert_eq!(higher(100.0).judge(92.0, t).0, Assessment::Partly);
        assert_eq!(higher(100.0).judge(85.7, t).0, Assessment::NotAchieved);
        // "<10": 10 is not below 10.
        let below = Rule::Bound { bound: 10.0, direction: Direction::Lower, strict: true };
        assert_eq!(below.judge(10.0, t).0, Assessment::Partly);
        assert_eq!(below.judge(9.9, t).0, Assessment::Achieved);
        assert_eq!(below.judge(13.3, t).0, Assessment::NotAchieved);
        // A result of zero against an upper bound is met without a degree.
        assert_eq!(lower(5.0).judge(0.0, t), (Assessment::Achieved, None));
        let up = Rule::Move { reference: 72.0, direction: Direction::Higher };
        assert_eq!(up.judge(72.0, t).0, Assessment::NotAchieved);
        assert_eq!(up.judge(72.5, t).0, Assessment::Achieved);
    }

    #[test]
    fn manual_verdicts() {
        assert_eq!(Assessment::from_word("uppnått"), Some(Assessment::Achieved));
        assert_eq!(Assessment::from_word("Delvis uppfyllt"), Some(Assessment::Partly));
        assert_eq!(Assessment::from_word("Inte uppnått"), Some(Assessment::NotAchieved));
        assert_eq!(Assessment::from_word("Ej bedömd"), Some(Assessment::NotAssessed));
        assert_eq!(Assessment::from_word("Kanske"), None);
    }

    #[test]
    fn no_text_makes_the_readers_panic() {
        let alphabet: Vec<char> =
            "0123456789 ,.-–—−%<>=≤≥()[]*åäöÅÄÖ€😀abcMinstHögstÖkaminskatill\u{a0}".chars().collect();
        let mut state = 0x9e37_79b9_7f4a_7c15_u64;
        for _ in 0..20_000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let len = usize::try_from(state % 24).unwrap_or(0);
            let text: String = (0..len)
                .map(|k| {
                    let n = state.rotate_left(u32::try_from(k * 5).unwrap_or(0)) % alphabet.len() as u64;
                    alphabet[usize::try_from(n).unwrap_or(0)]
                })
                .collect();
            let _ = parse_target(&text);
            let _ = parse_result(&text);
        }
    }
}
