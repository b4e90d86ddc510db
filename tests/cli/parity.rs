//! `kontrollera` finds what `bygg` refuses: for each input here both
//! commands end with the same exit code and print exactly the same
//! messages (one snapshot for both), in Swedish with their place; a refused
//! build writes nothing. And the data is kept: only the PDF writes
//! characters the fonts lack as [U+…]; workbooks and TOML keep them.

use std::fmt::Write as _;
use std::path::Path;

use calamine::{Data, Reader as _, open_workbook_auto};
use rust_xlsxwriter::{Format, Workbook};

use crate::util::{pdf_text, run_in, squash, stderr, tempdir};

/// Runs `kontrollera FILE` and `bygg FILE -o ut` in `dir`; they must agree
/// on the exit code and print the same messages. Returns both.
fn check_and_build(dir: &Path, file: &str) -> (i32, String) {
    let check = run_in(dir, &["kontrollera", file]);
    let bygg = run_in(dir, &["bygg", file, "-o", "ut"]);
    let (checked, built) = (stderr(&check), stderr(&bygg));
    assert_eq!(
        check.status.code(),
        bygg.status.code(),
        "{file}: kontrollera and bygg disagree\n--- kontrollera:\n{checked}\n--- bygg:\n{built}"
    );
    assert_eq!(checked, built, "{file}: kontrollera and bygg print different messages");
    assert!(!built.contains("panicked"), "{built}");
    (bygg.status.code().unwrap_or(-1), built)
}

/// `bytes` as `file` must be refused by both commands, with exit code 1,
/// the snapshot `name`, and nothing written.
fn refused(name: &str, file: &str, bytes: &[u8]) -> String {
    let dir = tempdir();
    std::fs::write(dir.path().join(file), bytes).unwrap();
    let (code, err) = check_and_build(dir.path(), file);
    assert_eq!(code, 1, "{name}: exit code\n{err}");
    assert!(!dir.path().join("ut").exists(), "{name}: something was written");
    // Messages are Swedish: none of the libraries' English errors leaks.
    for english in ["error", "Error", "range", "exceeds", "string", "limit of"] {
        assert!(!err.contains(english), "{name}: English in the message:\n{err}");
    }
    insta::assert_snapshot!(format!("parity_{name}"), err);
    err
}

const PLAN_HEAD: &str = "[dokument]\ntitel = \"Plan\"\ndatum = 2025-01-15\n";

fn plan_row(extra: &str) -> String {
    format!(
        "{PLAN_HEAD}[[avdelning]]\nnamn = \"Förskola\"\n[[avdelning.rad]]\nfas = \"Utveckla\"\nmal = \"Mål\"\naktiviteter = [\"A\"]\n{extra}"
    )
}

const FOLLOWUP_HEAD: &str =
    "[dokument]\ntyp = \"uppfoljning\"\ntitel = \"Uppföljning\"\ndatum = 2025-04-20\nper = 2025-03-31\n";

fn followup(statuses: &str, activity: &str) -> String {
    format!(
        "{FOLLOWUP_HEAD}{statuses}\n[[perspektiv]]\nnamn = \"Medborgare\"\n[[perspektiv.mal]]\nnamn = \"M\"\n[[perspektiv.mal.namndmal]]\nrubrik = \"N\"\n[[perspektiv.mal.namndmal.aktivitet]]\n{activity}\n"
    )
}

const REPORT_HEAD: &str =
    "[dokument]\ntyp = \"delarsrapport\"\ntitel = \"Rapport\"\ndatum = 2025-04-30\nrapport = \"DR1\"\nar = 2025\n";

fn report_year(year: &str) -> String {
    format!(
        "{REPORT_HEAD}[[insats]]\nfas = \"Attrahera\"\nnamn = \"I\"\nstatus = \"Pågår\"\n[[insats.mal]]\nindikator = \"Antal\"\nenhet = \"st\"\n[[insats.mal.ar]]\n{year}\n"
    )
}

const DECK_HEAD: &str = "[dokument]\ntyp = \"presentation\"\ntitel = \"Bildspel\"\ndatum = 2025-02-01\n";

/// A plan workbook whose deadline cell holds `serial` formatted as a date.
fn workbook_with_date_serial(serial: f64) -> Vec<u8> {
    let mut wb = Workbook::new();
    let doc = wb.add_worksheet();
    doc.set_name("Dokument").unwrap();
    doc.write_string(0, 0, "Titel").unwrap();
    doc.write_string(0, 1, "Plan").unwrap();
    doc.write_string(1, 0, "Datum").unwrap();
    doc.write_string(1, 1, "2025-01-15").unwrap();
    let ws = wb.add_worksheet();
    ws.set_name("Förskola").unwrap();
    for (c, h) in ["Fas", "Vad ska vi uppnå?", "Aktivitet", "Måldatum", "Ansvarig"].iter().enumerate() {
        ws.write_string(0, u16::try_from(c).unwrap(), *h).unwrap();
    }
    ws.write_string(1, 0, "Utveckla").unwrap();
    ws.write_string(1, 1, "Mål").unwrap();
    ws.write_number_with_format(1, 3, serial, &Format::new().set_num_format("yyyy-mm-dd")).unwrap();
    wb.save_to_buffer().unwrap()
}

#[test]
fn dates_excel_cannot_show_are_refused_by_both() {
    refused("date_before_1900", "plan.toml", plan_row("").replace("2025-01-15", "1850-06-01").as_bytes());
    refused("deadline_before_1900", "plan.toml", plan_row("maldatum = 1899-12-31\n").as_bytes());
    refused(
        "followup_end_before_1900",
        "u.toml",
        followup("", "text = \"A\"\nstatus = \"Pågår\"\nslutdatum = 1700-01-01").as_bytes(),
    );
    // An Excel serial far beyond year 9999, and one before 1900.
    refused("date_serial_too_large", "plan.xlsx", &workbook_with_date_serial(3_000_000.0));
    refused("date_serial_negative", "plan.xlsx", &workbook_with_date_serial(-400.0));
}

#[test]
fn fields_too_long_for_pdfa_and_excel_are_refused_by_both() {
    let long = "Kompetensförsörjning ".repeat(2000);
    let long = long.trim();
    refused(
        "title_too_long",
        "plan.toml",
        plan_row("").replace("titel = \"Plan\"", &format!("titel = \"{long}\"")).as_bytes(),
    );
    refused(
        "heading_too_long",
        "plan.toml",
        format!("{PLAN_HEAD}[[kapitel]]\nrubrik = \"{}\"\ntext = \"Text.\"\n", "Rubrik ".repeat(300).trim()).as_bytes(),
    );
    refused(
        "initiative_name_too_long",
        "r.toml",
        format!("{REPORT_HEAD}[[insats]]\nfas = \"Attrahera\"\nnamn = \"{}\"\nstatus = \"Pågår\"\n", "x".repeat(1001))
            .as_bytes(),
    );
}

#[test]
fn numbers_that_cannot_be_counted_are_refused_by_both() {
    let err = refused("result_1e308", "r.toml", report_year("ar = 2025\nmal = 10\nresultat = 1e308").as_bytes());
    assert!(!err.contains("NaN") && !err.contains("9 223 372"), "{err}");
    refused("target_nan_and_inf", "r.toml", report_year("ar = 2025\nmal = nan\nresultat = -inf").as_bytes());
    refused("target_year_absurd", "r.toml", report_year("ar = 1e308\nmal = 10").as_bytes());
    refused(
        "deck_figure_1e308",
        "d.toml",
        format!("{DECK_HEAD}[[bild]]\nrubrik = \"B\"\n[[bild.tal]]\nvarde = 1e308\ntext = \"invånare\"\n").as_bytes(),
    );
}

#[test]
fn status_words_excel_cannot_count_are_refused_by_both() {
    let word = "Klar".repeat(64) + "!";
    refused(
        "status_word_too_long",
        "u.toml",
        followup(
            &format!("[[status]]\nnamn = \"{word}\"\nbetyder = \"genomford\"\n"),
            "text = \"A\"\nstatus = \"Pågår\"",
        )
        .as_bytes(),
    );
}

/// The XML of one part of a workbook.
fn xlsx_part(path: &Path, part: &str) -> String {
    use std::io::Read as _;
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut xml = String::new();
    zip.by_name(part).unwrap().read_to_string(&mut xml).unwrap();
    xml
}

#[test]
fn status_words_too_long_for_a_literal_dropdown_or_with_commas_build() {
    // Five words of 60 characters (over Excel's 255 for a literal list), one
    // with a comma (which a literal list would split in two).
    let words = ["genomford", "pagar", "ej_paborjad", "forsenad", "avbruten"];
    let mut statuses = String::new();
    for (i, kind) in words.iter().enumerate() {
        let word = if i == 1 { "Pågår, enligt plan".to_string() } else { format!("{kind} {}", "o".repeat(50)) };
        let _ = writeln!(statuses, "[[status]]\nnamn = \"{word}\"\nbetyder = \"{kind}\"");
    }
    let dir = tempdir();
    let src = followup(&statuses, "text = \"A\"\nstatus = \"Pågår, enligt plan\"");
    std::fs::write(dir.path().join("u.toml"), src).unwrap();
    let (code, err) = check_and_build(dir.path(), "u.toml");
    assert_eq!(code, 0, "{err}");
    assert!(err.is_empty(), "{err}");
    // The dropdown lists the words from the Statusord sheet, one per cell.
    let sheets = xlsx_part(&dir.path().join("ut/u.xlsx"), "xl/workbook.xml");
    let activities = sheets.split("<sheet ").position(|s| s.contains("name=\"Aktiviteter\"")).unwrap();
    let xml = xlsx_part(&dir.path().join("ut/u.xlsx"), &format!("xl/worksheets/sheet{activities}.xml"));
    assert!(xml.contains("<formula1>OFFSET(Statusord!$A$2,"), "{xml}");
    assert!(!xml.contains("<formula1>\""), "a literal list: {xml}");
    let mut wb = open_workbook_auto(dir.path().join("ut/u.xlsx")).unwrap();
    let range = wb.worksheet_range("Statusord").unwrap();
    let listed: Vec<String> = (1..=5).map(|r| range.get_value((r, 0)).unwrap().to_string()).collect();
    assert_eq!(listed[1], "Pågår, enligt plan");
    assert!(listed.iter().all(|w| !w.is_empty()), "{listed:?}");
    // The committee workbook builds again with the same words.
    let (code, err) = check_and_build(&dir.path().join("ut"), "u.xlsx");
    assert_eq!(code, 0, "{err}");
}

#[test]
fn control_and_escape_characters_in_values_print_visibly() {
    // OSC (retitles the terminal), CSI (clears it), a C1 control, a
    // right-to-left override: in an unknown phase and an unknown status.
    let hostile = r"\u001b]0;pwned\u0007Utvekla\u001b[2J\u001b[H\u009b31m\u202e";
    let err = refused(
        "escapes_in_phase",
        "plan.toml",
        plan_row("").replace("fas = \"Utveckla\"", &format!("fas = \"{hostile}\"")).as_bytes(),
    );
    assert!(!err.chars().any(|c| c.is_control() && c != '\n'), "a control character was printed raw: {err:?}");
    assert!(!err.contains('\u{202e}'), "{err:?}");
    assert!(err.contains(r"\u{1b}]0;pwned\u{7}Utvekla\u{1b}[2J"), "{err}");
    let err = refused(
        "escapes_in_status",
        "u.toml",
        followup("", &format!("text = \"A\"\nstatus = \"Kaffe\\u001b[31m{hostile}\"")).as_bytes(),
    );
    assert!(!err.chars().any(|c| c.is_control() && c != '\n'), "{err:?}");
    // In a workbook's sheet name, which every message about it shows.
    let mut wb = Workbook::new();
    let doc = wb.add_worksheet();
    doc.set_name("Dokument").unwrap();
    doc.write_string(0, 0, "Titel").unwrap();
    doc.write_string(0, 1, "Plan\u{1b}]0;x\u{7}").unwrap();
    let ws = wb.add_worksheet();
    ws.set_name("Förskola").unwrap();
    for (c, h) in ["Fas", "Vad ska vi uppnå?", "Aktivitet"].iter().enumerate() {
        ws.write_string(0, u16::try_from(c).unwrap(), *h).unwrap();
    }
    ws.write_string(1, 0, "Utvekla\u{1b}[2J").unwrap();
    ws.write_string(1, 1, "Mål").unwrap();
    let err = refused("escapes_in_workbook", "plan.xlsx", &wb.save_to_buffer().unwrap());
    assert!(!err.chars().any(|c| c.is_control() && c != '\n'), "{err:?}");
}

/// Characters the bundled fonts lack (Hebrew, Arabic, CJK, emoji, a
/// private-use character) in the fields the PDF prints that used to skip
/// the check: deadlines, end dates, phases, key figures and times.
const LACKING: &str = "שלום مرحبا 漢字 😀";

#[test]
fn characters_the_fonts_lack_in_any_field_are_a_warning_in_both_and_named_in_the_pdf() {
    let dir = tempdir();
    let plan = format!(
        "{PLAN_HEAD}[faser]\nlista = [\"Utveckla\", \"Behålla ✅\"]\n[[avdelning]]\nnamn = \"F\"\ndatum = \"Hösten 😀\"\n[[avdelning.rad]]\nfas = \"Behålla ✅\"\nmal = \"Mål\"\nmaldatum = \"Dec 2025 {LACKING}\"\n"
    );
    std::fs::write(dir.path().join("plan.toml"), plan).unwrap();
    let (code, err) = check_and_build(dir.path(), "plan.toml");
    assert_eq!(code, 0, "{err}");
    insta::assert_snapshot!("parity_lacking_glyphs_plan", err);
    let text = squash(&pdf_text(&dir.path().join("ut/plan.pdf"), None));
    for s in
        ["Dec2025[U+05E9][U+05DC][U+05D5][U+05DD]", "[U+6F22][U+5B57][U+1F600]", "Behålla[U+2705]", "Hösten[U+1F600]"]
    {
        assert!(text.contains(s), "{s} not in the PDF:\n{text}");
    }
    let followup = followup("", &format!("text = \"A\"\nstatus = \"Pågår\"\nslutdatum = \"Kontinuerligt {LACKING}\""));
    std::fs::write(dir.path().join("u.toml"), followup).unwrap();
    let (code, err) = check_and_build(dir.path(), "u.toml");
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("--> u.toml:16:13"), "{err}");
    assert!(squash(&pdf_text(&dir.path().join("ut/u.pdf"), None)).contains("Kontinuerligt[U+05E9]"));
    let deck = format!(
        "{DECK_HEAD}[[bild]]\nrubrik = \"B\"\n[[bild.tal]]\nvarde = \"12 ✅\"\ntext = \"t\"\n[[bild.handelse]]\nrubrik = \"Start\"\nnar = \"HT 😀\"\ntext = \"t\"\n"
    );
    std::fs::write(dir.path().join("d.toml"), deck).unwrap();
    let (code, err) = check_and_build(dir.path(), "d.toml");
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("--> d.toml:8:9") && err.contains("--> d.toml:12:7"), "{err}");
    let text = squash(&pdf_text(&dir.path().join("ut/d.pdf"), None));
    assert!(text.contains("12[U+2705]") && text.contains("HT[U+1F600]"), "{text}");
}

#[test]
fn workbooks_and_toml_keep_characters_the_fonts_lack() {
    let dir = tempdir();
    let plan = format!(
        "{PLAN_HEAD}organisation = \"Förvaltning {LACKING}\"\n[[kapitel]]\nrubrik = \"Kapitel 😀\"\ntext = \"Text {LACKING}\"\n[[avdelning]]\nnamn = \"Förskola ✅\"\n[[avdelning.rad]]\nfas = \"Utveckla\"\nmal = \"Mål {LACKING}\"\naktiviteter = [\"A 漢字\"]\nmaldatum = \"Dec 2025 😀\"\nansvariga = [\"שלום\"]\n"
    );
    std::fs::write(dir.path().join("plan.toml"), &plan).unwrap();
    // TOML → xlsx → TOML keeps every character.
    for (from, to) in [("plan.toml", "plan.xlsx"), ("plan.xlsx", "igen.toml")] {
        let o = run_in(dir.path(), &["konvertera", from, to]);
        assert!(o.status.success(), "{}", stderr(&o));
    }
    let again = std::fs::read_to_string(dir.path().join("igen.toml")).unwrap();
    assert!(!again.contains("[U+"), "{again}");
    for s in [
        format!("Förvaltning {LACKING}").as_str(),
        "Kapitel 😀",
        &format!("Text {LACKING}"),
        "Förskola ✅",
        &format!("Mål {LACKING}"),
        "A 漢字",
        "Dec 2025 😀",
        "שלום",
    ] {
        assert!(again.contains(s), "{s:?} was not kept:\n{again}");
    }
    let first =
        planrapport::kinds::plan::load_plan(&dir.path().join("plan.toml")).map_err(|e| format!("{:?}", e.items));
    let last = planrapport::kinds::plan::load_plan(&dir.path().join("igen.toml")).map_err(|e| format!("{:?}", e.items));
    assert_eq!(first.unwrap().plan, last.unwrap().plan, "the round trip changed the model");
    // The committee workbook the build writes keeps them too; the PDF names them.
    let o = run_in(dir.path(), &["bygg", "plan.toml", "-o", "ut"]);
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    assert!(err.contains("--> plan.toml:4:16") && err.contains("--> plan.toml:15:14"), "{err}");
    let mut wb = open_workbook_auto(dir.path().join("ut/plan.xlsx")).unwrap();
    let cells: Vec<String> = wb
        .worksheets()
        .into_iter()
        .flat_map(|(_, range)| {
            range.used_cells().map(|(_, _, v): (usize, usize, &Data)| v.to_string()).collect::<Vec<_>>()
        })
        .collect();
    for s in [
        format!("Mål {LACKING}"),
        "A 漢字".into(),
        "Dec 2025 😀".into(),
        "Förskola ✅".into(),
        format!("Text {LACKING}"),
    ] {
        assert!(cells.iter().any(|c| c.contains(&s)), "{s:?} not in the workbook");
    }
    assert!(!cells.iter().any(|c| c.contains("[U+")), "the workbook has [U+…]");
    let text = squash(&pdf_text(&dir.path().join("ut/plan.pdf"), None));
    for s in ["Mål[U+05E9]", "A[U+6F22][U+5B57]", "Kapitel[U+1F600]", "Förskola[U+2705]"] {
        assert!(text.contains(s), "{s} not in the PDF:\n{text}");
    }
}

#[test]
fn a_report_with_as_many_initiatives_as_allowed_builds_as_it_checks() {
    // 1 000 initiatives (the item limit) with names long enough that the
    // overview's text alternative would pass PDF/A's 32 767-byte string
    // limit, which made the build fail in English while the check passed.
    let mut src = REPORT_HEAD.to_string();
    for i in 0..1000 {
        let phase = ["Attrahera", "Rekrytera", "Utveckla", "Behålla", "Avveckla"][i % 5];
        let _ = writeln!(
            src,
            "[[insats]]\nfas = \"{phase}\"\nnamn = \"Insats nummer {i} om kompetensförsörjning inom vård och omsorg\"\nstatus = \"Pågår\""
        );
    }
    let dir = tempdir();
    std::fs::write(dir.path().join("r.toml"), src).unwrap();
    let (code, err) = check_and_build(dir.path(), "r.toml");
    assert_eq!(code, 0, "{err}");
    let text = pdf_text(&dir.path().join("ut/r.pdf"), None);
    assert!(
        squash(&text).contains("Insatsnummer999omkompetensförsörjninginomvårdochomsorg"),
        "the last initiative is missing"
    );
}

#[test]
fn cells_over_excels_limit_anywhere_build_as_they_check() {
    // A department's manager and date, and a slide's subtitle, beyond
    // Excel's 32 767 characters: a warning from both, a cut cell in the
    // workbook (used to be an English error from the build only).
    let long = "Katarina Odén-Ryhede ".repeat(2000);
    let dir = tempdir();
    let plan = format!(
        "{PLAN_HEAD}[[avdelning]]\nnamn = \"Förskola\"\nansvarig_chef = \"{long}\"\ndatum = \"{long}\"\n[[avdelning.rad]]\nfas = \"Utveckla\"\nmal = \"Mål\"\n"
    );
    std::fs::write(dir.path().join("plan.toml"), plan).unwrap();
    let (code, err) = check_and_build(dir.path(), "plan.toml");
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("varning: texten har 42000 tecken; en cell i Excel rymmer 32767"), "{err}");
    assert!(dir.path().join("ut/plan.xlsx").is_file());
    let deck = format!("{DECK_HEAD}[[bild]]\nrubrik = \"B\"\nunderrubrik = \"{long}\"\n");
    std::fs::write(dir.path().join("d.toml"), deck).unwrap();
    let o = run_in(dir.path(), &["konvertera", "d.toml", "d.xlsx"]);
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn list_items_the_workbook_would_split_are_refused_by_both() {
    // The workbook keeps phases in one cell (Faser, split at "," and ";")
    // and synonyms in one cell (Synonymer, split at ","): such a name would
    // come back from the tool's own workbook as two.
    refused(
        "phase_with_comma",
        "plan.toml",
        plan_row("")
            .replace("[[avdelning]]", "[faser]\nlista = [\"Utveckla, behålla\", \"Avsluta\"]\n[[avdelning]]")
            .as_bytes(),
    );
    refused(
        "synonym_with_comma",
        "u.toml",
        followup(
            "[[status]]\nnamn = \"Klar\"\nbetyder = \"genomford\"\nsynonymer = [\"Klart, godkänt\"]\n",
            "text = \"A\"\nstatus = \"Klar\"",
        )
        .as_bytes(),
    );
}

#[test]
fn a_slide_that_cannot_fit_is_refused_by_both() {
    // A key figure too wide for a slide even alone: found only by laying the
    // deck out, which `kontrollera` now does as `bygg` does.
    let figure = "א".repeat(400);
    refused(
        "deck_slide_cannot_fit",
        "d.toml",
        format!("{DECK_HEAD}[[bild]]\nrubrik = \"B\"\n[[bild.tal]]\nvarde = \"{figure}\"\ntext = \"x\"\n").as_bytes(),
    );
}
