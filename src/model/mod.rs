//! The checked domain model. Only `validate` builds these types; templates
//! and exporters read them (serialised through serde into minijinja).

pub mod deadline;
pub mod deck;
pub mod followup;
pub mod indicator;
pub mod phase;
pub mod plan;
pub mod report;
pub mod status;

pub use deadline::{Deadline, Period, Precision};
pub use followup::FollowUp;
pub use phase::PhaseModel;
pub use plan::{ActionRow, Department, DocumentMeta, Phase, Plan, Section};
pub use report::Report;
pub use status::{Status, StatusKind, Vocabulary};
