//! Every route is in the OpenAPI document, with its error answers.

use crate::helpers::spawn_app;

#[tokio::test]
async fn the_openapi_document_lists_the_new_routes() {
    let app = spawn_app().await;
    let (status, doc) = app
        .send(reqwest::Method::GET, "/api/openapi.json", None, None)
        .await;
    assert_eq!(status.as_u16(), 200);
    for (path, method) in [
        ("/api/v1/receipts/{id}/routes", "post"),
        ("/api/v1/letters/{id}/references", "post"),
        ("/api/v1/letters/{id}/distribution", "get"),
        ("/api/v1/deliveries/{id}", "get"),
        ("/api/v1/deliveries/{id}/acknowledge", "post"),
        ("/api/v1/deliveries/{id}/reject", "post"),
        ("/api/v1/deliveries/{id}/withdraw", "post"),
        ("/api/v1/letters/{id}/ecms.xml", "get"),
        ("/api/v1/exchange/ecms", "post"),
        ("/exchange/v1/directory", "get"),
        ("/exchange/v1/messages", "post"),
        ("/api/v1/orgs/{id}/inbox", "get"),
        ("/api/v1/orgs/{id}/letters", "get"),
        ("/api/v1/orgs/{id}/letters", "post"),
        ("/api/v1/orgs/{id}/reservations", "post"),
        ("/api/v1/orgs/{id}/registers/receipt", "get"),
        ("/api/v1/orgs/{id}/registers/dispatch", "get"),
    ] {
        assert!(
            doc["paths"][path][method].is_object(),
            "{method} {path} is missing"
        );
    }
}

/// The route table and the OpenAPI document list the same `/api/v1` routes and methods.
#[tokio::test]
async fn the_openapi_document_lists_exactly_the_route_table() {
    let app = spawn_app().await;
    let (status, doc) = app
        .send(reqwest::Method::GET, "/api/openapi.json", None, None)
        .await;
    assert_eq!(status.as_u16(), 200);
    let mut documented = std::collections::BTreeSet::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        let Some(below) = path.strip_prefix("/api/v1") else {
            continue;
        };
        for method in item.as_object().expect("path item").keys() {
            documented.insert((method.to_string(), below.to_string()));
        }
    }
    let wired: std::collections::BTreeSet<(String, String)> = saraban::http::routes::API_ROUTES
        .iter()
        .map(|(m, p)| (m.to_string(), p.to_string()))
        .collect();
    let undocumented: Vec<_> = wired.difference(&documented).collect();
    let unwired: Vec<_> = documented.difference(&wired).collect();
    assert!(
        undocumented.is_empty(),
        "routes missing from the OpenAPI document: {undocumented:?}"
    );
    assert!(
        unwired.is_empty(),
        "documented routes that are not wired: {unwired:?}"
    );
    assert!(wired.len() >= 37, "the whole API table was read");
}

#[tokio::test]
async fn a_negative_cursor_is_a_callers_mistake() {
    let app = spawn_app().await;
    let org = app
        .org(serde_json::json!({"name": "อำเภอ", "kind": "district"}))
        .await;
    let token = app.user("c", "clerk", Some(org));
    for path in [
        format!("/api/v1/orgs/{org}/inbox?cursor=-5"),
        format!("/api/v1/orgs/{org}/letters?cursor=-5"),
        format!("/api/v1/orgs/{org}/registers/receipt?cursor=-5"),
    ] {
        crate::helpers::assert_error(&app.get(&path, &token).await, 422, "invalid_cursor");
    }
}

#[tokio::test]
async fn every_operation_documents_its_error_answers_and_the_security_routes_are_listed() {
    let app = spawn_app().await;
    let (_, doc) = app
        .send(reqwest::Method::GET, "/api/openapi.json", None, None)
        .await;
    for (path, method) in [
        ("/api/v1/audit", "get"),
        ("/api/v1/audit/verify", "get"),
        ("/api/v1/receipts/{id}/cancel", "post"),
        ("/api/v1/letters/{id}/cancel", "post"),
        ("/api/v1/users/{id}/tokens", "delete"),
        ("/api/v1/users/{id}/disable", "post"),
        ("/api/v1/users/{id}/enable", "post"),
        ("/api/v1/users/{id}/password", "put"),
    ] {
        assert!(
            doc["paths"][path][method].is_object(),
            "{method} {path} is missing"
        );
    }
    // `/ready` is public and answers 503 in its own shape, naming the failing part.
    let ready = &doc["paths"]["/ready"]["get"]["responses"];
    for status in ["200", "503"] {
        assert_eq!(
            ready[status]["content"]["application/json"]["schema"]["$ref"],
            "#/components/schemas/ReadyView",
            "GET /ready does not document {status}"
        );
    }
    let paths = doc["paths"].as_object().expect("paths");
    let mut operations = 0;
    for (path, item) in paths.iter().filter(|(p, _)| p.starts_with("/api/v1")) {
        for (method, op) in item.as_object().expect("path item") {
            operations += 1;
            let responses = &op["responses"];
            for status in ["401", "403", "404", "422", "503"] {
                assert_eq!(
                    responses[status]["content"]["application/json"]["schema"]["$ref"],
                    "#/components/schemas/ErrorBody",
                    "{method} {path} does not document {status}"
                );
            }
            if op.get("requestBody").is_some() {
                assert!(responses["413"].is_object(), "{method} {path}: 413");
                assert!(responses["400"].is_object(), "{method} {path}: 400");
            }
        }
    }
    assert!(operations >= 29, "{operations} operations");
}
