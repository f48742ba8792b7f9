//! The letter as its page shows it: the letter, its references, its distribution, the
//! deliveries the actor may still answer, and what the actor may do with its files.

use crate::db::models::delivery;
use crate::db::models::receipt;
use crate::db::AnyConnection;
use crate::domain::{Actor, DeliveryStatus, LinkRelation};
use crate::error::AppError;
use crate::services::distribution::show::{DistributionView, TreeFilter};
use crate::services::files::list as file_list;
use crate::services::files::{self, FileAccess, FileView};
use crate::services::letters::references::{self, ReferenceView};
use crate::services::letters::visibility;
use crate::services::views::LetterView;
use chrono::{DateTime, Utc};
use std::collections::HashSet;

/// A delivery to one of the actor's offices that is still pending or received.
pub struct OpenDelivery {
    pub delivery_id: i64,
    pub office: String,
}

/// A file of a letter this one forwards, not carried by this one yet.
pub struct UpstreamFile {
    pub file: FileView,
    pub letter_number: String,
}

/// Hops the letter page lists; the dashboard pages through the rest.
pub const TREE_LINES: i64 = 500;

pub struct LetterPage {
    pub letter: LetterView,
    pub references: Vec<ReferenceView>,
    pub distribution: DistributionView,
    pub open: Vec<OpenDelivery>,
    pub issuer_side: bool,
    /// The actor's offices hold a receipt of it (they may forward it).
    pub received: bool,
    pub can_add_files: bool,
    /// Offered to attach when the actor may add files.
    pub upstream_files: Vec<UpstreamFile>,
}

pub fn load(
    conn: &mut AnyConnection,
    actor: &Actor,
    id: i64,
    now: DateTime<Utc>,
) -> Result<LetterPage, AppError> {
    let letter = visibility::visible_letter(conn, actor, id)?;
    let issuer_side = visibility::is_issuer_side(actor, &letter);
    let can_add_files = files::may_add_files(conn, actor, &letter)?;
    let refs = references::of_letter(conn, id)?;
    let distribution = crate::services::distribution::show::distribution(
        conn,
        actor,
        id,
        &TreeFilter {
            limit: Some(TREE_LINES),
            ..TreeFilter::default()
        },
        now,
    )?;
    let answerable = [
        DeliveryStatus::Pending.as_str(),
        DeliveryStatus::Received.as_str(),
    ];
    let open = delivery::for_letter(conn, id)?
        .into_iter()
        .filter(|d| actor.can_act_for(d.recipient_id) && answerable.contains(&d.status.as_str()))
        .map(|d| OpenDelivery {
            delivery_id: d.id,
            office: d.recipient_name,
        })
        .collect();
    let received = receipt::any_at(conn, id, &actor.scope)?;
    let upstream_files = if can_add_files {
        upstream_files(conn, actor, &refs, &distribution.files, id)?
    } else {
        Vec::new()
    };
    Ok(LetterPage {
        letter: LetterView::from(letter),
        references: refs,
        distribution,
        open,
        issuer_side,
        received,
        can_add_files,
        upstream_files,
    })
}

/// Files of the letters this one forwards that the actor may open ([`FileAccess`]) and this
/// letter does not carry yet: what a clerk attaches as "สำเนาหนังสือ … จำนวน ๑ ชุด".
fn upstream_files(
    conn: &mut AnyConnection,
    actor: &Actor,
    refs: &[ReferenceView],
    own: &[FileView],
    letter_id: i64,
) -> Result<Vec<UpstreamFile>, AppError> {
    let carried: HashSet<i64> = own
        .iter()
        .filter(|f| f.letter_id == letter_id)
        .flat_map(|f| [Some(f.id), f.source_file_id])
        .flatten()
        .collect();
    let mut out = Vec::new();
    for r in refs.iter().filter(|r| r.relation == LinkRelation::Forwards) {
        let Some(upstream) = crate::db::models::letter::find(conn, r.letter_id)? else {
            continue;
        };
        let access = FileAccess::of(conn, actor, &upstream)?;
        let all = file_list::of_letters(conn, &[r.letter_id])?;
        let files = access.filter(conn, all, |f| f.created_by)?;
        out.extend(
            files
                .into_iter()
                .filter(|f| !carried.contains(&f.id))
                .map(|file| UpstreamFile {
                    file,
                    letter_number: r.number.clone(),
                }),
        );
    }
    Ok(out)
}
