//! Reading a plan: its workbook (department sheets, Dokument, Text) with
//! the TOML file beside it; its TOML tables are walked in `load::toml`.

use std::path::Path;

use toml::de::{DeTable, DeValue};

use crate::diag::{Diagnostic, Diagnostics, Loc, Origin, nearest};
use crate::load::sheet::{
    Added, Cell, DOCUMENT_SHEET, Folded, Grid, OVERVIEW_SHEET, PHASE_SHEET, TEXT_SHEET, error_cells, header_key,
    merge_narrative, normalise, note_added, open, read_document_sheet, read_phase_sheet, read_text_sheet, scalar,
    split_items, split_owners, unknown_columns, warn_added_columns,
};
use crate::load::toml::{Value, Walker};
use crate::load::{RawDepartment, RawDocument, RawRow, RawSection, Scalar, Sidecar, merge_sidecar};
use crate::model::phase::{ARUBA, STOCKHOLM};

/// Reads a plan from a workbook's grids, with its sidecar's metadata,
/// phases and narrative where the workbook does not give them.
///
/// # Errors
/// A workbook without any sheet that reads as a plan.
pub(crate) fn from_grids(
    path: &Path,
    grids: &[Grid],
    warnings: Diagnostics,
    side: Option<Sidecar>,
) -> Result<(RawDocument, Diagnostics), Diagnostics> {
    let (mut plan, mut warnings) = read_workbook(path, grids, warnings)?;
    if let Some(side) = side {
        warnings.extend(side.warnings);
        merge_sidecar(&mut plan, side.common, &mut warnings);
    }
    // Without a title or date given, those of the heading lines.
    let (title, date) = heading_meta(grids);
    for (key, value) in [("titel", title), ("datum", date)] {
        if let Some(v) = value.filter(|_| plan.meta(key).is_none()) {
            plan.meta.push((key.to_string(), v));
        }
    }
    Ok((plan, warnings))
}

/// Parses a plan's TOML source text; `path` is only used in locations.
///
/// # Errors
/// As [`crate::kinds::parse_toml`].
pub fn parse(path: &Path, src: &str) -> Result<(RawDocument, Diagnostics), Diagnostics> {
    crate::kinds::parse_toml(path, src).map(|(raw, d)| (raw.common().clone(), d))
}

const TOP_KEYS: [&str; 6] = ["dokument", "faser", "kapitel", "avdelning", "filer", "bedomning"];
const DEPARTMENT_KEYS: [&str; 8] = ["namn", "rubrik", "datum", "ansvarig_chef", "text", "avsnitt", "rad", "fil"];
const ROW_KEYS: [&str; 8] =
    ["fas", "mal", "aktiviteter", "maldatum", "ansvariga", "resurser", "uppfoljning", "indikator"];

impl Walker {
    pub(crate) fn plan(&mut self, doc: &DeTable<'_>) -> RawDocument {
        self.check_keys(doc, &TOP_KEYS, "filen");
        let mut plan = self.common(doc, crate::kinds::meta_keys());
        plan.departments = self.tables(doc, "avdelning").into_iter().map(|v| self.department(v)).collect();
        // The thresholds live where the Dokument sheet puts them ("Uppnått från %").
        let (achieved, partly) = self.thresholds(doc);
        for (key, l) in [("bedomning_uppnatt", achieved), ("bedomning_delvis", partly)] {
            if let Some(l) = l {
                plan.meta.push((key.to_string(), Loc::new(Scalar::Number(l.value), l.at)));
            }
        }
        if let Some(t) = self.table(doc, "filer") {
            self.check_keys(t, &["mapp"], "[filer]");
            plan.folder = self.string(t, "mapp");
        }
        plan
    }

    pub(crate) fn department(&mut self, v: &Value<'_>) -> RawDepartment {
        let DeValue::Table(t) = v.get_ref() else { unreachable!("tables() returns tables only") };
        self.check_keys(t, &DEPARTMENT_KEYS, "[[avdelning]]");
        // Fields in reading order, so problems are reported top to bottom.
        let name = self.string(t, "namn");
        let title = self.string(t, "rubrik");
        let date = self.scalar(t, "datum");
        let manager = self.string(t, "ansvarig_chef");
        let text = self.string(t, "text");
        let sections = self.tables(t, "avsnitt").into_iter().map(|s| self.section(s, 2)).collect();
        let mut rows = Vec::new();
        let mut indicators = Vec::new();
        for r in self.tables(t, "rad") {
            let row = self.row(r);
            if let DeValue::Table(rt) = r.get_ref() {
                for i in self.tables(rt, "indikator") {
                    indicators.push((row.goal.clone(), self.indicator(i, "avdelning.rad.indikator")));
                }
            }
            rows.push(row);
        }
        let file = self.string(t, "fil");
        RawDepartment {
            at: self.at(v),
            name,
            title,
            date,
            manager,
            text,
            sections,
            rows,
            file,
            missing: None,
            indicators,
        }
    }

    pub(crate) fn row(&mut self, v: &Value<'_>) -> RawRow {
        let DeValue::Table(t) = v.get_ref() else { unreachable!("tables() returns tables only") };
        self.check_keys(t, &ROW_KEYS, "[[avdelning.rad]]");
        RawRow {
            at: self.at(v),
            phase: self.string(t, "fas"),
            goal: self.string(t, "mal"),
            activities: self.string_list(t, "aktiviteter"),
            deadlines: self.scalar_list(t, "maldatum"),
            owners: self.string_list(t, "ansvariga"),
            resources: self.string(t, "resurser"),
            followup: self.string(t, "uppfoljning"),
        }
    }
}

/// The columns of an action table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    Phase,
    Goal,
    Activity,
    Deadline,
    Owner,
    Resources,
    Followup,
    /// Written by our own export ("Klart senast"); derived, so ignored.
    Derived,
}

/// Header texts (normalised: lower case, single spaces, no "?") per column;
/// a header cell matches if it starts with one of them.
const HEADERS: [(Column, &[&str]); 8] = [
    (Column::Phase, &["fas"]),
    (Column::Goal, &["vad ska vi uppnå", "mål", "målsättning", "önskat läge"]),
    (Column::Activity, &["aktivitet", "hur gör vi det", "åtgärd"]),
    (Column::Deadline, &["måldatum", "när ska det vara klart", "slutdatum", "tidsplan", "klart när"]),
    (Column::Owner, &["ansvarig", "ansvar"]),
    (Column::Resources, &["resurser", "resurs"]),
    (Column::Followup, &["uppföljning", "kommentar"]),
    (Column::Derived, &["klart senast"]),
];

/// Which column a header cell names, if any.
pub fn column_for(header: &str) -> Option<Column> {
    let h = normalise(header);
    if h.is_empty() {
        return None;
    }
    // "Ansvarig chef" is a heading label, not the owner column.
    if h.starts_with("ansvarig chef") {
        return None;
    }
    HEADERS
        .iter()
        .find(|(_, names)| {
            names.iter().any(|n| {
                h == *n
                    || h.starts_with(&format!("{n} "))
                    || h.starts_with(&format!("{n}("))
                    || h.starts_with(&format!("{n}/"))
                    || (n.len() > 4 && h.starts_with(n))
            })
        })
        .map(|(c, _)| *c)
}

fn known_phase_words() -> Vec<&'static str> {
    let mut v: Vec<&str> = STOCKHOLM.iter().chain(ARUBA.iter()).copied().collect();
    v.extend(["Avsluta", "Introducera", "Introduktion", "Avveckla"]);
    v
}

/// Whether a lone cell reads as a phase heading (possibly misspelt).
fn looks_like_phase(text: &str, extra: &[String]) -> bool {
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.is_empty() || words.len() > 4 || text.len() > 40 {
        return false;
    }
    let mut known = known_phase_words();
    known.extend(extra.iter().map(String::as_str));
    let first = words[0].trim_matches(|c: char| !c.is_alphabetic());
    extra.iter().any(|e| e.trim().to_lowercase() == text.trim().to_lowercase())
        || known.iter().any(|k| k.to_lowercase() == first.to_lowercase())
        || (words.len() == 1 && nearest(first, known.iter().copied()).is_some())
}

fn find_header(grid: &Grid) -> Option<(usize, Vec<(usize, Column)>)> {
    for r in 0..grid.rows.len().min(40) {
        let mut cols = Vec::new();
        for c in grid.filled(r) {
            if let Some(col) = grid.text(r, c).as_deref().and_then(column_for)
                && !cols.iter().any(|(_, k)| *k == col)
            {
                cols.push((c, col));
            }
        }
        let has_core = cols.iter().any(|(_, k)| matches!(k, Column::Goal | Column::Activity));
        if cols.len() >= 3 && has_core {
            return Some((r, cols));
        }
    }
    None
}

/// Heading labels above the header row.
const LABELS: [(&str, &str); 5] = [
    ("avdelning/enhet", "namn"),
    ("avdelning", "namn"),
    ("enhet", "namn"),
    ("datum", "datum"),
    ("ansvarig chef", "ansvarig_chef"),
];

/// Whether a cell is itself a heading label ("Datum:"), not a value (an
/// empty field in a template is followed by the next label).
fn is_label(text: &str) -> bool {
    let t = text.trim().to_lowercase();
    LABELS.iter().any(|(label, _)| t == format!("{label}:"))
}

/// Finds "Label: value" pairs in a heading cell (several may share a cell)
/// or a label cell followed by its value cell.
fn heading_pairs(grid: &Grid, row: usize) -> Vec<(&'static str, Loc<Scalar>)> {
    let mut out = Vec::new();
    let filled = grid.filled(row);
    for (i, &c) in filled.iter().enumerate() {
        let text = grid.text(row, c).unwrap_or_default();
        let folded = Folded::new(&text);
        // Byte ranges (in `text`) of every label followed by ':' in the cell.
        let mut hits: Vec<(usize, usize, &str)> = Vec::new();
        for (label, key) in LABELS {
            let pat = format!("{label}:");
            for (start, end) in folded.find_all(&pat) {
                let overlapped = hits.iter().any(|&(s, e, _)| start >= s && start < e);
                if !overlapped && (start == 0 || text[..start].ends_with(char::is_whitespace)) {
                    hits.push((start, end, key));
                }
            }
        }
        hits.sort_by_key(|h| h.0);
        if hits.is_empty() {
            // A bare label cell ("Datum") with its value in the next cell.
            let l = normalise(&text);
            if let Some((_, key)) = LABELS.iter().find(|(label, _)| *label == l)
                && let Some(&next) = filled.get(i + 1)
                && let Some(cell) = grid.cell(row, next)
                && !is_label(&cell.text())
            {
                out.push((*key, Loc::new(scalar(cell), grid.origin(row, next))));
            }
            continue;
        }
        for (j, &(_, end, key)) in hits.iter().enumerate() {
            let stop = hits.get(j + 1).map_or(text.len(), |h| h.0);
            let value = text[end..stop].trim();
            if !value.is_empty() {
                out.push((key, Loc::new(Scalar::Text(value.to_string()), grid.origin(row, c))));
            } else if j + 1 == hits.len()
                && let Some(&next) = filled.get(i + 1)
                && let Some(cell) = grid.cell(row, next)
                && !is_label(&cell.text())
            {
                out.push((key, Loc::new(scalar(cell), grid.origin(row, next))));
            }
        }
    }
    out
}

/// The document's title and date from a workbook without them in a
/// Dokument sheet: the first line above the first department sheet's
/// header that is no "Label: value" heading ("Kompetensförsörjningsplan
/// 2024–2026"), and that sheet's "Datum:".
pub(crate) fn heading_meta(grids: &[Grid]) -> (Option<Loc<Scalar>>, Option<Loc<Scalar>>) {
    let special = [DOCUMENT_SHEET, TEXT_SHEET, OVERVIEW_SHEET, PHASE_SHEET, "instruktioner"];
    let Some((grid, header_row)) = grids
        .iter()
        .filter(|g| !special.contains(&g.sheet.trim().to_lowercase().as_str()))
        .find_map(|g| find_header(g).map(|(h, _)| (g, h)))
    else {
        return (None, None);
    };
    let title = (0..header_row).find_map(|r| {
        let filled = grid.filled(r);
        let &c = filled.first()?;
        let text = grid.text(r, c)?;
        (filled.len() == 1 && heading_pairs(grid, r).is_empty() && !is_label(&text) && !text.contains('\n'))
            .then(|| Loc::new(Scalar::Text(text), grid.origin(r, c)))
    });
    let date = department_heading(grid, header_row).date;
    (title, date)
}

/// The department's name, date and manager from the heading lines above the
/// header row; the sheet name when no name is given.
fn department_heading(grid: &Grid, header_row: usize) -> RawDepartment {
    let mut dept = RawDepartment::empty(grid.sheet_origin());
    for r in 0..header_row {
        for (key, value) in heading_pairs(grid, r) {
            match key {
                "namn" if dept.name.is_none() => dept.name = Some(Loc::new(value.value.to_text(), value.at)),
                "datum" if dept.date.is_none() => dept.date = Some(value),
                "ansvarig_chef" if dept.manager.is_none() => {
                    dept.manager = Some(Loc::new(value.value.to_text(), value.at));
                }
                _ => {}
            }
        }
    }
    if dept.name.is_none() {
        dept.name = Some(Loc::new(grid.sheet.trim().to_string(), dept.at.clone()));
    }
    dept
}

fn read_department_sheet(
    grid: &Grid,
    custom_phases: &[String],
    added: &mut Added,
    diags: &mut Diagnostics,
) -> Option<RawDepartment> {
    let sheet_origin = grid.sheet_origin();
    if grid.rows.iter().all(|r| r.iter().all(Option::is_none)) {
        diags.push(Diagnostic::warning("bladet är tomt och hoppas över", Some(sheet_origin)));
        return None;
    }
    let Some((header_row, cols)) = find_header(grid) else {
        diags.push(Diagnostic::error("bladet saknar en rubrikrad för handlingsplanen", Some(sheet_origin))
            .with_hint("rubrikraden ska ha minst tre av kolumnerna \"Vad ska vi uppnå?\", \"Aktivitet\", \"Måldatum\", \"Ansvarig\", \"Resurser\", \"Uppföljning / Kommentar\""));
        return None;
    };
    let extra = unknown_columns(grid, header_row, &cols);
    note_added(grid, header_row, &extra, added);
    let mut dept = department_heading(grid, header_row);
    let col = |k: Column| cols.iter().find(|(_, kk)| *kk == k).map(|(c, _)| *c);
    let goal_col = col(Column::Goal);
    // A sheet our export wrote (its "Klart senast" column).
    let ours = col(Column::Derived).is_some();
    let mut phase: Option<Loc<String>> = None;
    let header_texts: Vec<String> =
        cols.iter().map(|(c, _)| normalise(&grid.text(header_row, *c).unwrap_or_default())).collect();
    for r in header_row + 1..grid.rows.len() {
        let filled = grid.filled(r);
        if filled.is_empty() {
            continue;
        }
        // A repeated header row (as after a page break in a pasted table).
        let texts: Vec<String> = cols.iter().filter_map(|(c, _)| grid.text(r, *c)).map(|t| header_key(&t)).collect();
        if texts.len() >= 2 && texts.iter().all(|t| header_texts.contains(t)) {
            continue;
        }
        error_cells(grid, r, diags);
        if col(Column::Phase).is_none() && filled.len() == 1 {
            let text = grid.text(r, filled[0]).unwrap_or_default();
            if looks_like_phase(&text, custom_phases) {
                phase = Some(Loc::new(text, grid.origin(r, filled[0])));
                continue;
            }
        }
        // A goal cell merged down from the row above: same goal, more
        // activities. Its other cells are added to the row above; a value
        // merged down over rows applies to each row it covers, except in a
        // row continuing the goal above, which holds it already.
        let continues = goal_col.is_some_and(|g| grid.merged_from_above(r, g) && grid.text(r, g).is_none());
        let value = |c: usize| -> Option<(usize, &Cell)> {
            if continues { grid.cell(r, c).map(|cell| (r, cell)) } else { grid.cell_or_merged(r, c) }
        };
        let text = |c: usize| -> Option<Loc<String>> {
            let (at, cell) = value(c)?;
            let t = cell.text().trim().to_string();
            (!t.is_empty()).then(|| Loc::new(t, grid.origin(at, c)))
        };
        let cell_text = |k: Column| col(k).and_then(text);
        let list = |k: Column| -> Vec<Loc<String>> {
            col(k)
                .and_then(text)
                .map(|t| split_items(&t.value).into_iter().map(|i| Loc::new(i, t.at.clone())).collect())
                .unwrap_or_default()
        };
        let deadlines: Vec<Loc<Scalar>> = match col(Column::Deadline).and_then(|c| value(c).map(|v| (c, v))) {
            Some((c, (at, Cell::Date(d)))) => vec![Loc::new(Scalar::Date(*d), grid.origin(at, c))],
            Some((c, (at, cell))) => cell
                .text()
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(|l| Loc::new(Scalar::Text(l.to_string()), grid.origin(at, c)))
                .collect(),
            None => Vec::new(),
        };
        let row_phase = match col(Column::Phase) {
            Some(c) => text(c).or_else(|| phase.clone()),
            None => phase.clone(),
        };
        if let Some(c) = col(Column::Phase)
            && let Some(p) = text(c)
        {
            phase = Some(p);
        }
        // The values of columns the plan has no place for, "Rubrik: värde".
        let mut followup = cell_text(Column::Followup);
        for (h, v) in extra.iter().filter_map(|(c, h)| text(*c).map(|v| (h, v))) {
            append_line(&mut followup, Some(Loc::new(format!("{h}: {}", v.value), v.at)));
        }
        let row = RawRow {
            at: grid.origin(r, goal_col.unwrap_or(filled[0])),
            phase: row_phase,
            goal: cell_text(Column::Goal),
            activities: list(Column::Activity),
            deadlines,
            owners: col(Column::Owner).and_then(text).map(|t| split_owners(&t, ours, diags)).unwrap_or_default(),
            resources: cell_text(Column::Resources),
            followup,
        };
        match dept.rows.last_mut() {
            Some(prev) if continues => {
                prev.activities.extend(row.activities);
                prev.deadlines.extend(row.deadlines);
                prev.owners.extend(row.owners);
                append_line(&mut prev.resources, row.resources);
                append_line(&mut prev.followup, row.followup);
            }
            _ => dept.rows.push(row),
        }
    }
    Some(dept)
}

/// Adds a further row's text on a line of its own (the cells of rows under
/// one merged goal).
fn append_line(into: &mut Option<Loc<String>>, more: Option<Loc<String>>) {
    match (into.as_mut(), more) {
        (Some(prev), Some(more)) => {
            prev.value.push('\n');
            prev.value.push_str(&more.value);
        }
        (None, more) => *into = more,
        (Some(_), None) => {}
    }
}

/// Reads a plan from a workbook's sheets.
///
/// # Errors
/// Every sheet without a recognisable header row.
pub(crate) fn read_workbook(
    path: &Path,
    grids: &[Grid],
    mut diags: Diagnostics,
) -> Result<(RawDocument, Diagnostics), Diagnostics> {
    let mut plan = RawDocument::empty(path);
    let mut narrative: Vec<(Option<Loc<String>>, RawSection)> = Vec::new();
    let mut table_sheets = 0;
    let mut indicator_sheet = None;
    let mut added: Added = Vec::new();
    // A Faser sheet (one phase per row, as the template writes it) is read
    // first, so that its phases mark phase rows on every sheet, and wins
    // over a Faser row in the Dokument sheet.
    let phase_sheet = grids.iter().find(|g| g.sheet.trim().to_lowercase() == PHASE_SHEET).map(read_phase_sheet);
    plan.phases.clone_from(&phase_sheet);
    for grid in grids {
        match grid.sheet.trim().to_lowercase().as_str() {
            DOCUMENT_SHEET => {
                read_document_sheet(grid, &mut plan, crate::kinds::meta_keys(), &mut diags);
                if phase_sheet.is_some() {
                    plan.phases.clone_from(&phase_sheet);
                }
            }
            TEXT_SHEET => narrative = read_text_sheet(grid, &mut diags),
            OVERVIEW_SHEET | PHASE_SHEET | "instruktioner" => {}
            "indikatorer" => indicator_sheet = Some(grid),
            _ => {
                // Phases named in the Dokument sheet (read first when it comes first) also mark phase rows.
                let custom: Vec<String> = plan.phases.iter().flatten().map(|p| p.value.clone()).collect();
                if let Some(dept) = read_department_sheet(grid, &custom, &mut added, &mut diags) {
                    table_sheets += 1;
                    plan.departments.push(dept);
                }
            }
        }
    }
    let known =
        ["Fas", "Vad ska vi uppnå?", "Aktivitet", "Måldatum", "Ansvarig", "Resurser", "Uppföljning / Kommentar"];
    warn_added_columns(added, &known, "handlingsplanen", "Uppföljning / Kommentar", &mut diags);
    if table_sheets == 0 && !diags.has_errors() {
        diags.push(Diagnostic::error("arbetsboken har inget blad med en handlingsplan", Some(Origin::File(path.to_path_buf())))
            .with_hint("ett avdelningsblad behöver en rubrikrad med kolumnerna \"Vad ska vi uppnå?\", \"Aktivitet\", \"Måldatum\", \"Ansvarig\""));
    }
    merge_narrative(&mut plan, narrative);
    if let Some(grid) = indicator_sheet {
        read_plan_indicators(path, grid, &mut plan, &mut diags);
    }
    if diags.has_errors() { Err(diags) } else { Ok((plan, diags)) }
}

/// Reads a plan from a workbook.
///
/// # Errors
/// A file that is not a readable workbook (with the reason: encrypted,
/// damaged, wrong format), and every sheet without a recognisable header row.
pub fn load(path: &Path) -> Result<(RawDocument, Diagnostics), Diagnostics> {
    let (grids, diags) = open(path)?;
    read_workbook(path, &grids, diags)
}

/// The plan's *Indikatorer* sheet.
pub(crate) const INDICATOR_SHEET: crate::load::indicator::SheetLayout = crate::load::indicator::SheetLayout {
    sheet: "Indikatorer",
    owners: &["Avdelning", "Vad ska vi uppnå?"],
    noun: "mål",
    description: None,
};

/// Reads a plan's Indikatorer sheet into its departments (by name; a
/// department that is not in the workbook is an error at its cell).
pub(crate) fn read_plan_indicators(path: &Path, grid: &Grid, plan: &mut RawDocument, diags: &mut Diagnostics) {
    let key = |s: &str| s.trim().to_lowercase();
    let names: Vec<String> =
        plan.departments.iter().map(|d| d.name.as_ref().map_or(String::new(), |n| key(&n.value))).collect();
    let mut known = |owners: &[Option<Loc<String>>]| {
        let Some(Some(d)) = owners.first() else {
            return Some(
                Diagnostic::error(
                    "raden saknar avdelning",
                    owners.get(1).and_then(|o| o.as_ref()).map(|l| l.at.clone()),
                )
                .with_hint("skriv avdelningens namn i kolumnen Avdelning"),
            );
        };
        (!names.contains(&key(&d.value))).then(|| {
            Diagnostic::error(format!("avdelningen \"{}\" finns inte i arbetsboken", d.value), Some(d.at.clone()))
                .with_hint("skriv avdelningens namn exakt som på dess blad")
        })
    };
    for found in crate::load::indicator::read_sheet(path, grid, &INDICATOR_SHEET, &mut known, diags) {
        let mut owners = found.owners.into_iter();
        let (Some(Some(dept)), Some(goal)) = (owners.next(), owners.next()) else { continue };
        if let Some(i) = names.iter().position(|n| *n == key(&dept.value)) {
            plan.departments[i].indicators.push((goal, found.indicator));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
    use std::path::PathBuf;

    fn parse_ok(src: &str) -> (RawDocument, Diagnostics) {
        parse(Path::new("plan.toml"), src).expect("parses")
    }

    #[test]
    fn reads_rows_with_locations() {
        let (plan, warnings) = parse_ok(
            "[dokument]\ntitel = \"T\"\n\n[[avdelning]]\nnamn = \"Förskola\"\n[[avdelning.rad]]\nfas = \"Utveckla\"\nmal = \"Mål\"\naktiviteter = [\"a\", \"b\"]\nmaldatum = 2022-12-31\n",
        );
        assert!(warnings.items.is_empty());
        let row = &plan.departments[0].rows[0];
        assert_eq!(row.activities.len(), 2);
        assert_eq!(row.goal.as_ref().unwrap().at.to_string(), "plan.toml:8:7");
        assert_eq!(row.deadlines[0].value, Scalar::Date(NaiveDate::from_ymd_opt(2022, 12, 31).unwrap()));
    }

    #[test]
    fn unknown_key_is_a_warning_with_nearest() {
        let (_, warnings) = parse_ok("[[avdelning]]\nnamn = \"A\"\n[[avdelning.rad]]\nmaal = \"x\"\n");
        let w = &warnings.items[0];
        assert!(!w.is_error());
        assert_eq!(
            w.to_string(),
            "varning: okänd nyckel \"maal\" i [[avdelning.rad]] ignoreras\n  --> plan.toml:4:1\n  tips: menade du \"mal\"?"
        );
    }

    #[test]
    fn all_type_errors_in_one_run() {
        let errs =
            parse(Path::new("p.toml"), "[[avdelning]]\nnamn = 3.5\n[[avdelning.rad]]\nmal = true\n").unwrap_err();
        assert_eq!(errs.error_count(), 2);
        assert!(errs.items[0].to_string().contains("p.toml:2:8"));
    }

    #[test]
    fn syntax_error_has_position() {
        let errs = parse(Path::new("p.toml"), "[dokument]\ntitel = \"oavslutad\n").unwrap_err();
        assert!(errs.items[0].to_string().contains("p.toml:2:"), "{}", errs.items[0]);
    }

    #[test]
    fn headers_match_seed_wordings() {
        assert_eq!(column_for("Vad ska vi uppnå?"), Some(Column::Goal));
        assert_eq!(column_for("Aktivitet\n\nHur gör vi det?"), Some(Column::Activity));
        assert_eq!(column_for("Måldatum\nNär ska det vara klart?"), Some(Column::Deadline));
        assert_eq!(column_for("Ansvarig\n(Funktion)"), Some(Column::Owner));
        assert_eq!(column_for("Resurser (timmar, kronor, personal)"), Some(Column::Resources));
        assert_eq!(column_for("Uppföljning / Kommentar"), Some(Column::Followup));
        assert_eq!(column_for("FAS"), Some(Column::Phase));
        assert_eq!(column_for("Ansvarig chef"), None);
        assert_eq!(column_for("Budget"), None);
    }

    #[test]
    fn heading_labels_after_case_changing_letters() {
        let grid = |cells: &[&str]| Grid {
            sheet: "Blad".to_string(),
            path: PathBuf::from("p.xlsx"),
            rows: vec![cells.iter().map(|t| Some(Cell::Text((*t).to_string()))).collect()],
            merges: Vec::new(),
            down: std::cell::OnceCell::new(),
        };
        let row = |cells: &[&str]| -> Vec<(&str, String)> {
            heading_pairs(&grid(cells), 0).into_iter().map(|(k, v)| (k, v.value.to_text())).collect()
        };
        let pairs = |text: &str| row(&[text]);
        assert_eq!(pairs("İ Datum: 2021-11"), [("datum", "2021-11".to_string())]);
        // The label's end in the folded text lay past the end of this cell (a panic).
        assert_eq!(row(&["İ Datum:", "2021-11"]), [("datum", "2021-11".to_string())]);
        // ... or inside the "Å" of the value (a panic).
        assert_eq!(pairs("İ Ansvarig chef:Åsa"), [("ansvarig_chef", "Åsa".to_string())]);
        assert_eq!(
            pairs("\u{212a}ultur Datum: 2021-11 Ansvarig chef: Åsa"),
            [("datum", "2021-11".to_string()), ("ansvarig_chef", "Åsa".to_string())]
        );
        assert_eq!(pairs("\u{2126}hm Ansvarig chef: Åsa"), [("ansvarig_chef", "Åsa".to_string())]);
    }

    #[test]
    fn phase_rows_are_recognised() {
        assert!(looks_like_phase("Utveckla", &[]));
        assert!(looks_like_phase("Rekrytera (och introducera)", &[]));
        assert!(looks_like_phase("Utvekla", &[]));
        assert!(!looks_like_phase("Minskad personalomsättning", &[]));
        assert!(looks_like_phase("Kompetens och ledarskap", &["Kompetens och ledarskap".to_string()]));
    }
}
