//! The e-CMS format between two instances: exported on one, recorded on the other.

use super::instance::call;
use super::pair::pair;
use serde_json::Value;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_ecms_letter_exported_here_is_recorded_there_with_the_same_fields() {
    let p = pair().await;
    let subject = "ขอเชิญประชุมคณะทำงาน <ครั้งที่ ๑> & แผน";
    let letter = p.issue(subject, "normal", "very_urgent").await;
    let sha = p.attach(letter).await;
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
    // Malformed or foreign XML is refused and stores nothing.
    let before = (
        p.b.count("letters"),
        p.b.count("deliveries"),
        p.b.count("orgs"),
    );
    for bad in [
        xml.replace("</ram:Subject>", ""),
        "<x/>".to_string(),
        xml.replace("0000025000", "9999999999"),
    ] {
        let (status, body) = import(bad).await;
        assert!(status == 400 || status == 422, "{status} {body}");
    }
    assert_eq!(
        (
            p.b.count("letters"),
            p.b.count("deliveries"),
            p.b.count("orgs")
        ),
        before
    );

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
    assert!(
        files["items"]
            .as_array()
            .expect("files")
            .iter()
            .any(|f| f["sha256"] == sha.as_str()),
        "{files}"
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
