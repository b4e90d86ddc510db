//! The files a TOML input names and the folder it points to, read into it.

use std::path::{Path, PathBuf};

use crate::diag::{Diagnostic, Diagnostics, nearest};
use crate::fsguard::parent_of;
use crate::load::files::{folded, named_file, progress, project_folder, workbooks_in};
use crate::load::sheet::{self, normalise};
use crate::load::{RawDepartment, RawDocument};

/// The department sheets of one workbook: `shown` is its path as named
/// (for messages), `bytes` what was read.
fn read(shown: &Path, bytes: Vec<u8>, diags: &mut Diagnostics) -> Vec<RawDepartment> {
    progress("läser", shown);
    let result = sheet::open_bytes(shown, bytes)
        .and_then(|(grids, warnings)| super::load::read_workbook(shown, &grids, warnings));
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
pub(crate) fn resolve(plan: &mut RawDocument, diags: &mut Diagnostics) {
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

/// "3 av 5 avdelningar: saknas Äldreomsorgen, Ekonomi", when any is missing.
pub fn missing_summary(plan: &RawDocument) -> Option<String> {
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

/// The departments a project is assembled from, for hand-ins; `None` when
/// the plan names no folder and no department file.
pub(crate) fn parts(plan: &RawDocument, main: &Path, root: &Path) -> Option<crate::load::parts::Parts> {
    let named = plan.departments.iter().any(|d| d.file.is_some());
    if plan.folder.is_none() && !named {
        return None;
    }
    Some(crate::load::parts::Parts {
        folder: plan.folder.as_ref().map(|f| PathBuf::from(f.value.trim())).or_else(|| named.then(PathBuf::new)),
        parts: plan
            .departments
            .iter()
            .map(|d| crate::load::parts::Part {
                name: d.name.as_ref().map(|n| n.value.clone()),
                file: department_file(d, main, root),
                named_file: d.file.is_some(),
                handed_in: d.missing.is_none(),
            })
            .collect(),
        listed: true,
    })
}

/// The file a department's rows came from (its `fil`, or the workbook its
/// first row was read from), relative to the folder.
fn department_file(d: &RawDepartment, main: &Path, root: &Path) -> Option<String> {
    if let Some(file) = &d.file {
        return Some(file.value.trim().to_string());
    }
    let from = d.rows.first().map(|r| r.at.path()).filter(|p| *p != main)?;
    Some(from.strip_prefix(root).unwrap_or(from).display().to_string())
}
