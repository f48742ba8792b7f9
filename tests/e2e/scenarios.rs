//! The scenarios, in order: the OPDC officer reads the dashboard; the district clerk logs the
//! province's circular from the inbox and sees the number; the registers print and download;
//! a form without its CSRF token is refused; the officer sees the dashboard counts change.

use crate::browser::Browser;
use saraban::clock::Clock;
use saraban::config::Settings;
use saraban::db::DatabaseUrl;
use saraban::services::demo;
use saraban::services::demo::load::DEMO_PASSWORD;
use saraban::startup::Application;
use saraban::thai::digits::to_arabic_digits;

pub struct App {
    pub address: String,
    dir: tempfile::TempDir,
    /// On the PostgreSQL pass: (server URL, the database made for this run), dropped at the end.
    postgres: Option<(String, String)>,
}

impl Drop for App {
    fn drop(&mut self) {
        use diesel::connection::SimpleConnection;
        if let Some((admin, name)) = &self.postgres {
            if let Ok(mut c) = saraban::db::connect_postgres(admin) {
                let _ = c.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
            }
        }
    }
}

/// The database of the run: a SQLite file, or with `TEST_DATABASE_URL` a fresh PostgreSQL
/// database on that server.
fn database(dir: &std::path::Path) -> (String, Option<(String, String)>) {
    use diesel::connection::SimpleConnection;
    match std::env::var("TEST_DATABASE_URL")
        .ok()
        .filter(|u| !u.is_empty())
    {
        None => (format!("sqlite://{}", dir.join("e2e.db").display()), None),
        Some(admin) => {
            let name = format!("e2e_{}", std::process::id());
            let mut c = saraban::db::connect_postgres(&admin).expect("PostgreSQL");
            c.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                .expect("drop a stale e2e database");
            c.batch_execute(&format!("CREATE DATABASE {name}"))
                .expect("create the e2e database");
            let scheme_end = admin.find("://").map(|i| i + 3).unwrap_or(0);
            let base = admin.split('?').next().unwrap_or(&admin);
            let root = match base[scheme_end..].find('/') {
                Some(i) => &base[..scheme_end + i],
                None => base,
            };
            (format!("{root}/{name}"), Some((admin.clone(), name)))
        }
    }
}

pub async fn start_app() -> App {
    let dir = tempfile::tempdir().expect("temp dir");
    let (url, postgres) = database(dir.path());
    let mut settings = Settings::new(DatabaseUrl::parse(&url).expect("url"), "127.0.0.1:0");
    settings.workers = 2;
    settings.files_dir = dir.path().join("files");
    let at = chrono::DateTime::parse_from_rfc3339("2026-06-01T09:00:00+07:00")
        .expect("instant")
        .to_utc();
    let app = Application::build(settings, Clock::fixed(at)).expect("app");
    let db = app.state().db.clone();
    let address = format!("http://127.0.0.1:{}", app.port());
    tokio::spawn(app.run_until_stopped());
    db.write_blocking(move |c| demo::load::load(c, at))
        .expect("demo")
        .expect("empty database");
    App {
        address,
        dir,
        postgres,
    }
}

pub async fn sign_in(b: &Browser, app: &App, name: &str) -> Result<(), String> {
    b.goto(&format!("{}/login", app.address)).await?;
    b.type_into("#username", name).await?;
    b.type_into("#password", DEMO_PASSWORD).await?;
    b.click("#sign-in").await?;
    b.wait_for("header.top .who").await?;
    Ok(())
}

pub async fn sign_out(b: &Browser) -> Result<(), String> {
    b.click("header.top form button").await?;
    b.wait_for("#sign-in").await?;
    Ok(())
}

fn number(text: &str) -> Result<i64, String> {
    to_arabic_digits(text.trim())
        .parse()
        .map_err(|_| format!("not a number: {text:?}"))
}

async fn received_on_dashboard(b: &Browser, app: &App) -> Result<i64, String> {
    b.goto(&format!("{}/letters/1/dashboard", app.address))
        .await?;
    number(&b.text("#all-received").await?)
}

/// The officer attaches the scanned letter from the letter page with the browser's own file
/// picker, and the page lists it with a working download link.
async fn upload_scan(b: &Browser, app: &App) -> Result<(), String> {
    let name = "หนังสือ นร ๑๒๐๗-๕๐๙.pdf";
    let path = app.dir.path().join(name);
    let pdf =
        b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n";
    std::fs::write(&path, pdf).map_err(|e| e.to_string())?;
    let picker = b.wait_for("#upload-file").await?;
    picker
        .send_keys(&path.display().to_string())
        .await
        .map_err(|e| format!("choose the file: {e}"))?;
    b.type_into("#upload-title", "หนังสือ สำนักงาน ก.พ.ร. (ฉบับสแกน)")
        .await?;
    b.click("#upload-button").await?;
    let listed = b.text("#file-list li").await?;
    if !listed.contains("ฉบับสแกน") || !listed.contains("PDF") {
        return Err(format!("the uploaded file is not listed: {listed}"));
    }
    confirmed(b, "แนบไฟล์").await?;
    b.screenshot("05b-letter-files").await?;
    let href = b
        .wait_for("#file-list li a")
        .await?
        .attr("href")
        .await
        .map_err(|e| e.to_string())?
        .ok_or("no link to the file")?;
    let cookie = b
        .client
        .get_named_cookie("saraban_session")
        .await
        .map_err(|e| format!("session cookie: {e}"))?;
    let got = reqwest::Client::new()
        .get(format!("{}{href}", app.address))
        .header("cookie", format!("saraban_session={}", cookie.value()))
        .send()
        .await
        .map_err(|e| e.to_string())?;
    if !got.status().is_success() {
        return Err(format!("the file link answered {}", got.status()));
    }
    let bytes = got.bytes().await.map_err(|e| e.to_string())?;
    if bytes.as_ref() != pdf {
        return Err("the downloaded file differs from the uploaded one".into());
    }
    Ok(())
}

/// The officer issues a letter typing its due date the Thai way: a date that does not exist
/// comes back in Thai at its field with the other values kept; corrected, the letter page
/// confirms the new number and how many offices it went to, and shows the due date in พ.ศ.
async fn new_letter_with_thai_dates(b: &Browser, app: &App) -> Result<(), String> {
    b.goto(&format!("{}/letters/new", app.address)).await?;
    b.type_into("#subject", "ทดสอบกำหนดดำเนินการแบบไทย").await?;
    b.type_into("#addressee", "ผู้ว่าราชการจังหวัด").await?;
    b.type_into("#due_date", "๓๑ ก.พ. ๒๕๖๙").await?;
    b.click("#issue-letter").await?;
    let error = b.text("#due_date-error").await?;
    if !error.contains("กำหนดดำเนินการ") {
        return Err(format!("no Thai error at กำหนดดำเนินการ: {error:?}"));
    }
    let kept = b
        .wait_for("#subject")
        .await?
        .prop("value")
        .await
        .map_err(|e| e.to_string())?
        .unwrap_or_default();
    if kept != "ทดสอบกำหนดดำเนินการแบบไทย" {
        return Err(format!("เรื่อง was not kept: {kept:?}"));
    }
    b.type_into("#due_date", "30/6/69").await?;
    // The officer's office may have no offices below it to send to: then the letter is only
    // numbered, and the confirmation says so.
    let form = b.source().await?;
    let to = ["name=\"to\"", "name=\"group\""]
        .into_iter()
        .find(|n| form.contains(n));
    if let Some(name) = to {
        b.click(&format!("#letter-form input[{name}]")).await?;
    }
    b.click("#issue-letter").await?;
    confirmed(b, "ออกเลข").await?;
    confirmed(
        b,
        if to.is_some() {
            "ส่งถึง"
        } else {
            "ยังไม่ได้ส่งถึงหน่วยงานใด"
        },
    )
    .await?;
    let page = b.source().await?;
    if !page.contains("๓๐ มิ.ย. ๒๕๖๙") {
        return Err("the due date typed as 30/6/69 is not shown as ๓๐ มิ.ย. ๒๕๖๙".into());
    }
    b.screenshot("06-new-letter-issued").await
}

/// The page an action led to says what happened, in its banner at the top.
pub async fn confirmed(b: &Browser, expected: &str) -> Result<(), String> {
    let banner = b.text("#flash").await?;
    if banner.contains(expected) {
        Ok(())
    } else {
        Err(format!(
            "the confirmation says {banner:?}, not {expected:?}"
        ))
    }
}

/// The clerk logs a paper letter typing dates and a time the Thai way: a bad date comes back
/// in Thai at its field with the other values kept; corrected, the receipt shows the time.
async fn thai_dates_in_the_receipt_form(b: &Browser, app: &App) -> Result<(), String> {
    b.goto(&format!("{}/receipts/new", app.address)).await?;
    b.type_into("#number", "ที่ มท ๐๓๑๐/ว ๑๒๓").await?;
    b.type_into("#dated", "๒๘ พ.ค. ๒๕๖๙").await?;
    b.type_into("#from_name", "กรมการปกครอง").await?;
    b.type_into("#subject", "ทดสอบวันที่แบบไทย").await?;
    b.type_into("#received_on", "31/02/2569").await?;
    b.type_into("#received_time", "๐๙.๓๐ น.").await?;
    b.click("#save-receipt").await?;
    let error = b.text("#received_on-error").await?;
    if !error.contains("วันที่รับ") {
        return Err(format!("no Thai error at วันที่รับ: {error}"));
    }
    let kept = b
        .wait_for("#dated")
        .await?
        .prop("value")
        .await
        .map_err(|e| e.to_string())?
        .unwrap_or_default();
    if kept != "๒๘ พ.ค. ๒๕๖๙" {
        return Err(format!("ลงวันที่ was not kept: {kept:?}"));
    }
    b.screenshot("10-receipt-form-error").await?;
    b.type_into("#received_on", "1/6/69").await?;
    b.click("#save-receipt").await?;
    b.wait_for("#receipt-number").await?;
    let stamp = b.text(".stamp").await?;
    if !stamp.contains("๑ มิ.ย. ๒๕๖๙") || !stamp.contains("๐๙.๓๐ น.") {
        return Err(format!(
            "the stamp does not show the typed date and time: {stamp}"
        ));
    }
    Ok(())
}

/// The two widths every page is checked at: a phone (390×844) and a laptop (1366×900).
const WIDTHS: [(u32, u32); 2] = [(390, 844), (1366, 900)];

async fn numbers(b: &Browser, script: &str) -> Result<Vec<i64>, String> {
    let v = b
        .client
        .execute(script, vec![])
        .await
        .map_err(|e| format!("{script}: {e}"))?;
    v.as_array()
        .map(|a| a.iter().filter_map(serde_json::Value::as_i64).collect())
        .ok_or_else(|| format!("{script}: {v}"))
}

/// Sets the viewport (not the window) to `w`×`h`.
async fn viewport(b: &Browser, w: u32, h: u32) -> Result<(), String> {
    let inner = "return [window.innerWidth, window.innerHeight];";
    b.client
        .set_window_size(w, h)
        .await
        .map_err(|e| format!("window size: {e}"))?;
    let got = numbers(b, inner).await?;
    let (iw, ih) = (got.first().copied(), got.get(1).copied());
    if (iw, ih) != (Some(w.into()), Some(h.into())) {
        // The window's frame takes some room: grow the window by it once.
        let dw = i64::from(w) - iw.unwrap_or(0.into());
        let dh = i64::from(h) - ih.unwrap_or(0.into());
        let ww = u32::try_from(i64::from(w) + dw).map_err(|e| e.to_string())?;
        let wh = u32::try_from(i64::from(h) + dh).map_err(|e| e.to_string())?;
        b.client
            .set_window_size(ww, wh)
            .await
            .map_err(|e| format!("window size: {e}"))?;
        let again = numbers(b, inner).await?;
        if again.first() != Some(&i64::from(w)) {
            return Err(format!("the viewport is {again:?}, not {w}×{h}"));
        }
    }
    Ok(())
}

/// No sideways scrolling of the page: `document.documentElement.scrollWidth <= innerWidth`.
async fn fits(b: &Browser, what: &str) -> Result<(), String> {
    let v = numbers(
        b,
        "return [document.documentElement.scrollWidth, window.innerWidth];",
    )
    .await?;
    match v.as_slice() {
        [sw, iw] if sw <= iw => Ok(()),
        other => Err(format!(
            "{what}: the page scrolls sideways (scrollWidth, innerWidth) = {other:?}"
        )),
    }
}

/// The first inbox row's ลงรับ button is inside the viewport as the page opens.
async fn receive_button_in_view(b: &Browser, what: &str) -> Result<(), String> {
    let v = numbers(
        b,
        "const r = document.querySelector('#inbox button.receive').getBoundingClientRect(); \
         return [Math.floor(r.left), Math.ceil(r.right), Math.floor(r.top), Math.ceil(r.bottom), \
         window.innerWidth, window.innerHeight];",
    )
    .await?;
    match v.as_slice() {
        [l, r, t, bot, w, h] if *l >= 0 && r <= w && *t >= 0 && bot <= h => Ok(()),
        other => Err(format!(
            "{what}: the ลงรับ button is not in view (left, right, top, bottom, width, height) = {other:?}"
        )),
    }
}

/// Opens each page (path, an element to wait for, a name) at both widths: no sideways
/// scrolling, no serious or critical accessibility violation (axe-core), a screenshot
/// `w<width>-<name>`; then back to the laptop width.
pub async fn at_both_widths(
    b: &Browser,
    app: &App,
    pages: &[(&str, &str, &str)],
) -> Result<(), String> {
    for (w, h) in WIDTHS {
        viewport(b, w, h).await?;
        for (path, css, name) in pages {
            b.goto(&format!("{}{path}", app.address)).await?;
            b.wait_for(css).await?;
            fits(b, &format!("{name} at {w}px")).await?;
            crate::axe::check(b, name, &format!("{name} at {w}px")).await?;
            if *name == "inbox" {
                receive_button_in_view(b, &format!("inbox at {w}px")).await?;
            }
            b.screenshot(&format!("w{w}-{name}")).await?;
        }
    }
    viewport(b, 1366, 900).await
}

pub async fn run(app: &App, b: &Browser) -> Result<(), String> {
    b.goto(&format!("{}/", app.address)).await?;
    b.wait_for("#sign-in").await?;
    b.screenshot("01-login").await?;
    at_both_widths(
        b,
        app,
        &[
            ("/login", "#sign-in", "login"),
            ("/about", ".about h1", "about"),
        ],
    )
    .await?;

    // The OPDC officer: the letter's dashboard before.
    sign_in(b, app, "opdc.clerk").await?;
    let before = received_on_dashboard(b, app).await?;
    b.goto(&format!("{}/letters/1", app.address)).await?;
    b.wait_for("#chain").await?;
    b.screenshot("05-letter").await?;
    upload_scan(b, app).await?;
    at_both_widths(
        b,
        app,
        &[
            ("/letters/1", "#chain", "letter"),
            ("/letters/1/dashboard", "#levels", "dashboard"),
            ("/letters/new", "#letter-form", "new-letter"),
            ("/letters/999999", ".card.error", "not-found"),
        ],
    )
    .await?;
    new_letter_with_thai_dates(b, app).await?;
    sign_out(b).await?;

    // The district clerk logs the province's circular from the inbox.
    sign_in(b, app, "bansang.clerk").await?;
    let row = b.text("#inbox tbody tr").await?;
    if !row.contains("ว ๒๓๒๓") {
        return Err(format!("the circular is not in the inbox: {row}"));
    }
    b.screenshot("02-inbox").await?;
    let form = b
        .wait_for("#inbox td.actions a")
        .await?
        .attr("href")
        .await
        .map_err(|e| e.to_string())?
        .ok_or("no link to the receipt form")?;
    at_both_widths(
        b,
        app,
        &[
            ("/inbox", "#inbox", "inbox"),
            (&form, "#receipt-form", "receipt-form"),
            ("/receipts/new", "#receipt-form", "receipt-form-outside"),
        ],
    )
    .await?;
    b.goto(&format!("{}/inbox", app.address)).await?;
    b.click("#inbox button.receive").await?;
    let got = b.text("#receipt-number").await?;
    if number(&got)? < 1 {
        return Err(format!("no receipt number: {got}"));
    }
    confirmed(b, "ลงรับแล้ว เลขรับที่").await?;
    b.screenshot("03-receipt").await?;
    let receipt = b
        .client
        .current_url()
        .await
        .map_err(|e| e.to_string())?
        .path()
        .to_string();

    // The register, its print view and the XLSX download (with the session cookie).
    b.goto(&format!("{}/registers/receipt/2569", app.address))
        .await?;
    b.wait_for("#register tbody tr").await?;
    b.screenshot("04-register").await?;
    b.click("#print-link").await?;
    b.wait_for(".register-print #register").await?;
    b.screenshot("04b-register-print").await?;
    at_both_widths(
        b,
        app,
        &[
            (&receipt, "#receipt-number", "receipt"),
            ("/registers/receipt/2569", "#register tbody tr", "register"),
            (
                "/registers/receipt/2569/print",
                ".register-print #register",
                "register-print",
            ),
            ("/search?q=ปจ", "#results", "search"),
        ],
    )
    .await?;
    let cookie = b
        .client
        .get_named_cookie("saraban_session")
        .await
        .map_err(|e| format!("session cookie: {e}"))?;
    let xlsx = reqwest::Client::new()
        .get(format!("{}/registers/receipt/2569.xlsx", app.address))
        .header("cookie", format!("saraban_session={}", cookie.value()))
        .send()
        .await
        .map_err(|e| e.to_string())?;
    let ok = xlsx.status().is_success();
    let bytes = xlsx.bytes().await.map_err(|e| e.to_string())?;
    if !ok
        || !bytes.starts_with(b"PK\x03\x04")
        || !String::from_utf8_lossy(&bytes).contains("xl/worksheets/")
    {
        return Err("the XLSX download is not a workbook".into());
    }

    thai_dates_in_the_receipt_form(b, app).await?;

    // A form posted without its CSRF token is refused with a readable Thai page.
    b.goto(&format!("{}/receipts/new", app.address)).await?;
    b.type_into("#number", "ที่ ทดสอบ ๑/๒๕๖๙").await?;
    b.type_into("#from_name", "หน่วยงานทดสอบ").await?;
    b.type_into("#subject", "ทดสอบ CSRF").await?;
    b.client
        .execute(
            "document.querySelectorAll('#receipt-form input[name=csrf_token]').forEach(e => e.remove()); return null;",
            vec![],
        )
        .await
        .map_err(|e| format!("remove the token: {e}"))?;
    b.click("#save-receipt").await?;
    let refused = b.text("section.error h1").await?;
    if !refused.contains("ไม่มีสิทธิ์") || !b.source().await?.contains("CSRF")
    {
        return Err(format!(
            "a post without CSRF token was not refused: {refused}"
        ));
    }
    b.screenshot("07-csrf-refused").await?;
    // A clerk asking for an administrator's page gets the Thai 403 page.
    at_both_widths(
        b,
        app,
        &[("/admin/offices", "section.error h1", "forbidden")],
    )
    .await?;
    b.goto(&format!("{}/search?q=ปจ", app.address)).await?;
    b.wait_for("#results").await?;
    b.screenshot("08-search").await?;
    b.goto(&format!("{}/inbox", app.address)).await?;
    sign_out(b).await?;

    // The officer sees the count change.
    sign_in(b, app, "opdc.clerk").await?;
    let after = received_on_dashboard(b, app).await?;
    b.screenshot("06-dashboard").await?;
    if after != before + 1 {
        return Err(format!(
            "dashboard received: {before} before, {after} after"
        ));
    }
    b.goto(&format!("{}/letters/new", app.address)).await?;
    b.wait_for("#letter-form").await?;
    b.screenshot("09-new-letter").await?;
    sign_out(b).await?;
    crate::answers::answer_on_the_letter_page(b, app).await?;
    crate::admin::admin_pages(b, app).await
}
