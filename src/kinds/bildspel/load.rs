//! Reading a slide deck file: TOML (`[[bild]]` tables) or a workbook (one
//! sheet "Bilder", a row per element: Bild | Typ | Rubrik | Element |
//! Värde | Text).

use std::path::Path;

use toml::de::{DeTable, DeValue};

use crate::diag::{Diagnostic, Diagnostics, Loc, Origin};
use crate::load::sheet::{Grid, normalise, read_document_sheet};
use crate::load::toml::Walker;
use crate::load::{RawDocument, Scalar};

/// One element of a slide as read: what it is and its parts.
#[derive(Debug, Clone, PartialEq)]
pub enum RawElement {
    Bullet(Loc<String>),
    Text(Loc<String>),
    /// A key figure: value (number or text) and sentence.
    Figure {
        at: Origin,
        value: Option<Loc<Scalar>>,
        text: Option<Loc<String>>,
    },
    Group {
        at: Origin,
        name: Option<Loc<String>>,
        roles: Vec<Loc<String>>,
        text: Option<Loc<String>>,
    },
    Event {
        at: Origin,
        label: Option<Loc<String>>,
        when: Option<Loc<Scalar>>,
        text: Option<Loc<String>>,
    },
    Speaker {
        at: Origin,
        name: Option<Loc<String>>,
        role: Option<Loc<String>>,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct RawSlide {
    pub at: Origin,
    pub kind: Option<Loc<String>>,
    pub title: Option<Loc<String>>,
    pub subtitle: Option<Loc<String>>,
    pub elements: Vec<RawElement>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RawDeck {
    pub common: RawDocument,
    pub colour: Option<Loc<String>>,
    pub slides: Vec<RawSlide>,
}

pub(crate) const TOP_KEYS: [&str; 3] = ["dokument", "utseende", "bild"];
const SLIDE_KEYS: [&str; 11] =
    ["typ", "rubrik", "underrubrik", "text", "punkter", "punkt", "stycke", "tal", "grupp", "handelse", "talare"];

fn table_of<'t, 'a>(v: &'t toml::Spanned<DeValue<'a>>) -> &'t DeTable<'a> {
    let DeValue::Table(t) = v.get_ref() else { unreachable!("tables() returns tables only") };
    t
}

impl Walker {
    /// A value that is a number or text (a key figure, a year).
    fn number_or_text(&mut self, table: &DeTable<'_>, key: &str) -> Option<Loc<Scalar>> {
        let v = Self::get(table, key)?;
        let at = self.at(v);
        match v.get_ref() {
            DeValue::Integer(i) => {
                crate::load::sheet::parse_number(i.as_str()).map(|n| Loc::new(Scalar::Number(n), at))
            }
            DeValue::Float(f) => crate::load::sheet::parse_number(f.as_str()).map(|n| Loc::new(Scalar::Number(n), at)),
            DeValue::String(s) => Some(Loc::new(Scalar::Text(s.to_string()), at)),
            _ => {
                self.wrong_type(v, key, "ett tal eller text");
                None
            }
        }
    }

    pub(crate) fn deck(&mut self, doc: &DeTable<'_>, common: RawDocument) -> RawDeck {
        let mut deck = RawDeck { common, colour: None, slides: Vec::new() };
        if let Some(t) = self.table(doc, "utseende") {
            self.check_keys(t, &["farg"], "[utseende]");
            deck.colour = self.string(t, "farg");
        }
        for v in self.tables(doc, "bild") {
            let t = table_of(v);
            self.check_keys(t, &SLIDE_KEYS, "[[bild]]");
            let mut slide = RawSlide {
                at: self.at(v),
                kind: self.string(t, "typ"),
                title: self.string(t, "rubrik"),
                subtitle: self.string(t, "underrubrik"),
                elements: Vec::new(),
            };
            // Elements in the order they are written (by their place in the file).
            let mut elements: Vec<(usize, RawElement)> = Vec::new();
            let offset = |v: Option<&toml::Spanned<DeValue<'_>>>| v.map_or(0, |v| v.span().start);
            if let Some(text) = self.string(t, "text") {
                elements.push((offset(Self::get(t, "text")), RawElement::Text(text)));
            }
            let bullets_at = offset(Self::get(t, "punkter"));
            elements.extend(self.string_list(t, "punkter").into_iter().map(|b| (bullets_at, RawElement::Bullet(b))));
            for p in self.tables(t, "stycke") {
                let pt = table_of(p);
                self.check_keys(pt, &["text"], "[[bild.stycke]]");
                if let Some(text) = self.string(pt, "text") {
                    elements.push((p.span().start, RawElement::Text(text)));
                }
            }
            for p in self.tables(t, "punkt") {
                let pt = table_of(p);
                self.check_keys(pt, &["text"], "[[bild.punkt]]");
                if let Some(text) = self.string(pt, "text") {
                    elements.push((p.span().start, RawElement::Bullet(text)));
                }
            }
            for f in self.tables(t, "tal") {
                let ft = table_of(f);
                self.check_keys(ft, &["varde", "text"], "[[bild.tal]]");
                let e = RawElement::Figure {
                    at: self.at(f),
                    value: self.number_or_text(ft, "varde"),
                    text: self.string(ft, "text"),
                };
                elements.push((f.span().start, e));
            }
            for g in self.tables(t, "grupp") {
                let gt = table_of(g);
                self.check_keys(gt, &["namn", "roller", "text"], "[[bild.grupp]]");
                let e = RawElement::Group {
                    at: self.at(g),
                    name: self.string(gt, "namn"),
                    roles: self.string_list(gt, "roller"),
                    text: self.string(gt, "text"),
                };
                elements.push((g.span().start, e));
            }
            for e in self.tables(t, "handelse") {
                let et = table_of(e);
                self.check_keys(et, &["rubrik", "nar", "text"], "[[bild.handelse]]");
                let x = RawElement::Event {
                    at: self.at(e),
                    label: self.string(et, "rubrik"),
                    when: self.number_or_text(et, "nar"),
                    text: self.string(et, "text"),
                };
                elements.push((e.span().start, x));
            }
            for s in self.tables(t, "talare") {
                let st = table_of(s);
                self.check_keys(st, &["namn", "roll"], "[[bild.talare]]");
                let x = RawElement::Speaker {
                    at: self.at(s),
                    name: self.string(st, "namn"),
                    role: self.string(st, "roll"),
                };
                elements.push((s.span().start, x));
            }
            elements.sort_by_key(|(at, _)| *at);
            slide.elements = elements.into_iter().map(|(_, e)| e).collect();
            deck.slides.push(slide);
        }
        deck
    }
}

/// Whether a workbook is a deck: its Dokument sheet says so, or it has a
/// sheet "Bilder".
pub(crate) fn is_deck_book(grids: &[Grid]) -> bool {
    match crate::load::sheet::declared_kind(grids) {
        Some(kind) => {
            let k = normalise(&kind);
            k.starts_with("presentation") || k.starts_with("bildspel")
        }
        None => grids.iter().any(|g| normalise(&g.sheet) == "bilder"),
    }
}

/// Reads a deck from a workbook: sheet "Bilder" with the columns Bild (the
/// slide's number), Typ, Rubrik, Underrubrik, Element (punkt, text, tal,
/// grupp, händelse, talare), Värde, Text; the first row of a slide names
/// its type and title.
pub(crate) fn from_grids(path: &Path, grids: &[Grid], mut diags: Diagnostics) -> (RawDeck, Diagnostics) {
    let common = RawDocument::empty(path);
    let mut deck = RawDeck { common, colour: None, slides: Vec::new() };
    for grid in grids {
        match normalise(&grid.sheet).as_str() {
            "dokument" => read_document_sheet(grid, &mut deck.common, crate::kinds::meta_keys(), &mut diags),
            "bilder" => read_slides(grid, &mut deck, &mut diags),
            _ => {}
        }
    }
    if deck.slides.is_empty() && !diags.has_errors() {
        diags.push(
            Diagnostic::error("arbetsboken har inget blad Bilder med bilder", Some(Origin::File(path.to_path_buf())))
                .with_hint("bladet Bilder har rubrikraden Bild | Typ | Rubrik | Underrubrik | Element | Värde | Text"),
        );
    }
    (deck, diags)
}

fn read_slides(grid: &Grid, deck: &mut RawDeck, diags: &mut Diagnostics) {
    let Some(header) = grid.header_row(&["element"]) else {
        diags.push(Diagnostic::error(
            "bladet Bilder saknar rubrikraden Bild | Typ | Rubrik | Underrubrik | Element | Värde | Text",
            Some(grid.sheet_origin()),
        ));
        return;
    };
    let find = |name: &str| header.col(name);
    let head = header.row;
    let cols =
        [find("bild"), find("typ"), find("rubrik"), find("underrubrik"), find("element"), find("värde"), find("text")];
    let [number_c, kind_c, title_c, subtitle_c, element_c, value_c, text_c] = cols;
    let get = |r: usize, c: Option<usize>| c.and_then(|c| grid.text(r, c).map(|t| Loc::new(t, grid.origin(r, c))));
    let mut current: Option<String> = None;
    for r in head + 1..grid.rows.len() {
        let mut starts_slide = false;
        if grid.filled(r).is_empty() {
            continue;
        }
        let number = get(r, number_c).map(|l| l.value);
        if number.is_some() && number != current {
            current = number;
            starts_slide = true;
            deck.slides.push(RawSlide {
                at: grid.origin(r, number_c.unwrap_or(0)),
                kind: get(r, kind_c),
                title: get(r, title_c),
                subtitle: get(r, subtitle_c),
                elements: Vec::new(),
            });
        }
        let Some(slide) = deck.slides.last_mut() else {
            diags.push(
                Diagnostic::error("raden hör inte till någon bild", Some(grid.origin(r, number_c.unwrap_or(0))))
                    .with_hint("skriv bildens nummer i kolumnen Bild"),
            );
            continue;
        };
        let Some(element) = get(r, element_c) else { continue };
        let at = element.at.clone();
        // Numbers stay numbers (key figures print the Swedish way).
        let value = value_c.and_then(|c| {
            grid.cell(r, c).map(|v| {
                let scalar = match v {
                    crate::load::sheet::Cell::Number(n) => Scalar::Number(*n),
                    other => crate::load::sheet::scalar(other),
                };
                Loc::new(scalar, grid.origin(r, c))
            })
        });
        let value_text = get(r, value_c);
        let text = get(r, text_c);
        let e = match normalise(&element.value).as_str() {
            "punkt" => text.map(RawElement::Bullet),
            "text" => text.map(RawElement::Text),
            "tal" => Some(RawElement::Figure { at, value, text }),
            "grupp" => {
                // Värde holds the group's name, Text its roles (one per line).
                let roles = text
                    .map(|t| {
                        t.value
                            .split('\n')
                            .map(str::trim)
                            .filter(|s| !s.is_empty())
                            .map(|s| Loc::new(s.to_string(), t.at.clone()))
                            .collect()
                    })
                    .unwrap_or_default();
                let own = if starts_slide { None } else { get(r, subtitle_c) };
                Some(RawElement::Group { at, name: value_text, roles, text: own })
            }
            // On a slide's first row, Underrubrik is the slide's subtitle.
            "händelse" => Some(RawElement::Event {
                at,
                label: if starts_slide { None } else { get(r, subtitle_c) },
                when: value,
                text,
            }),
            "talare" => Some(RawElement::Speaker { at, name: value_text, role: text }),
            other => {
                diags.push(
                    Diagnostic::error(format!("okänt element \"{other}\""), Some(element.at.clone()))
                        .with_hint("element: punkt, text, tal, grupp, händelse, talare"),
                );
                None
            }
        };
        slide.elements.extend(e);
    }
}
