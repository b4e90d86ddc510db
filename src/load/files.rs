//! A plan assembled from department workbooks: `[[avdelning]] fil = "…"`
//! names one department's file, `[filer] mapp = "…"` a folder of them. Each
//! file is read like a plan workbook (its department sheet); the TOML gives
//! the order, names and narrative. A named file that is not there, or a
//! listed department no file in the folder provides, is missing.

use std::io::IsTerminal as _;
use std::path::{Path, PathBuf};

use super::refused;
use crate::diag::{Diagnostic, Diagnostics, Loc};
use crate::fsguard::{Folder, Refusal, Special, parent_of};

/// "läser avdelningar/forskola.xlsx" when someone is watching.
pub(crate) fn progress(what: &str, path: &Path) {
    if std::io::stderr().is_terminal() {
        eprintln!("{what} {} …", crate::diag::visible(&path.display().to_string()));
    }
}

/// The project's folder (the input's), or an error at the input.
pub(crate) fn project_folder(source: &Path, diags: &mut Diagnostics) -> Option<Folder> {
    match Folder::of(source) {
        Ok(f) => Some(f),
        Err(r) => {
            diags.push(refused(parent_of(source), &r, None));
            None
        }
    }
}

/// What a refused path was.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Named {
    /// `fil = "…"`.
    File,
    /// `[filer] mapp = "…"`.
    Folder,
    /// A workbook found in that folder.
    Entry,
}

/// The message for a file or folder named at `name` that is not read.
pub(crate) fn refusal(name: &Loc<String>, r: &Refusal, named: Named) -> Diagnostic {
    let folder = named == Named::Folder;
    let at = Some(name.at.clone());
    let shown = &name.value;
    match r {
        Refusal::Outside => Diagnostic::error(format!("\"{shown}\" ligger utanför projektets mapp"), at)
            .with_hint("ange en sökväg inom mappen där projektfilen ligger, till exempel avdelningar/forskola.xlsx"),
        Refusal::LinkOutside => Diagnostic::error(
            format!(
                "\"{shown}\" är en länk till {} utanför projektets mapp och läses inte",
                if folder { "en mapp" } else { "en fil" }
            ),
            at,
        )
        .with_hint("kopiera in filerna i projektets mapp i stället för att länka till dem; länkar inom mappen går bra"),
        Refusal::NotAFile(Special::Other) if folder => Diagnostic::error(format!("\"{shown}\" är ingen mapp"), at)
            .with_hint("[filer] mapp ska vara en mapp med arbetsböcker; en enskild fil anges med fil = \"…\""),
        Refusal::NotAFile(kind) => {
            Diagnostic::error(format!("\"{shown}\" är {}, inte en arbetsbok", kind.swedish()), at).with_hint(
                if named == Named::Entry {
                    "ta bort den ur mappen eller ersätt den med en arbetsbok (.xlsx, .ods) som är en vanlig fil"
                } else {
                    "ange en arbetsbok (.xlsx, .ods) som är en vanlig fil"
                },
            )
        }
        other => refused(Path::new(shown), other, at),
    }
}

/// The bytes of the workbook `fil = "…"` names: `Ok(None)` when it is not
/// there, `Err(())` after an error (reported).
pub(crate) fn named_file(
    root: &Folder,
    base: &Path,
    file: &Loc<String>,
    diags: &mut Diagnostics,
) -> Result<Option<(PathBuf, Vec<u8>)>, ()> {
    let written = Path::new(file.value.trim());
    // An absolute path is read where it resolves inside the folder.
    if written.as_os_str().is_empty() {
        diags.push(refusal(file, &Refusal::Outside, Named::File));
        return Err(());
    }
    match root.read(written, crate::fsguard::MAX_BYTES) {
        Ok(bytes) => Ok(Some((base.join(written), bytes))),
        Err(Refusal::NotFound) => Ok(None),
        Err(r) => {
            diags.push(refusal(file, &r, Named::File));
            Err(())
        }
    }
}

/// The workbooks (.xlsx, .ods) in `folder` (relative to the project's
/// folder, and inside it), sorted by name, each as (path as named, bytes);
/// `whose` ("avdelningarnas") words the hint when the folder is missing.
/// An entry that is not a regular workbook inside the folder (a link out of
/// it, a named pipe, a folder named `x.xlsx`) is an error naming it.
/// `None` after an error.
pub(crate) fn workbooks_in(
    root: &Folder,
    base: &Path,
    folder: &Loc<String>,
    whose: &str,
    diags: &mut Diagnostics,
) -> Option<Vec<(PathBuf, Vec<u8>)>> {
    let written = Path::new(folder.value.trim());
    if written.as_os_str().is_empty() {
        diags.push(refusal(folder, &Refusal::Outside, Named::Folder));
        return None;
    }
    let dir = match root.folder(written) {
        Ok(dir) => dir,
        Err(Refusal::NotFound) => {
            diags.push(
                Diagnostic::error(format!("mappen \"{}\" finns inte", folder.value), Some(folder.at.clone()))
                    .with_hint(format!("skapa mappen och lägg {whose} arbetsböcker i den")),
            );
            return None;
        }
        Err(r) => {
            diags.push(refusal(folder, &r, Named::Folder));
            return None;
        }
    };
    let entries = match std::fs::read_dir(&dir) {
        Ok(entries) => entries,
        Err(e) => {
            diags.push(refused(&base.join(written), &Refusal::Io(e), Some(folder.at.clone())));
            return None;
        }
    };
    let mut names: Vec<std::ffi::OsString> = entries
        .filter_map(Result::ok)
        .map(|e| e.file_name())
        .filter(|n| is_workbook_name(n.to_str().unwrap_or("")))
        .collect();
    names.sort();
    let mut files = Vec::new();
    let mut failed = false;
    for name in names {
        match root.read(&dir.join(&name), crate::fsguard::MAX_BYTES) {
            Ok(bytes) => files.push((base.join(written).join(&name), bytes)),
            Err(r) => {
                let entry = Loc::new(written.join(&name).display().to_string(), folder.at.clone());
                diags.push(refusal(&entry, &r, Named::Entry));
                failed = true;
            }
        }
    }
    if failed { None } else { Some(files) }
}

/// Whether a folder entry's name is a workbook the loader reads from a
/// folder: .xlsx or .ods, not Excel's lock files (~$…) or hidden files.
pub(crate) fn is_workbook_name(name: &str) -> bool {
    let ext = Path::new(name).extension().and_then(|e| e.to_str()).unwrap_or("").to_lowercase();
    !name.starts_with("~$") && !name.starts_with('.') && (ext == "xlsx" || ext == "ods")
}

/// Letters folded for comparing a file name with a name ("Äldreomsorg" ~ "aldreomsorg").
pub(crate) fn folded(s: &str) -> String {
    s.to_lowercase()
        .chars()
        .map(|c| match c {
            'å' | 'ä' => 'a',
            'ö' => 'o',
            'é' => 'e',
            c if c.is_alphanumeric() => c,
            _ => '-',
        })
        .collect::<String>()
        .split('-')
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}
