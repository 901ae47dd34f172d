//! A QR code as SVG, drawn without a network: the kiosk's receipt to take home (in the
//! kiosk's bundle) and each section's address in the print view (served by the server).
//! Behind the feature `qr`, so the citizens' bundle never carries the encoder.
//! The encoding is the `qrcodegen` crate's (Project Nayuki); this only draws its modules.

use qrcodegen::{QrCode, QrCodeEcc};

/// `text` as a QR code: the markup of an `<svg role="img">` named `label` (no markup
/// characters in it), with the quiet zone the standard asks for. Nothing if the text is
/// too long for a QR code.
pub fn svg(text: &str, label: &str) -> Option<String> {
    let code = QrCode::encode_text(text, QrCodeEcc::Medium).ok()?;
    let size = code.size();
    let mut path = String::new();
    for y in 0..size {
        for x in 0..size {
            if code.get_module(x, y) {
                path.push_str(&format!("M{},{}h1v1h-1z", x + 4, y + 4));
            }
        }
    }
    Some(format!(
        "<svg class=\"qr\" viewBox=\"0 0 {0} {0}\" role=\"img\" aria-label=\"{label}\">\
         <rect width=\"100%\" height=\"100%\" fill=\"#fff\"/><path d=\"{path}\" fill=\"#000\"/></svg>",
        size + 8
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_receipt_link_becomes_a_square_of_modules() {
        let link = "https://mitreden.example/beitrag/0b7e3c1a-5f2d-4c8e-9a6b-1d2e3f4a5b6c#\
                    cccccccccccccccccccccccccccccccc0123456789abcdef0123456789abcdef";
        let drawn = svg(link, "QR").unwrap_or_default();
        // 145 bytes at level M: version 8, 49 modules; with the quiet zone 57.
        assert!(drawn.contains("viewBox=\"0 0 57 57\""), "{drawn}");
        assert!(drawn.contains("aria-label=\"QR\""));
        assert!(svg("x".repeat(5000).as_str(), "QR").is_none());
    }
}
