//! The HTTP driver: everything that knows about actix-web. `routes::configure` is the one route
//! table; `api/` answers JSON, `pages/` renders the Thai web pages, `ack` serves the notice links,
//! `files` streams letter files; extractors, idempotency and the error mapping serve them all.

pub mod ack;
pub mod api;
pub mod error;
pub mod exchange;
pub mod extract;
pub mod files;
pub mod idempotency;
pub mod metrics;
pub mod openapi;
pub mod openapi_errors;
pub mod pages;
pub mod query;
pub mod refused;
pub mod routes;
