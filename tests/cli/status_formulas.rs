//! The committee workbook of a follow-up understands a status as the next
//! build does: a committee member who types a synonym, an organisation's own
//! word, another case or a longer text into Status gets it counted by
//! Excel's formulas at once, not only by the PDF after a rebuild. Checked
//! with an evaluator that is not ours (`LibreOffice`, recalculation forced)
//! against counts worked out by hand, and against the rebuilt PDF.

use std::io::{Read as _, Write as _};
use std::path::Path;

use calamine::{Data, Reader, open_workbook_auto};

use crate::indicators::{libreoffice, recalculated};
use crate::util::{pdf_text, run_in, squash, stderr, tempdir};

fn build(dir: &Path, input: &str, out: &str) {
    let o = run_in(dir, &["bygg", input, "-o", out]);
    assert!(o.status.success(), "build of {input} failed:\n{}", stderr(&o));
}

fn text_of(d: &Data) -> String {
    match d {
        Data::String(s) => s.clone(),
        Data::Float(f) => format!("{f}"),
        Data::Int(i) => format!("{i}"),
        Data::Empty => String::new(),
        other => format!("{other}"),
    }
}

/// Every cell of a sheet as written (formulas as their cached values).
fn cached(xlsx: &Path, name: &str) -> Vec<Vec<String>> {
    let mut wb = open_workbook_auto(xlsx).unwrap();
    wb.worksheet_range(name).unwrap().rows().map(|r| r.iter().map(text_of).collect()).collect()
}

/// The workbook with the inline-string cells `edits` (cell, text) written
/// into its Aktiviteter sheet (sheet2.xml), as Excel writes a typed value.
fn edited(from: &Path, to: &Path, edits: &[(&str, &str)]) {
    let mut zin = zip::ZipArchive::new(std::fs::File::open(from).unwrap()).unwrap();
    let mut zout = zip::ZipWriter::new(std::fs::File::create(to).unwrap());
    for i in 0..zin.len() {
        let mut entry = zin.by_index(i).unwrap();
        let name = entry.name().unwrap().to_string();
        let mut data = Vec::new();
        entry.read_to_end(&mut data).unwrap();
        if name == "xl/worksheets/sheet2.xml" {
            let mut xml = String::from_utf8(data).unwrap();
            for (cell, text) in edits {
                xml = replace_cell(&xml, cell, text);
            }
            data = xml.into_bytes();
        }
        zout.start_file(name, zip::write::SimpleFileOptions::default()).unwrap();
        zout.write_all(&data).unwrap();
    }
    zout.finish().unwrap();
}

fn replace_cell(xml: &str, cell: &str, text: &str) -> String {
    let start = xml.find(&format!("<c r=\"{cell}\"")).unwrap_or_else(|| panic!("cell {cell}"));
    let tag_end = start + xml[start..].find('>').unwrap();
    let end =
        if xml[..=tag_end].ends_with("/>") { tag_end + 1 } else { start + xml[start..].find("</c>").unwrap() + 4 };
    let style = xml[start..tag_end]
        .split(" s=\"")
        .nth(1)
        .map_or(String::new(), |s| format!(" s=\"{}\"", s.split('"').next().unwrap()));
    let escaped = text.replace('&', "&amp;").replace('<', "&lt;");
    let new = if text.is_empty() {
        format!("<c r=\"{cell}\"{style}/>")
    } else {
        format!("<c r=\"{cell}\"{style} t=\"inlineStr\"><is><t xml:space=\"preserve\">{escaped}</t></is></c>")
    };
    format!("{}{new}{}", &xml[..start], &xml[end..])
}

/// A column of the Aktiviteter sheet by header, rows 2 on.
fn column(rows: &[Vec<String>], header: &str) -> Vec<String> {
    let c = rows[0].iter().position(|h| h == header).unwrap_or_else(|| panic!("no column {header}: {:?}", rows[0]));
    rows[1..].iter().map(|r| r.get(c).cloned().unwrap_or_default()).collect()
}

/// The per-perspective rows and the total row of Sammanfattning (from its
/// header row "Perspektiv" to "Totalt"), and the summary sentence.
fn summary(rows: &[Vec<String>]) -> (Vec<Vec<String>>, String) {
    let head = rows.iter().position(|r| r.first().is_some_and(|c| c == "Perspektiv")).expect("header row");
    let end = head + rows[head..].iter().position(|r| r.first().is_some_and(|c| c == "Totalt")).expect("total row");
    let table = rows[head..=end].iter().map(|r| r.iter().take(9).cloned().collect()).collect();
    let sentence = rows
        .iter()
        .filter_map(|r| r.first())
        .find(|c| c.contains("aktiviteter genomförda"))
        .cloned()
        .unwrap_or_default();
    (table, sentence)
}

fn row(cells: &[&str]) -> Vec<String> {
    cells.iter().map(|c| (*c).to_string()).collect()
}

/// A follow-up per 31 March 2023 with an organisation's own word for done
/// ("Grön", synonym "Avbockad"), two perspectives and one activity with a
/// status per unit. Rows of Aktiviteter: 2 Rekrytering, 3 Introduktion,
/// 4 Mentorskap, 5–6 Ledarskap (ÄO, LSS), 7 Budget, 8 Uppföljning.
const FOLLOWUP: &str = r##"
[dokument]
typ = "uppfoljning"
titel = "Uppföljning"
datum = 2023-04-20
per = 2023-03-31

[[status]]
namn = "Grön"
betyder = "genomford"
farg = "#b7e1b0"
synonymer = ["Avbockad"]

[[perspektiv]]
namn = "Medarbetare"
[[perspektiv.mal]]
namn = "Attraktiv arbetsgivare"
[[perspektiv.mal.namndmal]]
rubrik = "Kompetens"
[[perspektiv.mal.namndmal.aktivitet]]
text = "Rekrytering"
slutdatum = 2023-06-30
status = "Pågår"
[[perspektiv.mal.namndmal.aktivitet]]
text = "Introduktion"
slutdatum = 2022-12-31
status = "Pågår"
[[perspektiv.mal.namndmal.aktivitet]]
text = "Mentorskap"
slutdatum = 2023-12-31
status = "Ej påbörjad"
[[perspektiv.mal.namndmal.aktivitet]]
text = "Ledarskap"
slutdatum = 2023-02-28
[[perspektiv.mal.namndmal.aktivitet.enhet]]
namn = "ÄO"
status = "Pågår"
[[perspektiv.mal.namndmal.aktivitet.enhet]]
namn = "LSS"
status = "Pågår"

[[perspektiv]]
namn = "Ekonomi"
[[perspektiv.mal]]
namn = "God hushållning"
[[perspektiv.mal.namndmal]]
rubrik = "Budget i balans"
[[perspektiv.mal.namndmal.aktivitet]]
text = "Budget"
slutdatum = 2023-01-31
status = "Försenad"
[[perspektiv.mal.namndmal.aktivitet]]
text = "Uppföljning"
slutdatum = 2023-12-31
status = "Pågår"
"##;

/// The summary header as the tool writes it: the organisation's word first.
fn header() -> Vec<String> {
    row(&[
        "Perspektiv",
        "Grön",
        "Pågår",
        "Ej påbörjad",
        "Försenad",
        "Avbruten",
        "Ej angiven",
        "Totalt",
        "Passerat slutdatum",
    ])
}

#[test]
fn synonyms_own_words_and_other_case_typed_into_status_are_counted_by_excel_as_by_the_next_build() {
    let Some(lo) = libreoffice() else { return };
    let dir = tempdir();
    std::fs::write(dir.path().join("u.toml"), FOLLOWUP).unwrap();
    build(dir.path(), "u.toml", "ut");
    let book = dir.path().join("ut/u.xlsx");
    let acts = cached(&book, "Aktiviteter");
    assert_eq!(
        column(&acts, "Aktivitet"),
        ["Rekrytering", "Introduktion", "Mentorskap", "Ledarskap", "Ledarskap", "Budget", "Uppföljning"]
    );

    // Untouched: the cached values are what LibreOffice computes. By hand:
    // Introduktion, Ledarskap and Budget have passed their end dates.
    let work = tempdir();
    let original = recalculated(&lo, &book, work.path());
    let by_hand_before = vec![
        header(),
        row(&["Medarbetare", "0", "3", "1", "0", "0", "0", "4", "2"]),
        row(&["Ekonomi", "0", "1", "0", "1", "0", "0", "2", "1"]),
        row(&["Totalt", "0", "4", "1", "1", "0", "0", "6", "3"]),
    ];
    let sentence_before = "0 av 6 aktiviteter genomförda, 3 har passerat slutdatum.";
    assert_eq!(summary(&cached(&book, "Sammanfattning")), (by_hand_before.clone(), sentence_before.to_string()));
    assert_eq!(summary(&original["Sammanfattning"]), (by_hand_before, sentence_before.to_string()));
    for h in ["Räknas som", "Passerat slutdatum", "Räknas som, enhet"] {
        assert_eq!(column(&original["Aktiviteter"], h), column(&acts, h), "{h}: cached and LibreOffice differ");
    }

    // The committee types: a synonym in lower case, a synonym in capitals,
    // the organisation's own synonym and word, a default synonym with a
    // capital, and a longer text holding a known word.
    let edits = [
        ("H2", "klart"),
        ("H3", "PÅGÅR ENLIGT PLAN"),
        ("H4", "avbockad"),
        ("H5", "Grön"),
        ("H6", "Struken"),
        ("H7", "Skjuts till hösten"),
    ];
    std::fs::create_dir(dir.path().join("andrad")).unwrap();
    let changed = dir.path().join("andrad/u.xlsx");
    edited(&book, &changed, &edits);
    // By hand: Rekrytering done; Introduktion ongoing and still past its
    // date; Mentorskap done; Ledarskap done (one unit done, one cancelled:
    // all closed); Budget delayed and past its date; Uppföljning ongoing.
    let by_hand_after = vec![
        header(),
        row(&["Medarbetare", "3", "1", "0", "0", "0", "0", "4", "1"]),
        row(&["Ekonomi", "0", "1", "0", "1", "0", "0", "2", "1"]),
        row(&["Totalt", "3", "2", "0", "1", "0", "0", "6", "2"]),
    ];
    let sentence_after = "3 av 6 aktiviteter genomförda, 2 har passerat slutdatum.";
    let recalc = recalculated(&lo, &changed, tempdir().path());
    assert_eq!(summary(&recalc["Sammanfattning"]), (by_hand_after.clone(), sentence_after.to_string()));
    assert_eq!(
        column(&recalc["Aktiviteter"], "Räknas som"),
        ["Grön", "Pågår", "Grön", "Grön", "", "Försenad", "Pågår"]
    );
    assert_eq!(column(&recalc["Aktiviteter"], "Räknas som, enhet"), ["", "", "", "Grön", "Avbruten", "", ""]);

    // The next build of the edited workbook says the same in its PDF and in
    // the counts it writes (its own computation, not Excel's).
    build(&dir.path().join("andrad"), "u.xlsx", "ut");
    let text = squash(&pdf_text(&dir.path().join("andrad/ut/u.pdf"), None));
    assert!(text.contains(&squash("3 av 6 aktiviteter är genomförda per 31 mars 2023")), "{text}");
    let rebuilt = dir.path().join("andrad/ut/u.xlsx");
    assert_eq!(summary(&cached(&rebuilt, "Sammanfattning")), (by_hand_after, sentence_after.to_string()));

    // A word the tool does not know: Excel says so instead of counting it
    // as something, and the next build names it at its cell.
    let unknown = dir.path().join("okand");
    std::fs::create_dir(&unknown).unwrap();
    edited(&book, &unknown.join("u.xlsx"), &[("H8", "Vet ej")]);
    let recalc = recalculated(&lo, &unknown.join("u.xlsx"), tempdir().path());
    assert_eq!(column(&recalc["Aktiviteter"], "Räknas som")[6], "Okänt ord");
    let (table, sentence) = summary(&recalc["Sammanfattning"]);
    assert_eq!(table[2], row(&["Ekonomi", "0", "0", "0", "1", "0", "0", "1", "1"]));
    assert_eq!(sentence, "0 av 5 aktiviteter genomförda, 3 har passerat slutdatum.");
    let o = run_in(&unknown, &["bygg", "u.xlsx", "-o", "ut"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("okänd status \"Vet ej\"") && stderr(&o).contains("[Aktiviteter]!H8"),
        "{}",
        stderr(&o)
    );
    assert!(!unknown.join("ut").exists(), "something was written");
}

/// Written statuses and what they mean, worked out by hand from the rule
/// (exact word or synonym in any case; otherwise the longest word that
/// occurs, at equal length the earlier).
const WRITTEN: [(&str, &str); 20] = [
    ("Genomfört.", "Genomförd"),
    ("KLART", "Genomförd"),
    ("Avslutat!", "Genomförd"),
    ("Startat och pågår", "Pågår"),
    ("Pågår inom ÄO", "Pågår"),
    ("pågående (ÄO)", "Pågår"),
    ("Igång", "Pågår"),
    ("Under arbete – klart i maj", "Pågår"),
    ("Ej påbörjat inom ÄO.", "Ej påbörjad"),
    ("Arbetet ej påbörjat inom LSS", "Ej påbörjad"),
    ("planerad\nstart i höst", "Ej påbörjad"),
    ("Skjuts till 2024", "Försenad"),
    ("Pågår, men försenat", "Försenad"),
    ("Klart/avbrutet", "Avbruten"),
    // "struken" and "pågår" are equally long (7 bytes): the earlier wins.
    ("Struken, pågår", "Avbruten"),
    ("Pågår, struken", "Pågår"),
    ("ej angiven", "Ej angiven"),
    ("", "Ej angiven"),
    ("  klar  ", "Genomförd"),
    ("Uppskjuten (budget)", "Försenad"),
];

#[test]
fn the_status_formula_reads_written_statuses_as_the_tool_does() {
    use std::fmt::Write as _;
    let Some(lo) = libreoffice() else { return };
    let mut src = String::from(
        "[dokument]\ntyp = \"uppfoljning\"\ntitel = \"U\"\ndatum = 2023-04-20\nper = 2023-03-31\n\n[[perspektiv]]\nnamn = \"P\"\n[[perspektiv.mal]]\nnamn = \"M\"\n[[perspektiv.mal.namndmal]]\nrubrik = \"N\"\n",
    );
    for i in 0..WRITTEN.len() {
        let _ = write!(
            src,
            "[[perspektiv.mal.namndmal.aktivitet]]\ntext = \"A{i}\"\nslutdatum = 2023-12-31\nstatus = \"Pågår\"\n"
        );
    }
    let dir = tempdir();
    std::fs::write(dir.path().join("u.toml"), src).unwrap();
    build(dir.path(), "u.toml", "ut");
    let cells: Vec<(String, &str)> = (2..).zip(WRITTEN).map(|(r, (w, _))| (format!("H{r}"), w)).collect();
    let edits: Vec<(&str, &str)> = cells.iter().map(|(c, w)| (c.as_str(), *w)).collect();
    std::fs::create_dir(dir.path().join("andrad")).unwrap();
    let changed = dir.path().join("andrad/u.xlsx");
    edited(&dir.path().join("ut/u.xlsx"), &changed, &edits);
    let by_hand: Vec<&str> = WRITTEN.iter().map(|(_, m)| *m).collect();
    let recalc = recalculated(&lo, &changed, tempdir().path());
    let excel = column(&recalc["Aktiviteter"], "Räknas som");
    for ((w, expected), got) in WRITTEN.iter().zip(&excel) {
        assert_eq!(got, expected, "Excel reads {w:?} as {got:?}");
    }
    // The tool reads them so too (its own cached values after a rebuild).
    build(&dir.path().join("andrad"), "u.xlsx", "ut");
    let tool = column(&cached(&dir.path().join("andrad/ut/u.xlsx"), "Aktiviteter"), "Räknas som");
    assert_eq!(tool, by_hand);
}
