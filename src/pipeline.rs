//! The stages in order: load → validate → render → typeset / export →
//! write. Each document kind is a model, a template and a sheet layout; the
//! pipeline around them is shared.

use std::path::{Path, PathBuf};

use crate::cli::BuildArgs;
use crate::diag::{Diagnostic, Diagnostics, Origin};
use crate::kinds::bildspel::model::Deck;
pub use crate::kinds::{Document, Loaded, load, load_for, load_with};
use crate::model::DocumentMeta;
pub use crate::model::document::{document_date, source_date};
use crate::output;
use crate::output::Existing;
use crate::render::{Templates, render};
use crate::typeset::{Job, PdfProfile};

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
    loaded.document.summary(input, loaded.warnings.items.len())
}

fn date_parts(meta: &DocumentMeta) -> Option<crate::kinds::DateParts> {
    use chrono::Datelike;
    document_date(meta).map(|d| crate::kinds::DateParts { year: d.year(), month: d.month(), day: d.day() })
}

/// Generates the Typst source of a document.
///
/// # Errors
/// Template errors, located in the template.
pub fn typst_source(document: &Document, templates: &Templates) -> Result<String, Diagnostics> {
    let (template, context) = document.context(date_parts(document.meta()));
    render(templates, template, &context)
}

/// The Excel workbook of a document (a deck has none).
///
/// # Errors
/// What `rust_xlsxwriter` reports.
pub fn workbook(document: &Document) -> Option<Result<Vec<u8>, rust_xlsxwriter::XlsxError>> {
    document.workbook(document_date(document.meta()))
}

/// The slide deck generated from a document (`--bildspel`).
pub fn deck_of(document: &Document) -> Deck {
    document.deck()
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
        return Err(crate::diag::one(crate::validate::missing_date(source_file)));
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
                // "planrapport-overflow:INDEX:FITS": the slide, and how much
                // of its content fits (per mille).
                let overflow = errors.items.iter().find_map(|d| {
                    let text = d.to_string();
                    let i = text.find("planrapport-overflow:")?;
                    let mut numbers = text[i + "planrapport-overflow:".len()..]
                        .split(|c: char| !c.is_ascii_digit())
                        .take(2)
                        .map(|n| n.parse::<usize>().ok());
                    Some((numbers.next()??, numbers.next().flatten().unwrap_or(500)))
                });
                let Some((index, fits)) = overflow else { return Err(errors) };
                if !crate::kinds::bildspel::model::split_slide(&mut deck.slides, index, fits) {
                    let title = deck.slides.get(index).map_or("", |s| s.title.as_str());
                    return Err(crate::diag::one(
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
        return Err(crate::diag::one(
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
        return args
            .inputs
            .iter()
            .map(|input| {
                let built = build_one(args, input, templates);
                if n > 1 {
                    crate::typeset::after_batch_document(1);
                }
                built
            })
            .collect();
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
                    crate::typeset::after_batch_document(workers);
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

/// Marks what changed since the previous document of the same kind
/// (`--previous`, an interim report's).
fn compare_with_previous(loaded: &mut Loaded, previous: &Path) -> Result<(), Diagnostics> {
    let kind = loaded.document.kind();
    if !kind.info().keeps_changes {
        loaded.warnings.push(Diagnostic::warning(
            "--previous gäller bara delårsrapporter och används inte här",
            Some(Origin::File(previous.to_path_buf())),
        ));
        return Ok(());
    }
    let before = crate::kinds::load_of_kind(previous, kind)?;
    loaded.document.mark_changes(&before.document, &mut loaded.warnings);
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
        return Err(crate::diag::one(
            Diagnostic::error("indata och utdata är samma fil", at).with_hint("ange ett annat filnamn för utdata"),
        ));
    }
    let bytes = match ext.as_str() {
        "toml" => loaded.document.toml().into_bytes(),
        "xlsx" => loaded.document.convert_workbook(document_date(loaded.document.meta())).map_err(|e| {
            crate::diag::one(Diagnostic::error(format!("Excel-filen kunde inte skapas: {e}"), at.clone()))
        })?,
        _ => {
            return Err(crate::diag::one(
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
            crate::diag::one(Diagnostic::error(
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
