//! The directory: create, read, list, change, import.

use crate::helpers::assert_error;

use crate::helpers::spawn_app;
use reqwest::StatusCode;
use serde_json::json;
use std::io::Write;
use std::process::Command;

#[tokio::test]
async fn offices_form_a_tree_that_lists_by_parent_and_kind() {
    let app = spawn_app().await;
    let hall = app.org(json!({"code": "P25", "name": "ศาลากลางจังหวัดปราจีนบุรี", "kind": "province", "letter_code": "ปจ", "email": "saraban@prachinburi.go.th"})).await;
    let mut districts = Vec::new();
    for (i, name) in ["เมืองปราจีนบุรี", "กบินทร์บุรี", "นาดี"].iter().enumerate()
    {
        districts.push(
            app.org(json!({"code": format!("D250{}", i + 1), "name": format!("ที่ว่าการอำเภอ{name}"), "kind": "district",
                           "parent_id": hall, "letter_code": format!("ปจ 0{}18", i + 1)}))
                .await,
        );
    }
    app.org(json!({"name": "องค์การบริหารส่วนจังหวัดปราจีนบุรี", "kind": "local_body", "parent_id": hall}))
        .await;
    let token = app.user("viewer", "viewer", Some(hall));
    let (status, page) = app
        .get(
            &format!("/api/v1/orgs?parent_id={hall}&kind=district&limit=2"),
            &token,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert_eq!(page["total"], 3);
    assert_eq!(page["items"].as_array().map(|a| a.len()), Some(2));
    assert_eq!(page["items"][0]["id"], districts[0]);
    let cursor = page["next_cursor"].as_str().expect("cursor").to_string();
    let (_, rest) = app
        .get(
            &format!("/api/v1/orgs?parent_id={hall}&kind=district&limit=2&cursor={cursor}"),
            &token,
        )
        .await;
    assert_eq!(rest["items"].as_array().map(|a| a.len()), Some(1));
    assert_eq!(rest["items"][0]["id"], districts[2]);
    assert_eq!(rest["next_cursor"], serde_json::Value::Null);

    let (_, one) = app.get(&format!("/api/v1/orgs/{hall}"), &token).await;
    assert_eq!(one["letter_code"], "ปจ");
    assert_eq!(one["email"], "saraban@prachinburi.go.th");
    assert_eq!(one["circular_series"], "own");

    let (status, changed) = app
        .patch(
            &format!("/api/v1/orgs/{}", districts[0]),
            &app.admin_token,
            json!({"letter_code": "ปจ ๐๑๑๘", "email": null}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{changed}");
    assert_eq!(
        changed["letter_code"], "ปจ 0118",
        "letter codes are kept in canonical form"
    );
    assert_eq!(changed["parent_id"], hall, "fields not named are kept");
    let cycle = app
        .patch(
            &format!("/api/v1/orgs/{hall}"),
            &app.admin_token,
            json!({"parent_id": districts[0]}),
        )
        .await;
    assert_error(&cycle, 422, "invalid_parent_id");
}

#[tokio::test]
async fn csv_import_upserts_by_code_and_counts() {
    let app = spawn_app().await;
    let dir = tempfile::tempdir().expect("dir");
    let file = dir.path().join("orgs.csv");
    let write = |text: &str| {
        let mut f = std::fs::File::create(&file).expect("csv");
        f.write_all(text.as_bytes()).expect("write");
    };
    // Children before their parent, a BOM, and Thai names.
    write(
        "\u{feff}code,name,kind,parent_code,letter_code,email\n\
           D2501,ที่ว่าการอำเภอเมืองปราจีนบุรี,district,P25,ปจ 0118,\n\
           P25,ศาลากลางจังหวัดปราจีนบุรี,province,,ปจ,saraban@prachinburi.go.th\n",
    );
    let run = || {
        let out = Command::new(env!("CARGO_BIN_EXE_saraban"))
            .args([
                "--database-url",
                &app.test_db.url(),
                "orgs",
                "import",
                file.to_str().expect("path"),
            ])
            .output()
            .expect("run import");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    };
    let need = "1 offices need a letter code with an owner number, e.g. ปจ 0017 (1 incomplete, 0 without one)";
    assert_eq!(run(), format!("created 2, updated 0, unchanged 0\n{need}"));
    assert_eq!(run(), format!("created 0, updated 0, unchanged 2\n{need}"));
    write(
        "code,name,kind,parent_code,letter_code,email\n\
           P25,ศาลากลางจังหวัดปราจีนบุรี,province,,ปจ,saraban@prachinburi.go.th\n\
           D2501,ที่ว่าการอำเภอเมืองปราจีนบุรี,district,P25,ปจ 0118,saraban@muangprachin.go.th\n\
           D2502,ที่ว่าการอำเภอกบินทร์บุรี,district,P25,ปจ 0218,\n",
    );
    assert_eq!(run(), format!("created 1, updated 1, unchanged 1\n{need}"));

    let token = app.admin_token.clone();
    let (_, page) = app.get("/api/v1/orgs?kind=district", &token).await;
    assert_eq!(page["total"], 2);
    let parent = page["items"][0]["parent_id"].clone();
    let (_, hall) = app.get(&format!("/api/v1/orgs/{parent}"), &token).await;
    assert_eq!(hall["code"], "P25");

    // A bad row fails the whole file and changes nothing.
    write("code,name,kind,parent_code,letter_code,email\nD2503,ที่ว่าการอำเภอนาดี,district,P25,,\nD2504,x,planet,,,\n");
    let out = Command::new(env!("CARGO_BIN_EXE_saraban"))
        .args([
            "--database-url",
            &app.test_db.url(),
            "orgs",
            "import",
            file.to_str().expect("path"),
        ])
        .output()
        .expect("run import");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("line 3"));
    let (_, page) = app.get("/api/v1/orgs?kind=district", &token).await;
    assert_eq!(page["total"], 2);
}

#[test]
fn an_unsupported_database_url_exits_with_status_2() {
    let out = Command::new(env!("CARGO_BIN_EXE_saraban"))
        .args(["--database-url", "mysql://root@localhost/test", "migrate"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("unsupported database URL"));
}

#[tokio::test]
async fn the_national_directory_imports_once_and_again_changes_nothing() {
    let app = spawn_app().await;
    let moi = app.org(json!({"code": "MOI", "name": "กระทรวงมหาดไทย", "kind": "ministry", "letter_code": "มท"})).await;
    let file = format!("{}/src/data/th-admin-units.csv", env!("CARGO_MANIFEST_DIR"));
    let run = || {
        let out = Command::new(env!("CARGO_BIN_EXE_saraban"))
            .args([
                "--database-url",
                &app.test_db.url(),
                "orgs",
                "import",
                "--under",
                "MOI",
                &file,
            ])
            .output()
            .expect("run import");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    };
    // The halls have only their province's letters; the local bodies have no code at all.
    let need = "7522 offices need a letter code with an owner number, e.g. ปจ 0017 (77 incomplete, 7445 without one)";
    assert_eq!(
        run(),
        format!("created 8450, updated 0, unchanged 0\n{need}")
    );
    assert_eq!(
        run(),
        format!("created 0, updated 0, unchanged 8450\n{need}")
    );
    let token = app.admin_token.clone();
    let (_, provinces) = app
        .get(
            &format!("/api/v1/orgs?parent_id={moi}&kind=province"),
            &token,
        )
        .await;
    assert_eq!(provinces["total"], 77);
    let (_, districts) = app.get("/api/v1/orgs?kind=district&limit=1", &token).await;
    assert_eq!(districts["total"], 928);
    let (_, locals) = app
        .get("/api/v1/orgs?kind=local_body&limit=1", &token)
        .await;
    assert_eq!(locals["total"], 7445);
    let (_, pcb) = app
        .get("/api/v1/orgs?kind=province&limit=10000", &token)
        .await;
    let hall = pcb["items"]
        .as_array()
        .and_then(|a| a.iter().find(|o| o["code"] == "P25"))
        .cloned()
        .expect("Prachinburi");
    assert_eq!(hall["name"], "ศาลากลางจังหวัดปราจีนบุรี");
    assert_eq!(hall["letter_code"], "ปจ");
    assert_eq!(hall["letter_code_complete"], false);
    let (_, its) = app
        .get(
            &format!("/api/v1/orgs?parent_id={}&kind=district", hall["id"]),
            &token,
        )
        .await;
    assert_eq!(its["total"], 7, "Prachinburi has seven districts");
}

#[tokio::test]
async fn an_office_keeps_its_telephone_number_from_the_api_and_the_csv() {
    let app = spawn_app().await;
    let admin = app.admin_token.clone();
    let hall = app
        .org(
            json!({"code": "P25", "name": "ศาลากลางจังหวัดปราจีนบุรี", "kind": "province",
                    "letter_code": "ปจ 0017.1", "phone": "๐ ๓๗๔๕ ๔๐๐๑ ต่อ ๑๒"}),
        )
        .await;
    let (_, view) = app.get(&format!("/api/v1/orgs/{hall}"), &admin).await;
    assert_eq!(view["phone"], "๐ ๓๗๔๕ ๔๐๐๑ ต่อ ๑๒", "kept as written");
    let path = format!("/api/v1/orgs/{hall}");
    let (status, changed) = app
        .patch(&path, &admin, json!({"name": "ศาลากลางจังหวัดปราจีนบุรี"}))
        .await;
    assert_eq!(status, StatusCode::OK, "{changed}");
    assert_eq!(
        changed["phone"], "๐ ๓๗๔๕ ๔๐๐๑ ต่อ ๑๒",
        "a PATCH without it keeps it"
    );
    assert_error(
        &app.patch(&path, &admin, json!({"phone": "call us"})).await,
        422,
        "invalid_phone",
    );
    let (_, cleared) = app.patch(&path, &admin, json!({"phone": null})).await;
    assert_eq!(cleared["phone"], serde_json::Value::Null);

    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("orgs.csv");
    std::fs::File::create(&file)
        .and_then(|mut f| {
            f.write_all(
                "code,name,kind,parent_code,letter_code,email,phone\n\
                 P25,ศาลากลางจังหวัดปราจีนบุรี,province,,ปจ 0017.1,,0 3745 4001\n"
                    .as_bytes(),
            )
        })
        .expect("csv");
    let out = Command::new(env!("CARGO_BIN_EXE_saraban"))
        .args(["--database-url", &app.test_db.url(), "orgs", "import"])
        .arg(&file)
        .output()
        .expect("run import");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("created 0, updated 1"));
    let (_, view) = app.get(&path, &admin).await;
    assert_eq!(view["phone"], "0 3745 4001");
}
