//! The one way Hearth asks before something that can't be undone: a button
//! that opens a box saying what will happen, with "Yes, …" and a way to keep
//! things as they are. Opening it moves focus to the box's question, so a
//! screen reader hears it; Tab reaches the safe choice first, then "Yes".
//! Keeping things as they are (or Escape) closes it and goes back to the
//! button that opened it.

use leptos::ev::MouseEvent;
use leptos::prelude::*;

use super::page::{back_to_opener, focus_id, remember_opener};
use super::show::Show;

/// The button that opens (and closes) the box with id `controls`.
#[component]
pub fn ConfirmToggle(
    open: RwSignal<bool>,
    controls: &'static str,
    #[prop(optional)] class: Option<&'static str>,
    children: Children,
) -> impl IntoView {
    view! {
        <button
            type="button"
            class=class
            aria-expanded=move || open.get().to_string()
            aria-controls=controls
            on:click=move |_| {
                open.update(|o| *o = !*o);
                if open.get_untracked() {
                    remember_opener();
                    // After the box is drawn.
                    request_animation_frame(move || focus_id(&format!("{controls}-title")));
                }
            }
        >
            {children()}
        </button>
    }
}

/// The box itself, shown while `open`: the question as a heading (`level`
/// 2–4, to fit where it stands), what will happen (`children`), then
/// `keep` (closes the box) and `yes` (runs `on_yes`).
#[component]
pub fn ConfirmBox(
    open: RwSignal<bool>,
    id: &'static str,
    title: &'static str,
    #[prop(default = 3)] level: u8,
    yes: &'static str,
    keep: &'static str,
    // A callback, not a generic closure: the box is built by the same
    // code wherever it is used.
    #[prop(into)] on_yes: Callback<MouseEvent>,
    children: ChildrenFn,
) -> impl IntoView {
    let title_id = format!("{id}-title");
    // Kept as it was (the button, or Escape): focus goes back to what
    // opened the box.
    let keep_it = move || {
        open.set(false);
        back_to_opener(&[]);
    };
    view! {
        <Show when=move || open.get()>
            <div
                id=id
                class="confirm"
                role="group"
                aria-labelledby=title_id.clone()
                on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                    if ev.key() == "Escape" {
                        keep_it();
                    }
                }
            >
                {
                    let t = title_id.clone();
                    match level {
                        2 => view! { <h2 id=t tabindex="-1">{title}</h2> }.into_any(),
                        4 => view! { <h4 id=t tabindex="-1">{title}</h4> }.into_any(),
                        _ => view! { <h3 id=t tabindex="-1">{title}</h3> }.into_any(),
                    }
                }
                {children()}
                <div class="actions">
                    <button type="button" on:click=move |_| keep_it()>{keep}</button>
                    <button type="button" class="button-danger" on:click=move |ev| on_yes.run(ev)>{yes}</button>
                </div>
            </div>
        </Show>
    }
}
