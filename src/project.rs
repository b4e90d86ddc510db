//! `planrapport mall` (an empty input workbook) and `planrapport ny` (a new
//! project folder: a project file that builds at once, the input template,
//! and a README in Swedish with the next steps).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::diag::one;
use crate::diag::{Diagnostic, Diagnostics, Origin};
use crate::kinds::Kind;
use crate::model::Vocabulary;
use crate::output::{self, Existing};

/// The empty input workbook of a kind (`mall`); `file` names it in a message.
///
/// # Errors
/// What `rust_xlsxwriter` reports (which the fixed layouts do not cause).
pub fn template_bytes(kind: Kind, file: &Path) -> Result<Vec<u8>, Diagnostics> {
    kind.input_template(&kind.phases(), &Vocabulary::default(), crate::pipeline::source_date()).map_err(|e| {
        one(Diagnostic::error(format!("mallen kunde inte skapas: {e}"), Some(Origin::File(file.to_path_buf()))))
    })
}

/// `planrapport mall KIND FILE.xlsx`; an existing file is replaced only
/// with [`Existing::Replace`] (`--skriv-over`).
///
/// # Errors
/// A file name that is not .xlsx, an existing file, or a file that cannot
/// be written.
pub fn write_template(kind: Kind, file: &Path, existing: Existing) -> Result<PathBuf, Diagnostics> {
    let ext = file.extension().and_then(|e| e.to_str()).unwrap_or("").to_lowercase();
    if ext != "xlsx" {
        return Err(one(Diagnostic::error(
            "mallen skrivs som Excel-arbetsbok",
            Some(Origin::File(file.to_path_buf())),
        )
        .with_hint("ge filen ändelsen .xlsx, till exempel mall.xlsx")));
    }
    output::write_all(&[(file.to_path_buf(), template_bytes(kind, file)?)], existing)?;
    Ok(file.to_path_buf())
}

/// The new project's `datum`, a default for the user to change:
/// `SOURCE_DATE_EPOCH` when set, else today.
fn today() -> NaiveDate {
    crate::pipeline::source_date().unwrap_or_else(|| {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(0));
        chrono::DateTime::from_timestamp(secs, 0).map_or_else(NaiveDate::default, |t| t.date_naive())
    })
}

/// The organisation profile every document in the folder shares.
fn profile_file(kind: Kind) -> String {
    let phases = kind.phases();
    let mut s = String::from(
        "# Organisationsprofil: gäller alla dokument i den här mappen, så att de ser likadana ut.\n\n\
         [organisation]\n\
         namn = \"Organisationens namn\"\n\
         farg = \"#1d4f73\"                  # organisationens färg (#rrggbb)\n\
         typsnitt = \"Carlito\"              # inbyggt typsnitt\n\
         # logotyp = \"logotyp.png\"         # en bildfil i den här mappen\n\
         # logotyp_text = \"Organisationens logotyp\"\n\n\
         [faser]\n",
    );
    let list: Vec<String> = phases.phases.iter().map(|p| format!("\"{p}\"")).collect();
    let _ = writeln!(s, "lista = [{}]", list.join(", "));
    s.push_str("\n# Statusord: byt ord, färger eller lägg till synonymer.\n");
    for w in &Vocabulary::default().words {
        let _ =
            write!(s, "[[status]]\nnamn = \"{}\"\nbetyder = \"{}\"\nfarg = \"{}\"\n\n", w.word, w.kind.key(), w.colour);
    }
    s
}

fn readme(kind: Kind, project: &str, template: &str) -> String {
    let what = kind.info().the_document;
    format!(
        "Nytt projekt för {what}\n\
         ============================\n\n\
         Mappen innehåller:\n\
         - {project}: projektfilen med dokumentets uppgifter och ett exempel på innehåll.\n\
         - organisation.toml: organisationens namn, färg, logotyp, faser och statusord, gemensamt för alla dokument.\n\
         - {template}: en tom Excel-mall att fylla i (eller skicka ut till den som ska fylla i).\n\n\
         Nästa tre steg:\n\n\
         1. Fyll i organisationens namn i organisation.toml, och titel och datum i {project}.\n\
         2. Fyll i innehållet: direkt i {project}, eller i Excel-mallen {template}.\n\
         3. Bygg dokumentet:  planrapport bygg {project}\n\
            (eller  planrapport bygg {template}  när innehållet finns i Excel-mallen).\n\
            PDF och Excel hamnar i mappen output. Fel och varningar anger fil, rad eller cell.\n"
    )
}

/// `planrapport ny KIND DIR`: the files written, or why not. With
/// [`Existing::Replace`] (`--skriv-over`) a folder that is not empty is
/// written into and the project's own files there are replaced.
///
/// # Errors
/// A folder that exists and is not empty (unless replacing), or files that
/// cannot be written.
pub fn new_project(kind: Kind, dir: &Path, existing: Existing) -> Result<Vec<PathBuf>, Diagnostics> {
    // planrapport's own lock file (left by an earlier attempt) does not count.
    let in_use = std::fs::read_dir(dir)
        .map_or(dir.exists(), |mut d| d.any(|e| e.map_or(true, |e| e.file_name() != output::LOCK)));
    if in_use && existing == Existing::Refuse {
        return Err(one(Diagnostic::error(
            "mappen finns redan och är inte tom",
            Some(Origin::File(dir.to_path_buf())),
        )
        .with_hint("ange en ny mapp, eller ange --skriv-over för att ersätta projektets filer i den (andra filer i mappen lämnas orörda)")));
    }
    let files = project_files(kind, dir)?;
    output::write_all(&files, existing)?;
    Ok(files.into_iter().map(|(p, _)| p).collect())
}

/// The files `ny` writes into `dir`, not yet written.
///
/// # Errors
/// A template that cannot be made.
pub fn project_files(kind: Kind, dir: &Path) -> Result<Vec<(PathBuf, Vec<u8>)>, Diagnostics> {
    let stem = stem(kind);
    let project = format!("{stem}.toml");
    let template = format!("{stem}-mall.xlsx");
    Ok(vec![
        (dir.join(&project), kind.project_file(today()).into_bytes()),
        (dir.join(&template), template_bytes(kind, &dir.join(&template))?),
        (dir.join(crate::load::profile::FILE), profile_file(kind).into_bytes()),
        (dir.join("LÄSMIG.txt"), readme(kind, &project, &template).into_bytes()),
    ])
}

/// The file-name stem of a kind's project file.
pub fn stem(kind: Kind) -> &'static str {
    kind.info().stem
}
