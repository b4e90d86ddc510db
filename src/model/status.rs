//! Statuses as people write them ("Genomfört", "Klart", "pågår", "Startat
//! och pågår", "Skjuts till 2024", "Pågår inom ÄO") mapped to a small
//! canonical vocabulary with a colour and a symbol. The organisation may
//! rename the words, add synonyms and change the colours; the five meanings
//! are fixed because summaries and "overdue" depend on them.

use serde::Serialize;

/// What a status means, whatever word the organisation uses for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StatusKind {
    Done,
    Ongoing,
    NotStarted,
    Delayed,
    Cancelled,
    /// No status given (a gap in the report, warned about).
    Missing,
}

impl StatusKind {
    /// All meanings in the order they are listed in summaries.
    pub const ALL: [StatusKind; 6] = [
        StatusKind::Done,
        StatusKind::Ongoing,
        StatusKind::NotStarted,
        StatusKind::Delayed,
        StatusKind::Cancelled,
        StatusKind::Missing,
    ];

    /// The meanings a status word can have (all but Missing).
    pub const WORDS: [StatusKind; 5] =
        [StatusKind::Done, StatusKind::Ongoing, StatusKind::NotStarted, StatusKind::Delayed, StatusKind::Cancelled];

    /// The key used in TOML (`betyder = "…"`).
    pub fn key(self) -> &'static str {
        match self {
            StatusKind::Done => "genomford",
            StatusKind::Ongoing => "pagar",
            StatusKind::NotStarted => "ej_paborjad",
            StatusKind::Delayed => "forsenad",
            StatusKind::Cancelled => "avbruten",
            StatusKind::Missing => "saknas",
        }
    }

    /// The standard word of the meaning (the default vocabulary's).
    pub fn standard_word(self) -> &'static str {
        match self {
            StatusKind::Done => "Genomförd",
            StatusKind::Ongoing => "Pågår",
            StatusKind::NotStarted => "Ej påbörjad",
            StatusKind::Delayed => "Försenad",
            StatusKind::Cancelled => "Avbruten",
            StatusKind::Missing => "Ej angiven",
        }
    }

    /// The meaning named by `key`, with or without å, ä, ö ("ej påbörjad" or "`ej_paborjad`").
    pub fn from_key(key: &str) -> Option<StatusKind> {
        let folded = key_form(key);
        StatusKind::WORDS.into_iter().find(|k| k.key() == folded)
    }

    /// Whether nothing more is to be done (not overdue, whatever the date).
    pub fn is_closed(self) -> bool {
        matches!(self, StatusKind::Done | StatusKind::Cancelled)
    }
}

/// A name as it is looked up among keys written without å, ä, ö: trimmed,
/// lower case, å/ä → a, ö → o, a space or hyphen → `_` ("Ej påbörjad" →
/// "`ej_paborjad`", "Mål" → "mal").
pub fn key_form(name: &str) -> String {
    name.trim()
        .to_lowercase()
        .chars()
        .map(|c| match c {
            'å' | 'ä' => 'a',
            'ö' => 'o',
            ' ' | '-' => '_',
            c => c,
        })
        .collect()
}

/// One word of the vocabulary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StatusWord {
    pub kind: StatusKind,
    /// The canonical word printed ("Genomförd").
    pub word: String,
    /// Cell colour, `#rrggbb` (light, so black text stays readable).
    pub colour: String,
    /// Other ways of writing it, matched without regard to case.
    pub synonyms: Vec<String>,
}

/// The organisation's status words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Vocabulary {
    pub words: Vec<StatusWord>,
    /// What a missing status prints as ("Ej angiven"); not choosable.
    pub missing: StatusWord,
}

/// A status as written and as understood.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Status {
    pub kind: StatusKind,
    /// The word printed: the organisation's own spelling when the status was
    /// written as one of the vocabulary's synonyms ("Genomfört", "Klart",
    /// "Pågående" print as written), otherwise the vocabulary's word
    /// (which also stands before a note that says more).
    pub word: String,
    pub colour: String,
    /// The text as written, when it says more than the canonical word
    /// ("Skjuts till 2024", "Pågår inom ÄO"); empty otherwise.
    pub note: String,
}

fn word(kind: StatusKind, colour: &str, synonyms: &[&str]) -> StatusWord {
    StatusWord {
        kind,
        word: kind.standard_word().to_string(),
        colour: colour.to_string(),
        synonyms: synonyms.iter().map(|s| (*s).to_string()).collect(),
    }
}

impl Default for Vocabulary {
    fn default() -> Self {
        Vocabulary {
            words: vec![
                word(
                    StatusKind::Done,
                    "#cfe8cf",
                    &[
                        "genomfört",
                        "genomförda",
                        "genomfort",
                        "klar",
                        "klart",
                        "klara",
                        "slutförd",
                        "slutfört",
                        "avslutad",
                        "avslutat",
                        "färdig",
                        "färdigt",
                        "uppnått",
                        "uppnådd",
                    ],
                ),
                word(
                    StatusKind::Ongoing,
                    "#fbecb3",
                    &[
                        "pågående",
                        "startat",
                        "startad",
                        "startat och pågår",
                        "påbörjad",
                        "påbörjat",
                        "igång",
                        "i gång",
                        "pågår enligt plan",
                        "under arbete",
                        "under införande",
                    ],
                ),
                word(
                    StatusKind::NotStarted,
                    "#e4e4e4",
                    &[
                        "ej påbörjat",
                        "ej påbörjade",
                        "ej startad",
                        "ej startat",
                        "inte påbörjad",
                        "inte påbörjat",
                        "inte startat",
                        "ej påbörjats",
                        "planerad",
                        "planerat",
                    ],
                ),
                word(
                    StatusKind::Delayed,
                    "#f7c9a8",
                    &[
                        "försenat",
                        "försenade",
                        "senarelagd",
                        "senarelagt",
                        "skjuts till",
                        "skjuts upp",
                        "uppskjuten",
                        "uppskjutet",
                        "framflyttad",
                        "framflyttat",
                        "flyttad till",
                    ],
                ),
                word(
                    StatusKind::Cancelled,
                    "#d9d9d9",
                    &["avbrutet", "avbrutits", "avbruten", "struken", "struket", "utgår", "utgått", "stoppad"],
                ),
            ],
            missing: word(StatusKind::Missing, "#ffffff", &[]),
        }
    }
}

/// Lower case, single spaces, no trailing punctuation: the form in which
/// statuses are compared. A word that is empty in this form (".") can match
/// nothing and is refused where the vocabulary is read.
pub fn normalise(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
        .trim_end_matches(['.', ',', ';', ':', '!'])
        .trim()
        .to_string()
}

/// Whether `needle` occurs in `hay` at word boundaries, and where.
fn find_word(hay: &str, needle: &str) -> Option<usize> {
    if needle.is_empty() {
        return None;
    }
    let mut from = 0;
    while let Some(pos) = hay[from..].find(needle) {
        let start = from + pos;
        let end = start + needle.len();
        let before = hay[..start].chars().next_back().is_none_or(|c| !c.is_alphanumeric());
        let after = hay[end..].chars().next().is_none_or(|c| !c.is_alphanumeric());
        if before && after {
            return Some(start);
        }
        from = start + needle.chars().next().map_or(1, char::len_utf8);
    }
    None
}

impl Vocabulary {
    pub fn get(&self, kind: StatusKind) -> &StatusWord {
        self.words.iter().find(|w| w.kind == kind).unwrap_or(&self.missing)
    }

    /// The status of an item without one.
    pub fn missing(&self) -> Status {
        Status {
            kind: StatusKind::Missing,
            word: self.missing.word.clone(),
            colour: self.missing.colour.clone(),
            note: String::new(),
        }
    }

    /// Every spelling the vocabulary knows (canonical words and synonyms).
    pub fn spellings(&self) -> impl Iterator<Item = &str> {
        self.words.iter().flat_map(|w| std::iter::once(w.word.as_str()).chain(w.synonyms.iter().map(String::as_str)))
    }

    /// Understands a written status. An exact word or synonym (any case)
    /// is that status; otherwise the longest known word occurring in the
    /// text decides ("Skjuts till 2024" → Försenad, "Pågår inom ÄO" →
    /// Pågår), and the written text is kept as a note. `None` when no
    /// known word occurs.
    pub fn understand(&self, written: &str) -> Option<Status> {
        let text = normalise(written);
        if text.is_empty() {
            return None;
        }
        let status = |w: &StatusWord, note: String| Status {
            kind: w.kind,
            word: w.word.clone(),
            colour: w.colour.clone(),
            note,
        };
        for w in &self.words {
            if std::iter::once(&w.word).chain(&w.synonyms).any(|s| normalise(s) == text) {
                let mut s = status(w, String::new());
                // Another spelling prints as written; the word itself in
                // another case ("pågår"), and the standard word where the
                // organisation chose its own ("Genomförd" where it prints
                // "Klar"), print as the vocabulary has it.
                if text != normalise(&w.word) && text != normalise(w.kind.standard_word()) {
                    let spaced = written.split_whitespace().collect::<Vec<_>>().join(" ");
                    s.word = spaced.trim_end_matches(['.', ',', ';', ':', '!']).to_string();
                }
                return Some(s);
            }
        }
        // The longest spelling found wins, so "ej påbörjat" beats "påbörjat";
        // at equal length the earlier position.
        let mut best: Option<(usize, usize, &StatusWord)> = None;
        for w in &self.words {
            for s in std::iter::once(&w.word).chain(&w.synonyms) {
                let n = normalise(s);
                if let Some(pos) = find_word(&text, &n) {
                    let better = match best {
                        None => true,
                        Some((len, p, _)) => n.len() > len || (n.len() == len && pos < p),
                    };
                    if better {
                        best = Some((n.len(), pos, w));
                    }
                }
            }
        }
        best.map(|(_, _, w)| status(w, written.split_whitespace().collect::<Vec<_>>().join(" ")))
    }
}

/// How many items have each status, in vocabulary order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub total: usize,
    /// (kind, count) for every kind, zeros included.
    pub by_kind: Vec<KindCount>,
    pub done: usize,
    pub overdue: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KindCount {
    pub kind: StatusKind,
    pub word: String,
    pub colour: String,
    pub count: usize,
}

impl Counts {
    /// The non-zero counts in words, as screen-reader text reads them:
    /// "3 genomförda, 1 pågående".
    pub fn describe(&self) -> String {
        self.by_kind
            .iter()
            .filter(|k| k.count > 0)
            .map(|k| format!("{} {}", k.count, k.word.to_lowercase()))
            .collect::<Vec<_>>()
            .join(", ")
    }

    pub fn of(items: impl IntoIterator<Item = (StatusKind, bool)>, vocabulary: &Vocabulary) -> Counts {
        let mut by = [0usize; 6];
        let mut overdue = 0;
        for (kind, late) in items {
            by[StatusKind::ALL.iter().position(|k| *k == kind).unwrap_or(0)] += 1;
            overdue += usize::from(late);
        }
        let by_kind = StatusKind::ALL
            .iter()
            .zip(by)
            .map(|(&kind, count)| {
                let w = vocabulary.get(kind);
                KindCount { kind, word: w.word.clone(), colour: w.colour.clone(), count }
            })
            .collect();
        Counts { total: by.iter().sum(), by_kind, done: by[0], overdue }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(s: &str) -> Option<StatusKind> {
        Vocabulary::default().understand(s).map(|s| s.kind)
    }

    #[test]
    fn seed_variants_map_to_the_vocabulary() {
        for s in ["Genomfört", "Klart", "Klar", "genomförd", "Genomfört."] {
            assert_eq!(kind(s), Some(StatusKind::Done), "{s}");
        }
        for s in ["Pågår", "pågår", "Pågående", "Startat", "Startat och pågår", "Pågår inom ÄO"] {
            assert_eq!(kind(s), Some(StatusKind::Ongoing), "{s}");
        }
        for s in ["Ej påbörjat", "Ej påbörjad", "Ej påbörjat inom ÄO.", "Arbetet ej påbörjat inom LSS"] {
            assert_eq!(kind(s), Some(StatusKind::NotStarted), "{s}");
        }
        assert_eq!(kind("Skjuts till 2024"), Some(StatusKind::Delayed));
        assert_eq!(kind("Avbruten"), Some(StatusKind::Cancelled));
        assert_eq!(kind("Vet ej"), None);
        assert_eq!(kind("Pågåe nde"), None);
    }

    #[test]
    fn a_synonym_prints_as_written_and_the_word_in_another_case_as_the_vocabulary_has_it() {
        let v = Vocabulary::default();
        let s = v.understand(" Genomfört ").unwrap();
        assert_eq!((s.kind, s.word.as_str(), s.note.as_str()), (StatusKind::Done, "Genomfört", ""));
        assert_eq!(v.understand("Startat  och pågår").unwrap().word, "Startat och pågår");
        assert_eq!(v.understand("pågår").unwrap().word, "Pågår");
        assert_eq!(v.understand("GENOMFÖRD.").unwrap().word, "Genomförd");
        // When the text says more, the vocabulary's word stands before it.
        assert_eq!(v.understand("Skjuts till 2024").unwrap().word, "Försenad");
        // Where the organisation prints its own word, the standard word is theirs.
        let mut own = Vocabulary::default();
        own.words[0].word = "Klar".to_string();
        own.words[0].synonyms.push("Genomförd".to_string());
        assert_eq!(own.understand("Genomförd").unwrap().word, "Klar");
        assert_eq!(own.understand("Avklarat").map(|s| s.word), None);
        assert_eq!(own.understand("klart").unwrap().word, "klart");
    }

    #[test]
    fn written_text_is_kept_only_when_it_says_more() {
        let v = Vocabulary::default();
        assert_eq!(v.understand("klart").unwrap().note, "");
        let s = v.understand("Skjuts  till 2024").unwrap();
        assert_eq!((s.word.as_str(), s.note.as_str()), ("Försenad", "Skjuts till 2024"));
    }

    #[test]
    fn punctuation_only_spellings_match_nothing_and_do_not_panic() {
        let mut v = Vocabulary::default();
        v.words[0].synonyms.push(".".to_string());
        v.words[1].word = "!".to_string();
        assert_eq!(
            v.understand("Skjuts till 2024 på grund av ändrade förutsättningar").map(|s| s.kind),
            Some(StatusKind::Delayed)
        );
        assert_eq!(v.understand("åäö").map(|s| s.kind), None);
        assert_eq!(find_word("åäö", ""), None);
    }

    #[test]
    fn words_inside_other_words_do_not_count() {
        // "klar" inside "oklart" is not a status.
        assert_eq!(kind("oklart"), None);
    }
}
