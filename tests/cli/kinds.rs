//! The document kinds, one folder each (issue 15): a `--templates` folder
//! may hold a kind's template in the folder of its name, as `templates/`
//! does, or beside `lib.typ` as before; and every registered kind is one
//! a user can name.

use crate::util::{root, run_in, stderr, tempdir};

/// Builds the plan with `mallar/` as the templates folder and returns the
/// generated Typst source.
fn emitted_with(dir: &std::path::Path) -> String {
    let input = root().join("data/hagersten-alvsjo.toml");
    let o = run_in(
        dir,
        &[
            "bygg",
            input.to_str().unwrap(),
            "-o",
            "ut",
            "--bara-excel",
            "--emit-typst",
            "plan.typ",
            "--templates",
            "mallar",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    std::fs::read_to_string(dir.join("plan.typ")).unwrap()
}

#[test]
fn a_template_is_found_in_the_folder_of_its_kind() {
    let dir = tempdir();
    let kind = dir.path().join("mallar/plan");
    std::fs::create_dir_all(&kind).unwrap();
    let plan = std::fs::read_to_string(root().join("templates/plan/plan.typ.j2")).unwrap();
    std::fs::write(kind.join("plan.typ.j2"), format!("{plan}\n// egen mall i mappen plan\n")).unwrap();
    assert!(emitted_with(dir.path()).contains("// egen mall i mappen plan"));
}

#[test]
fn a_template_beside_the_library_is_still_found() {
    let dir = tempdir();
    let tpl = dir.path().join("mallar");
    std::fs::create_dir_all(&tpl).unwrap();
    let plan = std::fs::read_to_string(root().join("templates/plan/plan.typ.j2")).unwrap();
    std::fs::write(tpl.join("plan.typ.j2"), format!("{plan}\n// egen mall bredvid lib.typ\n")).unwrap();
    assert!(emitted_with(dir.path()).contains("// egen mall bredvid lib.typ"));
}

#[test]
fn the_folder_of_its_kind_goes_before_the_old_place() {
    let dir = tempdir();
    let tpl = dir.path().join("mallar");
    std::fs::create_dir_all(tpl.join("plan")).unwrap();
    let plan = std::fs::read_to_string(root().join("templates/plan/plan.typ.j2")).unwrap();
    std::fs::write(tpl.join("plan.typ.j2"), format!("{plan}\n// gamla platsen\n")).unwrap();
    std::fs::write(tpl.join("plan/plan.typ.j2"), format!("{plan}\n// mappen plan\n")).unwrap();
    let typ = emitted_with(dir.path());
    assert!(typ.contains("// mappen plan") && !typ.contains("// gamla platsen"), "{typ}");
}

#[test]
fn every_registered_kind_makes_a_template_and_a_project() {
    let dir = tempdir();
    for kind in planrapport::kinds::ALL {
        let name = kind.info().name;
        let o = run_in(dir.path(), &["mall", name, &format!("{name}.xlsx")]);
        assert_eq!(o.status.code(), Some(0), "mall {name}: {}", stderr(&o));
        let o = run_in(dir.path(), &["ny", name, name]);
        assert_eq!(o.status.code(), Some(0), "ny {name}: {}", stderr(&o));
        // The new project builds as the kind it was made as.
        let project = dir.path().join(name).join(format!("{}.toml", kind.info().stem));
        let loaded = planrapport::pipeline::load(&project).map_err(|e| format!("{:?}", e.items)).unwrap();
        assert_eq!(loaded.document.kind(), kind, "{name}");
    }
}
