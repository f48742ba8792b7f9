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
