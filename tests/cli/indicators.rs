//! Indicators judged right (issue 13): a table of targets and results with
//! the verdicts worked out by hand, run through TOML and through a filled-in
//! workbook — the verdict words read back from the PDF text and from the
//! committee workbook — and the workbook's formulas recalculated by
//! `LibreOffice` (an evaluator that is not this program's code).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use calamine::{Data, Reader};
use rust_xlsxwriter::{Format, Workbook};

use crate::util::{pdf_text, run_in, squash, stderr, tempdir};

/// A target or result as a person writes it.
#[derive(Clone, Copy, Debug)]
enum V {
    /// A number.
    N(f64),
    /// Text.
    T(&'static str),
    /// A percentage: an Excel percent cell in the workbook ("68 %" typed,
    /// 0,68 stored), "68 %" in TOML.
    P(f64),
}

#[derive(Clone, Debug)]
struct Case {
    id: u32,
    /// Thresholds: 'A' default (100/90), 'B' 100/80, 'C' 95/75.
    group: char,
    unit: &'static str,
    direction: &'static str,
    baseline: Option<f64>,
    increase: Option<f64>,
    /// The result of 2023, for "Ska öka"; and its target, if any.
    previous: Option<f64>,
    previous_target: Option<&'static str>,
    target: Option<V>,
    result: Option<V>,
    manual: &'static str,
    /// The verdict, worked out by hand.
    expected: &'static str,
}

impl Case {
    fn dir(mut self, d: &'static str) -> Self {
        self.direction = d;
        self
    }
    fn prev(mut self, p: f64) -> Self {
        self.previous = Some(p);
        self
    }
    fn prev_target(mut self, t: &'static str) -> Self {
        self.previous_target = Some(t);
        self
    }
    fn base(mut self, b: f64) -> Self {
        self.baseline = Some(b);
        self
    }
    fn inc(mut self, i: f64) -> Self {
        self.increase = Some(i);
        self
    }
    fn manual(mut self, m: &'static str) -> Self {
        self.manual = m;
        self
    }
    fn group(mut self, g: char) -> Self {
        self.group = g;
        self
    }
    fn unit(mut self, u: &'static str) -> Self {
        self.unit = u;
        self
    }
}

fn c(id: u32, target: Option<V>, result: Option<V>, expected: &'static str) -> Case {
    Case {
        id,
        group: 'A',
        unit: "",
        direction: "",
        baseline: None,
        increase: None,
        previous: None,
        previous_target: None,
        target,
        result,
        manual: "",
        expected,
    }
}

const UPP: &str = "Uppnått";
const DEL: &str = "Delvis uppnått";
const EJ: &str = "Ej uppnått";
const FAST: &str = "Ej fastställt";
const BED: &str = "Ej bedömd";

use V::{N, P, T};

/// The cases. Each verdict is worked out by hand in the comment beside it:
/// degree = result ÷ target (higher is better) or target ÷ result (lower);
/// met from the "uppnått" share (strictly above it for < and >), partly
/// from the "delvis" share.
#[allow(clippy::too_many_lines)]
fn cases() -> Vec<Case> {
    vec![
        // Plain numbers and units, higher is better (default 100 / 90).
        c(1, Some(T("NKI 75")), Some(N(78.0)), UPP), // 78/75 = 1,04
        c(2, Some(T("NKI 75")), Some(N(70.0)), DEL), // 70/75 = 0,933
        c(3, Some(T("NKI 75")), Some(N(60.0)), EJ),  // 60/75 = 0,8
        c(4, Some(N(75.0)), Some(N(75.0)), UPP),     // equal, not strict
        c(5, Some(T("6,5 %")), Some(N(6.2)), UPP).dir("lägre"), // 6,5/6,2 = 1,048
        c(6, Some(T("6,5 %")), Some(N(6.2)), DEL),   // higher by default: 6,2/6,5 = 0,954
        // Comparisons: "<" and "≤" imply lower is better; strict is strict.
        c(7, Some(T("<10")), Some(N(13.3)), EJ),          // 10/13,3 = 0,752
        c(8, Some(T("<10")), Some(N(9.5)), UPP),          // 9,5 < 10
        c(9, Some(T("<10")), Some(N(10.0)), DEL),         // not below 10; 10/10 = 1 ≥ 0,9
        c(10, Some(T("≤12")), Some(N(18.0)), EJ),         // 12/18 = 0,667
        c(11, Some(T("≤ 12")), Some(N(12.0)), UPP),       // 12 ≤ 12
        c(12, Some(T("> 90 %")), Some(N(90.0)), DEL),     // not above 90; 90/90 = 1
        c(13, Some(T("> 90 %")), Some(N(91.0)), UPP),     // 91 > 90
        c(14, Some(T("Minst 55 %")), Some(N(53.0)), DEL), // 53/55 = 0,964
        c(15, Some(T("Minst 55 %")), Some(N(45.0)), EJ),  // 45/55 = 0,818
        c(16, Some(T("Lägst 80")), Some(N(80.0)), UPP),   // 80 ≥ 80
        c(17, Some(T("Högst 6 %")), Some(N(6.4)), DEL),   // 6/6,4 = 0,9375
        c(18, Some(T("Högst 6 %")), Some(N(7.5)), EJ),    // 6/7,5 = 0,8
        c(19, Some(T("Max 5 dagar")), Some(N(4.0)), UPP), // 5/4 = 1,25
        c(20, Some(T("Under 7 %")), Some(N(7.0)), DEL),   // not under 7; 7/7 = 1
        c(21, Some(T("Under 7 %")), Some(N(6.9)), UPP),   // 6,9 < 7
        c(22, Some(T("Över 85")), Some(N(86.0)), UPP),    // 86 > 85
        c(23, Some(T("Över 85")), Some(N(85.0)), DEL),    // not above 85; 1
        // Ranges: inside is met; outside against the nearer end.
        c(24, Some(T("90–95 %")), Some(N(92.0)), UPP),
        c(25, Some(T("90–95 %")), Some(N(85.0)), DEL), // 85/90 = 0,944
        c(26, Some(T("90–95 %")), Some(N(99.0)), DEL), // 95/99 = 0,960
        c(27, Some(T("90–95 %")), Some(N(70.0)), EJ),  // 70/90 = 0,778
        // Directions against the previous year's result (2023), or the baseline.
        c(28, Some(T("Ska öka")), Some(N(74.0)), UPP).prev(72.0),
        c(29, Some(T("Ska öka")), Some(N(72.0)), EJ).prev(72.0), // unchanged is no increase
        c(30, Some(T("Ska öka")), Some(N(71.0)), EJ).prev(72.0),
        c(31, Some(T("Ska minska")), Some(N(7.4)), UPP).prev(8.1),
        c(32, Some(T("Ska minska")), Some(N(8.3)), EJ).prev(8.1),
        c(33, Some(T("Bibehålla")), Some(N(90.0)), UPP).prev(90.0),
        c(34, Some(T("Bibehålla")), Some(N(89.0)), EJ).prev(90.0),
        c(35, Some(T("Bibehålla")), Some(N(4.0)), UPP).prev(5.0).dir("lägre"), // 4 is not worse than 5
        c(36, Some(T("Öka")), Some(N(65.0)), UPP).base(60.0),                  // no 2023: the baseline 60
        // Lower is better because 2023's target says so ("Högst"): 4,5 is not worse than 5.
        c(56, Some(T("Bibehålla")), Some(N(4.5)), UPP).prev(5.0).prev_target("Högst 6 %"),
        c(37, Some(T("Ska öka")), Some(N(50.0)), BED), // nothing to compare with
        // Words that are no target; a person's own verdict.
        c(38, Some(T("Alla chefer ska ha gått utbildningen")), Some(N(12.0)), BED),
        c(39, Some(T("Alla chefer ska ha gått utbildningen")), Some(N(12.0)), UPP).manual("Uppnått"),
        c(52, Some(N(10.0)), Some(N(12.0)), EJ).manual("Ej uppnått"), // 12/10 would be met
        // Missing, footnoted and unreadable results.
        c(40, Some(N(75.0)), Some(T("Statistik saknas")), FAST),
        c(41, Some(N(75.0)), None, FAST),
        c(42, Some(T("≤ 12")), Some(T("12,8 (15,8*)")), DEL), // 12/12,8 = 0,9375
        c(43, Some(T("<10")), Some(T("13,3*")), EJ),          // 10/13,3 = 0,752
        c(44, Some(N(75.0)), Some(T("bra eller dålig")), BED),
        // Increases over a baseline: okning, and in words.
        c(45, None, Some(N(222.0)), UPP).base(193.0).inc(15.0), // 193 × 1,15 = 221,95
        c(46, None, Some(N(220.0)), DEL).base(193.0).inc(20.0), // 231,6: 220/231,6 = 0,950
        c(47, Some(T("Ökning med 15 % (från 2019)")), Some(N(200.0)), DEL).base(193.0), // 200/221,95 = 0,901
        c(48, Some(T("Minska med 2 procentenheter")), Some(N(6.5)), DEL).base(8.0), // 6/6,5 = 0,923
        // Percent cells: 68 % is 68, not 0,68.
        c(49, Some(N(75.0)), Some(P(68.0)), DEL),             // 68/75 = 0,907
        c(50, Some(P(75.0)), Some(P(72.9)), DEL),             // 72,9/75 = 0,972
        c(51, Some(P(6.5)), Some(P(6.2)), UPP).dir("lägre"),  // 6,5/6,2 = 1,048
        c(53, Some(N(10.0)), Some(N(9.0)), UPP).dir("lagre"), // ASCII spelling; 10/9
        c(54, Some(N(100.0)), Some(N(89.9)), EJ),             // 0,899 < 0,9
        c(55, Some(T("Minst 55 %")), Some(P(56.0)), UPP).unit("%"), // 56/55
        // Thresholds 100 / 80.
        c(60, Some(N(100.0)), Some(N(85.0)), DEL).group('B'), // 0,85 ≥ 0,8
        c(61, Some(N(100.0)), Some(N(79.0)), EJ).group('B'),
        c(62, Some(T("Högst 6 %")), Some(N(7.2)), DEL).group('B'), // 6/7,2 = 0,833
        c(63, Some(T("Ska öka")), Some(N(71.0)), EJ).prev(72.0).group('B'), // no partly for directions
        // Thresholds 95 / 75.
        c(70, Some(N(100.0)), Some(N(96.0)), UPP).group('C'), // 0,96 ≥ 0,95
        c(71, Some(T("<10")), Some(N(10.4)), UPP).group('C'), // 10/10,4 = 0,962 > 0,95
        c(72, Some(T("Över 85")), Some(N(80.0)), DEL).group('C'), // 80/85 = 0,941
        c(73, Some(T("90–95 %")), Some(N(70.0)), DEL).group('C'), // 70/90 = 0,778 ≥ 0,75
        c(74, Some(T("Lägst 80")), Some(N(59.0)), EJ).group('C'), // 59/80 = 0,7375
    ]
}

fn thresholds(group: char) -> Option<(f64, f64)> {
    match group {
        'B' => Some((100.0, 80.0)),
        'C' => Some((95.0, 75.0)),
        _ => None,
    }
}

fn toml_value(v: V) -> String {
    match v {
        N(n) => format!("{n}"),
        T(s) => format!("\"{s}\""),
        P(n) => format!("\"{} %\"", format!("{n}").replace('.', ",")),
    }
}

fn toml_for(cases: &[&Case], group: char) -> String {
    let mut s = String::from(
        "[dokument]\ntyp = \"delarsrapport\"\ntitel = \"Indikatorer\"\nrapport = \"VB\"\nar = 2024\ndatum = 2024-12-31\n\n",
    );
    if let Some((a, p)) = thresholds(group) {
        let _ = write!(s, "[bedomning]\nuppnatt = {a}\ndelvis = {p}\n\n");
    }
    s.push_str("[[insats]]\nfas = \"Attrahera\"\nnamn = \"Indikatorer\"\nstatus = \"Pågår\"\n\n");
    for k in cases {
        let _ = writeln!(s, "[[insats.mal]]\nindikator = \"Fall {:02}\"\nenhet = \"{}\"", k.id, k.unit);
        if !k.direction.is_empty() {
            let _ = writeln!(s, "riktning = \"{}\"", k.direction);
        }
        if let Some(b) = k.baseline {
            let _ = writeln!(s, "utgangslage_ar = 2019\nutgangslage = {b}");
        }
        if let Some(p) = k.previous {
            let _ = writeln!(s, "[[insats.mal.ar]]\nar = 2023\nresultat = {p}");
            if let Some(t) = k.previous_target {
                let _ = writeln!(s, "mal = \"{t}\"");
            }
        }
        s.push_str("[[insats.mal.ar]]\nar = 2024\n");
        if let Some(t) = k.target {
            let _ = writeln!(s, "mal = {}", toml_value(t));
        }
        if let Some(i) = k.increase {
            let _ = writeln!(s, "okning = {i}");
        }
        if let Some(r) = k.result {
            let _ = writeln!(s, "resultat = {}", toml_value(r));
        }
        if !k.manual.is_empty() {
            let _ = writeln!(s, "bedomning = \"{}\"", k.manual);
        }
        s.push('\n');
    }
    s
}

/// The workbook a person fills in: Dokument (with the thresholds), Insatser, Mål.
fn workbook_for(cases: &[&Case], group: char, path: &Path) {
    let mut wb = Workbook::new();
    let percent = Format::new().set_num_format("0.0%");
    let doc = wb.add_worksheet();
    doc.set_name("Dokument").unwrap();
    let mut rows: Vec<(&str, String)> = vec![
        ("Fält", "Värde".into()),
        ("Dokumenttyp", "delårsrapport".into()),
        ("Titel", "Indikatorer".into()),
        ("Rapport", "VB".into()),
        ("År", "2024".into()),
        ("Datum", "2024-12-31".into()),
    ];
    if let Some((a, p)) = thresholds(group) {
        rows.push(("Uppnått från %", format!("{a}")));
        rows.push(("Delvis uppnått från %", format!("{p}")));
    }
    for (r, (k, v)) in (0u32..).zip(&rows) {
        doc.write_string(r, 0, *k).unwrap();
        match v.parse::<f64>() {
            Ok(n) if r > 5 => doc.write_number(r, 1, n).unwrap(),
            _ => doc.write_string(r, 1, v).unwrap(),
        };
    }
    let ins = wb.add_worksheet();
    ins.set_name("Insatser").unwrap();
    for (col, v) in (0u16..).zip(["Fas", "Insats", "Status"]) {
        ins.write_string(0, col, v).unwrap();
    }
    for (col, v) in (0u16..).zip(["Attrahera", "Indikatorer", "Pågår"]) {
        ins.write_string(1, col, v).unwrap();
    }
    let mal = wb.add_worksheet();
    mal.set_name("Mål").unwrap();
    let header = [
        "Insats",
        "Indikator",
        "Enhet",
        "Riktning",
        "År",
        "Utgångsläge år",
        "Utgångsläge",
        "Ökning %",
        "Mål",
        "Resultat",
        "Bedömning",
    ];
    for (col, v) in (0u16..).zip(header) {
        mal.write_string(0, col, v).unwrap();
    }
    let put = |ws: &mut rust_xlsxwriter::Worksheet, r: u32, col: u16, v: V| match v {
        N(n) => {
            ws.write_number(r, col, n).unwrap();
        }
        T(s) => {
            ws.write_string(r, col, s).unwrap();
        }
        P(n) => {
            ws.write_number_with_format(r, col, n / 100.0, &percent).unwrap();
        }
    };
    let mut r = 1u32;
    for k in cases {
        let mut years: Vec<(f64, Option<V>, Option<V>, &str)> = Vec::new();
        if let Some(p) = k.previous {
            years.push((2023.0, k.previous_target.map(T), Some(N(p)), ""));
        }
        years.push((2024.0, k.target, k.result, k.manual));
        for (year, target, result, manual) in years {
            mal.write_string(r, 0, "Indikatorer").unwrap();
            mal.write_string(r, 1, format!("Fall {:02}", k.id)).unwrap();
            mal.write_string(r, 2, k.unit).unwrap();
            mal.write_string(r, 3, k.direction).unwrap();
            mal.write_number(r, 4, year).unwrap();
            if let Some(b) = k.baseline {
                mal.write_number(r, 5, 2019.0).unwrap();
                mal.write_number(r, 6, b).unwrap();
            }
            if year > 2023.0
                && let Some(i) = k.increase
            {
                mal.write_number(r, 7, i).unwrap();
            }
            if let Some(t) = target {
                put(mal, r, 8, t);
            }
            if let Some(v) = result {
                put(mal, r, 9, v);
            }
            mal.write_string(r, 10, manual).unwrap();
            r += 1;
        }
    }
    wb.save(path).unwrap();
}

const WORDS: [&str; 5] = [DEL, EJ, UPP, FAST, BED];

/// The verdict of 2024 per case, read from the PDF's text: the first
/// verdict word after "2024" in the case's block; and whether the block says
/// "(manuell bedömning)".
fn pdf_verdicts(pdf: &Path) -> BTreeMap<u32, (String, bool)> {
    let text = squash(&pdf_text(pdf, None));
    let mut out = BTreeMap::new();
    let marks: Vec<(usize, u32)> = text
        .match_indices("Målvärde:Fall")
        .filter_map(|(i, m)| text[i + m.len()..].get(..2).and_then(|d| d.parse().ok()).map(|id| (i, id)))
        .collect();
    for (k, &(start, id)) in marks.iter().enumerate() {
        let end = marks.get(k + 1).map_or(text.len(), |m| m.0);
        let block = &text[start..end];
        let Some(year) = block.find("2024") else { continue };
        let after = &block[year..];
        let word = WORDS
            .iter()
            .filter_map(|w| after.find(&squash(w)).map(|p| (p, *w)))
            .min()
            .map_or(String::new(), |(_, w)| w.to_string());
        out.insert(id, (word, block.contains("(manuellbedömning)")));
    }
    out
}

/// Per case (the indicator's number), column values of the 2024 row of a
/// Mål sheet given as rows of text.
fn sheet_column(rows: &[Vec<String>], column: &str) -> BTreeMap<u32, String> {
    let header = &rows[0];
    let at = |name: &str| header.iter().position(|h| h == name).unwrap_or_else(|| panic!("no column {name}"));
    let (ind, year, col) = (at("Indikator"), at("År"), at(column));
    rows[1..]
        .iter()
        .filter(|r| r.get(year).is_some_and(|y| y.trim() == "2024"))
        .filter_map(|r| {
            let id: u32 = r[ind].trim_start_matches("Fall ").parse().ok()?;
            Some((id, r.get(col).cloned().unwrap_or_default()))
        })
        .collect()
}

/// The Mål sheet as written, with the cached values of the formulas.
fn cached_rows(xlsx: &Path) -> Vec<Vec<String>> {
    let mut book = calamine::open_workbook_auto(xlsx).unwrap();
    let range = book.worksheet_range("Mål").unwrap();
    range
        .rows()
        .map(|r| {
            r.iter()
                .map(|d| match d {
                    Data::Float(f) => format!("{f}"),
                    Data::Int(i) => format!("{i}"),
                    Data::Empty => String::new(),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect()
}

/// Where `LibreOffice` is, if it is installed (`libreoffice-calc-nogui`).
fn soffice() -> Option<PathBuf> {
    for name in ["soffice", "libreoffice"] {
        if let Ok(o) = Command::new("which").arg(name).output()
            && o.status.success()
        {
            let p = String::from_utf8_lossy(&o.stdout).trim().to_string();
            if !p.is_empty() {
                return Some(PathBuf::from(p));
            }
        }
    }
    None
}

/// `LibreOffice`, or a loud failure: the formula check needs an evaluator
/// that is not ours. `PLANRAPPORT_SKIP_LIBREOFFICE=1` skips it by choice.
pub(crate) fn libreoffice() -> Option<PathBuf> {
    if std::env::var_os("PLANRAPPORT_SKIP_LIBREOFFICE").is_some() {
        eprintln!("LibreOffice check skipped (PLANRAPPORT_SKIP_LIBREOFFICE)");
        return None;
    }
    Some(soffice().expect(
        "LibreOffice is needed for the formula check: apt-get install -y libreoffice-calc-nogui \
         (or set PLANRAPPORT_SKIP_LIBREOFFICE=1 to skip it)",
    ))
}

/// Every sheet of a workbook as `LibreOffice` computes it on loading, with
/// recalculation forced (a profile that says "always recalculate"), as
/// rows of text by sheet name.
pub(crate) fn recalculated(soffice: &Path, xlsx: &Path, work: &Path) -> BTreeMap<String, Vec<Vec<String>>> {
    let profile = work.join("lo-profile");
    std::fs::create_dir_all(profile.join("user")).unwrap();
    std::fs::write(
        profile.join("user/registrymodifications.xcu"),
        r#"<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"#,
    )
    .unwrap();
    let out = work.join("csv");
    let o = Command::new(soffice)
        .arg("--headless")
        .arg(format!("-env:UserInstallation=file://{}", profile.display()))
        .arg("--convert-to")
        // Comma, quote, UTF-8, from line 1; values not as shown; every sheet.
        .arg("csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1")
        .arg("--outdir")
        .arg(&out)
        .arg(xlsx)
        .output()
        .expect("soffice runs");
    assert!(o.status.success(), "soffice failed: {}", String::from_utf8_lossy(&o.stderr));
    let stem = xlsx.file_stem().unwrap().to_string_lossy().to_string();
    let mut sheets = BTreeMap::new();
    for e in std::fs::read_dir(&out).unwrap() {
        let p = e.unwrap().path();
        let name = p.file_stem().unwrap().to_string_lossy().to_string();
        if let Some(sheet) = name.strip_prefix(&format!("{stem}-")) {
            sheets.insert(sheet.to_string(), parse_csv(&std::fs::read_to_string(&p).unwrap()));
        }
    }
    sheets
}

/// A small CSV reader: commas, double quotes, doubled quotes inside.
fn parse_csv(s: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = s.chars().peekable();
    while let Some(ch) = chars.next() {
        match ch {
            '"' if quoted && chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            '"' => quoted = !quoted,
            ',' if !quoted => row.push(std::mem::take(&mut field)),
            '\n' if !quoted => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            '\r' if !quoted => {}
            _ => field.push(ch),
        }
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        rows.push(row);
    }
    rows
}

/// A share as `LibreOffice` writes it ("90.6666666666667%", "0.906…") or as cached.
fn share(s: &str) -> Option<f64> {
    let t = s.trim();
    if let Some(p) = t.strip_suffix('%') {
        return p.trim().parse::<f64>().ok().map(|v| v / 100.0);
    }
    t.parse().ok()
}

/// Every cell of the sheet as cached by planrapport equals `LibreOffice`'s
/// recalculated value: numbers to 1e-9, text exactly.
pub(crate) fn same_values(cached: &[Vec<String>], recalculated: &[Vec<String>], what: &str) {
    let rows = cached.len().max(recalculated.len());
    for r in 0..rows {
        let width = cached.get(r).map_or(0, Vec::len).max(recalculated.get(r).map_or(0, Vec::len));
        for col in 0..width {
            let a = cached.get(r).and_then(|x| x.get(col)).map_or("", String::as_str);
            let b = recalculated.get(r).and_then(|x| x.get(col)).map_or("", String::as_str);
            let same = match (share(a), share(b)) {
                (Some(x), Some(y)) => (x - y).abs() <= 1e-9 * x.abs().max(1.0),
                _ => a.trim() == b.trim(),
            };
            assert!(same, "{what}: Mål row {} column {}: cached {a:?}, LibreOffice {b:?}", r + 1, col + 1);
        }
    }
}

fn build(dir: &Path, input: &str, out: &str) -> String {
    let o = run_in(dir, &["bygg", input, "-o", out]);
    assert!(o.status.success(), "build of {input} failed:\n{}", stderr(&o));
    stderr(&o)
}

/// Every case, through TOML and through a filled-in workbook: the verdict
/// in both PDFs and in both committee workbooks (cached values) is the one
/// worked out by hand; `LibreOffice`'s recalculation of both workbooks gives
/// it too, and the same degree of attainment.
#[test]
#[allow(clippy::too_many_lines)]
fn verdicts_worked_out_by_hand_in_pdf_and_workbook() {
    let all = cases();
    assert!(all.len() >= 40, "only {} cases", all.len());
    let mut ids: Vec<u32> = all.iter().map(|k| k.id).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), all.len(), "case numbers repeat");
    let lo = libreoffice();
    let dir = tempdir();
    let mut checked = 0;
    for group in ['A', 'B', 'C'] {
        let cases: Vec<&Case> = all.iter().filter(|k| k.group == group).collect();
        let toml_name = format!("grupp-{group}.toml");
        let xlsx_name = format!("ifylld-{group}.xlsx");
        std::fs::write(dir.path().join(&toml_name), toml_for(&cases, group)).unwrap();
        workbook_for(&cases, group, &dir.path().join(&xlsx_name));
        let from_toml = dir.path().join(format!("ut-toml-{group}"));
        let from_xlsx = dir.path().join(format!("ut-xlsx-{group}"));
        build(dir.path(), &toml_name, from_toml.to_str().unwrap());
        build(dir.path(), &xlsx_name, from_xlsx.to_str().unwrap());
        for (source, out, stem) in
            [("TOML", &from_toml, format!("grupp-{group}")), ("arbetsbok", &from_xlsx, format!("ifylld-{group}"))]
        {
            let pdf = pdf_verdicts(&out.join(format!("{stem}.pdf")));
            let xlsx = out.join(format!("{stem}.xlsx"));
            let cached = cached_rows(&xlsx);
            let book = sheet_column(&cached, "Bedömning");
            let degrees = sheet_column(&cached, "Måluppfyllelse");
            let recalculated = lo.as_ref().map(|lo| {
                let work = dir.path().join(format!("lo-{source}-{group}"));
                let sheets = recalculated(lo, &xlsx, &work);
                let rows = sheets.get("Mål").expect("LibreOffice wrote the Mål sheet").clone();
                same_values(&cached, &rows, &format!("{source} {group}"));
                (sheet_column(&rows, "Bedömning"), sheet_column(&rows, "Måluppfyllelse"))
            });
            for k in &cases {
                let (word, manual) = pdf.get(&k.id).cloned().unwrap_or_default();
                assert_eq!(
                    word, k.expected,
                    "case {} ({source}): PDF says {word:?}, by hand {:?}: {k:?}",
                    k.id, k.expected
                );
                assert_eq!(manual, !k.manual.is_empty(), "case {} ({source}): manual mark in the PDF", k.id);
                assert_eq!(book.get(&k.id).map(String::as_str), Some(k.expected), "case {} ({source}): workbook", k.id);
                if let Some((words, lo_degrees)) = &recalculated {
                    assert_eq!(
                        words.get(&k.id).map(String::as_str),
                        Some(k.expected),
                        "case {} ({source}): LibreOffice's recalculated verdict",
                        k.id
                    );
                    let ours = degrees.get(&k.id).and_then(|d| share(d));
                    let theirs = lo_degrees.get(&k.id).and_then(|d| share(d));
                    match (ours, theirs) {
                        (Some(a), Some(b)) => assert!((a - b).abs() < 1e-9, "case {}: degree {a} against {b}", k.id),
                        (None, None) => {}
                        other => panic!("case {} ({source}): degree cached/recalculated {other:?}", k.id),
                    }
                }
                checked += 1;
            }
        }
    }
    assert_eq!(checked, 2 * all.len());
}

/// `LibreOffice` does recalculate here: a formula whose cached value is wrong
/// comes back right. Without this, the check above could read our own
/// cached values back.
#[test]
fn libreoffice_recalculates_on_loading() {
    let Some(lo) = libreoffice() else { return };
    let dir = tempdir();
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Mål").unwrap();
    ws.write_formula(0, 0, rust_xlsxwriter::Formula::new("=1+1").set_result("5")).unwrap();
    let path = dir.path().join("prov.xlsx");
    wb.save(&path).unwrap();
    let sheets = recalculated(&lo, &path, dir.path());
    assert_eq!(sheets["Mål"][0][0], "2");
}

/// The thresholds of `[bedomning]` survive TOML → workbook → build, and
/// `konvertera` back to TOML keeps them: the same verdicts every way.
#[test]
fn thresholds_survive_the_workbook_and_convert() {
    let all = cases();
    let cases: Vec<&Case> = all.iter().filter(|k| k.group == 'B').collect();
    let dir = tempdir();
    std::fs::write(dir.path().join("b.toml"), toml_for(&cases, 'B')).unwrap();
    build(dir.path(), "b.toml", "ut");
    // The committee workbook, built again on its own.
    std::fs::create_dir(dir.path().join("igen")).unwrap();
    std::fs::copy(dir.path().join("ut/b.xlsx"), dir.path().join("igen/b.xlsx")).unwrap();
    build(&dir.path().join("igen"), "b.xlsx", "ut");
    let first = pdf_verdicts(&dir.path().join("ut/b.pdf"));
    let again = pdf_verdicts(&dir.path().join("igen/ut/b.pdf"));
    for k in &cases {
        assert_eq!(first[&k.id].0, k.expected, "case {}", k.id);
        assert_eq!(again[&k.id].0, k.expected, "case {} from the committee workbook", k.id);
    }
    let o = run_in(dir.path(), &["konvertera", "igen/b.xlsx", "tillbaka.toml"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let back = std::fs::read_to_string(dir.path().join("tillbaka.toml")).unwrap();
    assert!(back.contains("[bedomning]\nuppnatt = 100\ndelvis = 80"), "{back}");
    let a = std::fs::read(dir.path().join("ut/b.pdf")).unwrap();
    build(dir.path(), "tillbaka.toml", "ut2");
    let b = std::fs::read(dir.path().join("ut2/tillbaka.pdf")).unwrap();
    assert!(a == b, "the converted TOML builds a different PDF");
}

/// Percent cells print as percentages ("72,9 %", not "0,7 %"), and a
/// target cell and a result cell of different kinds are a warning naming both.
#[test]
fn percent_cells_print_as_percent_and_mixed_kinds_are_warned_about() {
    let all = cases();
    let cases: Vec<&Case> = all.iter().filter(|k| [49, 50].contains(&k.id)).collect();
    let dir = tempdir();
    workbook_for(&cases, 'A', &dir.path().join("p.xlsx"));
    let err = build(dir.path(), "p.xlsx", "ut");
    let text = squash(&pdf_text(&dir.path().join("ut/p.pdf"), None));
    assert!(text.contains(&squash("72,9 %")) && text.contains(&squash("75 %")), "{text}");
    assert!(!text.contains("0,7%"), "{text}");
    insta::assert_snapshot!("indicators_percent_mixed", err);
}

/// The messages: a target in words that is no target, a result that is no
/// number, "Ska öka" with nothing to compare with (warnings, the build goes
/// on); a direction that contradicts the target, an unknown direction and an
/// unknown verdict (errors at their places, nothing written).
#[test]
fn indicator_problems_are_named_at_their_place() {
    let dir = tempdir();
    let all = cases();
    let warned: Vec<&Case> = all.iter().filter(|k| [37, 38, 44].contains(&k.id)).collect();
    std::fs::write(dir.path().join("v.toml"), toml_for(&warned, 'A')).unwrap();
    let err = build(dir.path(), "v.toml", "ut");
    insta::assert_snapshot!("indicators_warnings", err);

    let bad = toml_for(&[], 'A')
        + "[[insats.mal]]\nindikator = \"Sjukfrånvaro\"\nriktning = \"högre\"\n[[insats.mal.ar]]\nar = 2024\nmal = \"Högst 6 %\"\nresultat = 5\n\n\
           [[insats.mal]]\nindikator = \"Personalomsättning\"\nriktning = \"nedåtgående\"\n[[insats.mal.ar]]\nar = 2024\nmal = 10\nresultat = 12\nbedomning = \"Uppnåt\"\n";
    std::fs::write(dir.path().join("fel.toml"), bad).unwrap();
    let o = run_in(dir.path(), &["bygg", "fel.toml", "-o", "fel"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(!dir.path().join("fel").exists());
    insta::assert_snapshot!("indicators_errors", stderr(&o));
}

/// The bundled interim report's committee workbook: every cached value of
/// its Mål sheet is what `LibreOffice` computes.
#[test]
fn bundled_report_workbook_agrees_with_libreoffice() {
    let Some(lo) = libreoffice() else { return };
    let dir = tempdir();
    let out = dir.path().join("ut");
    let root = crate::util::root();
    build(&root, "data/trelleborg-dr2-2023.toml", out.to_str().unwrap());
    let xlsx = out.join("trelleborg-dr2-2023.xlsx");
    let sheets = recalculated(&lo, &xlsx, dir.path());
    let cached = cached_rows(&xlsx);
    assert!(cached.len() > 10, "{} rows", cached.len());
    same_values(&cached, &sheets["Mål"], "trelleborg-dr2-2023");
}

/// The organisation profile's `[bedomning]` applies to a report without
/// its own, and the document's own wins; the PDF prints the degree of
/// attainment beside a partly met target.
#[test]
fn thresholds_from_the_organisation_profile() {
    let all = cases();
    let cases: Vec<&Case> = all.iter().filter(|k| [60, 61].contains(&k.id)).collect();
    let dir = tempdir();
    std::fs::write(dir.path().join("organisation.toml"), "[bedomning]\nuppnatt = 100\ndelvis = 80\n").unwrap();
    // Written without [bedomning]: the profile's 80 % makes 85 of 100 partly met.
    std::fs::write(dir.path().join("r.toml"), toml_for(&cases, 'A')).unwrap();
    build(dir.path(), "r.toml", "ut");
    let v = pdf_verdicts(&dir.path().join("ut/r.pdf"));
    assert_eq!((v[&60].0.as_str(), v[&61].0.as_str()), (DEL, EJ));
    let text = squash(&pdf_text(&dir.path().join("ut/r.pdf"), None));
    assert!(text.contains(&squash("(måluppfyllelse 85 %)")), "{text}");
    // The document's own thresholds (95 / 90) win over the profile's.
    let own = toml_for(&cases, 'A').replace("[[insats]]", "[bedomning]\nuppnatt = 95\ndelvis = 90\n\n[[insats]]");
    std::fs::write(dir.path().join("r.toml"), own).unwrap();
    build(dir.path(), "r.toml", "ut");
    let v = pdf_verdicts(&dir.path().join("ut/r.pdf"));
    assert_eq!((v[&60].0.as_str(), v[&61].0.as_str()), (EJ, EJ));
}

/// The report counts its year's targets by verdict in a sentence (counted
/// here by hand: one of each verdict).
#[test]
fn the_report_counts_its_targets() {
    let all = cases();
    let cases: Vec<&Case> = all.iter().filter(|k| [1, 2, 3, 38, 41].contains(&k.id)).collect();
    let dir = tempdir();
    std::fs::write(dir.path().join("r.toml"), toml_for(&cases, 'A')).unwrap();
    build(dir.path(), "r.toml", "ut");
    let text = squash(&pdf_text(&dir.path().join("ut/r.pdf"), None));
    let sentence = "Av 5 mål för 2024 är 1 uppnått, 1 delvis uppnått, 1 ej uppnått, 1 ej bedömt och 1 ej fastställt.";
    assert!(text.contains(&squash(sentence)), "{text}");
    // The bundled DR2: of its five targets for 2023 (ambassadors, applicants,
    // the introduction programme, two shares) one is met, one has its result
    // in words only (the programme: "120 st av 140 anmälda") and three have
    // no result yet.
    build(&crate::util::root(), "data/trelleborg-dr2-2023.toml", dir.path().join("dr2").to_str().unwrap());
    let text = squash(&pdf_text(&dir.path().join("dr2/trelleborg-dr2-2023.pdf"), None));
    assert!(text.contains(&squash("Av 5 mål för 2023 är 1 uppnått, 1 ej bedömt och 3 ej fastställda.")), "{text}");
    // The slide deck generated from the report says it too, with each target's verdict.
    let o = run_in(dir.path(), &["bygg", "r.toml", "--bildspel", "--bara-pdf", "-o", "deck"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let deck = squash(&pdf_text(&dir.path().join("deck/r-bildspel.pdf"), None));
    assert!(deck.contains(&squash("Måluppfyllelse 2024")) && deck.contains(&squash(sentence)), "{deck}");
    assert!(deck.contains(&squash("Fall 02: delvis uppnått")), "{deck}");
}

/// In a workbook: a target in words that is no target is a warning at its
/// cell whose hint names the column Bedömning; a direction that differs
/// within an indicator is an error at its cell; nothing is written.
#[test]
fn workbook_indicator_problems_are_named_at_their_cells() {
    let dir = tempdir();
    let words = c(1, Some(T("Alla chefer ska ha gått utbildningen")), Some(N(12.0)), BED);
    workbook_for(&[&words], 'A', &dir.path().join("ord.xlsx"));
    let err = build(dir.path(), "ord.xlsx", "ut");
    insta::assert_snapshot!("indicators_workbook_words", err);
    // Two rows of one indicator with different directions.
    let mut wb = Workbook::new();
    let doc = wb.add_worksheet();
    doc.set_name("Dokument").unwrap();
    for (r, (k, v)) in
        (0u32..).zip([("Dokumenttyp", "delårsrapport"), ("Titel", "T"), ("Rapport", "VB"), ("År", "2024")])
    {
        doc.write_string(r, 0, k).unwrap();
        doc.write_string(r, 1, v).unwrap();
    }
    let ins = wb.add_worksheet();
    ins.set_name("Insatser").unwrap();
    for (col, (h, v)) in (0u16..).zip([("Fas", "Behålla"), ("Insats", "Hälsa"), ("Status", "Pågår")]) {
        ins.write_string(0, col, h).unwrap();
        ins.write_string(1, col, v).unwrap();
    }
    let mal = wb.add_worksheet();
    mal.set_name("Mål").unwrap();
    for (col, h) in (0u16..).zip(["Insats", "Indikator", "Riktning", "År", "Mål", "Resultat"]) {
        mal.write_string(0, col, h).unwrap();
    }
    for (r, dir_word, year) in [(1u32, "lägre", 2023.0), (2, "högre", 2024.0)] {
        mal.write_string(r, 0, "Hälsa").unwrap();
        mal.write_string(r, 1, "Sjukfrånvaro").unwrap();
        mal.write_string(r, 2, dir_word).unwrap();
        mal.write_number(r, 3, year).unwrap();
        mal.write_string(r, 4, "6,5 %").unwrap();
        mal.write_number(r, 5, 6.2).unwrap();
    }
    wb.save(dir.path().join("riktning.xlsx")).unwrap();
    let o = run_in(dir.path(), &["bygg", "riktning.xlsx", "-o", "fel"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(!dir.path().join("fel").exists());
    insta::assert_snapshot!("indicators_workbook_direction", stderr(&o));
}
