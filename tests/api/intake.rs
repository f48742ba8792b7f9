//! `POST /api/v1/intake` reads the seed scan: two letters and four receipt stamps.

use crate::helpers::assert_error;

use crate::helpers::spawn_app;
use reqwest::StatusCode;
use serde_json::{json, Value};

const SEED: &str = include_str!("../data/seed-letter-opdc-ogp.txt");

fn stamp(stamps: &[Value], number: u64) -> &Value {
    stamps
        .iter()
        .find(|s| s["number"] == number)
        .unwrap_or_else(|| panic!("stamp {number} missing"))
}

#[tokio::test]
async fn the_seed_scan_gives_both_letters_and_four_stamps() {
    let app = spawn_app().await;
    let office = app
        .org(json!({"code": "P25D01", "name": "ที่ว่าการอำเภอเมืองปราจีนบุรี", "kind": "district"}))
        .await;
    let token = app.user("reader", "viewer", Some(office));
    let (status, body) = app
        .post("/api/v1/intake", &token, json!({"text": SEED}))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let letters = body["letters"].as_array().expect("letters");
    assert_eq!(letters.len(), 2);
    let (l2, l1) = (&letters[0], &letters[1]);

    assert_eq!(l2["number"]["value"]["canonical"], "ปจ 0017.2/ว 2323");
    assert_eq!(l2["number"]["value"]["circular"], true);
    assert_eq!(l2["number"]["raw"], "ปจ ๐๐๑๗.๒/ว ๒๓๒๓");
    assert_eq!(
        l2["dated"]["value"],
        Value::Null,
        "the day is garbled: do not guess"
    );
    assert_eq!(l2["dated"]["uncertain"], true);
    assert_eq!(l2["dated"]["raw"], "๓) พฤษภาคม ๒๕๖๙");
    assert_eq!(
        l2["dated_bounds"],
        json!({"not_before": "2026-05-05", "not_after": "2026-05-08"})
    );
    assert!(l2["subject"]["value"]
        .as_str()
        .expect("subject")
        .starts_with("ขอบความ"));
    assert!(l2["subject"]["suggested"]
        .as_str()
        .expect("suggested")
        .starts_with("ขอความอนุเคราะห์ประชาสัมพันธ์"));
    assert!(l2["addressee"]["value"]
        .as_str()
        .expect("addressee")
        .starts_with("หัวหน้าส่วนราชการทุกส่วนราชการ"));
    assert_eq!(
        l2["enclosures"][0]["value"]["number"]["canonical"],
        "นร 1207/509"
    );
    assert_eq!(l2["enclosures"][0]["value"]["dated"], "2026-04-30");
    assert_eq!(l2["signer_position"]["value"], "ผู้ว่าราชการจังหวัดปราจีนบุรี");

    assert_eq!(l1["number"]["value"]["canonical"], "นร 1207/509");
    assert_eq!(l1["dated"]["value"], "2026-04-30");
    assert_eq!(l1["dated"]["uncertain"], false);
    assert_eq!(l1["addressee"]["value"], "ผู้ว่าราชการจังหวัดปราจีนบุรี");
    assert_eq!(l1["from"]["value"], "สำนักงาน ก.พ.ร.");
    assert_eq!(l1["email"]["value"], "saraban@opdc.go.th");

    let stamps = body["receipt_stamps"].as_array().expect("stamps");
    assert_eq!(stamps.len(), 4, "{stamps:?}");
    let district = stamp(stamps, 3654);
    assert_eq!(district["date"], "2026-05-08");
    assert_eq!(district["office"], "ที่ว่าการอำเภอเมืองปราจีนบุรี");
    assert_eq!(district["letter_index"], 0);
    for (number, office) in [
        (783, "กลุ่มงานยุทธศาสตร์ฯ"),
        (4720, "ศาลากลางจังหวัดปราจีนบุรี"),
        (2197, "สำนักงาน ก.พ.ร. ปราจีนบุรี"),
    ] {
        let s = stamp(stamps, number);
        assert_eq!(s["date"], "2026-05-05", "{s}");
        assert_eq!(s["time"], Value::Null, "{s}");
        assert_eq!(s["office"], office);
        assert_eq!(s["letter_index"], 1);
    }
    // Spans point at the text they came from, counted in characters.
    let chars: Vec<char> = SEED.chars().collect();
    let span = &l2["number"]["span"];
    let (a, b) = (
        span[0].as_u64().expect("a") as usize,
        span[1].as_u64().expect("b") as usize,
    );
    assert_eq!(chars[a..b].iter().collect::<String>(), "ปจ ๐๐๑๗.๒/ว ๒๓๒๓");
}

#[tokio::test]
async fn empty_or_oversized_text_is_refused_and_a_token_is_required() {
    let app = spawn_app().await;
    let token = app.admin_token.clone();
    assert_error(
        &app.post("/api/v1/intake", &token, json!({"text": "  \n "}))
            .await,
        422,
        "invalid_text",
    );
    let big = "ก".repeat(90 * 1024); // 3 bytes each: 270 KB, over the 256 KB text limit
    assert_error(
        &app.post("/api/v1/intake", &token, json!({"text": big}))
            .await,
        422,
        "invalid_text",
    );
    // Just under the limit is read (a scan's text can be long).
    let (status, _) = app
        .post(
            "/api/v1/intake",
            &token,
            json!({"text": "ก".repeat(85 * 1024)}),
        )
        .await;
    assert_eq!(status, reqwest::StatusCode::OK);
    assert_error(
        &app.post("/api/v1/intake", &token, json!({"txt": "x"}))
            .await,
        400,
        "malformed_request",
    );
    let (status, _) = app
        .send(
            reqwest::Method::POST,
            "/api/v1/intake",
            None,
            Some(&json!({"text": SEED})),
        )
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, body) = app
        .post("/api/v1/intake", &token, json!({"text": "สวัสดีครับ"}))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        body,
        json!({"source": "text", "letters": [], "receipt_stamps": []}),
        "plain text yields nothing, not an error"
    );
}
