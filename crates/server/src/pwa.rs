//! What makes the app installable: the web app manifest and its icons, both made from the
//! strategy file (name, town, theme colour), so a town's own file is all it takes.
//!
//! The icons are drawn here (a speech bubble on the town's colour) and encoded as PNG by
//! the `png` crate with the pages of each published version ([`Icons`], kept in
//! [`crate::render::Site`]), so no image has to be kept in sync with the strategy by hand,
//! no request pays for drawing, and a new theme colour reaches the icons with its publish.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use mitreden_model::Strategy;

use crate::{AppError, AppState};

/// Icon sizes in the manifest (Chrome wants at least 192 and 512 pixels).
pub const ICON_SIZES: [u32; 2] = [192, 512];

/// `/manifest.webmanifest` and `/icons/...`.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/manifest.webmanifest", get(manifest))
        .route("/icons/icon-192.png", get(|s| icon(s, Icon::Any192)))
        .route("/icons/icon-512.png", get(|s| icon(s, Icon::Any512)))
        .route(
            "/icons/maskable-512.png",
            get(|s| icon(s, Icon::Maskable512)),
        )
}

/// Which icon.
#[derive(Clone, Copy)]
enum Icon {
    Any192,
    Any512,
    Maskable512,
}

/// The three icons as PNG, drawn once per published version.
#[derive(Clone, Debug)]
pub struct Icons(Arc<[Bytes; 3]>);

impl Icons {
    /// Draws and encodes the icons in the strategy's colour.
    pub fn new(strategy: &Strategy) -> Result<Self, png::EncodingError> {
        let colour = parse_colour(&strategy.theme_color);
        let encode = |size: u32, maskable: bool| {
            png(size, &draw_icon(size, colour, maskable)).map(Bytes::from)
        };
        Ok(Self(Arc::new([
            encode(192, false)?,
            encode(512, false)?,
            encode(512, true)?,
        ])))
    }
}

/// The manifest for a strategy.
pub fn manifest_json(strategy: &Strategy) -> serde_json::Value {
    let mut icons: Vec<serde_json::Value> = ICON_SIZES
        .iter()
        .map(|size| {
            serde_json::json!({
                "src": format!("/icons/icon-{size}.png"),
                "sizes": format!("{size}x{size}"),
                "type": "image/png",
                "purpose": "any",
            })
        })
        .collect();
    icons.push(serde_json::json!({
        "src": "/icons/maskable-512.png",
        "sizes": "512x512",
        "type": "image/png",
        "purpose": "maskable",
    }));
    serde_json::json!({
        "name": format!("{} – mitreden", strategy.title),
        "short_name": format!("{} mitreden", strategy.town).chars().take(24).collect::<String>(),
        "description": strategy.invitation,
        "lang": "de",
        "dir": "ltr",
        "start_url": "/",
        "scope": "/",
        "id": "/",
        "display": "standalone",
        "theme_color": strategy.theme_color,
        "background_color": "#ffffff",
        "icons": icons,
    })
}

async fn manifest(State(state): State<AppState>) -> Response {
    (
        [
            (header::CONTENT_TYPE, "application/manifest+json"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        manifest_json(&state.strategy()).to_string(),
    )
        .into_response()
}

async fn icon(State(state): State<AppState>, which: Icon) -> Result<Response, AppError> {
    let site = state.pages.site().await?;
    Ok((
        [
            (header::CONTENT_TYPE, "image/png"),
            (header::CACHE_CONTROL, "public, max-age=86400"),
        ],
        site.icons.0[which as usize].clone(),
    )
        .into_response())
}

/// `#rrggbb` → RGB (black where the file's checked value could not be read).
fn parse_colour(hex: &str) -> [u8; 3] {
    let byte = |i: usize| u8::from_str_radix(hex.get(i..i + 2).unwrap_or("00"), 16).unwrap_or(0);
    [byte(1), byte(3), byte(5)]
}

/// RGBA pixels: the town's colour (full bleed when maskable, else a rounded square) with a
/// white speech bubble inside the maskable safe zone.
pub fn draw_icon(size: u32, [r, g, b]: [u8; 3], maskable: bool) -> Vec<u8> {
    let n = f64::from(size);
    let mut out = Vec::with_capacity((size * size * 4) as usize);
    for y in 0..size {
        for x in 0..size {
            let (fx, fy) = (f64::from(x) + 0.5, f64::from(y) + 0.5);
            let inside_square = maskable || in_rounded_rect(fx, fy, 0.0, 0.0, n, n, 0.18 * n);
            let bubble = in_rounded_rect(fx, fy, 0.22 * n, 0.26 * n, 0.78 * n, 0.62 * n, 0.07 * n)
                || in_triangle(
                    fx,
                    fy,
                    (0.32 * n, 0.6 * n),
                    (0.32 * n, 0.76 * n),
                    (0.48 * n, 0.6 * n),
                );
            let pixel = match (inside_square, bubble) {
                (false, _) => [0, 0, 0, 0],
                (true, true) => [255, 255, 255, 255],
                (true, false) => [r, g, b, 255],
            };
            out.extend_from_slice(&pixel);
        }
    }
    out
}

fn in_rounded_rect(x: f64, y: f64, x0: f64, y0: f64, x1: f64, y1: f64, radius: f64) -> bool {
    if x < x0 || x > x1 || y < y0 || y > y1 {
        return false;
    }
    let cx = x.clamp(x0 + radius, x1 - radius);
    let cy = y.clamp(y0 + radius, y1 - radius);
    (x - cx).powi(2) + (y - cy).powi(2) <= radius * radius
}

fn in_triangle(x: f64, y: f64, a: (f64, f64), b: (f64, f64), c: (f64, f64)) -> bool {
    let side = |p: (f64, f64), q: (f64, f64)| (q.0 - p.0) * (y - p.1) - (q.1 - p.1) * (x - p.0);
    let (d1, d2, d3) = (side(a, b), side(b, c), side(c, a));
    let neg = d1 < 0.0 || d2 < 0.0 || d3 < 0.0;
    let pos = d1 > 0.0 || d2 > 0.0 || d3 > 0.0;
    !(neg && pos)
}

/// Encodes RGBA pixels of a square image as PNG (8 bits per channel).
pub fn png(size: u32, rgba: &[u8]) -> Result<Vec<u8>, png::EncodingError> {
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, size, size);
    encoder.set_color(png::ColorType::Rgba);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(png::Compression::High);
    let mut writer = encoder.write_header()?;
    writer.write_image_data(rgba)?;
    writer.finish()?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_parse_from_the_strategy_format() {
        assert_eq!(parse_colour("#00558c"), [0x00, 0x55, 0x8c]);
    }

    #[test]
    fn icons_have_the_town_colour_a_white_bubble_and_round_corners() {
        let px = draw_icon(100, [1, 2, 3], false);
        let at = |x: usize, y: usize| &px[(y * 100 + x) * 4..(y * 100 + x) * 4 + 4];
        assert_eq!(at(0, 0), [0, 0, 0, 0], "rounded corner is transparent");
        assert_eq!(at(50, 10), [1, 2, 3, 255], "town colour");
        assert_eq!(at(50, 45), [255, 255, 255, 255], "bubble");
        let maskable = draw_icon(100, [1, 2, 3], true);
        assert_eq!(&maskable[..4], [1, 2, 3, 255], "maskable is full bleed");
    }

    #[test]
    fn png_has_signature_and_size() {
        let data = png(2, &[255; 16]).unwrap_or_default();
        assert_eq!(&data[..8], b"\x89PNG\r\n\x1a\n");
        assert_eq!(&data[12..16], b"IHDR");
        assert_eq!(
            u32::from_be_bytes([data[16], data[17], data[18], data[19]]),
            2
        );
    }
}
