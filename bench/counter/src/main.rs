//! A counter whose value survives a reload: Leptos + gloo-storage and
//! nothing else, the floor Hearth is measured against (bench/run.mjs).

use gloo_storage::{LocalStorage, Storage};
use leptos::prelude::*;

const KEY: &str = "counter:value";

#[component]
fn Counter() -> impl IntoView {
    let count = RwSignal::new(LocalStorage::get::<i64>(KEY).unwrap_or(0));
    let add = move |_| {
        count.update(|n| *n += 1);
        let _ = LocalStorage::set(KEY, count.get_untracked());
    };
    view! {
        <main>
            <h1>"Counter"</h1>
            <p>"Clicked " {move || count.get()} " times."</p>
            <button type="button" on:click=add>"Add one"</button>
        </main>
    }
}

fn main() {
    leptos::mount::mount_to_body(Counter);
}
