//! Helpers of the receipt-stamp tests: real PDFs and PNGs built in code, and poppler's
//! `pdftotext`/`pdfinfo` to read what the service made.

use std::path::Path;
use std::process::Command;

/// A real PDF of A4 pages (MediaBox inherited from the page tree), each with one line of
/// Helvetica text; `rotate` sets page 1's `/Rotate`; `encrypt` adds a standard security
/// handler whose password nobody knows.
pub fn letter_pdf(pages: &[&str], rotate: Option<i64>, encrypt: bool) -> Vec<u8> {
    let n = pages.len();
    let mut objects: Vec<Vec<u8>> = Vec::new();
    objects.push(b"<< /Type /Catalog /Pages 2 0 R >>".to_vec());
    let kids: Vec<String> = (0..n).map(|i| format!("{} 0 R", 4 + 2 * i)).collect();
    objects.push(
        format!(
            "<< /Type /Pages /Kids [{}] /Count {n} /MediaBox [0 0 595 842] >>",
            kids.join(" ")
        )
        .into_bytes(),
    );
    objects.push(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_vec());
    for (i, text) in pages.iter().enumerate() {
        let turn = match (i, rotate) {
            (0, Some(r)) => format!(" /Rotate {r}"),
            _ => String::new(),
        };
        objects.push(
            format!(
                "<< /Type /Page /Parent 2 0 R /Resources << /Font << /F1 3 0 R >> >> /Contents {} 0 R{turn} >>",
                5 + 2 * i
            )
            .into_bytes(),
        );
        let content = format!("BT /F1 18 Tf 72 700 Td ({text}) Tj ET");
        objects.push(
            format!(
                "<< /Length {} >>\nstream\n{content}\nendstream",
                content.len()
            )
            .into_bytes(),
        );
    }
    let encrypt_id = objects.len() + 1;
    if encrypt {
        objects.push(
            format!(
                "<< /Filter /Standard /V 1 /R 2 /O <{}> /U <{}> /P -44 >>",
                "5a".repeat(32),
                "c3".repeat(32)
            )
            .into_bytes(),
        );
    }
    let mut out = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n".to_vec();
    let mut offsets = Vec::new();
    for (i, object) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend_from_slice(object);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for offset in offsets {
        out.extend_from_slice(format!("{offset:010} 00000 n \n").as_bytes());
    }
    let extra = if encrypt {
        format!(
            " /Encrypt {encrypt_id} 0 R /ID [<{}> <{}>]",
            "0f".repeat(16),
            "0f".repeat(16)
        )
    } else {
        String::new()
    };
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R{extra} >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

/// A real PNG scan: `w` × `h` pixels of light grey paper with a dark band.
pub fn scan_png(w: u32, h: u32) -> Vec<u8> {
    let mut out = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut out, w, h);
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        let mut writer = encoder.write_header().expect("png header");
        let mut data = Vec::with_capacity((w * h * 3) as usize);
        for y in 0..h {
            for _ in 0..w {
                let v = if y > h / 3 && y < h / 3 + 8 { 40 } else { 235 };
                data.extend_from_slice(&[v, v, v]);
            }
        }
        writer.write_image_data(&data).expect("png data");
    }
    out
}

fn tool(name: &str) -> bool {
    let found = Command::new(name).arg("-v").output().is_ok();
    if !found {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "{name} (poppler-utils) is required under CI=true"
        );
        println!("SKIPPED ({name} missing: apt-get install poppler-utils)");
    }
    found
}

/// The text of one page as poppler reads it, or `None` (and a loud SKIPPED) without poppler.
pub fn page_text(pdf: &[u8], page: u32) -> Option<String> {
    if !tool("pdftotext") {
        return None;
    }
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("x.pdf");
    std::fs::write(&path, pdf).expect("write pdf");
    Some(run(
        "pdftotext",
        &path,
        &[
            "-f",
            &page.to_string(),
            "-l",
            &page.to_string(),
            "-enc",
            "UTF-8",
        ],
    ))
}

/// `pdfinfo`'s report (page count, size, encryption), or `None` without poppler.
pub fn pdf_info(pdf: &[u8]) -> Option<String> {
    if !tool("pdfinfo") {
        return None;
    }
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("x.pdf");
    std::fs::write(&path, pdf).expect("write pdf");
    Some(run("pdfinfo", &path, &[]))
}

fn run(name: &str, path: &Path, args: &[&str]) -> String {
    let mut cmd = Command::new(name);
    cmd.args(args).arg(path);
    if name == "pdftotext" {
        cmd.arg("-");
    }
    let out = cmd.output().expect("poppler runs");
    assert!(
        out.status.success(),
        "{name} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8 text")
}
