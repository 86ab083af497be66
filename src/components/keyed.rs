//! Leptos's `<For>`, with one copy of its keyed list for every list.
//!
//! The prelude's `For` is generic over the list, its items, the key and
//! the children, so each list in Hearth got its own copy of the keyed diff
//! (a few KiB of wasm each). This one hands the prelude's a row per item
//! (its [`Key`], and the item's view still to build), always of the same
//! type: the same markup, the same keyed behaviour (an item kept is never
//! built again), and one copy of the diff.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use leptos::prelude::*;

use crate::domain::Id;

/// What tells the items of a list apart, in the shapes Hearth's lists use.
#[derive(Clone, PartialEq, Eq, Hash)]
pub enum Key {
    /// A record, kept as it is drawn while it lives.
    Id(Id),
    /// A record, drawn again after each edit, and when a merge adds a
    /// partner's half without one (bits of the halves it holds).
    Edited(Id, DateTime<Utc>, u8),
    /// A record, drawn again when its text changes.
    Text(Id, String),
}

impl From<Id> for Key {
    fn from(id: Id) -> Self {
        Key::Id(id)
    }
}

impl From<(Id, DateTime<Utc>)> for Key {
    fn from((id, at): (Id, DateTime<Utc>)) -> Self {
        Key::Edited(id, at, 0)
    }
}

impl From<(Id, DateTime<Utc>, u8)> for Key {
    fn from((id, at, halves): (Id, DateTime<Utc>, u8)) -> Self {
        Key::Edited(id, at, halves)
    }
}

impl From<(Id, String)> for Key {
    fn from((id, text): (Id, String)) -> Self {
        Key::Text(id, text)
    }
}

/// An item as the shared list sees it: its key, and its view, built only if
/// the key is new.
struct Row {
    key: Key,
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
    K: Into<Key>,
    N: IntoView + 'static,
{
    let children = Arc::new(children);
    let rows = move || {
        each()
            .into_iter()
            .map(|item| {
                let children = Arc::clone(&children);
                Row {
                    key: key(&item).into(),
                    view: Box::new(move || children(item).into_any()),
                }
            })
            .collect()
    };
    keyed_rows(Box::new(rows))
}

/// The one list.
fn keyed_rows(rows: Box<dyn Fn() -> Vec<Row> + Send + Sync>) -> impl IntoView {
    leptos::prelude::For(
        leptos::prelude::ForProps::builder()
            .each(rows)
            .key(|row: &Row| row.key.clone())
            .children(|row: Row| (row.view)())
            .build(),
    )
}
