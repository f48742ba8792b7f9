//! The recipient's answers on the letter page: a reason left empty comes back in Thai at its
//! field (the page stays the letter's), an acknowledgement is confirmed; the sent list; and a
//! พ.ศ. year typed into the search form.

use crate::browser::Browser;
use crate::scenarios::{at_both_widths, confirmed, sign_in, sign_out, App};

/// The province's circular the district clerk received, found through its register row.
async fn received_letter(b: &Browser, app: &App) -> Result<String, String> {
    b.goto(&format!("{}/registers/receipt/2569", app.address))
        .await?;
    b.wait_for("#register tbody tr").await?;
    let link = b
        .client
        .execute(
            "const row = [...document.querySelectorAll('#register tbody tr')].find(r => r.textContent.includes('ว ๒๓๒๓')); const a = row && row.querySelector('a'); return a ? a.getAttribute('href') : null;",
            vec![],
        )
        .await
        .map_err(|e| format!("find the circular's row: {e}"))?;
    let link = link
        .as_str()
        .ok_or("the circular is not in the register")?
        .to_string();
    if link.starts_with("/letters/") {
        return Ok(link);
    }
    b.goto(&format!("{}{link}", app.address)).await?;
    b.wait_for("dd a[href^='/letters/']")
        .await?
        .attr("href")
        .await
        .map_err(|e| e.to_string())?
        .ok_or_else(|| "the receipt does not link its letter".to_string())
}

pub async fn answer_on_the_letter_page(b: &Browser, app: &App) -> Result<(), String> {
    sign_in(b, app, "bansang.clerk").await?;
    let letter = received_letter(b, app).await?;
    b.goto(&format!("{}{letter}", app.address)).await?;
    // The browser's own check would stop an empty reason; the server's must too.
    let input = b.wait_for("section.answer input[id^='rej-']").await?;
    let id = input
        .attr("id")
        .await
        .map_err(|e| e.to_string())?
        .ok_or("no reason field")?;
    b.client
        .execute(
            "document.querySelectorAll('section.answer input[required]').forEach(e => e.removeAttribute('required')); return null;",
            vec![],
        )
        .await
        .map_err(|e| format!("drop the browser's check: {e}"))?;
    b.click("section.answer form:not(.inline) button").await?;
    let error = b.text(&format!("#{id}-error")).await?;
    if !error.contains("กรุณากรอกเหตุผล") {
        return Err(format!("no Thai error at the reason: {error:?}"));
    }
    let invalid = b
        .wait_for(&format!("#{id}"))
        .await?
        .attr("aria-invalid")
        .await
        .map_err(|e| e.to_string())?;
    if invalid.as_deref() != Some("true") {
        return Err("the reason field is not marked invalid".into());
    }
    b.screenshot("11-answer-error").await?;
    b.type_into(
        "section.answer input[id^='ack-']",
        "รับทราบและแจ้งองค์กรปกครองส่วนท้องถิ่นแล้ว",
    )
    .await?;
    b.click("section.answer form.inline button").await?;
    confirmed(b, "รับทราบแล้ว").await?;
    if b.source().await?.contains("section class=\"card answer\"") {
        return Err("the answer forms are still offered after the acknowledgement".into());
    }
    sign_out(b).await?;

    // The officer's sent letters, at both widths.
    sign_in(b, app, "opdc.clerk").await?;
    at_both_widths(b, app, &[("/sent", "#sent", "sent")]).await?;
    search_by_year(b, app).await?;
    sign_out(b).await
}

/// The year in Thai digits finds the letters of that พ.ศ. year; a ค.ศ. year is refused in Thai
/// at the year field.
async fn search_by_year(b: &Browser, app: &App) -> Result<(), String> {
    b.goto(&format!("{}/search", app.address)).await?;
    b.type_into("#q", "นร").await?;
    b.type_into("#year", "๒๕๖๙").await?;
    b.click("form[role=search] button").await?;
    let found = b.text("#results tbody").await?;
    if !found.contains("๑๒๐๗") {
        return Err(format!("the letters of ๒๕๖๙ are not found: {found}"));
    }
    b.type_into("#year", "2026").await?;
    b.click("form[role=search] button").await?;
    let error = b.text("#year-error").await?;
    if !error.contains("๕๔๓") {
        return Err(format!("no Thai error at the year: {error:?}"));
    }
    Ok(())
}
