//! The `planrapport` command: parse arguments, run the pipeline, print
//! problems in Swedish and exit with 0 (done), 1 (bad input), 2 (usage) or
//! 3 (an internal error: a bug, caught and reported in Swedish, never a
//! Rust backtrace).

use std::process::ExitCode;
use std::sync::Mutex;

use clap::Parser;
use planrapport::cli::{Cli, Command};
use planrapport::diag::Diagnostics;
use planrapport::output::Existing;
use planrapport::pipeline;

fn print(diags: &Diagnostics) {
    for d in &diags.items {
        eprintln!("{d}\n");
    }
}

fn run(cli: &Cli) -> ExitCode {
    let result = match &cli.command {
        Command::Check(args) => {
            // Every input is checked, and every problem printed, before the exit code is decided.
            let mut errors = Diagnostics::default();
            for input in &args.inputs {
                match pipeline::check(input) {
                    Ok((summary, warnings)) => {
                        print(&warnings);
                        println!("{summary}");
                    }
                    Err(e) => errors.extend(e),
                }
            }
            if errors.has_errors() { Err(errors) } else { Ok(()) }
        }
        Command::Template(args) => {
            planrapport::project::write_template(args.kind, &args.file, Existing::replace_if(args.skriv_over)).map(
                |path| {
                    println!("skrev {}", path.display());
                },
            )
        }
        Command::Convert(args) => {
            pipeline::convert_with(&args.input, &args.output, Existing::replace_if(args.skriv_over)).map(|warnings| {
                print(&warnings);
                println!("skrev {}", args.output.display());
            })
        }
        Command::New(args) => {
            planrapport::project::new_project(args.kind, &args.dir, Existing::replace_if(args.skriv_over)).map(
                |written| {
                    for path in written {
                        println!("skrev {}", path.display());
                    }
                },
            )
        }
        Command::Build(args) if args.watch => planrapport::watch::watch(args),
        Command::Serve(args) => planrapport::web::serve(args),
        Command::Build(args) => pipeline::build(args).map(|(written, warnings)| {
            print(&warnings);
            for path in written {
                println!("skrev {}", path.display());
            }
        }),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(diags) => {
            print(&diags);
            let n = diags.error_count();
            eprintln!("{n} fel; inget skrevs.");
            ExitCode::from(1)
        }
    }
}

/// Where the last panic happened (`file:line`), recorded by the panic hook.
static PANIC_AT: Mutex<Option<String>> = Mutex::new(None);

/// The exit code of an internal error.
const INTERNAL_ERROR: u8 = 3;

/// Runs the command; a panic anywhere in it (a bug: no input may cause one)
/// is caught and reported as an internal error, in Swedish, with where in
/// the code it happened so that it can be reported. The default hook's
/// English message and backtrace are not printed. (An allocation failure
/// aborts and cannot be caught; the size limits keep every input far from one.)
fn main() -> ExitCode {
    planrapport::typeset::steady_allocator();
    std::panic::set_hook(Box::new(|info| {
        if let (Some(l), Ok(mut at)) = (info.location(), PANIC_AT.lock()) {
            *at = Some(format!("{}:{}", l.file(), l.line()));
        }
    }));
    if let Ok(code) = std::panic::catch_unwind(parse_and_run) {
        return code;
    }
    let at = PANIC_AT.lock().ok().and_then(|a| a.clone()).unwrap_or_else(|| "okänd plats".to_string());
    eprintln!(
        "fel: internt fel i planrapport ({at})\n  tips: det här är ett fel i programmet, inte i dina indata; rapportera det, med indatafilen och kommandot du körde, till den som förvaltar planrapport hos er"
    );
    ExitCode::from(INTERNAL_ERROR)
}

fn parse_and_run() -> ExitCode {
    // For the tests of the internal-error report: a bug on demand.
    assert!(
        std::env::var_os("PLANRAPPORT_TEST_INTERNT_FEL").is_none(),
        "internal error requested by PLANRAPPORT_TEST_INTERNT_FEL"
    );
    match Cli::try_parse() {
        Ok(cli) => run(&cli),
        Err(e) if e.use_stderr() => {
            eprint!("{}", planrapport::cli::swedish_error(&e));
            ExitCode::from(2)
        }
        Err(e) => {
            // --help and --version.
            let _ = e.print();
            ExitCode::SUCCESS
        }
    }
}
