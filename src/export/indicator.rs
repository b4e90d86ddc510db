//! The indicator sheet shared by every kind that has indicators (the
//! interim report's *Mål*, the follow-up's and the plan's *Indikatorer*):
//! one row per indicator and year, the columns naming what it belongs to
//! first (`load::indicator::SheetLayout`), then target, result, a person's
//! own verdict, the verdict and the degree of attainment as live formulas
//! (with their cached values), and the thresholds in the *Dokument* sheet.
//! The reader of the same sheet is `load::indicator::read_sheet`.

use rust_xlsxwriter::{ConditionalFormatCell, ConditionalFormatCellRule, Format, Formula, Workbook, XlsxError};

use super::WriteText as _;
use super::xlsx::{Formats, print_setup};
use crate::load::indicator::{COLUMNS, SheetLayout};
use crate::model::indicator::{Assessment, Indicator, Reference, Rule, Thresholds};

/// The defined names of the thresholds in the Dokument sheet (per cent).
const ACHIEVED_NAME: &str = "Bedomning_uppnatt";
const PARTLY_NAME: &str = "Bedomning_delvis";

/// A column's letters (0 → A, 26 → AA).
fn letter(c: u16) -> String {
    let mut n = u32::from(c) + 1;
    let mut out = Vec::new();
    while n > 0 {
        let r = u8::try_from((n - 1) % 26).unwrap_or(0);
        out.push(char::from(b'A' + r));
        n = (n - 1) / 26;
    }
    out.iter().rev().collect()
}

/// The letters of the columns the formulas use, for a sheet with `extra`
/// owner columns beyond the first (the report's layout when 0: D, G, H, I,
/// K, M, O, R, S, T, U).
struct Letters {
    d: String,
    g: String,
    h: String,
    i: String,
    k: String,
    m: String,
    o: String,
    r: String,
    s: String,
    t: String,
    u: String,
}

impl Letters {
    fn new(extra: u16) -> Letters {
        let l = |c: u16| letter(c + extra);
        Letters {
            d: l(3),
            g: l(6),
            h: l(7),
            i: l(8),
            k: l(10),
            m: l(12),
            o: l(14),
            r: l(17),
            s: l(18),
            t: l(19),
            u: l(20),
        }
    }
}

/// The verdict formula of row `n` (1-based): a person's own verdict (M)
/// when written; else the rule in R (the codes of `Rule::code`) against
/// the bound S (and T), the result U, the degree of attainment O and the
/// thresholds; else `fallback`, the verdict planrapport found without a
/// number to compare. The same rules as `model::indicator::Rule::judge`.
fn verdict_formula(l: &Letters, n: u32, fallback: &str) -> String {
    let Letters { m, o, r, s, t, u, .. } = l;
    let (a, p) = (format!("{ACHIEVED_NAME}/100"), format!("{PARTLY_NAME}/100"));
    let met = format!(
        "IF({r}{n}=\">=\",{u}{n}>={s}{n},IF({r}{n}=\">\",{u}{n}>{s}{n},IF({r}{n}=\"<=\",{u}{n}<={s}{n},IF({r}{n}=\"<\",{u}{n}<{s}{n},AND({u}{n}>={s}{n},{u}{n}<={t}{n})))))"
    );
    let by_degree = format!(
        "IF(IF(OR({r}{n}=\">\",{r}{n}=\"<\"),{o}{n}>{a}+1E-9,{o}{n}+1E-9>={a}),\"Uppnått\",IF({o}{n}+1E-9>={p},\"Delvis uppnått\",\"Ej uppnått\"))"
    );
    let fallback = fallback.replace('"', "\"\"");
    format!(
        "=IF({m}{n}<>\"\",{m}{n},IF(AND(ISNUMBER({u}{n}),ISNUMBER({s}{n}),{r}{n}<>\"\"),\
IF({r}{n}=\"öka\",IF({u}{n}>{s}{n},\"Uppnått\",\"Ej uppnått\"),\
IF({r}{n}=\"minska\",IF({u}{n}<{s}{n},\"Uppnått\",\"Ej uppnått\"),\
IF({r}{n}=\"bibehålla\",IF({u}{n}>={s}{n},\"Uppnått\",\"Ej uppnått\"),\
IF({r}{n}=\"bibehålla lägre\",IF({u}{n}<={s}{n},\"Uppnått\",\"Ej uppnått\"),\
IF(ISNUMBER({o}{n}),{by_degree},IF({met},\"Uppnått\",\"Ej uppnått\")))))),\"{fallback}\"))"
    )
}

/// The degree-of-attainment formula of row `n`: result ÷ bound (higher is
/// better), bound ÷ result (lower), against the nearer end of a range;
/// empty where it means nothing. The same as `Rule::degree`.
fn degree_formula(l: &Letters, n: u32) -> String {
    let Letters { r, s, t, u, .. } = l;
    format!(
        "=IF(AND(ISNUMBER({u}{n}),ISNUMBER({s}{n})),IF(OR({r}{n}=\">=\",{r}{n}=\">\"),IF({s}{n}>0,{u}{n}/{s}{n},\"\"),\
IF(OR({r}{n}=\"<=\",{r}{n}=\"<\"),IF(AND({u}{n}>0,{s}{n}>=0),{s}{n}/{u}{n},\"\"),\
IF({r}{n}=\"mellan\",IF({u}{n}<{s}{n},IF({s}{n}>0,{u}{n}/{s}{n},\"\"),IF({u}{n}>{t}{n},IF({u}{n}>0,{t}{n}/{u}{n},\"\"),1)),\"\"))),\"\")"
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

/// The thresholds under the Dokument sheet's rows from `row` on, as numbers
/// the verdict formulas use by name (and that are read back).
pub(crate) fn thresholds_rows(wb: &mut Workbook, t: Thresholds, row: u32, f: &Formats) -> Result<(), XlsxError> {
    let rows = [
        ("Uppnått från %", t.achieved * 100.0, ACHIEVED_NAME),
        ("Delvis uppnått från %", t.partly * 100.0, PARTLY_NAME),
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

/// The column after the last of the sheet's own, for `extra` owner columns beyond the first.
fn col_after(extra: u16) -> u16 {
    u16::try_from(COLUMNS.len()).unwrap_or(0) + 1 + extra
}

/// Writes the indicator sheet: `rows` are the indicators with the texts of
/// their owner columns (as many as `layout.owners`) and the owner's
/// description (written when the layout has a column for it), in order.
///
/// # Errors
/// `rust_xlsxwriter`'s errors (which valid models do not cause).
#[allow(clippy::too_many_lines, clippy::many_single_char_names)]
pub(crate) fn indicator_sheet(
    wb: &mut Workbook,
    layout: &SheetLayout,
    rows: &[(Vec<&str>, &str, &Indicator)],
    title: &str,
    f: &Formats,
) -> Result<(), XlsxError> {
    let ws = wb.add_worksheet();
    ws.set_name(layout.sheet)?;
    // An empty cached result is an empty text, not the library's default 0.
    ws.set_formula_result_default("");
    let e = u16::try_from(layout.owners.len().saturating_sub(1)).unwrap_or(0);
    let owners = layout.owners.len();
    for (c, h) in (0u16..).zip(layout.owners) {
        ws.text(0, c, *h, &f.header)?;
        ws.set_column_width(c, if usize::from(c) + 1 == owners { 26.0 } else { 18.0 })?;
    }
    for (c, (h, w)) in (e + 1..).zip(COLUMNS) {
        ws.text(0, c, h, &f.header)?;
        ws.set_column_width(c, w)?;
    }
    let description_col = layout.description.map(|d| (col_after(e), d));
    if let Some((c, h)) = description_col {
        ws.text(0, c, h, &f.header)?;
        ws.set_column_width(c, 40.0)?;
    }
    let l = Letters::new(e);
    let col = |k: u16| k + e;
    let percent = f.text.clone().set_num_format("0.0%");
    let degree = f.text.clone().set_num_format("0%");
    let mut row = 1u32;
    for (names, description, ind) in rows {
        let write_owners = |ws: &mut rust_xlsxwriter::Worksheet, row: u32| -> Result<(), XlsxError> {
            for (c, v) in (0u16..).zip(names.iter()) {
                ws.text(row, c, v, &f.text)?;
            }
            if let Some((c, _)) = description_col {
                ws.text(row, c, description, &f.text)?;
            }
            Ok(())
        };
        let direction = if ind.direction_given { ind.direction.word() } else { "" };
        if ind.years.is_empty() {
            // An indicator without years still gets a row, for its text.
            write_owners(ws, row)?;
            for (c, v) in [(1u16, ind.name.as_str()), (2, ind.unit.as_str()), (3, direction), (16, ind.text.as_str())] {
                ws.text(row, col(c), v, &f.text)?;
            }
            if let Some(by) = ind.baseline_year {
                ws.write_number_with_format(row, col(5), f64::from(by), &f.text)?;
            }
            if let Some(b) = ind.baseline {
                ws.write_number_with_format(row, col(6), b, &f.text)?;
            }
            row += 1;
            continue;
        }
        let first = row;
        for (k, y) in ind.years.iter().enumerate() {
            let text = if k == 0 { ind.text.as_str() } else { "" };
            ws.text(row, col(16), text, &f.text)?;
            let n = row + 1;
            write_owners(ws, row)?;
            ws.text(row, col(1), &ind.name, &f.text)?;
            ws.text(row, col(2), &ind.unit, &f.text)?;
            ws.text(row, col(3), direction, &f.text)?;
            ws.write_number_with_format(row, col(4), f64::from(y.year), &f.text)?;
            match ind.baseline_year {
                Some(by) => ws.write_number_with_format(row, col(5), f64::from(by), &f.text)?,
                None => ws.write_blank(row, col(5), &f.text)?,
            };
            match ind.baseline {
                Some(b) => ws.write_number_with_format(row, col(6), b, &f.text)?,
                None => ws.write_blank(row, col(6), &f.text)?,
            };
            match y.increase {
                Some(inc) => ws.write_number_with_format(row, col(7), inc, &f.text)?,
                None => ws.write_blank(row, col(7), &f.text)?,
            };
            // Mål: a target computed from the baseline stays a formula of
            // it; words as written; a number (in a percent cell where it
            // was one).
            let target_number = y.increase.is_none() && y.target_written.is_empty() && y.target.is_some();
            match (y.target, y.increase) {
                (Some(t), Some(_)) if ind.baseline.is_some() => ws.write_formula_with_format(
                    row,
                    col(8),
                    Formula::new(format!("={g}{n}*(1+{h}{n}/100)", g = l.g, h = l.h)).set_result(format!("{t}")),
                    // Shown rounded as the PDF prints it (221,95 → 222);
                    // the value stays exact.
                    &f.text.clone().set_num_format("0"),
                )?,
                _ if !y.target_written.is_empty() => {
                    ws.write_string_with_format(row, col(8), &y.target_written, &f.text)?
                }
                (Some(t), _) if y.target_percent => ws.write_number_with_format(row, col(8), t / 100.0, &percent)?,
                (Some(t), _) => ws.write_number_with_format(row, col(8), t, &f.text)?,
                (None, _) => ws.write_blank(row, col(8), &f.text)?,
            };
            ws.text(row, col(9), &y.target_text, &f.text)?;
            let result_cell_percent = y.result_written.is_empty() && y.result_percent && y.result.is_some();
            match y.result {
                _ if !y.result_written.is_empty() => {
                    ws.write_string_with_format(row, col(10), &y.result_written, &f.text)?
                }
                Some(v) if result_cell_percent => ws.write_number_with_format(row, col(10), v / 100.0, &percent)?,
                Some(v) => ws.write_number_with_format(row, col(10), v, &f.text)?,
                None => ws.write_blank(row, col(10), &f.text)?,
            };
            ws.text(row, col(11), &y.result_text, &f.text)?;
            ws.text(row, col(12), if y.manual { y.assessment_word.as_str() } else { "" }, &f.text)?;
            // The verdict as computed without a number to compare.
            let fallback =
                if y.manual || (y.rule.is_some() && y.result.is_some()) { "" } else { y.assessment_word.as_str() };
            ws.write_formula_with_format(
                row,
                col(13),
                Formula::new(verdict_formula(&l, n, fallback)).set_result(&y.assessment_word),
                &f.text,
            )?;
            ws.write_formula_with_format(
                row,
                col(14),
                Formula::new(degree_formula(&l, n)).set_result(cached(y.rule.and(y.result).and(y.degree))),
                &degree,
            )?;
            ws.text(row, col(15), y.change.map_or("", |c| c.word()), &f.text)?;
            // Jämförelse: a plain number's rule follows the Riktning cell.
            if let Some(rule) = &y.rule {
                let code = rule.code();
                if target_number || (y.increase.is_some() && ind.baseline.is_some()) {
                    let d = &l.d;
                    let formula = format!(
                        "=IF(OR({d}{n}=\"lägre\",{d}{n}=\"lagre\"),\"<=\",IF(OR({d}{n}=\"högre\",{d}{n}=\"hogre\"),\">=\",\"{code}\"))"
                    );
                    ws.write_formula_with_format(row, col(17), Formula::new(formula).set_result(code), &f.text)?;
                } else {
                    ws.write_string_with_format(row, col(17), code, &f.text)?;
                }
                let bound = rule.bound();
                let bound_formula = match (rule, y.reference) {
                    (Rule::Move { .. } | Rule::Keep { .. }, Some(Reference::Previous { year })) => ind
                        .years
                        .iter()
                        .position(|o| o.year == year)
                        .map(|p| format!("={}{}", l.u, first + u32::try_from(p).unwrap_or(0) + 1)),
                    (Rule::Move { .. } | Rule::Keep { .. }, Some(Reference::Baseline)) => Some(format!("={}{n}", l.g)),
                    _ if target_number && y.target_percent => Some(format!("={}{n}*100", l.i)),
                    _ if target_number || (y.increase.is_some() && ind.baseline.is_some()) => {
                        Some(format!("={}{n}", l.i))
                    }
                    _ => None,
                };
                match bound_formula {
                    Some(fm) => ws.write_formula_with_format(
                        row,
                        col(18),
                        Formula::new(fm).set_result(format!("{bound}")),
                        &f.text,
                    )?,
                    None => ws.write_number_with_format(row, col(18), bound, &f.text)?,
                };
                match rule.high() {
                    Some(h) => ws.write_number_with_format(row, col(19), h, &f.text)?,
                    None => ws.write_blank(row, col(19), &f.text)?,
                };
            } else {
                for c in 17..=19 {
                    ws.write_blank(row, col(c), &f.text)?;
                }
            }
            // Resultat som tal: the Resultat cell when it is a number,
            // else the number planrapport read from its text.
            let scale = if result_cell_percent { "*100" } else { "" };
            let otherwise = match (y.result_written.is_empty(), y.result) {
                (false, Some(v)) => format!("{v}"),
                _ => "\"\"".to_string(),
            };
            let k = &l.k;
            ws.write_formula_with_format(
                row,
                col(20),
                Formula::new(format!("=IF(ISNUMBER({k}{n}),{k}{n}{scale},{otherwise})")).set_result(cached(y.result)),
                &f.text,
            )?;
            row += 1;
        }
    }
    let last = row.saturating_sub(1).max(1);
    for a in [
        Assessment::Achieved,
        Assessment::Partly,
        Assessment::NotAchieved,
        Assessment::Undetermined,
        Assessment::NotAssessed,
    ] {
        let cf = ConditionalFormatCell::new()
            .set_rule(ConditionalFormatCellRule::EqualTo(super::xlsx::quoted(a.word())))
            .set_format(Format::new().set_background_color(assessment_colour(a)));
        ws.add_conditional_format(1, col(13), last, col(13), &cf)?;
    }
    let validation = rust_xlsxwriter::DataValidation::new()
        .allow_list_strings(&Assessment::WORDS)?
        .set_error_title("Värdet finns inte i listan")?
        .set_error_message(format!("Välj en av: {}.", Assessment::WORDS.join(", ")))?
        .set_input_message("Valfritt: din egen bedömning. Tomt: bedömningen beräknas.")?;
    ws.add_data_validation(1, col(12), last.max(200), col(12), &validation)?;
    ws.set_freeze_panes(1, col(2))?;
    ws.autofilter(0, 0, last, description_col.map_or(col(20), |(c, _)| c))?;
    print_setup(ws, title, 0)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters_shift_with_the_owner_columns() {
        assert_eq!(letter(0), "A");
        assert_eq!(letter(25), "Z");
        assert_eq!(letter(26), "AA");
        let report = Letters::new(0);
        assert_eq!((report.d.as_str(), report.m.as_str(), report.u.as_str()), ("D", "M", "U"));
        let followup = Letters::new(2);
        assert_eq!((followup.d.as_str(), followup.m.as_str(), followup.u.as_str()), ("F", "O", "W"));
    }
}
