//! Charts drawn as SVG by hand (no chart library, no script): horizontal bars for counts
//! by kind, columns for counts over time.
//!
//! Each chart is an image with a name and a description (`role="img"`, `<title>`,
//! `<desc>` with every number); each bar has its number written beside it, so nothing is
//! told by colour or length alone. The page puts the same numbers in a table next to it.
//! Lengths are proportional to the largest value; a 0 is a bar of no length with "0".

use super::html::{escape, number};

/// The bars' colour when the town's colour is too light on white.
pub const FALLBACK_COLOUR: &str = "#00558c";

/// The contrast a bar needs against the white page (WCAG 1.4.11, graphical objects).
const MIN_CONTRAST: f64 = 3.0;

/// Text in the charts: the page's text colour.
const TEXT: &str = "#1a1a1a";

/// One bar (or column): what it counts and how many.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bar {
    /// What is counted.
    pub label: String,
    /// How many.
    pub value: u64,
}

impl Bar {
    /// A bar for `value` things called `label`.
    pub fn new(label: impl Into<String>, value: u64) -> Self {
        Self {
            label: label.into(),
            value,
        }
    }
}

/// The town's colour (`#rrggbb`) where it has 3:1 against white, else [`FALLBACK_COLOUR`].
pub fn bar_colour(theme: &str) -> String {
    match contrast_with_white(theme) {
        Some(c) if c >= MIN_CONTRAST => theme.to_ascii_lowercase(),
        _ => FALLBACK_COLOUR.to_owned(),
    }
}

/// The WCAG contrast ratio of `#rrggbb` against white; `None` for anything else.
pub fn contrast_with_white(hex: &str) -> Option<f64> {
    let digits = hex.strip_prefix('#')?;
    if digits.len() != 6 || !digits.chars().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    let channel = |i: usize| -> Option<f64> {
        let v = u8::from_str_radix(digits.get(i..i + 2)?, 16).ok()?;
        let s = f64::from(v) / 255.0;
        Some(if s <= 0.039_28 {
            s / 12.92
        } else {
            ((s + 0.055) / 1.055).powf(2.4)
        })
    };
    let l = 0.2126 * channel(0)? + 0.7152 * channel(2)? + 0.0722 * channel(4)?;
    Some(1.05 / (l + 0.05))
}

/// The length of `value` when `max` is `full` long: proportional, at least 1 for any
/// value above 0 (so that a small count is not drawn as none), 0 for 0.
fn length(value: u64, max: u64, full: u32) -> u32 {
    if max == 0 || value == 0 {
        return 0;
    }
    let l = u128::from(value) * u128::from(full) / u128::from(max);
    u32::try_from(l).unwrap_or(full).clamp(1, full)
}

/// A label short enough for the chart (the table beside it has it whole), cut by chars.
fn short(label: &str, max_chars: usize) -> String {
    if label.chars().count() <= max_chars {
        label.to_owned()
    } else {
        let cut: String = label.chars().take(max_chars.saturating_sub(1)).collect();
        format!("{cut}…")
    }
}

/// The chart's description: its title and every bar's number, for those who do not see it.
fn description(title: &str, bars: &[Bar]) -> String {
    let items: Vec<String> = bars
        .iter()
        .map(|b| format!("{}: {}", b.label, number(b.value)))
        .collect();
    if items.is_empty() {
        format!("{title}: keine Werte.")
    } else {
        format!("{title}: {}.", items.join("; "))
    }
}

/// The opening of a chart: the image role, its name and description (`id` must be
/// unique in the page).
fn open(id: &str, title: &str, bars: &[Bar], width: u32, height: u32) -> String {
    let id = escape(id);
    format!(
        "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" \
         aria-labelledby=\"{id}-t {id}-d\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" \
         height=\"{height}\"><title id=\"{id}-t\">{}</title><desc id=\"{id}-d\">{}</desc>\
         <g font-family=\"system-ui, sans-serif\" font-size=\"14\" fill=\"{TEXT}\">",
        escape(title),
        escape(&description(title, bars)),
    )
}

/// Horizontal bars: the label left, the bar, its number right of it.
pub fn bar_chart(id: &str, title: &str, bars: &[Bar], colour: &str) -> String {
    const ROW: u32 = 28;
    const BAR_H: u32 = 18;
    const FULL: u32 = 320;
    const PAD: u32 = 6;
    const LABEL_CHARS: usize = 32;
    let labels: Vec<String> = bars.iter().map(|b| short(&b.label, LABEL_CHARS)).collect();
    let widest = labels.iter().map(|l| l.chars().count()).max().unwrap_or(0);
    let label_w = u32::try_from(widest * 8 + 12).unwrap_or(260).clamp(60, 260);
    let rows = u32::try_from(bars.len()).unwrap_or(0).max(1);
    let (width, height) = (label_w + FULL + 80, rows * ROW + 2 * PAD);
    let max = bars.iter().map(|b| b.value).max().unwrap_or(0);
    let colour = escape(colour);
    let mut svg = open(id, title, bars, width, height);
    let mut y = PAD;
    for (bar, label) in bars.iter().zip(&labels) {
        let w = length(bar.value, max, FULL);
        svg.push_str(&format!(
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>\
             <rect x=\"{label_w}\" y=\"{}\" width=\"{w}\" height=\"{BAR_H}\" fill=\"{colour}\"/>\
             <text x=\"{}\" y=\"{}\">{}</text>",
            label_w - 8,
            y + 19,
            escape(label),
            y + 5,
            label_w + w + 6,
            y + 19,
            number(bar.value),
        ));
        y += ROW;
    }
    svg.push_str(&format!(
        "<line x1=\"{label_w}\" y1=\"{PAD}\" x2=\"{label_w}\" y2=\"{}\" stroke=\"{TEXT}\"/></g></svg>",
        height - PAD
    ));
    svg
}

/// Columns, e.g. per week: the number above each column, its label below (a label
/// `a/b` on two lines: `KW 47/2026`).
pub fn column_chart(id: &str, title: &str, columns: &[Bar], colour: &str) -> String {
    const SLOT: u32 = 56;
    const COL_W: u32 = 36;
    const PLOT_H: u32 = 160;
    const TOP: u32 = 24;
    const BOTTOM: u32 = 44;
    const LEFT: u32 = 8;
    let n = u32::try_from(columns.len()).unwrap_or(0);
    let width = (2 * LEFT + n.saturating_mul(SLOT)).max(240);
    let height = TOP + PLOT_H + BOTTOM;
    let base = TOP + PLOT_H;
    let max = columns.iter().map(|b| b.value).max().unwrap_or(0);
    let colour = escape(colour);
    let mut svg = open(id, title, columns, width, height);
    let mut x = LEFT;
    for column in columns {
        let h = length(column.value, max, PLOT_H);
        let middle = x + SLOT / 2;
        let (first, second) = match column.label.split_once('/') {
            Some((a, b)) => (a, b),
            None => (column.label.as_str(), ""),
        };
        svg.push_str(&format!(
            "<rect x=\"{}\" y=\"{}\" width=\"{COL_W}\" height=\"{h}\" fill=\"{colour}\"/>\
             <text x=\"{middle}\" y=\"{}\" text-anchor=\"middle\">{}</text>\
             <text x=\"{middle}\" y=\"{}\" text-anchor=\"middle\" font-size=\"12\">{}</text>\
             <text x=\"{middle}\" y=\"{}\" text-anchor=\"middle\" font-size=\"12\">{}</text>",
            x + (SLOT - COL_W) / 2,
            base - h,
            base - h - 6,
            number(column.value),
            base + 18,
            escape(&short(first, 8)),
            base + 34,
            escape(&short(second, 8)),
        ));
        x += SLOT;
    }
    svg.push_str(&format!(
        "<line x1=\"{LEFT}\" y1=\"{base}\" x2=\"{}\" y2=\"{base}\" stroke=\"{TEXT}\"/></g></svg>",
        width - LEFT
    ));
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bar_chart_names_itself_and_writes_every_number() {
        let bars = [
            Bar::new("eingegangen", 3),
            Bar::new("veröffentlicht", 1_234),
            Bar::new("abgelehnt", 0),
        ];
        let svg = bar_chart("gesamt-stand", "Nach Stand", &bars, "#00558c");
        assert!(svg.starts_with("<svg class=\"chart\""));
        assert!(svg.contains("role=\"img\""));
        assert!(svg.contains("aria-labelledby=\"gesamt-stand-t gesamt-stand-d\""));
        assert!(svg.contains("<title id=\"gesamt-stand-t\">Nach Stand</title>"));
        assert!(svg.contains(
            "<desc id=\"gesamt-stand-d\">Nach Stand: eingegangen: 3; veröffentlicht: 1.234; \
             abgelehnt: 0.</desc>"
        ));
        for text in [
            ">eingegangen</text>",
            ">3</text>",
            ">1.234</text>",
            ">0</text>",
        ] {
            assert!(svg.contains(text), "{text}");
        }
        assert_eq!(svg.matches("<rect").count(), 3);
        // The largest is full length, 0 is no length, the others in proportion but seen.
        assert!(svg.contains("width=\"320\" height=\"18\""));
        assert!(svg.contains("width=\"0\" height=\"18\""));
        assert!(svg.contains("width=\"1\" height=\"18\""));
        assert!(svg.ends_with("</svg>"));
    }

    #[test]
    fn all_zero_and_no_bars_draw_without_dividing_by_zero() {
        let svg = bar_chart(
            "z",
            "Leer",
            &[Bar::new("a", 0), Bar::new("b", 0)],
            "#000000",
        );
        assert_eq!(svg.matches("width=\"0\" height=\"18\"").count(), 2);
        let none = column_chart("n", "Zeit", &[], "#000000");
        assert!(none.contains("<desc id=\"n-d\">Zeit: keine Werte.</desc>"));
    }

    #[test]
    fn every_text_is_escaped() {
        let svg = bar_chart(
            "x\"y",
            "<Titel>",
            &[Bar::new("<script>alert('x')</script> & Co", 1)],
            "\"/><script>",
        );
        assert!(!svg.contains("<script"));
        assert!(svg.contains("&lt;Titel&gt;"));
        assert!(svg.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; Co"));
        assert!(svg.contains("id=\"x&quot;y-t\""));
    }

    #[test]
    fn columns_carry_their_numbers_and_two_line_labels() {
        let cols = [Bar::new("KW 52/2026", 4), Bar::new("KW 53/2026", 0)];
        let svg = column_chart("zeit", "Pro Woche", &cols, "#00558c");
        assert!(svg.contains("<title id=\"zeit-t\">Pro Woche</title>"));
        assert!(svg.contains("KW 52/2026: 4; KW 53/2026: 0."));
        for text in [">4</text>", ">0</text>", ">KW 52</text>", ">2026</text>"] {
            assert!(svg.contains(text), "{text}");
        }
        assert!(svg.contains("height=\"160\""));
        assert!(svg.contains("height=\"0\""));
    }

    #[test]
    fn the_towns_colour_only_where_it_stands_out_from_white() {
        assert_eq!(bar_colour("#00558C"), "#00558c");
        assert_eq!(bar_colour("#ffd700"), FALLBACK_COLOUR);
        assert_eq!(bar_colour("blau"), FALLBACK_COLOUR);
        assert_eq!(bar_colour("#12345"), FALLBACK_COLOUR);
        let black = contrast_with_white("#000000").unwrap_or(0.0);
        assert!((black - 21.0).abs() < 0.01, "{black}");
        let white = contrast_with_white("#ffffff").unwrap_or(0.0);
        assert!((white - 1.0).abs() < 0.01, "{white}");
    }

    #[test]
    fn long_labels_are_cut_by_character() {
        assert_eq!(short("Ärger", 8), "Ärger");
        assert_eq!(short("Bürgerinnen und Bürger", 8), "Bürgeri…");
    }
}
