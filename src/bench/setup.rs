//! Data the benchmark builds for itself.

use crate::clock::Clock;
use crate::db::models;
use crate::db::Db;
use crate::domain::Actor;
use crate::error::AppError;
use crate::services::orgs;
use crate::services::users;
use diesel::connection::SimpleConnection;
use rand::Rng;

pub fn create_pg_database(admin_url: &str) -> Result<(String, String), AppError> {
    let name = format!("saraban_bench_{:08x}", rand::thread_rng().gen::<u32>());
    let mut admin = crate::db::connect_postgres(admin_url)
        .map_err(|e| AppError::Internal(format!("PostgreSQL for the bench: {e}")))?;
    admin.batch_execute(&format!("CREATE DATABASE {name}"))?;
    let base = admin_url.rsplit_once('/').map_or(admin_url, |(b, _)| b);
    Ok((format!("{base}/{name}"), name))
}

pub fn drop_pg_database(admin_url: &str, name: &str) {
    if let Ok(mut admin) = crate::db::connect_postgres(admin_url) {
        let _ = admin.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
    }
}

/// An office with a clerk: its id, the clerk's token and the clerk as an in-process actor.
pub struct Office {
    pub id: i64,
    pub token: String,
    pub actor: Actor,
}

pub fn offices(db: &Db, n: usize, prefix: &str) -> Result<Vec<Office>, AppError> {
    let now = Clock::System.now();
    db.write_blocking(|c| {
        let admin = users::accounts::create(
            c,
            &users::accounts::NewUser {
                name: &format!("{prefix}-admin"),
                role: "admin",
                org_id: None,
                password: None,
            },
            now,
        )?;
        let admin = super::setup::actor_named(c, &admin.name)?;
        let mut out = Vec::with_capacity(n);
        for i in 0..n {
            let req = orgs::manage::OrgRequest {
                code: Some(format!("{prefix}{i:03}")),
                name: format!("ที่ว่าการอำเภอทดสอบที่ {}", i + 1),
                kind: "district".into(),
                parent_id: None,
                letter_code: Some(format!("ปจ {:02}18", i % 100)),
                email: None,
                phone: None,
                circular_series: None,
                series_owner_id: None,
                ecms_id: None,
            };
            let id = orgs::manage::create(c, &admin, &req, now)?.id;
            let name = format!("{prefix}-clerk-{i}");
            let u = users::accounts::create(
                c,
                &users::accounts::NewUser {
                    name: &name,
                    role: "clerk",
                    org_id: Some(id),
                    password: None,
                },
                now,
            )?;
            let actor = super::setup::actor_named(c, &name)?;
            out.push(Office {
                id,
                token: u.token,
                actor,
            });
        }
        Ok(out)
    })
}

/// The in-process actor of a user, by name.
pub fn actor_named(c: &mut crate::db::AnyConnection, name: &str) -> Result<Actor, AppError> {
    let user = models::user::find_by_name(c, name)?.ok_or(AppError::Unauthorized)?;
    crate::db::models::user::load_actor(c, user)
}

/// `ANALYZE` after a bulk load, so the planner knows the tables' sizes and values (without it
/// PostgreSQL plans a million-row table as if it were empty until autovacuum comes round).
pub fn analyze(db: &Db) -> Result<(), AppError> {
    use diesel::RunQueryDsl;
    db.write_blocking(|c| {
        diesel::sql_query("ANALYZE").execute(c)?;
        Ok(())
    })
}
