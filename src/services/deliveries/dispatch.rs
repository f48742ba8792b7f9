//! Dispatching a letter: one delivery per recipient office, recipient name and kind kept as sent.

use crate::services::db_time;

use crate::services::views::DeliveryView;

use crate::db::models::delivery;
use crate::db::models::external_recipient;
use crate::db::models::org;
use crate::db::AnyConnection;
use crate::domain::Actor;
use crate::domain::DeliveryStatus;
use crate::domain::Via;
use crate::error::AppError;
use crate::services::deliveries::recipients;
use crate::services::deliveries::recipients::ExternalView;
use crate::services::letters::visibility;
use crate::services::views::DispatchView;
use chrono::{DateTime, Utc};
use serde::Deserialize;
use std::collections::BTreeSet;
use utoipa::ToSchema;

/// Most recipients one dispatch may name (a national circular reaches ~9,000 offices).
pub const MAX_RECIPIENTS: usize = 20_000;

#[derive(Debug, Clone, Default, Deserialize, serde::Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DispatchRequest {
    /// The sending office: the letter's issuer (or the office that recorded it).
    pub sender_id: i64,
    /// Offices named one by one.
    #[serde(default)]
    pub recipient_ids: Vec<i64>,
    /// "All offices of `kind` under `under_id`", expanded now; duplicates are dropped.
    #[serde(default)]
    pub recipient_groups: Vec<crate::services::deliveries::recipients::RecipientGroup>,
    /// Addressees outside the directory.
    #[serde(default)]
    pub external_recipients: Vec<crate::services::deliveries::recipients::ExternalRecipientRequest>,
}

pub fn dispatch(
    conn: &mut AnyConnection,
    actor: &Actor,
    letter_id: i64,
    req: &DispatchRequest,
    now: DateTime<Utc>,
) -> Result<DispatchView, AppError> {
    let letter = visibility::visible_letter(conn, actor, letter_id)?;
    actor.require_act_for(req.sender_id)?;
    if letter.issuer_id != Some(req.sender_id) && letter.recorded_by_org_id != Some(req.sender_id) {
        return Err(AppError::invalid(
            "sender_id",
            "only the office that issued the letter dispatches it; to pass a letter on, issue a forwarding letter",
        ));
    }
    let external = recipients::check_external(&req.external_recipients)?;
    let (wanted, found) = recipient_offices(conn, req, external.is_empty())?;
    let on_peers: BTreeSet<i64> = found
        .iter()
        .filter(|o| o.peer_id.is_some())
        .map(|o| o.id)
        .collect();
    if !on_peers.is_empty() {
        crate::services::exchange::queue::refuse_classified(&letter)?;
    }
    let t = db_time(now);
    let dispatch_id =
        delivery::insert_dispatch(conn, letter.id, req.sender_id, Some(actor.user_id), t)?;
    let sending = Sending {
        letter_id: letter.id,
        sender_id: req.sender_id,
        dispatch_id,
        t,
    };
    let deliveries = insert_deliveries(conn, &sending, &wanted, &found)?;
    // Offices on peer instances get a signed letter message instead of an e-mail notice.
    let (remote, local): (Vec<_>, Vec<_>) = deliveries
        .iter()
        .cloned()
        .partition(|d| on_peers.contains(&d.recipient_id));
    crate::services::notices::enqueue::notices_to(conn, &local, &found, now)?;
    crate::services::exchange::queue::letters(conn, &letter, &remote, now)?;
    crate::services::exchange::queue::forwarded(conn, &letter, req.sender_id, now)?;
    let outside = insert_external(conn, &sending, external)?;
    let after = serde_json::json!({"letter_id": letter.id, "recipient_ids": wanted,
        "external_recipients": outside.len()});
    let event = crate::db::audit::Event::new(
        "letter_dispatched",
        "dispatch",
        dispatch_id,
        req.sender_id,
        after,
    );
    crate::db::audit::by(conn, actor, event, now)?;
    Ok(DispatchView {
        id: dispatch_id,
        letter_id: letter.id,
        sender_id: req.sender_id,
        deliveries: deliveries.into_iter().map(DeliveryView::from).collect(),
        external_recipients: outside.into_iter().map(ExternalView::from).collect(),
    })
}

/// The recipient office ids named and expanded from groups, without duplicates (order of
/// first mention kept), and the offices themselves; every one must exist.
fn recipient_offices(
    conn: &mut AnyConnection,
    req: &DispatchRequest,
    no_external: bool,
) -> Result<(Vec<i64>, Vec<org::Org>), AppError> {
    let mut named = req.recipient_ids.clone();
    named.extend(recipients::expand_groups(conn, &req.recipient_groups)?);
    if named.is_empty() && no_external {
        return Err(AppError::invalid(
            "recipient_ids",
            "name at least one recipient office, group or external recipient",
        ));
    }
    if named.len() > MAX_RECIPIENTS {
        return Err(AppError::invalid(
            "recipient_ids",
            format!("at most {MAX_RECIPIENTS} recipient offices a dispatch"),
        ));
    }
    // Duplicates dropped, order of first mention kept.
    let mut seen = BTreeSet::new();
    let wanted: Vec<i64> = named
        .iter()
        .copied()
        .filter(|id| seen.insert(*id))
        .collect();
    let found = org::find_many(conn, &wanted)?;
    // A set, not a scan of `found` per id: a national circular names ~9,000 offices.
    let known: std::collections::HashSet<i64> = found.iter().map(|o| o.id).collect();
    let missing: Vec<String> = wanted
        .iter()
        .filter(|id| !known.contains(id))
        .map(|id| id.to_string())
        .collect();
    if !missing.is_empty() {
        return Err(AppError::invalid(
            "recipient_ids",
            format!("unknown recipient offices: {}", missing.join(", ")),
        ));
    }
    Ok((wanted, found))
}

/// What every row of one dispatch shares.
struct Sending {
    letter_id: i64,
    sender_id: i64,
    dispatch_id: i64,
    t: chrono::NaiveDateTime,
}

/// One pending delivery per recipient office, in the order named.
fn insert_deliveries(
    conn: &mut AnyConnection,
    sending: &Sending,
    wanted: &[i64],
    found: &[org::Org],
) -> Result<Vec<delivery::Delivery>, AppError> {
    let by_id: std::collections::HashMap<i64, &org::Org> =
        found.iter().map(|o| (o.id, o)).collect();
    let rows: Vec<delivery::NewDelivery> = wanted
        .iter()
        .filter_map(|id| by_id.get(id).copied())
        .map(|o| delivery::NewDelivery {
            letter_id: sending.letter_id,
            dispatch_id: Some(sending.dispatch_id),
            via: Via::Dispatch.as_str().into(),
            sender_id: sending.sender_id,
            recipient_id: o.id,
            recipient_name: o.name.clone(),
            recipient_kind: o.kind.into(),
            status: DeliveryStatus::Pending.as_str().into(),
            note: None,
            created_at: sending.t,
            source_receipt_id: None,
        })
        .collect();
    Ok(delivery::insert_many(conn, &rows)?)
}

/// The addressees outside the directory, kept with the dispatch.
fn insert_external(
    conn: &mut AnyConnection,
    sending: &Sending,
    external: Vec<recipients::CheckedExternal>,
) -> Result<Vec<external_recipient::ExternalRecipient>, AppError> {
    let outside: Vec<external_recipient::NewExternalRecipient> = external
        .into_iter()
        .map(
            |(name, address, email, method)| external_recipient::NewExternalRecipient {
                dispatch_id: sending.dispatch_id,
                letter_id: sending.letter_id,
                name,
                address,
                email,
                method: method.as_str().into(),
                created_at: sending.t,
            },
        )
        .collect();
    Ok(external_recipient::insert_all(conn, &outside)?)
}
