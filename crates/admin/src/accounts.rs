//! Staff accounts in the administration: for the role "Verwaltung" the list, a new account
//! and deactivation; for everyone their own new password and digest.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use mitreden_model::moderation::{NewStaff, PasswordInput, StaffAccount, StaffRole};

use super::digest::DigestForm;
use super::texts::admin_t;
use crate::http;

/// The accounts section: the list, a new account and deactivation where the account
/// `manages` (the role "Verwaltung"); one's own password for everyone.
#[component]
pub fn Accounts(manages: bool) -> impl IntoView {
    let accounts = RwSignal::new(None::<Vec<StaffAccount>>);
    let said = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let role = RwSignal::new(StaffRole::Moderation.as_str().to_owned());
    let own = RwSignal::new(String::new());
    let current = RwSignal::new(String::new());
    let reload = move || {
        spawn_local(async move {
            accounts.set(http::admin_accounts().await.ok());
        });
    };
    if manages {
        reload();
    }
    let create = move |ev: SubmitEvent| {
        ev.prevent_default();
        let input = NewStaff {
            name: name.get_untracked(),
            password: password.get_untracked(),
            role: StaffRole::parse(&role.get_untracked()).unwrap_or(StaffRole::Moderation),
        };
        spawn_local(async move {
            match http::admin_create_account(&input).await {
                Ok(_) => {
                    said.set(admin_t().admin_account_made.to_owned());
                    name.set(String::new());
                    password.set(String::new());
                    reload();
                }
                Err(why) => said.set(why),
            }
        });
    };
    let change_own = move |ev: SubmitEvent| {
        ev.prevent_default();
        let input = PasswordInput {
            password: own.get_untracked(),
            current: current.get_untracked(),
        };
        spawn_local(async move {
            match http::admin_password(&input).await {
                Ok(_) => {
                    said.set(admin_t().admin_password_changed.to_owned());
                    own.set(String::new());
                    current.set(String::new());
                }
                Err(why) => said.set(why),
            }
        });
    };
    let deactivate = move |who: String| {
        spawn_local(async move {
            match http::admin_deactivate(who).await {
                Ok(_) => {
                    said.set(admin_t().admin_account_deactivated.to_owned());
                    reload();
                }
                Err(why) => said.set(why),
            }
        });
    };
    view! {
        <section class="admin-accounts" aria-labelledby="konten-titel">
            <h2 id="konten-titel">{admin_t().admin_accounts}</h2>
            <p role="status" class="form-status">{move || said.get()}</p>
            {move || accounts.get().map(|list| view! {
                <ul class="item-list">
                    {list.into_iter().map(|a| {
                        let who = a.name.clone();
                        view! {
                            <li class="item">
                                <p class="item-section">{a.name.clone()}</p>
                                <p class="item-state">
                                    {(admin_t().staff_role)(a.role)} " · "
                                    {if a.active { admin_t().admin_account_active } else { admin_t().admin_account_inactive }}
                                </p>
                                {a.active.then(|| view! {
                                    <button type="button" class="button secondary"
                                        on:click=move |_| deactivate(who.clone())>
                                        {(admin_t().admin_account_deactivate)(&a.name)}
                                    </button>
                                })}
                            </li>
                        }
                    }).collect_view()}
                </ul>
                <form class="admin-form" on:submit=create>
                    <label for="konto-name">{admin_t().admin_name}</label>
                    <input id="konto-name" type="text" autocomplete="off"
                        prop:value=move || name.get()
                        on:input:target=move |ev| name.set(ev.target().value()) />
                    <label for="konto-passwort">{admin_t().admin_account_password}</label>
                    <input id="konto-passwort" type="password" autocomplete="new-password"
                        prop:value=move || password.get()
                        on:input:target=move |ev| password.set(ev.target().value()) />
                    <label for="konto-rolle">{admin_t().admin_account_role}</label>
                    <select id="konto-rolle" on:change:target=move |ev| role.set(ev.target().value())>
                        {StaffRole::ALL.iter().map(|r| view! {
                            <option value=r.as_str() selected=*r == StaffRole::Moderation>{(admin_t().staff_role)(*r)}</option>
                        }).collect_view()}
                    </select>
                    <button type="submit" class="button primary">{admin_t().admin_account_make}</button>
                </form>
            })}
            <form class="admin-form" on:submit=change_own>
                <label for="bisheriges-passwort">{admin_t().admin_own_password_current}</label>
                <input id="bisheriges-passwort" type="password" autocomplete="current-password"
                    prop:value=move || current.get()
                    on:input:target=move |ev| current.set(ev.target().value()) />
                <label for="eigenes-passwort">{admin_t().admin_own_password}</label>
                <input id="eigenes-passwort" type="password" autocomplete="new-password"
                    prop:value=move || own.get()
                    on:input:target=move |ev| own.set(ev.target().value()) />
                <button type="submit" class="button secondary">{admin_t().admin_own_password_save}</button>
            </form>
            <DigestForm />
        </section>
    }
}
