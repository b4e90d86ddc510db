//! The document kinds, one folder each, registered once in [`registry!`]
//! at the foot of this file. Each kind implements [`DocumentKind`]: what it
//! reads, checks, typesets and writes. The stages around them (`load`,
//! `validate`, `render`, `typeset`, `export`, `output`) name no kind; they
//! reach a kind only through the enums and functions generated here.

use std::path::Path;

use chrono::NaiveDate;
use toml::de::DeTable;

use crate::diag::{Diagnostic, Diagnostics, Origin, nearest};
use crate::load::parts::{HandIn, Parts};
use crate::load::profile::Target;
use crate::load::sheet::Grid;
use crate::load::toml::Walker;
use crate::load::{RawDocument, RawStatusWord, Sidecar};
use crate::model::{DocumentMeta, PhaseModel, Vocabulary};
use bildspel::model::Deck;

/// A kind's names and words, for the command line, messages and files.
pub struct Info {
    /// The name on the command line (`mall`, `ny`) and on the web page.
    pub name: &'static str,
    /// Another name the command line accepts.
    pub alias: &'static str,
    /// The command line's one-line description.
    pub help: &'static str,
    /// The words accepted for `typ` (compared in lower case).
    pub words: &'static [&'static str],
    /// The file-name stem of a new project's file (`ny`).
    pub stem: &'static str,
    /// The kind's name as the web page shows it.
    pub title: &'static str,
    /// The web page's words for its empty template and its new project
    /// ("Mall: …", "Nytt projekt: …").
    pub web_labels: (&'static str, &'static str),
    /// The web page's words for a project of this kind written in one file
    /// (`{file}`), which takes no hand-ins.
    pub written_in_one_file: &'static str,
    /// The document in a new project's README ("Nytt projekt för …").
    pub the_document: &'static str,
    /// The error (and its hint) for an input of another kind where this
    /// one is wanted.
    pub not_this: (&'static str, Option<&'static str>),
    /// The template's name and its built-in text (`templates/<kind>/`).
    pub template: (&'static str, &'static str),
    /// Whether `--previous` marks what changed since an earlier document.
    pub keeps_changes: bool,
    /// Where a workbook's kind is decided: kinds with a lower rank are asked
    /// first whether the sheets are theirs.
    pub rank: u8,
    /// How the kind's documents are assembled from workbooks handed in (a
    /// plan's departments, a follow-up's units); none for a kind always
    /// written in one file.
    pub hand_in: Option<HandIn>,
    /// The `[dokument]` keys only this kind reads, with their labels in a
    /// "Dokument" sheet (the shared ones are `load::META_KEYS`).
    pub keys: &'static [(&'static str, &'static str)],
}

/// Every `[dokument]` key with its label: the shared ones, then each
/// kind's own. Every kind accepts them all, so a workbook's
/// `NAMN.dokument.toml` (read as the fallback kind when it names no `typ`)
/// keeps its document's keys.
pub fn meta_keys() -> &'static [(&'static str, &'static str)] {
    static KEYS: std::sync::LazyLock<Vec<(&'static str, &'static str)>> = std::sync::LazyLock::new(|| {
        let mut keys = crate::load::META_KEYS.to_vec();
        for kind in ALL {
            keys.extend(kind.info().keys.iter().filter(|k| !keys.contains(k)).collect::<Vec<_>>());
        }
        keys
    });
    &KEYS
}

/// What a document kind provides to the stages.
pub trait DocumentKind {
    /// The kind as read, remembering where every value came from.
    type Raw: std::fmt::Debug + Clone + PartialEq;
    /// The checked document.
    type Doc: std::fmt::Debug + Clone;
    const INFO: Info;

    /// Reads the kind's tables from a TOML file (`[dokument]` and the
    /// shared tables through the walker).
    fn from_toml(walker: &mut Walker, doc: &DeTable<'_>) -> Self::Raw;
    /// Reads the files a TOML input names (department or unit workbooks).
    fn resolve_files(_raw: &mut Self::Raw, _warnings: &mut Diagnostics) {}
    /// Whether a workbook's sheets are of this kind.
    fn is_book(grids: &[Grid]) -> bool;
    /// Reads a workbook of this kind; `side` is its `NAME.dokument.toml`.
    ///
    /// # Errors
    /// What makes the workbook unreadable.
    fn from_grids(
        path: &Path,
        grids: &[Grid],
        warnings: Diagnostics,
        side: Option<Sidecar>,
    ) -> Result<(Self::Raw, Diagnostics), Diagnostics>;
    /// The document parts every kind has.
    fn common(raw: &Self::Raw) -> &RawDocument;
    /// The document parts as a sidecar gives them to a workbook, and the
    /// status words it names.
    fn into_sidecar(raw: Self::Raw) -> (RawDocument, Option<Vec<RawStatusWord>>);
    /// Where an organisation profile's values go.
    fn profile_target(raw: &mut Self::Raw) -> Target<'_>;
    /// Whether a missing document date is reported when the input is read
    /// (a deck's is checked where it is laid out).
    fn date_checked(_raw: &Self::Raw) -> bool {
        true
    }
    /// The files named but missing, in one line.
    fn missing_summary(_raw: &Self::Raw) -> Option<String> {
        None
    }
    /// The parts a project of this kind is assembled from (`main` its file,
    /// `root` its folder); `None` when this project is written in one file.
    fn parts(_raw: &Self::Raw, _main: &Path, _root: &Path) -> Option<Parts> {
        None
    }
    /// The parts a workbook of this kind names (a department workbook's
    /// department).
    fn part_names(_raw: &Self::Raw) -> Vec<String> {
        Vec::new()
    }
    /// Checks the input.
    ///
    /// # Errors
    /// Every problem found, with its location.
    fn validate(raw: &Self::Raw) -> Result<(Self::Doc, Diagnostics), Diagnostics>;
    fn meta(doc: &Self::Doc) -> &DocumentMeta;
    /// `kontrollera`'s line for a checked document.
    fn summary(doc: &Self::Doc, input: &Path, warnings: usize) -> String;
    /// What the template is rendered with.
    fn context(doc: &Self::Doc, date: Option<DateParts>) -> minijinja::Value;
    /// The committee workbook (none for a deck).
    fn workbook(_doc: &Self::Doc, _date: Option<NaiveDate>) -> Option<Result<Vec<u8>, rust_xlsxwriter::XlsxError>> {
        None
    }
    /// The workbook `konvertera` writes, when it is not the committee
    /// workbook (a deck's, which has none).
    fn convert_workbook(
        _doc: &Self::Doc,
        _date: Option<NaiveDate>,
    ) -> Option<Result<Vec<u8>, rust_xlsxwriter::XlsxError>> {
        None
    }
    /// The slide deck made from the document (`--bildspel`).
    fn deck(doc: &Self::Doc) -> Deck;
    /// The document as a TOML input (`konvertera`).
    fn toml(doc: &Self::Doc) -> String;
    /// Marks what changed since `previous` (`--previous`), and takes back
    /// the `warnings` that it answers; `false` when the kind keeps no such
    /// record.
    fn mark_changes(_doc: &mut Self::Doc, _previous: &Self::Doc, _warnings: &mut Diagnostics) -> bool {
        false
    }
    /// The phases of a new input template and project.
    fn phases() -> PhaseModel {
        PhaseModel::default()
    }
    /// The empty input workbook (`mall`).
    ///
    /// # Errors
    /// What `rust_xlsxwriter` reports.
    fn input_template(
        phases: &PhaseModel,
        vocabulary: &Vocabulary,
        date: Option<NaiveDate>,
    ) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError>;
    /// A new project's file (`ny`): metadata and one example of everything.
    fn project_file(date: NaiveDate) -> String;
}

/// The head of a new project's file: the comments and `[dokument]`.
pub(crate) fn project_head(typ: &str, title: &str, date: NaiveDate) -> String {
    format!(
        "# Projektfil. Ändra uppgifterna nedan; raderna som börjar med # är förklaringar.\n\
         # Bygg dokumentet med: planrapport bygg och den här filens namn.\n\n\
         # Organisationens namn, logotyp, färg, faser och statusord står i organisation.toml\n\
         # och gäller alla organisationens dokument; det som anges här går före.\n\n\
         [dokument]\n\
         typ = \"{typ}\"\n\
         titel = \"{title}\"\n\
         datum = {date}\n"
    )
}

/// The document date as the templates read it.
#[derive(Debug, Clone, Copy, serde::Serialize)]
pub struct DateParts {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

/// The kind named on the command line (or its alias).
pub fn by_name(name: &str) -> Option<Kind> {
    ALL.iter().copied().find(|k| k.info().name == name || k.info().alias == name)
}

impl Kind {
    /// The kind a `typ` word names (compared in lower case).
    pub fn from_word(word: &str) -> Option<Kind> {
        let w = word.trim().to_lowercase();
        ALL.iter().copied().find(|k| k.info().words.contains(&w.as_str()))
    }

    /// Every `typ` word, kind by kind.
    pub fn words() -> impl Iterator<Item = &'static str> {
        ALL.iter().flat_map(|k| k.info().words.iter().copied())
    }
}

impl clap::ValueEnum for Kind {
    fn value_variants<'a>() -> &'a [Self] {
        &ALL
    }

    fn to_possible_value(&self) -> Option<clap::builder::PossibleValue> {
        let info = self.info();
        Some(clap::builder::PossibleValue::new(info.name).alias(info.alias).help(info.help))
    }
}

/// The kind a TOML file's `[dokument] typ` names; an unknown word is an
/// error (and the file is read on as the fallback kind, to find more).
pub(crate) fn kind_of_toml(walker: &mut Walker, doc: &DeTable<'_>) -> Kind {
    let Some(v) = Walker::document_type(doc) else { return FALLBACK };
    let Some(word) = v.get_ref().as_str() else { return FALLBACK };
    if let Some(k) = Kind::from_word(word) {
        return k;
    }
    let names = ALL.iter().map(|k| k.info().name).collect::<Vec<_>>().join(", ");
    let mut d = Diagnostic::error(format!("okänd dokumenttyp \"{word}\""), Some(walker.at(v)));
    d = match nearest(word, Kind::words()) {
        Some(n) => d.with_hint(format!("menade du \"{n}\"? (typer: {names})")),
        None => d.with_hint(format!("typer: {names}")),
    };
    walker.diags.push(d);
    FALLBACK
}

/// The kind of a workbook: the first kind, by rank, whose sheets it has;
/// else the fallback kind.
pub(crate) fn kind_of_book(grids: &[Grid]) -> Kind {
    let mut kinds = ALL;
    kinds.sort_by_key(|k| k.info().rank);
    kinds.into_iter().find(|k| k.is_book(grids)).unwrap_or(FALLBACK)
}

/// A checked document and the warnings found on the way.
pub struct Loaded {
    pub document: Document,
    pub warnings: Diagnostics,
}

/// Reads and checks an input of any kind.
///
/// # Errors
/// Every problem found, with its location.
pub fn load(input: &Path) -> Result<Loaded, Diagnostics> {
    load_with(input, false)
}

/// As [`load_with`] for a document typeset under `profile` (none when no
/// PDF is made): a date that PDF/A requires and the document lacks is
/// reported in the same run as every other problem, not only once they are
/// fixed.
///
/// # Errors
/// Every problem found, with its location.
pub fn load_for(
    input: &Path,
    allow_missing: bool,
    profile: Option<crate::typeset::PdfProfile>,
) -> Result<Loaded, Diagnostics> {
    load_checked(
        input,
        allow_missing,
        profile.is_some_and(crate::typeset::PdfProfile::is_archival) && crate::model::document::source_date().is_none(),
    )
}

/// As [`load`]; with `allow_missing`, department files that are missing
/// are a warning (and a gap marked in the document) instead of an error.
///
/// # Errors
/// Every problem found, with its location.
pub fn load_with(input: &Path, allow_missing: bool) -> Result<Loaded, Diagnostics> {
    load_checked(input, allow_missing, false)
}

/// [`load_with`]; with `needs_date`, a document without a date is an error.
fn load_checked(input: &Path, allow_missing: bool, needs_date: bool) -> Result<Loaded, Diagnostics> {
    // An input is never an output, whatever the readers note themselves.
    crate::output::note_read(input);
    let (raw, mut diags) = read(input)?;
    if needs_date && raw.date_checked() && raw.common().meta("datum").is_none() {
        diags.push(crate::validate::missing_date(input));
    }
    let summary = raw.missing_summary();
    if let Some(summary) = summary {
        let at = Some(Origin::File(input.to_path_buf()));
        diags.push(if allow_missing {
            Diagnostic::warning(summary, at).with_hint("dokumentet byggs utan dem; luckan markeras i dokumentet")
        } else {
            Diagnostic::error(summary, at)
                .with_hint("lämna in de saknade filerna, eller bygg ändå med --tillat-saknade")
        });
    }
    // Warnings from reading come first, then what validation found.
    let checked = raw.validate();
    match checked {
        // Errors found while reading (a workbook's formula errors) still fail
        // the build, reported together with what validation found.
        Ok((_, warnings)) if diags.has_errors() => {
            diags.extend(warnings);
            Err(diags)
        }
        Ok((document, warnings)) => {
            diags.extend(warnings);
            Ok(Loaded { document, warnings: diags })
        }
        Err(errors) => {
            diags.extend(errors);
            Err(diags)
        }
    }
}

/// Reads an input of any kind: a TOML file or a workbook, chosen by the
/// extension, the organisation profile beside it applied.
///
/// # Errors
/// Every problem found while reading (unreadable file, syntax error, wrong
/// types, sheets without a header row), each with its location. Warnings
/// found on the way (unknown keys) are returned beside the input.
pub fn read(path: &Path) -> Result<(RawInput, Diagnostics), Diagnostics> {
    let (mut input, mut warnings) = load_kind(path)?;
    crate::load::profile::apply(path, input.profile_target(), &mut warnings);
    Ok((input, warnings))
}

/// Reads any document kind from a TOML file.
///
/// # Errors
/// As [`load`].
pub fn load_toml(path: &Path) -> Result<(RawInput, Diagnostics), Diagnostics> {
    let src = crate::load::read_text(path)?;
    parse_toml(path, &src)
}

/// Parses TOML source of any document kind, chosen by `[dokument] typ`.
///
/// # Errors
/// As [`load`].
pub fn parse_toml(path: &Path, src: &str) -> Result<(RawInput, Diagnostics), Diagnostics> {
    crate::load::toml::parse_with(path, src, |walker, doc| {
        let kind = kind_of_toml(walker, doc);
        kind.read_toml(walker, doc)
    })
}

fn load_kind(path: &Path) -> Result<(RawInput, Diagnostics), Diagnostics> {
    crate::load::check_input_name(path)?;
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_lowercase();
    match ext.as_str() {
        "toml" => {
            let (mut input, mut warnings) = load_toml(path)?;
            input.resolve_files(&mut warnings);
            Ok((input, warnings))
        }
        "xlsx" | "xlsm" | "ods" => {
            let (grids, warnings) = crate::load::sheet::open(path)?;
            let side = crate::load::sidecar_path(path);
            // Anything at the sidecar's name is read (and refused when it is
            // not a regular file inside the folder), never silently skipped.
            let side = if crate::fsguard::exists(&side) { Some(load_toml(&side)?) } else { None };
            let kind = kind_of_book(&grids);
            let side = side.map(|(doc, warnings)| {
                let same = doc.kind() == kind;
                let (common, statuses) = doc.into_sidecar();
                Sidecar { common, statuses: statuses.filter(|_| same), warnings }
            });
            kind.read_grids(path, &grids, warnings, side)
        }
        _ => Err(crate::load::unreadable_type(path, &ext)),
    }
}

/// Reads and checks an input that must be of kind `K`.
///
/// # Errors
/// Every problem found, with its location; an input of another kind.
pub fn load_as<K: Registered>(input: &Path) -> Result<(K::Doc, Diagnostics), Diagnostics> {
    let loaded = load(input)?;
    match K::unwrap(loaded.document) {
        Some(doc) => Ok((doc, loaded.warnings)),
        None => Err(crate::diag::one(not_this(K::INFO.not_this, input))),
    }
}

/// Reads and checks an input that must be of `kind`.
///
/// # Errors
/// As [`load_as`].
pub fn load_of_kind(input: &Path, kind: Kind) -> Result<Loaded, Diagnostics> {
    let loaded = load(input)?;
    if loaded.document.kind() == kind {
        Ok(loaded)
    } else {
        Err(crate::diag::one(not_this(kind.info().not_this, input)))
    }
}

fn not_this((message, hint): (&str, Option<&str>), input: &Path) -> Diagnostic {
    let d = Diagnostic::error(message, Some(Origin::File(input.to_path_buf())));
    match hint {
        Some(h) => d.with_hint(h),
        None => d,
    }
}

/// A registered kind: its place in the generated enums.
pub trait Registered: DocumentKind {
    fn unwrap(document: Document) -> Option<Self::Doc>;
}

/// The registry: one line a kind, `Variant => folder::Type` (the folder
/// `src/kinds/<folder>/`, declared here as the module `folder`, and the
/// type in it that implements [`DocumentKind`]). The enums [`Kind`],
/// [`RawInput`] and [`Document`] and their dispatch follow from it.
///
/// `cargo fmt` does not look into modules declared by a macro: the kinds'
/// folders are formatted by `tools/fmt` and checked by `.ci/run`.
macro_rules! registry {
    ($($variant:ident => $folder:ident :: $ty:ident),+ $(,)?) => {
        $(pub mod $folder;)+
        registry!(@enums $($variant => $folder::$ty),+);
    };
    (@enums $($variant:ident => $kind:ty),+) => {
        /// The document kinds.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Kind {
            $($variant),+
        }

        /// Every kind, in the order they are listed.
        pub const ALL: [Kind; [$(Kind::$variant),+].len()] = [$(Kind::$variant),+];

        /// Any document kind as read. One value per run, so the size
        /// difference between the variants does not matter.
        #[derive(Debug, Clone, PartialEq)]
        #[allow(clippy::large_enum_variant)]
        pub enum RawInput {
            $($variant(<$kind as DocumentKind>::Raw)),+
        }

        /// A checked document of any kind (one per run, so the variants'
        /// sizes do not matter).
        #[derive(Debug, Clone)]
        #[allow(clippy::large_enum_variant)]
        pub enum Document {
            $($variant(<$kind as DocumentKind>::Doc)),+
        }

        $(impl Registered for $kind {
            fn unwrap(document: Document) -> Option<Self::Doc> {
                #[allow(irrefutable_let_patterns)]
                if let Document::$variant(d) = document { Some(d) } else { None }
            }
        })+

        impl Kind {
            pub fn info(self) -> &'static Info {
                match self { $(Kind::$variant => &<$kind as DocumentKind>::INFO),+ }
            }
            fn is_book(self, grids: &[Grid]) -> bool {
                match self { $(Kind::$variant => <$kind>::is_book(grids)),+ }
            }
            fn read_toml(self, walker: &mut Walker, doc: &DeTable<'_>) -> RawInput {
                match self { $(Kind::$variant => RawInput::$variant(<$kind>::from_toml(walker, doc))),+ }
            }
            fn read_grids(
                self,
                path: &Path,
                grids: &[Grid],
                warnings: Diagnostics,
                side: Option<Sidecar>,
            ) -> Result<(RawInput, Diagnostics), Diagnostics> {
                match self {
                    $(Kind::$variant => <$kind>::from_grids(path, grids, warnings, side)
                        .map(|(r, w)| (RawInput::$variant(r), w))),+
                }
            }
            /// The phases of a new input template and project.
            pub fn phases(self) -> PhaseModel {
                match self { $(Kind::$variant => <$kind>::phases()),+ }
            }
            /// The empty input workbook (`mall`).
            ///
            /// # Errors
            /// What `rust_xlsxwriter` reports.
            pub fn input_template(
                self,
                phases: &PhaseModel,
                vocabulary: &Vocabulary,
                date: Option<NaiveDate>,
            ) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
                match self { $(Kind::$variant => <$kind>::input_template(phases, vocabulary, date)),+ }
            }
            /// A new project's file (`ny`).
            pub fn project_file(self, date: NaiveDate) -> String {
                match self { $(Kind::$variant => <$kind>::project_file(date)),+ }
            }
        }

        /// The built-in templates of every kind.
        pub const TEMPLATES: [(&str, &str); [$(Kind::$variant),+].len()] =
            [$(<$kind as DocumentKind>::INFO.template),+];

        impl RawInput {
            pub fn kind(&self) -> Kind {
                match self { $(RawInput::$variant(_) => Kind::$variant),+ }
            }
            /// The document parts every kind has.
            pub fn common(&self) -> &RawDocument {
                match self { $(RawInput::$variant(r) => <$kind>::common(r)),+ }
            }
            /// Whether a missing document date is reported when read.
            pub fn date_checked(&self) -> bool {
                match self { $(RawInput::$variant(r) => <$kind>::date_checked(r)),+ }
            }
            fn into_sidecar(self) -> (RawDocument, Option<Vec<RawStatusWord>>) {
                match self { $(RawInput::$variant(r) => <$kind>::into_sidecar(r)),+ }
            }
            fn resolve_files(&mut self, warnings: &mut Diagnostics) {
                match self { $(RawInput::$variant(r) => <$kind>::resolve_files(r, warnings)),+ }
            }
            fn profile_target(&mut self) -> Target<'_> {
                match self { $(RawInput::$variant(r) => <$kind>::profile_target(r)),+ }
            }
            /// The parts the project is assembled from, if it is.
            pub fn parts(&self, main: &Path, root: &Path) -> Option<Parts> {
                match self { $(RawInput::$variant(r) => <$kind>::parts(r, main, root)),+ }
            }
            /// The parts a workbook names.
            pub fn part_names(&self) -> Vec<String> {
                match self { $(RawInput::$variant(r) => <$kind>::part_names(r)),+ }
            }
            /// The files named but missing, in one line.
            pub fn missing_summary(&self) -> Option<String> {
                match self { $(RawInput::$variant(r) => <$kind>::missing_summary(r)),+ }
            }
            /// Checks the input.
            ///
            /// # Errors
            /// Every problem found, with its location.
            pub fn validate(&self) -> Result<(Document, Diagnostics), Diagnostics> {
                match self {
                    $(RawInput::$variant(r) => <$kind>::validate(r).map(|(d, w)| (Document::$variant(d), w))),+
                }
            }
        }

        impl Document {
            pub fn kind(&self) -> Kind {
                match self { $(Document::$variant(_) => Kind::$variant),+ }
            }
            pub fn meta(&self) -> &DocumentMeta {
                match self { $(Document::$variant(d) => <$kind>::meta(d)),+ }
            }
            /// `kontrollera`'s line for the document.
            pub fn summary(&self, input: &Path, warnings: usize) -> String {
                match self { $(Document::$variant(d) => <$kind>::summary(d, input, warnings)),+ }
            }
            /// The template's name and what it is rendered with.
            pub fn context(&self, date: Option<DateParts>) -> (&'static str, minijinja::Value) {
                match self {
                    $(Document::$variant(d) => (<$kind as DocumentKind>::INFO.template.0, <$kind>::context(d, date))),+
                }
            }
            /// The committee workbook (none for a deck), made ready to print:
            /// rows as tall as their wrapped text, the document date in the
            /// print header.
            pub fn workbook(&self, date: Option<NaiveDate>) -> Option<Result<Vec<u8>, rust_xlsxwriter::XlsxError>> {
                let bytes = match self { $(Document::$variant(d) => <$kind>::workbook(d, date)),+ };
                bytes.map(|b| b.map(crate::export::print::finish))
            }
            /// The workbook `konvertera` writes.
            ///
            /// # Errors
            /// What `rust_xlsxwriter` reports.
            pub fn convert_workbook(&self, date: Option<NaiveDate>) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
                let own = match self { $(Document::$variant(d) => <$kind>::convert_workbook(d, date)),+ };
                own.unwrap_or_else(|| self.workbook(date).unwrap_or_else(|| Ok(Vec::new())))
            }
            /// The slide deck made from the document.
            pub fn deck(&self) -> Deck {
                match self { $(Document::$variant(d) => <$kind>::deck(d)),+ }
            }
            /// The document as a TOML input.
            pub fn toml(&self) -> String {
                match self { $(Document::$variant(d) => <$kind>::toml(d)),+ }
            }
            /// Marks what changed since `previous`, a document of the same
            /// kind, and takes back the `warnings` that answers; `None` when
            /// the kinds differ.
            pub fn mark_changes(&mut self, previous: &Document, warnings: &mut Diagnostics) -> Option<bool> {
                match (self, previous) {
                    $((Document::$variant(d), Document::$variant(p)) => Some(<$kind>::mark_changes(d, p, warnings)),)+
                    #[allow(unreachable_patterns)]
                    _ => None,
                }
            }
        }
    };
}

registry! {
    Plan => plan::PlanKind,
    FollowUp => uppfoljning::FollowUpKind,
    Report => delarsrapport::ReportKind,
    Deck => bildspel::DeckKind,
}

/// The kind an input is read as when nothing says otherwise.
pub const FALLBACK: Kind = Kind::Plan;
