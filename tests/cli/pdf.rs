//! A small PDF reader for the tests, so that they need nothing but Rust:
//! enough of PDF to read back what Typst writes (uncompressed object table,
//! Flate streams, `Type0` fonts with `ToUnicode` maps, text shown with `Tj`/`TJ`).
//! Text comes out in content-stream order, one line per text object.

use std::collections::HashMap;

pub struct Pdf {
    objects: HashMap<u32, Vec<u8>>,
}

pub struct Page {
    pub width: f64,
    pub height: f64,
    pub text: String,
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// The integer after `key` in a dictionary ("/Contents 12 0 R" → 12).
fn ref_after(dict: &[u8], key: &[u8]) -> Option<u32> {
    let i = find(dict, key)? + key.len();
    let rest = std::str::from_utf8(&dict[i..])
        .ok()
        .or_else(|| std::str::from_utf8(&dict[i..i + 20.min(dict.len() - i)]).ok())?;
    rest.trim_start().split(|c: char| !c.is_ascii_digit()).next()?.parse().ok()
}

impl Pdf {
    pub fn parse(data: &[u8]) -> Pdf {
        let mut objects = HashMap::new();
        let mut i = 0;
        while let Some(p) = find(&data[i..], b" 0 obj") {
            let at = i + p;
            let start = data[..at].iter().rposition(|b| !b.is_ascii_digit()).map_or(0, |s| s + 1);
            let num: Option<u32> = std::str::from_utf8(&data[start..at]).ok().and_then(|s| s.parse().ok());
            let body_start = at + b" 0 obj".len();
            let Some(end) = find(&data[body_start..], b"endobj") else { break };
            if let Some(num) = num {
                objects.insert(num, data[body_start..body_start + end].to_vec());
            }
            i = body_start + end;
        }
        Pdf { objects }
    }

    fn object(&self, n: u32) -> &[u8] {
        self.objects.get(&n).map_or(&[], Vec::as_slice)
    }

    /// The (decompressed) stream of object `n`.
    fn stream(&self, n: u32) -> Vec<u8> {
        let o = self.object(n);
        let Some(s) = find(o, b"stream") else { return Vec::new() };
        let mut start = s + b"stream".len();
        while o.get(start).is_some_and(|b| *b == b'\r' || *b == b'\n') {
            start += 1;
        }
        let end = find(o, b"endstream").unwrap_or(o.len());
        let raw = o[start..end].strip_suffix(b"\n").unwrap_or(&o[start..end]);
        if find(&o[..s], b"FlateDecode").is_some() {
            miniz_oxide::inflate::decompress_to_vec_zlib(raw).expect("valid Flate stream")
        } else {
            raw.to_vec()
        }
    }

    /// Pages in document order.
    pub fn pages(&self) -> Vec<Page> {
        let tree = self.objects.values().find(|o| find(o, b"/Type/Pages").is_some()).expect("page tree");
        let kids_at = find(tree, b"/Kids[").expect("kids") + b"/Kids[".len();
        let kids_end = kids_at + find(&tree[kids_at..], b"]").expect("kids end");
        let kids: Vec<u32> = std::str::from_utf8(&tree[kids_at..kids_end])
            .expect("ascii")
            .split(" R")
            .filter_map(|r| r.split_whitespace().next()?.parse().ok())
            .collect();
        kids.iter().map(|&k| self.page(k)).collect()
    }

    fn page(&self, n: u32) -> Page {
        let dict = self.object(n);
        let mb = find(dict, b"/MediaBox[").expect("media box") + b"/MediaBox[".len();
        let nums: Vec<f64> = std::str::from_utf8(&dict[mb..mb + find(&dict[mb..], b"]").unwrap()])
            .unwrap()
            .split_whitespace()
            .filter_map(|v| v.parse().ok())
            .collect();
        let resources = ref_after(dict, b"/Resources").map(|r| self.object(r).to_vec()).unwrap_or_default();
        let mut fonts: HashMap<Vec<u8>, HashMap<u32, String>> = HashMap::new();
        if let Some(f) = find(&resources, b"/Font<<") {
            let body = &resources[f + 7..f + 7 + find(&resources[f + 7..], b">>").unwrap()];
            let text = String::from_utf8_lossy(body);
            for entry in text.split(" R").filter(|e| e.contains('/')) {
                let mut parts = entry.trim().trim_start_matches('/').split_whitespace();
                let (Some(name), Some(num)) = (parts.next(), parts.next().and_then(|x| x.parse::<u32>().ok())) else {
                    continue;
                };
                let cmap =
                    ref_after(self.object(num), b"/ToUnicode").map(|c| to_unicode(&self.stream(c))).unwrap_or_default();
                fonts.insert(name.as_bytes().to_vec(), cmap);
            }
        }
        let content = ref_after(dict, b"/Contents").map(|c| self.stream(c)).unwrap_or_default();
        Page { width: nums[2] - nums[0], height: nums[3] - nums[1], text: show_text(&content, &fonts) }
    }
}

fn hex(s: &str) -> Option<u32> {
    u32::from_str_radix(s.trim_matches(|c| c == '<' || c == '>'), 16).ok()
}

fn utf16(s: &str) -> String {
    let hex = s.trim_matches(|c| c == '<' || c == '>');
    let units: Vec<u16> =
        (0..hex.len() / 4).filter_map(|i| u16::from_str_radix(&hex[i * 4..i * 4 + 4], 16).ok()).collect();
    String::from_utf16_lossy(&units)
}

/// `bfchar` and `bfrange` entries of a `ToUnicode` map.
fn to_unicode(cmap: &[u8]) -> HashMap<u32, String> {
    let text = String::from_utf8_lossy(cmap);
    let mut map = HashMap::new();
    let mut in_char = false;
    let mut in_range = false;
    for line in text.lines() {
        let line = line.trim();
        if line.ends_with("beginbfchar") {
            in_char = true;
        } else if line == "endbfchar" {
            in_char = false;
        } else if line.ends_with("beginbfrange") {
            in_range = true;
        } else if line == "endbfrange" {
            in_range = false;
        } else if in_char {
            let parts: Vec<&str> = line.split_whitespace().collect();
            if let (Some(code), Some(uni)) = (parts.first().and_then(|c| hex(c)), parts.get(1)) {
                map.insert(code, utf16(uni));
            }
        } else if in_range {
            let parts: Vec<&str> = line.split_whitespace().collect();
            if let (Some(a), Some(b), Some(first)) =
                (parts.first().and_then(|c| hex(c)), parts.get(1).and_then(|c| hex(c)), parts.get(2))
            {
                let base: Vec<u16> = utf16(first).encode_utf16().collect();
                for code in a..=b {
                    let mut units = base.clone();
                    if let Some(last) = units.last_mut() {
                        *last += u16::try_from(code - a).unwrap_or(0);
                    }
                    map.insert(code, String::from_utf16_lossy(&units));
                }
            }
        }
    }
    map
}

/// The text of a content stream: each BT … ET block on its own line.
fn show_text(content: &[u8], fonts: &HashMap<Vec<u8>, HashMap<u32, String>>) -> String {
    let mut out = String::new();
    let empty = HashMap::new();
    let mut font = &empty;
    let mut i = 0;
    let mut last_name: Vec<u8> = Vec::new();
    let mut dict_depth = 0usize;
    while i < content.len() {
        match content[i] {
            b'/' => {
                let end = content[i + 1..]
                    .iter()
                    .position(|b| b" /[]()<>\n\r".contains(b))
                    .map_or(content.len(), |p| i + 1 + p);
                last_name = content[i + 1..end].to_vec();
                i = end;
            }
            b'T' if content.get(i + 1) == Some(&b'f') => {
                font = fonts.get(&last_name).unwrap_or(&empty);
                i += 2;
            }
            b'E' if content.get(i + 1) == Some(&b'T') => {
                out.push('\n');
                i += 2;
            }
            b'<' if content.get(i + 1) == Some(&b'<') => {
                dict_depth += 1;
                i += 2;
            }
            b'>' if content.get(i + 1) == Some(&b'>') => {
                dict_depth = dict_depth.saturating_sub(1);
                i += 2;
            }
            // A hex string (in marked-content properties): skipped.
            b'<' => i += content[i..].iter().position(|b| *b == b'>').unwrap_or(content.len() - i) + 1,
            // A literal string in a property list (/Lang(sv-SE)) is not shown text.
            b'(' if dict_depth > 0 => i = literal(content, i + 1).1,
            b'(' => {
                let (bytes, end) = literal(content, i + 1);
                for pair in bytes.chunks(2) {
                    let code = u32::from(pair[0]) << 8 | u32::from(*pair.get(1).unwrap_or(&0));
                    out.push_str(font.get(&code).map_or("\u{fffd}", String::as_str));
                }
                i = end;
            }
            _ => i += 1,
        }
    }
    out
}

/// A literal string starting after its "(": its bytes and the index after ")".
fn literal(s: &[u8], mut i: usize) -> (Vec<u8>, usize) {
    let mut out = Vec::new();
    let mut depth = 0;
    while i < s.len() {
        match s[i] {
            b'\\' => {
                i += 1;
                match s.get(i) {
                    Some(b'n') => out.push(b'\n'),
                    Some(b'r') => out.push(b'\r'),
                    Some(b't') => out.push(b'\t'),
                    Some(b'b') => out.push(8),
                    Some(b'f') => out.push(12),
                    Some(d) if d.is_ascii_digit() => {
                        let digits: Vec<u8> =
                            s[i..].iter().take(3).take_while(|c| (b'0'..=b'7').contains(c)).copied().collect();
                        let v = digits.iter().fold(0u32, |acc, d| acc * 8 + u32::from(d - b'0'));
                        out.push(u8::try_from(v & 0xff).unwrap_or(0));
                        i += digits.len() - 1;
                    }
                    Some(c) => out.push(*c),
                    None => {}
                }
            }
            b'(' => {
                depth += 1;
                out.push(b'(');
            }
            b')' if depth == 0 => return (out, i + 1),
            b')' => {
                depth -= 1;
                out.push(b')');
            }
            c => out.push(c),
        }
        i += 1;
    }
    (out, i)
}
