//! Every input the fuzzer found failing (`tests/fixtures/fuzz/`, listed in
//! its README) is checked by the real binary: it finishes within the test's
//! time limit with exit code 0 or 1, never a panic (101), an abort (134) or
//! an internal error (3), and its messages are exactly their snapshot.

use std::path::Path;
use std::time::{Duration, Instant};

use crate::util::{bin, root, tempdir};

/// Runs `kontrollera FILE` in `dir`, killed after 20 s.
fn check(dir: &Path, file: &str) -> (Option<i32>, String) {
    let mut child = bin()
        .current_dir(dir)
        .args(["kontrollera", file])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > Duration::from_secs(20) {
            child.kill().unwrap();
            panic!("{file}: still running after 20 s");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let out = child.wait_with_output().unwrap();
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
