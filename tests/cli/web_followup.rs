//! The web page's hand-ins beyond a plan's departments (issue 17): a
//! follow-up's units hand in their workbooks through the page, checked in
//! the project's context, and a document written in one file says it takes
//! no hand-ins instead of offering the button.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::util::{run_in, stderr, tempdir};
use crate::web::{Server, department_workbook, edit_workbook, post_files, project_view, view_after};

/// A unit's follow-up workbook, made with konvertera (one activity, no Enhet).
fn unit_workbook(dir: &Path, file: &str, unit: &str) -> PathBuf {
    let toml = format!(
        "[dokument]\ntyp = \"uppfoljning\"\ntitel = \"Underlag\"\ndatum = 2025-04-20\nper = 2025-03-31\n[[perspektiv]]\nnamn = \"Medborgare\"\n[[perspektiv.mal]]\nnamn = \"Välfärd\"\n[[perspektiv.mal.namndmal]]\nrubrik = \"Vård i centrum\"\n[[perspektiv.mal.namndmal.aktivitet]]\ntext = \"Aktivitet inom {unit}\"\nslutdatum = \"2025-12-31\"\nstatus = \"Pågår\"\nkommentar = \"Kommentar från {unit}\"\nansvarig = \"Chef {unit}\"\n"
    );
    std::fs::write(dir.join(format!("{file}.toml")), toml).unwrap();
    let o = run_in(dir, &["konvertera", &format!("{file}.toml"), &format!("{file}.xlsx")]);
    assert!(o.status.success(), "{}", stderr(&o));
    std::fs::remove_file(dir.join(format!("{file}.toml"))).unwrap();
    dir.join(format!("{file}.xlsx"))
}

/// The same workbook with an unknown status in Aktiviteter!H2 (an error the
/// workbook alone reads, and the project's check refuses).
fn broken_unit_workbook(dir: &Path) -> Vec<u8> {
    let good = unit_workbook(dir, "hel", "Ekonomi");
    let broken = dir.join("trasig.xlsx");
    edit_workbook(
        &good,
        &broken,
        "<c r=\"H2\" s=\"2\" t=\"s\"><v>5</v></c>",
        "<c r=\"H2\" s=\"2\" t=\"inlineStr\"><is><t>Pågåår</t></is></c>",
    );
    std::fs::read(broken).unwrap()
}

/// A follow-up project: `[filer] mapp = "enheter"` with the units `listed`
/// and the workbooks `with` (file, unit) in the folder.
fn followup_project(dir: &Path, with: &[(&str, &str)], listed: &[&str]) {
    std::fs::create_dir_all(dir.join("enheter")).unwrap();
    let work = tempdir();
    for (file, unit) in with {
        std::fs::copy(unit_workbook(work.path(), file, unit), dir.join("enheter").join(format!("{file}.xlsx")))
            .unwrap();
    }
    let mut toml = String::from(
        "[dokument]\ntyp = \"uppfoljning\"\ntitel = \"Uppföljning per mars\"\norganisation = \"Testkommun\"\ndatum = 2025-04-20\nper = 2025-03-31\n\n[filer]\nmapp = \"enheter\"\n",
    );
    for unit in listed {
        let _ = write!(toml, "\n[[enhet]]\nnamn = \"{unit}\"\n");
    }
    std::fs::write(dir.join("uppfoljning.toml"), toml).unwrap();
}

fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> =
        std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    names
}

/// Waits until the hand-in state reads `rubrik`.
fn hand_in_state(server: &Server, rubrik: &str) -> serde_json::Value {
    let deadline = Instant::now() + Duration::from_mins(1);
    let mut view = project_view(server);
    while view["inlamning"]["rubrik"] != rubrik && Instant::now() < deadline {
        view = view_after(server, view["version"].as_u64().unwrap_or(0));
    }
    assert_eq!(view["inlamning"]["rubrik"], rubrik, "{view}");
    view
}

fn refusal(r: &crate::web::Response) -> String {
    let json = r.json();
    format!("fel: {}\ntips: {}", json["fel"].as_str().unwrap(), json["tips"].as_str().unwrap())
}

#[test]
fn a_followup_project_takes_its_units_hand_ins_checked_in_the_projects_context() {
    let dir = tempdir();
    let folder = dir.path().join("projekt");
    followup_project(&folder, &[("lss", "LSS")], &["LSS", "Äldreomsorg", "Ekonomi"]);
    let server = Server::start(dir.path(), &["projekt"]);
    let view = hand_in_state(&server, "1 av 3 enheter har lämnat in");
    assert_eq!(view["inlamning"]["saknas"], serde_json::json!(["Äldreomsorg", "Ekonomi"]));
    assert_eq!(view["inlamning"]["slag"], "enhet");
    assert_eq!(view["inlamning"]["valj"], true, "the unit is chosen on the page");
    assert_eq!(view["inlamning"]["enheter"][0]["fil"], "enheter/lss.xlsx");
    assert!(view["ingen_inlamning"].is_null(), "{view}");
    assert_eq!(view["dokument"]["ok"], true, "built with the gaps marked: {view}");
    let work = tempdir();

    // With errors: refused with the problem and its cell; nothing stored.
    let broken = broken_unit_workbook(work.path());
    let r = post_files(&server, "/api/lamna-in", &[("fil", Some("ekonomi.xlsx"), &broken)], &[]);
    assert_eq!(r.status, 422, "{}", String::from_utf8_lossy(&r.body));
    let json = r.json();
    assert_eq!(json["fel"], "arbetsboken för Ekonomi har fel och lämnades inte in");
    assert_eq!(json["filer"][0]["fil"], "ekonomi.xlsx");
    insta::assert_snapshot!("web_unit_hand_in_problem", json["filer"][0]["problem"][0]["text"].as_str().unwrap());
    // A file named after no unit, with no unit chosen; a unit that is not listed.
    let good = std::fs::read(unit_workbook(work.path(), "underlag", "Äldreomsorg")).unwrap();
    let r = post_files(&server, "/api/lamna-in", &[("fil", Some("underlag.xlsx"), &good)], &[]);
    assert_eq!(r.status, 400, "{}", String::from_utf8_lossy(&r.body));
    insta::assert_snapshot!("web_unit_hand_in_no_unit", refusal(&r));
    let r =
        post_files(&server, "/api/lamna-in", &[("fil", Some("underlag.xlsx"), &good), ("enhet", None, b"Kultur")], &[]);
    assert_eq!(r.status, 400, "{}", String::from_utf8_lossy(&r.body));
    insta::assert_snapshot!("web_unit_hand_in_unknown_unit", refusal(&r));
    // A plan's department workbook is no unit's.
    let plan_book = std::fs::read(department_workbook(work.path(), "ekonomi-plan", "Ekonomi", "Mål")).unwrap();
    let r = post_files(&server, "/api/lamna-in", &[("fil", Some("ekonomi.xlsx"), &plan_book)], &[]);
    assert_eq!(r.status, 400, "{}", String::from_utf8_lossy(&r.body));
    assert!(r.json()["fel"].as_str().unwrap().contains("är ingen enhetsfil för en uppföljning"), "{}", r.json());
    assert_eq!(names_in(&folder.join("enheter")), ["lss.xlsx"]);

    // Concurrent hand-ins: one recognised by its name, one by the unit chosen; both stored whole.
    let ekonomi = std::fs::read(unit_workbook(work.path(), "ekonomi", "Ekonomi")).unwrap();
    std::thread::scope(|s| {
        let a = s.spawn(|| post_files(&server, "/api/lamna-in", &[("fil", Some("ekonomi.xlsx"), &ekonomi)], &[]));
        let b = s.spawn(|| {
            post_files(
                &server,
                "/api/lamna-in",
                &[("fil", Some("underlag.xlsx"), &good), ("enhet", None, "Äldreomsorg".as_bytes())],
                &[],
            )
        });
        let (a, b) = (a.join().unwrap(), b.join().unwrap());
        assert_eq!(a.status, 200, "{}", String::from_utf8_lossy(&a.body));
        assert_eq!(b.status, 200, "{}", String::from_utf8_lossy(&b.body));
        assert_eq!(a.json()["fil"], "enheter/ekonomi.xlsx");
        assert_eq!(b.json()["fil"], "enheter/Äldreomsorg.xlsx");
    });
    assert!(std::fs::read(folder.join("enheter/ekonomi.xlsx")).unwrap() == ekonomi);
    assert!(std::fs::read(folder.join("enheter/Äldreomsorg.xlsx")).unwrap() == good);
    let view = hand_in_state(&server, "3 av 3 enheter har lämnat in");
    assert_eq!(view["dokument"]["ok"], true, "{view}");

    // Another unit's file is not replaced without confirmation.
    let lss = std::fs::read(unit_workbook(work.path(), "lss", "LSS")).unwrap();
    let r = post_files(&server, "/api/lamna-in", &[("fil", Some("lss.xlsx"), &lss), ("enhet", None, b"Ekonomi")], &[]);
    assert_eq!(r.status, 409, "{}", String::from_utf8_lossy(&r.body));
    assert_eq!(r.json()["bekrafta"], true);
    insta::assert_snapshot!("web_unit_hand_in_confirm", refusal(&r));
    assert!(std::fs::read(folder.join("enheter/ekonomi.xlsx")).unwrap() == ekonomi);
    let r = post_files(
        &server,
        "/api/lamna-in",
        &[("fil", Some("lss.xlsx"), &lss), ("enhet", None, b"Ekonomi"), ("bekrafta", None, b"ja")],
        &[],
    );
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    assert_eq!(r.json()["ersatte"], true);
    assert!(std::fs::read(folder.join("enheter/ekonomi.xlsx")).unwrap() == lss);
    // A unit's new version named as the unit replaces its own file, without asking.
    let again = std::fs::read(unit_workbook(work.path(), "LSS", "LSS igen")).unwrap();
    let r = post_files(&server, "/api/lamna-in", &[("fil", Some("LSS.xlsx"), &again)], &[]);
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    assert_eq!(r.json()["fil"], "enheter/lss.xlsx");
    assert!(std::fs::read(folder.join("enheter/lss.xlsx")).unwrap() == again);
    assert_eq!(
        names_in(&folder.join("enheter")),
        [".planrapport.lock", "ekonomi.xlsx", "lss.xlsx", "Äldreomsorg.xlsx"]
    );
    assert_eq!(names_in(&folder), ["enheter", "uppfoljning.toml"]);
}

#[test]
fn a_followup_of_unit_files_without_a_unit_list_takes_each_file_as_a_unit() {
    let dir = tempdir();
    followup_project(dir.path(), &[("lss", "LSS")], &[]);
    let server = Server::start(dir.path(), &["."]);
    let view = hand_in_state(&server, "1 av 1 enheter har lämnat in");
    assert_eq!(view["inlamning"]["enheter"][0]["namn"], "lss");
    let work = tempdir();
    let ekonomi = std::fs::read(unit_workbook(work.path(), "ekonomi", "Ekonomi")).unwrap();
    let r = post_files(&server, "/api/lamna-in", &[("fil", Some("ekonomi.xlsx"), &ekonomi)], &[]);
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    assert_eq!(r.json()["fil"], "enheter/ekonomi.xlsx");
    hand_in_state(&server, "2 av 2 enheter har lämnat in");
}

#[test]
fn a_document_written_in_one_file_says_it_takes_no_hand_ins() {
    let dir = tempdir();
    let work = tempdir();
    let book = std::fs::read(unit_workbook(work.path(), "ekonomi", "Ekonomi")).unwrap();
    let mut shown = String::new();
    for kind in ["delarsrapport", "presentation", "uppfoljning", "plan"] {
        let o = run_in(dir.path(), &["ny", kind, kind]);
        assert!(o.status.success(), "{}", stderr(&o));
        let server = Server::start(dir.path(), &[kind]);
        let view = project_view(&server);
        assert!(view["inlamning"].is_null(), "{kind}: {view}");
        let before = names_in(&dir.path().join(kind));
        let r = post_files(&server, "/api/lamna-in", &[("fil", Some("ekonomi.xlsx"), &book)], &[]);
        assert_eq!(r.status, 400, "{kind}: {}", String::from_utf8_lossy(&r.body));
        let _ = write!(shown, "{kind}\nsidan: {}\n{}\n\n", view["ingen_inlamning"].as_str().unwrap(), refusal(&r));
        assert_eq!(names_in(&dir.path().join(kind)), before, "{kind}: nothing written");
    }
    insta::assert_snapshot!("web_no_hand_ins", shown);
}

mod browser {
    use std::path::Path;
    use std::time::Duration;

    use fantoccini::{Client, Locator};

    use super::{broken_unit_workbook, followup_project, hand_in_state, unit_workbook};
    use crate::util::{run_in, tempdir};
    use crate::web::Server;
    use crate::web::browser::{available, connect, text, until};

    async fn hand_in(client: &Client, unit: &str, file: &Path) {
        client
            .execute(
                "const s = document.querySelector('#lamna-enhet'); s.value = arguments[0]; document.querySelector('#lamna-svar').replaceChildren();",
                vec![serde_json::json!(unit)],
            )
            .await
            .unwrap();
        client.find(Locator::Css("#lamna-fil")).await.unwrap().send_keys(file.to_str().unwrap()).await.unwrap();
        client.find(Locator::Css("#lamna-form button[type=submit]")).await.unwrap().click().await.unwrap();
    }

    /// A Chrome `DevTools` command, through chromedriver's `goog/cdp/execute`.
    #[derive(Debug)]
    struct Cdp(serde_json::Value);

    impl fantoccini::wd::WebDriverCompatibleCommand for Cdp {
        fn endpoint(&self, base: &url::Url, session: Option<&str>) -> Result<url::Url, url::ParseError> {
            base.join(&format!("session/{}/goog/cdp/execute", session.unwrap_or_default()))
        }

        fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
            (http::Method::POST, Some(self.0.to_string()))
        }
    }

    #[test]
    fn a_file_chosen_while_the_page_is_still_starting_is_checked() {
        if !available() {
            return;
        }
        let downloads = tempdir();
        let work = tempdir();
        let book = crate::web::department_workbook(work.path(), "forskola", "Förskola", "Mål för Förskola");
        let server = Server::start(work.path(), &[]);
        let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
        runtime.block_on(async {
            let (_driver, client) = connect(downloads.path()).await;
            // The page's first question to the server answers late (a slow
            // machine): the file is chosen before the page has started.
            let slow = "const fetch0 = window.fetch; window.fetch = (url, options) => String(url).includes('/api/lage') ? new Promise(done => setTimeout(() => done(fetch0(url, options)), 2000)) : fetch0(url, options);";
            client
                .issue_cmd(Cdp(serde_json::json!({ "cmd": "Page.addScriptToEvaluateOnNewDocument", "params": { "source": slow } })))
                .await
                .unwrap();
            client.goto(&server.url("/")).await.unwrap();
            client.find(Locator::Css("#filer")).await.unwrap().send_keys(book.to_str().unwrap()).await.unwrap();
            let started = client.execute("return document.querySelector('#status').textContent;", vec![]).await.unwrap();
            assert_eq!(started, "", "the page had started before the file was chosen; the test proves nothing");
            until(&client, "document.querySelector('#status').textContent.startsWith('Klart:')", "the chosen file to be checked").await;
            assert_eq!(text(&client, "#status").await, "Klart: 1 dokument byggdes utan fel.");
            client.close().await.unwrap();
        });
    }

    const RUBRIK: &str = "document.querySelector('#inlamning-rubrik').textContent";

    #[test]
    fn a_unit_hands_in_through_the_page_and_the_page_follows_in_chromium() {
        if !available() {
            return;
        }
        let downloads = tempdir();
        let work = tempdir();
        let broken = work.path().join("ekonomi-trasig.xlsx");
        std::fs::write(&broken, broken_unit_workbook(work.path())).unwrap();
        let ekonomi = unit_workbook(work.path(), "ekonomi", "Ekonomi");
        let kultur = unit_workbook(work.path(), "kultur", "Kultur");
        let folder = tempdir();
        followup_project(folder.path(), &[("lss", "LSS")], &["LSS", "Ekonomi", "Kultur"]);
        let server = Server::start(folder.path(), &["."]);
        let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
        runtime.block_on(async {
            let (_driver, client) = connect(downloads.path()).await;
            client.goto(&server.url("/")).await.unwrap();
            until(&client, &format!("{RUBRIK}.startsWith('1 av 3 enheter har lämnat in')"), "the hand-in state").await;
            assert_eq!(
                text(&client, "#inlamning-rubrik").await,
                "1 av 3 enheter har lämnat in – saknas: Ekonomi, Kultur"
            );
            // The unit is chosen in a labelled list; the button is offered.
            assert_eq!(text(&client, "label[for=lamna-enhet]").await, "Enhet");
            assert_eq!(text(&client, "label[for=lamna-fil]").await, "Enhetens arbetsbok (.xlsx, .ods)");
            let options = client
                .execute(
                    "return [...document.querySelectorAll('#lamna-enhet option')].map(o => o.value).join('|');",
                    vec![],
                )
                .await
                .unwrap();
            assert_eq!(options, "|LSS|Ekonomi|Kultur");

            // A broken workbook: refused, its problem with the cell.
            hand_in(&client, "Ekonomi", &broken).await;
            until(
                &client,
                "document.querySelector('#lamna-svar').textContent.includes('[Aktiviteter]!H2')",
                "the refusal",
            )
            .await;
            let reply = text(&client, "#lamna-svar").await;
            assert!(reply.starts_with("arbetsboken för Ekonomi har fel och lämnades inte in."), "{reply}");
            assert!(reply.contains("okänd status \"Pågåår\""), "{reply}");
            assert_eq!(super::names_in(&folder.path().join("enheter")), ["lss.xlsx"], "nothing stored");

            // From here the first answer about the project is held back until
            // released: an older view arriving late must not replace a newer one.
            client
                .execute(
                    "const fetch0 = window.fetch; window.held = null; window.release = null;
                     window.fetch = async (url, options) => {
                       const r = await fetch0(url, options);
                       if (String(url).includes('/api/projekt') && window.held === null) {
                         window.held = true;
                         return new Promise(done => { window.release = () => done(r); });
                       }
                       return r;
                     };",
                    vec![],
                )
                .await
                .unwrap();
            // The good workbook: stored, the project rebuilt, the page follows.
            hand_in(&client, "Ekonomi", &ekonomi).await;
            until(
                &client,
                "document.querySelector('#lamna-svar').textContent.includes('lämnades in som enheter/ekonomi.xlsx')",
                "the hand-in",
            )
            .await;
            until(&client, "window.release !== null", "the first project answer").await;
            hand_in_state(&server, "2 av 3 enheter har lämnat in");
            // Kultur saves its workbook into the folder; nobody reloads the page.
            std::fs::copy(&kultur, folder.path().join("enheter/kultur.xlsx")).unwrap();
            until(&client, &format!("{RUBRIK} === '3 av 3 enheter har lämnat in'"), "the page to follow the folder")
                .await;
            client.execute("window.release();", vec![]).await.unwrap();
            tokio::time::sleep(Duration::from_secs(1)).await;
            assert_eq!(
                text(&client, "#inlamning-rubrik").await,
                "3 av 3 enheter har lämnat in",
                "an older view replaced the newer"
            );
            client.close().await.unwrap();
        });
        drop(server);

        // An interim report is one file: the page says so and offers no button.
        let dir = tempdir();
        assert!(run_in(dir.path(), &["ny", "delarsrapport", "rapport"]).status.success());
        let server = Server::start(dir.path(), &["rapport"]);
        runtime.block_on(async {
            let (_driver, client) = connect(downloads.path()).await;
            client.goto(&server.url("/")).await.unwrap();
            until(&client, "!document.querySelector('#ingen-inlamning').hidden", "the note").await;
            let note = text(&client, "#ingen-inlamning").await;
            assert!(note.starts_with("Delårsrapporten skrivs i en fil (delarsrapport.toml)"), "{note}");
            let hidden = client.execute("return document.querySelector('#lamna-form').hidden;", vec![]).await.unwrap();
            assert_eq!(hidden, true);
            client.close().await.unwrap();
        });
    }
}
