//! Reading a follow-up (uppföljning) from TOML or a workbook into raw rows
//! that remember where every value came from.
//!
//! TOML nests perspective → municipality-wide goal → committee goal →
//! activity (→ sub-unit); a workbook has one flat sheet of activities
//! (blank goal cells continue the goal above, a row with only Enhet,
//! Status and Kommentar is a further sub-unit of the activity above) and
//! a sheet of strategic assignments. Both become the same flat list.

use std::path::Path;

use toml::de::{DeTable, DeValue};

use crate::diag::{Diagnostic, Diagnostics, Loc, Origin};
use crate::load::sheet::{
    Grid, cell, declared_kind, error_cells, normalise, read_document_sheet, read_text_sheet, read_vocabulary_sheet,
    scalar,
};
use crate::load::toml::Walker;
use crate::load::{RawDocument, RawSection, RawStatusWord, Scalar};

/// A status for one sub-unit (or the whole activity when `unit` is none).
#[derive(Debug, Clone, PartialEq)]
pub struct RawPart {
    pub at: Origin,
    pub unit: Option<Loc<String>>,
    pub status: Option<Loc<String>>,
    /// The written status beside a dropdown's word (our workbook export);
    /// see `status_cells`.
    pub written: Option<Loc<String>>,
    pub comment: Option<Loc<String>>,
}

/// One activity with the names of the goals above it.
#[derive(Debug, Clone, PartialEq)]
pub struct RawActivity {
    pub at: Origin,
    pub perspective: Option<Loc<String>>,
    pub goal: Option<Loc<String>>,
    pub committee_goal: Option<Loc<String>>,
    pub description: Option<Loc<String>>,
    pub text: Option<Loc<String>>,
    pub end: Option<Loc<Scalar>>,
    pub owners: Vec<Loc<String>>,
    pub parts: Vec<RawPart>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RawAssignment {
    pub at: Origin,
    pub text: Option<Loc<String>>,
    pub end: Option<Loc<Scalar>>,
    pub status: Option<Loc<String>>,
    /// As [`RawPart::written`].
    pub written: Option<Loc<String>>,
    pub comment: Option<Loc<String>>,
}

/// An indicator of a committee goal, with the names of the goals above it.
#[derive(Debug, Clone, PartialEq)]
pub struct RawGoalIndicator {
    pub perspective: Option<Loc<String>>,
    pub goal: Option<Loc<String>>,
    pub committee_goal: Option<Loc<String>>,
    pub description: Option<Loc<String>>,
    pub indicator: crate::load::indicator::RawIndicator,
    /// The perspective, goal and committee goal written before this one's
    /// (at each level, the one before it in the same parent), so that a
    /// goal with indicators only keeps its place among those with activities.
    pub after: [Option<String>; 3],
}

/// A goal's table headers as the organisation writes them
/// (`[perspektiv.mal.kolumnrubriker]`, sheet Kolumnrubriker): per column of
/// the activity table (Nämndmål, Aktivitet, Slutdatum, Status, Kommentar,
/// Ansvarig) its header, or none for the standard one.
#[derive(Debug, Clone, PartialEq)]
pub struct RawHeaders {
    pub at: Origin,
    pub perspective: Option<Loc<String>>,
    pub goal: Option<Loc<String>>,
    pub columns: [Option<Loc<String>>; 6],
}

/// The keys of `kolumnrubriker`, in the table's column order.
pub(crate) const HEADER_KEYS: [&str; 6] = ["namndmal", "aktivitet", "slutdatum", "status", "kommentar", "ansvarig"];

#[derive(Debug, Clone, PartialEq)]
pub struct RawFollowUp {
    /// Metadata and introduction chapters, read as for a plan.
    pub common: RawDocument,
    pub statuses: Vec<RawStatusWord>,
    pub assignments_title: Option<Loc<String>>,
    pub assignments_text: Option<Loc<String>>,
    pub assignments_column: Option<Loc<String>>,
    pub assignments: Vec<RawAssignment>,
    pub activities: Vec<RawActivity>,
    /// The committee goals' indicators (`[[…namndmal.indikator]]`, sheet Indikatorer).
    pub indicators: Vec<RawGoalIndicator>,
    /// Goals whose table has its own column headers.
    pub headers: Vec<RawHeaders>,
    /// `[bedomning]`: the thresholds in per cent.
    pub achieved: Option<Loc<f64>>,
    pub partly: Option<Loc<f64>>,
    /// `[[enhet]]`: the units whose workbooks make up the follow-up (name, file).
    pub units: Vec<(Loc<String>, Option<Loc<String>>)>,
    /// The units expected but not delivered.
    pub missing: Vec<String>,
}

impl RawFollowUp {
    fn new(common: RawDocument) -> RawFollowUp {
        RawFollowUp {
            common,
            statuses: Vec::new(),
            assignments_title: None,
            assignments_text: None,
            assignments_column: None,
            assignments: Vec::new(),
            activities: Vec::new(),
            indicators: Vec::new(),
            headers: Vec::new(),
            achieved: None,
            partly: None,
            units: Vec::new(),
            missing: Vec::new(),
        }
    }
}

pub(crate) const TOP_KEYS: [&str; 8] =
    ["dokument", "kapitel", "uppdrag", "perspektiv", "status", "enhet", "filer", "bedomning"];
const ASSIGNMENTS_KEYS: [&str; 4] = ["rubrik", "text", "kolumnrubrik", "rad"];
const ASSIGNMENT_KEYS: [&str; 5] = ["uppdrag", "slutdatum", "status", "kommentar", "ansvarig"];
const PERSPECTIVE_KEYS: [&str; 2] = ["namn", "mal"];
const GOAL_KEYS: [&str; 3] = ["namn", "kolumnrubriker", "namndmal"];
const COMMITTEE_KEYS: [&str; 4] = ["rubrik", "beskrivning", "aktivitet", "indikator"];
const ACTIVITY_KEYS: [&str; 6] = ["text", "slutdatum", "status", "kommentar", "ansvarig", "enhet"];
const UNIT_KEYS: [&str; 3] = ["namn", "status", "kommentar"];

type Text = Option<Loc<String>>;

/// The goals above an activity, as far as known.
#[derive(Debug, Clone, Default)]
struct Parents {
    perspective: Text,
    goal: Text,
    committee_goal: Text,
    description: Text,
}

impl Parents {
    /// A new value in a column resets the levels below it.
    fn set_perspective(&mut self, p: Loc<String>) {
        if self.perspective.as_ref().is_none_or(|old| old.value != p.value) {
            self.goal = None;
            self.committee_goal = None;
            self.description = None;
        }
        self.perspective = Some(p);
    }

    fn set_goal(&mut self, g: Loc<String>) {
        if self.goal.as_ref().is_none_or(|old| old.value != g.value) {
            self.committee_goal = None;
            self.description = None;
        }
        self.goal = Some(g);
    }

    fn set_committee_goal(&mut self, c: Loc<String>) {
        if self.committee_goal.as_ref().is_none_or(|old| old.value != c.value) {
            self.description = None;
        }
        self.committee_goal = Some(c);
    }
}

fn table_of<'t, 'a>(v: &'t toml::Spanned<DeValue<'a>>) -> &'t DeTable<'a> {
    let DeValue::Table(t) = v.get_ref() else { unreachable!("tables() returns tables only") };
    t
}

impl Walker {
    /// Walks a follow-up; `common` already holds metadata and chapters.
    pub(crate) fn followup(&mut self, doc: &DeTable<'_>, common: RawDocument) -> RawFollowUp {
        let mut f = RawFollowUp::new(common);
        f.statuses = self.status_words(doc);
        (f.achieved, f.partly) = self.thresholds(doc);
        if let Some(t) = self.table(doc, "uppdrag") {
            self.check_keys(t, &ASSIGNMENTS_KEYS, "[uppdrag]");
            f.assignments_title = self.string(t, "rubrik");
            f.assignments_text = self.string(t, "text");
            f.assignments_column = self.string(t, "kolumnrubrik");
            for r in self.tables(t, "rad") {
                let rt = table_of(r);
                self.check_keys(rt, &ASSIGNMENT_KEYS, "[[uppdrag.rad]]");
                f.assignments.push(RawAssignment {
                    at: self.at(r),
                    text: self.string(rt, "uppdrag"),
                    end: self.scalar(rt, "slutdatum"),
                    status: self.string(rt, "status"),
                    written: None,
                    comment: self.string(rt, "kommentar"),
                });
            }
        }
        for u in self.tables(doc, "enhet") {
            let ut = table_of(u);
            self.check_keys(ut, &["namn", "fil"], "[[enhet]]");
            match self.string(ut, "namn") {
                Some(name) => f.units.push((name, self.string(ut, "fil"))),
                None => self
                    .diags
                    .push(Diagnostic::error("enheten saknar namn", Some(self.at(u))).with_hint("ange namn = \"…\"")),
            }
        }
        if let Some(t) = self.table(doc, "filer") {
            self.check_keys(t, &["mapp"], "[filer]");
            f.common.folder = self.string(t, "mapp");
        }
        let mut previous_perspective: Option<String> = None;
        for p in self.tables(doc, "perspektiv") {
            let pt = table_of(p);
            self.check_keys(pt, &PERSPECTIVE_KEYS, "[[perspektiv]]");
            let mut parents = Parents {
                perspective: self.string(pt, "namn").or_else(|| Some(Loc::new(String::new(), self.at(p)))),
                ..Parents::default()
            };
            let goals = self.tables(pt, "mal");
            if goals.is_empty() {
                self.diags.push(
                    Diagnostic::warning("perspektivet har inga mål och kommer inte med i rapporten", Some(self.at(p)))
                        .with_hint("lägg till [[perspektiv.mal]] med [[perspektiv.mal.namndmal]] och aktiviteter"),
                );
            }
            let mut previous_goal: Option<String> = None;
            for g in goals {
                let gt = table_of(g);
                self.check_keys(gt, &GOAL_KEYS, "[[perspektiv.mal]]");
                let mut previous_committee_goal: Option<String> = None;
                parents.goal = self.string(gt, "namn").or_else(|| Some(Loc::new(String::new(), self.at(g))));
                if let Some(h) = self.headers(gt, &parents, self.at(g)) {
                    f.headers.push(h);
                }
                for c in self.tables(gt, "namndmal") {
                    let ct = table_of(c);
                    self.check_keys(ct, &COMMITTEE_KEYS, "[[perspektiv.mal.namndmal]]");
                    parents.committee_goal =
                        self.string(ct, "rubrik").or_else(|| Some(Loc::new(String::new(), self.at(c))));
                    parents.description = self.string(ct, "beskrivning");
                    let activities = self.tables(ct, "aktivitet");
                    let indicators = self.tables(ct, "indikator");
                    if activities.is_empty() && indicators.is_empty() {
                        self.diags.push(
                            Diagnostic::error("nämndmålet har varken aktiviteter eller indikatorer", Some(self.at(c)))
                                .with_hint("lägg till minst en [[perspektiv.mal.namndmal.aktivitet]] eller [[perspektiv.mal.namndmal.indikator]]"),
                        );
                    }
                    for i in indicators {
                        let indicator = self.indicator(i, "perspektiv.mal.namndmal.indikator");
                        f.indicators.push(RawGoalIndicator {
                            perspective: parents.perspective.clone(),
                            goal: parents.goal.clone(),
                            committee_goal: parents.committee_goal.clone(),
                            description: parents.description.clone(),
                            indicator,
                            after: [
                                previous_perspective.clone(),
                                previous_goal.clone(),
                                previous_committee_goal.clone(),
                            ],
                        });
                    }
                    for a in activities {
                        let raw = self.activity(a, &parents);
                        f.activities.push(raw);
                    }
                    previous_committee_goal = parents.committee_goal.as_ref().map(|l| l.value.trim().to_string());
                }
                previous_goal = parents.goal.as_ref().map(|l| l.value.trim().to_string());
            }
            previous_perspective = parents.perspective.as_ref().map(|l| l.value.trim().to_string());
        }
        f
    }

    /// `[perspektiv.mal.kolumnrubriker]` of the goal `gt`, if it has one.
    fn headers(&mut self, gt: &DeTable<'_>, parents: &Parents, at: Origin) -> Option<RawHeaders> {
        let h = self.table(gt, "kolumnrubriker")?;
        self.check_keys(h, &HEADER_KEYS, "[perspektiv.mal.kolumnrubriker]");
        Some(RawHeaders {
            at,
            perspective: parents.perspective.clone(),
            goal: parents.goal.clone(),
            columns: HEADER_KEYS.map(|k| self.string(h, k)),
        })
    }

    fn activity(&mut self, a: &toml::Spanned<DeValue<'_>>, parents: &Parents) -> RawActivity {
        let at_ = table_of(a);
        self.check_keys(at_, &ACTIVITY_KEYS, "[[…aktivitet]]");
        let text = self.string(at_, "text");
        let end = self.scalar(at_, "slutdatum");
        let status = self.string(at_, "status");
        let comment = self.string(at_, "kommentar");
        let owners = self.string_list(at_, "ansvarig");
        let mut parts = Vec::new();
        for u in self.tables(at_, "enhet") {
            let ut = table_of(u);
            self.check_keys(ut, &UNIT_KEYS, "[[…aktivitet.enhet]]");
            parts.push(RawPart {
                at: self.at(u),
                unit: self.string(ut, "namn"),
                status: self.string(ut, "status"),
                written: None,
                comment: self.string(ut, "kommentar"),
            });
        }
        if parts.is_empty() {
            parts.push(RawPart { at: self.at(a), unit: None, status, written: None, comment });
        } else if let Some(s) = status.or(comment) {
            self.diags.push(
                Diagnostic::error("aktiviteten har både egen status/kommentar och delar per enhet", Some(s.at))
                    .with_hint("ange status och kommentar under varje [[…aktivitet.enhet]], inte på aktiviteten"),
            );
        }
        RawActivity {
            at: self.at(a),
            perspective: parents.perspective.clone(),
            goal: parents.goal.clone(),
            committee_goal: parents.committee_goal.clone(),
            description: parents.description.clone(),
            text,
            end,
            owners,
            parts,
        }
    }
}

/// The columns of the activity and assignment sheets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Col {
    Perspective,
    Goal,
    CommitteeGoal,
    Description,
    Activity,
    Assignment,
    Unit,
    End,
    Status,
    StatusText,
    Comment,
    Owner,
    /// Written by our own export ("Passerat slutdatum"); derived, ignored.
    Derived,
}

/// Header texts, normalised; a header matches if it starts with one.
/// Longer, more specific ones come first.
const COLUMNS: [(Col, &[&str]); 13] = [
    (Col::StatusText, &["status som skriven", "status, som skriven", "statustext"]),
    (Col::Derived, &["passerat slutdatum", "räknas som"]),
    (Col::Perspective, &["perspektiv"]),
    (Col::Goal, &["kommunövergripande mål", "kf-mål", "kommunmål"]),
    (Col::Description, &["beskrivning", "nämndmålets beskrivning"]),
    (Col::CommitteeGoal, &["nämndmål", "nämndens mål"]),
    (Col::Assignment, &["uppdrag", "nämndspecifika strategiska", "strategiska", "kommungemensamma"]),
    (Col::Activity, &["aktivitet", "åtgärd"]),
    (Col::Unit, &["enhet", "verksamhet"]),
    (Col::End, &["slutdatum", "klart senast", "måldatum", "datum"]),
    (Col::Status, &["status"]),
    (Col::Comment, &["kommentar", "uppföljning", "analys"]),
    (Col::Owner, &["ansvarig", "ansvar"]),
];

fn column(header: &str) -> Option<Col> {
    // The names are short and matched at the start: a long cell's start is enough.
    let h = crate::load::sheet::normalise_start(header, 200);
    if h.is_empty() {
        return None;
    }
    COLUMNS.iter().find(|(_, names)| names.iter().any(|n| h.starts_with(n))).map(|(c, _)| *c)
}

/// The header row of a sheet (among its first 20 rows): a row with a
/// Status column and an Aktivitet or Uppdrag column.
fn header(grid: &Grid) -> Option<(usize, Vec<(usize, Col)>)> {
    (0..grid.rows.len().min(20)).find_map(|r| {
        let cols: Vec<(usize, Col)> =
            grid.filled(r).into_iter().filter_map(|c| column(&grid.text(r, c)?).map(|col| (c, col))).collect();
        let has = |x: Col| cols.iter().any(|(_, c)| *c == x);
        (has(Col::Status) && (has(Col::Activity) || has(Col::Assignment))).then_some((r, cols))
    })
}

/// Whether a workbook holds a follow-up: its Dokument sheet says so, or a
/// sheet has a table with a Status column.
pub(crate) fn is_followup_book(grids: &[Grid]) -> bool {
    match declared_kind(grids) {
        Some(kind) => normalise(&kind).starts_with("uppf"),
        None => grids.iter().any(|g| header(g).is_some()),
    }
}

/// The title of a workbook without one in its Dokument sheet: the first
/// line above the first activity sheet's header that is no
/// "Kommunövergripande mål: …" line.
pub(crate) fn heading_title(grids: &[Grid]) -> Option<Loc<Scalar>> {
    grids
        .iter()
        .filter(|g| !["dokument", "statusord", "text"].contains(&normalise(&g.sheet).as_str()))
        .filter(|g| !SKIPPED_SHEETS.contains(&normalise(&g.sheet).as_str()))
        .find_map(|g| header(g).filter(|(_, cols)| cols.iter().any(|(_, c)| *c == Col::Activity)).map(|(h, _)| (g, h)))
        .and_then(|(g, head)| {
            (0..head).find_map(|r| {
                let filled = g.filled(r);
                let (&c, true) = (filled.first()?, filled.len() == 1) else { return None };
                let t = g.text(r, c)?;
                (strip_goal_label(&t).is_none() && !t.contains('\n')).then(|| Loc::new(Scalar::Text(t), g.origin(r, c)))
            })
        })
}

/// Sheet names the reader leaves alone: summaries and views written by
/// our own export.
const SKIPPED_SHEETS: [&str; 3] = ["sammanfattning", "översikt", "instruktioner"];

/// The columns of an activity sheet, as added-column warnings name them.
const ACTIVITY_COLUMNS: [&str; 9] = [
    "Perspektiv",
    "Kommunövergripande mål",
    "Nämndmål",
    "Aktivitet",
    "Slutdatum",
    "Status",
    "Kommentar",
    "Ansvarig",
    "Enhet",
];

/// Reads a follow-up from a workbook's sheets. Problems found (errors
/// included) come back beside what could be read, so that validation can
/// report the rest in the same run.
pub(crate) fn from_grids(path: &Path, grids: &[Grid], mut diags: Diagnostics) -> (RawFollowUp, Diagnostics) {
    let common = RawDocument::empty(path);
    let mut f = RawFollowUp::new(common);
    let mut tables = 0;
    let mut added: crate::load::sheet::Added = Vec::new();
    let mut summary_as_of: Option<Loc<Scalar>> = None;
    for grid in grids {
        let name = normalise(&grid.sheet);
        if name == "dokument" {
            read_document_sheet(grid, &mut f.common, crate::kinds::meta_keys(), &mut diags);
            continue;
        }
        if name == "statusord" {
            read_vocabulary_sheet(grid, &mut f.statuses, &mut diags);
            continue;
        }
        if name == "indikatorer" {
            let mut known = |_: &[Option<Loc<String>>]| None;
            let layout = &crate::kinds::uppfoljning::load::INDICATOR_SHEET;
            let mut seen: Vec<[Option<String>; 3]> = Vec::new();
            for found in crate::load::indicator::read_sheet(path, grid, layout, &mut known, &mut diags) {
                let names: Vec<Option<String>> =
                    found.owners.iter().map(|o| o.as_ref().map(|l| l.value.trim().to_string())).collect();
                // The one before at each level, in the sheet's order.
                let before = |level: usize| {
                    seen.iter()
                        .rev()
                        .find(|s| s[..level] == names[..level] && s[level] != names[level])
                        .and_then(|s| s[level].clone())
                };
                let after = [before(0), before(1), before(2)];
                seen.push([names[0].clone(), names[1].clone(), names[2].clone()]);
                let mut owners = found.owners.into_iter();
                let (perspective, goal, committee_goal) =
                    (owners.next().flatten(), owners.next().flatten(), owners.next().flatten());
                f.indicators.push(RawGoalIndicator {
                    // Without a Perspektiv cell the indicator belongs to the sheet of its committee goal.
                    perspective,
                    goal,
                    committee_goal,
                    description: found.description,
                    indicator: found.indicator,
                    after,
                });
            }
            continue;
        }
        if name == "kolumnrubriker" {
            read_headers_sheet(grid, &mut f);
            continue;
        }
        if name == "text" {
            let chapters: Vec<(Option<Loc<String>>, RawSection)> = read_text_sheet(grid, &mut diags);
            f.common.chapters.extend(chapters.into_iter().map(|(_, s)| s));
            continue;
        }
        if name == "sammanfattning" {
            summary_as_of = summary_as_of.or_else(|| as_of_cell(grid));
            continue;
        }
        // Views written by our export say so in their first cell.
        let view = grid.text(0, 0).is_some_and(|t| normalise(&t).starts_with("vy "));
        if SKIPPED_SHEETS.contains(&name.as_str()) || view {
            continue;
        }
        let Some((head, cols)) = header(grid) else {
            if grid.rows.iter().any(|r| r.iter().any(Option::is_some)) {
                diags.push(
                    Diagnostic::warning(
                        "bladet har ingen rubrikrad med kolumnerna Aktivitet (eller Uppdrag) och Status och läses inte",
                        Some(Origin::Sheet { path: path.to_path_buf(), sheet: grid.sheet.clone() }),
                    )
                    .with_hint("ett aktivitetsblad har rubrikerna Perspektiv, Kommunövergripande mål, Nämndmål, Aktivitet, Slutdatum, Status, Kommentar, Ansvarig"),
                );
            }
            continue;
        };
        tables += 1;
        let extra = unknown_columns(grid, head, &cols);
        crate::load::sheet::note_added(grid, head, &extra, &mut added);
        if cols.iter().any(|(_, c)| *c == Col::Activity) {
            read_activities(grid, head, &cols, &extra, &mut f, &mut diags);
        } else {
            read_assignments(grid, head, &cols, &extra, &mut f, &mut diags);
        }
    }
    (f.achieved, f.partly) = crate::load::indicator::thresholds_from_meta(&f.common, &mut diags);
    crate::load::sheet::warn_added_columns(added, &ACTIVITY_COLUMNS, "uppföljningen", "Kommentar", &mut diags);
    as_of_from_summary(&mut f, summary_as_of, &mut diags);
    f.activities = join_repeated(std::mem::take(&mut f.activities), &mut diags);
    if tables == 0 && f.indicators.is_empty() && !diags.has_errors() {
        diags.push(
            Diagnostic::error("arbetsboken har inget blad med aktiviteter", Some(Origin::File(path.to_path_buf())))
                .with_hint("aktivitetsbladet behöver en rubrikrad med bland annat kolumnerna Aktivitet och Status"),
        );
    }
    (f, diags)
}

/// Sheet Kolumnrubriker: under a header row (Perspektiv, Kommunövergripande
/// mål, then the activity table's six columns), a row per goal whose table
/// has its own headers, each as written; a blank cell keeps the standard one.
fn read_headers_sheet(grid: &Grid, f: &mut RawFollowUp) {
    let Some(head) = (0..grid.rows.len().min(20)).find(|&r| {
        grid.filled(r).iter().any(|&c| grid.text(r, c).is_some_and(|t| normalise(&t).starts_with("kommunövergripande")))
    }) else {
        return;
    };
    let at = |name: &str| {
        grid.filled(head).into_iter().find(|&c| grid.text(head, c).is_some_and(|t| normalise(&t).starts_with(name)))
    };
    let (perspective, goal) = (at("perspektiv"), at("kommunövergripande"));
    let names = ["nämndmål", "aktivitet", "slutdatum", "status", "kommentar", "ansvarig"];
    let columns = names.map(at);
    for r in head + 1..grid.rows.len() {
        let goal = cell(grid, r, goal);
        if goal.is_none() {
            continue;
        }
        f.headers.push(RawHeaders {
            at: grid.origin(r, 0),
            perspective: cell(grid, r, perspective),
            goal,
            columns: columns.map(|c| cell(grid, r, c)),
        });
    }
}

/// The committee workbook's as-of date is Sammanfattning!B3, where the
/// committee changes it; a different one in Dokument is named.
fn as_of_from_summary(f: &mut RawFollowUp, summary_as_of: Option<Loc<Scalar>>, diags: &mut Diagnostics) {
    if let Some(b3) = summary_as_of {
        match f.common.meta.iter().position(|(k, _)| k == "per") {
            Some(i) => {
                let dokument = &f.common.meta[i].1;
                if dokument.value.to_text() != b3.value.to_text() {
                    diags.push(
                        Diagnostic::warning(
                            format!(
                                "uppföljningsdatumet är {} i bladet Sammanfattning men {} i bladet Dokument; Sammanfattningens används",
                                b3.value.to_text(),
                                dokument.value.to_text()
                            ),
                            Some(dokument.at.clone()),
                        )
                        .with_hint(format!("ändra datumet på ett ställe: {} (formlerna räknar med det)", b3.at)),
                    );
                }
                f.common.meta[i].1 = b3;
            }
            None => f.common.meta.push(("per".to_string(), b3)),
        }
    }
}

/// The header cells that name no known column ("U2021", "Kostnad"), with
/// their texts; their values are kept in the row's Kommentar ("U2021: …").
fn unknown_columns(grid: &Grid, head: usize, cols: &[(usize, Col)]) -> Vec<(usize, String)> {
    grid.filled(head)
        .into_iter()
        .filter(|c| !cols.iter().any(|(cc, _)| cc == c))
        .map(|c| (c, crate::load::sheet::column_label(grid, head, c)))
        .collect()
}

/// A comment with the values of the row's unknown columns added, a line each.
fn with_extra(grid: &Grid, r: usize, comment: Option<Loc<String>>, extra: &[(usize, String)]) -> Option<Loc<String>> {
    let mut comment = comment;
    for (c, h) in extra {
        if let Some(v) = cell(grid, r, Some(*c)) {
            match comment.as_mut() {
                Some(prev) => {
                    use std::fmt::Write as _;
                    let _ = write!(prev.value, "\n{h}: {}", v.value);
                }
                None => comment = Some(Loc::new(format!("{h}: {}", v.value), v.at)),
            }
        }
    }
    comment
}

/// A repeated header row (as where a table was copied across pages).
fn is_header_again(grid: &Grid, r: usize, cols: &[(usize, Col)]) -> bool {
    let filled = grid.filled(r);
    filled.len() >= 2
        && filled.iter().all(|&c| {
            let here = grid.text(r, c).and_then(|t| column(&t));
            here.is_some() && cols.iter().any(|&(cc, col)| cc == c && Some(col) == here)
        })
}

fn find(cols: &[(usize, Col)], which: Col) -> Option<usize> {
    cols.iter().find(|(_, c)| *c == which).map(|(i, _)| *i)
}

/// As [`cell`], with a value merged down over rows applying to each of
/// them (see [`Grid::cell_or_merged`]); its place is where it is written.
fn merged(grid: &Grid, r: usize, c: Option<usize>) -> Option<Loc<String>> {
    let c = c?;
    if let Some(crate::load::sheet::Cell::Error(_)) = grid.cell(r, c) {
        return None;
    }
    grid.text_or_merged(r, c).map(|(at, t)| Loc::new(t, grid.origin(at, c)))
}

/// A cell's value (a date stays a date), merged down as in [`merged`];
/// formula errors read as empty.
fn value(grid: &Grid, r: usize, c: Option<usize>) -> Option<Loc<Scalar>> {
    let c = c?;
    match grid.cell_or_merged(r, c)? {
        (_, crate::load::sheet::Cell::Error(_)) => None,
        (at, v) => Some(Loc::new(scalar(v), grid.origin(at, c))),
    }
}

fn read_activities(
    grid: &Grid,
    head: usize,
    cols: &[(usize, Col)],
    extra: &[(usize, String)],
    f: &mut RawFollowUp,
    diags: &mut Diagnostics,
) {
    let col = |w| find(cols, w);
    // A sheet our export wrote ("Räknas som", "Passerat slutdatum").
    let ours = col(Col::Derived).is_some();
    let mut parents = Parents::default();
    // Without a Perspektiv column the sheet is one perspective, named by the sheet.
    if col(Col::Perspective).is_none() {
        let at = grid.sheet_origin();
        parents.perspective = Some(Loc::new(grid.sheet.trim().to_string(), at));
    }
    // A "Kommunövergripande mål: …" line above the header names the goal.
    for r in 0..head {
        if let Some(g) = goal_line(grid, r, false) {
            parents.set_goal(g);
        }
    }
    for r in head + 1..grid.rows.len() {
        if grid.filled(r).is_empty() || is_header_again(grid, r, cols) {
            continue;
        }
        error_cells(grid, r, diags);
        // A heading line inside the table: "Kommunövergripande mål: …".
        if let Some(g) = goal_line(grid, r, true) {
            parents.set_goal(g);
            continue;
        }
        if let Some(p) = cell(grid, r, col(Col::Perspective)) {
            parents.set_perspective(p);
        }
        if let Some(g) = cell(grid, r, col(Col::Goal)) {
            parents.set_goal(g);
        }
        if let Some(c) = cell(grid, r, col(Col::CommitteeGoal)) {
            parents.set_committee_goal(c);
        }
        if let Some(d) = cell(grid, r, col(Col::Description)) {
            parents.description = Some(d);
        }
        let text = cell(grid, r, col(Col::Activity));
        let (status, written) = status_cells(grid, r, cols);
        let part = RawPart {
            at: grid.origin(r, col(Col::Status).unwrap_or(0)),
            unit: merged(grid, r, col(Col::Unit)),
            status,
            written,
            comment: with_extra(grid, r, merged(grid, r, col(Col::Comment)), extra),
        };
        if let Some(last) = f.activities.last_mut()
            && continues(last, text.as_ref(), &part, &parents)
        {
            last.parts.push(part);
            continue;
        }
        let Some(text) = text else {
            diags.push(
                Diagnostic::error("raden saknar aktivitet", Some(grid.origin(r, col(Col::Activity).unwrap_or(0))))
                    .with_hint("skriv aktiviteten, eller ange Enhet om raden är en del av aktiviteten ovanför"),
            );
            continue;
        };
        let owners = merged(grid, r, col(Col::Owner))
            .map(|o| crate::load::sheet::split_owners(&o, ours, diags))
            .unwrap_or_default();
        f.activities.push(RawActivity {
            at: text.at.clone(),
            perspective: parents.perspective.clone(),
            goal: parents.goal.clone(),
            committee_goal: parents.committee_goal.clone(),
            description: parents.description.clone(),
            text: Some(text),
            end: value(grid, r, col(Col::End)),
            owners,
            parts: vec![part],
        });
    }
}

/// The identity of an activity across rows and files: its perspective,
/// goals and text, compared as headers are (case and spacing aside).
fn identity(a: &RawActivity) -> [String; 4] {
    let n = |l: &Option<Loc<String>>| l.as_ref().map(|l| normalise(&l.value)).unwrap_or_default();
    [n(&a.perspective), n(&a.goal), n(&a.committee_goal), n(&a.text)]
}

/// Joins an activity given again for other units (a later block of the
/// same sheet, or another unit's file) to its first occurrence: one
/// activity with one part per unit, as when its rows follow each other.
/// Only activities whose parts all name their unit are joined. A later
/// end date or owners that differ from the first are warned about; the
/// first are kept.
pub(crate) fn join_repeated(activities: Vec<RawActivity>, diags: &mut Diagnostics) -> Vec<RawActivity> {
    let by_unit = |a: &RawActivity| !a.parts.is_empty() && a.parts.iter().all(|p| p.unit.is_some());
    let mut out: Vec<RawActivity> = Vec::with_capacity(activities.len());
    for a in activities {
        let key = identity(&a);
        let Some(first) = (if by_unit(&a) { out.iter_mut().find(|o| by_unit(o) && identity(o) == key) } else { None })
        else {
            out.push(a);
            continue;
        };
        let shown = |e: &Option<Loc<Scalar>>| e.as_ref().map(|e| e.value.to_text()).unwrap_or_default();
        let (old, new) = (shown(&first.end), shown(&a.end));
        if first.end.is_none() {
            first.end = a.end;
        } else if !new.is_empty() && new != old {
            diags.push(
                Diagnostic::warning(
                    format!(
                        "aktiviteten \"{}\" har här slutdatum \"{new}\" men \"{old}\" där den står först; \"{old}\" används",
                        a.text.as_ref().map(|t| t.value.as_str()).unwrap_or_default()
                    ),
                    a.end.as_ref().map(|e| e.at.clone()),
                )
                .with_hint(format!("skriv samma slutdatum för aktiviteten i alla enheters rader ({})", first.at)),
            );
        }
        for o in a.owners {
            if !first.owners.iter().any(|f| normalise(&f.value) == normalise(&o.value)) {
                first.owners.push(o);
            }
        }
        first.parts.extend(a.parts);
    }
    out
}

/// The as-of date on a Sammanfattning sheet: the value beside the label
/// "Uppföljningsdatum" in its first rows (B3 in our export).
fn as_of_cell(grid: &Grid) -> Option<Loc<Scalar>> {
    (0..grid.rows.len().min(10)).find_map(|r| {
        let filled = grid.filled(r);
        let (&label, &value) = (filled.first()?, filled.get(1)?);
        (normalise(&grid.text(r, label)?) == "uppföljningsdatum").then(|| value_of(grid, r, value))?
    })
}

fn value_of(grid: &Grid, r: usize, c: usize) -> Option<Loc<Scalar>> {
    match grid.cell(r, c)? {
        crate::load::sheet::Cell::Error(_) => None,
        v => Some(Loc::new(scalar(v), grid.origin(r, c))),
    }
}

/// A "Kommunövergripande mål: …" line (alone on its row when `alone`).
fn goal_line(grid: &Grid, r: usize, alone: bool) -> Option<Loc<String>> {
    let filled = grid.filled(r);
    if alone && filled.len() != 1 {
        return None;
    }
    filled
        .into_iter()
        .find_map(|c| grid.text(r, c).and_then(|t| strip_goal_label(&t)).map(|g| Loc::new(g, grid.origin(r, c))))
}

/// Whether a row is a further sub-unit of the activity above: it names a
/// unit, as do all parts above, and either leaves the activity blank or
/// repeats it under the same committee goal (our export's layout).
fn continues(last: &RawActivity, text: Option<&Loc<String>>, part: &RawPart, parents: &Parents) -> bool {
    if part.unit.is_none() || !last.parts.iter().all(|p| p.unit.is_some()) {
        return false;
    }
    match text {
        None => true,
        Some(t) => {
            last.text.as_ref().is_some_and(|lt| lt.value == t.value)
                && last.committee_goal.as_ref().map(|l| &l.value) == parents.committee_goal.as_ref().map(|l| &l.value)
        }
    }
}

/// A row's status and the written status beside it. Our export writes the
/// canonical word in Status (a dropdown) and the written text ("Skjuts till
/// 2024") beside it; which one counts is decided in validation, against the
/// document's own status words (see `kinds::uppfoljning::validate`). A sheet with
/// only one of the two columns gives that one as the status.
fn status_cells(grid: &Grid, r: usize, cols: &[(usize, Col)]) -> (Option<Loc<String>>, Option<Loc<String>>) {
    match (merged(grid, r, find(cols, Col::Status)), merged(grid, r, find(cols, Col::StatusText))) {
        (Some(s), Some(written)) => (Some(s), Some(written)),
        (s, w) => (s.or(w), None),
    }
}

/// The goal after a "Kommunövergripande mål:" label, matched without regard
/// to case on whole characters (see [`crate::load::sheet::Folded`]).
fn strip_goal_label(t: &str) -> Option<String> {
    let folded = crate::load::sheet::Folded::new(t);
    let rest = ["kommunövergripande mål:", "kommunövergripande mål"]
        .iter()
        .find_map(|p| folded.strip_prefix(p))?
        .trim_start_matches(':')
        .trim()
        .to_string();
    (!rest.is_empty()).then_some(rest)
}

fn read_assignments(
    grid: &Grid,
    head: usize,
    cols: &[(usize, Col)],
    extra: &[(usize, String)],
    f: &mut RawFollowUp,
    diags: &mut Diagnostics,
) {
    let col = |w| find(cols, w);
    if f.assignments_column.is_none() {
        f.assignments_column = cell(grid, head, col(Col::Assignment));
    }
    // Lines above the table: the section heading, then its text.
    let mut lines = (0..head).flat_map(|r| grid.filled(r).into_iter().map(move |c| (r, c)));
    if f.assignments_title.is_none()
        && let Some((r, c)) = lines.next()
    {
        f.assignments_title = cell(grid, r, Some(c));
        let text: Vec<Loc<String>> = lines.filter_map(|(r, c)| cell(grid, r, Some(c))).collect();
        if let Some(first) = text.first() {
            let joined = text.iter().map(|l| l.value.as_str()).collect::<Vec<_>>().join("\n\n");
            f.assignments_text = Some(Loc::new(joined, first.at.clone()));
        }
    }
    for r in head + 1..grid.rows.len() {
        if grid.filled(r).is_empty() || is_header_again(grid, r, cols) {
            continue;
        }
        error_cells(grid, r, diags);
        let (status, written) = status_cells(grid, r, cols);
        f.assignments.push(RawAssignment {
            at: grid.origin(r, col(Col::Assignment).unwrap_or(0)),
            text: cell(grid, r, col(Col::Assignment)),
            end: value(grid, r, col(Col::End)),
            status,
            written,
            comment: with_extra(grid, r, cell(grid, r, col(Col::Comment)), extra),
        });
    }
}

/// The follow-up's *Indikatorer* sheet.
pub(crate) const INDICATOR_SHEET: crate::load::indicator::SheetLayout = crate::load::indicator::SheetLayout {
    sheet: "Indikatorer",
    owners: &["Perspektiv", "Kommunövergripande mål", "Nämndmål"],
    noun: "nämndmål",
    description: Some("Nämndmålets beskrivning"),
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_recognised_by_their_headers() {
        assert_eq!(column("Nämndmål"), Some(Col::CommitteeGoal));
        assert_eq!(column("Kommunövergripande mål"), Some(Col::Goal));
        assert_eq!(column("Nämndspecifika strategiska utvecklingsuppdrag"), Some(Col::Assignment));
        assert_eq!(column("Slutdatum"), Some(Col::End));
        assert_eq!(column("Status, som skriven"), Some(Col::StatusText));
        assert_eq!(column("Status"), Some(Col::Status));
        assert_eq!(column("Passerat slutdatum"), Some(Col::Derived));
    }

    #[test]
    fn goal_label_is_stripped() {
        assert_eq!(strip_goal_label("Kommunövergripande mål: Ökad trygghet").as_deref(), Some("Ökad trygghet"));
        assert_eq!(strip_goal_label("Något annat"), None);
        // The Kelvin sign (U+212A) and the Ångström sign (U+212B) lower-case
        // to "k" and "å", which are shorter: offsets of the folded text must
        // not be used on the original.
        assert_eq!(strip_goal_label("\u{212a}ommunövergripande mål: Välfärd").as_deref(), Some("Välfärd"));
        assert_eq!(strip_goal_label("KOMMUNÖVERGRIPANDE M\u{212b}L: Välfärd").as_deref(), Some("Välfärd"));
        assert_eq!(strip_goal_label("Kommunövergripande mål: İstanbul").as_deref(), Some("İstanbul"));
    }
}
