//! Where the stamp lands on page 1, whatever its `/Rotate`: its corners, mapped through the
//! `cm` matrix and then through the page's rotation to the page as shown, sit at the top right.

use super::draw::{MARGIN, STAMP_HEIGHT, STAMP_WIDTH};
use super::overlay::placement;
use lopdf::{Dictionary, Document, Object, ObjectId};

/// An A4 portrait page (595 × 842, the MediaBox inherited from its page tree) turned by
/// `rotate` degrees.
fn page(rotate: i64) -> (Document, ObjectId) {
    let mut doc = Document::with_version("1.4");
    let pages_id = doc.new_object_id();
    let mut page = Dictionary::new();
    page.set("Type", Object::Name(b"Page".to_vec()));
    page.set("Parent", Object::Reference(pages_id));
    page.set("Rotate", Object::Integer(rotate));
    let page_id = doc.add_object(Object::Dictionary(page));
    let mut pages = Dictionary::new();
    pages.set("Type", Object::Name(b"Pages".to_vec()));
    pages.set("Kids", Object::Array(vec![Object::Reference(page_id)]));
    pages.set("Count", Object::Integer(1));
    let a4 = [0, 0, 595, 842].map(Object::Integer).to_vec();
    pages.set("MediaBox", Object::Array(a4));
    doc.objects.insert(pages_id, Object::Dictionary(pages));
    (doc, page_id)
}

/// A point of the page's user space as it is shown after the page's rotation (clockwise).
fn shown(rotate: i64, (x, y): (f32, f32)) -> (f32, f32) {
    let (w, h) = (595.0, 842.0);
    match rotate {
        90 => (y, w - x),
        180 => (w - x, h - y),
        270 => (h - y, x),
        _ => (x, y),
    }
}

#[test]
fn the_stamp_sits_upright_at_the_top_right_of_the_page_as_shown() {
    for rotate in [0, 90, 180, 270, -90, 450] {
        let (doc, id) = page(rotate);
        let m: Vec<f32> = placement(&doc, id)
            .expect("placement")
            .split(' ')
            .map(|n| n.parse().expect("number"))
            .collect();
        let apply = |(u, v): (f32, f32)| (m[0] * u + m[2] * v + m[4], m[1] * u + m[3] * v + m[5]);
        let turn = rotate.rem_euclid(360);
        let (shown_w, shown_h) = if turn % 180 == 0 {
            (595.0, 842.0)
        } else {
            (842.0, 595.0)
        };
        let low = shown(turn, apply((0.0, 0.0)));
        let high = shown(turn, apply((STAMP_WIDTH, STAMP_HEIGHT)));
        let near = |a: f32, b: f32| (a - b).abs() < 0.01;
        assert!(
            near(high.0, shown_w - MARGIN),
            "{rotate}: right edge {high:?}"
        );
        assert!(
            near(high.1, shown_h - MARGIN),
            "{rotate}: top edge {high:?}"
        );
        // Upright: the stamp's own lower left is lower and further left as shown.
        assert!(
            near(low.0, shown_w - MARGIN - STAMP_WIDTH),
            "{rotate}: {low:?}"
        );
        assert!(
            near(low.1, shown_h - MARGIN - STAMP_HEIGHT),
            "{rotate}: {low:?}"
        );
    }
}

#[test]
fn damaged_and_locked_pdfs_are_refused_not_panicked() {
    let garbage: [&[u8]; 3] = [
        b"%PDF-1.4\n",
        b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 9 0 R >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF",
        b"%PDF-1.7\nxref\n0 99999999\n0000000000 65535 f \ntrailer << /Size 99999999 >>\nstartxref\n9\n%%EOF",
    ];
    for bytes in garbage {
        let result = std::panic::catch_unwind(|| super::overlay::overlay(bytes, b""));
        assert!(
            matches!(result, Ok(Err(_)) | Err(_)),
            "a damaged PDF was accepted"
        );
    }
}
