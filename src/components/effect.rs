//! Effects with one copy of their task per value type.
//!
//! `Effect::new` is generic over its function, so each effect in Hearth got
//! its own copy of the task that waits for changes and runs it again. Boxed,
//! the function's type is the same for every effect giving the same value
//! (nearly all give `()`), and so is the task.

use leptos::prelude::*;

/// [`Effect::new`] for `f`: run once the view is mounted, then whenever
/// what it read changes, given what it returned the time before.
pub fn effect<T: 'static>(f: impl FnMut(Option<T>) -> T + 'static) {
    let f: Box<dyn FnMut(Option<T>) -> T> = Box::new(f);
    Effect::new(f);
}

/// `prop:value` for a date or time field: `value()` is put in the field
/// only when it differs from what the field holds. While a date is half
/// typed the field reads "", and writing that "" back (as `prop:value`
/// does after `on:input` stores it) wipes what was typed so far.
pub fn field_value(field: NodeRef<leptos::html::Input>, value: impl Fn() -> String + 'static) {
    effect(move |_| {
        let v = value();
        if let Some(el) = field.get() {
            if el.value() != v {
                el.set_value(&v);
            }
        }
    });
}
