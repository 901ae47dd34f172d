//! The strategy's versions in the administration: the stored versions for everyone; for
//! the role "Verwaltung", a document (Word, OpenDocument, Markdown) or strategy file read
//! by the server into a preview (the sections found, what was dropped, what changes
//! against the current version) and stored as a draft, and a draft published after a
//! confirmation that says what changes for citizens and which comments will show that
//! they led to a change.

use leptos::prelude::*;
use leptos::task::spawn_local;
use mitreden_model::versions::{
    DocumentFormat, DocumentImport, PublishInput, PublishPreview, SectionChange, StrategyPreview,
    StrategyVersion, MAX_DOCUMENT_BYTES,
};

use super::editor::SectionEditor;
use super::settings::{EventEditor, SettingsEditor};
use super::texts::admin_t;
use crate::http;
use mitreden::clock::format_iso;

/// The versions section; the file form only where the account `manages`.
#[component]
pub fn StrategyVersions(manages: bool) -> impl IntoView {
    let a = admin_t();
    let versions = RwSignal::new(Vec::<StrategyVersion>::new());
    let said = RwSignal::new(String::new());
    let preview = RwSignal::new(None::<(DocumentImport, StrategyPreview)>);
    // A draft's publish confirmation, while it is open.
    let confirming = RwSignal::new(None::<PublishPreview>);
    // Counts what was stored or published here (an import, an edit, the settings, a
    // publish): the editors load the newest version anew where nothing is typed in them.
    let stored = RwSignal::new(0u32);
    let note_stored = move || stored.update(|n| *n += 1);
    let confirm_heading = NodeRef::<leptos::html::H3>::new();
    let reload = move || {
        spawn_local(async move {
            if let Ok(list) = http::admin_strategy_versions().await {
                versions.set(list);
            }
        });
    };
    let open_confirmation = move |version: i64| {
        said.set(String::new());
        spawn_local(async move {
            match http::admin_strategy_publish_preview(version).await {
                Ok(seen) => confirming.set(Some(seen)),
                Err(_) => said.set(mitreden::i18n::t().no_connection.to_owned()),
            }
        });
    };
    // An opened confirmation takes the focus: a keyboard or screen reader user reads what
    // it says before its buttons.
    Effect::new(move |_| {
        if let Some(h) = confirm_heading.get() {
            let _ = h.focus();
        }
    });
    // While a publish runs (its button is disabled: one click, one publish).
    let publishing = RwSignal::new(false);
    let status = NodeRef::<leptos::html::P>::new();
    // The confirmation closed: the focus goes to what the office is told.
    let close = move || {
        confirming.set(None);
        if let Some(p) = status.get_untracked() {
            let _ = p.focus();
        }
    };
    let publish = move |_| {
        let Some(seen) = confirming.get_untracked() else {
            return;
        };
        if publishing.get_untracked() {
            return;
        }
        publishing.set(true);
        said.set(a.publish_running.to_owned());
        spawn_local(async move {
            let input = PublishInput {
                current: seen.current,
            };
            match http::admin_strategy_publish(seen.version, &input).await {
                Ok(credited) => {
                    said.set((a.publish_done)(seen.version, credited));
                    note_stored();
                }
                Err((reason, _)) => said.set(reason),
            }
            publishing.set(false);
            close();
            reload();
        });
    };
    reload();
    // A chosen file: sent as it is, read by the server into a strategy file, then
    // compared with the current version.
    let chosen = move |input: web_sys::HtmlInputElement| {
        let Some(file) = input.files().and_then(|f| f.get(0)) else {
            return;
        };
        preview.set(None);
        if file.size() > MAX_DOCUMENT_BYTES as f64 {
            said.set((a.strategy_too_large)(MAX_DOCUMENT_BYTES / (1024 * 1024)));
            return;
        }
        said.set(a.strategy_reading.to_owned());
        spawn_local(async move {
            let read = match http::admin_strategy_document(&file).await {
                Ok(read) => read,
                Err(why) => return said.set(why),
            };
            match http::admin_strategy_preview(&read.upload).await {
                Ok(seen) => {
                    said.set(
                        seen.stored_as
                            .map(|n| (a.strategy_already)(n))
                            .unwrap_or_default(),
                    );
                    preview.set(Some((read, seen)));
                }
                Err(why) => said.set(why),
            }
        });
    };
    let store = move |_| {
        let Some((read, _)) = preview.get_untracked() else {
            return;
        };
        spawn_local(async move {
            match http::admin_strategy_store(&read.upload).await {
                Ok(n) => {
                    said.set((a.strategy_stored)(n));
                    preview.set(None);
                    reload();
                    note_stored();
                }
                Err(why) => said.set(why),
            }
        });
    };
    let list = move || {
        let all = versions.get();
        let current = all.iter().find(|v| v.current).map_or(0, |v| v.version);
        let newest = all.last().map_or(0, |v| v.version);
        all.into_iter()
            .rev()
            .map(|v| {
                let by = v
                    .published_by
                    .as_deref()
                    .map(a.strategy_published_by)
                    .unwrap_or_default();
                let state = match (&v.published_at, v.current) {
                    (Some(at), true) => (a.strategy_current)(&format_iso(at)) + &by,
                    (Some(at), false) => (a.strategy_published)(&format_iso(at)) + &by,
                    (None, _) => (a.strategy_draft)(&format_iso(&v.imported_at), &v.imported_by),
                };
                // The newest version, a draft newer than what citizens read, may be
                // published (drafts build on one another).
                let can_publish = manages
                    && v.published_at.is_none()
                    && v.version > current
                    && v.version == newest;
                let version = v.version;
                view! {
                    <li class="item">
                        <p class="item-section">{(a.strategy_version)(v.version, &v.title, v.sections)}</p>
                        <p class="item-state">{state}</p>
                        {can_publish.then(|| view! {
                            <button type="button" class="button"
                                aria-label=format!("{} ({})", a.publish_open, (a.strategy_version)(version, &v.title, v.sections))
                                on:click=move |_| open_confirmation(version)>{a.publish_open}</button>
                        })}
                    </li>
                }
            })
            .collect_view()
    };
    let confirmation = move || {
        confirming.get().map(|seen| {
            let changes: Vec<_> = seen
                .changed()
                .map(|s| {
                    let line = (a.publish_change)(&s.number, &s.title, s.version, (a.strategy_change)(s.change));
                    let link = (s.change != SectionChange::Removed).then(|| {
                        let href = http::admin_page_preview(seen.version, &format!("/abschnitt/{}", s.id));
                        view! { " " <a href=href target="_blank" rel="noopener">{a.page_preview}</a> }
                    });
                    view! { <li>{line} {link}</li> }
                })
                .collect();
            let start = http::admin_page_preview(seen.version, "/");
            let nothing = changes.is_empty();
            view! {
                <div class="publish-confirmation" role="group" aria-labelledby="veroeffentlichen-titel">
                    <h3 id="veroeffentlichen-titel" tabindex="-1" node_ref=confirm_heading>
                        {(a.publish_heading)(seen.version)}
                    </h3>
                    <p>{a.publish_intro}</p>
                    {if nothing {
                        view! { <p>{a.publish_nothing}</p> }.into_any()
                    } else {
                        view! { <ul class="publish-changes">{changes}</ul> }.into_any()
                    }}
                    <p>{(a.publish_credits)(seen.credits.len())}</p>
                    <p><a href=start target="_blank" rel="noopener">{a.start_preview}</a></p>
                    {(!seen.changes.can_be_stored()).then(|| view! {
                        <p class="form-error">{a.publish_blocked}</p>
                    })}
                    <div class="editor-list-buttons">
                        {seen.changes.can_be_stored().then(|| view! {
                            <button type="button" class="button primary" on:click=publish
                                disabled=move || publishing.get()>{a.publish_confirm}</button>
                        })}
                        <button type="button" class="button" on:click=move |_| close()>{a.publish_cancel}</button>
                    </div>
                </div>
            }
        })
    };
    let shown_preview = move || {
        preview.get().map(|(read, seen)| {
            let storable = seen.can_be_stored() && seen.stored_as.is_none();
            let rows = seen
                .sections
                .iter()
                .map(|s| {
                    let warn = s.change == SectionChange::ChangedWithoutVersion;
                    view! {
                        <tr class:form-error=warn>
                            <td>{s.number.clone()}</td>
                            <td>{s.title.clone()}</td>
                            <td>{s.version}</td>
                            <td>{(a.strategy_change)(s.change)}</td>
                        </tr>
                    }
                })
                .collect_view();
            let found = (read.format != DocumentFormat::Toml).then(|| {
                let sections = read
                    .sections
                    .iter()
                    .map(|s| view! { <li>{(a.strategy_found_section)(&s.heading, &s.id, s.paragraphs)}</li> })
                    .collect_view();
                view! {
                    <h3>{(a.strategy_found)(read.format)}</h3>
                    <ol class="strategy-found">{sections}</ol>
                }
            });
            let dropped = (!read.dropped.is_empty()).then(|| {
                let parts = read
                    .dropped
                    .iter()
                    .map(|d| view! { <li>{(a.strategy_dropped_part)(d.what, &d.near, d.count)}</li> })
                    .collect_view();
                view! {
                    <h3>{a.strategy_dropped}</h3>
                    <ul class="strategy-dropped">{parts}</ul>
                }
            });
            view! {
                {found}
                {dropped}
                <h3>{(a.strategy_preview)(&read.upload.file_name)}</h3>
                <p>{seen.town.clone()} ": " {seen.title.clone()}</p>
                <table class="strategy-preview">
                    <thead><tr>
                        <th scope="col">{a.strategy_columns[0]}</th>
                        <th scope="col">{a.strategy_columns[1]}</th>
                        <th scope="col">{a.strategy_columns[2]}</th>
                        <th scope="col">{a.strategy_columns[3]}</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
                {storable.then(|| view! {
                    <button type="button" class="button primary" on:click=store>{a.strategy_store}</button>
                })}
            }
        })
    };
    // An editor stored a draft: the list shows it, the other editors take it.
    let saved = Callback::new(move |()| {
        reload();
        note_stored();
    });
    view! {
        <section class="admin-strategy" aria-labelledby="fassungen-titel">
            <h2 id="fassungen-titel">{a.strategy_heading}</h2>
            <p>{a.strategy_intro}</p>
            <ul class="item-list">{list}</ul>
            {confirmation}
            {manages.then(|| view! {
                <div class="admin-form">
                    <label for="strategiedatei">{a.strategy_file}</label>
                    <input id="strategiedatei" type="file"
                        accept=".docx,.odt,.md,.markdown,.txt,.toml,application/vnd.openxmlformats-officedocument.wordprocessingml.document,application/vnd.oasis.opendocument.text,text/markdown,text/plain"
                        on:change:target=move |ev| chosen(ev.target()) />
                </div>
            })}
            <p role="status" class="form-status" tabindex="-1" node_ref=status>{move || said.get()}</p>
            {shown_preview}
        </section>
        <SectionEditor manages=manages on_saved=saved stored=stored.read_only() />
        <SettingsEditor manages=manages on_saved=saved stored=stored.read_only() />
        <EventEditor manages=manages on_saved=saved stored=stored.read_only() />
    }
}
