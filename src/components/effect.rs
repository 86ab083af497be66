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
