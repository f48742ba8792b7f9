//! `saraban audit …` and `saraban users disable|set-password|revoke-tokens`.

use super::Failure;
use crate::audit::verify;
use crate::clock::Clock;
use crate::db::Db;
use crate::error::AppError;
use clap::Subcommand;

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Check every chain; list broken links (chain, seq, kind) and exit 1 if there are any.
    Verify,
}

pub fn audit(db: &Db, cmd: AuditCommand, clock: &Clock) -> Result<(), Failure> {
    match cmd {
        AuditCommand::Verify => {
            let now = clock.now();
            let report = db.write_blocking(|c| verify::verify(c, now))?;
            for p in &report.problems {
                println!("{}\t{}\t{}", p.chain, p.seq, p.kind);
            }
            println!(
                "{} chains, {} entries, {} problems",
                report.chains,
                report.entries,
                report.problems.len()
            );
            if report.ok {
                Ok(())
            } else {
                Err(Failure::Failed(AppError::Internal(format!(
                    "the audit log has {} broken links",
                    report.problems.len()
                ))))
            }
        }
    }
}

/// `users disable|set-password|revoke-tokens` (`users create` is in `cli.rs`).
pub fn users(db: &Db, cmd: super::UsersCommand, clock: &Clock) -> Result<(), Failure> {
    use super::UsersCommand as U;
    use crate::services::user_admin;
    let now = clock.now();
    match cmd {
        U::Create { .. } => Err(Failure::Usage("users create is handled elsewhere".into())),
        U::Disable { name } => {
            db.write_blocking(|c| {
                let user = user_admin::find_by_name(c, &name)?;
                user_admin::disable(c, None, user.id, now)
            })?;
            println!("disabled user {name}; its tokens are refused from now on");
            Ok(())
        }
        U::RevokeTokens { name } => {
            let view = db.write_blocking(|c| {
                let user = user_admin::find_by_name(c, &name)?;
                user_admin::revoke_tokens(c, None, user.id, now)
            })?;
            println!("revoked {} tokens of {name}", view.revoked);
            Ok(())
        }
        U::SetPassword { name } => {
            let mut text = String::new();
            std::io::Read::read_to_string(&mut std::io::stdin(), &mut text)
                .map_err(|e| Failure::Usage(format!("cannot read the password: {e}")))?;
            let password = text.trim_end_matches(['\r', '\n']).to_string();
            db.write_blocking(|c| {
                let user = user_admin::find_by_name(c, &name)?;
                user_admin::set_password(c, None, user.id, &password, now)
            })?;
            println!("password of {name} set");
            Ok(())
        }
    }
}
