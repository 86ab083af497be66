//! The feelings vocabulary by family, as pills: shared by the check-in and
//! the dilemma's "What did you feel?". At most `FEELINGS_MAX` words: once
//! that many are ticked the others rest (disabled) and a line says why, so a
//! ninth never looks ticked while it isn't kept.

use leptos::prelude::*;

use crate::domain::checkin::FEELINGS_MAX;
use crate::domain::feelings::FAMILIES;

/// `chosen`: the words ticked now (the form's, or the stored answer's, so
/// what is drawn is what is kept); `toggle` ticks or unticks one. `prefix`
/// keeps ids unique.
#[component]
pub fn FeelingWords(
    prefix: &'static str,
    chosen: Memo<Vec<String>>,
    toggle: Callback<&'static str>,
) -> impl IntoView {
    // The line below says "eight".
    const _: () = assert!(FEELINGS_MAX == 8);
    let full = move || chosen.with(|c| c.len() >= FEELINGS_MAX);
    view! {
        <p class="hint feelings-full" role="status">
            {move || full().then_some("That\u{2019}s eight, as many as there\u{2019}s room for: untick one to choose another.")}
        </p>
        <div class="families">
            {FAMILIES
                .iter()
                .map(|fam| {
                    view! {
                        <fieldset class="family">
                            <legend>{fam.name}</legend>
                            <div class="chips-inline">
                                {fam
                                    .words
                                    .iter()
                                    .map(|(key, label)| {
                                        let key: &'static str = key;
                                        let id = format!("{prefix}-f-{key}");
                                        let on = move || chosen.with(|c| c.iter().any(|x| x == key));
                                        view! {
                                            <div class="pill">
                                                <input
                                                    type="checkbox"
                                                    id=id.clone()
                                                    prop:checked=on
                                                    prop:disabled=move || full() && !on()
                                                    on:change=move |_| toggle.run(key)
                                                />
                                                <label for=id>{*label}</label>
                                            </div>
                                        }
                                    })
                                    .collect_view()}
                            </div>
                        </fieldset>
                    }
                })
                .collect_view()}
        </div>
    }
}
