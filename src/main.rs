//! The `planrapport` command: parse arguments, run the pipeline, print
//! problems in Swedish and exit with 0 (done), 1 (bad input) or 2 (usage).

use std::process::ExitCode;

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
            planrapport::project::write_template(args.kind.kind(), &args.file, Existing::replace_if(args.skriv_over))
                .map(|path| {
                    println!("skrev {}", path.display());
                })
        }
        Command::Convert(args) => {
            pipeline::convert_with(&args.input, &args.output, Existing::replace_if(args.skriv_over)).map(|warnings| {
                print(&warnings);
                println!("skrev {}", args.output.display());
            })
        }
        Command::New(args) => {
            planrapport::project::new_project(args.kind.kind(), &args.dir, Existing::replace_if(args.skriv_over)).map(
                |written| {
                    for path in written {
                        println!("skrev {}", path.display());
                    }
                },
            )
        }
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

fn main() -> ExitCode {
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
