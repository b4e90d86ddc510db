//! Rendering: the checked model → Typst source, through minijinja templates.
//! Every value a template prints is escaped by the environment's formatter
//! into a Typst value (strings become string literals, lists arrays, maps
//! dictionaries), so data can never become markup. Narrative text goes
//! through the `markdown` filter and table cells through `cell` (or
//! `hyphenated_cell` for a narrow column that may hyphenate), all of which
//! build markup from escaped pieces.
//!
//! This is also where characters the bundled fonts lack (Hebrew, CJK,
//! emoji) become `[U+05E9]`: only in the PDF, which would otherwise show
//! empty boxes (and which PDF/A refuses). The model keeps every character,
//! so workbooks and TOML written by the tool keep the data; validation has
//! already warned, naming the place.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use minijinja::value::{Object, Value, ValueKind};
use minijinja::{AutoEscape, Environment, Error, ErrorKind, Output, State, UndefinedBehavior};
use serde::Serialize;

use crate::diag::{Diagnostic, Diagnostics, Origin};
use crate::markdown::{cell_to_typst, hyphenated_cell_to_typst, kept_in_string, to_typst, typst_string};
pub use crate::typeset::fonts::printable;

/// The shared layout library, embedded in the binary (each kind's own
/// template comes with its registration, [`crate::kinds::TEMPLATES`]).
const LIBRARY: (&str, &str) = ("lib.typ", include_str!("../templates/lib.typ"));

/// Where a built-in template lies below `templates/` (and below a
/// `--templates` folder): a kind's in the folder of its name
/// (`plan/plan.typ.j2`), the shared library at the top.
fn place(name: &str) -> PathBuf {
    match name.strip_suffix(".typ.j2") {
        Some(kind) => Path::new(kind).join(name),
        None => PathBuf::from(name),
    }
}

/// The set of templates in use: built-in, or a user's folder.
pub struct Templates {
    files: Vec<(String, String, PathBuf)>,
}

impl Templates {
    pub fn built_in() -> Templates {
        Templates {
            files: crate::kinds::TEMPLATES
                .iter()
                .chain([&LIBRARY])
                .map(|(n, s)| ((*n).to_string(), (*s).to_string(), Path::new("templates").join(place(n))))
                .collect(),
        }
    }

    /// The templates of `dir`; a file missing there is taken from the built-in set.
    ///
    /// # Errors
    /// The folder does not exist, or a file in it cannot be read.
    /// Each template file must lie (links resolved) inside `dir` and be a
    /// regular file; anything else by a template's name is an error, not
    /// silently replaced by the built-in one.
    pub fn from_dir(dir: &Path) -> Result<Templates, Diagnostics> {
        if !dir.is_dir() {
            return Err(crate::diag::one(
                Diagnostic::error("mallmappen finns inte", Some(Origin::File(dir.to_path_buf())))
                    .with_hint("ange en mapp med kopior av mallarna (plan.typ.j2, lib.typ)"),
            ));
        }
        let mut t = Templates::built_in();
        let mut errors = Diagnostics::default();
        for (name, source, origin) in &mut t.files {
            // A kind's template in its folder (as in `templates/`), or, as
            // before there were folders, beside the library.
            let path = [dir.join(place(name)), dir.join(&*name)]
                .into_iter()
                .find(|p| crate::fsguard::exists(p))
                .unwrap_or_else(|| dir.join(&*name));
            if crate::fsguard::exists(&path) {
                // Read as a file in its own folder: the templates folder.
                match crate::load::read_text(&path) {
                    Ok(text) => *source = text,
                    Err(e) => errors.extend(e),
                }
                *origin = path;
            }
        }
        if errors.has_errors() { Err(errors) } else { Ok(t) }
    }

    pub fn get(&self, name: &str) -> Option<&str> {
        self.files.iter().find(|(n, _, _)| n == name).map(|(_, s, _)| s.as_str())
    }

    fn origin(&self, name: &str) -> PathBuf {
        self.files.iter().find(|(n, _, _)| n == name).map_or_else(|| PathBuf::from(name), |(_, _, p)| p.clone())
    }
}

/// A Typst string literal of text as the PDF prints it.
fn literal(text: &str) -> String {
    typst_string(&printable(text))
}

/// Formats a value as Typst code.
fn write_value(out: &mut String, value: &Value) -> Result<(), Error> {
    if value.is_safe() {
        out.push_str(value.as_str().unwrap_or_default());
        return Ok(());
    }
    match value.kind() {
        ValueKind::Undefined => return Err(Error::new(ErrorKind::UndefinedError, "undefined value printed")),
        ValueKind::None => out.push_str("none"),
        ValueKind::Bool => out.push_str(if value.is_true() { "true" } else { "false" }),
        ValueKind::Number => out.push_str(&value.to_string()),
        ValueKind::String => out.push_str(&literal(value.as_str().unwrap_or_default())),
        ValueKind::Seq | ValueKind::Iterable => {
            out.push('(');
            for item in value.try_iter()? {
                write_value(out, &item)?;
                out.push_str(", ");
            }
            out.push(')');
        }
        ValueKind::Map => {
            out.push('(');
            let mut any = false;
            for key in value.try_iter()? {
                let v = value.get_item(&key)?;
                out.push_str(&literal(&key.to_string()));
                out.push_str(": ");
                write_value(out, &v)?;
                out.push_str(", ");
                any = true;
            }
            if !any {
                out.push(':');
            }
            out.push(')');
        }
        _ => out.push_str(&literal(&value.to_string())),
    }
    Ok(())
}

fn typst_formatter(out: &mut Output, _state: &State, value: &Value) -> Result<(), Error> {
    let mut s = String::new();
    write_value(&mut s, value)?;
    out.write_str(&s).map_err(|e| Error::new(ErrorKind::WriteFailure, e.to_string()))
}

/// The section numbers of one rendering: the count at each level.
#[derive(Debug, Default)]
struct SectionCounter(Mutex<Vec<u32>>);

impl Object for SectionCounter {}

/// `nummer(level)`: the next section number at `level` (1 = chapter), as
/// "2" or "2.3": the count at that level goes up and deeper counts restart.
/// Templates write the numbers themselves because Typst's own heading
/// numbering costs a whole extra layout pass (a tenth of a build).
fn section_number(state: &State, level: u32) -> Result<String, Error> {
    if !(1..=6).contains(&level) {
        return Err(Error::new(ErrorKind::InvalidOperation, format!("nummer: nivå {level} finns inte (1–6)")));
    }
    let counter = state.get_or_set_temp_object("planrapport.section_numbers", SectionCounter::default);
    let mut counts = counter.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    let level = level as usize;
    counts.resize(level, 0);
    counts[level - 1] += 1;
    Ok(counts.iter().map(ToString::to_string).collect::<Vec<_>>().join("."))
}

/// The text a Typst string literal of `text` holds (as the templates print
/// it, [`literal`]): the characters the fonts lack named, control
/// characters other than line breaks and tabs dropped.
fn typst_value(text: &str) -> String {
    printable(text).chars().filter(|&c| kept_in_string(c)).collect()
}

/// `text` split at each run of white space, as Typst's `str.split` with the
/// pattern `\s+` splits it (an empty piece before leading and after
/// trailing white space).
fn split_blanks(text: &str) -> Vec<&str> {
    let mut pieces = Vec::new();
    let (mut start, mut blank) = (0, false);
    for (i, c) in text.char_indices() {
        if c.is_whitespace() && !blank {
            pieces.push(&text[start..i]);
            blank = true;
        } else if !c.is_whitespace() && blank {
            start = i;
            blank = false;
        }
    }
    pieces.push(if blank { "" } else { &text[start..] });
    pieces
}

/// What lib.typ's `measured-columns` reads of a column's cells, as a Typst
/// dictionary: `words`, the words its `widest-word` would measure (those
/// within six bytes of the longest, the first 300, without repeats, the
/// first 40), `longest`, the bytes of the longest cell, and `length`, the
/// bytes of all of them joined by line breaks. The same widths as from the
/// cells themselves, with a fraction of the source: Typst keeps every node
/// of the source it parsed, and a plan's cells were written into it twice.
fn column_summary(cells: &[String]) -> String {
    let longest = cells.iter().map(String::len).max().unwrap_or(0);
    let text = cells.join("\n");
    let length = text.len();
    let words = split_blanks(&text);
    let n = words.iter().map(|w| w.len()).max().unwrap_or(0);
    let mut chosen: Vec<&str> = Vec::new();
    for w in words.into_iter().filter(|w| w.len() + 6 >= n).take(300) {
        if !chosen.contains(&w) {
            chosen.push(w);
        }
    }
    chosen.truncate(40);
    let mut out = String::from("(words: (");
    for w in chosen {
        out.push_str(&typst_string(w));
        out.push_str(", ");
    }
    let _ = write!(out, "), longest: {longest}, length: {length})");
    out
}

/// `dept | column_texts`: for a plan's department, per column of its action
/// table (goal, activities, deadlines, owners, resources, follow-up) what
/// the column widths are measured from ([`column_summary`]).
fn column_texts(dept: &Value) -> Result<Value, Error> {
    let text = |v: Value| v.as_str().map(typst_value).unwrap_or_default();
    let mut columns: [Vec<String>; 6] = Default::default();
    for phase in dept.get_attr("phases")?.try_iter()? {
        for row in phase.get_attr("rows")?.try_iter()? {
            columns[0].push(text(row.get_attr("goal")?));
            columns[1].extend(row.get_attr("activities")?.try_iter()?.map(text));
            for d in row.get_attr("deadlines")?.try_iter()? {
                columns[2].push(text(d.get_attr("text")?));
            }
            columns[3].extend(row.get_attr("owners")?.try_iter()?.map(text));
            columns[4].push(text(row.get_attr("resources")?));
            columns[5].push(text(row.get_attr("followup")?));
        }
    }
    let mut out = String::from("(");
    for column in &columns {
        out.push_str(&column_summary(column));
        out.push_str(", ");
    }
    out.push(')');
    Ok(Value::from_safe_string(out))
}

fn environment(templates: &Templates) -> Result<Environment<'static>, Diagnostics> {
    let mut env = Environment::new();
    env.set_auto_escape_callback(|_| AutoEscape::Custom("typst"));
    env.set_formatter(typst_formatter);
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_trim_blocks(true);
    env.set_lstrip_blocks(true);
    env.add_filter("markdown", |text: &str| Value::from_safe_string(to_typst(&printable(text))));
    env.add_filter("cell", |text: &str| Value::from_safe_string(cell_to_typst(&printable(text))));
    env.add_filter("hyphenated_cell", |text: &str| Value::from_safe_string(hyphenated_cell_to_typst(&printable(text))));
    env.add_filter("typst_str", |text: &str| Value::from_safe_string(literal(text)));
    // A file name (the logo) as written: substituting characters there
    // would name another file.
    env.add_filter("path", |text: &str| Value::from_safe_string(typst_string(text)));
    env.add_function("nummer", section_number);
    env.add_filter("column_texts", column_texts);
    for (name, source, _) in &templates.files {
        if Path::new(name).extension().is_some_and(|e| e.eq_ignore_ascii_case("j2")) {
            env.add_template_owned(name.clone(), source.clone()).map_err(|e| template_error(templates, &e))?;
        }
    }
    Ok(env)
}

fn template_error(templates: &Templates, e: &Error) -> Diagnostics {
    let name = e.name().unwrap_or("mall");
    let at = Some(Origin::Text { path: templates.origin(name), line: e.line().unwrap_or(1), col: 1 });
    let detail = e.detail().map_or_else(|| e.kind().to_string(), ToString::to_string);
    crate::diag::one(
        Diagnostic::error(format!("fel i mallen: {detail}"), at)
            .with_hint(format!("{}", e.display_debug_info()).trim().to_string()),
    )
}

/// Renders template `name` with `context` to Typst source.
///
/// # Errors
/// Template syntax errors and undefined variables, located in the template.
pub fn render<S: Serialize>(templates: &Templates, name: &str, context: &S) -> Result<String, Diagnostics> {
    let env = environment(templates)?;
    let template = env.get_template(name).map_err(|e| template_error(templates, &e))?;
    template.render(Value::from_serialize(context)).map_err(|e| template_error(templates, &e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn white_space_splits_as_typst_splits_at_blanks() {
        assert_eq!(split_blanks("a  b\nc"), ["a", "b", "c"]);
        assert_eq!(split_blanks(" a "), ["", "a", ""]);
        assert_eq!(split_blanks(""), [""]);
        assert_eq!(split_blanks("ord\u{a0}ord"), ["ord", "ord"]);
    }

    #[test]
    fn a_column_summary_keeps_the_words_the_widths_measure() {
        let cells =
            ["Kompetensutveckling för alla".to_string(), "HR kompetensutveckling Arbetsmiljöarbete".to_string()];
        // Worked out by hand: the longest word is "Kompetensutveckling" and
        // "kompetensutveckling" (19 bytes); "Arbetsmiljöarbete" is 18 (ö is
        // two), within six; "för" and "alla" are not. The cells are 19 + 1 +
        // 4 + 1 + 4 = 29 bytes and 2 + 1 + 19 + 1 + 18 = 41; joined by a line
        // break, 71.
        assert_eq!(
            column_summary(&cells),
            r#"(words: ("Kompetensutveckling", "kompetensutveckling", "Arbetsmiljöarbete", ), longest: 41, length: 71)"#
        );
        assert_eq!(column_summary(&[]), "(words: (\"\", ), longest: 0, length: 0)");
        // Repeats are measured once; at most 40 words.
        let many: Vec<String> = (0..100).map(|i| format!("ord{:03}", i % 50)).collect();
        let summary = column_summary(&many);
        assert_eq!(summary.matches("\"ord").count(), 40);
        assert!(summary.contains("\"ord039\", ), longest"));
    }
    use std::borrow::Cow;

    #[test]
    fn values_become_typst_literals() {
        let mut t = Templates::built_in();
        t.files.push(("t.j2".into(), "#f({{ s }}, {{ n }}, {{ l }}, {{ m }}, {{ e }})".into(), PathBuf::new()));
        let ctx = serde_json_like();
        let out = render(&t, "t.j2", &ctx).unwrap();
        assert_eq!(out, r##"#f("#read(\"/etc/passwd\") ] // \\", 3, ("a", "b", ), ("k": "v", ), (:))"##);
    }

    #[derive(Serialize)]
    struct Ctx {
        s: &'static str,
        n: i32,
        l: Vec<&'static str>,
        m: std::collections::BTreeMap<&'static str, &'static str>,
        e: std::collections::BTreeMap<&'static str, &'static str>,
    }

    fn serde_json_like() -> Ctx {
        Ctx {
            s: "#read(\"/etc/passwd\") ] // \\",
            n: 3,
            l: vec!["a", "b"],
            m: [("k", "v")].into_iter().collect(),
            e: std::collections::BTreeMap::default(),
        }
    }

    #[test]
    fn characters_the_fonts_lack_are_named_in_every_kind_of_value() {
        #[derive(Serialize)]
        struct Glyphs {
            s: &'static str,
            l: Vec<&'static str>,
            m: std::collections::BTreeMap<&'static str, &'static str>,
        }
        let mut t = Templates::built_in();
        let source = "{{ s }} {{ s | cell }} {{ s | markdown }}{{ l }} {{ m }} {{ ('/' ~ s ~ '.png') | path }}";
        t.files.push(("g.j2".into(), source.into(), PathBuf::new()));
        let ctx = Glyphs { s: "Åsa \u{5e9}😀", l: vec!["漢"], m: [("k", "\u{5e9}")].into_iter().collect() };
        let out = render(&t, "g.j2", &ctx).unwrap();
        let named = "Åsa [U+05E9][U+1F600]";
        assert_eq!(
            out,
            format!(
                "\"{named}\" \"{named}\" #\"{named}\";\n\n(\"[U+6F22]\", ) (\"k\": \"[U+05E9]\", ) \"/Åsa \u{5e9}😀.png\""
            )
        );
        assert!(matches!(printable("Förskola – “citat” € ½ → ≤"), Cow::Borrowed(_)));
    }

    #[test]
    fn undefined_is_an_error() {
        let mut t = Templates::built_in();
        t.files.push(("u.j2".into(), "{{ missing }}".into(), PathBuf::from("u.j2")));
        let errs = render(&t, "u.j2", &()).unwrap_err();
        assert!(errs.items[0].to_string().contains("u.j2:1"), "{}", errs.items[0]);
    }

    #[test]
    fn section_numbers_count_per_level_and_restart_deeper_levels() {
        let mut t = Templates::built_in();
        let source = "{{ nummer(1) }} {{ nummer(2) }} {{ nummer(2) }} {{ nummer(3) }} {{ nummer(1) }} {{ nummer(2) }}";
        t.files.push(("n.j2".into(), source.into(), PathBuf::from("n.j2")));
        let out = render(&t, "n.j2", &()).unwrap();
        assert_eq!(out, r#""1" "1.1" "1.2" "1.2.1" "2" "2.1""#);
        // Each rendering starts again from 1.
        assert_eq!(render(&t, "n.j2", &()).unwrap(), out);
        t.files.push(("bad.j2".into(), "{{ nummer(0) }}".into(), PathBuf::from("bad.j2")));
        let errs = render(&t, "bad.j2", &()).unwrap_err();
        assert!(errs.items[0].to_string().contains("nivå 0"), "{}", errs.items[0]);
    }
}
