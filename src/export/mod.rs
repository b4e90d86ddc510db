//! Outputs that do not go through Typst: the Excel workbook.

pub mod deck;
pub mod followup;
pub mod report;
pub mod template;
pub mod toml_out;
pub mod xlsx;

use rust_xlsxwriter::{Format, Worksheet, XlsxError};

/// Excel's limit on the text in one cell.
pub const CELL_LIMIT: usize = 32_767;

/// Writing text to a cell within Excel's limit: longer text (which only a
/// TOML input can hold) is cut with "…"; validation has warned about it.
pub(crate) trait WriteText {
    fn text(&mut self, row: u32, col: u16, s: impl AsRef<str>, format: &Format) -> Result<&mut Worksheet, XlsxError>;
}

impl WriteText for Worksheet {
    fn text(&mut self, row: u32, col: u16, s: impl AsRef<str>, format: &Format) -> Result<&mut Worksheet, XlsxError> {
        let s = s.as_ref();
        if s.chars().count() > CELL_LIMIT {
            let cut: String = s.chars().take(CELL_LIMIT - 1).chain(['…']).collect();
            self.write_string_with_format(row, col, cut, format)
        } else {
            self.write_string_with_format(row, col, s, format)
        }
    }
}
