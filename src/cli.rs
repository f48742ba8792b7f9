//! The command line: `serve`, `worker`, `migrate`, `orgs import`, `users create`, `notices`.

use crate::clock::Clock;
use crate::config::Settings;
use crate::db::{DatabaseUrl, Db, DbOptions};
use crate::error::AppError;
use crate::outbox::cli::{MailArgs, NoticesCommand};
use crate::services::{demo, import_orgs, users};
use crate::startup::Application;
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
        /// Do not send e-mail from this process (run `saraban worker` elsewhere).
        #[arg(long)]
        no_worker: bool,
        /// `off` is the same as --no-worker.
        #[arg(long, env = "SARABAN_WORKER", default_value = "on", value_parser = ["on", "off"])]
        worker: String,
        #[command(flatten)]
        mail: MailArgs,
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
    /// The directory of offices.
    #[command(subcommand)]
    Orgs(OrgsCommand),
    /// Users and their API tokens.
    #[command(subcommand)]
    Users(UsersCommand),
}

#[derive(Debug, Subcommand)]
pub enum OrgsCommand {
    /// Upsert offices by code from a CSV file: code,name,kind,parent_code,letter_code,email
    Import { file: PathBuf },
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
}

/// What a command failure means for the exit status.
pub enum Failure {
    /// A setting is wrong: exit status 2.
    Usage(String),
    /// The command ran and failed: exit status 1.
    Failed(AppError),
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
        Command::Serve {
            bind,
            demo,
            workers,
            no_worker,
            worker,
            mail,
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
            settings.mail = mail.settings(!no_worker && worker == "on");
            let app = Application::with_db(settings, db, clock)?;
            println!(
                "saraban: http://127.0.0.1:{}/ (API /api/v1, OpenAPI /api/openapi.json)",
                app.port()
            );
            app.run_until_stopped()
                .await
                .map_err(|e| Failure::Failed(AppError::Internal(e.to_string())))
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
        Command::Orgs(OrgsCommand::Import { file }) => {
            let data = std::fs::read(&file)
                .map_err(|e| Failure::Usage(format!("cannot read {}: {e}", file.display())))?;
            let db = open(&cli.db)?;
            let now = clock.now();
            let counts = db.write_blocking(|c| import_orgs::import(c, &data, now))?;
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
    }
}

fn print_demo(db: &Db, clock: &Clock) -> Result<(), Failure> {
    let now = clock.now();
    match db.write_blocking(|c| demo::load(c, now))? {
        None => println!("demo: the database already has offices; nothing loaded"),
        Some(users) => {
            println!(
                "demo: loaded OPDC's letter นร ๑๒๐๗/๕๐๙ and its receipt ๔๗๒๐ at Prachinburi's hall"
            );
            println!("demo users (name, role, office, API token):");
            for u in users {
                println!("  {}\t{}\t{}\t{}", u.name, u.role, u.office, u.token);
            }
        }
    }
    Ok(())
}
