//! Messages about the saved data (damaged, missing, newer, migrated,
//! unavailable) and the last failed save. Shown at the top of every page
//! until dismissed.

use leptos::prelude::*;

use super::download::download;
use crate::state::AppState;
use crate::store::Notice;

#[component]
pub fn Notices() -> impl IntoView {
    let state = expect_context::<AppState>();
    view! {
        {move || {
            state
                .save_error
                .get()
                .map(|msg| {
                    view! {
                        <div class="notice notice-warn" role="alert">
                            <p>{msg}</p>
                            // Put away once read; what it was about is tried again
                            // (there may be room now), and still kept if not.
                            <button
                                type="button"
                                class="button-quiet"
                                on:click=move |_| {
                                    state.retry_save();
                                    state.save_error.set(None);
                                }
                            >
                                "OK"
                            </button>
                        </div>
                    }
                })
        }}
        {move || {
            state
                .notices
                .get()
                .into_iter()
                .enumerate()
                .map(|(i, n)| view! { <NoticeCard notice=n index=i/> })
                .collect_view()
        }}
    }
}

#[component]
fn NoticeCard(notice: Notice, index: usize) -> impl IntoView {
    let state = expect_context::<AppState>();
    let dismiss = move |_| state.dismiss_notice(index);
    let dl_error = RwSignal::new(None::<String>);
    // Only the update is news to be heard politely; the rest are warnings.
    let warn = !matches!(notice, Notice::Migrated { .. });
    // Each kind's words; the card around them is the same for all.
    let (title, body) = match notice {
        Notice::Damaged { reason, backup_key, raw } => {
            let kept = match &backup_key {
                Some(_) => "A copy was kept in this browser, and \u{201c}Download the damaged data\u{201d} below saves it as a file.".to_string(),
                None => "It could not be copied, so Hearth will not save anything until you download it, free some space and reload the page.".to_string(),
            };
            let save_it = move |_| {
                let name = format!("hearth-damaged-data-{}.txt", crate::domain::dates::ymd(&crate::state::now()));
                dl_error.set(download(&name, "text/plain", &raw).err());
            };
            (
                "Hearth couldn't read your saved data",
                view! {
                    <p>"Nothing has been deleted. " {kept}</p>
                    <p class="small">"What went wrong: " {reason}</p>
                    <div class="actions">
                        <button type="button" on:click=save_it>"Download the damaged data"</button>
                        <button type="button" class="button-quiet" on:click=dismiss>"Carry on for now"</button>
                    </div>
                    {move || dl_error.get().map(|e| view! { <p class="error">"The download didn't start: " {e}</p> })}
                }
                .into_any(),
            )
        }
        Notice::Missing { parts, backup_key } => (
            "Some of your saved data is missing",
            view! {
                <p>
                    "Part of what Hearth saved in this browser is no longer here: perhaps the browser or another tool cleared it. "
                    "Everything else is here. A backup made before brings it back: choose it under \u{201c}Bring back a backup\u{201d} in Settings, then Merge. "
                    {backup_key.is_none().then_some("Until there is room to keep a note of what is missing, Hearth won't save changes: free some space, then reload the page.")}
                </p>
                <p class="small">"What is missing: " {parts.join(", ")}</p>
                <button type="button" class="button-quiet" on:click=dismiss>"Carry on for now"</button>
            }
            .into_any(),
        ),
        Notice::Newer { .. } => (
            "Saved by a newer Hearth",
            view! {
                <p>
                    "Your data was saved by a newer version of Hearth. "
                    "To keep it safe, this version only shows it and won't save changes. Reload the page to get the newest version."
                </p>
            }
            .into_any(),
        ),
        Notice::Migrated { backup_key, .. } => (
            "Your data was updated",
            view! {
                <p>
                    "Hearth now stores your data a newer way, and nothing in it was lost. "
                    {backup_key.map(|_| "A copy as it was before is kept in this browser.")}
                </p>
                <button type="button" class="button-quiet" on:click=dismiss>"OK"</button>
            }
            .into_any(),
        ),
        Notice::Unavailable { reason } => (
            "This browser won't let Hearth save",
            view! {
                <p>
                    "You can look around, but nothing you write will be kept after this tab closes. "
                    "Private windows and some privacy settings block storage; a normal window usually works."
                </p>
                <p class="small">"What the browser said: " {reason}</p>
            }
            .into_any(),
        ),
    };
    let id = format!("notice-{index}");
    let labelled_by = id.clone();
    view! {
        <section
            class=if warn { "notice notice-warn" } else { "notice" }
            role=if warn { "alert" } else { "status" }
            aria-labelledby=labelled_by
        >
            <h2 id=id>{title}</h2>
            {body}
        </section>
    }
}

/// The answer to work that finishes later (sealing takes a while): in the
/// section that asked, or, when that section is gone by then (Hearth
/// locked, or the couple went to another page), at the top of the app with
/// `what` before it, so a refusal is never lost.
pub fn answer(state: AppState, line: RwSignal<Option<String>>, what: &str, msg: String) {
    if let Some(Some(msg)) = line.try_set(Some(msg)) {
        let msg = if what.is_empty() {
            msg
        } else {
            format!("{what} {msg}")
        };
        state.save_error.set(Some(msg));
    }
}
