//! The web page's work, run off the server's threads: uploaded files laid
//! out in a temporary folder of their own and built there with the same
//! pipeline as `planrapport bygg`, a project folder built where it is, and
//! the outcome as the page shows it (problems grouped per file, exactly as
//! the command line prints them, or pages and downloads).

use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use serde::Serialize;

use crate::diag::{Diagnostic, Diagnostics, Origin, Severity};
use crate::kinds::Kind;
use crate::pipeline::{self, Document};
use crate::render::Templates;
use crate::typeset::{PagedDocument, PdfProfile};

/// The largest file the page accepts.
pub const MAX_UPLOAD: usize = 20 * 1024 * 1024;
/// The most files in one upload.
pub const MAX_FILES: usize = 50;
/// How many built documents are kept for download (the oldest go first).
const KEEP: usize = 16;

/// The extensions the page accepts: documents, workbooks, images a
/// document may show (a logo).
const ACCEPTED: [&str; 9] = ["toml", "xlsx", "xlsm", "ods", "png", "jpg", "jpeg", "svg", "gif"];

/// A refusal shown in the page: a message and what to do.
#[derive(Debug, Clone, Serialize)]
pub struct Refusal {
    pub fel: String,
    pub tips: String,
}

impl Refusal {
    pub fn new(fel: impl Into<String>, tips: impl Into<String>) -> Refusal {
        Refusal { fel: fel.into(), tips: tips.into() }
    }
}

/// One uploaded file, its name checked.
pub struct Upload {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// An uploaded file's name as stored: the name alone (a path in it is
/// refused), without characters a file system or a shell treats specially,
/// and with an extension the page accepts.
///
/// # Errors
/// A name with a folder in it (`../x`, `a/b`, `C:\x`), an empty or hidden
/// name, an extension the page does not accept.
pub fn sanitise(name: &str) -> Result<String, Refusal> {
    let shown = crate::diag::visible(name).chars().take(80).collect::<String>();
    if name.contains(['/', '\\']) || name.contains("..") || name.contains(':') {
        return Err(Refusal::new(
            format!("filnamnet \"{shown}\" innehåller en sökväg och tas inte emot"),
            "ladda upp filen med bara sitt namn, till exempel forskola.xlsx; mappar och \"..\" tas inte emot",
        ));
    }
    let cleaned: String = name
        .trim()
        .chars()
        .map(|c| {
            if c.is_control() || "<>\"|?*".contains(c) || crate::diag::visible(&c.to_string()) != c.to_string() {
                '_'
            } else {
                c
            }
        })
        .collect();
    if cleaned.is_empty() || cleaned.starts_with('.') || cleaned.starts_with("~$") {
        return Err(Refusal::new(
            format!("filnamnet \"{shown}\" tas inte emot"),
            "ge filen ett vanligt namn som inte börjar med punkt, till exempel plan.xlsx",
        ));
    }
    let cleaned: String = if cleaned.chars().count() > 120 {
        let ext = Path::new(&cleaned).extension().and_then(|e| e.to_str()).unwrap_or("").to_string();
        format!("{}.{ext}", cleaned.chars().take(100).collect::<String>())
    } else {
        cleaned
    };
    let ext = extension(&cleaned);
    if !ACCEPTED.contains(&ext.as_str()) {
        let hint = if ext == "xls" || ext == "xlsb" {
            "spara arbetsboken som Excel-arbetsbok (.xlsx) eller OpenDocument (.ods) och försök igen"
        } else {
            "välj en .toml-fil, en arbetsbok (.xlsx, .ods) eller en bild (.png, .jpg, .svg) som dokumentet visar"
        };
        return Err(Refusal::new(format!("filtypen i \"{shown}\" tas inte emot"), hint));
    }
    Ok(cleaned)
}

fn extension(name: &str) -> String {
    Path::new(name).extension().and_then(|e| e.to_str()).unwrap_or("").to_lowercase()
}

/// The document kind in the page's words.
pub fn kind_name(kind: Kind) -> &'static str {
    kind.info().title
}

/// One problem as the page shows it.
#[derive(Debug, Clone, Serialize)]
pub struct Problem {
    /// "fel" or "varning".
    pub niva: &'static str,
    pub meddelande: String,
    /// File, sheet and cell (or line), relative to the folder.
    pub plats: Option<String>,
    pub tips: Option<String>,
    /// Exactly what the command line prints.
    pub text: String,
}

/// The problems of one file.
#[derive(Debug, Clone, Serialize)]
pub struct FileProblems {
    pub fil: String,
    pub problem: Vec<Problem>,
}

/// A built document's downloads and pages.
#[derive(Debug, Clone, Serialize)]
pub struct Downloads {
    pub id: String,
    pub sidor: usize,
    pub pdf: String,
    pub excel: Option<String>,
    pub bildspel: Option<String>,
}

/// What became of one document.
#[derive(Debug, Clone, Serialize)]
pub struct Outcome {
    pub fil: String,
    pub typ: Option<&'static str>,
    pub ok: bool,
    pub sammanfattning: String,
    pub fel: usize,
    pub varningar: usize,
    pub filer: Vec<FileProblems>,
    pub resultat: Option<Downloads>,
}

/// A built document, kept for its downloads and page previews.
pub struct Built {
    pub stem: String,
    pub pdf: Vec<u8>,
    pub xlsx: Option<Vec<u8>>,
    pub pages: PagedDocument,
    document: Document,
    input: PathBuf,
    deck: OnceLock<Result<Vec<u8>, String>>,
    /// The upload's folder, kept while the document is (a logo the deck
    /// shows is read from it).
    _folder: Option<Arc<tempfile::TempDir>>,
}

impl Built {
    /// The slide deck of the document, made the first time it is asked for.
    ///
    /// # Errors
    /// Why the deck could not be made, in Swedish.
    pub fn deck(&self) -> Result<&[u8], String> {
        self.deck
            .get_or_init(|| {
                pipeline::deck_pdf(
                    &pipeline::deck_of(&self.document),
                    &Templates::built_in(),
                    &self.input,
                    PdfProfile::default(),
                )
                .map(|(_, bytes)| bytes)
                .map_err(|d| d.items.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n\n"))
            })
            .as_deref()
            .map_err(Clone::clone)
    }

    /// Whether the document is itself a deck (then its PDF is the deck).
    pub fn is_deck(&self) -> bool {
        matches!(self.document, Document::Deck(_))
    }
}

/// The built documents, by id, the newest last.
#[derive(Default)]
pub struct Store {
    items: Mutex<Vec<(String, Arc<Built>)>>,
}

impl Store {
    /// Drops every document (and with the last of them its upload's
    /// temporary folder).
    pub fn clear(&self) {
        self.items.lock().unwrap_or_else(PoisonError::into_inner).clear();
    }

    fn insert(&self, built: Built) -> String {
        let id = crate::web::random_token(12);
        let mut items = self.items.lock().unwrap_or_else(PoisonError::into_inner);
        items.push((id.clone(), Arc::new(built)));
        let excess = items.len().saturating_sub(KEEP);
        items.drain(..excess);
        id
    }

    pub fn get(&self, id: &str) -> Option<Arc<Built>> {
        let items = self.items.lock().unwrap_or_else(PoisonError::into_inner);
        items.iter().find(|(i, _)| i == id).map(|(_, b)| Arc::clone(b))
    }
}

/// A path as shown: relative to `root` when inside it.
fn shown(path: &Path, root: &Path) -> PathBuf {
    path.strip_prefix(root).map_or_else(|_| path.to_path_buf(), Path::to_path_buf)
}

fn relative(origin: &Origin, root: &Path) -> Origin {
    match origin.clone() {
        Origin::File(p) => Origin::File(shown(&p, root)),
        Origin::Text { path, line, col } => Origin::Text { path: shown(&path, root), line, col },
        Origin::Sheet { path, sheet } => Origin::Sheet { path: shown(&path, root), sheet },
        Origin::Cell { path, sheet, row, col } => Origin::Cell { path: shown(&path, root), sheet, row, col },
    }
}

/// The diagnostics grouped per file (in the order first met), paths
/// relative to `root`; `input` holds those without a place.
pub fn grouped(diags: &Diagnostics, root: &Path, input: &Path) -> Vec<FileProblems> {
    let mut groups: Vec<FileProblems> = Vec::new();
    for d in &diags.items {
        let d = Diagnostic { at: d.at.as_ref().map(|a| relative(a, root)), ..d.clone() };
        let file = d.at.as_ref().map_or_else(|| shown(input, root), |a| a.path().to_path_buf());
        let file = file.display().to_string();
        let problem = Problem {
            niva: if d.severity == Severity::Error { "fel" } else { "varning" },
            meddelande: d.message.clone(),
            plats: d.at.as_ref().map(ToString::to_string),
            tips: d.hint.clone(),
            text: d.to_string(),
        };
        match groups.iter_mut().find(|g| g.fil == file) {
            Some(g) => g.problem.push(problem),
            None => groups.push(FileProblems { fil: file, problem: vec![problem] }),
        }
    }
    groups
}

/// Builds one document in its folder (`root` for the paths shown): PDF,
/// workbook and pages, or every problem found.
pub fn build_document(
    input: &Path,
    root: &Path,
    allow_missing: bool,
    store: &Store,
    folder: Option<Arc<tempfile::TempDir>>,
) -> Outcome {
    let name = shown(input, root).display().to_string();
    let templates = Templates::built_in();
    let failed = |diags: Diagnostics, typ: Option<&'static str>| {
        let fel = diags.error_count();
        let varningar = diags.items.len() - fel;
        Outcome {
            fil: name.clone(),
            typ,
            ok: false,
            sammanfattning: format!("{fel} fel; inget byggdes."),
            fel,
            varningar,
            filer: grouped(&diags, root, input),
            resultat: None,
        }
    };
    let loaded = match pipeline::load_with(input, allow_missing) {
        Ok(loaded) => loaded,
        Err(diags) => {
            // The kind, when the file can be read at all.
            let typ = crate::kinds::read(input).ok().map(|(raw, _)| kind_name(raw.kind()));
            return failed(diags, typ);
        }
    };
    let typ = Some(kind_name(loaded.document.kind()));
    let built = (|| {
        let (pdf, pages) = match &loaded.document {
            Document::Deck(deck) => {
                let (source, pdf) = pipeline::deck_pdf(deck, &templates, input, PdfProfile::default())?;
                (pdf, pipeline::layout(&deck.meta, &source, &templates, input)?)
            }
            document => {
                let source = pipeline::typst_source(document, &templates)?;
                pipeline::pdf_with_pages(document.meta(), &source, &templates, input, PdfProfile::default())?
            }
        };
        let xlsx = match pipeline::workbook(&loaded.document) {
            Some(Ok(bytes)) => Some(bytes),
            Some(Err(e)) => {
                return Err(crate::diag::one(Diagnostic::error(
                    format!("Excel-filen kunde inte skapas: {e}"),
                    Some(Origin::File(input.to_path_buf())),
                )));
            }
            None => None,
        };
        Ok::<_, Diagnostics>((pdf, xlsx, pages))
    })();
    let (pdf, xlsx, pages) = match built {
        Ok(b) => b,
        Err(mut diags) => {
            let mut all = Diagnostics::default();
            all.extend(loaded.warnings);
            all.extend(std::mem::take(&mut diags));
            return failed(all, typ);
        }
    };
    let sammanfattning = pipeline::summary(&shown(input, root), &loaded);
    let varningar = loaded.warnings.items.len();
    let filer = grouped(&loaded.warnings, root, input);
    let stem = input.file_stem().and_then(|s| s.to_str()).unwrap_or("dokument").to_string();
    let sidor = pages.pages().len();
    let is_deck = matches!(loaded.document, Document::Deck(_));
    let has_xlsx = xlsx.is_some();
    let id = store.insert(Built {
        stem: stem.clone(),
        pdf,
        xlsx,
        pages,
        document: loaded.document,
        input: input.to_path_buf(),
        deck: OnceLock::new(),
        _folder: folder,
    });
    let url = |file: &str| format!("/api/resultat/{id}/{file}");
    Outcome {
        fil: name,
        typ,
        ok: true,
        sammanfattning,
        fel: 0,
        varningar,
        filer,
        resultat: Some(Downloads {
            id: id.clone(),
            sidor,
            pdf: url("pdf"),
            excel: has_xlsx.then(|| url("xlsx")),
            bildspel: (!is_deck).then(|| url("bildspel")),
        }),
    }
}

/// The folders and files a project TOML names (`[filer] mapp`,
/// `[[avdelning]] fil`, `[[enhet]] fil`), as relative paths with safe
/// components only.
fn named_places(toml_text: &str) -> (Option<PathBuf>, Vec<PathBuf>) {
    let Ok(value) = toml_text.parse::<toml::Table>() else { return (None, Vec::new()) };
    let folder = value.get("filer").and_then(|f| f.get("mapp")).and_then(|m| m.as_str()).and_then(safe_relative);
    let mut files = Vec::new();
    for key in ["avdelning", "enhet"] {
        for item in value.get(key).and_then(|v| v.as_array()).into_iter().flatten() {
            if let Some(p) = item.get("fil").and_then(|f| f.as_str()).and_then(safe_relative) {
                files.push(p);
            }
        }
    }
    (folder, files)
}

/// A relative path of plain names only (no `..`, no root), or none.
pub(crate) fn safe_relative(s: &str) -> Option<PathBuf> {
    let p = Path::new(s.trim());
    let ok = !p.as_os_str().is_empty()
        && p.components().all(|c| matches!(c, Component::Normal(n) if !n.to_string_lossy().starts_with('.')));
    ok.then(|| p.to_path_buf())
}

/// Checks and builds what was uploaded, in a temporary folder of its own.
/// A TOML file is a document, and the workbooks it names (by `fil` or
/// `[filer] mapp`) are laid out where it expects them; every other
/// workbook is a document of its own.
///
/// # Errors
/// Two files with one name, or a temporary folder that cannot be made.
pub fn check_uploads(uploads: &[Upload], store: &Store) -> Result<Vec<Outcome>, Refusal> {
    let dir = Arc::new(tempfile::Builder::new().prefix("planrapport-webb-").tempdir().map_err(|e| {
        Refusal::new(format!("en tillfällig mapp kunde inte skapas: {e}"), "kontrollera att det finns plats på disken")
    })?);
    let root = dir.path().to_path_buf();
    let mut seen: Vec<&str> = Vec::new();
    for u in uploads {
        if seen.iter().any(|n| n.eq_ignore_ascii_case(&u.name)) {
            return Err(Refusal::new(
                format!("två filer heter \"{}\"", u.name),
                "välj varje fil en gång; filer med samma namn från olika mappar laddas upp var för sig",
            ));
        }
        seen.push(&u.name);
    }
    // Where each workbook goes: the place a TOML names for it, its folder, or beside the TOML.
    let mut folder: Option<PathBuf> = None;
    let mut named: Vec<PathBuf> = Vec::new();
    for u in uploads.iter().filter(|u| extension(&u.name) == "toml") {
        let (f, files) = named_places(&String::from_utf8_lossy(&u.bytes));
        folder = folder.or(f);
        named.extend(files);
    }
    let mut documents: Vec<PathBuf> = Vec::new();
    let is_toml_document = |name: &str| name != crate::load::profile::FILE && !name.ends_with(".dokument.toml");
    let has_project = uploads.iter().any(|u| extension(&u.name) == "toml" && is_toml_document(&u.name));
    for u in uploads {
        let ext = extension(&u.name);
        let workbook = ["xlsx", "xlsm", "ods"].contains(&ext.as_str());
        let sidecar =
            uploads.iter().any(|t| t.name == crate::load::sidecar_path(Path::new(&u.name)).display().to_string());
        let place = if workbook && !sidecar {
            named
                .iter()
                .find(|p| p.file_name().is_some_and(|n| n.to_string_lossy().eq_ignore_ascii_case(&u.name)))
                .cloned()
                .or_else(|| folder.as_ref().filter(|_| has_project).map(|f| f.join(&u.name)))
        } else {
            None
        };
        let relative = place.clone().unwrap_or_else(|| PathBuf::from(&u.name));
        let path = root.join(&relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| {
                Refusal::new(format!("filen kunde inte sparas: {e}"), "kontrollera att det finns plats på disken")
            })?;
        }
        std::fs::write(&path, &u.bytes).map_err(|e| {
            Refusal::new(format!("filen kunde inte sparas: {e}"), "kontrollera att det finns plats på disken")
        })?;
        let document = if ext == "toml" { is_toml_document(&u.name) } else { workbook && place.is_none() };
        if document {
            documents.push(path);
        }
    }
    if documents.is_empty() {
        return Err(Refusal::new(
            "inget dokument att bygga bland filerna",
            "välj dokumentets fil: en .toml-fil eller en arbetsbok (.xlsx, .ods); organisation.toml och bilder följer med den",
        ));
    }
    Ok(documents.iter().map(|d| build_document(d, &root, false, store, Some(Arc::clone(&dir)))).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_with_paths_are_refused_and_others_cleaned() {
        for bad in ["../plan.xlsx", "a/b.xlsx", "..\\x.toml", "C:x.xlsx", ".hidden.xlsx", "~$lock.xlsx", "plan.exe", ""]
        {
            assert!(sanitise(bad).is_err(), "{bad}");
        }
        assert_eq!(sanitise("Förskola <2025>.xlsx").unwrap(), "Förskola _2025_.xlsx");
        assert_eq!(sanitise("a\u{202e}b.toml").unwrap(), "a_b.toml");
        assert!(sanitise("gammal.xls").unwrap_err().tips.contains(".xlsx"));
    }

    #[test]
    fn only_plain_relative_places_are_used() {
        let (folder, files) = named_places(
            "[filer]\nmapp = \"../ut\"\n[[avdelning]]\nfil = \"avd/forskola.xlsx\"\n[[avdelning]]\nfil = \"/etc/x.xlsx\"\n",
        );
        assert_eq!(folder, None);
        assert_eq!(files, [PathBuf::from("avd/forskola.xlsx")]);
    }
}
