//! The organisation profile: `organisation.toml` beside the input holds
//! what every document of the organisation shares — name, logo, colour,
//! font, phase list and status words — so that all its documents look
//! alike. A document's own values win.

use std::path::Path;

use toml::de::DeTable;

use super::toml::Walker;
use super::{Scalar, read_text};
use crate::diag::{Diagnostic, Diagnostics, Loc};
use crate::load::RawStatusWord;

/// The profile's file name, looked for in the input's folder.
pub const FILE: &str = "organisation.toml";

/// The bundled font families a profile may name.
pub const FONTS: [&str; 1] = ["Carlito"];

struct Profile {
    meta: Vec<(String, Loc<Scalar>)>,
    phases: Option<Vec<Loc<String>>>,
    phase_model: Option<Loc<Scalar>>,
    statuses: Vec<RawStatusWord>,
    /// `[bedomning]`: the organisation's assessment thresholds.
    achieved: Option<Loc<f64>>,
    partly: Option<Loc<f64>>,
}

fn parse(path: &Path, diags: &mut Diagnostics) -> Option<Profile> {
    let src = match read_text(path) {
        Ok(s) => s,
        Err(e) => {
            diags.extend(e);
            return None;
        }
    };
    let doc = match DeTable::parse(&src) {
        Ok(d) => d,
        Err(e) => {
            let mut walker = Walker::new(path, &src);
            let at = e.span().map_or_else(|| crate::diag::Origin::File(path.to_path_buf()), |s| walker.origin(s.start));
            walker.diags.push(Diagnostic::error(
                format!("organisationsprofilen har ett syntaxfel: {}", e.message().lines().next().unwrap_or("")),
                Some(at),
            ));
            diags.extend(walker.diags);
            return None;
        }
    };
    let mut w = Walker::new(path, &src);
    let doc = doc.get_ref();
    w.check_keys(doc, &["organisation", "faser", "status", "bedomning"], "organisationsprofilen");
    let mut p = Profile {
        meta: Vec::new(),
        phases: None,
        phase_model: None,
        statuses: w.status_words(doc),
        achieved: None,
        partly: None,
    };
    if let Some(t) = w.table(doc, "bedomning") {
        w.check_keys(t, &["uppnatt", "delvis"], "[bedomning]");
        p.achieved = w.number(t, "uppnatt");
        p.partly = w.number(t, "delvis");
    }
    if let Some(t) = w.table(doc, "organisation") {
        w.check_keys(t, &["namn", "logotyp", "logotyp_text", "farg", "typsnitt", "sidnummer"], "[organisation]");
        for (key, meta) in [
            ("namn", "organisation"),
            ("logotyp", "logotyp"),
            ("logotyp_text", "logotyp_text"),
            ("farg", "farg"),
            ("sidnummer", "sidnummer"),
        ] {
            if let Some(v) = w.scalar(t, key) {
                p.meta.push((meta.to_string(), v));
            }
        }
        if let Some(font) = w.string(t, "typsnitt")
            && !FONTS.iter().any(|f| f.eq_ignore_ascii_case(font.value.trim()))
        {
            w.diags.push(
                Diagnostic::error(format!("typsnittet \"{}\" finns inte inbyggt", font.value), Some(font.at.clone()))
                    .with_hint(format!("inbyggda typsnitt: {}", FONTS.join(", "))),
            );
        }
    }
    if let Some(t) = w.table(doc, "faser") {
        w.check_keys(t, &["modell", "lista"], "[faser]");
        p.phase_model = w.scalar(t, "modell");
        if Walker::get(t, "lista").is_some() {
            p.phases = Some(w.string_list(t, "lista"));
        }
    }
    diags.extend(w.diags);
    Some(p)
}

/// An assessment threshold of a document as read, to fill in.
pub type Threshold<'a> = &'a mut Option<Loc<f64>>;

/// Where a profile's values go in a document as read.
pub struct Target<'a> {
    pub common: &'a mut super::RawDocument,
    /// The document's status words, if its kind has them.
    pub statuses: Option<&'a mut Vec<RawStatusWord>>,
    /// The document's own assessment thresholds, if its kind has them
    /// apart from its metadata.
    pub thresholds: Option<(Threshold<'a>, Threshold<'a>)>,
    /// The kind keeps its thresholds in its metadata, where the Dokument
    /// sheet puts them.
    pub thresholds_in_meta: bool,
}

/// Applies the profile beside `input`, if there is one, under the
/// document's own values.
pub(crate) fn apply(input: &Path, target: Target<'_>, diags: &mut Diagnostics) {
    let path = crate::fsguard::parent_of(input).join(FILE);
    // Anything by that name is read, and refused unless it is a regular file
    // inside the folder (a link out of it, a folder, a named pipe).
    if !crate::fsguard::exists(&path) || input.file_name().is_some_and(|n| n == FILE) {
        return;
    }
    let Some(profile) = parse(&path, diags) else { return };
    let Target { common, statuses, thresholds, thresholds_in_meta } = target;
    for (key, value) in profile.meta {
        if common.meta(&key).is_none() {
            common.meta.push((key, value));
        }
    }
    if common.phases.is_none() && common.meta("fasmodell").is_none() {
        common.phases = profile.phases;
        if let Some(m) = profile.phase_model {
            common.meta.push(("fasmodell".to_string(), m));
        }
    }
    if let Some(statuses) = statuses
        && statuses.is_empty()
    {
        *statuses = profile.statuses;
    }
    // The organisation's thresholds, under the document's own.
    if thresholds_in_meta && common.meta("bedomning_uppnatt").is_none() && common.meta("bedomning_delvis").is_none() {
        for (key, l) in [("bedomning_uppnatt", &profile.achieved), ("bedomning_delvis", &profile.partly)] {
            if let Some(l) = l {
                common.meta.push((key.to_string(), Loc::new(super::Scalar::Number(l.value), l.at.clone())));
            }
        }
    }
    if let Some((achieved, partly)) = thresholds
        && achieved.is_none()
        && partly.is_none()
    {
        *achieved = profile.achieved;
        *partly = profile.partly;
    }
}
