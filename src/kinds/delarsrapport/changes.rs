//! What a change since the previous report consists of, for a reader: the
//! paragraphs and list items that differ, within them only the sentences
//! that differ (the others left out as "…"), and within those the words
//! that differ, marked. A committee sees "ca 1 år" → "ca 1,5 år" with
//! "1,5" marked instead of a 20-line summary twice.
//!
//! The diffs are deterministic (no deadline) and bounded: a side of more
//! than [`MAX_UNITS`] paragraphs, sentences or words is shown whole and
//! marked whole rather than compared piece by piece.

use similar::{Algorithm, DiffOp, capture_diff_slices, get_diff_ratio};

use crate::kinds::delarsrapport::model::{Excerpt, Piece};
use crate::markdown::{Block, blocks};

/// Above this many units on either side a comparison is not attempted
/// (Myers' cost grows with the product of length and difference).
const MAX_UNITS: usize = 1500;

/// Paragraphs (or sentences) this similar are one changed paragraph,
/// compared within; less similar ones are one removed and one added.
const SAME_PARAGRAPH: f32 = 0.4;

/// The before and after excerpts of a changed text.
pub fn excerpts(before: &str, after: &str) -> (Vec<Excerpt>, Vec<Excerpt>) {
    let old = units(before);
    let new = units(after);
    let (mut b, mut a) = (Vec::new(), Vec::new());
    let old_text: Vec<&str> = old.iter().map(|u| u.1.as_str()).collect();
    let new_text: Vec<&str> = new.iter().map(|u| u.1.as_str()).collect();
    for op in diff(&old_text, &new_text) {
        match op {
            DiffOp::Equal { .. } => {}
            DiffOp::Delete { old_index, old_len, .. } => {
                b.extend(old[old_index..old_index + old_len].iter().map(whole));
            }
            DiffOp::Insert { new_index, new_len, .. } => {
                a.extend(new[new_index..new_index + new_len].iter().map(whole));
            }
            DiffOp::Replace { old_index, old_len, new_index, new_len } => {
                let olds = &old[old_index..old_index + old_len];
                let news = &new[new_index..new_index + new_len];
                for pair in pairs(olds.iter().map(|u| u.1.as_str()), news.iter().map(|u| u.1.as_str())) {
                    match pair {
                        Pair::Old(i) => b.push(whole(&olds[i])),
                        Pair::New(j) => a.push(whole(&news[j])),
                        Pair::Both(i, j) => {
                            // A side where nothing changed (words only added,
                            // or only removed) shows nothing of the paragraph.
                            let (pb, pa) = paragraph(&olds[i].1, &news[j].1);
                            if pb.iter().any(|p| p.marked) {
                                b.push(Excerpt { marker: olds[i].0.clone(), pieces: pb });
                            }
                            if pa.iter().any(|p| p.marked) {
                                a.push(Excerpt { marker: news[j].0.clone(), pieces: pa });
                            }
                        }
                    }
                }
            }
        }
    }
    (b, a)
}

/// Labelled values ("Mål", before, after): per label whose value changed,
/// a line "Mål: 75 %" on each side with the value marked.
pub fn labelled(values: &[(&str, &str, &str)]) -> (Vec<Excerpt>, Vec<Excerpt>) {
    let line = |label: &str, value: &str| Excerpt {
        marker: String::new(),
        pieces: vec![
            Piece { text: format!("{label}: "), marked: false },
            Piece { text: value.to_string(), marked: true },
        ],
    };
    values.iter().filter(|(_, b, a)| b != a).map(|(l, b, a)| (line(l, b), line(l, a))).unzip()
}

/// A one-line text (a title) before and now, whole on both sides, the
/// words that differ marked.
pub fn line(before: &str, after: &str) -> (Vec<Excerpt>, Vec<Excerpt>) {
    let (mut b, mut a) = (Vec::new(), Vec::new());
    word_diff(before, after, &mut b, &mut a);
    let one = |pieces| vec![Excerpt { marker: String::new(), pieces }];
    (one(b), one(a))
}

/// How alike two texts are, word by word (0 to 1; spaces and punctuation
/// do not count).
pub fn likeness(a: &str, b: &str) -> f32 {
    let only_words = |t| words(t).into_iter().filter(|w| w.chars().any(char::is_alphanumeric)).collect::<Vec<_>>();
    let (wa, wb) = (only_words(a), only_words(b));
    if wa.len() > MAX_UNITS || wb.len() > MAX_UNITS {
        return if a == b { 1.0 } else { 0.0 };
    }
    let ops = capture_diff_slices(Algorithm::Myers, &wa, &wb);
    get_diff_ratio(&ops, wa.len(), wb.len())
}

/// Paragraphs and list items with their marker ("", "•", "3.").
fn units(text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for block in blocks(text) {
        match block {
            Block::Paragraph(lines) => out.push((String::new(), lines.join(" "))),
            Block::Bullets(items) => out.extend(items.into_iter().map(|i| ("•".to_string(), i))),
            Block::Numbered(items, start) => {
                out.extend((start..).zip(items).map(|(n, i)| (format!("{n}."), i)));
            }
            Block::Picture(p) => out.push((String::new(), format!("![{}]({})", p.caption, p.name))),
        }
    }
    out
}

fn whole(unit: &(String, String)) -> Excerpt {
    Excerpt { marker: unit.0.clone(), pieces: vec![Piece { text: unit.1.clone(), marked: true }] }
}

/// The diff of two sequences, or "all replaced" when either is too long to compare.
fn diff(old: &[&str], new: &[&str]) -> Vec<DiffOp> {
    if old.len() > MAX_UNITS || new.len() > MAX_UNITS {
        return if old == new {
            vec![DiffOp::Equal { old_index: 0, new_index: 0, len: old.len() }]
        } else {
            vec![DiffOp::Replace { old_index: 0, old_len: old.len(), new_index: 0, new_len: new.len() }]
        };
    }
    capture_diff_slices(Algorithm::Patience, old, new)
}

enum Pair {
    Old(usize),
    New(usize),
    Both(usize, usize),
}

/// Old and new units of one replaced stretch, paired in order where alike
/// enough: each old one with the most alike new one after the last pair.
fn pairs<'a>(old: impl Iterator<Item = &'a str>, new: impl Iterator<Item = &'a str>) -> Vec<Pair> {
    let old: Vec<&str> = old.collect();
    let new: Vec<&str> = new.collect();
    let mut out = Vec::new();
    let mut next = 0;
    for (i, o) in old.iter().enumerate() {
        // Comparing every pair is quadratic; long stretches are paired in order.
        let best = if old.len() * new.len() > 400 {
            (next < new.len()).then_some((next, SAME_PARAGRAPH))
        } else {
            (next..new.len())
                .map(|j| (j, likeness(o, new[j])))
                .filter(|&(_, l)| l >= SAME_PARAGRAPH)
                .max_by(|x, y| x.1.total_cmp(&y.1).then(y.0.cmp(&x.0)))
        };
        match best {
            Some((j, _)) => {
                out.extend((next..j).map(Pair::New));
                out.push(Pair::Both(i, j));
                next = j + 1;
            }
            None => out.push(Pair::Old(i)),
        }
    }
    out.extend((next..new.len()).map(Pair::New));
    out
}

/// Two versions of one paragraph: the sentences that differ, the words in
/// them marked; an unchanged stretch of sentences left out as "…".
fn paragraph(before: &str, after: &str) -> (Vec<Piece>, Vec<Piece>) {
    let old = sentences(before);
    let new = sentences(after);
    let (mut b, mut a) = (Vec::new(), Vec::new());
    for op in diff(&old, &new) {
        match op {
            DiffOp::Equal { .. } => {
                // "…" where sentences are left out, on both sides.
                plain(&mut b, "… ");
                plain(&mut a, "… ");
            }
            DiffOp::Delete { old_index, old_len, .. } => {
                marked(&mut b, &old[old_index..old_index + old_len].concat());
            }
            DiffOp::Insert { new_index, new_len, .. } => {
                marked(&mut a, &new[new_index..new_index + new_len].concat());
            }
            DiffOp::Replace { old_index, old_len, new_index, new_len } => {
                let os = &old[old_index..old_index + old_len];
                let ns = &new[new_index..new_index + new_len];
                for pair in pairs(os.iter().copied(), ns.iter().copied()) {
                    match pair {
                        Pair::Old(i) => marked(&mut b, os[i]),
                        Pair::New(j) => marked(&mut a, ns[j]),
                        Pair::Both(i, j) => word_diff(os[i], ns[j], &mut b, &mut a),
                    }
                }
            }
        }
    }
    trim_end(&mut b);
    trim_end(&mut a);
    (b, a)
}

/// The words of two versions of a sentence, those that differ marked.
fn word_diff(before: &str, after: &str, b: &mut Vec<Piece>, a: &mut Vec<Piece>) {
    let old = words(before);
    let new = words(after);
    if old.len() > MAX_UNITS || new.len() > MAX_UNITS {
        marked(b, before);
        marked(a, after);
        return;
    }
    for op in capture_diff_slices(Algorithm::Myers, &old, &new) {
        let (o, n) = (op.old_range(), op.new_range());
        let same = matches!(op, DiffOp::Equal { .. });
        push(b, &old[o].concat(), !same);
        push(a, &new[n].concat(), !same);
    }
}

/// Sentences, each with the white space after it: a sentence ends at ".",
/// "!" or "?" followed by white space and a capital letter or digit.
fn sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for w in 0..chars.len() {
        let c = chars[w].1;
        if !matches!(c, '.' | '!' | '?') {
            continue;
        }
        let Some(&(_, space)) = chars.get(w + 1) else { continue };
        if !space.is_whitespace() {
            continue;
        }
        let rest = chars[w + 1..].iter().find(|(_, c)| !c.is_whitespace());
        if let Some(&(j, next)) = rest
            && (next.is_uppercase() || next.is_ascii_digit())
        {
            out.push(&text[start..j]);
            start = j;
        }
    }
    if start < text.len() {
        out.push(&text[start..]);
    }
    out
}

/// Words, the punctuation before and after them and the white space
/// between them, as separate tokens: "1 år" → "1,5 år" differs in one
/// token, "punkten" → "punkten, nu" keeps "punkten" alike.
fn words(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut space = None;
    for (i, c) in text.char_indices() {
        let s = c.is_whitespace();
        if space.is_some_and(|was| was != s) {
            split_word(&text[start..i], &mut out);
            start = i;
        }
        space = Some(s);
    }
    if start < text.len() {
        split_word(&text[start..], &mut out);
    }
    out
}

/// A run of white space, or a word with its leading and trailing
/// punctuation split off.
fn split_word<'a>(run: &'a str, out: &mut Vec<&'a str>) {
    let core_start = run.find(char::is_alphanumeric);
    let Some(first) = core_start else {
        out.push(run);
        return;
    };
    let last = run.rfind(char::is_alphanumeric).expect("found one");
    let end = last + run[last..].chars().next().map_or(0, char::len_utf8);
    for piece in [&run[..first], &run[first..end], &run[end..]] {
        if !piece.is_empty() {
            out.push(piece);
        }
    }
}

fn plain(out: &mut Vec<Piece>, text: &str) {
    push(out, text, false);
}

fn marked(out: &mut Vec<Piece>, text: &str) {
    push(out, text, true);
}

/// Appends `text`, joining it to the last piece when both are marked alike;
/// white space alone between two marked pieces is marked with them.
fn push(out: &mut Vec<Piece>, text: &str, marked: bool) {
    if text.is_empty() {
        return;
    }
    if marked
        && out.len() >= 2
        && !out[out.len() - 1].marked
        && out[out.len() - 1].text.chars().all(char::is_whitespace)
        && out[out.len() - 2].marked
    {
        let space = out.pop().expect("checked").text;
        out.last_mut().expect("checked").text.push_str(&space);
    }
    match out.last_mut() {
        Some(last) if last.marked == marked => last.text.push_str(text),
        _ => out.push(Piece { text: text.to_string(), marked }),
    }
}

fn trim_end(out: &mut Vec<Piece>) {
    if let Some(last) = out.last_mut() {
        let t = last.text.trim_end().len();
        last.text.truncate(t);
    }
    if out.last().is_some_and(|p| p.text.is_empty()) {
        out.pop();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The excerpt as text: marked pieces in [brackets], units on lines.
    fn show(x: &[Excerpt]) -> String {
        x.iter()
            .map(|e| {
                let body: String =
                    e.pieces.iter().map(|p| if p.marked { format!("[{}]", p.text) } else { p.text.clone() }).collect();
                if e.marker.is_empty() { body } else { format!("{} {body}", e.marker) }
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn one_word_in_a_long_paragraph() {
        let before = "Strategin antogs i mars 2022. Den har nu varit i gång ca 1 år. Arbetet fortsätter.";
        let after = "Strategin antogs i mars 2022. Den har nu varit i gång ca 1,5 år. Arbetet fortsätter.";
        let (b, a) = excerpts(before, after);
        assert_eq!(show(&b), "… Den har nu varit i gång ca [1] år. …");
        assert_eq!(show(&a), "… Den har nu varit i gång ca [1,5] år. …");
    }

    #[test]
    fn lists_keep_their_form_and_only_changed_items_show() {
        let before = "Inledning.\n\n- Första punkten\n- Andra punkten\n- Tredje punkten";
        let after = "Inledning.\n\n- Första punkten\n- Andra punkten, nu längre\n- Tredje punkten\n- En ny punkt";
        let (b, a) = excerpts(before, after);
        assert_eq!(show(&b), "");
        assert_eq!(show(&a), "• Andra punkten[, nu längre]\n• [En ny punkt]");
    }

    #[test]
    fn a_sentence_added_leaves_nothing_before() {
        let (b, a) = excerpts("Inventering pågår. Resultat i höst.", "Inventering pågår. Klart 30/9. Resultat i höst.");
        assert_eq!(show(&b), "");
        assert_eq!(show(&a), "… [Klart 30/9. ]…");
    }

    #[test]
    fn an_unlike_paragraph_is_removed_and_added() {
        let (b, a) = excerpts("Helt annan text om budget.", "Rekryteringen pågår enligt plan.");
        assert_eq!(show(&b), "[Helt annan text om budget.]");
        assert_eq!(show(&a), "[Rekryteringen pågår enligt plan.]");
    }

    #[test]
    fn numbered_items_keep_their_numbers() {
        let (_, a) = excerpts("1. Ett\n2. Två", "1. Ett\n2. Två\n3. Tre");
        assert_eq!(show(&a), "3. [Tre]");
    }

    #[test]
    fn sentences_split_at_capitals_and_digits_only() {
        assert_eq!(
            sentences("Ca. tio st. Nästa mening. 2023 blev bra."),
            vec!["Ca. tio st. ", "Nästa mening. ", "2023 blev bra."]
        );
        assert_eq!(words("ca 1 år"), vec!["ca", " ", "1", " ", "år"]);
        assert_eq!(words("(15,8*) punkten, nu"), vec!["(", "15,8", "*)", " ", "punkten", ",", " ", "nu"]);
    }

    #[test]
    fn huge_texts_are_marked_whole_not_compared() {
        let before = "ord ".repeat(MAX_UNITS);
        let after = format!("{before}mer");
        let (b, a) = excerpts(&before, &after);
        assert!(b[0].pieces.iter().all(|p| p.marked) && a[0].pieces.iter().all(|p| p.marked));
    }
}
