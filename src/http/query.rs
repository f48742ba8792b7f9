//! [`ApiQuery`]: the query-string extractor of `/api/v1`. Unlike `web::Query`, it refuses an
//! unknown parameter (400 `malformed_request`, naming it: a misspelt filter must not silently
//! list everything) and a value holding a control character (422 `invalid_<name>`). The pages
//! keep `web::Query`, which ignores what it does not know.

use crate::domain::validate;
use crate::error::AppError;
use actix_web::{dev::Payload, FromRequest, HttpRequest};
use serde::de::DeserializeOwned;
use std::future::{ready, Ready};
use std::ops::Deref;

pub struct ApiQuery<T>(pub T);

/// The parameters of a list that takes none: any one given is unknown (400).
#[derive(Debug, serde::Deserialize)]
pub struct NoParams {}

impl<T> ApiQuery<T> {
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T> Deref for ApiQuery<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

/// Two parameter sets read from one query string (a filter and the paging): a parameter is
/// unknown when neither knows it.
pub struct ApiQueries<A, B>(pub A, pub B);

/// Parses a query string strictly (see the module's comment).
pub fn parse<T: DeserializeOwned>(query: &str) -> Result<T, AppError> {
    let (value, unknown) = lenient::<T>(query)?;
    refuse_unknown(unknown)?;
    Ok(value)
}

/// Parses two parameter sets from one query string strictly.
pub fn parse_two<A: DeserializeOwned, B: DeserializeOwned>(
    query: &str,
) -> Result<(A, B), AppError> {
    let (a, unknown_a) = lenient::<A>(query)?;
    let (b, unknown_b) = lenient::<B>(query)?;
    refuse_unknown(
        unknown_a
            .into_iter()
            .filter(|p| unknown_b.contains(p))
            .collect(),
    )?;
    Ok((a, b))
}

fn refuse_unknown(unknown: Vec<String>) -> Result<(), AppError> {
    if unknown.is_empty() {
        Ok(())
    } else {
        Err(AppError::Malformed(format!(
            "unknown query parameter: {}",
            unknown.join(", ")
        )))
    }
}

/// The parsed value and the parameters it did not know.
fn lenient<T: DeserializeOwned>(query: &str) -> Result<(T, Vec<String>), AppError> {
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(query)
        .map_err(|e| AppError::Malformed(format!("the query string does not fit: {e}")))?;
    for (name, value) in &pairs {
        let field: &'static str = match name.as_str() {
            "q" => "q",
            "cursor" => "cursor",
            _ => "query",
        };
        validate::no_controls(field, value)?;
        validate::no_controls(field, name)?;
    }
    let mut unknown = Vec::new();
    let de = serde_urlencoded::Deserializer::new(form_urlencoded::parse(query.as_bytes()));
    let value: T = serde_ignored::deserialize(de, |path| unknown.push(path.to_string()))
        .map_err(|e| AppError::Malformed(format!("the query string does not fit: {e}")))?;
    Ok((value, unknown))
}

impl<T: DeserializeOwned> FromRequest for ApiQuery<T> {
    type Error = AppError;
    type Future = Ready<Result<Self, AppError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(parse(req.query_string()).map(ApiQuery))
    }
}

impl<A: DeserializeOwned, B: DeserializeOwned> FromRequest for ApiQueries<A, B> {
    type Error = AppError;
    type Future = Ready<Result<Self, AppError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(parse_two(req.query_string()).map(|(a, b)| ApiQueries(a, b)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    struct Filter {
        status: Option<String>,
        limit: Option<i64>,
    }

    #[test]
    fn known_parameters_parse() {
        let f: Filter = parse("status=pending&limit=5").expect("valid");
        assert_eq!((f.status.as_deref(), f.limit), (Some("pending"), Some(5)));
    }

    #[test]
    fn an_unknown_parameter_is_named() {
        let e = parse::<Filter>("status=pending&stauts=x").expect_err("refused");
        assert_eq!(e.code(), "malformed_request");
        assert!(e.to_string().contains("stauts"), "{e}");
    }

    #[derive(Debug, serde::Deserialize)]
    struct Paging {
        cursor: Option<String>,
    }

    #[test]
    fn two_sets_share_one_query_string() {
        let (f, p): (Filter, Paging) = parse_two("status=x&cursor=5").expect("valid");
        assert_eq!(
            (f.status.as_deref(), p.cursor.as_deref()),
            (Some("x"), Some("5"))
        );
        let e = parse_two::<Filter, Paging>("status=x&page=2").expect_err("refused");
        assert!(e.to_string().contains("page"), "{e}");
    }

    #[test]
    fn control_characters_are_refused() {
        let e = parse::<Filter>("status=a%00b").expect_err("refused");
        assert_eq!(e.status(), 422);
    }
}
