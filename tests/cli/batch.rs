//! `bygg` on many inputs builds them side by side (one thread per core) and
//! writes exactly what building them one at a time writes.

use crate::util::{root, run_in, stderr, tempdir};

#[test]
fn many_inputs_at_once_give_the_same_files_as_one_at_a_time() {
    let dir = tempdir();
    let inputs = dir.path().join("in");
    std::fs::create_dir_all(&inputs).unwrap();
    // Eight inputs of every kind, each under its own name.
    let mut names = Vec::new();
    for (k, source) in [
        "hagersten-alvsjo.toml",
        "leanlink-uppfoljning.toml",
        "trelleborg-dr1-2023.toml",
        "trelleborg-dr2-2023.toml",
        "vaxjo-kompetensforum.toml",
        "leanlink-uppfoljning.xlsx",
        "trelleborg-dr2-2023.xlsx",
        "hagersten-alvsjo.xlsx",
    ]
    .iter()
    .enumerate()
    {
        let name = format!("nr{k}-{source}");
        std::fs::copy(root().join("data").join(source), inputs.join(&name)).unwrap();
        names.push(name);
    }
    let together = dir.path().join("together");
    let mut args = vec!["bygg".to_string()];
    args.extend(names.iter().map(|n| format!("in/{n}")));
    args.extend(["-o".to_string(), together.to_str().unwrap().to_string()]);
    let o = run_in(dir.path(), &args.iter().map(String::as_str).collect::<Vec<_>>());
    assert!(o.status.success(), "{}", stderr(&o));
    let alone = dir.path().join("alone");
    for n in &names {
        let o = run_in(dir.path(), &["bygg", &format!("in/{n}"), "-o", alone.to_str().unwrap()]);
        assert!(o.status.success(), "{n}: {}", stderr(&o));
    }
    let list = |d: &std::path::Path| {
        let mut v: Vec<String> =
            std::fs::read_dir(d).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
        v.retain(|n| !n.starts_with('.'));
        v.sort();
        v
    };
    assert_eq!(list(&together), list(&alone));
    assert!(list(&together).len() >= 15, "{:?}", list(&together));
    for f in list(&together) {
        assert!(std::fs::read(together.join(&f)).unwrap() == std::fs::read(alone.join(&f)).unwrap(), "{f} differs");
    }
}
