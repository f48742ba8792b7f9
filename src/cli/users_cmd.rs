//! `saraban users create|disable|enable|set-password|revoke-tokens|new-token`.

use super::{open, DbArgs, Failure};
use crate::clock::Clock;
use crate::services::users;
use chrono::{DateTime, Utc};
use clap::Subcommand;
use std::io::Read;

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
    /// End the user's web sessions, delete its API tokens and refuse sign-in; records stay.
    Disable {
        #[arg(long)]
        name: String,
    },
    /// Let a disabled user sign in again (its old tokens stay deleted).
    Enable {
        #[arg(long)]
        name: String,
    },
    /// Read a new password (at least 8 characters) from standard input; ends the user's web
    /// sessions (its API tokens stay).
    SetPassword {
        #[arg(long)]
        name: String,
    },
    /// Delete every API token of the user and end its web sessions.
    RevokeTokens {
        #[arg(long)]
        name: String,
    },
    /// Issue a new API token to an enabled user; prints it alone on the last line.
    NewToken {
        #[arg(long)]
        name: String,
    },
}

pub fn run(args: &DbArgs, cmd: UsersCommand, clock: &Clock) -> Result<(), Failure> {
    use UsersCommand as U;
    let now = clock.now();
    match cmd {
        U::Create {
            name,
            role,
            org,
            password_stdin,
        } => create(args, &name, &role, org, password_stdin, now),
        U::Disable { name } => disable(args, &name, now),
        U::Enable { name } => enable(args, &name, now),
        U::RevokeTokens { name } => revoke_tokens(args, &name, now),
        U::NewToken { name } => new_token(args, &name, now),
        U::SetPassword { name } => set_password(args, &name, now),
    }
}

fn create(
    args: &DbArgs,
    name: &str,
    role: &str,
    org: Option<i64>,
    password_stdin: bool,
    now: DateTime<Utc>,
) -> Result<(), Failure> {
    let password = if password_stdin {
        Some(read_password()?)
    } else {
        None
    };
    let db = open(args)?;
    let created = db.write_blocking(|c| {
        users::accounts::create(
            c,
            &users::accounts::NewUser {
                name,
                role,
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

fn disable(args: &DbArgs, name: &str, now: DateTime<Utc>) -> Result<(), Failure> {
    let db = open(args)?;
    let view = db.write_blocking(|c| {
        let user = users::admin::find_by_name(c, name)?;
        users::admin::disable(c, None, user.id, now)
    })?;
    println!(
        "disabled user {name}: {} web session(s) ended, {} API token(s) revoked; sign-in refused",
        view.sessions_ended, view.tokens_revoked
    );
    Ok(())
}

fn enable(args: &DbArgs, name: &str, now: DateTime<Utc>) -> Result<(), Failure> {
    let db = open(args)?;
    db.write_blocking(|c| {
        let user = users::admin::find_by_name(c, name)?;
        users::admin::enable(c, None, user.id, now)
    })?;
    println!("enabled user {name}; it may sign in again");
    Ok(())
}

fn revoke_tokens(args: &DbArgs, name: &str, now: DateTime<Utc>) -> Result<(), Failure> {
    let db = open(args)?;
    let view = db.write_blocking(|c| {
        let user = users::admin::find_by_name(c, name)?;
        users::admin::revoke_tokens(c, None, user.id, now)
    })?;
    println!(
        "revoked {} tokens of {name}; {} web session(s) ended",
        view.revoked, view.sessions_ended
    );
    Ok(())
}

fn new_token(args: &DbArgs, name: &str, now: DateTime<Utc>) -> Result<(), Failure> {
    let db = open(args)?;
    let secret = db.write_blocking(|c| {
        let user = users::admin::find_by_name(c, name)?;
        users::admin::new_token(c, None, user.id, now)
    })?;
    println!("new API token of {name}:");
    println!("{secret}");
    Ok(())
}

fn set_password(args: &DbArgs, name: &str, now: DateTime<Utc>) -> Result<(), Failure> {
    let password = users::admin::hash_password(&read_password()?)?;
    let db = open(args)?;
    let view = db.write_blocking(|c| {
        let user = users::admin::find_by_name(c, name)?;
        users::admin::set_password(c, None, user.id, &password, now)
    })?;
    println!(
        "password of {name} set; {} web session(s) ended (API tokens stay)",
        view.sessions_ended
    );
    Ok(())
}

/// A password from standard input, without the line ending.
fn read_password() -> Result<String, Failure> {
    let mut text = String::new();
    std::io::stdin()
        .read_to_string(&mut text)
        .map_err(|e| Failure::Usage(format!("cannot read the password: {e}")))?;
    Ok(text.trim_end_matches(['\r', '\n']).to_string())
}
