//! Structure-aware mutation of TOML documents: a seed is parsed once into a
//! `toml::Value` tree; each execution changes values, keys and array
//! lengths (type swaps, empty and punctuation-only words, huge numbers,
//! NaN, dates before 1900, control characters, case-fold characters, long
//! strings, repeated and duplicated tables) and serialises it again.

use toml::Value;
use toml::value::{Datetime, Table};

use crate::rng::{Rng, case_fold_mix, field_text};

/// At most this many bytes from one string repeat.
const MAX_STRING: usize = 2_000_000;
/// At most this many values, and about this many bytes, added by one array
/// repeat or table copy (30 000 one-value initiatives pass; 30 000 copies
/// of a 50-value chapter do not): four such mutations keep an input near
/// 20 MB, where the tool's own limits already refuse it, instead of
/// compounding into 50 MB inputs that only the harness's memory limit sees.
const MAX_VALUES: usize = 400_000;
const MAX_BYTES: usize = 4_000_000;

/// About the size of a tree as TOML text: its strings and keys, and a few
/// bytes for every value.
fn weight(v: &Value) -> usize {
    8 + match v {
        Value::String(s) => s.len(),
        Value::Array(a) => a.iter().map(weight).sum(),
        Value::Table(t) => t.iter().map(|(k, x)| k.len() + weight(x)).sum(),
        _ => 0,
    }
}

/// The number of values in a tree (the root counted).
fn count(v: &Value) -> usize {
    1 + match v {
        Value::Array(a) => a.iter().map(count).sum(),
        Value::Table(t) => t.values().map(count).sum(),
        _ => 0,
    }
}

/// The `k`-th value in pre-order.
fn nth_mut<'a>(v: &'a mut Value, k: &mut usize) -> Option<&'a mut Value> {
    if *k == 0 {
        return Some(v);
    }
    *k -= 1;
    match v {
        Value::Array(a) => a.iter_mut().find_map(|x| nth_mut(x, k)),
        Value::Table(t) => t.iter_mut().find_map(|(_, x)| nth_mut(x, k)),
        _ => None,
    }
}

/// Every key in the seeds, to move keys between tables.
pub fn keys(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Array(a) => a.iter().for_each(|x| keys(x, out)),
        Value::Table(t) => {
            for (k, x) in t {
                if !out.contains(k) {
                    out.push(k.clone());
                }
                keys(x, out);
            }
        }
        _ => {}
    }
}

fn date(s: &str) -> Value {
    s.parse::<Datetime>().map_or_else(|_| Value::String(s.to_string()), Value::Datetime)
}

/// A value of any type, odd more often than not.
fn odd_value(rng: &mut Rng, known: bool) -> Value {
    const DATES: [&str; 9] = [
        "1899-12-31",
        "1900-01-01",
        "0001-01-01",
        "9999-12-31",
        "1900-02-28",
        "2023-01-05T10:00:00",
        "2023-01-05T10:00:00+14:00",
        "10:00:00",
        "2021-11-24",
    ];
    match rng.below(12) {
        0..=3 => {
            let mut s = field_text(rng);
            if known && rng.one_in(3) {
                s = case_fold_mix(rng, &s);
            }
            Value::String(s)
        }
        4 => Value::String(
            [".", "", " ", "-", "…", "!?", "\u{1b}[2J\u{1b}]0;x\u{7}", "\u{0}", "\u{7f}"][rng.below(9)].to_string(),
        ),
        5 => Value::Integer([0, -1, 1, i64::MAX, i64::MIN, 1900, 1899, 10_000, 32_768, 4_294_967_296][rng.below(10)]),
        6 => Value::Float([1e308, -1e308, f64::NAN, f64::INFINITY, f64::NEG_INFINITY, 0.5, -0.0, 5e-324][rng.below(8)]),
        7 => Value::Boolean(rng.one_in(2)),
        8 => date(DATES[rng.below(DATES.len())]),
        9 => Value::Array(Vec::new()),
        10 => Value::Table(Table::new()),
        _ => Value::Array((0..rng.below(4)).map(|_| Value::String(field_text(rng))).collect()),
    }
}

/// One change at one value of the tree.
fn mutate_at(rng: &mut Rng, v: &mut Value, keys: &[String], known: bool) {
    match v {
        Value::String(s) if rng.one_in(2) => {
            *s = match rng.below(6) {
                0 => String::new(),
                // Words of punctuation only: nothing left once normalised.
                5 if known => [".", "-", "…", "?!", ":", "( )"][rng.below(6)].to_string(),
                1 if known => case_fold_mix(rng, s),
                2 => format!("{s}{}", field_text(rng)),
                3 => {
                    let n = if rng.one_in(10) { 2000 } else { 3 };
                    // Capped at about 2 MB so that repeats of repeats do not
                    // compound into inputs no limit is about (still 20 times
                    // the 100 000 characters a field may hold).
                    s.repeat((1 + rng.below(n)).min((MAX_STRING / s.len().max(1)).max(1)))
                }
                _ => {
                    let c = ["\u{1b}[31m", "\u{0}", "\r", "\u{202e}", "\u{85}", "\u{2028}", "\t"][rng.below(7)];
                    let cut: Vec<usize> = s.char_indices().map(|(i, _)| i).chain([s.len()]).collect();
                    let at = cut[rng.below(cut.len())];
                    format!("{}{c}{}", &s[..at], &s[at..])
                }
            };
        }
        Value::Array(a) if !a.is_empty() && rng.one_in(2) => match rng.below(6) {
            // Repeated items: a few, or (rarely) thousands, as 2 000 chapters or 30 000 initiatives.
            0 | 1 => {
                let i = rng.below(a.len());
                let n = if rng.one_in(12) {
                    [500, 2000, 10_000, 30_000][rng.below(if known { 4 } else { 2 })]
                } else {
                    1 + rng.below(3)
                };
                let item = a[i].clone();
                // Capped so that one repeat adds at most MAX_VALUES values:
                // repeats of repeated tables otherwise compound (a 100 MB input).
                let n = n.min(MAX_VALUES / count(&item)).min(MAX_BYTES / weight(&item));
                for _ in 0..n {
                    a.insert(i, item.clone());
                }
            }
            2 => {
                a.remove(rng.below(a.len()));
            }
            3 => a.clear(),
            4 => a.reverse(),
            _ => {
                let i = rng.below(a.len());
                a[i] = odd_value(rng, known);
            }
        },
        Value::Table(t) if rng.one_in(2) => {
            let names: Vec<String> = t.keys().cloned().collect();
            match rng.below(6) {
                0 if !names.is_empty() => {
                    t.remove(&names[rng.below(names.len())]);
                }
                // A key misspelt, upper-cased or with a case-fold character.
                1 if !names.is_empty() => {
                    let k = &names[rng.below(names.len())];
                    let x = t.remove(k).unwrap_or(Value::Boolean(true));
                    let new = match rng.below(3) {
                        0 => k.to_uppercase(),
                        1 => k.chars().skip(1).collect(),
                        _ => case_fold_mix(rng, k),
                    };
                    t.insert(new, x);
                }
                // A key from elsewhere in the seeds, with an odd value.
                2 | 3 if !keys.is_empty() => {
                    let k = keys[rng.below(keys.len())].clone();
                    t.insert(k, odd_value(rng, known));
                }
                // A sub-table duplicated under another name.
                4 if !names.is_empty() => {
                    let k = &names[rng.below(names.len())];
                    if let Some(x) = t.get(k).filter(|x| weight(x) <= MAX_BYTES).cloned() {
                        t.insert(keys.get(rng.below(keys.len().max(1))).cloned().unwrap_or_else(|| format!("{k}2")), x);
                    }
                }
                _ => t.insert(field_text(rng), odd_value(rng, known)).map_or((), |_| ()),
            }
        }
        // Any other value: swapped for one of another type.
        _ => *v = odd_value(rng, known),
    }
}

/// Without `known`, a word of punctuation only (a status word "." made
/// every other status panic) gets a letter.
fn tame(v: &mut Value) {
    match v {
        Value::String(s) if !s.is_empty() && !s.chars().any(char::is_alphanumeric) => s.push('x'),
        Value::Array(a) => a.iter_mut().for_each(tame),
        Value::Table(t) => t.iter_mut().for_each(|(_, x)| tame(x)),
        _ => {}
    }
}

/// A structure-aware mutation of `seed`, as TOML text.
pub fn mutate(rng: &mut Rng, seed: &Value, keys: &[String], known: bool) -> String {
    let mut tree = seed.clone();
    for _ in 0..=rng.below(4) {
        // Mostly a value anywhere; often one in a top-level table chosen
        // first, so small tables ([dokument], [[status]], [faser]) get
        // their share beside thousands of rows.
        let top: Vec<String> = tree.as_table().map(|t| t.keys().cloned().collect()).unwrap_or_default();
        let key = (!top.is_empty() && rng.one_in(2)).then(|| top[rng.below(top.len())].clone());
        let at = match key {
            Some(k) => tree.get_mut(&k).expect("a top-level key"),
            None => &mut tree,
        };
        let mut k = rng.below(count(at));
        if let Some(v) = nth_mut(at, &mut k) {
            mutate_at(rng, v, keys, known);
            if !known {
                tame(v);
            }
        }
    }
    let mut text = toml::to_string(&tree).unwrap_or_default();
    match rng.below(16) {
        // A table written twice (a TOML error the reader must place).
        0 => {
            if let Some(p) = text.find("\n[") {
                let end = text[p + 1..].find("\n[").map_or(text.len(), |e| p + 1 + e);
                let copy = text[p..end].to_string();
                text.push_str(&copy);
            }
        }
        // Bytes changed after serialising.
        1 => text = String::from_utf8_lossy(&rng.mutate(text.as_bytes())).into_owned(),
        _ => {}
    }
    text
}

/// A step from a value to one inside it.
#[derive(Clone)]
pub enum Step {
    Key(String),
    Index(usize),
}

/// The paths to every value below the root, in pre-order.
pub fn paths(v: &Value) -> Vec<Vec<Step>> {
    fn walk(v: &Value, at: &mut Vec<Step>, out: &mut Vec<Vec<Step>>) {
        match v {
            Value::Array(a) => {
                for (i, x) in a.iter().enumerate() {
                    at.push(Step::Index(i));
                    out.push(at.clone());
                    walk(x, at, out);
                    at.pop();
                }
            }
            Value::Table(t) => {
                for (k, x) in t {
                    at.push(Step::Key(k.clone()));
                    out.push(at.clone());
                    walk(x, at, out);
                    at.pop();
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(v, &mut Vec::new(), &mut out);
    out
}

/// Removes the value at `path`; false if there is none.
pub fn remove(v: &mut Value, path: &[Step]) -> bool {
    let Some((last, parents)) = path.split_last() else { return false };
    let mut at = v;
    for step in parents {
        let next = match (step, at) {
            (Step::Key(k), Value::Table(t)) => t.get_mut(k),
            (Step::Index(i), Value::Array(a)) => a.get_mut(*i),
            _ => None,
        };
        match next {
            Some(n) => at = n,
            None => return false,
        }
    }
    match (last, at) {
        (Step::Key(k), Value::Table(t)) => t.remove(k).is_some(),
        (Step::Index(i), Value::Array(a)) if *i < a.len() => {
            a.remove(*i);
            true
        }
        _ => false,
    }
}
