//! The interim report (delårsrapport: DR1, DR2, VB): initiatives by phase
//! with their status, goals with indicators, and the changes since the
//! previous report.

pub mod changes;
pub mod deck;
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
use crate::load::profile::Target;
use crate::load::sheet::Grid;
use crate::load::toml::Walker;
use crate::load::{RawDocument, RawStatusWord, Sidecar};
use crate::model::{DocumentMeta, PhaseModel, Vocabulary};
use load::RawReport;
use model::Report;

/// The interim-report kind.
pub struct ReportKind;

#[derive(Serialize)]
struct Context<'a> {
    r: &'a Report,
    doc: &'a DocumentMeta,
    date: Option<DateParts>,
}

impl DocumentKind for ReportKind {
    type Raw = RawReport;
    type Doc = Report;
    const INFO: Info = Info {
        name: "delarsrapport",
        alias: "delårsrapport",
        help: "Delårsrapport (DR1, DR2, VB)",
        words: &["delarsrapport", "delårsrapport"],
        stem: "delarsrapport",
        title: "Delårsrapport",
        web_labels: ("delårsrapport", "delårsrapport"),
        the_document: "delårsrapporten",
        written_in_one_file: "Delårsrapporten skrivs i en fil ({file}) och sätts inte samman av flera filer, så den tar inte emot inlämningar. Ändra i filen och spara, så byggs den om här.",
        not_this: ("filen är inte en delårsrapport", Some("ange typ = \"delarsrapport\" under [dokument]")),
        template: ("delarsrapport.typ.j2", include_str!("../../../templates/delarsrapport/delarsrapport.typ.j2")),
        keeps_changes: true,
        rank: 0,
        keys: &[("rapport", "Rapport"), ("ar", "År")],
        hand_in: None,
    };

    fn from_toml(walker: &mut Walker, doc: &DeTable<'_>) -> RawReport {
        walker.check_keys(doc, &load::TOP_KEYS, "filen");
        let common = walker.common(doc, crate::kinds::meta_keys());
        walker.report(doc, common)
    }

    fn is_book(grids: &[Grid]) -> bool {
        load::is_report_book(grids)
    }

    fn from_grids(
        path: &Path,
        grids: &[Grid],
        warnings: Diagnostics,
        side: Option<Sidecar>,
    ) -> Result<(RawReport, Diagnostics), Diagnostics> {
        let (mut r, mut warnings) = load::from_grids(path, grids, warnings);
        if let Some(side) = side {
            warnings.extend(side.warnings);
            if let Some(statuses) = side.statuses
                && r.statuses.is_empty()
            {
                r.statuses = statuses;
            }
            crate::load::merge_sidecar(&mut r.common, side.common, &mut warnings);
        }
        Ok((r, warnings))
    }

    fn common(raw: &RawReport) -> &RawDocument {
        &raw.common
    }

    fn into_sidecar(raw: RawReport) -> (RawDocument, Option<Vec<RawStatusWord>>) {
        (raw.common, Some(raw.statuses))
    }

    fn profile_target(raw: &mut RawReport) -> Target<'_> {
        Target {
            common: &mut raw.common,
            statuses: Some(&mut raw.statuses),
            thresholds: Some((&mut raw.achieved, &mut raw.partly)),
            thresholds_in_meta: false,
        }
    }

    fn validate(raw: &RawReport) -> Result<(Report, Diagnostics), Diagnostics> {
        crate::validate::run(raw, validate::within_limits, crate::validate::Validator::report)
    }

    fn meta(doc: &Report) -> &DocumentMeta {
        &doc.meta
    }

    fn summary(r: &Report, input: &Path, warnings: usize) -> String {
        format!(
            "{}: inga fel. {}: {} faser, {} insatser{}, {} målvärden, {} varningar.",
            input.display(),
            r.label,
            r.phases.len(),
            r.initiatives().filter(|i| !i.goal_only).count(),
            match r.initiatives().filter(|i| i.goal_only).count() {
                0 => String::new(),
                n => format!(", {n} mål med bara indikatorer"),
            },
            r.initiatives().flat_map(|i| &i.indicators).map(|i| i.years.len()).sum::<usize>(),
            warnings,
        )
    }

    fn context(r: &Report, date: Option<DateParts>) -> minijinja::Value {
        minijinja::Value::from_serialize(&Context { r, doc: &r.meta, date })
    }

    fn workbook(r: &Report, date: Option<NaiveDate>) -> Option<Result<Vec<u8>, rust_xlsxwriter::XlsxError>> {
        Some(workbook::workbook(r, date))
    }

    fn deck(r: &Report) -> Deck {
        deck::deck_from_report(r)
    }

    fn toml(r: &Report) -> String {
        to_toml::report(r)
    }

    fn mark_changes(current: &mut Report, previous: &Report, warnings: &mut Diagnostics) -> bool {
        validate::mark_changes(current, previous);
        // A text that says changes are marked in yellow is right now.
        if !current.changes.is_empty() {
            warnings.items.retain(|d| !d.message.starts_with(crate::validate::MARKS_PROMISED));
        }
        true
    }

    fn phases() -> PhaseModel {
        PhaseModel::built_in("aruba").unwrap_or_default()
    }

    fn input_template(
        phases: &PhaseModel,
        vocabulary: &Vocabulary,
        date: Option<NaiveDate>,
    ) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
        let statuses = crate::export::template::status_words(vocabulary);
        crate::export::template::input_template(date, |wb, f| template::report(wb, phases, &statuses, f))
    }

    fn project_file(date: NaiveDate) -> String {
        use chrono::Datelike;
        let year = date.year();
        format!(
            "{}rapport = \"DR1\"\nar = {year}\nfasmodell = \"aruba\"\n\n\
             [[kapitel]]\nrubrik = \"Sammanfattning\"\ntext = \"Skriv en sammanfattning här.\"\n\n\
             [[insats]]\nfas = \"Attrahera\"\nnamn = \"Exempel: ambassadörsprogram\"\nstatus = \"Pågår\"\nsyfte = \"Syftar till att …\"\n\
             [[insats.mal]]\nindikator = \"Antal ambassadörer\"\nenhet = \"st\"\n[[insats.mal.ar]]\nar = {year}\nmal = 10\n\
             resultattext = \"Resultat ej fastställt än.\"\n",
            super::project_head("delarsrapport", "Uppföljning av kompetensstrategi", date)
        )
    }
}

/// Reads and checks an interim report.
///
/// # Errors
/// Every problem found, with its location; an input of another kind.
pub fn load_report(input: &Path) -> Result<validate::CheckedReport, Diagnostics> {
    super::load_as::<ReportKind>(input).map(|(report, warnings)| validate::CheckedReport { report, warnings })
}
