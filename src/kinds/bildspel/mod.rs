//! The slide deck (bildspel, 16:9): written as its own input, or made from
//! a document of another kind (`--bildspel`).

pub mod load;
pub mod model;
pub mod template;
pub mod to_toml;
pub mod validate;
pub mod workbook;

use std::path::Path;

use chrono::NaiveDate;
use toml::de::DeTable;

use super::{DateParts, DocumentKind, Info};
use crate::diag::Diagnostics;
use crate::load::profile::Target;
use crate::load::sheet::Grid;
use crate::load::toml::Walker;
use crate::load::{RawDocument, RawStatusWord, Sidecar};
use crate::model::{DocumentMeta, PhaseModel, Vocabulary};
use load::RawDeck;
use model::Deck;

/// The deck kind.
pub struct DeckKind;

#[derive(serde::Serialize)]
struct Context<'a> {
    d: &'a Deck,
    doc: &'a DocumentMeta,
    date: Option<DateParts>,
}

impl DocumentKind for DeckKind {
    type Raw = RawDeck;
    type Doc = Deck;
    const INFO: Info = Info {
        name: "presentation",
        alias: "bildspel",
        help: "Bildspel (16:9)",
        words: &["presentation", "bildspel"],
        stem: "bildspel",
        title: "Bildspel",
        web_labels: ("bildspel", "bildspel"),
        the_document: "bildspelet",
        written_in_one_file: "Bildspelet skrivs i en fil ({file}) och sätts inte samman av flera filer, så det tar inte emot inlämningar. Ändra i filen och spara, så byggs det om här.",
        not_this: ("filen är inte ett bildspel", Some("ange typ = \"presentation\" under [dokument]")),
        template: ("bildspel.typ.j2", include_str!("../../../templates/bildspel/bildspel.typ.j2")),
        keeps_changes: false,
        rank: 1,
        keys: &[],
        hand_in: None,
    };

    fn from_toml(walker: &mut Walker, doc: &DeTable<'_>) -> RawDeck {
        walker.check_keys(doc, &load::TOP_KEYS, "filen");
        let common = walker.common(doc, crate::kinds::meta_keys());
        walker.deck(doc, common)
    }

    fn is_book(grids: &[Grid]) -> bool {
        load::is_deck_book(grids)
    }

    fn from_grids(
        path: &Path,
        grids: &[Grid],
        warnings: Diagnostics,
        _side: Option<Sidecar>,
    ) -> Result<(RawDeck, Diagnostics), Diagnostics> {
        // A deck's workbook carries its metadata itself: its sidecar is read
        // (a problem with it is an error) but not used.
        Ok(load::from_grids(path, grids, warnings))
    }

    fn common(raw: &RawDeck) -> &RawDocument {
        &raw.common
    }

    fn into_sidecar(raw: RawDeck) -> (RawDocument, Option<Vec<RawStatusWord>>) {
        (raw.common, None)
    }

    fn profile_target(raw: &mut RawDeck) -> Target<'_> {
        Target { common: &mut raw.common, statuses: None, thresholds: None, thresholds_in_meta: false }
    }

    fn date_checked(_raw: &RawDeck) -> bool {
        // A deck's date is checked where it is laid out.
        false
    }

    fn validate(raw: &RawDeck) -> Result<(Deck, Diagnostics), Diagnostics> {
        crate::validate::run(raw, validate::within_limits, |v, raw| {
            let document = v.deck(raw);
            v.no_pictures("ett bildspel");
            document
        })
    }

    fn meta(doc: &Deck) -> &DocumentMeta {
        &doc.meta
    }

    fn summary(d: &Deck, input: &Path, warnings: usize) -> String {
        format!("{}: inga fel. Bildspel med {} bilder, {} varningar.", input.display(), d.slides.len(), warnings)
    }

    fn context(d: &Deck, date: Option<DateParts>) -> minijinja::Value {
        minijinja::Value::from_serialize(&Context { d, doc: &d.meta, date })
    }

    fn convert_workbook(d: &Deck, date: Option<NaiveDate>) -> Option<Result<Vec<u8>, rust_xlsxwriter::XlsxError>> {
        Some(workbook::workbook(d, date))
    }

    fn deck(d: &Deck) -> Deck {
        d.clone()
    }

    fn toml(d: &Deck) -> String {
        to_toml::deck(d)
    }

    fn input_template(
        _phases: &PhaseModel,
        _vocabulary: &Vocabulary,
        date: Option<NaiveDate>,
    ) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
        crate::export::template::input_template(date, template::deck)
    }

    fn project_file(date: NaiveDate) -> String {
        format!(
            "{}\n[[bild]]\ntyp = \"titel\"\nunderrubrik = \"Underrubrik\"\n\n\
             [[bild]]\nrubrik = \"Bakgrund\"\npunkter = [\"Första punkten\", \"Andra punkten\"]\n",
            super::project_head("presentation", "Presentationens titel", date)
        )
    }
}
