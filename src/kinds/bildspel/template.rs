//! The empty input workbook (`mall`): its sheets, columns and help.

use rust_xlsxwriter::{Workbook, XlsxError};

use crate::export::template::{Column, Formats, col, document_fields, document_sheet, instructions, table};

pub(crate) fn deck(wb: &mut Workbook, f: &Formats) -> Result<(), XlsxError> {
    let columns = [
        ("Bild", 6.0, "Bildens nummer; alla rader för samma bild har samma nummer.").into(),
        Column {
            list: Some(vec!["innehall".into(), "titel".into(), "avsnitt".into()]),
            ..col("Typ", 10.0, "På bildens första rad: innehall (standard), titel eller avsnitt.")
        },
        ("Rubrik", 40.0, "På bildens första rad: bildens rubrik.").into(),
        ("Underrubrik", 16.0, "På bildens första rad: underrubrik. På en händelse: händelsens rubrik (Start).").into(),
        Column {
            list: Some(
                ["punkt", "text", "tal", "grupp", "händelse", "talare"].iter().map(|s| (*s).to_string()).collect(),
            ),
            ..col("Element", 10.0, "punkt, text, tal, grupp, händelse eller talare.")
        },
        ("Värde", 12.0, "tal: talet; grupp: gruppens namn; händelse: år; talare: namn.").into(),
        ("Text", 80.0, "Texten; grupp: rollerna, en per rad.").into(),
    ];
    instructions(
        wb,
        "Så fyller du i bildspelet",
        &[
            "1. Fyll i bladet Dokument: titel, organisation, datum och gärna Färg (#rrggbb).",
            "2. I bladet Bilder: en rad med bildens nummer, typ och rubrik, sedan en rad per innehåll (punkt, text, tal …) med samma nummer.",
            "3. Innehåll som inte får plats fortsätter på en ny bild (forts.).",
        ],
        (&columns, &["1", "innehall", "Växjö kommun", "", "tal", "97100", "invånare i kommunen"]),
        f,
    )?;
    document_sheet(wb, &document_fields("presentation"), f)?;
    let ws = wb.add_worksheet();
    ws.set_name("Bilder")?;
    table(ws, 0, &columns, "Bilder", f)?;
    Ok(())
}
