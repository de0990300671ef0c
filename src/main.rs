//! The `crm` binary: parse, dispatch, exit. Everything else is library code.

fn main() -> std::process::ExitCode {
    crm::cli::main()
}
