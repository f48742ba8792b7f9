//! `saraban keys init|show` and `saraban peers add|list|sync`: this instance's exchange key
//! and the peer instances it trusts (docs/exchange.md).

use super::{open, DbArgs, Failure};
use crate::adapters::peer_client::PeerClient;
use crate::clock::Clock;
use crate::db::models::peer;
use crate::error::AppError;
use crate::services::exchange::{directory, envelope::Envelope, keys, peers};
use clap::Subcommand;
use std::time::Duration;

#[derive(Debug, Subcommand)]
pub enum KeysCommand {
    /// Make this instance's Ed25519 key pair (once); prints the public key on the last line.
    Init,
    /// Print the public key, alone on the last line.
    Show,
}

#[derive(Debug, Subcommand)]
pub enum PeersCommand {
    /// Trust another instance: its name, base URL (https, or http on loopback) and public key.
    Add {
        #[arg(long)]
        name: String,
        #[arg(long)]
        url: String,
        #[arg(long)]
        public_key: String,
    },
    /// One line per peer: name, URL, public key, number of offices (tab-separated).
    List,
    /// Import the offices a peer publishes, as offices hosted by that peer.
    Sync { name: String },
}

pub fn keys(args: &DbArgs, cmd: KeysCommand, clock: &Clock) -> Result<(), Failure> {
    let db = open(args)?;
    match cmd {
        KeysCommand::Init => {
            let now = clock.now();
            let public = db.write_blocking(|c| keys::init(c, now))?;
            println!("this instance's exchange key was made; give peers the public key:");
            println!("{public}");
        }
        KeysCommand::Show => match db.read_blocking(keys::public)? {
            Some(public) => println!("{public}"),
            None => {
                return Err(Failure::Failed(AppError::conflict(
                    "no_instance_key",
                    "this instance has no exchange key yet: run `saraban keys init`",
                )))
            }
        },
    }
    Ok(())
}

pub async fn peers(args: &DbArgs, cmd: PeersCommand, clock: &Clock) -> Result<(), Failure> {
    let db = open(args)?;
    let now = clock.now();
    match cmd {
        PeersCommand::Add {
            name,
            url,
            public_key,
        } => {
            db.write_blocking(|c| peers::add(c, &name, &url, &public_key, now))?;
            println!("peer {name} added");
        }
        PeersCommand::List => {
            for p in db.read_blocking(peers::list)? {
                println!("{}\t{}\t{}\t{}", p.name, p.url, p.public_key, p.offices);
            }
        }
        PeersCommand::Sync { name } => {
            let lookup = name.clone();
            let p = db
                .read_blocking(move |c| Ok(peer::by_name(c, &lookup)?))?
                .ok_or_else(|| Failure::Usage(format!("no peer is named {name}")))?;
            let client = PeerClient::new(Duration::from_secs(30)).map_err(Failure::CheckFailed)?;
            let raw = client
                .directory(&p.url)
                .await
                .map_err(Failure::CheckFailed)?;
            let env: Envelope = serde_json::from_value(raw).map_err(|e| {
                Failure::Failed(AppError::Malformed(format!("not a signed directory: {e}")))
            })?;
            let report = db.write_blocking(|c| directory::import(c, &p, &env, now))?;
            for line in &report.skipped {
                println!("skipped {line}");
            }
            println!("{}", report.summary());
        }
    }
    Ok(())
}
