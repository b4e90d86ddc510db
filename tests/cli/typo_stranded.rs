//! No stranded rows (issue 16, item 4): no table row or change entry stands
//! alone on a page — a page whose only part of a table is one body row under
//! the repeated header, the last row of a table alone at the top of a page,
//! or the first alone at the foot of one. Read from the laid-out document,
//! not from its text: Typst tags every table cell it lays out (for the PDF's
//! tag tree) with its row and kind (header or body), and the parts of a cell
//! broken across pages are groups whose logical parent is that cell. So each
//! body row's part on each page, with its extent, is known exactly.
//!
//! A row alone on a page is allowed only where it is big: it continues from
//! the page before and onto the next (a row longer than a page), goes on to
//! the next page from a part of at least a quarter of the body, or fills at
//! least half the page's body (a long row, not a stray one). The parts of a
//! plan row set as several rows (`action-rows` in `templates/lib.typ`) count
//! as that one row.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::path::Path;

use planrapport::pipeline::{layout, load, typst_source};
use planrapport::render::Templates;
use planrapport::typeset::PagedDocument;
use typst::foundations::Smart;
use typst::introspection::{Location, Tag};
use typst::layout::{Frame, FrameItem, Point, Transform};
use typst::model::{TableCell, TableElem};
use typst::pdf::TableCellKind;

use crate::util::{root, run_in, stderr, tempdir};

/// A body row's part on one page: where its text and cells begin and end.
#[derive(Debug, Clone, Copy)]
struct Part {
    top: f64,
    bottom: f64,
}

/// Per table (in document order): its body rows, per row its parts by page.
type Rows = Vec<BTreeMap<usize, BTreeMap<usize, Part>>>;

#[derive(Default)]
struct Walk {
    tables: HashMap<Location, usize>,
    open: Vec<Location>,
    // A cell's table, row and whether it is a body (data) cell.
    cells: HashMap<Location, (usize, usize, bool)>,
    rows: Rows,
    // Rows that continue the row before them: the parts of a plan row too
    // long for a page (`planrad-ID-K`, K > 0, in their first cell).
    continuing: Vec<(usize, usize)>,
}

impl Walk {
    fn mark(&mut self, cell: Option<Location>, page: usize, top: f64, bottom: f64) {
        let Some(&(table, y, true)) = cell.as_ref().and_then(|c| self.cells.get(c)) else { return };
        let part = self.rows[table].entry(y).or_default().entry(page).or_insert(Part { top, bottom });
        part.top = part.top.min(top);
        part.bottom = part.bottom.max(bottom);
    }

    fn frame(&mut self, frame: &Frame, ts: Transform, page: usize, mut cell: Option<Location>) {
        for (pos, item) in frame.items() {
            let here = ts.pre_concat(Transform::translate(pos.x, pos.y));
            let at = Point::zero().transform(here).y.to_pt();
            match item {
                FrameItem::Group(g) => {
                    let inner = g.parent.as_ref().map(|p| p.location).filter(|l| self.cells.contains_key(l)).or(cell);
                    self.frame(&g.frame, here.pre_concat(g.transform), page, inner);
                }
                FrameItem::Text(t) => {
                    let size = t.size.to_pt();
                    self.mark(cell, page, at - size * 0.8, at + size * 0.2);
                }
                FrameItem::Shape(s, _) => self.mark(cell, page, at, at + s.bbox(false).max.y.to_pt()),
                FrameItem::Image(_, size, _) => self.mark(cell, page, at, at + size.y.to_pt()),
                FrameItem::Tag(Tag::Start(elem, _)) => {
                    let Some(loc) = elem.location() else { continue };
                    if let Some(l) = elem.label()
                        && let Some(k) =
                            l.resolve().as_str().strip_prefix("planrad-").and_then(|r| r.rsplit('-').next())
                        && k != "0"
                        && let Some(&(table, y, _)) = cell.as_ref().and_then(|c| self.cells.get(c))
                    {
                        self.continuing.push((table, y));
                    }
                    if elem.to_packed::<TableElem>().is_some() {
                        self.tables.insert(loc, self.rows.len());
                        self.rows.push(BTreeMap::new());
                        self.open.push(loc);
                    } else if let Some(c) = elem.to_packed::<TableCell>()
                        && let Some(&table) = self.open.last().and_then(|t| self.tables.get(t))
                    {
                        let y = c.y.as_option().and_then(Smart::custom).unwrap_or(0);
                        let body = matches!(c.kind.as_option(), Some(Smart::Custom(TableCellKind::Data)));
                        self.cells.insert(loc, (table, y, body));
                        cell = Some(loc);
                        self.mark(cell, page, at, at);
                    }
                }
                FrameItem::Tag(Tag::End(loc, ..)) => {
                    if self.open.last() == Some(loc) {
                        self.open.pop();
                    }
                    if cell == Some(*loc) {
                        cell = None;
                    }
                }
                _ => {}
            }
        }
    }
}

fn rows_of(document: &PagedDocument) -> (Rows, Vec<f64>) {
    let mut walk = Walk::default();
    let mut heights = Vec::new();
    for (i, page) in document.pages().iter().enumerate() {
        heights.push(page.frame.height().to_pt());
        walk.frame(&page.frame, Transform::identity(), i + 1, None);
    }
    // A continuing row's parts are its row's.
    let mut rows = walk.rows;
    for (table, y) in walk.continuing {
        let Some(parts) = rows[table].remove(&y) else { continue };
        let Some((_, first)) = rows[table].range_mut(..y).next_back() else { continue };
        for (page, p) in parts {
            let part = first.entry(page).or_insert(p);
            part.top = part.top.min(p.top);
            part.bottom = part.bottom.max(p.bottom);
        }
    }
    (rows, heights)
}

// The body's height on a page: the margins of `templates/lib.typ` (2.7 cm
// and 2.4 cm).
fn body_height(page_height: f64) -> f64 {
    page_height - (2.7 + 2.4) / 2.54 * 72.0
}

/// Every stranded row, described: table, row, page, and why.
fn stranded(document: &PagedDocument) -> Vec<String> {
    let (tables, heights) = rows_of(document);
    let mut found = Vec::new();
    for (t, rows) in tables.iter().enumerate() {
        if rows.len() < 2 {
            continue;
        }
        let mut on_page: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for (y, parts) in rows {
            for page in parts.keys() {
                on_page.entry(*page).or_default().push(*y);
            }
        }
        for (page, ys) in &on_page {
            let [y] = ys[..] else { continue };
            let parts = &rows[&y];
            let part = parts[page];
            let body = body_height(heights[page - 1]);
            let high = part.bottom - part.top;
            // Longer than the page, or a long row going on to the next
            // page, or a row that fills the page half.
            let through = parts.contains_key(&(page - 1)) && parts.contains_key(&(page + 1));
            let goes_on = parts.contains_key(&(page + 1)) && high >= 0.25 * body;
            if !through && !goes_on && high < 0.5 * body {
                found.push(format!(
                    "table {t} row {y} alone on page {page} ({:.0} pt high, {} body rows in the table)",
                    part.bottom - part.top,
                    rows.len()
                ));
            }
        }
    }
    found
}

fn laid_out(input: &Path) -> PagedDocument {
    let loaded = load(input).map_err(|e| format!("{:?}", e.items)).unwrap();
    let templates = Templates::built_in();
    let source = typst_source(&loaded.document, &templates).map_err(|e| format!("{:?}", e.items)).unwrap();
    layout(loaded.document.meta(), &source, &templates, input).map_err(|e| format!("{:?}", e.items)).unwrap()
}

/// The document `bygg` writes for `args` (its emitted Typst source laid
/// out with the meta of `input`).
fn built(input: &Path, args: &[&str]) -> PagedDocument {
    let dir = tempdir();
    let emitted = dir.path().join("ut.typ");
    let mut all = vec!["bygg", input.to_str().unwrap(), "--bara-pdf", "-o", dir.path().to_str().unwrap()];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--emit-typst", emitted.to_str().unwrap()]);
    let o = run_in(&root(), &all);
    assert!(o.status.success(), "{}", stderr(&o));
    let source = std::fs::read_to_string(&emitted).unwrap();
    let loaded = load(input).map_err(|e| format!("{:?}", e.items)).unwrap();
    layout(loaded.document.meta(), &source, &Templates::built_in(), input)
        .map_err(|e| format!("{:?}", e.items))
        .unwrap()
}

fn assert_none_stranded(name: &str, document: &PagedDocument) {
    let found = stranded(document);
    assert!(found.is_empty(), "{name}: {found:#?}");
}

#[test]
fn no_bundled_document_strands_a_row() {
    let mut all = Vec::new();
    for name in crate::util::BUNDLED_DOCUMENTS {
        let found = stranded(&laid_out(&root().join("data").join(name)));
        all.extend(found.into_iter().map(|f| format!("{name}: {f}")));
    }
    assert!(all.is_empty(), "{all:#?}");
}

#[test]
fn the_change_chapter_strands_no_entry() {
    let dr2 = root().join("data/trelleborg-dr2-2023.toml");
    let document = built(&dr2, &["--previous", "data/trelleborg-dr1-2023.toml"]);
    assert_none_stranded("DR2 --previous DR1", &document);
}

/// A plan of departments of many rows of varied height, so that page breaks
/// fall everywhere in its tables.
fn large_plan() -> String {
    let mut s =
        String::from("[dokument]\norganisation = \"Testkommunen\"\ntitel = \"Stor plan\"\ndatum = 2024-01-15\n");
    let mut rng = crate::util::Rng(0x5eed);
    for d in 1..=8 {
        let _ = write!(s, "\n[[avdelning]]\nnamn = \"Avdelning {d}\"\n");
        for r in 0..4 + rng.below(9) {
            let activities: Vec<String> = (0..=rng.below(4))
                .map(|a| {
                    format!(
                        "\"Aktivitet {a} för rad {r}: {}\"",
                        "vi ordnar utbildning och handledning ".repeat(1 + rng.below(3))
                    )
                })
                .collect();
            let phase = ["Attrahera", "Rekrytera", "Introducera", "Behålla", "Utveckla", "Avsluta"][rng.below(6)];
            let _ = write!(
                s,
                "\n[[avdelning.rad]]\nfas = \"{phase}\"\nmal = \"Mål {r} för avdelning {d}\"\naktiviteter = [{}]\nmaldatum = \"2024\"\nansvariga = [\"Chef\"]\n",
                activities.join(", ")
            );
        }
    }
    s
}

#[test]
fn a_large_generated_plan_strands_no_row() {
    let dir = tempdir();
    let path = dir.path().join("stor.toml");
    std::fs::write(&path, large_plan()).unwrap();
    assert_none_stranded("large plan", &laid_out(&path));
}

/// A table of `n` body rows of 20 pt under a header of 20 pt, on pages
/// whose body holds the header and six rows.
fn fixed_rows(n: usize) -> PagedDocument {
    let source = format!(
        "#set page(height: 300pt, margin: (top: 2.7cm, bottom: 2.4cm, x: 2cm))\n#table(columns: 2, rows: 20pt, table.header([A], [B]), {})\n",
        (0..n).map(|i| format!("[{i}], [x]")).collect::<Vec<_>>().join(", ")
    );
    let input = root().join("data/hagersten-alvsjo.toml");
    let loaded = load(&input).map_err(|e| format!("{:?}", e.items)).unwrap();
    layout(loaded.document.meta(), &source, &Templates::built_in(), &input)
        .map_err(|e| format!("{:?}", e.items))
        .unwrap()
}

#[test]
fn the_check_finds_a_row_alone_on_a_page() {
    // The rule is not vacuous: of seven rows the seventh stands alone
    // under the repeated header on the second page, and is found; twelve
    // rows (six and six) and six (one page) are fine.
    let found = stranded(&fixed_rows(7));
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].starts_with("table 0 row 7 alone on page 2"), "{found:?}");
    assert_eq!(stranded(&fixed_rows(12)), Vec::<String>::new());
    assert_eq!(stranded(&fixed_rows(6)), Vec::<String>::new());
}

/// The plan of `sparse.rs`: four departments with a chapter each of
/// 12 + 3·d paragraphs and one row each.
fn plan_with_chapters() -> String {
    let mut s = String::from(
        "[dokument]\norganisation = \"Testkommunen\"\ntitel = \"Plan med kapitel\"\ndatum = 2024-01-15\n\n",
    );
    for d in 1..=4 {
        let _ = write!(s, "[[avdelning]]\nnamn = \"Avdelning {d}\"\n");
        let _ = write!(s, "[[avdelning.avsnitt]]\nrubrik = \"Uppgifter för avdelning {d}\"\ntext = \"\"\"\n");
        for p in 0..12 + d * 3 {
            let _ = write!(
                s,
                "Stycke {p}: avdelningen arbetar med rekrytering, introduktion och kompetensutveckling av medarbetare och chefer i alla verksamheter.\n\n"
            );
        }
        s.push_str("\"\"\"\n");
        s.push_str("[[avdelning.rad]]\nfas = \"Utveckla\"\nmal = \"Ett mål\"\naktiviteter = [\"En aktivitet\"]\nmaldatum = \"2024\"\nansvariga = [\"Chef\"]\n");
    }
    s
}

#[test]
fn a_department_heading_goes_with_its_table() {
    // Four one-row departments follow each other on the appendix pages;
    // the third's heading and block once stood at the foot of a page, its
    // table on the next.
    let dir = tempdir();
    let path = dir.path().join("plan.toml");
    std::fs::write(&path, plan_with_chapters()).unwrap();
    let loaded = load(&path).map_err(|e| format!("{:?}", e.items)).unwrap();
    let templates = Templates::built_in();
    let source = typst_source(&loaded.document, &templates).map_err(|e| format!("{:?}", e.items)).unwrap();
    let boxes = planrapport::pipeline::text_boxes(loaded.document.meta(), &source, &templates, &path)
        .map_err(|e| format!("{:?}", e.items))
        .unwrap();
    let pages = boxes.iter().map(|b| b.page).max().unwrap();
    let mut landscape = 0;
    for p in 1..=pages {
        let on: Vec<_> = boxes.iter().filter(|b| b.page == p && b.page_width > b.page_height).collect();
        let Some(h) = on.first().map(|b| b.page_height) else { continue };
        landscape += 1;
        // The lowest line of the body (the footer lies below 2 cm).
        let body: Vec<_> = on.iter().filter(|b| b.y + b.height < h - 2.0 / 2.54 * 72.0).collect();
        let lowest = body.iter().map(|b| b.y).fold(0.0, f64::max);
        let last: String = body.iter().filter(|b| (b.y - lowest).abs() < 1.0).map(|b| b.text.as_str()).collect();
        assert!(
            !last.contains("Handlingsplan") && !last.contains("Ansvarig chef") && !last.contains("Avdelning/Enhet"),
            "page {p} ends with {last:?}"
        );
    }
    assert!(landscape >= 2, "{landscape} appendix pages");
}

#[test]
fn no_line_overlaps_another_in_the_change_chapter() {
    // The change table once overlapped the last line of the paragraph
    // before it (its page marker was a block of no height).
    let dir = tempdir();
    let emitted = dir.path().join("ut.typ");
    let o = run_in(
        &root(),
        &[
            "bygg",
            "data/trelleborg-dr2-2023.toml",
            "--previous",
            "data/trelleborg-dr1-2023.toml",
            "--bara-pdf",
            "-o",
            dir.path().to_str().unwrap(),
            "--emit-typst",
            emitted.to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let input = root().join("data/trelleborg-dr2-2023.toml");
    let loaded = load(&input).map_err(|e| format!("{:?}", e.items)).unwrap();
    let source = std::fs::read_to_string(&emitted).unwrap();
    let boxes = planrapport::pipeline::text_boxes(loaded.document.meta(), &source, &Templates::built_in(), &input)
        .map_err(|e| format!("{:?}", e.items))
        .unwrap();
    let mut found = Vec::new();
    for (i, a) in boxes.iter().enumerate() {
        for b in &boxes[i + 1..] {
            // A line of running text (11 pt) and text below it in its
            // column: the lower begins at least 1.5 pt below the line's
            // descenders (lines are spaced by their leading, 6.8 pt; the
            // overlapped line had 0.45 pt before the table's header, whose
            // fill covered it).
            let across = a.x < b.x + b.width - 0.5 && b.x < a.x + a.width - 0.5;
            let (upper, lower) = if a.y <= b.y { (a, b) } else { (b, a) };
            let gap = lower.y - (upper.y + upper.height);
            if a.page == b.page && across && upper.height >= 10.5 && gap < 1.5 {
                found.push(format!("page {}: {:?} over {:?} ({gap:.1} pt)", a.page, upper.text, lower.text));
            }
        }
    }
    assert!(found.is_empty(), "{found:#?}");
}

#[test]
fn the_interim_report_measures_its_target_tables() {
    // "Kompetenslyft" has a result for 2023 but no target: its Mål column
    // keeps only its header's width (with fixed widths it took a quarter
    // of the table, as wide as Resultat).
    let input = root().join("data/trelleborg-dr2-2023.toml");
    let loaded = load(&input).map_err(|e| format!("{:?}", e.items)).unwrap();
    let templates = Templates::built_in();
    let source = typst_source(&loaded.document, &templates).map_err(|e| format!("{:?}", e.items)).unwrap();
    let boxes = planrapport::pipeline::text_boxes(loaded.document.meta(), &source, &templates, &input)
        .map_err(|e| format!("{:?}", e.items))
        .unwrap();
    let label = boxes.iter().find(|b| b.text.starts_with("Målvärde: Kompetenslyft")).expect("the indicator's label");
    // The table's header under it: År, Mål, Resultat, Bedömning on one line.
    let head = |word: &str| {
        boxes
            .iter()
            .filter(|b| b.page == label.page && b.y > label.y && b.text.trim() == word)
            .min_by(|a, b| a.y.total_cmp(&b.y))
            .unwrap_or_else(|| panic!("no {word} under the label"))
    };
    let (target, result) = (head("Mål"), head("Resultat"));
    let column = result.x - target.x;
    assert!(column < 90.0, "the empty Mål column is {column:.0} pt wide");
}

/// A follow-up of many committee goals with activities of varied length.
fn large_followup() -> String {
    let mut s = String::from(
        "[dokument]\ntyp = \"uppfoljning\"\norganisation = \"Testkommunen\"\ntitel = \"Stor uppföljning\"\ndatum = 2023-04-20\nper = 2023-03-31\n",
    );
    let mut rng = crate::util::Rng(0xf011);
    for p in ["Samhälle", "Medborgare", "Ekonomi", "Medarbetare"] {
        let _ = write!(s, "\n[[perspektiv]]\nnamn = \"{p}\"\n");
        for g in 0..2 {
            let _ = write!(s, "\n[[perspektiv.mal]]\nnamn = \"Mål {g} för {p}\"\n");
            for c in 0..2 + rng.below(3) {
                let _ = write!(s, "\n[[perspektiv.mal.namndmal]]\nrubrik = \"Nämndmål {c}\"\n");
                for a in 0..2 + rng.below(10) {
                    let words = "Vi genomför utbildning och uppföljning i verksamheterna. ".repeat(1 + rng.below(4));
                    let _ = write!(
                        s,
                        "\n[[perspektiv.mal.namndmal.aktivitet]]\ntext = \"Aktivitet {a}: {words}\"\nslutdatum = \"2023-12-31\"\nstatus = \"Pågår\"\nkommentar = \"{}\"\nansvarig = \"Chef\"\n",
                        "Arbetet går enligt plan. ".repeat(rng.below(3))
                    );
                }
            }
        }
    }
    s
}

#[test]
fn a_large_generated_followup_strands_no_row() {
    let dir = tempdir();
    let path = dir.path().join("stor.toml");
    std::fs::write(&path, large_followup()).unwrap();
    let document = laid_out(&path);
    // Its tables do cross pages (else the rule would hold trivially).
    let (tables, _) = rows_of(&document);
    let crossing = tables
        .iter()
        .filter(|rows| {
            let pages: std::collections::BTreeSet<usize> = rows.values().flat_map(|p| p.keys().copied()).collect();
            pages.len() > 1
        })
        .count();
    assert!(crossing >= 3, "{crossing} tables cross a page");
    assert_none_stranded("large follow-up", &document);
}
