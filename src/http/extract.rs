//! `Actor` as an actix extractor: `Authorization: Bearer <token>`.

use crate::domain::credentials::token;

use crate::db::models;
use crate::domain::Actor;
use crate::error::AppError;
use crate::state::AppState;
use actix_web::{dev::Payload, web, FromRequest, HttpMessage, HttpRequest};
use std::future::Future;
use std::pin::Pin;

impl FromRequest for Actor {
    type Error = AppError;
    type Future = Pin<Box<dyn Future<Output = Result<Actor, AppError>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let state = req.app_data::<web::Data<AppState>>().cloned();
        let bearer = req
            .headers()
            .get(actix_web::http::header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(|t| t.trim().to_string());
        let req = req.clone();
        Box::pin(async move {
            let state = state.ok_or_else(|| AppError::Internal("no app state".into()))?;
            let presented = bearer
                .filter(|t| !t.is_empty())
                .ok_or(AppError::Unauthorized)?;
            let hashed = token::hash(&presented);
            let actor = state
                .db
                .read(move |conn| {
                    models::user::actor_by_token_hash(conn, &hashed)?.ok_or(AppError::Unauthorized)
                })
                .await?;
            // Read back by the audit of refused requests.
            req.extensions_mut().insert(actor.clone());
            Ok(actor)
        })
    }
}
