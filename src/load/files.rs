//! A plan assembled from department workbooks: `[[avdelning]] fil = "…"`
//! names one department's file, `[filer] mapp = "…"` a folder of them. Each
//! file is read like a plan workbook (its department sheet); the TOML gives
//! the order, names and narrative. A named file that is not there, or a
//! listed department no file in the folder provides, is missing.

use std::io::IsTerminal as _;
use std::path::{Path, PathBuf};

use super::sheet::normalise;
use super::{RawDepartment, RawPlan, refused, sheet};
use crate::diag::{Diagnostic, Diagnostics, Loc, nearest};
use crate::fsguard::{Folder, Refusal, Special, parent_of};

/// "läser avdelningar/forskola.xlsx" when someone is watching.
pub(crate) fn progress(what: &str, path: &Path) {
    if std::io::stderr().is_terminal() {
        eprintln!("{what} {} …", crate::diag::visible(&path.display().to_string()));
    }
}

/// The project's folder (the input's), or an error at the input.
fn project_folder(source: &Path, diags: &mut Diagnostics) -> Option<Folder> {
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
enum Named {
    /// `fil = "…"`.
    File,
    /// `[filer] mapp = "…"`.
    Folder,
    /// A workbook found in that folder.
    Entry,
}

/// The message for a file or folder named at `name` that is not read.
fn refusal(name: &Loc<String>, r: &Refusal, named: Named) -> Diagnostic {
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

/// The department sheets of one workbook: `shown` is its path as named
/// (for messages), `bytes` what was read.
fn read(shown: &Path, bytes: Vec<u8>, diags: &mut Diagnostics) -> Vec<RawDepartment> {
    progress("läser", shown);
    let result =
        sheet::open_bytes(shown, bytes).and_then(|(grids, warnings)| sheet::from_grids(shown, &grids, warnings));
    match result {
        Ok((plan, warnings)) => {
            diags.extend(warnings);
            plan.departments.into_iter().filter(|d| !d.rows.is_empty() || d.name.is_some()).collect()
        }
        Err(errors) => {
            diags.extend(errors);
            Vec::new()
        }
    }
}

/// The bytes of the workbook `fil = "…"` names: `Ok(None)` when it is not
/// there, `Err(())` after an error (reported).
fn named_file(
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

fn key(d: &RawDepartment) -> Option<String> {
    d.name.as_ref().map(|n| normalise(&n.value))
}

/// Takes rows (and a date and manager the TOML lacks) from a file's department.
fn merge(target: &mut RawDepartment, from: RawDepartment) {
    target.rows.extend(from.rows);
    if target.date.is_none() {
        target.date = from.date;
    }
    if target.manager.is_none() {
        target.manager = from.manager;
    }
    if target.name.is_none() {
        target.name = from.name;
    }
}

/// Warns when a file named as a listed department calls it otherwise in a
/// heading (a name from the sheet's name is the template's, not the head's).
fn renamed_warning(target: &RawDepartment, from: &RawDepartment, path: &Path, diags: &mut Diagnostics) {
    let (Some(listed), Some(given)) = (&target.name, &from.name) else { return };
    if matches!(given.at, crate::diag::Origin::Cell { .. }) && normalise(&given.value) != normalise(&listed.value) {
        diags.push(
            Diagnostic::warning(
                format!(
                    "{} kallar avdelningen \"{}\"; den läses som \"{}\", som filen heter och projektfilen skriver",
                    path.display(),
                    given.value,
                    listed.value
                ),
                Some(given.at.clone()),
            )
            .with_hint("skriv samma namn i filen som i projektfilen, så stämmer rubrikerna"),
        );
    }
}

/// Reads every department file the plan names, and its folder.
pub(crate) fn resolve(plan: &mut RawPlan, diags: &mut Diagnostics) {
    if plan.departments.iter().all(|d| d.file.is_none()) && plan.folder.is_none() {
        return;
    }
    let base = parent_of(&plan.source).to_path_buf();
    let Some(root) = project_folder(&plan.source, diags) else { return };
    for d in &mut plan.departments {
        let Some(file) = d.file.clone() else { continue };
        let (path, bytes) = match named_file(&root, &base, &file, diags) {
            Ok(Some(found)) => found,
            Ok(None) => {
                d.missing = Some(file.value.clone());
                continue;
            }
            Err(()) => continue,
        };
        let mut found = read(&path, bytes, diags);
        let pick = match found.len() {
            0 => None,
            1 => found.pop(),
            _ => {
                let k = key(d);
                let pos = found.iter().position(|f| key(f) == k);
                if pos.is_none() {
                    diags.push(
                        Diagnostic::error(
                            format!("{} har flera avdelningsblad och inget heter som avdelningen", path.display()),
                            Some(file.at.clone()),
                        )
                        .with_hint("en fil per avdelning, eller ge bladet avdelningens namn"),
                    );
                }
                pos.map(|p| found.swap_remove(p))
            }
        };
        if let Some(from) = pick {
            merge(d, from);
        }
    }
    let Some(folder) = plan.folder.clone() else { return };
    let Some(files) = workbooks_in(&root, &base, &folder, "avdelningarnas", diags) else { return };
    let mut provided: Vec<String> = Vec::new();
    let listed = plan.departments.len();
    let mut unlisted: Vec<(RawDepartment, PathBuf)> = Vec::new();
    for (path, bytes) in files {
        let found = read(&path, bytes, diags);
        let single = found.len() == 1;
        for from in found {
            let k = key(&from);
            provided.extend(k.clone());
            let named = plan.departments[..listed].iter().position(|d| d.file.is_none() && key(d) == k && k.is_some());
            // A file named as a listed department ("Äldreomsorg.xlsx")
            // holding one department is that department, whatever its sheet says.
            let by_file = || {
                let stem = path.file_stem().and_then(|s| s.to_str()).map(folded)?;
                plan.departments[..listed].iter().position(|d| {
                    d.file.is_none() && d.rows.is_empty() && d.name.as_ref().is_some_and(|n| folded(&n.value) == stem)
                })
            };
            match named.or_else(|| if single { by_file() } else { None }) {
                Some(i) => {
                    let target = &mut plan.departments[i];
                    if named.is_none() {
                        renamed_warning(target, &from, &path, diags);
                        provided.extend(key(target));
                    }
                    merge(target, from);
                }
                None => unlisted.push((from, path.clone())),
            }
        }
    }
    // A department in the folder whose name is close to a listed one no
    // file provides is a misspelling, not a further department.
    for (from, path) in unlisted {
        let missing: Vec<&str> = plan.departments[..listed]
            .iter()
            .filter(|d| d.file.is_none() && key(d).is_none_or(|k| !provided.contains(&k)))
            .filter_map(|d| d.name.as_ref().map(|n| n.value.as_str()))
            .collect();
        let name = from.name.as_ref().map(|n| n.value.clone()).unwrap_or_default();
        match nearest(&name, missing.iter().copied()) {
            Some(near) => {
                let at = from.name.as_ref().map_or_else(|| from.at.clone(), |n| n.at.clone());
                diags.push(
                    Diagnostic::error(
                        format!("avdelningen \"{name}\" i {} finns inte i projektfilen", path.display()),
                        Some(at),
                    )
                    .with_hint(format!(
                        "menade du \"{near}\"? skriv samma namn i filen (Avdelning/Enhet: eller bladets namn) som i projektfilens [[avdelning]] namn"
                    )),
                );
            }
            None => plan.departments.push(from),
        }
    }
    for d in &mut plan.departments {
        if d.file.is_none() && d.rows.is_empty() && key(d).is_none_or(|k| !provided.contains(&k)) {
            d.missing = Some(format!("{}/…", folder.value.trim_end_matches('/')));
        }
    }
}

/// The workbooks (.xlsx, .ods) in `folder` (relative to the project's
/// folder, and inside it), sorted by name, each as (path as named, bytes);
/// `whose` ("avdelningarnas") words the hint when the folder is missing.
/// An entry that is not a regular workbook inside the folder (a link out of
/// it, a named pipe, a folder named `x.xlsx`) is an error naming it.
/// `None` after an error.
fn workbooks_in(
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
        .filter(|n| {
            let p = Path::new(n);
            let name = n.to_str().unwrap_or("");
            let ext = p.extension().and_then(|e| e.to_str()).unwrap_or("").to_lowercase();
            // Excel's lock files (~$…) and hidden files are not workbooks.
            !name.starts_with("~$") && !name.starts_with('.') && (ext == "xlsx" || ext == "ods")
        })
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

fn read_followup(path: &Path, bytes: Vec<u8>, diags: &mut Diagnostics) -> Option<super::RawFollowUp> {
    progress("läser", path);
    match sheet::open_bytes(path, bytes) {
        Ok((grids, warnings)) => {
            let (f, found) = super::followup::from_grids(path, &grids, warnings);
            diags.extend(found);
            Some(f)
        }
        Err(errors) => {
            diags.extend(errors);
            None
        }
    }
}

/// Adds one unit's file: its rows without an Enhet are that unit's parts
/// (`unit` the unit's name, when known).
fn append(into: &mut super::RawFollowUp, from: super::RawFollowUp, unit: Option<&str>) {
    let mut activities = from.activities;
    if let Some(unit) = unit {
        for p in activities.iter_mut().flat_map(|a| a.parts.iter_mut()) {
            if p.unit.is_none() {
                p.unit = Some(Loc::new(unit.to_string(), p.at.clone()));
            }
        }
    }
    into.activities.extend(activities);
    into.assignments.extend(from.assignments);
    into.indicators.extend(from.indicators);
}

/// Reads the units' workbooks of a follow-up: `[[enhet]] fil`, and
/// `[filer] mapp` (a file per unit, named after it, or every file when no
/// units are listed). Activities are added in the units' order.
pub(crate) fn resolve_followup(f: &mut super::RawFollowUp, diags: &mut Diagnostics) {
    let base = parent_of(&f.common.source).to_path_buf();
    let Some(root) = project_folder(&f.common.source, diags) else { return };
    let folder_files: Vec<(PathBuf, Vec<u8>)> = match f.common.folder.clone() {
        Some(folder) => {
            let Some(files) = workbooks_in(&root, &base, &folder, "enheternas", diags) else { return };
            files
        }
        None => Vec::new(),
    };
    if f.units.is_empty() {
        // Several files, none listed: each file is a unit, named as the file.
        let several = folder_files.len() > 1;
        for (path, bytes) in folder_files {
            let stem = path.file_stem().and_then(|s| s.to_str()).map(str::to_string);
            if let Some(part) = read_followup(&path, bytes, diags) {
                append(f, part, stem.as_deref().filter(|_| several));
            }
        }
        f.activities = super::followup::join_repeated(std::mem::take(&mut f.activities), diags);
        return;
    }
    let units = f.units.clone();
    for (name, file) in units.clone() {
        let found = match &file {
            Some(file) => match named_file(&root, &base, file, diags) {
                Ok(found) => found,
                Err(()) => continue,
            },
            None => folder_files
                .iter()
                .find(|(p, _)| p.file_stem().and_then(|s| s.to_str()).is_some_and(|s| folded(s) == folded(&name.value)))
                .cloned(),
        };
        match found.and_then(|(p, bytes)| read_followup(&p, bytes, diags)) {
            Some(part) => append(f, part, Some(name.value.trim())),
            None => f.missing.push(name.value.clone()),
        }
    }
    // A file in the folder that no unit's name matches, close to a missing
    // unit's name, was probably meant for it.
    let stems: Vec<String> = folder_files
        .iter()
        .filter_map(|(p, _)| p.file_stem().and_then(|s| s.to_str()).map(str::to_string))
        .filter(|s| !units.iter().any(|(n, _)| folded(&n.value) == folded(s)))
        .collect();
    for (name, file) in &units {
        if file.is_some() || !f.missing.contains(&name.value) {
            continue;
        }
        if let Some(near) = nearest(&name.value, stems.iter().map(String::as_str)) {
            diags.push(
                Diagnostic::warning(
                    format!("enheten \"{}\" har ingen fil i mappen; filen \"{near}\" läses inte", name.value),
                    Some(name.at.clone()),
                )
                .with_hint(format!(
                    "menade du \"{near}\"? döp om filen efter enheten ({}.xlsx) eller ange fil = \"…\" under [[enhet]]",
                    name.value.trim()
                )),
            );
        }
    }
    f.activities = super::followup::join_repeated(std::mem::take(&mut f.activities), diags);
}

/// "2 av 3 enheter: saknas Äldreomsorg", when any unit is missing.
pub fn missing_units_summary(f: &super::RawFollowUp) -> Option<String> {
    if f.missing.is_empty() {
        return None;
    }
    let total = f.units.len();
    Some(format!("{} av {total} enheter: saknas {}", total - f.missing.len(), f.missing.join(", ")))
}

/// "3 av 5 avdelningar: saknas Äldreomsorgen, Ekonomi", when any is missing.
pub fn missing_summary(plan: &RawPlan) -> Option<String> {
    let missing: Vec<String> = plan
        .departments
        .iter()
        .filter(|d| d.missing.is_some())
        .map(|d| d.name.as_ref().map_or_else(|| "(namnlös)".to_string(), |n| n.value.clone()))
        .collect();
    if missing.is_empty() {
        return None;
    }
    let total = plan.departments.len();
    Some(format!("{} av {total} avdelningar: saknas {}", total - missing.len(), missing.join(", ")))
}
