//! A cookie-keeping form client for the web pages (no redirects followed, so tests see them).

use crate::helpers::TestApp;
use reqwest::header::{COOKIE, LOCATION, SET_COOKIE};
use reqwest::StatusCode;
use saraban::services::users;
use std::collections::BTreeMap;

pub const PASSWORD: &str = "รหัสผ่านทดสอบ-1";

pub struct Page {
    pub status: StatusCode,
    pub location: Option<String>,
    pub set_cookies: Vec<String>,
    pub headers: reqwest::header::HeaderMap,
    pub body: String,
}

pub struct WebClient<'a> {
    pub app: &'a TestApp,
    client: reqwest::Client,
    pub cookies: BTreeMap<String, String>,
}

/// A user who can sign in to the pages with [`PASSWORD`].
pub fn web_user(app: &TestApp, name: &str, role: &str, org_id: Option<i64>) {
    let now = app.clock.now();
    app.db
        .write_blocking(|c| {
            users::accounts::create(
                c,
                &users::accounts::NewUser {
                    name,
                    role,
                    org_id,
                    password: Some(PASSWORD),
                },
                now,
            )
        })
        .expect("web user");
}

/// The value of the first `name="csrf_token"` field of a page.
pub fn csrf_of(html: &str) -> String {
    let marker = "name=\"csrf_token\" value=\"";
    html.find(marker)
        .map(|i| &html[i + marker.len()..])
        .and_then(|rest| rest.split('"').next())
        .unwrap_or_default()
        .to_string()
}

impl<'a> WebClient<'a> {
    pub fn new(app: &'a TestApp) -> Self {
        WebClient {
            app,
            client: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .expect("client"),
            cookies: BTreeMap::new(),
        }
    }

    async fn finish(&mut self, req: reqwest::RequestBuilder) -> Page {
        let header: Vec<String> = self
            .cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        let req = if header.is_empty() {
            req
        } else {
            req.header(COOKIE, header.join("; "))
        };
        let resp = req.send().await.expect("request");
        let set_cookies: Vec<String> = resp
            .headers()
            .get_all(SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok().map(String::from))
            .collect();
        for c in &set_cookies {
            let pair = c.split(';').next().unwrap_or_default();
            if let Some((k, v)) = pair.split_once('=') {
                if v.is_empty() {
                    self.cookies.remove(k);
                } else {
                    self.cookies.insert(k.to_string(), v.to_string());
                }
            }
        }
        Page {
            status: resp.status(),
            location: resp
                .headers()
                .get(LOCATION)
                .and_then(|v| v.to_str().ok())
                .map(String::from),
            set_cookies,
            headers: resp.headers().clone(),
            body: resp.text().await.expect("body"),
        }
    }

    pub async fn get(&mut self, path: &str) -> Page {
        let req = self.client.get(format!("{}{}", self.app.address, path));
        self.finish(req).await
    }

    pub async fn post(&mut self, path: &str, form: &[(&str, &str)]) -> Page {
        let req = self
            .client
            .post(format!("{}{}", self.app.address, path))
            .form(form);
        self.finish(req).await
    }

    pub async fn post_multipart(&mut self, path: &str, form: reqwest::multipart::Form) -> Page {
        let req = self
            .client
            .post(format!("{}{}", self.app.address, path))
            .multipart(form);
        self.finish(req).await
    }

    /// A GET whose body is kept as bytes (a file download).
    pub async fn get_bytes(&mut self, path: &str) -> (StatusCode, Vec<u8>) {
        let header: Vec<String> = self
            .cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        let resp = self
            .client
            .get(format!("{}{}", self.app.address, path))
            .header(COOKIE, header.join("; "))
            .send()
            .await
            .expect("request");
        let status = resp.status();
        (status, resp.bytes().await.expect("body").to_vec())
    }

    pub async fn try_sign_in(&mut self, name: &str, password: &str) -> Page {
        let form = self.get("/login").await;
        let csrf = csrf_of(&form.body);
        self.post(
            "/login",
            &[
                ("username", name),
                ("password", password),
                ("csrf_token", &csrf),
            ],
        )
        .await
    }

    /// Signs in and returns the session's CSRF token (read from the inbox page).
    pub async fn sign_in(&mut self, name: &str) -> String {
        let p = self.try_sign_in(name, PASSWORD).await;
        assert_eq!(p.status, StatusCode::SEE_OTHER, "sign-in: {}", p.body);
        let inbox = self.get("/inbox").await;
        csrf_of(&inbox.body)
    }
}
