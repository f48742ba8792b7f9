//! What a file really is, from its content: magic bytes (the `infer` crate), and for the
//! Office formats the entries of the zip (`word/` for DOCX, `xl/` for XLSX). The name a client
//! sent is never consulted.

use crate::domain::files::FileKind;
use crate::domain::validate::Invalid;
use std::fs::File;
use std::io::{self, Read};
use std::path::Path;

/// Bytes read from the start of a file to recognise it.
const HEAD: usize = 8192;

const ACCEPTED: &str = "PDF, JPEG, PNG, DOCX or XLSX";

/// Recognises an accepted kind, or says (as `invalid_file`) what the file is instead.
pub fn detect(path: &Path) -> io::Result<Result<FileKind, Invalid>> {
    let mut head = Vec::with_capacity(HEAD);
    File::open(path)?.take(HEAD as u64).read_to_end(&mut head)?;
    if head.is_empty() {
        return Ok(Err(refuse("the file is empty")));
    }
    let found = infer::get(&head).map(|t| t.mime_type());
    Ok(match found {
        Some("application/pdf") => Ok(FileKind::Pdf),
        Some("image/jpeg") => Ok(FileKind::Jpeg),
        Some("image/png") => Ok(FileKind::Png),
        Some(m) if m == "application/zip" || m.starts_with("application/vnd.openxmlformats") => {
            office_kind(path)?
        }
        Some(other) => Err(refuse(format!(
            "the content is {other}; only {ACCEPTED} files are accepted"
        ))),
        None => Err(refuse(format!(
            "the content is not a {ACCEPTED} file, whatever its name says"
        ))),
    })
}

/// DOCX and XLSX are zips with `[Content_Types].xml` and a `word/` or an `xl/` folder.
fn office_kind(path: &Path) -> io::Result<Result<FileKind, Invalid>> {
    let archive = match zip::ZipArchive::new(File::open(path)?) {
        Ok(a) => a,
        Err(zip::result::ZipError::Io(e)) => return Err(e),
        Err(_) => return Ok(Err(refuse("the file is a damaged zip archive"))),
    };
    let names: Vec<&[u8]> = archive.file_names_raw().collect();
    let has = |prefix: &[u8]| names.iter().any(|n| n.starts_with(prefix));
    let ooxml = names.contains(&b"[Content_Types].xml".as_slice());
    Ok(match (ooxml, has(b"word/"), has(b"xl/")) {
        (true, true, false) => Ok(FileKind::Docx),
        (true, false, true) => Ok(FileKind::Xlsx),
        _ => Err(refuse(format!(
            "the zip archive is not a Word (DOCX) or Excel (XLSX) document; only {ACCEPTED} files are accepted"
        ))),
    })
}

fn refuse(message: impl Into<String>) -> Invalid {
    Invalid::new("file", message)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn kind_of(bytes: &[u8]) -> Result<FileKind, Invalid> {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("x");
        std::fs::write(&path, bytes).expect("write");
        detect(&path).expect("read")
    }

    fn zip_with(names: &[&str]) -> Vec<u8> {
        let mut out = std::io::Cursor::new(Vec::new());
        let mut zip = zip::ZipWriter::new(&mut out);
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        for name in names {
            zip.start_file(*name, options).expect("entry");
            zip.write_all(b"<x/>").expect("write");
        }
        zip.finish().expect("finish");
        out.into_inner()
    }

    #[test]
    fn recognises_the_accepted_kinds_by_content() {
        assert_eq!(kind_of(b"%PDF-1.4\n%%EOF\n"), Ok(FileKind::Pdf));
        assert_eq!(kind_of(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"), Ok(FileKind::Png));
        assert_eq!(kind_of(b"\xff\xd8\xff\xe0\0\x10JFIF\0"), Ok(FileKind::Jpeg));
        let docx = zip_with(&["[Content_Types].xml", "word/document.xml"]);
        assert_eq!(kind_of(&docx), Ok(FileKind::Docx));
        let xlsx = zip_with(&["[Content_Types].xml", "xl/workbook.xml"]);
        assert_eq!(kind_of(&xlsx), Ok(FileKind::Xlsx));
    }

    #[test]
    fn refuses_executables_plain_zips_and_empty_files() {
        let elf = b"\x7fELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x02\0\x3e\0";
        assert_eq!(kind_of(elf).map_err(|e| e.field), Err("file"));
        assert!(kind_of(b"MZ\x90\0\x03\0\0\0\x04\0\0\0\xff\xff").is_err());
        assert!(kind_of(&zip_with(&["a.txt"])).is_err());
        assert!(kind_of(&zip_with(&["[Content_Types].xml", "ppt/slide1.xml"])).is_err());
        assert!(kind_of(b"").is_err());
        assert!(kind_of(b"hello, this is text").is_err());
    }
}
