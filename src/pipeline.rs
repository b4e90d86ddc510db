//! The stages in order: load → validate → render → typeset / export →
//! write. Each document kind is a model, a template and a sheet layout; the
//! pipeline around them is shared.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::Serialize;

use crate::cli::BuildArgs;
use crate::diag::{Diagnostic, Diagnostics, Origin};
use crate::load::RawInput;
use crate::model::deck::Deck;
use crate::model::{DocumentMeta, FollowUp, Plan, Report};
use crate::output::Existing;
use crate::render::{Templates, render};
use crate::typeset::{Job, PdfProfile};
use crate::validate::{
    Checked, CheckedFollowUp, CheckedReport, deck_from_followup, deck_from_plan, deck_from_report, mark_changes,
    validate, validate_deck, validate_followup, validate_report,
};
use crate::{export, load, output};

/// A checked document of any kind (one per run, so the variants' sizes do
/// not matter).
#[derive(Debug, Clone)]
#[allow(clippy::large_enum_variant)]
pub enum Document {
    Plan(Plan),
    FollowUp(FollowUp),
    Report(Report),
    Deck(Deck),
}

impl Document {
    pub fn meta(&self) -> &DocumentMeta {
        match self {
            Document::Plan(p) => &p.meta,
            Document::FollowUp(f) => &f.meta,
            Document::Report(r) => &r.meta,
            Document::Deck(d) => &d.meta,
        }
    }
}

/// A checked document and the warnings found on the way.
pub struct Loaded {
    pub document: Document,
    pub warnings: Diagnostics,
}

/// Reads and checks an input of any kind.
///
/// # Errors
/// Every problem found, with its location.
pub fn load(input: &Path) -> Result<Loaded, Diagnostics> {
    load_with(input, false)
}

/// As [`load_with`] for a document typeset under `profile` (none when no
/// PDF is made): a date that PDF/A requires and the document lacks is
/// reported in the same run as every other problem, not only once they are
/// fixed.
///
/// # Errors
/// Every problem found, with its location.
pub fn load_for(input: &Path, allow_missing: bool, profile: Option<PdfProfile>) -> Result<Loaded, Diagnostics> {
    load_checked(input, allow_missing, profile.is_some_and(PdfProfile::is_archival) && source_date().is_none())
}

/// The error for a document without the date PDF/A requires.
fn missing_date(source_file: &Path) -> Diagnostic {
    let hint = if crate::validate::is_workbook(source_file) {
        "lägg till raden Datum i bladet Dokument (eller Datum: i rubrikraderna ovanför tabellen), sätt SOURCE_DATE_EPOCH, eller välj --pdf-standard ua1"
    } else {
        "ange datum = ÅÅÅÅ-MM-DD under [dokument], sätt SOURCE_DATE_EPOCH, eller välj --pdf-standard ua1"
    };
    Diagnostic::error("dokumentet saknar datum, som PDF/A kräver", Some(Origin::File(source_file.to_path_buf())))
        .with_hint(hint)
}

/// As [`load`]; with `allow_missing`, department files that are missing
/// are a warning (and a gap marked in the document) instead of an error.
///
/// # Errors
/// Every problem found, with its location.
pub fn load_with(input: &Path, allow_missing: bool) -> Result<Loaded, Diagnostics> {
    load_checked(input, allow_missing, false)
}

/// [`load_with`]; with `needs_date`, a document without a date is an error.
fn load_checked(input: &Path, allow_missing: bool, needs_date: bool) -> Result<Loaded, Diagnostics> {
    // An input is never an output, whatever the readers note themselves.
    output::note_read(input);
    let (raw, mut diags) = load::load(input)?;
    let common = match &raw {
        RawInput::Plan(p) => Some(p),
        RawInput::FollowUp(f) => Some(&f.common),
        RawInput::Report(r) => Some(&r.common),
        // A deck's date is checked where it is laid out.
        RawInput::Deck(_) => None,
    };
    if needs_date && common.is_some_and(|c| c.meta("datum").is_none()) {
        diags.push(missing_date(input));
    }
    let summary = match &raw {
        RawInput::Plan(plan) => crate::load::files::missing_summary(plan),
        RawInput::FollowUp(f) => crate::load::files::missing_units_summary(f),
        _ => None,
    };
    if let Some(summary) = summary {
        let at = Some(Origin::File(input.to_path_buf()));
        diags.push(if allow_missing {
            Diagnostic::warning(summary, at).with_hint("dokumentet byggs utan dem; luckan markeras i dokumentet")
        } else {
            Diagnostic::error(summary, at)
                .with_hint("lämna in de saknade filerna, eller bygg ändå med --tillat-saknade")
        });
    }
    // Warnings from reading come first, then what validation found.
    let checked = match &raw {
        RawInput::Plan(p) => validate(p).map(|c| (Document::Plan(c.plan), c.warnings)),
        RawInput::FollowUp(f) => validate_followup(f).map(|c| (Document::FollowUp(c.followup), c.warnings)),
        RawInput::Report(r) => validate_report(r).map(|c| (Document::Report(c.report), c.warnings)),
        RawInput::Deck(d) => validate_deck(d).map(|c| (Document::Deck(c.deck), c.warnings)),
    };
    match checked {
        // Errors found while reading (a workbook's formula errors) still fail
        // the build, reported together with what validation found.
        Ok((_, warnings)) if diags.has_errors() => {
            diags.extend(warnings);
            Err(diags)
        }
        Ok((document, warnings)) => {
            diags.extend(warnings);
            Ok(Loaded { document, warnings: diags })
        }
        Err(errors) => {
            diags.extend(errors);
            Err(diags)
        }
    }
}

/// Reads and checks a plan.
///
/// # Errors
/// Every problem found, with its location; an input of another kind.
pub fn load_plan(input: &Path) -> Result<Checked, Diagnostics> {
    let loaded = load(input)?;
    match loaded.document {
        Document::Plan(plan) => Ok(Checked { plan, warnings: loaded.warnings }),
        _ => Err(crate::load::one(Diagnostic::error(
            "filen är inte en kompetensförsörjningsplan",
            Some(Origin::File(input.to_path_buf())),
        ))),
    }
}

/// Reads and checks a follow-up.
///
/// # Errors
/// Every problem found, with its location; an input of another kind.
pub fn load_followup(input: &Path) -> Result<CheckedFollowUp, Diagnostics> {
    let loaded = load(input)?;
    match loaded.document {
        Document::FollowUp(followup) => Ok(CheckedFollowUp { followup, warnings: loaded.warnings }),
        _ => Err(crate::load::one(
            Diagnostic::error("filen är inte en uppföljning", Some(Origin::File(input.to_path_buf())))
                .with_hint("ange typ = \"uppfoljning\" under [dokument]"),
        )),
    }
}

/// Reads and checks an interim report.
///
/// # Errors
/// Every problem found, with its location; an input of another kind.
pub fn load_report(input: &Path) -> Result<CheckedReport, Diagnostics> {
    let loaded = load(input)?;
    match loaded.document {
        Document::Report(report) => Ok(CheckedReport { report, warnings: loaded.warnings }),
        _ => Err(crate::load::one(
            Diagnostic::error("filen är inte en delårsrapport", Some(Origin::File(input.to_path_buf())))
                .with_hint("ange typ = \"delarsrapport\" under [dokument]"),
        )),
    }
}

/// `planrapport check`: a one-line summary and the warnings.
///
/// # Errors
/// As [`load`].
pub fn check(input: &Path) -> Result<(String, Diagnostics), Diagnostics> {
    // As `bygg` with its default PDF/A profile, which needs a date.
    let loaded = load_for(input, false, Some(PdfProfile::default()))?;
    // A slide whose content cannot fit even alone is found only by laying
    // the deck out: the check does what the build does (built-in templates).
    if let Document::Deck(deck) = &loaded.document {
        deck_pdf(deck, &Templates::built_in(), input, PdfProfile::default())?;
    }
    let summary = summary(input, &loaded);
    Ok((summary, loaded.warnings))
}

/// The one-line summary `kontrollera` prints for a checked document.
pub fn summary(input: &Path, loaded: &Loaded) -> String {
    match &loaded.document {
        Document::Plan(plan) => {
            let tables = plan.departments.iter().filter(|d| d.row_count() > 0).count();
            format!(
                "{}: inga fel. {} kapitel, {} avdelningar ({} med handlingsplan), {} rader, {} varningar.",
                input.display(),
                plan.chapters.len()
                    + plan.departments.iter().filter(|d| !d.sections.is_empty() || !d.text.is_empty()).count(),
                plan.departments.len(),
                tables,
                plan.row_count(),
                loaded.warnings.items.len(),
            )
        }
        Document::FollowUp(f) => {
            // A follow-up of indicators only says nothing about activities.
            let indicators = f.indicators().count();
            let activities = if f.counts.total > 0 || indicators == 0 {
                format!(
                    ", {} aktiviteter ({} genomförda, {} försenade)",
                    f.counts.total, f.counts.done, f.counts.overdue
                )
            } else {
                String::new()
            };
            let indicators = if indicators > 0 { format!(", {indicators} indikatorer") } else { String::new() };
            format!(
                "{}: inga fel. Uppföljning per {}: {} uppdrag, {} perspektiv{activities}{indicators}, {} varningar.",
                input.display(),
                f.as_of_long,
                f.assignments.as_ref().map_or(0, |a| a.rows.len()),
                f.perspectives.len(),
                loaded.warnings.items.len(),
            )
        }
        Document::Deck(d) => format!(
            "{}: inga fel. Bildspel med {} bilder, {} varningar.",
            input.display(),
            d.slides.len(),
            loaded.warnings.items.len(),
        ),
        Document::Report(r) => format!(
            "{}: inga fel. {}: {} faser, {} insatser{}, {} målvärden, {} varningar.",
            input.display(),
            r.label,
            r.phases.len(),
            r.initiatives().filter(|i| !i.goal_only).count(),
            match r.initiatives().filter(|i| i.goal_only).count() {
                0 => String::new(),
                n => format!(", {n} mål med bara indikatorer"),
            },
            r.initiatives().flat_map(|i| &i.indicators).map(|i| i.years.len()).sum::<usize>(),
            loaded.warnings.items.len(),
        ),
    }
}

#[derive(Serialize)]
struct DateParts {
    year: i32,
    month: u32,
    day: u32,
}

#[derive(Serialize)]
struct PlanContext<'a> {
    plan: &'a Plan,
    doc: &'a DocumentMeta,
    date: Option<DateParts>,
    tables: bool,
    missing: bool,
}

#[derive(Serialize)]
struct DeckContext<'a> {
    d: &'a Deck,
    doc: &'a DocumentMeta,
    date: Option<DateParts>,
}

#[derive(Serialize)]
struct ReportContext<'a> {
    r: &'a Report,
    doc: &'a DocumentMeta,
    date: Option<DateParts>,
}

#[derive(Serialize)]
struct FollowUpContext<'a> {
    f: &'a FollowUp,
    doc: &'a DocumentMeta,
    date: Option<DateParts>,
}

/// The day of `SOURCE_DATE_EPOCH` (seconds since 1970, UTC), if set.
pub fn source_date() -> Option<NaiveDate> {
    let secs: i64 = std::env::var("SOURCE_DATE_EPOCH").ok()?.trim().parse().ok()?;
    chrono::DateTime::from_timestamp(secs, 0).map(|t| t.date_naive())
}

/// The document date: the data's `datum`, else `SOURCE_DATE_EPOCH`, else none
/// (never the clock, so builds are reproducible).
pub fn document_date(meta: &DocumentMeta) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(&meta.date, "%Y-%m-%d").ok().or_else(source_date)
}

fn date_parts(meta: &DocumentMeta) -> Option<DateParts> {
    use chrono::Datelike;
    document_date(meta).map(|d| DateParts { year: d.year(), month: d.month(), day: d.day() })
}

/// Generates the Typst source of a document.
///
/// # Errors
/// Template errors, located in the template.
pub fn typst_source(document: &Document, templates: &Templates) -> Result<String, Diagnostics> {
    match document {
        Document::Plan(plan) => {
            let ctx = PlanContext {
                plan,
                doc: &plan.meta,
                date: date_parts(&plan.meta),
                tables: plan.row_count() > 0,
                missing: plan.departments.iter().any(|d| d.missing.is_some()),
            };
            render(templates, "plan.typ.j2", &ctx)
        }
        Document::FollowUp(f) => {
            let ctx = FollowUpContext { f, doc: &f.meta, date: date_parts(&f.meta) };
            render(templates, "uppfoljning.typ.j2", &ctx)
        }
        Document::Report(r) => {
            let ctx = ReportContext { r, doc: &r.meta, date: date_parts(&r.meta) };
            render(templates, "delarsrapport.typ.j2", &ctx)
        }
        Document::Deck(d) => {
            let ctx = DeckContext { d, doc: &d.meta, date: date_parts(&d.meta) };
            render(templates, "bildspel.typ.j2", &ctx)
        }
    }
}

/// The Excel workbook of a document (a deck has none).
///
/// # Errors
/// What `rust_xlsxwriter` reports.
pub fn workbook(document: &Document) -> Option<Result<Vec<u8>, rust_xlsxwriter::XlsxError>> {
    let bytes = match document {
        Document::Plan(plan) => export::xlsx::workbook(plan, document_date(&plan.meta)),
        Document::FollowUp(f) => export::followup::workbook(f, document_date(&f.meta)),
        Document::Report(r) => export::report::workbook(r, document_date(&r.meta)),
        Document::Deck(_) => return None,
    };
    // Rows as tall as their wrapped text, and the document date in the
    // print header.
    Some(bytes.map(export::print::finish))
}

/// The slide deck generated from a document (`--bildspel`).
pub fn deck_of(document: &Document) -> Deck {
    match document {
        Document::Plan(p) => deck_from_plan(p),
        Document::FollowUp(f) => deck_from_followup(f),
        Document::Report(r) => deck_from_report(r),
        Document::Deck(d) => d.clone(),
    }
}

/// Typesets generated Typst `source` of a plan to PDF bytes; images are read
/// from the folder of `source_file`, the input.
///
/// # Errors
/// A missing document date under PDF/A, and typesetting errors.
pub fn pdf(
    meta: &DocumentMeta,
    source: &str,
    templates: &Templates,
    source_file: &Path,
    profile: PdfProfile,
) -> Result<Vec<u8>, Diagnostics> {
    pdf_with_pages(meta, source, templates, source_file, profile).map(|(bytes, _)| bytes)
}

/// As [`pdf`], and the laid-out pages (for a preview).
///
/// # Errors
/// As [`pdf`].
pub fn pdf_with_pages(
    meta: &DocumentMeta,
    source: &str,
    templates: &Templates,
    source_file: &Path,
    profile: PdfProfile,
) -> Result<(Vec<u8>, crate::typeset::PagedDocument), Diagnostics> {
    let job = job(meta, source, templates, source_file, profile);
    if job.date.is_none() && profile.is_archival() {
        return Err(crate::load::one(missing_date(source_file)));
    }
    crate::typeset::typeset_with_pages(&job)
}

/// Lays out generated Typst `source` without making a PDF (a preview).
///
/// # Errors
/// Typesetting errors.
pub fn layout(
    meta: &DocumentMeta,
    source: &str,
    templates: &Templates,
    source_file: &Path,
) -> Result<crate::typeset::PagedDocument, Diagnostics> {
    crate::typeset::layout(&job(meta, source, templates, source_file, PdfProfile::None))
}

/// What to typeset: the generated source, the layout library, images from
/// the folder of `source_file` (the input), the document date.
fn job<'a>(
    meta: &DocumentMeta,
    source: &str,
    templates: &Templates,
    source_file: &'a Path,
    profile: PdfProfile,
) -> Job<'a> {
    let assets = source_file.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let library = templates.get("lib.typ").unwrap_or_default().to_string();
    Job { main: source.to_string(), library, assets, date: document_date(meta), profile }
}

/// Lays out generated Typst `source` and lists every text item's box on
/// its page (to check that nothing lies outside a page).
///
/// # Errors
/// Typesetting errors.
pub fn text_boxes(
    meta: &DocumentMeta,
    source: &str,
    templates: &Templates,
    source_file: &Path,
) -> Result<Vec<crate::typeset::TextBox>, Diagnostics> {
    crate::typeset::text_boxes(&job(meta, source, templates, source_file, PdfProfile::None))
}

fn output_stem(input: &Path) -> String {
    input.file_stem().and_then(|s| s.to_str()).unwrap_or("plan").to_string()
}

/// Typesets a deck, moving content of any slide that overflows its page to
/// a continuation slide and typesetting again, until every slide fits.
/// Returns the final source and the PDF.
///
/// # Errors
/// A slide whose single item cannot fit, and typesetting errors.
pub fn deck_pdf(
    deck: &Deck,
    templates: &Templates,
    source_file: &Path,
    profile: PdfProfile,
) -> Result<(String, Vec<u8>), Diagnostics> {
    let mut deck = deck.clone();
    loop {
        let document = Document::Deck(deck.clone());
        let source = typst_source(&document, templates)?;
        match pdf(&deck.meta, &source, templates, source_file, profile) {
            Ok(bytes) => return Ok((source, bytes)),
            Err(errors) => {
                let overflow = errors.items.iter().find_map(|d| {
                    let text = d.to_string();
                    let i = text.find("planrapport-overflow:")?;
                    text[i + "planrapport-overflow:".len()..]
                        .chars()
                        .take_while(char::is_ascii_digit)
                        .collect::<String>()
                        .parse::<usize>()
                        .ok()
                });
                let Some(index) = overflow else { return Err(errors) };
                if !crate::model::deck::split_slide(&mut deck.slides, index) {
                    let title = deck.slides.get(index).map_or("", |s| s.title.as_str());
                    return Err(crate::load::one(
                        Diagnostic::error(
                            format!("bild {} (\"{title}\") rymmer inte sitt innehåll", index + 1),
                            Some(Origin::File(source_file.to_path_buf())),
                        )
                        .with_hint("korta texten, eller dela den i flera stycken eller punkter som kan flyttas till en fortsättningsbild"),
                    ));
                }
            }
        }
    }
}

/// `planrapport build`: PDF and Excel for every input into the output
/// folder, all or nothing: when any input has a problem, nothing is written
/// (except the `--emit-typst` source, which is what one needs to debug).
///
/// # Errors
/// Every input problem of every input, or the first
/// template/typesetting/writing problem.
pub fn build(args: &BuildArgs) -> Result<(Vec<PathBuf>, Diagnostics), Diagnostics> {
    if args.emit_typst.is_some() && args.inputs.len() > 1 {
        return Err(crate::load::one(
            Diagnostic::error("--emit-typst kan bara användas med en indatafil", None)
                .with_hint("bygg filerna en i taget när du vill se Typst-källkoden"),
        ));
    }
    // A commit a killed run left is completed before anything is read.
    for dir in std::iter::once(args.output.as_path())
        .chain(args.inputs.iter().chain(&args.previous).map(|p| p.parent().unwrap_or(Path::new(""))))
    {
        output::finish_interrupted(if dir.as_os_str().is_empty() { Path::new(".") } else { dir })?;
    }
    let templates = match &args.templates {
        Some(dir) => Templates::from_dir(dir)?,
        None => Templates::built_in(),
    };
    let mut files: Vec<(PathBuf, Vec<u8>)> = Vec::new();
    let mut warnings = Diagnostics::default();
    let mut errors = Diagnostics::default();
    for (input, result) in args.inputs.iter().zip(build_each(args, &templates)) {
        match result {
            Ok((out, w)) => {
                warnings.extend(w);
                // Outputs of one input that clash (`--emit-typst` onto its
                // PDF) are found when writing.
                let others = files.len();
                for (path, bytes) in out {
                    if files[..others].iter().any(|(p, _)| *p == path) {
                        errors.push(
                            Diagnostic::error(
                                format!("två indatafiler skulle skriva samma fil {}", path.display()),
                                Some(Origin::File(input.clone())),
                            )
                            .with_hint("ge indatafilerna olika namn, eller bygg dem en i taget till olika mappar (-o)"),
                        );
                    } else {
                        files.push((path, bytes));
                    }
                }
            }
            Err(e) => errors.extend(e),
        }
    }
    if errors.has_errors() {
        warnings.extend(errors);
        return Err(warnings);
    }
    output::write_all(&files, Existing::Replace)?;
    Ok((files.into_iter().map(|(p, _)| p).collect(), warnings))
}

/// One input's outputs and warnings, or its errors.
type Built = Result<(Files, Diagnostics), Diagnostics>;

/// Builds every input, on as many threads as there are cores (at most one
/// per input), and returns the results in the inputs' order, so that the
/// outputs and messages are the same as one at a time. With several inputs
/// and a terminal, a progress line on stderr counts the finished ones.
fn build_each(args: &BuildArgs, templates: &Templates) -> Vec<Built> {
    use std::io::{IsTerminal as _, Write as _};
    use std::sync::atomic::{AtomicUsize, Ordering};
    let n = args.inputs.len();
    let workers = std::thread::available_parallelism().map_or(1, std::num::NonZero::get).min(n);
    if workers <= 1 {
        return args.inputs.iter().map(|input| build_one(args, input, templates)).collect();
    }
    let progress = std::io::stderr().is_terminal();
    let (next, done) = (AtomicUsize::new(0), AtomicUsize::new(0));
    let results: Vec<std::sync::Mutex<Option<Built>>> = (0..n).map(|_| std::sync::Mutex::new(None)).collect();
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::SeqCst);
                    let Some(input) = args.inputs.get(i) else { break };
                    let result = build_one(args, input, templates);
                    *results[i].lock().unwrap_or_else(std::sync::PoisonError::into_inner) = Some(result);
                    let finished = done.fetch_add(1, Ordering::SeqCst) + 1;
                    if progress {
                        let mut err = std::io::stderr().lock();
                        let _ = write!(err, "\rbygger: {finished} av {n} filer klara");
                        let _ = err.flush();
                    }
                }
            });
        }
    });
    if progress {
        eprint!("\r{}\r", " ".repeat(40));
    }
    results
        .into_iter()
        .map(|r| {
            r.into_inner()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .expect("every input was built: the workers take each index once")
        })
        .collect()
}

/// Marks what changed since the previous report (`--previous`).
fn compare_with_previous(loaded: &mut Loaded, previous: &Path) -> Result<(), Diagnostics> {
    let Document::Report(current) = &mut loaded.document else {
        loaded.warnings.push(Diagnostic::warning(
            "--previous gäller bara delårsrapporter och används inte här",
            Some(Origin::File(previous.to_path_buf())),
        ));
        return Ok(());
    };
    let before = load_report(previous)?;
    mark_changes(current, &before.report);
    // A text that says changes are marked in yellow is right now.
    if !current.changes.is_empty() {
        loaded.warnings.items.retain(|d| !d.message.starts_with(crate::validate::MARKS_PROMISED));
    }
    Ok(())
}

/// `planrapport konvertera IN UT`: the document in the other format; an
/// existing `UT` is an error.
///
/// # Errors
/// As [`convert_with`].
pub fn convert(input: &Path, output: &Path) -> Result<Diagnostics, Diagnostics> {
    convert_with(input, output, Existing::Refuse)
}

/// `planrapport konvertera [--skriv-over] IN UT`.
///
/// # Errors
/// Input problems, an unknown output format, an output that is the input
/// (or, unless `existing` is [`Existing::Replace`], exists), writing
/// problems.
pub fn convert_with(input: &Path, output: &Path, existing: Existing) -> Result<Diagnostics, Diagnostics> {
    let loaded = load(input)?;
    let ext = output.extension().and_then(|e| e.to_str()).unwrap_or("").to_lowercase();
    let at = Some(Origin::File(output.to_path_buf()));
    if output::same_file(input, output) {
        return Err(crate::load::one(
            Diagnostic::error("indata och utdata är samma fil", at).with_hint("ange ett annat filnamn för utdata"),
        ));
    }
    let bytes = match ext.as_str() {
        "toml" => match &loaded.document {
            Document::Plan(p) => export::toml_out::plan(p),
            Document::FollowUp(f) => export::toml_out::followup(f),
            Document::Report(r) => export::toml_out::report(r),
            Document::Deck(d) => export::toml_out::deck(d),
        }
        .into_bytes(),
        "xlsx" => {
            let result = match &loaded.document {
                Document::Deck(d) => export::deck::workbook(d, document_date(&d.meta)),
                other => workbook(other).unwrap_or_else(|| Ok(Vec::new())),
            };
            result.map_err(|e| {
                crate::load::one(Diagnostic::error(format!("Excel-filen kunde inte skapas: {e}"), at.clone()))
            })?
        }
        _ => {
            return Err(crate::load::one(
                Diagnostic::error(format!("okänt utdataformat \".{ext}\""), at)
                    .with_hint("skriv till en .toml- eller en .xlsx-fil"),
            ));
        }
    };
    output::write_all(&[(output.to_path_buf(), bytes)], existing)?;
    Ok(loaded.warnings)
}

/// Files to write: path and content.
type Files = Vec<(PathBuf, Vec<u8>)>;

/// One input's files (PDF, xlsx, and the Typst source if asked for), not
/// yet written.
fn build_one(args: &BuildArgs, input: &Path, templates: &Templates) -> Result<(Files, Diagnostics), Diagnostics> {
    let profile = (!args.bara_excel).then_some(args.pdf_standard);
    let mut loaded = load_for(input, args.allow_missing, profile)?;
    if let Some(previous) = &args.previous {
        compare_with_previous(&mut loaded, previous)?;
    }
    let document = &loaded.document;
    let stem = output_stem(input);
    let mut files: Vec<(PathBuf, Vec<u8>)> = Vec::new();
    let source =
        if args.bara_excel && args.emit_typst.is_none() { None } else { Some(typst_source(document, templates)?) };
    // The workbook is built on a second thread while Typst sets the PDF.
    let (pdf_result, xlsx_result) = std::thread::scope(|scope| {
        let xlsx = scope.spawn(|| if args.bara_pdf { None } else { workbook(document) });
        let pdf = source.as_deref().filter(|_| !args.bara_excel).map(|source| match document {
            Document::Deck(deck) => deck_pdf(deck, templates, input, args.pdf_standard).map(|(_, bytes)| bytes),
            _ => pdf(document.meta(), source, templates, input, args.pdf_standard),
        });
        (pdf, xlsx.join())
    });
    if let (Some(path), Some(source)) = (&args.emit_typst, &source) {
        files.push((path.clone(), source.clone().into_bytes()));
    }
    match pdf_result {
        Some(Ok(bytes)) => files.push((args.output.join(format!("{stem}.pdf")), bytes)),
        // The generated source is what one needs to see when typesetting fails.
        Some(Err(errors)) => {
            output::write_all(&files, Existing::Replace)?;
            return Err(errors);
        }
        None => {}
    }
    // The generated deck, beside the document.
    if args.bildspel && !matches!(document, Document::Deck(_)) {
        let (_, bytes) = deck_pdf(&deck_of(document), templates, input, args.pdf_standard)?;
        files.push((args.output.join(format!("{stem}-bildspel.pdf")), bytes));
    }
    let xlsx_result = xlsx_result.unwrap_or_else(|panic| std::panic::resume_unwind(panic));
    if let Some(result) = xlsx_result {
        let bytes = result.map_err(|e| {
            crate::load::one(Diagnostic::error(
                format!("Excel-filen kunde inte skapas: {e}"),
                Some(Origin::File(args.output.clone())),
            ))
        })?;
        let target = args.output.join(format!("{stem}.xlsx"));
        // The committee workbook rebuilt from output/ (or `-o .` beside
        // it): the PDF is built from it, and the user's own edits stay theirs.
        if output::same_file(&target, input) {
            loaded.warnings.push(
                Diagnostic::warning(
                    "arbetsboken skrivs inte över: den är indata till den här körningen",
                    Some(Origin::File(target)),
                )
                .with_hint("PDF:en byggdes från arbetsboken och dina ändringar i den finns kvar; vill du ha en ny arbetsbok från planrapport, bygg till en annan mapp med -o"),
            );
        } else {
            files.push((target, bytes));
        }
    }
    Ok((files, loaded.warnings))
}
