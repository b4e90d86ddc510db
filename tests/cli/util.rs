//! Shared helpers: run the binary, extract PDF text, read xlsx back.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_planrapport"));
    c.env_remove("SOURCE_DATE_EPOCH");
    c
}

/// Runs the binary in `dir` with `args`.
pub fn run_in(dir: &Path, args: &[&str]) -> Output {
    bin().current_dir(dir).args(args).output().expect("binary runs")
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).to_string()
}

pub fn tempdir() -> tempfile::TempDir {
    tempfile::tempdir().expect("temp dir")
}

/// pdftotext -raw of some pages (all when `pages` is None).
pub fn pdf_text(pdf: &Path, pages: Option<(usize, usize)>) -> String {
    let mut c = Command::new("pdftotext");
    c.arg("-raw").arg("-enc").arg("UTF-8");
    if let Some((f, l)) = pages {
        c.args(["-f", &f.to_string(), "-l", &l.to_string()]);
    }
    let out = c.arg(pdf).arg("-").output().expect("pdftotext is installed (poppler-utils; .ci/run installs it)");
    assert!(out.status.success(), "pdftotext failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("utf-8")
}

/// Page sizes in points, from pdfinfo.
pub fn page_sizes(pdf: &Path) -> Vec<(f64, f64)> {
    let out =
        Command::new("pdfinfo").args(["-f", "1", "-l", "100000"]).arg(pdf).output().expect("pdfinfo is installed");
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter(|l| l.starts_with("Page") && l.contains(" size:"))
        .map(|l| {
            let dims: Vec<f64> =
                l.split("size:").nth(1).unwrap().split_whitespace().filter_map(|w| w.parse().ok()).collect();
            (dims[0], dims[1])
        })
        .collect()
}

/// Text reduced to letters, digits and punctuation other than hyphens, so
/// that line breaks and hyphenation in the PDF do not matter.
pub fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace() && *c != '-' && *c != '\u{ad}' && *c != '‐').collect()
}
