//! Readers: TOML files and spreadsheets (xlsx, ods) into raw data that
//! remembers where every value came from. Nothing here judges the values;
//! `validate` does that.

mod archive;
pub mod files;
pub mod indicator;
pub mod profile;
pub mod sheet;
pub mod toml;

pub use crate::kinds::bildspel::load::RawDeck;
use crate::kinds::bildspel::load as deck;
use crate::kinds::delarsrapport::load as report;
use crate::kinds::uppfoljning::load as followup;
pub use crate::kinds::uppfoljning::load::RawFollowUp;
pub use crate::kinds::delarsrapport::load::RawReport;

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::diag::{Diagnostic, Diagnostics, Loc, Origin};
use crate::fsguard::{self, Refusal};

/// A single value as read: text, a real date, or a number.
#[derive(Debug, Clone, PartialEq)]
pub enum Scalar {
    Text(String),
    Date(NaiveDate),
    Number(f64),
}

impl Scalar {
    /// The value as text, the way it would be printed.
    pub fn to_text(&self) -> String {
        match self {
            Scalar::Text(s) => s.clone(),
            Scalar::Date(d) => d.format("%Y-%m-%d").to_string(),
            Scalar::Number(n) => format_number(*n),
        }
    }
}

/// Numbers from cells print without a trailing ".0" (2022, not 2022.0);
/// huge and non-finite ones the short way they are written ("1e308",
/// "inf"), never as hundreds of digits.
pub fn format_number(n: f64) -> String {
    if !n.is_finite() || n.abs() >= 1e15 {
        format!("{n:e}").replace('.', ",")
    } else if n.fract() == 0.0 {
        format!("{n:.0}")
    } else {
        n.to_string().replace('.', ",")
    }
}

/// The document metadata keys, as written in TOML and (as labels) in a
/// "Dokument" sheet.
pub const META_KEYS: [(&str, &str); 21] = [
    ("typ", "Dokumenttyp"),
    ("organisation", "Organisation"),
    ("titel", "Titel"),
    ("undertitel", "Undertitel"),
    ("period", "Period"),
    ("version", "Version"),
    ("datum", "Datum"),
    ("diarienummer", "Diarienummer"),
    ("forfattare", "Författare"),
    ("faststalld_av", "Fastställd av"),
    ("faststalld_datum", "Fastställd datum"),
    ("logotyp", "Logotyp"),
    ("logotyp_text", "Logotyp text"),
    ("fasmodell", "Fasmodell"),
    ("per", "Uppföljningsdatum"),
    ("rapport", "Rapport"),
    ("ar", "År"),
    ("farg", "Färg"),
    // Assessment thresholds in per cent (an interim report's `[bedomning]`).
    ("bedomning_uppnatt", "Uppnått från %"),
    ("bedomning_delvis", "Delvis uppnått från %"),
    ("sidnummer", "Sidnummer"),
];

/// The document kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Plan,
    FollowUp,
    Report,
    Deck,
}

impl Kind {
    /// Words accepted for `typ` (compared in lower case).
    pub const WORDS: [(&'static str, Kind); 9] = [
        ("plan", Kind::Plan),
        ("kompetensforsorjningsplan", Kind::Plan),
        ("kompetensförsörjningsplan", Kind::Plan),
        ("uppfoljning", Kind::FollowUp),
        ("uppföljning", Kind::FollowUp),
        ("delarsrapport", Kind::Report),
        ("delårsrapport", Kind::Report),
        ("presentation", Kind::Deck),
        ("bildspel", Kind::Deck),
    ];

    pub fn from_word(word: &str) -> Option<Kind> {
        let w = word.trim().to_lowercase();
        Kind::WORDS.iter().find(|(k, _)| *k == w).map(|(_, kind)| *kind)
    }
}

/// Any document kind as read. One value per run, so the size difference
/// between the variants does not matter.
#[derive(Debug, Clone, PartialEq)]
#[allow(clippy::large_enum_variant)]
pub enum RawInput {
    Plan(RawPlan),
    FollowUp(RawFollowUp),
    Report(RawReport),
    Deck(RawDeck),
}

/// A narrative section as read.
#[derive(Debug, Clone, PartialEq)]
pub struct RawSection {
    pub at: Origin,
    pub title: Option<Loc<String>>,
    pub text: Option<Loc<String>>,
    pub sections: Vec<RawSection>,
}

/// One action-table row as read.
#[derive(Debug, Clone, PartialEq)]
pub struct RawRow {
    pub at: Origin,
    pub phase: Option<Loc<String>>,
    pub goal: Option<Loc<String>>,
    pub activities: Vec<Loc<String>>,
    pub deadlines: Vec<Loc<Scalar>>,
    pub owners: Vec<Loc<String>>,
    pub resources: Option<Loc<String>>,
    pub followup: Option<Loc<String>>,
}

/// A department as read: narrative and rows.
#[derive(Debug, Clone, PartialEq)]
pub struct RawDepartment {
    pub at: Origin,
    pub name: Option<Loc<String>>,
    pub title: Option<Loc<String>>,
    pub date: Option<Loc<Scalar>>,
    pub manager: Option<Loc<String>>,
    pub text: Option<Loc<String>>,
    pub sections: Vec<RawSection>,
    pub rows: Vec<RawRow>,
    /// `fil = "…"`: the workbook its rows come from.
    pub file: Option<Loc<String>>,
    /// The file was named (or the folder searched) but it is not there.
    pub missing: Option<String>,
    /// The indicators of its goals (`[[avdelning.rad.indikator]]`, sheet
    /// Indikatorer), each with the goal it belongs to.
    pub indicators: Vec<(Option<Loc<String>>, indicator::RawIndicator)>,
}

impl RawDepartment {
    /// A department with nothing read yet but where it is.
    pub fn empty(at: Origin) -> RawDepartment {
        RawDepartment {
            at,
            name: None,
            title: None,
            date: None,
            manager: None,
            text: None,
            sections: Vec::new(),
            rows: Vec::new(),
            file: None,
            missing: None,
            indicators: Vec::new(),
        }
    }
}

/// A whole plan as read from one input.
#[derive(Debug, Clone, PartialEq)]
pub struct RawPlan {
    pub source: PathBuf,
    /// Metadata by TOML key (see [`META_KEYS`]).
    pub meta: Vec<(String, Loc<Scalar>)>,
    /// An explicit phase list (`[faser] lista = [...]`), if given.
    pub phases: Option<Vec<Loc<String>>>,
    pub chapters: Vec<RawSection>,
    pub departments: Vec<RawDepartment>,
    /// `[filer] mapp = "…"`: a folder of department workbooks.
    pub folder: Option<Loc<String>>,
}

impl RawPlan {
    pub fn meta(&self, key: &str) -> Option<&Loc<Scalar>> {
        self.meta.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }
}

/// Reads a plan from a TOML file or a workbook, chosen by the extension.
///
/// # Errors
/// Every problem found while reading (unreadable file, syntax error, wrong
/// types, sheets without a header row), each with its location. Warnings
/// found on the way (unknown keys) are returned beside the plan.
pub fn load(path: &Path) -> Result<(RawInput, Diagnostics), Diagnostics> {
    let (mut input, mut warnings) = load_kind(path)?;
    profile::apply(path, &mut input, &mut warnings);
    Ok((input, warnings))
}

fn load_kind(path: &Path) -> Result<(RawInput, Diagnostics), Diagnostics> {
    if path.file_name().is_some_and(|n| n == profile::FILE) {
        return Err(one(Diagnostic::error(
            "filen är organisationsprofilen, inte ett dokument",
            Some(Origin::File(path.to_path_buf())),
        )
        .with_hint("bygg dokumentets egen fil; profilen läses med automatiskt från samma mapp")));
    }
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_lowercase();
    match ext.as_str() {
        "toml" => {
            let (mut input, mut warnings) = toml::load_input(path)?;
            match &mut input {
                RawInput::Plan(plan) => files::resolve(plan, &mut warnings),
                RawInput::FollowUp(f) => files::resolve_followup(f, &mut warnings),
                _ => {}
            }
            Ok((input, warnings))
        }
        "xlsx" | "xlsm" | "ods" => {
            let (grids, warnings) = sheet::open(path)?;
            let side = sidecar_path(path);
            // Anything at the sidecar's name is read (and refused when it is
            // not a regular file inside the folder), never silently skipped.
            let side = if fsguard::exists(&side) { Some(toml::load_input(&side)?) } else { None };
            if report::is_report_book(&grids) {
                let (mut r, mut warnings) = report::from_grids(path, &grids, warnings);
                if let Some((doc, side_warnings)) = side {
                    warnings.extend(side_warnings);
                    let doc = match doc {
                        RawInput::Report(d) => {
                            if r.statuses.is_empty() {
                                r.statuses = d.statuses;
                            }
                            d.common
                        }
                        RawInput::Plan(p) => p,
                        RawInput::FollowUp(f) => f.common,
                        RawInput::Deck(d) => d.common,
                    };
                    merge_sidecar(&mut r.common, doc, &mut warnings);
                }
                Ok((RawInput::Report(r), warnings))
            } else if deck::is_deck_book(&grids) {
                let (d, warnings) = deck::from_grids(path, &grids, warnings);
                Ok((RawInput::Deck(d), warnings))
            } else if followup::is_followup_book(&grids) {
                let (mut f, mut warnings) = followup::from_grids(path, &grids, warnings);
                if let Some((doc, side_warnings)) = side {
                    warnings.extend(side_warnings);
                    let doc = match doc {
                        RawInput::FollowUp(d) => {
                            if f.statuses.is_empty() {
                                f.statuses = d.statuses;
                            }
                            d.common
                        }
                        RawInput::Plan(p) => p,
                        RawInput::Report(r) => r.common,
                        RawInput::Deck(d) => d.common,
                    };
                    merge_sidecar(&mut f.common, doc, &mut warnings);
                }
                // Without a title given, that of a title line above the table.
                if f.common.meta("titel").is_none()
                    && let Some(title) = followup::heading_title(&grids)
                {
                    f.common.meta.push(("titel".to_string(), title));
                }
                Ok((RawInput::FollowUp(f), warnings))
            } else {
                let (mut plan, mut warnings) = sheet::from_grids(path, &grids, warnings)?;
                if let Some((doc, side_warnings)) = side {
                    warnings.extend(side_warnings);
                    let doc = match doc {
                        RawInput::Plan(p) => p,
                        RawInput::FollowUp(f) => f.common,
                        RawInput::Report(r) => r.common,
                        RawInput::Deck(d) => d.common,
                    };
                    merge_sidecar(&mut plan, doc, &mut warnings);
                }
                // Without a title or date given, those of the heading lines.
                let (title, date) = sheet::heading_meta(&grids);
                for (key, value) in [("titel", title), ("datum", date)] {
                    if let Some(v) = value.filter(|_| plan.meta(key).is_none()) {
                        plan.meta.push((key.to_string(), v));
                    }
                }
                Ok((RawInput::Plan(plan), warnings))
            }
        }
        "xls" | "xlsb" => Err(one(Diagnostic::error(
            format!("filformatet .{ext} kan inte läsas"),
            Some(Origin::File(path.to_path_buf())),
        )
        .with_hint("spara arbetsboken som Excel-arbetsbok (.xlsx) eller OpenDocument (.ods) och försök igen"))),
        _ => Err(one(Diagnostic::error(
            format!("okänd filtyp \"{}\"", path.display()),
            Some(Origin::File(path.to_path_buf())),
        )
        .with_hint("ange en .toml-fil eller en arbetsbok (.xlsx, .ods)"))),
    }
}

pub(crate) fn one(d: Diagnostic) -> Diagnostics {
    let mut ds = Diagnostics::default();
    ds.push(d);
    ds
}

/// Reads a file to a string, with a Swedish message on failure. The file
/// must lie (links resolved) in its own folder and be a regular file (see
/// [`crate::fsguard`]).
pub(crate) fn read_text(path: &Path) -> Result<String, Diagnostics> {
    let bytes = fsguard::read_in_own_folder(path, fsguard::MAX_BYTES).map_err(|r| one(refused(path, &r, None)))?;
    String::from_utf8(bytes).map_err(|_| {
        one(Diagnostic::error("filen är inte UTF-8-kodad text", Some(Origin::File(path.to_path_buf())))
            .with_hint("spara filen som UTF-8 (i Anteckningar: Spara som → Kodning: UTF-8)"))
    })
}

/// The message for a file that was not read: `shown` is the path as the
/// user wrote it (or as found); `at` the place that named it (a TOML key),
/// or `None` for the file itself.
pub(crate) fn refused(shown: &Path, r: &Refusal, at: Option<Origin>) -> Diagnostic {
    let named = at.is_some();
    let at = at.or_else(|| Some(Origin::File(shown.to_path_buf())));
    let it = if named { format!("\"{}\"", shown.display()) } else { "filen".to_string() };
    match r {
        Refusal::NotFound => Diagnostic::error(format!("{it} finns inte"), at),
        Refusal::Outside => Diagnostic::error(format!("{it} ligger utanför indatafilens mapp"), at)
            .with_hint("lägg filen i mappen där indatafilen ligger och ange sökvägen från den mappen"),
        Refusal::LinkOutside => {
            Diagnostic::error(format!("{it} är en länk till en fil utanför sin mapp och läses inte"), at)
                .with_hint("kopiera filen in i mappen i stället för att länka till den; länkar inom mappen går bra")
        }
        Refusal::Absolute => Diagnostic::error(format!("{it} anges med en absolut sökväg"), at)
            .with_hint("ange sökvägen från mappen där indatafilen ligger"),
        Refusal::NotAFile(kind) => Diagnostic::error(format!("{it} är {}, inte en vanlig fil", kind.swedish()), at)
            .with_hint("ange en vanlig fil; mappar, namngivna pipes, sockets och enhetsfiler läses inte"),
        Refusal::TooLarge { size, limit } => {
            Diagnostic::error(format!("{it} är för stor ({})", Refusal::sizes(*size, *limit)), at)
                .with_hint("filen är troligen inte den som avsågs; ta bort det som inte hör till dokumentet")
        }
        Refusal::Io(e) => {
            let mut d = io_error(shown, e);
            d.at = at;
            d
        }
    }
}

pub(crate) fn io_error(path: &Path, e: &std::io::Error) -> Diagnostic {
    let what = match e.kind() {
        std::io::ErrorKind::NotFound => "filen finns inte".to_string(),
        std::io::ErrorKind::PermissionDenied => "filen får inte läsas (behörighet saknas)".to_string(),
        _ => format!("filen kunde inte läsas: {e}"),
    };
    Diagnostic::error(what, Some(Origin::File(path.to_path_buf())))
}

/// The metadata file that may accompany a workbook: `plan.xlsx` →
/// `plan.dokument.toml` in the same folder.
pub fn sidecar_path(workbook: &Path) -> PathBuf {
    let stem = workbook.file_stem().and_then(|s| s.to_str()).unwrap_or("plan");
    workbook.with_file_name(format!("{stem}.dokument.toml"))
}

/// Takes metadata, phases and narrative from a workbook's TOML file where
/// the workbook itself (sheets Dokument and Text) does not give them.
fn merge_sidecar(plan: &mut RawPlan, side: RawPlan, warnings: &mut Diagnostics) {
    for (key, value) in side.meta {
        match plan.meta(&key) {
            Some(existing) if existing.value != value.value => warnings.push(
                Diagnostic::warning(
                    format!(
                        "\"{key}\" anges både i arbetsboken och i {}; arbetsbokens värde används",
                        side.source.display()
                    ),
                    Some(value.at.clone()),
                )
                .with_hint(format!("arbetsbokens värde står i {}", existing.at)),
            ),
            Some(_) => {}
            None => plan.meta.push((key, value)),
        }
    }
    if plan.phases.is_none() {
        plan.phases = side.phases;
    }
    let mut narrative: Vec<(Option<Loc<String>>, RawSection)> = Vec::new();
    if plan.chapters.is_empty() {
        narrative.extend(side.chapters.into_iter().map(|c| (None, c)));
    } else if let Some(first) = side.chapters.first() {
        warnings.push(Diagnostic::warning(
            "kapitlen i TOML-filen används inte: arbetsbokens blad Text har redan kapitel",
            Some(first.at.clone()),
        ));
    }
    for d in side.departments {
        if let Some(row) = d.rows.first() {
            warnings.push(
                Diagnostic::warning("rader i arbetsbokens TOML-fil används inte", Some(row.at.clone()))
                    .with_hint("handlingsplanens rader läses från arbetsbokens avdelningsblad"),
            );
        }
        if let Some(name) = d.name {
            narrative.push((Some(name), RawSection { at: d.at, title: d.title, text: d.text, sections: d.sections }));
        }
    }
    sheet::merge_narrative(plan, narrative);
}
