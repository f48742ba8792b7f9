//! The first hop of the seed chain: OPDC issues นร ๑๒๐๗/๕๐๙ to the provincial halls and
//! Prachinburi's hall logs it as ๔๗๒๐ on 5 May 2569.

use crate::helpers::assert_error;

use crate::helpers::spawn_app;

use crate::helpers::TestApp;
use reqwest::StatusCode;
use serde_json::json;

const SUBJECT: &str = "ขอความอนุเคราะห์ประชาสัมพันธ์การจัดทำแผนปฏิบัติการแห่งชาติของประเทศไทยในฐานะประเทศสมาชิกภาคีเครือข่ายภาครัฐระบบเปิด (Open Government Partnership)";

pub struct Seed {
    pub opdc: i64,
    pub hall: i64,
    pub chonburi: i64,
    pub opdc_clerk: String,
    pub hall_clerk: String,
}

pub async fn seed_offices(app: &TestApp) -> Seed {
    let opdc = app
        .org(json!({"code": "OPDC", "name": "สำนักงาน ก.พ.ร.", "kind": "department", "letter_code": "นร ๑๒๐๗", "email": "saraban@opdc.go.th"}))
        .await;
    let hall = app
        .org(json!({"code": "P25", "name": "ศาลากลางจังหวัดปราจีนบุรี", "kind": "province", "letter_code": "ปจ 0017.1"}))
        .await;
    let chonburi = app
        .org(json!({"code": "P20", "name": "ศาลากลางจังหวัดชลบุรี", "kind": "province", "letter_code": "ชบ 0017.1"}))
        .await;
    Seed {
        opdc,
        hall,
        chonburi,
        opdc_clerk: app.user("opdc-clerk", "clerk", Some(opdc)),
        hall_clerk: app.user("pcb-clerk", "clerk", Some(hall)),
    }
}

#[tokio::test]
async fn opdc_letter_is_received_by_prachinburi_as_4720() {
    let app = spawn_app().await;
    let s = seed_offices(&app).await;
    app.set_series(s.opdc, "dispatch", 2569, 509).await;
    app.set_series(s.hall, "receipt", 2569, 4720).await;

    let (status, letter) = app
        .post(
            &format!("/api/v1/orgs/{}/letters", s.opdc),
            &s.opdc_clerk,
            json!({"subject": SUBJECT, "addressee": "ผู้ว่าราชการจังหวัดปราจีนบุรี", "circular": false,
                   "issued_at": "2026-04-30T09:00:00+07:00"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{letter}");
    assert_eq!(letter["number"], "นร ๑๒๐๗/๕๐๙");
    assert_eq!(letter["number_canonical"], "นร 1207/509");
    assert_eq!(letter["running_number"], 509);
    assert_eq!(letter["year_be"], 2569);
    assert_eq!(
        letter["dated"], "2026-04-30",
        "dated defaults to the Bangkok date of issued_at"
    );
    assert_eq!(letter["circular"], false);
    let letter_id = letter["id"].as_i64().expect("id");

    let (status, sent) = app
        .post(
            &format!("/api/v1/letters/{letter_id}/dispatches"),
            &s.opdc_clerk,
            json!({"sender_id": s.opdc, "recipient_ids": [s.hall, s.chonburi, s.hall]}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{sent}");
    let deliveries = sent["deliveries"].as_array().expect("deliveries");
    assert_eq!(deliveries.len(), 2, "the repeated recipient is dropped");
    assert!(deliveries.iter().all(|d| d["status"] == "pending"));
    let to_hall = deliveries
        .iter()
        .find(|d| d["recipient_id"] == s.hall)
        .and_then(|d| d["id"].as_i64())
        .expect("delivery to the hall");

    let (status, receipt) = app
        .post(
            &format!("/api/v1/orgs/{}/receipts", s.hall),
            &s.hall_clerk,
            json!({"delivery_id": to_hall, "received_on": "2026-05-05",
                   "action": "สำนักงานจังหวัด กลุ่มงานยุทธศาสตร์ฯ"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{receipt}");
    assert_eq!(receipt["number"], 4720);
    assert_eq!(receipt["year_be"], 2569);
    assert_eq!(receipt["received_on"], "2026-05-05");
    assert_eq!(receipt["received_time"], serde_json::Value::Null);
    assert_eq!(
        receipt["received_at"],
        serde_json::Value::Null,
        "no time was stamped"
    );
    assert_eq!(receipt["letter_id"], letter_id);
    assert_eq!(receipt["delivery_id"], to_hall);
    assert_eq!(receipt["stamp"], "เลขรับที่ ๔๗๒๐ วันที่ ๕ พ.ค. ๒๕๖๙ เวลา");

    let (status, fetched) = app
        .get(
            &format!("/api/v1/receipts/{}", receipt["id"]),
            &s.hall_clerk,
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(fetched["stamp"], receipt["stamp"]);

    let (status, dist) = app
        .get(
            &format!("/api/v1/letters/{letter_id}/distribution"),
            &s.opdc_clerk,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{dist}");
    assert_eq!(dist["letter"]["number"], "นร ๑๒๐๗/๕๐๙");
    let summary = &dist["summary"];
    assert_eq!(summary["total"], 2);
    assert_eq!(summary["pending"], 1);
    assert_eq!(summary["received"], 1);
    assert_eq!(summary["acknowledged"], 0);
    assert_eq!(summary["not_related"], 0);
    assert_eq!(summary["offices"], 2);
    assert_eq!(summary["by_kind"]["province"]["total"], 2);
    assert_eq!(summary["by_kind"]["province"]["received"], 1);
    let dist_tree = crate::helpers::nested(&dist);
    let hops = dist_tree.as_array().expect("hops");
    let hall_hop = hops
        .iter()
        .find(|h| h["recipient"]["id"] == s.hall)
        .expect("hall hop");
    assert_eq!(hall_hop["status"], "received");
    assert_eq!(hall_hop["recipient"]["name"], "ศาลากลางจังหวัดปราจีนบุรี");
    assert_eq!(hall_hop["receipt"]["number"], 4720);
    assert_eq!(
        hall_hop["receipt"]["stamp"],
        "เลขรับที่ ๔๗๒๐ วันที่ ๕ พ.ค. ๒๕๖๙ เวลา"
    );

    // The hall sees its own hop only, not Chonburi's.
    let (status, theirs) = app
        .get(
            &format!("/api/v1/letters/{letter_id}/distribution"),
            &s.hall_clerk,
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(theirs["summary"]["total"], 1);
    assert_eq!(
        crate::helpers::nested(&theirs)[0]["recipient"]["id"],
        s.hall
    );
}

#[tokio::test]
async fn same_letter_received_twice_is_flagged_unless_allowed() {
    let app = spawn_app().await;
    let s = seed_offices(&app).await;
    app.set_series(s.hall, "receipt", 2569, 4720).await;
    let inline = json!({"letter": {"number": "ที่ นร ๑๒๐๗/๕๐๙", "dated": "2026-04-30", "subject": SUBJECT,
                                    "from_name": "สำนักงาน ก.พ.ร."},
                        "received_on": "2026-05-05"});
    let path = format!("/api/v1/orgs/{}/receipts", s.hall);
    let (status, first) = app.post(&path, &s.hall_clerk, inline.clone()).await;
    assert_eq!(status, StatusCode::CREATED, "{first}");
    assert_eq!(first["number"], 4720);

    let again = app.post(&path, &s.hall_clerk, inline.clone()).await;
    assert_error(&again, 409, "duplicate_receipt");
    assert_eq!(again.1["existing"]["number"], 4720);
    assert_eq!(again.1["existing"]["id"], first["id"]);

    let mut allowed = inline.clone();
    allowed["allow_duplicate"] = json!(true);
    let (status, second) = app.post(&path, &s.hall_clerk, allowed).await;
    assert_eq!(status, StatusCode::CREATED, "{second}");
    assert_eq!(second["number"], 4721, "the refused attempt used no number");
    assert_eq!(second["duplicate_of"], first["id"]);
    assert_eq!(
        second["letter_id"], first["letter_id"],
        "matched by canonical number and date"
    );
}

#[tokio::test]
async fn district_stamp_has_thai_digits_and_the_time() {
    let app = spawn_app().await;
    let district = app
        .org(
            json!({"name": "ที่ว่าการอำเภอเมืองปราจีนบุรี", "kind": "district", "letter_code": "ปจ 0118"}),
        )
        .await;
    let clerk = app.user("district-clerk", "clerk", Some(district));
    app.set_series(district, "receipt", 2569, 3654).await;
    let (status, receipt) = app
        .post(
            &format!("/api/v1/orgs/{district}/receipts"),
            &clerk,
            json!({"letter": {"number": "ปจ ๐๐๑๗.๒/ว ๒๓๒๓", "dated_raw": "๓) พฤษภาคม ๒๕๖๙",
                              "subject": SUBJECT, "from_name": "จังหวัดปราจีนบุรี"},
                   "received_on": "2026-05-08", "received_time": "10:30"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{receipt}");
    assert_eq!(receipt["number"], 3654);
    assert_eq!(receipt["received_time"], "10:30");
    assert_eq!(receipt["received_at"], "2026-05-08T03:30:00Z");
    assert_eq!(
        receipt["stamp"],
        "เลขรับที่ ๓๖๕๔ วันที่ ๘ พ.ค. ๒๕๖๙ เวลา ๑๐.๓๐ น."
    );

    let (status, letter) = app
        .get(&format!("/api/v1/letters/{}", receipt["letter_id"]), &clerk)
        .await;
    assert_eq!(status, StatusCode::OK, "{letter}");
    assert_eq!(
        letter["number"], "ปจ ๐๐๑๗.๒/ว ๒๓๒๓",
        "the raw number is kept as written"
    );
    assert_eq!(letter["number_canonical"], "ปจ 0017.2/ว 2323");
    assert_eq!(letter["circular"], true);
    assert_eq!(letter["running_number"], 2323);
    assert_eq!(
        letter["dated"],
        serde_json::Value::Null,
        "the garbled day is not guessed"
    );
    assert_eq!(letter["dated_raw"], "๓) พฤษภาคม ๒๕๖๙");
}
