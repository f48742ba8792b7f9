//! Laying the stamp over page 1 of a PDF letter with lopdf. The stamp (a one-page PDF from
//! `draw`) becomes a Form XObject; page 1 gets it in its resources and two small content
//! streams around its own (`q` … `Q`, then the stamp drawn at the top right of the page as it
//! is shown, whatever its `/Rotate`). Nothing else in the document changes.

use super::draw::{MARGIN, STAMP_HEIGHT, STAMP_WIDTH};
use super::{StampError, MAX_PAGES};
use lopdf::{Dictionary, Document, LoadOptions, Object, ObjectId, Stream};
use std::collections::BTreeMap;

/// Largest size any stream of the letter may inflate to while it is read.
const MAX_INFLATED: usize = 64 * 1024 * 1024;
/// How far up the page tree an inherited attribute is looked for.
const MAX_DEPTH: usize = 64;

fn unreadable(e: impl std::fmt::Display) -> StampError {
    StampError::Unreadable(format!("the letter's PDF cannot be read: {e}"))
}

/// The letter with the stamp on its first page.
pub fn overlay(original: &[u8], stamp_pdf: &[u8]) -> Result<Vec<u8>, StampError> {
    let options = LoadOptions {
        max_decompressed_size: Some(MAX_INFLATED),
        ..LoadOptions::default()
    };
    let mut doc = Document::load_mem_with_options(original, options).map_err(|e| match e {
        lopdf::Error::Decryption(_)
        | lopdf::Error::InvalidPassword
        | lopdf::Error::UnsupportedSecurityHandler(_) => StampError::Encrypted,
        other => unreadable(other),
    })?;
    if doc.is_encrypted() || doc.was_encrypted() {
        return Err(StampError::Encrypted);
    }
    let pages = doc.get_pages();
    if pages.len() > MAX_PAGES {
        return Err(StampError::TooLarge(format!(
            "the letter's PDF has {} pages; at most {MAX_PAGES} are stamped",
            pages.len()
        )));
    }
    let page_id = *pages
        .values()
        .next()
        .ok_or_else(|| unreadable("it has no pages"))?;
    let stamp = Document::load_mem(stamp_pdf).map_err(|e| StampError::Internal(e.to_string()))?;
    let form = form_xobject(&stamp, &mut doc)?;
    let form_id = doc.add_object(form);
    let placement = placement(&doc, page_id)?;
    let name = add_to_resources(&mut doc, page_id, form_id)?;
    let before = doc.add_object(Object::Stream(Stream::new(
        Dictionary::new(),
        b"q\n".to_vec(),
    )));
    let draw = format!("\nQ\nq {placement} cm /{name} Do Q\n");
    let after = doc.add_object(Object::Stream(Stream::new(
        Dictionary::new(),
        draw.into_bytes(),
    )));
    let mut contents = vec![Object::Reference(before)];
    contents.extend(
        doc.get_page_contents(page_id)
            .into_iter()
            .map(Object::Reference),
    );
    contents.push(Object::Reference(after));
    doc.get_dictionary_mut(page_id)
        .map_err(unreadable)?
        .set("Contents", Object::Array(contents));
    let mut out = Vec::new();
    doc.save_to(&mut out)
        .map_err(|e| StampError::Internal(format!("writing the stamped PDF: {e}")))?;
    Ok(out)
}

/// The stamp PDF's only page as a Form XObject of `into`, its resources copied over.
fn form_xobject(stamp: &Document, into: &mut Document) -> Result<Object, StampError> {
    let internal = |e: lopdf::Error| StampError::Internal(format!("stamp PDF: {e}"));
    let page_id = *stamp
        .get_pages()
        .values()
        .next()
        .ok_or_else(|| StampError::Internal("stamp PDF without a page".into()))?;
    let page = stamp.get_dictionary(page_id).map_err(internal)?;
    let resources = match page.get(b"Resources") {
        Ok(r) => import(stamp, r, into)?,
        Err(_) => Object::Dictionary(Dictionary::new()),
    };
    let content = stamp.get_page_content(page_id);
    let mut dict = Dictionary::new();
    dict.set("Type", Object::Name(b"XObject".to_vec()));
    dict.set("Subtype", Object::Name(b"Form".to_vec()));
    dict.set(
        "BBox",
        Object::Array(vec![
            Object::Integer(0),
            Object::Integer(0),
            Object::Real(STAMP_WIDTH),
            Object::Real(STAMP_HEIGHT),
        ]),
    );
    dict.set("Resources", resources);
    let mut stream = Stream::new(dict, content);
    stream.compress().map_err(internal)?;
    Ok(Object::Stream(stream))
}

/// Copies `value` and every object it references from `from` into `into`, under new ids.
fn import(from: &Document, value: &Object, into: &mut Document) -> Result<Object, StampError> {
    let mut ids: BTreeMap<ObjectId, ObjectId> = BTreeMap::new();
    let mut todo: Vec<ObjectId> = Vec::new();
    let copied = remap(value, &mut ids, &mut todo, into);
    while let Some(old) = todo.pop() {
        let object = from
            .get_object(old)
            .map_err(|e| StampError::Internal(format!("stamp PDF object: {e}")))?
            .clone();
        let object = remap(&object, &mut ids, &mut todo, into);
        let new = ids
            .get(&old)
            .copied()
            .ok_or_else(|| StampError::Internal("stamp object lost".into()))?;
        into.objects.insert(new, object);
    }
    Ok(copied)
}

fn remap(
    value: &Object,
    ids: &mut BTreeMap<ObjectId, ObjectId>,
    todo: &mut Vec<ObjectId>,
    into: &mut Document,
) -> Object {
    match value {
        Object::Reference(old) => {
            let new = match ids.get(old) {
                Some(new) => *new,
                None => {
                    let new = into.new_object_id();
                    ids.insert(*old, new);
                    todo.push(*old);
                    new
                }
            };
            Object::Reference(new)
        }
        Object::Array(items) => Object::Array(
            items
                .iter()
                .map(|item| remap(item, ids, todo, into))
                .collect(),
        ),
        Object::Dictionary(dict) => Object::Dictionary(remap_dict(dict, ids, todo, into)),
        Object::Stream(stream) => {
            let mut copy = stream.clone();
            copy.dict = remap_dict(&stream.dict, ids, todo, into);
            Object::Stream(copy)
        }
        other => other.clone(),
    }
}

fn remap_dict(
    dict: &Dictionary,
    ids: &mut BTreeMap<ObjectId, ObjectId>,
    todo: &mut Vec<ObjectId>,
    into: &mut Document,
) -> Dictionary {
    let mut copy = Dictionary::new();
    for (key, value) in dict.iter() {
        copy.set(key.clone(), remap(value, ids, todo, into));
    }
    copy
}

/// An attribute of a page or, when the page lacks it, of the nearest ancestor that has it.
fn inherited<'a>(doc: &'a Document, page_id: ObjectId, key: &[u8]) -> Option<&'a Object> {
    let mut node = doc.get_dictionary(page_id).ok()?;
    for _ in 0..MAX_DEPTH {
        if let Ok(value) = node.get(key) {
            return doc.dereference(value).ok().map(|(_, v)| v);
        }
        let parent = node.get(b"Parent").and_then(Object::as_reference).ok()?;
        node = doc.get_dictionary(parent).ok()?;
    }
    None
}

fn number(doc: &Document, value: &Object) -> Option<f32> {
    match doc.dereference(value).ok()?.1 {
        Object::Integer(i) => Some(*i as f32),
        Object::Real(r) if r.is_finite() => Some(*r),
        _ => None,
    }
}

/// The visible box of the page: its crop box, else its media box.
fn visible_box(doc: &Document, page_id: ObjectId) -> Result<[f32; 4], StampError> {
    let boxed =
        inherited(doc, page_id, b"CropBox").or_else(|| inherited(doc, page_id, b"MediaBox"));
    let values: Vec<f32> = boxed
        .and_then(|b| b.as_array().ok())
        .map(|items| items.iter().filter_map(|i| number(doc, i)).collect())
        .unwrap_or_default();
    let &[a, b, c, d] = values.as_slice() else {
        return Err(unreadable("page 1 has no usable MediaBox"));
    };
    let (llx, urx) = (a.min(c), a.max(c));
    let (lly, ury) = (b.min(d), b.max(d));
    if urx - llx < 1.0 || ury - lly < 1.0 {
        return Err(unreadable("page 1 has an empty MediaBox"));
    }
    Ok([llx, lly, urx, ury])
}

/// The `cm` matrix that draws the stamp upright at the top right of page 1 as it is shown:
/// placed in display space, then mapped back through the page's `/Rotate`.
pub(super) fn placement(doc: &Document, page_id: ObjectId) -> Result<String, StampError> {
    let [llx, lly, urx, ury] = visible_box(doc, page_id)?;
    let (w, h) = (urx - llx, ury - lly);
    let rotate = inherited(doc, page_id, b"Rotate")
        .and_then(|r| number(doc, r))
        .map(|r| (r as i64).rem_euclid(360))
        .filter(|r| r % 90 == 0)
        .unwrap_or(0);
    let (shown_w, shown_h) = if rotate % 180 == 0 { (w, h) } else { (h, w) };
    // Smaller on a page too small for it.
    let s = ((shown_w - 2.0 * MARGIN) / STAMP_WIDTH)
        .min((shown_h - 2.0 * MARGIN) / STAMP_HEIGHT)
        .clamp(0.05, 1.0);
    let dx = (shown_w - MARGIN * s.min(1.0) - STAMP_WIDTH * s).max(0.0);
    let dy = (shown_h - MARGIN * s.min(1.0) - STAMP_HEIGHT * s).max(0.0);
    let (a, b, c, d, e, f) = match rotate {
        90 => (0.0, s, -s, 0.0, w - dy, dx),
        180 => (-s, 0.0, 0.0, -s, w - dx, h - dy),
        270 => (0.0, -s, s, 0.0, dy, h - dx),
        _ => (s, 0.0, 0.0, s, dx, dy),
    };
    Ok(format!(
        "{a:.4} {b:.4} {c:.4} {d:.4} {:.4} {:.4}",
        e + llx,
        f + lly
    ))
}

/// Gives page 1 its own resources (a copy of what it used, inherited ones included) with the
/// stamp among its XObjects; returns the name the stamp got there.
fn add_to_resources(
    doc: &mut Document,
    page_id: ObjectId,
    form_id: ObjectId,
) -> Result<String, StampError> {
    let mut resources = match inherited(doc, page_id, b"Resources") {
        Some(Object::Dictionary(d)) => d.clone(),
        _ => Dictionary::new(),
    };
    let mut xobjects = match resources.get(b"XObject") {
        Ok(x) => match doc.dereference(x).map(|(_, v)| v) {
            Ok(Object::Dictionary(d)) => d.clone(),
            _ => Dictionary::new(),
        },
        Err(_) => Dictionary::new(),
    };
    let mut name = "SarabanStamp".to_string();
    let mut n = 1;
    while xobjects.has(name.as_bytes()) {
        n += 1;
        name = format!("SarabanStamp{n}");
    }
    xobjects.set(name.clone(), Object::Reference(form_id));
    resources.set("XObject", Object::Dictionary(xobjects));
    doc.get_dictionary_mut(page_id)
        .map_err(unreadable)?
        .set("Resources", Object::Dictionary(resources));
    Ok(name)
}
