//! A plan assembled from department workbooks: `[[avdelning]] fil = "…"`
//! names one department's file, `[filer] mapp = "…"` a folder of them. Each
//! file is read like a plan workbook (its department sheet); the TOML gives
//! the order, names and narrative. A named file that is not there, or a
//! listed department no file in the folder provides, is missing.

use std::io::IsTerminal as _;
use std::path::{Component, Path, PathBuf};

use super::sheet::normalise;
use super::{RawDepartment, RawPlan, sheet};
use crate::diag::{Diagnostic, Diagnostics, Loc};

/// "läser avdelningar/forskola.xlsx" when someone is watching.
pub(crate) fn progress(what: &str, path: &Path) {
    if std::io::stderr().is_terminal() {
        eprintln!("{what} {} …", crate::diag::visible(&path.display().to_string()));
    }
}

/// A path inside the input's folder, or an error at its value.
fn confined(base: &Path, name: &Loc<String>, diags: &mut Diagnostics) -> Option<PathBuf> {
    let p = Path::new(name.value.trim());
    if p.as_os_str().is_empty() || !p.is_relative() || !p.components().all(|c| matches!(c, Component::Normal(_))) {
        diags.push(
            Diagnostic::error(format!("\"{}\" ligger utanför projektets mapp", name.value), Some(name.at.clone()))
                .with_hint(
                    "ange en sökväg inom mappen där projektfilen ligger, till exempel avdelningar/forskola.xlsx",
                ),
        );
        return None;
    }
    Some(base.join(p))
}

/// The department sheets of one workbook.
fn read(path: &Path, diags: &mut Diagnostics) -> Vec<RawDepartment> {
    progress("läser", path);
    let result = sheet::open(path).and_then(|(grids, warnings)| sheet::from_grids(path, &grids, warnings));
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

/// Reads every department file the plan names, and its folder.
pub(crate) fn resolve(plan: &mut RawPlan, diags: &mut Diagnostics) {
    let base = plan.source.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new(".")).to_path_buf();
    for d in &mut plan.departments {
        let Some(file) = d.file.clone() else { continue };
        let Some(path) = confined(&base, &file, diags) else { continue };
        if !path.is_file() {
            d.missing = Some(file.value.clone());
            continue;
        }
        let mut found = read(&path, diags);
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
    let Some(files) = workbooks_in(&base, &folder, "avdelningarnas", diags) else { return };
    let mut provided: Vec<String> = Vec::new();
    for path in files {
        for from in read(&path, diags) {
            let k = key(&from);
            provided.extend(k.clone());
            match plan.departments.iter_mut().find(|d| d.file.is_none() && key(d) == k && k.is_some()) {
                Some(target) => merge(target, from),
                None => plan.departments.push(from),
            }
        }
    }
    for d in &mut plan.departments {
        if d.file.is_none() && d.rows.is_empty() && key(d).is_none_or(|k| !provided.contains(&k)) {
            d.missing = Some(format!("{}/…", folder.value.trim_end_matches('/')));
        }
    }
}

/// The workbooks (.xlsx, .ods) in `folder` (relative to `base`, and inside
/// it), sorted by name; `whose` ("avdelningarnas") words the hint when the
/// folder is missing. `None` after an error.
fn workbooks_in(base: &Path, folder: &Loc<String>, whose: &str, diags: &mut Diagnostics) -> Option<Vec<PathBuf>> {
    let dir = confined(base, folder, diags)?;
    let Ok(entries) = std::fs::read_dir(&dir) else {
        diags.push(
            Diagnostic::error(format!("mappen \"{}\" finns inte", folder.value), Some(folder.at.clone()))
                .with_hint(format!("skapa mappen och lägg {whose} arbetsböcker i den")),
        );
        return None;
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
            let ext = p.extension().and_then(|e| e.to_str()).unwrap_or("").to_lowercase();
            // Excel's lock files (~$…) and hidden files are not workbooks.
            !name.starts_with("~$") && !name.starts_with('.') && (ext == "xlsx" || ext == "ods")
        })
        .collect();
    files.sort();
    Some(files)
}

/// Letters folded for comparing a file name with a name ("Äldreomsorg" ~ "aldreomsorg").
fn folded(s: &str) -> String {
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

fn read_followup(path: &Path, diags: &mut Diagnostics) -> Option<super::RawFollowUp> {
    progress("läser", path);
    match sheet::open(path) {
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

fn append(into: &mut super::RawFollowUp, from: super::RawFollowUp) {
    into.activities.extend(from.activities);
    into.assignments.extend(from.assignments);
}

/// Reads the units' workbooks of a follow-up: `[[enhet]] fil`, and
/// `[filer] mapp` (a file per unit, named after it, or every file when no
/// units are listed). Activities are added in the units' order.
pub(crate) fn resolve_followup(f: &mut super::RawFollowUp, diags: &mut Diagnostics) {
    let base = f.common.source.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new(".")).to_path_buf();
    let folder_files: Vec<PathBuf> = match f.common.folder.clone() {
        Some(folder) => {
            let Some(files) = workbooks_in(&base, &folder, "enheternas", diags) else { return };
            files
        }
        None => Vec::new(),
    };
    if f.units.is_empty() {
        for path in folder_files {
            if let Some(part) = read_followup(&path, diags) {
                append(f, part);
            }
        }
        return;
    }
    let units = f.units.clone();
    for (name, file) in units {
        let path = match &file {
            Some(file) => match confined(&base, file, diags) {
                Some(p) if p.is_file() => Some(p),
                Some(_) => None,
                None => continue,
            },
            None => folder_files
                .iter()
                .find(|p| p.file_stem().and_then(|s| s.to_str()).is_some_and(|s| folded(s) == folded(&name.value)))
                .cloned(),
        };
        match path.and_then(|p| read_followup(&p, diags)) {
            Some(part) => append(f, part),
            None => f.missing.push(name.value.clone()),
        }
    }
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
