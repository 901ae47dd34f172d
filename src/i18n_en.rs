//! The English texts: every field of [`Texts`], in the order of [`super::DE`].
//!
//! Plain English, short sentences, as a town's English pages would put it. The town's and the
//! strategy's proper nouns stay German.

use mitreden_model::SectionKind;

use super::{EventPageTexts, EventTexts, Texts};

/// "2026-11-26" → "26 November 2026"; anything else is shown as it came.
pub fn english_date(iso: &str) -> String {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let mut parts = iso.splitn(3, '-');
    let (Some(year), Some(month), Some(day)) = (parts.next(), parts.next(), parts.next()) else {
        return iso.to_owned();
    };
    let month = month
        .parse::<usize>()
        .ok()
        .and_then(|m| m.checked_sub(1))
        .and_then(|m| MONTHS.get(m));
    match (month, day.parse::<u32>()) {
        (Some(month), Ok(day)) if year.len() == 4 && (1..=31).contains(&day) => {
            format!("{day} {month} {year}")
        }
        _ => iso.to_owned(),
    }
}

/// English texts.
pub static EN: Texts = Texts {
    lang: "en",
    app_name: "mitreden",
    skip_link: "Skip to content",
    nav_label: "Main navigation",
    overview: "Overview",
    status_label: "Status:",
    sections_heading: "All sections",
    projects_heading: "Concrete projects",
    pager_label: "More sections",
    previous: "Previous section",
    next: "Next section",
    earlier_heading: "Changes to the text",
    change_reason: "Reason for the change:",
    reconstructed_note: "We pieced this earlier version together from the published \
                         questions and answers; we no longer have the original document.",
    not_found_heading: "Page not found",
    not_found_text: "This section does not exist in the strategy. The link above takes you \
                     to the overview.",
    source_label: "Source:",
    privacy_note: "No account, no tracking.",
    loading: "Loading the strategy …",
    kind_one: |kind| match kind {
        SectionKind::Leitmotiv => "Guiding principle",
        SectionKind::Handlungsfeld => "Field of action",
        SectionKind::Ziel => "Goal",
        SectionKind::Thema => "Topic",
    },
    kind_many: |kind| match kind {
        SectionKind::Leitmotiv => "Guiding principles",
        SectionKind::Handlungsfeld => "Fields of action",
        SectionKind::Ziel => "Goals",
        SectionKind::Thema => "Topics",
    },
    my_items: "My comments",
    form_heading: "Your comment",
    form_text_label: "Your comment on this section",
    form_name_label: "Name or pseudonym (optional)",
    form_self_label: "I am writing as … (optional)",
    form_self_none: "prefer not to say",
    form_consent_label: "I agree to my comment being stored and published.",
    form_noscript: "This page needs JavaScript for commenting. You can read everything \
        without it.",
    form_app_failed: "The comment form could not start (the connection was lost, or this \
        browser is too old). You can still read everything. Reload the page, or use the way \
        described below.",
    form_other_ways: |contact, town| {
        if contact.is_empty() {
            format!("You can also send your comments directly to the town of {town}.")
        } else {
            format!("You can also comment without this form: {contact}")
        }
    },
    form_privacy: "Your draft stays on this device until you send it. Then we store your \
                   text, the optional name, the optional information about yourself and the \
                   time – no email address, no account. Once the town has checked your \
                   comment, it may be published. You can withdraw it at any time under \
                   “My comments” on this device.",
    form_submit: "Send",
    form_trap_label: "Please leave this empty",
    form_queued: "Your comment is in the outbox. It will be sent as soon as there is a \
                  connection.",
    form_saved: "Draft saved.",
    form_sending: "Your comment is being sent …",
    form_received: "Your comment has arrived; the town is reviewing it. Once published, it \
                    appears with the comments on this section; what becomes of it you see \
                    under “My comments” and through the receipt link.",
    form_not_sent: "Nothing was sent – please check the marked field.",
    form_ios_storage: "On iPhone and iPad, Safari deletes drafts when you do not open this page \
                       for seven days. Send your comment soon – or add the page to your home \
                       screen with “Share” and “Add to Home Screen”.",
    remove_local: "Remove from this device only",
    remove_local_confirm: "The comment stays with the town. Without the receipt link you can \
                           no longer withdraw it or see what becomes of it – copy the link \
                           first if you want to keep it.",
    remove_local_yes: "Yes, remove from this device",
    receipt_copy: "Copy receipt link",
    receipt_copied: "Receipt link copied.",
    receipt_copy_failed: "Copying did not work – please press and hold the receipt link to \
                          copy it.",
    receipt_share: "Share or copy receipt link",
    receipt_shared: "Receipt link shared.",
    receipt_next: "The town is reviewing your comment. Once published, it appears with the \
                   section; when the town answers, the answer appears here. Keep this link – \
                   with it you can also withdraw the comment from another device.",
    receipt_qr: "Show as QR code",
    notify_heading: "Hear what becomes of the comment",
    notify_intro: "We write to you when your comment is published or refused and when the \
                   town answers – at most one e-mail per event.",
    notify_address: "E-mail address",
    notify_consent: "I agree that the town stores my address for this alone, apart from the \
                     comment. Its server deletes it by itself as soon as my comment is \
                     answered or refused, I withdraw it, or the participation ends; \
                     unconfirmed after 48 hours.",
    notify_send: "Ask for e-mails",
    notify_sent: "We sent you an e-mail. Please confirm the address with the link in it \
                  (valid for 48 hours).",
    notify_bad_address: "That is not an e-mail address we can write to.",
    notify_no_consent: "Please agree that the address is stored for this.",
    notify_offer: "Get notified",
    notify_push: "Notify me on this device",
    notify_push_done: "Done: this device will show a notification when something happens to \
                       your comment.",
    notify_push_unsupported: "This browser cannot show notifications here.",
    notify_push_ios: "On iPhone and iPad this works only once you have added this site to the \
                      home screen and open it from there.",
    notify_push_denied: "Notifications are not allowed for this site; you can allow them in the \
                         browser's settings.",
    notify_push_failed: "The browser could not reach its notification service just now.",
    notify_or_mail: "Use the e-mail instead.",
    receipt_qr_failed: "The QR code needs a connection. Copy the link instead.",
    delete: "Delete",
    delete_confirm: "Really delete? This cannot be undone.",
    delete_yes: "Yes, delete",
    delete_no: "Cancel",
    deleted: "Deleted.",
    edit: "Open",
    mine_on_section: "Your comments on this section",
    my_items_heading: "My drafts and comments",
    my_items_empty: "You have not written anything on this device yet.",
    my_items_reading: "Your drafts and comments are read from this browser (this page needs \
        JavaScript for that).",
    my_items_intro: "Everything you have written on this device, with its status.",
    state_draft: "Draft",
    state_queued: "waiting for a connection",
    state_sending: "being sent",
    state_received: |at| format!("received on {at}"),
    state_rejected: |reason| format!("rejected: {reason}"),
    state_withdrawn: "withdrawn – the text has been deleted",
    withdraw: "Withdraw",
    withdraw_confirm: "Withdraw this comment? The text will be deleted on the server and here.",
    withdraw_yes: "Yes, withdraw",
    withdraw_offline: "You can only withdraw a comment when you are online. Please try again \
        later.",
    changed_at: "Last changed:",
    sync_offline: |n| match n {
        1 => "Offline – 1 comment waiting, sent by itself later".to_owned(),
        n => format!("Offline – {n} comments waiting, sent by themselves later"),
    },
    sync_waiting: |n| match n {
        1 => "1 comment waiting to be sent".to_owned(),
        n => format!("{n} comments waiting to be sent"),
    },
    sync_sending: "Sending …",
    sync_done: "All comments sent",
    char_count: |n, max| format!("{n} of {max} characters"),
    storage_full: "Your browser's storage is full. Your text is still on this page, but it \
                   is not saved: please send it or copy it.",
    storage_unavailable: "Your browser does not allow saving here. Your text is only kept \
                          while this page is open.",
    storage_set_aside: |n| match n {
        1 => "One saved entry could not be read. It was set aside, not deleted.".to_owned(),
        n => format!("{n} saved entries could not be read. They were set aside, not deleted."),
    },
    update_available: "New version available",
    update_reload: "Reload",
    eviction_warning: |n| {
        let what = if n == 1 {
            "1 comment has".to_owned()
        } else {
            format!("{n} comments have")
        };
        format!(
            "{what} not been sent yet. Your browser may delete saved data if you do not \
             visit this page for a while. Send as soon as you are online."
        )
    },
    send_now: "Send now",
    no_connection: "No connection to the server. Please try again later.",
    public_heading: "Comments and responses",
    public_none: "No comment on this section has been published yet.",
    public_unavailable: "Other people's comments cannot be loaded right now (no connection).",
    public_shown: |shown, all| {
        if all == 1 {
            "1 comment".to_owned()
        } else {
            format!("{shown} of {all} comments")
        }
    },
    public_more: "Load more comments",
    public_more_loading: "Loading more comments …",
    public_more_loaded: |n| match n {
        1 => "1 more comment loaded.".to_owned(),
        n => format!("{n} more comments loaded."),
    },
    public_more_failed: "More comments cannot be loaded right now. Please try again later.",
    anonymous: "Anonymous",
    answer_by: |office| format!("Response from {office}"),
    answer_status: |status| {
        use mitreden_model::api::AnswerStatus as S;
        match status {
            S::Eingegangen => "received",
            S::InPruefung => "under review",
            S::Beruecksichtigt => "taken into account",
            S::TeilweiseBeruecksichtigt => "partly taken into account",
            S::NichtBeruecksichtigt => "not taken into account",
        }
    },
    answer_reason: "Reason:",
    see_revision: |label, version| format!("see {label}, version {version}"),
    comment_count: |n| match n {
        0 => "no comments yet".to_owned(),
        1 => "1 comment".to_owned(),
        n => format!("{n} comments"),
    },
    state_published: "published",
    state_moderated_out: |reason| format!("not published: {reason}"),
    admin_link: "Administration",
    embed_link: "Embed on your website",
    embed_heading: "Embed on your website",
    embed_intro: "With one line, another website – such as the town's homepage – can show \
        the whole strategy or one section: for reading, commenting and sending, without \
        third-party cookies. The IT that runs mitreden must allow that website first; tell \
        them its address.",
    embed_options: "Optional: data-accent=\"#rrggbb\" for the website's colour (it is \
        darkened just enough for text on it to stay readable) and data-title=\"…\" for the \
        title of the frame, which screen readers read out.",
    embed_origin_placeholder: "https://ADDRESS-OF-THIS-SERVER",
    embed_whole: "The whole strategy",
    embed_copy: "Copy code",
    embed_copied: "Copied.",
    embed_copy_failed: "Copying did not work – please select the code and copy it.",
    embed_preview: "Preview",
    form_embed_storage: "Your draft is only saved in this browser, and only on this website: \
        you will not see it on mitreden's own site.",
    kiosk_restart: "Start again",
    kiosk_idle_heading: "Are you still there?",
    kiosk_idle_text: |secs| {
        let unit = if secs == 1 { "second" } else { "seconds" };
        format!(
            "This device will start again in {secs} {unit}. Everything entered here and not \
             sent will then be deleted."
        )
    },
    kiosk_idle_continue: "I am still here – continue",
    kiosk_thanks_heading: "Thank you for your comment!",
    kiosk_thanks_text: "It has been sent and will reach the town, even if the network is \
        down right now. If you want to follow what happens to it, take a photo of the QR code \
        with your phone. It is only shown now; then the device starts again.",
    kiosk_qr_label: "QR code with the receipt link to your comment",
    kiosk_done: "Done – start again",
    kiosk_no_items: "This device is for everyone, so it keeps no comments.",
    state_withdrawn_short: "withdrawn",
    written_on_version: |v| format!("Written on an earlier version (version {v})"),
    change_causes: "Changed at the suggestion of:",
    comment_by: |who| match who {
        "" => "Comment without a name".to_owned(),
        who => format!("Comment by {who}"),
    },
    changed_since_draft: "This section has changed since you started your draft. Please \
                          check whether your comment still fits. The change:",
    changed_since_keep: |v| {
        format!("Unless you choose otherwise, your comment goes with version {v}, the one you started it on.")
    },
    changed_since_move: "Refer my comment to the changed version",
    changed_since_moved: "Your comment now refers to the changed version.",
    receipt_heading: "Your comment",
    receipt_loading: "Loading the status of your comment (this page needs JavaScript for \
        that).",
    receipt_invalid: "This receipt link does not open a comment – it is incomplete, or the \
                      server cannot be reached right now.",
    receipt_link: "Receipt link (opens this comment on another device; do not share it)",
    position: |i, n| format!("Section {i} of {n}"),
    start_how: "How it works: open a section – under each text is the comment field.",
    participation_until: |day| format!("Comments until {} inclusive", english_date(day)),
    changed_on: |date| match date.map(english_date) {
        Some(date) => format!("Changed on {date}"),
        None => "Changed – we do not know on which day".to_owned(),
    },
    earlier_full: "Read the full earlier version",
    diff_inserted: "inserted: ",
    diff_deleted: "deleted: ",
    easy_link: "Leichte Sprache (easy-to-read German)",
    accessibility_link: "Accessibility statement (in German)",
    rejection: |r| {
        use mitreden_model::comment::{Rejection as R, MAX_NAME_CHARS, MAX_TEXT_CHARS};
        match r {
            R::EmptyText => "The comment is empty.".to_owned(),
            R::TextControlCharacters => {
                "The comment contains control characters. Please remove them.".to_owned()
            }
            R::TextTooLong { chars } => format!(
                "The comment is too long with {chars} characters (at most {MAX_TEXT_CHARS})."
            ),
            R::NameTooLong => {
                format!("The name is too long (at most {MAX_NAME_CHARS} characters).")
            }
            R::NameControlCharacters => {
                "The name contains line breaks or control characters. Please remove them."
                    .to_owned()
            }
            R::NoConsent => "Please agree to the privacy notice.".to_owned(),
            R::UnknownSection => "This section does not exist.".to_owned(),
            R::UnknownVersion => "The server does not know this version of the section.".to_owned(),
            R::UnknownSelfDescription => {
                "This description of yourself is not one of the choices.".to_owned()
            }
            R::BadId => "The comment's identifier is not valid.".to_owned(),
            R::BadTime => "The comment's time is not valid.".to_owned(),
            R::BadReceipt => "The comment's receipt is not valid.".to_owned(),
        }
    },
    read_rendering: |k| match k {
        mitreden_model::RenderingKind::LeichteSprache => {
            "Diesen Abschnitt in Leichter Sprache lesen"
        }
        mitreden_model::RenderingKind::En => "Read this section in English",
    },
    german_original: "The town's text in German",
    only_german: "This section is only available in German.",
    town_text_german: "The town's own texts are shown here in German.",
    notice_label: "Notice",
};

/// "2027-04-12…" → "12 April 2027".
fn english_day(iso: &str) -> String {
    english_date(iso.get(..10).unwrap_or(iso))
}

/// English texts of a participation event's live parts.
pub static EVENT_EN: EventTexts = EventTexts {
    state_heading: "Current status",
    state_loading: "Loading the current status from the server (this page needs JavaScript \
        for that).",
    state_unavailable: "The current status cannot be loaded right now (no connection). You \
        can still apply: your application waits on this device and is sent as soon as there \
        is a connection.",
    phase: |phase, at| {
        use mitreden_model::event::EventPhase as P;
        match phase {
            P::Upcoming => format!("Applications open on {at}."),
            P::Open => format!("You can apply until {at}."),
            P::Closed => "Applications are closed. The draw is to come.".to_owned(),
            P::Drawn => "The seats have been drawn.".to_owned(),
        }
    },
    applied: |n| match n {
        0 => "No applications yet.".to_owned(),
        1 => "1 application so far.".to_owned(),
        n => format!("{n} applications so far."),
    },
    commitment_label: "The town's commitment (SHA-256 of the secret seed)",
    committed_at: |at| format!("published on {at}"),
    no_commitment: "The town has not published its commitment yet. It will appear here \
        before the application period ends.",
    result_heading: "Result of the draw",
    result_intro: |drawn, of, at| {
        format!("On {at}, {drawn} of {of} applications were drawn, in this order:")
    },
    drawn_label: "Drawn codes",
    seed_label: "Secret seed (now revealed)",
    public_value_label: "Public value",
    algorithm_label: "Algorithm",
    download: "Download the inputs (JSON)",
    form_heading: "Apply for a seat",
    name_label: "Name",
    contact_kind_legend: "How should we invite you?",
    contact_kind: |kind| {
        use mitreden_model::event::ContactKind as K;
        match kind {
            K::Email => "Email",
            K::Post => "Postal address",
            K::Phone => "Phone",
        }
    },
    contact_label: "Contact",
    contact_hint: |kind| {
        use mitreden_model::event::ContactKind as K;
        match kind {
            K::Email => "Your email address, e.g. name@example.org",
            K::Post => "Street and number, postcode and town",
            K::Phone => "Your phone number with the area code",
        }
    },
    choose: "Please choose",
    consent_label: |day| {
        format!(
            "I agree that my details are stored only to invite me and are deleted on {day} at \
             the latest."
        )
    },
    privacy: "Your details stay on this device until you send the application. The town uses \
        your name and contact only to invite those drawn; only the codes of those drawn are \
        published. Once your application has arrived, your name and contact are deleted from \
        this device.",
    submit: "Send application",
    queued: "Your application is in the outbox. It will be sent as soon as there is a \
        connection.",
    closed: "Applications are closed.",
    not_open: "Applications have not opened yet.",
    rejection: |r, label| {
        use mitreden_model::event::{ApplicationRejection as R, MAX_CONTACT_CHARS, MAX_NAME_CHARS};
        match r {
            R::EmptyName => "Please enter your name.".to_owned(),
            R::NameTooLong => format!("The name may have at most {MAX_NAME_CHARS} characters."),
            R::EmptyContact => "Please tell us how we can invite you.".to_owned(),
            R::ContactTooLong => {
                format!("The contact may have at most {MAX_CONTACT_CHARS} characters.")
            }
            R::ContactInvalid => "This contact does not fit the kind you chose (an email \
                address with @, a phone number with digits, an address with street and town)."
                .to_owned(),
            R::ControlCharacters => {
                "The name or contact contains control characters. Please remove them.".to_owned()
            }
            R::Attribute(_) => format!("Please choose one of the values offered for “{label}”."),
            R::NoConsent => {
                "Please agree to your contact being stored for the invitation.".to_owned()
            }
            R::BadId => "The application is damaged.".to_owned(),
            R::UnknownEvent => "This event does not exist.".to_owned(),
        }
    },
    mine_heading: "Your application",
    your_code: "Your code:",
    note_code: "Write it down: with it you can check the status, on another device too. After \
        the draw, only this code is published, never your name.",
    received_said: |code| format!("Your application has arrived. Your code: {code}"),
    status: |status| {
        use mitreden_model::event::ApplicationStatus as S;
        match status {
            S::Received => "received – the draw is to come",
            S::Withdrawn => "withdrawn",
            S::Drawn => "drawn – the town will invite you",
            S::NotDrawn => "not drawn",
        }
    },
    status_of: |code, status| format!("Application {code}: {status}"),
    check: "Check status",
    withdraw: "Withdraw application",
    withdraw_confirm: "Withdraw your application? It will then not take part in the draw, and \
        your name and contact will be deleted.",
    withdrawn_said: "Your application has been withdrawn.",
    code_heading: "Check the status with your code",
    code_intro: "Did you apply on another device or on paper? Enter your code.",
    code_label: "Your code (e.g. K7MQ-4X2A)",
    code_submit: "Check code",
    code_invalid: "This is not a valid code. A code has 8 characters, digits and letters, e.g. \
        K7MQ-4X2A.",
    code_unknown: "There is no application with this code (or the server cannot be reached \
        right now).",
    day: english_day,
};

/// English texts of the prerendered participation page.
pub static EVENT_PAGE_EN: EventPageTexts = EventPageTexts {
    apply_now: "apply for a seat now",
    footer_link: "Apply for a seat",
    when_label: "When",
    where_label: "Where",
    seats_label: "Seats",
    period_label: "Applications",
    when: |iso| match super::clock_time(iso) {
        Some(time) => format!("{}, {time}", english_day(iso)),
        None => english_day(iso),
    },
    seats: |n| format!("{n}, drawn by lot from all applications"),
    period: |from, to| format!("from {from} to {to}"),
    quotas_heading: "Who is drawn",
    quotas_intro: "So that the group reflects the town's people, these quotas apply:",
    quota: |n| match n {
        1 => "at least 1 seat for".to_owned(),
        n => format!("at least {n} seats for"),
    },
    quotas_rest: "The remaining seats are drawn from all applications. Where a quota has too \
        few applications, its free seats go into this general draw.",
    no_quotas: "All seats are drawn from all applications; every application has the same \
        chance.",
    draw_heading: "How the draw works",
    draw_commit: "Before the application period ends, the town commits itself: it chooses a \
        secret seed and publishes its fingerprint (SHA-256) on this page in advance – the \
        commitment. After that it cannot change the seed without it being noticed.",
    draw_public: "After the deadline, a public value is added that nobody could know when \
        applications closed:",
    draw_run: "From the seed, the public value and the list of all codes with their details, a \
        published algorithm computes the draw: first the quotas are filled one after another, \
        then the remaining seats are drawn – within each group every application has the same \
        chance. Neither the town nor anyone who applies can steer the result.",
    draw_published: |day| {
        format!(
            "Only the codes of those drawn are published, never names or contacts. The \
             contacts of all applications are deleted on {day} at the latest."
        )
    },
    verify_heading: "Check it yourself",
    verify_commitment: "What the commitment proves: the seed revealed at the draw must give \
        exactly the fingerprint published in advance. If it does, the seed was fixed before \
        the deadline – and since the public value only became known afterwards, nobody could \
        foresee the result or adjust it later.",
    verify_same: "The same inputs always give the same list. After the draw you can download \
        all inputs above under “Result of the draw” – the codes with their quota details, the \
        seed, the public value and the algorithm – and repeat the draw with mitreden's \
        program:",
    verify_after: "It checks the seed against the commitment and prints the list of those \
        drawn; it must match the list on this page. You can also re-implement the algorithm \
        yourself: mitreden describes it step by step (file crates/model/src/lottery.rs, with a \
        test example), and it needs nothing but SHA-256.",
    noscript: "This page needs JavaScript for applying. You can read everything without it.",
};
