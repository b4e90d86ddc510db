//! Empty input workbooks (`planrapport mall KIND FIL.xlsx`): an instructions
//! sheet in Swedish with a filled example row, sheets with exactly the
//! header rows the readers expect, widths and wrapping, dropdowns for phase,
//! status and kinds that list the configured words (phases and statuses from
//! the workbook's own Faser and Statusord sheets, so edits there follow) and
//! warn rather than refuse a word of one's own, an input message per column,
//! date-formatted date cells that also accept text, and print setup. No
//! sheet protection: columns and rows may be inserted and cells merged.
//! A filled-in template reads back without adjustment.

use chrono::NaiveDate;
use rust_xlsxwriter::{
    DataValidation, DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError,
};

use super::xlsx::{ACCENT, excel_date, print_setup};
use crate::model::{PhaseModel, Vocabulary};

/// Rows made ready for input below each header.
const DATA_ROWS: u32 = 300;

/// A column of an input sheet: header, width, input message, and how its
/// cells are checked.
struct Column<'a> {
    header: &'a str,
    width: f64,
    help: &'a str,
    list: Option<Vec<String>>,
    /// The list as a range over one of the workbook's own sheets (its
    /// Faser or Statusord), so that words added there appear in the
    /// dropdown; `list` then says what the range holds now.
    range: Option<String>,
    date: bool,
}

fn col<'a>(header: &'a str, width: f64, help: &'a str) -> Column<'a> {
    Column { header, width, help, list: None, range: None, date: false }
}

/// A dropdown over column A of `sheet` below its header, as long as the
/// words there are (a dynamic range: words added or removed follow).
fn words_of(sheet: &str) -> String {
    format!("=OFFSET({sheet}!$A$2,0,0,MAX(1,COUNTA({sheet}!$A:$A)-1),1)")
}

pub(crate) struct Formats {
    header: Format,
    input: Format,
    date: Format,
    label: Format,
    title: Format,
    text: Format,
}

fn formats() -> Formats {
    let input = Format::new()
        .set_unlocked()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_border(FormatBorder::Thin)
        .set_border_color(0x00BF_BFBF);
    Formats {
        header: Format::new()
            .set_bold()
            .set_text_wrap()
            .set_align(FormatAlign::Top)
            .set_font_color(0x00FF_FFFF)
            .set_background_color(ACCENT)
            .set_border(FormatBorder::Thin),
        date: input.clone().set_num_format("yyyy-mm-dd").set_align(FormatAlign::Left),
        input,
        label: Format::new().set_bold(),
        title: Format::new().set_bold().set_font_size(14).set_font_color(ACCENT),
        text: Format::new().set_text_wrap().set_align(FormatAlign::Top),
    }
}

/// Writes a header row at `row`, makes the rows below it input rows and
/// sets up printing (headed `print_title`). No sheet protection: a head may
/// insert columns and rows or merge cells (the reader finds the header by
/// its names and keeps added columns); dropdowns warn but never refuse.
fn table(
    ws: &mut Worksheet,
    row: u32,
    columns: &[Column<'_>],
    print_title: &str,
    f: &Formats,
) -> Result<(), XlsxError> {
    for (c, column) in (0u16..).zip(columns) {
        ws.write_string_with_format(row, c, column.header, &f.header)?;
        ws.set_column_width(c, column.width)?;
        let format = if column.date { &f.date } else { &f.input };
        for r in row + 1..=row + DATA_ROWS {
            ws.write_blank(r, c, format)?;
        }
        let title: String = column.header.chars().take(32).collect();
        let validation = match (&column.list, &column.range) {
            (Some(words), range) => {
                let dv = match range {
                    Some(r) => DataValidation::new().allow_list_formula(rust_xlsxwriter::Formula::new(r)),
                    None => DataValidation::new().allow_list_strings(words)?,
                };
                let message = format!(
                    "Ordet finns inte i listan ({}). Välj Ja för att behålla det: planrapport förstår också egna ord och synonymer och varnar vid bygget om ett ord är okänt.",
                    words.join(", ")
                );
                let message: String = if message.encode_utf16().count() <= 255 {
                    message
                } else {
                    "Ordet finns inte i listan. Välj Ja för att behålla det: planrapport förstår också egna ord och synonymer.".to_string()
                };
                dv.set_error_title("Värdet finns inte i listan")?
                    .set_error_message(message)?
                    .set_error_style(rust_xlsxwriter::DataValidationErrorStyle::Warning)
            }
            (None, _) => DataValidation::new().allow_any_value(),
        };
        let validation = validation.set_input_title(title)?.set_input_message(column.help)?;
        ws.add_data_validation(row + 1, c, row + DATA_ROWS, c, &validation)?;
    }
    ws.set_freeze_panes(row + 1, 0)?;
    let last = u16::try_from(columns.len().saturating_sub(1)).unwrap_or(0);
    ws.autofilter(row, 0, row + DATA_ROWS, last)?;
    print_setup(ws, print_title, row)?;
    Ok(())
}

/// "Fält | Värde" with the given labels, values to fill in (some prefilled).
fn document_sheet(wb: &mut Workbook, fields: &[(&str, &str, &str)], f: &Formats) -> Result<(), XlsxError> {
    let ws = wb.add_worksheet();
    ws.set_name("Dokument")?;
    ws.write_string_with_format(0, 0, "Fält", &f.header)?;
    ws.write_string_with_format(0, 1, "Värde", &f.header)?;
    ws.write_string_with_format(0, 2, "Förklaring", &f.header)?;
    for ((label, value, help), r) in fields.iter().zip(1u32..) {
        ws.write_string_with_format(r, 0, *label, &f.label)?;
        if value.is_empty() {
            ws.write_blank(r, 1, &f.input)?;
        } else {
            ws.write_string_with_format(r, 1, *value, &f.input)?;
        }
        ws.write_string_with_format(r, 2, *help, &f.text)?;
    }
    ws.set_column_width(0, 22)?;
    ws.set_column_width(1, 50)?;
    ws.set_column_width(2, 60)?;
    Ok(())
}

/// The instructions sheet: a title, the steps, and one filled example row
/// under the same header as the input sheet (this sheet is never read).
fn instructions(
    wb: &mut Workbook,
    title: &str,
    steps: &[&str],
    example: (&[Column<'_>], &[&str]),
    f: &Formats,
) -> Result<(), XlsxError> {
    let ws = wb.add_worksheet();
    ws.set_name("Instruktioner")?;
    ws.write_string_with_format(0, 0, title, &f.title)?;
    let mut r = 2u32;
    for step in steps {
        ws.merge_range(r, 0, r, 5, step, &f.text)?;
        ws.set_row_height(r, 32)?;
        r += 1;
    }
    r += 1;
    ws.write_string_with_format(r, 0, "Exempel på en ifylld rad:", &f.label)?;
    r += 1;
    let (columns, values) = example;
    for ((c, column), value) in (0u16..).zip(columns).zip(values.iter()) {
        ws.write_string_with_format(r, c, column.header, &f.header)?;
        ws.write_string_with_format(r + 1, c, *value, &f.text)?;
        ws.set_column_width(c, column.width)?;
    }
    ws.set_row_height(r + 1, 60)?;
    Ok(())
}

fn document_fields(kind_word: &'static str) -> Vec<(&'static str, &'static str, &'static str)> {
    vec![
        ("Dokumenttyp", kind_word, "Låt stå: talar om vilken sorts dokument arbetsboken är."),
        ("Organisation", "", "Förvaltningens eller organisationens namn."),
        ("Titel", "", "Dokumentets titel, till exempel Kompetensförsörjningsplan 2025–2027."),
        ("Undertitel", "", "Valfri."),
        ("Period", "", "Till exempel 2025–2027."),
        ("Datum", "", "Dokumentets datum, ÅÅÅÅ-MM-DD. Behövs för PDF/A."),
        ("Diarienummer", "", "Valfritt."),
        ("Författare", "", "Valfritt; annars organisationen."),
        ("Logotyp", "", "Valfritt: bildfilens namn; filen ligger i samma mapp som arbetsboken."),
        ("Logotyp text", "", "Beskrivning av logotypen för skärmläsare."),
        ("Färg", "", "Valfritt: organisationens färg som #rrggbb (används i bildspel)."),
    ]
}

/// An empty input workbook for a document kind. Its creation date is
/// `date` (from `SOURCE_DATE_EPOCH`), else a fixed 1980-01-01 as in the
/// other workbooks, never the clock: the same template byte for byte.
///
/// # Errors
/// `rust_xlsxwriter`'s errors (which these fixed layouts do not cause).
pub(crate) fn input_template(
    date: Option<NaiveDate>,
    sheets: impl FnOnce(&mut Workbook, &Formats) -> Result<(), XlsxError>,
) -> Result<Vec<u8>, XlsxError> {
    let f = formats();
    let mut wb = Workbook::new();
    let created = match date {
        Some(d) => excel_date(d)?,
        None => ExcelDateTime::from_ymd(1980, 1, 1)?,
    };
    wb.set_properties(&DocProperties::new().set_creation_datetime(&created));
    sheets(&mut wb, &f)?;
    wb.save_to_buffer()
}

/// The status words a template's Status dropdowns list.
pub(crate) fn status_words(vocabulary: &Vocabulary) -> Vec<String> {
    vocabulary.words.iter().map(|w| w.word.clone()).collect()
}

/// The Faser sheet: the phases in order, one per row, which the Fas
/// dropdowns list and the reader reads.
fn phase_sheet(wb: &mut Workbook, phases: &PhaseModel, f: &Formats) -> Result<(), XlsxError> {
    let ws = wb.add_worksheet();
    ws.set_name("Faser")?;
    ws.write_string_with_format(0, 0, "Fas", &f.header)?;
    ws.write_string_with_format(0, 1, "Förklaring", &f.header)?;
    ws.write_string_with_format(1, 1, "Faserna i ordning, en per rad; listan i kolumnen Fas följer.", &f.text)?;
    for (r, p) in (1u32..).zip(&phases.phases) {
        ws.write_string_with_format(r, 0, p, &f.input)?;
    }
    ws.set_column_width(0, 20)?;
    ws.set_column_width(1, 60)?;
    Ok(())
}

pub(crate) fn plan(wb: &mut Workbook, phases: &PhaseModel, f: &Formats) -> Result<(), XlsxError> {
    let columns = [
        Column {
            list: Some(phases.phases.clone()),
            range: Some(words_of("Faser")),
            ..col("Fas", 13.0, "Välj fas i listan (faserna står i bladet Faser och kan ändras där).")
        },
        col("Vad ska vi uppnå?", 36.0, "Målet: vad ska vara uppnått?"),
        col("Aktivitet – Hur gör vi det?", 46.0, "En aktivitet per rad i cellen (Alt+Enter för ny rad)."),
        Column {
            date: true,
            ..col(
                "Måldatum – När ska det vara klart?",
                18.0,
                "Ett datum (ÅÅÅÅ-MM-DD) eller text: Dec 2025, 2025, Kontinuerligt.",
            )
        },
        col("Ansvarig (Funktion)", 24.0, "Funktion, inte namn. En per rad i cellen."),
        col("Resurser (timmar, kronor, personal)", 20.0, "Valfritt."),
        col("Uppföljning / Kommentar", 26.0, "När följs det upp (Tertial, VB) eller en kommentar."),
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
        col("Avdelning", 18.0, "Avdelningens namn, som på dess blad; tomt: som raden ovanför."),
        col("Vad ska vi uppnå?", 26.0, "Målet exakt som i handlingsplanen."),
    ]);
    let ws = wb.add_worksheet();
    ws.set_name("Indikatorer")?;
    table(ws, 0, &indicators, "Indikatorer", f)?;
    Ok(())
}

pub(crate) fn followup(wb: &mut Workbook, statuses: &[String], f: &Formats) -> Result<(), XlsxError> {
    let status_help =
        "Välj status i listan (orden står i bladet Statusord) eller skriv med egna ord. Skriv mer i Kommentar.";
    let columns = [
        col("Perspektiv", 14.0, "Samhälle, Medborgare, Ekonomi, Verksamhet, Medarbetare …"),
        col("Kommunövergripande mål", 26.0, "Samma text på alla rader under samma mål."),
        col("Nämndmål", 26.0, "Nämndmålets rubrik; samma på alla dess aktiviteter."),
        col("Beskrivning av nämndmålet", 30.0, "Valfritt: nämndmålets längre beskrivning."),
        col("Aktivitet", 40.0, "En aktivitet per rad."),
        col("Enhet", 8.0, "Valfritt: när status anges per enhet (ÄO, LSS), en rad per enhet med samma aktivitet."),
        Column { date: true, ..col("Slutdatum", 12.0, "Ett datum (ÅÅÅÅ-MM-DD) eller text: 2025, Kontinuerligt.") },
        Column {
            list: Some(statuses.to_vec()),
            range: Some(words_of("Statusord")),
            ..col("Status", 14.0, status_help)
        },
        col("Kommentar", 40.0, "Vad har hänt, vad återstår."),
        col("Ansvarig", 16.0, "Namn eller funktion; flera på egna rader."),
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
        col("Uppdrag", 50.0, "Uppdraget som det är formulerat."),
        Column { date: true, ..col("Slutdatum", 12.0, "Valfritt.") },
        Column {
            list: Some(statuses.to_vec()),
            range: Some(words_of("Statusord")),
            ..col("Status", 14.0, status_help)
        },
        col("Kommentar", 50.0, "Vad har gjorts."),
    ];
    table(ws, 3, &assignment, "Uppdrag", f)?;
    let indicators = indicator_columns(vec![
        col("Perspektiv", 14.0, "Som i bladet Aktiviteter; tomt: som raden ovanför."),
        col("Kommunövergripande mål", 26.0, "Som i bladet Aktiviteter; tomt: som raden ovanför."),
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

/// The columns of an indicator sheet (the report's Mål, the follow-up's
/// Indikatorer) after the columns naming what an indicator belongs to.
fn indicator_columns(mut columns: Vec<Column<'static>>) -> Vec<Column<'static>> {
    columns.extend([
        col("Indikator", 24.0, "Vad som mäts, till exempel Antal sökande."),
        col("Enhet", 8.0, "st, %, ansökningar … samma på alla rader för indikatorn."),
        col("År", 7.0, "Målåret."),
        col("Utgångsläge år", 10.0, "Valfritt: året man jämför med."),
        col("Utgångsläge", 10.0, "Valfritt: värdet det året."),
        col("Ökning %", 9.0, "Målet som ökning i procent från utgångsläget (eller fyll i Mål)."),
        col("Mål", 12.0, "Ett tal eller text: 75, Minst 55 %, <10, Högst 6 %, 90–95 %, Ska öka."),
        col("Mål, som skrivet", 28.0, "Valfritt: målet som det ska skrivas ut."),
        col(
            "Resultat",
            10.0,
            "Resultatet: ett tal, en procentcell, 12,8* eller Statistik saknas (tomt: ej fastställt).",
        ),
        col("Resultat, som skrivet", 34.0, "Valfritt: resultatet med egna ord."),
        Column {
            list: Some(crate::model::indicator::Assessment::WORDS.iter().map(|w| (*w).to_string()).collect()),
            ..col("Bedömning", 14.0, "Valfritt: din egen bedömning. Tomt: den beräknas ur mål och resultat.")
        },
        col("Indikatortext", 30.0, "Valfritt: en mening om indikatorn."),
        Column {
            list: Some(vec!["högre".into(), "lägre".into()]),
            ..col(
                "Riktning",
                9.0,
                "Valfritt: lägre när lägre är bättre (sjukfrånvaro, personalomsättning). Tomt: högre.",
            )
        },
    ]);
    columns
}

pub(crate) fn report(wb: &mut Workbook, phases: &PhaseModel, statuses: &[String], f: &Formats) -> Result<(), XlsxError> {
    let initiatives = [
        Column {
            list: Some(phases.phases.clone()),
            range: Some(words_of("Faser")),
            ..col("Fas", 16.0, "Välj fas i listan (faserna står i bladet Faser och kan ändras där).")
        },
        col("Insats", 28.0, "Insatsens namn; samma namn används i bladet Mål."),
        Column { list: Some(statuses.to_vec()), ..col("Status", 12.0, "Välj status i listan.") },
        col("Syfte", 40.0, "Syftar till att …"),
        col("Genomfört", 40.0, "Vad har gjorts."),
        col("Pågående", 40.0, "Vad pågår."),
        col("Planerat", 34.0, "Vad planeras."),
        col("Kommentar", 40.0, "Kommentar."),
        col("Övrigt", 30.0, "Annan text. En rad med bara Fas och Övrigt är en mening om fasen."),
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

pub(crate) fn deck(wb: &mut Workbook, f: &Formats) -> Result<(), XlsxError> {
    let columns = [
        col("Bild", 6.0, "Bildens nummer; alla rader för samma bild har samma nummer."),
        Column {
            list: Some(vec!["innehall".into(), "titel".into(), "avsnitt".into()]),
            ..col("Typ", 10.0, "På bildens första rad: innehall (standard), titel eller avsnitt.")
        },
        col("Rubrik", 40.0, "På bildens första rad: bildens rubrik."),
        col("Underrubrik", 16.0, "På bildens första rad: underrubrik. På en händelse: händelsens rubrik (Start)."),
        Column {
            list: Some(
                ["punkt", "text", "tal", "grupp", "händelse", "talare"].iter().map(|s| (*s).to_string()).collect(),
            ),
            ..col("Element", 10.0, "punkt, text, tal, grupp, händelse eller talare.")
        },
        col("Värde", 12.0, "tal: talet; grupp: gruppens namn; händelse: år; talare: namn."),
        col("Text", 80.0, "Texten; grupp: rollerna, en per rad."),
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
