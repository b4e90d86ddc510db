//! An interim report as an Excel workbook: *Insatser* (one row per
//! initiative), *Mål* (one row per indicator and year, the absolute target
//! and the assessment as formulas where numeric, coloured), *Förändringar*
//! (with `--previous`), *Dokument* and *Text*.

use super::WriteText as _;
use chrono::NaiveDate;
use rust_xlsxwriter::{
    ConditionalFormatCell, ConditionalFormatCellRule, DocProperties, Format, Formula, Workbook, XlsxError,
};

use super::xlsx::{Formats, creation_date, document_sheet, formats, print_setup, text_sheet};
use crate::model::Section;
use crate::model::indicator::{Reference, Rule};
use crate::model::report::{Assessment, Report};

pub(crate) const INITIATIVE_COLUMNS: [(&str, f64); 10] = [
    ("Fas", 16.0),
    ("Insats", 28.0),
    ("Status", 12.0),
    ("Syfte", 40.0),
    ("Genomfört", 40.0),
    ("Pågående", 40.0),
    ("Planerat", 34.0),
    ("Kommentar", 40.0),
    ("Övrigt", 30.0),
    ("Ändrat", 9.0),
];

pub(crate) const TARGET_COLUMNS: [(&str, f64); 21] = [
    ("Insats", 26.0),
    ("Indikator", 24.0),
    ("Enhet", 8.0),
    ("Riktning", 9.0),
    ("År", 7.0),
    ("Utgångsläge år", 10.0),
    ("Utgångsläge", 10.0),
    ("Ökning %", 9.0),
    ("Mål", 14.0),
    ("Mål, som skrivet", 28.0),
    ("Resultat", 10.0),
    ("Resultat, som skrivet", 34.0),
    ("Egen bedömning", 14.0),
    ("Bedömning", 14.0),
    ("Måluppfyllelse", 11.0),
    ("Ändrat", 9.0),
    ("Indikatortext", 30.0),
    // Worked out by planrapport from Mål and Riktning, for the formulas.
    ("Jämförelse", 10.0),
    ("Gräns", 9.0),
    ("Övre gräns", 9.0),
    ("Resultat som tal", 10.0),
];

/// The defined names of the thresholds in the Dokument sheet (per cent).
const ACHIEVED_NAME: &str = "Bedomning_uppnatt";
const PARTLY_NAME: &str = "Bedomning_delvis";

/// The verdict formula of row `n` (1-based): a person's own verdict (M)
/// when written; else the rule in R (the codes of `Rule::code`) against
/// the bound S (and T), the result U, the degree of attainment O and the
/// thresholds; else `fallback`, the verdict planrapport found without a
/// number to compare. The same rules as `model::indicator::Rule::judge`.
pub(crate) fn verdict_formula(n: u32, fallback: &str) -> String {
    let (a, p) = (format!("{ACHIEVED_NAME}/100"), format!("{PARTLY_NAME}/100"));
    let met = format!(
        "IF(R{n}=\">=\",U{n}>=S{n},IF(R{n}=\">\",U{n}>S{n},IF(R{n}=\"<=\",U{n}<=S{n},IF(R{n}=\"<\",U{n}<S{n},AND(U{n}>=S{n},U{n}<=T{n})))))"
    );
    let by_degree = format!(
        "IF(IF(OR(R{n}=\">\",R{n}=\"<\"),O{n}>{a}+1E-9,O{n}+1E-9>={a}),\"Uppnått\",IF(O{n}+1E-9>={p},\"Delvis uppnått\",\"Ej uppnått\"))"
    );
    let fallback = fallback.replace('"', "\"\"");
    format!(
        "=IF(M{n}<>\"\",M{n},IF(AND(ISNUMBER(U{n}),ISNUMBER(S{n}),R{n}<>\"\"),\
IF(R{n}=\"öka\",IF(U{n}>S{n},\"Uppnått\",\"Ej uppnått\"),\
IF(R{n}=\"minska\",IF(U{n}<S{n},\"Uppnått\",\"Ej uppnått\"),\
IF(R{n}=\"bibehålla\",IF(U{n}>=S{n},\"Uppnått\",\"Ej uppnått\"),\
IF(R{n}=\"bibehålla lägre\",IF(U{n}<=S{n},\"Uppnått\",\"Ej uppnått\"),\
IF(ISNUMBER(O{n}),{by_degree},IF({met},\"Uppnått\",\"Ej uppnått\")))))),\"{fallback}\"))"
    )
}

/// The degree-of-attainment formula of row `n`: result ÷ bound (higher is
/// better), bound ÷ result (lower), against the nearer end of a range;
/// empty where it means nothing. The same as `Rule::degree`.
pub(crate) fn degree_formula(n: u32) -> String {
    format!(
        "=IF(AND(ISNUMBER(U{n}),ISNUMBER(S{n})),IF(OR(R{n}=\">=\",R{n}=\">\"),IF(S{n}>0,U{n}/S{n},\"\"),\
IF(OR(R{n}=\"<=\",R{n}=\"<\"),IF(AND(U{n}>0,S{n}>=0),S{n}/U{n},\"\"),\
IF(R{n}=\"mellan\",IF(U{n}<S{n},IF(S{n}>0,U{n}/S{n},\"\"),IF(U{n}>T{n},IF(U{n}>0,T{n}/U{n},\"\"),1)),\"\"))),\"\")"
    )
}

fn assessment_colour(a: Assessment) -> u32 {
    match a {
        Assessment::Achieved => 0x00CF_E8CF,
        Assessment::Partly => 0x00FB_ECB3,
        Assessment::NotAchieved => 0x00F7_C9A8,
        Assessment::Undetermined | Assessment::NotAssessed | Assessment::None => 0x00E4_E4E4,
    }
}

/// Builds the workbook in memory.
///
/// # Errors
/// `rust_xlsxwriter`'s errors (which valid models do not cause).
pub fn workbook(r: &Report, date: Option<NaiveDate>) -> Result<Vec<u8>, XlsxError> {
    let f = formats();
    let mut wb = Workbook::new();
    let created = creation_date(date)?;
    wb.set_properties(
        &DocProperties::new()
            .set_title(format!("{}, {}", r.meta.title, r.label))
            .set_subject(&r.label)
            .set_author(&r.meta.author)
            .set_company(&r.meta.organisation)
            .set_comment("Skapad med planrapport")
            .set_creation_datetime(&created),
    );
    initiatives_sheet(&mut wb, r, &f)?;
    targets_sheet(&mut wb, r, &f)?;
    if r.previous.is_some() {
        changes_sheet(&mut wb, r, &f)?;
    }
    let year = r.year.to_string();
    let (phases_label, phases) = r.phase_model.sheet_field();
    let next = document_sheet(
        &mut wb,
        &r.meta,
        &[
            ("Dokumenttyp", "delårsrapport"),
            ("Rapport", r.report.as_str()),
            ("År", year.as_str()),
            (phases_label, phases.as_str()),
        ],
        &f,
    )?;
    thresholds_rows(&mut wb, r, next, &f)?;
    let chapters: Vec<(&str, &Section)> = r.chapters.iter().map(|c| ("", c)).collect();
    text_sheet(&mut wb, &chapters, &f)?;
    wb.save_to_buffer()
}

fn header(ws: &mut rust_xlsxwriter::Worksheet, columns: &[(&str, f64)], f: &Formats) -> Result<(), XlsxError> {
    for (c, (h, w)) in (0u16..).zip(columns) {
        ws.text(0, c, *h, &f.header)?;
        ws.set_column_width(c, *w)?;
    }
    Ok(())
}

fn initiatives_sheet(wb: &mut Workbook, r: &Report, f: &Formats) -> Result<(), XlsxError> {
    let ws = wb.add_worksheet();
    ws.set_name("Insatser")?;
    header(ws, &INITIATIVE_COLUMNS, f)?;
    let mut row = 1u32;
    for p in r.phases.iter().filter(|p| !p.text.is_empty()) {
        // A phase's sentence: Fas and Övrigt only.
        ws.text(row, 0, &p.name, &f.text)?;
        ws.text(row, 8, &p.text, &f.text)?;
        row += 1;
    }
    for i in r.initiatives() {
        let field = |label: &str| i.fields.iter().find(|x| x.label == label).map_or("", |x| x.text.as_str());
        let changed = i.added || i.status_change.is_some() || i.fields.iter().any(|x| x.change.is_some());
        let cells = [
            i.phase.as_str(),
            i.name.as_str(),
            // The text as written when it says more than the word ("Pågår,
            // försenat av upphandlingen"): nothing of it is lost, and it
            // reads back as the same status.
            if i.status.note.is_empty() { i.status.word.as_str() } else { i.status.note.as_str() },
            field("Syfte"),
            field("Genomfört"),
            field("Pågående"),
            field("Planerat"),
            field("Kommentar"),
            field(""),
            if i.added {
                "Ny"
            } else if changed {
                "Ändrad"
            } else {
                ""
            },
        ];
        for (c, v) in (0u16..).zip(cells) {
            ws.text(row, c, v, &f.text)?;
        }
        row += 1;
    }
    let last = row.saturating_sub(1).max(1);
    for w in &r.vocabulary.words {
        let cf = ConditionalFormatCell::new()
            .set_rule(ConditionalFormatCellRule::EqualTo(format!("\"{}\"", w.word.replace('"', "\"\""))))
            .set_format(Format::new().set_background_color(
                u32::from_str_radix(w.colour.trim_start_matches('#'), 16).unwrap_or(0x00E4_E4E4),
            ));
        ws.add_conditional_format(1, 2, last, 2, &cf)?;
    }
    ws.set_freeze_panes(1, 2)?;
    ws.autofilter(0, 0, last, 9)?;
    print_setup(ws, &format!("{} – insatser", r.label), 0)?;
    Ok(())
}

/// The thresholds under the Dokument sheet's rows, as numbers the verdict
/// formulas use by name (and that are read back).
fn thresholds_rows(wb: &mut Workbook, r: &Report, row: u32, f: &Formats) -> Result<(), XlsxError> {
    let rows = [
        ("Uppnått från %", r.thresholds.achieved * 100.0, ACHIEVED_NAME),
        ("Delvis uppnått från %", r.thresholds.partly * 100.0, PARTLY_NAME),
    ];
    for (k, (label, value, name)) in (row..).zip(rows) {
        let ws = wb.worksheet_from_name("Dokument")?;
        ws.text(k, 0, label, &f.text)?;
        ws.write_number_with_format(k, 1, (value * 1e6).round() / 1e6, &f.text)?;
        wb.define_name(name, &format!("=Dokument!$B${}", k + 1))?;
    }
    Ok(())
}

/// A number to a formula's cached result ("1.05", "" for none).
fn cached(v: Option<f64>) -> String {
    v.map_or_else(String::new, |v| format!("{v}"))
}

#[allow(clippy::too_many_lines)]
fn targets_sheet(wb: &mut Workbook, r: &Report, f: &Formats) -> Result<(), XlsxError> {
    let ws = wb.add_worksheet();
    ws.set_name("Mål")?;
    // An empty cached result is an empty text, not the library's default 0.
    ws.set_formula_result_default("");
    header(ws, &TARGET_COLUMNS, f)?;
    let percent = f.text.clone().set_num_format("0.0%");
    let degree = f.text.clone().set_num_format("0%");
    let mut row = 1u32;
    for i in r.initiatives() {
        for ind in &i.indicators {
            let direction = if ind.direction_given { ind.direction.word() } else { "" };
            if ind.years.is_empty() {
                // An indicator without years still gets a row, for its text.
                for (c, v) in [
                    (0u16, i.name.as_str()),
                    (1, ind.name.as_str()),
                    (2, ind.unit.as_str()),
                    (3, direction),
                    (16, ind.text.as_str()),
                ] {
                    ws.text(row, c, v, &f.text)?;
                }
                if let Some(by) = ind.baseline_year {
                    ws.write_number_with_format(row, 5, f64::from(by), &f.text)?;
                }
                if let Some(b) = ind.baseline {
                    ws.write_number_with_format(row, 6, b, &f.text)?;
                }
                row += 1;
                continue;
            }
            let first = row;
            for (k, y) in ind.years.iter().enumerate() {
                let text = if k == 0 { ind.text.as_str() } else { "" };
                ws.text(row, 16, text, &f.text)?;
                let n = row + 1;
                ws.text(row, 0, &i.name, &f.text)?;
                ws.text(row, 1, &ind.name, &f.text)?;
                ws.text(row, 2, &ind.unit, &f.text)?;
                ws.text(row, 3, direction, &f.text)?;
                ws.write_number_with_format(row, 4, f64::from(y.year), &f.text)?;
                match ind.baseline_year {
                    Some(by) => ws.write_number_with_format(row, 5, f64::from(by), &f.text)?,
                    None => ws.write_blank(row, 5, &f.text)?,
                };
                match ind.baseline {
                    Some(b) => ws.write_number_with_format(row, 6, b, &f.text)?,
                    None => ws.write_blank(row, 6, &f.text)?,
                };
                match y.increase {
                    Some(inc) => ws.write_number_with_format(row, 7, inc, &f.text)?,
                    None => ws.write_blank(row, 7, &f.text)?,
                };
                // Mål: a target computed from the baseline stays a formula of
                // it; words as written; a number (in a percent cell where it
                // was one).
                let target_number = y.increase.is_none() && y.target_written.is_empty() && y.target.is_some();
                match (y.target, y.increase) {
                    (Some(t), Some(_)) if ind.baseline.is_some() => ws.write_formula_with_format(
                        row,
                        8,
                        Formula::new(format!("=G{n}*(1+H{n}/100)")).set_result(format!("{t}")),
                        &f.text,
                    )?,
                    _ if !y.target_written.is_empty() => {
                        ws.write_string_with_format(row, 8, &y.target_written, &f.text)?
                    }
                    (Some(t), _) if y.target_percent => ws.write_number_with_format(row, 8, t / 100.0, &percent)?,
                    (Some(t), _) => ws.write_number_with_format(row, 8, t, &f.text)?,
                    (None, _) => ws.write_blank(row, 8, &f.text)?,
                };
                ws.text(row, 9, &y.target_text, &f.text)?;
                let result_cell_percent = y.result_written.is_empty() && y.result_percent && y.result.is_some();
                match y.result {
                    _ if !y.result_written.is_empty() => {
                        ws.write_string_with_format(row, 10, &y.result_written, &f.text)?
                    }
                    Some(v) if result_cell_percent => ws.write_number_with_format(row, 10, v / 100.0, &percent)?,
                    Some(v) => ws.write_number_with_format(row, 10, v, &f.text)?,
                    None => ws.write_blank(row, 10, &f.text)?,
                };
                ws.text(row, 11, &y.result_text, &f.text)?;
                ws.text(row, 12, if y.manual { y.assessment_word.as_str() } else { "" }, &f.text)?;
                // The verdict as computed without a number to compare.
                let fallback =
                    if y.manual || (y.rule.is_some() && y.result.is_some()) { "" } else { y.assessment_word.as_str() };
                ws.write_formula_with_format(
                    row,
                    13,
                    Formula::new(verdict_formula(n, fallback)).set_result(&y.assessment_word),
                    &f.text,
                )?;
                ws.write_formula_with_format(
                    row,
                    14,
                    Formula::new(degree_formula(n)).set_result(cached(y.rule.and(y.result).and(y.degree))),
                    &degree,
                )?;
                ws.text(row, 15, y.change.map_or("", |c| c.word()), &f.text)?;
                // Jämförelse: a plain number's rule follows the Riktning cell.
                if let Some(rule) = &y.rule {
                    let code = rule.code();
                    if target_number || (y.increase.is_some() && ind.baseline.is_some()) {
                        let formula = format!(
                            "=IF(OR(D{n}=\"lägre\",D{n}=\"lagre\"),\"<=\",IF(OR(D{n}=\"högre\",D{n}=\"hogre\"),\">=\",\"{code}\"))"
                        );
                        ws.write_formula_with_format(row, 17, Formula::new(formula).set_result(code), &f.text)?;
                    } else {
                        ws.write_string_with_format(row, 17, code, &f.text)?;
                    }
                    let bound = rule.bound();
                    let bound_formula = match (rule, y.reference) {
                        (Rule::Move { .. } | Rule::Keep { .. }, Some(Reference::Previous { year })) => ind
                            .years
                            .iter()
                            .position(|o| o.year == year)
                            .map(|p| format!("=U{}", first + u32::try_from(p).unwrap_or(0) + 1)),
                        (Rule::Move { .. } | Rule::Keep { .. }, Some(Reference::Baseline)) => Some(format!("=G{n}")),
                        _ if target_number && y.target_percent => Some(format!("=I{n}*100")),
                        _ if target_number || (y.increase.is_some() && ind.baseline.is_some()) => {
                            Some(format!("=I{n}"))
                        }
                        _ => None,
                    };
                    match bound_formula {
                        Some(fm) => ws.write_formula_with_format(
                            row,
                            18,
                            Formula::new(fm).set_result(format!("{bound}")),
                            &f.text,
                        )?,
                        None => ws.write_number_with_format(row, 18, bound, &f.text)?,
                    };
                    match rule.high() {
                        Some(h) => ws.write_number_with_format(row, 19, h, &f.text)?,
                        None => ws.write_blank(row, 19, &f.text)?,
                    };
                } else {
                    for c in 17..=19 {
                        ws.write_blank(row, c, &f.text)?;
                    }
                }
                // Resultat som tal: the Resultat cell when it is a number,
                // else the number planrapport read from its text.
                let scale = if result_cell_percent { "*100" } else { "" };
                let otherwise = match (y.result_written.is_empty(), y.result) {
                    (false, Some(v)) => format!("{v}"),
                    _ => "\"\"".to_string(),
                };
                ws.write_formula_with_format(
                    row,
                    20,
                    Formula::new(format!("=IF(ISNUMBER(K{n}),K{n}{scale},{otherwise})")).set_result(cached(y.result)),
                    &f.text,
                )?;
                row += 1;
            }
        }
    }
    let last = row.saturating_sub(1).max(1);
    for a in [Assessment::Achieved, Assessment::Partly, Assessment::NotAchieved, Assessment::Undetermined] {
        let cf = ConditionalFormatCell::new()
            .set_rule(ConditionalFormatCellRule::EqualTo(format!("\"{}\"", a.word())))
            .set_format(Format::new().set_background_color(assessment_colour(a)));
        ws.add_conditional_format(1, 13, last, 13, &cf)?;
    }
    let validation = rust_xlsxwriter::DataValidation::new()
        .allow_list_strings(&Assessment::WORDS)?
        .set_error_title("Värdet finns inte i listan")?
        .set_error_message(format!("Välj en av: {}.", Assessment::WORDS.join(", ")))?
        .set_input_message("Valfritt: din egen bedömning. Tomt: bedömningen beräknas.")?;
    ws.add_data_validation(1, 12, last.max(200), 12, &validation)?;
    ws.set_freeze_panes(1, 2)?;
    ws.autofilter(0, 0, last, 20)?;
    print_setup(ws, &format!("{} – mål och resultat", r.label), 0)?;
    Ok(())
}

fn changes_sheet(wb: &mut Workbook, r: &Report, f: &Formats) -> Result<(), XlsxError> {
    let ws = wb.add_worksheet();
    ws.set_name("Förändringar")?;
    header(ws, &[("Insats", 28.0), ("Vad", 24.0), ("Ändring", 9.0), ("Före", 50.0), ("Efter", 50.0)], f)?;
    let mut row = 1u32;
    for c in &r.changes {
        for (col, v) in (0u16..).zip([&c.initiative, &c.what, &c.word, &c.before, &c.after]) {
            ws.text(row, col, v, &f.text)?;
        }
        row += 1;
    }
    ws.set_freeze_panes(1, 0)?;
    ws.autofilter(0, 0, row.saturating_sub(1).max(1), 4)?;
    print_setup(ws, &format!("{} – förändringar sedan {}", r.label, r.previous.as_deref().unwrap_or("")), 0)?;
    Ok(())
}
