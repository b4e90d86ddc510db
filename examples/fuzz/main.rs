//! A fuzzer that runs on stable Rust (cargo-fuzz needs a nightly toolchain,
//! which a fresh machine here cannot fetch). Deterministic: a seed gives
//! the same inputs, so a failure reproduces. Targets:
//!
//! - `toml`: the TOML loader and validation on byte mutations of the
//!   bundled TOML files and on random bytes;
//! - `toml-tree`: the same on structure-aware mutations (see `tree.rs`),
//!   with the Typst source rendered on every fourth execution;
//! - `sheet`: the workbook loader and validation on byte mutations of the
//!   bundled and generated workbooks (.xlsx, .ods) and on random bytes;
//! - `xlsx`: the same on structure-aware mutations of the workbooks' XML
//!   (see `book.rs`), rendering and exporting on every fourth execution;
//! - `ods`: the same on structure-aware mutations of ODS content (`ods.rs`);
//! - `markdown`: the Markdown-to-Typst converter — its output must parse as
//!   Typst markup without errors;
//! - `escape`: the Typst string escaper — parsing the literal must give back
//!   exactly the input (less control characters other than line breaks and
//!   tabs, which the escaper drops by design).
//!
//! An execution fails when it panics, takes over 1 s (CPU time of the
//! fuzzing thread; `FUZZ_CLOCK=wall` for wall time) or allocates over
//! 500 MiB (see `guard.rs`). The failing input is written to
//! `fuzz-failures/TARGET-HASH.EXT` with a `.why` note, and the run exits
//! non-zero.
//!
//! Run: `cargo run --release --example fuzz -- [RUNS] [SEED] [TARGET,…]
//! [--keep-going] [--skip-known]` (default 2 000 executions per target, every
//! target). `--keep-going` saves each distinct panic (by its message and
//! place) and goes on; `--skip-known` leaves out the mutations that hit the
//! crashes listed in issue 12 (huge references and repeats, date cells with
//! multi-byte junk, case-fold characters, thousands of repeated items).
//! `… -- replay FILE…` runs saved inputs, each in its own process, and says
//! which still fail.

mod book;
mod guard;
mod ods;
mod rng;
mod tree;

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use planrapport::markdown::{to_typst, typst_string};
use planrapport::pipeline;
use planrapport::render::Templates;
use typst::syntax::{SyntaxNode, ast, parse, parse_code};

use rng::Rng;

#[global_allocator]
static ALLOC: guard::Counting = guard::Counting;

/// The targets in the order they run, with their inputs' file extension.
const TARGETS: [&str; 7] = ["toml", "toml-tree", "sheet", "xlsx", "ods", "markdown", "escape"];

/// The message and place of the last panic (set by the panic hook).
static LAST_PANIC: Mutex<String> = Mutex::new(String::new());
/// Set while minimising: the trials' panics are not printed.
static QUIET: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

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

/// What the generators start from.
struct Seeds {
    tomls: Vec<Vec<u8>>,
    trees: Vec<toml::Value>,
    keys: Vec<String>,
    /// Workbooks as files: the bundled .xlsx and a small generated plan.
    books: Vec<Vec<u8>>,
    unpacked: Vec<book::Book>,
    /// The same workbooks' sheets as ODS documents.
    odss: Vec<ods::Sheets>,
    ods_files: Vec<Vec<u8>>,
}

const EXAMPLES: [&str; 5] =
    ["hagersten-alvsjo", "leanlink-uppfoljning", "trelleborg-dr1-2023", "trelleborg-dr2-2023", "vaxjo-kompetensforum"];

const STATUS_WORDS: &str = "\n[[status]]\nnamn = \"Klar\"\nbetyder = \"genomford\"\nfarg = \"#cfe8cf\"\nsynonymer = [\"Avklarad\", \"Helt klart\"]\n\n[[status]]\nnamn = \"Pågår\"\nbetyder = \"pagar\"\nsynonymer = [\"Pågår inom\", \"Startat\"]\n";

fn seeds(tmp: &Path) -> Seeds {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    // The follow-up and report examples also get an own status vocabulary
    // (words, synonyms, colours), which none of them has.
    let tomls: Vec<Vec<u8>> = EXAMPLES
        .iter()
        .map(|n| {
            let mut t = std::fs::read(root.join(format!("data/{n}.toml"))).expect("bundled TOML");
            if n.contains("uppfoljning") || n.contains("-dr") {
                t.extend_from_slice(STATUS_WORDS.as_bytes());
            }
            t
        })
        .collect();
    let trees: Vec<toml::Value> = tomls
        .iter()
        .map(|t| toml::Value::Table(toml::from_str(&String::from_utf8_lossy(t)).expect("bundled TOML parses")))
        .collect();
    let mut keys = Vec::new();
    for t in &trees {
        tree::keys(t, &mut keys);
    }
    let mut books: Vec<Vec<u8>> = EXAMPLES
        .iter()
        .map(|n| std::fs::read(root.join(format!("data/{n}.xlsx"))).expect("bundled workbook"))
        .collect();
    books.push(book::small_plan());
    let unpacked = books.iter().map(|b| book::unpack(b).expect("seed workbook unpacks")).collect();
    let odss: Vec<ods::Sheets> = books
        .iter()
        .enumerate()
        .map(|(i, b)| {
            let path = tmp.join(format!("seed{i}.xlsx"));
            std::fs::write(&path, b).expect("write seed");
            let sheets = ods::from_workbook(&path).expect("seed workbook reads");
            let _ = std::fs::remove_file(&path);
            sheets
        })
        .collect();
    let ods_files = odss.iter().map(ods::write_seed).collect();
    Seeds { tomls, trees, keys, books, unpacked, odss, ods_files }
}

/// Text for the Markdown and escape targets; with `known`, rarely a long
/// run of one piece (the quadratic cases of issue 12).
fn markup_text(rng: &mut Rng, known: bool) -> String {
    if known && rng.one_in(500) {
        let piece = ["*", "_a", "[", "`", "**x", "- ", "#", "\\"][rng.below(8)];
        return piece.repeat(1000 + rng.below(200_000));
    }
    rng.text()
}

/// The next input of a target, with its file extension.
fn generate(target: &str, i: usize, rng: &mut Rng, s: &Seeds, known: bool) -> (Vec<u8>, &'static str) {
    match target {
        "toml" if i.is_multiple_of(4) => {
            let n = rng.below(200);
            (rng.bytes(n), "toml")
        }
        "toml" => (rng.mutate(&s.tomls[i % s.tomls.len()]), "toml"),
        "toml-tree" => {
            let seed = &s.trees[i % s.trees.len()];
            (tree::mutate(rng, seed, &s.keys, known).into_bytes(), "toml")
        }
        "sheet" => {
            let ods = i % 8 == 3;
            let ext = if ods { "ods" } else { "xlsx" };
            if i.is_multiple_of(4) {
                let n = rng.below(2000);
                (rng.bytes(n), ext)
            } else if ods {
                (rng.mutate(&s.ods_files[i % s.ods_files.len()]), ext)
            } else {
                (rng.mutate(&s.books[i % s.books.len()]), ext)
            }
        }
        "xlsx" => (book::mutate(rng, &s.unpacked[i % s.unpacked.len()], known), "xlsx"),
        "ods" => (ods::mutate(rng, &s.odss[i % s.odss.len()], known), "ods"),
        _ => (markup_text(rng, known).into_bytes(), "txt"),
    }
}

/// Runs one input through its target. A panic propagates (the caller
/// catches it); a broken property of the output is an `Err`. With `deep`,
/// a document that loads is also rendered to Typst source and exported.
fn execute(target: &str, ext: &str, input: &[u8], dir: &Path, templates: &Templates, deep: bool) -> Result<(), String> {
    match target {
        "markdown" => {
            let text = String::from_utf8_lossy(input);
            let markup = to_typst(&text);
            let errs = errors(&parse(&markup));
            if errs.is_empty() { Ok(()) } else { Err(format!("the Typst it made does not parse: {errs:?}")) }
        }
        "escape" => {
            let text = String::from_utf8_lossy(input);
            let literal = typst_string(&text);
            let node = parse_code(&literal);
            let errs = errors(&node);
            // By design the escaper drops control characters other than line
            // breaks and tabs (they cannot be printed; validation warns).
            let expected: String = text.chars().filter(|c| !c.is_control() || matches!(c, '\n' | '\t')).collect();
            if errs.is_empty() && literal_value(&node).as_deref() == Some(expected.as_str()) {
                Ok(())
            } else {
                Err(format!("the literal does not give back the text: {literal} {errs:?}"))
            }
        }
        _ => {
            let path = dir.join(format!("fuzz.{ext}"));
            std::fs::write(&path, input).map_err(|e| format!("could not write the input: {e}"))?;
            if let Ok(loaded) = pipeline::load(&path)
                && deep
            {
                let _ = pipeline::typst_source(&loaded.document, templates);
                let _ = pipeline::workbook(&loaded.document);
            }
            Ok(())
        }
    }
}

struct Options {
    runs: usize,
    seed: u64,
    targets: Vec<&'static str>,
    keep_going: bool,
    skip_known: bool,
}

fn options(args: &[String]) -> Options {
    let mut positional = args.iter().filter(|a| !a.starts_with("--"));
    let runs = positional.next().and_then(|s| s.parse().ok()).unwrap_or(2000);
    let seed = positional.next().and_then(|s| s.parse().ok()).unwrap_or(0x5EED);
    let targets = match positional.next() {
        Some(list) => {
            let wanted: Vec<&str> = list.split(',').collect();
            for w in &wanted {
                if !TARGETS.contains(w) {
                    eprintln!("unknown target {w:?}; the targets are {}", TARGETS.join(", "));
                    std::process::exit(2);
                }
            }
            TARGETS.iter().copied().filter(|t| wanted.contains(t)).collect()
        }
        None => TARGETS.to_vec(),
    };
    let flag = |f: &str| args.iter().any(|a| a == f);
    Options { runs, seed, targets, keep_going: flag("--keep-going"), skip_known: flag("--skip-known") }
}

/// A panic's identity for de-duplication: its place and the start of its message.
fn signature() -> String {
    LAST_PANIC.lock().map(|s| s.chars().take(160).collect()).unwrap_or_default()
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    std::panic::set_hook(Box::new(|info| {
        let place = info.location().map(|l| format!("{}:{}", l.file(), l.line())).unwrap_or_default();
        let message = info
            .payload()
            .downcast_ref::<&str>()
            .map(ToString::to_string)
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_default();
        let text = format!("panic at {place}: {}", message.replace('\n', " "));
        if !QUIET.load(std::sync::atomic::Ordering::Relaxed) {
            eprintln!("{text}");
        }
        if let Ok(mut last) = LAST_PANIC.lock() {
            *last = text;
        }
    }));
    let clock =
        if std::env::var("FUZZ_CLOCK").is_ok_and(|c| c == "wall") { guard::Clock::Wall } else { guard::Clock::Cpu };
    let clock = guard::watchdog(clock);
    match args.first().map(String::as_str) {
        Some("replay") => replay(&args[1..]),
        Some("replay-one") => replay_one(Path::new(&args[1])),
        _ => campaign(&options(&args), clock),
    }
}

#[allow(clippy::cast_precision_loss)] // rates and sizes for people to read
fn campaign(o: &Options, clock: guard::Clock) {
    let tmp = std::env::temp_dir().join(format!("planrapport-fuzz-{}", std::process::id()));
    std::fs::create_dir_all(&tmp).expect("temp dir");
    let s = seeds(&tmp);
    let templates = Templates::built_in();
    let known = !o.skip_known;
    let mut failures: Vec<(String, PathBuf, usize)> = Vec::new();
    let mut summary = Vec::new();
    println!(
        "fuzz (seed {}, {} executions per target{}; limits {} s {} time, {} MiB)",
        o.seed,
        o.runs,
        if o.skip_known { ", known crashes skipped" } else { "" },
        guard::TIME_LIMIT.as_secs(),
        if clock == guard::Clock::Cpu { "CPU" } else { "wall" },
        guard::MEMORY_LIMIT >> 20
    );
    for &target in &o.targets {
        let dir = tmp.join(target);
        std::fs::create_dir_all(&dir).expect("target dir");
        let mut rng = Rng::for_target(o.seed, target);
        let started = Instant::now();
        let cpu_start = guard::own_cpu();
        let mut last_report = Instant::now();
        let (mut slowest, mut peak) = (Duration::ZERO, 0usize);
        for i in 0..o.runs {
            let (input, ext) = generate(target, i, &mut rng, &s, known);
            let deep = i % 4 == 1;
            guard::begin(target, ext, &input);
            let result = std::panic::catch_unwind(|| execute(target, ext, &input, &dir, &templates, deep));
            let (exec_peak, exec_time) = guard::end();
            slowest = slowest.max(exec_time);
            peak = peak.max(exec_peak);
            let panicked = result.is_err();
            let why = match result {
                Ok(Ok(())) => None,
                Ok(Err(e)) => Some((e.clone(), e)),
                Err(_) => Some((signature(), format!("{} (execution {i})", signature()))),
            };
            if let Some((sig, why)) = why {
                if let Some(f) = failures.iter_mut().find(|(s, _, _)| *s == sig) {
                    f.2 += 1;
                } else {
                    let path = guard::save(target, ext, &input, &why);
                    eprintln!("{target}: {why}; input written to {}", path.display());
                    if panicked {
                        QUIET.store(true, std::sync::atomic::Ordering::Relaxed);
                        let small = minimise(target, ext, &input, &sig, &dir, &templates);
                        QUIET.store(false, std::sync::atomic::Ordering::Relaxed);
                        if small.len() < input.len() {
                            let m =
                                guard::save(target, ext, &small, &format!("{why}; minimised from {}", path.display()));
                            eprintln!("  minimised ({} → {} bytes): {}", input.len(), small.len(), m.display());
                        }
                    }
                    failures.push((sig, path, 1));
                }
                if !o.keep_going {
                    break;
                }
            }
            if last_report.elapsed() > Duration::from_secs(30) {
                last_report = Instant::now();
                let rate = i as f64 / started.elapsed().as_secs_f64();
                eprintln!("  {target}: {i}/{} ({rate:.0} exec/s)", o.runs);
            }
        }
        let secs = started.elapsed().as_secs_f64();
        // On a shared machine the CPU time of this thread is the fairer measure.
        let cpu = guard::own_cpu().zip(cpu_start).map(|(b, a)| b.saturating_sub(a).as_secs_f64());
        // (CPU time comes in ticks of 10 ms: too coarse for a short run.)
        let cpu = cpu.filter(|c| *c >= 0.5);
        let rate = o.runs as f64 / cpu.unwrap_or(secs).max(1e-3);
        let line = format!(
            "{target}: {} executions in {secs:.1} s wall{} ({rate:.0} exec/s{}; 10^6 in {:.0} min); slowest {} ms, peak {:.1} MiB",
            o.runs,
            cpu.map_or(String::new(), |c| format!(", {c:.1} s CPU")),
            if cpu.is_some() { " of CPU" } else { "" },
            1e6 / rate / 60.0,
            slowest.as_millis(),
            peak as f64 / f64::from(1 << 20)
        );
        println!("{line}");
        summary.push(line);
        let _ = std::fs::remove_dir_all(&dir);
        if !failures.is_empty() && !o.keep_going {
            break;
        }
    }
    let _ = std::fs::remove_dir_all(&tmp);
    if failures.is_empty() {
        println!("no failures");
    } else {
        println!("{} distinct failures:", failures.len());
        for (sig, path, n) in &failures {
            println!("  {} ({n}×): {sig}", path.display());
        }
        std::process::exit(1);
    }
}

/// The target a saved input belongs to, from its name `TARGET-….EXT`
/// (`TARGET-HASH.EXT` as saved, or a descriptive name in the fixtures).
fn target_of(path: &Path) -> Option<(&'static str, &'static str)> {
    let name = path.file_name()?.to_str()?;
    let (stem, ext) = name.rsplit_once('.')?;
    let target = TARGETS.iter().copied().filter(|t| stem.starts_with(&format!("{t}-"))).max_by_key(|t| t.len())?;
    let ext = ["toml", "xlsx", "ods", "txt"].into_iter().find(|e| *e == ext)?;
    Some((target, ext))
}

/// Runs one saved input under the limits (deep: rendered and exported too).
fn replay_one(path: &Path) {
    let Some((target, ext)) = target_of(path) else {
        eprintln!("{}: not a saved input (TARGET-HASH.EXT)", path.display());
        std::process::exit(2);
    };
    let input = std::fs::read(path).expect("read input");
    let dir = std::env::temp_dir().join(format!("planrapport-replay-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let templates = Templates::built_in();
    guard::begin(target, ext, &input);
    let result = std::panic::catch_unwind(|| execute(target, ext, &input, &dir, &templates, true));
    let (peak, time) = guard::end();
    let _ = std::fs::remove_dir_all(&dir);
    match result {
        Ok(Ok(())) => println!("ok ({} ms, {} MiB)", time.as_millis(), peak >> 20),
        Ok(Err(e)) => {
            println!("fails: {e}");
            std::process::exit(1);
        }
        Err(_) => {
            println!("fails: {}", signature());
            std::process::exit(1);
        }
    }
}

/// Runs each saved input in a child process (a limit ends the process) and
/// prints one line per input.
fn replay(files: &[String]) {
    let exe = std::env::current_exe().expect("own path");
    let mut failed = 0;
    for f in files {
        let path = Path::new(f);
        if target_of(path).is_none() {
            continue;
        }
        let out = std::process::Command::new(&exe).args(["replay-one", f]).output().expect("run child");
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        let said = stdout.lines().chain(stderr.lines()).rfind(|l| !l.trim().is_empty()).unwrap_or("").to_string();
        if out.status.success() {
            println!("{f}: {said}");
        } else {
            failed += 1;
            let what = match out.status.code() {
                Some(2) => "over the time limit".to_string(),
                Some(_) => said,
                None => format!("killed ({said})"),
            };
            println!("{f}: FAILS: {what}");
        }
    }
    println!("{} inputs, {failed} fail", files.iter().filter(|f| target_of(Path::new(f)).is_some()).count());
    if failed > 0 {
        std::process::exit(1);
    }
}

/// Whether `input` still panics with the same signature.
fn still_fails(target: &str, ext: &'static str, input: &[u8], sig: &str, dir: &Path, templates: &Templates) -> bool {
    guard::begin(target_name(target), ext, input);
    let result = std::panic::catch_unwind(|| execute(target, ext, input, dir, templates, true));
    guard::end();
    result.is_err() && signature() == sig
}

fn target_name(target: &str) -> &'static str {
    TARGETS.iter().copied().find(|t| *t == target).unwrap_or("fuzz")
}

/// At most this many trial executions per kind of element.
const MINIMISE_TRIES: usize = 3000;

/// Removes elements (rows, then cells, then sheets) or TOML values one at a
/// time as long as the input panics the same way: a smaller input to keep.
fn minimise(target: &str, ext: &'static str, input: &[u8], sig: &str, dir: &Path, templates: &Templates) -> Vec<u8> {
    let mut best = input.to_vec();
    match ext {
        "xlsx" => {
            let Some(mut b) = book::unpack(input) else { return best };
            for (open, close) in [("<row ", "</row>"), ("<c ", "</c>"), ("<sheet ", "</sheet>"), ("<si>", "</si>")] {
                for part in 0..b.parts.len() {
                    let Ok(xml) = String::from_utf8(b.parts[part].1.clone()) else { continue };
                    let mut xml = xml;
                    let mut i = elements_len(&xml, open, close).min(MINIMISE_TRIES);
                    while i > 0 {
                        i -= 1;
                        let els = book::elements(&xml, open, close);
                        let Some(&(a, e)) = els.get(i) else { continue };
                        // Removing a shared string shifts the indices after it: only the last ones.
                        if open == "<si>" && i + 1 != els.len() {
                            break;
                        }
                        let shorter = format!("{}{}", &xml[..a], &xml[e..]);
                        let mut trial = b.clone();
                        trial.parts[part].1 = shorter.clone().into_bytes();
                        let packed = book::pack(&trial.parts);
                        if still_fails(target, ext, &packed, sig, dir, templates) {
                            xml = shorter;
                            b = trial;
                            best = packed;
                        }
                    }
                }
            }
        }
        "toml" => {
            let Ok(t) = toml::from_str::<toml::Table>(&String::from_utf8_lossy(input)) else { return best };
            let mut t = toml::Value::Table(t);
            // Reverse pre-order: a value's children before it, later
            // siblings before earlier ones, so the paths left stay valid.
            let paths = tree::paths(&t);
            for p in paths.iter().rev().take(MINIMISE_TRIES) {
                let mut trial = t.clone();
                if !tree::remove(&mut trial, p) {
                    continue;
                }
                let text = toml::to_string(&trial).unwrap_or_default();
                if still_fails(target, ext, text.as_bytes(), sig, dir, templates) {
                    t = trial;
                    best = text.into_bytes();
                }
            }
        }
        _ => {}
    }
    best
}

fn elements_len(xml: &str, open: &str, close: &str) -> usize {
    book::elements(xml, open, close).len()
}
