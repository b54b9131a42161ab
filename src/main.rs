//! The `zonage` command line: everything lives in the library; this file only
//! hands the process exit code back to the shell.

fn main() -> std::process::ExitCode {
    zonage::cli::run()
}
