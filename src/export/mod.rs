//! Outputs that do not go through Typst: the Excel workbook.

pub mod indicator;
pub mod print;
pub mod template;
pub mod toml_out;
pub mod xlsx;

use rust_xlsxwriter::{Format, Worksheet, XlsxError};

pub use crate::limits::CELL_LIMIT;

/// Writing text to a cell within Excel's limit: longer text (which only a
/// TOML input can hold) is cut with "…"; validation has warned about it.
pub(crate) trait WriteText {
    fn text(&mut self, row: u32, col: u16, s: impl AsRef<str>, format: &Format) -> Result<&mut Worksheet, XlsxError>;
    /// As `text`, without a format.
    fn plain(&mut self, row: u32, col: u16, s: impl AsRef<str>) -> Result<&mut Worksheet, XlsxError>;
}

/// The text cut to Excel's cell limit, with "…" when it was longer.
fn within_limit(s: &str) -> std::borrow::Cow<'_, str> {
    if s.chars().count() > CELL_LIMIT {
        std::borrow::Cow::Owned(s.chars().take(CELL_LIMIT - 1).chain(['…']).collect())
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}

impl WriteText for Worksheet {
    fn text(&mut self, row: u32, col: u16, s: impl AsRef<str>, format: &Format) -> Result<&mut Worksheet, XlsxError> {
        self.write_string_with_format(row, col, within_limit(s.as_ref()), format)
    }

    fn plain(&mut self, row: u32, col: u16, s: impl AsRef<str>) -> Result<&mut Worksheet, XlsxError> {
        self.write_string(row, col, within_limit(s.as_ref()))
    }
}
