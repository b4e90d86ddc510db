//! The numbers of a generated deck's "Mål och resultat" are the document's:
//! a target written with decimals ("Högst 2,5 %") is charted as 2,5, never
//! rounded to a whole number that would contradict its verdict (a result
//! of 2,9 against a target "3" judged "Ej uppnått" for lower-is-better).

use crate::util::{pdf_text, root, run_in, squash, stderr, tempdir};

/// The Swedish form of a number as the chart prints it: decimal comma, a
/// trailing ",0" dropped.
fn swedish(n: &str) -> String {
    let n = n.replace('.', ",");
    n.strip_suffix(",0").map_or(n.clone(), str::to_string)
}

#[test]
fn a_decks_target_charts_print_targets_and_results_as_written() {
    let dir = tempdir();
    let out = dir.path().join("ut");
    let o = run_in(
        &root(),
        &[
            "bygg",
            "data/ekbacka-personaluppfoljning-2024.toml",
            "--bildspel",
            "--bara-pdf",
            "-o",
            out.to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let text = pdf_text(&out.join("ekbacka-personaluppfoljning-2024-bildspel.pdf"), None);
    let charts: String = text.split('\u{c}').filter(|s| s.contains("Mål och resultat")).collect::<Vec<_>>().join("\n");
    let charted = squash(&charts);
    // From the data file, by hand: each comparison target's number, and
    // each numeric result, of the indicators the deck charts.
    let data: toml::Table =
        std::fs::read_to_string(root().join("data/ekbacka-personaluppfoljning-2024.toml")).unwrap().parse().unwrap();
    let number_in = |s: &str| -> Option<String> {
        let digits: String =
            s.chars().skip_while(|c| !c.is_ascii_digit()).take_while(|c| c.is_ascii_digit() || *c == ',').collect();
        (!digits.is_empty()).then(|| swedish(&digits))
    };
    let mut checked = 0;
    let mut walk = vec![toml::Value::Table(data)];
    while let Some(v) = walk.pop() {
        match v {
            toml::Value::Table(t) => {
                if let (Some(mal), Some(resultat)) = (t.get("mal").and_then(|m| m.as_str()), t.get("resultat")) {
                    let result = resultat
                        .as_float()
                        .map(|f| swedish(&f.to_string()))
                        .or(resultat.as_integer().map(|i| i.to_string()));
                    if let (Some(target), Some(result)) = (number_in(mal), result) {
                        assert!(charted.contains(&target), "target {target} ({mal}) not on the charts:\n{charts}");
                        assert!(charted.contains(&result), "result {result} not on the charts:\n{charts}");
                        checked += 1;
                    }
                }
                walk.extend(t.into_iter().map(|(_, v)| v));
            }
            toml::Value::Array(a) => walk.extend(a),
            _ => {}
        }
    }
    assert!(checked >= 8, "{checked} indicator years with numbers");
    // The one that was rounded: "Högst 2,5 %" against 2,9, with its unit
    // as the tables print it.
    assert!(charted.contains(&squash("2,5 %")) && charted.contains(&squash("2,9 %")), "{charts}");
}
