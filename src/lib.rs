//! planrapport: competence-supply plans and follow-ups kept in TOML or
//! Excel → municipal PDF (Typst, embedded) and Excel documents.
//!
//! The pipeline, one module per stage:
//! `load` (read, with origins) → `validate` (checked `model`) → `render`
//! (minijinja → Typst source) → `typeset` (PDF) and `export` (xlsx) →
//! `output` (atomic writes). `pipeline` runs them in order.

pub mod cli;
pub mod diag;
pub mod export;
pub mod fsguard;
pub mod kinds;
pub mod limits;
pub mod load;
pub mod markdown;
pub mod model;
pub mod output;
pub mod pipeline;
pub mod project;
pub mod render;
pub mod typeset;
pub mod validate;
pub mod watch;
pub mod web;
