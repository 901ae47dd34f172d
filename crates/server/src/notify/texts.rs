//! The mails' words and the confirmation page's, in German and English (the language of
//! the page the citizen asked on). Plain text and the same as HTML; every value escaped.

use mitreden_model::notify::NotifyEvent;

use crate::report::html::escape;

/// A mail's subject and bodies.
pub struct Letter {
    /// Its subject.
    pub subject: String,
    /// Plain text.
    pub text: String,
    /// The same as HTML.
    pub html: String,
}

/// German or English.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    /// German.
    De,
    /// English.
    En,
}

impl Lang {
    /// The language of a stored tag (`de` unless `en`).
    pub fn of(tag: &str) -> Self {
        if tag == "en" {
            Lang::En
        } else {
            Lang::De
        }
    }

    /// Its tag.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::De => "de",
            Lang::En => "en",
        }
    }
}

/// The title of the section `id` in `lang` (its English rendering's where it has one), or
/// the id where the strategy has no such section.
pub fn section_title(strategy: &mitreden_model::Strategy, id: &str, lang: Lang) -> String {
    let Some(section) = strategy.sections.iter().find(|s| s.id == id) else {
        return id.to_owned();
    };
    match (&section.en, lang) {
        (Some(en), Lang::En) => en.title.clone(),
        _ => section.title.clone(),
    }
}

/// Paragraphs (and links, given as `(label, url)`) as plain text and as HTML.
fn letter(subject: String, paragraphs: &[String], links: &[(&str, &str)]) -> Letter {
    let mut text = paragraphs.join("\n\n");
    let mut html = paragraphs
        .iter()
        .map(|p| format!("<p>{}</p>", escape(p)))
        .collect::<String>();
    for (label, url) in links {
        text.push_str(&format!("\n\n{label}:\n{url}"));
        html.push_str(&format!(
            "<p><a href=\"{}\">{}</a></p>",
            escape(url),
            escape(label)
        ));
    }
    Letter {
        subject,
        text,
        html: format!("<!DOCTYPE html><html><body>{html}</body></html>"),
    }
}

/// What is sent, and when the address is deleted: the same words as the consent.
fn what_is_sent(lang: Lang) -> String {
    match lang {
        Lang::De => "Wir schreiben Ihnen höchstens eine E-Mail je Ereignis: wenn Ihr Kommentar \
            veröffentlicht oder abgelehnt wird, wenn die Verwaltung antwortet und wenn er zu \
            einer neuen Fassung des Textes geführt hat. Ihre Adresse wird gelöscht, sobald Ihr \
            Kommentar beantwortet oder abgelehnt ist, Sie ihn zurückziehen oder die \
            Beteiligung endet — was zuerst eintritt."
            .into(),
        Lang::En => "We send you at most one e-mail per event: when your comment is published \
            or refused, when the administration answers it, and when it led to a new version \
            of the text. Your address is deleted as soon as your comment is answered or \
            refused, you withdraw it, or the participation ends — whichever comes first."
            .into(),
    }
}

/// The mail that asks to confirm the address.
pub fn confirmation(lang: Lang, town: &str, section: &str, confirm_url: &str) -> Letter {
    match lang {
        Lang::De => letter(
            "Bitte bestätigen: Nachricht zu Ihrem Kommentar".into(),
            &[
                "Guten Tag,".into(),
                format!(
                    "Sie möchten erfahren, was aus Ihrem Kommentar zu „{section}“ wird \
                     (Beteiligung der Stadt {town}). Bitte bestätigen Sie das mit dem Link \
                     unten; er gilt 48 Stunden."
                ),
                what_is_sent(lang),
                "Haben Sie das nicht angefordert, beachten Sie diese E-Mail nicht: Ohne \
                 Bestätigung wird die Adresse nach 48 Stunden gelöscht."
                    .into(),
            ],
            &[("Benachrichtigung bestätigen", confirm_url)],
        ),
        Lang::En => letter(
            "Please confirm: news of your comment".into(),
            &[
                "Hello,".into(),
                format!(
                    "You asked to hear what becomes of your comment on “{section}” \
                     (participation of the town of {town}). Please confirm with the link \
                     below; it works for 48 hours."
                ),
                what_is_sent(lang),
                "If you did not ask for this, ignore this e-mail: without a confirmation the \
                 address is deleted after 48 hours."
                    .into(),
            ],
            &[("Confirm the notification", confirm_url)],
        ),
    }
}

/// The mail that tells of `event`; `detail` is the refusal's reason or the answer.
pub fn event(
    lang: Lang,
    event: NotifyEvent,
    section: &str,
    detail: Option<&str>,
    receipt_url: &str,
    stop_url: Option<&str>,
) -> Letter {
    let (subject, what) = headline(lang, event, section);
    let mut paragraphs = vec![what];
    if let Some(detail) = detail {
        let label = match (lang, event) {
            (Lang::De, NotifyEvent::Rejected) => "Begründung",
            (Lang::En, NotifyEvent::Rejected) => "Reason",
            (Lang::De, _) => "Antwort",
            (Lang::En, _) => "Answer",
        };
        paragraphs.push(format!("{label}: {detail}"));
    }
    if event.is_last() {
        paragraphs.push(match lang {
            Lang::De => {
                "Das ist die letzte E-Mail zu diesem Kommentar: Ihre Adresse ist gelöscht.".into()
            }
            Lang::En => {
                "This is the last e-mail about this comment: your address is deleted.".into()
            }
        });
    }
    let (see, stop) = match lang {
        Lang::De => (
            "Ihr Kommentar und was aus ihm wurde",
            "Keine weiteren E-Mails",
        ),
        Lang::En => ("Your comment and what became of it", "No more e-mails"),
    };
    let mut links = vec![(see, receipt_url)];
    if let Some(stop_url) = stop_url {
        links.push((stop, stop_url));
    }
    letter(subject.into(), &paragraphs, &links)
}

/// What happened, as a subject (a push's title) and a sentence (a push's text).
pub fn headline(lang: Lang, event: NotifyEvent, section: &str) -> (&'static str, String) {
    match (lang, event) {
        (Lang::De, NotifyEvent::Published) => (
            "Ihr Kommentar ist veröffentlicht",
            format!("Ihr Kommentar zu „{section}“ ist jetzt für alle zu lesen."),
        ),
        (Lang::De, NotifyEvent::Rejected) => (
            "Ihr Kommentar wurde nicht veröffentlicht",
            format!("Ihr Kommentar zu „{section}“ wurde nicht veröffentlicht."),
        ),
        (Lang::De, NotifyEvent::Answered) => (
            "Die Verwaltung hat Ihren Kommentar beantwortet",
            format!("Die Verwaltung hat Ihren Kommentar zu „{section}“ beantwortet."),
        ),
        (Lang::De, NotifyEvent::NewVersion) => (
            "Ihr Kommentar hat zu einer neuen Fassung geführt",
            format!("Ihr Kommentar hat zu einer neuen Fassung von „{section}“ geführt."),
        ),
        (Lang::En, NotifyEvent::Published) => (
            "Your comment is published",
            format!("Your comment on “{section}” can now be read by everyone."),
        ),
        (Lang::En, NotifyEvent::Rejected) => (
            "Your comment was not published",
            format!("Your comment on “{section}” was not published."),
        ),
        (Lang::En, NotifyEvent::Answered) => (
            "The administration answered your comment",
            format!("The administration answered your comment on “{section}”."),
        ),
        (Lang::En, NotifyEvent::NewVersion) => (
            "Your comment led to a new version",
            format!("Your comment led to a new version of “{section}”."),
        ),
    }
}

/// The office's digest (German, the office's language): how many comments wait for
/// moderation in `town`, per section (`counts`: title and number, in the strategy's order),
/// with the workplace's link and how to stop it.
pub fn digest(
    town: &str,
    counts: &[(String, i64)],
    every: mitreden_model::digest::Digest,
    workplace_url: &str,
) -> Letter {
    let total: i64 = counts.iter().map(|(_, c)| c).sum();
    let subject = match total {
        1 => format!("mitreden {town}: 1 Kommentar wartet auf Moderation"),
        n => format!("mitreden {town}: {n} Kommentare warten auf Moderation"),
    };
    let how_often = match every {
        mitreden_model::digest::Digest::Hourly => "stündlich",
        _ => "täglich",
    };
    let intro = "Diese Kommentare warten darauf, dass die Verwaltung sie prüft:";
    let lines: Vec<String> = counts
        .iter()
        .map(|(title, count)| format!("{title}: {count}"))
        .collect();
    let outro = format!(
        "Sie bekommen diese Übersicht {how_often}, solange etwas wartet. Abbestellen: in der \
         Verwaltung unter „Konten“, „Übersicht per E-Mail“."
    );
    let mut letter = letter(
        subject,
        &[intro.into(), lines.join("\n"), outro],
        &[("Zum Arbeitsplatz", workplace_url)],
    );
    // The counts as a list in the HTML (the plain text has one line each).
    let list = format!(
        "<ul>{}</ul>",
        lines
            .iter()
            .map(|l| format!("<li>{}</li>", escape(l)))
            .collect::<String>()
    );
    letter.html = letter
        .html
        .replacen(&format!("<p>{}</p>", escape(&lines.join("\n"))), &list, 1);
    letter
}

/// The confirmation page: a button that confirms (a link scanner that opens the link
/// confirms nothing), or what happened.
pub fn page(lang: Lang, heading: &str, said: &str, form: Option<(&str, &str)>) -> String {
    let form = form
        .map(|(token, button)| {
            format!(
                "<form method=\"post\" action=\"/benachrichtigung\">\
                 <input type=\"hidden\" name=\"token\" value=\"{}\">\
                 <button type=\"submit\">{}</button></form>",
                escape(token),
                escape(button)
            )
        })
        .unwrap_or_default();
    let nav = match lang {
        Lang::De => {
            "<nav class=\"site-nav\" aria-label=\"Hauptnavigation\"><a href=\"/\">Zur \
             Strategie</a> · <a href=\"/meine-beitraege\">Meine Beiträge</a> · \
             <a href=\"/datenschutz\">Datenschutz</a></nav>\n"
        }
        Lang::En => {
            "<nav class=\"site-nav\" aria-label=\"Main navigation\"><a href=\"/en/\">To the \
             strategy</a> · <a href=\"/en/meine-beitraege\">My contributions</a> · \
             <a href=\"/en/datenschutz\">Privacy</a></nav>\n"
        }
    };
    crate::report::html::page_in(
        lang.tag(),
        nav,
        heading,
        &format!("<h1>{}</h1><p>{}</p>{form}", escape(heading), escape(said)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_value_is_escaped_and_the_last_mail_says_so() {
        let l = event(
            Lang::De,
            NotifyEvent::Answered,
            "<Leitmotiv>",
            Some("a & b"),
            "https://x.de/beitrag/1#t",
            Some("https://x.de/stop?token=a&b"),
        );
        assert!(l.html.contains("&lt;Leitmotiv&gt;") && l.html.contains("a &amp; b"));
        assert!(l.html.contains("token=a&amp;b"));
        assert!(l.text.contains("Antwort: a & b"));
        assert!(l.text.contains("Ihre Adresse ist gelöscht"));
        let p = event(Lang::En, NotifyEvent::Published, "S", None, "u", None);
        assert!(!p.text.contains("deleted"), "not the last");
    }

    #[test]
    fn the_digest_counts_per_section_in_a_list() {
        let d = digest(
            "Sindelfingen",
            &[("Leitmotiv <2>".into(), 3), ("Projekt 1".into(), 1)],
            mitreden_model::digest::Digest::Hourly,
            "https://x.de/verwaltung/",
        );
        assert_eq!(
            d.subject,
            "mitreden Sindelfingen: 4 Kommentare warten auf Moderation"
        );
        assert!(d.text.contains("Leitmotiv <2>: 3\nProjekt 1: 1"));
        assert!(d
            .html
            .contains("<ul><li>Leitmotiv &lt;2&gt;: 3</li><li>Projekt 1: 1</li></ul>"));
        assert!(d.text.contains("stündlich") && d.text.contains("https://x.de/verwaltung/"));
    }
}
