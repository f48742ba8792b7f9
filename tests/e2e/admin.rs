//! The administrator's pages in the browser: the offices to complete, and the Thai 422 page.

use crate::browser::Browser;
use crate::scenarios::{at_both_widths, sign_out, App};
use saraban::services::demo::load::DEMO_PASSWORD;

/// The administrator's list of offices without an e-mail address, and a Thai 422 page for a
/// list that does not exist.
pub async fn admin_pages(b: &Browser, app: &App) -> Result<(), String> {
    // An administrator has no office, so no inbox to land on: open the page after signing in.
    b.goto(&format!("{}/login", app.address)).await?;
    b.type_into("#username", "admin").await?;
    b.type_into("#password", DEMO_PASSWORD).await?;
    b.click("#sign-in").await?;
    // Signed in (wherever the administrator lands) before going on: a navigation started
    // while the sign-in is still posting would cancel it.
    b.wait_for("header.top .who").await?;
    b.goto(&format!("{}/admin/offices?missing=email", app.address))
        .await?;
    b.wait_for("header.top .who").await?;
    at_both_widths(
        b,
        app,
        &[
            (
                "/admin/offices?missing=email",
                "#offices-total",
                "admin-offices",
            ),
            (
                "/admin/offices?missing=fax",
                "section.error h1",
                "unprocessable",
            ),
        ],
    )
    .await?;
    b.goto(&format!("{}/admin/offices?missing=fax", app.address))
        .await?;
    let refused = b.text("section.error h1").await?;
    if !refused.contains("ไม่ถูกต้อง") {
        return Err(format!("no Thai 422 page: {refused}"));
    }
    b.goto(&format!("{}/admin/offices?missing=email", app.address))
        .await?;
    let total = b.text("#offices-total").await?;
    if !total.contains("หน่วยงาน") {
        return Err(format!(
            "the offices without e-mail are not counted: {total}"
        ));
    }
    sign_out(b).await
}
