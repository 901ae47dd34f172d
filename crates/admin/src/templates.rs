//! Answer templates in the administration: the list to manage (save, delete) and the
//! picker in the answer form. Both read one list, loaded once and shared by context.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use mitreden_model::template::{insert_template, AnswerTemplate, NewTemplate};

use super::texts::admin_t;
use crate::http;

/// The office's templates, as last loaded.
#[derive(Clone, Copy)]
pub struct TemplateList(RwSignal<Vec<AnswerTemplate>>);

impl TemplateList {
    /// Makes the list, provides it to the components below, and loads it.
    pub fn provide() -> Self {
        let list = Self(RwSignal::new(Vec::new()));
        provide_context(list);
        list.reload();
        list
    }

    fn reload(self) {
        spawn_local(async move {
            if let Ok(all) = http::admin_templates().await {
                self.0.set(all);
            }
        });
    }
}

/// "Vorlage einfügen" in the answer form: picking one adds its text to `answer` (never
/// replacing what is typed) and says so in `message`.
#[component]
pub fn TemplatePicker(
    id: String,
    answer: RwSignal<String>,
    message: RwSignal<String>,
) -> impl IntoView {
    let a = admin_t();
    let list = use_context::<TemplateList>().map(|l| l.0);
    let pick = move |select: web_sys::HtmlSelectElement| {
        let chosen = select.value();
        let Some(template) = list.and_then(|l| {
            l.with_untracked(|all| all.iter().find(|t| t.id.to_string() == chosen).cloned())
        }) else {
            return;
        };
        answer.update(|text| *text = insert_template(text, &template.text));
        message.set((a.template_inserted)(&template.title));
        // Back to "none", so the same template can be added again.
        select.set_value("");
    };
    view! {
        <label for=format!("vorlage-{id}")>{a.template_pick}</label>
        <select id=format!("vorlage-{id}") on:change:target=move |ev| pick(ev.target())>
            <option value="">{a.template_none}</option>
            {move || list.map(|l| l.get()).unwrap_or_default().into_iter().map(|t| view! {
                <option value=t.id.to_string()>{t.title}</option>
            }).collect_view()}
        </select>
    }
}

/// The templates to manage: each with its text and a delete button, and a form for a new one.
#[component]
pub fn Templates(list: TemplateList) -> impl IntoView {
    let a = admin_t();
    let title = RwSignal::new(String::new());
    let text = RwSignal::new(String::new());
    let message = RwSignal::new(String::new());
    let save = move |ev: SubmitEvent| {
        ev.prevent_default();
        let input = NewTemplate {
            title: title.get_untracked(),
            text: text.get_untracked(),
        };
        spawn_local(async move {
            match http::admin_add_template(&input).await {
                Ok(_) => {
                    title.set(String::new());
                    text.set(String::new());
                    message.set(a.template_saved.to_owned());
                    list.reload();
                }
                Err(why) => message.set(why),
            }
        });
    };
    let delete = move |id: i64| {
        spawn_local(async move {
            match http::admin_delete_template(id).await {
                Ok(_) => {
                    message.set(a.template_deleted.to_owned());
                    list.reload();
                }
                Err(why) => message.set(why),
            }
        });
    };
    view! {
        <section class="admin-templates" aria-labelledby="vorlagen-titel">
            <h2 id="vorlagen-titel">{a.templates}</h2>
            <p>{a.templates_text}</p>
            <Show when=move || list.0.with(Vec::is_empty)>
                <p>{a.templates_empty}</p>
            </Show>
            <ul class="template-list">
                <For each=move || list.0.get() key=|t| t.id let:template>
                    <li>
                        <p><strong>{template.title.clone()}</strong></p>
                        <p class="template-text">{template.text.clone()}</p>
                        <button type="button" class="button secondary"
                            on:click=move |_| delete(template.id)>
                            {(a.template_delete)(&template.title)}
                        </button>
                    </li>
                </For>
            </ul>
            <form class="admin-form" on:submit=save>
                <label for="vorlage-titel">{a.template_title}</label>
                <input id="vorlage-titel" type="text" maxlength="80"
                    prop:value=move || title.get()
                    on:input:target=move |ev| title.set(ev.target().value()) />
                <label for="vorlage-text">{a.template_text}</label>
                <textarea id="vorlage-text" rows="4"
                    prop:value=move || text.get()
                    on:input:target=move |ev| text.set(ev.target().value())></textarea>
                <p role="status" class="form-status">{move || message.get()}</p>
                <button type="submit" class="button primary">{a.template_save}</button>
            </form>
        </section>
    }
}
