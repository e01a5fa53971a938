//! The `akhbar` binary: a terminal explorer for corpora of Arabic news articles. Every view of
//! the explorer also has a headless subcommand with `--json`. The command line lives in the
//! library, in [`akhbar::cli`]; this file only starts it.

fn main() -> std::process::ExitCode {
    akhbar::cli::run()
}
