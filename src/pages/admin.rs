//! `/verwaltung`: the administration's area — sign-in, the moderation queue, publishing,
//! rejecting with a reason, and official answers with a pointer to a revision.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use mitreden_model::api::{
    AdminComment, AnswerInput, AnswerStatus, LoginInput, ModerationState, RejectInput, RevisionRef,
};
use mitreden_model::moderation::{ListSort, StateCount};

use crate::app::{set_page_title, PageHeading};
use crate::clock::format_iso;
use crate::components::answer_view;
use crate::content::strategy;
use crate::http;
use crate::i18n::{t, Texts};

/// Comments on one page of the list.
const PAGE: u32 = 50;

/// Reasons staff can pick when rejecting; they may also write their own.
const REJECT_REASONS: [&str; 4] = [
    "Beleidigend oder herabsetzend",
    "Werbung",
    "Enthält persönliche Daten anderer Menschen",
    "Kein Bezug zum Abschnitt",
];

/// The administration's app: its own bundle, mounted at `/verwaltung/`.
#[component]
pub fn AdminApp() -> impl IntoView {
    provide_context(crate::i18n::Locale::default());
    super::admin_kiosk::sign_out_when_idle();
    let t = t();
    let s = strategy();
    view! {
        <leptos_router::components::Router>
            <div class="app" style=format!("--accent: {}", s.theme_color)>
                <header class="site-header">
                    <nav aria-label=t.nav_label>
                        <a href="/" class="brand" rel="external">
                            <span class="brand-town">{s.town.clone()}</span>
                            <span class="brand-app">{t.app_name}</span>
                        </a>
                    </nav>
                </header>
                <main id="inhalt" tabindex="-1">
                    {if window().location().pathname().ok().as_deref()
                        == Some(mitreden_model::kiosk::SETUP_PATH)
                    {
                        view! { <super::admin_kiosk::KioskSetup /> }.into_any()
                    } else {
                        view! { <AdminPage /> }.into_any()
                    }}
                </main>
            </div>
        </leptos_router::components::Router>
    }
}

/// `/verwaltung/`: sign-in, then the queue.
#[component]
pub fn AdminPage() -> impl IntoView {
    let t = t();
    Effect::new(move |_| set_page_title(t.admin_heading));
    let signed_in = RwSignal::new(None::<bool>);
    spawn_local(async move {
        let me = http::admin_me().await;
        signed_in.set(Some(me.is_ok()));
    });
    view! {
        <article class="admin">
            <PageHeading>{t.admin_heading}</PageHeading>
            {move || match signed_in.get() {
                None => None,
                Some(false) => Some(view! { <LoginForm signed_in=signed_in /> }.into_any()),
                Some(true) => Some(view! {
                    <Queue signed_in=signed_in />
                    <super::admin_kiosk::Kiosks />
                    <super::admin_accounts::Accounts />
                    <section class="admin-export" aria-labelledby="export-titel">
                        <h2 id="export-titel">{t.admin_export}</h2>
                        <p>{t.admin_export_text}</p>
                        <ul>
                            <li><a href="/api/v1/admin/export.csv" rel="external" download>{t.admin_export_csv}</a></li>
                            <li><a href="/api/v1/admin/export-history.csv" rel="external" download>{t.admin_export_history}</a></li>
                            <li><a href="/api/v1/admin/export.json" rel="external" download>{t.admin_export_json}</a></li>
                            <li><a href="/api/v1/open-data/comments.csv" rel="external" download>{t.admin_open_data}</a></li>
                        </ul>
                    </section>
                }.into_any()),
            }}
        </article>
    }
}

#[component]
fn LoginForm(signed_in: RwSignal<Option<bool>>) -> impl IntoView {
    let t = t();
    let name = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let error = RwSignal::new(String::new());
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let body = LoginInput {
            name: name.get_untracked(),
            password: password.get_untracked(),
        };
        spawn_local(async move {
            match http::admin_login(&body).await {
                Ok(_) => signed_in.set(Some(true)),
                Err(reason) => error.set(reason),
            }
        });
    };
    view! {
        <form class="admin-form" on:submit=submit>
            <label for="anmeldung-name">{t.admin_name}</label>
            <input id="anmeldung-name" type="text" autocomplete="username"
                on:input:target=move |ev| name.set(ev.target().value()) />
            <label for="anmeldung-passwort">{t.admin_password}</label>
            <input id="anmeldung-passwort" type="password" autocomplete="current-password"
                on:input:target=move |ev| password.set(ev.target().value()) />
            <p class="form-error" role="alert">{move || error.get()}</p>
            <button type="submit" class="button primary">{t.admin_sign_in}</button>
        </form>
    }
}

#[component]
fn Queue(signed_in: RwSignal<Option<bool>>) -> impl IntoView {
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
    let all = RwSignal::new(Vec::<StateCount>::new());
    let message = RwSignal::new(String::new());
    let search = RwSignal::new(String::new());
    let sort = RwSignal::new(ListSort::Oldest.as_str().to_owned());
    let offset = RwSignal::new(0u32);
    let total = RwSignal::new(0u64);
    let selected = RwSignal::new(std::collections::BTreeSet::<String>::new());
    let reload = move || {
        let filter = http::AdminFilter {
            state: ModerationState::parse(&filter.get_untracked()),
            section: Some(section_filter.get_untracked()).filter(|s| !s.is_empty()),
            status: AnswerStatus::parse(&status_filter.get_untracked()),
            kiosk: Some(kiosk_filter.get_untracked()).filter(|s| !s.is_empty()),
            q: Some(search.get_untracked()).filter(|s| !s.trim().is_empty()),
            sort: ListSort::ALL
                .into_iter()
                .find(|s| s.as_str() == sort.get_untracked()),
            limit: Some(PAGE),
            offset: offset.get_untracked(),
        };
        spawn_local(async move {
            match http::admin_comments(&filter).await {
                Ok((list, n)) => {
                    comments.set(list);
                    total.set(n);
                }
                Err(_) => message.set(t.no_connection.to_owned()),
            }
            if let Ok(counts) = http::admin_counts().await {
                all.set(counts);
            }
        });
    };
    // A new filter or search starts at the first page, with nothing selected.
    let refilter = move || {
        offset.set(0);
        selected.update(std::collections::BTreeSet::clear);
        reload();
    };
    reload();
    let last_page = move || u64::from(offset.get()) + u64::from(PAGE) >= total.get();
    let sign_out = move |_| {
        spawn_local(async move {
            let _ = http::admin_logout().await;
            signed_in.set(Some(false));
        });
    };
    view! {
        <div class="admin-bar">
            <label for="filter-state">{t.admin_filter}</label>
            <select id="filter-state" on:change:target=move |ev| {
                filter.set(ev.target().value());
                refilter();
            }>
                <option value=ModerationState::Received.as_str()>{t.admin_filter_new}</option>
                <option value=ModerationState::Published.as_str()>{t.state_published}</option>
                <option value=ModerationState::Rejected.as_str()>{t.admin_filter_rejected}</option>
                <option value="">{t.admin_filter_all}</option>
            </select>
            <label for="filter-section">{t.admin_filter_section}</label>
            <select id="filter-section" on:change:target=move |ev| {
                section_filter.set(ev.target().value());
                refilter();
            }>
                <option value="">{t.admin_filter_all}</option>
                {strategy().sections.iter().map(|s| view! {
                    <option value=s.id.clone()>{t.section_label(s)}</option>
                }).collect_view()}
            </select>
            <label for="filter-status">{t.admin_answer_status}</label>
            <select id="filter-status" on:change:target=move |ev| {
                status_filter.set(ev.target().value());
                refilter();
            }>
                <option value="">{t.admin_filter_all}</option>
                {AnswerStatus::ALL.iter().map(|s| view! { <option value=s.as_str()>{(t.answer_status)(*s)}</option> }).collect_view()}
            </select>
            <label for="sortierung">{t.admin_sort}</label>
            <select id="sortierung" on:change:target=move |ev| {
                sort.set(ev.target().value());
                refilter();
            }>
                {ListSort::ALL.iter().map(|s| view! { <option value=s.as_str()>{(t.list_sort)(*s)}</option> }).collect_view()}
            </select>
            <label for="filter-kiosk">{t.admin_filter_kiosk}</label>
            <select id="filter-kiosk" on:change:target=move |ev| {
                kiosk_filter.set(ev.target().value());
                refilter();
            }>
                <option value="">{t.admin_filter_all}</option>
                <For each=move || kiosks.get() key=|k| k.clone() let:k>
                    <option value=k.clone()>{k.clone()}</option>
                </For>
            </select>
            <button type="button" class="button secondary" on:click=sign_out>{t.admin_sign_out}</button>
        </div>
        <form class="admin-search" role="search" on:submit=move |ev: SubmitEvent| {
            ev.prevent_default();
            refilter();
        }>
            <label for="suche">{t.admin_search_label}</label>
            <input id="suche" type="search" prop:value=move || search.get()
                on:input:target=move |ev| search.set(ev.target().value()) />
            <button type="submit" class="button secondary">{t.admin_search}</button>
        </form>
        <SectionCounts all=all />
        <p role="status" class="form-status">{move || message.get()}</p>
        <p role="status">{move || {
            let shown = comments.with(Vec::len) as u64;
            let from = u64::from(offset.get()) + u64::from(shown > 0);
            (t.admin_page_info)(from, u64::from(offset.get()) + shown, total.get())
        }}</p>
        <super::admin_queue::Keys message=message />
        <super::admin_queue::Bulk comments=comments selected=selected message=message reload=reload />
        <ul class="item-list">
            <For each=move || comments.get() key=|c| (c.id.clone(), c.moderation_state, c.answer.clone().map(|a| a.answered_at)) let:comment>
                <AdminItem comment=comment t=t message=message reload=reload selected=selected />
            </For>
        </ul>
        <nav class="admin-pages" aria-label=t.admin_pages>
            <button type="button" class="button secondary"
                disabled=move || offset.get() == 0
                on:click=move |_| {
                    offset.update(|o| *o = o.saturating_sub(PAGE));
                    selected.update(std::collections::BTreeSet::clear);
                    reload();
                }>{t.admin_previous_page}</button>
            <button type="button" class="button secondary"
                disabled=last_page
                on:click=move |_| {
                    offset.update(|o| *o += PAGE);
                    selected.update(std::collections::BTreeSet::clear);
                    reload();
                }>{t.admin_next_page}</button>
        </nav>
    }
}

/// Comments per section and moderation state, for the council's figures.
#[component]
fn SectionCounts(all: RwSignal<Vec<StateCount>>) -> impl IntoView {
    let t = t();
    const STATES: [ModerationState; 4] = ModerationState::ALL;
    let rows = move || {
        all.with(|all| {
            strategy()
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
            <summary>{t.admin_counts}</summary>
            <table>
                <thead>
                    <tr>
                        <th scope="col">{t.admin_counts_section}</th>
                        <th scope="col">{t.admin_filter_new}</th>
                        <th scope="col">{t.state_published}</th>
                        <th scope="col">{t.admin_filter_rejected}</th>
                        <th scope="col">{t.state_withdrawn_short}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </details>
    }
}

#[component]
fn AdminItem(
    comment: AdminComment,
    t: &'static Texts,
    message: RwSignal<String>,
    reload: impl Fn() + Copy + Send + Sync + 'static,
    selected: RwSignal<std::collections::BTreeSet<String>>,
) -> impl IntoView {
    let id = comment.id.clone();
    let section = strategy().section(&comment.section_id);
    let label = section.map_or_else(|| comment.section_id.clone(), |s| t.section_label(s));
    // Runs an admin request; says `done` and reloads the list, or says why not.
    let act = move |request: std::pin::Pin<
        Box<dyn std::future::Future<Output = Result<String, String>>>,
    >,
                    done: &'static str| {
        spawn_local(async move {
            match request.await {
                Ok(_) => {
                    message.set(done.to_owned());
                    reload();
                }
                Err(reason) => message.set(reason),
            }
        });
    };
    let reject_reason = RwSignal::new(REJECT_REASONS[0].to_owned());
    let answer_text = RwSignal::new(
        comment
            .answer
            .as_ref()
            .map(|a| a.text.clone())
            .unwrap_or_default(),
    );
    // The form opens with the saved answer, so saving again changes only what staff change.
    let saved = comment.answer.as_ref();
    let answer_status = RwSignal::new(
        saved
            .map_or(AnswerStatus::Eingegangen, |a| a.status)
            .as_str()
            .to_owned(),
    );
    let answer_reason = RwSignal::new(saved.and_then(|a| a.reason.clone()).unwrap_or_default());
    let revision = RwSignal::new(
        saved
            .and_then(|a| a.revision.as_ref())
            .map(|r| format!("{}:{}", r.section_id, r.version))
            .unwrap_or_default(),
    );
    let revisions: Vec<(String, String)> = strategy()
        .sections
        .iter()
        .filter(|s| s.version() > 1)
        .flat_map(|s| {
            (2..=s.version()).map(move |v| {
                (
                    format!("{}:{v}", s.id),
                    (t.see_revision)(&format!("{} {}", (t.kind_one)(s.kind), s.number), v),
                )
            })
        })
        .collect();
    let save_answer = {
        let id = id.clone();
        move |ev: SubmitEvent| {
            ev.prevent_default();
            let revision = revision.get_untracked();
            let revision = revision.split_once(':').map(|(section_id, v)| RevisionRef {
                section_id: section_id.to_owned(),
                version: v.parse().unwrap_or(0),
            });
            let status = answer_status.get_untracked();
            let body = AnswerInput {
                text: answer_text.get_untracked(),
                status: AnswerStatus::parse(&status).unwrap_or(AnswerStatus::Eingegangen),
                reason: Some(answer_reason.get_untracked()).filter(|r| !r.trim().is_empty()),
                revision,
            };
            act(
                Box::pin(http::answer(id.clone(), body)),
                t.admin_answer_saved,
            );
        }
    };
    let field = |name: &str| format!("{name}-{id}");
    let published = comment.moderation_state == ModerationState::Published;
    view! {
        <li class="item admin-item" tabindex="-1">
            <p class="item-section">
                <input type="checkbox" id=field("auswahl")
                    aria-label=(t.admin_select_one)(&format_iso(&comment.received_at))
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
                " " {label}
            </p>
            <p class="item-time">{format_iso(&comment.received_at)} " · " {comment.name.clone().unwrap_or_else(|| t.anonymous.to_owned())}
                {comment.self_description.clone().map(|d| format!(" · {d}"))}
                {comment.kiosk.clone().map(|k| (t.admin_from_kiosk)(&k))}</p>
            <p class="item-text">{comment.text.clone()}</p>
            <p class="item-state">{comment.moderation_state.as_str()} {comment.moderation_reason.clone().map(|r| format!(": {r}"))}</p>
            {comment.answer.as_ref().map(|a| answer_view(t, a))}
            <div class="item-actions">
                {(!published).then(|| view! {
                    <button type="button" class="button primary" data-key="p" on:click={
                        let id = id.clone();
                        move |_| act(Box::pin(http::publish(id.clone())), t.admin_published)
                    }>{t.admin_publish}</button>
                })}
            </div>
            <details>
                <summary data-key="r">{t.admin_reject}</summary>
                <form class="admin-form" on:submit={
                    let id = id.clone();
                    move |ev: SubmitEvent| {
                        ev.prevent_default();
                        let body = RejectInput { reason: reject_reason.get_untracked() };
                        act(Box::pin(http::reject(id.clone(), body)), t.admin_rejected);
                    }
                }>
                    <label for=field("grund")>{t.admin_reject_reason}</label>
                    <input id=field("grund") type="text" list=field("gruende")
                        prop:value=move || reject_reason.get()
                        on:input:target=move |ev| reject_reason.set(ev.target().value()) />
                    <datalist id=field("gruende")>
                        {REJECT_REASONS.iter().map(|r| view! { <option value=*r></option> }).collect_view()}
                    </datalist>
                    <button type="submit" class="button danger">{t.admin_reject}</button>
                </form>
            </details>
            <details>
                <summary data-key="a">{t.admin_answer}</summary>
                <form class="admin-form" on:submit=save_answer>
                    <label for=field("antwort")>{t.admin_answer_text}</label>
                    <textarea id=field("antwort") rows="5"
                        prop:value=move || answer_text.get()
                        on:input:target=move |ev| answer_text.set(ev.target().value())></textarea>
                    <label for=field("status")>{t.admin_answer_status}</label>
                    <select id=field("status") on:change:target=move |ev| answer_status.set(ev.target().value())>
                        {AnswerStatus::ALL.iter().map(|s| view! {
                            <option value=s.as_str() selected=answer_status.get_untracked() == s.as_str()>
                                {(t.answer_status)(*s)}
                            </option>
                        }).collect_view()}
                    </select>
                    <label for=field("begruendung")>{t.answer_reason}</label>
                    <input id=field("begruendung") type="text"
                        prop:value=move || answer_reason.get()
                        on:input:target=move |ev| answer_reason.set(ev.target().value()) />
                    <label for=field("fassung")>{t.admin_answer_revision}</label>
                    <select id=field("fassung") on:change:target=move |ev| revision.set(ev.target().value())>
                        <option value="">{t.admin_no_revision}</option>
                        {revisions.into_iter().map(|(value, label)| {
                            let chosen = revision.get_untracked() == value;
                            view! { <option value=value selected=chosen>{label}</option> }
                        }).collect_view()}
                    </select>
                    <button type="submit" class="button primary">{t.admin_answer_save}</button>
                </form>
            </details>
            <super::admin_queue::History id=id.clone() />
        </li>
    }
}
