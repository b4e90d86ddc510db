//! Which chapters follow on the page where the text before them ends
//! (`chapter-page` in lib.typ), decided in Rust from laid-out documents.
//!
//! A chapter follows on when the chapter before it would leave its last page
//! less than [`FOLLOW_BELOW`] full. Whether it does depends on where that
//! chapter began, so the decisions are a chain: a chapter that follows on
//! moves where it ends, and with it the decision after it. Deciding from
//! one layout and checking in the next settles a chain of *n* chapters that
//! follow on in *n* layouts, and with long chapters each costs a full
//! layout of them (a generated plan of ten departments of 2 000 rows took
//! five layouts, 88 s and 20 GiB). So the decisions are made in document
//! order, and where a chapter begins elsewhere than in a layout read, where
//! it ends is predicted from where it ended beginning on a page of its own
//! (its text moved down by where it now begins). The next layout checks the
//! predictions; where it differs, the decisions after it are made again.
//! Decisions that a layout confirms throughout are final, as before.

use std::collections::BTreeSet;

/// A chapter follows on when the chapter before it would leave its last
/// page less than this part of the body full (the marker stands a
/// paragraph's spacing below the last line, so a page left behind is surely
/// more than a quarter full).
const FOLLOW_BELOW: f64 = 0.3;

/// A chapter's marker as laid out (it stands where the text before the
/// chapter ends).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Marker {
    /// The chapter's key in `/breaks.json`; `None`: it always begins a page.
    pub key: Option<String>,
    /// How far down its page's body the marker stands: 0 at the top, 1 at
    /// the foot.
    pub fill: f64,
    /// Its page (from 1).
    pub page: usize,
    /// The last page of the pages of its page's size that it begins (a
    /// change of page size ends the chapter's page run).
    pub same_size_until: usize,
}

/// The part of the pages (of `pages`) that the chapters in `follows` take
/// in the layout `alone`: what the next layout lays out anew. (A chapter
/// runs from its marker to the next, or to the end, or to where the page
/// size changes.)
pub(crate) fn share_moved(alone: &[Marker], follows: &BTreeSet<String>, pages: usize) -> f64 {
    if pages == 0 {
        return 0.0;
    }
    let moved: usize = alone
        .iter()
        .enumerate()
        .filter(|(_, m)| m.key.as_ref().is_some_and(|k| follows.contains(k)))
        .map(|(i, m)| alone.get(i + 1).map_or(pages, |next| next.page).min(m.same_size_until).saturating_sub(m.page))
        .sum();
    // (Page counts are far below 2^52.)
    #[allow(clippy::cast_precision_loss)]
    let share = moved as f64 / pages as f64;
    share
}

/// What text pushed onto a page of its own takes there beyond itself: a
/// table's repeated header and phase row, and the row that no longer fits
/// on the page before (measured on generated plans: 0.18–0.20 of the body).
const NEW_PAGE: f64 = 0.2;

/// Where a chapter that begins `start` down a page ends, when beginning on
/// a page of its own it ended `alone` down its last page: its text moved
/// down by `start`, onto the next page where that passes the foot.
fn predicted_end(alone: f64, start: f64) -> f64 {
    let end = alone + start;
    if end < 1.0 { end } else { (end - 1.0 + NEW_PAGE).min(1.0) }
}

/// The chapters that follow on (their keys), decided in document order.
/// `alone`: the markers of the layout with every chapter on a new page;
/// `read` and `made_with`: the markers of the latest layout and the
/// chapters that followed on in it (`alone` and nothing, at first).
/// `None` when the layouts' markers do not match, or a key would be decided
/// both ways (the caller then gives every chapter a page of its own).
pub(crate) fn decide(alone: &[Marker], read: &[Marker], made_with: &BTreeSet<String>) -> Option<BTreeSet<String>> {
    if alone.len() != read.len() || alone.iter().zip(read).any(|(a, r)| a.key != r.key) {
        return None;
    }
    let mut follows = BTreeSet::new();
    let mut breaks = BTreeSet::new();
    // About the text that marker `i` ends (the chapter before it): whether
    // it begins as in the latest layout, and where it begins (`None`: on a
    // page of its own). The text before the first marker is the same in
    // every layout.
    let mut as_read = true;
    let mut start: Option<f64> = None;
    for (a, r) in alone.iter().zip(read) {
        let end = match start {
            _ if as_read => r.fill,
            None => a.fill,
            Some(start) => predicted_end(a.fill, start),
        };
        let follow = a.key.is_some() && end <= FOLLOW_BELOW;
        if let Some(key) = &a.key {
            if follow {
                follows.insert(key.clone())
            } else {
                breaks.insert(key.clone())
            };
        }
        let followed = a.key.as_ref().is_some_and(|k| made_with.contains(k));
        // The chapter this marker begins starts on a new page in both
        // layouts, or follows on after the same text in both.
        as_read = follow == followed && (!follow || as_read);
        start = follow.then_some(end);
    }
    follows.is_disjoint(&breaks).then_some(follows)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn markers(fills: &[f64]) -> Vec<Marker> {
        fills
            .iter()
            .enumerate()
            .map(|(i, &fill)| Marker { key: Some(format!("k{i}")), fill, page: 1 + 3 * i, same_size_until: 15 })
            .collect()
    }

    fn keys(ks: &[usize]) -> BTreeSet<String> {
        ks.iter().map(|i| format!("k{i}")).collect()
    }

    #[test]
    fn a_chapter_follows_where_the_one_before_leaves_its_page_short() {
        // The front matter ends 90 % down its last page, chapter 0 20 %;
        // chapter 1 follows on and, ending 50 % down alone, ends at 70 %.
        let alone = markers(&[0.9, 0.2, 0.5]);
        assert_eq!(decide(&alone, &alone, &BTreeSet::new()), Some(keys(&[1])));
    }

    // Marker `i` (key `ki`) ends the text before chapter `i`: marker 0 the
    // front matter, marker 1 chapter 0, and so on. Every chapter ends 12 %
    // down its last page when it begins on a page of its own.
    const ALONE: [f64; 5] = [0.12, 0.12, 0.12, 0.12, 0.12];

    #[test]
    fn a_chain_is_predicted_in_one_go() {
        // Worked out by hand from the rule: chapter 0 follows the front
        // matter (12 %) and ends at 24 %, so chapter 1 follows; it ends at
        // 36 %, so chapter 2 breaks and, alone, ends at 12 %: chapter 3
        // follows, ends at 24 %, and chapter 4 follows.
        let alone = markers(&ALONE);
        assert_eq!(decide(&alone, &alone, &BTreeSet::new()), Some(keys(&[0, 1, 3, 4])));
    }

    #[test]
    fn a_layout_that_confirms_the_decisions_is_final() {
        let alone = markers(&ALONE);
        let made_with = keys(&[0, 1, 3, 4]);
        // What the layout made with them measured (the predictions were
        // close): the same decisions come back.
        let read = markers(&[0.12, 0.25, 0.37, 0.12, 0.25]);
        assert_eq!(decide(&alone, &read, &made_with), Some(made_with.clone()));
    }

    #[test]
    fn a_wrong_prediction_is_mended_and_what_follows_from_it_decided_again() {
        let alone = markers(&ALONE);
        let made_with = keys(&[0, 1, 3, 4]);
        // Chapter 0, following on, ended at 35 %, not 24 %: chapter 1
        // breaks, and alone ends at 12 %: chapter 2 follows (it did not in
        // the layout read, so from here on all is predicted), ends at 24 %:
        // chapter 3 follows, ends at 36 %: chapter 4 breaks.
        let read = markers(&[0.12, 0.35, 0.29, 0.12, 0.25]);
        assert_eq!(decide(&alone, &read, &made_with), Some(keys(&[0, 2, 3])));
        // Chapter 1 ended at 10 %, not 36 %: chapter 2 follows; begun at
        // 10 % it ends at 22 %: chapter 3 follows; begun at 22 % it ends at
        // 34 %: chapter 4 breaks. Before chapter 2, all is as read.
        let read = markers(&[0.12, 0.25, 0.10, 0.12, 0.25]);
        assert_eq!(decide(&alone, &read, &made_with), Some(keys(&[0, 1, 2, 3])));
    }

    #[test]
    fn text_pushed_past_the_foot_ends_on_the_next_page() {
        assert!((predicted_end(0.9, 0.2) - (0.1 + NEW_PAGE)).abs() < 1e-9);
        assert!((predicted_end(0.5, 0.2) - 0.7).abs() < 1e-9);
    }

    #[test]
    fn the_pages_laid_out_anew_are_those_of_the_chapters_that_follow_on() {
        // Markers on pages 1, 4, 7, 10, 13 of 15: a chapter begins on the
        // page after its marker and ends on the next marker's page (3
        // pages); the last one runs to page 15 (2).
        let alone = markers(&ALONE);
        assert!((share_moved(&alone, &keys(&[1]), 15) - 3.0 / 15.0).abs() < 1e-9);
        assert!((share_moved(&alone, &keys(&[0, 4]), 15) - 5.0 / 15.0).abs() < 1e-9);
        assert!(share_moved(&alone, &BTreeSet::new(), 15).abs() < 1e-9);
        // Landscape pages from page 9 on: chapter 2 (marker on page 7)
        // ends on page 8.
        let mut alone = alone;
        alone[2].same_size_until = 8;
        assert!((share_moved(&alone, &keys(&[2]), 15) - 1.0 / 15.0).abs() < 1e-9);
    }

    #[test]
    fn a_chapter_without_a_key_always_breaks() {
        let mut alone = markers(&[0.1, 0.1]);
        alone[0].key = None;
        assert_eq!(decide(&alone, &alone, &BTreeSet::new()), Some(keys(&[1])));
    }

    #[test]
    fn layouts_that_do_not_match_are_not_decided() {
        let alone = markers(&[0.1, 0.1]);
        assert_eq!(decide(&alone, &markers(&[0.1]), &BTreeSet::new()), None);
        // One key decided both ways.
        let twice = vec![
            Marker { key: Some("k".into()), fill: 0.1, page: 1, same_size_until: 2 },
            Marker { key: Some("k".into()), fill: 0.5, page: 2, same_size_until: 2 },
        ];
        assert_eq!(decide(&twice, &twice, &BTreeSet::new()), None);
    }
}
