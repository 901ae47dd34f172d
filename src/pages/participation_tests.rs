//! Tests of the participation page: prerendered (feature `ssr`) and in the browser.

#[cfg(all(test, feature = "ssr"))]
mod prerender_tests {
    use std::sync::Arc;

    use hydration_context::SsrSharedContext;
    use leptos::prelude::*;
    use leptos_router::components::Router;
    use leptos_router::location::RequestUrl;

    use crate::i18n::Locale;
    use crate::pages::participation::{participation_view, test_event};

    fn render(path: &str, locale: Locale) -> String {
        let event = Arc::new(test_event());
        let owner = Owner::new_root(Some(Arc::new(SsrSharedContext::new())));
        let html = owner.with(|| {
            provide_context(RequestUrl::new(path));
            provide_context(locale);
            view! { <Router>{participation_view(event)}</Router> }.to_html()
        });
        drop(owner);
        html
    }

    #[test]
    fn the_page_renders_the_events_text_facts_quotas_and_its_part() {
        let html = render("/teilnahme", Locale::De);
        for text in [
            "Bürger-Workshop",
            "<p>Alle können sich bewerben.</p>",
            "<p>Die Plätze werden verlost.</p>",
            "12.04.2027, 18:00 Uhr",
            "Altes Rathaus",
            "vom 01.11.2026, 00:00 Uhr bis 15.03.2027, 23:59 Uhr",
            "mindestens 3 Plätze für",
            "die Lottozahlen vom 20. März 2027",
            "spätestens am 31.05.2027",
            "data-part=\"participation\"",
            "Bewerbung absenden",
            "Status mit Code prüfen",
            "mitreden-server lottery verify auslosung-workshop.json",
        ] {
            assert!(html.contains(text), "{text} missing in {html}");
        }
        // Until the app runs, nothing typed could be kept or sent.
        assert!(
            html.contains("<fieldset disabled class=\"plain\">"),
            "{html}"
        );
        let english = render("/en/teilnahme", Locale::En);
        for text in [
            "<span lang=\"de\">Bürger-Workshop</span>",
            "12 April 2027, 18:00",
            "Send application",
            "at least 3 seats for",
        ] {
            assert!(english.contains(text), "{text} missing in {english}");
        }
    }

    #[test]
    fn the_page_is_rendered_only_where_the_strategy_has_an_event() {
        let content = Owner::new().with(crate::content::use_content);
        let mut with = (*content).clone();
        with.event = Some(test_event());
        let mut without = with.clone();
        without.event = None;
        for strategy in [with, without] {
            let has_event = strategy.event.is_some();
            let content = crate::content::Content::new(Arc::new(strategy));
            let has_page = crate::render::pages(&content)
                .iter()
                .any(|p| p.file.ends_with("teilnahme.html"));
            assert_eq!(has_page, has_event);
            let start = crate::render::render(&content, "/");
            assert_eq!(start.contains("href=\"/teilnahme\""), has_event);
        }
    }
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use leptos::prelude::*;
    use mitreden_model::event::{
        ApplicationReceipt, ApplicationRejection, DrawSummary, EventPhase, EventState,
    };
    use mitreden_model::outbox::{ItemState, OutboxItem};
    use wasm_bindgen::JsCast;
    use wasm_bindgen_test::*;

    use crate::pages::participation::{
        test_event, ApplicationForm, EventStateView, ParticipationPart,
    };
    use crate::pages::test_support::mount;
    use crate::pages::MyItemsPart;

    wasm_bindgen_test_configure!(run_in_browser);

    fn event() -> std::sync::Arc<mitreden_model::event::Event> {
        std::sync::Arc::new(test_event())
    }

    /// Removes every item of the app from this browser's storage.
    fn clear_storage() {
        let storage = window().local_storage().ok().flatten().expect("storage");
        let keys: Vec<String> = (0..storage.length().expect("length"))
            .filter_map(|i| storage.key(i).ok().flatten())
            .filter(|k| k.starts_with("mitreden:"))
            .collect();
        for key in keys {
            storage.remove_item(&key).expect("remove");
        }
    }

    fn element<T: JsCast>(root: &web_sys::HtmlElement, selector: &str) -> T {
        root.query_selector(selector)
            .expect("valid selector")
            .unwrap_or_else(|| panic!("nothing matches {selector}"))
            .dyn_into::<T>()
            .unwrap_or_else(|_| panic!("{selector} is of another kind"))
    }

    /// Fires a bubbling event of `kind` at `target`, as the browser does for a person.
    fn fire(target: &web_sys::EventTarget, kind: &str) {
        let init = web_sys::EventInit::new();
        init.set_bubbles(true);
        let event = web_sys::Event::new_with_event_init_dict(kind, &init).expect("event");
        target.dispatch_event(&event).expect("dispatched");
    }

    fn type_into(root: &web_sys::HtmlElement, selector: &str, value: &str) {
        let input: web_sys::HtmlInputElement = element(root, selector);
        input.set_value(value);
        fire(&input, "input");
    }

    fn choose(root: &web_sys::HtmlElement, selector: &str, value: &str) {
        let select: web_sys::HtmlSelectElement = element(root, selector);
        select.set_value(value);
        fire(&select, "change");
    }

    fn tick(root: &web_sys::HtmlElement, selector: &str) {
        let input: web_sys::HtmlInputElement = element(root, selector);
        input.set_checked(true);
        fire(&input, "change");
    }

    /// Makes the browser say it is offline (`navigator.onLine`), or undoes that.
    fn offline(on: bool) {
        let navigator = window().navigator();
        if on {
            let descriptor = js_sys::Object::new();
            js_sys::Reflect::set(&descriptor, &"value".into(), &false.into()).expect("set");
            js_sys::Reflect::set(&descriptor, &"configurable".into(), &true.into()).expect("set");
            js_sys::Reflect::define_property(&navigator, &"onLine".into(), &descriptor)
                .expect("defined");
        } else {
            js_sys::Reflect::delete_property(&navigator, &"onLine".into()).expect("deleted");
        }
    }

    /// Lets the page's effects run (they update the document after the event's handler).
    async fn settle() {
        let tick = js_sys::Promise::new(&mut |resolve, _| {
            let _ = window().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 20);
        });
        let _ = wasm_bindgen_futures::JsFuture::from(tick).await;
    }

    fn submit(root: &web_sys::HtmlElement) {
        element::<web_sys::HtmlElement>(root, "#bewerbung-name")
            .closest("form")
            .expect("closest")
            .expect("a form")
            .query_selector("button[type=submit]")
            .expect("selector")
            .expect("a submit button")
            .unchecked_into::<web_sys::HtmlElement>()
            .click();
    }

    /// The form as it is without a server: the state could not be loaded.
    fn form_without_server() -> web_sys::HtmlElement {
        let event = event();
        mount(move || {
            let state = RwSignal::new(Some(Err(())));
            view! { <ApplicationForm event=event.clone() state=state /> }
        })
    }

    #[wasm_bindgen_test]
    async fn an_application_is_queued_offline_and_kept_in_storage() {
        clear_storage();
        offline(true);
        let root = form_without_server();
        type_into(&root, "#bewerbung-name", "Erika Muster");
        tick(&root, "#kontaktart-phone");
        type_into(&root, "#bewerbung-kontakt", "0711 123456");
        choose(&root, "#bewerbung-merkmal-stadtteil", "Zell");
        tick(&root, "#bewerbung-einwilligung");
        submit(&root);
        // In storage at once, queued (the outbox sends it when there is a connection).
        let stored = crate::storage::load_all().expect("storage").items;
        settle().await;
        assert_eq!(stored.len(), 1, "{stored:?}");
        let item = &stored[0];
        assert_eq!(item.state, ItemState::Queued);
        let application = item.application.as_ref().expect("an application");
        assert_eq!(application.event_id, "workshop");
        assert_eq!(application.name, "Erika Muster");
        assert_eq!(
            application.contact_kind,
            mitreden_model::event::ContactKind::Phone
        );
        assert_eq!(application.contact, "0711 123456");
        assert_eq!(
            application.attributes.get("stadtteil").map(String::as_str),
            Some("Zell")
        );
        assert!(application.consent);
        // The form is empty again and says where the application is.
        let name: web_sys::HtmlInputElement = element(&root, "#bewerbung-name");
        assert_eq!(name.value(), "");
        let status = root.text_content().unwrap_or_default();
        // Still waiting: nothing is sent while the browser is offline.
        let stored = crate::storage::load_all().expect("storage").items;
        assert_eq!(stored[0].state, ItemState::Queued);
        offline(false);
        assert!(
            status.contains("Ihre Bewerbung ist im Postausgang"),
            "{status}"
        );
        root.remove();
        clear_storage();
    }

    #[wasm_bindgen_test]
    async fn a_broken_rule_focuses_its_field_with_the_reason() {
        clear_storage();
        let root = form_without_server();
        type_into(&root, "#bewerbung-name", "Erika Muster");
        type_into(&root, "#bewerbung-kontakt", "erika.example.org");
        submit(&root);
        settle().await;
        let active = document().active_element().map(|e| e.id());
        assert_eq!(active.as_deref(), Some("bewerbung-kontakt"));
        let contact: web_sys::Element = element(&root, "#bewerbung-kontakt");
        assert_eq!(
            contact.get_attribute("aria-invalid").as_deref(),
            Some("true")
        );
        let described = contact
            .get_attribute("aria-describedby")
            .unwrap_or_default();
        assert!(
            described.split(' ').any(|id| id == "bewerbung-fehler"),
            "{described}"
        );
        let error: web_sys::Element = element(&root, "#bewerbung-fehler");
        assert_eq!(
            error.text_content().unwrap_or_default(),
            ApplicationRejection::ContactInvalid.german()
        );
        // Fixed, the next rule is the attribute: its select takes the focus, with its label.
        type_into(&root, "#bewerbung-kontakt", "erika@example.org");
        settle().await;
        assert_eq!(
            contact.get_attribute("aria-invalid").as_deref(),
            Some("false")
        );
        submit(&root);
        settle().await;
        let active = document().active_element().map(|e| e.id());
        assert_eq!(active.as_deref(), Some("bewerbung-merkmal-stadtteil"));
        assert_eq!(
            error.text_content().unwrap_or_default(),
            "Bitte wählen Sie einen der angebotenen Werte für „Stadtteil“."
        );
        // Nothing was queued: the draft waits in storage.
        let stored = crate::storage::load_all().expect("storage").items;
        assert!(
            stored.iter().all(|i| i.state == ItemState::Draft),
            "{stored:?}"
        );
        root.remove();
        clear_storage();
    }

    fn received_application(id: &str, code: &str) -> OutboxItem {
        let mut item = OutboxItem::new_application(
            id.into(),
            "workshop".into(),
            "2026-11-26T09:00:00.000Z".into(),
            1,
        );
        item.edit_application(
            |a| {
                a.name = "Erika Muster".into();
                a.contact = "erika@example.org".into();
                a.attributes.insert("stadtteil".into(), "Zell".into());
                a.consent = true;
            },
            2,
        )
        .expect("a draft");
        item.submit_application(&test_event(), 3).expect("valid");
        item.start_sending(4).expect("queued");
        item.application_received(
            &ApplicationReceipt {
                id: id.into(),
                code: code.into(),
                received_at: "2026-11-26T09:01:00Z".into(),
            },
            5,
        );
        item
    }

    #[wasm_bindgen_test]
    fn applications_are_not_among_my_comments() {
        clear_storage();
        let application = received_application("1c7e3c1a-5f2d-4c8e-9a6b-1d2e3f4a5b6c", "K7MQ-4X2A");
        crate::storage::save(&application).expect("saved");
        let root = mount(MyItemsPart);
        let text = root.text_content().unwrap_or_default();
        assert!(text.contains("noch nichts geschrieben"), "{text}");
        root.remove();
        let mut comment = OutboxItem::new_draft(
            "2c7e3c1a-5f2d-4c8e-9a6b-1d2e3f4a5b6c".into(),
            "leitmotiv-2".into(),
            2,
            "2026-11-26T09:00:00.000Z".into(),
            1,
        );
        comment
            .edit("Bildung fehlt.".into(), None, None, true, 2)
            .expect("editable");
        crate::storage::save(&comment).expect("saved");
        let root = mount(MyItemsPart);
        let items = root.query_selector_all(".item-list li").expect("query");
        assert_eq!(items.length(), 1);
        let text = root.text_content().unwrap_or_default();
        assert!(text.contains("Bildung fehlt."), "{text}");
        assert!(!text.contains("K7MQ-4X2A"), "{text}");
        root.remove();
        clear_storage();
    }

    #[wasm_bindgen_test]
    fn a_received_application_shows_its_code_status_check_and_withdrawal() {
        clear_storage();
        let application = received_application("3c7e3c1a-5f2d-4c8e-9a6b-1d2e3f4a5b6c", "K7MQ-4X2A");
        crate::storage::save(&application).expect("saved");
        let event = event();
        let root = mount(move || view! { <ParticipationPart event=event.clone() /> });
        let code: web_sys::Element = element(&root, ".receipt-code");
        assert_eq!(code.text_content().as_deref(), Some("K7MQ-4X2A"));
        let buttons: Vec<String> = {
            let list = root.query_selector_all("button").expect("query");
            (0..list.length())
                .filter_map(|i| list.item(i)?.text_content())
                .collect()
        };
        for label in [
            "Status prüfen",
            "Bewerbung zurückziehen",
            "Code kopieren",
            "Code prüfen",
        ] {
            assert!(buttons.iter().any(|b| b == label), "{label} in {buttons:?}");
        }
        // Name and contact left the device with the receipt.
        let kept = crate::storage::load_all().expect("storage").items;
        let kept = kept[0].application.as_ref().expect("an application");
        assert!(kept.name.is_empty() && kept.contact.is_empty());
        root.remove();
        clear_storage();
    }

    #[wasm_bindgen_test]
    fn the_drawn_codes_render_from_an_event_state() {
        let event = event();
        let hash = "969a66c776c1b9268fe51c67e32feaf929b403bdbb3820f852a3d32eb428aca4";
        let state = EventState {
            event_id: "workshop".into(),
            phase: EventPhase::Drawn,
            applications: 40,
            applications_close: "2027-03-15T23:59:59+01:00".into(),
            closed_at: None,
            commitment: Some(hash.into()),
            committed_at: Some("2027-03-01T10:00:00Z".into()),
            draw: Some(DrawSummary {
                drawn: vec!["D4D4-D4D4".into(), "B2B2-B2B2".into(), "C3C3-C3C3".into()],
                seed: "startwert".into(),
                public_value: "1 2 3 4 5 6".into(),
                drawn_at: "2027-03-21T10:00:00Z".into(),
                algorithm: "mitreden-lottery-v1".into(),
                applicants: 40,
            }),
        };
        let root = mount(move || {
            let state = RwSignal::new(Some(Ok(state)));
            view! { <EventStateView event=event.clone() state=state /> }
        });
        let list: web_sys::Element = element(&root, "ol[aria-label='Ausgeloste Codes']");
        let codes: Vec<String> = {
            let items = list.query_selector_all("li").expect("query");
            (0..items.length())
                .filter_map(|i| items.item(i)?.text_content())
                .collect()
        };
        assert_eq!(codes, ["D4D4-D4D4", "B2B2-B2B2", "C3C3-C3C3"]);
        let text = root.text_content().unwrap_or_default();
        for shown in [
            hash,
            "startwert",
            "1 2 3 4 5 6",
            "mitreden-lottery-v1",
            "3 von 40 Bewerbungen",
            "Die Plätze sind ausgelost.",
        ] {
            assert!(text.contains(shown), "{shown} in {text}");
        }
        let link: web_sys::Element = element(&root, "a[download]");
        assert_eq!(
            link.get_attribute("href").as_deref(),
            Some("/api/v1/events/workshop/draw.json")
        );
        assert_eq!(
            link.get_attribute("download").as_deref(),
            Some("auslosung-workshop.json")
        );
        assert_eq!(
            link.text_content().as_deref(),
            Some("Eingaben herunterladen (JSON)")
        );
        root.remove();
    }
}
