//! `otpsim` — the command line: a console on a simulated cluster.
//!
//! ```text
//! otpsim console [--seed N]     read lines from stdin, print one result per line
//! otpsim eval 'EXPR' [--seed N] evaluate one line and print its result
//! ```

#[cfg(not(target_arch = "wasm32"))]
mod cli {
    use clap::{Parser, Subcommand};
    use otpsim::console::{Console, Output};
    use std::io::{BufRead, IsTerminal, Write};

    /// An Erlang/OTP cluster simulation you can type at.
    #[derive(Parser)]
    #[command(name = "otpsim", version, about)]
    struct Cli {
        #[command(subcommand)]
        command: Command,
    }

    #[derive(Subcommand)]
    enum Command {
        /// Read console lines from stdin and print each result.
        Console {
            /// Seed of the world's random number generator.
            #[arg(long, default_value_t = 0)]
            seed: u64,
        },
        /// Evaluate one line and print its result.
        Eval {
            /// The line, e.g. 'Fleet.start_users(1..3)'.
            expr: String,
            /// Seed of the world's random number generator.
            #[arg(long, default_value_t = 0)]
            seed: u64,
        },
    }

    fn print(out: &mut impl Write, output: &Output, full: bool) -> std::io::Result<()> {
        for line in &output.printed {
            writeln!(out, "{line}")?;
        }
        writeln!(out, "{}", if full { &output.full } else { &output.text })
    }

    /// Runs the CLI; the exit code is 1 when `eval` fails.
    pub(crate) fn main() -> std::process::ExitCode {
        let cli = Cli::parse();
        let stdout = std::io::stdout();
        let mut out = stdout.lock();
        match cli.command {
            Command::Eval { expr, seed } => {
                let mut console = Console::new(seed);
                let output = console.eval_line(&expr);
                let _ = print(&mut out, &output, false);
                if output.ok {
                    std::process::ExitCode::SUCCESS
                } else {
                    std::process::ExitCode::FAILURE
                }
            }
            Command::Console { seed } => {
                let mut console = Console::new(seed);
                let interactive = std::io::stdin().is_terminal();
                let stdin = std::io::stdin();
                let mut reader = stdin.lock();
                let mut count = 1;
                let mut buf = Vec::new();
                let mut pending = String::new();
                loop {
                    if interactive {
                        let prompt = if pending.is_empty() { "iex" } else { "..." };
                        let _ = write!(out, "{prompt}({count})> ");
                        let _ = out.flush();
                    }
                    buf.clear();
                    // Read bytes, not a String: invalid UTF-8 is an error line, not a crash.
                    match reader.read_until(b'\n', &mut buf) {
                        Ok(0) => {
                            // End of input with an unfinished expression: report it.
                            if !pending.is_empty() {
                                let output = console.eval_line(&pending);
                                let _ = print(&mut out, &output, interactive);
                            }
                            break;
                        }
                        Ok(_) => {}
                        Err(e) => {
                            let _ = writeln!(out, "** (otpsim) cannot read input: {e}");
                            break;
                        }
                    }
                    let line = match std::str::from_utf8(&buf) {
                        Ok(text) => text.trim_end_matches(['\n', '\r']).to_string(),
                        Err(_) => {
                            let _ = writeln!(
                                out,
                                "** (SyntaxError) iex:{count}: invalid UTF-8 in input"
                            );
                            count += 1;
                            continue;
                        }
                    };
                    if line.trim().is_empty() && pending.is_empty() {
                        continue;
                    }
                    // An unfinished expression waits for the next line, as iex does.
                    pending.push_str(&line);
                    if Console::is_incomplete(&pending) && pending.len() < 64 * 1024 {
                        pending.push('\n');
                        continue;
                    }
                    let line = std::mem::take(&mut pending);
                    let output = console.eval_line(&line);
                    if print(&mut out, &output, interactive).is_err() {
                        break;
                    }
                    count += 1;
                }
                std::process::ExitCode::SUCCESS
            }
        }
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    cli::main()
}

#[cfg(target_arch = "wasm32")]
fn main() {}
