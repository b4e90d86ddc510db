//! Outputs that do not go through Typst: the Excel workbook.

pub mod xlsx;
