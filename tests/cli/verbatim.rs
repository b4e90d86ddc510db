//! Property: any text a user writes — Typst and Markdown syntax, quotes,
//! Unicode the bundled font can show — placed in every text field of a
//! generated document appears verbatim in the PDF's extracted text and in
//! the workbook read back. Nothing is lost, nothing is interpreted.
//! (Narrative `text` fields are Markdown by design, so there the generator
//! leaves out `*` and list markers; control characters are removed and
//! characters the font lacks are named, both with a warning, elsewhere.)

use std::fmt::Write as _;

use calamine::{Reader, open_workbook_auto};

use crate::util::{Rng, pdf_text, run_in, squash, stderr, tempdir};

impl Rng {
    /// A string from Typst syntax and characters the bundled font has.
    fn text(&mut self, markdown_safe: bool) -> String {
        const SYNTAX: [&str; 24] = [
            "#let x = 1",
            "#set page(width: 1cm)",
            "$x^2$",
            "<lbl>",
            "@ref",
            "]",
            "[",
            "//",
            "/*",
            "\\",
            "\"",
            "'",
            "`",
            "_",
            "~",
            "=",
            "{",
            "}",
            "#",
            "<",
            ">",
            "&",
            "%",
            "|",
        ];
        const CHARS: &str = "abcdefghijklmnopqrstuvwxyzåäöÅÄÖéüÉ0123456789 .,:;!?()+-–—’“”«»…€£§°×÷½";
        let chars: Vec<char> = CHARS.chars().collect();
        let mut s = String::from("T");
        for _ in 0..=self.below(8) {
            if self.below(2) == 0 {
                s.push_str(SYNTAX[self.below(SYNTAX.len())]);
            } else {
                for _ in 0..=self.below(6) {
                    s.push(chars[self.below(chars.len())]);
                }
            }
        }
        if markdown_safe {
            s = s.replace('*', "×");
        }
        s.trim().to_string()
    }
}

fn q(s: &str) -> String {
    planrapport::export::toml_out::quote(s)
}

#[test]
fn any_text_in_any_field_prints_verbatim_in_pdf_and_workbook() {
    let cases = 6;
    let mut checked = 0;
    for case in 0..cases {
        let mut rng = Rng(0xA5A5_5A5A_1234_5678 ^ (case + 1));
        let mut fields: Vec<String> = Vec::new();
        let mut t = |rng: &mut Rng, md: bool| {
            let s = rng.text(md);
            fields.push(s.clone());
            s
        };
        let mut src = format!(
            "[dokument]\ntitel = {}\norganisation = {}\nundertitel = {}\nperiod = {}\nversion = {}\ndiarienummer = {}\ndatum = 2024-01-31\n\n[[kapitel]]\nrubrik = {}\ntext = {}\n",
            q(&t(&mut rng, false)),
            q(&t(&mut rng, false)),
            q(&t(&mut rng, false)),
            q(&t(&mut rng, false)),
            q(&t(&mut rng, false)),
            q(&t(&mut rng, false)),
            q(&t(&mut rng, false)),
            q(&t(&mut rng, true)),
        );
        let mut table: Vec<String> = Vec::new();
        let _ = write!(
            src,
            "\n[[avdelning]]\nnamn = {}\nrubrik = {}\nansvarig_chef = {}\ntext = {}\n",
            q(&t(&mut rng, false)),
            q(&t(&mut rng, false)),
            q(&t(&mut rng, false)),
            q(&t(&mut rng, true))
        );
        for _ in 0..3 {
            let row: Vec<String> = (0..6).map(|_| t(&mut rng, false)).collect();
            let _ = write!(
                src,
                "\n[[avdelning.rad]]\nfas = \"Utveckla\"\nmal = {}\naktiviteter = [{}, {}]\nmaldatum = {}\nansvariga = [{}]\nresurser = {}\n",
                q(&row[0]),
                q(&row[1]),
                q(&row[2]),
                q(&row[3]),
                q(&row[4]),
                q(&row[5])
            );
            table.extend(row);
        }
        let dir = tempdir();
        std::fs::write(dir.path().join("plan.toml"), &src).unwrap();
        let o = run_in(dir.path(), &["bygg", "plan.toml", "-o", "ut"]);
        assert!(o.status.success(), "case {case}: {}\n{src}", stderr(&o));
        let pdf = squash(&pdf_text(&dir.path().join("ut/plan.pdf"), None));
        for f in &fields {
            assert!(pdf.contains(&squash(f)), "case {case}: {f:?} is not verbatim in the PDF");
            checked += 1;
        }
        // The workbook holds the table's fields exactly.
        let mut book = open_workbook_auto(dir.path().join("ut/plan.xlsx")).unwrap();
        let names = book.sheet_names();
        let mut cells = String::new();
        for name in names {
            let range = book.worksheet_range(&name).unwrap();
            for row in range.rows() {
                for c in row {
                    cells.push_str(&c.to_string());
                    cells.push('\n');
                }
            }
        }
        for f in &table {
            assert!(cells.contains(f.as_str()), "case {case}: {f:?} is not in the workbook");
            checked += 1;
        }
    }
    println!("{checked} generated texts checked verbatim in PDF and workbook ({cases} documents)");
}
