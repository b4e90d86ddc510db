//! The checked domain model. Only `validate` builds these types; templates
//! and exporters read them (serialised through serde into minijinja).

pub mod deadline;
pub mod document;
pub mod indicator;
pub mod phase;
pub mod status;

pub use deadline::{Deadline, Period, Precision};
pub use document::{ChangeKind, DocumentMeta, Section};
pub use phase::PhaseModel;
pub use status::{Status, StatusKind, Vocabulary};
