//! Indicators in every kind that has them (issue 13): the follow-up's
//! indicators under its committee goals, through TOML and through a filled-in
//! workbook, with the verdicts and the counts worked out by hand (never read
//! from the tool's own output); a follow-up of indicators only; a target or
//! result in words only; the committee workbook's formulas recalculated by
//! `LibreOffice`.

use std::collections::BTreeMap;
use std::path::Path;

use calamine::{Data, Reader};
use planrapport::pipeline::{Document, convert, load};
use rust_xlsxwriter::{Format, Workbook};

use crate::indicators::{libreoffice, recalculated, same_values};
use crate::util::{pdf_text, root, run_in, squash, stderr, tempdir};

const UPP: &str = "Uppnått";
const DEL: &str = "Delvis uppnått";
const EJ: &str = "Ej uppnått";
const FAST: &str = "Ej fastställt";
const BED: &str = "Ej bedömd";
const WORDS: [&str; 5] = [DEL, EJ, UPP, FAST, BED];

const EXAMPLE: &str = "data/ekbacka-personaluppfoljning-2024";

/// The bundled personnel follow-up, worked out by hand (default thresholds
/// 100 % and 90 %): indicator, verdict for 2024 and the note printed beside it.
const EXAMPLE_VERDICTS: [(&str, &str, &str); 12] = [
    // Lower is better: 7,0 ÷ 6,8 ≈ 103 %.
    ("Sjukfrånvaro, totalt", UPP, ""),
    // "Högst" makes it lower-is-better: 2,5 ÷ 2,9 ≈ 86 % < 90 %.
    ("Korttidssjukfrånvaro, dag 1–14", EJ, "(måluppfyllelse 86 %)"),
    // "Under 40 %": 40 ÷ 41,2 ≈ 97 %.
    ("Andel långtidssjukfrånvaro (60 dagar eller mer) av den totala sjukfrånvaron", DEL, "(måluppfyllelse 97 %)"),
    // "<10" against "11,4*": 10 ÷ 11,4 ≈ 88 %.
    ("Personalomsättning, tillsvidareanställda", EJ, "(måluppfyllelse 88 %)"),
    ("HME-index (hållbart medarbetarengagemang)", UPP, ""),
    // "Ska öka": 71 against 2023's 68.
    ("Andel medarbetare som kan rekommendera sin arbetsplats", UPP, ""),
    // 76,5 ÷ 80 ≈ 96 %.
    ("Andel heltidsanställda, månadsavlönade", DEL, "(måluppfyllelse 96 %)"),
    ("Andel av den arbetade tiden som utförs av timavlönade", FAST, ""),
    // "Max 30" and 29: 30 ÷ 29 ≈ 103 %.
    ("Antal medarbetare per chef", UPP, ""),
    // 74 ÷ 75 ≈ 99 %.
    ("Ledarskapsindex i medarbetarenkäten", DEL, "(måluppfyllelse 99 %)"),
    // A target in words with a person's own verdict.
    ("Chefer som har gått arbetsmiljöutbildningen", DEL, "(manuell bedömning)"),
    // 58 ÷ 70 ≈ 83 %.
    ("Andel rekryteringar med minst tre behöriga sökande", EJ, "(måluppfyllelse 83 %)"),
];

fn build(dir: &Path, input: &str, out: &str) -> String {
    let o = run_in(dir, &["bygg", input, "-o", out]);
    assert!(o.status.success(), "build of {input} failed:\n{}", stderr(&o));
    stderr(&o)
}

/// Per indicator, the first verdict word after "NAME2024" (the Indikator
/// cell prints the name and the year) in the PDF's text, with what follows it.
fn pdf_verdict(text: &str, name: &str) -> (String, String) {
    let marker = squash(&format!("{name}2024"));
    let start = text.find(&marker).unwrap_or_else(|| panic!("{name} 2024 not in the PDF"));
    let after = &text[start + marker.len()..];
    let (pos, word) =
        WORDS.iter().filter_map(|w| after.find(&squash(w)).map(|p| (p, *w))).min().expect("a verdict word");
    (word.to_string(), after[pos + squash(word).len()..].chars().take(30).collect())
}

/// A sheet of a workbook as text, with the cached values of its formulas.
fn sheet_rows(xlsx: &Path, sheet: &str) -> Vec<Vec<String>> {
    let mut book = calamine::open_workbook_auto(xlsx).unwrap();
    let range = book.worksheet_range(sheet).unwrap();
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

/// Per indicator, the cached Bedömning of its 2024 row in the Indikatorer sheet.
fn workbook_verdicts(xlsx: &Path) -> BTreeMap<String, String> {
    let rows = sheet_rows(xlsx, "Indikatorer");
    let at = |name: &str| rows[0].iter().position(|h| h == name).unwrap_or_else(|| panic!("no column {name}"));
    let (ind, year, verdict) = (at("Indikator"), at("År"), at("Bedömning"));
    rows[1..].iter().filter(|r| r[year] == "2024").map(|r| (r[ind].clone(), r[verdict].clone())).collect()
}

fn model(path: &Path) -> Document {
    load(path).map_err(|e| format!("{}: {:?}", path.display(), e.items)).unwrap().document
}

fn same(a: &Document, b: &Document) -> bool {
    matches!((a, b), (Document::FollowUp(x), Document::FollowUp(y)) if x == y)
}

/// The bundled personnel follow-up from TOML and from its workbook: every
/// verdict and note in both PDFs and the committee workbook's cached verdicts
/// are the ones worked out by hand, and the counts per follow-up and per
/// perspective are the hand-counted ones.
#[test]
fn the_personnel_followup_is_judged_as_worked_out_by_hand() {
    let dir = tempdir();
    for ext in ["toml", "xlsx"] {
        let out = dir.path().join(ext);
        build(&root(), &format!("{EXAMPLE}.{ext}"), out.to_str().unwrap());
        let pdf = out.join("ekbacka-personaluppfoljning-2024.pdf");
        let text = squash(&pdf_text(&pdf, None));
        for (name, verdict, note) in EXAMPLE_VERDICTS {
            let (word, after) = pdf_verdict(&text, name);
            assert_eq!(word, verdict, "{ext}: {name}");
            assert!(after.starts_with(&squash(note)), "{ext}: {name}: {after:?} lacks {note:?}");
        }
        // 12 targets: met 1, 5, 6, 9; partly 3, 7, 10, 11; not met 2, 4, 12; unknown 8.
        for sentence in [
            "Av 12 mål för 2024 är 4 uppnådda, 4 delvis uppnådda, 3 ej uppnådda och 1 ej fastställt.",
            "Medarbetare: Av 8 mål för 2024 är 3 uppnådda, 2 delvis uppnådda, 2 ej uppnådda och 1 ej fastställt.",
            "Ledarskap och kompetens: Av 4 mål för 2024 är 1 uppnått, 2 delvis uppnådda och 1 ej uppnått.",
        ] {
            assert!(text.contains(&squash(sentence)), "{ext}: {sentence} not in the PDF");
        }
        // The chart's key says each verdict's word with its count.
        for key in ["Uppnått (4)", "Delvis uppnått (4)", "Ej uppnått (3)", "Ej fastställt (1)"] {
            assert!(text.contains(&squash(key)), "{ext}: key {key} not in the PDF");
        }
        let cached = workbook_verdicts(&out.join("ekbacka-personaluppfoljning-2024.xlsx"));
        for (name, verdict, _) in EXAMPLE_VERDICTS {
            assert_eq!(cached.get(name).map(String::as_str), Some(verdict), "{ext} workbook: {name}");
        }
    }
    // The generated deck has the counts slide.
    let o = run_in(
        &root(),
        &["bygg", &format!("{EXAMPLE}.toml"), "--bildspel", "--bara-pdf", "-o", dir.path().join("d").to_str().unwrap()],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let deck = squash(&pdf_text(&dir.path().join("d/ekbacka-personaluppfoljning-2024-bildspel.pdf"), None));
    assert!(deck.contains(&squash("Måluppfyllelse 2024")), "{deck}");
    assert!(deck.contains(&squash("Av 12 mål för 2024 är 4 uppnådda")), "{deck}");
}

/// The bundled follow-up survives TOML → xlsx → TOML with its indicators,
/// thresholds and descriptions, and the committee workbook's every cached
/// value is what `LibreOffice` recalculates.
#[test]
fn the_personnel_followup_survives_convert_and_libreoffice() {
    let dir = tempdir();
    let a = model(&root().join(format!("{EXAMPLE}.toml")));
    let xlsx = dir.path().join("e.xlsx");
    convert(&root().join(format!("{EXAMPLE}.toml")), &xlsx).map_err(|e| format!("{:?}", e.items)).unwrap();
    assert!(same(&a, &model(&xlsx)), "TOML → xlsx changed the follow-up");
    let back = dir.path().join("e.toml");
    convert(&xlsx, &back).map_err(|e| format!("{:?}", e.items)).unwrap();
    assert!(same(&a, &model(&back)), "xlsx → TOML changed the follow-up");
    assert!(same(&a, &model(&root().join(format!("{EXAMPLE}.xlsx")))), "the bundled workbook differs from the TOML");
    let Some(lo) = libreoffice() else { return };
    let sheets = recalculated(&lo, &xlsx, dir.path());
    let cached = sheet_rows(&xlsx, "Indikatorer");
    assert!(cached.len() > 12, "{} rows", cached.len());
    same_values(&cached, &sheets["Indikatorer"], "ekbacka-personaluppfoljning-2024");
}

/// A cell as a person types it: text, a number, a percent cell.
enum C {
    S(&'static str),
    N(f64),
    P(f64),
}

/// A follow-up workbook as a person fills it in: a Dokument sheet and an
/// Indikatorer sheet, no activities at all; percent cells; blank goal cells
/// continue the goal above.
#[allow(clippy::too_many_lines)]
fn filled_workbook(path: &Path) {
    use C::{N, P, S};
    let mut wb = Workbook::new();
    let doc = wb.add_worksheet();
    doc.set_name("Dokument").unwrap();
    for (r, (k, v)) in (0u32..).zip([
        ("Dokumenttyp", "uppföljning"),
        ("Titel", "Personalnyckeltal per augusti"),
        ("Organisation", "Provkommun"),
        ("Uppföljningsdatum", "2024-08-31"),
        ("Datum", "2024-09-15"),
    ]) {
        doc.write_string(r, 0, k).unwrap();
        doc.write_string(r, 1, v).unwrap();
    }
    let ws = wb.add_worksheet();
    ws.set_name("Indikatorer").unwrap();
    let head = [
        "Perspektiv",
        "Kommunövergripande mål",
        "Nämndmål",
        "Indikator",
        "Enhet",
        "Riktning",
        "År",
        "Mål",
        "Resultat",
        "Bedömning",
    ];
    for (c, h) in (0u16..).zip(head) {
        ws.write_string(0, c, h).unwrap();
    }
    let pct = Format::new().set_num_format("0.0%");
    let rows: [[C; 10]; 7] = [
        [
            S("Medarbetare"),
            S("Attraktiv arbetsgivare"),
            S("Frisk arbetsplats"),
            S("Sjukfrånvaro"),
            S("%"),
            S("lägre"),
            N(2024.0),
            P(0.065),
            P(0.062),
            S(""),
        ],
        [
            S(""),
            S(""),
            S("Frisk arbetsplats"),
            S("Personalomsättning"),
            S(""),
            S(""),
            N(2024.0),
            S("<10"),
            N(10.0),
            S(""),
        ],
        [
            S(""),
            S(""),
            S("Heltid som norm"),
            S("Andel heltid"),
            S("%"),
            S(""),
            N(2024.0),
            S("Minst 80 %"),
            P(0.70),
            S(""),
        ],
        [
            S(""),
            S(""),
            S("Heltid som norm"),
            S("Timavlönades andel"),
            S("%"),
            S(""),
            N(2024.0),
            S("Högst 5 %"),
            S("Statistik saknas"),
            S(""),
        ],
        [
            S("Ledarskap"),
            S("Gott ledarskap"),
            S("Nära chefer"),
            S("Ledarskapsindex"),
            S(""),
            S(""),
            N(2023.0),
            S(""),
            N(72.0),
            S(""),
        ],
        [S(""), S(""), S("Nära chefer"), S("Ledarskapsindex"), S(""), S(""), N(2024.0), S("Ska öka"), N(72.0), S("")],
        [
            S(""),
            S(""),
            S("Nära chefer"),
            S("Utbildade chefer"),
            S(""),
            S(""),
            N(2024.0),
            S("Alla chefer ska ha gått utbildningen"),
            N(12.0),
            S("Uppnått"),
        ],
    ];
    for (r, row) in (1u32..).zip(rows) {
        for (c, v) in (0u16..).zip(row) {
            match v {
                S("") => {}
                S(s) => drop(ws.write_string(r, c, s).unwrap()),
                N(n) => drop(ws.write_number(r, c, n).unwrap()),
                P(n) => drop(ws.write_number_with_format(r, c, n, &pct).unwrap()),
            }
        }
    }
    wb.save(path).unwrap();
}

/// Worked out by hand for [`filled_workbook`].
const FILLED_VERDICTS: [(&str, &str); 6] = [
    // Percent cells 6,5 % and 6,2 %, lower is better: 6,5 ÷ 6,2 ≈ 105 %.
    ("Sjukfrånvaro", UPP),
    // "<10" is strict: 10 is not below 10, degree 100 % ≥ 90 %.
    ("Personalomsättning", DEL),
    // A percent cell of 70 % against "Minst 80 %": 87,5 % < 90 %.
    ("Andel heltid", EJ),
    ("Timavlönades andel", FAST),
    // "Ska öka": 72 is not more than 2023's 72.
    ("Ledarskapsindex", EJ),
    // Words that are no target, with a person's own verdict.
    ("Utbildade chefer", UPP),
];

/// A follow-up of indicators only, from a filled-in workbook: verdicts and
/// counts as worked out by hand in the PDF and in the committee workbook, no
/// sentence about activities; the committee workbook's formulas agree with
/// `LibreOffice`; and the committee workbook is itself input.
#[test]
fn an_indicator_only_followup_from_a_filled_workbook() {
    let dir = tempdir();
    filled_workbook(&dir.path().join("ifylld.xlsx"));
    build(dir.path(), "ifylld.xlsx", "ut");
    let pdf = dir.path().join("ut/ifylld.pdf");
    let text = squash(&pdf_text(&pdf, None));
    for (name, verdict) in FILLED_VERDICTS {
        assert_eq!(pdf_verdict(&text, name).0, verdict, "{name}");
    }
    assert!(text.contains(&squash("(manuell bedömning)")), "{text}");
    // Percent cells print as percent.
    assert!(text.contains(&squash("6,2 %")) && text.contains(&squash("70 %")), "{text}");
    for sentence in [
        "Av 6 mål för 2024 är 2 uppnådda, 1 delvis uppnått, 2 ej uppnådda och 1 ej fastställt.",
        "Medarbetare: Av 4 mål för 2024 är 1 uppnått, 1 delvis uppnått, 1 ej uppnått och 1 ej fastställt.",
        "Ledarskap: Av 2 mål för 2024 är 1 uppnått och 1 ej uppnått.",
    ] {
        assert!(text.contains(&squash(sentence)), "{sentence} not in {text}");
    }
    assert!(!text.contains("aktivitet"), "an indicator-only follow-up speaks of activities: {text}");
    let xlsx = dir.path().join("ut/ifylld.xlsx");
    let cached = workbook_verdicts(&xlsx);
    for (name, verdict) in FILLED_VERDICTS {
        assert_eq!(cached.get(name).map(String::as_str), Some(verdict), "workbook: {name}");
    }
    // The committee workbook builds the same PDF.
    let again = dir.path().join("igen");
    std::fs::create_dir(&again).unwrap();
    std::fs::copy(&xlsx, again.join("ifylld.xlsx")).unwrap();
    build(&again, "ifylld.xlsx", "ut");
    assert!(std::fs::read(&pdf).unwrap() == std::fs::read(again.join("ut/ifylld.pdf")).unwrap(), "PDFs differ");
    // A unit's workbook of a follow-up assembled from units brings its indicators.
    let units = "[dokument]\ntyp = \"uppfoljning\"\ntitel = \"Sammanställd\"\nper = 2024-08-31\ndatum = 2024-09-15\n\n[[enhet]]\nnamn = \"HR\"\nfil = \"ifylld.xlsx\"\n";
    std::fs::write(dir.path().join("enheter.toml"), units).unwrap();
    build(dir.path(), "enheter.toml", "ut2");
    let assembled = squash(&pdf_text(&dir.path().join("ut2/enheter.pdf"), None));
    for (name, verdict) in FILLED_VERDICTS {
        assert_eq!(pdf_verdict(&assembled, name).0, verdict, "assembled: {name}");
    }
    let Some(lo) = libreoffice() else { return };
    let sheets = recalculated(&lo, &xlsx, dir.path());
    same_values(&sheet_rows(&xlsx, "Indikatorer"), &sheets["Indikatorer"], "ifylld");
}

/// The same follow-up of indicators only written in TOML, with its own
/// thresholds: the verdicts follow the thresholds, and `konvertera` keeps them.
#[test]
fn an_indicator_only_followup_in_toml_with_thresholds() {
    let dir = tempdir();
    let toml = r#"[dokument]
typ = "uppfoljning"
titel = "Nyckeltal"
per = 2024-08-31
datum = 2024-09-15

[bedomning]
uppnatt = 100
delvis = 80

[[perspektiv]]
namn = "Medarbetare"
[[perspektiv.mal]]
namn = "Attraktiv arbetsgivare"
[[perspektiv.mal.namndmal]]
rubrik = "Heltid som norm"
[[perspektiv.mal.namndmal.indikator]]
indikator = "Andel heltid"
enhet = "%"
[[perspektiv.mal.namndmal.indikator.ar]]
ar = 2024
mal = "Minst 80 %"
resultat = "70 %"
[[perspektiv.mal.namndmal.indikator]]
indikator = "Personalomsättning"
[[perspektiv.mal.namndmal.indikator.ar]]
ar = 2024
mal = "Högst 10"
resultat = 13
"#;
    std::fs::write(dir.path().join("n.toml"), toml).unwrap();
    let o = run_in(dir.path(), &["kontrollera", "n.toml"]);
    assert_eq!(
        String::from_utf8_lossy(&o.stdout),
        "n.toml: inga fel. Uppföljning per 31 augusti 2024: 0 uppdrag, 1 perspektiv, 2 indikatorer, 0 varningar.\n"
    );
    build(dir.path(), "n.toml", "ut");
    let text = squash(&pdf_text(&dir.path().join("ut/n.pdf"), None));
    // 70 ÷ 80 = 87,5 % ≥ 80 %: partly met here (not met with the default 90 %);
    // 10 ÷ 13 ≈ 77 % < 80 %: not met.
    assert_eq!(pdf_verdict(&text, "Andel heltid").0, DEL);
    assert_eq!(pdf_verdict(&text, "Personalomsättning").0, EJ);
    assert!(text.contains(&squash("Av 2 mål för 2024 är 1 delvis uppnått och 1 ej uppnått.")), "{text}");
    assert!(!text.contains("aktivitet"), "{text}");
    let a = model(&dir.path().join("n.toml"));
    let xlsx = dir.path().join("n.xlsx");
    convert(&dir.path().join("n.toml"), &xlsx).map_err(|e| format!("{:?}", e.items)).unwrap();
    assert!(same(&a, &model(&xlsx)), "TOML → xlsx changed the follow-up");
    let back = dir.path().join("n2.toml");
    convert(&xlsx, &back).map_err(|e| format!("{:?}", e.items)).unwrap();
    let written = std::fs::read_to_string(&back).unwrap();
    assert!(written.contains("[bedomning]\nuppnatt = 100\ndelvis = 80"), "{written}");
    assert!(same(&a, &model(&back)), "xlsx → TOML changed the follow-up");
}

/// A target in words only (maltext without mal) against a result, and a
/// result in words only against a target, are *Ej bedömd* with a warning at
/// their place that says what to do; a committee goal needs activities or
/// indicators.
#[test]
fn words_only_targets_and_results_are_not_assessed_with_a_warning() {
    let dir = tempdir();
    let toml = r#"[dokument]
typ = "uppfoljning"
titel = "Nyckeltal"
per = 2024-08-31
datum = 2024-09-15

[[perspektiv]]
namn = "Medarbetare"
[[perspektiv.mal]]
namn = "Attraktiv arbetsgivare"
[[perspektiv.mal.namndmal]]
rubrik = "Kompetens"
[[perspektiv.mal.namndmal.indikator]]
indikator = "Utbildade chefer"
[[perspektiv.mal.namndmal.indikator.ar]]
ar = 2024
maltext = "Alla chefer ska ha gått utbildningen"
resultattext = "De flesta har gått den"
[[perspektiv.mal.namndmal.indikator]]
indikator = "Introduktion"
[[perspektiv.mal.namndmal.indikator.ar]]
ar = 2024
mal = 100
resultattext = "120 av 140 fick introduktion"
"#;
    std::fs::write(dir.path().join("o.toml"), toml).unwrap();
    let o = run_in(dir.path(), &["kontrollera", "o.toml"]);
    assert!(o.status.success(), "{}", stderr(&o));
    insta::assert_snapshot!("indicator_kinds_words_only", stderr(&o));
    build(dir.path(), "o.toml", "ut");
    let text = squash(&pdf_text(&dir.path().join("ut/o.pdf"), None));
    assert_eq!(pdf_verdict(&text, "Utbildade chefer").0, BED);
    assert_eq!(pdf_verdict(&text, "Introduktion").0, BED);
    assert!(text.contains(&squash("Av 2 mål för 2024 är 2 ej bedömda.")), "{text}");
    // A committee goal with neither activities nor indicators is an error at it.
    let empty = "[dokument]\ntyp = \"uppfoljning\"\ntitel = \"T\"\nper = 2024-08-31\ndatum = 2024-09-15\n\n[[perspektiv]]\nnamn = \"M\"\n[[perspektiv.mal]]\nnamn = \"G\"\n[[perspektiv.mal.namndmal]]\nrubrik = \"Tomt\"\n";
    std::fs::write(dir.path().join("tom.toml"), empty).unwrap();
    let o = run_in(dir.path(), &["bygg", "tom.toml", "-o", "fel"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(!dir.path().join("fel").exists());
    insta::assert_snapshot!("indicator_kinds_empty_committee_goal", stderr(&o));
}

/// A plan may name indicators for its goals: read from TOML, judged with
/// the plan's own thresholds, printed under the department's action table,
/// written to the workbook's Indikatorer sheet with live verdicts that
/// `LibreOffice` agrees with, and kept by `konvertera` both ways.
#[test]
fn a_plan_names_indicators_for_its_goals() {
    let dir = tempdir();
    let toml = r#"[dokument]
titel = "Kompetensförsörjningsplan 2025–2027"
organisation = "Provkommun"
datum = 2025-01-20

[bedomning]
uppnatt = 100
delvis = 80

[[avdelning]]
namn = "Äldreomsorg"
[[avdelning.rad]]
fas = "Attrahera"
mal = "Fler sökande per ledig tjänst"
aktiviteter = ["Feriejobb för unga"]
maldatum = ["2025"]
ansvariga = ["HR"]
[[avdelning.rad.indikator]]
indikator = "Sökande per annons"
utgangslage_ar = 2023
utgangslage = 4
[[avdelning.rad.indikator.ar]]
ar = 2024
mal = "Minst 5"
resultat = 5.5
[[avdelning.rad]]
fas = "Behålla"
mal = "Lägre sjukfrånvaro"
aktiviteter = ["Tidiga samtal"]
maldatum = ["2026"]
ansvariga = ["Chefer"]
[[avdelning.rad.indikator]]
indikator = "Sjukfrånvaro"
enhet = "%"
[[avdelning.rad.indikator.ar]]
ar = 2024
mal = "Högst 8 %"
resultat = 9.5
"#;
    std::fs::write(dir.path().join("plan.toml"), toml).unwrap();
    build(dir.path(), "plan.toml", "ut");
    let text = squash(&pdf_text(&dir.path().join("ut/plan.pdf"), None));
    // 5,5 ÷ 5 = 110 %: met. Lower is better ("Högst"): 8 ÷ 9,5 ≈ 84 % ≥ the plan's 80 %: partly met.
    assert_eq!(pdf_verdict(&text, "Sökande per annons").0, UPP);
    let (word, after) = pdf_verdict(&text, "Sjukfrånvaro");
    assert_eq!(word, DEL);
    assert!(after.starts_with(&squash("(måluppfyllelse 84 %)")), "{after}");
    assert!(text.contains(&squash("Mål: Lägre sjukfrånvaro")), "{text}");
    let xlsx = dir.path().join("ut/plan.xlsx");
    let cached = workbook_verdicts(&xlsx);
    assert_eq!(cached.get("Sökande per annons").map(String::as_str), Some(UPP));
    assert_eq!(cached.get("Sjukfrånvaro").map(String::as_str), Some(DEL));
    let plan = |p: &Path| match model(p) {
        Document::Plan(x) => x,
        _ => panic!("not a plan"),
    };
    let a = plan(&dir.path().join("plan.toml"));
    assert_eq!(a.departments[0].goal_indicators.len(), 2);
    assert_eq!(a, plan(&xlsx), "the plan's workbook changed the plan");
    let back = dir.path().join("igen.toml");
    convert(&xlsx, &back).map_err(|e| format!("{:?}", e.items)).unwrap();
    assert_eq!(a, plan(&back), "xlsx → TOML changed the plan");
    // In the workbook, an indicator of a goal the department does not have
    // is an error at its cell, and nothing is written.
    crate::workflow::fill(
        &xlsx,
        &dir.path().join("fel.xlsx"),
        &[("sheet3", &[("B2", crate::workflow::V::S("Ett mål som inte finns"))])],
    );
    let o = run_in(dir.path(), &["bygg", "fel.xlsx", "-o", "fel"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(!dir.path().join("fel").exists());
    insta::assert_snapshot!("indicator_kinds_plan_unknown_goal", stderr(&o));
    let Some(lo) = libreoffice() else { return };
    let sheets = recalculated(&lo, &xlsx, dir.path());
    same_values(&sheet_rows(&xlsx, "Indikatorer"), &sheets["Indikatorer"], "plan");
}

/// An interim report of goals judged by indicators only (initiatives
/// written without a status): no status line, no warning about a missing
/// status, no initiative counts or status charts; the verdicts counted per
/// phase as worked out by hand; the workbook and `konvertera` keep it so.
/// A bar chart is drawn for an indicator with a target in one year only,
/// and shows a year with a result but no target.
#[test]
fn a_report_of_goals_with_indicators_only() {
    let dir = tempdir();
    let toml = r#"[dokument]
typ = "delarsrapport"
titel = "Personalnyckeltal"
rapport = "VB"
ar = 2024
datum = 2025-02-01

[faser]
lista = ["Attrahera", "Behålla"]

[[insats]]
fas = "Behålla"
namn = "Friska medarbetare"
[[insats.mal]]
indikator = "Sjukfrånvaro"
enhet = "%"
[[insats.mal.ar]]
ar = 2024
mal = "Högst 7 %"
resultat = 7.5

[[insats]]
fas = "Attrahera"
namn = "Fler sökande"
[[insats.mal]]
indikator = "Sökande per annons"
[[insats.mal.ar]]
ar = 2024
mal = 5
resultat = 6
[[insats.mal]]
indikator = "Andel som rekommenderar"
enhet = "%"
[[insats.mal.ar]]
ar = 2023
resultat = 68
[[insats.mal.ar]]
ar = 2024
mal = "Ska öka"
resultat = 71
"#;
    std::fs::write(dir.path().join("r.toml"), toml).unwrap();
    let o = run_in(dir.path(), &["kontrollera", "r.toml"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stderr(&o), "", "warnings for a report of goals");
    assert_eq!(
        String::from_utf8_lossy(&o.stdout),
        "r.toml: inga fel. VB 2024: 2 faser, 0 insatser, 2 mål med bara indikatorer, 4 målvärden, 0 varningar.\n"
    );
    let o = run_in(dir.path(), &["bygg", "r.toml", "-o", "ut", "--bildspel", "--emit-typst", "r.typ"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = squash(&pdf_text(&dir.path().join("ut/r.pdf"), None));
    assert!(!text.contains("Status:") && !text.contains("insatser"), "{text}");
    // 7 ÷ 7,5 ≈ 93 %: partly met; 6 against 5: met; 71 against 2023's 68: met.
    for sentence in [
        "Av 3 mål för 2024 är 2 uppnådda och 1 delvis uppnått.",
        "Attrahera: Av 2 mål för 2024 är 2 uppnådda.",
        "Behålla: Av 1 mål för 2024 är 1 delvis uppnått.",
    ] {
        assert!(text.contains(&squash(sentence)), "{sentence} not in {text}");
    }
    // One year with a target is enough for a chart; 2023 has a result and no target.
    let typ = std::fs::read_to_string(dir.path().join("r.typ")).unwrap();
    assert!(
        typ.contains("Stapeldiagram, mål och resultat per år för sökande per annons: 2024 mål 5, resultat 6."),
        "{typ}"
    );
    assert!(
        text.contains(&squash("Sökande per annons: mål (ofylld stapel) och resultat (fylld stapel) per år.")),
        "{text}"
    );
    let deck = squash(&pdf_text(&dir.path().join("ut/r-bildspel.pdf"), None));
    assert!(!deck.contains(&squash("Insatsernas status")) && deck.contains(&squash("Måluppfyllelse 2024")), "{deck}");
    let report = |p: &Path| match model(p) {
        Document::Report(x) => x,
        _ => panic!("not a report"),
    };
    let a = report(&dir.path().join("r.toml"));
    assert!(a.initiatives().all(|i| i.goal_only), "{a:#?}");
    assert_eq!(a, report(&dir.path().join("ut/r.xlsx")), "the workbook changed the report");
    let back = dir.path().join("igen.toml");
    convert(&dir.path().join("ut/r.xlsx"), &back).map_err(|e| format!("{:?}", e.items)).unwrap();
    assert_eq!(a, report(&back), "xlsx → TOML changed the report");
}

/// A bar chart of target against result for targets in some years only:
/// the years without a target show their result and say "inget mål"; a
/// target without a number ("Ska öka") is named.
#[test]
fn a_chart_shows_a_year_without_a_target() {
    let dir = tempdir();
    let toml = "[dokument]\ntyp = \"delarsrapport\"\ntitel = \"T\"\nrapport = \"VB\"\nar = 2024\ndatum = 2025-02-01\n\n\
[faser]\nlista = [\"Behålla\"]\n\n[[insats]]\nfas = \"Behålla\"\nnamn = \"Engagemang\"\nstatus = \"Pågår\"\n\
[[insats.mal]]\nindikator = \"HME\"\n[[insats.mal.ar]]\nar = 2022\nresultat = 76\n[[insats.mal.ar]]\nar = 2023\nmal = 78\nresultat = 77\n\
[[insats.mal.ar]]\nar = 2024\nmal = \"Ska öka\"\nresultat = 79\n";
    std::fs::write(dir.path().join("c.toml"), toml).unwrap();
    let o = run_in(dir.path(), &["bygg", "c.toml", "-o", "ut", "--emit-typst", "c.typ"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let typ = std::fs::read_to_string(dir.path().join("c.typ")).unwrap();
    let alt = "Stapeldiagram, mål och resultat per år för hme: 2022 inget mål, resultat 76; 2023 mål 78, resultat 77; 2024 mål ska öka, resultat 79.";
    assert!(typ.contains(alt), "{typ}");
    let text = squash(&pdf_text(&dir.path().join("ut/c.pdf"), None));
    assert!(text.contains(&squash("2022 mål inget mål resultat 76")), "{text}");
    assert!(text.contains(&squash("2024 mål Ska öka resultat 79")), "{text}");
}

/// The follow-up's input template has an Indikatorer sheet: filled with
/// indicators only (no activity at all), it builds, and the verdict is the
/// one worked out by hand.
#[test]
fn the_followup_template_takes_indicators() {
    use crate::workflow::{V, fill, template};
    let dir = tempdir();
    let t = template(dir.path(), "uppfoljning");
    fill(
        &t,
        &dir.path().join("ind.xlsx"),
        &[
            ("sheet2", &[("B4", V::S("Nyckeltal per april")), ("B7", V::S("2025-05-05")), ("B8", V::S("2025-04-30"))]),
            (
                "sheet5",
                &[
                    ("A2", V::S("Medarbetare")),
                    ("B2", V::S("Attraktiv arbetsgivare")),
                    ("C2", V::S("Frisk arbetsplats")),
                    ("D2", V::S("Sjukfrånvaro")),
                    ("E2", V::S("%")),
                    ("F2", V::N(2025.0)),
                    ("J2", V::S("Högst 6 %")),
                    ("L2", V::N(6.3)),
                ],
            ),
        ],
    );
    build(dir.path(), "ind.xlsx", "ut");
    let text = squash(&pdf_text(&dir.path().join("ut/ind.pdf"), None));
    // Lower is better ("Högst"): 6 ÷ 6,3 ≈ 95 %: partly met.
    let marker = squash("Sjukfrånvaro2025");
    let after = &text[text.find(&marker).expect("the indicator in the PDF") + marker.len()..];
    assert!(after.starts_with(&squash("–Högst 6 %6,3 %")), "{after}");
    assert!(after.contains(&squash("Delvis uppnått(måluppfyllelse 95 %)")), "{after}");
    assert!(!text.contains("aktivitet"), "{text}");
}
