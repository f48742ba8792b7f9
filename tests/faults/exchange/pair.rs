//! Two instances that trust each other: OPDC on the first, Prachinburi's provincial hall on the
//! second with its receipt series opened at 4720, keys made, peers added and synced by the CLI.

use super::instance::{call, cli, eventually, Instance};
use crate::helpers::TestDb;
use crate::procs::cli_user;
use serde_json::{json, Value};
use std::time::Duration;

pub(crate) struct Pair {
    pub(crate) client: reqwest::Client,
    pub(crate) a: Instance,
    pub(crate) b: Instance,
    /// OPDC on A, its clerk; the hall on B, its clerk; the hall as A knows it.
    pub(crate) opdc: i64,
    pub(crate) opdc_clerk: String,
    pub(crate) hall: i64,
    pub(crate) hall_clerk: String,
    pub(crate) hall_on_a: i64,
    pub(crate) admin_b: String,
}

pub(crate) async fn office(client: &reqwest::Client, base: &str, admin: &str, body: Value) -> i64 {
    let (status, v) = call(
        client,
        reqwest::Method::POST,
        format!("{base}/api/v1/orgs"),
        Some(admin),
        Some(body),
    )
    .await;
    assert_eq!(status, 201, "{v}");
    v["id"].as_i64().expect("org id")
}

pub(crate) async fn pair() -> Pair {
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .build()
        .expect("client");
    let mut a = Instance::new(TestDb::new());
    let mut b = Instance::new(TestDb::sqlite());
    a.start();
    b.start();
    let admin_a = cli_user(&a.url(), "admin-a", "admin", None);
    let admin_b = cli_user(&b.url(), "admin-b", "admin", None);
    let opdc = office(
        &client,
        &a.base,
        &admin_a,
        json!({"code": "OPDC", "name": "สำนักงาน ก.พ.ร.",
        "kind": "department", "letter_code": "นร 1207", "ecms_id": "0000012000"}),
    )
    .await;
    let hall = office(
        &client,
        &b.base,
        &admin_b,
        json!({"code": "PCB_HALL", "name": "ศาลากลางจังหวัดปราจีนบุรี",
        "kind": "province", "letter_code": "ปจ 0017", "ecms_id": "0000025000"}),
    )
    .await;
    let year_be =
        chrono::Datelike::year(&saraban::clock::to_bangkok(chrono::Utc::now()).date()) + 543;
    let (status, v) = call(
        &client,
        reqwest::Method::PUT,
        format!("{}/api/v1/orgs/{hall}/series/receipt", b.base),
        Some(&admin_b),
        Some(json!({"year_be": year_be, "next_number": 4720})),
    )
    .await;
    assert_eq!(status, 200, "{v}");
    // Each trusts the other, then imports the other's offices.
    let (ka, kb) = (a.key(), b.key());
    cli(
        &a.url(),
        &[
            "peers",
            "add",
            "--name",
            "prachinburi",
            "--url",
            &b.base,
            "--public-key",
            &kb,
        ],
    );
    cli(
        &b.url(),
        &[
            "peers",
            "add",
            "--name",
            "opdc",
            "--url",
            &a.base,
            "--public-key",
            &ka,
        ],
    );
    let synced = cli(&a.url(), &["peers", "sync", "prachinburi"]);
    assert!(synced.contains("1 added"), "{synced}");
    // Idempotent: a second sync changes nothing.
    let again = cli(&a.url(), &["peers", "sync", "prachinburi"]);
    assert!(again.contains("0 added, 0 adopted, 1 updated"), "{again}");
    cli(&b.url(), &["peers", "sync", "opdc"]);
    let listed = cli(&a.url(), &["peers", "list"]);
    assert_eq!(
        listed.trim(),
        format!("prachinburi\t{}\t{kb}\t1", b.base),
        "peers list"
    );
    let (_, orgs) = call(
        &client,
        reqwest::Method::GET,
        format!("{}/api/v1/orgs", a.base),
        Some(&admin_a),
        None,
    )
    .await;
    let hall_on_a = orgs["items"]
        .as_array()
        .expect("orgs")
        .iter()
        .find(|o| o["code"] == "PCB_HALL")
        .expect("the hall was imported");
    assert_eq!(hall_on_a["peer"], "prachinburi");
    assert_eq!(hall_on_a["ecms_id"], "0000025000");
    let opdc_view = orgs["items"]
        .as_array()
        .expect("orgs")
        .iter()
        .find(|o| o["code"] == "OPDC")
        .expect("opdc")
        .clone();
    assert_eq!(opdc_view["peer"], Value::Null);
    let hall_on_a = hall_on_a["id"].as_i64().expect("id");
    let opdc_clerk = cli_user(&a.url(), "opdc-clerk", "clerk", Some(opdc));
    let hall_clerk = cli_user(&b.url(), "hall-clerk", "clerk", Some(hall));
    Pair {
        client,
        a,
        b,
        opdc,
        opdc_clerk,
        hall,
        hall_clerk,
        hall_on_a,
        admin_b,
    }
}

impl Pair {
    /// Issues a letter at OPDC and dispatches it to the hall; (letter id, dispatch answer).
    pub(crate) async fn send(&self, subject: &str, secrecy: &str) -> (i64, u16, Value) {
        let id = self.issue(subject, secrecy, "urgent").await;
        self.dispatch(id).await
    }

    pub(crate) async fn issue(&self, subject: &str, secrecy: &str, urgency: &str) -> i64 {
        let (status, letter) = call(
            &self.client,
            reqwest::Method::POST,
            format!("{}/api/v1/orgs/{}/letters", self.a.base, self.opdc),
            Some(&self.opdc_clerk),
            Some(
                json!({"subject": subject, "addressee": "ผู้ว่าราชการจังหวัดปราจีนบุรี", "secrecy": secrecy,
                        "urgency": urgency}),
            ),
        )
        .await;
        assert_eq!(status, 201, "{letter}");
        letter["id"].as_i64().expect("letter id")
    }

    /// Attaches the letter's main file (a small PDF) at OPDC; its SHA-256.
    pub(crate) async fn attach(&self, id: i64) -> String {
        self.attach_file(id, "main", "nr1207-509.pdf", PDF).await
    }

    /// Attaches a file in this role at OPDC; its SHA-256.
    pub(crate) async fn attach_file(
        &self,
        id: i64,
        role: &str,
        name: &str,
        bytes: &[u8],
    ) -> String {
        let form = reqwest::multipart::Form::new()
            .text("role", role.to_string())
            .part(
                "file",
                reqwest::multipart::Part::bytes(bytes.to_vec()).file_name(name.to_string()),
            );
        let resp = self
            .client
            .post(format!("{}/api/v1/letters/{id}/files", self.a.base))
            .bearer_auth(&self.opdc_clerk)
            .multipart(form)
            .send()
            .await
            .expect("upload");
        assert_eq!(resp.status().as_u16(), 201);
        let v: Value = resp.json().await.expect("file json");
        v["sha256"].as_str().expect("sha").to_string()
    }

    pub(crate) async fn dispatch(&self, id: i64) -> (i64, u16, Value) {
        let (status, sent) = call(
            &self.client,
            reqwest::Method::POST,
            format!("{}/api/v1/letters/{id}/dispatches", self.a.base),
            Some(&self.opdc_clerk),
            Some(json!({"sender_id": self.opdc, "recipient_ids": [self.hall_on_a]})),
        )
        .await;
        (id, status, sent)
    }

    /// The hall's inbox item of a letter with this subject, once it arrived.
    pub(crate) async fn arrived(&self, subject: &str) -> Value {
        eventually(30, "the letter reaches the hall", || async move {
            let (_, inbox) = call(
                &self.client,
                reqwest::Method::GET,
                format!("{}/api/v1/orgs/{}/inbox", self.b.base, self.hall),
                Some(&self.hall_clerk),
                None,
            )
            .await;
            inbox["items"]
                .as_array()?
                .iter()
                .find(|i| i["letter"]["subject"] == subject)
                .cloned()
        })
        .await
    }

    pub(crate) async fn hop(&self, letter: i64) -> Value {
        let (status, dist) = call(
            &self.client,
            reqwest::Method::GET,
            format!("{}/api/v1/letters/{letter}/distribution", self.a.base),
            Some(&self.opdc_clerk),
            None,
        )
        .await;
        assert_eq!(status, 200, "{dist}");
        dist["hops"]["items"][0].clone()
    }

    pub(crate) async fn hall_deliveries_of(&self, subject: &str) -> usize {
        let (_, inbox) = call(
            &self.client,
            reqwest::Method::GET,
            format!("{}/api/v1/orgs/{}/inbox", self.b.base, self.hall),
            Some(&self.hall_clerk),
            None,
        )
        .await;
        inbox["items"].as_array().map_or(0, |a| {
            a.iter()
                .filter(|i| i["letter"]["subject"] == subject)
                .count()
        })
    }
}

pub(crate) const PDF: &[u8] =
    b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";

pub(crate) const SUBJECT: &str =
    "ขอความอนุเคราะห์ประชาสัมพันธ์การจัดทำแผนปฏิบัติการแห่งชาติว่าด้วยการเป็นหุ้นส่วนรัฐบาลเปิด";
