//! The bar that follows a deletion: what happened, and Undo.

use leptos::prelude::*;

use crate::domain::Id;

/// "Check-in deleted. [Undo]" while `removed` holds what can come back.
/// The bar is a live region that is always in the page (one added with its
/// words is not read out), placed outside any list that goes away with its
/// last item. `undo` brings the record back and moves focus (Undo goes with
/// the bar); it says whether that worked, and the bar closes only then.
/// `id` is the Undo button's: the action that removed focuses it.
pub fn undo_bar(
    removed: RwSignal<Option<Id>>,
    id: &'static str,
    said: &'static str,
    undo: Box<dyn Fn(Id) -> bool + Send + Sync>,
) -> impl IntoView {
    // One copy of the bar for every page (boxed: not one per caller).
    let undo = std::sync::Arc::<dyn Fn(Id) -> bool + Send + Sync>::from(undo);
    let click = move |_| {
        if let Some(x) = removed.get_untracked() {
            if undo(x) {
                removed.set(None);
            }
        }
    };
    view! {
        <div role="status" class="undo-bar">
            {move || removed.get().map(|_| view! { <p>{said}</p><button type="button" id=id on:click=click.clone()>"Undo"</button> })}
        </div>
    }
}
