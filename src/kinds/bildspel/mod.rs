pub mod load;
pub mod model;
pub mod validate;
pub mod workbook;
