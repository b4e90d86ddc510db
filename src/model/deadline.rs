//! Deadlines as people write them ("Dec 2022", "Kontinuerligt", "2021-2023",
//! "23-12-31"): the written text is always kept and printed; where it can be
//! read as a day, a month, a year or a span of those it is also understood
//! as a period, for sorting and for real date cells in Excel.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

/// How precise an understood deadline is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Precision {
    Day,
    Month,
    /// A half year or a quarter ("VT 2022", "Q3 2023").
    Term,
    Year,
    /// A span of years or months ("2021-2023").
    Span,
    /// Ongoing ("Kontinuerligt", "Fortlöpande"), optionally within a year.
    Continuous,
}

/// The period a deadline text was understood as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Period {
    pub precision: Precision,
    pub start: NaiveDate,
    pub end: NaiveDate,
}

/// A deadline: the text as written and, where possible, its period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Deadline {
    pub text: String,
    pub period: Option<Period>,
    /// Words such as "Kontinuerligt" that mean "ongoing" without a date.
    pub continuous: bool,
}

impl Deadline {
    /// Understands a written deadline. Never fails: what cannot be read keeps
    /// its text with no period (see [`Deadline::is_understood`]).
    pub fn parse(text: &str) -> Deadline {
        let trimmed = text.trim();
        let lower = trimmed.to_lowercase();
        let mut continuous = false;
        let mut rest = lower.as_str();
        for word in CONTINUOUS_WORDS {
            if let Some(r) = rest.strip_prefix(word) {
                continuous = true;
                rest = r.trim_start();
                for filler in ["under", "i", "inom", "från", "fr.o.m.", "t.o.m."] {
                    if let Some(r2) = rest.strip_prefix(filler)
                        && r2.starts_with(' ')
                    {
                        rest = r2.trim_start();
                    }
                }
                break;
            }
        }
        let period = if rest.is_empty() { None } else { parse_period(rest) };
        let period = period.map(|p| if continuous { Period { precision: Precision::Continuous, ..p } } else { p });
        Deadline { text: trimmed.to_string(), period, continuous: continuous && (rest.is_empty() || period.is_some()) }
    }

    /// A deadline from a real date (an Excel date cell or a TOML date).
    pub fn from_date(date: NaiveDate) -> Deadline {
        Deadline {
            text: date.format("%Y-%m-%d").to_string(),
            period: Some(Period { precision: Precision::Day, start: date, end: date }),
            continuous: false,
        }
    }

    /// Whether the text was understood as a period or as "ongoing".
    pub fn is_understood(&self) -> bool {
        self.period.is_some() || self.continuous || self.text.is_empty()
    }

    /// The last day of the period, if any.
    pub fn end(&self) -> Option<NaiveDate> {
        self.period.map(|p| p.end)
    }
}

const CONTINUOUS_WORDS: [&str; 5] = ["kontinuerligt", "fortlöpande", "löpande", "återkommande", "pågående"];

const MONTHS: [(&str, u32); 24] = [
    ("januari", 1),
    ("februari", 2),
    ("mars", 3),
    ("april", 4),
    ("maj", 5),
    ("juni", 6),
    ("juli", 7),
    ("augusti", 8),
    ("september", 9),
    ("oktober", 10),
    ("november", 11),
    ("december", 12),
    ("jan", 1),
    ("feb", 2),
    ("mar", 3),
    ("apr", 4),
    ("jun", 6),
    ("jul", 7),
    ("aug", 8),
    ("sep", 9),
    ("sept", 9),
    ("okt", 10),
    ("nov", 11),
    ("dec", 12),
];

fn month_number(word: &str) -> Option<u32> {
    let word = word.trim_end_matches('.');
    MONTHS.iter().find(|(name, _)| *name == word).map(|(_, n)| *n)
}

fn year(s: &str) -> Option<i32> {
    let s = s.trim();
    if s.len() == 4 && s.chars().all(|c| c.is_ascii_digit()) {
        let y: i32 = s.parse().ok()?;
        (1900..=2200).contains(&y).then_some(y)
    } else {
        None
    }
}

fn last_day_of_month(y: i32, m: u32) -> Option<NaiveDate> {
    let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    NaiveDate::from_ymd_opt(ny, nm, 1)?.pred_opt()
}

fn year_period(y: i32) -> Option<Period> {
    Some(Period {
        precision: Precision::Year,
        start: NaiveDate::from_ymd_opt(y, 1, 1)?,
        end: NaiveDate::from_ymd_opt(y, 12, 31)?,
    })
}

fn month_period(y: i32, m: u32) -> Option<Period> {
    Some(Period {
        precision: Precision::Month,
        start: NaiveDate::from_ymd_opt(y, m, 1)?,
        end: last_day_of_month(y, m)?,
    })
}

fn day(date: NaiveDate) -> Period {
    Period { precision: Precision::Day, start: date, end: date }
}

/// A single date: 2023-12-31, 23-12-31, 20231231, 2023/12/31, 31/12/2023,
/// 31.12.2023, "31 mars 2023".
fn parse_day(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    for fmt in ["%Y-%m-%d", "%Y/%m/%d", "%d/%m/%Y", "%d.%m.%Y", "%Y%m%d"] {
        if let Ok(d) = NaiveDate::parse_from_str(s, fmt)
            && (1900..=2200).contains(&d.year())
        {
            return Some(d);
        }
    }
    // Short year: 23-12-31 means 2023-12-31.
    let parts: Vec<&str> = s.split('-').collect();
    if parts.len() == 3 && parts.iter().all(|p| p.len() == 2 && p.chars().all(|c| c.is_ascii_digit())) {
        let y: i32 = parts[0].parse().ok()?;
        let m: u32 = parts[1].parse().ok()?;
        let d: u32 = parts[2].parse().ok()?;
        return NaiveDate::from_ymd_opt(2000 + y, m, d);
    }
    // "31 mars 2023"
    let words: Vec<&str> = s.split_whitespace().collect();
    if words.len() == 3 {
        let d: u32 = words[0].trim_end_matches('.').parse().ok()?;
        let m = month_number(words[1])?;
        let y = year(words[2])?;
        return NaiveDate::from_ymd_opt(y, m, d);
    }
    None
}

/// The dates in `text` written with slashes whose day and month could be
/// swapped ("03/04/2024": 3 April or, read the American way, 4 March), each
/// as (as written, the date it is read as, the other reading). They are
/// read day first, as Swedes write them (see [`parse_day`]).
pub fn ambiguous_days(text: &str) -> Vec<(String, NaiveDate, NaiveDate)> {
    text.split(|c: char| !(c.is_ascii_digit() || c == '/'))
        .filter_map(|token| {
            let parts: Vec<&str> = token.split('/').collect();
            let [d, m, y] = parts.as_slice() else { return None };
            if !(1..=2).contains(&d.len()) || !(1..=2).contains(&m.len()) || y.len() != 4 {
                return None;
            }
            let (d, m, y): (u32, u32, i32) = (d.parse().ok()?, m.parse().ok()?, y.parse().ok()?);
            if d == m || d > 12 || m > 12 {
                return None;
            }
            Some((token.to_string(), NaiveDate::from_ymd_opt(y, m, d)?, NaiveDate::from_ymd_opt(y, d, m)?))
        })
        .collect()
}

/// One point: a day, a month ("dec 2022", "2022-12") or a year.
fn parse_point(s: &str) -> Option<Period> {
    let s = s.trim();
    if let Some(d) = parse_day(s) {
        return Some(day(d));
    }
    if let Some(y) = year(s) {
        return year_period(y);
    }
    let words: Vec<&str> = s.split_whitespace().collect();
    if words.len() == 2 {
        if let (Some(m), Some(y)) = (month_number(words[0]), year(words[1])) {
            return month_period(y, m);
        }
        // Terms and quarters: "vt 2022", "ht 2023", "q3 2023", "kv3 2023".
        if let Some(y) = year(words[1]) {
            let months = match words[0] {
                "vt" | "våren" | "vår" => Some((1, 6)),
                "ht" | "hösten" | "höst" => Some((7, 12)),
                "q1" | "kv1" => Some((1, 3)),
                "q2" | "kv2" => Some((4, 6)),
                "q3" | "kv3" => Some((7, 9)),
                "q4" | "kv4" => Some((10, 12)),
                "sommaren" | "sommar" => Some((6, 8)),
                _ => None,
            };
            if let Some((a, b)) = months {
                return Some(Period {
                    precision: Precision::Term,
                    start: NaiveDate::from_ymd_opt(y, a, 1)?,
                    end: last_day_of_month(y, b)?,
                });
            }
        }
    }
    // "2022-12" (a month)
    if let Some((y, m)) = s.split_once('-')
        && let (Some(y), Ok(m)) = (year(y), m.parse::<u32>())
        && (1..=12).contains(&m)
        && m.to_string().len() <= 2
    {
        return month_period(y, m);
    }
    None
}

fn parse_period(s: &str) -> Option<Period> {
    let s = s.trim().trim_end_matches('.');
    if let Some(p) = parse_point(s) {
        return Some(p);
    }
    // Spans: "2021-2023", "2021 – 2023", "jan 2022 - dec 2023", "2022/2023".
    for sep in ["–", "—", " - ", "-", "/", " till ", " t.o.m. "] {
        if let Some((a, b)) = s.split_once(sep)
            && let (Some(a), Some(b)) = (parse_point(a), parse_point(b))
            && a.start <= b.end
        {
            return Some(Period { precision: Precision::Span, start: a.start, end: b.end });
        }
    }
    // "senast 2023-12-31", "klart dec 2022"
    for prefix in ["senast", "klart", "klar", "innan", "före", "till", "under", "t.o.m.", "tom"] {
        if let Some(rest) = s.strip_prefix(prefix)
            && rest.starts_with(' ')
        {
            return parse_period(rest);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn seed_forms_are_understood() {
        let cases = [
            ("2022", Precision::Year, d(2022, 1, 1), d(2022, 12, 31)),
            ("Dec 2022", Precision::Month, d(2022, 12, 1), d(2022, 12, 31)),
            ("2021-2023", Precision::Span, d(2021, 1, 1), d(2023, 12, 31)),
            ("2022-2023", Precision::Span, d(2022, 1, 1), d(2023, 12, 31)),
            ("23-12-31", Precision::Day, d(2023, 12, 31), d(2023, 12, 31)),
            ("2023-12-31", Precision::Day, d(2023, 12, 31), d(2023, 12, 31)),
            ("23-02-01", Precision::Day, d(2023, 2, 1), d(2023, 2, 1)),
            ("31 mars 2023", Precision::Day, d(2023, 3, 31), d(2023, 3, 31)),
            ("HT 2022", Precision::Term, d(2022, 7, 1), d(2022, 12, 31)),
            ("Fortlöpande 2022", Precision::Continuous, d(2022, 1, 1), d(2022, 12, 31)),
            ("Fortlöpande under 2022", Precision::Continuous, d(2022, 1, 1), d(2022, 12, 31)),
        ];
        for (text, precision, start, end) in cases {
            let dl = Deadline::parse(text);
            assert_eq!(dl.text, text);
            assert_eq!(dl.period, Some(Period { precision, start, end }), "{text}");
        }
    }

    #[test]
    fn ongoing_words_have_no_date() {
        for text in ["Kontinuerligt", "Fortlöpande", "kontinuerligt"] {
            let dl = Deadline::parse(text);
            assert!(dl.continuous && dl.period.is_none() && dl.is_understood(), "{text}");
        }
    }

    #[test]
    fn unreadable_text_is_kept() {
        let dl = Deadline::parse("När budgeten tillåter");
        assert_eq!(dl.text, "När budgeten tillåter");
        assert!(!dl.is_understood());
        assert!(!Deadline::parse("2023-13-45").is_understood());
        assert!(!Deadline::parse("2023-2021").is_understood());
    }

    #[test]
    fn slashed_dates_whose_day_and_month_could_swap_are_found() {
        let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
        assert_eq!(ambiguous_days("03/04/2024"), [("03/04/2024".to_string(), d(2024, 4, 3), d(2024, 3, 4))]);
        assert_eq!(Deadline::parse("03/04/2024").period.map(|p| p.start), Some(d(2024, 4, 3)));
        assert!(ambiguous_days("13/04/2024").is_empty());
        assert!(ambiguous_days("04/04/2024").is_empty());
        assert!(ambiguous_days("2024-03-04").is_empty());
        assert_eq!(ambiguous_days("1/2/2024–3/4/2024").len(), 2);
    }
}
