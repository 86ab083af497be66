//! Leptos's `<Show>`, with one copy of its code for every use.
//!
//! The prelude's `Show` is generic over its condition and its children's
//! view type, so each of the fifty-odd uses in Hearth got its own memo and
//! its own switch between the two views. This one erases both (the
//! condition boxed, the children an `AnyView`): the same markup, the same
//! behaviour (children rebuilt only when the condition flips), less wasm.

use leptos::prelude::*;

/// Shows `children` while `when` is true, else `fallback` (nothing by
/// default). `when` is memoised, as in Leptos's `<Show>`.
#[component]
pub fn Show(
    children: ChildrenFn,
    when: impl Fn() -> bool + Send + Sync + 'static,
    #[prop(optional, into)] fallback: ViewFn,
) -> impl IntoView {
    switch(Box::new(when), children, fallback)
}

/// The non-generic body, instantiated once.
fn switch(
    when: Box<dyn Fn() -> bool + Send + Sync>,
    children: ChildrenFn,
    fallback: ViewFn,
) -> impl IntoView {
    let when = Memo::new(move |_| when());
    move || if when.get() { children() } else { fallback.run() }
}
