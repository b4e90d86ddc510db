//! The document kinds, one folder each.

pub mod bildspel;
pub mod delarsrapport;
pub mod plan;
pub mod uppfoljning;
