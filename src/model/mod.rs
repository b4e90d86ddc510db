//! The checked domain model. Only `validate` builds these types; templates
//! and exporters read them (serialised through serde into minijinja).

pub mod deadline;
pub mod indicator;
pub mod phase;
pub mod status;

pub use deadline::{Deadline, Period, Precision};
pub use crate::kinds::uppfoljning::model::FollowUp;
pub use phase::PhaseModel;
pub use crate::kinds::plan::model::{ActionRow, Department, DocumentMeta, Phase, Plan, Section};
pub use crate::kinds::delarsrapport::model::Report;
pub use status::{Status, StatusKind, Vocabulary};
