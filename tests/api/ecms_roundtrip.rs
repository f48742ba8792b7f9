//! An e-CMS letter exported and imported keeps its references and its files: a reference to a
//! letter the receiving office sees becomes a link to that letter, one it does not see a
//! minimal recorded letter; the main file and the enclosures arrive byte for byte. A document
//! with a bad binary object or a bad reference stores nothing.

use crate::files_support::{pdf, pdf_of_size, png, sha256, upload};
use crate::helpers::{spawn_app, spawn_app_configured, TestApp};
use saraban::clock::Clock;
use serde_json::{json, Value};

fn counts(app: &TestApp) -> Vec<i64> {
    app.db
        .read_blocking(|c| {
            use diesel::prelude::*;
            use saraban::db::schema::{deliveries, letter_files, letter_links, letters};
            Ok(vec![
                letters::table.count().get_result::<i64>(c)?,
                letter_files::table.count().get_result::<i64>(c)?,
                letter_links::table.count().get_result::<i64>(c)?,
                deliveries::table.count().get_result::<i64>(c)?,
            ])
        })
        .expect("counts")
}

async fn import(app: &TestApp, token: &str, body: String) -> (u16, Value) {
    let resp = app
        .client
        .post(format!("{}/api/v1/exchange/ecms", app.address))
        .bearer_auth(token)
        .header("Content-Type", "application/xml")
        .body(body)
        .send()
        .await
        .expect("import");
    let status = resp.status().as_u16();
    (status, resp.json::<Value>().await.unwrap_or_default())
}

/// Issues a letter of `org` and dispatches it to `to`; returns its view.
async fn issue_to(app: &TestApp, org: i64, token: &str, to: i64, body: Value) -> Value {
    let (status, letter) = app
        .post(&format!("/api/v1/orgs/{org}/letters"), token, body)
        .await;
    assert_eq!(status.as_u16(), 201, "{letter}");
    let id = letter["id"].as_i64().expect("letter");
    let (status, sent) = app
        .post(
            &format!("/api/v1/letters/{id}/dispatches"),
            token,
            json!({"sender_id": org, "recipient_ids": [to]}),
        )
        .await;
    assert_eq!(status.as_u16(), 201, "{sent}");
    letter
}

/// Arabic digits in a letter number become Thai digits (the same canonical number).
fn thai_digits(s: &str) -> String {
    s.chars()
        .map(|c| match c.to_digit(10) {
            Some(d) => char::from_u32(0x0E50 + d).unwrap_or(c),
            None => c,
        })
        .collect()
}

/// OPDC and Prachinburi's hall, both with e-CMS ids, and a clerk of each.
async fn opdc_and_hall(app: &TestApp, prefix: &str) -> (i64, i64, String, String) {
    let a = app
        .org(json!({"name": "สำนักงาน ก.พ.ร.", "kind": "department", "letter_code": "นร 1207", "ecms_id": "0000012000"}))
        .await;
    let b = app
        .org(json!({"name": "ศาลากลางจังหวัดปราจีนบุรี", "kind": "province", "letter_code": "ปจ 0017", "ecms_id": "0000025000"}))
        .await;
    let clerk_a = app.user(&format!("{prefix}-a"), "clerk", Some(a));
    let clerk_b = app.user(&format!("{prefix}-b"), "clerk", Some(b));
    (a, b, clerk_a, clerk_b)
}

#[tokio::test]
async fn an_exported_letter_imports_with_its_references_and_files() {
    let app = spawn_app().await;
    let (a, b, clerk_a, clerk_b) = opdc_and_hall(&app, "round").await;
    let earlier = issue_to(
        &app,
        a,
        &clerk_a,
        b,
        json!({"subject": "แจ้งกำหนดการประชุม", "addressee": "ผู้ว่าราชการจังหวัด"}),
    )
    .await;
    let earlier_id = earlier["id"].as_i64().expect("earlier");
    let letter = issue_to(
        &app,
        a,
        &clerk_a,
        b,
        json!({"subject": "ขอเชิญประชุม <ครั้งที่ ๒> & แผน", "addressee": "ผู้ว่าราชการจังหวัด",
               "urgency": "urgent", "references": [{"letter_id": earlier_id, "relation": "cites"}]}),
    )
    .await;
    let id = letter["id"].as_i64().expect("letter");
    let (main, enclosure) = (pdf(), png());
    for (name, bytes, role) in [
        ("หนังสือ.pdf", main.clone(), "main"),
        ("แผนที่.png", enclosure.clone(), "enclosure"),
    ] {
        let (status, file) = upload(&app, &clerk_a, id, name, bytes, role).await;
        assert_eq!(status.as_u16(), 201, "{file}");
    }
    let (status, xml) = app
        .get_text(
            &format!("/api/v1/letters/{id}/ecms.xml?recipient_id={b}"),
            Some(&clerk_a),
        )
        .await;
    assert_eq!(status, 200, "{xml}");
    assert!(
        xml.contains("<ram:Attachment>ไฟล์ แผนที่.png</ram:Attachment>"),
        "{xml}"
    );
    assert!(
        xml.contains("<ram:AttachmentBinaryObject mimeCode=\"image/png\">"),
        "{xml}"
    );
    // The earlier letter's number written with Thai digits (one canonical number), and a
    // reference to a letter this instance has never seen.
    let earlier_no = earlier["number"].as_str().expect("number").to_string();
    let xml = xml
        .replace(
            &format!("<ram:ID>{earlier_no}</ram:ID>"),
            &format!("<ram:ID>{}</ram:ID>", thai_digits(&earlier_no)),
        )
        .replace(
            "</ram:ReferenceCorrespondence>",
            "</ram:ReferenceCorrespondence><ram:ReferenceCorrespondence><ram:ID>ศธ ๐๒๐๖/๗๗</ram:ID>\
             <ram:CorrespondenceDate>2026-01-05</ram:CorrespondenceDate></ram:ReferenceCorrespondence>",
        );

    let before = counts(&app);
    let start = xml
        .find("<ram:MainLetterBinaryObject")
        .expect("main object");
    let end = xml
        .find("</ram:MainLetterBinaryObject>")
        .expect("main object end");
    let broken_base64 = format!(
        "{}<ram:MainLetterBinaryObject mimeCode=\"application/pdf\">JVBER!!i0*</ram:MainLetterBinaryObject>{}",
        &xml[..start],
        &xml[end + "</ram:MainLetterBinaryObject>".len()..]
    );
    for (bad, code) in [
        (broken_base64, "invalid_files"),
        (xml.replace("2026-01-05", "2026-13-45"), "invalid_reference"),
        (xml.replace("2026-01-05", "2099-01-05"), "invalid_reference"),
        (
            xml.replace("<ram:ID>ศธ ๐๒๐๖/๗๗</ram:ID>", "<ram:ID> </ram:ID>"),
            "invalid_reference",
        ),
    ] {
        let (status, body) = import(&app, &clerk_b, bad).await;
        assert_eq!(
            (status, body["error"].as_str()),
            (422, Some(code)),
            "{body}"
        );
        assert_eq!(counts(&app), before, "a refused document stores nothing");
    }

    let (status, done) = import(&app, &clerk_b, xml).await;
    assert_eq!(status, 201, "{done}");
    let there = done["letter_id"].as_i64().expect("imported");
    let (_, copy) = app.get(&format!("/api/v1/letters/{there}"), &clerk_b).await;
    let (_, here) = app.get(&format!("/api/v1/letters/{id}"), &clerk_a).await;
    for field in ["number", "dated", "subject", "urgency", "secrecy"] {
        assert_eq!(copy[field], here[field], "{field}");
    }
    let refs = copy["references"].as_array().expect("references");
    assert_eq!(refs.len(), 2, "{copy}");
    assert_eq!(
        refs[0]["letter_id"], earlier_id,
        "linked to the letter b sees"
    );
    assert_eq!(refs[0]["relation"], "cites");
    assert_eq!(refs[1]["number"], "ศธ ๐๒๐๖/๗๗");
    assert_eq!(refs[1]["dated"], "2026-01-05");
    let unknown = refs[1]["letter_id"].as_i64().expect("recorded reference");
    let (status, recorded) = app
        .get(&format!("/api/v1/letters/{unknown}"), &clerk_b)
        .await;
    assert_eq!(status.as_u16(), 200, "{recorded}");
    assert_eq!(recorded["origin"], "recorded");

    let (_, files) = app
        .get(&format!("/api/v1/letters/{there}/files"), &clerk_b)
        .await;
    let files = files["items"].as_array().expect("files").clone();
    let got: Vec<(String, String, String)> = files
        .iter()
        .map(|f| {
            let s = |k: &str| f[k].as_str().unwrap_or_default().to_string();
            (s("role"), s("sha256"), s("media_type"))
        })
        .collect();
    assert_eq!(
        got,
        vec![
            ("main".into(), sha256(&main), "application/pdf".into()),
            ("enclosure".into(), sha256(&enclosure), "image/png".into()),
        ]
    );
    assert_eq!(files[1]["title"], "ไฟล์ แผนที่.png");
}

#[tokio::test]
async fn a_binary_object_over_the_upload_limit_is_refused_and_stores_nothing() {
    use base64::Engine;
    let app = spawn_app_configured(Clock::System, |s| s.max_file_bytes = 1024).await;
    let (a, b, clerk_a, clerk_b) = opdc_and_hall(&app, "limit").await;
    let letter = issue_to(
        &app,
        a,
        &clerk_a,
        b,
        json!({"subject": "ขอส่งแผน", "addressee": "ผู้ว่าราชการจังหวัด"}),
    )
    .await;
    let id = letter["id"].as_i64().expect("letter");
    let (status, file) = upload(&app, &clerk_a, id, "หนังสือ.pdf", pdf(), "main").await;
    assert_eq!(status.as_u16(), 201, "{file}");
    let (_, xml) = app
        .get_text(
            &format!("/api/v1/letters/{id}/ecms.xml?recipient_id={b}"),
            Some(&clerk_a),
        )
        .await;
    let small = base64::engine::general_purpose::STANDARD.encode(pdf());
    let large = base64::engine::general_purpose::STANDARD.encode(pdf_of_size(1025));
    assert!(xml.contains(&small), "{xml}");
    let before = counts(&app);
    let (status, body) = import(&app, &clerk_b, xml.replace(&small, &large)).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (422, Some("invalid_files")),
        "{body}"
    );
    assert_eq!(counts(&app), before);
    let (status, body) = import(&app, &clerk_b, xml).await;
    assert_eq!(status, 201, "{body}");
}
