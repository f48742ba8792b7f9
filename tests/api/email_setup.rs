//! Shared set-up of the e-mail tests: OPDC, provincial halls with mailboxes, a letter to send.

use crate::helpers::spawn_app_configured;

use crate::helpers::Reply;

use crate::helpers::TestApp;
use reqwest::StatusCode;
use saraban::adapters::mail::Mailer;
use saraban::clock::Clock;
use saraban::config::mail::MailSettings;
use serde_json::{json, Value};

pub const T0: &str = "2026-05-05T03:00:00Z";
pub const SUBJECT: &str = "ขอความอนุเคราะห์ประชาสัมพันธ์การจัดทำแผนปฏิบัติการแห่งชาติ";

pub struct Setup {
    pub app: TestApp,
    pub opdc: i64,
    pub clerk: String,
    /// Recipient offices and their central mailboxes.
    pub offices: Vec<(i64, String)>,
}

/// OPDC and `n` provincial halls with a `saraban@` mailbox each.
pub async fn setup(n: usize) -> Setup {
    let app = spawn_app_configured(Clock::fixed(crate::helpers::instant(T0)), |_| {}).await;
    let opdc = app
        .org(
            json!({"code": "OPDC", "name": "สำนักงาน ก.พ.ร.", "kind": "department",
                    "letter_code": "นร ๑๒๐๗", "email": "saraban@opdc.go.th"}),
        )
        .await;
    let mut offices = Vec::new();
    for i in 0..n {
        let email = format!("saraban@p{i}.go.th");
        let id = app
            .org(
                json!({"code": format!("P{i}"), "name": format!("ศาลากลางจังหวัดที่ {i}"),
                        "kind": "province", "email": email}),
            )
            .await;
        offices.push((id, email));
    }
    app.set_series(opdc, "dispatch", 2569, 509).await;
    let clerk = app.user("opdc-clerk", "clerk", Some(opdc));
    Setup {
        app,
        opdc,
        clerk,
        offices,
    }
}

impl Setup {
    /// Issues a letter (extra fields merged in) and dispatches it; returns the letter id.
    pub async fn dispatch(&self, extra: Value, to: &[i64]) -> i64 {
        let mut body = json!({"subject": SUBJECT, "addressee": "ผู้ว่าราชการจังหวัด",
                              "circular": false, "issued_at": "2026-04-30T09:00:00+07:00"});
        if let (Some(b), Some(e)) = (body.as_object_mut(), extra.as_object()) {
            b.extend(e.clone());
        }
        let (status, letter) = self
            .app
            .post(
                &format!("/api/v1/orgs/{}/letters", self.opdc),
                &self.clerk,
                body,
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{letter}");
        let id = letter["id"].as_i64().expect("letter id");
        let (status, sent) = self
            .app
            .post(
                &format!("/api/v1/letters/{id}/dispatches"),
                &self.clerk,
                json!({"sender_id": self.opdc, "recipient_ids": to}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{sent}");
        id
    }

    pub fn mailer(
        &self,
        smtp_url: Option<String>,
        adjust: impl FnOnce(&mut MailSettings),
    ) -> Mailer {
        let mut settings = MailSettings {
            smtp_url,
            from: "ระบบสารบรรณ สำนักงาน ก.พ.ร. <saraban@opdc.go.th>".into(),
            ..MailSettings::default()
        };
        adjust(&mut settings);
        Mailer::new(&settings, &self.app.address).expect("mailer")
    }

    pub async fn notices(&self, letter: i64) -> Vec<Value> {
        let (status, list) = self
            .app
            .get(&format!("/api/v1/letters/{letter}/notices"), &self.clerk)
            .await;
        assert_eq!(status, StatusCode::OK, "{list}");
        assert_eq!(
            list["total"].as_i64(),
            list["items"].as_array().map(|a| a.len() as i64)
        );
        list["items"].as_array().expect("items").clone()
    }

    /// The distribution's kept summary, as the issuing office reads it.
    pub async fn summary(&self, letter: i64) -> Value {
        let (status, view): Reply = self
            .app
            .get(
                &format!("/api/v1/letters/{letter}/distribution?limit=1"),
                &self.clerk,
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{view}");
        view["summary"].clone()
    }

    pub async fn hops(&self, letter: i64) -> Vec<Value> {
        let (status, view): Reply = self
            .app
            .get(
                &format!("/api/v1/letters/{letter}/distribution"),
                &self.clerk,
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{view}");
        crate::helpers::nested(&view)
            .as_array()
            .expect("hops")
            .clone()
    }
}
