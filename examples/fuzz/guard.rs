//! Resource limits for one execution, enforced in-process: a counting global
//! allocator (live and peak bytes; an allocation that would take an
//! execution over the memory limit saves the input and aborts) and a
//! watchdog thread (an execution over the time limit saves the input and
//! exits non-zero). Panics are caught by the driver, which saves the input
//! through [`save`] too.

use std::alloc::{GlobalAlloc, Layout, System};
use std::path::PathBuf;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// Memory an execution may allocate beyond what was live when it started.
pub const MEMORY_LIMIT: usize = 500 << 20;
/// CPU time (or, with `FUZZ_CLOCK=wall`, wall time) an execution may take.
pub const TIME_LIMIT: Duration = Duration::from_secs(1);
/// Wall time without any CPU use after which an execution counts as hung
/// (blocked on a pipe, say); only with the default CPU clock.
pub const HANG_LIMIT: Duration = Duration::from_secs(10);

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);
/// Live bytes when the current execution started; `usize::MAX` between
/// executions (no limit then).
static BASE: AtomicUsize = AtomicUsize::new(usize::MAX);
/// Set once a limit has tripped: from then on allocations are not limited,
/// so that saving the input can allocate.
static TRIPPED: AtomicBool = AtomicBool::new(false);

/// The allocator: the system's, counting.
pub struct Counting;

impl Counting {
    fn grow(size: usize) {
        let live = LIVE.fetch_add(size, Ordering::Relaxed) + size;
        PEAK.fetch_max(live, Ordering::Relaxed);
        let base = BASE.load(Ordering::Relaxed);
        if base != usize::MAX && live.saturating_sub(base) > MEMORY_LIMIT && !TRIPPED.swap(true, Ordering::SeqCst) {
            let why = format!(
                "the execution allocated over {} MiB (an allocation of {} bytes, {} MiB live)",
                MEMORY_LIMIT >> 20,
                size,
                live >> 20
            );
            save_current(&why);
            std::process::abort();
        }
    }
}

// SAFETY: every call is forwarded unchanged to `System`; only counters change.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        Self::grow(layout.size());
        // SAFETY: forwarded with the caller's layout.
        let p = unsafe { System.alloc(layout) };
        if p.is_null() {
            LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        }
        p
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        Self::grow(layout.size());
        // SAFETY: forwarded with the caller's layout.
        let p = unsafe { System.alloc_zeroed(layout) };
        if p.is_null() {
            LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: forwarded with the caller's pointer and layout.
        unsafe { System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if new_size > layout.size() {
            Self::grow(new_size - layout.size());
        }
        // SAFETY: forwarded with the caller's pointer, layout and size.
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if p.is_null() {
            if new_size > layout.size() {
                LIVE.fetch_sub(new_size - layout.size(), Ordering::Relaxed);
            }
        } else if new_size < layout.size() {
            LIVE.fetch_sub(layout.size() - new_size, Ordering::Relaxed);
        }
        p
    }
}

/// The execution under way, for the watchdog and the allocator to save.
struct Current {
    target: &'static str,
    ext: &'static str,
    input: Vec<u8>,
}

static CURRENT: Mutex<Option<Current>> = Mutex::new(None);
/// Counts executions; the watchdog sees a new one by a new number.
static EXEC: AtomicU64 = AtomicU64::new(0);
/// Nanoseconds since [`epoch`] when the current execution started; 0 between executions.
static STARTED: AtomicU64 = AtomicU64::new(0);

fn epoch() -> Instant {
    static EPOCH: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();
    *EPOCH.get_or_init(Instant::now)
}

fn now_nanos() -> u64 {
    u64::try_from(epoch().elapsed().as_nanos()).unwrap_or(u64::MAX).max(1)
}

/// Starts an execution: remembers its input (outside the allocation limit)
/// and arms the limits.
pub fn begin(target: &'static str, ext: &'static str, input: &[u8]) {
    let current = Current { target, ext, input: input.to_vec() };
    *CURRENT.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = Some(current);
    let live = LIVE.load(Ordering::Relaxed);
    PEAK.store(live, Ordering::Relaxed);
    BASE.store(live, Ordering::Relaxed);
    EXEC.fetch_add(1, Ordering::SeqCst);
    STARTED.store(now_nanos(), Ordering::SeqCst);
}

/// Ends an execution: disarms the limits and returns its peak memory above
/// what was live at its start, and its wall time.
pub fn end() -> (usize, Duration) {
    let started = STARTED.swap(0, Ordering::SeqCst);
    let base = BASE.swap(usize::MAX, Ordering::Relaxed);
    let peak = PEAK.load(Ordering::Relaxed).saturating_sub(base);
    (peak, Duration::from_nanos(now_nanos().saturating_sub(started)))
}

/// The input's file name in `fuzz-failures/`: target, hash, extension, so
/// that `replay` knows which target it belongs to.
pub fn file_name(target: &str, ext: &str, input: &[u8]) -> String {
    let hash = input.iter().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3));
    format!("{target}-{hash:016x}.{ext}")
}

/// Writes an input to `fuzz-failures/` with a note of why it failed beside
/// it (`….why`); returns the path written.
pub fn save(target: &str, ext: &str, input: &[u8], why: &str) -> PathBuf {
    let dir = PathBuf::from("fuzz-failures");
    let _ = std::fs::create_dir_all(&dir);
    let path = dir.join(file_name(target, ext, input));
    let _ = std::fs::write(&path, input);
    let mut note = path.clone().into_os_string();
    note.push(".why");
    let _ = std::fs::write(PathBuf::from(note), format!("{why}\n"));
    path
}

fn save_current(why: &str) {
    // try_lock: the thread that tripped a limit may be the one holding it.
    let guard = CURRENT.try_lock();
    match guard.as_ref().ok().and_then(|g| g.as_ref()) {
        Some(c) => {
            let path = save(c.target, c.ext, &c.input, why);
            eprintln!("{}: {why}; input written to {}", c.target, path.display());
        }
        None => eprintln!("fuzz: {why} (the input could not be saved)"),
    }
}

/// Which clock the time limit reads.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Clock {
    /// CPU time of the fuzzing thread (Linux `/proc`), so that a busy
    /// machine does not make slow executions; [`HANG_LIMIT`] of wall time
    /// still catches an execution that blocks.
    Cpu,
    Wall,
}

/// CPU time (user + system) of one thread, from `/proc/self/task/TID/stat`.
fn thread_cpu(stat: &std::path::Path) -> Option<Duration> {
    let text = std::fs::read_to_string(stat).ok()?;
    // Fields after the command name (which may hold spaces) in parentheses;
    // utime and stime are fields 14 and 15, in clock ticks of 1/100 s.
    let rest = &text[text.rfind(')')? + 1..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks: u64 = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    Some(Duration::from_millis(ticks * 10))
}

/// CPU time the calling thread has used so far (None off Linux).
pub fn own_cpu() -> Option<Duration> {
    thread_cpu(std::path::Path::new("/proc/thread-self/stat"))
}

/// Starts the watchdog for executions on the calling thread.
pub fn watchdog(clock: Clock) -> Clock {
    // The calling thread's stat file, for its CPU time.
    let stat = std::fs::read_link("/proc/thread-self").ok().map(|p| PathBuf::from("/proc").join(p).join("stat"));
    let clock = match (&stat, clock) {
        (Some(s), Clock::Cpu) if thread_cpu(s).is_some() => Clock::Cpu,
        _ => Clock::Wall,
    };
    epoch();
    std::thread::spawn(move || {
        let mut seen = 0;
        let mut cpu_at_start = Duration::ZERO;
        // When the thread's CPU time last moved: an execution is hung when it
        // has not moved for HANG_LIMIT (blocked), not merely when the wall
        // clock passed it (a niced fuzzer on a busy machine is slow, not hung).
        let (mut last_cpu, mut moved_at) = (Duration::ZERO, 0_u64);
        loop {
            std::thread::sleep(Duration::from_millis(20));
            let exec = EXEC.load(Ordering::SeqCst);
            let started = STARTED.load(Ordering::SeqCst);
            if started == 0 {
                continue;
            }
            let cpu = if clock == Clock::Cpu { stat.as_deref().and_then(thread_cpu) } else { None };
            if exec != seen {
                seen = exec;
                cpu_at_start = cpu.unwrap_or_default();
                (last_cpu, moved_at) = (cpu_at_start, now_nanos());
                continue;
            }
            if let Some(c) = cpu
                && c != last_cpu
            {
                (last_cpu, moved_at) = (c, now_nanos());
            }
            let still = Duration::from_nanos(now_nanos().saturating_sub(moved_at));
            let wall = Duration::from_nanos(now_nanos().saturating_sub(started));
            let over = match (clock, cpu) {
                (Clock::Cpu, Some(cpu)) => {
                    let used = cpu.saturating_sub(cpu_at_start);
                    (used > TIME_LIMIT)
                        .then(|| format!("the execution took over {} s of CPU time", TIME_LIMIT.as_secs()))
                        .or_else(|| {
                            (still > HANG_LIMIT)
                                .then(|| format!("the execution hung ({} s without CPU time)", HANG_LIMIT.as_secs()))
                        })
                }
                _ => (wall > TIME_LIMIT).then(|| format!("the execution took over {} s", TIME_LIMIT.as_secs())),
            };
            // The execution may have ended meanwhile; only a running one fails.
            if let Some(why) = over
                && EXEC.load(Ordering::SeqCst) == exec
                && STARTED.load(Ordering::SeqCst) == started
                && !TRIPPED.swap(true, Ordering::SeqCst)
            {
                save_current(&why);
                std::process::exit(2);
            }
        }
    });
    clock
}
