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

/// The text of some pages (all when `pages` is None; 1-based, inclusive).
pub fn pdf_text(pdf: &Path, pages: Option<(usize, usize)>) -> String {
    let data = std::fs::read(pdf).expect("PDF exists");
    let all = crate::pdf::Pdf::parse(&data).pages();
    let (first, last) = pages.unwrap_or((1, all.len()));
    all[first - 1..last].iter().map(|p| p.text.as_str()).collect::<Vec<_>>().join("\n\u{c}")
}

/// Page sizes in points.
pub fn page_sizes(pdf: &Path) -> Vec<(f64, f64)> {
    let data = std::fs::read(pdf).expect("PDF exists");
    crate::pdf::Pdf::parse(&data).pages().iter().map(|p| (p.width, p.height)).collect()
}

/// Text reduced to letters, digits and punctuation other than hyphens, so
/// that line breaks and hyphenation in the PDF do not matter.
pub fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace() && *c != '-' && *c != '\u{ad}' && *c != '‐').collect()
}

/// A small deterministic generator (xorshift), so failures reproduce.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    pub fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % (n as u64)).unwrap()
    }
}

/// A PNG's pixels as RGBA, four bytes each, with its width and height
/// (grey and grey + alpha images made four channels).
pub fn rgba(png_bytes: &[u8]) -> (u32, u32, Vec<u8>) {
    let mut decoder = png::Decoder::new(std::io::Cursor::new(png_bytes));
    decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::ALPHA);
    let mut reader = decoder.read_info().expect("a PNG");
    let mut buf = vec![0; reader.output_buffer_size().expect("a size")];
    let info = reader.next_frame(&mut buf).expect("a frame");
    buf.truncate(info.buffer_size());
    let channels = buf.len() / (info.width * info.height) as usize;
    let pixels = match channels {
        4 => buf,
        3 => buf.chunks(3).flat_map(|p| [p[0], p[1], p[2], 255]).collect(),
        2 => buf.chunks(2).flat_map(|p| [p[0], p[0], p[0], p[1]]).collect(),
        _ => buf.iter().flat_map(|&p| [p, p, p, 255]).collect(),
    };
    (info.width, info.height, pixels)
}

/// The bundled documents (not the deck), by their data file.
pub const BUNDLED_DOCUMENTS: [&str; 5] = [
    "hagersten-alvsjo.toml",
    "leanlink-uppfoljning.toml",
    "trelleborg-dr1-2023.toml",
    "trelleborg-dr2-2023.toml",
    "ekbacka-personaluppfoljning-2024.toml",
];
