//! Diagnostics: where a value came from (`Origin`) and what is wrong with it
//! (`Diagnostic`). Every stage reports through these, so a user always sees
//! the file, sheet and cell of a problem, in Swedish.

use std::borrow::Cow;
use std::fmt::{self, Write as _};
use std::path::{Path, PathBuf};

/// Where a value was read from.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Origin {
    /// A whole file (no finer position known).
    File(PathBuf),
    /// A position in a text file, 1-based line and column.
    Text { path: PathBuf, line: usize, col: usize },
    /// A sheet of a workbook.
    Sheet { path: PathBuf, sheet: String },
    /// A cell of a workbook, 0-based row and column.
    Cell { path: PathBuf, sheet: String, row: u32, col: u32 },
}

impl Origin {
    /// The file this origin points into.
    pub fn path(&self) -> &Path {
        match self {
            Origin::File(path) | Origin::Text { path, .. } | Origin::Sheet { path, .. } | Origin::Cell { path, .. } => {
                path
            }
        }
    }
}

/// Excel's column letters for a 0-based column index (0 → A, 26 → AA).
pub fn column_letters(mut col: u32) -> String {
    let mut letters = Vec::new();
    loop {
        letters.push(char::from(b'A' + u8::try_from(col % 26).unwrap_or(0)));
        if col < 26 {
            break;
        }
        col = col / 26 - 1;
    }
    letters.iter().rev().collect()
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::File(path) => write!(f, "{}", path.display()),
            Origin::Text { path, line, col } => write!(f, "{}:{line}:{col}", path.display()),
            Origin::Sheet { path, sheet } => write!(f, "{} [{sheet}]", path.display()),
            Origin::Cell { path, sheet, row, col } => {
                write!(f, "{} [{sheet}]!{}{}", path.display(), column_letters(*col), row + 1)
            }
        }
    }
}

/// A value together with where it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Loc<T> {
    pub value: T,
    pub at: Origin,
}

impl<T> Loc<T> {
    pub fn new(value: T, at: Origin) -> Self {
        Loc { value, at }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Warning,
    Error,
}

/// One problem found in the input, with its location and a hint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub message: String,
    pub at: Option<Origin>,
    pub hint: Option<String>,
}

impl Diagnostic {
    pub fn error(message: impl Into<String>, at: Option<Origin>) -> Self {
        Diagnostic { severity: Severity::Error, message: message.into(), at, hint: None }
    }

    pub fn warning(message: impl Into<String>, at: Option<Origin>) -> Self {
        Diagnostic { severity: Severity::Warning, message: message.into(), at, hint: None }
    }

    #[must_use]
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// Whether `c` would act on the terminal or the text around it instead of
/// printing: C0 and C1 controls (ESC starts CSI and OSC sequences, which
/// move the cursor, clear the screen or retitle the window), DEL, the
/// bidirectional overrides and isolates (which reorder what follows), line
/// separators, and invisible formatting characters that make two different
/// words look the same.
fn is_hidden(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{ad}'
                | '\u{34f}'
                | '\u{61c}'
                | '\u{180e}'
                | '\u{200b}'..='\u{200f}'
                | '\u{2028}'..='\u{202e}'
                | '\u{2060}'..='\u{206f}'
                | '\u{feff}'
                | '\u{fff9}'..='\u{fffb}'
        )
}

/// Text as printed in a message: every control, escape and invisible
/// formatting character is shown as an escape (`\n`, `\u{1b}`), so a value
/// from a file can never clear, retitle or reorder the user's terminal, and
/// "Påg\u{200b}år" does not look like "Pågår". Everything a diagnostic
/// prints goes through here (see its `Display`).
pub fn visible(text: &str) -> Cow<'_, str> {
    escape(text, false)
}

fn escape(text: &str, keep_newlines: bool) -> Cow<'_, str> {
    if !text.chars().any(|c| is_hidden(c) && !(keep_newlines && c == '\n')) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' if keep_newlines => out.push('\n'),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if is_hidden(c) => {
                let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// The longest quoted value a message shows whole, in characters.
const QUOTED_MAX: usize = 120;

/// A message whose quoted values ("…") are cut to their first characters
/// when long: a cell of a million characters named in a message would
/// otherwise fill the terminal.
fn shortened(message: &str) -> Cow<'_, str> {
    let parts: Vec<&str> = message.split('"').collect();
    if parts.len() < 3 || !parts.iter().skip(1).step_by(2).any(|p| p.chars().count() > QUOTED_MAX) {
        return Cow::Borrowed(message);
    }
    let mut out = String::with_capacity(QUOTED_MAX * parts.len());
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            out.push('"');
        }
        let quoted = i % 2 == 1 && i + 1 < parts.len();
        let n = part.chars().count();
        if quoted && n > QUOTED_MAX {
            out.extend(part.chars().take(QUOTED_MAX / 2));
            let _ = write!(out, "… ({} tecken)", crate::limits::count(n as u64));
        } else {
            out.push_str(part);
        }
    }
    Cow::Owned(out)
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Error => "fel",
            Severity::Warning => "varning",
        };
        write!(f, "{label}: {}", visible(&shortened(&self.message)))?;
        if let Some(at) = &self.at {
            write!(f, "\n  --> {}", visible(&at.to_string()))?;
        }
        if let Some(hint) = &self.hint {
            // Hints may span lines (a template's source around an error).
            write!(f, "\n  tips: {}", escape(hint, true))?;
        }
        Ok(())
    }
}

/// Collects diagnostics during one stage.
#[derive(Debug, Default)]
pub struct Diagnostics {
    pub items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    pub fn error(&mut self, message: impl Into<String>, at: &Origin) {
        self.push(Diagnostic::error(message, Some(at.clone())));
    }

    pub fn warning(&mut self, message: impl Into<String>, at: &Origin) {
        self.push(Diagnostic::warning(message, Some(at.clone())));
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    pub fn error_count(&self) -> usize {
        self.items.iter().filter(|d| d.is_error()).count()
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }
}

/// The known word closest to `word` (case-insensitive edit distance), if it
/// is close enough to be a plausible typo.
pub fn nearest<'a>(word: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let w = word.to_lowercase();
    let known_iter: Vec<&'a str> = known.into_iter().collect();
    let length = w.chars().count();
    let limit = (length / 2).max(2);
    let mut best: Option<(usize, &str)> = None;
    for &k in &known_iter {
        // The distance is at least the difference in length: a word that far
        // off is no typo, and a cell of a million characters is not compared
        // letter by letter with every known word.
        if length.abs_diff(k.chars().count()) > limit {
            continue;
        }
        let d = edit_distance(&w, &k.to_lowercase());
        if best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, k));
        }
    }
    if let Some((d, k)) = best
        && d <= limit
    {
        return Some(k);
    }
    // "ansvarig" for "ansvarig_chef": a known word that starts with this one.
    let known_prefixed: Vec<&str> =
        known_iter.into_iter().filter(|k| w.len() >= 3 && k.to_lowercase().starts_with(&w)).collect();
    match known_prefixed.as_slice() {
        [only] => Some(only),
        _ => None,
    }
}

fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        cur[0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            cur[j] = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// One diagnostic as a list of them.
pub(crate) fn one(d: Diagnostic) -> Diagnostics {
    let mut ds = Diagnostics::default();
    ds.push(d);
    ds
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_quoted_values_are_cut_in_messages() {
        let long = "Å".repeat(1000);
        let d = Diagnostic::warning(format!("kolumnen \"{long}\" är okänd"), None);
        let shown = d.to_string();
        assert_eq!(shown, format!("varning: kolumnen \"{}… (1 000 tecken)\" är okänd", "Å".repeat(60)));
        // Short values, and a lone quote, stay as written.
        assert_eq!(shortened("statusen \"Klar\" och \"x"), "statusen \"Klar\" och \"x");
    }

    #[test]
    fn column_letters_follow_excel() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(701), "ZZ");
        assert_eq!(column_letters(702), "AAA");
    }

    #[test]
    fn nearest_finds_typos_only() {
        let phases = ["Utveckla", "Behålla", "Attrahera"];
        assert_eq!(nearest("Utvekla", phases), Some("Utveckla"));
        assert_eq!(nearest("behålla", phases), Some("Behålla"));
        assert_eq!(nearest("Kaffe", phases), None);
        assert_eq!(nearest("ansvarig", ["ansvarig_chef", "namn"]), Some("ansvarig_chef"));
    }

    #[test]
    fn user_text_in_messages_cannot_drive_the_terminal() {
        let d = Diagnostic::error("okänd status \"\u{1b}]0;titel\u{7}\u{1b}[2J\u{9b}31m\u{202e}abc\"", None)
            .with_hint("rad ett\nrad två \u{1b}[H");
        assert_eq!(
            d.to_string(),
            "fel: okänd status \"\\u{1b}]0;titel\\u{7}\\u{1b}[2J\\u{9b}31m\\u{202e}abc\"\n  tips: rad ett\nrad två \\u{1b}[H"
        );
        let at = Origin::Cell { path: "a\u{1b}c.xlsx".into(), sheet: "S\nx".into(), row: 0, col: 0 };
        let d = Diagnostic::warning("Påg\u{200b}år\tx", Some(at));
        assert_eq!(d.to_string(), "varning: Påg\\u{200b}år\\tx\n  --> a\\u{1b}c.xlsx [S\\nx]!A1");
        assert!(matches!(visible("Förskola – ÄO 😀"), Cow::Borrowed(_)));
    }

    #[test]
    fn cell_origin_prints_like_excel() {
        let o = Origin::Cell { path: "plan.xlsx".into(), sheet: "Förskola".into(), row: 13, col: 2 };
        assert_eq!(o.to_string(), "plan.xlsx [Förskola]!C14");
    }
}
