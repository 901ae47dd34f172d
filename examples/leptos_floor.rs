//! The floor under the first-load budget: what Leptos alone costs in the wasm.
//!
//! `cargo xtask size` builds this for wasm32 exactly as Trunk builds the app (release,
//! `erase_components`, wasm-bindgen, wasm-opt with the app's flags, brotli) and prints its
//! size beside the app's, so the table can say which bytes are the framework's and which
//! are ours. It uses the same kinds of framework parts the app's live parts use — signals,
//! a memo, an effect, a context, a loaded resource under `Suspense`, a keyed `For`, `Show`,
//! event handlers, a bound `textarea`, mounting into an existing element — and nothing of
//! the app: no model, no storage, no HTTP, no texts.

use leptos::prelude::*;
use leptos::wasm_bindgen::JsCast;

fn main() {
    let Some(root) = document().body() else {
        return;
    };
    leptos::mount::mount_to(root.unchecked_into(), Floor).forget();
}

#[component]
fn Floor() -> impl IntoView {
    let (text, set_text) = signal(String::new());
    let length = Memo::new(move |_| text.with(|t| t.chars().count()));
    let items = RwSignal::new(Vec::<(usize, String)>::new());
    let loaded = LocalResource::new(move || async move { length.get() * 2 });
    Effect::new(move |_| leptos::logging::log!("{}", length.get()));
    provide_context(length);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        items.update(|list| list.push((list.len(), text.get_untracked())));
        set_text.set(String::new());
    };
    view! {
        <form on:submit=submit>
            <label>
                "Text"
                <textarea
                    prop:value=text
                    on:input=move |ev| set_text.set(event_target_value(&ev))
                ></textarea>
            </label>
            <Show when=move || { length.get() > 0 } fallback=|| "leer">
                <p>{length}</p>
            </Show>
            <button type="submit">"Senden"</button>
        </form>
        <ul>
            <For each=move || items.get() key=|item| item.0 let:item>
                <li>{item.1}</li>
            </For>
        </ul>
        <Suspense fallback=|| "…">{move || loaded.get().map(|n| view! { <p>{n}</p> })}</Suspense>
    }
}
