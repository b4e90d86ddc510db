//! A fuzzer that runs on stable Rust (cargo-fuzz needs a nightly toolchain,
//! which a fresh machine here cannot fetch). Deterministic: a seed gives
//! the same inputs, so a failure reproduces. Four targets:
//!
//! - `toml`: the TOML reader on mutations of the bundled TOML files and on
//!   random bytes — it must return a document or located errors, never panic;
//! - `sheet`: the workbook reader on mutations of the bundled workbooks and
//!   on random bytes written as .xlsx/.ods;
//! - `markdown`: the Markdown-to-Typst converter — its output must parse as
//!   Typst markup without errors;
//! - `escape`: the Typst string escaper — parsing the literal must give back
//!   exactly the input (less control characters other than line breaks and
//!   tabs, which the escaper drops by design).
//!
//! Run: `cargo run --release --example fuzz -- [RUNS] [SEED] [TARGET]`
//! (default 2 000 runs per target, every target; TARGET is one of toml,
//! sheet, markdown, escape). It prints the executions per target; a failing input is
//! written to `fuzz-failures/` and the run exits non-zero; keep such an input
//! as a regression test beside the corpus in `tests/cli/corpus.rs`.

use std::path::{Path, PathBuf};

use planrapport::markdown::{to_typst, typst_string};
use typst::syntax::{SyntaxNode, ast, parse, parse_code};

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % (n.max(1) as u64)).unwrap_or(0)
    }

    fn bytes(&mut self, n: usize) -> Vec<u8> {
        (0..n).map(|_| (self.next() & 0xFF) as u8).collect()
    }

    /// A mutation of `base`: flipped bytes, a cut, a splice, or duplicated bytes.
    fn mutate(&mut self, base: &[u8]) -> Vec<u8> {
        let mut v = base.to_vec();
        for _ in 0..=self.below(4) {
            if v.is_empty() {
                break;
            }
            let at = self.below(v.len());
            match self.below(5) {
                0 => v[at] ^= 1 << self.below(8),
                1 => v.truncate(at),
                2 => {
                    let n = self.below(16) + 1;
                    let extra = self.bytes(n);
                    v.splice(at..at, extra);
                }
                3 => {
                    let end = (at + self.below(64)).min(v.len());
                    let copy = v[at..end].to_vec();
                    v.splice(at..at, copy);
                }
                _ => {
                    let end = (at + self.below(32)).min(v.len());
                    v.drain(at..end);
                }
            }
        }
        v
    }

    /// Text built from pieces that mean something to Typst, Markdown and TOML.
    fn text(&mut self) -> String {
        const PIECES: [&str; 40] = [
            "#",
            "*",
            "_",
            "$",
            "<",
            ">",
            "@",
            "[",
            "]",
            "{",
            "}",
            "//",
            "/*",
            "*/",
            "\\",
            "\"",
            "'",
            "`",
            "```",
            "~",
            "-",
            "- ",
            "1. ",
            "+ ",
            "=",
            "==",
            "\n",
            "\n\n",
            "  ",
            "\t",
            "å",
            "ä",
            "ö",
            "😀",
            "\u{202e}",
            "\u{0}",
            "#set page(width: 1cm)",
            "**fet**",
            "*kursiv*",
            "]\"#",
        ];
        let mut s = String::new();
        for _ in 0..=self.below(12) {
            if self.below(3) == 0 {
                let c = char::from_u32(u32::try_from(self.next() % 0x3000).unwrap_or(65)).unwrap_or('x');
                s.push(c);
            } else {
                s.push_str(PIECES[self.below(PIECES.len())]);
            }
        }
        s
    }
}

fn errors(node: &SyntaxNode) -> Vec<String> {
    node.errors_and_warnings().0.into_iter().map(|e| e.message.to_string()).collect()
}

/// The string a Typst code literal denotes.
fn literal_value(node: &SyntaxNode) -> Option<String> {
    if let Some(s) = node.cast::<ast::Str>() {
        return Some(s.get().to_string());
    }
    node.children().find_map(literal_value)
}

fn fail(target: &str, input: &[u8], why: &str) -> ! {
    let dir = PathBuf::from("fuzz-failures");
    let _ = std::fs::create_dir_all(&dir);
    let path = dir.join(format!(
        "{target}-{:016x}",
        input.iter().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3))
    ));
    let _ = std::fs::write(&path, input);
    eprintln!("{target}: {why}; input written to {}", path.display());
    std::process::exit(1);
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let runs: usize = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(2000);
    let seed: u64 = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(0x5EED);
    let only = args.get(3).cloned();
    let wanted = |t: &str| only.as_deref().is_none_or(|o| o == t);
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tmp = std::env::temp_dir().join(format!("planrapport-fuzz-{}", std::process::id()));
    std::fs::create_dir_all(&tmp).expect("temp dir");
    let tomls: Vec<Vec<u8>> =
        ["hagersten-alvsjo", "leanlink-uppfoljning", "trelleborg-dr2-2023", "vaxjo-kompetensforum"]
            .iter()
            .map(|n| std::fs::read(root.join(format!("data/{n}.toml"))).expect("bundled TOML"))
            .collect();
    let books: Vec<Vec<u8>> =
        ["hagersten-alvsjo", "leanlink-uppfoljning", "trelleborg-dr2-2023", "vaxjo-kompetensforum"]
            .iter()
            .map(|n| std::fs::read(root.join(format!("data/{n}.xlsx"))).expect("bundled workbook"))
            .collect();
    // A panic is what the fuzzer looks for; keep its report short.
    std::panic::set_hook(Box::new(|info| eprintln!("panik: {info}")));
    let mut rng = Rng(seed | 1);
    let mut counts = [0usize; 4];

    for i in 0..runs * usize::from(wanted("toml")) {
        let input = if i % 4 == 0 {
            let n = rng.below(200);
            rng.bytes(n)
        } else {
            rng.mutate(&tomls[i % tomls.len()])
        };
        let text = String::from_utf8_lossy(&input).to_string();
        let path = tmp.join("fuzz.toml");
        if std::panic::catch_unwind(|| planrapport::load::toml::parse_input(&path, &text)).is_err() {
            fail("toml", &input, "the reader panicked");
        }
        counts[0] += 1;
    }
    for i in 0..(runs / 4) * usize::from(wanted("sheet")) {
        let input = if i % 4 == 0 {
            let n = rng.below(2000);
            rng.bytes(n)
        } else {
            rng.mutate(&books[i % books.len()])
        };
        let path = tmp.join(if i % 8 == 3 { "fuzz.ods" } else { "fuzz.xlsx" });
        std::fs::write(&path, &input).expect("write");
        if std::panic::catch_unwind(|| planrapport::load::load(&path)).is_err() {
            fail("sheet", &input, "the reader panicked");
        }
        counts[1] += 1;
    }
    for _ in 0..runs * usize::from(wanted("markdown")) {
        let text = rng.text();
        let Ok(markup) = std::panic::catch_unwind(|| to_typst(&text)) else {
            fail("markdown", text.as_bytes(), "the converter panicked")
        };
        let errs = errors(&parse(&markup));
        if !errs.is_empty() {
            fail("markdown", text.as_bytes(), &format!("the Typst it made does not parse: {errs:?}"));
        }
        counts[2] += 1;
    }
    for _ in 0..runs * usize::from(wanted("escape")) {
        let text = rng.text();
        let literal = typst_string(&text);
        let node = parse_code(&literal);
        let errs = errors(&node);
        // By design the escaper drops control characters other than line
        // breaks and tabs (they cannot be printed; validation warns).
        let expected: String = text.chars().filter(|c| !c.is_control() || matches!(c, '\n' | '\t')).collect();
        if !errs.is_empty() || literal_value(&node).as_deref() != Some(expected.as_str()) {
            fail("escape", text.as_bytes(), &format!("the literal does not give back the text: {literal} {errs:?}"));
        }
        counts[3] += 1;
    }
    let _ = std::fs::remove_dir_all(&tmp);
    println!(
        "fuzz (seed {seed}): toml {} executions, sheet {}, markdown {}, escape {}: no failures",
        counts[0], counts[1], counts[2], counts[3]
    );
}
