//! Integration tests: the `planrapport` binary and the library on the
//! bundled example and on bad and hostile inputs. PDFs are read back with
//! the small reader in `pdf.rs`, so the tests need nothing but Rust.

mod bad_input;
mod batch;
mod changes;
mod confinement;
mod contents;
mod convert;
mod corpus;
mod deck;
mod deck_numbers;
mod example;
mod followup;
mod fuzz_findings;
mod hostile;
mod indicator_kinds;
mod indicators;
mod kinds;
mod layout;
mod outputs;
mod pages;
mod parity;
mod pdf;
mod pictures;
mod reference_pages;
mod report;
mod safety;
mod sparse;
mod status_formulas;
mod structure;
mod typo_decks;
mod typo_headers;
mod typo_stranded;
mod typography;
mod unit_parts;
mod util;
mod validator;
mod verbatim;
mod web;
mod web_followup;
mod web_parts;
mod workbook_print;
mod workbooks;
mod workflow;
