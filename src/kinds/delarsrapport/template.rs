//! The empty input workbook (`mall`): its sheets, columns and help.

use rust_xlsxwriter::{Workbook, XlsxError};

use crate::export::template::{
    Column, Formats, col, document_fields, document_sheet, indicator_columns, instructions, phase_sheet, table,
    words_of,
};
use crate::model::PhaseModel;

pub(crate) fn report(
    wb: &mut Workbook,
    phases: &PhaseModel,
    statuses: &[String],
    f: &Formats,
) -> Result<(), XlsxError> {
    let initiatives = [
        Column {
            list: Some(phases.phases.clone()),
            range: Some(words_of("Faser")),
            ..col("Fas", 16.0, "Välj fas i listan (faserna står i bladet Faser och kan ändras där).")
        },
        ("Insats", 28.0, "Insatsens namn; samma namn används i bladet Mål.").into(),
        Column { list: Some(statuses.to_vec()), ..col("Status", 12.0, "Välj status i listan.") },
        ("Syfte", 40.0, "Syftar till att …").into(),
        ("Genomfört", 40.0, "Vad har gjorts.").into(),
        ("Pågående", 40.0, "Vad pågår.").into(),
        ("Planerat", 34.0, "Vad planeras.").into(),
        ("Kommentar", 40.0, "Kommentar.").into(),
        ("Övrigt", 30.0, "Annan text. En rad med bara Fas och Övrigt är en mening om fasen.").into(),
    ];
    let targets = indicator_columns(vec![col("Insats", 26.0, "Insatsens namn som i bladet Insatser.")]);
    instructions(
        wb,
        "Så fyller du i delårsrapporten",
        &[
            "1. Fyll i bladet Dokument: titel, Rapport (DR1, DR2 eller VB), År och datum.",
            "2. En rad per insats i bladet Insatser; välj fas och status i listorna.",
            "3. Målvärden i bladet Mål: en rad per indikator och år. Målet som tal eller text (Minst 55 %, <10, 90–95 %, Ska öka) eller som ökning i procent från ett utgångsläge. Riktning lägre när lägre är bättre.",
            "4. Kör: planrapport bygg arbetsboken.xlsx --previous förra-rapporten.xlsx för att markera vad som är nytt eller ändrat.",
        ],
        (
            &initiatives,
            &[
                "Attrahera",
                "Ambassadörsprogram",
                "Pågår",
                "Syftar till att attrahera nya sökande.",
                "Mässor och skolbesök.",
                "",
                "",
                "",
                "",
            ],
        ),
        f,
    )?;
    let mut fields = document_fields("delårsrapport");
    fields.insert(2, ("Rapport", "", "DR1, DR2 eller VB."));
    fields.insert(3, ("År", "", "Rapportens år."));
    document_sheet(wb, &fields, f)?;
    let ws = wb.add_worksheet();
    ws.set_name("Insatser")?;
    table(ws, 0, &initiatives, "Insatser", f)?;
    let ws = wb.add_worksheet();
    ws.set_name("Mål")?;
    table(ws, 0, &targets, "Mål", f)?;
    phase_sheet(wb, phases, f)?;
    Ok(())
}
