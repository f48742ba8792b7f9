use clap::Parser;
use saraban::cli;
use saraban::cli::Cli;
use saraban::cli::Failure;
use std::process::ExitCode;

#[actix_web::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
        .init();
    match cli::run(Cli::parse()).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Usage(message)) => {
            eprintln!("saraban: {message}");
            ExitCode::from(2)
        }
        Err(Failure::CheckFailed(message)) => {
            eprintln!("saraban: {message}");
            ExitCode::from(1)
        }
        Err(Failure::Unavailable(message)) => {
            eprintln!("saraban: {message}");
            ExitCode::from(3)
        }
        Err(Failure::Failed(error)) => {
            eprintln!("saraban: {error}");
            ExitCode::from(1)
        }
    }
}
