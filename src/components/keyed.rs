//! Leptos's `<For>`, with one copy of its keyed list per type of key.
//!
//! The prelude's `For` is generic over the list, its items, the key and
//! the children, so each list in Hearth got its own copy of the keyed diff
//! (a few KiB of wasm each). This one hands the prelude's a row per item
//! (its key, and the item's view still to build), always of the same type:
//! the same markup, the same keyed behaviour (an item kept is never built
//! again), a copy of the diff per key type instead of one per list.

use std::hash::Hash;
use std::sync::Arc;

use leptos::prelude::*;

/// An item as the shared list sees it: its key, and its view, built only if
/// the key is new.
struct Row<K> {
    key: K,
    view: Box<dyn FnOnce() -> AnyView + Send>,
}

/// Shows `children(item)` for each item of `each`, keyed by `key`.
#[component]
pub fn For<T, K, N>(
    each: impl Fn() -> Vec<T> + Send + Sync + 'static,
    key: impl Fn(&T) -> K + Send + Sync + 'static,
    children: impl Fn(T) -> N + Send + Sync + 'static,
) -> impl IntoView
where
    T: Send + 'static,
    K: Eq + Hash + Clone + Send + Sync + 'static,
    N: IntoView + 'static,
{
    let children = Arc::new(children);
    let rows = move || {
        each()
            .into_iter()
            .map(|item| {
                let children = Arc::clone(&children);
                Row {
                    key: key(&item),
                    view: Box::new(move || children(item).into_any()),
                }
            })
            .collect()
    };
    keyed_rows(Box::new(rows))
}

/// The one list per key type.
fn keyed_rows<K>(rows: Box<dyn Fn() -> Vec<Row<K>> + Send + Sync>) -> impl IntoView
where
    K: Eq + Hash + Clone + Send + Sync + 'static,
{
    leptos::prelude::For(
        leptos::prelude::ForProps::builder()
            .each(rows)
            .key(|row: &Row<K>| row.key.clone())
            .children(|row: Row<K>| (row.view)())
            .build(),
    )
}
