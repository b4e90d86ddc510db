//! The logo: read through [`crate::fsguard`] (inside the input's folder, a
//! regular file), its content matching its extension, its decoded size
//! taken from the image's header and limited before anything is decoded,
//! and then decoded once the way the typesetter will (Typst memoises the
//! decoding, so the PDF step reuses it). Every problem is a Swedish message
//! at the `logotyp` value, never an English error from the typesetter.

use std::path::Path;

use typst::foundations::Bytes;
use typst::visualize::{ExchangeFormat, RasterImage, SvgImage};

use crate::diag::{Diagnostic, Origin};
use crate::fsguard::{Folder, Refusal, parent_of};

/// The most pixels a logo may have (40 megapixels: a camera photo still
/// fits; decoded it takes 160 MB).
pub const MAX_PIXELS: u64 = 40_000_000;

/// The largest SVG file read (10 MiB; a logo is a few kilobytes).
pub const MAX_SVG_BYTES: u64 = 10 * 1024 * 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Png,
    Jpeg,
    Gif,
    Webp,
    Svg,
}

impl Format {
    fn name(self) -> &'static str {
        match self {
            Format::Png => "PNG",
            Format::Jpeg => "JPEG",
            Format::Gif => "GIF",
            Format::Webp => "WebP",
            Format::Svg => "SVG",
        }
    }

    fn extension(self) -> &'static str {
        match self {
            Format::Png => ".png",
            Format::Jpeg => ".jpg",
            Format::Gif => ".gif",
            Format::Webp => ".webp",
            Format::Svg => ".svg",
        }
    }

    fn from_extension(ext: &str) -> Option<Format> {
        Some(match ext {
            "png" => Format::Png,
            "jpg" | "jpeg" => Format::Jpeg,
            "gif" => Format::Gif,
            "webp" => Format::Webp,
            "svg" => Format::Svg,
            _ => return None,
        })
    }

    /// The format the first bytes show.
    fn sniff(bytes: &[u8]) -> Option<Format> {
        let head = &bytes[..bytes.len().min(512)];
        let text = String::from_utf8_lossy(head);
        if head.starts_with(b"\x89PNG\r\n\x1a\n") {
            Some(Format::Png)
        } else if head.starts_with(&[0xFF, 0xD8, 0xFF]) {
            Some(Format::Jpeg)
        } else if head.starts_with(b"GIF87a") || head.starts_with(b"GIF89a") {
            Some(Format::Gif)
        } else if head.starts_with(b"RIFF") && head.get(8..12) == Some(b"WEBP".as_slice()) {
            Some(Format::Webp)
        } else if text.trim_start_matches('\u{feff}').trim_start().starts_with('<') && text.contains("<svg") {
            Some(Format::Svg)
        } else {
            None
        }
    }

    fn exchange(self) -> Option<ExchangeFormat> {
        match self {
            Format::Png => Some(ExchangeFormat::Png),
            Format::Jpeg => Some(ExchangeFormat::Jpg),
            Format::Gif => Some(ExchangeFormat::Gif),
            Format::Webp => Some(ExchangeFormat::Webp),
            Format::Svg => None,
        }
    }
}

fn be16(b: &[u8], at: usize) -> Option<u64> {
    Some(u64::from(u16::from_be_bytes([*b.get(at)?, *b.get(at + 1)?])))
}

fn le16(b: &[u8], at: usize) -> Option<u64> {
    Some(u64::from(u16::from_le_bytes([*b.get(at)?, *b.get(at + 1)?])))
}

fn le24(b: &[u8], at: usize) -> Option<u64> {
    Some(u64::from(*b.get(at)?) | u64::from(*b.get(at + 1)?) << 8 | u64::from(*b.get(at + 2)?) << 16)
}

/// The pixel sizes a raster image declares in its header (for a GIF, the
/// screen and the first frame), before any decoding. `None` when the header
/// cannot be read.
fn declared_sizes(format: Format, b: &[u8]) -> Option<Vec<(u64, u64)>> {
    match format {
        Format::Png => {
            if b.get(12..16) != Some(b"IHDR".as_slice()) {
                return None;
            }
            let w = u64::from(u32::from_be_bytes(b.get(16..20)?.try_into().ok()?));
            let h = u64::from(u32::from_be_bytes(b.get(20..24)?.try_into().ok()?));
            Some(vec![(w, h)])
        }
        Format::Jpeg => {
            let mut pos = 2;
            loop {
                // Markers may be preceded by fill bytes.
                while *b.get(pos)? == 0xFF && *b.get(pos + 1)? == 0xFF {
                    pos += 1;
                }
                if *b.get(pos)? != 0xFF {
                    return None;
                }
                let marker = *b.get(pos + 1)?;
                match marker {
                    0xC0..=0xCF if !matches!(marker, 0xC4 | 0xC8 | 0xCC) => {
                        return Some(vec![(be16(b, pos + 7)?, be16(b, pos + 5)?)]);
                    }
                    // Start of scan or end of image before any frame header.
                    0xDA | 0xD9 => return None,
                    0x01 | 0xD0..=0xD7 => pos += 2,
                    _ => pos += 2 + usize::try_from(be16(b, pos + 2)?).ok()?,
                }
            }
        }
        Format::Gif => {
            let screen = (le16(b, 6)?, le16(b, 8)?);
            let flags = *b.get(10)?;
            let mut pos = 13;
            if flags & 0x80 != 0 {
                pos += 3 << ((flags & 7) + 1);
            }
            loop {
                match *b.get(pos)? {
                    0x21 => {
                        pos += 2;
                        loop {
                            let len = usize::from(*b.get(pos)?);
                            pos += 1 + len;
                            if len == 0 {
                                break;
                            }
                        }
                    }
                    0x2C => return Some(vec![screen, (le16(b, pos + 5)?, le16(b, pos + 7)?)]),
                    _ => return Some(vec![screen]),
                }
            }
        }
        Format::Webp => match b.get(12..16)? {
            b"VP8 " => {
                if b.get(23..26)? != [0x9d, 0x01, 0x2a] {
                    return None;
                }
                Some(vec![(le16(b, 26)? & 0x3fff, le16(b, 28)? & 0x3fff)])
            }
            b"VP8L" => {
                if *b.get(20)? != 0x2f {
                    return None;
                }
                let bits = u32::from_le_bytes(b.get(21..25)?.try_into().ok()?);
                Some(vec![(u64::from(bits & 0x3fff) + 1, u64::from((bits >> 14) & 0x3fff) + 1)])
            }
            b"VP8X" => Some(vec![(le24(b, 24)? + 1, le24(b, 27)? + 1)]),
            _ => None,
        },
        Format::Svg => Some(Vec::new()),
    }
}

/// The size (width, height) a raster image's header declares when it is
/// over [`MAX_PIXELS`]: for the typesetter, which refuses such a file
/// whatever a template reads it for.
pub(crate) fn oversized(bytes: &[u8]) -> Option<(u64, u64)> {
    let format = Format::sniff(bytes).filter(|f| *f != Format::Svg)?;
    declared_sizes(format, bytes)?.into_iter().find(|(w, h)| w * h > MAX_PIXELS)
}

/// "4 290,3 miljoner" for a pixel count.
fn millions(pixels: u64) -> String {
    #[allow(clippy::cast_precision_loss)]
    let m = pixels as f64 / 1e6;
    format!("{m:.1}").replace('.', ",")
}

/// A problem with a raster image's size or data, or `None`.
fn raster_problem(format: Format, bytes: &[u8], logo: &str, at: Option<&Origin>) -> Option<Diagnostic> {
    let damaged = || {
        Diagnostic::error(format!("logotypen \"{logo}\" är skadad och kan inte visas"), at.cloned()).with_hint(format!(
            "filen är ingen hel {}-bild; öppna den i ett bildprogram och spara den på nytt",
            format.name()
        ))
    };
    let Some(sizes) = declared_sizes(format, bytes) else { return Some(damaged()) };
    for (w, h) in sizes {
        if w == 0 || h == 0 {
            return Some(damaged());
        }
        if w * h > MAX_PIXELS {
            return Some(
                Diagnostic::error(
                    format!(
                        "logotypen \"{logo}\" är för stor: {w} × {h} bildpunkter ({} miljoner; högst {} miljoner)",
                        millions(w * h),
                        MAX_PIXELS / 1_000_000
                    ),
                    at.cloned(),
                )
                .with_hint("minska bilden i ett bildprogram; en logotyp behöver sällan mer än 2000 × 2000 bildpunkter"),
            );
        }
    }
    let exchange = format.exchange()?;
    RasterImage::plain(Bytes::new(bytes.to_vec()), exchange).err().map(|_| damaged())
}

/// The raster images an SVG embeds as `data:image/…;base64,` URIs, decoded
/// (the typesetter decodes them too).
fn embedded_rasters(svg: &str) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    let mut rest = svg;
    while let Some(i) = rest.find("data:image/") {
        rest = &rest[i + "data:image/".len()..];
        let Some(comma) = rest.find(',') else { break };
        let meta = &rest[..comma];
        rest = &rest[comma + 1..];
        if !meta.ends_with(";base64") {
            continue;
        }
        let end = rest.find(|c: char| !(c.is_ascii_alphanumeric() || "+/=\n\r\t ".contains(c))).unwrap_or(rest.len());
        out.push(base64(&rest[..end]));
        rest = &rest[end..];
    }
    out
}

/// Standard base64, skipping whitespace and stopping at padding.
fn base64(text: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len() / 4 * 3);
    let (mut acc, mut bits) = (0u32, 0u32);
    for c in text.bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            b'=' => break,
            _ => continue,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push(u8::try_from((acc >> bits) & 0xFF).unwrap_or(0));
        }
    }
    out
}

fn svg_problem(bytes: &[u8], logo: &str, at: Option<&Origin>) -> Option<Diagnostic> {
    let unreadable = || {
        Diagnostic::error(format!("logotypen \"{logo}\" är en SVG-fil som inte kan läsas"), at.cloned())
            .with_hint("kontrollera att filen är en hel SVG-bild; spara den på nytt från ritprogrammet")
    };
    let text = String::from_utf8_lossy(bytes);
    for raster in embedded_rasters(&text) {
        let Some(format) = Format::sniff(&raster).filter(|f| *f != Format::Svg) else { continue };
        if let Some(d) = raster_problem(format, &raster, logo, at) {
            return Some(if d.message.contains("för stor") {
                Diagnostic::error(
                    format!("logotypen \"{logo}\" innehåller en inbäddad bild som är för stor"),
                    at.cloned(),
                )
                .with_hint(d.hint.unwrap_or_default())
            } else {
                unreadable()
            });
        }
    }
    SvgImage::new(Bytes::new(bytes.to_vec())).err().map(|_| unreadable())
}

/// Every problem with the logo `logo` named at `at`, in the folder of
/// `source` (the input); `None` when it can be used.
pub(crate) fn check(source: &Path, logo: &str, at: Option<&Origin>) -> Option<Diagnostic> {
    let d = |message: String, hint: &str| Some(Diagnostic::error(message, at.cloned()).with_hint(hint));
    let written = Path::new(logo);
    let Ok(folder) = Folder::of(source) else {
        return d(format!("logotypen \"{logo}\" finns inte"), "indatafilens mapp kunde inte läsas");
    };
    let ext = written.extension().and_then(|e| e.to_str()).unwrap_or("").to_lowercase();
    let limit = if ext == "svg" { MAX_SVG_BYTES } else { crate::fsguard::MAX_BYTES };
    let refusal = if written.is_absolute() {
        // The templates name the logo by its path from the folder.
        match folder.locate(written) {
            Ok(_) => Some(Refusal::Absolute),
            Err(r) => Some(r),
        }
    } else {
        None
    };
    let bytes = match refusal.map_or_else(|| folder.read(written, limit), Err) {
        Ok(bytes) => bytes,
        Err(Refusal::Outside) => {
            return d(
                format!("logotypen \"{logo}\" ligger utanför indatamappen"),
                "lägg bildfilen i samma mapp som indatafilen och ange bara filnamnet",
            );
        }
        Err(Refusal::LinkOutside) => {
            return d(
                format!("logotypen \"{logo}\" är en länk till en fil utanför indatamappen och läses inte"),
                "kopiera bilden in i mappen i stället för att länka till den; länkar inom mappen går bra",
            );
        }
        Err(Refusal::Absolute) => {
            return d(
                format!("logotypen \"{logo}\" anges med en absolut sökväg"),
                "ange sökvägen från indatafilens mapp, till exempel logo.png",
            );
        }
        Err(Refusal::NotFound) => {
            return d(
                format!("logotypen \"{logo}\" finns inte"),
                &format!("filen söktes som {}", parent_of(source).join(written).display()),
            );
        }
        Err(Refusal::NotAFile(kind)) => {
            return d(
                format!("logotypen \"{logo}\" är {}, inte en bildfil", kind.swedish()),
                "ange en bildfil (PNG, JPEG, GIF, WebP eller SVG) som är en vanlig fil",
            );
        }
        Err(Refusal::TooLarge { size, limit }) => {
            return d(
                format!("logotypen \"{logo}\" är för stor ({})", Refusal::sizes(size, limit)),
                "spara bilden i en mindre storlek i ett bildprogram",
            );
        }
        Err(Refusal::Io(e)) => {
            let mut diag = crate::load::io_error(written, &e);
            diag.message = format!("logotypen \"{logo}\": {}", diag.message);
            diag.at = at.cloned();
            return Some(diag);
        }
    };
    let Some(expected) = Format::from_extension(&ext) else {
        return d(
            format!("logotypen \"{logo}\" är inte en bild som kan användas"),
            "använd PNG, JPEG, GIF, WebP eller SVG",
        );
    };
    let Some(found) = Format::sniff(&bytes) else {
        return d(
            format!("logotypen \"{logo}\" är ingen bild"),
            "filens innehåll är inte PNG, JPEG, GIF, WebP eller SVG; spara bilden på nytt i ett bildprogram",
        );
    };
    if found != expected {
        return d(
            format!("logotypen \"{logo}\" är en {}-bild men har ändelsen .{ext}", found.name()),
            &format!(
                "byt filens ändelse till {}, eller spara bilden på nytt som {} i ett bildprogram",
                found.extension(),
                expected.name()
            ),
        );
    }
    if found == Format::Svg { svg_problem(&bytes, logo, at) } else { raster_problem(found, &bytes, logo, at) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_sizes() {
        let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
        png.extend(60_000u32.to_be_bytes());
        png.extend(70_000u32.to_be_bytes());
        assert_eq!(declared_sizes(Format::Png, &png), Some(vec![(60_000, 70_000)]));
        // SOI, an APP0 segment of 4 bytes, SOF0 with height 0x1234 and width 0x0567.
        let jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0, 4, 0, 0, 0xFF, 0xC0, 0, 11, 8, 0x12, 0x34, 0x05, 0x67, 3];
        assert_eq!(declared_sizes(Format::Jpeg, &jpeg), Some(vec![(0x567, 0x1234)]));
        assert_eq!(declared_sizes(Format::Jpeg, &[0xFF, 0xD8, 0xFF, 0xDA, 0, 2]), None);
        let gif = b"GIF89a\x10\x00\x20\x00\x00\x00\x00\x2c\x00\x00\x00\x00\xff\xff\xff\xff";
        assert_eq!(declared_sizes(Format::Gif, gif), Some(vec![(16, 32), (65_535, 65_535)]));
        let mut webp = b"RIFF\0\0\0\0WEBPVP8X\x0a\0\0\0\0\0\0\0".to_vec();
        webp.extend([0x0f, 0x27, 0x00, 0x1f, 0x4e, 0x00]);
        assert_eq!(declared_sizes(Format::Webp, &webp), Some(vec![(10_000, 20_000)]));
    }

    #[test]
    fn base64_decodes() {
        assert_eq!(base64("aGVq\nc2Fu"), b"hejsan");
        assert_eq!(base64("aGVqc2E="), b"hejsa");
        assert_eq!(embedded_rasters("<image href=\"data:image/png;base64,aGVq\"/>"), vec![b"hej".to_vec()]);
    }
}
