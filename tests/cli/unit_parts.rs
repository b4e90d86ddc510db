//! One status per unit and activity: a follow-up assembled from its units'
//! workbooks, where one unit's workbook also gives another unit's status,
//! is warned about, and refused when the two say different things (the
//! count "N av M genomförda" could not say which holds). The same within
//! one file.

use std::fmt::Write as _;
use std::path::Path;

use crate::util::{pdf_text, run_in, squash, stderr, tempdir};

/// A follow-up TOML with one activity whose parts are `parts` (unit,
/// status); a part without a unit is written without `[[…enhet]]`.
fn followup(parts: &[(Option<&str>, &str)]) -> String {
    let mut s = String::from(
        "[dokument]\ntyp = \"uppfoljning\"\ntitel = \"Underlag\"\ndatum = 2025-04-20\nper = 2025-03-31\n[[perspektiv]]\nnamn = \"Medborgare\"\n[[perspektiv.mal]]\nnamn = \"Välfärd\"\n[[perspektiv.mal.namndmal]]\nrubrik = \"Vård i centrum\"\n[[perspektiv.mal.namndmal.aktivitet]]\ntext = \"Gemensam aktivitet\"\nslutdatum = \"2025-12-31\"\nansvarig = \"Chef\"\n",
    );
    for (unit, status) in parts {
        if let Some(u) = unit {
            let _ = writeln!(s, "[[perspektiv.mal.namndmal.aktivitet.enhet]]\nnamn = \"{u}\"");
        }
        let _ = writeln!(s, "status = \"{status}\"");
    }
    s
}

/// A project folder with the units Ekonomi and LSS, each with a workbook
/// made from `ekonomi` and `lss` (konvertera).
fn project(dir: &Path, ekonomi: &str, lss: &str) {
    std::fs::create_dir_all(dir.join("enheter")).unwrap();
    for (name, toml) in [("Ekonomi", ekonomi), ("LSS", lss)] {
        std::fs::write(dir.join(format!("{name}.toml")), toml).unwrap();
        let o = run_in(dir, &["konvertera", &format!("{name}.toml"), &format!("enheter/{name}.xlsx")]);
        assert!(o.status.success(), "{}", stderr(&o));
        std::fs::remove_file(dir.join(format!("{name}.toml"))).unwrap();
    }
    std::fs::write(
        dir.join("uppf.toml"),
        "[dokument]\ntyp = \"uppfoljning\"\ntitel = \"Uppföljning\"\norganisation = \"Test\"\ndatum = 2025-04-20\nper = 2025-03-31\n[filer]\nmapp = \"enheter\"\n[[enhet]]\nnamn = \"Ekonomi\"\n[[enhet]]\nnamn = \"LSS\"\n",
    )
    .unwrap();
}

#[test]
fn a_units_workbook_that_contradicts_another_units_status_is_refused_with_both_places() {
    let dir = tempdir();
    // Ekonomi's workbook says LSS has done it; LSS's own says it has not begun.
    project(dir.path(), &followup(&[(Some("LSS"), "Genomförd")]), &followup(&[(None, "Ej påbörjad")]));
    let o = run_in(dir.path(), &["bygg", "uppf.toml"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(!dir.path().join("output").exists(), "nothing written");
    insta::assert_snapshot!("unit_parts_contradiction", stderr(&o));
}

#[test]
fn a_units_workbook_giving_another_units_status_alone_is_warned_about_and_counted_for_that_unit() {
    let dir = tempdir();
    // LSS's own workbook has another activity; only Ekonomi's speaks of this one for LSS.
    let lss = followup(&[(None, "Pågår")]).replace("Gemensam aktivitet", "LSS egen aktivitet");
    project(dir.path(), &followup(&[(Some("LSS"), "Genomförd"), (Some("Ekonomi"), "Genomförd")]), &lss);
    let o = run_in(dir.path(), &["bygg", "uppf.toml"]);
    assert!(o.status.success(), "{}", stderr(&o));
    insta::assert_snapshot!("unit_parts_other_unit", stderr(&o));
    // Worked out by hand: "Gemensam aktivitet" is done by both its parts
    // (LSS and Ekonomi), "LSS egen aktivitet" is ongoing: 1 of 2 done.
    let text = squash(&pdf_text(&dir.path().join("output/uppf.pdf"), None));
    assert!(text.contains(&squash("1 av 2 aktiviteter är genomförda")), "{text}");
}

#[test]
fn one_file_with_a_unit_twice_is_an_error_when_they_differ_and_a_warning_when_alike() {
    let dir = tempdir();
    std::fs::write(dir.path().join("olika.toml"), followup(&[(Some("ÄO"), "Pågår"), (Some("äo"), "Genomförd")]))
        .unwrap();
    let o = run_in(dir.path(), &["kontrollera", "olika.toml"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    insta::assert_snapshot!("unit_parts_twice_differ", stderr(&o));

    std::fs::write(
        dir.path().join("lika.toml"),
        followup(&[(Some("ÄO"), "Pågår"), (Some("LSS"), "Pågår"), (Some("ÄO"), "Pågår")]),
    )
    .unwrap();
    let o = run_in(dir.path(), &["kontrollera", "lika.toml"]);
    assert!(o.status.success(), "{}", stderr(&o));
    insta::assert_snapshot!("unit_parts_twice_alike", stderr(&o));
}
