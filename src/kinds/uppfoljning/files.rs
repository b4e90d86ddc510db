//! The files a TOML input names and the folder it points to, read into it.

use std::path::{Path, PathBuf};

use crate::diag::{Diagnostic, Diagnostics, Loc, nearest};
use crate::fsguard::parent_of;
use crate::load::files::{folded, named_file, progress, project_folder, workbooks_in};
use crate::load::sheet;

use super::load::RawFollowUp;

fn read_followup(path: &Path, bytes: Vec<u8>, diags: &mut Diagnostics) -> Option<RawFollowUp> {
    progress("läser", path);
    match sheet::open_bytes(path, bytes) {
        Ok((grids, warnings)) => {
            let (f, found) = crate::kinds::uppfoljning::load::from_grids(path, &grids, warnings);
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
/// (`unit` the unit's name, when known). A row whose Enhet names another
/// of the project's units (`units`, their names folded) is warned about: a
/// unit's workbook speaks for its own unit.
fn append(into: &mut RawFollowUp, from: RawFollowUp, unit: Option<&str>, units: &[String], diags: &mut Diagnostics) {
    let mut activities = from.activities;
    if let Some(unit) = unit {
        for p in activities.iter_mut().flat_map(|a| a.parts.iter_mut()) {
            match &p.unit {
                None => p.unit = Some(Loc::new(unit.to_string(), p.at.clone())),
                Some(named) => {
                    let other = named.value.trim();
                    let other_key = folded(other);
                    if other_key != folded(unit) && units.contains(&other_key) {
                        diags.push(
                            Diagnostic::warning(
                                format!("raden i arbetsboken för enheten {unit} anger enheten {other}; den räknas till {other}"),
                                Some(named.at.clone()),
                            )
                            .with_hint(format!(
                                "en enhets arbetsbok anger bara den egna enhetens status: töm Enhet (raden gäller då {unit}) eller flytta raden till arbetsboken för {other}"
                            )),
                        );
                    }
                }
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
pub(crate) fn resolve_followup(f: &mut RawFollowUp, diags: &mut Diagnostics) {
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
        let stems: Vec<String> =
            folder_files.iter().filter_map(|(p, _)| p.file_stem().and_then(|s| s.to_str()).map(folded)).collect();
        for (path, bytes) in folder_files {
            let stem = path.file_stem().and_then(|s| s.to_str()).map(str::to_string);
            if let Some(part) = read_followup(&path, bytes, diags) {
                append(f, part, stem.as_deref().filter(|_| several), &stems, diags);
            }
        }
        f.activities = crate::kinds::uppfoljning::load::join_repeated(std::mem::take(&mut f.activities), diags);
        return;
    }
    let units = f.units.clone();
    let names: Vec<String> = units.iter().map(|(n, _)| folded(n.value.trim())).collect();
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
            Some(part) => append(f, part, Some(name.value.trim()), &names, diags),
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
    f.activities = crate::kinds::uppfoljning::load::join_repeated(std::mem::take(&mut f.activities), diags);
}

/// "2 av 3 enheter: saknas Äldreomsorg", when any unit is missing.
pub fn missing_units_summary(f: &RawFollowUp) -> Option<String> {
    if f.missing.is_empty() {
        return None;
    }
    let total = f.units.len();
    Some(format!("{} av {total} enheter: saknas {}", total - f.missing.len(), f.missing.join(", ")))
}

/// The units a project is assembled from, for hand-ins: those it lists,
/// else every workbook in its folder (named as the file); `None` when it
/// has neither.
pub(crate) fn parts(f: &RawFollowUp, root: &Path) -> Option<crate::load::parts::Parts> {
    use crate::load::parts::{Part, Parts, file_in, workbooks};
    let folder = f.common.folder.as_ref().map(|m| PathBuf::from(m.value.trim()));
    if !f.units.is_empty() {
        let parts = f
            .units
            .iter()
            .map(|(name, file)| Part {
                name: Some(name.value.clone()),
                file: file
                    .as_ref()
                    .map(|f| f.value.trim().to_string())
                    .or_else(|| file_in(root, folder.as_ref()?, &name.value)),
                named_file: file.is_some(),
                handed_in: !f.missing.contains(&name.value),
            })
            .collect();
        return Some(Parts { folder, parts, listed: true });
    }
    let folder = folder?;
    let parts = workbooks(&root.join(&folder))
        .into_iter()
        .map(|name| Part {
            name: Some(Path::new(&name).file_stem().map_or_else(String::new, |s| s.to_string_lossy().into_owned())),
            file: Some(folder.join(&name).display().to_string()),
            named_file: false,
            handed_in: true,
        })
        .collect();
    Some(Parts { folder: Some(folder), parts, listed: false })
}
