//! Command-line arguments (clap derive). The `///` on each field is its
//! `--help` text, in Swedish.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::typeset::PdfProfile;

/// planrapport gör kompetensförsörjningsplaner och uppföljningar som PDF och
/// Excel från data i TOML eller Excel.
#[derive(Debug, Parser)]
#[command(name = "planrapport", version, disable_help_subcommand = true)]
#[command(help_template = "{about}\n\nAnvändning: {usage}\n\n{all-args}")]
#[command(next_help_heading = "Flaggor")]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Bygger dokumentet: skriver PDF och Excel.
    #[command(visible_alias = "bygg")]
    Build(BuildArgs),
    /// Kontrollerar indata utan att skriva något.
    #[command(visible_alias = "kontrollera")]
    Check(CheckArgs),
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Indatafil: .toml, .xlsx eller .ods.
    #[arg(value_name = "INDATA")]
    pub input: PathBuf,
}

#[derive(Debug, Args)]
pub struct BuildArgs {
    /// Indatafil: .toml, .xlsx eller .ods.
    #[arg(value_name = "INDATA")]
    pub input: PathBuf,

    /// Mapp att skriva PDF och Excel i.
    #[arg(short = 'o', long = "output", value_name = "MAPP", default_value = "output")]
    pub output: PathBuf,

    /// Skriver även den genererade Typst-källkoden till FIL (för felsökning).
    #[arg(long, value_name = "FIL")]
    pub emit_typst: Option<PathBuf>,

    /// Använder mallarna i MAPP i stället för de inbyggda.
    #[arg(long, value_name = "MAPP")]
    pub templates: Option<PathBuf>,

    /// PDF-standard: a2a-ua1 (arkiv och tillgänglighet, standard), a2b, ua1 eller ingen.
    #[arg(long, value_name = "STANDARD", default_value = "a2a-ua1")]
    pub pdf_standard: PdfProfile,

    /// Skriver bara PDF (ingen Excel).
    #[arg(long, conflicts_with = "bara_excel")]
    pub bara_pdf: bool,

    /// Skriver bara Excel (ingen PDF).
    #[arg(long)]
    pub bara_excel: bool,
}
