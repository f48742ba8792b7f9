//! Uploads ahead of a receipt (`POST /api/v1/uploads`, and the receipt form's scan): the file
//! is read and recognised like any upload, then held for its user (`services::files::pending`).

use super::{detect_kind, forget_unused, FilePart};
use crate::adapters::store::BlobStore;
use crate::domain::Actor;
use crate::error::AppError;
use crate::services::files::pending::{self, PendingUploadView};
use crate::services::files::upload::{Upload, UploadFields};
use crate::state::AppState;

/// The API's form: one `file` and an optional `role` (`main`, the default, or `enclosure`).
pub const PENDING_UPLOAD: super::FormShape<'static> = super::FormShape {
    texts: &["role"],
    file_fields: &["file"],
    max_files: 1,
};

/// Recognises the file from its content and stores it for the actor; if the content was
/// moved into the store and the commit then failed, it is taken out again.
pub async fn hold(
    state: &AppState,
    actor: Actor,
    role: Option<String>,
    file: FilePart,
) -> Result<PendingUploadView, AppError> {
    let kind = detect_kind(&file.received).await?;
    let store = BlobStore::new(state.settings.files_dir.clone());
    let sha256 = file.received.sha256.clone();
    let (now, ttl) = (state.clock.now(), state.settings.pending_upload_ttl);
    let upload = Upload {
        fields: UploadFields {
            role,
            title: None,
            file_name: file.file_name,
        },
        kind,
        received: file.received,
    };
    let result = state
        .db
        .write(move |c| pending::hold(c, &store, &actor, upload, now, ttl))
        .await;
    if result.is_err() {
        forget_unused(state, vec![sha256]).await;
    }
    result
}
