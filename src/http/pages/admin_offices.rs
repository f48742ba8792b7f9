//! `GET /admin/offices?missing=email|phone|letter_code`: the offices an administrator still
//! has to complete, in Thai (admins only; others get the Thai 403 page).

use super::{format, render, PageError, Signed};
use crate::services::orgs::missing::{self, Missing};
use crate::services::views::OrgView;
use crate::state::AppState;
use actix_web::{web, HttpResponse};
use askama::Template;
use serde::Deserialize;

#[derive(Deserialize)]
pub struct MissingQuery {
    pub missing: Option<String>,
    pub cursor: Option<String>,
}

pub struct Office {
    pub name: String,
    pub code: String,
    pub kind: &'static str,
    pub letter_code: String,
    pub letter_code_complete: bool,
    pub email: String,
    pub phone: String,
}

impl From<OrgView> for Office {
    fn from(o: OrgView) -> Self {
        Office {
            name: o.name,
            code: o.code.unwrap_or_default(),
            kind: o.kind.label_th(),
            letter_code: o.letter_code.unwrap_or_default(),
            letter_code_complete: o.letter_code_complete,
            email: o.email.unwrap_or_default(),
            phone: o.phone.unwrap_or_default(),
        }
    }
}

/// The three lists, as tabs: (query value, Thai label).
const TABS: [(&str, &str); 3] = [
    ("email", "ไม่มีอีเมล"),
    ("phone", "ไม่มีเบอร์โทรศัพท์"),
    ("letter_code", "รหัสหนังสือไม่ครบ"),
];

#[derive(Template)]
#[template(path = "admin_offices.html", config = "src/http/pages/askama.toml")]
struct OfficesPage {
    chrome: super::Chrome,
    missing: String,
    tabs: [(&'static str, &'static str); 3],
    heading: &'static str,
    explain: &'static str,
    offices: Vec<Office>,
    total: String,
    next: Option<String>,
}

fn texts(what: Missing) -> (&'static str, &'static str) {
    match what {
        Missing::Email => (
            "หน่วยงานที่ยังไม่มีอีเมล",
            "หน่วยงานเหล่านี้จะไม่ได้รับอีเมลแจ้งหนังสือเข้า ผู้ส่งต้องโทรแจ้งเอง ให้ตั้งอีเมลกลางของหน่วยงาน",
        ),
        Missing::Phone => (
            "หน่วยงานที่ยังไม่มีเบอร์โทรศัพท์",
            "ผู้ส่งที่ติดตามหนังสือค้างจะโทรหาหน่วยงานเหล่านี้ไม่ได้",
        ),
        Missing::LetterCode => (
            "หน่วยงานที่รหัสหนังสือยังไม่ครบ",
            "ต้องมีรหัสตัวพยัญชนะ ๒ ตัว ตามด้วยเลขประจำส่วนราชการ ๔ หรือ ๕ หลัก (เช่น ปจ ๐๐๑๗.๒) จึงจะออกเลขหนังสือได้",
        ),
    }
}

pub async fn show(
    state: web::Data<AppState>,
    s: Signed,
    q: web::Query<MissingQuery>,
) -> Result<HttpResponse, PageError> {
    let q = q.into_inner();
    let text = q.missing.unwrap_or_else(|| "email".into());
    let what = Missing::parse(&text)?;
    let actor = s.actor.clone();
    let page = state
        .db
        .read(move |c| missing::list(c, &actor, what, q.cursor.as_deref(), 100))
        .await?;
    let (heading, explain) = texts(what);
    render(&OfficesPage {
        chrome: s.chrome("offices"),
        missing: text,
        tabs: TABS,
        heading,
        explain,
        total: format::thai(page.total),
        offices: page.items.into_iter().map(Office::from).collect(),
        next: page.next_cursor,
    })
}
