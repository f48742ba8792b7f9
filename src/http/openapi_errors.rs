//! Every operation of `/api/openapi.json` documents the error answers the service can give,
//! all in one shape (`ErrorBody`), so clients and fuzzers know every status to expect.

use utoipa::openapi::path::Operation;
use utoipa::openapi::{ContentBuilder, Ref, RefOr, ResponseBuilder};
use utoipa::{Modify, PartialSchema, ToSchema};

/// `{"error": "<stable snake_case code>", "message": "<safe text>"}`
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct ErrorBody {
    /// e.g. `letter_not_found`, `invalid_subject`, `forbidden`, `database_busy`.
    pub error: String,
    pub message: String,
}

const COMMON: &[(&str, &str)] = &[
    (
        "400",
        "malformed_request: not JSON, a wrong type, a missing or unknown field",
    ),
    (
        "401",
        "unauthorized: no valid API token, or the user is disabled",
    ),
    (
        "403",
        "forbidden: signed in but not allowed (audited as access_refused)",
    ),
    ("404", "<what>_not_found"),
    ("413", "payload_too_large"),
    ("422", "invalid_<field>: parses but is not acceptable"),
    (
        "503",
        "database_busy or database_unavailable; retry after Retry-After seconds",
    ),
];

pub struct StandardErrors;

impl Modify for StandardErrors {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components
            .schemas
            .insert("ErrorBody".into(), ErrorBody::schema());
        for item in openapi.paths.paths.values_mut() {
            let ops = [
                item.get.as_mut(),
                item.post.as_mut(),
                item.put.as_mut(),
                item.patch.as_mut(),
                item.delete.as_mut(),
            ];
            for op in ops.into_iter().flatten() {
                add_errors(op);
            }
        }
    }
}

fn add_errors(op: &mut Operation) {
    let public = op.security.is_none();
    for (status, text) in COMMON {
        let skip = public && matches!(*status, "401" | "403");
        let body_only = matches!(*status, "400" | "413") && op.request_body.is_none();
        if skip || body_only {
            continue;
        }
        let error = ResponseBuilder::new()
            .description(*text)
            .content(
                "application/json",
                ContentBuilder::new()
                    .schema(Some(Ref::from_schema_name("ErrorBody")))
                    .build(),
            )
            .build();
        match op.responses.responses.get_mut(*status) {
            // Keep the route's own description; give it the shared body.
            Some(RefOr::T(existing)) if existing.content.is_empty() => {
                existing.content = error.content;
            }
            Some(_) => {}
            None => {
                op.responses
                    .responses
                    .insert((*status).to_string(), RefOr::T(error));
            }
        }
    }
    // Query strings are parsed too: a wrong type there is a 400 as well.
    if !op.responses.responses.contains_key("400") && op.parameters.is_some() {
        let bad = ResponseBuilder::new()
            .description("malformed_request: a query parameter of the wrong type")
            .content(
                "application/json",
                ContentBuilder::new()
                    .schema(Some(Ref::from_schema_name("ErrorBody")))
                    .build(),
            )
            .build();
        op.responses.responses.insert("400".into(), RefOr::T(bad));
    }
}
