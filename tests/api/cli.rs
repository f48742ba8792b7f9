//! `saraban parse` and `saraban intake` for scripts: one line of JSON, non-zero on failure.

use serde_json::Value;
use std::process::Command;

fn saraban(args: &[&str]) -> (i32, Value, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_saraban"))
        .args(args)
        .output()
        .expect("run saraban");
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    let json = serde_json::from_str(stdout.trim()).unwrap_or(Value::Null);
    (
        out.status.code().unwrap_or(-1),
        json,
        String::from_utf8_lossy(&out.stderr).to_string(),
    )
}

#[test]
fn parse_prints_a_letter_number_as_json() {
    for args in [
        vec!["parse", "ปจ ๐๐๑๗.๒/ว ๒๓๒๓"],
        vec!["parse", "number", "ปจ 0017.2/ว2323"],
    ] {
        let (code, json, _) = saraban(&args);
        assert_eq!(code, 0);
        assert_eq!(json["canonical"], "ปจ 0017.2/ว 2323");
        assert_eq!(json["sub_units"][0], "2");
        assert_eq!(json["running_number"], 2323);
        assert_eq!(json["parse_status"], "ok");
    }
}

#[test]
fn parse_date_prints_iso_and_refuses_impossible_days() {
    let (code, json, _) = saraban(&["parse", "date", "ลว. ๕ พ.ค. ๖๙"]);
    assert_eq!(code, 0);
    assert_eq!(json["iso"], "2026-05-05");
    assert_eq!(json["letter"], "๕ พฤษภาคม ๒๕๖๙");
    let (code, _, stderr) = saraban(&["parse", "date", "๓๑ ก.พ. ๒๕๖๙"]);
    assert_eq!(code, 1);
    assert!(stderr.contains("๓๑ ก.พ. ๒๕๖๙"), "{stderr}");
}

#[test]
fn intake_reads_a_file() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/seed-letter-opdc-ogp.txt"
    );
    let (code, json, _) = saraban(&["intake", path]);
    assert_eq!(code, 0);
    assert_eq!(json["receipt_stamps"].as_array().map(Vec::len), Some(4));
    assert_eq!(json["letters"][1]["dated"]["value"], "2026-04-30");
}

fn intake_data(name: &str) -> String {
    format!("{}/tests/data/intake/{name}", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn intake_reads_a_pdf_and_exits_3_with_the_install_hint_without_tesseract() {
    let (code, json, stderr) = saraban(&["intake", &intake_data("l01-prachinburi-ogp.pdf")]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(json["source"], "text_layer");
    assert_eq!(
        json["letters"][0]["number"]["value"]["canonical"],
        "ปจ 0017.2/ว 2323"
    );
    let out = Command::new(env!("CARGO_BIN_EXE_saraban"))
        .args(["intake", &intake_data("l02-opdc-ogp.scan.jpg")])
        .env("SARABAN_TESSERACT", "/nonexistent/tesseract")
        .output()
        .expect("run saraban");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "{stderr}");
    assert!(
        stderr.contains("apt-get install tesseract-ocr tesseract-ocr-tha"),
        "{stderr}"
    );
}

#[test]
fn intake_eval_scores_each_kind_of_file() {
    if !crate::intake_files::tesseract_ready("intake_eval_scores_each_kind_of_file") {
        return;
    }
    let dir = tempfile::tempdir().expect("dir");
    let all = std::fs::read_to_string(intake_data("expected.tsv")).expect("expected.tsv");
    let mut rows = vec![all.lines().next().expect("header").to_string()];
    for line in all.lines().filter(|l| l.starts_with("l02-opdc-ogp.")) {
        let file = line.split('\t').next().expect("file");
        std::fs::copy(intake_data(file), dir.path().join(file)).expect("copy");
        rows.push(line.to_string());
    }
    assert_eq!(rows.len(), 4, "a PDF, a scan and a photo of one letter");
    std::fs::write(dir.path().join("expected.tsv"), rows.join("\n")).expect("write");
    let path = dir.path().to_string_lossy().to_string();
    let (code, json, stderr) = saraban(&["intake-eval", &path, "--json"]);
    assert_eq!(code, 0, "{stderr}");
    let pdf = &json["kinds"]["text_layer_pdf"];
    assert_eq!(pdf["files"], 1);
    assert_eq!(pdf["fields"], 6);
    assert_eq!(pdf["share"], 100.0, "{json}");
    assert_eq!(pdf["ocr_pages"], 0);
    for kind in ["scan", "photo"] {
        assert_eq!(json["kinds"][kind]["ocr_pages"], 1, "{json}");
        assert!(
            json["kinds"][kind]["ocr_seconds_per_page"]
                .as_f64()
                .expect("time")
                > 0.0
        );
    }
}
