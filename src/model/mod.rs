//! The checked domain model. Only `validate` builds these types; templates
//! and exporters read them (serialised through serde into minijinja).

pub mod deadline;
pub mod phase;
pub mod plan;

pub use deadline::{Deadline, Period, Precision};
pub use phase::PhaseModel;
pub use plan::{ActionRow, Department, DocumentMeta, Phase, Plan, Section};
