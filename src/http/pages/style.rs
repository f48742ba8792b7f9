//! `GET /static/style.css`: the one style sheet, compiled into the binary.

use actix_web::http::header;
use actix_web::HttpResponse;

const CSS: &str = include_str!("templates/style.css");

pub async fn css() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/css; charset=utf-8")
        .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .insert_header((header::CACHE_CONTROL, "public, max-age=3600"))
        .body(CSS)
}

#[cfg(test)]
mod tests {
    use super::CSS;

    /// The value of a `--name: #rrggbb;` custom property of the style sheet.
    fn colour(name: &str) -> [f64; 3] {
        let at = CSS.find(&format!("--{name}:")).expect(name);
        let hex = CSS[at..].split('#').nth(1).expect("a colour");
        let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).expect("hex");
        [byte(0), byte(2), byte(4)].map(|b| f64::from(b) / 255.0)
    }

    /// WCAG 2 relative luminance and contrast ratio.
    fn contrast(a: [f64; 3], b: [f64; 3]) -> f64 {
        let lum = |c: [f64; 3]| {
            let l = c.map(|v| {
                if v <= 0.040_45 {
                    v / 12.92
                } else {
                    ((v + 0.055) / 1.055).powf(2.4)
                }
            });
            0.2126 * l[0] + 0.7152 * l[1] + 0.0722 * l[2]
        };
        let (x, y) = (lum(a) + 0.05, lum(b) + 0.05);
        x.max(y) / x.min(y)
    }

    #[test]
    fn the_focus_ring_stands_out_at_least_three_to_one() {
        for background in ["bg", "card"] {
            let c = contrast(colour("focus-ring"), colour(background));
            assert!(c >= 3.0, "focus ring on {background}: {c:.2}:1");
        }
        // In the blue header the ring is the yellow one.
        assert!(CSS.contains(
            "header.top a:focus, header.top button:focus { outline-color: var(--focus); }"
        ));
        let c = contrast(colour("focus"), colour("brand"));
        assert!(c >= 3.0, "focus ring on the header: {c:.2}:1");
        assert!(CSS.contains("outline: 3px solid var(--focus-ring)"));
    }
}
