//! Benchmark: wall time and peak memory of whole builds (PDF and Excel), each
//! run of each case in a fresh process, timed from spawn to exit (so process
//! start and the binary's loading count). Each case runs `--runs N` times
//! (default 5) and prints the median and the fastest run, because a shared
//! machine's neighbours make single runs vary. Cases: the bundled examples (TOML and xlsx),
//! generated plans of 500, 1,000 and 2,000 activity rows across 50
//! departments, to show how time grows with rows, and generated follow-ups
//! of 1,000 and 2,000 activities.
//!
//! Then the comparison with the peer (`bench/peer.rs`): generated plans of
//! 45, 2,000, 10,000 and 20,000 rows built by planrapport and the same rows
//! typeset through the same embedded compiler with a plain hand-written
//! template; times, pages, peak memory and the ratio.
//!
//! Then two batches of 50 units built by one `bygg` (in parallel, one
//! thread per core) against 50 runs one after another: 50 alike
//! follow-ups, and 50 different plans; times and peak memory.
//!
//! Last, the watch mode (`bygg --bevaka`): the bundled plan rebuilt in one
//! process with one warm Typst World after a one-cell edit (an activity's
//! text changed in the TOML, and a cell changed in the workbook), PDF and
//! Excel written; median and fastest of the runs (target under 100 ms).
//!
//! Every child run sets the allocator up as the planrapport command does
//! (`typeset::steady_allocator`): planrapport's runs and the peer's alike.
//!
//! Run: `cargo run --release --example bench [-- --runs N] [--only-peer | --only-batch | --watch-only]`

use std::fmt::Write as _;
use std::path::Path;
use std::time::Instant;

use planrapport::cli::BuildArgs;
use planrapport::pipeline;
use planrapport::typeset::PdfProfile;

#[path = "bench/peer.rs"]
mod peer;

/// The process's resident memory now, in MiB.
fn resident_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with("VmRSS:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|kb| kb.parse::<f64>().ok())
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

fn peak_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|kb| kb.parse::<f64>().ok())
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

/// A plan of `rows` rows over 50 departments, with realistic cell lengths:
/// the rows of [`peer::rows`], which the peer typesets too.
fn generated(rows: usize) -> String {
    let mut s = String::from(
        "[dokument]\norganisation = \"Exempelkommun\"\ntitel = \"Kompetensförsörjningsplan (genererad)\"\nperiod = \"2025–2027\"\ndatum = 2025-01-15\n\n[[kapitel]]\nrubrik = \"Syfte\"\ntext = \"Planen är genererad för prestandamätning.\"\n",
    );
    let mut department = None;
    for r in peer::rows(rows) {
        if department != Some(r.department) {
            let d = r.department;
            department = Some(d);
            let _ = write!(
                s,
                "\n[[avdelning]]\nnamn = \"Avdelning {d:02}\"\ndatum = 2025-01-10\nansvarig_chef = \"Chef {d}\"\n"
            );
        }
        let _ = write!(
            s,
            "\n[[avdelning.rad]]\nfas = \"{}\"\nmal = \"{}\"\naktiviteter = [\"{}\", \"{}\"]\nmaldatum = \"{}\"\nansvariga = [\"Enhetschef\", \"HR-konsult\"]\nuppfoljning = \"Tertial samt VB\"\n",
            r.phase, r.goal, r.activities[0], r.activities[1], r.deadline
        );
    }
    s
}

/// A follow-up of `activities` activities: 5 perspectives, 4 goals each,
/// 10 activities per committee goal; every tenth has parts per unit.
fn generated_followup(activities: usize) -> String {
    let statuses = ["Klart", "Pågår", "Ej påbörjat", "Skjuts till 2026", "pågår", "Genomfört"];
    let ends = ["25-12-31", "2025-06-30", "2025", "Kontinuerligt", "25-02-01"];
    let mut s = String::from(
        "[dokument]\ntyp = \"uppfoljning\"\norganisation = \"Exempelkommun\"\ntitel = \"Uppföljning av verksamhetsplan (genererad)\"\nperiod = \"2025\"\ndatum = 2025-05-10\nper = 2025-04-30\n\n[[kapitel]]\nrubrik = \"Inledning\"\ntext = \"Uppföljningen är genererad för prestandamätning.\"\n",
    );
    let per_committee_goal = 10;
    let committee_goals = activities.div_ceil(per_committee_goal);
    let mut n = 0;
    for c in 0..committee_goals {
        if c % 20 == 0 {
            let _ = write!(s, "\n[[perspektiv]]\nnamn = \"Perspektiv {}\"\n", c / 20);
        }
        if c % 5 == 0 {
            let _ = write!(
                s,
                "\n[[perspektiv.mal]]\nnamn = \"Kommunövergripande mål {}: välfärdstjänster med hög kvalitet\"\n",
                c / 5
            );
        }
        let _ = write!(
            s,
            "\n[[perspektiv.mal.namndmal]]\nrubrik = \"Nämndmål {c}\"\nbeskrivning = \"Förvaltningen säkerställer en kvalitativ och säker vård och omsorg utifrån ett helhetsperspektiv.\"\n"
        );
        for _ in 0..per_committee_goal.min(activities - n) {
            let _ = write!(
                s,
                "\n[[perspektiv.mal.namndmal.aktivitet]]\ntext = \"Aktivitet {n}: utveckla arbetssätt för att öka tillgängligheten till insatser enligt biståndsbedömningen\"\nslutdatum = \"{}\"\nansvarig = [\"Avd.chef\", \"Enhetschef\"]\n",
                ends[n % ends.len()]
            );
            if n % 10 == 9 {
                for unit in ["ÄO", "LSS"] {
                    let _ = write!(
                        s,
                        "[[perspektiv.mal.namndmal.aktivitet.enhet]]\nnamn = \"{unit}\"\nstatus = \"{}\"\nkommentar = \"Arbetet pågår inom {unit} enligt plan.\"\n",
                        statuses[(n + unit.len()) % statuses.len()]
                    );
                }
            } else {
                let _ = write!(
                    s,
                    "status = \"{}\"\nkommentar = \"Arbetet följs upp på ledningsgruppens möten varje månad.\"\n",
                    statuses[n % statuses.len()]
                );
            }
            n += 1;
        }
    }
    s
}

fn run_case(input: &Path, out: &Path) {
    run_inputs(vec![input.to_path_buf()], out);
}

fn run_inputs(inputs: Vec<std::path::PathBuf>, out: &Path) {
    let args = BuildArgs {
        inputs,
        previous: None,
        bildspel: false,
        allow_missing: false,
        output: out.to_path_buf(),
        emit_typst: None,
        templates: None,
        pdf_standard: PdfProfile::A2aUa1,
        bara_pdf: false,
        bara_excel: false,
        watch: false,
    };
    if let Err(e) = pipeline::build(&args) {
        for d in e.items {
            eprintln!("{d}");
        }
        std::process::exit(1);
    }
    println!("{:.1}", peak_mib());
}

/// A child run (`--case`, `--batch`, `--peer`): `true` when `args` asked for one, done.
fn child(args: &[String]) -> bool {
    planrapport::typeset::steady_allocator();
    if args.len() == 4 && args[1] == "--case" {
        run_case(Path::new(&args[2]), Path::new(&args[3]));
        return true;
    }
    if args.len() == 4 && args[1] == "--batch" {
        let mut inputs: Vec<_> =
            std::fs::read_dir(&args[2]).expect("batch folder").map(|e| e.expect("entry").path()).collect();
        inputs.sort();
        run_inputs(inputs, Path::new(&args[3]));
        return true;
    }
    if args.len() == 4 && args[1] == "--peer" {
        let n: usize = args[2].parse().expect("rows");
        let out = Path::new(&args[3]);
        std::fs::create_dir_all(out).expect("peer output folder");
        let pdf = peer::run(n, out);
        std::fs::write(out.join("peer.pdf"), pdf).expect("write peer PDF");
        println!("{:.1}", peak_mib());
        return true;
    }
    false
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if child(&args) {
        return;
    }
    let watch_only = args.iter().any(|a| a == "--watch-only");
    let runs = match args.iter().position(|a| a == "--runs").map(|i| args.get(i + 1).map(|n| n.parse::<usize>())) {
        None => 5,
        Some(Some(Ok(n))) if n > 0 => n,
        _ => {
            eprintln!("usage: bench [--runs N] [--only-peer | --only-batch | --watch-only]  (N ≥ 1, default 5)");
            std::process::exit(2);
        }
    };
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tmp = std::env::temp_dir().join(format!("planrapport-bench-{}", std::process::id()));
    std::fs::create_dir_all(&tmp).expect("temp dir");
    let exe = std::env::current_exe().expect("current exe");
    if args.iter().any(|a| a == "--only-peer") {
        compare_with_peer(&exe, &tmp, runs);
        let _ = std::fs::remove_dir_all(&tmp);
        return;
    }
    if args.iter().any(|a| a == "--only-batch") {
        batch(&exe, root, &tmp);
        let _ = std::fs::remove_dir_all(&tmp);
        return;
    }
    if watch_only {
        watch_rebuilds(root, &tmp, runs.max(5));
        let _ = std::fs::remove_dir_all(&tmp);
        return;
    }
    let mut cases: Vec<(String, std::path::PathBuf, usize)> = vec![
        ("bundled plan (TOML)".into(), root.join("data/hagersten-alvsjo.toml"), 53),
        ("bundled plan (xlsx)".into(), root.join("data/hagersten-alvsjo.xlsx"), 53),
        ("bundled follow-up (TOML)".into(), root.join("data/leanlink-uppfoljning.toml"), 44),
        ("bundled follow-up (xlsx)".into(), root.join("data/leanlink-uppfoljning.xlsx"), 44),
    ];
    for rows in [500, 1000, 2000] {
        let path = tmp.join(format!("generated-{rows}.toml"));
        std::fs::write(&path, generated(rows)).expect("write generated plan");
        cases.push(("generated, 50 departments".to_string(), path, rows));
    }
    for activities in [1000, 2000] {
        let path = tmp.join(format!("generated-followup-{activities}.toml"));
        std::fs::write(&path, generated_followup(activities)).expect("write generated follow-up");
        cases.push(("generated follow-up".to_string(), path, activities));
    }
    println!("whole process, PDF and Excel; {runs} runs per case (median and fastest; peak memory of the largest run)");
    println!("{:<28} {:>6} {:>6} {:>10} {:>10} {:>10}", "case", "rows", "pages", "median (s)", "min (s)", "peak MiB");
    for (name, input, rows) in cases {
        let out = tmp.join("out");
        let mut walls = Vec::with_capacity(runs);
        let mut peak = 0.0_f64;
        for _ in 0..runs {
            let start = Instant::now();
            let child =
                std::process::Command::new(&exe).arg("--case").arg(&input).arg(&out).output().expect("run case");
            walls.push(start.elapsed().as_secs_f64());
            if !child.status.success() {
                eprintln!("{name} failed:\n{}", String::from_utf8_lossy(&child.stderr));
                std::process::exit(1);
            }
            let mib = String::from_utf8_lossy(&child.stdout).trim().parse::<f64>().unwrap_or(f64::NAN);
            peak = peak.max(mib);
        }
        walls.sort_by(f64::total_cmp);
        let median = walls[walls.len() / 2];
        let stem = input.file_stem().and_then(|s| s.to_str()).unwrap_or("plan");
        let pdf = std::fs::read(out.join(format!("{stem}.pdf"))).unwrap_or_default();
        // The page tree's "/Type/Pages/Count N".
        let text = String::from_utf8_lossy(&pdf);
        let pages = text
            .split("/Type/Pages/Count ")
            .nth(1)
            .and_then(|rest| rest.split(|c: char| !c.is_ascii_digit()).next())
            .unwrap_or("?")
            .to_string();
        println!("{name:<28} {rows:>6} {pages:>6} {median:>10.3} {:>10.3} {peak:>10.1}", walls[0]);
    }
    compare_with_peer(&exe, &tmp, runs);
    batch(&exe, root, &tmp);
    watch_rebuilds(root, &tmp, runs.max(5));
    let _ = std::fs::remove_dir_all(&tmp);
}

/// Two batches of 50 units built by one `bygg` with all 50 inputs, which
/// uses every core, against 50 runs one after another: the bundled
/// follow-up once per unit (alike, so Typst's cache serves much of each
/// layout), and 50 different plans of 200 rows (every row names its unit,
/// so nothing is shared but the layout library), with the peak memory of
/// the batch beside that of one unit alone.
fn batch(exe: &Path, root: &Path, tmp: &Path) {
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    println!();
    println!("batches of 50 units (PDF + xlsx), {cores} cores");
    let source = std::fs::read_to_string(root.join("data/leanlink-uppfoljning.toml")).expect("bundled follow-up");
    one_batch(exe, &tmp.join("batch-alike"), "50 alike follow-ups", |_| source.clone());
    let plan = generated(200);
    one_batch(exe, &tmp.join("batch-different"), "50 different plans of 200 rows", |unit| {
        plan.replace("Exempelkommun", &format!("Enhet {unit:02}"))
            .replace("för avdelning", &format!("för enhet {unit:02}, avdelning"))
    });
}

fn one_batch(exe: &Path, dir: &Path, name: &str, unit: impl Fn(usize) -> String) {
    let folder = dir.join("in");
    std::fs::create_dir_all(&folder).expect("batch folder");
    for u in 0..50 {
        std::fs::write(folder.join(format!("enhet-{u:02}.toml")), unit(u)).expect("write unit");
    }
    let out = dir.join("out");
    let together = timed(exe, &["--batch".as_ref(), folder.as_os_str(), out.as_os_str()]);
    let start = Instant::now();
    let mut sequential = Ok(0.0_f64);
    for u in 0..50 {
        let input = folder.join(format!("enhet-{u:02}.toml"));
        match timed(exe, &["--case".as_ref(), input.as_os_str(), out.as_os_str()]) {
            Ok((_, peak)) => sequential = sequential.map(|p| p.max(peak)),
            Err(e) => {
                sequential = Err(e);
                break;
            }
        }
    }
    let one_by_one = start.elapsed().as_secs_f64();
    match (together, sequential) {
        (Ok((t, peak)), Ok(one)) => println!(
            "{name}: one bygg with 50 inputs {t:.2} s (peak {peak:.0} MiB); 50 runs one after another {one_by_one:.2} s (peak {one:.0} MiB each); {:.2}× faster",
            one_by_one / t
        ),
        (Err(e), _) | (_, Err(e)) => println!("{name}: failed: {e}"),
    }
}

/// One timed child run: wall seconds and the peak MiB it printed, or why it failed.
fn timed(exe: &Path, args: &[&std::ffi::OsStr]) -> Result<(f64, f64), String> {
    let start = Instant::now();
    let child = std::process::Command::new(exe).args(args).output().map_err(|e| e.to_string())?;
    let wall = start.elapsed().as_secs_f64();
    if !child.status.success() {
        let err = String::from_utf8_lossy(&child.stderr);
        return Err(err.lines().next().unwrap_or("failed").to_string());
    }
    Ok((wall, String::from_utf8_lossy(&child.stdout).trim().parse::<f64>().unwrap_or(f64::NAN)))
}

/// Median wall time, largest peak, and the first failure if any run failed.
fn measure(exe: &Path, args: &[&std::ffi::OsStr], runs: usize) -> Result<(f64, f64), String> {
    let mut walls = Vec::with_capacity(runs);
    let mut peak = 0.0_f64;
    for _ in 0..runs {
        let (wall, mib) = timed(exe, args)?;
        walls.push(wall);
        peak = peak.max(mib);
    }
    walls.sort_by(f64::total_cmp);
    Ok((walls[walls.len() / 2], peak))
}

/// "/Type/Pages/Count N" of a PDF file.
fn pages_of(pdf: &Path) -> String {
    let bytes = std::fs::read(pdf).unwrap_or_default();
    String::from_utf8_lossy(&bytes)
        .split("/Type/Pages/Count ")
        .nth(1)
        .and_then(|rest| rest.split(|c: char| !c.is_ascii_digit()).next())
        .unwrap_or("?")
        .to_string()
}

/// planrapport (PDF and workbook) against the plain template on the same rows,
/// both through the same embedded compiler, each in fresh processes.
fn compare_with_peer(exe: &Path, tmp: &Path, runs: usize) {
    println!();
    println!("planrapport (PDF + xlsx) against a plain hand-written template (PDF only), same rows, same compiler");
    println!("(medians of {runs} runs up to 2 000 rows, one run above; peak memory of the largest run)");
    println!(
        "{:>6} {:>12} {:>8} {:>9} {:>12} {:>8} {:>9} {:>7}",
        "rows", "planrapport", "pages", "peak MiB", "plain (s)", "pages", "peak MiB", "ratio"
    );
    for rows in [45, 2000, 10_000, 20_000] {
        let n = if rows <= 2000 { runs } else { 1 };
        let input = tmp.join(format!("peer-plan-{rows}.toml"));
        std::fs::write(&input, generated(rows)).expect("write generated plan");
        let out = tmp.join(format!("peer-out-{rows}"));
        let ours = measure(exe, &["--case".as_ref(), input.as_os_str(), out.as_os_str()], n);
        let theirs = measure(exe, &["--peer".as_ref(), rows.to_string().as_ref(), out.as_os_str()], n);
        let ours_pages = pages_of(&out.join(format!("peer-plan-{rows}.pdf")));
        let theirs_pages = pages_of(&out.join("peer.pdf"));
        let cell = |r: &Result<(f64, f64), String>, pages: &str| match r {
            Ok((t, m)) => format!("{t:>12.3} {pages:>8} {m:>9.1}"),
            Err(e) => format!("{:>31}", format!("refused: {}", e.chars().take(40).collect::<String>())),
        };
        let ratio = match (&ours, &theirs) {
            (Ok((a, _)), Ok((b, _))) => format!("{:>6.2}×", a / b),
            _ => format!("{:>7}", "–"),
        };
        println!("{rows:>6} {} {} {ratio}", cell(&ours, &ours_pages), cell(&theirs, &theirs_pages));
    }
}

/// A copy of a workbook with the first `old` in its shared strings replaced (one cell edited).
fn edit_cell(from: &Path, to: &Path, old: &str, new: &str) {
    use std::io::{Read as _, Write as _};
    let mut archive = zip::ZipArchive::new(std::fs::File::open(from).expect("workbook")).expect("zip");
    let mut out = zip::ZipWriter::new(std::fs::File::create(to).expect("copy"));
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).expect("entry");
        let name = entry.name().expect("entry name").to_string();
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).expect("read entry");
        if name == "xl/sharedStrings.xml" {
            bytes = String::from_utf8(bytes).expect("xml").replacen(old, new, 1).into_bytes();
        }
        out.start_file(name, zip::write::SimpleFileOptions::default()).expect("start");
        out.write_all(&bytes).expect("write entry");
    }
    out.finish().expect("finish");
}

/// The watch mode's rebuild after a one-cell edit, in this process (one warm World).
fn watch_rebuilds(root: &Path, tmp: &Path, runs: usize) {
    planrapport::typeset::keep_warm();
    let dir = tmp.join("watch");
    std::fs::create_dir_all(&dir).expect("watch dir");
    println!(
        "\nwatch mode (bygg --bevaka): rebuild of the bundled plan after a one-cell edit, one warm World, PDF and Excel; {runs} edits"
    );
    println!(
        "{:<28} {:>10} {:>11} {:>10} {:>14} {:>14}",
        "case", "first (s)", "median (ms)", "min (ms)", "RSS first MiB", "RSS last MiB"
    );
    for ext in ["toml", "xlsx"] {
        let input = dir.join(format!("plan.{ext}"));
        let original = root.join(format!("data/hagersten-alvsjo.{ext}"));
        std::fs::copy(&original, &input).expect("copy plan");
        let args = BuildArgs {
            inputs: vec![input.clone()],
            previous: None,
            bildspel: false,
            allow_missing: false,
            output: dir.join("out"),
            emit_typst: None,
            templates: None,
            pdf_standard: PdfProfile::A2aUa1,
            bara_pdf: false,
            bara_excel: false,
            watch: true,
        };
        let build = || {
            let start = Instant::now();
            if let Err(e) = pipeline::build(&args) {
                for d in e.items {
                    eprintln!("{d}");
                }
                std::process::exit(1);
            }
            start.elapsed().as_secs_f64()
        };
        let first = build();
        let rss_first = resident_mib();
        let text = std::fs::read_to_string(root.join("data/hagersten-alvsjo.toml")).expect("plan");
        // An activity's text, the same cell in both forms of the plan.
        let cell = "Lokalt arbete på förskoleenheterna";
        assert!(text.contains(cell), "the bundled plan has the cell the benchmark edits");
        let mut times = Vec::with_capacity(runs);
        for run in 0..runs {
            let edited = format!("{cell} {run}");
            if ext == "toml" {
                std::fs::write(&input, text.replacen(cell, &edited, 1)).expect("edit");
            } else {
                edit_cell(&original, &input, cell, &edited);
            }
            times.push(build() * 1000.0);
        }
        times.sort_by(f64::total_cmp);
        println!(
            "{:<28} {first:>10.3} {:>11.1} {:>10.1} {rss_first:>14.1} {:>14.1}",
            format!("bundled plan ({ext}), 1 cell"),
            times[times.len() / 2],
            times[0],
            resident_mib()
        );
    }
}
