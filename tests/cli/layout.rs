//! Layout rules of the action tables that Typst must be held to.

use std::fmt::Write as _;

use crate::util::{page_sizes, pdf_text, run_in, stderr, tempdir};

const PHASES: [&str; 6] = ["Utveckla", "Behålla", "Attrahera", "Rekrytera", "Introducera", "Avsluta"];

/// A plan whose rows vary in height, so page breaks fall everywhere.
fn varied_plan() -> String {
    let mut s = String::from("[dokument]\ntitel = \"Sidbrytningar\"\ndatum = 2024-01-01\n");
    let mut seed = 7u32;
    let mut next = move |n: u32| {
        seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12345);
        (seed >> 16) % n
    };
    for d in 0..6 {
        let _ = write!(s, "\n[[avdelning]]\nnamn = \"Avdelning {d}\"\n");
        for phase in PHASES {
            for r in 0..=next(7) {
                let extra = ", \"Ytterligare aktivitet som tar en rad\"".repeat(next(4) as usize);
                let _ = write!(
                    s,
                    "\n[[avdelning.rad]]\nfas = \"{phase}\"\nmal = \"Mål {d}-{r}\"\naktiviteter = [\"Aktivitet {r}\"{extra}]\nmaldatum = \"2024\"\n"
                );
            }
        }
    }
    s
}

#[test]
fn a_phase_row_never_ends_a_page() {
    let dir = tempdir();
    std::fs::write(dir.path().join("plan.toml"), varied_plan()).unwrap();
    let o = run_in(dir.path(), &["bygg", "plan.toml", "-o", "ut", "--bara-pdf"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let pdf = dir.path().join("ut/plan.pdf");
    let mut table_pages = 0;
    for (i, (w, h)) in page_sizes(&pdf).into_iter().enumerate() {
        if w <= h {
            continue;
        }
        table_pages += 1;
        let text = pdf_text(&pdf, Some((i + 1, i + 1)));
        let lines: Vec<&str> = text.lines().map(str::trim).collect();
        let Some(last_phase) = lines.iter().rposition(|l| PHASES.contains(l)) else { continue };
        assert!(
            lines[last_phase..].iter().any(|l| l.starts_with("Mål")),
            "page {} ends with the phase row {:?} and none of its rows",
            i + 1,
            lines[last_phase]
        );
    }
    assert!(table_pages > 10, "only {table_pages} table pages");
}
