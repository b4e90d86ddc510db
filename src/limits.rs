//! Every size limit in one place. Costs must follow the real content, not
//! what a file's headers claim: a workbook of a few kilobytes can declare a
//! million rows, repeat one row a million times or unpack to gigabytes. Each
//! limit is far above what a real municipal document needs and low enough
//! that a build stays within seconds and a few hundred megabytes; each is
//! checked before the work it guards, and each refusal says the limit and
//! where it was passed. The README's "Limits" table lists them; keep the two
//! in step.

/// Unpacked size of one part (file) of an .xlsx/.ods archive, in bytes.
pub const MAX_UNPACKED_ENTRY: u64 = 64 * 1024 * 1024;
/// Unpacked size of all parts of an .xlsx/.ods archive together, in bytes.
pub const MAX_UNPACKED_TOTAL: u64 = 128 * 1024 * 1024;
/// The last row (1-based) that may hold content on a sheet.
pub const MAX_SHEET_ROWS: u32 = 50_000;
/// The last column (1-based, column IV) that may hold content on a sheet.
pub const MAX_SHEET_COLUMNS: u32 = 256;
/// Cells in the rectangle from A1 to a sheet's last row and column with
/// content (the readers hold that rectangle in memory).
pub const MAX_SHEET_CELLS: u64 = 1_000_000;
/// Bytes of text in all cells of one sheet together: a shared string is
/// stored once in the file but copied into every cell that uses it, so a
/// 77 KB workbook could hold 650 MB of cell text (found by the fuzzer).
pub const MAX_SHEET_TEXT: u64 = 32 * 1024 * 1024;
/// Characters in one text field or cell.
pub const MAX_TEXT_CHARS: usize = 100_000;
/// Departments (or units) in one plan.
pub const MAX_DEPARTMENTS: usize = 200;
/// Chapters and sections (all levels together) in one document.
pub const MAX_CHAPTERS: usize = 300;
/// Initiatives in one interim report.
pub const MAX_INITIATIVES: usize = 1_000;
/// Indicators in one interim report (all initiatives together).
pub const MAX_INDICATORS: usize = 3_000;
/// Phases in one phase list, and phase texts (`[[fastext]]`) in one report.
pub const MAX_PHASES: usize = 100;
/// Slides in one deck.
pub const MAX_SLIDES: usize = 500;

/// A count for messages: "1 000 000" (a space between thousands, as in Swedish).
pub fn count(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(' ');
        }
        out.push(ch);
    }
    out
}

/// A size in bytes for messages: "64 MiB" style, in Swedish ("64 MB").
pub fn megabytes(bytes: u64) -> String {
    format!("{} MB", count(bytes.div_ceil(1024 * 1024)))
}

/// Excel's limit on the text in one cell.
pub const CELL_LIMIT: usize = 32_767;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_group_thousands() {
        assert_eq!(count(0), "0");
        assert_eq!(count(999), "999");
        assert_eq!(count(1000), "1 000");
        assert_eq!(count(1_048_576), "1 048 576");
        assert_eq!(megabytes(MAX_UNPACKED_ENTRY), "64 MB");
    }
}
