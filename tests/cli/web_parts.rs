//! The web page's hand-ins go through the kinds' parts (issue 15): a plan
//! project refuses a follow-up unit's workbook as no department's, in its
//! own words, and stores nothing; and the page is told whether the part is
//! chosen on it (a follow-up's unit) or named by the workbook (a plan's
//! department).

use crate::util::{run_in, stderr, tempdir};
use crate::web::{Server, department_workbook, post_files, project, project_view};

#[test]
fn a_plan_project_refuses_a_workbook_of_another_kind_as_no_departments() {
    let dir = tempdir();
    let folder = dir.path().join("projekt");
    project(&folder, &[("ekonomi", "Ekonomi")], &["Ekonomi", "Kultur"]);
    let server = Server::start(dir.path(), &["projekt"]);
    let view = project_view(&server);
    assert_eq!(view["inlamning"]["slag"], "avdelning", "{view}");
    assert_eq!(view["inlamning"]["valj"], false, "{view}");
    let before = std::fs::read_dir(folder.join("avdelningar")).unwrap().count();

    let work = tempdir();
    let toml = "[dokument]\ntyp = \"uppfoljning\"\ntitel = \"Underlag\"\ndatum = 2025-04-20\nper = 2025-03-31\n[[perspektiv]]\nnamn = \"Medborgare\"\n[[perspektiv.mal]]\nnamn = \"Välfärd\"\n[[perspektiv.mal.namndmal]]\nrubrik = \"Vård\"\n[[perspektiv.mal.namndmal.aktivitet]]\ntext = \"Aktivitet\"\nslutdatum = \"2025-12-31\"\nstatus = \"Pågår\"\nansvarig = \"Chef\"\n";
    std::fs::write(work.path().join("kultur.toml"), toml).unwrap();
    let o = run_in(work.path(), &["konvertera", "kultur.toml", "kultur.xlsx"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let unit_book = std::fs::read(work.path().join("kultur.xlsx")).unwrap();
    let r = post_files(&server, "/api/lamna-in", &[("fil", Some("kultur.xlsx"), &unit_book)], &[]);
    assert_eq!(r.status, 400, "{}", String::from_utf8_lossy(&r.body));
    let json = r.json();
    assert_eq!(json["fel"], "\"kultur.xlsx\" är ingen avdelningsfil för en kompetensförsörjningsplan");
    assert_eq!(
        json["tips"],
        "lämna in avdelningens arbetsbok, gjord från mallen (planrapport mall plan, eller Tomma mallar på sidan)"
    );
    assert_eq!(std::fs::read_dir(folder.join("avdelningar")).unwrap().count(), before, "nothing stored");

    // A department's workbook is taken, as the department it names.
    let kultur = std::fs::read(department_workbook(work.path(), "kultur-plan", "Kultur", "Mål")).unwrap();
    let r = post_files(&server, "/api/lamna-in", &[("fil", Some("kultur-plan.xlsx"), &kultur)], &[]);
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    assert_eq!(r.json()["fil"], "avdelningar/kultur-plan.xlsx");
}
