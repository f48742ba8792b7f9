//! Peers: adding one (`saraban peers add`), listing them, and naming an office's peer.

use crate::adapters::signing;
use crate::db::models::{org, peer};
use crate::db::AnyConnection;
use crate::domain::validate;
use crate::error::AppError;
use crate::services::db_time;
use crate::services::views::OrgView;
use chrono::{DateTime, Utc};

/// A peer as `peers list` prints it.
pub struct PeerLine {
    pub name: String,
    pub url: String,
    pub public_key: String,
    pub offices: i64,
}

/// `https://` is required, except for a loopback host (tests, a peer on the same machine).
pub fn check_url(url: &str) -> Result<String, AppError> {
    let url = url.trim().trim_end_matches('/').to_string();
    let bad = |m: &str| AppError::invalid("url", m.to_string());
    let (scheme, rest) = url
        .split_once("://")
        .ok_or_else(|| bad("the URL must start with https://"))?;
    let host_port = rest.split('/').next().unwrap_or("");
    let host = match host_port.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or(""),
        None => host_port.rsplit_once(':').map_or(host_port, |(h, _)| h),
    };
    if host.is_empty() || host.contains('@') {
        return Err(bad("the URL names no host"));
    }
    let loopback = host.eq_ignore_ascii_case("localhost")
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback());
    match scheme.to_ascii_lowercase().as_str() {
        "https" => Ok(url),
        "http" if loopback => Ok(url),
        _ => Err(bad(
            "a peer is reached over https:// (plain http only on a loopback address)",
        )),
    }
}

pub fn add(
    conn: &mut AnyConnection,
    name: &str,
    url: &str,
    public_key: &str,
    now: DateTime<Utc>,
) -> Result<i64, AppError> {
    let name = validate::text("name", name)?;
    let url = check_url(url)?;
    let public_key = public_key.trim();
    signing::check_public_key(public_key)
        .map_err(|e| AppError::invalid("public_key", e.to_string()))?;
    if crate::services::exchange::keys::public(conn)?.as_deref() == Some(public_key) {
        return Err(AppError::invalid(
            "public_key",
            "that is this instance's own key",
        ));
    }
    if peer::by_name(conn, &name)?.is_some() {
        return Err(AppError::conflict(
            "peer_exists",
            format!("a peer is already named {name}"),
        ));
    }
    if let Some(p) = peer::by_key(conn, public_key)? {
        return Err(AppError::conflict(
            "peer_exists",
            format!("peer {} already has that key", p.name),
        ));
    }
    Ok(peer::insert(conn, &name, &url, public_key, db_time(now))?)
}

pub fn list(conn: &mut AnyConnection) -> Result<Vec<PeerLine>, AppError> {
    let counts = org::count_by_peer(conn)?;
    Ok(peer::all(conn)?
        .into_iter()
        .map(|p| PeerLine {
            offices: counts
                .iter()
                .find(|(id, _)| *id == Some(p.id))
                .map_or(0, |(_, n)| *n),
            name: p.name,
            url: p.url,
            public_key: p.public_key,
        })
        .collect())
}

/// Fills `peer` (the hosting peer's name) in office views.
pub fn name_peers(conn: &mut AnyConnection, views: &mut [OrgView]) -> Result<(), AppError> {
    let ids: Vec<i64> = views.iter().filter_map(|v| v.peer_id).collect();
    if ids.is_empty() {
        return Ok(());
    }
    let names = peer::names(conn, &ids)?;
    for v in views {
        v.peer = v.peer_id.and_then(|id| names.get(&id).cloned());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::check_url;

    #[test]
    fn a_peer_url_is_https_except_on_loopback() {
        assert!(check_url("https://saraban.prachinburi.go.th/").is_ok());
        assert!(check_url("http://127.0.0.1:8080").is_ok());
        assert!(check_url("http://localhost:9000").is_ok());
        assert!(check_url("http://[::1]:9000").is_ok());
        assert!(check_url("http://saraban.prachinburi.go.th").is_err());
        assert!(check_url("ftp://127.0.0.1").is_err());
        assert!(check_url("saraban.go.th").is_err());
        assert!(check_url("http://127.0.0.1.evil.example").is_err());
    }
}
