//! The workplace: filters and search over the top; a compact list of comments (one page of
//! [`PAGE`], sorted and filtered by the server) beside the chosen comment's detail; acting
//! on several at once; the counts per section.

use std::collections::BTreeSet;

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use mitreden_model::api::{AdminComment, AnswerStatus, ModerationState};
use mitreden_model::moderation::{BulkAction, BulkInput, ListSort, StateCount, MAX_BULK, MAX_PAGE};

use super::detail::Detail;
use super::keys::{row_button, Keys};
use super::texts::admin_t;
use crate::http::{self, AdminFilter};
use mitreden::clock::format_iso;
use mitreden::content::use_content;
use mitreden::i18n::t;

/// Comments on one page of the list.
const PAGE: u32 = 50;

/// The first `chars` characters of a comment for its row (never splitting a character).
fn first_words(text: &str, chars: usize) -> String {
    let mut words: String = text.chars().take(chars).collect();
    if text.chars().nth(chars).is_some() {
        words.push('…');
    }
    words
}

#[component]
pub fn Queue(signed_in: RwSignal<Option<bool>>) -> impl IntoView {
    let t = t();
    let filter = RwSignal::new(ModerationState::Received.as_str().to_owned());
    let section_filter = RwSignal::new(String::new());
    let status_filter = RwSignal::new(String::new());
    let kiosk_filter = RwSignal::new(String::new());
    let kiosks = RwSignal::new(Vec::<String>::new());
    spawn_local(async move {
        if let Ok(list) = http::admin_kiosks().await {
            kiosks.set(list.into_iter().map(|k| k.label).collect());
        }
    });
    let comments = RwSignal::new(Vec::<AdminComment>::new());
    let current = RwSignal::new(None::<String>);
    let all = RwSignal::new(Vec::<StateCount>::new());
    let message = RwSignal::new(String::new());
    // What a decision in the detail pane did, said once the list shows it: said before,
    // the pane was drawn anew a moment later (its open answer form closed under the typing
    // hand — seen as a flaky loop.spec, the answer form gone while it was filled).
    let announce = StoredValue::new(None::<String>);
    let bulk_message = RwSignal::new(String::new());
    // What is typed into the search field, and what the list was last searched for: only
    // "Suchen" applies the words (to the list, its pages and "Alle N Treffer").
    let search = RwSignal::new(String::new());
    let applied = RwSignal::new(String::new());
    let sort = RwSignal::new(ListSort::Oldest.as_str().to_owned());
    let offset = RwSignal::new(0u32);
    let total = RwSignal::new(0u64);
    let selected = RwSignal::new(BTreeSet::<String>::new());
    // The filters as they stand, for a page from `offset` of `limit` comments.
    let matching = move |offset: u32, limit: u32| AdminFilter {
        state: ModerationState::parse(&filter.get_untracked()),
        section: Some(section_filter.get_untracked()).filter(|s| !s.is_empty()),
        status: AnswerStatus::parse(&status_filter.get_untracked()),
        kiosk: Some(kiosk_filter.get_untracked()).filter(|s| !s.is_empty()),
        q: Some(applied.get_untracked()).filter(|s| !s.trim().is_empty()),
        sort: ListSort::ALL
            .into_iter()
            .find(|s| s.as_str() == sort.get_untracked()),
        limit: Some(limit),
        offset,
    };
    // Each reload's number: the answer to an older one is dropped, so a slow search never
    // overwrites the page asked for after it.
    let latest = StoredValue::new(0u64);
    // Bumped by every new filter or search: a selection of "all matching" still being
    // gathered for the old filters stops.
    let filters = StoredValue::new(0u64);
    let reload = move || {
        latest.update_value(|n| *n += 1);
        let ticket = latest.get_value();
        let mut filter = matching(offset.get_untracked(), PAGE);
        // Where the focus is now: on a row, or in the detail pane; either may go.
        let active = document().active_element();
        let on_row = active.as_ref().and_then(|el| el.get_attribute("data-id"));
        let in_detail = active
            .as_ref()
            .is_some_and(|el| el.closest(".work-detail").ok().flatten().is_some());
        spawn_local(async move {
            let mut answer = http::admin_comments(&filter).await;
            // A page past the end (its last comments were done): the last page instead.
            if let Ok((list, n)) = &answer {
                if list.is_empty() && filter.offset > 0 && *n > 0 {
                    let pages = u32::try_from((n - 1) / u64::from(PAGE)).unwrap_or(0);
                    filter.offset = pages.saturating_mul(PAGE);
                    answer = http::admin_comments(&filter).await;
                }
            }
            if latest.get_value() != ticket {
                return;
            }
            match answer {
                Ok((list, n)) => {
                    offset.set(filter.offset);
                    // The comment shown stays; if it left the list (published from "neue
                    // Kommentare"), the one now at its place is shown: the next to do.
                    let was = current.get_untracked();
                    let at = was.as_ref().and_then(|id| {
                        comments.with_untracked(|c| c.iter().position(|c| c.id == *id))
                    });
                    let stays = was
                        .as_ref()
                        .is_some_and(|id| list.iter().any(|c| c.id == *id));
                    if !stays {
                        let next = at.unwrap_or(0).min(list.len().saturating_sub(1));
                        current.set(list.get(next).map(|c| c.id.clone()));
                    }
                    let row_goes = on_row.is_some_and(|id| !list.iter().any(|c| c.id == id));
                    comments.set(list);
                    total.set(n);
                    if let Some(said) = announce.try_update_value(Option::take).flatten() {
                        message.set(said);
                    }
                    // Focus that went with a row or the detail's content goes to the row
                    // or the detail now in its place, once they are drawn anew.
                    request_animation_frame(move || {
                        let lost = document()
                            .active_element()
                            .is_none_or(|el| el.tag_name() == "BODY");
                        let target = if !lost {
                            None
                        } else if row_goes {
                            current.get_untracked().as_deref().and_then(row_button)
                        } else if in_detail {
                            // The comment shown, or — none left — the pane that says so.
                            document()
                                .get_element_by_id("detail-titel")
                                .or_else(|| document().get_element_by_id("detail"))
                                .and_then(|h| wasm_bindgen::JsCast::dyn_into(h).ok())
                        } else {
                            None
                        };
                        if let Some(el) = target {
                            let _ = web_sys::HtmlElement::focus(&el);
                        }
                    });
                }
                Err(_) => {
                    announce.set_value(None);
                    message.set(t.no_connection.to_owned());
                }
            }
            if let Ok(counts) = http::admin_counts().await {
                all.set(counts);
            }
        });
    };
    // A new filter or search starts at the first page, with nothing selected.
    let refilter = move || {
        filters.update_value(|n| *n += 1);
        // What was said of the last list does not stay under another.
        message.set(String::new());
        bulk_message.set(String::new());
        offset.set(0);
        selected.update(BTreeSet::clear);
        reload();
    };
    reload();
    // The comment shown, drawn anew only when it changes (not on every reload, which
    // would lose what is typed into its forms).
    let shown = Memo::new(move |_| {
        let id = current.get();
        comments.with(|list| list.iter().find(|c| Some(&c.id) == id.as_ref()).cloned())
    });
    let last_page = move || u64::from(offset.get()) + u64::from(PAGE) >= total.get();
    let turn = move |forward: bool| {
        offset.update(|o| {
            *o = if forward {
                o.saturating_add(PAGE)
            } else {
                o.saturating_sub(PAGE)
            }
        });
        reload();
    };
    let sign_out = move |_| {
        spawn_local(async move {
            let _ = http::admin_logout().await;
            signed_in.set(Some(false));
        });
    };
    view! {
        <div class="admin-bar">
            <label for="filter-state">{admin_t().admin_filter}</label>
            <select id="filter-state" on:change:target=move |ev| {
                filter.set(ev.target().value());
                refilter();
            }>
                <option value=ModerationState::Received.as_str()>{admin_t().admin_filter_new}</option>
                <option value=ModerationState::Published.as_str()>{t.state_published}</option>
                <option value=ModerationState::Rejected.as_str()>{admin_t().admin_filter_rejected}</option>
                <option value="">{admin_t().admin_filter_all}</option>
            </select>
            <label for="filter-section">{admin_t().admin_filter_section}</label>
            <select id="filter-section" on:change:target=move |ev| {
                section_filter.set(ev.target().value());
                refilter();
            }>
                <option value="">{admin_t().admin_filter_all}</option>
                {use_content().sections.iter().map(|s| view! {
                    <option value=s.id.clone()>{t.section_label(s)}</option>
                }).collect_view()}
            </select>
            <label for="filter-status">{admin_t().admin_answer_status}</label>
            <select id="filter-status" on:change:target=move |ev| {
                status_filter.set(ev.target().value());
                refilter();
            }>
                <option value="">{admin_t().admin_filter_all}</option>
                {AnswerStatus::ALL.iter().map(|s| view! { <option value=s.as_str()>{(t.answer_status)(*s)}</option> }).collect_view()}
            </select>
            <label for="sortierung">{admin_t().admin_sort}</label>
            <select id="sortierung" on:change:target=move |ev| {
                sort.set(ev.target().value());
                refilter();
            }>
                {ListSort::ALL.iter().map(|s| view! { <option value=s.as_str()>{(admin_t().list_sort)(*s)}</option> }).collect_view()}
            </select>
            <label for="filter-kiosk">{admin_t().admin_filter_kiosk}</label>
            <select id="filter-kiosk" on:change:target=move |ev| {
                kiosk_filter.set(ev.target().value());
                refilter();
            }>
                <option value="">{admin_t().admin_filter_all}</option>
                <For each=move || kiosks.get() key=|k| k.clone() let:k>
                    <option value=k.clone()>{k.clone()}</option>
                </For>
            </select>
            <button type="button" class="button secondary" on:click=sign_out>{admin_t().admin_sign_out}</button>
        </div>
        <form class="admin-search" role="search" on:submit=move |ev: SubmitEvent| {
            ev.prevent_default();
            applied.set(search.get_untracked());
            refilter();
        }>
            <label for="suche">{admin_t().admin_search_label}</label>
            <input id="suche" type="search" prop:value=move || search.get()
                on:input:target=move |ev| search.set(ev.target().value()) />
            <button type="submit" class="button secondary">{admin_t().admin_search}</button>
        </form>
        <SectionCounts all=all />
        <Keys comments=comments current=current message=message />
        <Bulk comments=comments selected=selected message=bulk_message reload=reload
            total=total matching=matching filters=filters />
        <div class="workplace">
            // Wider than a phone it scrolls sideways on its own: a keyboard must reach it
            // even when it holds no row (WCAG 2.1.1; axe `scrollable-region-focusable`).
            <div class="work-list" tabindex="0" role="region" aria-label=admin_t().list_caption>
                <p role="status">{move || {
                    let count = comments.with(Vec::len) as u64;
                    // An empty list says why: nothing waits, or nothing matches.
                    if total.get() == 0 {
                        let new_only = filter.get() == ModerationState::Received.as_str()
                            && section_filter.get().is_empty()
                            && status_filter.get().is_empty()
                            && kiosk_filter.get().is_empty()
                            && applied.get().trim().is_empty();
                        let a = admin_t();
                        return if new_only { a.admin_all_done } else { a.admin_none_match }.to_owned();
                    }
                    let from = u64::from(offset.get()) + u64::from(count > 0);
                    (admin_t().admin_page_info)(from, u64::from(offset.get()) + count, total.get())
                }}</p>
                <List comments=comments current=current selected=selected sort=sort />
                <nav class="admin-pages" aria-label=admin_t().admin_pages>
                    <button type="button" class="button secondary"
                        disabled=move || offset.get() == 0
                        on:click=move |_| turn(false)>{admin_t().admin_previous_page}</button>
                    <button type="button" class="button secondary"
                        disabled=last_page
                        on:click=move |_| turn(true)>{admin_t().admin_next_page}</button>
                </nav>
            </div>
            <section class="work-detail" id="detail" tabindex="-1" aria-label=admin_t().detail_label>
                // What a decision on the comment did, said where it was made.
                <p role="status" class="form-status">{move || message.get()}</p>
                {move || shown.with(Option::is_none).then(|| view! { <p>{admin_t().detail_empty}</p> })}
                // Keyed by the whole comment: another comment (or this one changed) gets a
                // pane of its own, never the last one's form with its choices still in it.
                <For each=move || shown.get() key=|c| format!("{c:?}") let:comment>
                    <Detail comment=comment message=message announce=announce reload=reload />
                </For>
            </section>
        </div>
    }
}

/// The page of comments as a table: a box to select each, its first words (a button that
/// shows it beside the list), section, time, state, answer and kiosk.
#[component]
fn List(
    comments: RwSignal<Vec<AdminComment>>,
    current: RwSignal<Option<String>>,
    selected: RwSignal<BTreeSet<String>>,
    sort: RwSignal<String>,
) -> impl IntoView {
    let t = t();
    let a = admin_t();
    // The column the list is sorted by says so (`aria-sort`).
    let sorted = move |by: &'static [ListSort]| {
        move || {
            sort.with(|s| {
                by.iter().find(|o| o.as_str() == s).map(|o| match o {
                    ListSort::Newest => "descending",
                    _ => "ascending",
                })
            })
        }
    };
    let show = move |id: String| {
        current.set(Some(id));
        // The detail's heading takes the focus: the actions follow it in tab order.
        request_animation_frame(|| {
            if let Some(h) = document()
                .get_element_by_id("detail-titel")
                .and_then(|h| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(h).ok())
            {
                let _ = h.focus();
            }
        });
    };
    view! {
        <table class="work-table">
            <caption class="visually-hidden">{a.list_caption}</caption>
            <thead>
                <tr>
                    <th scope="col"><span class="visually-hidden">{a.col_select}</span></th>
                    <th scope="col">{a.col_text}</th>
                    <th scope="col" aria-sort=sorted(&[ListSort::Section])>{a.col_section}</th>
                    <th scope="col" aria-sort=sorted(&[ListSort::Oldest, ListSort::Newest])>{a.col_received}</th>
                    <th scope="col" aria-sort=sorted(&[ListSort::State])>{a.col_state}</th>
                    <th scope="col" aria-sort=sorted(&[ListSort::Answer])>{a.col_answer}</th>
                    <th scope="col" aria-sort=sorted(&[ListSort::Kiosk])>{a.col_kiosk}</th>
                </tr>
            </thead>
            <tbody>
                <For each=move || comments.get()
                    key=|c| (c.id.clone(), c.moderation_state, c.answer.as_ref().map(|a| (a.status.as_str(), a.answered_at.clone())))
                    let:comment>
                    {
                        let id = comment.id.clone();
                        let is_current = {
                            let id = id.clone();
                            move || current.with(|c| c.as_deref() == Some(id.as_str()))
                        };
                        let section = use_content().section(&comment.section_id).map_or_else(
                            || comment.section_id.clone(),
                            |s| format!("{} {}", (t.kind_one)(s.kind), s.number),
                        );
                        let at = format_iso(&comment.received_at);
                        let row_current = is_current.clone();
                        view! {
                            <tr class="work-row" class:current=row_current>
                                <td>
                                    <input type="checkbox" id=format!("auswahl-{id}")
                                        aria-label=(admin_t().admin_select_one)(&format!("{at}: {}", first_words(&comment.text, 40)))
                                        prop:checked={
                                            let id = id.clone();
                                            move || selected.with(|s| s.contains(&id))
                                        }
                                        on:change:target={
                                            let id = id.clone();
                                            move |ev| {
                                                let on = ev.target().checked();
                                                selected.update(|s| {
                                                    if on { s.insert(id.clone()); } else { s.remove(&id); }
                                                });
                                            }
                                        } />
                                </td>
                                <td>
                                    <button type="button" class="work-open" data-id=id.clone()
                                        aria-current=move || is_current().then_some("true")
                                        on:click={
                                            let id = id.clone();
                                            move |_| show(id.clone())
                                        }>{first_words(&comment.text, 80)}</button>
                                </td>
                                <td>{section}</td>
                                <td>{at}</td>
                                <td>{(a.state)(comment.moderation_state)}</td>
                                <td>{comment.answer.as_ref().map_or(a.no_answer, |x| (t.answer_status)(x.status))}</td>
                                <td>{comment.kiosk.clone().unwrap_or_default()}</td>
                            </tr>
                        }
                    }
                </For>
            </tbody>
        </table>
    }
}

/// Select this page, or every comment matching the filters; publish or reject what is
/// selected — in requests of at most [`MAX_BULK`].
#[component]
fn Bulk(
    comments: RwSignal<Vec<AdminComment>>,
    selected: RwSignal<BTreeSet<String>>,
    message: RwSignal<String>,
    reload: impl Fn() + Copy + Send + Sync + 'static,
    total: RwSignal<u64>,
    matching: impl Fn(u32, u32) -> AdminFilter + Copy + Send + Sync + 'static,
    filters: StoredValue<u64>,
) -> impl IntoView {
    let t = t();
    let a = admin_t();
    let reason = RwSignal::new(String::new());
    let act = move |action: BulkAction| {
        let ids: Vec<String> = selected.get_untracked().into_iter().collect();
        let reason = Some(reason.get_untracked()).filter(|r| !r.trim().is_empty());
        // Only what is still in the state it was selected in (a colleague may have decided
        // some meanwhile).
        let from = matching(0, 0).state;
        spawn_local(async move {
            let mut changed = 0;
            for chunk in ids.chunks(MAX_BULK) {
                let input = BulkInput {
                    ids: chunk.to_vec(),
                    action,
                    reason: reason.clone(),
                    from,
                };
                match http::admin_bulk(&input).await {
                    Ok(done) => changed += done.changed,
                    Err(why) => {
                        message.set(format!("{} {why}", (admin_t().admin_bulk_done)(changed)));
                        reload();
                        return;
                    }
                }
            }
            message.set((admin_t().admin_bulk_done)(changed));
            selected.update(BTreeSet::clear);
            reload();
        });
    };
    // Every id matching the filters, page by page (the server's largest page), for the
    // filters as they are now; a new filter or search meanwhile stops it.
    let select_matching = move |_| {
        message.set(a.selecting.to_owned());
        let started = filters.get_value();
        let base = matching(0, MAX_PAGE);
        spawn_local(async move {
            let mut ids = BTreeSet::new();
            let mut offset = 0;
            loop {
                let page = AdminFilter {
                    offset,
                    ..base.clone()
                };
                let answer = http::admin_comments(&page).await;
                if filters.get_value() != started {
                    message.set(String::new());
                    return;
                }
                match answer {
                    Ok((list, n)) => {
                        let got = u32::try_from(list.len()).unwrap_or(u32::MAX);
                        ids.extend(list.into_iter().map(|c| c.id));
                        offset = offset.saturating_add(got);
                        if got == 0 || u64::from(offset) >= n {
                            break;
                        }
                    }
                    Err(_) => {
                        message.set(t.no_connection.to_owned());
                        return;
                    }
                }
            }
            let n = ids.len();
            selected.set(ids);
            message.set((a.selected)(n));
        });
    };
    let count = move || selected.with(BTreeSet::len);
    // Changing many is asked first, in place, and then waits [`UNDO_SECS`] with "Rückgängig"
    // before it is sent: the moment a wrong click is noticed. What it says stands here, by
    // the buttons, not at the top of the page.
    let asking = RwSignal::new(None::<BulkAction>);
    let pending = RwSignal::new(None::<(BulkAction, usize, u64)>);
    let timer = StoredValue::new(None::<TimeoutHandle>);
    let stop_timer = move || {
        if let Some(handle) = timer.get_value() {
            handle.clear();
        }
        timer.set_value(None);
    };
    on_cleanup(stop_timer);
    let ask = move |action: BulkAction| {
        if action == BulkAction::Reject && reason.with_untracked(|r| r.trim().is_empty()) {
            message.set(a.admin_reason_missing.to_owned());
            focus_by_id("sammel-grund");
            return;
        }
        message.set(String::new());
        asking.set(Some(action));
        focus_by_id("sammel-ja");
    };
    // One tick a second: the countdown, and at zero the request.
    fn tick(
        pending: RwSignal<Option<(BulkAction, usize, u64)>>,
        timer: StoredValue<Option<TimeoutHandle>>,
        run: impl Fn(BulkAction) + Copy + Send + Sync + 'static,
    ) {
        let handle = set_timeout_with_handle(
            move || match pending.get_untracked() {
                Some((action, _, 1)) => {
                    pending.set(None);
                    timer.set_value(None);
                    run(action);
                }
                Some((action, n, left)) => {
                    pending.set(Some((action, n, left - 1)));
                    tick(pending, timer, run);
                }
                None => timer.set_value(None),
            },
            std::time::Duration::from_secs(1),
        );
        timer.set_value(handle.ok());
    }
    let confirm = move || {
        let Some(action) = asking.get_untracked() else {
            return;
        };
        asking.set(None);
        stop_timer();
        pending.set(Some((action, count(), UNDO_SECS)));
        tick(pending, timer, act);
        focus_by_id("sammel-rueckgaengig");
    };
    let undo = move || {
        stop_timer();
        pending.set(None);
        message.set(a.admin_undone.to_owned());
    };
    let question = move || {
        asking.get().map(|action| match action {
            BulkAction::Publish => (a.admin_bulk_ask_publish)(count()),
            BulkAction::Reject => (a.admin_bulk_ask_reject)(count(), reason.get().trim()),
        })
    };
    let busy = move || asking.get().is_some() || pending.get().is_some();
    view! {
        <div class="admin-bulk" role="group" aria-label=admin_t().admin_bulk>
            // Nothing to choose while the page is empty (or still loading).
            <button type="button" class="button secondary"
                disabled=move || comments.with(Vec::is_empty) on:click=move |_| {
                let ids = comments.with(|c| c.iter().map(|c| c.id.clone()).collect::<Vec<_>>());
                selected.update(|s| s.extend(ids));
            }>{admin_t().admin_select_page}</button>
            <button type="button" class="button secondary" disabled=move || total.get() == 0
                on:click=select_matching>{move || (a.select_matching)(total.get())}</button>
            <button type="button" class="button secondary" disabled=move || count() == 0 || busy()
                on:click=move |_| selected.update(BTreeSet::clear)>{admin_t().admin_select_none}</button>
            <button type="button" class="button primary" disabled=move || count() == 0 || busy()
                on:click=move |_| ask(BulkAction::Publish)>
                {move || (admin_t().admin_bulk_publish)(count())}
            </button>
            <label for="sammel-grund">{admin_t().admin_reject_reason}</label>
            <input id="sammel-grund" type="text" prop:value=move || reason.get()
                on:input:target=move |ev| reason.set(ev.target().value()) />
            <button type="button" class="button danger" disabled=move || count() == 0 || busy()
                on:click=move |_| ask(BulkAction::Reject)>
                {move || (admin_t().admin_bulk_reject)(count())}
            </button>
            <Show when=move || asking.get().is_some()>
                <div class="confirm-group" role="group" aria-label=question
                    on:keydown=move |ev| if ev.key() == "Escape" { asking.set(None) }>
                    <p class="confirm">{question}</p>
                    <button type="button" id="sammel-ja" class="button danger"
                        on:click=move |_| confirm()>{admin_t().admin_bulk_yes}</button>
                    <button type="button" class="button secondary"
                        on:click=move |_| asking.set(None)>{t.delete_no}</button>
                </div>
            </Show>
            <Show when=move || pending.get().is_some()>
                <div class="confirm-group">
                    <p>{move || pending.get().map(|(_, n, left)| (a.admin_bulk_pending)(n, left))}</p>
                    <button type="button" id="sammel-rueckgaengig" class="button secondary"
                        on:click=move |_| undo()>{admin_t().admin_undo}</button>
                </div>
            </Show>
            <p role="status" class="form-status">{move || message.get()}</p>
        </div>
    }
}

/// Seconds a bulk change waits, with "Rückgängig", before it is sent.
const UNDO_SECS: u64 = 8;

/// Moves the focus to the element `id` once it is drawn (it may appear with this change).
fn focus_by_id(id: &'static str) {
    request_animation_frame(move || {
        if let Some(el) = document()
            .get_element_by_id(id)
            .and_then(|el| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(el).ok())
        {
            let _ = el.focus();
        }
    });
}

/// Comments per section and moderation state.
#[component]
fn SectionCounts(all: RwSignal<Vec<StateCount>>) -> impl IntoView {
    let t = t();
    let a = admin_t();
    const STATES: [ModerationState; 4] = ModerationState::ALL;
    let rows = move || {
        all.with(|all| {
            use_content()
                .sections
                .iter()
                .map(|s| {
                    let counts: Vec<u32> = STATES
                        .iter()
                        .map(|state| {
                            all.iter()
                                .filter(|c| c.section_id == s.id && c.state == *state)
                                .map(|c| c.count)
                                .sum()
                        })
                        .collect();
                    view! {
                        <tr>
                            <th scope="row">{format!("{} {}", (t.kind_one)(s.kind), s.number)}</th>
                            {counts.into_iter().map(|n| view! { <td>{n}</td> }).collect_view()}
                        </tr>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <details class="section-counts">
            <summary>{admin_t().admin_counts}</summary>
            <table>
                <thead>
                    <tr>
                        <th scope="col">{admin_t().admin_counts_section}</th>
                        {STATES.iter().map(|s| view! { <th scope="col">{(a.state)(*s)}</th> }).collect_view()}
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </details>
    }
}
