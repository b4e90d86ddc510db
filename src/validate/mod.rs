//! Validation: raw data as read → the checked model, or every problem
//! found (not just the first), each with its location and a hint.

use chrono::{Datelike, NaiveDate};

use crate::diag::{Diagnostic, Diagnostics, Loc, Origin, nearest};
pub(crate) mod indicator;
pub(crate) mod limits;
pub(crate) mod pictures;
pub use pictures::MARKS_PROMISED;

pub use indicator::{percent_text, swedish_number};

use crate::load::{RawDocument, RawSection, Scalar};
use crate::model::phase::BUILT_IN;
use crate::model::{Deadline, DocumentMeta, PhaseModel, Section};

const SWEDISH_MONTHS: [&str; 12] = [
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
];

/// The most rows (activities) a follow-up or an interim report may have:
/// beyond this a build takes minutes and gigabytes, and the document is no
/// longer readable. (A plan has [`MAX_PLAN_ROWS`].)
pub const MAX_ROWS: usize = 10_000;

/// The most rows one plan may have: measured up to here in every shape
/// tried (one department of 20 000 rows, ten of 2 000, fifty of 400) under
/// 8 GiB and a minute (README, Limits).
pub const MAX_PLAN_ROWS: usize = 20_000;

/// The longest title, name or other one-line field (a heading, the
/// document's title, a department's name), in characters. PDF/A allows no
/// string over 32 767 bytes, and the title is a string in the PDF's
/// metadata and every heading one in its bookmarks (two bytes a character,
/// more where the PDF names a character the fonts lack); Excel's page
/// header holds 255 characters. No reader reads a longer heading.
pub const MAX_LINE: usize = 1_000;

/// The longest generated text alternative, in UTF-16 units as the PDF
/// writes it (PDF/A's 32 767-byte strings, two bytes a unit).
const MAX_ALT: usize = 15_000;

/// A generated text alternative (a chart's numbers in words) within PDF/A's
/// string limit: a very long one (3 000 initiatives) is cut after its last
/// whole item that fits, and says so.
pub(crate) fn alt_text(alt: String) -> String {
    const MORE: &str = " … (förkortad; alla uppgifter finns i tabellerna)";
    let units = |s: &str| crate::typeset::fonts::printable(s).encode_utf16().count();
    if units(&alt) <= MAX_ALT {
        return alt;
    }
    let mut end = 0;
    let mut used = units(MORE);
    for (i, c) in alt.char_indices() {
        used += units(c.encode_utf8(&mut [0; 4]));
        if used > MAX_ALT {
            break;
        }
        if matches!(c, ',' | ';' | '.') {
            end = i;
        }
    }
    format!("{}{MORE}", &alt[..end])
}

/// The first and last day Excel can show as a date.
const FIRST_DATE: NaiveDate = NaiveDate::from_ymd_opt(1900, 1, 1).expect("a valid date");
const LAST_DATE: NaiveDate = NaiveDate::from_ymd_opt(9999, 12, 31).expect("a valid date");

/// "25 november 2021".
pub fn swedish_long_date(d: NaiveDate) -> String {
    format!("{} {} {}", d.day(), SWEDISH_MONTHS[d.month0() as usize], d.year())
}

/// Whether a document's source is a workbook (its messages speak of sheets
/// and cells, not TOML keys).
/// The error for a document without the date PDF/A requires.
pub(crate) fn missing_date(source_file: &std::path::Path) -> Diagnostic {
    let hint = if crate::validate::is_workbook(source_file) {
        "lägg till raden Datum i bladet Dokument (eller Datum: i rubrikraderna ovanför tabellen), sätt SOURCE_DATE_EPOCH, eller välj --pdf-standard ua1"
    } else {
        "ange datum = ÅÅÅÅ-MM-DD under [dokument], sätt SOURCE_DATE_EPOCH, eller välj --pdf-standard ua1"
    };
    Diagnostic::error("dokumentet saknar datum, som PDF/A kräver", Some(Origin::File(source_file.to_path_buf())))
        .with_hint(hint)
}

pub(crate) fn is_workbook(source: &std::path::Path) -> bool {
    let ext = source.extension().and_then(|e| e.to_str()).unwrap_or("").to_lowercase();
    matches!(ext.as_str(), "xlsx" | "xlsm" | "ods")
}

/// Whether a value came from a sheet (its hint speaks of columns and
/// sheets), not from a TOML file.
pub(crate) fn in_sheet(at: &Origin) -> bool {
    matches!(at, Origin::Cell { .. } | Origin::Sheet { .. })
}

/// `sheet` for a value read from a workbook, else `toml`.
pub(crate) fn hint_for(at: &Origin, sheet: &str, toml: &str) -> String {
    if in_sheet(at) { sheet.to_string() } else { toml.to_string() }
}

/// Checks a document as read with `check`, once it is within its item
/// limits: the checked document and the warnings, or every problem found.
///
/// # Errors
/// A limit passed, or all errors found (with any warnings among them).
pub(crate) fn run<R, T>(
    raw: &R,
    within_limits: fn(&R) -> Result<(), Diagnostics>,
    check: fn(&mut Validator, &R) -> T,
) -> Result<(T, Diagnostics), Diagnostics> {
    within_limits(raw)?;
    let mut v = Validator::default();
    let document = check(&mut v, raw);
    if v.diags.has_errors() { Err(v.diags) } else { Ok((document, v.diags)) }
}

#[derive(Default)]
pub(crate) struct Validator {
    pub(crate) diags: Diagnostics,
    /// Origins already reported for a phase problem (a phase row covers many rows).
    pub(crate) reported: std::collections::HashSet<Origin>,
    /// What the texts say about pictures and marks, for the kind to check.
    pub(crate) texts: pictures::TextClaims,
}

fn clean(s: &str) -> String {
    s.trim().to_string()
}

impl Validator {
    /// Warns about each date in `text` whose day and month could be swapped
    /// ("03/04/2024"), naming both readings and the one taken.
    pub(crate) fn ambiguous_dates(&mut self, text: &str, at: &Origin) {
        for (written, taken, other) in crate::model::deadline::ambiguous_days(text) {
            self.diags.push(
                Diagnostic::warning(
                    format!(
                        "datumet \"{written}\" kan läsas som {} eller {}; det läses som {} (dag före månad, som på svenska)",
                        swedish_long_date(taken),
                        swedish_long_date(other),
                        swedish_long_date(taken)
                    ),
                    Some(at.clone()),
                )
                .with_hint(format!(
                    "skriv datumet som ÅÅÅÅ-MM-DD, {} eller {}, så kan det bara läsas på ett sätt",
                    taken.format("%Y-%m-%d"),
                    other.format("%Y-%m-%d")
                )),
            );
        }
    }

    /// A colour written as #rrggbb (any case, surrounding space allowed),
    /// lower-cased; otherwise an error at `at` with `example` in the hint.
    pub(crate) fn colour(&mut self, written: &str, at: &Origin, example: &str) -> Option<String> {
        let value = written.trim().to_lowercase();
        if value.len() == 7 && value.starts_with('#') && value[1..].chars().all(|ch| ch.is_ascii_hexdigit()) {
            return Some(value);
        }
        self.diags.push(
            Diagnostic::error(format!("färgen \"{written}\" kan inte läsas"), Some(at.clone()))
                .with_hint(format!("skriv färgen som #rrggbb, till exempel {example}")),
        );
        None
    }

    /// The page-number style (`sidnummer`): text with `{n}` (the page) and
    /// optionally `{m}` (the number of pages), nothing else in braces.
    pub(crate) fn page_number(&mut self, written: &str, at: &Origin) -> String {
        let value = written.trim();
        let placeholders_ok = value.replace("{n}", "").replace("{m}", "").chars().all(|c| c != '{' && c != '}');
        let problem = if !value.contains("{n}") {
            Some(format!("sidnumreringen \"{written}\" saknar {{n}}, sidans nummer"))
        } else if !placeholders_ok {
            Some(format!("sidnumreringen \"{written}\" kan inte läsas: bara {{n}} och {{m}} får stå inom klamrar"))
        } else if value.chars().count() > 40 || value.chars().any(char::is_control) {
            Some(format!("sidnumreringen \"{written}\" är för lång eller har otillåtna tecken"))
        } else {
            None
        };
        if let Some(message) = problem {
            self.diags.push(Diagnostic::error(message, Some(at.clone())).with_hint(
                "skriv till exempel sidnummer = \"Sida {n} ({m})\" ({n} är sidan, {m} antalet sidor) eller \"{n} ({m})\"",
            ));
            return String::new();
        }
        value.to_string()
    }

    pub(crate) fn text(&mut self, v: Option<&Loc<String>>) -> String {
        v.map(|l| self.checked_text(l)).unwrap_or_default()
    }

    /// Reports a list item that holds one of `separators` (or a line
    /// break): the workbook the tool writes keeps the list in one cell,
    /// split at them, so the item would come back as two.
    pub(crate) fn no_separator(&mut self, text: &str, separators: &[char], at: &Origin, what: &str, cell: &str) {
        let Some(found) = text.trim().chars().find(|c| separators.contains(c) || *c == '\n') else { return };
        let shown = if found == '\n' { "en radbrytning".to_string() } else { format!("\"{found}\"") };
        let listed = separators.iter().map(|c| format!("\"{c}\"")).collect::<Vec<_>>().join(" och ");
        self.diags.push(
            Diagnostic::error(format!("{what} \"{}\" innehåller {shown}", text.trim()), Some(at.clone())).with_hint(
                format!("Excel-filen skriver listan i en cell ({cell}) och delar den vid {listed}; skriv namnet utan dem, till exempel med \"och\""),
            ),
        );
    }

    /// A one-line field (a heading, a name, a title): checked as any text,
    /// and at most [`MAX_LINE`] characters; `what` names it in the message
    /// ("rubriken").
    pub(crate) fn line(&mut self, v: Option<&Loc<String>>, what: &str) -> String {
        v.map(|l| self.checked(l, Some(what))).unwrap_or_default()
    }

    /// Reports a one-line field over [`MAX_LINE`] characters; `true` when
    /// it was.
    pub(crate) fn line_length(&mut self, text: &str, at: &Origin, what: &str) -> bool {
        self.over_line(
            text,
            at,
            what,
            "korta texten; en längre beskrivning hör hemma i en text under rubriken (text = \"…\")",
        )
    }

    /// Reports a deadline line over [`MAX_LINE`] characters (`what`:
    /// "måldatumet", "slutdatumet"); `true` when too long, and then it is
    /// not parsed (parsing a million-character "date" per cell took a
    /// second for a 57 KB workbook, found by the fuzzer).
    pub(crate) fn deadline_too_long(&mut self, text: &str, at: &Origin, what: &str) -> bool {
        self.over_line(
            text,
            at,
            what,
            "skriv ett datum eller en kort text, till exempel 2025-12-31, Dec 2025 eller Kontinuerligt",
        )
    }

    /// The one-line limit itself: an error naming `what`, with `hint`.
    pub(crate) fn over_line(&mut self, text: &str, at: &Origin, what: &str, hint: &str) -> bool {
        let length = text.chars().count();
        if length <= MAX_LINE {
            return false;
        }
        #[allow(clippy::cast_precision_loss)]
        let (length, max) = (swedish_number(length as f64), swedish_number(MAX_LINE as f64));
        self.diags.push(
            Diagnostic::error(format!("{what} har {length} tecken; högst {max} tecken går"), Some(at.clone()))
                .with_hint(hint),
        );
        true
    }

    /// Warns about characters the bundled fonts lack, which would print as
    /// empty boxes (and which PDF/A refuses): the PDF names them as
    /// [U+XXXX] (see `typeset::fonts::printable`); the data keeps them. Every text
    /// that reaches the PDF passes here, with its place.
    pub(crate) fn font_check(&mut self, text: &str, at: &Origin) {
        let mut missing: Vec<char> = Vec::new();
        for c in text.chars().filter(|c| !c.is_control() && !crate::typeset::fonts::covers(*c)) {
            if !missing.contains(&c) {
                missing.push(c);
            }
        }
        if missing.is_empty() {
            return;
        }
        let list = missing.iter().map(|c| format!("\"{c}\" (U+{:04X})", u32::from(*c))).collect::<Vec<_>>().join(", ");
        self.diags.push(
            Diagnostic::warning(
                format!(
                    "{} {list} finns inte i det inbyggda typsnittet och skrivs som [U+…] i PDF:en",
                    if missing.len() == 1 { "tecknet" } else { "tecknen" }
                ),
                Some(at.clone()),
            )
            .with_hint("Excel- och TOML-filerna behåller tecknet; byt ut det mot ord om PDF:en ska visa det (till exempel en symbol mot dess betydelse)"),
        );
    }

    /// Trims the text and reports control characters (which cannot be
    /// printed; they are removed) and characters the bundled fonts lack
    /// (see [`Validator::font_check`]).
    pub(crate) fn checked_text(&mut self, l: &Loc<String>) -> String {
        self.checked(l, None)
    }

    /// As [`Validator::checked_text`]; with `line`, a one-line field named
    /// so in the message, at most [`MAX_LINE`] characters.
    pub(crate) fn checked(&mut self, l: &Loc<String>, line: Option<&str>) -> String {
        let mut text = l.value.clone();
        let length = text.chars().count();
        if length > crate::limits::MAX_TEXT_CHARS {
            self.diags.push(
                Diagnostic::error(
                    format!(
                        "texten har {} tecken; ett fält kan ha högst {}",
                        crate::limits::count(length as u64),
                        crate::limits::count(crate::limits::MAX_TEXT_CHARS as u64)
                    ),
                    Some(l.at.clone()),
                )
                .with_hint("dela upp texten på flera kapitel eller avsnitt"),
            );
            return String::new();
        }
        let too_long = line.is_some_and(|what| self.line_length(text.trim(), &l.at, what));
        if length > crate::limits::CELL_LIMIT && !too_long {
            self.diags.push(
                Diagnostic::warning(
                    format!("texten har {length} tecken; en cell i Excel rymmer {}", crate::limits::CELL_LIMIT),
                    Some(l.at.clone()),
                )
                .with_hint("PDF:en får hela texten, Excel-filen en förkortad; dela gärna upp texten"),
            );
        }
        if text.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
            self.diags.push(
                Diagnostic::warning("texten innehåller osynliga styrtecken, som tas bort", Some(l.at.clone()))
                    .with_hint("texten kommer troligen från en kopiering; skriv om den eller klistra in som ren text"),
            );
            text = text.chars().filter(|c| !c.is_control() || *c == '\n' || *c == '\t').collect();
        }
        self.font_check(&text, &l.at);
        self.texts.read(&text, &l.at);
        clean(&text)
    }

    /// Whether a real date (a TOML date or an Excel date cell) lies in
    /// the range Excel can show; otherwise an error at `at`. Dates read
    /// from text are always in range (years 1900–2200).
    pub(crate) fn date_in_range(&mut self, d: NaiveDate, at: &Origin) -> bool {
        if (FIRST_DATE..=LAST_DATE).contains(&d) {
            return true;
        }
        let written =
            if (0..=9999).contains(&d.year()) { d.format("%Y-%m-%d").to_string() } else { format!("år {}", d.year()) };
        let why = if d < FIRST_DATE { "före 1900" } else { "efter år 9999" };
        self.diags.push(
            Diagnostic::error(
                format!("datumet {written} ligger {why}, som Excel inte kan visa"),
                Some(at.clone()),
            )
            .with_hint("kontrollera året; ett datum skrivs ÅÅÅÅ-MM-DD, till exempel 2023-12-31 (en Excel-cell med ett stort tal formaterat som datum ger också detta)"),
        );
        false
    }

    pub(crate) fn date_text(&mut self, v: Option<&Loc<Scalar>>, what: &str) -> (String, Option<NaiveDate>) {
        let Some(l) = v else { return (String::new(), None) };
        match &l.value {
            Scalar::Date(d) => {
                self.date_in_range(*d, &l.at);
                (d.format("%Y-%m-%d").to_string(), Some(*d))
            }
            other => {
                let text = other.to_text().trim().to_string();
                self.font_check(&text, &l.at);
                self.ambiguous_dates(&text, &l.at);
                let dl = Deadline::parse(&text);
                match dl.period {
                    Some(p) if p.precision == crate::model::Precision::Day => {
                        (p.start.format("%Y-%m-%d").to_string(), Some(p.start))
                    }
                    _ => {
                        if !text.is_empty() {
                            self.diags.push(
                                Diagnostic::warning(
                                    format!(
                                        "{what} \"{text}\" kunde inte läsas som ett datum och skrivs ut som det står"
                                    ),
                                    Some(l.at.clone()),
                                )
                                .with_hint("skriv datumet som ÅÅÅÅ-MM-DD, till exempel 2021-11-25"),
                            );
                        }
                        (text, None)
                    }
                }
            }
        }
    }

    /// The document's metadata; `kind` ("plan", "uppfoljning" …) words the
    /// hint for a missing title as `planrapport mall` takes it.
    pub(crate) fn meta(&mut self, raw: &RawDocument, kind: &str) -> DocumentMeta {
        let text = |this: &mut Self, key: &str| {
            let Some(l) = raw.meta(key) else { return String::new() };
            let label = crate::load::META_KEYS.iter().find(|(k, _)| *k == key).map_or(key, |(_, label)| label);
            this.checked(&Loc::new(l.value.to_text(), l.at.clone()), Some(&format!("fältet {label}")))
        };
        let mut meta = DocumentMeta {
            organisation: text(self, "organisation"),
            title: text(self, "titel"),
            subtitle: text(self, "undertitel"),
            period: text(self, "period"),
            version: text(self, "version"),
            diarienummer: text(self, "diarienummer"),
            author: text(self, "forfattare"),
            decided_by: text(self, "faststalld_av"),
            logo: text(self, "logotyp"),
            logo_alt: text(self, "logotyp_text"),
            ..DocumentMeta::default()
        };
        let (date, parsed) = self.date_text(raw.meta("datum"), "datumet");
        meta.date = date;
        meta.date_long = parsed.map_or_else(|| meta.date.clone(), swedish_long_date);
        if let Some(c) = raw.meta("farg")
            && let Some(colour) = self.colour(&c.value.to_text(), &c.at, "#005a9c")
        {
            meta.colour = colour;
        }
        if let Some(p) = raw.meta("sidnummer") {
            meta.page_number = self.page_number(&p.value.to_text(), &p.at);
        }
        let (decided, _) = self.date_text(raw.meta("faststalld_datum"), "fastställelsedatumet");
        meta.decided_date = decided;
        if meta.title.is_empty() {
            let hint = if is_workbook(&raw.source) {
                format!(
                    "lägg till bladet Dokument med raden Titel (kolumnerna Fält | Värde), eller skriv titeln på första raden ovanför rubrikraden; kör `planrapport mall {kind} mall.xlsx` för en mall"
                )
            } else {
                "ange titel = \"Kompetensförsörjningsplan …\" under [dokument]".to_string()
            };
            self.diags.push(
                Diagnostic::error("dokumentet saknar titel", Some(Origin::File(raw.source.clone()))).with_hint(hint),
            );
        }
        if meta.author.is_empty() {
            meta.author.clone_from(&meta.organisation);
        }
        if !meta.logo.is_empty() {
            self.check_logo(raw, &mut meta);
        }
        meta
    }

    pub(crate) fn check_logo(&mut self, raw: &RawDocument, meta: &mut DocumentMeta) {
        let at = raw.meta("logotyp").map(|l| l.at.clone());
        if let Some(problem) = crate::typeset::image::check(&raw.source, &meta.logo, at.as_ref()) {
            self.diags.push(problem);
        }
        if meta.logo_alt.is_empty() {
            meta.logo_alt = format!(
                "{}s logotyp",
                if meta.organisation.is_empty() { "Organisationen" } else { &meta.organisation }
            );
        }
    }

    pub(crate) fn phase_model(&mut self, raw: &RawDocument) -> PhaseModel {
        if let Some(list) = &raw.phases {
            for l in list {
                self.font_check(&l.value, &l.at);
                self.line_length(l.value.trim(), &l.at, "fasens namn");
                self.no_separator(&l.value, &[',', ';'], &l.at, "fasen", "raden Faser i bladet Dokument");
            }
            let phases: Vec<String> = list.iter().map(|l| clean(&l.value)).filter(|s| !s.is_empty()).collect();
            if phases.is_empty() {
                if let Some(first) = list.first() {
                    self.diags.error("faslistan är tom", &first.at);
                }
            } else {
                return PhaseModel { name: "egen".to_string(), phases };
            }
        }
        if let Some(m) = raw.meta("fasmodell") {
            let name = m.value.to_text();
            if let Some(model) = PhaseModel::built_in(&name) {
                return model;
            }
            let mut d = Diagnostic::error(format!("okänd fasmodell \"{name}\""), Some(m.at.clone()));
            d = match nearest(&name, BUILT_IN) {
                Some(n) => d.with_hint(format!(
                    "menade du \"{n}\"? (inbyggda modeller: stockholm, aruba; eller ange en egen lista under [faser])"
                )),
                None => d.with_hint(
                    "inbyggda modeller: stockholm, aruba; eller ange en egen lista: [faser] lista = [\"…\", \"…\"]",
                ),
            };
            self.diags.push(d);
        }
        PhaseModel::default()
    }

    pub(crate) fn section(&mut self, s: &RawSection) -> Section {
        let title = self.line(s.title.as_ref(), "rubriken");
        if title.is_empty() {
            self.diags.push(Diagnostic::error("avsnittet saknar rubrik", Some(s.at.clone())).with_hint(hint_for(
                &s.at,
                "skriv rubriken i kolumnen Rubrik",
                "ange rubrik = \"…\"",
            )));
        }
        Section {
            title,
            text: self.text(s.text.as_ref()),
            sections: s.sections.iter().map(|c| self.section(c)).collect(),
            change: None,
        }
    }
}
