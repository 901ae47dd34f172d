//! The plain HTML pieces of the server-rendered pages: escaping, German numbers and dates,
//! paragraphs, and the page shell with its one inline style sheet (screen and A4 print).
//!
//! Everything a citizen, staff or the strategy file wrote goes through [`escape`]; the pages
//! carry no script, so escaping is the whole defence and every text takes the same path.

/// `s` safe as HTML (and SVG) text and as a quoted attribute value.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A whole number as Germans write it: `1.234.567`.
pub fn number(n: u64) -> String {
    let digits = n.to_string();
    let len = digits.chars().count();
    let mut out = String::with_capacity(len + len / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (len - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out
}

/// `part` of `whole` in tenths of a percent, rounded half up; `None` when `whole` is 0 (a
/// share of nothing is no number, and never a division by zero).
pub fn tenths_of_percent(part: u64, whole: u64) -> Option<u64> {
    if whole == 0 {
        return None;
    }
    let (part, whole) = (u128::from(part), u128::from(whole));
    let tenths = (part * 1000 + whole / 2) / whole;
    Some(u64::try_from(tenths).unwrap_or(u64::MAX))
}

/// A share as Germans write it, `12,5 %`, or `–` where there is nothing to share.
pub fn share(part: u64, whole: u64) -> String {
    match tenths_of_percent(part, whole) {
        Some(t) => format!("{},{} %", number(t / 10), t % 10),
        None => "–".to_owned(),
    }
}

/// The day of an RFC 3339 time (`2026-11-22T10:15:00Z`) as `22.11.2026` — the day as
/// written, which for the server's own times is UTC. Anything else comes back as it was,
/// to be escaped by the caller like any text.
pub fn day(time: &str) -> String {
    let date: String = time.chars().take(10).collect();
    match chrono::NaiveDate::parse_from_str(&date, "%Y-%m-%d") {
        Ok(d) => d.format("%d.%m.%Y").to_string(),
        Err(_) => time.to_owned(),
    }
}

/// Today (UTC) as `27.11.2026`: the date a report was made.
pub fn today() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .ok()
        .and_then(|d| i64::try_from(d.as_secs()).ok());
    secs.and_then(|s| chrono::DateTime::from_timestamp(s, 0))
        .map_or_else(
            || "unbekannt".to_owned(),
            |t| t.date_naive().format("%d.%m.%Y").to_string(),
        )
}

/// `text` as escaped paragraphs, split on blank lines; single line breaks stay inside a
/// paragraph (the style sheet keeps them where `pre-wrap` is set).
pub fn paragraphs(text: &str) -> String {
    fn flush(lines: &mut Vec<&str>, out: &mut String) {
        if !lines.is_empty() {
            out.push_str("<p>");
            out.push_str(&escape(&lines.join("\n")));
            out.push_str("</p>");
            lines.clear();
        }
    }
    let mut out = String::new();
    let mut current: Vec<&str> = Vec::new();
    for line in text.lines() {
        if line.trim().is_empty() {
            flush(&mut current, &mut out);
        } else {
            current.push(line.trim_end());
        }
    }
    flush(&mut current, &mut out);
    out
}

/// A whole page: German, titled, the style sheet inline (the CSP allows inline styles,
/// never scripts), `body` inside `<main>` so that every part is in a landmark.
pub fn page(title: &str, body: &str) -> String {
    page_in("de", NAV, title, body)
}

/// A page of the server's own in `lang` with the navigation `nav` (markup), in the same
/// shell and style as the report's (the notification's confirmation page uses it).
pub fn page_in(lang: &str, nav: &str, title: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n{nav}<main>\n{body}\n</main>\n\
         </body>\n</html>\n",
        escape(lang),
        escape(title)
    )
}

/// The site's navigation, as on the app's pages: back to the strategy, and between the
/// report and the figures (not printed).
const NAV: &str = "<nav class=\"site-nav screen-only\" aria-label=\"Hauptnavigation\">\
    <a href=\"/\">Zur Strategie</a> · <a href=\"/meine-beitraege\">Meine Beiträge</a> · \
    <a href=\"/zahlen\">Zahlen</a> · <a href=\"/bericht\">Bericht für den Gemeinderat</a></nav>\n";

/// The one style sheet. Text is #1a1a1a on white (17:1), secondary text #4d4d4d (8.4:1),
/// links #00466f (10:1). Print: A4, the figures on a page of their own, the sections flowing
/// on after them (a page each was mostly blank), tables and figures kept whole where they fit.
const STYLE: &str = "\
:root{color-scheme:light}\
body{margin:0 auto;max-width:52rem;padding:1rem 1.25rem 3rem;font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;\
line-height:1.5;color:#1a1a1a;background:#fff;overflow-wrap:anywhere}\
h1{font-size:1.8rem;line-height:1.2;margin:.5rem 0 1rem}\
h2{font-size:1.45rem;line-height:1.25;margin:2rem 0 .75rem}\
h3{font-size:1.2rem;margin:1.5rem 0 .5rem}\
h4{font-size:1.05rem;margin:1.25rem 0 .4rem}\
a{color:#00466f}\
.kicker{font-size:1.1rem;font-weight:600;margin:2rem 0 0}\
.site-nav{padding:.5rem 0;border-bottom:1px solid #8c8c8c}.site-nav a{display:inline-block;padding:.5rem 0}\
.meta,.note{color:#4d4d4d}\
.facts{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}\
.facts dt{font-weight:600}.facts dd{margin:0}\
table{border-collapse:collapse;margin:.5rem 0 1rem;min-width:min(18rem,100%);break-inside:avoid}\
caption{text-align:left;font-weight:600;padding:.25rem 0}\
th,td{border:1px solid #8c8c8c;padding:.2rem .5rem;text-align:left;vertical-align:top}\
thead th{background:#f0f0f0}\
.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}\
figure{margin:.75rem 0;break-inside:avoid}\
figcaption{font-weight:600;margin-bottom:.25rem}\
svg.chart{display:block;max-width:100%;height:auto}\
.figure-grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(min(19rem,100%),1fr));gap:0 1.5rem}\
.figure-grid table{width:100%}\
.quota{font-size:1.05rem}\
.comment-text p,.answer-text p{white-space:pre-wrap;overflow-wrap:anywhere}\
.comments{padding-left:1.5rem}\
.comment{margin:0 0 1.25rem;break-inside:avoid-page}\
.answer{border-left:4px solid #00466f;padding:.1rem 0 .1rem .75rem;margin:.5rem 0 0}\
.diff{overflow-wrap:anywhere}\
del,.del{text-decoration:line-through;text-decoration-thickness:2px;background:#fde2e2;color:#1a1a1a}\
ins,.ins{text-decoration:underline;text-decoration-thickness:2px;background:#dcf1e0;color:#1a1a1a}\
.change{margin:0 0 1rem;break-inside:avoid}\
button{font:inherit;padding:.6rem 1.2rem;border:2px solid #00466f;border-radius:.3rem;background:#00466f;color:#fff;cursor:pointer}\
button:focus-visible,a:focus-visible{outline:3px solid #1a1a1a;outline-offset:2px}\
.vh{position:absolute;width:1px;height:1px;margin:-1px;padding:0;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0}\
.figures-page{break-before:page}\
h2,h3,h4,figcaption{break-after:avoid}\
@page{size:A4;margin:18mm 16mm}\
@media (max-width:30rem){.facts{grid-template-columns:1fr}.facts dd{margin-bottom:.4rem}}\
@media print{body{max-width:none;padding:0;font-size:10.5pt}\
a{color:#1a1a1a;text-decoration:none}\
.screen-only{display:none}}";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_every_special_character() {
        assert_eq!(
            escape("<a href=\"x\" title='y'>Tom & Jerry</a>"),
            "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;Tom &amp; Jerry&lt;/a&gt;"
        );
        assert_eq!(
            escape("Ärger über „Öffnungszeiten“"),
            "Ärger über „Öffnungszeiten“"
        );
    }

    #[test]
    fn numbers_and_shares_are_german() {
        assert_eq!(number(0), "0");
        assert_eq!(number(999), "999");
        assert_eq!(number(1234), "1.234");
        assert_eq!(number(1_234_567), "1.234.567");
        assert_eq!(share(1, 8), "12,5 %");
        assert_eq!(share(1, 2), "50,0 %");
        assert_eq!(share(2, 3), "66,7 %");
        assert_eq!(share(3, 3), "100,0 %");
        assert_eq!(share(0, 0), "–");
        assert_eq!(share(u64::MAX, u64::MAX), "100,0 %");
        assert_eq!(tenths_of_percent(5, 0), None);
    }

    #[test]
    fn days_and_paragraphs() {
        assert_eq!(day("2026-11-22T10:15:00.000Z"), "22.11.2026");
        assert_eq!(day("gestern"), "gestern");
        assert_eq!(day("ÄÖÜ"), "ÄÖÜ");
        assert_eq!(
            paragraphs("Erster\nAbsatz\n\n  \n<b>Zweiter</b>\r\n"),
            "<p>Erster\nAbsatz</p><p>&lt;b&gt;Zweiter&lt;/b&gt;</p>"
        );
        assert_eq!(paragraphs(""), "");
    }

    #[test]
    fn the_shell_is_german_titled_and_has_no_script() {
        let html = page("Bericht <1>", "<h1>x</h1>");
        assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"de\">"));
        assert!(html.contains("<title>Bericht &lt;1&gt;</title>"));
        assert!(html.contains("<main>\n<h1>x</h1>\n</main>"));
        assert!(html.contains("@page{size:A4;margin:18mm 16mm}"));
        assert!(!html.contains("<script"));
        // The site's navigation, as on every page of the app; not printed.
        assert!(html.contains("<nav class=\"site-nav screen-only\" aria-label=\"Hauptnavigation\"><a href=\"/\">Zur Strategie</a>"));
    }
}
