//! The change chapter ("Förändringar sedan DR1") as a committee reads it:
//! per change what it is, before and now, only the changed sentences of a
//! long text, a renamed section as a changed title. The expectations are
//! read off the two data files by hand (see the comments), not taken from
//! the program's own comparison.

use std::path::Path;

use crate::util::{pdf_text, root, run_in, squash, stderr, tempdir};

const DR2: &str = "data/trelleborg-dr2-2023.toml";
const DR1: &str = "data/trelleborg-dr1-2023.toml";

/// The squashed text of the change chapter: from its heading (the second
/// occurrence; the first is the contents) to the next chapter's heading.
fn change_chapter(pdf: &Path, next: &str) -> String {
    let text = squash(&pdf_text(pdf, None));
    let head = squash("Förändringar sedan DR1 2023");
    let start = text.match_indices(&head).nth(1).map(|(i, _)| i).expect("a change chapter after the contents");
    let end = text[start..].find(&squash(next)).map_or(text.len(), |e| start + e);
    text[start..end].to_string()
}

fn build(dir: &Path, current: &Path, previous: &Path) {
    let o = run_in(
        &root(),
        &["bygg", current.to_str().unwrap(), "--previous", previous.to_str().unwrap(), "-o", dir.to_str().unwrap()],
    );
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn the_bundled_changes_show_before_and_now_and_only_what_changed() {
    let dir = tempdir();
    build(dir.path(), &root().join(DR2), &root().join(DR1));
    let chapter = change_chapter(&dir.path().join("trelleborg-dr2-2023.pdf"), "7 Attrahera");
    for head in ["Insats eller avsnitt", "Vad", "Före", "Nu"] {
        assert!(chapter.contains(&squash(head)), "no column {head}");
    }
    // Sammanfattning: the one changed sentence, "ca 1 år" → "ca 1,5 år", before and now ...
    assert!(chapter.contains(&squash("i gång ca 1 år efter att den beslutades")), "{chapter}");
    assert!(chapter.contains(&squash("i gång ca 1,5 år efter att den beslutades")), "{chapter}");
    // ... and not the unchanged sentences around it, nor the rest of the summary.
    for same in [
        "Delårsrapporten innehåller en redogörelse",
        "fått följande uppdrag",
        "Nedan följer en sammanfattning från tjänsteskrivelsen",
    ] {
        assert!(!chapter.contains(&squash(same)), "unchanged text \"{same}\" repeated in the change table");
    }
    // "Delårsrapport 1 för 2023" became "Delårsrapport 2 för 2023": a changed title, not a new section.
    assert!(chapter.contains(&squash("Rubrik")), "{chapter}");
    assert!(chapter.contains(&squash("Delårsrapport 1 för 2023")), "the old title is not shown");
    assert!(!chapter.contains(&squash("Avsnittet")), "the renamed section is listed as new");
    // Marknadsföringskampanj 2023: status Pågår in DR1, Genomförd in DR2.
    let at = chapter.find(&squash("Marknadsföringskampanj 2023Status")).expect("the status change");
    assert!(chapter[at..].starts_with(&squash("Marknadsföringskampanj 2023 Status Ändrad Pågår Genomförd")));
    // Targets and results by label, empty ones as "–", never "mål ; resultat".
    assert!(chapter.contains(&squash("Resultat: Ej fastställt")), "{chapter}");
    assert!(!chapter.contains("mål;"), "{chapter}");
    // Fler handledare is the same in both files: not in the table.
    assert!(!chapter.contains(&squash("Fler handledare")));
}

#[test]
fn lists_and_paragraphs_keep_their_form_and_unchanged_chapters_stay_out() {
    let dir = tempdir();
    let old = std::fs::read_to_string(root().join(DR1)).unwrap();
    // One bullet added to the summary's list and the Bakgrund title changed
    // by one word; nothing else differs.
    let bullet = "- Återrapportera om arbetet med kompetensstrategin via en delårsrapport.";
    assert!(old.contains(bullet));
    let new = old
        .replacen(bullet, &format!("{bullet}\n- Redovisa sjukfrånvaron per enhet varje tertial."), 1)
        .replacen("rubrik = \"Bakgrund\"", "rubrik = \"Bakgrund och syfte\"", 1);
    assert_ne!(new, old);
    let (a, b) = (dir.path().join("ny.toml"), dir.path().join("gammal.toml"));
    std::fs::write(&a, &new).unwrap();
    std::fs::write(&b, &old).unwrap();
    let out = dir.path().join("ut");
    build(&out, &a, &b);
    let raw = pdf_text(&out.join("ny.pdf"), None);
    let chapter = change_chapter(&out.join("ny.pdf"), "7 Attrahera");
    // The added item, as a list item (its bullet), and nothing removed.
    assert!(chapter.contains(&squash("•Redovisa sjukfrånvaron per enhet varje tertial.")), "{chapter}");
    assert!(chapter.contains(&squash("Inget borttaget")), "{chapter}");
    assert!(!chapter.contains(&squash("Återrapportera om arbetet")), "the unchanged item is repeated");
    // The renamed chapter: its title, before and now; its text is the same, so no text entry.
    assert!(chapter.contains(&squash("Bakgrund och syfte Rubrik Ändrad Bakgrund Bakgrund och syfte")), "{chapter}");
    // Exactly two entries: the summary's text and Bakgrund's title.
    let table = &chapter[chapter.find(&squash("Insats eller avsnitt Vad Före Nu")).expect("the table")..];
    assert_eq!(table.matches("Ändrad").count(), 2, "{table}");
    assert!(!table.contains("Ny"), "{table}");
    // The body keeps its form: the new item is a list item there too.
    assert!(squash(&raw).contains(&squash("• Redovisa sjukfrånvaron per enhet")));
}
