//! The Markdown subset users write narrative text in — paragraphs, bullet
//! and numbered lists, **bold** and *italic* — converted to Typst markup.
//! Every piece of user text becomes a Typst string literal, so nothing a
//! user writes (`#`, `$`, `<`, `@`, `]`, `//`, `\`) is ever read as markup.

use std::fmt::Write as _;

/// Whether [`typst_string`] keeps character `c`: every character but the
/// control characters other than line breaks and tabs (a carriage return
/// among them).
pub(crate) fn kept_in_string(c: char) -> bool {
    c == '\n' || c == '\t' || !c.is_control()
}

/// A Typst string literal for `text`: `"…"` with `\`, `"` and control
/// characters escaped.
pub fn typst_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars().filter(|&c| kept_in_string(c)) {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

pub(crate) enum Block {
    Paragraph(Vec<String>),
    Bullets(Vec<String>),
    Numbered(Vec<String>, u64),
    /// A generated picture placed by the text (see [`picture_line`]).
    Picture(Picture),
}

/// A generated picture placed by a line of its own, `![caption](name)`:
/// Markdown's image syntax, naming one of the pictures the document
/// makes from its data (never a file).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Picture {
    /// The picture's name as written ("status").
    pub name: String,
    /// The caption as written ("Bild 2 - visar vad som gjorts").
    pub caption: String,
}

impl Picture {
    /// The caption's own word and number when it begins with them ("Bild 2",
    /// "Figur 1"): a capitalised word, a space, a number, then the end or a
    /// character that is not a letter or digit.
    pub fn numbered(&self) -> Option<(&str, u32)> {
        let (word, rest) = self.caption.split_once(' ')?;
        if !word.chars().next().is_some_and(char::is_uppercase) || !word.chars().all(char::is_alphabetic) {
            return None;
        }
        Some((word, picture_number(rest)?))
    }
}

/// The number a picture's word is followed by ("2" of "Bild 2 - …"): one to
/// three digits at the start of `rest`, not followed by a letter or digit.
pub fn picture_number(rest: &str) -> Option<u32> {
    let digits = rest.chars().take_while(char::is_ascii_digit).count();
    if digits == 0 || digits > 3 || rest[digits..].chars().next().is_some_and(char::is_alphanumeric) {
        return None;
    }
    rest[..digits].parse().ok()
}

/// The picture a line places, if the line is `![caption](name)` alone.
pub fn picture_line(line: &str) -> Option<Picture> {
    let t = line.trim();
    let inner = t.strip_prefix("![")?.strip_suffix(')')?;
    let (caption, name) = inner.rsplit_once("](")?;
    if name.contains(['(', ')', '[', ']']) {
        return None;
    }
    Some(Picture { name: name.trim().to_string(), caption: caption.split_whitespace().collect::<Vec<_>>().join(" ") })
}

/// Every picture `text` places, in order.
pub fn pictures(text: &str) -> impl Iterator<Item = Picture> + '_ {
    text.lines().filter_map(picture_line)
}

/// `text` without the lines that place pictures (for a slide, which has
/// no room for them).
pub fn without_pictures(text: &str) -> String {
    if !text.lines().any(|l| picture_line(l).is_some()) {
        return text.to_string();
    }
    text.lines().filter(|l| picture_line(l).is_none()).collect::<Vec<_>>().join("\n")
}

/// The text of a bulleted line ("- ", "* ", "• ", "– " or Word's private-use bullet),
/// if it is one. Shared with the spreadsheet reader's list cells.
pub(crate) fn bullet_item(line: &str) -> Option<&str> {
    let t = line.trim_start();
    ["- ", "* ", "• ", "– ", "\u{f0b7} "].iter().find_map(|b| t.strip_prefix(b)).map(str::trim)
}

fn numbered_item(line: &str) -> Option<(u64, &str)> {
    let t = line.trim_start();
    let digits = t.chars().take_while(char::is_ascii_digit).count();
    if digits == 0 || digits > 3 {
        return None;
    }
    let rest = &t[digits..];
    let rest = rest.strip_prefix(". ").or_else(|| rest.strip_prefix(") "))?;
    Some((t[..digits].parse().ok()?, rest.trim()))
}

pub(crate) fn blocks(text: &str) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::new();
    let mut blank = true;
    for raw in text.lines() {
        let line = raw.trim_end();
        if line.trim().is_empty() {
            blank = true;
            continue;
        }
        let indented = raw.starts_with("  ") || raw.starts_with('\t');
        if let Some(picture) = picture_line(line) {
            out.push(Block::Picture(picture));
            // What follows starts a new paragraph.
            blank = true;
            continue;
        } else if let Some(item) = bullet_item(line) {
            match out.last_mut() {
                Some(Block::Bullets(items)) => items.push(item.to_string()),
                _ => out.push(Block::Bullets(vec![item.to_string()])),
            }
        } else if let Some((n, item)) = numbered_item(line) {
            match out.last_mut() {
                Some(Block::Numbered(items, _)) => items.push(item.to_string()),
                _ => out.push(Block::Numbered(vec![item.to_string()], n)),
            }
        } else {
            match out.last_mut() {
                // A continuation line of a list item (indented, or no blank line before).
                Some(Block::Bullets(items) | Block::Numbered(items, _)) if indented || !blank => {
                    let last = items.last_mut().expect("lists are never empty");
                    last.push(' ');
                    last.push_str(line.trim());
                }
                Some(Block::Paragraph(lines)) if !blank => lines.push(line.trim().to_string()),
                _ => out.push(Block::Paragraph(vec![line.trim().to_string()])),
            }
        }
        blank = false;
    }
    out
}

/// How deep bold and italic may nest; deeper markers print as written.
/// Each level reads its text once, so the depth bounds the work. (A marker
/// closes at the first close of its kind, so real nesting is at most three
/// deep; this is a guard, not a rule users meet.)
const MAX_NESTING: usize = 8;

/// Inline markup: `**bold**`, `*italic*` / `_italic_`; unmatched markers
/// stay as written. Linear in the text's length: where a marker may close
/// is found once per text (see [`Closers`]), not searched for anew from
/// each opening marker.
pub fn inline(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::new();
    inline_into(&chars, 0, &mut out);
    out
}

/// The positions, in order, where each kind of marker may close: not after
/// white space; a single `*` not next to another `*` (so `**` is never the
/// close of `*`); a `_` not followed by a letter or digit (`snake_case`).
struct Closers {
    strong: Vec<usize>,
    star: Vec<usize>,
    underscore: Vec<usize>,
}

impl Closers {
    fn of(chars: &[char]) -> Closers {
        let mut c = Closers { strong: Vec::new(), star: Vec::new(), underscore: Vec::new() };
        for j in 1..chars.len() {
            if chars[j - 1].is_whitespace() {
                continue;
            }
            let next = chars.get(j + 1);
            match chars[j] {
                '*' if next == Some(&'*') => c.strong.push(j),
                '*' if chars[j - 1] != '*' => c.star.push(j),
                '_' if !next.is_some_and(|n| n.is_alphanumeric()) => c.underscore.push(j),
                _ => {}
            }
        }
        c
    }

    /// The first close at or after `from`.
    fn first(list: &[usize], from: usize) -> Option<usize> {
        list.get(list.partition_point(|&j| j < from)).copied()
    }
}

/// Writes the plain text gathered so far as one Typst string, and empties it.
fn flush(plain: &mut String, out: &mut String) {
    if !plain.is_empty() {
        out.push('#');
        out.push_str(&typst_string(plain));
        out.push(';');
        plain.clear();
    }
}

fn inline_into(chars: &[char], depth: usize, out: &mut String) {
    let nest = depth < MAX_NESTING;
    let closers = if nest {
        Closers::of(chars)
    } else {
        Closers { strong: Vec::new(), star: Vec::new(), underscore: Vec::new() }
    };
    let mut plain = String::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let (m, func, list) = match c {
            '*' if chars.get(i + 1) == Some(&'*') => (2, "strong", &closers.strong),
            '*' => (1, "emph", &closers.star),
            '_' => (1, "emph", &closers.underscore),
            _ => {
                plain.push(c);
                i += 1;
                continue;
            }
        };
        // The marker must open a word and have a matching close in the same text.
        let opens = nest
            && chars.get(i + m).is_some_and(|n| !n.is_whitespace())
            && (i == 0 || !chars[i - 1].is_alphanumeric() || c == '*');
        if let Some(end) = opens.then(|| Closers::first(list, i + m + 1)).flatten() {
            flush(&mut plain, out);
            out.push('#');
            out.push_str(func);
            out.push('[');
            inline_into(&chars[i + m..end], depth + 1, out);
            out.push(']');
            i = end + m;
        } else {
            plain.extend(std::iter::repeat_n(c, m));
            i += m;
        }
    }
    flush(&mut plain, out);
}

/// Converts Markdown-subset text to Typst markup (block level).
pub fn to_typst(text: &str) -> String {
    let mut out = String::new();
    for block in blocks(text) {
        match block {
            Block::Paragraph(lines) => {
                out.push_str(&inline(&lines.join(" ")));
                out.push_str("\n\n");
            }
            Block::Bullets(items) => {
                out.push_str("#list(");
                for item in items {
                    out.push('[');
                    out.push_str(&inline(&item));
                    out.push_str("], ");
                }
                out.push_str(")\n\n");
            }
            Block::Numbered(items, start) => {
                let _ = write!(out, "#enum(start: {start}, ");
                for item in items {
                    out.push('[');
                    out.push_str(&inline(&item));
                    out.push_str("], ");
                }
                out.push_str(")\n\n");
            }
            Block::Picture(p) => {
                // `pictures` is the document template's dictionary of the
                // pictures it makes (validation lets only its names through).
                let _ = write!(
                    out,
                    "#placed-picture(pictures, {}, {}",
                    typst_string(&crate::model::status::key_form(&p.name)),
                    typst_string(&p.caption)
                );
                if let Some((_, n)) = p.numbered() {
                    let _ = write!(out, ", number: {n}");
                }
                out.push_str(")\n\n");
            }
        }
    }
    out
}

/// A table cell's text as Typst content: lines starting with "- " after a
/// first line become a nested list; everything else prints as written.
pub fn cell_to_typst(text: &str) -> String {
    cell_markup(text, false)
}

/// As [`cell_to_typst`], each piece of text set through the layout
/// library's `hy-text`, which lets long words hyphenate as a typesetter
/// would (see `templates/lib.typ`).
pub fn hyphenated_cell_to_typst(text: &str) -> String {
    cell_markup(text, true)
}

fn cell_markup(text: &str, hyphenate: bool) -> String {
    let piece = |out: &mut String, s: &str| {
        if hyphenate {
            out.push_str("#hy-text(");
            out.push_str(&typst_string(s));
            out.push_str(");");
        } else {
            out.push('#');
            out.push_str(&typst_string(s));
            out.push(';');
        }
    };
    let mut head = Vec::new();
    let mut items = Vec::new();
    for line in text.lines() {
        match bullet_item(line) {
            Some(item) if !head.is_empty() || !items.is_empty() => items.push(item),
            _ if !items.is_empty() => items.push(line.trim()),
            _ => head.push(line),
        }
    }
    // Plain text is the value itself (a string, or `hy-text`'s content),
    // not a content block around it: a generated plan holds thousands of
    // cells, and Typst keeps every node of the source it parsed (a
    // 2,000-row plan: 14 MB less).
    if items.is_empty() && !head.is_empty() {
        let text = typst_string(&head.join("\n"));
        return if hyphenate { format!("hy-text({text})") } else { text };
    }
    let mut out = String::from("[");
    if !head.is_empty() {
        piece(&mut out, &head.join("\n"));
    }
    if !items.is_empty() {
        out.push_str("#list(");
        for i in items {
            out.push('[');
            piece(&mut out, i);
            out.push_str("], ");
        }
        out.push(')');
    }
    out.push(']');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_escape_quotes_and_backslashes() {
        assert_eq!(typst_string(r#"a "b" \c"#), r#""a \"b\" \\c""#);
        assert_eq!(typst_string("rad1\nrad2\u{0}"), r#""rad1\nrad2""#);
    }

    #[test]
    fn paragraphs_and_lists() {
        let t = to_typst("Första raden\nfortsätter.\n\n- ett\n- två\n\n1. a\n2. b");
        assert_eq!(
            t,
            "#\"Första raden fortsätter.\";\n\n#list([#\"ett\";], [#\"två\";], )\n\n#enum(start: 1, [#\"a\";], [#\"b\";], )\n\n"
        );
    }

    #[test]
    fn a_line_of_its_own_places_a_picture() {
        let p = picture_line("  ![Bild 2 - visar   vad som gjorts](status) ").unwrap();
        assert_eq!((p.name.as_str(), p.caption.as_str()), ("status", "Bild 2 - visar vad som gjorts"));
        assert_eq!(p.numbered(), Some(("Bild", 2)));
        assert_eq!(picture_line("![Insatserna per fas](insatser)").unwrap().numbered(), None);
        assert_eq!(picture_line("![bild 1](insatser)").unwrap().numbered(), None);
        assert_eq!(picture_line("![Bild 12a](x)").unwrap().numbered(), None);
        assert!(picture_line("Se ![Bild 1](status) här").is_none());
        assert!(picture_line("![a](b(c))").is_none());
        assert_eq!(crate::model::status::key_form(" Mål "), "mal");
        let t = to_typst("Före.\n![Bild 1 - \"x\"](insatser)\nEfter.");
        assert_eq!(
            t,
            "#\"Före.\";\n\n#placed-picture(pictures, \"insatser\", \"Bild 1 - \\\"x\\\"\", number: 1)\n\n#\"Efter.\";\n\n"
        );
        assert_eq!(without_pictures("a\n![B](status)\nb"), "a\nb");
    }

    #[test]
    fn bold_and_italic() {
        assert_eq!(inline("**fet** och *kursiv*"), "#strong[#\"fet\";]#\" och \";#emph[#\"kursiv\";]");
        assert_eq!(inline("5 * 3 = 15"), "#\"5 * 3 = 15\";");
        assert_eq!(inline("**ej stängd"), "#\"**ej stängd\";");
        assert_eq!(inline("snake_case_name"), "#\"snake_case_name\";");
    }

    /// The earlier, quadratic implementation, as the reference for the linear one.
    fn quadratic_inline(text: &str) -> String {
        fn find_close(chars: &[char], from: usize, marker: &[char]) -> Option<usize> {
            let m = marker.len();
            let mut j = from + 1;
            while j + m <= chars.len() {
                if chars[j..j + m] == *marker && !chars[j - 1].is_whitespace() {
                    let longer = m == 1 && marker[0] == '*' && (chars.get(j + 1) == Some(&'*') || chars[j - 1] == '*');
                    let word_inside = marker[0] == '_' && chars.get(j + 1).is_some_and(|c| c.is_alphanumeric());
                    if !longer && !word_inside {
                        return Some(j);
                    }
                }
                j += 1;
            }
            None
        }
        let chars: Vec<char> = text.chars().collect();
        let mut out = String::new();
        let mut plain = String::new();
        let mut i = 0;
        while i < chars.len() {
            let rest = &chars[i..];
            let (marker, func): (&[char], &str) = if rest.starts_with(&['*', '*']) {
                (&['*', '*'], "strong")
            } else if rest[0] == '*' || rest[0] == '_' {
                (&rest[..1], "emph")
            } else {
                plain.push(rest[0]);
                i += 1;
                continue;
            };
            let m = marker.len();
            let opens = rest.get(m).is_some_and(|c| !c.is_whitespace())
                && (i == 0 || !chars[i - 1].is_alphanumeric() || marker[0] == '*');
            let close = opens.then(|| find_close(&chars, i + m, marker)).flatten();
            if let Some(end) = close {
                flush(&mut plain, &mut out);
                let inner: String = chars[i + m..end].iter().collect();
                out.push('#');
                out.push_str(func);
                out.push('[');
                out.push_str(&quadratic_inline(&inner));
                out.push(']');
                i = end + m;
            } else {
                plain.extend(marker.iter());
                i += m;
            }
        }
        flush(&mut plain, &mut out);
        out
    }

    #[test]
    fn linear_inline_equals_the_earlier_one() {
        let alphabet = ['*', '_', ' ', 'a', 'b', '1', 'ä', '\n'];
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..20_000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let len = usize::try_from(state % 20).unwrap();
            let text: String =
                (0..len).map(|k| alphabet[usize::try_from((state >> (k * 3 % 60)) % 8).unwrap()]).collect();
            assert_eq!(inline(&text), quadratic_inline(&text), "{text:?}");
        }
    }

    #[test]
    fn many_unmatched_markers_take_linear_time() {
        // 200,000 markers that never close: quadratic search took minutes.
        let text = "*a ".repeat(200_000);
        let start = std::time::Instant::now();
        let out = inline(&text);
        assert!(out.len() > text.len());
        assert!(start.elapsed() < std::time::Duration::from_secs(5), "{:?}", start.elapsed());
        // Alternating markers that open and close in turn.
        let text = "*a* _b_ **c** ".repeat(50_000);
        assert_eq!(inline(&text).matches("#strong[").count(), 50_000);
    }

    #[test]
    fn markup_in_text_is_data() {
        let t = inline("#read(\"/etc/passwd\") $x$ <lbl> @ref ] // \\");
        assert_eq!(t, "#\"#read(\\\"/etc/passwd\\\") $x$ <lbl> @ref ] // \\\\\";");
    }

    #[test]
    fn cell_sub_items() {
        assert_eq!(cell_to_typst("Genom:\n- a\n- b"), "[#\"Genom:\";#list([#\"a\";], [#\"b\";], )]");
        assert_eq!(cell_to_typst("- bara"), "\"- bara\"");
        assert_eq!(cell_to_typst(""), "[]");
    }

    #[test]
    fn hyphenated_cells_set_every_piece_through_hy_text() {
        assert_eq!(
            hyphenated_cell_to_typst("Genom:\n- a \"b\""),
            "[#hy-text(\"Genom:\");#list([#hy-text(\"a \\\"b\\\"\");], )]"
        );
        assert_eq!(hyphenated_cell_to_typst("Tertial samt VB"), "hy-text(\"Tertial samt VB\")");
    }
}
