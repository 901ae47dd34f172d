//! `/datenschutz` (and `/en/datenschutz`): what this participation stores of a citizen,
//! why, for how long, and who deletes it — on the device, on the server, for the e-mail
//! notification and for a participation event. Written from what the code does (the
//! storage module, withdrawal, `notify`, the lottery's deletion), filled from the
//! strategy file (the town, its contact, the last day, the event's deletion date, the
//! `[retention]` periods as dates and `[privacy]`: who is responsible, the data protection
//! officer, the supervisory authority).
//! Prerendered only, as every page's text: none of it is in the wasm.

use leptos::prelude::*;

use crate::app::{set_page_title, PageHeading};
use crate::content::use_content;
use crate::i18n::Locale;
use mitreden_model::Strategy;

/// The page's title in `locale`.
pub fn title(locale: Locale) -> &'static str {
    match locale {
        Locale::De => "Datenschutz",
        Locale::En => "Privacy",
    }
}

/// `YYYY-MM-DD…` (a date or an RFC 3339 time) as "28.02.2027" or "28 February 2027".
fn day(iso: &str, locale: Locale) -> String {
    let date = iso.get(0..10).unwrap_or(iso);
    match locale {
        Locale::De => crate::i18n::german_day(date),
        Locale::En => crate::i18n::english_date(date),
    }
}

/// `/datenschutz`.
#[component]
pub fn PrivacyPage() -> impl IntoView {
    let locale = crate::i18n::locale();
    Effect::new(move |_| set_page_title(title(locale)));
    let body = match locale {
        Locale::De => german().into_any(),
        Locale::En => english().into_any(),
    };
    view! {
        <article class="statement">
            <PageHeading>{title(locale)}</PageHeading>
            {body}
        </article>
    }
}

fn german() -> impl IntoView {
    let s = use_content();
    let until = s.participation_ends.as_deref().map(|d| day(d, Locale::De));
    let ends = match &until {
        Some(d) => format!("am Tag nach dem letzten Tag der Beteiligung ({d})"),
        None => "wenn die Beteiligung endet".to_owned(),
    };
    let event = s.event.as_ref().map(|e| {
        view! {
            <h2>"Teilnahme an der Veranstaltung"</h2>
            <p>{format!(
                "Wer sich für „{}“ bewirbt, gibt einen Namen, eine Kontaktmöglichkeit und die \
                 Merkmale an, nach denen gelost wird. Die Stadt braucht sie, um fair zu losen \
                 und die Gelosten einzuladen. Der Server löscht Namen und Kontakte spätestens \
                 am {}; was bleibt, ist das Losergebnis ohne Namen. Eine Bewerbung lässt sich \
                 bis zum Ende der Frist mit ihrem Code zurückziehen.",
                e.title,
                day(&e.delete_contacts_after, Locale::De)
            )}</p>
        }
    });
    view! {
        <p>{format!(
            "Diese Beteiligungsseite betreibt die Stadt {}. Sie ist verantwortlich für die Daten, \
             die hier entstehen. Kontakt: {}",
            s.town, controller(&s)
        )}</p>
        {(!s.privacy.officer.is_empty()).then(|| view! {
            <p>{format!("Datenschutzbeauftragte Stelle: {}", s.privacy.officer)}</p>
        })}
        <p>
            "Es gibt hier keine Konten, keine Cookies für Bürgerinnen und Bürger, keine \
             Zählung von Besuchen und keine Inhalte von anderen Anbietern. Nichts verlässt \
             diese Seite, außer was Sie selbst abschicken."
        </p>
        <h2>"Auf Ihrem Gerät"</h2>
        <p>
            "Ihr Browser speichert Ihre Entwürfe und Ihre abgeschickten Kommentare mit ihrem \
             Beleg-Link (im lokalen Speicher dieser Seite), damit nichts verloren geht, auch \
             ohne Netz. Das bleibt, bis Sie es unter „Meine Beiträge“ löschen oder die \
             Daten dieser Seite in Ihrem Browser löschen. Safari auf iPhone und iPad löscht \
             es nach sieben Tagen ohne Besuch. Ein Kiosk im Rathaus löscht nach jeder Person, \
             was sie getippt hat."
        </p>
        <h2>"Auf dem Server der Stadt"</h2>
        <p>
            "Ein Kommentar wird mit seinem Text, dem Abschnitt, dem Zeitpunkt und – nur wenn \
             Sie sie angeben – einem Namen und einer Selbstbeschreibung gespeichert. Die Stadt \
             liest jeden Kommentar und antwortet darauf. Veröffentlichte Kommentare sind \
             öffentlich, mit dem Namen, wenn Sie einen angegeben haben, und gehören zu den \
             offenen Daten der Beteiligung (ohne Selbstbeschreibung)."
        </p>
        <p>
            "Mit dem Beleg-Link können Sie Ihren Kommentar jederzeit zurückziehen: Dann löscht \
             der Server Text, Namen und Selbstbeschreibung sofort, auch aus seinen \
             Zwischendateien. Der Server speichert vom Beleg-Link nur einen Prüfwert; den Link \
             selbst haben nur Sie."
        </p>
        <p>
            "Um die Seite vor Überlastung zu schützen, zählt der Server Anfragen je \
             IP-Adresse im Arbeitsspeicher, für wenige Minuten; er schreibt keine IP-Adresse \
             in eine Datei."
        </p>
        <h2 id="e-mail">"Benachrichtigung per E-Mail"</h2>
        <p>
            "Wenn Sie erfahren möchten, was aus Ihrem Kommentar wird, können Sie eine \
             E-Mail-Adresse angeben. Der Server speichert sie getrennt vom Kommentar und nur \
             dafür: eine Bestätigungs-E-Mail, dann höchstens eine E-Mail, wenn der Kommentar \
             veröffentlicht oder abgelehnt wird, und eine, wenn die Stadt antwortet. Die \
             Mitarbeiterinnen und Mitarbeiter der Stadt sehen die Adresse nicht, nur dass eine \
             Benachrichtigung wartet; sie steht in keinem Export, keinen offenen Daten und \
             keinem Protokoll."
        </p>
        <p>{format!(
            "Der Server löscht die Adresse von selbst, sobald das Erste davon eintritt: Ihr \
             Kommentar ist beantwortet oder abgelehnt, Sie ziehen ihn zurück, Sie klicken in \
             einer E-Mail auf „Keine weiteren E-Mails“, oder {ends}. Eine Adresse, die nicht \
             innerhalb von 48 Stunden bestätigt wird, löscht er nach 48 Stunden. Um niemanden \
             mit Bestätigungen zu überhäufen, behält er eine Stunde lang einen Prüfwert der \
             Adresse (SHA-256) statt der Adresse selbst. Eine E-Mail, die noch \
             nicht zugestellt werden konnte, behält die Adresse, bis sie gesendet ist oder \
             spätestens nach zwei Tagen aufgegeben wird."
        )}</p>
        <h2 id="push">"Mitteilung auf diesem Gerät (Push)"</h2>
        <p>
            "Statt einer E-Mail kann Ihr Browser eine Mitteilung zeigen. Erlauben Sie das, \
             gibt der Browser dem Server eine Adresse bei seinem Mitteilungsdienst (bei \
             Chrome von Google, bei Firefox von Mozilla, bei Safari von Apple). Der Server \
             speichert sie getrennt vom Kommentar und löscht sie unter denselben Bedingungen \
             wie eine E-Mail-Adresse, und sobald der Mitteilungsdienst meldet, dass es sie \
             nicht mehr gibt. Jede Mitteilung ist so verschlüsselt, dass nur Ihr Browser sie \
             lesen kann; der Mitteilungsdienst erfährt nur, dass eine kommt."
        </p>
        {event}
        <h2 id="fristen">"Wie lange der Server was aufbewahrt"</h2>
        {periods(&s, Locale::De)}
        <h2>"Ihre Rechte"</h2>
        <p>
            "Sie können Auskunft über Ihre Daten verlangen, ihre Berichtigung oder Löschung. \
             Schreiben Sie dazu an die oben genannte Stelle der Stadt."
        </p>
        <p>{if s.privacy.authority.is_empty() {
            "Sie können sich bei der Datenschutz-Aufsichtsbehörde Ihres Landes beschweren."
                .to_owned()
        } else {
            format!("Sie können sich bei der Datenschutz-Aufsichtsbehörde beschweren: {}",
                s.privacy.authority)
        }}</p>
    }
}

fn english() -> impl IntoView {
    let s = use_content();
    let until = s.participation_ends.as_deref().map(|d| day(d, Locale::En));
    let ends = match &until {
        Some(d) => format!("the day after the participation's last day ({d})"),
        None => "when the participation ends".to_owned(),
    };
    let event = s.event.as_ref().map(|e| {
        view! {
            <h2>"Taking part in the event"</h2>
            <p>
                "Whoever applies for "
                <span lang=crate::app::town_lang()>{format!("“{}”", e.title)}</span>
                {format!(
                    " gives a name, a way to be reached and the attributes by which the lots \
                     are drawn. The town needs them to draw fairly and to invite those drawn. \
                     The server deletes names and contacts on {} at the latest; what stays is \
                     the result of the draw without names. An application can be withdrawn \
                     with its code until the deadline.",
                    day(&e.delete_contacts_after, Locale::En)
                )}
            </p>
        }
    });
    view! {
        <p>
            {format!("This participation site is run by the town of {}. It is responsible for \
                      the data that arises here. Contact: ", s.town)}
            <span lang=crate::app::town_lang()>{controller(&s)}</span>
        </p>
        {(!s.privacy.officer.is_empty()).then(|| view! {
            <p>"Data protection officer: "
                <span lang=crate::app::town_lang()>{s.privacy.officer.clone()}</span></p>
        })}
        <p>
            "There are no accounts here, no cookies for citizens, no counting of visits and no \
             content from other providers. Nothing leaves this site except what you send \
             yourself."
        </p>
        <h2>"On your device"</h2>
        <p>
            "Your browser keeps your drafts and your sent comments with their receipt link (in \
             this site's local storage), so that nothing is lost, even without a network. It \
             stays until you delete it under “My contributions” or clear this site's data in \
             your browser. Safari on iPhone and iPad deletes it after seven days without a \
             visit. A kiosk in the town hall deletes what each person typed after them."
        </p>
        <h2>"On the town's server"</h2>
        <p>
            "A comment is stored with its text, the section, the time and – only if you give \
             them – a name and a self-description. The town reads every comment and answers \
             it. Published comments are public, with the name if you gave one, and are part \
             of the participation's open data (without the self-description)."
        </p>
        <p>
            "With the receipt link you can withdraw your comment at any time: the server then \
             deletes the text, name and self-description at once, also from its working \
             files. The server keeps only a check value of the receipt link; the link itself \
             only you have."
        </p>
        <p>
            "To protect the site from overload, the server counts requests per IP address in \
             its memory, for a few minutes; it writes no IP address to a file."
        </p>
        <h2 id="e-mail">"Notification by e-mail"</h2>
        <p>
            "If you want to hear what becomes of your comment, you can give an e-mail address. \
             The server stores it apart from the comment and for this alone: a confirmation \
             e-mail, then at most one e-mail when the comment is published or refused and one \
             when the town answers. The town's staff do not see the address, only that a \
             notification is waiting; it is in no export, no open data and no log."
        </p>
        <p>{format!(
            "The server deletes the address by itself as soon as the first of these happens: \
             your comment is answered or refused, you withdraw it, you click “No more \
             e-mails” in an e-mail, or {ends}. An address not confirmed within 48 hours it \
             deletes after 48 hours. So that nobody is flooded with confirmations, it keeps a \
             check value of the address (SHA-256) instead of the address for one hour. An \
             e-mail that could not be delivered yet keeps the address until it \
             is sent or given up, after two days at the latest."
        )}</p>
        <h2 id="push">"Notification on this device (push)"</h2>
        <p>
            "Instead of an e-mail, your browser can show a notification. If you allow it, the \
             browser gives the server an address at its notification service (Google's for \
             Chrome, Mozilla's for Firefox, Apple's for Safari). The server stores it apart \
             from the comment and deletes it on the same conditions as an e-mail address, \
             and as soon as the notification service reports that it is gone. Each \
             notification is encrypted so that only your browser can read it; the \
             notification service learns only that one comes."
        </p>
        {event}
        <h2 id="fristen">"How long the server keeps what"</h2>
        {periods(&s, Locale::En)}
        <h2>"Your rights"</h2>
        <p>
            "You can ask what data is kept about you, and have it corrected or deleted. Write \
             to the town's office named above."
        </p>
        {if s.privacy.authority.is_empty() {
            view! { <p>"You can complain to the data protection authority of your state."</p> }
                .into_any()
        } else {
            view! { <p>"You can complain to the data protection authority: "
                <span lang=crate::app::town_lang()>{s.privacy.authority.clone()}</span></p> }
                .into_any()
        }}
    }
}

/// Who is responsible: `[privacy] controller`, else the strategy's contact.
fn controller(s: &Strategy) -> String {
    if s.privacy.controller.is_empty() {
        s.contact.clone()
    } else {
        s.privacy.controller.clone()
    }
}

/// The `[retention]` periods as dates (what `retention.rs` on the server does, from the
/// same values): erased on the day after each period's last.
fn periods(s: &Strategy, locale: Locale) -> impl IntoView {
    let r = s.retention;
    let de = locale == Locale::De;
    let sessions = if de {
        format!(
            "Anmeldungen der Mitarbeiterinnen und Mitarbeiter und abgemeldete Kiosk-Geräte: \
             {} Tage nach ihrem Ende.",
            r.sessions_days
        )
    } else {
        format!(
            "Staff sign-ins and kiosk devices taken out of service: {} days after they end.",
            r.sessions_days
        )
    };
    let Some(last) = s.participation_ends.as_deref() else {
        let open = if de {
            "Solange die Stadt keinen letzten Tag der Beteiligung nennt, bewahrt der Server \
             Namen, Selbstbeschreibungen, die Prüfwerte der Beleg-Links und das Protokoll der \
             Moderation auf; einen Kommentar können Sie jederzeit mit seinem Beleg-Link \
             zurückziehen."
        } else {
            "As long as the town names no last day of the participation, the server keeps \
             names, self-descriptions, the receipt links' check values and the moderation \
             trail; you can withdraw a comment with its receipt link at any time."
        };
        return view! { <p>{open}</p> <p>{sessions}</p> }.into_any();
    };
    let on = |days: u32| {
        mitreden_model::retention::kept_until(last, days.saturating_add(1))
            .map(|d| day(&d, locale))
            .unwrap_or_default()
    };
    let items = if de {
        [
            format!(
                "Namen und Selbstbeschreibungen: gelöscht am {} ({} Tage nach dem letzten Tag \
                 der Beteiligung, {}). Die Kommentare bleiben, ohne sie.",
                on(r.names_days),
                r.names_days,
                day(last, locale)
            ),
            format!(
                "Beleg-Links: Ab dem {} vergisst der Server ihren Prüfwert; ein Kommentar lässt \
                 sich dann nicht mehr über seinen Link ansehen oder zurückziehen.",
                on(r.receipts_days)
            ),
            format!(
                "Das Protokoll der Moderation (wer was wann veröffentlicht, abgelehnt oder \
                 beantwortet hat): gelöscht am {}.",
                on(r.audit_days)
            ),
            sessions,
        ]
    } else {
        [
            format!(
                "Names and self-descriptions: deleted on {} ({} days after the participation's \
                 last day, {}). The comments stay, without them.",
                on(r.names_days),
                r.names_days,
                day(last, locale)
            ),
            format!(
                "Receipt links: from {} the server forgets their check value; a comment can \
                 then no longer be seen or withdrawn through its link.",
                on(r.receipts_days)
            ),
            format!(
                "The moderation trail (who published, refused or answered what, and when): \
                 deleted on {}.",
                on(r.audit_days)
            ),
            sessions,
        ]
    };
    view! { <ul>{items.into_iter().map(|i| view! { <li>{i}</li> }).collect_view()}</ul> }.into_any()
}

#[cfg(test)]
mod tests {
    use super::{day, Locale};

    #[test]
    fn days_in_both_languages() {
        assert_eq!(day("2027-02-28", Locale::De), "28.02.2027");
        assert_eq!(day("2027-02-08", Locale::En), "8 February 2027");
        assert_eq!(day("2027-05-31T00:00:00+02:00", Locale::En), "31 May 2027");
        assert_eq!(day("2027-13-01", Locale::En), "2027-13-01");
        assert_eq!(day("soon", Locale::De), "soon");
    }
}
