//! The bundled font family (Carlito, SIL OFL 1.1; see fonts/OFL-Carlito.txt),
//! compiled into the binary: no system fonts are ever used.

use std::sync::LazyLock;

use typst::foundations::Bytes;
use typst::text::{Font, FontBook};

static FONT_FILES: [&[u8]; 4] = [
    include_bytes!("../../fonts/Carlito-Regular.ttf"),
    include_bytes!("../../fonts/Carlito-Bold.ttf"),
    include_bytes!("../../fonts/Carlito-Italic.ttf"),
    include_bytes!("../../fonts/Carlito-BoldItalic.ttf"),
];

static FONTS: LazyLock<(FontBook, Vec<Font>)> = LazyLock::new(|| {
    let fonts: Vec<Font> = FONT_FILES.iter().flat_map(|data| Font::iter(Bytes::new(*data))).collect();
    (FontBook::from_fonts(&fonts), fonts)
});

/// The font book and the fonts, loaded once per process.
pub fn bundled() -> (&'static FontBook, &'static [Font]) {
    (&FONTS.0, &FONTS.1)
}

/// Whether the bundled fonts can show `c`. Spaces and invisible formatting
/// characters need no glyph.
pub fn covers(c: char) -> bool {
    c.is_whitespace()
        || matches!(c, '\u{ad}' | '\u{200b}'..='\u{200f}' | '\u{2060}' | '\u{feff}')
        || FONTS.1.iter().any(|f| f.info().coverage.contains(u32::from(c)))
}

/// Text as the PDF prints it: every character the bundled fonts lack is
/// written as `[U+XXXX]` (control characters are left to the escaper,
/// which drops them).
pub fn printable(text: &str) -> std::borrow::Cow<'_, str> {
    let shown = |c: char| c.is_control() || covers(c);
    if text.chars().all(shown) {
        return std::borrow::Cow::Borrowed(text);
    }
    std::borrow::Cow::Owned(
        text.chars().map(|c| if shown(c) { c.to_string() } else { format!("[U+{:04X}]", u32::from(c)) }).collect(),
    )
}
