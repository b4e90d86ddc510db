//! What narrative texts say about pictures and marks: generated pictures
//! placed by a line `![Bild 1 - …](status)`, pictures a text mentions
//! ("Bild 2 visar …") and sentences that promise marked text ("markerat med
//! gult"). The validator collects them while it reads the texts; each kind
//! then checks them against what its document can show.

use super::Validator;
use crate::diag::{Diagnostic, Origin};
use crate::markdown::{Picture, picture_line, picture_number};
use crate::model::status::key_form;

/// A picture a document can place: its key (as looked up), the name users
/// write, and what it shows.
pub(crate) struct Offered {
    pub key: &'static str,
    pub name: &'static str,
    pub shows: &'static str,
    /// Whether the document has the data for it.
    pub available: bool,
}

#[derive(Default)]
pub(crate) struct TextClaims {
    placed: Vec<(Picture, Origin)>,
    /// "Bild 2" in running text: the word, the number and where.
    mentions: Vec<(String, u32, Origin)>,
    /// Texts that say changes are marked in yellow.
    marks: Vec<Origin>,
}

/// The first message of the "marked in yellow" warning; the pipeline drops
/// it when a comparison with the previous report did mark something.
pub const MARKS_PROMISED: &str = "texten säger att ändringar är markerade med gult";

impl TextClaims {
    pub(super) fn read(&mut self, text: &str, at: &Origin) {
        for line in text.lines() {
            if let Some(p) = picture_line(line) {
                self.placed.push((p, at.clone()));
                continue;
            }
            let lower = line.to_lowercase();
            if (lower.contains("markera") || lower.contains("gulmarker"))
                && (lower.contains("gult")
                    || lower.contains("gul ")
                    || lower.contains("gula")
                    || lower.contains("gulmarker"))
                && !self.marks.contains(at)
            {
                self.marks.push(at.clone());
            }
            for word in ["Bild", "Figur"] {
                let mut rest = line;
                while let Some(pos) = rest.find(word) {
                    let before_ok = rest[..pos].chars().next_back().is_none_or(|c| !c.is_alphanumeric());
                    let after = &rest[pos + word.len()..];
                    rest = after;
                    if before_ok && let Some(n) = after.strip_prefix(' ').and_then(picture_number) {
                        self.mentions.push((word.to_string(), n, at.clone()));
                    }
                }
            }
        }
    }
}

impl Validator {
    /// For a kind whose documents place no pictures: each placing line is an error.
    pub(crate) fn no_pictures(&mut self, kind: &str) {
        for (p, at) in std::mem::take(&mut self.texts.placed) {
            self.diags.push(
                Diagnostic::error(
                    format!(
                        "raden ![{}]({}) placerar en bild, men {kind} har inga bilder att placera",
                        p.caption, p.name
                    ),
                    Some(at),
                )
                .with_hint("bilder kan placeras i en delårsrapports text; ta bort raden här"),
            );
        }
    }

    /// Checks the pictures placed in a report's texts against `offered`;
    /// returns the keys placed, in order (the status chapter leaves them
    /// out). Warns where a text mentions a picture ("Bild 1") that no line
    /// places, where the written numbers do not follow each other, and
    /// where a text promises marks in yellow.
    pub(crate) fn placed_pictures(&mut self, offered: &[Offered]) -> (Vec<String>, String) {
        let names = offered.iter().map(|o| format!("{} ({})", o.name, o.shows)).collect::<Vec<_>>().join(", ");
        let placed = std::mem::take(&mut self.texts.placed);
        let mut keys = Vec::new();
        let mut last_number: Option<(String, u32)> = None;
        for (p, at) in &placed {
            let key = key_form(&p.name);
            match offered.iter().find(|o| o.key == key) {
                None => {
                    let near = crate::diag::nearest(&p.name, offered.iter().map(|o| o.name))
                        .map_or_else(String::new, |n| format!(" (menade du \"{n}\"?)"));
                    let d = Diagnostic::error(format!("okänd bild \"{}\"{near}", p.name), Some(at.clone()));
                    self.diags.push(
                        d.with_hint(format!("bilderna som finns: {names}; skriv till exempel ![Bild 1 - …](status)")),
                    );
                    continue;
                }
                Some(o) if !o.available => {
                    self.diags.push(
                        Diagnostic::error(
                            format!("bilden \"{}\" ({}) har inget att visa i den här rapporten", p.name, o.shows),
                            Some(at.clone()),
                        )
                        .with_hint("ta bort raden eller välj en annan bild: ".to_string() + &names),
                    );
                    continue;
                }
                Some(_) => {}
            }
            if keys.contains(&key) {
                self.diags.push(
                    Diagnostic::warning(format!("bilden \"{}\" placeras mer än en gång", p.name), Some(at.clone()))
                        .with_hint("den visas varje gång; ta bort raden om det inte är meningen"),
                );
            } else {
                keys.push(key);
            }
            if let Some((word, n)) = p.numbered() {
                if let Some((last_word, last)) = &last_number
                    && last_word == word
                    && n != last + 1
                {
                    self.diags.push(
                        Diagnostic::warning(format!("{word} {n} följer på {word} {last}"), Some(at.clone())).with_hint(
                            format!(
                                "numrera bilderna i den ordning de står: efter {word} {last} kommer {word} {}",
                                last + 1
                            ),
                        ),
                    );
                }
                last_number = Some((word.to_string(), n));
            }
        }
        let numbered: Vec<(&str, u32)> = placed.iter().filter_map(|(p, _)| p.numbered()).collect();
        let word = numbered.first().map_or_else(String::new, |(w, _)| (*w).to_string());
        let mut warned = std::collections::HashSet::new();
        for (word, n, at) in std::mem::take(&mut self.texts.mentions) {
            if !numbered.contains(&(word.as_str(), n)) && warned.insert((word.clone(), n)) {
                self.diags.push(
                    Diagnostic::warning(format!("texten nämner {word} {n}, men ingen rad placerar den bilden"), Some(at))
                        .with_hint(format!("skriv en egen rad ![{word} {n} - vad bilden visar](namn) där bilden ska stå; bilderna som finns: {names}")),
                );
            }
        }
        for at in std::mem::take(&mut self.texts.marks) {
            self.diags.push(
                Diagnostic::warning(format!("{MARKS_PROMISED}, men inget är markerat"), Some(at)).with_hint(
                    "ändringar markeras när rapporten byggs med --foregaende och den föregående rapportens fil; annars ta bort meningen",
                ),
            );
        }
        (keys, word)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claims(text: &str) -> TextClaims {
        let mut c = TextClaims::default();
        c.read(text, &Origin::File("a.toml".into()));
        c
    }

    #[test]
    fn mentions_and_marks_are_found_in_running_text() {
        let c = claims(
            "Bild 1 - visar vilka aktiviteter.\nSe Bild 12, och Bilden 3.\nNedan ser ni text markerat med gult.",
        );
        let found: Vec<(String, u32)> = c.mentions.iter().map(|(w, n, _)| (w.clone(), *n)).collect();
        assert_eq!(found, [("Bild".to_string(), 1), ("Bild".to_string(), 12)]);
        assert_eq!(c.marks.len(), 1);
        assert!(claims("Gul färg används i logotypen.").marks.is_empty());
        assert!(claims("Inget markeras.").marks.is_empty());
    }

    #[test]
    fn a_placing_line_is_not_a_mention() {
        let c = claims("![Bild 1 - insatserna](insatser)");
        assert_eq!(c.placed.len(), 1);
        assert!(c.mentions.is_empty());
    }
}
