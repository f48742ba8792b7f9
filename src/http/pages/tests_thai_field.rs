use super::*;
use chrono::TimeZone;

fn now() -> DateTime<Utc> {
    // 1 December 2026, 10:00 in Bangkok.
    Utc.with_ymd_and_hms(2026, 12, 1, 3, 0, 0)
        .single()
        .expect("an instant")
}

#[test]
fn thai_dates_are_read_into_iso() {
    for typed in [
        "๑๗ พ.ย. ๒๕๖๙",
        "17/11/2569",
        "17 พฤศจิกายน 2569",
        "17/11/69",
        "2026-11-17",
        " ๑๗/๑๑/๒๕๖๙ ",
        "วันที่ 17 พ.ย. 69",
    ] {
        assert_eq!(
            date("dated", DateKind::Dated, typed, now()),
            Ok(Some("2026-11-17".to_string())),
            "{typed}"
        );
    }
    assert_eq!(date("dated", DateKind::Dated, "  ", now()), Ok(None));
}

#[test]
fn a_date_shown_back_reads_the_same() {
    let d = NaiveDate::from_ymd_opt(2026, 11, 17).expect("a date");
    assert_eq!(show_date(d), "๑๗ พ.ย. ๒๕๖๙");
    assert_eq!(show_iso("2026-11-17"), "๑๗ พ.ย. ๒๕๖๙");
    assert_eq!(show_iso("พรุ่งนี้"), "พรุ่งนี้");
    assert_eq!(
        date("dated", DateKind::Dated, &show_date(d), now()),
        Ok(Some("2026-11-17".into()))
    );
}

#[test]
fn thai_times_are_read() {
    for typed in ["๑๐.๓๐ น.", "10:30", "10.30", "เวลา 10.30 นาฬิกา"] {
        assert_eq!(
            time("received_time", typed),
            Ok(Some("10:30".into())),
            "{typed}"
        );
    }
    assert_eq!(time("received_time", ""), Ok(None));
    let bad = time("received_time", "25:99").expect_err("no such time");
    assert!(bad.contains("เวลารับ"), "{bad}");
}

fn thai(s: &str) -> bool {
    !s.is_ascii() && s.chars().any(|c| ('\u{0E00}'..='\u{0E7F}').contains(&c))
}

#[test]
fn bad_dates_get_thai_errors() {
    let cases = [
        ("received_on", DateKind::Received, "2 ธ.ค. 2569", "อนาคต"),
        ("received_on", DateKind::Received, "2569-05-08", "ค.ศ."),
        ("received_on", DateKind::Received, "1/1/2400", "๒๔๗๕"),
        ("dated", DateKind::Dated, "31/02/2569", "อ่านลงวันที่ไม่ได้"),
        ("dated", DateKind::Dated, "พรุ่งนี้", "อ่านลงวันที่ไม่ได้"),
        ("dated", DateKind::Dated, "17/11/2026", "พ.ศ."),
        ("due_date", DateKind::Due, "1/1/2575", "สองปี"),
        ("dated", DateKind::Dated, "1/1/2571", "๓๖๖"),
    ];
    for (field, kind, typed, expect) in cases {
        let e = date(field, kind, typed, now()).expect_err(typed);
        assert!(thai(&e) && e.contains(expect), "{typed}: {e}");
    }
}

/// The service files behind the receipt form and the new-letter form (and the page handlers
/// themselves): every field or code they can refuse with must have a Thai text.
const USE_CASE_FILES: &[&str] = &[
    "services/receipts/record.rs",
    "services/letters/record.rs",
    "services/letters/issue.rs",
    "services/holidays/due.rs",
    "services/letters/compose.rs",
    "services/letters/references.rs",
    "services/letters/visibility.rs",
    "services/deliveries/dispatch.rs",
    "services/deliveries/recipients.rs",
    "services/deliveries/recipient_choices.rs",
    "services/files/mod.rs",
    "services/files/upload.rs",
    "services/files/attach.rs",
    "services/registers/reservations.rs",
    "services/orgs/series.rs",
    "http/files/mod.rs",
    "http/pages/receipt_save.rs",
    "http/pages/receipt_form.rs",
    "http/pages/letter_new.rs",
    "http/pages/letter_form.rs",
];

const FIELD_CALLEES: &[&str] = &[
    "invalid",
    "Invalid::new",
    "choose",
    "validate::text",
    "validate::optional_text",
    "validate::date",
    "validate::instant",
    "validate::plausible",
    "validate::plausible_instant",
    "validate::time_of_day",
    "validate::email",
    "validate::no_controls",
];

/// The first string literal after `at`, when only white space comes between.
fn literal_after(text: &str, at: usize) -> Option<String> {
    let rest = text.get(at..)?.trim_start();
    let rest = rest.strip_prefix('"')?;
    let end = rest.find('"')?;
    let name = rest.get(..end)?;
    name.chars()
        .all(|c| c.is_ascii_lowercase() || c == '_')
        .then(|| name.to_string())
}

/// (`invalid_<field>` codes, conflict codes) a source file can return.
fn codes_in(text: &str) -> (Vec<String>, Vec<String>) {
    let (mut fields, mut conflicts) = (Vec::new(), Vec::new());
    for (i, _) in text.match_indices('(') {
        let before = text.get(..i).unwrap_or_default();
        let start = before
            .rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == ':'))
            .map_or(0, |p| p + 1);
        let callee = before.get(start..).unwrap_or_default();
        let Some(name) = literal_after(text, i + 1) else {
            continue;
        };
        if FIELD_CALLEES.iter().any(|c| callee.ends_with(c)) {
            fields.push(format!("invalid_{name}"));
        } else if callee.ends_with("conflict") {
            conflicts.push(name);
        }
    }
    for (i, m) in text.match_indices("code:") {
        if let Some(name) = literal_after(text, i + m.len()) {
            conflicts.push(name);
        }
    }
    (fields, conflicts)
}

#[test]
fn every_error_code_of_the_receipt_and_new_letter_forms_has_a_thai_text() {
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut seen = std::collections::BTreeSet::new();
    // A unique index answers the generic 409 `conflict` (error.rs).
    seen.insert("conflict".to_string());
    for file in USE_CASE_FILES {
        let text = std::fs::read_to_string(src.join(file)).expect(file);
        let (fields, conflicts) = codes_in(&text);
        seen.extend(fields);
        seen.extend(conflicts);
    }
    for must in [
        "invalid_number",
        "invalid_dated",
        "invalid_received_on",
        "invalid_received_time",
        "invalid_due_date",
        "invalid_subject",
        "invalid_addressee",
        "duplicate_receipt",
        "letter_exists",
        "letter_code_missing",
    ] {
        assert!(seen.contains(must), "the walk finds {must}: {seen:?}");
    }
    let missing: Vec<&String> = seen
        .iter()
        .filter(|c| !code_text(c).is_some_and(thai))
        .collect();
    assert!(missing.is_empty(), "codes without a Thai text: {missing:?}");
    // And a refusal of each field, whatever its English message, reads in Thai.
    for code in &seen {
        if let Some(field) = code.strip_prefix("invalid_") {
            let field: &'static str = Box::leak(field.to_string().into_boxed_str());
            for message in [
                format!("{field} must not be empty"),
                format!("{field} is in the future"),
                format!("{field} is something new"),
            ] {
                let t = thai_text(&Invalid::new(field, message));
                assert!(thai(&t), "{code}: {t}");
            }
        }
    }
}

#[test]
fn the_walk_finds_calls_spread_over_lines() {
    let (fields, conflicts) = codes_in(
        "return Err(AppError::invalid(\n  \"received_on\",\n \"x\")); AppError::conflict(\"number_taken\", \"m\"); Conflict { code: \"duplicate_receipt\" }",
    );
    assert_eq!(fields, vec!["invalid_received_on"]);
    assert_eq!(conflicts, vec!["number_taken", "duplicate_receipt"]);
}

#[test]
fn a_service_refusal_lands_at_its_field_or_above_the_form() {
    let mut errors = FieldErrors::default();
    errors.refusal(
        &AppError::invalid("received_on", "received_on is in the future"),
        &["received_on"],
    );
    errors.refusal(
        &AppError::invalid(
            "letter",
            "give exactly one of delivery_id, letter_id or letter",
        ),
        &["received_on"],
    );
    errors.refusal(&AppError::conflict("letter_exists", "known"), &[]);
    assert_eq!(
        errors.get("received_on"),
        Some("วันที่รับต้องไม่เป็นวันหรือเวลาในอนาคต")
    );
    assert_eq!(errors.general.len(), 2);
    assert!(errors.general.iter().all(|t| thai(t)));
    assert_eq!(errors.count(), "๑");
}
