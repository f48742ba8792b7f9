//! `serve --demo` loads the whole seed chain, so OPDC's view of its letter shows a real tree.

use crate::chain::find;

use crate::chain::ok;
use crate::helpers::spawn_app_at;
use saraban::services::demo;

#[tokio::test]
async fn the_demo_shows_the_seed_chain_to_opdc() {
    let app = spawn_app_at("2026-06-01T09:00:00+07:00").await;
    let now = app.clock.now();
    let users = app
        .db
        .write_blocking(move |c| demo::load::load(c, now))
        .expect("demo loads")
        .expect("into an empty directory");
    let token = |name: &str| {
        users
            .iter()
            .find(|u| u.name == name)
            .map(|u| u.token.clone())
            .expect("demo user")
    };
    let dist = ok(&app, "/api/v1/letters/1/distribution", &token("opdc.clerk")).await;
    assert_eq!(dist["letter"]["number"], "นร ๑๒๐๗/๕๐๙");
    let s = &dist["summary"];
    assert_eq!(s["total"], 19, "{s}");
    assert_eq!(
        (
            s["received"].as_i64(),
            s["acknowledged"].as_i64(),
            s["not_related"].as_i64()
        ),
        (Some(5), Some(1), Some(1))
    );
    assert_eq!(
        (
            s["pending"].as_i64(),
            s["forwarded"].as_i64(),
            s["overdue"].as_i64()
        ),
        (Some(12), Some(5), Some(12))
    );
    let hall = &crate::helpers::nested(&dist)[0];
    assert_eq!(hall["receipt"]["number"], 4720);
    let po = &hall["children"][0];
    assert_eq!(po["receipt"]["number"], 2197);
    let strat = &po["children"][0];
    assert_eq!(strat["receipt"]["number"], 783);
    let mueang_id = app
        .db
        .read_blocking(|c| Ok(saraban::db::models::org::find_by_code(c, "P25-D01")?.map(|o| o.id)))
        .expect("read")
        .expect("district");
    let mueang = find(&strat["children"], mueang_id);
    assert_eq!(mueang["letter"]["number"], "ปจ ๐๐๑๗.๒/ว ๒๓๒๓");
    assert_eq!(mueang["receipt"]["number"], 3654);
    assert_eq!(mueang["receipt"]["received_on"], "2026-05-08");
    assert_eq!(mueang["children"].as_array().map(Vec::len), Some(4));
    // Loading again changes nothing.
    assert!(app
        .db
        .write_blocking(move |c| demo::load::load(c, now))
        .expect("second load")
        .is_none());
}
