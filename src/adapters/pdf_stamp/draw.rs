//! The stamp drawn with krilla: a box in stamp-pad blue with the office's name centred on top
//! and the three lines below, each shaped by rustybuzz (krilla's `draw_text`) in the stamp
//! font; and the A4 page made from a scanned image with the stamp at its top right.

use super::{StampError, StampText, MAX_PIXELS};
use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point, Rect, Size, Transform};
use krilla::image::Image;
use krilla::num::NormalizedF32;
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::surface::Surface;
use krilla::text::{Font, TextDirection};
use krilla::Document;

/// The stamp's size in points (about 5.6 × 3 cm, the size of a rubber receipt stamp).
pub const STAMP_WIDTH: f32 = 160.0;
pub const STAMP_HEIGHT: f32 = 84.0;
/// A4 in points.
pub const A4: (f32, f32) = (595.28, 841.89);
/// Distance of the stamp from the top and right edges of the page, in points (about 7 mm).
pub const MARGIN: f32 = 20.0;

const TEXT_SIZE: f32 = 13.0;
const SMALLEST_OFFICE_SIZE: f32 = 7.0;
const PADDING: f32 = 7.0;
const LINE_GAP: f32 = 18.0;

/// A scanned page's picture.
#[derive(Debug, Clone, Copy)]
pub enum Picture<'a> {
    Png(&'a [u8]),
    Jpeg(&'a [u8]),
}

/// A PDF of one page exactly the stamp's size, holding only the stamp.
pub fn stamp_pdf(text: &StampText, font: &[u8]) -> Result<Vec<u8>, StampError> {
    let data = font.to_vec();
    let font = load_font(font)?;
    let widths = Widths {
        data,
        per_em: font.units_per_em().max(1.0),
    };
    let mut document = Document::new();
    {
        let settings = PageSettings::from_wh(STAMP_WIDTH, STAMP_HEIGHT)
            .ok_or_else(|| StampError::Internal("stamp size".into()))?;
        let mut page = document.start_page_with(settings);
        let mut surface = page.surface();
        draw_stamp(&mut surface, text, &font, &widths)?;
        surface.finish();
        page.finish();
    }
    document
        .finish()
        .map_err(|e| StampError::Internal(format!("stamp PDF: {e}")))
}

/// One A4 portrait page with the picture fitted in it, and the stamp at its top right.
pub fn image_page(
    picture: Picture<'_>,
    text: &StampText,
    font: &[u8],
) -> Result<Vec<u8>, StampError> {
    let data = font.to_vec();
    let font = load_font(font)?;
    let widths = Widths {
        data,
        per_em: font.units_per_em().max(1.0),
    };
    let image = match picture {
        Picture::Png(b) => Image::from_png(b.to_vec().into(), true),
        Picture::Jpeg(b) => Image::from_jpeg(b.to_vec().into(), true),
    }
    .map_err(|e| StampError::Unreadable(format!("the scanned image cannot be read: {e}")))?;
    let (w, h) = image.size();
    if w == 0 || h == 0 {
        return Err(StampError::Unreadable(
            "the scanned image has no pixels".into(),
        ));
    }
    if u64::from(w) * u64::from(h) > MAX_PIXELS {
        return Err(StampError::TooLarge(format!(
            "the scanned image is {w} × {h} pixels; at most {MAX_PIXELS} pixels are stamped"
        )));
    }
    let (page_w, page_h) = A4;
    // Fitted into the page, centred, keeping its proportions.
    let scale = (page_w / w as f32).min(page_h / h as f32);
    let (draw_w, draw_h) = (w as f32 * scale, h as f32 * scale);
    let size = Size::from_wh(draw_w, draw_h)
        .ok_or_else(|| StampError::Unreadable("the scanned image has no size".into()))?;
    let mut document = Document::new();
    {
        let settings = PageSettings::from_wh(page_w, page_h)
            .ok_or_else(|| StampError::Internal("A4 size".into()))?;
        let mut page = document.start_page_with(settings);
        let mut surface = page.surface();
        surface.push_transform(&Transform::from_translate(
            (page_w - draw_w) / 2.0,
            (page_h - draw_h) / 2.0,
        ));
        surface.draw_image(image, size);
        surface.pop();
        surface.push_transform(&Transform::from_translate(
            page_w - MARGIN - STAMP_WIDTH,
            MARGIN,
        ));
        draw_stamp(&mut surface, text, &font, &widths)?;
        surface.pop();
        surface.finish();
        page.finish();
    }
    document.finish().map_err(|e| match e {
        krilla::error::KrillaError::Image(..) | krilla::error::KrillaError::SixteenBitImage(..) => {
            StampError::Unreadable(format!("the scanned image cannot be read: {e}"))
        }
        other => StampError::Internal(format!("image page: {other}")),
    })
}

fn load_font(data: &[u8]) -> Result<Font, StampError> {
    Font::new(data.to_vec().into(), 0)
        .ok_or_else(|| StampError::Font("the stamp font file is not a usable font".into()))
}

/// Measures shaped text: the sum of the advances rustybuzz gives, as krilla draws it.
struct Widths {
    data: Vec<u8>,
    per_em: f32,
}

impl Widths {
    fn of(&self, text: &str, size: f32) -> Result<f32, StampError> {
        let face = rustybuzz::Face::from_slice(&self.data, 0)
            .ok_or_else(|| StampError::Font("the stamp font file is not a usable font".into()))?;
        let mut buffer = rustybuzz::UnicodeBuffer::new();
        buffer.push_str(text);
        buffer.guess_segment_properties();
        let shaped = rustybuzz::shape(&face, &[], buffer);
        let units: i64 = shaped
            .glyph_positions()
            .iter()
            .map(|p| i64::from(p.x_advance))
            .sum();
        Ok(units as f32 / self.per_em * size)
    }
}

fn ink() -> rgb::Color {
    // Stamp-pad blue.
    rgb::Color::new(0, 45, 150)
}

/// Draws the stamp with its top left corner at the surface's origin.
fn draw_stamp(
    surface: &mut Surface<'_>,
    text: &StampText,
    font: &Font,
    widths: &Widths,
) -> Result<(), StampError> {
    let mut frame = PathBuilder::new();
    let rect = Rect::from_xywh(0.75, 0.75, STAMP_WIDTH - 1.5, STAMP_HEIGHT - 1.5)
        .ok_or_else(|| StampError::Internal("stamp frame".into()))?;
    frame.push_rect(rect);
    let frame = frame
        .finish()
        .ok_or_else(|| StampError::Internal("stamp frame".into()))?;
    surface.set_fill(None);
    surface.set_stroke(Some(Stroke {
        paint: ink().into(),
        width: 1.5,
        ..Stroke::default()
    }));
    surface.draw_path(&frame);
    surface.set_stroke(None);
    surface.set_fill(Some(Fill {
        paint: ink().into(),
        opacity: NormalizedF32::ONE,
        ..Fill::default()
    }));

    // The office's name, centred, smaller when it is long.
    let room = STAMP_WIDTH - 2.0 * PADDING;
    let office = text.office.trim();
    let mut size = TEXT_SIZE;
    let mut width = widths.of(office, size)?;
    if width > room {
        size = (size * room / width).max(SMALLEST_OFFICE_SIZE);
        width = widths.of(office, size)?;
    }
    let x = ((STAMP_WIDTH - width) / 2.0).max(PADDING);
    let mut baseline = PADDING + LINE_GAP - 5.0;
    surface.draw_text(
        Point::from_xy(x, baseline),
        font.clone(),
        size,
        office,
        false,
        TextDirection::Auto,
    );
    for line in &text.lines {
        baseline += LINE_GAP;
        surface.draw_text(
            Point::from_xy(PADDING + 2.0, baseline),
            font.clone(),
            TEXT_SIZE,
            line,
            false,
            TextDirection::Auto,
        );
    }
    Ok(())
}
