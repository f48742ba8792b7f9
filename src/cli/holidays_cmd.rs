//! `saraban holidays`: the working-day calendar's public holidays.

use super::{open, DbArgs, Failure};
use crate::clock::Clock;
use crate::services::holidays;
use clap::Subcommand;
use std::path::PathBuf;

#[derive(Debug, Subcommand)]
pub enum HolidaysCommand {
    /// Add or rename holidays from a CSV file `date,name` (ISO dates; `#` lines are comments,
    /// for the official source of the list).
    Import { file: PathBuf },
    /// Print a Buddhist-Era year's holidays, one `date<TAB>Thai date<TAB>name` a line.
    List {
        #[arg(long)]
        year: i64,
    },
}

pub fn run(args: &DbArgs, cmd: HolidaysCommand, clock: &Clock) -> Result<(), Failure> {
    let db = open(args)?;
    match cmd {
        HolidaysCommand::Import { file } => {
            let data = std::fs::read(&file)
                .map_err(|e| Failure::Usage(format!("cannot read {}: {e}", file.display())))?;
            let now = clock.now();
            let counts = db.write_blocking(|c| holidays::import(c, &data, now))?;
            println!(
                "added {}, renamed {}, unchanged {}",
                counts.added, counts.renamed, counts.unchanged
            );
        }
        HolidaysCommand::List { year } => {
            for h in db.read_blocking(|c| holidays::list(c, year))? {
                println!("{}\t{}\t{}", h.date, h.date_th, h.name);
            }
        }
    }
    Ok(())
}
