//! Reading a plan: its workbook (department sheets, Dokument, Text) with
//! the TOML file beside it; its TOML tables are walked in `load::toml`.

use std::path::Path;

use crate::diag::Diagnostics;
use crate::load::{RawDocument, Sidecar, merge_sidecar, sheet};

/// Reads a plan from a workbook's grids, with its sidecar's metadata,
/// phases and narrative where the workbook does not give them.
///
/// # Errors
/// A workbook without any sheet that reads as a plan.
pub(crate) fn from_grids(
    path: &Path,
    grids: &[sheet::Grid],
    warnings: Diagnostics,
    side: Option<Sidecar>,
) -> Result<(RawDocument, Diagnostics), Diagnostics> {
    let (mut plan, mut warnings) = sheet::from_grids(path, grids, warnings)?;
    if let Some(side) = side {
        warnings.extend(side.warnings);
        merge_sidecar(&mut plan, side.common, &mut warnings);
    }
    // Without a title or date given, those of the heading lines.
    let (title, date) = sheet::heading_meta(grids);
    for (key, value) in [("titel", title), ("datum", date)] {
        if let Some(v) = value.filter(|_| plan.meta(key).is_none()) {
            plan.meta.push((key.to_string(), v));
        }
    }
    Ok((plan, warnings))
}

/// Parses a plan's TOML source text; `path` is only used in locations.
///
/// # Errors
/// As [`crate::kinds::parse_toml`].
pub fn parse(path: &Path, src: &str) -> Result<(RawDocument, Diagnostics), Diagnostics> {
    crate::kinds::parse_toml(path, src).map(|(raw, d)| (raw.common().clone(), d))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::Scalar;
    use chrono::NaiveDate;

    fn parse_ok(src: &str) -> (RawDocument, Diagnostics) {
        parse(Path::new("plan.toml"), src).expect("parses")
    }

    #[test]
    fn reads_rows_with_locations() {
        let (plan, warnings) = parse_ok(
            "[dokument]\ntitel = \"T\"\n\n[[avdelning]]\nnamn = \"Förskola\"\n[[avdelning.rad]]\nfas = \"Utveckla\"\nmal = \"Mål\"\naktiviteter = [\"a\", \"b\"]\nmaldatum = 2022-12-31\n",
        );
        assert!(warnings.items.is_empty());
        let row = &plan.departments[0].rows[0];
        assert_eq!(row.activities.len(), 2);
        assert_eq!(row.goal.as_ref().unwrap().at.to_string(), "plan.toml:8:7");
        assert_eq!(row.deadlines[0].value, Scalar::Date(NaiveDate::from_ymd_opt(2022, 12, 31).unwrap()));
    }

    #[test]
    fn unknown_key_is_a_warning_with_nearest() {
        let (_, warnings) = parse_ok("[[avdelning]]\nnamn = \"A\"\n[[avdelning.rad]]\nmaal = \"x\"\n");
        let w = &warnings.items[0];
        assert!(!w.is_error());
        assert_eq!(
            w.to_string(),
            "varning: okänd nyckel \"maal\" i [[avdelning.rad]] ignoreras\n  --> plan.toml:4:1\n  tips: menade du \"mal\"?"
        );
    }

    #[test]
    fn all_type_errors_in_one_run() {
        let errs =
            parse(Path::new("p.toml"), "[[avdelning]]\nnamn = 3.5\n[[avdelning.rad]]\nmal = true\n").unwrap_err();
        assert_eq!(errs.error_count(), 2);
        assert!(errs.items[0].to_string().contains("p.toml:2:8"));
    }

    #[test]
    fn syntax_error_has_position() {
        let errs = parse(Path::new("p.toml"), "[dokument]\ntitel = \"oavslutad\n").unwrap_err();
        assert!(errs.items[0].to_string().contains("p.toml:2:"), "{}", errs.items[0]);
    }
}
