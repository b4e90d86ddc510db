//! A follow-up as an Excel workbook for the committee:
//! - Sammanfattning: counts per perspective and status as COUNTIFS formulas
//!   over the activity sheet's whole columns (so edits and added rows there
//!   update them), the summary sentence as a formula over those counts, a
//!   native stacked bar chart, and the as-of date in one cell (B3) the
//!   formulas refer to and the next build reads back; the rest of the sheet
//!   is locked (no password) with a note saying where things are changed;
//! - Aktiviteter: one flat, filterable row per activity (per sub-unit when
//!   status is given per unit), status as a dropdown limited to the
//!   vocabulary, coloured by conditional formatting, "Räknas som" (the
//!   status word the row's Status means, by the document's own words and
//!   synonyms baked into the formula) and "Passerat slutdatum" as formulas;
//!   "Räknas som, enhet" per unit row when status is given per unit;
//! - Uppdrag: the strategic assignments;
//! - Dokument and Text: metadata and introduction, so the workbook is input.

use crate::export::WriteText as _;
use chrono::NaiveDate;
use rust_xlsxwriter::{
    Chart, ChartFormat, ChartLegendPosition, ChartSolidFill, ChartType, DataValidation, DataValidationErrorStyle,
    DocProperties, Format, Formula, Note, ProtectionOptions, Workbook, Worksheet, XlsxError,
};

use crate::export::xlsx::{
    Formats, colour_by_status, creation_date, document_sheet, excel_date, formats, print_setup, quoted, rgb, text_sheet,
};
use crate::kinds::uppfoljning::model::{Activity, FollowUp};
use crate::model::status::normalise;
use crate::model::{Deadline, Precision, Section, StatusKind, Vocabulary};

/// The activity sheet's columns: header, width.
pub const ACTIVITY_COLUMNS: [(&str, f64); 14] = [
    ("Perspektiv", 13.0),
    ("Kommunövergripande mål", 24.0),
    ("Nämndmål", 24.0),
    ("Beskrivning av nämndmålet", 30.0),
    ("Aktivitet", 42.0),
    ("Enhet", 8.0),
    ("Slutdatum", 12.0),
    ("Status", 13.0),
    ("Status, som skriven", 16.0),
    ("Kommentar", 40.0),
    ("Ansvarig", 16.0),
    ("Räknas som", 13.0),
    ("Passerat slutdatum", 11.0),
    ("Räknas som, enhet", 13.0),
];

const ACTIVITIES: &str = "Aktiviteter";
const SUMMARY: &str = "Sammanfattning";
/// The sheet with the organisation's status words (read back as input).
pub const VOCABULARY_SHEET: &str = "Statusord";
/// Where the as-of date lives on the summary sheet (row, col; B3).
const AS_OF_CELL: (u32, u16) = (2, 1);

/// Column letter of a 0-based column (A–Z suffices here).
fn letter(col: u16) -> char {
    char::from(b'A' + u8::try_from(col).unwrap_or(0))
}

/// A deadline's last day as an Excel date expression, or none for deadlines
/// that cannot pass ("Kontinuerligt") or were not understood.
fn end_expression(end: &Deadline) -> Option<String> {
    use chrono::Datelike;
    if end.continuous {
        return None;
    }
    let p = end.period?;
    Some(format!("DATE({},{},{})", p.end.year(), p.end.month(), p.end.day()))
}

fn write_end(ws: &mut Worksheet, r: u32, c: u16, end: &Deadline, f: &Formats) -> Result<(), XlsxError> {
    match end.period {
        Some(p) if p.precision == Precision::Day && !end.continuous => {
            ws.write_datetime_with_format(r, c, &excel_date(p.end)?, &f.date)?;
        }
        _ => {
            ws.text(r, c, &end.text, &f.text)?;
        }
    }
    Ok(())
}

/// Excel's limit on a literal dropdown list (with its commas) and on a
/// validation message, in UTF-16 units.
const LIST_LIMIT: usize = 255;

/// The status dropdown: the words of the Statusord sheet (a range that
/// follows words added or removed there). A word of one's own is warned
/// about (Excel's "Varning": keep it or not), never refused: "Räknas som"
/// and the next build understand synonyms; the build names an unknown word
/// at its cell.
fn status_dropdown(vocabulary: &Vocabulary) -> Result<DataValidation, XlsxError> {
    let words: Vec<&str> = vocabulary.words.iter().map(|w| w.word.as_str()).collect();
    let dv = DataValidation::new().allow_list_formula(Formula::new(format!(
        "=OFFSET({VOCABULARY_SHEET}!$A$2,0,0,MAX(1,COUNTA({VOCABULARY_SHEET}!$A:$A)-1),1)"
    )));
    let utf16 = |s: &str| s.encode_utf16().count();
    let message = format!(
        "Ordet finns inte i listan ({}). Välj Ja för att behålla det: Räknas som och nästa bygge förstår synonymer (klart, pågår enligt plan …); ett okänt ord visas som Okänt ord.",
        words.join(", ")
    );
    let message = if utf16(&message) <= LIST_LIMIT {
        message
    } else {
        format!(
            "Ordet finns inte i listan (bladet {VOCABULARY_SHEET}). Välj Ja för att behålla det; nästa bygge förstår synonymer."
        )
    };
    dv.set_input_title("Status")?
        .set_input_message("Välj status i listan eller skriv med egna ord.")?
        .set_error_title("Ordet finns inte i listan")?
        .set_error_message(message)
        .map(|dv| dv.set_error_style(DataValidationErrorStyle::Warning))
}

/// Status dropdown and status colours on a column range.
fn status_rules(
    ws: &mut Worksheet,
    vocabulary: &Vocabulary,
    rows: (u32, u32),
    cols: &[u16],
    dropdown: Option<u16>,
) -> Result<(), XlsxError> {
    if rows.1 < rows.0 {
        return Ok(());
    }
    if let Some(c) = dropdown {
        ws.add_data_validation(rows.0, c, rows.1, c, &status_dropdown(vocabulary)?)?;
    }
    for &c in cols {
        colour_by_status(ws, vocabulary, rows, c, |w| {
            // Dark text on the light status colour, also where the cell is a
            // header (white on the accent colour otherwise).
            let format = Format::new().set_background_color(rgb(&w.colour)).set_font_color(0x0000_0000);
            if w.kind == StatusKind::Cancelled { format.set_font_strikethrough() } else { format }
        })?;
    }
    Ok(())
}

/// Builds the workbook in memory.
///
/// # Errors
/// `rust_xlsxwriter`'s errors (which valid models do not cause).
pub fn workbook(fu: &FollowUp, date: Option<NaiveDate>) -> Result<Vec<u8>, XlsxError> {
    let f = formats();
    let mut wb = Workbook::new();
    let created = creation_date(date)?;
    let props = DocProperties::new()
        .set_title(&fu.meta.title)
        .set_subject(format!("Uppföljning per {}", fu.as_of_long))
        .set_author(&fu.meta.author)
        .set_company(&fu.meta.organisation)
        .set_comment("Skapad med planrapport")
        .set_creation_datetime(&created);
    wb.set_properties(&props);

    summary_sheet(&mut wb, fu, &f)?;
    activities_sheet(&mut wb, fu, &f)?;
    if let Some(a) = &fu.assignments {
        let ws = wb.add_worksheet();
        ws.set_name("Uppdrag")?;
        // Heading and text above the table, as the reader expects them.
        ws.text(0, 0, &a.title, &f.title)?;
        if !a.text.is_empty() {
            ws.merge_range(
                1,
                0,
                1,
                4,
                &a.text,
                &Format::new().set_text_wrap().set_align(rust_xlsxwriter::FormatAlign::Top),
            )?;
            ws.set_row_height(1, 80)?;
        }
        let header = 3u32;
        let head = [
            (a.column_title.as_str(), 50.0),
            ("Slutdatum", 12.0),
            ("Status", 13.0),
            ("Status, som skriven", 16.0),
            ("Kommentar", 50.0),
        ];
        for (c, (h, w)) in (0u16..).zip(head) {
            ws.text(header, c, h, &f.header)?;
            ws.set_column_width(c, w)?;
        }
        let mut r = header + 1;
        for row in &a.rows {
            ws.text(r, 0, &row.text, &f.text)?;
            write_end(ws, r, 1, &row.end, &f)?;
            let word = if row.status.kind == StatusKind::Missing { "" } else { row.status.word.as_str() };
            ws.text(r, 2, word, &f.text)?;
            ws.text(r, 3, &row.status.note, &f.text)?;
            ws.text(r, 4, &row.comment, &f.text)?;
            r += 1;
        }
        let last = r.saturating_sub(1).max(header + 1);
        status_rules(ws, &fu.vocabulary, (header + 1, last), &[2], Some(2))?;
        ws.set_freeze_panes(header + 1, 1)?;
        ws.autofilter(header, 0, last, 4)?;
        print_setup(ws, &format!("{} – {}", fu.meta.title, a.title), header)?;
    }
    // No per-perspective copies of Aktiviteter: a copy goes stale as soon
    // as a status is changed; Aktiviteter filters by Perspektiv instead.
    let indicators: Vec<(Vec<&str>, &str, &crate::model::indicator::Indicator)> = fu
        .indicators()
        .map(|(p, g, c, i)| (vec![p.name.as_str(), g.name.as_str(), c.title.as_str()], c.description.as_str(), i))
        .collect();
    if !indicators.is_empty() {
        let title = format!("{} – indikatorer", fu.meta.title);
        crate::export::indicator::indicator_sheet(
            &mut wb,
            &crate::kinds::uppfoljning::load::INDICATOR_SHEET,
            &indicators,
            &title,
            &f,
        )?;
    }
    headers_sheet(&mut wb, fu, &f)?;
    // The as-of date lives in Sammanfattning!B3 only (read back from there).
    let next = document_sheet(&mut wb, &fu.meta, &[("Dokumenttyp", "uppföljning")], &f)?;
    if !indicators.is_empty() || fu.thresholds != crate::model::indicator::Thresholds::default() {
        crate::export::indicator::thresholds_rows(&mut wb, fu.thresholds, next, &f)?;
    }
    let chapters: Vec<(&str, &Section)> = fu.chapters.iter().map(|c| ("", c)).collect();
    text_sheet(&mut wb, &chapters, &f)?;
    vocabulary_sheet(&mut wb, &fu.vocabulary, &f)?;
    define_vocabulary_names(&mut wb, &fu.vocabulary)?;
    wb.save_to_buffer()
}

fn summary_sheet(wb: &mut Workbook, fu: &FollowUp, f: &Formats) -> Result<(), XlsxError> {
    let ws = wb.add_worksheet();
    ws.set_name(SUMMARY)?;
    ws.text(0, 0, &fu.meta.title, &f.title)?;
    if !fu.meta.organisation.is_empty() {
        ws.write_string(1, 0, &fu.meta.organisation)?;
    }
    // The one value here a user changes: unlocked, read back on the next build.
    ws.text(AS_OF_CELL.0, 0, "Uppföljningsdatum", &f.text)?;
    ws.write_datetime_with_format(
        AS_OF_CELL.0,
        AS_OF_CELL.1,
        &excel_date(fu.as_of_date)?,
        &f.date.clone().set_unlocked(),
    )?;
    ws.write_string(
        AS_OF_CELL.0,
        AS_OF_CELL.1 + 1,
        "← ändra datumet här: Passerat slutdatum räknas om, och nästa bygge använder det",
    )?;
    let header_row = 4u32;
    let kinds = &fu.counts.by_kind;
    ws.text(header_row, 0, "Perspektiv", &f.header)?;
    for (c, k) in (1u16..).zip(kinds) {
        ws.text(header_row, c, &k.word, &f.header)?;
    }
    let total_col = u16::try_from(kinds.len() + 1).unwrap_or(6);
    ws.text(header_row, total_col, "Totalt", &f.header)?;
    ws.text(header_row, total_col + 1, "Passerat slutdatum", &f.header)?;
    // Whole columns, so that a row added at the end of Aktiviteter counts too.
    let data = format!("{ACTIVITIES}!$A:$A");
    let counted = format!("{ACTIVITIES}!$L:$L");
    let late = format!("{ACTIVITIES}!$M:$M");
    let mut r = header_row + 1;
    for p in &fu.perspectives {
        ws.text(r, 0, &p.name, &f.text)?;
        for (c, k) in (1u16..).zip(&p.counts.by_kind) {
            let formula = format!("=COUNTIFS({data},$A{},{counted},{}${})", r + 1, letter(c), header_row + 1);
            ws.write_formula_with_format(r, c, Formula::new(formula).set_result(k.count.to_string()), &f.text)?;
        }
        let sum = format!("=SUM(B{row}:{}{row})", letter(total_col - 1), row = r + 1);
        ws.write_formula_with_format(r, total_col, Formula::new(sum).set_result(p.counts.total.to_string()), &f.text)?;
        let formula = format!("=COUNTIFS({data},$A{},{late},\"Ja\")", r + 1);
        ws.write_formula_with_format(
            r,
            total_col + 1,
            Formula::new(formula).set_result(p.counts.overdue.to_string()),
            &f.text,
        )?;
        r += 1;
    }
    ws.text(r, 0, "Totalt", &f.phase)?;
    let first = header_row + 2;
    let totals = kinds.iter().map(|k| k.count).chain([fu.counts.total, fu.counts.overdue]);
    for (c, value) in (1u16..).zip(totals) {
        let formula = format!("=SUM({col}{first}:{col}{r})", col = letter(c));
        ws.write_formula_with_format(r, c, Formula::new(formula).set_result(value.to_string()), &f.phase)?;
    }
    let total_row = r;
    r += 2;
    sentence(ws, fu, (total_row, r), total_col)?;
    for (c, w) in (0u16..).zip([24.0, 12.0, 12.0, 12.0, 12.0, 12.0, 10.0, 12.0]) {
        ws.set_column_width(c, w)?;
    }
    status_rules(ws, &fu.vocabulary, (header_row, header_row), &(1..total_col).collect::<Vec<_>>(), None)?;

    // A stacked bar per perspective, one series per status.
    if !fu.perspectives.is_empty() {
        let mut chart = Chart::new(ChartType::BarStacked);
        let last = total_row - 1;
        for (c, k) in (1u16..).zip(kinds) {
            chart
                .add_series()
                .set_name((SUMMARY, header_row, c))
                .set_categories((SUMMARY, header_row + 1, 0, last, 0))
                .set_values((SUMMARY, header_row + 1, c, last, c))
                .set_format(ChartFormat::new().set_solid_fill(ChartSolidFill::new().set_color(darker(&k.colour))))
                .set_gap(60);
        }
        chart.title().set_name("Aktiviteter per perspektiv och status");
        chart.y_axis().set_reverse();
        chart.legend().set_position(ChartLegendPosition::Bottom);
        chart.set_alt_text("Stapeldiagram: aktiviteter per perspektiv och status, ur tabellen ovanför.");
        ws.insert_chart(r + 3, 0, &chart)?;
    }
    ws.protect_with_options(&ProtectionOptions { format_columns: true, format_rows: true, ..ProtectionOptions::new() });
    ws.set_landscape();
    ws.set_paper_size(9);
    ws.set_print_fit_to_pages(1, 1);
    ws.set_header(crate::export::xlsx::header(&format!("{} – {SUMMARY}", fu.meta.title)));
    ws.set_footer("&CSida &P (&N)");
    Ok(())
}

/// The summary sentence at row `at.1`, a formula over the totals on row
/// `at.0` (so it cannot go stale), and the note on where things are changed.
fn sentence(ws: &mut Worksheet, fu: &FollowUp, at: (u32, u32), total_col: u16) -> Result<(), XlsxError> {
    let (total_row, r) = at;
    let kinds = &fu.counts.by_kind;
    let done_col = (1u16..).zip(kinds).find(|(_, k)| k.kind == StatusKind::Done).map_or(1, |(c, _)| c);
    let sentence = format!(
        "={d}{t}&\" av \"&{n}{t}&\" aktiviteter genomförda, \"&{o}{t}&\" har passerat slutdatum.\"",
        d = letter(done_col),
        n = letter(total_col),
        o = letter(total_col + 1),
        t = total_row + 1
    );
    let cached = format!(
        "{} av {} aktiviteter genomförda, {} har passerat slutdatum.",
        fu.counts.done, fu.counts.total, fu.counts.overdue
    );
    ws.write_formula(r, 0, Formula::new(sentence).set_result(cached))?;
    ws.write_string(
        r + 1,
        0,
        format!(
            "Bladet är låst (utan lösenord) så att inget här blir inaktuellt: siffrorna räknas fram ur bladet {ACTIVITIES}, där status ändras och rader läggs till (kopiera ned formlerna i Räknas som och Passerat slutdatum till en ny rad; Räknas som tolkar synonymer och egna ord som nästa bygge); titel och organisation ändras i bladet Dokument, datumet i B3."
        ),
    )?;
    Ok(())
}

/// Chart bars a little darker than the pale cell colours, to stand out.
fn darker(hex: &str) -> u32 {
    let v = rgb(hex);
    let scale = |x: u32| (x * 3 / 4) & 0xFF;
    (scale(v >> 16) << 16) | (scale((v >> 8) & 0xFF) << 8) | scale(v & 0xFF)
}

/// The flat activity sheet: one row per activity, or per part.
/// Kolumnrubriker: the goals whose table has its own column headers, a row
/// each, as `load::read_headers_sheet` reads them (none: no sheet).
fn headers_sheet(wb: &mut Workbook, fu: &FollowUp, f: &Formats) -> Result<(), XlsxError> {
    let own: Vec<(&str, &super::model::MunicipalGoal)> = fu
        .perspectives
        .iter()
        .flat_map(|p| p.goals.iter().map(move |g| (p.name.as_str(), g)))
        .filter(|(_, g)| !g.headers.is_empty())
        .collect();
    if own.is_empty() {
        return Ok(());
    }
    let ws = wb.add_worksheet();
    ws.set_name("Kolumnrubriker")?;
    let heads = ["Perspektiv", "Kommunövergripande mål"].into_iter().chain(super::model::STANDARD_HEADERS);
    for (c, h) in (0u16..).zip(heads) {
        ws.text(0, c, h, &f.header)?;
        ws.set_column_width(c, if c < 2 { 30.0 } else { 18.0 })?;
    }
    for (r, (perspective, g)) in (1u32..).zip(own) {
        ws.text(r, 0, perspective, &f.text)?;
        ws.text(r, 1, &g.name, &f.text)?;
        for (c, (h, standard)) in (2u16..).zip(g.headers.iter().zip(super::model::STANDARD_HEADERS)) {
            // A standard header stays blank: only what the organisation writes otherwise.
            if h != standard {
                ws.text(r, c, h, &f.text)?;
            }
        }
    }
    ws.set_freeze_panes(1, 0)?;
    print_setup(ws, &format!("{} – kolumnrubriker", fu.meta.title), 0)?;
    Ok(())
}

fn activities_sheet(wb: &mut Workbook, fu: &FollowUp, f: &Formats) -> Result<(), XlsxError> {
    let ws = wb.add_worksheet();
    let header_row = 0;
    ws.set_name(ACTIVITIES)?;
    // An empty result ("not past its end date") is cached as empty text,
    // not as rust_xlsxwriter's default 0.
    ws.set_formula_result_default("");
    for (c, (h, w)) in (0u16..).zip(ACTIVITY_COLUMNS) {
        ws.text(header_row, c, h, &f.header)?;
        ws.set_column_width(c, w)?;
    }
    for (c, note) in [(11, COUNTS_AS_NOTE), (12, LATE_NOTE), (13, PART_NOTE)] {
        ws.insert_note(header_row, c, &Note::new(note).set_author("planrapport").set_width(320).set_height(150))?;
    }
    let mut r = header_row + 1;
    for (p, g, c, a) in fu.activities() {
        let first = r;
        let n = u32::try_from(a.parts.len()).unwrap_or(1);
        for part in &a.parts {
            ws.text(r, 0, &p.name, &f.text)?;
            ws.text(r, 1, &g.name, &f.text)?;
            ws.text(r, 2, &c.title, &f.text)?;
            ws.text(r, 3, &c.description, &f.text)?;
            ws.text(r, 4, &a.text, &f.text)?;
            ws.text(r, 5, &part.unit, &f.text)?;
            write_end(ws, r, 6, &a.end, f)?;
            // A missing status stays an empty cell, as it came.
            let word = if part.status.kind == StatusKind::Missing { "" } else { part.status.word.as_str() };
            ws.text(r, 7, word, &f.text)?;
            ws.text(r, 8, &part.status.note, &f.text)?;
            ws.text(r, 9, &part.comment, &f.text)?;
            ws.text(r, 10, a.owners.join("\n"), &f.text)?;
            if r == first {
                counts_as(ws, fu, a, first, n, f)?;
            } else {
                ws.write_blank(r, 11, &f.text)?;
                ws.write_blank(r, 12, &f.text)?;
            }
            if n > 1 {
                let result = &fu.vocabulary.get(part.status.kind).word;
                ws.write_array_formula_with_format(
                    r,
                    13,
                    r,
                    13,
                    Formula::new(meaning_formula(&fu.vocabulary, r + 1)).set_result(result),
                    &f.text,
                )?;
            } else {
                ws.write_blank(r, 13, &f.text)?;
            }
            r += 1;
        }
    }
    let last = r.saturating_sub(1).max(header_row + 1);
    status_rules(ws, &fu.vocabulary, (header_row + 1, last), &[7, 11, 13], Some(7))?;
    // The formula columns say where their values come from.
    let derived = DataValidation::new()
        .allow_any_value()
        .set_input_title("Räknas fram")?
        .set_input_message("Formel: ändras inte här. Ändra Status, Slutdatum eller uppföljningsdatumet (Sammanfattning!B3); nästa bygge räknar själv.")?;
    ws.add_data_validation(header_row + 1, 11, last, 13, &derived)?;
    ws.set_freeze_panes(header_row + 1, 3)?;
    ws.autofilter(header_row, 0, last, 13)?;
    print_setup(ws, &format!("{} – {ACTIVITIES}", fu.meta.title), header_row)?;
    Ok(())
}

/// The notes on the formula columns' headers: what they are, that they are
/// computed, and what to change instead.
const COUNTS_AS_NOTE: &str = "Räknas fram (formel), ändras inte här. Den status aktiviteten räknas som i Sammanfattning: ordet i Status (eller Status, som skriven när Status är tom) tolkat med dokumentets statusord och synonymer, utan hänsyn till versaler (\"klart\" räknas som Genomförd, \"Skjuts till 2024\" som Försenad). Okänt ord: rätta Status. Med status per enhet: sammanvägt ur Räknas som, enhet. Ny rad: kopiera ned formeln.";
const LATE_NOTE: &str = "Räknas fram (formel), ändras inte här: Ja när slutdatum har passerat uppföljningsdatumet (Sammanfattning!B3) och aktiviteten varken är genomförd eller avbruten.";
const PART_NOTE: &str = "Räknas fram (formel), ändras inte här: vad enhetens Status räknas som, tolkat med dokumentets statusord och synonymer. Räknas som (kolumn L) väger samman enheterna.";

/// What the formulas show for a status no word of the vocabulary occurs
/// in (the next build names it as an error at its cell).
pub const UNKNOWN_STATUS: &str = "Okänt ord";

/// Characters the status formula reads as spaces: Excel cannot test "not a
/// letter or digit", so these stand for the word boundaries the tool's rule
/// (`Vocabulary::understand`) finds at any character that is neither.
const SEPARATORS: [char; 26] = [
    '\n', '\r', '\t', '.', ',', ';', ':', '!', '?', '(', ')', '[', ']', '/', '\\', '"', '\'', '–', '—', '-', '+', '&',
    '*', '%', '=', '…',
];

/// A spelling as the formula compares it: normalised as the tool does,
/// separators read as spaces, lower case.
fn formula_spelling(s: &str) -> String {
    normalise(&s.chars().map(|c| if SEPARATORS.contains(&c) { ' ' } else { c }).collect::<String>())
}

/// Excel's limit on a formula (also a defined name's) in characters, with room.
const FORMULA_LIMIT: usize = 8000;

/// The vocabulary as four defined names the status formula uses: every
/// spelling in the order the tool tries them (`Status_stavning`), its length
/// as the tool measures it (`Status_langd`, bytes of the normalised
/// spelling), its place (`Status_plats`, earlier is higher) and the word it
/// means (`Status_betyder`). Baked in at build time: a word added in
/// Statusord is understood by the next build, and by the formulas after it.
/// Spellings beyond Excel's formula length are left out (documented).
fn define_vocabulary_names(wb: &mut Workbook, vocabulary: &Vocabulary) -> Result<(), XlsxError> {
    let mut spellings = Vec::new();
    let mut lengths = Vec::new();
    let mut places = Vec::new();
    let mut meanings = Vec::new();
    let mut i = 0usize;
    let size = |v: &Vec<String>| v.iter().map(|x| x.chars().count() + 1).sum::<usize>() + 2;
    'words: for w in &vocabulary.words {
        for s in std::iter::once(&w.word).chain(&w.synonyms) {
            let (n, spelling) = (normalise(s), formula_spelling(s));
            if n.is_empty() || spelling.is_empty() || i >= 9998 {
                continue;
            }
            let (sq, wq) = (quoted(&spelling), quoted(&w.word));
            if size(&spellings) + sq.chars().count() + 1 > FORMULA_LIMIT
                || size(&meanings) + wq.chars().count() + 1 > FORMULA_LIMIT
            {
                break 'words;
            }
            i += 1;
            spellings.push(sq);
            lengths.push(n.len().to_string());
            places.push((10000 - i).to_string());
            meanings.push(wq);
        }
    }
    if spellings.is_empty() {
        // A name must refer to something; nothing occurs in this one.
        spellings.push(quoted("\u{1}"));
        lengths.push("1".into());
        places.push("9999".into());
        meanings.push(quoted(UNKNOWN_STATUS));
    }
    for (name, values) in [
        ("Status_stavning", spellings),
        ("Status_langd", lengths),
        ("Status_plats", places),
        ("Status_betyder", meanings),
    ] {
        wb.define_name(name, &format!("={{{}}}", values.join(",")))?;
    }
    Ok(())
}

/// The status formula of row `r` (1-based): what the row's status means,
/// as `Vocabulary::understand` finds it. The text is Status, or Status, som
/// skriven when Status is empty (as the next build reads the row); empty or
/// the missing word is that word; otherwise the longest spelling that
/// occurs in it as whole words (any case) decides, at equal length the
/// earlier one in the text, then the earlier in the vocabulary. An exact
/// match is the longest that occurs, so it needs no step of its own. Each
/// candidate's score packs length, position and place into one number:
/// the highest wins and its last four digits say which it is. An array
/// formula (Excel before 365 needs that for arrays inside IFERROR).
fn meaning_formula(v: &Vocabulary, r: u32) -> String {
    let missing = quoted(&v.missing.word);
    let x = format!("IF(TRIM(H{r})=\"\",I{r},H{r})");
    let mut text = x.clone();
    for c in SEPARATORS {
        let what = match c {
            '\n' => "CHAR(10)".to_string(),
            '\r' => "CHAR(13)".to_string(),
            '\t' => "CHAR(9)".to_string(),
            c => quoted(&c.to_string()),
        };
        text = format!("SUBSTITUTE({text},{what},\" \")");
    }
    let t = format!("\" \"&TRIM(LOWER({text}))&\" \"");
    let score = format!("IFERROR(Status_langd*1000000000-FIND(\" \"&Status_stavning&\" \",{t})*10000+Status_plats,0)");
    format!(
        "=IF(TRIM({x})=\"\",{missing},IF(LOWER(TRIM({x}))=LOWER({missing}),{missing},IF(MAX({score})=0,{unknown},INDEX(Status_betyder,10000-MOD(MAX({score}),10000)))))",
        unknown = quoted(UNKNOWN_STATUS)
    )
}

/// "Räknas som" (the status the activity counts as: its row's status as
/// understood, or its unit rows' combined as `followup::overall` does) and
/// "Passerat slutdatum", as formulas with their current results.
fn counts_as(
    ws: &mut Worksheet,
    fu: &FollowUp,
    a: &Activity,
    first: u32,
    n: u32,
    f: &Formats,
) -> Result<(), XlsxError> {
    let v = &fu.vocabulary;
    let word = |k: StatusKind| quoted(&v.get(k).word);
    let (r1, r2) = (first + 1, first + n);
    let result = &v.get(a.kind).word;
    if n == 1 {
        ws.write_array_formula_with_format(
            first,
            11,
            first,
            11,
            Formula::new(meaning_formula(v, r1)).set_result(result),
            &f.text,
        )?;
    } else {
        let range = format!("N{r1}:N{r2}");
        let count = |k: StatusKind| format!("COUNTIF({range},{})", word(k));
        let counted = format!(
            "=IF(COUNTIF({range},{unknown})>0,{unknown},IF({missing}>0,{mw},IF({done}={n},{dw},IF({canc}={n},{cw},IF({late}>0,{lw},IF({ns}+{canc}={n},{nw},IF({done}+{canc}={n},{dw},{ow})))))))",
            unknown = quoted(UNKNOWN_STATUS),
            missing = count(StatusKind::Missing),
            mw = word(StatusKind::Missing),
            done = count(StatusKind::Done),
            canc = count(StatusKind::Cancelled),
            late = count(StatusKind::Delayed),
            ns = count(StatusKind::NotStarted),
            dw = word(StatusKind::Done),
            cw = word(StatusKind::Cancelled),
            lw = word(StatusKind::Delayed),
            nw = word(StatusKind::NotStarted),
            ow = word(StatusKind::Ongoing),
        );
        ws.write_formula_with_format(first, 11, Formula::new(counted).set_result(result), &f.text)?;
    }
    let late = match end_expression(&a.end) {
        Some(end) => {
            let date = if a.end.period.is_some_and(|p| p.precision == Precision::Day) {
                format!("IF(ISNUMBER(G{r1}),G{r1},{end})")
            } else {
                end
            };
            format!(
                "=IF(AND({date}<{SUMMARY}!${}${},L{r1}<>{},L{r1}<>{}),\"Ja\",\"\")",
                letter(AS_OF_CELL.1),
                AS_OF_CELL.0 + 1,
                word(StatusKind::Done),
                word(StatusKind::Cancelled)
            )
        }
        None => "=\"\"".to_string(),
    };
    let result = if a.overdue { "Ja" } else { "" };
    ws.write_formula_with_format(first, 12, Formula::new(late).set_result(result), &f.text)?;
    Ok(())
}

/// The status words as a "Statusord" sheet (Ord | Betyder | Färg |
/// Synonymer), so an organisation's own words survive a round trip.
fn vocabulary_sheet(wb: &mut Workbook, vocabulary: &Vocabulary, f: &Formats) -> Result<(), XlsxError> {
    let ws = wb.add_worksheet();
    ws.set_name(VOCABULARY_SHEET)?;
    for (c, (h, w)) in (0u16..).zip([("Ord", 16.0), ("Betyder", 14.0), ("Färg", 10.0), ("Synonymer", 80.0)]) {
        ws.text(0, c, h, &f.header)?;
        ws.set_column_width(c, w)?;
    }
    for (r, w) in (1u32..).zip(&vocabulary.words) {
        ws.text(r, 0, &w.word, &f.text.clone().set_background_color(rgb(&w.colour)))?;
        ws.text(r, 1, w.kind.key(), &f.text)?;
        ws.text(r, 2, &w.colour, &f.text)?;
        ws.text(r, 3, w.synonyms.join(", "), &f.text)?;
    }
    print_setup(ws, VOCABULARY_SHEET, 0)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The defined names of a workbook as written, name → formula.
    fn names(book: &[u8]) -> Vec<(String, String)> {
        use std::io::Read as _;
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(book)).unwrap();
        let mut xml = String::new();
        zip.by_name("xl/workbook.xml").unwrap().read_to_string(&mut xml).unwrap();
        xml.split("<definedName name=\"")
            .skip(1)
            .map(|d| {
                let (name, rest) = d.split_once('"').unwrap();
                let formula = rest.split_once('>').unwrap().1.split_once("</definedName>").unwrap().0;
                (name.to_string(), formula.to_string())
            })
            .collect()
    }

    fn written(v: &Vocabulary) -> Vec<(String, String)> {
        let mut wb = Workbook::new();
        wb.add_worksheet();
        define_vocabulary_names(&mut wb, v).unwrap();
        names(&wb.save_to_buffer().unwrap())
    }

    #[test]
    fn the_names_list_every_spelling_in_the_tools_order() {
        let v = Vocabulary::default();
        let names = written(&v);
        let get = |n: &str| names.iter().find(|(k, _)| k == n).map(|(_, f)| f.clone()).unwrap();
        let spellings = get("Status_stavning");
        assert!(spellings.starts_with("{\"genomförd\",\"genomfört\","), "{spellings}");
        assert_eq!(spellings.matches(',').count() + 1, v.spellings().count());
        // Bytes, as the tool measures: "pågår" is 7.
        let lengths = get("Status_langd");
        let pos = spellings.trim_matches(['{', '}']).split(',').position(|s| s == "\"pågår\"").unwrap();
        assert_eq!(lengths.trim_matches(['{', '}']).split(',').nth(pos), Some("7"));
        assert!(get("Status_plats").starts_with("{9999,9998,"));
        assert!(get("Status_betyder").starts_with("{\"Genomförd\",\"Genomförd\","));
    }

    #[test]
    fn a_vocabulary_beyond_excels_formula_length_keeps_its_first_words_within_it() {
        let mut v = Vocabulary::default();
        v.words[1].synonyms.extend((0..3000).map(|i| format!("egen pågående variant {i}")));
        let names = written(&v);
        assert_eq!(names.len(), 4);
        for (name, formula) in &names {
            assert!(formula.chars().count() <= FORMULA_LIMIT + 2, "{name}: {} characters", formula.chars().count());
        }
        let spellings = &names.iter().find(|(k, _)| k == "Status_stavning").unwrap().1;
        // The first word's spellings all fit; the cut is somewhere in the added ones.
        assert!(spellings.contains("\"uppnådd\"") && spellings.contains("\"egen pågående variant 0\""));
        assert!(!spellings.contains("\"egen pågående variant 2999\""));
    }
}
