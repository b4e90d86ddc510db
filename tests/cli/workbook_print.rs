//! Workbooks print as well as they look (issue 16, item 10): every sheet of
//! every bundled committee workbook has a print setup (A4, an orientation, a
//! header) whose date is the document's, not the day of printing; rows of
//! wrapped text are as tall as their lines. Read straight from the files'
//! XML; the expectations are the data's dates and line breaks.

use std::io::Read as _;
use std::path::Path;

use crate::util::{root, run_in, stderr, tempdir};

fn files(xlsx: &Path) -> Vec<(String, String)> {
    let data = std::fs::read(xlsx).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(data)).unwrap();
    (0..zip.len())
        .filter_map(|i| {
            let mut f = zip.by_index(i).unwrap();
            let name = f.name().unwrap().to_string();
            let mut s = String::new();
            f.read_to_string(&mut s).ok()?;
            Some((name, s))
        })
        .collect()
}

fn build_all(out: &Path) {
    for name in ["hagersten-alvsjo", "leanlink-uppfoljning", "trelleborg-dr2-2023", "ekbacka-personaluppfoljning-2024"]
    {
        let o = run_in(&root(), &["bygg", &format!("data/{name}.toml"), "--bara-excel", "-o", out.to_str().unwrap()]);
        assert!(o.status.success(), "{}", stderr(&o));
    }
}

#[test]
fn every_sheet_prints_on_a4_with_the_document_date_in_its_header() {
    let dir = tempdir();
    build_all(dir.path());
    // The documents' dates as the data files give them.
    for (name, date) in [
        ("hagersten-alvsjo", "2021-11-25"),
        ("leanlink-uppfoljning", "2023-04-20"),
        ("trelleborg-dr2-2023", "2023-08-31"),
        ("ekbacka-personaluppfoljning-2024", "2025-02-14"),
    ] {
        let toml = std::fs::read_to_string(root().join(format!("data/{name}.toml"))).unwrap();
        assert!(toml.contains(&format!("datum = {date}")), "{name}: the data's date is not {date}");
        let sheets: Vec<(String, String)> = files(&dir.path().join(format!("{name}.xlsx")))
            .into_iter()
            .filter(|(n, _)| n.starts_with("xl/worksheets/sheet"))
            .collect();
        assert!(sheets.len() >= 3, "{name}");
        for (sheet, xml) in &sheets {
            assert!(xml.contains("paperSize=\"9\""), "{name} {sheet}: no A4 print setup");
            assert!(xml.contains("orientation="), "{name} {sheet}: no orientation");
            let header = xml.split("<oddHeader>").nth(1).and_then(|h| h.split("</oddHeader>").next());
            let header = header.unwrap_or_else(|| panic!("{name} {sheet}: no print header"));
            assert!(header.ends_with(date), "{name} {sheet}: header {header:?} lacks the date {date}");
            assert!(!header.ends_with("&amp;D"), "{name} {sheet}: the header prints the day of printing");
        }
    }
}

#[test]
fn rows_of_wrapped_text_are_as_tall_as_their_lines() {
    let dir = tempdir();
    build_all(dir.path());
    let files = files(&dir.path().join("leanlink-uppfoljning.xlsx"));
    let strings = &files.iter().find(|(n, _)| n == "xl/sharedStrings.xml").unwrap().1;
    // The activity of the follow-up with a list of eleven lines (the data
    // file writes it with line breaks): its row holds at least 11 lines.
    let toml = std::fs::read_to_string(root().join("data/leanlink-uppfoljning.toml")).unwrap();
    let start =
        toml.find("text = \"\"\"\nInföra verksamhetsuppdrag för äldrenämnden").unwrap() + "text = \"\"\"\n".len();
    let text_end = start + toml[start..].find("\"\"\"").unwrap();
    let lines = toml[start..text_end].trim_end().lines().count();
    assert!(lines >= 11, "{lines}");
    let index = strings
        .split("<si>")
        .skip(1)
        .position(|si| si.contains("Införa verksamhetsuppdrag för äldrenämnden"))
        .expect("the activity among the shared strings");
    let sheet =
        files.iter().find(|(_, x)| x.contains(&format!("<v>{index}</v>")) && x.contains("<autoFilter")).unwrap();
    let row =
        sheet.1.split("<row ").find(|r| r.contains(&format!("t=\"s\"><v>{index}</v>"))).expect("the activity's row");
    let height: f64 = row
        .split(" ht=\"")
        .nth(1)
        .and_then(|h| h.split('"').next())
        .and_then(|h| h.parse().ok())
        .expect("a row height");
    // 15 points a line of 11-point text.
    #[allow(clippy::cast_precision_loss)]
    let needed = lines as f64 * 15.0;
    assert!(height >= needed, "row height {height} for {lines} lines");
}
