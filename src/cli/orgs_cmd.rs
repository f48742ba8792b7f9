//! `saraban orgs import`: the directory of offices from a CSV file.

use super::{open, DbArgs, Failure};
use crate::clock::Clock;
use crate::services::orgs;
use crate::services::orgs::admin_units;
use clap::Subcommand;
use std::path::PathBuf;

#[derive(Debug, Subcommand)]
pub enum OrgsCommand {
    /// Upsert offices by code from a CSV file: code,name,kind,parent_code,letter_code,email[,phone],
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

pub fn run(args: &DbArgs, cmd: OrgsCommand, clock: &Clock) -> Result<(), Failure> {
    match cmd {
        OrgsCommand::Import {
            file,
            format,
            under,
        } => {
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
                orgs::import::parse_rows(&data)?
            };
            let db = open(args)?;
            let now = clock.now();
            let bar = indicatif::ProgressBar::new((rows.len() * 2) as u64);
            bar.set_style(
                indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} {msg}")
                    .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
            );
            let counts = db.write_blocking(|c| {
                orgs::import::import_rows(c, &rows, now, &mut |done, _| {
                    if done % 100 == 0 {
                        bar.set_position(done as u64);
                    }
                })
            })?;
            bar.finish_and_clear();
            println!("{}", counts.summary());
            Ok(())
        }
    }
}
