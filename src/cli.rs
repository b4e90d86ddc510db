//! Command-line arguments (clap derive). The `///` on each field is its
//! `--help` text, in Swedish; clap's own headings and flags are replaced
//! with Swedish ones.

use std::path::PathBuf;

use clap::{ArgAction, Args, Parser, Subcommand};

use crate::typeset::PdfProfile;

/// The help of a `TYP` argument: the registered kinds' names.
fn kind_help() -> String {
    let names: Vec<&str> = crate::kinds::ALL.iter().map(|k| k.info().name).collect();
    match names.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("Dokumenttyp: {} eller {last}", rest.join(", ")),
        _ => format!("Dokumenttyp: {}", names.join("")),
    }
}

const HELP_TEMPLATE: &str = "{about-with-newline}\nAnvändning: {usage}\n\n{all-args}{after-help}";

/// planrapport gör kompetensförsörjningsplaner, uppföljningar, delårsrapporter
/// och bildspel som PDF och Excel från data i TOML eller Excel.
#[derive(Debug, Parser)]
#[command(
    name = "planrapport",
    version,
    disable_help_subcommand = true,
    disable_help_flag = true,
    disable_version_flag = true
)]
#[command(help_template = HELP_TEMPLATE, subcommand_help_heading = "Kommandon", subcommand_value_name = "KOMMANDO")]
#[command(
    after_help = "\nExempel:\n  planrapport bygg data/hagersten-alvsjo.toml data/leanlink-uppfoljning.toml\n  planrapport kontrollera plan.xlsx\n  planrapport mall plan avdelning.xlsx\n  planrapport ny uppfoljning min-uppfoljning\n  planrapport konvertera plan.toml plan.xlsx\n  planrapport webb"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,

    /// Visar hjälpen.
    #[arg(short = 'h', long = "help", action = ArgAction::Help, global = true, help_heading = "Flaggor")]
    help: Option<bool>,

    /// Visar versionen.
    #[arg(short = 'V', long = "version", action = ArgAction::Version, help_heading = "Flaggor")]
    version: Option<bool>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Bygger dokumentet: skriver PDF och Excel.
    #[command(visible_alias = "bygg", help_template = HELP_TEMPLATE, override_usage = "planrapport bygg [FLAGGOR] <INDATA>...")]
    Build(BuildArgs),
    /// Kontrollerar indata utan att skriva något.
    #[command(visible_alias = "kontrollera", help_template = HELP_TEMPLATE, override_usage = "planrapport kontrollera <INDATA>...")]
    Check(CheckArgs),
    /// Skriver en tom Excel-mall att fylla i för en dokumenttyp.
    #[command(visible_alias = "mall", help_template = HELP_TEMPLATE, override_usage = "planrapport mall [--skriv-over] <TYP> <FIL.xlsx>")]
    Template(TemplateArgs),
    /// Konverterar mellan TOML och Excel (.xlsx) för alla dokumenttyper.
    #[command(visible_alias = "konvertera", help_template = HELP_TEMPLATE, override_usage = "planrapport konvertera [--skriv-over] <INDATA> <UTDATA>")]
    Convert(ConvertArgs),
    /// Skapar ett nytt projekt: en mapp med projektfil, mall och instruktioner.
    #[command(visible_alias = "ny", help_template = HELP_TEMPLATE, override_usage = "planrapport ny [--skriv-over] <TYP> <MAPP>")]
    New(NewArgs),
    /// Startar en lokal webbsida: välj filer, se fel och förhandsvisning, ladda ner PDF och Excel.
    #[command(visible_alias = "webb", help_template = HELP_TEMPLATE, override_usage = "planrapport webb [FLAGGOR] [MAPP]")]
    Serve(ServeArgs),
}

#[derive(Debug, Args)]
#[command(next_help_heading = "Flaggor")]
pub struct ServeArgs {
    /// En projektmapp att följa: sidan byggs om när en fil i mappen sparas, och avdelningar kan lämna in sina filer.
    #[arg(value_name = "MAPP", help_heading = "Argument")]
    pub dir: Option<PathBuf>,
    /// Porten att lyssna på (standard: 8470, eller en ledig port om den är upptagen).
    #[arg(long, value_name = "PORT")]
    pub port: Option<u16>,
    /// Adressen att lyssna på (standard: 127.0.0.1, bara den här datorn). 0.0.0.0 når hela nätverket och kräver en åtkomstkod, som skrivs ut vid start.
    #[arg(
        long = "adress",
        visible_alias = "address",
        value_name = "ADRESS",
        default_value = "127.0.0.1",
        hide_default_value = true
    )]
    pub address: std::net::IpAddr,
    /// Öppnar inte webbläsaren.
    #[arg(long = "ingen-webblasare", visible_alias = "no-browser")]
    pub no_browser: bool,
}

#[derive(Debug, Args)]
pub struct TemplateArgs {
    #[arg(value_name = "TYP", help_heading = "Argument", hide_possible_values = true, help = kind_help())]
    pub kind: crate::kinds::Kind,
    /// Arbetsboken att skriva (.xlsx).
    #[arg(value_name = "FIL", help_heading = "Argument")]
    pub file: PathBuf,
    /// Ersätter en fil som redan finns (annars vägrar kommandot).
    #[arg(long = "skriv-over", visible_alias = "overwrite", help_heading = "Flaggor")]
    pub skriv_over: bool,
}

#[derive(Debug, Args)]
pub struct ConvertArgs {
    /// Filen att läsa: .toml, .xlsx eller .ods.
    #[arg(value_name = "INDATA", help_heading = "Argument")]
    pub input: PathBuf,
    /// Filen att skriva: .toml eller .xlsx.
    #[arg(value_name = "UTDATA", help_heading = "Argument")]
    pub output: PathBuf,
    /// Ersätter en fil som redan finns (annars vägrar kommandot).
    #[arg(long = "skriv-over", visible_alias = "overwrite", help_heading = "Flaggor")]
    pub skriv_over: bool,
}

#[derive(Debug, Args)]
pub struct NewArgs {
    #[arg(value_name = "TYP", help_heading = "Argument", hide_possible_values = true, help = kind_help())]
    pub kind: crate::kinds::Kind,
    /// Mappen att skapa (får inte finnas eller ska vara tom).
    #[arg(value_name = "MAPP", help_heading = "Argument")]
    pub dir: PathBuf,
    /// Skriver i en mapp som inte är tom och ersätter projektets filer där (andra filer lämnas orörda).
    #[arg(long = "skriv-over", visible_alias = "overwrite", help_heading = "Flaggor")]
    pub skriv_over: bool,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// En eller flera indatafiler: .toml, .xlsx eller .ods.
    #[arg(value_name = "INDATA", help_heading = "Argument", required = true, num_args = 1..)]
    pub inputs: Vec<PathBuf>,
}

#[derive(Debug, Args)]
#[command(next_help_heading = "Flaggor")]
#[allow(clippy::struct_excessive_bools)] // command-line flags
pub struct BuildArgs {
    /// En eller flera indatafiler: .toml, .xlsx eller .ods. Varje fil blir en PDF och en Excel-fil med samma namn.
    #[arg(value_name = "INDATA", help_heading = "Argument", required = true, num_args = 1..)]
    pub inputs: Vec<PathBuf>,

    /// Delårsrapport: den föregående rapportens indata (till exempel DR1); det som är nytt eller ändrat markeras.
    #[arg(long = "previous", visible_alias = "foregaende", value_name = "FIL")]
    pub previous: Option<PathBuf>,

    /// Bygger planen även när avdelningsfiler saknas; luckan markeras i dokumentet.
    #[arg(long = "tillat-saknade", visible_alias = "allow-missing")]
    pub allow_missing: bool,

    /// Skriver även ett bildspel (16:9) av dokumentet: NAMN-bildspel.pdf.
    #[arg(long = "bildspel", visible_alias = "slides")]
    pub bildspel: bool,

    /// Mapp att skriva PDF och Excel i (standard: output).
    #[arg(short = 'o', long = "output", value_name = "MAPP", default_value = "output", hide_default_value = true)]
    pub output: PathBuf,

    /// Skriver även den genererade Typst-källkoden till FIL (för felsökning).
    #[arg(long, value_name = "FIL")]
    pub emit_typst: Option<PathBuf>,

    /// Använder mallarna i MAPP i stället för de inbyggda.
    #[arg(long, value_name = "MAPP")]
    pub templates: Option<PathBuf>,

    /// PDF-standard: a2a-ua1 (arkiv och tillgänglighet, standard), a2b (arkiv), ua1 (tillgänglighet) eller ingen.
    #[arg(
        long,
        value_name = "STANDARD",
        default_value = "a2a-ua1",
        hide_default_value = true,
        hide_possible_values = true
    )]
    pub pdf_standard: PdfProfile,

    /// Skriver bara PDF (ingen Excel).
    #[arg(long, conflicts_with = "bara_excel")]
    pub bara_pdf: bool,

    /// Skriver bara Excel (ingen PDF).
    #[arg(long)]
    pub bara_excel: bool,

    /// Bygger om varje gång en indatafil sparas och skriver vad som ändrades och hur lång tid det tog (avsluta med Ctrl+C).
    #[arg(long = "bevaka", visible_alias = "watch")]
    pub watch: bool,
}

/// A clap error in Swedish (clap's own messages are English only).
pub fn swedish_error(e: &clap::Error) -> String {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    let ctx = |k: ContextKind| match e.get(k) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(v)) => v.join(", "),
        Some(other) => other.to_string(),
        None => String::new(),
    };
    let message = match e.kind() {
        ErrorKind::MissingRequiredArgument => format!("argument saknas: {}", ctx(ContextKind::InvalidArg)),
        ErrorKind::UnknownArgument => format!("okänd flagga eller okänt argument: {}", ctx(ContextKind::InvalidArg)),
        ErrorKind::InvalidSubcommand => format!("okänt kommando: {}", ctx(ContextKind::InvalidSubcommand)),
        ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            "ange ett kommando: bygg, kontrollera, mall, ny, konvertera eller webb".to_string()
        }
        ErrorKind::InvalidValue => format!(
            "ogiltigt värde \"{}\" för {}; möjliga värden: {}",
            ctx(ContextKind::InvalidValue),
            ctx(ContextKind::InvalidArg),
            ctx(ContextKind::ValidValue)
        ),
        // A value of the wrong form (`--port`, `--adress`).
        ErrorKind::ValueValidation => {
            let arg = ctx(ContextKind::InvalidArg);
            let form = if arg.starts_with("--port") {
                "; ange ett portnummer 1024–65535, eller 0 för en ledig port"
            } else if arg.starts_with("--adress") {
                "; ange en IP-adress, till exempel 127.0.0.1 (bara den här datorn) eller 0.0.0.0 (nätverket)"
            } else {
                ""
            };
            format!("ogiltigt värde \"{}\" för {arg}{form}", ctx(ContextKind::InvalidValue))
        }
        ErrorKind::ArgumentConflict => {
            format!("{} kan inte användas tillsammans med {}", ctx(ContextKind::InvalidArg), ctx(ContextKind::PriorArg))
        }
        ErrorKind::TooManyValues => format!("för många värden: {}", ctx(ContextKind::InvalidValue)),
        _ => e.to_string(),
    };
    let usage = ctx(ContextKind::Usage).replace("Usage:", "Användning:");
    let mut out = format!("fel: {message}\n");
    if !usage.is_empty() {
        out.push('\n');
        out.push_str(usage.trim());
        out.push('\n');
    }
    out.push_str("\nSkriv 'planrapport --help' för mer information.\n");
    out
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::*;

    #[test]
    fn cli_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn aliases_parse() {
        for name in ["build", "bygg"] {
            let cli = Cli::try_parse_from(["planrapport", name, "plan.toml", "-o", "ut"]).unwrap();
            assert!(matches!(cli.command, Command::Build(ref a) if a.output == std::path::Path::new("ut")));
        }
        assert!(matches!(
            Cli::try_parse_from(["planrapport", "kontrollera", "p.xlsx"]).unwrap().command,
            Command::Check(_)
        ));
    }

    #[test]
    fn errors_are_swedish() {
        let e = Cli::try_parse_from(["planrapport", "bygg"]).unwrap_err();
        let text = swedish_error(&e);
        assert!(text.starts_with("fel: argument saknas: <INDATA>"), "{text}");
        assert!(text.contains("Användning: planrapport"), "{text}");
    }
}
