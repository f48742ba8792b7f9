//! Refused requests (403) leave one `access_refused` audit entry, written in a small write
//! transaction of its own after the refusal, so the refused change itself is never made.

use crate::db::audit::record;

use crate::db::audit::Event;
use crate::domain::Actor;
use crate::state::AppState;
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::StatusCode;
use actix_web::middleware::Next;
use actix_web::{web, Error, HttpMessage};

/// Middleware (`middleware::from_fn`) around every route.
pub async fn middleware(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let method = req.method().to_string();
    let path = req.path().to_string();
    let state = req.app_data::<web::Data<AppState>>().cloned();
    let res = next.call(req).await?;
    if res.status() != StatusCode::FORBIDDEN {
        return Ok(res);
    }
    let actor = res.request().extensions().get::<Actor>().cloned();
    if let (Some(state), Some(actor)) = (state, actor) {
        let now = state.clock.now();
        let event = Event {
            action: "access_refused",
            target_type: "request",
            target_id: None,
            office_id: actor.org_id,
            before: None,
            after: Some(serde_json::json!({"method": method, "path": path})),
        };
        let written = state
            .db
            .write(move |c| record(c, Some(actor.user_id), &event, now))
            .await;
        if let Err(e) = written {
            tracing::error!(error = %e, "could not audit a refused request");
        }
    }
    Ok(res)
}
