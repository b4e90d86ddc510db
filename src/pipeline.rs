//! The stages in order: load → validate → render → typeset / export →
//! write. Each document kind is a model, a template and a sheet layout; the
//! pipeline around them is shared.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::Serialize;

use crate::cli::BuildArgs;
use crate::diag::{Diagnostic, Diagnostics, Origin};
use crate::model::{DocumentMeta, Plan};
use crate::render::{Templates, render};
use crate::typeset::{Job, PdfProfile, typeset};
use crate::validate::{Checked, validate};
use crate::{export, load, output};

/// Reads and checks an input.
///
/// # Errors
/// Every problem found, with its location.
pub fn load_plan(input: &Path) -> Result<Checked, Diagnostics> {
    let (raw, mut diags) = load::load(input)?;
    // Warnings from reading come first, then what validation found.
    match validate(&raw) {
        Ok(mut checked) => {
            diags.extend(checked.warnings);
            checked.warnings = diags;
            Ok(checked)
        }
        Err(errors) => {
            diags.extend(errors);
            Err(diags)
        }
    }
}

/// `planrapport check`: a one-line summary and the warnings.
///
/// # Errors
/// As [`load_plan`].
pub fn check(input: &Path) -> Result<(String, Diagnostics), Diagnostics> {
    let checked = load_plan(input)?;
    let plan = &checked.plan;
    let tables = plan.departments.iter().filter(|d| d.row_count() > 0).count();
    let summary = format!(
        "{}: inga fel. {} kapitel, {} avdelningar ({} med handlingsplan), {} rader, {} varningar.",
        input.display(),
        plan.chapters.len() + plan.departments.iter().filter(|d| !d.sections.is_empty() || !d.text.is_empty()).count(),
        plan.departments.len(),
        tables,
        plan.row_count(),
        checked.warnings.items.len(),
    );
    Ok((summary, checked.warnings))
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
}

/// The document date: the data's `datum`, else `SOURCE_DATE_EPOCH`, else none
/// (never the clock, so builds are reproducible).
pub fn document_date(meta: &DocumentMeta) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(&meta.date, "%Y-%m-%d").ok().or_else(|| {
        let secs: i64 = std::env::var("SOURCE_DATE_EPOCH").ok()?.trim().parse().ok()?;
        chrono::DateTime::from_timestamp(secs, 0).map(|t| t.date_naive())
    })
}

/// Generates the Typst source of a plan.
///
/// # Errors
/// Template errors, located in the template.
pub fn typst_source(plan: &Plan, templates: &Templates) -> Result<String, Diagnostics> {
    use chrono::Datelike;
    let date = document_date(&plan.meta).map(|d| DateParts { year: d.year(), month: d.month(), day: d.day() });
    let ctx = PlanContext { plan, doc: &plan.meta, date, tables: plan.row_count() > 0 };
    render(templates, "plan.typ.j2", &ctx)
}

/// Typesets generated Typst `source` of a plan to PDF bytes; images are read
/// from the folder of `source_file`, the input.
///
/// # Errors
/// A missing document date under PDF/A, and typesetting errors.
pub fn pdf(
    plan: &Plan,
    source: &str,
    templates: &Templates,
    source_file: &Path,
    profile: PdfProfile,
) -> Result<Vec<u8>, Diagnostics> {
    let assets = source_file.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let date = document_date(&plan.meta);
    if date.is_none() && profile.is_archival() {
        return Err(crate::load::one(
            Diagnostic::error("dokumentet saknar datum, som PDF/A kräver", Some(Origin::File(source_file.to_path_buf())))
                .with_hint("ange datum = ÅÅÅÅ-MM-DD under [dokument] (eller raden Datum i bladet Dokument), sätt SOURCE_DATE_EPOCH, eller välj --pdf-standard ua1"),
        ));
    }
    let library = templates.get("lib.typ").unwrap_or_default().to_string();
    typeset(&Job { main: source.to_string(), library, assets, date, profile })
}

fn output_stem(input: &Path) -> String {
    input.file_stem().and_then(|s| s.to_str()).unwrap_or("plan").to_string()
}

/// `planrapport build`: PDF and Excel into the output folder, all or nothing.
///
/// # Errors
/// Every input problem, or the first template/typesetting/writing problem.
pub fn build(args: &BuildArgs) -> Result<(Vec<PathBuf>, Diagnostics), Diagnostics> {
    let checked = load_plan(&args.input)?;
    let templates = match &args.templates {
        Some(dir) => Templates::from_dir(dir)?,
        None => Templates::built_in(),
    };
    let plan = &checked.plan;
    let stem = output_stem(&args.input);
    let mut files: Vec<(PathBuf, Vec<u8>)> = Vec::new();
    let source =
        if args.bara_excel && args.emit_typst.is_none() { None } else { Some(typst_source(plan, &templates)?) };
    // The workbook is built on a second thread while Typst sets the PDF.
    let (pdf_result, xlsx_result) = std::thread::scope(|scope| {
        let xlsx = scope.spawn(|| (!args.bara_pdf).then(|| export::xlsx::workbook(plan, document_date(&plan.meta))));
        let pdf = source
            .as_deref()
            .filter(|_| !args.bara_excel)
            .map(|source| pdf(plan, source, &templates, &args.input, args.pdf_standard));
        (pdf, xlsx.join())
    });
    if let (Some(path), Some(source)) = (&args.emit_typst, &source) {
        files.push((path.clone(), source.clone().into_bytes()));
    }
    match pdf_result {
        Some(Ok(bytes)) => files.push((args.output.join(format!("{stem}.pdf")), bytes)),
        // The generated source is what one needs to see when typesetting fails.
        Some(Err(errors)) => {
            output::write_all(&files)?;
            return Err(errors);
        }
        None => {}
    }
    let xlsx_result = xlsx_result.unwrap_or_else(|panic| std::panic::resume_unwind(panic));
    if let Some(result) = xlsx_result {
        let bytes = result.map_err(|e| {
            crate::load::one(Diagnostic::error(
                format!("Excel-filen kunde inte skapas: {e}"),
                Some(Origin::File(args.output.clone())),
            ))
        })?;
        files.push((args.output.join(format!("{stem}.xlsx")), bytes));
    }
    output::write_all(&files)?;
    Ok((files.into_iter().map(|(p, _)| p).collect(), checked.warnings))
}
