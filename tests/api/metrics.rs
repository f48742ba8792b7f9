//! `/metrics` in the Prometheus text format: administrators on the main address, anyone on the
//! private metrics address; the route label is the pattern, never the raw path.

use crate::helpers::{assert_error, spawn_app_configured};
use saraban::clock::Clock;
use serde_json::json;

#[tokio::test]
async fn metrics_name_routes_by_pattern_and_need_an_admin_on_the_main_address() {
    let app = spawn_app_configured(Clock::System, |s| {
        s.metrics_bind = Some("127.0.0.1:0".into());
        s.mail.worker = true;
    })
    .await;
    let org = app
        .org(json!({"name": "อำเภอเมือง", "kind": "district", "letter_code": "ปจ 0118"}))
        .await;
    let clerk = app.user("metrics-clerk", "clerk", Some(org));
    for _ in 0..3 {
        let (status, _) = app.get(&format!("/api/v1/orgs/{org}"), &clerk).await;
        assert_eq!(status.as_u16(), 200);
    }
    assert_error(&app.get("/metrics", &clerk).await, 403, "forbidden");
    let anonymous = app
        .client
        .get(format!("{}/metrics", app.address))
        .send()
        .await
        .expect("metrics");
    assert_eq!(anonymous.status().as_u16(), 401);
    let resp = app
        .client
        .get(format!("{}/metrics", app.address))
        .bearer_auth(&app.admin_token)
        .send()
        .await
        .expect("metrics");
    assert_eq!(resp.status().as_u16(), 200);
    assert!(resp.headers()[reqwest::header::CONTENT_TYPE]
        .to_str()
        .unwrap_or_default()
        .starts_with("text/plain"));
    let text = resp.text().await.expect("body");
    let line = text
        .lines()
        .find(|l| {
            l.starts_with("saraban_http_requests_total{")
                && l.contains("route=\"/api/v1/orgs/{id}\"")
                && l.contains("method=\"GET\"")
                && l.contains("status=\"200\"")
        })
        .unwrap_or_else(|| panic!("no request counter by route pattern:\n{text}"));
    let count: f64 = line
        .rsplit(' ')
        .next()
        .and_then(|n| n.parse().ok())
        .expect("a count");
    assert!(count >= 3.0, "{line}");
    assert!(
        !text.contains(&format!("route=\"/api/v1/orgs/{org}\"")),
        "raw paths must not become labels"
    );
    for name in [
        "saraban_http_request_duration_seconds_bucket",
        "saraban_db_pool_wait_seconds",
        "saraban_db_writer_queue_depth",
        "saraban_db_writer_batch_size",
    ] {
        assert!(text.contains(name), "{name} missing:\n{text}");
    }
    // The private listener answers without a token; the worker reports the outbox there.
    let port = app.metrics_port.expect("a metrics listener");
    let mut text = String::new();
    for _ in 0..50 {
        text = reqwest::get(format!("http://127.0.0.1:{port}/metrics"))
            .await
            .expect("private metrics")
            .text()
            .await
            .expect("body");
        if text.contains("saraban_outbox_notices{status=\"pending\"}") {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(
        text.contains("saraban_outbox_notices{status=\"pending\"}"),
        "{text}"
    );
    assert!(text.contains("saraban_http_requests_total"), "{text}");
}
