//! Outputs that do not go through Typst: the Excel workbook.

pub mod followup;
pub mod report;
pub mod template;
pub mod xlsx;
