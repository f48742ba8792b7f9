//! Letter files, the pure part: which kinds are accepted, the role of a file on its letter,
//! file names made safe to store and to send back in `Content-Disposition`.

use super::text_enum::text_enum;
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use unicode_normalization::UnicodeNormalization;

text_enum!(
    /// What a file is to its letter: the letter itself (ตัวหนังสือ) or an enclosure (สิ่งที่ส่งมาด้วย).
    FileRole {
        Main => "main",
        Enclosure => "enclosure",
    }
);

/// The kinds of file a letter may carry, recognised from their content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Pdf,
    Jpeg,
    Png,
    Docx,
    Xlsx,
}

impl FileKind {
    pub fn media_type(self) -> &'static str {
        match self {
            FileKind::Pdf => "application/pdf",
            FileKind::Jpeg => "image/jpeg",
            FileKind::Png => "image/png",
            FileKind::Docx => {
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            }
            FileKind::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        }
    }

    /// The usual extension, first, and the others a name may carry for this kind.
    pub fn extensions(self) -> &'static [&'static str] {
        match self {
            FileKind::Pdf => &["pdf"],
            FileKind::Jpeg => &["jpg", "jpeg", "jpe"],
            FileKind::Png => &["png"],
            FileKind::Docx => &["docx"],
            FileKind::Xlsx => &["xlsx"],
        }
    }

    pub fn from_media_type(media_type: &str) -> Option<FileKind> {
        [
            FileKind::Pdf,
            FileKind::Jpeg,
            FileKind::Png,
            FileKind::Docx,
            FileKind::Xlsx,
        ]
        .into_iter()
        .find(|k| k.media_type() == media_type)
    }

    /// The short name people know the kind by: PDF, JPEG, PNG, DOCX, XLSX.
    pub fn label(self) -> &'static str {
        match self {
            FileKind::Pdf => "PDF",
            FileKind::Jpeg => "JPEG",
            FileKind::Png => "PNG",
            FileKind::Docx => "DOCX",
            FileKind::Xlsx => "XLSX",
        }
    }
}

/// The short name of a stored media type (`PDF`), or `ไฟล์` for one not recognised.
pub fn kind_label(media_type: &str) -> &'static str {
    FileKind::from_media_type(media_type).map_or("ไฟล์", FileKind::label)
}

/// What a file is to its letter, in Thai.
pub fn role_label(role: &str) -> &'static str {
    match FileRole::parse(role) {
        Some(FileRole::Main) => "ตัวหนังสือ",
        _ => "สิ่งที่ส่งมาด้วย",
    }
}

/// A file size as people read it: `850 ไบต์`, `12.4 KB`, `3.1 MB`.
pub fn human_size(bytes: i64) -> String {
    const KB: f64 = 1024.0;
    let b = bytes.max(0) as f64;
    if b < KB {
        format!("{} ไบต์", bytes.max(0))
    } else if b < KB * KB {
        format!("{:.1} KB", b / KB)
    } else {
        format!("{:.1} MB", b / (KB * KB))
    }
}

/// Longest stored file name, in characters.
pub const MAX_FILE_NAME: usize = 200;

/// A file name safe to store and to offer for download: only the last path component, no
/// control or bidi-override characters, none of `<>:"/\|?*`, NFC, at most 200 characters,
/// Thai kept as it is. The extension is made to match the detected kind (`scan.pdf` that is
/// really a PNG becomes `scan.png`); an empty name becomes `file.<ext>`.
pub fn sanitize_file_name(raw: &str, kind: FileKind) -> String {
    let last = raw.rsplit(['/', '\\']).next().unwrap_or_default();
    let cleaned: String = last
        .nfc()
        .filter(|c| !c.is_control() && !is_format_trick(*c))
        .map(|c| if r#"<>:"|?*"#.contains(c) { '_' } else { c })
        .collect();
    let trimmed = cleaned.trim().trim_matches('.').trim();
    let ext = kind.extensions()[0];
    let stem = match trimmed.rsplit_once('.') {
        Some((stem, e)) if is_known_extension(e) => stem.trim_end().to_string(),
        _ => trimmed.to_string(),
    };
    let stem = if stem.is_empty() { "file".into() } else { stem };
    let keep_ext = trimmed
        .rsplit_once('.')
        .map(|(_, e)| e.to_string())
        .filter(|e| kind.extensions().contains(&e.to_ascii_lowercase().as_str()));
    let ext = keep_ext.unwrap_or_else(|| ext.to_string());
    let room = MAX_FILE_NAME.saturating_sub(ext.chars().count() + 1);
    let stem: String = stem.chars().take(room).collect();
    format!("{}.{ext}", stem.trim_end())
}

/// Bidi overrides and isolates can disguise `exe.pdf` as `fdp.exe`; zero-width characters hide.
fn is_format_trick(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
}

fn is_known_extension(e: &str) -> bool {
    let e = e.to_ascii_lowercase();
    ["pdf", "jpg", "jpeg", "jpe", "png", "docx", "xlsx"].contains(&e.as_str())
}

/// RFC 5987 `attr-char`: everything else is percent-encoded in `filename*`.
const ATTR_CHAR: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'!')
    .remove(b'#')
    .remove(b'$')
    .remove(b'&')
    .remove(b'+')
    .remove(b'-')
    .remove(b'.')
    .remove(b'^')
    .remove(b'_')
    .remove(b'`')
    .remove(b'|')
    .remove(b'~');

/// `attachment; filename="<ASCII fallback>"; filename*=UTF-8''<percent-encoded name>`.
/// Old clients read the fallback: the name itself when it is plain ASCII, else
/// `letter-file-<id>.<ext>`.
pub fn content_disposition(name: &str, file_id: i64) -> String {
    let fallback = if name.chars().all(|c| c.is_ascii_graphic() || c == ' ') {
        name.replace(['"', '\\'], "_")
    } else {
        let ext = name.rsplit_once('.').map(|(_, e)| e).unwrap_or("bin");
        let ext: String = ext.chars().filter(|c| c.is_ascii_alphanumeric()).collect();
        format!("letter-file-{file_id}.{ext}")
    };
    format!(
        "attachment; filename=\"{fallback}\"; filename*=UTF-8''{}",
        utf8_percent_encode(name, ATTR_CHAR)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_and_labels_read_as_people_say_them() {
        assert_eq!(human_size(850), "850 ไบต์");
        assert_eq!(human_size(12_700), "12.4 KB");
        assert_eq!(human_size(3_250_000), "3.1 MB");
        assert_eq!(kind_label("application/pdf"), "PDF");
        assert_eq!(kind_label("text/plain"), "ไฟล์");
        assert_eq!(role_label("main"), "ตัวหนังสือ");
        assert_eq!(role_label("enclosure"), "สิ่งที่ส่งมาด้วย");
    }

    #[test]
    fn names_lose_paths_and_control_characters_but_keep_thai() {
        assert_eq!(
            sanitize_file_name("C:\\Users\\clerk\\หนังสือ ที่ นร ๑๒๐๗.pdf", FileKind::Pdf),
            "หนังสือ ที่ นร ๑๒๐๗.pdf"
        );
        assert_eq!(
            sanitize_file_name("../../etc/pa\u{0}ss\nwd.pdf", FileKind::Pdf),
            "passwd.pdf"
        );
        assert_eq!(
            sanitize_file_name("a\u{202E}fdp.exe", FileKind::Pdf),
            "afdp.exe.pdf"
        );
        assert_eq!(sanitize_file_name("...", FileKind::Png), "file.png");
        assert_eq!(sanitize_file_name("", FileKind::Xlsx), "file.xlsx");
        assert_eq!(sanitize_file_name("a<b>?.PDF", FileKind::Pdf), "a_b__.PDF");
    }

    #[test]
    fn the_extension_follows_the_content() {
        assert_eq!(sanitize_file_name("scan.pdf", FileKind::Png), "scan.png");
        assert_eq!(
            sanitize_file_name("photo.JPEG", FileKind::Jpeg),
            "photo.JPEG"
        );
        assert_eq!(sanitize_file_name("report", FileKind::Docx), "report.docx");
    }

    #[test]
    fn long_names_are_cut_keeping_the_extension() {
        let name = sanitize_file_name(&"ก".repeat(500), FileKind::Pdf);
        assert_eq!(name.chars().count(), MAX_FILE_NAME);
        assert!(name.ends_with(".pdf"));
    }

    #[test]
    fn disposition_carries_an_ascii_fallback_and_the_utf8_name() {
        assert_eq!(
            content_disposition("หนังสือ.pdf", 7),
            "attachment; filename=\"letter-file-7.pdf\"; \
             filename*=UTF-8''%E0%B8%AB%E0%B8%99%E0%B8%B1%E0%B8%87%E0%B8%AA%E0%B8%B7%E0%B8%AD.pdf"
        );
        assert_eq!(
            content_disposition("a b\".pdf", 1),
            "attachment; filename=\"a b_.pdf\"; filename*=UTF-8''a%20b%22.pdf"
        );
    }
}
