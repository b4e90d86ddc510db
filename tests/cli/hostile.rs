//! Hostile inputs (issue 12): files made to crash the readers or to cost
//! gigabytes. Each is generated small (see `examples/hostile/cases.rs`,
//! shared with the benchmark that times them) and must end with its exit
//! code — refused with an exact Swedish message and nothing written, or
//! built with the values read correctly — and never a panic. Timing is the
//! benchmark's business; a case that would cost gigabytes is refused before
//! the work, so these tests stay fast.

#[path = "../../examples/hostile/cases.rs"]
pub(crate) mod cases;

use std::path::Path;

use cases::{Expect, Size};

use crate::util::{run_in, stderr, tempdir};

/// Generates the case with file name `file` in a fresh folder and builds it;
/// checks the exit code, that nothing panicked and (when refused) that
/// nothing was written. Returns the folder and stderr.
fn run(file: &str) -> (tempfile::TempDir, String) {
    let case = cases::all().into_iter().find(|c| c.file == file).expect("a case of that name");
    let dir = tempdir();
    (case.make)(&dir.path().join(file), Size::Small);
    let o = run_in(dir.path(), &["bygg", file, "-o", "ut"]);
    let err = stderr(&o);
    assert!(!err.contains("panicked") && !err.contains("RUST_BACKTRACE"), "{file}: {err}");
    match case.expect {
        Expect::Builds => assert_eq!(o.status.code(), Some(0), "{file} must build:\n{err}"),
        Expect::Refused => {
            assert_eq!(o.status.code(), Some(1), "{file} must be refused:\n{err}");
            assert!(!dir.path().join("ut").exists(), "{file}: nothing may be written");
        }
    }
    (dir, err)
}

fn plan(dir: &Path, file: &str) -> planrapport::kinds::plan::model::Plan {
    match planrapport::kinds::plan::load_plan(&dir.join(file)) {
        Ok(c) => c.plan,
        Err(e) => panic!("{e:?}"),
    }
}

macro_rules! refused {
    ($test:ident, $file:literal) => {
        #[test]
        fn $test() {
            let (_dir, err) = run($file);
            insta::assert_snapshot!(concat!("hostile_", stringify!($test)), err);
        }
    };
}

#[test]
fn dotted_capital_i_before_a_heading_label() {
    // "İ" lower-cases to two characters: the label's offsets were those of
    // the folded text, and slicing the original with them panicked.
    let (dir, _) = run("dotted-i.xlsx");
    let d = &plan(dir.path(), "dotted-i.xlsx").departments[0];
    assert_eq!((d.name.as_str(), d.date.as_str()), ("Förskola", "2021-11-24"));
}

#[test]
fn kelvin_and_ohm_signs_before_heading_labels() {
    // The Kelvin sign lower-cases to a shorter "k": values were cut
    // ("Datum: tum: 2021-11", "Ansvarig chef: hef: Åsa").
    let (dir, _) = run("kelvin-heading.xlsx");
    let d = &plan(dir.path(), "kelvin-heading.xlsx").departments[0];
    assert_eq!((d.date.as_str(), d.manager.as_str()), ("2021-11-24", "Åsa"));
}

#[test]
fn goal_label_written_with_kelvin_and_angstrom_signs() {
    let (dir, _) = run("kelvin-goal.xlsx");
    let f = match planrapport::kinds::uppfoljning::load_followup(&dir.path().join("kelvin-goal.xlsx")) {
        Ok(c) => c.followup,
        Err(e) => panic!("{e:?}"),
    };
    let goals: Vec<&str> = f.perspectives.iter().flat_map(|p| &p.goals).map(|g| g.name.as_str()).collect();
    assert_eq!(goals, ["Välfärd"]);
}

refused!(damaged_xlsx_date_cell, "bad-date.xlsx");
refused!(damaged_ods_date_cell, "bad-date.ods");
refused!(status_synonym_of_only_punctuation, "dot-synonym.toml");
refused!(cell_at_xfd1048576, "xfd1048576.xlsx");
refused!(cell_at_cp1048576, "cp1048576.xlsx");
refused!(ods_row_repeated_a_million_times, "repeated-rows.ods");
refused!(ods_cell_repeated_across_all_columns, "repeated-cells.ods");
refused!(zip_bomb, "bomb.xlsx");
refused!(zip_bomb_with_lying_sizes, "lying-bomb.xlsx");
refused!(two_thousand_chapters, "chapters-2000.toml");
refused!(two_hundred_thousand_stars, "stars.toml");
refused!(text_over_the_field_limit, "long-text.toml");
refused!(ten_thousand_departments, "departments.toml");
refused!(thirty_thousand_initiatives, "initiatives.toml");
refused!(ten_thousand_slides, "slides.toml");

#[test]
fn a_sheet_is_as_big_as_its_cells_not_its_declared_dimension() {
    let (dir, _) = run("dimension.xlsx");
    assert_eq!(plan(dir.path(), "dimension.xlsx").departments[0].row_count(), 1);
}

#[test]
fn ods_with_libreoffice_trailing_empty_rows_builds() {
    let (dir, _) = run("trailing-rows.ods");
    let d = &plan(dir.path(), "trailing-rows.ods").departments[0];
    assert_eq!(d.row_count(), 1);
}

#[test]
fn chapters_up_to_the_limit_build() {
    let (dir, _) = run("chapters-300.toml");
    assert_eq!(plan(dir.path(), "chapters-300.toml").chapters.len(), 300);
}

#[test]
fn many_unmatched_stars_under_the_limit_build() {
    run("stars-30000.toml");
}

#[test]
fn an_internal_error_is_reported_in_swedish_without_a_backtrace() {
    let dir = tempdir();
    let o = crate::util::bin()
        .current_dir(dir.path())
        .env("PLANRAPPORT_TEST_INTERNT_FEL", "1")
        .env("RUST_BACKTRACE", "1")
        .args(["kontrollera", "x.toml"])
        .output()
        .expect("binary runs");
    assert_eq!(o.status.code(), Some(3));
    let err = stderr(&o);
    assert!(!err.contains("panicked") && !err.contains("backtrace") && !err.contains("requested"), "{err}");
    // The place in the code varies with edits; the rest is exact.
    let err = err.split_once(" (").map(|(a, b)| format!("{a} (…){}", b.split_once(')').map_or("", |x| x.1))).unwrap();
    insta::assert_snapshot!("hostile_internal_error", err);
}
