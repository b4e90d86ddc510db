//! Nothing is read from outside the input's folder: links are followed and
//! then judged (a logo, a department file or folder, a template's `#read`
//! that leads out of the folder is refused; a link that stays inside
//! builds), nothing but regular files is read (a named pipe never hangs a
//! build), `.`-relative paths work, and an image whose header declares a
//! huge size is refused before it is decoded. Each refusal: exit code 1, its
//! exact message, nothing written, nothing of the outside file printed.

use std::os::unix::fs::symlink;
use std::path::Path;
use std::process::{Output, Stdio};
use std::time::{Duration, Instant};

use crate::hostile::cases::jpeg_header;
use crate::util::{bin, pdf_text, root, squash, stderr, tempdir};

const PLAN: &str = "[dokument]\ntitel = \"Plan\"\ndatum = 2025-01-15\n";

/// Runs the binary in `dir`, killing it after 20 s: a hang fails the test
/// instead of blocking the suite.
fn run(dir: &Path, args: &[&str]) -> Output {
    let mut child = bin()
        .current_dir(dir)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("binary runs");
    let start = Instant::now();
    while child.try_wait().expect("child state").is_none() {
        if start.elapsed() > Duration::from_secs(20) {
            child.kill().ok();
            child.wait().ok();
            panic!("planrapport {args:?} did not finish in 20 s (it hangs)");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().expect("output")
}

/// `bygg FILE -o ut` must fail with exit code 1, write nothing, print
/// nothing of the password file, and finish in time; returns stderr.
fn refused(dir: &Path, args: &[&str]) -> String {
    let start = Instant::now();
    let mut all = vec!["bygg"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["-o", "ut"]);
    let o = run(dir, &all);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{args:?}: exit code\n{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(!dir.join("ut").exists(), "{args:?}: something was written");
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(!err.contains("root:") && !out.contains("root:"), "{args:?}: the password file was printed");
    assert!(start.elapsed() < Duration::from_secs(10), "{args:?}: took {:?}", start.elapsed());
    err
}

fn builds(dir: &Path, args: &[&str]) -> String {
    let mut all = vec!["bygg"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["-o", "ut"]);
    let o = run(dir, &all);
    assert!(o.status.success(), "{args:?}: {}", stderr(&o));
    stderr(&o)
}

fn crc32(data: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
        }
    }
    !crc
}

fn chunk(out: &mut Vec<u8>, kind: &[u8], data: &[u8]) {
    out.extend(u32::try_from(data.len()).unwrap().to_be_bytes());
    let mut body = kind.to_vec();
    body.extend_from_slice(data);
    out.extend_from_slice(&body);
    out.extend(crc32(&body).to_be_bytes());
}

/// A PNG of `w` × `h` grey pixels; with `pixels: false` only the header
/// (and a few bytes of image data), as a hostile file declares its size.
fn png(w: u32, h: u32, pixels: bool) -> Vec<u8> {
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = w.to_be_bytes().to_vec();
    ihdr.extend(h.to_be_bytes());
    ihdr.extend([8, 2, 0, 0, 0]);
    chunk(&mut out, b"IHDR", &ihdr);
    let raw: Vec<u8> = if pixels {
        (0..h).flat_map(|_| std::iter::once(0).chain(std::iter::repeat_n(0x80, 3 * w as usize))).collect()
    } else {
        vec![0; 64]
    };
    chunk(&mut out, b"IDAT", &miniz_oxide::deflate::compress_to_vec_zlib(&raw, 6));
    chunk(&mut out, b"IEND", &[]);
    out
}

/// A department workbook (Förskola, one row), written by `konvertera`.
fn department_workbook(path: &Path) {
    let dir = tempdir();
    let toml = dir.path().join("d.toml");
    std::fs::write(
        &toml,
        format!("{PLAN}[[avdelning]]\nnamn = \"Förskola\"\n[[avdelning.rad]]\nfas = \"Utveckla\"\nmal = \"Mål från arbetsboken\"\naktiviteter = [\"A\"]\n"),
    )
    .unwrap();
    planrapport::pipeline::convert(&toml, path).map_err(|e| format!("{:?}", e.items)).unwrap();
}

fn mkfifo(path: &Path) {
    let o = std::process::Command::new("mkfifo").arg(path).output().expect("mkfifo runs");
    assert!(o.status.success(), "mkfifo: {}", String::from_utf8_lossy(&o.stderr));
}

fn logo_plan(dir: &Path, logo: &str) {
    std::fs::write(dir.join("plan.toml"), format!("{PLAN}logotyp = \"{logo}\"\n[[kapitel]]\nrubrik = \"K\"\n"))
        .unwrap();
}

#[test]
fn a_logo_linked_to_an_image_outside_is_refused() {
    let dir = tempdir();
    let outside = tempdir();
    std::fs::write(outside.path().join("bild.png"), png(4, 4, true)).unwrap();
    symlink(outside.path().join("bild.png"), dir.path().join("logo.png")).unwrap();
    logo_plan(dir.path(), "logo.png");
    insta::assert_snapshot!("confinement_logo_link_outside", refused(dir.path(), &["plan.toml"]));
    // Also through a linked folder.
    std::fs::remove_file(dir.path().join("logo.png")).unwrap();
    symlink(outside.path(), dir.path().join("bilder")).unwrap();
    logo_plan(dir.path(), "bilder/bild.png");
    let err = refused(dir.path(), &["plan.toml"]);
    assert!(err.contains("logotypen \"bilder/bild.png\" är en länk till en fil utanför indatamappen"), "{err}");
    // An absolute path, even one inside the folder: the templates need the
    // path from the folder.
    std::fs::write(dir.path().join("ok.png"), png(4, 4, true)).unwrap();
    let absolute = dir.path().join("ok.png").display().to_string();
    logo_plan(dir.path(), &absolute);
    let err = refused(dir.path(), &["plan.toml"]);
    assert!(
        err.contains(&format!("fel: logotypen \"{absolute}\" anges med en absolut sökväg\n  --> plan.toml:4:11")),
        "{err}"
    );
}

#[test]
fn a_logo_that_is_a_named_pipe_or_a_folder_is_refused() {
    let dir = tempdir();
    mkfifo(&dir.path().join("logo.png"));
    logo_plan(dir.path(), "logo.png");
    insta::assert_snapshot!("confinement_logo_fifo", refused(dir.path(), &["plan.toml"]));
    std::fs::remove_file(dir.path().join("logo.png")).unwrap();
    std::fs::create_dir(dir.path().join("logo.png")).unwrap();
    insta::assert_snapshot!("confinement_logo_folder", refused(dir.path(), &["plan.toml"]));
}

#[test]
fn linked_department_folder_and_file_pointing_outside_are_refused() {
    let dir = tempdir();
    let outside = tempdir();
    department_workbook(&outside.path().join("forskola.xlsx"));
    // A linked folder.
    symlink(outside.path(), dir.path().join("avd")).unwrap();
    std::fs::write(dir.path().join("plan.toml"), format!("{PLAN}[filer]\nmapp = \"avd\"\n")).unwrap();
    insta::assert_snapshot!("confinement_department_folder_link", refused(dir.path(), &["plan.toml"]));
    // A linked file named by `fil`.
    symlink(outside.path().join("forskola.xlsx"), dir.path().join("forskola.xlsx")).unwrap();
    std::fs::write(
        dir.path().join("plan.toml"),
        format!("{PLAN}[[avdelning]]\nnamn = \"Förskola\"\nfil = \"forskola.xlsx\"\n"),
    )
    .unwrap();
    insta::assert_snapshot!("confinement_department_file_link", refused(dir.path(), &["plan.toml"]));
    // A linked file inside a real folder.
    std::fs::create_dir(dir.path().join("avdelningar")).unwrap();
    symlink(outside.path().join("forskola.xlsx"), dir.path().join("avdelningar/forskola.xlsx")).unwrap();
    std::fs::write(dir.path().join("plan.toml"), format!("{PLAN}[filer]\nmapp = \"avdelningar\"\n")).unwrap();
    insta::assert_snapshot!("confinement_department_entry_link", refused(dir.path(), &["plan.toml"]));
    // Absolute paths elsewhere.
    std::fs::write(dir.path().join("plan.toml"), format!("{PLAN}[filer]\nmapp = \"/etc\"\n")).unwrap();
    let err = refused(dir.path(), &["plan.toml"]);
    assert!(err.contains("fel: \"/etc\" ligger utanför projektets mapp\n  --> plan.toml:5:8"), "{err}");
    std::fs::write(dir.path().join("plan.toml"), format!("{PLAN}[[avdelning]]\nnamn = \"F\"\nfil = \"/etc/passwd\"\n"))
        .unwrap();
    let err = refused(dir.path(), &["plan.toml"]);
    assert!(err.contains("fel: \"/etc/passwd\" ligger utanför projektets mapp\n  --> plan.toml:6:7"), "{err}");
}

#[test]
fn a_named_pipe_in_the_department_folder_is_refused_at_once() {
    let dir = tempdir();
    std::fs::create_dir(dir.path().join("avd")).unwrap();
    department_workbook(&dir.path().join("avd/forskola.xlsx"));
    mkfifo(&dir.path().join("avd/x.xlsx"));
    std::fs::write(dir.path().join("plan.toml"), format!("{PLAN}[filer]\nmapp = \"avd\"\n")).unwrap();
    let start = Instant::now();
    let err = refused(dir.path(), &["plan.toml"]);
    assert!(start.elapsed() < Duration::from_secs(10), "took {:?}", start.elapsed());
    insta::assert_snapshot!("confinement_department_fifo", err);
    // A pipe named by `fil`, and a follow-up unit's pipe.
    std::fs::write(dir.path().join("plan.toml"), format!("{PLAN}[[avdelning]]\nnamn = \"F\"\nfil = \"avd/x.xlsx\"\n"))
        .unwrap();
    let err = refused(dir.path(), &["plan.toml"]);
    assert!(err.contains("\"avd/x.xlsx\" är en namngiven pipe (FIFO), inte en arbetsbok"), "{err}");
    std::fs::write(
        dir.path().join("u.toml"),
        "[dokument]\ntyp = \"uppfoljning\"\ntitel = \"U\"\ndatum = 2025-04-20\nper = 2025-03-31\n[filer]\nmapp = \"avd\"\n",
    )
    .unwrap();
    let err = refused(dir.path(), &["u.toml"]);
    assert!(err.contains("\"avd/x.xlsx\" är en namngiven pipe (FIFO), inte en arbetsbok"), "{err}");
}

#[test]
fn an_input_or_profile_that_is_a_named_pipe_is_refused_at_once() {
    let dir = tempdir();
    mkfifo(&dir.path().join("plan.toml"));
    let err = refused(dir.path(), &["plan.toml"]);
    assert!(err.contains("fel: filen är en namngiven pipe (FIFO), inte en vanlig fil\n  --> plan.toml\n"), "{err}");
    std::fs::remove_file(dir.path().join("plan.toml")).unwrap();
    std::fs::write(dir.path().join("plan.toml"), format!("{PLAN}[[kapitel]]\nrubrik = \"K\"\n")).unwrap();
    mkfifo(&dir.path().join("organisation.toml"));
    let err = refused(dir.path(), &["plan.toml"]);
    assert!(
        err.contains("fel: filen är en namngiven pipe (FIFO), inte en vanlig fil\n  --> ./organisation.toml\n"),
        "{err}"
    );
    std::fs::remove_file(dir.path().join("organisation.toml")).unwrap();
    department_workbook(&dir.path().join("plan.xlsx"));
    mkfifo(&dir.path().join("plan.dokument.toml"));
    let err = refused(dir.path(), &["plan.xlsx"]);
    assert!(
        err.contains("fel: filen är en namngiven pipe (FIFO), inte en vanlig fil\n  --> plan.dokument.toml\n"),
        "{err}"
    );
}

#[test]
fn a_folder_named_like_a_workbook_is_named_as_a_folder() {
    let dir = tempdir();
    std::fs::create_dir_all(dir.path().join("avd/x.xlsx")).unwrap();
    std::fs::write(dir.path().join("plan.toml"), format!("{PLAN}[filer]\nmapp = \"avd\"\n")).unwrap();
    insta::assert_snapshot!("confinement_department_folder_named_xlsx", refused(dir.path(), &["plan.toml"]));
    // The input itself.
    std::fs::create_dir(dir.path().join("plan.xlsx")).unwrap();
    insta::assert_snapshot!("confinement_input_is_a_folder", refused(dir.path(), &["plan.xlsx"]));
}

/// The built-in plan template with `extra` appended, in `mallar/`.
fn template_with(dir: &Path, extra: &str) {
    std::fs::create_dir_all(dir.join("mallar")).unwrap();
    let plan = std::fs::read_to_string(root().join("templates/plan/plan.typ.j2")).unwrap();
    std::fs::write(dir.join("mallar/plan.typ.j2"), format!("{plan}\n{extra}\n")).unwrap();
}

#[test]
fn a_template_cannot_read_through_a_link_out_of_the_folder() {
    let dir = tempdir();
    std::fs::write(dir.path().join("plan.toml"), format!("{PLAN}[[kapitel]]\nrubrik = \"K\"\n")).unwrap();
    symlink("/etc/passwd", dir.path().join("pw.png")).unwrap();
    mkfifo(&dir.path().join("pipe.png"));
    let attempts = [
        ("read", "#read(\"pw.png\")"),
        ("csv", "#csv(\"pw.png\")"),
        ("raw", "#raw(read(\"pw.png\"))"),
        ("image", "#image(\"pw.png\")"),
        ("pipe", "#read(\"pipe.png\")"),
    ];
    for (name, attempt) in attempts {
        template_with(dir.path(), attempt);
        let err = refused(dir.path(), &["plan.toml", "--templates", "mallar", "--emit-typst", "main.typ"]);
        assert!(err.contains(": filen får inte läsas\n"), "{attempt}: {err}");
        if name == "read" {
            insta::assert_snapshot!("confinement_template_read_link", err);
        }
        let emitted = std::fs::read_to_string(dir.path().join("main.typ")).unwrap();
        assert!(!emitted.contains("root:"), "{attempt}: the password file is in the emitted source");
    }
    // The same reads of a file inside the folder work.
    std::fs::write(dir.path().join("ok.png"), "rad ett i filen").unwrap();
    template_with(dir.path(), "#read(\"ok.png\")");
    builds(dir.path(), &["plan.toml", "--templates", "mallar"]);
    assert!(squash(&pdf_text(&dir.path().join("ut/plan.pdf"), None)).contains(&squash("rad ett i filen")));
}

#[test]
fn a_template_file_linked_out_of_the_templates_folder_is_refused() {
    let dir = tempdir();
    std::fs::write(dir.path().join("plan.toml"), format!("{PLAN}[[kapitel]]\nrubrik = \"K\"\n")).unwrap();
    std::fs::create_dir(dir.path().join("mallar")).unwrap();
    symlink("/etc/passwd", dir.path().join("mallar/plan.typ.j2")).unwrap();
    insta::assert_snapshot!(
        "confinement_template_file_link",
        refused(dir.path(), &["plan.toml", "--templates", "mallar"])
    );
    // A template file that is a named pipe.
    std::fs::remove_file(dir.path().join("mallar/plan.typ.j2")).unwrap();
    mkfifo(&dir.path().join("mallar/lib.typ"));
    let err = refused(dir.path(), &["plan.toml", "--templates", "mallar"]);
    assert!(err.contains("fel: filen är en namngiven pipe (FIFO), inte en vanlig fil\n  --> mallar/lib.typ"), "{err}");
}

#[test]
fn an_input_linked_out_of_its_folder_is_refused() {
    let dir = tempdir();
    let outside = tempdir();
    std::fs::write(outside.path().join("plan.toml"), format!("{PLAN}[[kapitel]]\nrubrik = \"K\"\n")).unwrap();
    symlink(outside.path().join("plan.toml"), dir.path().join("plan.toml")).unwrap();
    insta::assert_snapshot!("confinement_input_link_outside", refused(dir.path(), &["plan.toml"]));
    // The organisation profile beside it, linked out.
    std::fs::remove_file(dir.path().join("plan.toml")).unwrap();
    std::fs::write(dir.path().join("plan.toml"), format!("{PLAN}[[kapitel]]\nrubrik = \"K\"\n")).unwrap();
    std::fs::write(outside.path().join("organisation.toml"), "[organisation]\nnamn = \"Utanför\"\n").unwrap();
    symlink(outside.path().join("organisation.toml"), dir.path().join("organisation.toml")).unwrap();
    insta::assert_snapshot!("confinement_profile_link_outside", refused(dir.path(), &["plan.toml"]));
    // A workbook's sidecar, linked out.
    std::fs::remove_file(dir.path().join("organisation.toml")).unwrap();
    department_workbook(&dir.path().join("plan.xlsx"));
    symlink(outside.path().join("plan.toml"), dir.path().join("plan.dokument.toml")).unwrap();
    let err = refused(dir.path(), &["plan.xlsx"]);
    assert!(
        err.contains("fel: filen är en länk till en fil utanför sin mapp och läses inte\n  --> plan.dokument.toml"),
        "{err}"
    );
    // --previous: a file in another folder is an input of its own and is
    // read; linked out of its own folder, it is refused.
    let report = root().join("data/trelleborg-dr2-2023.toml");
    std::fs::copy(&report, dir.path().join("dr2.toml")).unwrap();
    let previous = root().join("data/trelleborg-dr1-2023.toml");
    builds(dir.path(), &["dr2.toml", "--previous", previous.to_str().unwrap(), "--bara-excel"]);
    std::fs::remove_dir_all(dir.path().join("ut")).unwrap();
    std::fs::create_dir(dir.path().join("tidigare")).unwrap();
    symlink(&previous, dir.path().join("tidigare/dr1.toml")).unwrap();
    let err = refused(dir.path(), &["dr2.toml", "--previous", "tidigare/dr1.toml"]);
    assert!(
        err.contains("fel: filen är en länk till en fil utanför sin mapp och läses inte\n  --> tidigare/dr1.toml"),
        "{err}"
    );
}

#[test]
fn dot_relative_paths_and_links_inside_the_folder_build() {
    let dir = tempdir();
    let d = dir.path();
    std::fs::create_dir_all(d.join("avd")).unwrap();
    std::fs::create_dir_all(d.join("bilder")).unwrap();
    department_workbook(&d.join("avd/forskola.xlsx"));
    std::fs::write(d.join("bilder/ok.png"), png(8, 4, true)).unwrap();
    std::fs::copy(d.join("bilder/ok.png"), d.join("ok.png")).unwrap();
    // `./avd` and `./ok.png`.
    std::fs::write(d.join("plan.toml"), format!("{PLAN}logotyp = \"./ok.png\"\n[filer]\nmapp = \"./avd\"\n")).unwrap();
    builds(d, &["plan.toml"]);
    assert!(squash(&pdf_text(&d.join("ut/plan.pdf"), None)).contains(&squash("Mål från arbetsboken")));
    std::fs::remove_dir_all(d.join("ut")).unwrap();
    // `.`: the workbooks beside the project file.
    std::fs::copy(d.join("avd/forskola.xlsx"), d.join("forskola.xlsx")).unwrap();
    std::fs::write(d.join("plan.toml"), format!("{PLAN}[filer]\nmapp = \".\"\n")).unwrap();
    builds(d, &["plan.toml"]);
    std::fs::remove_dir_all(d.join("ut")).unwrap();
    std::fs::remove_file(d.join("forskola.xlsx")).unwrap();
    // Links that stay inside: a linked logo, a linked folder, a linked file.
    symlink("bilder/ok.png", d.join("logo.png")).unwrap();
    symlink("avd", d.join("avdelningar")).unwrap();
    symlink("../avd/forskola.xlsx", d.join("bilder/forskola.xlsx")).unwrap();
    std::fs::write(d.join("plan.toml"), format!("{PLAN}logotyp = \"logo.png\"\n[filer]\nmapp = \"avdelningar\"\n"))
        .unwrap();
    builds(d, &["plan.toml"]);
    std::fs::remove_dir_all(d.join("ut")).unwrap();
    std::fs::write(
        d.join("plan.toml"),
        format!("{PLAN}logotyp = \"bilder/../logo.png\"\n[[avdelning]]\nnamn = \"Förskola\"\nfil = \"bilder/forskola.xlsx\"\n"),
    )
    .unwrap();
    builds(d, &["plan.toml"]);
    // An absolute path that lies inside the folder.
    std::fs::remove_dir_all(d.join("ut")).unwrap();
    let inside = d.join("avd/forskola.xlsx");
    std::fs::write(
        d.join("plan.toml"),
        format!("{PLAN}[[avdelning]]\nnamn = \"Förskola\"\nfil = \"{}\"\n", inside.display()),
    )
    .unwrap();
    builds(d, &["plan.toml"]);
    // The input given by a path from elsewhere, and by a link inside its folder.
    std::fs::remove_dir_all(d.join("ut")).unwrap();
    symlink("plan.toml", d.join("lank.toml")).unwrap();
    builds(d, &["lank.toml"]);
    let o = run(d.parent().unwrap(), &["kontrollera", d.join("plan.toml").to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn images_declaring_a_huge_size_are_refused_before_decoding() {
    let dir = tempdir();
    std::fs::write(dir.path().join("jatte.jpg"), jpeg_header(65_500, 65_500)).unwrap();
    logo_plan(dir.path(), "jatte.jpg");
    insta::assert_snapshot!("confinement_logo_huge_jpeg", refused(dir.path(), &["plan.toml"]));
    std::fs::write(dir.path().join("jatte.png"), png(60_000, 60_000, false)).unwrap();
    logo_plan(dir.path(), "jatte.png");
    insta::assert_snapshot!("confinement_logo_huge_png", refused(dir.path(), &["plan.toml"]));
    // Read by a user's template, it is refused before decoding too.
    std::fs::write(dir.path().join("plan.toml"), format!("{PLAN}[[kapitel]]\nrubrik = \"K\"\n")).unwrap();
    template_with(dir.path(), "#image(\"jatte.png\")");
    let err = refused(dir.path(), &["plan.toml", "--templates", "mallar"]);
    assert!(
        err.contains(": filen kunde inte läsas: bilden är 60000 × 60000 bildpunkter, fler än 40 miljoner\n"),
        "{err}"
    );
    logo_plan(dir.path(), "jatte.png");
    // kontrollera finds it too.
    let o = run(dir.path(), &["kontrollera", "plan.toml"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("är för stor: 60000 × 60000 bildpunkter"), "{}", stderr(&o));
}

#[test]
fn a_damaged_or_mislabelled_logo_is_a_swedish_error_at_the_logo() {
    let dir = tempdir();
    // A JPEG named .png.
    std::fs::write(dir.path().join("logo.png"), jpeg_header(10, 10)).unwrap();
    logo_plan(dir.path(), "logo.png");
    insta::assert_snapshot!("confinement_logo_mislabelled", refused(dir.path(), &["plan.toml"]));
    // A PNG whose pixels are missing (a small size declared).
    std::fs::write(dir.path().join("logo.png"), png(100, 100, false)).unwrap();
    insta::assert_snapshot!("confinement_logo_damaged_png", refused(dir.path(), &["plan.toml"]));
    // A JPEG with a header and no image data.
    std::fs::write(dir.path().join("logo.jpg"), jpeg_header(10, 10)).unwrap();
    logo_plan(dir.path(), "logo.jpg");
    let err = refused(dir.path(), &["plan.toml"]);
    assert!(err.contains("fel: logotypen \"logo.jpg\" är skadad och kan inte visas\n  --> plan.toml:4:11"), "{err}");
    // An SVG that is not well-formed.
    std::fs::write(dir.path().join("logo.svg"), "<svg xmlns=\"http://www.w3.org/2000/svg\"><g></svg>").unwrap();
    logo_plan(dir.path(), "logo.svg");
    insta::assert_snapshot!("confinement_logo_bad_svg", refused(dir.path(), &["plan.toml"]));
    // An SVG embedding a PNG that declares a huge size.
    let big = png(60_000, 60_000, false);
    let b64 = base64(&big);
    std::fs::write(
        dir.path().join("logo.svg"),
        format!("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"><image width=\"10\" height=\"10\" href=\"data:image/png;base64,{b64}\"/></svg>"),
    )
    .unwrap();
    let err = refused(dir.path(), &["plan.toml"]);
    assert!(err.contains("fel: logotypen \"logo.svg\" innehåller en inbäddad bild som är för stor"), "{err}");
    // A good PNG and SVG build.
    std::fs::write(dir.path().join("logo.png"), png(8, 4, true)).unwrap();
    logo_plan(dir.path(), "logo.png");
    builds(dir.path(), &["plan.toml"]);
    std::fs::remove_dir_all(dir.path().join("ut")).unwrap();
    std::fs::write(
        dir.path().join("logo.svg"),
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"><rect width=\"10\" height=\"5\"/></svg>",
    )
    .unwrap();
    logo_plan(dir.path(), "logo.svg");
    builds(dir.path(), &["plan.toml"]);
}

fn base64(bytes: &[u8]) -> String {
    const ABC: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for c in bytes.chunks(3) {
        let n =
            (u32::from(c[0]) << 16) | (u32::from(*c.get(1).unwrap_or(&0)) << 8) | u32::from(*c.get(2).unwrap_or(&0));
        for i in 0..4 {
            if i <= c.len() {
                out.push(char::from(ABC[((n >> (18 - 6 * i)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}
