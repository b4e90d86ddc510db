//! `planrapport bygg FIL --bevaka`: builds, then rebuilds each time an
//! input (or a department file, the organisation profile, a logo, a
//! template) is saved, and prints what changed and how long the build took.
//! One Typst World is kept warm between builds (see
//! [`crate::typeset::keep_warm`]), so that a one-cell edit rebuilds in a
//! fraction of the first build's time.

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::cli::BuildArgs;
use crate::diag::{Diagnostic, Diagnostics};
use crate::pipeline;

fn seconds(d: Duration) -> String {
    format!("{:.2} s", d.as_secs_f64()).replace('.', ",")
}

fn folder_of(path: &Path) -> PathBuf {
    let parent = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    std::fs::canonicalize(parent).unwrap_or_else(|_| parent.to_path_buf())
}

/// One build, reported as `bygg` does, with its time.
fn build_once(args: &BuildArgs) {
    let start = Instant::now();
    match pipeline::build(args) {
        Ok((written, warnings)) => {
            for d in &warnings.items {
                eprintln!("{d}\n");
            }
            for path in written {
                println!("skrev {}", path.display());
            }
            println!("byggt på {}; väntar på ändringar (avsluta med Ctrl+C)", seconds(start.elapsed()));
        }
        Err(diags) => {
            for d in &diags.items {
                eprintln!("{d}\n");
            }
            eprintln!("{} fel; inget skrevs.", diags.error_count());
            println!("väntar på ändringar (avsluta med Ctrl+C)");
        }
    }
}

/// Builds, then rebuilds on every save until the process is stopped.
///
/// # Errors
/// A folder that cannot be watched.
pub fn watch(args: &BuildArgs) -> Result<(), Diagnostics> {
    use notify::Watcher as _;
    crate::typeset::keep_warm();
    let cant = |e: notify::Error| {
        crate::diag::one(
            Diagnostic::error(format!("indatafilernas mapp kan inte bevakas: {e}"), None)
                .with_hint("kontrollera att mappen går att läsa; bygg utan --bevaka så länge"),
        )
    };
    let (tx, rx) = mpsc::channel::<Vec<PathBuf>>();
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        if let Ok(event) = event
            && !matches!(event.kind, notify::EventKind::Access(_))
        {
            let _ = tx.send(event.paths);
        }
    })
    .map_err(cant)?;
    let mut folders: Vec<PathBuf> =
        args.inputs.iter().chain(&args.previous).map(|p| folder_of(p)).chain(args.templates.clone()).collect();
    folders.sort();
    folders.dedup();
    for f in &folders {
        watcher.watch(f, notify::RecursiveMode::Recursive).map_err(cant)?;
    }
    let output = std::fs::canonicalize(&args.output)
        .unwrap_or_else(|_| std::env::current_dir().unwrap_or_default().join(&args.output));
    let mut ignore = vec![output];
    ignore.extend(args.emit_typst.iter().map(|p| std::fs::canonicalize(p).unwrap_or_else(|_| p.clone())));
    let shown_roots: Vec<PathBuf> = folders.clone();
    println!(
        "bevakar {} (avsluta med Ctrl+C)",
        args.inputs.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", ")
    );
    build_once(args);
    while let Ok(paths) = rx.recv() {
        let mut changed = paths;
        // Settle: one save is several events.
        while let Ok(more) = rx.recv_timeout(Duration::from_millis(150)) {
            changed.extend(more);
        }
        let mut names: Vec<String> = changed
            .iter()
            .filter(|p| crate::web::relevant(p, &ignore))
            .map(|p| {
                let rel = shown_roots.iter().find_map(|r| p.strip_prefix(r).ok()).unwrap_or(p);
                rel.display().to_string()
            })
            .collect();
        names.sort();
        names.dedup();
        if names.is_empty() {
            continue;
        }
        println!("\nändrat: {}", names.join(", "));
        build_once(args);
    }
    Ok(())
}
