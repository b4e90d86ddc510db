//! The empty input workbook (`mall`): its sheets, columns and help.

use rust_xlsxwriter::{Workbook, XlsxError};

use crate::export::template::{
    Column, Formats, col, document_fields, document_sheet, indicator_columns, instructions, phase_sheet, table,
    words_of,
};
use crate::model::PhaseModel;

pub(crate) fn plan(wb: &mut Workbook, phases: &PhaseModel, f: &Formats) -> Result<(), XlsxError> {
    let columns = [
        Column {
            list: Some(phases.phases.clone()),
            range: Some(words_of("Faser")),
            ..col("Fas", 13.0, "Välj fas i listan (faserna står i bladet Faser och kan ändras där).")
        },
        ("Vad ska vi uppnå?", 36.0, "Målet: vad ska vara uppnått?").into(),
        ("Aktivitet – Hur gör vi det?", 46.0, "En aktivitet per rad i cellen (Alt+Enter för ny rad).").into(),
        Column {
            date: true,
            ..col(
                "Måldatum – När ska det vara klart?",
                18.0,
                "Ett datum (ÅÅÅÅ-MM-DD) eller text: Dec 2025, 2025, Kontinuerligt.",
            )
        },
        ("Ansvarig (Funktion)", 24.0, "Funktion, inte namn. En per rad i cellen.").into(),
        ("Resurser (timmar, kronor, personal)", 20.0, "Valfritt.").into(),
        ("Uppföljning / Kommentar", 26.0, "När följs det upp (Tertial, VB) eller en kommentar.").into(),
    ];
    instructions(
        wb,
        "Så fyller du i handlingsplanen",
        &[
            "1. Skriv avdelningens namn, datum och ansvarig chef överst i bladet Avdelning. Byt gärna namn på bladet till avdelningens namn.",
            "2. Fyll i en rad per mål i tabellen. Välj fas i listan i första kolumnen. Flera aktiviteter eller ansvariga i samma cell skrivs på egna rader (Alt+Enter).",
            "3. Måldatum kan vara ett datum eller text som Dec 2025, 2025 eller Kontinuerligt.",
            "4. Fyll i bladet Dokument (titel, organisation, datum). Flera avdelningar: kopiera bladet Avdelning, ett blad per avdelning.",
            "5. Kör: planrapport bygg arbetsboken.xlsx — fel och varningar anger blad och cell.",
        ],
        (
            &columns,
            &[
                "Utveckla",
                "Stärkt kompetens i dokumentation",
                "Internutbildning med dokumentationsombud\nHandledning på arbetsplatsträffar",
                "Dec 2025",
                "Enhetschef",
                "",
                "Tertial samt VB",
            ],
        ),
        f,
    )?;
    document_sheet(wb, &document_fields("plan"), f)?;
    phase_sheet(wb, phases, f)?;
    let ws = wb.add_worksheet();
    ws.set_name("Avdelning")?;
    for (r, c, label) in [(0u32, 0u16, "Avdelning/Enhet:"), (0, 2, "Datum:"), (1, 0, "Ansvarig chef:")] {
        ws.write_string_with_format(r, c, label, &f.label)?;
        let format = if label == "Datum:" { &f.date } else { &f.input };
        ws.write_blank(r, c + 1, format)?;
    }
    table(ws, 3, &columns, "Handlingsplan", f)?;
    let indicators = indicator_columns(vec![
        ("Avdelning", 18.0, "Avdelningens namn, som på dess blad; tomt: som raden ovanför.").into(),
        ("Vad ska vi uppnå?", 26.0, "Målet exakt som i handlingsplanen.").into(),
    ]);
    let ws = wb.add_worksheet();
    ws.set_name("Indikatorer")?;
    table(ws, 0, &indicators, "Indikatorer", f)?;
    Ok(())
}
