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
pub(crate) const DATA_ROWS: u32 = 300;

/// A column of an input sheet: header, width, input message, and how its
/// cells are checked.
pub(crate) struct Column<'a> {
    pub(crate) header: &'a str,
    pub(crate) width: f64,
    pub(crate) help: &'a str,
    pub(crate) list: Option<Vec<String>>,
    /// The list as a range over one of the workbook's own sheets (its
    /// Faser or Statusord), so that words added there appear in the
    /// dropdown; `list` then says what the range holds now.
    pub(crate) range: Option<String>,
    pub(crate) date: bool,
}

pub(crate) fn col<'a>(header: &'a str, width: f64, help: &'a str) -> Column<'a> {
    Column { header, width, help, list: None, range: None, date: false }
}

impl<'a> From<(&'a str, f64, &'a str)> for Column<'a> {
    /// A plain column: header, width and help.
    fn from((header, width, help): (&'a str, f64, &'a str)) -> Column<'a> {
        col(header, width, help)
    }
}

/// A dropdown over column A of `sheet` below its header, as long as the
/// words there are (a dynamic range: words added or removed follow).
pub(crate) fn words_of(sheet: &str) -> String {
    format!("=OFFSET({sheet}!$A$2,0,0,MAX(1,COUNTA({sheet}!$A:$A)-1),1)")
}

pub(crate) struct Formats {
    pub(crate) header: Format,
    pub(crate) input: Format,
    pub(crate) date: Format,
    pub(crate) label: Format,
    pub(crate) title: Format,
    pub(crate) text: Format,
}

pub(crate) fn formats() -> Formats {
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
pub(crate) fn table(
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
pub(crate) fn document_sheet(wb: &mut Workbook, fields: &[(&str, &str, &str)], f: &Formats) -> Result<(), XlsxError> {
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
pub(crate) fn instructions(
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

pub(crate) fn document_fields(kind_word: &'static str) -> Vec<(&'static str, &'static str, &'static str)> {
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
pub(crate) fn phase_sheet(wb: &mut Workbook, phases: &PhaseModel, f: &Formats) -> Result<(), XlsxError> {
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

/// The columns of an indicator sheet (the report's Mål, the follow-up's
/// Indikatorer) after the columns naming what an indicator belongs to.
pub(crate) fn indicator_columns(mut columns: Vec<Column<'static>>) -> Vec<Column<'static>> {
    columns.extend([
        ("Indikator", 24.0, "Vad som mäts, till exempel Antal sökande.").into(),
        ("Enhet", 8.0, "st, %, ansökningar … samma på alla rader för indikatorn.").into(),
        ("År", 7.0, "Målåret.").into(),
        ("Utgångsläge år", 10.0, "Valfritt: året man jämför med.").into(),
        ("Utgångsläge", 10.0, "Valfritt: värdet det året.").into(),
        ("Ökning %", 9.0, "Målet som ökning i procent från utgångsläget (eller fyll i Mål).").into(),
        ("Mål", 12.0, "Ett tal eller text: 75, Minst 55 %, <10, Högst 6 %, 90–95 %, Ska öka.").into(),
        ("Mål, som skrivet", 28.0, "Valfritt: målet som det ska skrivas ut.").into(),
        col(
            "Resultat",
            10.0,
            "Resultatet: ett tal, en procentcell, 12,8* eller Statistik saknas (tomt: ej fastställt).",
        ),
        ("Resultat, som skrivet", 34.0, "Valfritt: resultatet med egna ord.").into(),
        Column {
            list: Some(crate::model::indicator::Assessment::WORDS.iter().map(|w| (*w).to_string()).collect()),
            ..col("Bedömning", 14.0, "Valfritt: din egen bedömning. Tomt: den beräknas ur mål och resultat.")
        },
        ("Indikatortext", 30.0, "Valfritt: en mening om indikatorn.").into(),
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
