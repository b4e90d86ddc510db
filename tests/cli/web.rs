//! `planrapport webb` and `bygg --bevaka`: HTTP-level tests against the
//! running server (uploads good and bad, downloads, refusals, hand-ins,
//! the access code), the watch mode, and a browser test in real headless
//! Chromium doing what a person does.

use std::fmt::Write as _;
use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::util::{bin, root, run_in, stderr, tempdir};

/// A running server, stopped when dropped (as Ctrl+C stops it).
pub struct Server {
    child: Child,
    pub addr: SocketAddr,
    pub code: Option<String>,
    /// Its standard output after the start-up lines.
    lines: std::sync::Mutex<mpsc::Receiver<String>>,
    /// Its temporary folder (`TMPDIR`): where uploads are put.
    pub tmp: tempfile::TempDir,
}

impl Server {
    pub fn start(dir: &Path, args: &[&str]) -> Server {
        let tmp = tempdir();
        let mut child = bin()
            .current_dir(dir)
            .env("TMPDIR", tmp.path())
            .args(["webb", "--port", "0", "--ingen-webblasare"])
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("server starts");
        let (tx, lines) = mpsc::channel();
        let out = child.stdout.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(out).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        let mut addr = None;
        let mut code = None;
        let deadline = Instant::now() + Duration::from_mins(1);
        while let Ok(line) = lines.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
            if let Some(rest) = line.strip_prefix("planrapport visar webbsidan på http://") {
                let a: SocketAddr = rest.trim_end_matches('/').parse().expect("address printed");
                // Tests talk to this machine only.
                addr = Some(SocketAddr::from(([127, 0, 0, 1], a.port())));
            }
            if let Some(i) = line.find("Åtkomstkod: ") {
                code = Some(line[i + "Åtkomstkod: ".len()..].chars().take(8).collect());
            }
            if line.starts_with("Avsluta med Ctrl+C") {
                break;
            }
        }
        let addr = addr.unwrap_or_else(|| {
            let _ = child.kill();
            let mut err = String::new();
            let _ = child.stderr.take().unwrap().read_to_string(&mut err);
            panic!("server did not start: {err}")
        });
        Server { child, addr, code, lines: std::sync::Mutex::new(lines), tmp }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    pub fn get(&self, path: &str) -> Response {
        request(self.addr, "GET", path, &[], &[])
    }

    /// Stops the server as Ctrl+C does (SIGINT); its exit status and what
    /// it printed after starting. Killed after a minute.
    pub fn interrupt(&mut self) -> (Option<std::process::ExitStatus>, Vec<String>) {
        let _ = std::process::Command::new("kill").arg("-INT").arg(self.child.id().to_string()).status();
        let deadline = Instant::now() + Duration::from_mins(1);
        let status = loop {
            match self.child.try_wait() {
                Ok(Some(status)) => break Some(status),
                Ok(None) if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(50)),
                _ => {
                    let _ = self.child.kill();
                    let _ = self.child.wait();
                    break None;
                }
            }
        };
        let said = self.lines.get_mut().map(|l| l.try_iter().collect()).unwrap_or_default();
        (status, said)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if matches!(self.child.try_wait(), Ok(None)) {
            self.interrupt();
        }
    }
}

#[derive(Debug)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

fn dechunk(mut body: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let Some(end) = body.windows(2).position(|w| w == b"\r\n") else { return out };
        let size = usize::from_str_radix(std::str::from_utf8(&body[..end]).unwrap().trim(), 16).unwrap();
        if size == 0 {
            return out;
        }
        out.extend_from_slice(&body[end + 2..end + 2 + size]);
        body = &body[end + 4 + size..];
    }
}

/// One HTTP/1.1 request (Host names this machine unless given).
pub fn request(addr: SocketAddr, method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> Response {
    let mut stream = TcpStream::connect(addr).expect("connects");
    stream.set_read_timeout(Some(Duration::from_mins(2))).unwrap();
    let mut head = format!("{method} {path} HTTP/1.1\r\nConnection: close\r\nContent-Length: {}\r\n", body.len());
    if !headers.iter().any(|(k, _)| k.eq_ignore_ascii_case("host")) {
        let _ = write!(head, "Host: {addr}\r\n");
    }
    for (k, v) in headers {
        let _ = write!(head, "{k}: {v}\r\n");
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).unwrap();
    // A refusal may come before the whole body is read.
    let _ = stream.write_all(body);
    let mut raw = Vec::new();
    let _ = stream.read_to_end(&mut raw);
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n").expect("response head");
    let head = String::from_utf8_lossy(&raw[..split]).to_string();
    let mut lines = head.lines();
    let status = lines.next().unwrap().split(' ').nth(1).unwrap().parse().unwrap();
    let headers: Vec<(String, String)> =
        lines.filter_map(|l| l.split_once(':').map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))).collect();
    let mut body = raw[split + 4..].to_vec();
    if headers.iter().any(|(k, v)| k.eq_ignore_ascii_case("transfer-encoding") && v.contains("chunked")) {
        body = dechunk(&body);
    }
    Response { status, headers, body }
}

const BOUNDARY: &str = "planrapport-test-7f3a";

/// A multipart form: (field, file name, bytes).
pub fn multipart(parts: &[(&str, Option<&str>, &[u8])]) -> Vec<u8> {
    let mut body = Vec::new();
    for (field, file, bytes) in parts {
        let _ = write!(body_str(&mut body), "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{field}\"");
        if let Some(f) = file {
            let _ = write!(body_str(&mut body), "; filename=\"{f}\"\r\nContent-Type: application/octet-stream");
        }
        body.extend_from_slice(b"\r\n\r\n");
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    let _ = write!(body_str(&mut body), "--{BOUNDARY}--\r\n");
    body
}

struct Sink<'a>(&'a mut Vec<u8>);
impl std::fmt::Write for Sink<'_> {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.0.extend_from_slice(s.as_bytes());
        Ok(())
    }
}
fn body_str(v: &mut Vec<u8>) -> Sink<'_> {
    Sink(v)
}

pub fn post_files(
    server: &Server,
    path: &str,
    parts: &[(&str, Option<&str>, &[u8])],
    extra: &[(&str, &str)],
) -> Response {
    let content_type = format!("multipart/form-data; boundary={BOUNDARY}");
    let mut headers = vec![("Content-Type", content_type.as_str())];
    headers.extend_from_slice(extra);
    request(server.addr, "POST", path, &headers, &multipart(parts))
}

/// A copy of a workbook with `old` replaced by `new` in its XML (a cell edited as a person would).
pub fn edit_workbook(from: &Path, to: &Path, old: &str, new: &str) {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(from).unwrap()).unwrap();
    let mut out = zip::ZipWriter::new(std::fs::File::create(to).unwrap());
    let mut found = false;
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).unwrap();
        let name = entry.name().unwrap().to_string();
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).unwrap();
        if Path::new(&name).extension().is_some_and(|e| e.eq_ignore_ascii_case("xml")) {
            let text = String::from_utf8(bytes).unwrap();
            found |= text.contains(old);
            bytes = text.replace(old, new).into_bytes();
        }
        out.start_file(name, zip::write::SimpleFileOptions::default()).unwrap();
        out.write_all(&bytes).unwrap();
    }
    out.finish().unwrap();
    assert!(found, "{old} not in {}", from.display());
}

fn department_toml(name: &str, goal: &str, phase: &str) -> String {
    format!(
        "[dokument]\ntitel = \"Del\"\ndatum = 2025-01-10\n[[avdelning]]\nnamn = \"{name}\"\ndatum = 2025-01-10\nansvarig_chef = \"Chef för {name}\"\n[[avdelning.rad]]\nfas = \"{phase}\"\nmal = \"{goal}\"\naktiviteter = [\"Aktivitet för {name}\"]\nmaldatum = \"2025\"\nansvariga = [\"Enhetschef\"]\n"
    )
}

/// A department's workbook, made with konvertera (as the committee workbooks are).
pub fn department_workbook(dir: &Path, file: &str, name: &str, goal: &str) -> PathBuf {
    let toml = dir.join(format!("{file}.toml"));
    std::fs::write(&toml, department_toml(name, goal, "Utveckla")).unwrap();
    let out = dir.join(format!("{file}.xlsx"));
    let o = run_in(dir, &["konvertera", &format!("{file}.toml"), &format!("{file}.xlsx")]);
    assert!(o.status.success(), "{}", stderr(&o));
    std::fs::remove_file(toml).unwrap();
    out
}

/// A project folder: plan.toml with `[filer] mapp = "avdelningar"` listing `listed`, and
/// the department workbooks `with` (file, name).
pub fn project(dir: &Path, with: &[(&str, &str)], listed: &[&str]) {
    std::fs::create_dir_all(dir.join("avdelningar")).unwrap();
    let work = tempdir();
    for (file, name) in with {
        let made = department_workbook(work.path(), file, name, &format!("Mål för {name}"));
        std::fs::copy(made, dir.join("avdelningar").join(format!("{file}.xlsx"))).unwrap();
    }
    let mut plan = String::from(
        "[dokument]\ntitel = \"Plan för Testkommun\"\norganisation = \"Testkommun\"\ndatum = 2025-01-15\n\n[filer]\nmapp = \"avdelningar\"\n",
    );
    for name in listed {
        let _ = write!(plan, "\n[[avdelning]]\nnamn = \"{name}\"\n");
    }
    std::fs::write(dir.join("plan.toml"), plan).unwrap();
}

fn bundled(name: &str) -> Vec<u8> {
    std::fs::read(root().join("data").join(name)).unwrap()
}

/// The bundled file `name` uploaded to be checked (and built); the answer, 200.
fn check_bundled(server: &Server, name: &str) -> Response {
    let r = post_files(server, "/api/kontrollera", &[("filer", Some(name), &bundled(name))], &[]);
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    r
}

/// Uploaded files are people's data: closing the page (Ctrl+C) removes the
/// temporary folders they were put in, and the server ends cleanly.
#[test]
fn closing_the_page_removes_the_uploaded_files() {
    let dir = tempdir();
    let mut server = Server::start(dir.path(), &[]);
    let r = check_bundled(&server, "leanlink-uppfoljning.xlsx");
    assert_eq!(r.json()["dokument"][0]["ok"], true, "{}", String::from_utf8_lossy(&r.body));
    let tmp = server.tmp.path().to_path_buf();
    let uploads = || -> Vec<PathBuf> {
        std::fs::read_dir(&tmp)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.file_name().unwrap().to_string_lossy().starts_with("planrapport-webb-"))
            .collect()
    };
    // While the page is open, the built document (and its folder) is kept.
    let kept = uploads();
    assert_eq!(kept.len(), 1, "{kept:?}");
    assert!(kept[0].join("leanlink-uppfoljning.xlsx").is_file(), "{kept:?}");
    let (status, said) = server.interrupt();
    assert!(status.is_some_and(|s| s.success()), "{status:?} {said:?}");
    assert!(said.iter().any(|l| l.contains("de uppladdade filerna är borttagna")), "{said:?}");
    assert!(uploads().is_empty(), "{:?}", uploads());
}

#[test]
fn a_workbook_is_checked_built_previewed_and_downloaded_as_bygg_builds_it() {
    let dir = tempdir();
    let server = Server::start(dir.path(), &[]);
    let page = server.get("/");
    assert_eq!(page.status, 200);
    let html = String::from_utf8_lossy(&page.body);
    assert!(html.contains("<html lang=\"sv\">") && html.contains("aria-live=\"polite\""), "{html}");
    let r = check_bundled(&server, "hagersten-alvsjo.xlsx");
    let json = r.json();
    let doc = &json["dokument"][0];
    assert_eq!(doc["ok"], true, "{doc}");
    assert_eq!(doc["typ"], "Kompetensförsörjningsplan");
    assert!(doc["sammanfattning"].as_str().unwrap().starts_with("hagersten-alvsjo.xlsx: inga fel."), "{doc}");
    let pages = doc["resultat"]["sidor"].as_u64().unwrap();
    assert!(pages > 5, "{doc}");
    // The PDF the page offers is the one `bygg` writes, byte for byte.
    let pdf = server.get(doc["resultat"]["pdf"].as_str().unwrap());
    assert_eq!(pdf.status, 200);
    assert_eq!(pdf.header("content-type"), Some("application/pdf"));
    assert!(pdf.header("content-disposition").unwrap().contains("hagersten-alvsjo.pdf"));
    std::fs::copy(root().join("data/hagersten-alvsjo.xlsx"), dir.path().join("hagersten-alvsjo.xlsx")).unwrap();
    let o = run_in(dir.path(), &["bygg", "hagersten-alvsjo.xlsx", "-o", "ut"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(pdf.body == std::fs::read(dir.path().join("ut/hagersten-alvsjo.pdf")).unwrap(), "PDF differs from bygg's");
    let xlsx = server.get(doc["resultat"]["excel"].as_str().unwrap());
    assert_eq!(xlsx.status, 200);
    assert!(
        xlsx.body == std::fs::read(dir.path().join("ut/hagersten-alvsjo.xlsx")).unwrap(),
        "workbook differs from bygg's"
    );
    let png = server.get(&format!("/api/resultat/{}/sida/1", doc["resultat"]["id"].as_str().unwrap()));
    assert_eq!(png.status, 200);
    assert!(png.body.starts_with(b"\x89PNG\r\n\x1a\n"));
    let beyond = server.get(&format!("/api/resultat/{}/sida/{}", doc["resultat"]["id"].as_str().unwrap(), pages + 1));
    assert_eq!(beyond.status, 404);
    assert_eq!(beyond.json()["fel"], format!("sidan {} finns inte", pages + 1));
    // Requests the page never makes get Swedish refusals too, never axum's English.
    for (method, path, status, message) in [
        (
            "GET",
            format!("/api/resultat/{}/sida/noll", doc["resultat"]["id"].as_str().unwrap()),
            404,
            "sidan finns inte",
        ),
        ("GET", "/api/kontrollera".to_string(), 405, "sidan tar inte emot den sortens begäran"),
        ("POST", "/api/kontrollera".to_string(), 400, "begäran innehåller inga filer (inget formulär med filer)"),
        ("GET", "/finns-inte".to_string(), 404, "sidan finns inte"),
    ] {
        let r = request(server.addr, method, &path, &[], &[]);
        assert_eq!((r.status, r.json()["fel"].as_str().unwrap()), (status, message), "{method} {path}");
    }
    let deck = server.get(doc["resultat"]["bildspel"].as_str().unwrap());
    assert_eq!(deck.status, 200, "{}", String::from_utf8_lossy(&deck.body));
    assert!(deck.body.starts_with(b"%PDF"));
    // Nothing was written in the folder the server runs in, but by bygg.
    let mut names: Vec<String> =
        std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    assert_eq!(names, ["hagersten-alvsjo.xlsx", "ut"]);
}

#[test]
fn concurrent_uploads_each_get_their_own_whole_result() {
    let dir = tempdir();
    let server = Server::start(dir.path(), &[]);
    let plan = bundled("hagersten-alvsjo.toml");
    let followup = bundled("leanlink-uppfoljning.xlsx");
    let results: Vec<(String, Vec<u8>)> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..4)
            .map(|i| {
                let (name, bytes) = if i % 2 == 0 { ("plan.toml", &plan) } else { ("uppfoljning.xlsx", &followup) };
                let server = &server;
                s.spawn(move || {
                    let r = post_files(server, "/api/kontrollera", &[("filer", Some(name), bytes)], &[]);
                    assert_eq!(r.status, 200);
                    let json = r.json();
                    let doc = &json["dokument"][0];
                    assert_eq!(doc["ok"], true, "{doc}");
                    let pdf = server.get(doc["resultat"]["pdf"].as_str().unwrap());
                    (doc["typ"].as_str().unwrap().to_string(), pdf.body)
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    // Same input, same bytes, whichever build ran beside it.
    assert_eq!(results[0].0, "Kompetensförsörjningsplan");
    assert_eq!(results[1].0, "Uppföljning av verksamhetsplan");
    assert!(results[0].1 == results[2].1 && results[1].1 == results[3].1);
    assert!(results[0].1 != results[1].1);
}

#[test]
fn a_broken_workbook_shows_the_problems_exactly_as_kontrollera_prints_them() {
    let dir = tempdir();
    let good = department_workbook(dir.path(), "forskola", "Förskola", "Mål för Förskola");
    edit_workbook(&good, &dir.path().join("trasig.xlsx"), ">Utveckla<", ">Utvekla<");
    let cli = run_in(dir.path(), &["kontrollera", "trasig.xlsx"]);
    assert_eq!(cli.status.code(), Some(1));
    let server = Server::start(dir.path(), &[]);
    let bytes = std::fs::read(dir.path().join("trasig.xlsx")).unwrap();
    let r = post_files(&server, "/api/kontrollera", &[("filer", Some("trasig.xlsx"), &bytes)], &[]);
    assert_eq!(r.status, 200);
    let json = r.json();
    let doc = &json["dokument"][0];
    assert_eq!(doc["ok"], false);
    assert_eq!(doc["fil"], "trasig.xlsx");
    let group = &doc["filer"][0];
    assert_eq!(group["fil"], "trasig.xlsx");
    let texts: Vec<&str> = group["problem"].as_array().unwrap().iter().map(|p| p["text"].as_str().unwrap()).collect();
    // Each problem as the command line printed it, place and hint included.
    let printed = stderr(&cli);
    for t in &texts {
        assert!(printed.contains(t), "{t}\nnot in\n{printed}");
    }
    let first = &group["problem"][0];
    assert_eq!(first["plats"], "trasig.xlsx [Förskola]!A5", "{first}");
    insta::assert_snapshot!("web_broken_workbook", texts.join("\n\n"));
}

#[test]
fn several_department_files_are_each_checked_and_a_project_file_gets_its_departments() {
    let dir = tempdir();
    let a = department_workbook(dir.path(), "forskola", "Förskola", "Mål A");
    let b = department_workbook(dir.path(), "social", "Social omsorg", "Mål B");
    let (a, b) = (std::fs::read(a).unwrap(), std::fs::read(b).unwrap());
    let server = Server::start(dir.path(), &[]);
    let r = post_files(
        &server,
        "/api/kontrollera",
        &[("filer", Some("forskola.xlsx"), &a), ("filer", Some("social.xlsx"), &b)],
        &[],
    );
    let json = r.json();
    assert_eq!(json["dokument"].as_array().unwrap().len(), 2, "{json}");
    assert!(json["dokument"].as_array().unwrap().iter().all(|d| d["ok"] == true), "{json}");
    // With the project file, one document whose departments come from the files.
    let plan = "[dokument]\ntitel = \"Plan\"\ndatum = 2025-01-15\n[filer]\nmapp = \"avdelningar\"\n[[avdelning]]\nnamn = \"Social omsorg\"\n[[avdelning]]\nnamn = \"Förskola\"\n";
    let r = post_files(
        &server,
        "/api/kontrollera",
        &[
            ("filer", Some("plan.toml"), plan.as_bytes()),
            ("filer", Some("forskola.xlsx"), &a),
            ("filer", Some("social.xlsx"), &b),
        ],
        &[],
    );
    let json = r.json();
    let docs = json["dokument"].as_array().unwrap();
    assert_eq!(docs.len(), 1, "{json}");
    assert_eq!(docs[0]["ok"], true, "{json}");
    assert!(docs[0]["sammanfattning"].as_str().unwrap().contains("2 avdelningar (2 med handlingsplan)"), "{json}");
    // Without one of them: the plan's own message.
    let r = post_files(
        &server,
        "/api/kontrollera",
        &[("filer", Some("plan.toml"), plan.as_bytes()), ("filer", Some("forskola.xlsx"), &a)],
        &[],
    );
    let json = r.json();
    let texts = json["dokument"][0]["filer"][0]["problem"][0]["text"].as_str().unwrap();
    assert!(texts.starts_with("fel: 1 av 2 avdelningar: saknas Social omsorg"), "{json}");
}

#[test]
fn oversized_and_path_traversal_uploads_and_urls_are_refused() {
    let dir = tempdir();
    let server = Server::start(dir.path(), &[]);
    let big = vec![b'a'; 20 * 1024 * 1024 + 1];
    let r = post_files(&server, "/api/kontrollera", &[("filer", Some("stor.xlsx"), &big)], &[]);
    assert_eq!(r.status, 413);
    insta::assert_snapshot!("web_oversized", r.json()["fel"].as_str().unwrap());
    for name in ["../../utanfor.toml", "..\\utanfor.toml", "/tmp/utanfor.toml", "mapp/../../utanfor.toml"] {
        let r = post_files(&server, "/api/kontrollera", &[("filer", Some(name), b"[dokument]\ntitel = \"x\"\n")], &[]);
        assert_eq!(r.status, 400, "{name}");
        assert!(r.json()["fel"].as_str().unwrap().contains("innehåller en sökväg och tas inte emot"), "{name}");
    }
    assert!(!dir.path().parent().unwrap().join("utanfor.toml").exists());
    let r = post_files(&server, "/api/kontrollera", &[("filer", Some("program.exe"), b"MZ")], &[]);
    assert_eq!(r.status, 400);
    insta::assert_snapshot!(
        "web_wrong_type",
        format!("fel: {}\ntips: {}", r.json()["fel"].as_str().unwrap(), r.json()["tips"].as_str().unwrap())
    );
    // A TOML that names places outside its folder: they are not used; the pipeline's own message.
    let toml = "[dokument]\ntitel = \"x\"\ndatum = 2025-01-01\n[[avdelning]]\nnamn = \"A\"\nfil = \"../../../etc/passwd.xlsx\"\n";
    let r = post_files(&server, "/api/kontrollera", &[("filer", Some("plan.toml"), toml.as_bytes())], &[]);
    let json = r.json();
    assert!(
        json["dokument"][0]["filer"][0]["problem"][0]["text"]
            .as_str()
            .unwrap()
            .contains("ligger utanför projektets mapp"),
        "{json}"
    );
    for path in [
        "/../Cargo.toml",
        "/api/resultat/../../etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/api/resultat/x/..%2f..%2fetc",
        "/api/mall/..%2fplan",
    ] {
        let r = server.get(path);
        assert!(r.status == 404 || r.status == 400, "{path}: {}", r.status);
        assert!(!String::from_utf8_lossy(&r.body).contains("root:"), "{path}");
    }
}

#[test]
fn templates_and_new_projects_are_downloadable() {
    let dir = tempdir();
    let server = Server::start(dir.path(), &[]);
    for kind in ["plan", "uppfoljning", "delarsrapport", "presentation"] {
        let r = server.get(&format!("/api/mall/{kind}"));
        assert_eq!(r.status, 200, "{kind}");
        assert!(r.body.starts_with(b"PK"), "{kind}");
        // The same bytes `mall` writes.
        let o = run_in(dir.path(), &["mall", kind, &format!("{kind}.xlsx")]);
        assert!(o.status.success());
        assert!(r.body == std::fs::read(dir.path().join(format!("{kind}.xlsx"))).unwrap(), "{kind}");
        let z = server.get(&format!("/api/nytt-projekt/{kind}"));
        assert_eq!(z.status, 200);
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(z.body)).unwrap();
        let mut names: Vec<String> =
            (0..archive.len()).map(|i| archive.by_index(i).unwrap().name().unwrap().to_string()).collect();
        names.sort();
        assert!(names.iter().any(|n| n.ends_with("organisation.toml")) && names.len() == 4, "{names:?}");
        // Unpacked, it builds.
        let unpacked = dir.path().join(format!("ny-{kind}"));
        archive.extract(&unpacked).unwrap();
        let project = std::fs::read_dir(unpacked.join(planrapport::project::stem(match kind {
            "plan" => planrapport::kinds::Kind::Plan,
            "uppfoljning" => planrapport::kinds::Kind::FollowUp,
            "delarsrapport" => planrapport::kinds::Kind::Report,
            _ => planrapport::kinds::Kind::Deck,
        })))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "toml") && !p.ends_with("organisation.toml"))
        .unwrap();
        let o =
            run_in(project.parent().unwrap(), &["bygg", project.file_name().unwrap().to_str().unwrap(), "-o", "ut"]);
        assert!(o.status.success(), "{kind}: {}", stderr(&o));
    }
    assert_eq!(server.get("/api/mall/okand").status, 404);
}

#[test]
fn the_network_needs_the_access_code_and_this_machine_checks_host_and_origin() {
    let dir = tempdir();
    let server = Server::start(dir.path(), &["--adress", "0.0.0.0"]);
    let code = server.code.clone().expect("access code printed");
    assert_eq!(code.len(), 8);
    // The page itself (no data) is served; nothing else without the code.
    assert_eq!(server.get("/").status, 200);
    assert_eq!(server.get("/api/lage").json()["kod_kravs"], true);
    for path in ["/api/mall/plan", "/api/projekt", "/api/nytt-projekt/plan", "/api/resultat/x/pdf"] {
        let r = server.get(path);
        assert_eq!(r.status, 401, "{path}");
        assert_eq!(r.json()["fel"], "åtkomstkod saknas eller är fel; inget lästes eller skrevs");
    }
    let upload = bundled("hagersten-alvsjo.toml");
    let r = post_files(&server, "/api/kontrollera", &[("filer", Some("plan.toml"), &upload)], &[]);
    assert_eq!(r.status, 401);
    let wrong = request(server.addr, "POST", "/api/kod", &[("Content-Type", "application/json")], br#"{"kod":"fel"}"#);
    assert_eq!(wrong.status, 401);
    assert_eq!(wrong.json()["fel"], "fel åtkomstkod");
    let r = post_files(
        &server,
        "/api/kontrollera",
        &[("filer", Some("plan.toml"), &upload)],
        &[("X-Atkomstkod", "abcdefgh")],
    );
    assert_eq!(r.status, 401);
    let right = request(
        server.addr,
        "POST",
        "/api/kod",
        &[("Content-Type", "application/json")],
        format!("{{\"kod\":\"{code}\"}}").as_bytes(),
    );
    assert_eq!(right.status, 200);
    let cookie = right.header("set-cookie").unwrap().split(';').next().unwrap().to_string();
    assert!(right.header("set-cookie").unwrap().contains("HttpOnly"));
    let r = request(server.addr, "GET", "/api/mall/plan", &[("Cookie", &cookie)], &[]);
    assert_eq!(r.status, 200);
    let r =
        post_files(&server, "/api/kontrollera", &[("filer", Some("plan.toml"), &upload)], &[("X-Atkomstkod", &code)]);
    assert_eq!(r.status, 200);
    drop(server);

    // On 127.0.0.1: no code, but a foreign Host (DNS rebinding) or Origin is refused.
    let server = Server::start(dir.path(), &[]);
    assert!(server.code.is_none());
    let r = request(server.addr, "GET", "/api/mall/plan", &[("Host", "angripare.example:80")], &[]);
    assert_eq!(r.status, 403);
    insta::assert_snapshot!("web_foreign_host", r.json()["fel"].as_str().unwrap());
    let r = post_files(
        &server,
        "/api/kontrollera",
        &[("filer", Some("plan.toml"), &upload)],
        &[("Origin", "http://angripare.example")],
    );
    assert_eq!(r.status, 403);
    assert_eq!(r.json()["fel"], "begäran kommer från en annan webbplats och tas inte emot");
    let host = server.addr.to_string();
    let origin = format!("http://{host}");
    let r = post_files(&server, "/api/kontrollera", &[("filer", Some("plan.toml"), &upload)], &[("Origin", &origin)]);
    assert_eq!(r.status, 200);
}

pub fn project_view(server: &Server) -> serde_json::Value {
    // The first build may still run.
    let deadline = Instant::now() + Duration::from_mins(1);
    loop {
        let v = server.get("/api/projekt").json();
        if v.get("bygger").is_none() || Instant::now() > deadline {
            return v;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Waits until the project view's version passes `after`.
pub fn view_after(server: &Server, after: u64) -> serde_json::Value {
    let deadline = Instant::now() + Duration::from_mins(1);
    loop {
        let v = project_view(server);
        if v["version"].as_u64().unwrap_or(0) > after || Instant::now() > deadline {
            return v;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn a_project_folder_shows_who_has_handed_in_and_takes_hand_ins() {
    let dir = tempdir();
    let folder = dir.path().join("projekt");
    project(&folder, &[("forskola", "Förskola")], &["Förskola", "Social omsorg", "Ekonomi"]);
    let server = Server::start(dir.path(), &["projekt"]);
    let view = project_view(&server);
    assert_eq!(view["inlamning"]["rubrik"], "1 av 3 avdelningar har lämnat in", "{view}");
    assert_eq!(view["inlamning"]["saknas"], serde_json::json!(["Social omsorg", "Ekonomi"]));
    assert_eq!(view["dokument"]["ok"], true, "built with the gaps marked: {view}");
    let version = view["version"].as_u64().unwrap();

    // A hand-in with errors is refused with its problems; nothing is stored.
    let work = tempdir();
    let social = department_workbook(work.path(), "social", "Social omsorg", "Mål för social omsorg");
    edit_workbook(&social, &work.path().join("social-trasig.xlsx"), ">Utveckla<", ">Utvekla<");
    let broken = std::fs::read(work.path().join("social-trasig.xlsx")).unwrap();
    let r = post_files(&server, "/api/lamna-in", &[("fil", Some("social.xlsx"), &broken)], &[]);
    assert_eq!(r.status, 422, "{}", String::from_utf8_lossy(&r.body));
    let json = r.json();
    assert_eq!(json["fel"], "arbetsboken för Social omsorg har fel och lämnades inte in");
    let text = json["filer"][0]["problem"][0]["text"].as_str().unwrap();
    assert!(text.contains("Utvekla") && text.contains("social.xlsx [Social omsorg]!A5"), "{json}");
    assert!(!folder.join("avdelningar/social.xlsx").exists());

    // Concurrent hand-ins of two departments: both stored, whole.
    let social = std::fs::read(social).unwrap();
    let ekonomi = std::fs::read(department_workbook(work.path(), "ekonomi", "Ekonomi", "Mål för ekonomi")).unwrap();
    std::thread::scope(|s| {
        let a = s.spawn(|| post_files(&server, "/api/lamna-in", &[("fil", Some("social.xlsx"), &social)], &[]));
        let b = s.spawn(|| post_files(&server, "/api/lamna-in", &[("fil", Some("ekonomi.xlsx"), &ekonomi)], &[]));
        for r in [a.join().unwrap(), b.join().unwrap()] {
            assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
        }
    });
    assert!(std::fs::read(folder.join("avdelningar/social.xlsx")).unwrap() == social);
    assert!(std::fs::read(folder.join("avdelningar/ekonomi.xlsx")).unwrap() == ekonomi);
    let mut view = view_after(&server, version);
    let deadline = Instant::now() + Duration::from_mins(1);
    while view["inlamning"]["rubrik"] != "3 av 3 avdelningar har lämnat in" && Instant::now() < deadline {
        view = view_after(&server, view["version"].as_u64().unwrap());
    }
    assert_eq!(view["inlamning"]["rubrik"], "3 av 3 avdelningar har lämnat in", "{view}");

    // A file named like another department's: not replaced without confirmation.
    let other = std::fs::read(department_workbook(work.path(), "x", "Kultur", "Mål för kultur")).unwrap();
    let r = post_files(&server, "/api/lamna-in", &[("fil", Some("ekonomi.xlsx"), &other)], &[]);
    assert_eq!(r.status, 409, "{}", String::from_utf8_lossy(&r.body));
    insta::assert_snapshot!(
        "web_hand_in_confirm",
        format!("fel: {}\ntips: {}", r.json()["fel"].as_str().unwrap(), r.json()["tips"].as_str().unwrap())
    );
    assert!(std::fs::read(folder.join("avdelningar/ekonomi.xlsx")).unwrap() == ekonomi);
    let r =
        post_files(&server, "/api/lamna-in", &[("fil", Some("ekonomi.xlsx"), &other), ("bekrafta", None, b"ja")], &[]);
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    assert!(std::fs::read(folder.join("avdelningar/ekonomi.xlsx")).unwrap() == other);
    // A department's new version replaces its own file, whatever it is called.
    let again = std::fs::read(department_workbook(work.path(), "forskola-v2", "Förskola", "Nytt mål")).unwrap();
    let r = post_files(&server, "/api/lamna-in", &[("fil", Some("forskola-v2.xlsx"), &again)], &[]);
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    assert_eq!(r.json()["fil"], "avdelningar/forskola.xlsx");
    assert!(!folder.join("avdelningar/forskola-v2.xlsx").exists());
    // Not a workbook; a path; nothing outside the folder was written.
    let r = post_files(&server, "/api/lamna-in", &[("fil", Some("plan.toml"), b"x")], &[]);
    assert_eq!(r.status, 400);
    let r = post_files(&server, "/api/lamna-in", &[("fil", Some("../plan.xlsx"), &again)], &[]);
    assert_eq!(r.status, 400);
    assert!(!dir.path().join("plan.xlsx").exists());
    let mut names: Vec<String> = std::fs::read_dir(folder.join("avdelningar"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, [".planrapport.lock", "ekonomi.xlsx", "forskola.xlsx", "social.xlsx"]);
}

#[test]
fn the_page_follows_the_folder_by_server_sent_events() {
    let dir = tempdir();
    project(dir.path(), &[("forskola", "Förskola")], &["Förskola"]);
    let server = Server::start(dir.path(), &["."]);
    let v = project_view(&server);
    let version = v["version"].as_u64().unwrap();
    let mut stream = TcpStream::connect(server.addr).unwrap();
    stream.set_read_timeout(Some(Duration::from_mins(1))).unwrap();
    write!(stream, "GET /api/handelser HTTP/1.1\r\nHost: {}\r\nAccept: text/event-stream\r\n\r\n", server.addr)
        .unwrap();
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    reader.read_line(&mut line).unwrap();
    assert!(line.starts_with("HTTP/1.1 200"), "{line}");
    // Saved, as an editor does.
    let plan = std::fs::read_to_string(dir.path().join("plan.toml")).unwrap();
    std::fs::write(dir.path().join("plan.toml"), plan.replace("Plan för Testkommun", "Plan för Nykommun")).unwrap();
    let deadline = Instant::now() + Duration::from_mins(1);
    let mut seen = false;
    while Instant::now() < deadline {
        line.clear();
        if reader.read_line(&mut line).unwrap_or(0) == 0 {
            break;
        }
        if line.starts_with("event: bygge") {
            seen = true;
            break;
        }
    }
    assert!(seen, "no event after the save");
    let v = view_after(&server, version);
    assert_eq!(v["andrat"], serde_json::json!(["plan.toml"]), "{v}");
    let pdf = server.get(v["dokument"]["resultat"]["pdf"].as_str().unwrap());
    let path = dir.path().join("följd.pdf");
    std::fs::write(&path, &pdf.body).unwrap();
    assert!(crate::util::pdf_text(&path, Some((1, 1))).contains("Nykommun"));
}

#[test]
fn a_folder_that_is_not_there_is_refused_in_swedish() {
    let dir = tempdir();
    let o = run_in(dir.path(), &["webb", "--ingen-webblasare", "finns-inte"]);
    assert_eq!(o.status.code(), Some(1));
    insta::assert_snapshot!("web_missing_folder", stderr(&o));
}

#[test]
fn a_port_or_address_of_the_wrong_form_is_refused_in_swedish() {
    let dir = tempdir();
    let mut out = String::new();
    for args in [["webb", "--port", "99999"], ["webb", "--adress", "hej"]] {
        let o = run_in(dir.path(), &args);
        assert_eq!(o.status.code(), Some(2));
        out.push_str(&stderr(&o));
    }
    insta::assert_snapshot!("web_bad_port_and_address", out);
}

#[test]
fn bygg_bevaka_rebuilds_on_save_and_says_what_changed() {
    let dir = tempdir();
    project(dir.path(), &[("forskola", "Förskola")], &["Förskola"]);
    let mut child = bin()
        .current_dir(dir.path())
        .args(["bygg", "plan.toml", "--bevaka", "-o", "ut"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let (tx, rx) = mpsc::channel();
    let out = child.stdout.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(out).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let wait_for = |prefix: &str| -> Vec<String> {
        let mut seen = Vec::new();
        let deadline = Instant::now() + Duration::from_mins(2);
        while let Ok(line) = rx.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
            let done = line.starts_with(prefix);
            seen.push(line);
            if done {
                return seen;
            }
        }
        panic!("no line starting with {prefix:?}; saw {seen:?}");
    };
    let first = wait_for("byggt på");
    assert!(first.iter().any(|l| l == "skrev ut/plan.pdf"), "{first:?}");
    let before = std::fs::read(dir.path().join("ut/plan.pdf")).unwrap();
    // A department saves its workbook.
    let work = tempdir();
    let changed = department_workbook(work.path(), "forskola", "Förskola", "Ett ändrat mål");
    std::fs::copy(changed, dir.path().join("avdelningar/forskola.xlsx")).unwrap();
    let second = wait_for("byggt på");
    let _ = child.kill();
    let _ = child.wait();
    assert!(second.iter().any(|l| l == "ändrat: avdelningar/forskola.xlsx"), "{second:?}");
    let after = std::fs::read(dir.path().join("ut/plan.pdf")).unwrap();
    assert!(before != after);
    assert!(crate::util::pdf_text(&dir.path().join("ut/plan.pdf"), None).contains("Ett ändrat mål"));
    // The warm build writes what a fresh `bygg` writes.
    let o = run_in(dir.path(), &["bygg", "plan.toml", "-o", "ny"]);
    assert!(o.status.success());
    assert!(std::fs::read(dir.path().join("ny/plan.pdf")).unwrap() == after, "watch build differs from bygg");
}

/// The browser test: real headless Chromium through chromedriver.
pub mod browser {
    use std::path::Path;
    use std::process::{Child, Command, Stdio};
    use std::time::{Duration, Instant};

    use fantoccini::{Client, ClientBuilder, Locator};

    use super::{Server, department_workbook, edit_workbook, project};
    use crate::util::{root, tempdir};

    /// Whether chromedriver is installed (CI installs it; elsewhere the
    /// browser tests are skipped, saying so).
    pub fn available() -> bool {
        let there = Path::new("/usr/bin/chromedriver").exists();
        if !there {
            assert!(std::env::var_os("CI").is_none(), "CI installs chromium-driver (.ci/run)");
            eprintln!("chromedriver is not installed; the browser test is skipped");
        }
        there
    }

    pub struct Driver(Child);

    impl Drop for Driver {
        fn drop(&mut self) {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }

    fn free_port() -> u16 {
        std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
    }

    /// Starts chromedriver on a free port and connects. The port is free
    /// when chosen but may be taken before chromedriver binds it (a server
    /// of a test running beside this one): a chromedriver that exits is
    /// started again on another port.
    pub async fn connect(downloads: &Path) -> (Driver, Client) {
        let caps = serde_json::json!({
            "goog:chromeOptions": {
                "binary": "/usr/bin/chromium",
                "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,1400", "--lang=sv-SE"],
                "prefs": {
                    "download.default_directory": downloads.display().to_string(),
                    "download.prompt_for_download": false,
                    "download.directory_upgrade": true,
                    "safebrowsing.enabled": false
                }
            }
        });
        let serde_json::Value::Object(caps) = caps else { unreachable!() };
        let deadline = Instant::now() + Duration::from_mins(1);
        'port: loop {
            let port = free_port();
            let mut driver = Driver(
                Command::new("/usr/bin/chromedriver")
                    .arg(format!("--port={port}"))
                    .stdout(Stdio::null())
                    .stderr(Stdio::null())
                    .spawn()
                    .expect("chromedriver starts"),
            );
            loop {
                // Exited (the port was taken): another port.
                if driver.0.try_wait().ok().flatten().is_some() {
                    assert!(Instant::now() < deadline, "chromedriver does not stay up");
                    continue 'port;
                }
                let connector = hyper_util::client::legacy::connect::HttpConnector::new();
                match ClientBuilder::new(connector)
                    .capabilities(caps.clone())
                    .connect(&format!("http://127.0.0.1:{port}"))
                    .await
                {
                    Ok(client) => return (driver, client),
                    Err(e) if Instant::now() > deadline => panic!("chromedriver: {e}"),
                    Err(_) => tokio::time::sleep(Duration::from_millis(200)).await,
                }
            }
        }
    }

    /// Waits until `script` (a JavaScript expression) is true.
    pub async fn until(client: &Client, script: &str, what: &str) {
        let deadline = Instant::now() + Duration::from_secs(90);
        loop {
            let v = client.execute(&format!("return !!({script});"), vec![]).await.unwrap();
            if v.as_bool() == Some(true) {
                return;
            }
            if Instant::now() > deadline {
                let text = client.execute("return document.body.innerText;", vec![]).await.unwrap();
                panic!("timed out waiting for {what}; the page says:\n{}", text.as_str().unwrap_or(""));
            }
            tokio::time::sleep(Duration::from_millis(150)).await;
        }
    }

    pub async fn text(client: &Client, css: &str) -> String {
        client.find(Locator::Css(css)).await.unwrap().text().await.unwrap()
    }

    async fn screenshot(client: &Client, name: &str) {
        // PLANRAPPORT_SKARMBILDER=DIR keeps the page's pictures (the README's comes from here).
        if let Some(dir) = std::env::var_os("PLANRAPPORT_SKARMBILDER") {
            let png = client.screenshot().await.unwrap();
            std::fs::write(Path::new(&dir).join(name), png).unwrap();
        }
    }

    #[test]
    fn a_person_checks_builds_downloads_and_follows_a_project_in_chromium() {
        if !available() {
            return;
        }
        let dir = tempdir();
        let downloads = tempdir();
        let work = tempdir();
        let good = department_workbook(work.path(), "forskola", "Förskola", "Mål för Förskola");
        let broken = work.path().join("trasig.xlsx");
        edit_workbook(&good, &broken, ">Utveckla<", ">Utvekla<");
        let plan = root().join("data/hagersten-alvsjo.xlsx");
        let server = Server::start(dir.path(), &[]);
        let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
        runtime.block_on(async {
            let (_driver, client) = connect(downloads.path()).await;
            client.goto(&server.url("/")).await.unwrap();
            assert_eq!(client.execute("return document.documentElement.lang;", vec![]).await.unwrap(), "sv");
            // The file field is labelled, and reached from the keyboard.
            let label = text(&client, "label[for=filer]").await;
            assert!(label.starts_with("Välj filer"), "{label}");
            client.find(Locator::Css("#filer")).await.unwrap().send_keys(plan.to_str().unwrap()).await.unwrap();
            until(&client, "document.querySelector('.sidor img') && document.querySelector('.sidor img').complete && document.querySelector('.sidor img').naturalWidth > 100", "the preview").await;
            let status = text(&client, "#status").await;
            assert_eq!(status, "Klart: 1 dokument byggdes utan fel.");
            let pages: u64 = client
                .execute("return document.querySelectorAll('.sidor img').length;", vec![])
                .await
                .unwrap()
                .as_u64()
                .unwrap();
            assert!(pages > 5);
            screenshot(&client, "webb-forhandsvisning.png").await;
            // Download the PDF as a person does: the button.
            client.find(Locator::LinkText("Ladda ner PDF")).await.unwrap().click().await.unwrap();
            let pdf = downloads.path().join("hagersten-alvsjo.pdf");
            let deadline = Instant::now() + Duration::from_mins(1);
            while !(pdf.exists() && std::fs::read(&pdf).is_ok_and(|b| b.ends_with(b"%%EOF\n") || b.ends_with(b"%%EOF"))) {
                assert!(Instant::now() < deadline, "the PDF was not downloaded");
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
            let text_of_pdf = crate::util::pdf_text(&pdf, None);
            assert!(text_of_pdf.contains("Kompetensförsörjningsplan") || text_of_pdf.contains("kompetensförsörjning"), "PDF text");
            assert_eq!(crate::util::page_sizes(&pdf).len() as u64, pages);

            // A broken workbook: its problem with the cell.
            client.goto(&server.url("/")).await.unwrap();
            client.find(Locator::Css("#filer")).await.unwrap().send_keys(broken.to_str().unwrap()).await.unwrap();
            until(&client, "[...document.querySelectorAll('.problem pre')].some(p => p.textContent.includes('trasig.xlsx [Förskola]!A5'))", "the problem").await;
            let problem = text(&client, ".problem pre").await;
            assert!(problem.starts_with("fel: okänd fas \"Utvekla\""), "{problem}");
            assert_eq!(text(&client, "#status").await, "Klart: 1 fel hittades i trasig.xlsx.");
            screenshot(&client, "webb-fel.png").await;
            // Focus is visible: the focused button has an outline.
            client.execute("document.querySelector('#filer-form button').focus();", vec![]).await.unwrap();
            let outline = client
                .execute("return getComputedStyle(document.activeElement).outlineStyle;", vec![])
                .await
                .unwrap();
            assert!(outline == "solid" || outline == "auto", "{outline}");
            client.close().await.unwrap();
        });
        drop(server);

        // A project folder: the page follows it.
        let folder = tempdir();
        project(folder.path(), &[("forskola", "Förskola")], &["Förskola", "Ekonomi"]);
        let server = Server::start(folder.path(), &["."]);
        runtime.block_on(async {
            let (_driver, client) = connect(downloads.path()).await;
            client.goto(&server.url("/")).await.unwrap();
            until(&client, "document.querySelector('#inlamning-rubrik').textContent.startsWith('1 av 2 avdelningar har lämnat in')", "the hand-in state").await;
            assert_eq!(text(&client, "#inlamning-rubrik").await, "1 av 2 avdelningar har lämnat in – saknas: Ekonomi");
            until(&client, "document.querySelector('#projekt .sidor img') && document.querySelector('#projekt .sidor img').naturalWidth > 100", "the project preview").await;
            screenshot(&client, "webb-projekt.png").await;
            // Ekonomi saves its workbook into the folder; nobody reloads the page.
            let ekonomi = department_workbook(work.path(), "ekonomi", "Ekonomi", "Mål för ekonomi");
            std::fs::copy(ekonomi, folder.path().join("avdelningar/ekonomi.xlsx")).unwrap();
            until(&client, "document.querySelector('#inlamning-rubrik').textContent === '2 av 2 avdelningar har lämnat in'", "the page to follow the folder").await;
            let changed = text(&client, "#projekt-andrat").await;
            assert!(changed.starts_with("Ändrat: avdelningar/ekonomi.xlsx"), "{changed}");
            client.close().await.unwrap();
        });
    }
}

#[test]
fn a_hand_in_is_never_written_outside_the_project_folder() {
    let dir = tempdir();
    let outside = dir.path().join("utanfor");
    std::fs::create_dir_all(&outside).unwrap();
    let work = tempdir();
    let book = std::fs::read(department_workbook(work.path(), "forskola", "Förskola", "Mål")).unwrap();
    let cases: [(&str, &str); 3] = [
        ("mapp", "[dokument]\ntitel = \"Plan\"\ndatum = 2025-01-15\n[filer]\nmapp = \"../utanfor\"\n"),
        (
            "fil",
            "[dokument]\ntitel = \"Plan\"\ndatum = 2025-01-15\n[[avdelning]]\nnamn = \"Förskola\"\nfil = \"../utanfor/forskola.xlsx\"\n",
        ),
        ("link", "[dokument]\ntitel = \"Plan\"\ndatum = 2025-01-15\n[filer]\nmapp = \"avdelningar\"\n"),
    ];
    for (case, plan) in cases {
        let folder = dir.path().join(format!("projekt-{case}"));
        std::fs::create_dir_all(&folder).unwrap();
        std::fs::write(folder.join("plan.toml"), plan).unwrap();
        if case == "link" {
            #[cfg(unix)]
            std::os::unix::fs::symlink(&outside, folder.join("avdelningar")).unwrap();
            #[cfg(not(unix))]
            continue;
        }
        let server = Server::start(dir.path(), &[&format!("projekt-{case}")]);
        let r = post_files(&server, "/api/lamna-in", &[("fil", Some("forskola.xlsx"), &book)], &[]);
        assert_eq!(r.status, 400, "{case}: {}", String::from_utf8_lossy(&r.body));
        assert!(
            r.json()["fel"].as_str().unwrap().contains("ligger utanför projektmappen; inget lämnades in"),
            "{case}: {}",
            r.json()
        );
        assert_eq!(std::fs::read_dir(&outside).unwrap().count(), 0, "{case}: written outside");
    }
}
