//! The command line: `serve`, `migrate`, `orgs import`, `users create`, `parse`, `intake`,
//! `files verify`, `backup`, `restore`, `bench`.
//! The command line: `serve`, `worker`, `migrate`, `orgs import`, `users create`, `notices`.

use crate::clock::Clock;
use crate::config::Settings;
use crate::db::{DatabaseUrl, Db, DbOptions};
use crate::error::AppError;
use crate::outbox::cli::{MailArgs, NoticesCommand};
use crate::services::{admin_units, demo, import_orgs, users};
use crate::startup::Application;

mod parse_cmd;
mod security_cmd;
use clap::{Args, Parser, Subcommand};
use std::io::Read;
use std::path::PathBuf;
use std::time::Duration;

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
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the HTTP service.
    Serve {
        /// HOST:PORT to listen on.
        #[arg(long, env = "SARABAN_BIND", default_value = "127.0.0.1:8080")]
        bind: String,
        /// Load the seed letter chain and demo users into an empty database.
        #[arg(long)]
        demo: bool,
        /// HTTP worker threads.
        #[arg(long, env = "SARABAN_WORKERS", default_value_t = 2)]
        workers: usize,
        /// Largest letter file accepted, in megabytes.
        #[arg(long, env = "SARABAN_MAX_FILE_MB", default_value_t = 20)]
        max_file_mb: u64,
        /// Do not send e-mail from this process (run `saraban worker` elsewhere).
        #[arg(long)]
        no_worker: bool,
        /// `off` is the same as --no-worker.
        #[arg(long, env = "SARABAN_WORKER", default_value = "on", value_parser = ["on", "off"])]
        worker: String,
        #[command(flatten)]
        mail: MailArgs,
        /// Seconds an Idempotency-Key answer is replayed (default 24 h).
        #[arg(long, env = "SARABAN_IDEMPOTENCY_TTL", default_value_t = 86_400)]
        idempotency_ttl: u64,
    },
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
    Bench {
        /// Backends to measure.
        #[arg(long, value_delimiter = ',', default_value = "sqlite,postgres")]
        backends: Vec<String>,
        /// A PostgreSQL server where the bench creates (and drops) a database of its own.
        #[arg(
            long,
            env = "SARABAN_BENCH_POSTGRES_URL",
            default_value = "postgres://postgres@127.0.0.1:5432/postgres"
        )]
        postgres_url: String,
        #[arg(long, default_value_t = 32)]
        clients: usize,
        #[arg(long, default_value_t = 50)]
        offices: usize,
        #[arg(long, default_value_t = 5000)]
        receipts: usize,
        #[arg(long, default_value_t = 50)]
        tree_requests: usize,
        /// Letters loaded for the search benchmark (0 skips it).
        #[arg(long, default_value_t = 1_000_000)]
        search_letters: usize,
        #[arg(long, default_value_t = 10)]
        search_rounds: usize,
        /// Notices sent to a local SMTP server for P5 (0 skips it).
        #[arg(long, default_value_t = 2000)]
        mails: usize,
    },
    /// The directory of offices.
    #[command(subcommand)]
    Orgs(OrgsCommand),
    /// Users and their API tokens.
    #[command(subcommand)]
    Users(UsersCommand),
    /// Print the parse of a letter number (default) or a Thai date as one line of JSON:
    /// `parse "ปจ ๐๐๑๗.๒/ว ๒๓๒๓"`, `parse number "…"`, `parse date "๕ พ.ค. ๖๙"`.
    #[command(arg_required_else_help = true)]
    Parse {
        /// `number` or `date` followed by the text, or the text of a letter number alone.
        #[arg(num_args = 1..=2)]
        args: Vec<String>,
    },
    /// Read register fields from a letter's text (a file, or - for standard input) as JSON.
    Intake { file: PathBuf },
    /// Letter files in the file store.
    #[command(subcommand)]
    Files(FilesCommand),
    /// The tamper-evident audit log.
    #[command(subcommand)]
    Audit(security_cmd::AuditCommand),
}

#[derive(Debug, Subcommand)]
pub enum FilesCommand {
    /// Re-hash every stored file; list missing or altered ones and exit 1 if there are any.
    Verify,
}

#[derive(Debug, Subcommand)]
pub enum OrgsCommand {
    /// Upsert offices by code from a CSV file: code,name,kind,parent_code,letter_code,email,
    /// or build the national directory from Thailand's administrative units.
    Import {
        file: PathBuf,
        /// `directory` or `th-admin-units`; recognised from the header when not given.
        #[arg(long, value_parser = ["directory", "th-admin-units"])]
        format: Option<String>,
        /// For th-admin-units: the code of the national office the provinces go under.
        #[arg(long)]
        under: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum UsersCommand {
    /// Create a user; prints its API token alone on the last line.
    Create {
        #[arg(long)]
        name: String,
        /// admin, clerk, head or viewer
        #[arg(long)]
        role: String,
        /// The user's office (every role but admin has one).
        #[arg(long)]
        org: Option<i64>,
        /// Read a password for the web sign-in from standard input.
        #[arg(long)]
        password_stdin: bool,
    },
    /// Refuse the user's tokens from now on (401); records stay.
    Disable {
        #[arg(long)]
        name: String,
    },
    /// Read a new password (at least 8 characters) from standard input.
    SetPassword {
        #[arg(long)]
        name: String,
    },
    /// Delete every API token of the user.
    RevokeTokens {
        #[arg(long)]
        name: String,
    },
}

/// What a command failure means for the exit status.
pub enum Failure {
    /// A setting is wrong: exit status 2.
    Usage(String),
    /// The command ran and failed: exit status 1.
    Failed(AppError),
    /// A check ran and found problems, already printed: exit status 1.
    CheckFailed(String),
}

impl From<AppError> for Failure {
    fn from(e: AppError) -> Self {
        Failure::Failed(e)
    }
}

fn db_options(args: &DbArgs) -> DbOptions {
    DbOptions {
        checkout_timeout: Duration::from_secs(args.db_timeout.max(1)),
        sqlite_synchronous: args.sqlite_synchronous.clone(),
        ..DbOptions::default()
    }
}

fn open(args: &DbArgs) -> Result<Db, Failure> {
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
        Command::Intake { file } => parse_cmd::intake(&file),
        Command::Audit(cmd) => security_cmd::audit(&open(&cli.db)?, cmd, &clock),
        Command::Serve {
            bind,
            demo,
            workers,
            max_file_mb,
            no_worker,
            worker,
            mail,
            idempotency_ttl,
        } => {
            let db = open(&cli.db)?;
            if demo {
                print_demo(&db, &clock)?;
            }
            let url = DatabaseUrl::parse(&cli.db.database_url)
                .map_err(|e| Failure::Usage(e.to_string()))?;
            let mut settings = Settings::new(url, bind);
            settings.db = db_options(&cli.db);
            settings.workers = workers;
            settings.files_dir = cli.files_dir.clone();
            settings.max_file_bytes = max_file_mb.saturating_mul(1024 * 1024);
            settings.mail = mail.settings(!no_worker && worker == "on");
            settings.secure_cookies = std::env::var("SARABAN_PUBLIC_URL")
                .is_ok_and(|u| u.trim().to_ascii_lowercase().starts_with("https://"));
            settings.idempotency_ttl = Duration::from_secs(idempotency_ttl.max(1));
            let app = Application::with_db(settings, db, clock)?;
            println!(
                "saraban: http://127.0.0.1:{}/ (API /api/v1, OpenAPI /api/openapi.json)",
                app.port()
            );
            app.run_until_stopped()
                .await
                .map_err(|e| Failure::Failed(AppError::Internal(e.to_string())))
        }
        Command::Bench {
            backends,
            postgres_url,
            clients,
            offices,
            receipts,
            tree_requests,
            search_letters,
            search_rounds,
            mails,
        } => {
            let opts = crate::bench::BenchOptions {
                backends,
                postgres_url,
                clients,
                offices,
                receipts,
                tree_requests,
                search_letters,
                search_rounds,
                mails,
            };
            Ok(crate::bench::run(opts).await?)
        }
        Command::Files(FilesCommand::Verify) => {
            let store = crate::storage::BlobStore::new(cli.files_dir.clone());
            let report = crate::storage::verify::verify(&open(&cli.db)?, &store)?;
            report.lines().iter().for_each(|line| println!("{line}"));
            report.outcome(&store).map_err(Failure::CheckFailed)
        }
        Command::Worker { mail } => {
            let db = open(&cli.db)?;
            Ok(crate::outbox::cli::run_worker(db, mail.settings(true)).await?)
        }
        Command::Notices(command) => {
            let db = open(&cli.db)?;
            Ok(crate::outbox::cli::notices(&db, command, &clock)?)
        }
        Command::Migrate => {
            open(&cli.db)?;
            println!("migrations are up to date");
            Ok(())
        }
        Command::Backup { file } => {
            let db = open(&cli.db)?;
            db.read_blocking(|c| crate::db::backup::sqlite_backup(c, &file))?;
            println!("backup written to {}", file.display());
            Ok(())
        }
        Command::Restore { file } => {
            let url = DatabaseUrl::parse(&cli.db.database_url)
                .map_err(|e| Failure::Usage(e.to_string()))?;
            let DatabaseUrl::Sqlite(path) = url else {
                return Err(Failure::Usage(
                    "restore is for SQLite; restore PostgreSQL with pg_restore (docs/reliability.md)".into(),
                ));
            };
            crate::db::backup::sqlite_restore(&file, &path)?;
            let db = open(&cli.db)?;
            let check = db.read_blocking(crate::db::backup::sqlite_integrity)?;
            println!(
                "restored {} from {} (integrity: {check})",
                path.display(),
                file.display()
            );
            Ok(())
        }
        Command::Orgs(OrgsCommand::Import {
            file,
            format,
            under,
        }) => {
            let data = std::fs::read(&file)
                .map_err(|e| Failure::Usage(format!("cannot read {}: {e}", file.display())))?;
            let admin_units = match format.as_deref() {
                Some(f) => f == "th-admin-units",
                None => admin_units::looks_like(&data),
            };
            let rows = if admin_units {
                let under = under.ok_or_else(|| {
                    Failure::Usage(
                        "--under CODE names the national office the provinces go under".into(),
                    )
                })?;
                admin_units::rows(&data, &under)?
            } else {
                import_orgs::parse_rows(&data)?
            };
            let db = open(&cli.db)?;
            let now = clock.now();
            let bar = indicatif::ProgressBar::new((rows.len() * 2) as u64);
            bar.set_style(
                indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} {msg}")
                    .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
            );
            let counts = db.write_blocking(|c| {
                import_orgs::import_rows(c, &rows, now, &mut |done, _| {
                    if done % 100 == 0 {
                        bar.set_position(done as u64);
                    }
                })
            })?;
            bar.finish_and_clear();
            println!(
                "created {}, updated {}, unchanged {}",
                counts.created, counts.updated, counts.unchanged
            );
            Ok(())
        }
        Command::Users(UsersCommand::Create {
            name,
            role,
            org,
            password_stdin,
        }) => {
            let password = if password_stdin {
                let mut text = String::new();
                std::io::stdin()
                    .read_to_string(&mut text)
                    .map_err(|e| Failure::Usage(format!("cannot read the password: {e}")))?;
                Some(text.trim_end_matches(['\r', '\n']).to_string())
            } else {
                None
            };
            let db = open(&cli.db)?;
            let now = clock.now();
            let created = db.write_blocking(|c| {
                users::create(
                    c,
                    &users::NewUser {
                        name: &name,
                        role: &role,
                        org_id: org,
                        password: password.as_deref(),
                    },
                    now,
                )
            })?;
            println!(
                "created user {} ({}) id {}",
                created.name, created.role, created.id
            );
            println!("{}", created.token);
            Ok(())
        }
        Command::Users(other) => security_cmd::users(&open(&cli.db)?, other, &clock),
    }
}

fn print_demo(db: &Db, clock: &Clock) -> Result<(), Failure> {
    let now = clock.now();
    match db.write_blocking(|c| demo::load(c, now))? {
        None => println!("demo: the database already has offices; nothing loaded"),
        Some(users) => {
            println!(
                "demo: loaded the seed chain: นร ๑๒๐๗/๕๐๙ (OPDC) → ๔๗๒๐, ๒๑๙๗, ๗๘๓ in Prachinburi → ปจ ๐๐๑๗.๒/ว ๒๓๒๓ → districts (๓๖๕๔ at อำเภอเมืองปราจีนบุรี) → local bodies"
            );
            println!("demo users (name, password, role, office, API token):");
            for u in users {
                println!(
                    "  {}\t{}\t{}\t{}\t{}",
                    u.name, u.password, u.role, u.office, u.token
                );
            }
            println!("sign in to the web pages at /login with a name and password above");
        }
    }
    Ok(())
}
