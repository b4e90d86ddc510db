//! The follow-up of an operational plan (uppföljning): perspectives,
//! goals and activities with their status, and indicators.

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
use crate::load::{RawDocument, RawStatusWord, Sidecar};
use crate::model::{DocumentMeta, PhaseModel, Vocabulary};
use load::RawFollowUp;
use model::FollowUp;

/// The follow-up kind.
pub struct FollowUpKind;

#[derive(Serialize)]
struct Context<'a> {
    f: &'a FollowUp,
    doc: &'a DocumentMeta,
    date: Option<DateParts>,
}

impl DocumentKind for FollowUpKind {
    type Raw = RawFollowUp;
    type Doc = FollowUp;
    const INFO: Info = Info {
        name: "uppfoljning",
        alias: "uppföljning",
        help: "Uppföljning av verksamhetsplan",
        words: &["uppfoljning", "uppföljning"],
        stem: "uppfoljning",
        title: "Uppföljning av verksamhetsplan",
        web_labels: ("uppföljning", "uppföljning"),
        the_document: "uppföljningen",
        written_in_one_file: "Uppföljningen skrivs i en fil ({file}) och tar inte emot inlämningar. Ska enheterna lämna in var sin arbetsbok: lägg till [filer] mapp = \"enheter\" och ett [[enhet]] namn = \"…\" för varje enhet i {file}.",
        not_this: ("filen är inte en uppföljning", Some("ange typ = \"uppfoljning\" under [dokument]")),
        template: ("uppfoljning.typ.j2", include_str!("../../../templates/uppfoljning/uppfoljning.typ.j2")),
        keeps_changes: false,
        rank: 2,
        keys: &[("per", "Uppföljningsdatum")],
        hand_in: Some(HandIn {
            naming: Naming::ChosenOrFile,
            one: "enhet",
            many: "enheter",
            no_folder: (
                "projektet tar inte emot inlämningar: projektfilen anger ingen mapp för enheternas filer",
                "lägg till [filer] mapp = \"enheter\" och ett [[enhet]] namn = \"…\" för varje enhet i projektfilen",
            ),
            not_a_part: (
                "\"{file}\" är ingen enhetsfil för en uppföljning",
                "lämna in enhetens arbetsbok, gjord från mallen (planrapport mall uppfoljning, eller Tomma mallar på sidan)",
            ),
        }),
    };

    fn from_toml(walker: &mut Walker, doc: &DeTable<'_>) -> RawFollowUp {
        walker.check_keys(doc, &load::TOP_KEYS, "filen");
        let common = walker.common(doc, crate::kinds::meta_keys());
        walker.followup(doc, common)
    }

    fn resolve_files(raw: &mut RawFollowUp, warnings: &mut Diagnostics) {
        files::resolve_followup(raw, warnings);
    }

    fn is_book(grids: &[Grid]) -> bool {
        load::is_followup_book(grids)
    }

    fn from_grids(
        path: &Path,
        grids: &[Grid],
        warnings: Diagnostics,
        side: Option<Sidecar>,
    ) -> Result<(RawFollowUp, Diagnostics), Diagnostics> {
        let (mut f, mut warnings) = load::from_grids(path, grids, warnings);
        if let Some(side) = side {
            warnings.extend(side.warnings);
            if let Some(statuses) = side.statuses
                && f.statuses.is_empty()
            {
                f.statuses = statuses;
            }
            crate::load::merge_sidecar(&mut f.common, side.common, &mut warnings);
        }
        // Without a title given, that of a title line above the table.
        if f.common.meta("titel").is_none()
            && let Some(title) = load::heading_title(grids)
        {
            f.common.meta.push(("titel".to_string(), title));
        }
        Ok((f, warnings))
    }

    fn common(raw: &RawFollowUp) -> &RawDocument {
        &raw.common
    }

    fn into_sidecar(raw: RawFollowUp) -> (RawDocument, Option<Vec<RawStatusWord>>) {
        (raw.common, Some(raw.statuses))
    }

    fn profile_target(raw: &mut RawFollowUp) -> Target<'_> {
        Target {
            common: &mut raw.common,
            statuses: Some(&mut raw.statuses),
            thresholds: Some((&mut raw.achieved, &mut raw.partly)),
            thresholds_in_meta: false,
        }
    }

    fn missing_summary(raw: &RawFollowUp) -> Option<String> {
        files::missing_units_summary(raw)
    }

    fn parts(raw: &RawFollowUp, _main: &Path, root: &Path) -> Option<Parts> {
        files::parts(raw, root)
    }

    fn validate(raw: &RawFollowUp) -> Result<(FollowUp, Diagnostics), Diagnostics> {
        crate::validate::run(raw, validate::within_limits, |v, raw| {
            let document = v.followup(raw);
            v.no_pictures("en uppföljning");
            document
        })
    }

    fn meta(doc: &FollowUp) -> &DocumentMeta {
        &doc.meta
    }

    fn summary(f: &FollowUp, input: &Path, warnings: usize) -> String {
        // A follow-up of indicators only says nothing about activities.
        let indicators = f.indicators().count();
        let activities = if f.counts.total > 0 || indicators == 0 {
            format!(", {} aktiviteter ({} genomförda, {} försenade)", f.counts.total, f.counts.done, f.counts.overdue)
        } else {
            String::new()
        };
        let indicators = if indicators > 0 { format!(", {indicators} indikatorer") } else { String::new() };
        format!(
            "{}: inga fel. Uppföljning per {}: {} uppdrag, {} perspektiv{activities}{indicators}, {} varningar.",
            input.display(),
            f.as_of_long,
            f.assignments.as_ref().map_or(0, |a| a.rows.len()),
            f.perspectives.len(),
            warnings,
        )
    }

    fn context(f: &FollowUp, date: Option<DateParts>) -> minijinja::Value {
        minijinja::Value::from_serialize(&Context { f, doc: &f.meta, date })
    }

    fn workbook(f: &FollowUp, date: Option<NaiveDate>) -> Option<Result<Vec<u8>, rust_xlsxwriter::XlsxError>> {
        Some(workbook::workbook(f, date))
    }

    fn deck(f: &FollowUp) -> Deck {
        deck::deck_from_followup(f)
    }

    fn toml(f: &FollowUp) -> String {
        to_toml::followup(f)
    }

    fn input_template(
        _phases: &PhaseModel,
        vocabulary: &Vocabulary,
        date: Option<NaiveDate>,
    ) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
        let statuses = crate::export::template::status_words(vocabulary);
        crate::export::template::input_template(date, |wb, f| template::followup(wb, &statuses, f))
    }

    fn project_file(date: NaiveDate) -> String {
        use chrono::Datelike;
        let year = date.year();
        format!(
            "{}per = {date}                 # uppföljningsdatumet: \"per den …\"\n\n\
             [[kapitel]]\nrubrik = \"Uppföljning av verksamhetsplanen\"\ntext = \"Uppföljningen har fokus på om aktiviteterna är genomförda.\"\n\n\
             [[perspektiv]]\nnamn = \"Medborgare\"\n[[perspektiv.mal]]\nnamn = \"Exempel: välfärdstjänster med hög kvalitet\"\n\
             [[perspektiv.mal.namndmal]]\nrubrik = \"Exempel: vård med individen i centrum\"\n\
             [[perspektiv.mal.namndmal.aktivitet]]\ntext = \"Exempel: följa upp genomförandeplaner\"\nslutdatum = \"{year}-12-31\"\n\
             status = \"Pågår\"\nkommentar = \"\"\nansvarig = \"Avdelningschef\"\n",
            super::project_head("uppfoljning", "Uppföljning av verksamhetsplan", date)
        )
    }
}

/// Reads and checks a follow-up.
///
/// # Errors
/// Every problem found, with its location; an input of another kind.
pub fn load_followup(input: &Path) -> Result<validate::CheckedFollowUp, Diagnostics> {
    super::load_as::<FollowUpKind>(input).map(|(followup, warnings)| validate::CheckedFollowUp { followup, warnings })
}
