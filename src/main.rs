fn main() -> std::process::ExitCode {
    jiedai::cli::main()
}
