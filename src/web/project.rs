//! Project-folder mode (`planrapport webb MAPP`): the folder's document
//! built where it is (missing department files allowed, the gap marked),
//! the hand-in state ("3 av 5 avdelningar har lämnat in"), and a
//! department's hand-in through the page, checked in the project's context
//! before it is stored.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};

use serde::Serialize;

use super::work::{FileProblems, Outcome, Problem, Refusal, Store, Upload, build_document, grouped};
use crate::kinds::{Kind, RawInput};
use crate::load::parts::{HandIn, Naming, Parts, file_in};
use crate::load::sheet::normalise;
use crate::output::{self, Existing};

/// What the page shows of the project.
#[derive(Debug, Clone, Serialize)]
pub struct View {
    /// Increases with every build.
    pub version: u64,
    pub mapp: String,
    /// The document built (none when the folder has none).
    pub dokument: Option<Outcome>,
    pub inlamning: Option<HandIns>,
    /// Why the project takes no hand-ins (a document not assembled from
    /// files), when it has a document but no hand-in state.
    pub ingen_inlamning: Option<String>,
    /// The files whose change caused this build.
    pub andrat: Vec<String>,
    /// How long the build took, in Swedish ("0,42 s").
    pub tid: String,
    /// The folder is empty: a project can be created in it.
    pub tom: bool,
}

/// Who has handed in.
#[derive(Debug, Clone, Serialize)]
pub struct HandIns {
    /// "3 av 5 avdelningar har lämnat in".
    pub rubrik: String,
    pub saknas: Vec<String>,
    pub enheter: Vec<Unit>,
    /// What the parts are called: "avdelning" (a plan's departments) or
    /// "enhet" (a follow-up's units).
    pub slag: &'static str,
    /// Whether the part is chosen on the page (else the workbook names it).
    pub valj: bool,
}

/// One department (or unit) and its file.
#[derive(Debug, Clone, Serialize)]
pub struct Unit {
    pub namn: String,
    pub fil: Option<String>,
    pub lamnat: bool,
    pub fel: usize,
    pub varningar: usize,
    pub problem: Vec<Problem>,
}

/// The project's document: the first TOML file at the top of the folder
/// (not the organisation profile or a workbook's sidecar), else the first
/// workbook there.
pub fn main_document(root: &Path) -> Option<PathBuf> {
    let mut names: Vec<String> = std::fs::read_dir(root)
        .ok()?
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .filter_map(|e| e.file_name().into_string().ok())
        .filter(|n| !n.starts_with('.') && !n.starts_with("~$"))
        .collect();
    names.sort();
    let ext = |n: &str| Path::new(n).extension().and_then(|e| e.to_str()).unwrap_or("").to_lowercase();
    names
        .iter()
        .find(|n| ext(n) == "toml" && *n != crate::load::profile::FILE && !n.ends_with(".dokument.toml"))
        .or_else(|| names.iter().find(|n| ["xlsx", "ods"].contains(&ext(n).as_str())))
        .map(|n| root.join(n))
}

fn is_empty(root: &Path) -> bool {
    std::fs::read_dir(root).map_or(true, |mut d| d.all(|e| e.is_ok_and(|e| e.file_name() == output::LOCK)))
}

fn seconds(d: std::time::Duration) -> String {
    format!("{:.2} s", d.as_secs_f64()).replace('.', ",")
}

/// Builds the project as it is now.
pub fn rebuild(root: &Path, store: &Store, version: u64, changed: Vec<String>) -> View {
    let start = std::time::Instant::now();
    let main = main_document(root);
    let dokument = main.as_ref().map(|m| build_document(m, root, true, store, None));
    let inlamning = main.as_ref().and_then(|m| hand_ins(m, root, dokument.as_ref()));
    let ingen_inlamning = match (&main, &inlamning) {
        (Some(m), None) => Some(no_hand_ins(m)),
        _ => None,
    };
    View {
        version,
        mapp: root.display().to_string(),
        dokument,
        inlamning,
        ingen_inlamning,
        andrat: changed,
        tid: seconds(start.elapsed()),
        tom: main.is_none() && is_empty(root),
    }
}

/// The hand-in state of a document assembled from files.
fn hand_ins(main: &Path, root: &Path, outcome: Option<&Outcome>) -> Option<HandIns> {
    let (raw, _) = crate::kinds::read(main).ok()?;
    let how = raw.kind().info().hand_in.as_ref()?;
    let parts = raw.parts(main, root)?;
    let problems = |file: &Option<String>| -> Vec<Problem> {
        let Some(file) = file else { return Vec::new() };
        outcome
            .into_iter()
            .flat_map(|o| &o.filer)
            .filter(|g| Path::new(&g.fil) == Path::new(file))
            .flat_map(|g| g.problem.clone())
            .collect()
    };
    let units: Vec<Unit> = parts
        .parts
        .into_iter()
        .map(|part| {
            let problem = problems(&part.file);
            let fel = problem.iter().filter(|p| p.niva == "fel").count();
            Unit {
                namn: part.name.unwrap_or_else(|| "(namnlös)".to_string()),
                varningar: problem.len() - fel,
                fel,
                problem,
                fil: part.file,
                lamnat: part.handed_in,
            }
        })
        .collect();
    let done = units.iter().filter(|u| u.lamnat).count();
    Some(HandIns {
        rubrik: format!("{done} av {} {} har lämnat in", units.len(), how.many),
        saknas: units.iter().filter(|u| !u.lamnat).map(|u| u.namn.clone()).collect(),
        enheter: units,
        slag: how.one,
        valj: how.naming == Naming::ChosenOrFile,
    })
}

/// Why a project takes no hand-ins, in the page's words: its document is
/// not assembled from several files (an interim report, a slide deck, a
/// plan or follow-up written in one file).
fn no_hand_ins(main: &Path) -> String {
    let file = main.file_name().map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    if !main.extension().is_some_and(|e| e.eq_ignore_ascii_case("toml")) {
        return format!(
            "Projektets dokument är arbetsboken {file}; inlämning finns bara när en projektfil (.toml) sätter samman dokumentet av flera arbetsböcker ([filer] mapp = \"…\")."
        );
    }
    match crate::kinds::read(main) {
        Ok((raw, _)) => raw.kind().info().written_in_one_file.replace("{file}", &file),
        Err(_) => format!("Inlämning är stängd tills {file} kan läsas: rätta felen som visas nedan och spara."),
    }
}

/// Why a hand-in was not stored.
#[derive(Debug, Serialize)]
#[serde(untagged)]
pub enum NotStored {
    /// The request itself (400).
    Refused(Refusal),
    /// The workbook has errors (422).
    Problems { fel: String, tips: String, filer: Vec<FileProblems> },
    /// The file would replace another department's (409).
    Confirm { fel: String, tips: String, bekrafta: bool },
}

/// A stored hand-in.
#[derive(Debug, Serialize)]
pub struct Stored {
    pub meddelande: String,
    pub fil: String,
    pub ersatte: bool,
}

/// Hand-ins take turns: the check of the target and the write are one step.
static HAND_IN: Mutex<()> = Mutex::new(());

/// Copies the project (its files and folders, not output/, hidden files or
/// links) into `to`, to check a hand-in in the project's context.
fn copy_project(from: &Path, to: &Path, depth: usize) -> std::io::Result<()> {
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let name = entry.file_name();
        let shown = name.to_string_lossy();
        if shown.starts_with('.') || shown.starts_with("~$") || (depth == 0 && shown == "output") {
            continue;
        }
        let kind = entry.file_type()?;
        if kind.is_dir() && depth < 4 {
            std::fs::create_dir_all(to.join(&name))?;
            copy_project(&entry.path(), &to.join(&name), depth + 1)?;
        } else if kind.is_file() && entry.metadata()?.len() <= crate::fsguard::MAX_BYTES {
            std::fs::copy(entry.path(), to.join(&name))?;
        }
    }
    Ok(())
}

fn key(name: &str) -> String {
    normalise(name)
}

/// Hands in a department's (a plan's) or a unit's (a follow-up's)
/// workbook: checked in the project's context first, then stored
/// atomically where the project reads it. `unit` is the follow-up unit
/// chosen on the page (else the file's name says which).
///
/// # Errors
/// A file that is not a workbook, a project that takes no hand-ins, a
/// workbook with errors, or one that would replace another department's
/// or unit's file without `confirm`.
pub fn hand_in(root: &Path, upload: &Upload, unit: Option<&str>, confirm: bool) -> Result<Stored, NotStored> {
    let ext = Path::new(&upload.name).extension().and_then(|e| e.to_str()).unwrap_or("").to_lowercase();
    if !["xlsx", "ods"].contains(&ext.as_str()) {
        return Err(refuse(
            format!("\"{}\" är ingen arbetsbok", upload.name),
            "lämna in avdelningens eller enhetens arbetsbok (.xlsx eller .ods)",
        ));
    }
    let Some(main) = main_document(root).filter(|m| m.extension().is_some_and(|e| e == "toml")) else {
        return Err(refuse(
            "projektmappen har ingen projektfil (.toml) som tar emot inlämningar".into(),
            "lägg till [filer] mapp = \"avdelningar\" (eller fil = \"…\" under varje [[avdelning]] eller [[enhet]]) i projektfilen",
        ));
    };
    let Ok((raw, _)) = crate::kinds::read(&main) else {
        return Err(refuse(
            "projektfilen kan inte läsas".into(),
            "rätta projektfilen först (felen visas på sidan) och lämna sedan in igen",
        ));
    };
    // Kinds that are written in one file take none.
    let Some(how) = raw.kind().info().hand_in.as_ref() else {
        return Err(refuse(
            format!(
                "{} tar inte emot inlämningar: dokumentet skrivs i en fil och sätts inte samman av flera",
                main.file_name().unwrap_or_default().to_string_lossy()
            ),
            "ändra i projektfilen och spara; inlämning finns för planer och uppföljningar som sätts samman av avdelningarnas eller enheternas arbetsböcker",
        ));
    };
    let project = Project { root, main: &main, how, kind: raw.kind() };
    let parts = raw.parts(&main, root).filter(Parts::takes_hand_ins);
    if parts.is_none() {
        return Err(refuse(how.no_folder.0.into(), how.no_folder.1));
    }
    match how.naming {
        Naming::InBook => part_named_in_book(&project, upload, confirm),
        Naming::ChosenOrFile => part_chosen_or_by_file(&project, upload, unit, confirm),
    }
}

/// The project a hand-in is for.
struct Project<'a> {
    root: &'a Path,
    main: &'a Path,
    how: &'a HandIn,
    kind: Kind,
}

impl Project<'_> {
    /// The parts as the project file names them now (read again under the
    /// hand-in lock: another hand-in may just have stored a file).
    fn parts(&self) -> Parts {
        crate::kinds::read(self.main).ok().and_then(|(raw, _)| raw.parts(self.main, self.root)).unwrap_or_default()
    }

    /// A handed-in workbook read alone: it must be of the project's kind.
    fn read_part(&self, upload: &Upload) -> Result<RawInput, NotStored> {
        let raw = read_alone(upload)?;
        if raw.kind() == self.kind {
            Ok(raw)
        } else {
            let (message, hint) = self.how.not_a_part;
            Err(refuse(message.replace("{file}", &upload.name), hint))
        }
    }
}

/// A hand-in whose workbook names its part (a plan's department: the
/// first its sheets name).
fn part_named_in_book(project: &Project<'_>, upload: &Upload, confirm: bool) -> Result<Stored, NotStored> {
    let department = project.read_part(upload)?.part_names().first().cloned().ok_or_else(|| {
        refuse(
            format!("\"{}\" har inget avdelningsblad med avdelningens namn", upload.name),
            "fyll i avdelningens namn i arbetsboken (bladet för avdelningen) och lämna in den igen",
        )
    })?;
    let _turn = HAND_IN.lock().unwrap_or_else(PoisonError::into_inner);
    let parts = project.parts();
    let folder = parts.folder.clone().unwrap_or_default();
    // The department's own file when it has one, else a new one in the folder.
    let own = parts
        .parts
        .iter()
        .filter(|d| d.name.as_ref().is_some_and(|n| key(n) == key(&department)))
        .find_map(|d| d.file.clone());
    let target = own.clone().map_or_else(|| folder.join(&upload.name), PathBuf::from);
    let path = inside_or_refuse(project.root, &target)?;
    let exists = path.exists();
    if exists && own.is_none() && !confirm {
        let holders: Vec<String> = parts
            .parts
            .iter()
            .filter(|d| d.file.as_ref().is_some_and(|f| Path::new(f) == target))
            .filter_map(|d| d.name.clone())
            .collect();
        let whose = if holders.is_empty() {
            "en annan fil".to_string()
        } else {
            format!("inlämnad av {}", holders.join(", "))
        };
        return Err(NotStored::Confirm {
            fel: format!("{} finns redan och är {whose}; den ersätts inte utan bekräftelse", target.display()),
            tips: format!(
                "bekräfta att arbetsboken för {department} ska ersätta den, eller byt namn på filen och lämna in igen"
            ),
            bekrafta: true,
        });
    }
    check_in_context(project.root, project.main, &target, upload, &department)?;
    store(&path, &target, upload, &department, exists)
}

/// A hand-in whose part is chosen on the page, else the one the file is
/// named after (a follow-up unit's workbook need not name its unit). It is
/// stored where the project reads that part: its `fil`, its file in
/// `[filer] mapp`, or a new file there named after the part.
fn part_chosen_or_by_file(
    project: &Project<'_>,
    upload: &Upload,
    chosen: Option<&str>,
    confirm: bool,
) -> Result<Stored, NotStored> {
    use crate::load::files::folded;
    project.read_part(upload)?;
    let stem = Path::new(&upload.name).file_stem().map_or_else(String::new, |s| s.to_string_lossy().into_owned());
    let chosen = chosen.map(str::trim).filter(|c| !c.is_empty());
    let _turn = HAND_IN.lock().unwrap_or_else(PoisonError::into_inner);
    let parts = project.parts();
    let listed: Vec<(String, Option<&String>)> = if parts.listed {
        parts.parts.iter().filter_map(|p| Some((p.name.as_ref()?.trim().to_string(), p.file.as_ref()))).collect()
    } else {
        Vec::new()
    };
    let names: Vec<String> = listed.iter().map(|(n, _)| n.clone()).collect();
    let unit = if names.is_empty() {
        // No units listed: each workbook in the folder is a unit, named as the file.
        chosen.map_or_else(|| stem.clone(), str::to_string)
    } else if let Some(c) = chosen {
        names.iter().find(|n| folded(n) == folded(c)).cloned().ok_or_else(|| {
            refuse(
                format!("enheten \"{c}\" finns inte i projektfilen"),
                &format!("välj en av enheterna: {}", names.join(", ")),
            )
        })?
    } else {
        names.iter().find(|n| folded(n) == folded(&stem)).cloned().ok_or_else(|| {
            refuse(
                format!("\"{}\" heter inte som någon av enheterna ({})", upload.name, names.join(", ")),
                "välj enheten i listan på sidan, eller döp filen efter enheten (till exempel Ekonomi.xlsx) och lämna in igen",
            )
        })?
    };
    let its_file = listed.iter().find(|(n, _)| folded(n) == folded(&unit)).and_then(|(_, f)| *f).map(PathBuf::from);
    let target = match (its_file, &parts.folder) {
        (Some(file), _) => file,
        (None, Some(folder)) => match file_in(project.root, folder, &unit) {
            Some(own) => PathBuf::from(own),
            None if folded(&stem) == folded(&unit) => folder.join(&upload.name),
            None => {
                let ext = Path::new(&upload.name)
                    .extension()
                    .map_or_else(String::new, |e| e.to_string_lossy().to_lowercase());
                let name = super::work::sanitise(&format!("{unit}.{ext}")).map_err(|_| {
                    refuse(
                        format!("enheten \"{unit}\" har ett namn som inte kan bli ett filnamn"),
                        "ange fil = \"…\" under enhetens [[enhet]] i projektfilen",
                    )
                })?;
                folder.join(name)
            }
        },
        (None, None) => {
            return Err(refuse(
                format!("enheten {unit} har ingen fil i projektfilen och projektet ingen mapp för enheternas filer"),
                "ange fil = \"…\" under enhetens [[enhet]], eller [filer] mapp = \"enheter\", i projektfilen",
            ));
        }
    };
    let path = inside_or_refuse(project.root, &target)?;
    let exists = path.exists();
    let target_stem = target.file_stem().map_or_else(String::new, |s| s.to_string_lossy().into_owned());
    // The unit's file is replaced without asking only by a file named as the unit.
    if exists && !confirm && folded(&stem) != folded(&unit) && folded(&stem) != folded(&target_stem) {
        let other = names.iter().find(|n| folded(n) == folded(&stem));
        return Err(NotStored::Confirm {
            fel: format!(
                "{} finns redan och är inlämnad av enheten {unit}; den ersätts inte utan bekräftelse",
                target.display()
            ),
            tips: match other {
                Some(other) => format!(
                    "\"{}\" heter som enheten {other}: välj rätt enhet, eller bekräfta att den ska ersätta arbetsboken för {unit}",
                    upload.name
                ),
                None => format!(
                    "bekräfta att \"{}\" ska ersätta arbetsboken för {unit}, eller välj en annan enhet",
                    upload.name
                ),
            },
            bekrafta: true,
        });
    }
    check_in_context(project.root, project.main, &target, upload, &unit)?;
    store(&path, &target, upload, &unit, exists)
}

/// `target` inside the project folder, or the refusal.
fn inside_or_refuse(root: &Path, target: &Path) -> Result<PathBuf, NotStored> {
    inside(root, target).ok_or_else(|| {
        refuse(
            format!("{} ligger utanför projektmappen; inget lämnades in", target.display()),
            "ange en mapp inom projektmappen i projektfilen ([filer] mapp, fil = \"…\"); länkar ut ur mappen följs inte",
        )
    })
}

/// Writes a checked hand-in atomically.
fn store(path: &Path, target: &Path, upload: &Upload, whose: &str, exists: bool) -> Result<Stored, NotStored> {
    output::write_all(&[(path.to_path_buf(), upload.bytes.clone())], Existing::ReplaceInput).map_err(|d| {
        let text = d.items.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n");
        refuse(format!("filen kunde inte sparas: {text}"), "kontrollera att projektmappen går att skriva i")
    })?;
    Ok(Stored {
        meddelande: format!(
            "arbetsboken för {whose} lämnades in som {}{}",
            target.display(),
            if exists { " (den tidigare ersattes)" } else { "" }
        ),
        fil: target.display().to_string(),
        ersatte: exists,
    })
}

/// Where a hand-in of `target` (relative, as the project file names it)
/// is written: inside `root` also with links resolved, or nowhere.
fn inside(root: &Path, target: &Path) -> Option<PathBuf> {
    let relative = super::work::safe_relative(target.to_str()?)?;
    let path = root.join(&relative);
    let root = std::fs::canonicalize(root).ok()?;
    // The deepest folder of the path that exists, resolved, must lie in the project.
    let mut existing = path.parent()?.to_path_buf();
    while !existing.exists() {
        existing = existing.parent()?.to_path_buf();
    }
    let resolved = std::fs::canonicalize(&existing).ok()?;
    // The file itself may not be a link (it would be written through).
    let link = std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink());
    (resolved.starts_with(&root) && !link).then_some(path)
}

/// A refusal of a hand-in.
fn refuse(fel: String, tips: &str) -> NotStored {
    NotStored::Refused(Refusal::new(fel, tips))
}

/// A handed-in workbook read alone, in a folder of its own; with errors
/// it is refused with its problems.
fn read_alone(upload: &Upload) -> Result<RawInput, NotStored> {
    let alone = tempfile::tempdir().map_err(|e| {
        refuse(format!("en tillfällig mapp kunde inte skapas: {e}"), "kontrollera att det finns plats på disken")
    })?;
    let alone_path = alone.path().join(&upload.name);
    std::fs::write(&alone_path, &upload.bytes)
        .map_err(|e| refuse(format!("filen kunde inte sparas: {e}"), "kontrollera att det finns plats på disken"))?;
    crate::kinds::read(&alone_path).map(|(raw, _)| raw).map_err(|diags| NotStored::Problems {
        fel: format!("\"{}\" kunde inte läsas och lämnades inte in", upload.name),
        tips: "rätta felen i arbetsboken och lämna in den igen".into(),
        filer: grouped(&diags, alone.path(), &alone_path),
    })
}

/// Checks a hand-in as the project will read it: a copy of the project
/// with the file in place; errors in the file refuse it.
fn check_in_context(
    root: &Path,
    main: &Path,
    target: &Path,
    upload: &Upload,
    department: &str,
) -> Result<(), NotStored> {
    // Checked as the project will read it: a copy of the project with the file in place.
    let copy = tempfile::tempdir().map_err(|e| {
        refuse(format!("en tillfällig mapp kunde inte skapas: {e}"), "kontrollera att det finns plats på disken")
    })?;
    copy_project(root, copy.path(), 0).map_err(|e| {
        refuse(format!("projektet kunde inte kontrolleras: {e}"), "kontrollera att projektmappen går att läsa")
    })?;
    let copied = copy.path().join(target);
    if let Some(parent) = copied.parent() {
        let _ = std::fs::create_dir_all(parent);
    }
    std::fs::write(&copied, &upload.bytes).map_err(|e| {
        refuse(format!("filen kunde inte kontrolleras: {e}"), "kontrollera att det finns plats på disken")
    })?;
    let copied_main = copy.path().join(main.file_name().unwrap_or_default());
    if let Err(diags) = crate::pipeline::load_with(&copied_main, true) {
        let groups = grouped(&diags, copy.path(), &copied_main);
        let own: Vec<FileProblems> = groups.into_iter().filter(|g| Path::new(&g.fil) == target).collect();
        if own.iter().any(|g| g.problem.iter().any(|p| p.niva == "fel")) {
            return Err(NotStored::Problems {
                fel: format!("arbetsboken för {department} har fel och lämnades inte in"),
                tips: "rätta felen i arbetsboken och lämna in den igen; ingen fil i projektet ändrades".into(),
                filer: own
                    .into_iter()
                    .map(|mut g| {
                        g.fil.clone_from(&upload.name);
                        g
                    })
                    .collect(),
            });
        }
    }
    Ok(())
}
