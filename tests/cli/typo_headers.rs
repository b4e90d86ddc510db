//! The organisation's own column headers (issue 16, item 8): seed 002 heads
//! one activity table "Förvaltningsmål | Aktivitet | Slutfört | … |
//! Ansvarig" where the others read "Nämndmål | … | Slutdatum". A goal's
//! table takes its headers from `[perspektiv.mal.kolumnrubriker]` or from
//! the sheet Kolumnrubriker, printed as written; the other tables keep the
//! standard ones, and `konvertera` carries them both ways.

use std::path::Path;

use rust_xlsxwriter::Workbook;

use crate::util::{pdf_text, root, run_in, stderr, tempdir};

const TABLE: &str = "[perspektiv.mal.kolumnrubriker]\nnamndmal = \"Förvaltningsmål\"\nslutdatum = \"Slutfört\"\n";

/// The bundled follow-up, which gives "Hållbar ekonomi" the seed's headers.
fn with_headers(dir: &Path) -> std::path::PathBuf {
    let src = std::fs::read_to_string(root().join("data/leanlink-uppfoljning.toml")).unwrap();
    assert_eq!(src.matches(TABLE).count(), 1, "the bundled follow-up sets the seed's headers once");
    let path = dir.join("uppfoljning.toml");
    std::fs::write(&path, src).unwrap();
    path
}

/// The pages of a PDF, and those of them holding `needle`.
fn pages_with(pdf: &Path, needle: &str) -> (Vec<String>, Vec<usize>) {
    let pages: Vec<String> = pdf_text(pdf, None).split('\u{c}').map(str::to_string).collect();
    let with = pages.iter().enumerate().filter(|(_, p)| p.contains(needle)).map(|(i, _)| i).collect();
    (pages, with)
}

fn assert_headers_as_written(pdf: &Path) {
    let (pages, with) = pages_with(pdf, "Förvaltningsmål");
    assert!(!with.is_empty(), "no Förvaltningsmål in {}", pdf.display());
    for i in &with {
        let page = &pages[*i];
        assert!(page.contains("Slutfört"), "page {}: {page}", i + 1);
        let squashed = crate::util::squash(page);
        assert!(
            squashed.contains("Godaresultatochstabilekonomi"),
            "page {} is not Hållbar ekonomi's table: {page}",
            i + 1
        );
    }
    // Every other goal's table keeps the standard headers.
    let standard = pages.iter().filter(|p| p.contains("Nämndmål") && p.contains("Slutdatum")).count();
    assert!(standard >= 3, "{standard} pages with the standard headers");
    assert!(!pages.iter().any(|p| p.contains("Slutfört") && !p.contains("Förvaltningsmål")));
}

#[test]
fn a_goal_s_table_prints_the_headers_as_written() {
    let dir = tempdir();
    let input = with_headers(dir.path());
    let o = run_in(dir.path(), &["bygg", "uppfoljning.toml", "--bara-pdf", "-o", "ut"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_headers_as_written(&dir.path().join("ut/uppfoljning.pdf"));
    // Without the table, the same document has no such header.
    let plain = std::fs::read_to_string(&input).unwrap().replace(TABLE, "");
    std::fs::write(dir.path().join("utan.toml"), plain).unwrap();
    let o = run_in(dir.path(), &["bygg", "utan.toml", "--bara-pdf", "-o", "ut"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let (_, none) = pages_with(&dir.path().join("ut/utan.pdf"), "Förvaltningsmål");
    assert!(none.is_empty());
}

#[test]
fn konvertera_carries_the_headers_to_the_workbook_and_back() {
    let dir = tempdir();
    with_headers(dir.path());
    let o = run_in(dir.path(), &["konvertera", "uppfoljning.toml", "bok.xlsx"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = run_in(dir.path(), &["bygg", "bok.xlsx", "--bara-pdf", "-o", "ut"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_headers_as_written(&dir.path().join("ut/bok.pdf"));
    let o = run_in(dir.path(), &["konvertera", "bok.xlsx", "tillbaka.toml"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let back = std::fs::read_to_string(dir.path().join("tillbaka.toml")).unwrap();
    assert!(back.contains(TABLE), "{back}");
    assert_eq!(back.matches("kolumnrubriker]").count(), 1, "{back}");
}

/// A follow-up workbook as a person fills it in, with a sheet
/// Kolumnrubriker naming `goal`.
fn workbook_naming(dir: &Path, goal: &str) -> std::path::PathBuf {
    let mut wb = Workbook::new();
    let doc = wb.add_worksheet();
    doc.set_name("Dokument").unwrap();
    for (r, (k, v)) in (0u32..).zip([
        ("Dokumenttyp", "uppföljning"),
        ("Titel", "Uppföljning av verksamhetsplan"),
        ("Organisation", "Provkommun"),
        ("Uppföljningsdatum", "2023-03-31"),
        ("Datum", "2023-04-20"),
    ]) {
        doc.write(r, 0, k).unwrap();
        doc.write(r, 1, v).unwrap();
    }
    let ws = wb.add_worksheet();
    ws.set_name("Aktiviteter").unwrap();
    let head = [
        "Perspektiv",
        "Kommunövergripande mål",
        "Nämndmål",
        "Aktivitet",
        "Slutdatum",
        "Status",
        "Kommentar",
        "Ansvarig",
    ];
    for (c, h) in (0u16..).zip(head) {
        ws.write(0, c, h).unwrap();
    }
    for (r, row) in (1u32..).zip([
        ["Ekonomi", "Hållbar ekonomi", "Goda resultat", "Genomföra åtgärdsprogram", "2023-12-31", "Pågår", "", "Sonja"],
        [
            "Medarbetare",
            "Attraktiv arbetsgivare",
            "Goda arbetsplatser",
            "Friskvård",
            "2023-06-30",
            "Pågår",
            "",
            "Johan",
        ],
    ]) {
        for (c, v) in (0u16..).zip(row) {
            ws.write(r, c, v).unwrap();
        }
    }
    let ws = wb.add_worksheet();
    ws.set_name("Kolumnrubriker").unwrap();
    for (c, h) in (0u16..).zip(head) {
        ws.write(0, c, h).unwrap();
    }
    for (c, v) in (0u16..).zip(["Ekonomi", goal, "Förvaltningsmål", "", "Slutfört"]) {
        ws.write(1, c, v).unwrap();
    }
    let path = dir.join("bok.xlsx");
    wb.save(&path).unwrap();
    path
}

#[test]
fn the_sheet_kolumnrubriker_sets_a_goal_s_headers() {
    let dir = tempdir();
    workbook_naming(dir.path(), "Hållbar ekonomi");
    let o = run_in(dir.path(), &["bygg", "bok.xlsx", "--bara-pdf", "-o", "ut"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = pdf_text(&dir.path().join("ut/bok.pdf"), None);
    let economy = text.find("Förvaltningsmål").expect("the goal's own header");
    assert!(text[economy..].contains("Slutfört"), "{text}");
    // The other goal's table: the standard headers.
    assert!(text.contains("Nämndmål") && text.contains("Slutdatum"), "{text}");
}

#[test]
fn headers_for_a_goal_that_is_not_there_are_an_error_at_their_cell() {
    let dir = tempdir();
    workbook_naming(dir.path(), "Hållbar ekonom");
    let o = run_in(dir.path(), &["bygg", "bok.xlsx", "-o", "ut"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(!dir.path().join("ut").exists(), "something was written");
    let err = stderr(&o);
    assert!(!err.contains("panicked"), "{err}");
    insta::assert_snapshot!("headers_for_an_unknown_goal", err.replace(dir.path().to_str().unwrap(), "[DIR]"));
}

#[test]
fn an_unknown_column_in_kolumnrubriker_is_named() {
    let dir = tempdir();
    let src = std::fs::read_to_string(with_headers(dir.path())).unwrap();
    std::fs::write(
        dir.path().join("uppfoljning.toml"),
        src.replacen("slutdatum = \"Slutfört\"", "slutdaum = \"Slutfört\"", 1),
    )
    .unwrap();
    let o = run_in(dir.path(), &["kontrollera", "uppfoljning.toml"]);
    let err = stderr(&o);
    assert!(!err.contains("panicked"), "{err}");
    let warning: String = err.lines().skip_while(|l| !l.contains("slutdaum")).take(3).collect::<Vec<_>>().join("\n");
    insta::assert_snapshot!("unknown_header_column", warning);
}
