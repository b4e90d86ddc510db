//! Readers: TOML files and spreadsheets (xlsx, ods) into raw data that
//! remembers where every value came from. Nothing here judges the values;
//! `validate` does that.

mod archive;
pub mod files;
pub mod indicator;
pub mod parts;
pub mod profile;
pub mod sheet;
pub mod toml;

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

/// The document metadata keys every kind has, as written in TOML and (as
/// labels) in a "Dokument" sheet. A kind's own keys are in its
/// `Info::keys`; `kinds::meta_keys()` gives them all.
pub const META_KEYS: [(&str, &str); 18] = [
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
    ("farg", "Färg"),
    // Assessment thresholds in per cent (an interim report's `[bedomning]`).
    ("bedomning_uppnatt", "Uppnått från %"),
    ("bedomning_delvis", "Delvis uppnått från %"),
    ("sidnummer", "Sidnummer"),
];

/// An organisation's status word (`[[status]]`).
#[derive(Debug, Clone, PartialEq)]
pub struct RawStatusWord {
    pub at: Origin,
    pub word: Option<Loc<String>>,
    pub kind: Option<Loc<String>>,
    pub colour: Option<Loc<String>>,
    pub synonyms: Vec<Loc<String>>,
}

/// What a workbook's `NAME.dokument.toml` gives it: the document parts,
/// the status words (when it is of the workbook's own kind), and the
/// warnings found reading it.
pub struct Sidecar {
    pub common: RawDocument,
    pub statuses: Option<Vec<RawStatusWord>>,
    pub warnings: Diagnostics,
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
pub struct RawDocument {
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

impl RawDocument {
    /// A document with nothing read yet but where it comes from.
    pub fn empty(source: &Path) -> RawDocument {
        RawDocument {
            source: source.to_path_buf(),
            meta: Vec::new(),
            phases: None,
            chapters: Vec::new(),
            departments: Vec::new(),
            folder: None,
        }
    }

    pub fn meta(&self, key: &str) -> Option<&Loc<Scalar>> {
        self.meta.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }
}

/// Refuses the organisation profile as an input.
///
/// # Errors
/// The input is the profile.
pub(crate) fn check_input_name(path: &Path) -> Result<(), Diagnostics> {
    if path.file_name().is_some_and(|n| n == profile::FILE) {
        return Err(one(Diagnostic::error(
            "filen är organisationsprofilen, inte ett dokument",
            Some(Origin::File(path.to_path_buf())),
        )
        .with_hint("bygg dokumentets egen fil; profilen läses med automatiskt från samma mapp")));
    }
    Ok(())
}

/// The error for an input whose extension (`ext`, lower case) is neither
/// TOML nor a readable workbook.
pub(crate) fn unreadable_type(path: &Path, ext: &str) -> Diagnostics {
    match ext {
        "xls" | "xlsb" => {
            one(Diagnostic::error(format!("filformatet .{ext} kan inte läsas"), Some(Origin::File(path.to_path_buf())))
                .with_hint("spara arbetsboken som Excel-arbetsbok (.xlsx) eller OpenDocument (.ods) och försök igen"))
        }
        _ => one(Diagnostic::error(
            format!("okänd filtyp \"{}\"", path.display()),
            Some(Origin::File(path.to_path_buf())),
        )
        .with_hint("ange en .toml-fil eller en arbetsbok (.xlsx, .ods)")),
    }
}

pub(crate) use crate::diag::one;

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
pub(crate) fn merge_sidecar(plan: &mut RawDocument, side: RawDocument, warnings: &mut Diagnostics) {
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
