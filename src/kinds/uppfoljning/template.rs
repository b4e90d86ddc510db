//! The empty input workbook (`mall`): its sheets, columns and help.

use rust_xlsxwriter::{Workbook, XlsxError};

use crate::export::template::{
    Column, Formats, col, document_fields, document_sheet, indicator_columns, instructions, table, words_of,
};
use crate::model::Vocabulary;

pub(crate) fn followup(wb: &mut Workbook, statuses: &[String], f: &Formats) -> Result<(), XlsxError> {
    let status_help =
        "Välj status i listan (orden står i bladet Statusord) eller skriv med egna ord. Skriv mer i Kommentar.";
    let columns = [
        ("Perspektiv", 14.0, "Samhälle, Medborgare, Ekonomi, Verksamhet, Medarbetare …").into(),
        ("Kommunövergripande mål", 26.0, "Samma text på alla rader under samma mål.").into(),
        ("Nämndmål", 26.0, "Nämndmålets rubrik; samma på alla dess aktiviteter.").into(),
        ("Beskrivning av nämndmålet", 30.0, "Valfritt: nämndmålets längre beskrivning.").into(),
        ("Aktivitet", 40.0, "En aktivitet per rad.").into(),
        ("Enhet", 8.0, "Valfritt: när status anges per enhet (ÄO, LSS), en rad per enhet med samma aktivitet.").into(),
        Column { date: true, ..col("Slutdatum", 12.0, "Ett datum (ÅÅÅÅ-MM-DD) eller text: 2025, Kontinuerligt.") },
        Column {
            list: Some(statuses.to_vec()),
            range: Some(words_of("Statusord")),
            ..col("Status", 14.0, status_help)
        },
        ("Kommentar", 40.0, "Vad har hänt, vad återstår.").into(),
        ("Ansvarig", 16.0, "Namn eller funktion; flera på egna rader.").into(),
    ];
    instructions(
        wb,
        "Så fyller du i uppföljningen",
        &[
            "1. Fyll i bladet Dokument: titel, organisation, datum och Uppföljningsdatum (till exempel 2025-04-30).",
            "2. Skriv en rad per aktivitet i bladet Aktiviteter. Perspektiv, kommunövergripande mål och nämndmål upprepas på varje rad.",
            "3. Välj status i listan. Statusorden och deras färger finns i bladet Statusord och kan ändras där.",
            "4. Strategiska uppdrag skrivs i bladet Uppdrag, en rad per uppdrag.",
            "5. Indikatorer för nämndmålen i bladet Indikatorer: en rad per indikator och år, med mål (75, Minst 55 %, <10, Ska öka) och resultat. Ett nämndmål kan ha bara indikatorer.",
            "6. Kör: planrapport bygg arbetsboken.xlsx — aktiviteter som passerat slutdatum utan att vara klara varnas för.",
        ],
        (
            &columns,
            &[
                "Medborgare",
                "Välfärdstjänster med hög kvalitet",
                "Vård med individen i centrum",
                "",
                "Säkerställa IBIC genom uppföljning av genomförandeplaner",
                "",
                "2025-11-01",
                statuses.get(1).map_or("Pågår", String::as_str),
                "Arbetet pågår enligt plan.",
                "Avdelningschef",
            ],
        ),
        f,
    )?;
    let mut fields = document_fields("uppföljning");
    fields.insert(6, ("Uppföljningsdatum", "", "Datumet uppföljningen avser, ÅÅÅÅ-MM-DD (per den …)."));
    document_sheet(wb, &fields, f)?;
    let ws = wb.add_worksheet();
    ws.set_name("Aktiviteter")?;
    table(ws, 0, &columns, "Aktiviteter", f)?;
    let ws = wb.add_worksheet();
    ws.set_name("Uppdrag")?;
    ws.write_string_with_format(0, 0, "Strategiska utvecklingsuppdrag", &f.title)?;
    ws.write_blank(1, 0, &f.input)?;
    let assignment = [
        ("Uppdrag", 50.0, "Uppdraget som det är formulerat.").into(),
        Column { date: true, ..col("Slutdatum", 12.0, "Valfritt.") },
        Column {
            list: Some(statuses.to_vec()),
            range: Some(words_of("Statusord")),
            ..col("Status", 14.0, status_help)
        },
        ("Kommentar", 50.0, "Vad har gjorts.").into(),
    ];
    table(ws, 3, &assignment, "Uppdrag", f)?;
    let indicators = indicator_columns(vec![
        ("Perspektiv", 14.0, "Som i bladet Aktiviteter; tomt: som raden ovanför.").into(),
        ("Kommunövergripande mål", 26.0, "Som i bladet Aktiviteter; tomt: som raden ovanför.").into(),
        col(
            "Nämndmål",
            26.0,
            "Nämndmålets rubrik, som i bladet Aktiviteter (eller ett nämndmål med bara indikatorer).",
        ),
    ]);
    let ws = wb.add_worksheet();
    ws.set_name("Indikatorer")?;
    table(ws, 0, &indicators, "Indikatorer", f)?;
    let vocabulary = Vocabulary::default();
    let ws = wb.add_worksheet();
    ws.set_name("Statusord")?;
    for (c, (h, w)) in (0u16..).zip([("Ord", 16.0), ("Betyder", 14.0), ("Färg", 10.0), ("Synonymer", 80.0)]) {
        ws.write_string_with_format(0, c, h, &f.header)?;
        ws.set_column_width(c, w)?;
    }
    for (r, w) in (1u32..).zip(&vocabulary.words) {
        ws.write_string_with_format(r, 0, &w.word, &f.input)?;
        ws.write_string_with_format(r, 1, w.kind.key(), &f.text)?;
        ws.write_string_with_format(r, 2, &w.colour, &f.input)?;
        ws.write_string_with_format(r, 3, w.synonyms.join(", "), &f.input)?;
    }
    Ok(())
}
