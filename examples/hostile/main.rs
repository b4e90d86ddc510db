//! Benchmark of the hostile inputs of issue 12: each case is generated at
//! full size into a temporary folder and built by the release binary
//! (`planrapport bygg FILE`) as a child process, and the table gives its
//! outcome (exit code), wall time from spawn to exit and peak memory. Every
//! case must end — refused or built — in under 2 s and 500 MiB.
//!
//! Peak memory is the child's own maximum resident set size, from `wait4`
//! (Linux): unlike reading `/proc/self/status` in-process (as `bench` does
//! for its own re-executed runs), it measures the real binary. The child
//! runs with a 4 GiB address-space limit and a 60 s timeout, so a
//! regression shows as a failed row instead of taking the machine down.
//!
//! Run: `cargo build --release && cargo run --release --example hostile`
//! (`-- --bin PATH` times another build of the binary; `-- --only TEXT` runs
//! the cases whose file name contains TEXT).

mod cases;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use cases::{Expect, Size};

#[repr(C)]
#[derive(Default)]
struct Timeval {
    sec: i64,
    usec: i64,
}

/// `struct rusage` of Linux on 64-bit targets: two timevals, then 14 longs.
#[repr(C)]
#[derive(Default)]
struct Rusage {
    utime: Timeval,
    stime: Timeval,
    maxrss_kib: i64,
    rest: [i64; 13],
}

unsafe extern "C" {
    fn wait4(pid: i32, status: *mut i32, options: i32, rusage: *mut Rusage) -> i32;
    fn setrlimit(resource: i32, limit: *const [u64; 2]) -> i32;
}

const WNOHANG: i32 = 1;
const RLIMIT_AS: i32 = 9;
const MEMORY_LIMIT: u64 = 4 << 30;
const TIMEOUT: Duration = Duration::from_mins(1);

/// How a run ended.
enum End {
    Exit(i32),
    Signal(i32),
    Timeout,
}

/// Runs `bin bygg FILE -o ut` in `dir`; its end, wall time and peak RSS in MiB.
fn measure(bin: &Path, dir: &Path, file: &str) -> (End, Duration, f64, String) {
    use std::os::unix::process::CommandExt as _;
    let mut command = std::process::Command::new(bin);
    command
        .current_dir(dir)
        .args(["bygg", file, "-o", "ut"])
        .env_remove("SOURCE_DATE_EPOCH")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped());
    // SAFETY: setrlimit is async-signal-safe; the closure allocates nothing.
    unsafe {
        command.pre_exec(|| {
            let limit = [MEMORY_LIMIT, MEMORY_LIMIT];
            setrlimit(RLIMIT_AS, &raw const limit);
            Ok(())
        });
    }
    let start = Instant::now();
    // Reaped by wait4 below (std's wait would find no child left).
    #[allow(clippy::zombie_processes)]
    let mut child = command.spawn().expect("the release binary runs");
    let pid = i32::try_from(child.id()).expect("pid");
    // Read stderr on a thread, so a chatty child never blocks on a full pipe.
    let mut stderr = child.stderr.take().expect("stderr");
    let reader = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = std::io::Read::read_to_string(&mut stderr, &mut s);
        s
    });
    let mut usage = Rusage::default();
    let mut status = 0;
    let end = loop {
        // SAFETY: pointers to live locals; the child is ours and not yet reaped.
        let r = unsafe { wait4(pid, &raw mut status, WNOHANG, &raw mut usage) };
        if r == pid {
            let signal = status & 0x7f;
            break if signal == 0 { End::Exit((status >> 8) & 0xff) } else { End::Signal(signal) };
        }
        if start.elapsed() > TIMEOUT {
            let _ = child.kill();
            // SAFETY: as above; this wait reaps the killed child.
            unsafe { wait4(pid, &raw mut status, 0, &raw mut usage) };
            break End::Timeout;
        }
        std::thread::sleep(Duration::from_millis(2));
    };
    let wall = start.elapsed();
    let err = reader.join().unwrap_or_default();
    #[allow(clippy::cast_precision_loss)]
    let mib = usage.maxrss_kib as f64 / 1024.0;
    (end, wall, mib, err)
}

#[allow(clippy::cast_precision_loss)]
fn main() {
    let args: Vec<String> = std::env::args().collect();
    // `--bin PATH`, else the binary of this example's own profile:
    // target/release/examples/hostile → target/release/planrapport.
    let bin: PathBuf = if let Some(p) = args.iter().position(|a| a == "--bin").and_then(|i| args.get(i + 1)) {
        PathBuf::from(p)
    } else {
        let exe = std::env::current_exe().expect("current exe");
        exe.parent().and_then(Path::parent).map(|d| d.join("planrapport")).expect("target folder")
    };
    if !bin.is_file() {
        eprintln!("{} is missing: run `cargo build --release` first (or pass --bin PATH)", bin.display());
        std::process::exit(2);
    }
    // The child runs in each case's folder.
    let bin = bin.canonicalize().unwrap_or(bin);
    println!("binary: {}", bin.display());
    let tmp = tempfile::tempdir().expect("temp dir");
    println!("| case | file size | expected | exit | wall (s) | peak MiB | within 2 s / 500 MiB |");
    println!("|---|---:|---|---|---:|---:|---|");
    let mut failed = 0;
    // `--only TEXT`: the cases whose file name contains TEXT.
    let only = args.iter().position(|a| a == "--only").and_then(|i| args.get(i + 1)).cloned();
    for case in cases::all().into_iter().filter(|c| only.as_ref().is_none_or(|o| c.file.contains(o.as_str()))) {
        let dir = tmp.path().join(case.file.replace('.', "-"));
        std::fs::create_dir_all(&dir).expect("case folder");
        (case.make)(&dir.join(case.file), Size::Full);
        let size = std::fs::metadata(dir.join(case.file)).map_or(0, |m| m.len());
        let (end, wall, mib, err) = measure(&bin, &dir, case.file);
        let expected = match case.expect {
            Expect::Builds => 0,
            Expect::Refused => 1,
        };
        let (exit, ok_exit) = match end {
            End::Exit(c) => (c.to_string(), c == expected),
            End::Signal(s) => (format!("signal {s}"), false),
            End::Timeout => ("timeout".to_string(), false),
        };
        let ok = ok_exit && wall < Duration::from_secs(2) && mib < 500.0 && !err.contains("panicked");
        if !ok {
            failed += 1;
            eprintln!("{}: {}", case.name, err.lines().take(6).collect::<Vec<_>>().join(" / "));
        }
        let expect = if expected == 0 { "builds" } else { "refused" };
        let size = if size >= 1 << 20 {
            format!("{:.1} MB", size as f64 / f64::from(1 << 20))
        } else {
            format!("{:.1} KB", size as f64 / 1024.0)
        };
        println!(
            "| {} | {size} | {expect} | {exit} | {:.2} | {mib:.0} | {} |",
            case.name,
            wall.as_secs_f64(),
            if ok { "yes" } else { "NO" }
        );
        let _ = std::fs::remove_dir_all(&dir);
    }
    if failed > 0 {
        eprintln!("{failed} case(s) failed");
        std::process::exit(1);
    }
}
