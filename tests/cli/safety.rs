//! Text from users is data, never markup: every Typst-special sequence in
//! every kind of field prints exactly as written.

use crate::util::{pdf_text, run_in, squash, stderr, tempdir};

const HOSTILE: [&str; 10] = [
    "#read(\"/etc/passwd\")",
    "*fet?*",
    "$x^2$",
    "<lbl>",
    "@ref",
    "slut ] här",
    "// ingen kommentar",
    "bak\\snedstreck",
    "#set page(width: 1cm)",
    "\"citat\" och `kod` _under_",
];

fn toml_string(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

#[test]
fn typst_special_text_prints_verbatim() {
    let dir = tempdir();
    let h = |i: usize| toml_string(HOSTILE[i % HOSTILE.len()]);
    let list = HOSTILE.iter().map(|s| toml_string(s)).collect::<Vec<_>>().join(", ");
    let src = format!(
        "[dokument]\ntitel = {}\ndatum = 2024-01-31\norganisation = {}\nperiod = {}\n\n[[kapitel]]\nrubrik = {}\ntext = {}\n\n[[avdelning]]\nnamn = {}\nansvarig_chef = {}\n\n[[avdelning.rad]]\nfas = \"Utveckla\"\nmal = {}\naktiviteter = [{list}]\nmaldatum = {}\nansvariga = [{list}]\nresurser = {}\nuppfoljning = {}\n",
        h(0),
        h(1),
        h(2),
        h(3),
        h(4),
        h(5),
        h(6),
        h(7),
        h(8),
        h(9),
        h(1)
    );
    std::fs::write(dir.path().join("plan.toml"), src).unwrap();
    let o = run_in(dir.path(), &["bygg", "plan.toml", "-o", "ut"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = pdf_text(&dir.path().join("ut/plan.pdf"), None);
    // Straight quotes stay straight: data is never run through smart quotes.
    for s in HOSTILE {
        assert!(squash(&text).contains(&squash(s)), "{s:?} did not print verbatim:\n{text}");
    }
    assert!(!text.contains("root:"), "a file was read");
    let pages = crate::util::page_sizes(&dir.path().join("ut/plan.pdf"));
    assert!(pages.iter().all(|(w, _)| *w > 500.0), "page size was changed by data");
}

#[test]
fn markdown_narrative_keeps_markup_as_text() {
    let dir = tempdir();
    let src = "[dokument]\ntitel = \"T\"\ndatum = 2024-01-31\n\n[[kapitel]]\nrubrik = \"R\"\ntext = \"\"\"\nEtt **viktigt** stycke med #hash och $pengar$.\n\n- punkt med <vinkel> och @at\n- 1. inte en lista\n\n1. första\n2. andra ] // \\\\\n\"\"\"\n";
    std::fs::write(dir.path().join("plan.toml"), src).unwrap();
    let o = run_in(dir.path(), &["bygg", "plan.toml", "-o", "ut", "--emit-typst", "ut.typ"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = pdf_text(&dir.path().join("ut/plan.pdf"), None);
    for s in [
        "Ett viktigt stycke med #hash och $pengar$.",
        "punkt med <vinkel> och @at",
        "1. inte en lista",
        "andra ] // \\",
    ] {
        assert!(squash(&text).contains(&squash(s)), "{s:?} missing:\n{text}");
    }
    let source = std::fs::read_to_string(dir.path().join("ut.typ")).unwrap();
    assert!(source.contains("#strong[#\"viktigt\";]"), "bold was not converted");
}

#[test]
fn characters_the_fonts_lack_are_named_never_boxes() {
    let dir = tempdir();
    let src = "[dokument]\ntitel = \"Plan 😀\"\ndatum = 2024-01-31\n\n[[avdelning]]\nnamn = \"Förskola\"\n\n[[avdelning.rad]]\nfas = \"Utveckla\"\nmal = \"Mål 漢字\"\naktiviteter = [\"Klart ✅ – “citat” € ½ → ≤\"]\n";
    std::fs::write(dir.path().join("plan.toml"), src).unwrap();
    // The default standard (PDF/A-2a + PDF/UA-1) refuses glyphs a font lacks;
    // the build still succeeds, because the characters are named instead.
    let o = run_in(dir.path(), &["bygg", "plan.toml", "-o", "ut"]);
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    assert!(err.contains("varning: tecknet \"😀\" (U+1F600) finns inte i det inbyggda typsnittet"), "{err}");
    assert!(err.contains("--> plan.toml:2:9"), "{err}");
    assert!(err.contains("\"漢\" (U+6F22), \"字\" (U+5B57)") && err.contains("--> plan.toml:10:7"), "{err}");
    let text = pdf_text(&dir.path().join("ut/plan.pdf"), None);
    for s in ["[U+1F600]", "[U+6F22][U+5B57]", "Klart [U+2705]", "€ ½ → ≤"] {
        assert!(squash(&text).contains(&squash(s)), "{s:?} not in the PDF:\n{text}");
    }
}
