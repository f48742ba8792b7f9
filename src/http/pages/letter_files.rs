//! A letter's files on the pages: `GET /files/{id}` (download), `POST /letters/{id}/files`
//! (upload a scan, multipart with the page's CSRF token before the file) and
//! `POST /letters/{id}/files/attach` (carry an upstream letter's file on a forwarding letter).

use super::{flash, format, PageError, Signed};
use crate::error::AppError;
use crate::http::files as files_http;
use crate::services::files;
use crate::services::files::attach;
use crate::services::files::attach::AttachRequest;
use crate::services::files::FileView;
use crate::state::AppState;
use actix_multipart::Multipart;
use actix_web::{web, HttpRequest, HttpResponse};
use serde::Deserialize;

/// One file as the pages list it.
pub struct FileLine {
    pub id: i64,
    /// The title, or the file name when there is none.
    pub name: String,
    pub file_name: String,
    pub role: &'static str,
    pub kind: &'static str,
    pub size: String,
}

impl From<&FileView> for FileLine {
    fn from(f: &FileView) -> Self {
        FileLine {
            id: f.id,
            name: f.title.clone().unwrap_or_else(|| f.file_name.clone()),
            file_name: f.file_name.clone(),
            role: format::file_role(&f.role),
            kind: format::file_kind(&f.media_type),
            size: format::file_size(f.size),
        }
    }
}

pub async fn download(
    state: web::Data<AppState>,
    s: Signed,
    id: web::Path<i64>,
) -> Result<HttpResponse, PageError> {
    let (id, actor) = (id.into_inner(), s.actor);
    let (file, blob) = state
        .db
        .read(move |c| files::visible_file(c, &actor, id))
        .await?;
    Ok(files_http::stream(&state, file, blob).await?)
}

pub async fn upload(
    state: web::Data<AppState>,
    s: Signed,
    id: web::Path<i64>,
    req: HttpRequest,
    mut form: Multipart,
) -> Result<HttpResponse, PageError> {
    let letter_id = id.into_inner();
    files_http::precheck(&state, &req, &s.actor, letter_id).await?;
    // The token must come before the file, so nothing is stored for a forged form.
    let shape = files_http::FormShape {
        texts: &["csrf_token", "role", "title"],
        ..files_http::SINGLE_UPLOAD
    };
    let read = files_http::read_form(&mut form, &state, &shape, |so_far| {
        s.check_csrf(so_far.text("csrf_token").unwrap_or_default())
    })
    .await?;
    s.check_csrf(read.text("csrf_token").unwrap_or_default())?;
    let (fields, received) = read.into_upload_parts()?;
    let f = files_http::save(&state, s.actor.clone(), letter_id, fields, received).await?;
    let line = FileLine::from(&f);
    Ok(flash::redirect(
        &format!("/letters/{letter_id}#files"),
        &format!("แนบไฟล์ {} ({}) แล้ว", line.name, line.role),
        state.settings.secure_cookies,
    ))
}

#[derive(Deserialize)]
pub struct CsrfForm {
    pub csrf_token: String,
}

/// `POST /files/{id}/delete`: an administrator removes a wrongly attached file; back to its
/// letter.
pub async fn delete(
    state: web::Data<AppState>,
    s: Signed,
    id: web::Path<i64>,
    form: web::Form<CsrfForm>,
) -> Result<HttpResponse, PageError> {
    s.check_csrf(&form.csrf_token)?;
    let file = files_http::delete(&state, s.actor.clone(), id.into_inner()).await?;
    Ok(flash::redirect(
        &format!("/letters/{}#files", file.letter_id),
        &format!("ลบไฟล์ {} แล้ว", FileLine::from(&file).name),
        state.settings.secure_cookies,
    ))
}

#[derive(Deserialize)]
pub struct AttachForm {
    pub csrf_token: String,
    pub file_id: i64,
}

pub async fn attach(
    state: web::Data<AppState>,
    s: Signed,
    id: web::Path<i64>,
    form: web::Form<AttachForm>,
) -> Result<HttpResponse, PageError> {
    s.check_csrf(&form.csrf_token)?;
    let (letter_id, now, actor) = (id.into_inner(), state.clock.now(), s.actor.clone());
    let req = AttachRequest {
        file_id: form.file_id,
        role: None,
        title: None,
    };
    let text = match state
        .db
        .write(move |c| attach::attach(c, &actor, letter_id, &req, now))
        .await
    {
        Ok(f) => format!("แนบไฟล์ {} เป็นสิ่งที่ส่งมาด้วยแล้ว", FileLine::from(&f).name),
        // Already attached (a second click): the page shows it either way.
        Err(AppError::Conflict { .. }) => "ไฟล์นี้แนบไว้แล้ว".to_string(),
        Err(e) => return Err(e.into()),
    };
    Ok(flash::redirect(
        &format!("/letters/{letter_id}#files"),
        &text,
        state.settings.secure_cookies,
    ))
}
