//! Round trips: `konvertera` between TOML and xlsx keeps the document. Every
//! bundled example of every kind survives TOML → xlsx → TOML; and generated
//! documents full of Typst syntax, quotes, backslashes and Swedish letters
//! give the same model through TOML → xlsx → TOML and xlsx → TOML → xlsx.

use std::fmt::Write as _;
use std::path::Path;

use planrapport::pipeline::{Document, convert, load};

use crate::util::{Rng, root, tempdir};

fn model(path: &Path) -> Document {
    load(path).map_err(|e| format!("{}: {:?}", path.display(), e.items)).unwrap().document
}

fn same(a: &Document, b: &Document) -> bool {
    match (a, b) {
        (Document::Plan(x), Document::Plan(y)) => x == y,
        (Document::FollowUp(x), Document::FollowUp(y)) => x == y,
        (Document::Report(x), Document::Report(y)) => x == y,
        (Document::Deck(x), Document::Deck(y)) => x == y,
        _ => false,
    }
}

/// TOML → xlsx → TOML, and the xlsx → TOML → xlsx leg from the xlsx made.
fn round_trip(dir: &Path, toml_in: &Path, name: &str) {
    let a = model(toml_in);
    let xlsx = dir.join(format!("{name}.xlsx"));
    convert(toml_in, &xlsx).map_err(|e| format!("{name} → xlsx: {:?}", e.items)).unwrap();
    let b = model(&xlsx);
    assert!(same(&a, &b), "{name}: TOML → xlsx changed the document:\n{a:#?}\n---\n{b:#?}");
    let toml_out = dir.join(format!("{name}-igen.toml"));
    convert(&xlsx, &toml_out).map_err(|e| format!("{name} → toml: {:?}", e.items)).unwrap();
    let c = model(&toml_out);
    assert!(same(&a, &c), "{name}: xlsx → TOML changed the document");
    let xlsx2 = dir.join(format!("{name}-igen.xlsx"));
    convert(&toml_out, &xlsx2).map_err(|e| format!("{name} → xlsx igen: {:?}", e.items)).unwrap();
    assert!(same(&b, &model(&xlsx2)), "{name}: xlsx → TOML → xlsx changed the document");
}

#[test]
fn every_bundled_example_survives_a_round_trip() {
    let dir = tempdir();
    for name in [
        "hagersten-alvsjo",
        "leanlink-uppfoljning",
        "trelleborg-dr1-2023",
        "trelleborg-dr2-2023",
        "vaxjo-kompetensforum",
    ] {
        round_trip(dir.path(), &root().join(format!("data/{name}.toml")), name);
    }
}

impl Rng {
    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[self.below(xs.len())]
    }

    /// Text that is data, not markup: Typst syntax, quotes, backslashes,
    /// Swedish letters, TOML and Excel specials. One line unless `lines`.
    fn data_text(&mut self, lines: bool) -> String {
        const PIECES: [&str; 34] = [
            "Mål",
            "åtgärd",
            "Ökad",
            "kvalitet",
            "#set page(width: 1cm)",
            "*fet*",
            "$x^2$",
            "<etikett>",
            "@ref",
            "]",
            "[",
            "//",
            "/* */",
            "\\",
            "\"citat\"",
            "'",
            "`kod`",
            "_under_",
            "~",
            "=",
            "{",
            "}",
            "1,5",
            "97 100",
            "15 %",
            "&",
            "<b>",
            "#",
            "+",
            "…",
            "–",
            "\u{a0}",
            "é",
            "naïve",
        ];
        let mut s = self.pick(&["Text", "Mål", "Plan", "Insats"]).to_string();
        for _ in 0..=self.below(6) {
            s.push(' ');
            s.push_str(self.pick(&PIECES));
            if lines && self.below(5) == 0 {
                s.push_str("\n\n");
                s.push_str(self.pick(&["Stycke", "Nästa", "Sedan"]));
            }
        }
        s
    }
}

fn q(s: &str) -> String {
    planrapport::export::toml_out::quote(s)
}

fn random_plan(rng: &mut Rng) -> String {
    let phases = ["Utveckla", "Behålla", "Attrahera", "Rekrytera", "Introducera", "Avsluta"];
    let deadlines =
        ["2023", "Dec 2022", "Kontinuerligt", "2023-06-30", "VT 2024", "När budgeten tillåter", "2021–2023"];
    let mut s = format!(
        "[dokument]\ntitel = {}\norganisation = {}\ndatum = 2024-02-01\n\n[[kapitel]]\nrubrik = {}\ntext = {}\n",
        q(&rng.data_text(false)),
        q(&rng.data_text(false)),
        q(&rng.data_text(false)),
        q(&rng.data_text(true))
    );
    for d in 0..=rng.below(3) {
        let _ = write!(
            s,
            "\n[[avdelning]]\nnamn = {}\nansvarig_chef = {}\n",
            q(&format!("Avdelning {d} {}", rng.data_text(false))),
            q(&rng.data_text(false))
        );
        for _ in 0..=rng.below(5) {
            let activities: Vec<String> = (0..=rng.below(3)).map(|_| q(&rng.data_text(false))).collect();
            let owners: Vec<String> = (0..=rng.below(2)).map(|_| q(&rng.data_text(false))).collect();
            let _ = write!(
                s,
                "\n[[avdelning.rad]]\nfas = {}\nmal = {}\naktiviteter = [{}]\nmaldatum = {}\nansvariga = [{}]\nresurser = {}\nuppfoljning = {}\n",
                q(rng.pick(&phases)),
                q(&rng.data_text(false)),
                activities.join(", "),
                q(rng.pick(&deadlines)),
                owners.join(", "),
                q(&rng.data_text(false)),
                q(&rng.data_text(false)),
            );
        }
    }
    s
}

fn random_followup(rng: &mut Rng) -> String {
    let statuses = [
        "Genomfört",
        "Klart",
        "pågår",
        "Pågående",
        "Startat och pågår",
        "Ej påbörjat",
        "Skjuts till 2024",
        "Pågår inom ÄO",
    ];
    let ends = ["23-12-31", "2023", "Kontinuerligt", "2024-06-30", ""];
    let mut s = format!(
        "[dokument]\ntyp = \"uppfoljning\"\ntitel = {}\ndatum = 2023-04-20\nper = 2023-03-31\n",
        q(&rng.data_text(false))
    );
    if rng.below(2) == 0 {
        let _ = write!(s, "\n[uppdrag]\nrubrik = {}\ntext = {}\n", q(&rng.data_text(false)), q(&rng.data_text(true)));
        for _ in 0..=rng.below(3) {
            let _ = write!(
                s,
                "[[uppdrag.rad]]\nuppdrag = {}\nstatus = {}\nkommentar = {}\n",
                q(&rng.data_text(false)),
                q(rng.pick(&statuses)),
                q(&rng.data_text(false))
            );
        }
    }
    for p in 0..=rng.below(3) {
        let _ = write!(s, "\n[[perspektiv]]\nnamn = {}\n", q(&format!("Perspektiv {p}")));
        for g in 0..=rng.below(2) {
            let _ = write!(s, "[[perspektiv.mal]]\nnamn = {}\n", q(&format!("Mål {p}.{g} {}", rng.data_text(false))));
            for c in 0..=rng.below(2) {
                let _ = write!(
                    s,
                    "[[perspektiv.mal.namndmal]]\nrubrik = {}\nbeskrivning = {}\n",
                    q(&format!("Nämndmål {p}.{g}.{c} {}", rng.data_text(false))),
                    q(&rng.data_text(false))
                );
                for a in 0..=rng.below(3) {
                    let _ = write!(
                        s,
                        "[[perspektiv.mal.namndmal.aktivitet]]\ntext = {}\nslutdatum = {}\nansvarig = [{}]\n",
                        q(&format!("Aktivitet {a} {}", rng.data_text(false))),
                        q(rng.pick(&ends)),
                        q(&rng.data_text(false))
                    );
                    if rng.below(4) == 0 {
                        for unit in ["ÄO", "LSS"] {
                            let _ = write!(
                                s,
                                "[[perspektiv.mal.namndmal.aktivitet.enhet]]\nnamn = {}\nstatus = {}\nkommentar = {}\n",
                                q(unit),
                                q(rng.pick(&statuses)),
                                q(&rng.data_text(false))
                            );
                        }
                    } else {
                        let _ = write!(
                            s,
                            "status = {}\nkommentar = {}\n",
                            q(rng.pick(&statuses)),
                            q(&rng.data_text(false))
                        );
                    }
                }
            }
        }
    }
    s
}

fn random_report(rng: &mut Rng) -> String {
    let phases = ["Attrahera", "Rekrytera", "Utveckla", "Behålla", "Avveckla"];
    let statuses = ["Pågår", "Genomförd", "Ej påbörjad", "Försenad", "Klart"];
    let mut s = format!(
        "[dokument]\ntyp = \"delarsrapport\"\ntitel = {}\nrapport = \"DR2\"\nar = 2023\ndatum = 2023-08-31\n\n[[kapitel]]\nrubrik = {}\ntext = {}\n",
        q(&rng.data_text(false)),
        q(&rng.data_text(false)),
        q(&rng.data_text(true))
    );
    for i in 0..=rng.below(4) {
        let _ = write!(
            s,
            "\n[[insats]]\nfas = {}\nnamn = {}\nstatus = {}\nsyfte = {}\ngenomfort = {}\nkommentar = {}\n",
            q(rng.pick(&phases)),
            q(&format!("Insats {i} {}", rng.data_text(false))),
            q(rng.pick(&statuses)),
            q(&rng.data_text(true)),
            q(&rng.data_text(false)),
            q(&rng.data_text(false))
        );
        for k in 0..rng.below(3) {
            let _ = write!(
                s,
                "[[insats.mal]]\nindikator = {}\nenhet = \"st\"\n",
                q(&format!("Indikator {k} {}", rng.data_text(false)))
            );
            let baseline = rng.below(2) == 0;
            if baseline {
                let _ = write!(s, "utgangslage_ar = 2019\nutgangslage = {}\n", 100 + rng.below(200));
            }
            for year in 2022..2022 + i32::try_from(rng.below(3)).unwrap() {
                let _ = write!(s, "[[insats.mal.ar]]\nar = {year}\n");
                if baseline {
                    let _ = writeln!(s, "okning = {}", 5 + rng.below(30));
                } else {
                    let _ = writeln!(s, "mal = {}", 1 + rng.below(50));
                }
                let _ = writeln!(s, "maltext = {}", q(&rng.data_text(false)));
                if rng.below(2) == 0 {
                    let _ = write!(s, "resultat = {}\nresultattext = {}\n", rng.below(400), q(&rng.data_text(false)));
                } else {
                    s.push_str("resultattext = \"Resultat ej fastställt än.\"\n");
                }
            }
        }
    }
    s
}

fn random_deck(rng: &mut Rng) -> String {
    let mut s = format!(
        "[dokument]\ntyp = \"presentation\"\ntitel = {}\ndatum = 2024-03-01\nfarg = \"#005a9c\"\n",
        q(&rng.data_text(false))
    );
    for n in 0..=rng.below(5) {
        let kind = rng.pick(&["innehall", "innehall", "innehall", "avsnitt", "titel"]);
        let _ =
            write!(s, "\n[[bild]]\ntyp = \"{kind}\"\nrubrik = {}\n", q(&format!("Bild {n} {}", rng.data_text(false))));
        if kind != "innehall" {
            continue;
        }
        for _ in 0..=rng.below(8) {
            match rng.below(6) {
                0 => {
                    let _ = write!(s, "[[bild.punkt]]\ntext = {}\n", q(&rng.data_text(false)));
                }
                1 => {
                    let _ = write!(s, "[[bild.stycke]]\ntext = {}\n", q(&rng.data_text(true)));
                }
                2 => {
                    let _ = write!(
                        s,
                        "[[bild.tal]]\nvarde = {}\ntext = {}\n",
                        rng.below(200_000),
                        q(&rng.data_text(false))
                    );
                }
                3 => {
                    let _ = write!(
                        s,
                        "[[bild.grupp]]\nnamn = {}\nroller = [{}, {}]\ntext = {}\n",
                        q(&rng.data_text(false)),
                        q(&rng.data_text(false)),
                        q(&rng.data_text(false)),
                        q(&rng.data_text(false))
                    );
                }
                4 => {
                    let _ = write!(
                        s,
                        "[[bild.handelse]]\nrubrik = {}\nnar = {}\ntext = {}\n",
                        q("Start"),
                        2000 + rng.below(30),
                        q(&rng.data_text(false))
                    );
                }
                _ => {
                    let _ = write!(
                        s,
                        "[[bild.talare]]\nnamn = {}\nroll = {}\n",
                        q(&rng.data_text(false)),
                        q(&rng.data_text(false))
                    );
                }
            }
        }
    }
    s
}

#[test]
fn generated_documents_survive_round_trips() {
    let dir = tempdir();
    let cases = 24;
    for case in 0..cases {
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ (case + 1));
        let plan = dir.path().join(format!("plan-{case}.toml"));
        std::fs::write(&plan, random_plan(&mut rng)).unwrap();
        round_trip(dir.path(), &plan, &format!("plan-{case}"));
        let followup = dir.path().join(format!("uppf-{case}.toml"));
        std::fs::write(&followup, random_followup(&mut rng)).unwrap();
        round_trip(dir.path(), &followup, &format!("uppf-{case}"));
        let report = dir.path().join(format!("dr-{case}.toml"));
        std::fs::write(&report, random_report(&mut rng)).unwrap();
        round_trip(dir.path(), &report, &format!("dr-{case}"));
        let deck = dir.path().join(format!("deck-{case}.toml"));
        std::fs::write(&deck, random_deck(&mut rng)).unwrap();
        round_trip(dir.path(), &deck, &format!("deck-{case}"));
    }
    println!("{} generated documents round-tripped (every kind, {cases} cases each)", 4 * cases);
}
