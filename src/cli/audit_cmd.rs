//! `saraban audit verify`: check every chain of the audit log.

use super::Failure;
use crate::clock::Clock;
use crate::db::Db;
use crate::error::AppError;
use crate::services::audit::verify;
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
