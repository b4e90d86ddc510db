//! The competence-supply plan (kompetensförsörjningsplan): chapters and
//! departments, each with an action table.

pub mod deck;
pub mod files;
pub mod load;
pub mod model;
pub mod template;
pub mod to_toml;
pub mod validate;
pub mod workbook;

use std::path::Path;

use chrono::NaiveDate;
use serde::Serialize;
use toml::de::DeTable;

use super::bildspel::model::Deck;
use super::{DateParts, DocumentKind, Info};
use crate::diag::Diagnostics;
use crate::load::parts::{HandIn, Naming, Parts};
use crate::load::profile::Target;
use crate::load::sheet::Grid;
use crate::load::toml::Walker;
use crate::load::{RawDocument, Sidecar};
use crate::model::{DocumentMeta, PhaseModel, Vocabulary};
use model::Plan;

/// The plan kind.
pub struct PlanKind;

#[derive(Serialize)]
struct Context<'a> {
    plan: &'a Plan,
    doc: &'a DocumentMeta,
    date: Option<DateParts>,
    tables: bool,
    missing: bool,
}

impl DocumentKind for PlanKind {
    type Raw = RawDocument;
    type Doc = Plan;
    const INFO: Info = Info {
        name: "plan",
        alias: "plan",
        help: "Kompetensförsörjningsplan",
        words: &["plan", "kompetensforsorjningsplan", "kompetensförsörjningsplan"],
        stem: "plan",
        title: "Kompetensförsörjningsplan",
        web_labels: ("kompetensförsörjningsplan", "plan"),
        the_document: "kompetensförsörjningsplanen",
        written_in_one_file: "Planen skrivs i en fil ({file}) och tar inte emot inlämningar. Ska avdelningarna lämna in var sin arbetsbok: lägg till [filer] mapp = \"avdelningar\" i {file}.",
        not_this: ("filen är inte en kompetensförsörjningsplan", None),
        template: ("plan.typ.j2", include_str!("../../../templates/plan/plan.typ.j2")),
        keeps_changes: false,
        rank: 3,
        keys: &[],
        hand_in: Some(HandIn {
            naming: Naming::InBook,
            one: "avdelning",
            many: "avdelningar",
            no_folder: (
                "projektet tar inte emot inlämningar: projektfilen anger ingen mapp för avdelningarnas filer",
                "lägg till [filer] mapp = \"avdelningar\" (eller fil = \"…\" under varje [[avdelning]]) i projektfilen",
            ),
            not_a_part: (
                "\"{file}\" är ingen avdelningsfil för en kompetensförsörjningsplan",
                "lämna in avdelningens arbetsbok, gjord från mallen (planrapport mall plan, eller Tomma mallar på sidan)",
            ),
        }),
    };

    fn from_toml(walker: &mut Walker, doc: &DeTable<'_>) -> RawDocument {
        walker.plan(doc)
    }

    fn resolve_files(raw: &mut RawDocument, warnings: &mut Diagnostics) {
        files::resolve(raw, warnings);
    }

    fn is_book(_grids: &[Grid]) -> bool {
        // The kind every workbook that is no other kind's is.
        true
    }

    fn from_grids(
        path: &Path,
        grids: &[Grid],
        warnings: Diagnostics,
        side: Option<Sidecar>,
    ) -> Result<(RawDocument, Diagnostics), Diagnostics> {
        load::from_grids(path, grids, warnings, side)
    }

    fn common(raw: &RawDocument) -> &RawDocument {
        raw
    }

    fn into_sidecar(raw: RawDocument) -> (RawDocument, Option<Vec<crate::load::RawStatusWord>>) {
        (raw, None)
    }

    fn profile_target(raw: &mut RawDocument) -> Target<'_> {
        Target { common: raw, statuses: None, thresholds: None, thresholds_in_meta: true }
    }

    fn missing_summary(raw: &RawDocument) -> Option<String> {
        files::missing_summary(raw)
    }

    fn parts(raw: &RawDocument, main: &Path, root: &Path) -> Option<Parts> {
        files::parts(raw, main, root)
    }

    fn part_names(raw: &RawDocument) -> Vec<String> {
        raw.departments.iter().filter_map(|d| d.name.as_ref().map(|n| n.value.clone())).collect()
    }

    fn validate(raw: &RawDocument) -> Result<(Plan, Diagnostics), Diagnostics> {
        crate::validate::run(raw, validate::within_limits, |v, raw| {
            let document = v.plan(raw);
            v.no_pictures("en plan");
            document
        })
    }

    fn meta(doc: &Plan) -> &DocumentMeta {
        &doc.meta
    }

    fn summary(plan: &Plan, input: &Path, warnings: usize) -> String {
        let tables = plan.departments.iter().filter(|d| d.row_count() > 0).count();
        format!(
            "{}: inga fel. {} kapitel, {} avdelningar ({} med handlingsplan), {} rader, {} varningar.",
            input.display(),
            plan.chapters.len()
                + plan.departments.iter().filter(|d| !d.sections.is_empty() || !d.text.is_empty()).count(),
            plan.departments.len(),
            tables,
            plan.row_count(),
            warnings,
        )
    }

    fn context(plan: &Plan, date: Option<DateParts>) -> minijinja::Value {
        minijinja::Value::from_serialize(&Context {
            plan,
            doc: &plan.meta,
            date,
            tables: plan.row_count() > 0,
            missing: plan.departments.iter().any(|d| d.missing.is_some()),
        })
    }

    fn workbook(plan: &Plan, date: Option<NaiveDate>) -> Option<Result<Vec<u8>, rust_xlsxwriter::XlsxError>> {
        Some(workbook::workbook(plan, date))
    }

    fn deck(plan: &Plan) -> Deck {
        deck::deck_from_plan(plan)
    }

    fn toml(plan: &Plan) -> String {
        to_toml::plan(plan)
    }

    fn input_template(
        phases: &PhaseModel,
        _vocabulary: &Vocabulary,
        date: Option<NaiveDate>,
    ) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
        crate::export::template::input_template(date, |wb, f| template::plan(wb, phases, f))
    }

    fn project_file(date: NaiveDate) -> String {
        use chrono::Datelike;
        let year = date.year();
        format!(
            "{}period = \"{year}–{}\"\nfasmodell = \"stockholm\"   # eller \"aruba\", eller en egen lista under [faser]\n\n\
             [[kapitel]]\nrubrik = \"Syfte\"\ntext = \"\"\"\nSkriv här vad planen ska uppnå och för vem.\n\"\"\"\n\n\
             [[avdelning]]\nnamn = \"Avdelning\"\ndatum = {date}\nansvarig_chef = \"Namn Namnsson\"\n\n\
             [[avdelning.rad]]\nfas = \"Utveckla\"\nmal = \"Exempel: medarbetarna har den kompetens uppdraget kräver\"\n\
             aktiviteter = [\"Exempel: kartlägga kompetensbehovet\"]\nmaldatum = \"Kontinuerligt\"\nansvariga = [\"Enhetschef\"]\n\
             uppfoljning = \"Tertial samt VB\"\n",
            super::project_head("plan", "Kompetensförsörjningsplan", date),
            year + 2
        )
    }
}

/// Reads and checks a plan.
///
/// # Errors
/// Every problem found, with its location; an input of another kind.
pub fn load_plan(input: &Path) -> Result<validate::Checked, Diagnostics> {
    super::load_as::<PlanKind>(input).map(|(plan, warnings)| validate::Checked { plan, warnings })
}
