//! End-to-end tests: the Thai pages in headless Chromium through chromedriver (WebDriver).
//!
//! Run on both passes (SQLite, and PostgreSQL with `TEST_DATABASE_URL`), one browser, the
//! scenarios in order in one test function.
//! Without chromium and chromedriver they print `SKIPPED (chromium missing)`, except under
//! CI=true, where that is a failure. Screenshots go to target/screenshots/.

mod admin;
mod answers;
mod axe;
mod browser;
mod scenarios;

use browser::Browser;

#[tokio::test]
async fn clerk_and_officer_use_the_pages_in_a_real_browser() {
    let Some(tools) = browser::find_tools() else {
        if std::env::var("CI").as_deref() == Ok("true") {
            panic!("chromium and chromedriver are required under CI=true (.ci/run installs them)");
        }
        println!("SKIPPED (chromium missing)");
        return;
    };
    let app = scenarios::start_app().await;
    let b = Browser::start(&tools).await;
    let result = scenarios::run(&app, &b).await;
    b.stop().await;
    if let Err(e) = result {
        panic!("{e}");
    }
}
