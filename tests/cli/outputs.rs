//! The user's files are never overwritten, a run's outputs change together
//! or not at all, and `mall`/`ny` write the same bytes every time (issue 12).
//! Each test is one finding: the exact message (snapshot), the exit code,
//! and the bytes of every file that must not change.

use std::io::Read as _;
use std::path::Path;
use std::process::Output;
use std::time::SystemTime;

use calamine::{Reader, open_workbook_auto};

use crate::util::{bin, pdf_text, run_in, stderr, tempdir};

/// A small plan whose title and goal name it.
fn plan_toml(title: &str) -> String {
    format!(
        "[dokument]\ntitel = \"{title}\"\norganisation = \"Testkommun\"\ndatum = 2025-01-15\n\n\
         [[avdelning]]\nnamn = \"Förskola\"\ndatum = 2025-01-10\nansvarig_chef = \"Åsa Chef\"\n\n\
         [[avdelning.rad]]\nfas = \"Utveckla\"\nmal = \"Mål för {title}\"\naktiviteter = [\"Aktivitet\"]\n\
         maldatum = \"2025\"\nansvariga = [\"Enhetschef\"]\n"
    )
}

fn write(path: &Path, text: &str) {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).unwrap();
    }
    std::fs::write(path, text).unwrap();
}

fn code(o: &Output) -> i32 {
    o.status.code().unwrap_or(-1)
}

fn ok(o: &Output) {
    assert!(o.status.success(), "exit {}: {}", code(o), stderr(o));
}

fn failed(o: &Output) -> String {
    let err = stderr(o);
    assert_eq!(code(o), 1, "{err}");
    assert!(!err.contains("panicked"), "{err}");
    err
}

/// Bytes and modification time: what "untouched" means.
fn state(path: &Path) -> (Vec<u8>, SystemTime) {
    (std::fs::read(path).unwrap(), std::fs::metadata(path).unwrap().modified().unwrap())
}

/// The *Titel* of a workbook's *Dokument* sheet.
fn workbook_title(path: &Path) -> String {
    let mut book = open_workbook_auto(path).unwrap();
    let range = book.worksheet_range("Dokument").unwrap();
    range
        .rows()
        .find(|r| r.first().is_some_and(|c| *c == "Titel"))
        .and_then(|r| r.get(1).map(ToString::to_string))
        .unwrap_or_default()
}

/// The hidden files planrapport leaves in a folder, less its lock.
fn leftovers(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".planrapport") && n != ".planrapport.lock")
        .collect();
    names.sort();
    names
}

#[test]
fn emit_typst_onto_the_input_is_refused() {
    let dir = tempdir();
    let plan = dir.path().join("plan.toml");
    write(&plan, &plan_toml("Plan"));
    let before = state(&plan);
    let o = run_in(dir.path(), &["bygg", "plan.toml", "--emit-typst", "plan.toml", "-o", "ut"]);
    let err = failed(&o);
    assert_eq!(state(&plan), before, "the input was changed");
    assert!(!dir.path().join("ut/plan.pdf").exists(), "a PDF was written");
    insta::assert_snapshot!("emit_typst_onto_input", err);
}

#[test]
fn emit_typst_onto_another_output_is_refused() {
    let dir = tempdir();
    write(&dir.path().join("plan.toml"), &plan_toml("Plan"));
    let o = run_in(dir.path(), &["bygg", "plan.toml", "--emit-typst", "ut/plan.pdf", "-o", "ut"]);
    let err = failed(&o);
    assert!(!dir.path().join("ut/plan.pdf").exists());
    insta::assert_snapshot!("emit_typst_onto_output", err);
}

/// `bygg plan.xlsx -o .`: the workbook output is the input itself.
#[test]
fn building_into_the_inputs_folder_keeps_the_input_workbook() {
    let dir = tempdir();
    write(&dir.path().join("plan.toml"), &plan_toml("Från arbetsboken"));
    ok(&run_in(dir.path(), &["konvertera", "plan.toml", "plan.xlsx"]));
    std::fs::remove_file(dir.path().join("plan.toml")).unwrap();
    let workbook = dir.path().join("plan.xlsx");
    let before = state(&workbook);
    let o = run_in(dir.path(), &["bygg", "plan.xlsx", "-o", "."]);
    ok(&o);
    assert_eq!(state(&workbook), before, "the input workbook was replaced");
    assert!(pdf_text(&dir.path().join("plan.pdf"), None).contains("Från arbetsboken"));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("skrev ./plan.pdf") && !out.contains("plan.xlsx"), "{out}");
    insta::assert_snapshot!("workbook_is_the_input", stderr(&o));
}

/// The documented workflow: edit `output/x.xlsx`, then `bygg output/x.xlsx`.
#[test]
fn rebuilding_an_edited_committee_workbook_keeps_the_edits() {
    let dir = tempdir();
    write(&dir.path().join("plan.toml"), &plan_toml("Första"));
    ok(&run_in(dir.path(), &["bygg", "plan.toml"]));
    // The committee's edit: a new title in the workbook.
    write(&dir.path().join("andrad.toml"), &plan_toml("Nämndens titel"));
    ok(&run_in(dir.path(), &["konvertera", "andrad.toml", "output/plan.xlsx", "--skriv-over"]));
    let workbook = dir.path().join("output/plan.xlsx");
    let before = state(&workbook);
    let o = run_in(dir.path(), &["bygg", "output/plan.xlsx"]);
    ok(&o);
    assert_eq!(state(&workbook), before, "the edited workbook was replaced");
    assert_eq!(workbook_title(&workbook), "Nämndens titel");
    assert!(pdf_text(&dir.path().join("output/plan.pdf"), None).contains("Nämndens titel"), "the PDF was not rebuilt");
    assert!(stderr(&o).contains("arbetsboken skrivs inte över"), "{}", stderr(&o));
}

/// A hard link to the input is the input.
#[cfg(unix)]
#[test]
fn a_hard_link_to_the_input_is_the_input() {
    let dir = tempdir();
    let plan = dir.path().join("plan.toml");
    write(&plan, &plan_toml("Plan"));
    std::fs::hard_link(&plan, dir.path().join("kopia.typ")).unwrap();
    let before = state(&plan);
    let o = run_in(dir.path(), &["bygg", "plan.toml", "--emit-typst", "kopia.typ", "-o", "ut"]);
    failed(&o);
    assert_eq!(state(&plan), before);
    let o = run_in(dir.path(), &["konvertera", "plan.toml", "kopia.typ", "--skriv-over"]);
    failed(&o);
    assert_eq!(state(&plan), before);
}

/// Every file the loader read counts, not only the one named: here the
/// organisation profile beside the input.
#[test]
fn a_file_the_loader_read_is_never_an_output() {
    let dir = tempdir();
    write(&dir.path().join("plan.toml"), &plan_toml("Plan"));
    write(&dir.path().join("organisation.toml"), "[organisation]\nnamn = \"Profilkommun\"\n");
    let profile = dir.path().join("organisation.toml");
    let before = state(&profile);
    let o = run_in(dir.path(), &["bygg", "plan.toml", "--emit-typst", "organisation.toml"]);
    let err = failed(&o);
    assert_eq!(state(&profile), before);
    assert!(err.contains("indatafiler"), "{err}");
}

/// A department workbook the plan is assembled from is an input too:
/// `bygg forskola.toml -o avd` would write `avd/forskola.xlsx` over it.
#[test]
fn a_department_file_is_never_an_output() {
    let dir = tempdir();
    write(&dir.path().join("d.toml"), &plan_toml("Avdelningen"));
    ok(&run_in(dir.path(), &["konvertera", "d.toml", "avd/forskola.xlsx"]));
    write(
        &dir.path().join("forskola.toml"),
        "[dokument]\ntitel = \"Plan\"\norganisation = \"Testkommun\"\ndatum = 2025-01-15\n\n\
         [filer]\nmapp = \"avd\"\n\n[[avdelning]]\nnamn = \"Förskola\"\n",
    );
    let department = dir.path().join("avd/forskola.xlsx");
    let before = state(&department);
    let err = failed(&run_in(dir.path(), &["bygg", "forskola.toml", "-o", "avd"]));
    assert_eq!(state(&department), before, "the department file was replaced");
    assert!(!dir.path().join("avd/forskola.pdf").exists(), "the PDF was written alone");
    insta::assert_snapshot!("department_file_is_an_input", err);
}

#[test]
fn mall_never_replaces_a_filled_in_workbook_unless_told_to() {
    let dir = tempdir();
    write(&dir.path().join("plan.toml"), &plan_toml("Ifylld"));
    ok(&run_in(dir.path(), &["konvertera", "plan.toml", "ifylld.xlsx"]));
    let filled = dir.path().join("ifylld.xlsx");
    let before = state(&filled);
    let o = run_in(dir.path(), &["mall", "plan", "ifylld.xlsx"]);
    let err = failed(&o);
    assert_eq!(state(&filled), before, "mall replaced the filled-in workbook");
    insta::assert_snapshot!("mall_onto_existing", err);
    ok(&run_in(dir.path(), &["mall", "plan", "ifylld.xlsx", "--skriv-over"]));
    assert_ne!(std::fs::read(&filled).unwrap(), before.0, "--skriv-over did not replace it");
    assert_eq!(workbook_title(&filled), "", "not the empty template");
}

#[test]
fn konvertera_never_replaces_an_existing_file_unless_told_to() {
    let dir = tempdir();
    write(&dir.path().join("plan.toml"), &plan_toml("Ny"));
    write(&dir.path().join("gammal.toml"), &plan_toml("Gammal"));
    ok(&run_in(dir.path(), &["konvertera", "gammal.toml", "plan.xlsx"]));
    let target = dir.path().join("plan.xlsx");
    let before = state(&target);
    let err = failed(&run_in(dir.path(), &["konvertera", "plan.toml", "plan.xlsx"]));
    assert_eq!(state(&target), before);
    insta::assert_snapshot!("konvertera_onto_existing", err);
    ok(&run_in(dir.path(), &["konvertera", "plan.toml", "plan.xlsx", "--skriv-over"]));
    assert_eq!(workbook_title(&target), "Ny");
}

#[test]
fn ny_never_writes_into_a_folder_in_use_unless_told_to() {
    let dir = tempdir();
    ok(&run_in(dir.path(), &["ny", "plan", "p"]));
    let project = dir.path().join("p/plan.toml");
    write(&project, &plan_toml("Mitt arbete"));
    write(&dir.path().join("p/anteckningar.txt"), "mina anteckningar");
    let before = state(&project);
    let err = failed(&run_in(dir.path(), &["ny", "plan", "p"]));
    assert_eq!(state(&project), before, "ny replaced the project file");
    insta::assert_snapshot!("ny_into_existing", err);
    ok(&run_in(dir.path(), &["ny", "plan", "p", "--skriv-over"]));
    assert!(std::fs::read_to_string(&project).unwrap().contains("Kompetensförsörjningsplan"));
    assert_eq!(std::fs::read_to_string(dir.path().join("p/anteckningar.txt")).unwrap(), "mina anteckningar");
}

/// A folder holding only planrapport's own lock file (an earlier attempt
/// that failed) counts as empty for `ny`.
#[test]
fn ny_into_a_folder_with_only_the_lock_file() {
    let dir = tempdir();
    write(&dir.path().join("p/.planrapport.lock"), "");
    ok(&run_in(dir.path(), &["ny", "plan", "p"]));
    assert!(dir.path().join("p/plan.toml").exists());
}

/// The second output cannot be written (`ut/plan.xlsx` is a folder): the
/// previous good PDF stays exactly as it was.
#[test]
fn when_one_output_cannot_be_written_no_previous_output_is_replaced() {
    let dir = tempdir();
    write(&dir.path().join("plan.toml"), &plan_toml("Gammal"));
    ok(&run_in(dir.path(), &["bygg", "plan.toml", "-o", "ut"]));
    let pdf = dir.path().join("ut/plan.pdf");
    let before = state(&pdf);
    std::fs::remove_file(dir.path().join("ut/plan.xlsx")).unwrap();
    std::fs::create_dir(dir.path().join("ut/plan.xlsx")).unwrap();
    write(&dir.path().join("plan.toml"), &plan_toml("Ny"));
    let o = run_in(dir.path(), &["bygg", "plan.toml", "-o", "ut"]);
    let err = failed(&o);
    assert_eq!(state(&pdf), before, "the previous PDF was replaced");
    assert!(leftovers(&dir.path().join("ut")).is_empty(), "{:?}", leftovers(&dir.path().join("ut")));
    insta::assert_snapshot!("second_output_is_a_folder", err);
}

/// A write-protected workbook is not replaced behind the user's back, and
/// the PDF beside it is left as it was.
#[test]
fn a_write_protected_output_stops_the_run_before_anything_is_replaced() {
    let dir = tempdir();
    write(&dir.path().join("plan.toml"), &plan_toml("Gammal"));
    ok(&run_in(dir.path(), &["bygg", "plan.toml", "-o", "ut"]));
    let (pdf, xlsx) = (dir.path().join("ut/plan.pdf"), dir.path().join("ut/plan.xlsx"));
    let before = (state(&pdf), state(&xlsx));
    let mut perms = std::fs::metadata(&xlsx).unwrap().permissions();
    perms.set_readonly(true);
    std::fs::set_permissions(&xlsx, perms).unwrap();
    write(&dir.path().join("plan.toml"), &plan_toml("Ny"));
    let err = failed(&run_in(dir.path(), &["bygg", "plan.toml", "-o", "ut"]));
    assert_eq!((state(&pdf), state(&xlsx)), before, "an output was replaced");
    assert!(leftovers(&dir.path().join("ut")).is_empty());
    insta::assert_snapshot!("output_is_write_protected", err);
}

/// A run killed after writing its temporary files: the next run into the
/// folder removes them (and a stray one of any age).
#[test]
fn temporary_files_of_a_killed_run_are_removed_by_the_next_run() {
    let dir = tempdir();
    write(&dir.path().join("plan.toml"), &plan_toml("Plan"));
    let o = bin()
        .current_dir(dir.path())
        .args(["bygg", "plan.toml", "-o", "ut"])
        .env("PLANRAPPORT_TEST_FAULT", "abort-after-staging")
        .output()
        .unwrap();
    assert!(!o.status.success());
    let ut = dir.path().join("ut");
    assert_eq!(leftovers(&ut).len(), 2, "the killed run left no temporary files: {:?}", leftovers(&ut));
    assert!(!ut.join("plan.pdf").exists());
    write(&ut.join(".planrapport-abc123"), "rester");
    write(&dir.path().join("annan.toml"), &plan_toml("Annan"));
    ok(&run_in(dir.path(), &["bygg", "annan.toml", "-o", "ut"]));
    assert!(leftovers(&ut).is_empty(), "{:?}", leftovers(&ut));
}

/// Builds "Gammal" into `ut`, then "Ny" killed between its two renames:
/// a new PDF beside the old workbook, and the journal.
fn cut_short(dir: &Path) {
    write(&dir.join("plan.toml"), &plan_toml("Gammal"));
    ok(&run_in(dir, &["bygg", "plan.toml", "-o", "ut"]));
    write(&dir.join("plan.toml"), &plan_toml("Ny"));
    let o = bin()
        .current_dir(dir)
        .args(["bygg", "plan.toml", "-o", "ut"])
        .env("PLANRAPPORT_TEST_FAULT", "abort-after-first-rename")
        .output()
        .unwrap();
    assert!(!o.status.success());
    let ut = dir.join("ut");
    assert!(pdf_text(&ut.join("plan.pdf"), None).contains("Ny"));
    assert_eq!(workbook_title(&ut.join("plan.xlsx")), "Gammal", "the kill did not fall between the renames");
    assert!(ut.join(".planrapport.journal").exists());
}

/// The next run into the folder completes the commit a kill cut short.
#[test]
fn a_commit_cut_short_is_completed_by_the_next_run() {
    let dir = tempdir();
    cut_short(dir.path());
    let ut = dir.path().join("ut");
    write(&dir.path().join("annan.toml"), &plan_toml("Annan"));
    ok(&run_in(dir.path(), &["bygg", "annan.toml", "-o", "ut"]));
    assert_eq!(workbook_title(&ut.join("plan.xlsx")), "Ny", "the cut-short commit was not completed");
    assert!(pdf_text(&ut.join("plan.pdf"), None).contains("Ny"));
    assert!(leftovers(&ut).is_empty(), "{:?}", leftovers(&ut));
}

/// A run that reads from the folder completes the commit first, so it
/// reads the new workbook, not the old one.
#[test]
fn a_commit_cut_short_is_completed_before_its_folder_is_read() {
    let dir = tempdir();
    cut_short(dir.path());
    ok(&run_in(dir.path(), &["bygg", "ut/plan.xlsx", "-o", "ut2"]));
    assert!(pdf_text(&dir.path().join("ut2/plan.pdf"), None).contains("Mål för Ny"));
    assert!(leftovers(&dir.path().join("ut")).is_empty());
}

/// Two builds of different inputs named alike into one folder at once: the
/// PDF and the workbook left are always from the same input. One run is
/// slowed between its renames (a slow disk), the window in which the other
/// would otherwise slip its files in.
#[test]
fn concurrent_builds_into_one_folder_never_mix_their_outputs() {
    let dir = tempdir();
    write(&dir.path().join("a/plan.toml"), &plan_toml("Alfa"));
    write(&dir.path().join("b/plan.toml"), &plan_toml("Beta"));
    for round in 0..10 {
        let slow = bin()
            .current_dir(dir.path())
            .args(["bygg", "a/plan.toml", "-o", "ut"])
            .env("PLANRAPPORT_TEST_FAULT", "slow-commit")
            .spawn()
            .unwrap();
        let fast = bin().current_dir(dir.path()).args(["bygg", "b/plan.toml", "-o", "ut"]).spawn().unwrap();
        for child in [slow, fast] {
            let o = child.wait_with_output().unwrap();
            assert!(o.status.success(), "round {round}");
        }
        let title = workbook_title(&dir.path().join("ut/plan.xlsx"));
        let text = pdf_text(&dir.path().join("ut/plan.pdf"), None);
        assert!(["Alfa", "Beta"].contains(&title.as_str()), "{title}");
        assert!(text.contains(&format!("Mål för {title}")), "round {round}: the workbook is {title}, the PDF is not");
    }
}

fn core_xml(path: &Path) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut s = String::new();
    zip.by_name("docProps/core.xml").unwrap().read_to_string(&mut s).unwrap();
    s
}

/// `mall` twice gives the same bytes, with `SOURCE_DATE_EPOCH` (whose day
/// is the creation date) and without it (no clock time at all).
#[test]
fn templates_are_byte_identical_run_after_run() {
    let dir = tempdir();
    let mall = |name: &str, epoch: Option<&str>| {
        let mut c = bin();
        c.current_dir(dir.path()).args(["mall", "plan", name]);
        if let Some(e) = epoch {
            c.env("SOURCE_DATE_EPOCH", e);
        }
        ok(&c.output().unwrap());
        std::fs::read(dir.path().join(name)).unwrap()
    };
    let a = mall("a.xlsx", None);
    // Creation times are kept to the second.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let b = mall("b.xlsx", None);
    assert!(a == b, "two templates without SOURCE_DATE_EPOCH differ");
    assert!(core_xml(&dir.path().join("a.xlsx")).contains("1980-01-01"));
    let c = mall("c.xlsx", Some("1700000000"));
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let d = mall("d.xlsx", Some("1700000000"));
    assert!(c == d, "two templates with one SOURCE_DATE_EPOCH differ");
    assert!(core_xml(&dir.path().join("c.xlsx")).contains("2023-11-14"), "SOURCE_DATE_EPOCH is not the creation date");
}

/// `ny` under one `SOURCE_DATE_EPOCH` writes the same project, byte for
/// byte, and its template is `mall`'s.
#[test]
fn new_projects_are_byte_identical_under_source_date_epoch() {
    let dir = tempdir();
    let ny = |name: &str| {
        ok(&bin()
            .current_dir(dir.path())
            .args(["ny", "plan", name])
            .env("SOURCE_DATE_EPOCH", "1700000000")
            .output()
            .unwrap());
    };
    ny("ett");
    std::thread::sleep(std::time::Duration::from_millis(1100));
    ny("tva");
    for file in ["plan.toml", "plan-mall.xlsx", "organisation.toml", "LÄSMIG.txt"] {
        let a = std::fs::read(dir.path().join("ett").join(file)).unwrap();
        let b = std::fs::read(dir.path().join("tva").join(file)).unwrap();
        assert!(a == b, "{file} differs between two runs");
    }
    assert!(std::fs::read_to_string(dir.path().join("ett/plan.toml")).unwrap().contains("datum = 2023-11-14"));
    ok(&bin()
        .current_dir(dir.path())
        .args(["mall", "plan", "mall.xlsx"])
        .env("SOURCE_DATE_EPOCH", "1700000000")
        .output()
        .unwrap());
    assert!(
        std::fs::read(dir.path().join("mall.xlsx")).unwrap()
            == std::fs::read(dir.path().join("ett/plan-mall.xlsx")).unwrap()
    );
}

/// `konvertera` of a deck to a workbook: the same bytes every time (its
/// creation date was the clock's).
#[test]
fn a_converted_deck_workbook_is_byte_identical_run_after_run() {
    let dir = tempdir();
    let deck = crate::util::root().join("data/vaxjo-kompetensforum.toml");
    let deck = deck.to_str().unwrap();
    ok(&run_in(dir.path(), &["konvertera", deck, "a.xlsx"]));
    std::thread::sleep(std::time::Duration::from_millis(1100));
    ok(&run_in(dir.path(), &["konvertera", deck, "b.xlsx"]));
    assert!(std::fs::read(dir.path().join("a.xlsx")).unwrap() == std::fs::read(dir.path().join("b.xlsx")).unwrap());
}
