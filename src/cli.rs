//! The command line: the arguments and where each command goes. Each command group lives in
//! its own file under `cli/`: `serve`, `orgs`, `users`, `audit`, `files`/`backup`/`restore`,
//! `parse`/`intake`, `keys`/`peers`; `worker` and `notices` are in `cli::notices_cmd`, `bench`
//! in `bench`.

use crate::cli::notices_cmd::MailArgs;
use crate::cli::notices_cmd::NoticesCommand;
use crate::clock::Clock;
use crate::db::DatabaseUrl;
use crate::db::Db;
use crate::db::DbOptions;
use crate::error::AppError;
use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;
use std::time::Duration;

mod audit_cmd;
mod exchange_cmd;
mod holidays_cmd;
mod intake_eval_cmd;
mod notices_cmd;
mod ocr_args;
mod orgs_cmd;
mod parse_cmd;
mod serve_cmd;
mod store_cmd;
mod users_cmd;

#[derive(Debug, Parser)]
#[command(
    name = "saraban",
    version,
    about = "ระบบติดตามหนังสือราชการ — Thai official correspondence tracker"
)]
pub struct Cli {
    #[command(flatten)]
    pub db: DbArgs,
    /// Where letter files are stored (content-addressed by SHA-256).
    #[arg(
        long,
        global = true,
        env = "SARABAN_FILES_DIR",
        default_value = "files"
    )]
    pub files_dir: PathBuf,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Args)]
pub struct DbArgs {
    /// sqlite://PATH (embedded default) or postgres://USER@HOST/DB
    #[arg(
        long,
        global = true,
        env = "SARABAN_DATABASE_URL",
        default_value = "sqlite://saraban.db"
    )]
    pub database_url: String,
    /// Seconds a request waits for a database connection before answering 503.
    #[arg(long, global = true, env = "SARABAN_DB_TIMEOUT", default_value_t = 3)]
    pub db_timeout: u64,
    /// SQLite durability: NORMAL (survives a process crash) or FULL (also power loss).
    #[arg(long, global = true, env = "SARABAN_SQLITE_SYNCHRONOUS", default_value = "NORMAL",
        value_parser = ["NORMAL", "FULL"])]
    pub sqlite_synchronous: String,
    /// Connections to the database in this process: PostgreSQL's pool; SQLite's readers (at
    /// most 8; it has one writer besides).
    #[arg(long, global = true, env = "SARABAN_DB_CONNECTIONS", default_value_t = 10,
        value_parser = clap::value_parser!(u32).range(1..=200))]
    pub db_connections: u32,
    /// PostgreSQL: group-commit writers in this process (each holds a connection of the pool
    /// while it commits a batch). SQLite always has one.
    #[arg(long, global = true, env = "SARABAN_DB_WRITERS", default_value_t = 2,
        value_parser = clap::value_parser!(u32).range(1..=32))]
    pub db_writers: u32,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the HTTP service.
    Serve(Box<serve_cmd::ServeArgs>),
    /// Send e-mail notices from the outbox until interrupted (several may run at once).
    Worker {
        #[command(flatten)]
        mail: MailArgs,
    },
    /// E-mail notices: list them, send failed ones again.
    #[command(subcommand)]
    Notices(NoticesCommand),
    /// Run pending database migrations and exit.
    Migrate,
    /// Write a consistent copy of the SQLite database to FILE while the service runs.
    Backup { file: PathBuf },
    /// Replace the SQLite database with a backup FILE (stop the service first).
    Restore { file: PathBuf },
    /// Measure throughput and latency on fresh databases (see docs/performance.md).
    Bench(crate::bench::BenchOptions),
    /// The directory of offices.
    #[command(subcommand)]
    Orgs(orgs_cmd::OrgsCommand),
    /// The working-day calendar's public holidays.
    #[command(subcommand)]
    Holidays(holidays_cmd::HolidaysCommand),
    /// Users and their API tokens.
    #[command(subcommand)]
    Users(users_cmd::UsersCommand),
    /// Print the parse of a letter number (default) or a Thai date as one line of JSON:
    /// `parse "ปจ ๐๐๑๗.๒/ว ๒๓๒๓"`, `parse number "…"`, `parse date "๕ พ.ค. ๖๙"`.
    #[command(arg_required_else_help = true)]
    Parse {
        /// `number` or `date` followed by the text, or the text of a letter number alone.
        #[arg(num_args = 1..=2)]
        args: Vec<String>,
    },
    /// Read register fields from a letter as JSON: a PDF (text layer, or OCR), a PNG or JPEG
    /// picture (OCR), or a text file (- for standard input).
    Intake {
        file: PathBuf,
        #[command(flatten)]
        ocr: ocr_args::OcrArgs,
    },
    /// Measure intake on a folder of letters: DIR/expected.tsv (file, number, dated, urgency,
    /// addressee, subject, from) and the files it names; the share of exact fields per kind of
    /// file and the OCR time per page.
    IntakeEval {
        dir: PathBuf,
        /// Print one JSON object instead of a table.
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        ocr: ocr_args::OcrArgs,
    },
    /// Letter files in the file store.
    #[command(subcommand)]
    Files(store_cmd::FilesCommand),
    /// The tamper-evident audit log.
    #[command(subcommand)]
    Audit(audit_cmd::AuditCommand),
    /// This instance's exchange key (Ed25519): make it, show it.
    #[command(subcommand)]
    Keys(exchange_cmd::KeysCommand),
    /// Peer instances to exchange letters with: add, list, sync their offices.
    #[command(subcommand)]
    Peers(exchange_cmd::PeersCommand),
}

/// What a command failure means for the exit status.
pub enum Failure {
    /// A setting is wrong: exit status 2.
    Usage(String),
    /// The command ran and failed: exit status 1.
    Failed(AppError),
    /// A check ran and found problems, already printed: exit status 1.
    CheckFailed(String),
    /// A program the command needs is missing (e.g. Tesseract): exit status 3.
    Unavailable(String),
}

impl From<AppError> for Failure {
    fn from(e: AppError) -> Self {
        match e {
            AppError::Unavailable503 {
                code: "ocr_unavailable",
                message,
                ..
            } => Failure::Unavailable(message),
            other => Failure::Failed(other),
        }
    }
}

pub(crate) fn db_options(args: &DbArgs) -> DbOptions {
    DbOptions {
        checkout_timeout: Duration::from_secs(args.db_timeout.max(1)),
        sqlite_synchronous: args.sqlite_synchronous.clone(),
        max_connections: args.db_connections.max(args.db_writers + 1),
        writers: usize::try_from(args.db_writers).unwrap_or(2),
        ..DbOptions::default()
    }
}

pub(crate) fn open(args: &DbArgs) -> Result<Db, Failure> {
    let url = DatabaseUrl::parse(&args.database_url).map_err(|e| Failure::Usage(e.to_string()))?;
    if let DatabaseUrl::Sqlite(_) = url {
        tracing::info!(path = %url.describe(), "using SQLite database file");
    }
    Ok(Db::connect(url, &db_options(args))?)
}

pub async fn run(cli: Cli) -> Result<(), Failure> {
    let clock = Clock::System;
    match cli.command {
        Command::Parse { args } => parse_cmd::run(&args),
        Command::Intake { file, ocr } => parse_cmd::intake(&file, &ocr.settings()),
        Command::IntakeEval { dir, json, ocr } => intake_eval_cmd::run(&dir, json, &ocr.settings()),
        Command::Audit(cmd) => audit_cmd::audit(&open(&cli.db)?, cmd, &clock),
        Command::Worker { mail } => {
            let db = open(&cli.db)?;
            let files = cli.files_dir.clone();
            Ok(crate::cli::notices_cmd::run_worker(db, mail.settings(true), files).await?)
        }
        Command::Notices(command) => {
            let db = open(&cli.db)?;
            Ok(crate::cli::notices_cmd::notices(&db, command, &clock)?)
        }
        Command::Migrate => {
            open(&cli.db)?;
            println!("migrations are up to date");
            Ok(())
        }
        Command::Serve(args) => serve_cmd::run(&cli.db, &cli.files_dir, &args, clock).await,
        Command::Bench(opts) => Ok(crate::bench::run(opts).await?),
        Command::Files(cmd) => store_cmd::files(&cli.db, &cli.files_dir, cmd),
        Command::Backup { file } => store_cmd::backup(&open(&cli.db)?, &file),
        Command::Restore { file } => store_cmd::restore(&cli.db, &file),
        Command::Orgs(cmd) => orgs_cmd::run(&cli.db, cmd, &clock),
        Command::Holidays(cmd) => holidays_cmd::run(&cli.db, cmd, &clock),
        Command::Users(cmd) => users_cmd::run(&cli.db, cmd, &clock),
        Command::Keys(cmd) => exchange_cmd::keys(&cli.db, cmd, &clock),
        Command::Peers(cmd) => exchange_cmd::peers(&cli.db, cmd, &clock).await,
    }
}
