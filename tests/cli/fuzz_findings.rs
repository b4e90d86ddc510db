//! Every input the fuzzer found failing (`tests/fixtures/fuzz/`, listed in
//! its README) is checked by the real binary: it finishes within the test's
//! time limit and in 1 GB of address space with exit code 0 or 1, never a panic (101), an abort (134) or
//! an internal error (3), and its messages are exactly their snapshot.

use std::path::Path;
use std::time::Duration;

use crate::util::{bin, root, tempdir};

/// Runs `kontrollera FILE` in `dir`, killed after 20 s. The output is read
/// while the child runs (a full pipe would block it).
fn check(dir: &Path, file: &str) -> (Option<i32>, String) {
    // Under 1 GB of address space: a finding that allocates gigabytes
    // (the far formula cell took 2.1 GB) aborts instead of passing slowly.
    let exe = bin().get_program().to_owned();
    let child = std::process::Command::new("sh")
        .arg("-c")
        .arg("ulimit -v 1000000; exec \"$0\" \"$@\"")
        .arg(exe)
        .env_remove("SOURCE_DATE_EPOCH")
        .current_dir(dir)
        .args(["kontrollera", file])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let pid = child.id();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || tx.send(child.wait_with_output()).ok());
    let Ok(out) = rx.recv_timeout(Duration::from_secs(20)) else {
        let _ = std::process::Command::new("kill").args(["-9", &pid.to_string()]).status();
        panic!("{file}: still running after 20 s");
    };
    let out = out.unwrap();
    (out.status.code(), String::from_utf8_lossy(&out.stderr).into_owned())
}

#[test]
fn fuzzer_findings_are_refused_or_read_never_crash() {
    let fixtures = root().join("tests/fixtures/fuzz");
    let mut names: Vec<String> = std::fs::read_dir(&fixtures)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != "README.md")
        .collect();
    names.sort();
    assert!(names.len() >= 10, "fixtures missing: {names:?}");
    for name in &names {
        let dir = tempdir();
        std::fs::copy(fixtures.join(name), dir.path().join(name)).unwrap();
        let (code, err) = check(dir.path(), name);
        assert!(matches!(code, Some(0 | 1)), "{name}: exit code {code:?}\n{err}");
        assert!(!err.contains("panicked") && !err.contains("internt fel"), "{name}:\n{err}");
        insta::assert_snapshot!(format!("fuzz_{name}"), err);
    }
}
