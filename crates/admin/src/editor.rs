//! A section's title and text edited in the administration (issue 22, item 2): choose a
//! section of the newest stored version, change it with a live preview and the word diff
//! against the text citizens read now, say in a note what changed and why, and save it as
//! the next draft. Where someone else changed the section meanwhile, the server refuses
//! (`section_changed`): the editor then holds their text and shows one's own beside it.
//! The role "Moderation" reads only.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use mitreden_model::edit::{EditorState, Renderings, SectionEdit, SectionsChange};
use mitreden_model::moderation::ModerationState;
use mitreden_model::strategy::SectionKind;

use super::texts::admin_t;
use crate::http;
use mitreden::clock::format_iso;
use mitreden::pages::{diff_view, paragraphs};

/// How many of a section's published comments the editor offers to link (newest first).
const CAUSES_SHOWN: u32 = 50;

/// What one typed before a conflict: title, text, note.
type Yours = (String, String, String);

/// The editor; `on_saved` runs after each stored draft (the versions list reloads).
#[component]
pub fn SectionEditor(
    manages: bool,
    on_saved: Callback<()>,
    /// Changes with each version stored or published in the administration: the editor
    /// loads the newest version anew, unless something is typed in it (kept, and the save
    /// says whether it meets another change).
    stored: ReadSignal<u32>,
) -> impl IntoView {
    let a = admin_t();
    let state = RwSignal::new(None::<EditorState>);
    let chosen = RwSignal::new(String::new());
    let (title, text, note) = (
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
    );
    let yours = RwSignal::new(None::<Yours>);
    let said = RwSignal::new(String::new());
    // The comments linked as having led to the section's draft version, by id.
    let causes = RwSignal::new(Vec::<String>::new());
    // Its English and Leichte-Sprache forms.
    let renderings = RwSignal::new(Renderings::default());
    // The chosen section's title, text and links into the fields, the note empty.
    let fill = move |id: &str| {
        state.with_untracked(|s| {
            if let Some(section) = s.as_ref().and_then(|s| s.section(id)) {
                title.set(section.title.clone());
                text.set(section.text.clone());
                note.set(String::new());
                causes.set(section.causes.clone());
                renderings.set(section.renderings.clone());
            }
        });
    };
    // The published comments on the chosen section: those that may have led to a change.
    let comments = LocalResource::new(move || {
        let section = chosen.get();
        async move {
            if section.is_empty() {
                return Vec::new();
            }
            let filter = http::AdminFilter {
                state: Some(ModerationState::Published),
                section: Some(section),
                limit: Some(CAUSES_SHOWN),
                ..Default::default()
            };
            http::admin_comments(&filter)
                .await
                .map(|(list, _)| list)
                .unwrap_or_default()
        }
    });
    let reload = move |keep: Option<String>| {
        spawn_local(async move {
            if let Ok(loaded) = http::admin_strategy_sections().await {
                let id = keep
                    .or_else(|| loaded.sections.first().map(|s| s.id.clone()))
                    .unwrap_or_default();
                state.set(Some(loaded));
                chosen.set(id.clone());
                fill(&id);
            }
        });
    };
    reload(None);
    // Set by the editor's own saves, which reload it themselves.
    let own_save = StoredValue::new(false);
    // Nothing typed: the fields hold the chosen section as loaded.
    let untouched = move || {
        let id = chosen.get_untracked();
        state.with_untracked(|s| {
            s.as_ref().and_then(|s| s.section(&id)).is_none_or(|x| {
                title.get_untracked() == x.title
                    && text.get_untracked() == x.text
                    && note.get_untracked().is_empty()
                    && causes.get_untracked() == x.causes
                    && renderings.get_untracked() == x.renderings
            })
        })
    };
    Effect::watch(
        move || stored.get(),
        move |_, _, _| {
            // Its own save reloads with the section it chose (a new one, say).
            if own_save.get_value() {
                own_save.set_value(false);
            } else if untouched() {
                reload(Some(chosen.get_untracked()));
            }
        },
        false,
    );

    // What citizens read now: the diff's left side (empty for a section not yet published).
    let published = move || {
        let id = chosen.get();
        state.with(|s| {
            s.as_ref()
                .and_then(|s| s.section(&id))
                .map(|x| x.published_text.clone().unwrap_or_else(|| x.text.clone()))
                .unwrap_or_default()
        })
    };
    let diff = move || {
        let (old, new) = (published(), text.get());
        let same = mitreden_model::paragraphs(&old).eq(mitreden_model::paragraphs(&new));
        if same {
            view! { <p>{a.editor_no_change}</p> }.into_any()
        } else {
            diff_view(mitreden::i18n::t(), &old, &new).into_any()
        }
    };
    let save = move |ev: SubmitEvent| {
        ev.prevent_default();
        let Some(based_on) = state.with_untracked(|s| s.as_ref().map(|s| s.based_on)) else {
            return;
        };
        let id = chosen.get_untracked();
        let edit = SectionEdit {
            based_on,
            title: title.get_untracked(),
            text: text.get_untracked(),
            note: note.get_untracked(),
            causes: causes.get_untracked(),
            renderings: Some(renderings.get_untracked()),
        };
        said.set(a.editor_saving.to_owned());
        spawn_local(async move {
            match http::admin_strategy_save_section(&id, &edit).await {
                Ok(n) => {
                    said.set((a.strategy_stored)(n));
                    yours.set(None);
                    own_save.set_value(true);
                    on_saved.run(());
                    reload(Some(id));
                }
                Err((reason, Some(code))) if code == "section_changed" => {
                    yours.set(Some((edit.title, edit.text, edit.note)));
                    said.set(reason);
                    reload(Some(id));
                }
                Err((reason, _)) => said.set(reason),
            }
        });
    };
    // A section added, moved or removed: stored as the next draft, then shown.
    let change_list = move |change: SectionsChange, keep: Option<String>| {
        said.set(a.editor_saving.to_owned());
        spawn_local(async move {
            match http::admin_strategy_change_sections(&change).await {
                Ok(n) => {
                    said.set((a.strategy_stored)(n));
                    own_save.set_value(true);
                    on_saved.run(());
                    reload(keep);
                }
                Err((reason, _)) => {
                    said.set(reason);
                    reload(keep);
                }
            }
        });
    };
    let based_on_now = move || state.with_untracked(|s| s.as_ref().map_or(0, |s| s.based_on));
    let move_by = move |up: bool| {
        let id = chosen.get_untracked();
        change_list(
            SectionsChange::Move {
                based_on: based_on_now(),
                id: id.clone(),
                up,
            },
            Some(id),
        );
    };
    // Only a section never published can go: comments may refer to a published one.
    let unpublished = move || {
        let id = chosen.get();
        state.with(|s| {
            s.as_ref()
                .and_then(|s| s.section(&id))
                .is_some_and(|x| x.published_text.as_deref() == Some(""))
        })
    };
    let remove = move |_| {
        let id = chosen.get_untracked();
        change_list(
            SectionsChange::Remove {
                based_on: based_on_now(),
                id,
            },
            None,
        );
    };
    let (new_kind, new_number, new_title, new_text) = (
        RwSignal::new(SectionKind::Leitmotiv),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
    );
    let add = move |ev: SubmitEvent| {
        ev.prevent_default();
        let kind = new_kind.get_untracked();
        let number = new_number.get_untracked();
        let keep = mitreden_model::edit::section_id(kind, number.trim());
        change_list(
            SectionsChange::Add {
                based_on: based_on_now(),
                kind,
                number,
                title: new_title.get_untracked(),
                text: new_text.get_untracked(),
            },
            keep,
        );
    };
    let kinds = SectionKind::ALL
        .into_iter()
        .map(|k| view! { <option value=k.key()>{(mitreden::i18n::t().kind_one)(k)}</option> })
        .collect_view();
    let list_buttons = manages.then(|| {
        view! {
            <div class="editor-list-buttons">
                <button type="button" class="button" on:click=move |_| move_by(true)>{a.editor_up}</button>
                <button type="button" class="button" on:click=move |_| move_by(false)>{a.editor_down}</button>
                <Show when=unpublished>
                    <button type="button" class="button" on:click=remove>{a.editor_remove}</button>
                </Show>
            </div>
        }
    });
    let add_form = manages.then(|| {
        view! {
            <details class="editor-add">
                <summary>{a.editor_add}</summary>
                <form class="admin-form" on:submit=add>
                    <label for="neu-art">{a.editor_kind}</label>
                    <select id="neu-art" on:change:target=move |ev| {
                        let key = ev.target().value();
                        if let Some(k) = SectionKind::ALL.into_iter().find(|k| k.key() == key) {
                            new_kind.set(k);
                        }
                    }>{kinds}</select>
                    <label for="neu-nummer">{a.editor_number}</label>
                    <input id="neu-nummer" type="text" required
                        on:input:target=move |ev| new_number.set(ev.target().value()) />
                    <label for="neu-titel">{a.editor_new_title}</label>
                    <input id="neu-titel" type="text" required
                        on:input:target=move |ev| new_title.set(ev.target().value()) />
                    <label for="neu-text">{a.editor_new_text}</label>
                    <textarea id="neu-text" rows="6" required
                        on:input:target=move |ev| new_text.set(ev.target().value())></textarea>
                    <button type="submit" class="button primary">{a.editor_add_button}</button>
                </form>
            </details>
        }
    });
    let options = move || {
        state.get().map(|s| {
            s.sections
                .into_iter()
                .map(
                    |x| view! { <option value=x.id>{format!("{} {}", x.number, x.title)}</option> },
                )
                .collect_view()
        })
    };
    let based_on = move || {
        state
            .get()
            .map(|s| (a.editor_based_on)(s.based_on, s.published))
    };
    let yours_view = move || {
        yours.get().map(|(your_title, your_text, your_note)| {
            let shown = paragraphs(&your_text);
            let take = move |_| {
                title.set(your_title.clone());
                text.set(your_text.clone());
                note.set(your_note.clone());
                yours.set(None);
            };
            view! {
                <div class="editor-yours" role="group" aria-labelledby="ihr-text">
                    <h3 id="ihr-text">{a.editor_yours}</h3>
                    {shown}
                    <button type="button" class="button" on:click=take>{a.editor_take_yours}</button>
                </div>
            }
        })
    };
    let cause_list = move || {
        comments.get().map(|list| {
            if list.is_empty() {
                return view! { <p>{a.editor_no_causes}</p> }.into_any();
            }
            let items = list
                .into_iter()
                .map(|c| {
                    let id = c.id.clone();
                    let checked = {
                        let id = id.clone();
                        move || causes.with(|l| l.contains(&id))
                    };
                    let toggle = move |on: bool| {
                        causes.update(|l| {
                            l.retain(|x| *x != id);
                            if on {
                                l.push(id.clone());
                            }
                        });
                    };
                    let excerpt: String = c.text.chars().take(160).collect();
                    let more = c.text.chars().count() > 160;
                    view! {
                        <li>
                            <label>
                                <input type="checkbox" prop:checked=checked disabled=!manages
                                    on:change:target=move |ev| toggle(ev.target().checked()) />
                                " " {(a.editor_cause)(c.section_version, &format_iso(&c.received_at))}
                                " „" {excerpt} {more.then_some("…")} "“"
                            </label>
                        </li>
                    }
                })
                .collect_view();
            view! { <ul class="editor-cause-list">{items}</ul> }.into_any()
        })
    };
    // One field of a form: its id, label, lines, and where it is kept.
    let form_field = move |id: &'static str,
                           label: &'static str,
                           rows: u32,
                           get: fn(&Renderings) -> String,
                           set: fn(&mut Renderings, String)| {
        let value = move || renderings.with(get);
        let write = move |v: String| renderings.update(|r| set(r, v));
        let input = if rows > 1 {
            view! {
                <textarea id=id rows=rows prop:value=value disabled=!manages
                    on:input:target=move |ev| write(ev.target().value())></textarea>
            }
            .into_any()
        } else {
            view! {
                <input id=id type="text" prop:value=value disabled=!manages
                    on:input:target=move |ev| write(ev.target().value()) />
            }
            .into_any()
        };
        view! { <label for=id>{label}</label> {input} }
    };
    let forms = view! {
        <details class="editor-renderings">
            <summary>{a.editor_renderings}</summary>
            <p>{a.editor_renderings_intro}</p>
            {form_field("abschnitt-en-titel", a.editor_en_title, 1, |r| r.en_title.clone(), |r, v| r.en_title = v)}
            {form_field("abschnitt-en-text", a.editor_en_text, 6, |r| r.en_text.clone(), |r, v| r.en_text = v)}
            {form_field("abschnitt-ls-titel", a.editor_easy_title, 1, |r| r.easy_title.clone(), |r, v| r.easy_title = v)}
            {form_field("abschnitt-ls-text", a.editor_easy_text, 6, |r| r.easy_text.clone(), |r, v| r.easy_text = v)}
        </details>
    };
    view! {
        <section class="admin-editor" aria-labelledby="bearbeiten-titel">
            <h2 id="bearbeiten-titel">{a.editor_heading}</h2>
            <p>{a.editor_intro}</p>
            <p>{based_on}</p>
            <form class="admin-form" on:submit=save>
                <label for="abschnitt-wahl">{a.editor_section}</label>
                <select id="abschnitt-wahl" prop:value=move || chosen.get()
                    on:change:target=move |ev| {
                        let id = ev.target().value();
                        chosen.set(id.clone());
                        yours.set(None);
                        fill(&id);
                    }>
                    {options}
                </select>
                {list_buttons}
                <label for="abschnitt-titel">{a.editor_title}</label>
                <input id="abschnitt-titel" type="text" prop:value=move || title.get()
                    disabled=!manages on:input:target=move |ev| title.set(ev.target().value()) />
                <label for="abschnitt-text">{a.editor_text}</label>
                <textarea id="abschnitt-text" rows="12" prop:value=move || text.get()
                    disabled=!manages on:input:target=move |ev| text.set(ev.target().value())></textarea>
                <label for="abschnitt-notiz">{a.editor_note}</label>
                <textarea id="abschnitt-notiz" rows="3" prop:value=move || note.get()
                    disabled=!manages on:input:target=move |ev| note.set(ev.target().value())></textarea>
                {forms}
                <fieldset class="editor-causes">
                    <legend>{a.editor_causes}</legend>
                    <Transition fallback=|| ()>
                        {cause_list}
                    </Transition>
                </fieldset>
                {manages.then(|| view! {
                    <button type="submit" class="button primary">{a.strategy_store}</button>
                })}
            </form>
            {(!manages).then(|| view! { <p>{a.manages_only}</p> })}
            {add_form}
            <p role="status" class="form-status">{move || said.get()}</p>
            {yours_view}
            <h3>{a.editor_diff}</h3>
            <div class="editor-diff">{diff}</div>
            <h3>{a.editor_preview}</h3>
            <div class="editor-preview">{move || paragraphs(&text.get())}</div>
            // The stored version's page, as citizens will see it: what was saved last.
            {move || state.get().map(|s| {
                let href = http::admin_page_preview(s.based_on, &format!("/abschnitt/{}", chosen.get()));
                view! { <p><a href=href target="_blank" rel="noopener">{a.page_preview}</a></p> }
            })}
        </section>
    }
}
