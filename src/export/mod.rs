//! Outputs that do not go through Typst: the Excel workbook.

pub mod deck;
pub mod followup;
pub mod report;
pub mod template;
pub mod toml_out;
pub mod xlsx;
