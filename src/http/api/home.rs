//! `/` and `/health`: no token needed.

use crate::state::AppState;
use actix_web::{web, HttpResponse};

pub async fn index(state: web::Data<AppState>) -> HttpResponse {
    let backend = if state.db.url().is_sqlite() {
        "SQLite"
    } else {
        "PostgreSQL"
    };
    let html = format!(
        r#"<!doctype html>
<html lang="th">
<head><meta charset="utf-8"><title>saraban — ระบบติดตามหนังสือราชการ</title></head>
<body>
<h1>saraban — ระบบติดตามหนังสือราชการ</h1>
<p>บริการติดตามหนังสือราชการ ทะเบียนหนังสือรับ–ส่ง และสายการส่งต่อหนังสือ กำลังทำงานอยู่ (ฐานข้อมูล {backend})</p>
<ul>
<li>API: <a href="/api/v1">/api/v1</a> (ต้องใช้ <code>Authorization: Bearer &lt;token&gt;</code>)</li>
<li>เอกสาร OpenAPI: <a href="/api/openapi.json">/api/openapi.json</a></li>
<li>สถานะบริการ: <a href="/health">/health</a></li>
</ul>
</body>
</html>"#
    );
    HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .body(html)
}

pub async fn health(state: web::Data<AppState>) -> HttpResponse {
    let ok = state
        .db
        .read(|conn| {
            use diesel::connection::SimpleConnection;
            conn.batch_execute("SELECT 1").map_err(Into::into)
        })
        .await;
    match ok {
        Ok(()) => HttpResponse::Ok().json(serde_json::json!({"status": "ok", "database": "ok"})),
        Err(e) => {
            use actix_web::ResponseError;
            e.error_response()
        }
    }
}
