//! The phase model: the ordered list of phases competence-supply work is
//! grouped by. Organisations name and order them differently.

use serde::Serialize;

/// A named, ordered phase list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PhaseModel {
    pub name: String,
    pub phases: Vec<String>,
}

/// Stockholm's model (seeds 001, 003), the default.
pub const STOCKHOLM: [&str; 6] = ["Utveckla", "Behålla", "Attrahera", "Rekrytera", "Introducera", "Avsluta"];
/// ARUBA: Attrahera, Rekrytera, Utveckla, Behålla, Avveckla.
pub const ARUBA: [&str; 5] = ["Attrahera", "Rekrytera", "Utveckla", "Behålla", "Avveckla"];

/// Names accepted for the built-in models.
pub const BUILT_IN: [&str; 2] = ["stockholm", "aruba"];

impl PhaseModel {
    /// A built-in model by name (case-insensitive), if there is one.
    pub fn built_in(name: &str) -> Option<PhaseModel> {
        let phases: &[&str] = match name.trim().to_lowercase().as_str() {
            "stockholm" => &STOCKHOLM,
            "aruba" => &ARUBA,
            _ => return None,
        };
        Some(PhaseModel { name: name.trim().to_lowercase(), phases: phases.iter().map(ToString::to_string).collect() })
    }

    /// Whether this is a built-in model (written by its name).
    pub fn is_built_in(&self) -> bool {
        PhaseModel::built_in(&self.name).is_some()
    }

    /// The model as a *Dokument* sheet row: a built-in model by its name
    /// ("Fasmodell"), an own one as its list ("Faser").
    pub fn sheet_field(&self) -> (&'static str, String) {
        if self.is_built_in() { ("Fasmodell", self.name.clone()) } else { ("Faser", self.phases.join(", ")) }
    }

    /// The configured spelling of a phase written as `text`: matched ignoring
    /// case, surrounding space and doubled spaces.
    pub fn find(&self, text: &str) -> Option<&str> {
        let key = normalise(text);
        self.phases.iter().find(|p| normalise(p) == key).map(String::as_str)
    }

    /// The position of a phase in the configured order.
    pub fn position(&self, phase: &str) -> Option<usize> {
        self.phases.iter().position(|p| p == phase)
    }
}

impl Default for PhaseModel {
    fn default() -> Self {
        PhaseModel::built_in("stockholm").expect("built-in model")
    }
}

fn normalise(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_is_stockholm_order() {
        assert_eq!(PhaseModel::default().phases, STOCKHOLM);
        assert_eq!(PhaseModel::built_in("ARUBA").unwrap().phases, ARUBA);
        assert!(PhaseModel::built_in("okänd").is_none());
    }

    #[test]
    fn find_ignores_case_and_space() {
        let m = PhaseModel::default();
        assert_eq!(m.find("  utveckla "), Some("Utveckla"));
        assert_eq!(m.find("Utvekla"), None);
    }
}
