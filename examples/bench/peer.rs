//! The peer the plan is measured against: the same rows as a generated plan
//! (`generated` in `bench.rs`), typeset by the same embedded Typst compiler
//! with a minimal template written by hand for the comparison — a landscape
//! table per department with its header row repeated, the phases as
//! sub-header rows, page numbers, Swedish hyphenation on, the same fonts and
//! the same PDF/A-2a + PDF/UA-1 export — and no workbook. What planrapport
//! does beyond it (its layout rules, the front matter, the committee
//! workbook) is what the ratio prices.

use std::fmt::Write as _;

use planrapport::markdown::typst_string as q;
use planrapport::typeset::{Job, PdfProfile, typeset};

/// The rows of `generated(rows)`, in the same order and words.
pub struct Row {
    pub department: usize,
    pub phase: &'static str,
    pub goal: String,
    pub activities: [String; 2],
    pub deadline: &'static str,
}

pub const PHASES: [&str; 6] = ["Utveckla", "Behålla", "Attrahera", "Rekrytera", "Introducera", "Avsluta"];
pub const DEADLINES: [&str; 4] = ["2026", "Dec 2026", "Kontinuerligt", "2026-06-30"];
pub const DEPARTMENTS: usize = 50;

pub fn rows(rows: usize) -> Vec<Row> {
    let mut out = Vec::with_capacity(rows);
    for d in 0..DEPARTMENTS {
        let n = rows / DEPARTMENTS + usize::from(d < rows % DEPARTMENTS);
        for r in 0..n {
            out.push(Row {
                department: d,
                phase: PHASES[(r * PHASES.len()) / n.max(1)],
                goal: format!(
                    "Mål {r} för avdelning {d}: medarbetarna har den kompetens som krävs för kompetensförsörjningsplanens genomförande"
                ),
                activities: [
                    format!("Genomföra utbildningsinsats {r} inom biståndshandläggning"),
                    "Följa upp insatsen på arbetsplatsträffar".to_string(),
                ],
                deadline: DEADLINES[r % 4],
            });
        }
    }
    out
}

/// The plain template filled with `rows`, as one Typst source.
pub fn source(rows: &[Row]) -> String {
    let mut s = String::from(
        r##"#set document(title: "Kompetensförsörjningsplan (genererad)")
#set text(font: "Carlito", size: 9pt, lang: "sv", region: "SE", hyphenate: true)
#set par(justify: false)
#set page(paper: "a4", flipped: true, margin: (x: 1.8cm, y: 2cm),
  footer: context align(right)[Sida #counter(page).display() (#counter(page).final().first())])
#let head(body) = table.cell(fill: rgb("#1d4f73"), text(fill: white, weight: "bold", body))
= Handlingsplaner
"##,
    );
    let mut i = 0;
    while i < rows.len() {
        let d = rows[i].department;
        let _ = write!(
            s,
            "== Avdelning {d:02}\n#table(columns: (20fr, 27fr, 10.5fr, 16fr, 11fr, 15.5fr), align: left + top,\n  table.header(head[Vad ska vi uppnå?], head[Aktivitet], head[Måldatum], head[Ansvarig], head[Resurser], head[Uppföljning]),\n"
        );
        let mut phase = "";
        while i < rows.len() && rows[i].department == d {
            let r = &rows[i];
            if r.phase != phase {
                phase = r.phase;
                let _ = writeln!(
                    s,
                    "  table.header(level: 2, table.cell(colspan: 6, fill: luma(230), strong({}))),",
                    q(phase)
                );
            }
            let _ = writeln!(
                s,
                "  {}, list({}, {}), {}, [Enhetschef \\ HR-konsult], [], [Tertial samt VB],",
                q(&r.goal),
                q(&r.activities[0]),
                q(&r.activities[1]),
                q(r.deadline)
            );
            i += 1;
        }
        s.push_str(")\n");
    }
    s
}

/// Typesets the peer's PDF.
pub fn run(n: usize, assets: &std::path::Path) -> Vec<u8> {
    let job = Job {
        main: source(&rows(n)),
        library: String::new(),
        assets,
        date: chrono::NaiveDate::from_ymd_opt(2025, 1, 15),
        profile: PdfProfile::A2aUa1,
    };
    match typeset(&job) {
        Ok(pdf) => pdf,
        Err(e) => {
            for d in e.items {
                eprintln!("{d}");
            }
            std::process::exit(1);
        }
    }
}
