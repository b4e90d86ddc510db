//! An independent check of the standards the PDFs claim: every bundled
//! example, each generated deck, the interim report compared with the
//! previous one and a generated 2 000-row plan must pass the PDF/UA-1 and
//! PDF/A-2a profiles of `page_validation`, a validator written apart from
//! Typst and krilla that passes veraPDF's test corpus. Each PDF is built
//! once (a few processes) and validated against both profiles.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use page_validation::{SafetyLimits, ValidationOptions, ValidationProfile, validate_pdf};

use crate::util::{root, run_in, stderr};

/// The folder every PDF below is built into, once per test run.
fn built() -> &'static Path {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = crate::util::tempdir();
        let out = dir.path();
        let data = root().join("data");
        let examples: Vec<PathBuf> = [
            "hagersten-alvsjo",
            "leanlink-uppfoljning",
            "trelleborg-dr2-2023",
            "trelleborg-dr1-2023",
            "vaxjo-kompetensforum",
        ]
        .iter()
        .map(|n| data.join(format!("{n}.toml")))
        .collect();
        let mut args: Vec<String> = vec!["bygg".into(), "--bara-pdf".into(), "--bildspel".into(), "-o".into()];
        args.push(out.join("exempel").display().to_string());
        args.extend(examples.iter().map(|p| p.display().to_string()));
        let build = |args: &[String]| {
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            let o = run_in(out, &args);
            assert!(o.status.success(), "{args:?}: {}", stderr(&o));
        };
        build(&args);
        build(&[
            "bygg".into(),
            "--bara-pdf".into(),
            data.join("trelleborg-dr2-2023.toml").display().to_string(),
            "--previous".into(),
            data.join("trelleborg-dr1-2023.toml").display().to_string(),
            "-o".into(),
            out.join("jamforelse").display().to_string(),
        ]);
        std::fs::write(out.join("stor.toml"), large_plan()).unwrap();
        build(&["bygg".into(), "--bara-pdf".into(), "stor.toml".into(), "-o".into(), "stor".into()]);
        dir
    })
    .path()
}

/// A plan of 2 000 rows: one department with a 1 200-row action table
/// (beyond the validator's default of 1 024 table rows) and four of 200.
fn large_plan() -> String {
    let mut s = String::from(
        "[dokument]\norganisation = \"Exempelkommun\"\ntitel = \"Kompetensförsörjningsplan (genererad)\"\ndatum = 2025-01-15\n\n[[kapitel]]\nrubrik = \"Syfte\"\ntext = \"Planen är genererad för valideringen.\"\n",
    );
    let phases = ["Utveckla", "Behålla", "Attrahera", "Rekrytera", "Introducera", "Avsluta"];
    for (d, rows) in [1200, 200, 200, 200, 200].into_iter().enumerate() {
        let _ = write!(s, "\n[[avdelning]]\nnamn = \"Avdelning {d}\"\nansvarig_chef = \"Chef {d}\"\n");
        for r in 0..rows {
            let _ = write!(
                s,
                "\n[[avdelning.rad]]\nfas = \"{}\"\nmal = \"Mål {r} för avdelning {d}\"\naktiviteter = [\"Utbildningsinsats {r}\", \"Uppföljning på arbetsplatsträffar\"]\nmaldatum = \"{}\"\nansvariga = [\"Enhetschef\"]\n",
                phases[r * phases.len() / rows],
                ["2026", "Dec 2026", "Kontinuerligt", "2026-06-30"][r % 4]
            );
        }
    }
    s
}

/// Every PDF built, by its path under [`built`].
const PDFS: [&str; 10] = [
    "exempel/hagersten-alvsjo.pdf",
    "exempel/hagersten-alvsjo-bildspel.pdf",
    "exempel/leanlink-uppfoljning.pdf",
    "exempel/leanlink-uppfoljning-bildspel.pdf",
    "exempel/trelleborg-dr2-2023.pdf",
    "exempel/trelleborg-dr2-2023-bildspel.pdf",
    "exempel/trelleborg-dr1-2023.pdf",
    "exempel/vaxjo-kompetensforum.pdf",
    "jamforelse/trelleborg-dr2-2023.pdf",
    "stor/stor.pdf",
];

/// The failures `page_validation` reports for `pdf` under `profile`, one
/// line each (empty when the PDF passes).
fn failures(pdf: &Path, profile: &str) -> Vec<String> {
    let profile: ValidationProfile = profile.parse().expect("a known profile");
    // The 1 200-row table is beyond the default safety limits (1 024 rows);
    // raise them rather than let the validator stop early.
    let limits = SafetyLimits::default()
        .with_max_table_grid_rows(10_000)
        .with_max_table_grid_cells(200_000)
        .with_max_object_count(5_000_000)
        .with_max_total_decoded_content_size(1 << 30);
    let options = ValidationOptions::default().profile(profile).limits(limits);
    let report =
        validate_pdf(pdf, &options).unwrap_or_else(|e| panic!("{}: the validator stopped: {e}", pdf.display()));
    assert!(report.rules.total > 0, "{}: no rules were checked", pdf.display());
    let mut out: Vec<String> = report.failures.iter().map(ToString::to_string).collect();
    if !report.is_compliant && out.is_empty() {
        out.push("not compliant, without a failure listed".to_string());
    }
    out
}

/// The one failure `page_validation` 0.12.2 reports on these files that
/// is a misreading of correct lengths (see [`exact_lengths_with_a_trailing_cr`]).
const CR_BEFORE_EOL: &str =
    "[ISO 19005-2:2011:6.1.7.1:1] Conformance: a stream /Length does not match its raw content length";

/// Whether every stream in `pdf` has a /Length that ends its data exactly
/// before the end-of-line and `endstream` (ISO 32000-1 7.3.8.1), whether
/// some stream's data ends with a CR byte, and how many streams were read.
///
/// That is the case `page_validation` 0.12.2 reports as rule 6.1.7.1:1
/// ("a stream /Length does not match its raw content length"): a stream
/// whose (compressed, so arbitrary) data ends with CR (0x0D), followed by
/// the single LF that pdf-writer puts before `endstream`. The validator
/// reads the CR and the LF as one CRLF end-of-line and counts the data a
/// byte short (`stream_data_end_before_eol` in its `syntax.rs`). The
/// declared length is the exact byte count of the data; the rule's wording
/// ("preceding the EOL marker before the endstream keyword") is ambiguous
/// for exactly this byte pattern, which a writer could avoid by ending such
/// a stream with CRLF (pdf-writer does not; we cannot change its output).
/// About one stream in 256 ends with CR, so the 2 000-row plan meets it.
/// The failure is accepted only when this independent reading of the file
/// shows exactly that case; any other stream-length error still fails.
fn exact_lengths_with_a_trailing_cr(pdf: &[u8]) -> (bool, bool, usize) {
    let (mut exact, mut trailing_cr, mut streams) = (true, false, 0);
    let mut at = 0;
    while let Some(found) = pdf[at..].windows(6).position(|w| w == b"stream") {
        let keyword = at + found;
        at = keyword + 6;
        let before = pdf[..keyword].iter().rev().skip_while(|b| b.is_ascii_whitespace()).take(2).collect::<Vec<_>>();
        let start = match &pdf[at..] {
            [b'\r', b'\n', ..] => at + 2,
            [b'\n', ..] => at + 1,
            _ => continue,
        };
        if before != [&b'>', &b'>'] {
            continue;
        }
        streams += 1;
        // The dictionary of this object: from its "obj" to the keyword.
        let head_start = pdf[..keyword].windows(4).rposition(|w| w == b" obj").unwrap_or(0);
        let head = String::from_utf8_lossy(&pdf[head_start..keyword]);
        let length = head.split("/Length").skip(1).find_map(|rest| {
            let rest = rest.trim_start();
            let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
            let after = rest[digits.len()..].trim_start();
            (!digits.is_empty() && !after.starts_with(|c: char| c.is_ascii_digit()))
                .then(|| digits.parse::<usize>().ok())?
        });
        let Some(length) = length else {
            exact = false;
            continue;
        };
        let end = start + length;
        let tail = &pdf[end.min(pdf.len())..];
        exact &= tail.starts_with(b"\nendstream") || tail.starts_with(b"\r\nendstream");
        trailing_cr |= end > start && pdf.get(end - 1) == Some(&b'\r');
        at = end.max(at);
    }
    (exact, trailing_cr, streams)
}

fn check_all(profile: &str) {
    let dir = built();
    let mut problems = String::new();
    for name in PDFS {
        let pdf = dir.join(name);
        assert!(pdf.is_file(), "{name} was not built");
        for f in failures(&pdf, profile) {
            if f == CR_BEFORE_EOL {
                let (exact, trailing_cr, streams) = exact_lengths_with_a_trailing_cr(&std::fs::read(&pdf).unwrap());
                if exact && trailing_cr && streams > 0 {
                    println!(
                        "{name}: {f} — the validator's misreading of a CR at the end of stream data (see exact_lengths_with_a_trailing_cr); every one of {streams} stream lengths checked exact"
                    );
                    continue;
                }
            }
            let _ = writeln!(problems, "{name}: {f}");
        }
    }
    assert!(problems.is_empty(), "{profile}:\n{problems}");
}

#[test]
fn the_stream_length_reader_finds_wrong_lengths() {
    let good = b"1 0 obj\n<</Length 3>>\nstream\nab\r\nendstream\nendobj\n2 0 obj\n<</Length 2/Filter/X>>\nstream\nxy\nendstream\nendobj";
    assert_eq!(exact_lengths_with_a_trailing_cr(good), (true, true, 2));
    let bad = b"1 0 obj\n<</Length 4>>\nstream\nab\r\nendstream\nendobj";
    assert_eq!(exact_lengths_with_a_trailing_cr(bad), (false, false, 1));
    let plain = b"1 0 obj\n<</Length 2>>\nstream\nab\nendstream\nendobj";
    assert_eq!(exact_lengths_with_a_trailing_cr(plain), (true, false, 1));
}

#[test]
fn every_pdf_passes_pdf_ua_1() {
    check_all("pdfua1");
}

#[test]
fn every_pdf_passes_pdf_a_2a() {
    check_all("pdfa2a");
}

/// The validator is not blind: a PDF built with `--pdf-standard ua1`
/// passes PDF/UA-1 but fails PDF/A-2a, whose identification it lacks.
#[test]
fn the_validator_finds_what_is_missing() {
    let dir = crate::util::tempdir();
    let data = root().join("data/vaxjo-kompetensforum.toml");
    let o = run_in(dir.path(), &["bygg", "--bara-pdf", "--pdf-standard", "ua1", data.to_str().unwrap(), "-o", "."]);
    assert!(o.status.success(), "{}", stderr(&o));
    let pdf = dir.path().join("vaxjo-kompetensforum.pdf");
    assert!(failures(&pdf, "pdfua1").is_empty(), "{:?}", failures(&pdf, "pdfua1"));
    // Claimed PDF/UA only: the PDF/A-2a identification is missing.
    assert!(!failures(&pdf, "pdfa2a").is_empty(), "a PDF without PDF/A metadata passed PDF/A-2a");
}
