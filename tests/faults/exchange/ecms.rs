//! The e-CMS format between two instances: exported on one, recorded on the other.

use super::instance::call;
use super::pair::pair;
use serde_json::Value;

/// A one-pixel PNG.
const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90\x77\x53\xde\x00\x00\x00\x00IEND\xaeB`\x82";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_ecms_letter_exported_here_is_recorded_there_with_the_same_fields() {
    let p = pair().await;
    let subject = "ขอเชิญประชุมคณะทำงาน <ครั้งที่ ๑> & แผน";
    // An earlier letter that crossed over already; the new one cites it.
    let earlier_subject = "แจ้งกำหนดการประชุมคณะทำงาน";
    let earlier = p.issue(earlier_subject, "normal", "normal").await;
    let (_, status, sent) = p.dispatch(earlier).await;
    assert_eq!(status, 201, "{sent}");
    let earlier_there = p.arrived(earlier_subject).await["letter"]["id"].clone();
    let letter = p.issue(subject, "normal", "very_urgent").await;
    let (status, cited) = call(
        &p.client,
        reqwest::Method::POST,
        format!("{}/api/v1/letters/{letter}/references", p.a.base),
        Some(&p.opdc_clerk),
        Some(serde_json::json!({"letter_id": earlier, "relation": "cites"})),
    )
    .await;
    assert_eq!(status, 201, "{cited}");
    let sha = p.attach(letter).await;
    let png_sha = p.attach_file(letter, "enclosure", "แผนที่.png", PNG).await;
    let (_, status, sent) = p.dispatch(letter).await;
    assert_eq!(status, 201, "{sent}");
    // Let the exchanged copy land first, so that the counts below move only by the import.
    p.arrived(subject).await;
    let resp = p
        .client
        .get(format!(
            "{}/api/v1/letters/{letter}/ecms.xml?recipient_id={}",
            p.a.base, p.hall_on_a
        ))
        .bearer_auth(&p.opdc_clerk)
        .send()
        .await
        .expect("export");
    assert_eq!(resp.status().as_u16(), 200);
    let xml = resp.text().await.expect("xml");
    assert!(
        xml.contains("urn:th:gov:egif:data:standard:GovernmentDocument:1.0"),
        "{xml}"
    );
    assert!(
        xml.contains("<ram:SpeedCode>003</ram:SpeedCode>")
            && xml.contains("<ram:SecretCode>001</ram:SecretCode>"),
        "{xml}"
    );
    assert!(xml.contains("mimeCode=\"application/pdf\""), "{xml}");

    let import = |body: String| {
        let (client, base, token) = (p.client.clone(), p.b.base.clone(), p.hall_clerk.clone());
        async move {
            let resp = client
                .post(format!("{base}/api/v1/exchange/ecms"))
                .bearer_auth(token)
                .header("Content-Type", "application/xml")
                .body(body)
                .send()
                .await
                .expect("import");
            let status = resp.status().as_u16();
            (status, resp.json::<Value>().await.unwrap_or(Value::Null))
        }
    };
    // Malformed or foreign XML, a binary object that is not base64 and a reference with an
    // impossible date are refused and store nothing.
    let tables = [
        "letters",
        "deliveries",
        "orgs",
        "letter_files",
        "letter_links",
    ];
    let counts = || tables.map(|t| p.b.count(t));
    let before = counts();
    for bad in [
        xml.replace("</ram:Subject>", ""),
        "<x/>".to_string(),
        xml.replace("0000025000", "9999999999"),
        xml.replace("mimeCode=\"image/png\">", "mimeCode=\"image/png\">!*"),
        xml.replace(
            "</ram:ReferenceCorrespondence>",
            "</ram:ReferenceCorrespondence><ram:ReferenceCorrespondence><ram:ID>ศธ 0206/77</ram:ID>\
             <ram:CorrespondenceDate>2026-02-30</ram:CorrespondenceDate></ram:ReferenceCorrespondence>",
        ),
    ] {
        let (status, body) = import(bad).await;
        assert!(status == 400 || status == 422, "{status} {body}");
    }
    assert_eq!(counts(), before);

    // The other client's spelling of the second namespace is accepted too.
    let other = xml.replace(
        "ReusableAggregateBusinessInformationEntity",
        "ReuseableAggregateBusinessInformaionEntity",
    );
    let (status, done) = import(other).await;
    assert_eq!(status, 201, "{done}");
    let there = done["letter_id"].as_i64().expect("letter");
    let (_, copy) = call(
        &p.client,
        reqwest::Method::GET,
        format!("{}/api/v1/letters/{there}", p.b.base),
        Some(&p.hall_clerk),
        None,
    )
    .await;
    let (_, here) = call(
        &p.client,
        reqwest::Method::GET,
        format!("{}/api/v1/letters/{letter}", p.a.base),
        Some(&p.opdc_clerk),
        None,
    )
    .await;
    for field in ["number", "dated", "subject", "urgency", "secrecy"] {
        assert_eq!(copy[field], here[field], "{field}");
    }
    assert_eq!(done["delivery"]["status"], "pending");
    assert_eq!(done["delivery"]["recipient_id"], p.hall);
    let (_, files) = call(
        &p.client,
        reqwest::Method::GET,
        format!("{}/api/v1/letters/{there}/files", p.b.base),
        Some(&p.hall_clerk),
        None,
    )
    .await;
    let got: Vec<(&str, &str)> = files["items"]
        .as_array()
        .expect("files")
        .iter()
        .map(|f| {
            (
                f["role"].as_str().unwrap_or_default(),
                f["sha256"].as_str().unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![("main", sha.as_str()), ("enclosure", png_sha.as_str())],
        "{files}"
    );
    // The reference points at the hall's copy of the earlier letter, found by its number and
    // date, with the number and date it has on OPDC's side.
    let refs = copy["references"].as_array().expect("references");
    assert_eq!(refs.len(), 1, "{copy}");
    assert_eq!(refs[0]["letter_id"], earlier_there, "{copy}");
    assert_eq!(
        (&refs[0]["number"], &refs[0]["dated"]),
        (
            &here["references"][0]["number"],
            &here["references"][0]["dated"]
        )
    );

    // A classified letter is not exported.
    let secret = p.issue("หนังสือลับ ส่งออกไม่ได้", "secret", "normal").await;
    let resp = p
        .client
        .get(format!(
            "{}/api/v1/letters/{secret}/ecms.xml?recipient_id={}",
            p.a.base, p.hall_on_a
        ))
        .bearer_auth(&p.opdc_clerk)
        .send()
        .await
        .expect("export");
    assert_eq!(resp.status().as_u16(), 409);
}
