//! A deck as a workbook (`planrapport konvertera bildspel.toml
//! bildspel.xlsx`): *Dokument* (with *Färg*) and *Bilder*, a row per slide
//! and then a row per element, the layout the deck reader reads.

use crate::export::WriteText as _;
use chrono::NaiveDate;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Workbook, XlsxError};

use crate::export::xlsx::{document_sheet, excel_date, formats};
use crate::kinds::bildspel::model::{Deck, Item, SlideKind};
use crate::kinds::bildspel::to_toml::unpaginated;

/// Builds the workbook in memory; its creation date is `date` (the
/// document date), else 1980-01-01, never the clock.
///
/// # Errors
/// `rust_xlsxwriter`'s errors (which valid models do not cause).
pub fn workbook(d: &Deck, date: Option<NaiveDate>) -> Result<Vec<u8>, XlsxError> {
    let f = formats();
    let mut wb = Workbook::new();
    let created = match date {
        Some(day) => excel_date(day)?,
        None => ExcelDateTime::from_ymd(1980, 1, 1)?,
    };
    wb.set_properties(&DocProperties::new().set_title(&d.meta.title).set_creation_datetime(&created));
    document_sheet(&mut wb, &d.meta, &[("Dokumenttyp", "presentation"), ("Färg", d.colour.as_str())], &f)?;
    let ws = wb.add_worksheet();
    ws.set_name("Bilder")?;
    for (c, (h, w)) in (0u16..).zip([
        ("Bild", 6.0),
        ("Typ", 10.0),
        ("Rubrik", 40.0),
        ("Underrubrik", 16.0),
        ("Element", 10.0),
        ("Värde", 14.0),
        ("Text", 80.0),
    ]) {
        ws.text(0, c, h, &f.header)?;
        ws.set_column_width(c, w)?;
    }
    let mut row = 1u32;
    for (n, s) in (1u32..).zip(unpaginated(&d.slides)) {
        let kind = match s.kind {
            SlideKind::Title => "titel",
            SlideKind::Section => "avsnitt",
            SlideKind::Content => "innehall",
        };
        ws.write_number(row, 0, f64::from(n))?;
        ws.write_string(row, 1, kind)?;
        ws.plain(row, 2, &s.title)?;
        ws.plain(row, 3, &s.subtitle)?;
        row += 1;
        for item in s.items() {
            let (element, value, label, text) = match item {
                Item::Bullet { text } => ("punkt", String::new(), String::new(), text.clone()),
                Item::Text { text } => ("text", String::new(), String::new(), text.clone()),
                Item::Figure(x) => ("tal", x.value.clone(), String::new(), x.text.clone()),
                // A group's own text goes in Underrubrik, its roles one per line in Text.
                Item::Group(g) => ("grupp", g.name.clone(), g.text.clone(), g.roles.join("\n")),
                Item::Event(e) => ("händelse", e.when.clone(), e.label.clone(), e.text.clone()),
                Item::Speaker(sp) => ("talare", sp.name.clone(), String::new(), sp.role.clone()),
                // Generated decks only (never read from a deck file).
                Item::Chart(_) | Item::TargetChart(_) | Item::Status(_) | Item::Goals(_) | Item::Subheading { .. } => {
                    continue;
                }
            };
            ws.write_number(row, 0, f64::from(n))?;
            ws.plain(row, 3, &label)?;
            ws.write_string(row, 4, element)?;
            ws.plain(row, 5, &value)?;
            ws.text(row, 6, &text, &f.text)?;
            row += 1;
        }
    }
    ws.set_freeze_panes(1, 0)?;
    wb.save_to_buffer()
}
