//! The event's attributes and quotas in the event form: each attribute with its label and
//! its values, each value with the seats at least drawn among those who chose it. Rows are
//! added and removed with buttons; the focus goes to the row added, or to the button that
//! adds one after a removal. The server makes ids for new attributes and checks the rest as
//! every strategy file is.

use leptos::prelude::*;
use mitreden_model::event_settings::{AttributeSetting, EventSettings, ValueSetting};

use super::texts::admin_t;

/// The ids' start.
const ID: &str = "veranstaltung-merkmal";

fn empty_value() -> ValueSetting {
    ValueSetting {
        value: String::new(),
        quota: String::new(),
    }
}

/// The attributes of the event in `form`; `manages`: may change them.
pub(super) fn attributes_editor(form: RwSignal<Option<EventSettings>>, manages: bool) -> AnyView {
    let a = admin_t();
    // How many values each attribute has: the rows are drawn anew only when this changes,
    // so typing keeps the focus where it is.
    let shape = Memo::new(move |_| {
        form.with(|f| {
            f.as_ref()
                .map(|f| {
                    f.attributes
                        .iter()
                        .map(|a| a.values.len())
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    });
    // The element to focus once the rows are drawn.
    let focus_to = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        if let Some(id) = focus_to.get() {
            if let Some(el) = document().get_element_by_id(&id) {
                let _ = wasm_bindgen::JsCast::unchecked_into::<web_sys::HtmlElement>(el).focus();
            }
        }
    });
    let edit = move |change: &dyn Fn(&mut Vec<AttributeSetting>)| {
        form.update(|f| {
            if let Some(f) = f {
                change(&mut f.attributes)
            }
        })
    };
    let read = move |i: usize, get: &dyn Fn(&AttributeSetting) -> String| {
        form.with(|f| {
            f.as_ref()
                .and_then(|f| f.attributes.get(i))
                .map(get)
                .unwrap_or_default()
        })
    };
    // One text box of a value's row: the value, or its quota (`get`/`set` pick which).
    let value_field = move |i: usize,
                            j: usize,
                            (id, label): (String, String),
                            quota: bool,
                            get: fn(&ValueSetting) -> String,
                            set: fn(&mut ValueSetting, String)| {
        view! {
            <div class=quota.then_some("admin-quota")>
            <label for=id.clone()>{label}</label>
            <input id=id type="text" inputmode=quota.then_some("numeric") disabled=!manages
                prop:value=move || read(i, &|at| at.values.get(j).map(get).unwrap_or_default())
                on:input:target=move |ev| {
                    let typed = ev.target().value();
                    edit(&|attrs| {
                        if let Some(v) = attrs.get_mut(i).and_then(|at| at.values.get_mut(j)) {
                            set(v, typed.clone());
                        }
                    })
                } />
            </div>
        }
    };
    let value_row = move |i: usize, j: usize| {
        let remove = move |_| {
            edit(&|attrs| {
                if let Some(at) = attrs.get_mut(i) {
                    if j < at.values.len() {
                        at.values.remove(j);
                    }
                }
            });
            focus_to.set(Some(format!("{ID}-{i}-wert-neu")));
        };
        view! {
            <li class="admin-value">
                {value_field(i, j, (format!("{ID}-{i}-wert-{j}"), (a.event_value)(j + 1)), false,
                    |v| v.value.clone(), |v, typed| v.value = typed)}
                {value_field(i, j, (format!("{ID}-{i}-quote-{j}"), (a.event_quota)(j + 1)), true,
                    |v| v.quota.clone(), |v, typed| v.quota = typed)}
                {manages.then(|| view! {
                    <button type="button" class="button" on:click=remove>{(a.event_value_remove)(j + 1)}</button>
                })}
            </li>
        }
    };
    let attribute = move |i: usize, values: usize| {
        let label_id = format!("{ID}-{i}-bezeichnung");
        let add_value = move |_| {
            edit(&|attrs| {
                if let Some(at) = attrs.get_mut(i) {
                    at.values.push(empty_value())
                }
            });
            focus_to.set(Some(format!("{ID}-{i}-wert-{values}")));
        };
        let remove = move |_| {
            edit(&|attrs| {
                if i < attrs.len() {
                    attrs.remove(i);
                }
            });
            focus_to.set(Some(format!("{ID}-neu")));
        };
        view! {
            <fieldset class="admin-attribute">
                <legend>{(a.event_attribute)(i + 1)}</legend>
                <label for=label_id.clone()>{a.event_attribute_label}</label>
                <input id=label_id type="text" disabled=!manages
                    prop:value=move || read(i, &|at| at.label.clone())
                    on:input:target=move |ev| {
                        let typed = ev.target().value();
                        edit(&|attrs| {
                            if let Some(at) = attrs.get_mut(i) {
                                at.label = typed.clone();
                            }
                        })
                    } />
                <ol class="admin-values">{(0..values).map(|j| value_row(i, j)).collect_view()}</ol>
                {manages.then(|| view! {
                    <p class="admin-row-actions">
                        <button type="button" class="button" id=format!("{ID}-{i}-wert-neu")
                            on:click=add_value>{a.event_value_add}</button>
                        <button type="button" class="button" on:click=remove>{(a.event_attribute_remove)(i + 1)}</button>
                    </p>
                })}
            </fieldset>
        }
    };
    let add_attribute = move |_| {
        let next = shape.with_untracked(Vec::len);
        edit(&|attrs| {
            attrs.push(AttributeSetting {
                id: String::new(),
                label: String::new(),
                values: vec![empty_value(), empty_value()],
            })
        });
        focus_to.set(Some(format!("{ID}-{next}-bezeichnung")));
    };
    view! {
        <h3 id=format!("{ID}-titel")>{a.event_terms_heading}</h3>
        <p>{a.event_terms_intro}</p>
        {move || {
            shape
                .get()
                .into_iter()
                .enumerate()
                .map(|(i, values)| attribute(i, values))
                .collect_view()
        }}
        {manages.then(|| view! {
            <p><button type="button" class="button" id=format!("{ID}-neu")
                on:click=add_attribute>{a.event_attribute_add}</button></p>
        })}
    }
    .into_any()
}
