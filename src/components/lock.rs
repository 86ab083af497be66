//! The passphrase lock: the lock screen (shown instead of the app), the
//! Settings section (turn on, change, turn off, lock now, lock again after
//! time in the background), and the background timer. The cryptography is in
//! `crate::crypto`, the ordered sealed saves in `crate::state::lock`.

use std::time::Duration;

use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::confirm::{ConfirmBox, ConfirmToggle};
use super::effect::effect;
use super::notices::answer;
use super::page::{focus_first, focus_id, focus_id_soon};
use super::show::Show;
use crate::crypto::Sealer;
use crate::state::{AppState, LockPhase, UnlockError, CHANGED_ELSEWHERE, LOCKED_ELSEWHERE};
use crate::store::sealed::{LockSettings, RELOCK_CHOICES};

/// Shortest passphrase accepted (NIST SP 800-63B's floor for chosen secrets).
const MIN_LEN: usize = 8;

const FORGOTTEN: &str =
    "If the passphrase is forgotten, no one can open the data, not even with Hearth's help: \
     there is no reset. A backup file you downloaded is the way to keep your data safe.";

/// Tries allowed before a short wait, and the waits after that (seconds).
const FREE_TRIES: u32 = 3;
fn wait_after(failures: u32) -> u32 {
    match failures.saturating_sub(FREE_TRIES) {
        0 => 0,
        1 => 5,
        2 => 10,
        3 => 20,
        _ => 30,
    }
}

fn relock_label(choice: Option<u32>) -> String {
    match choice {
        None => "Never".into(),
        Some(1) => "After 1 minute".into(),
        Some(60) => "After 1 hour".into(),
        Some(m) => format!("After {m} minutes"),
    }
}

fn relock_value(choice: Option<u32>) -> String {
    choice.map(|m| m.to_string()).unwrap_or_else(|| "never".into())
}

fn parse_relock(value: &str) -> Option<u32> {
    value.parse().ok()
}

/// A passphrase field: paste and password managers welcome.
#[component]
fn PassField(
    id: &'static str,
    label: &'static str,
    value: RwSignal<String>,
    show: RwSignal<bool>,
    autocomplete: &'static str,
    #[prop(into)] error: Signal<Option<String>>,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(optional)] node_ref: Option<NodeRef<html::Input>>,
    /// Another element to be read with the field (the lock screen's reason).
    #[prop(default = None)]
    described_by: Option<&'static str>,
) -> impl IntoView {
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let described = {
        let (h, e) = (hint_id.clone(), error_id.clone());
        move || {
            let mut ids: Vec<String> = described_by.map(String::from).into_iter().collect();
            if hint.is_some() {
                ids.push(h.clone());
            }
            if error.get().is_some() {
                ids.push(e.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    let node_ref = node_ref.unwrap_or_default();
    let input = view! {
        <input
            node_ref=node_ref
            id=id
            name=id
            type=move || if show.get() { "text" } else { "password" }
            autocomplete=autocomplete
            autocapitalize="off"
            spellcheck="false"
            prop:value=move || value.get()
            on:input=move |ev| value.set(event_target_value(&ev))
            aria-invalid=move || error.get().is_some().then_some("true")
            aria-describedby=described
        />
    };
    view! {
        <div class="field">
            <label for=id>{label}</label>
            {hint.map(|h| view! { <p class="hint" id=hint_id.clone()>{h}</p> })}
            {input}
            {move || error.get().map(|msg| view! { <p class="error" id=error_id.clone()>{msg}</p> })}
        </div>
    }
}

/// `label` names whose passphrase it shows: Settings can hold two of these
/// at once, and a screen reader lists them by name.
#[component]
fn ShowToggle(id: &'static str, label: &'static str, show: RwSignal<bool>) -> impl IntoView {
    view! {
        <div class="check">
            <input
                type="checkbox"
                id=id
                prop:checked=move || show.get()
                on:change=move |ev| show.set(event_target_checked(&ev))
            />
            <label for=id>{label}</label>
        </div>
    }
}

/// Shown instead of the whole app while Hearth is locked: nothing of the
/// couple's is in the page until the passphrase opens it.
#[component]
pub fn LockScreen() -> impl IntoView {
    let state = expect_context::<AppState>();
    let passphrase = RwSignal::new(String::new());
    let show = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let failures = RwSignal::new(0u32);
    let wait_left = RwSignal::new(0u32);
    let field = NodeRef::<html::Input>::new();
    if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
        doc.set_title("Locked · Hearth");
    }
    // Locked by another window: said here, or an old passphrase would be
    // met with "check for typos".
    let why = state.status.get_untracked();
    let changed = why == CHANGED_ELSEWHERE;
    let why = (changed || why == LOCKED_ELSEWHERE).then_some(why);
    effect(move |_| {
        if let Some(el) = field.get() {
            let _ = el.focus();
        }
    });

    let tick = move || {
        let _ = set_interval_with_handle(
            move || wait_left.update(|w| *w = w.saturating_sub(1)),
            Duration::from_secs(1),
        )
        .map(|h| {
            // Stop once the wait is over.
            effect(move |_| {
                if wait_left.get() == 0 {
                    h.clear();
                }
            })
        });
    };

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() || wait_left.get_untracked() > 0 {
            return;
        }
        let pass = passphrase.get_untracked();
        if pass.is_empty() {
            error.set(Some("Please type your passphrase.".into()));
            focus_id("unlock-passphrase");
            return;
        }
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            let result = state.unlock(&pass).await;
            busy.set(false);
            match result {
                Ok(()) => {
                    passphrase.set(String::new());
                    // Said here already: not again once the app is back.
                    state.status.set(String::new());
                    // The app has replaced this screen: start at its content.
                    set_timeout(|| focus_id("main"), Duration::from_millis(0));
                }
                Err(UnlockError::Wrong) => {
                    // The screen may be gone (opened in another window).
                    let Some(n) = failures.try_get_untracked().map(|n| n + 1) else {
                        return;
                    };
                    failures.set(n);
                    let wait = wait_after(n);
                    let msg = if wait > 0 {
                        wait_left.set(wait);
                        tick();
                        format!(
                            "That passphrase didn't open it. Take a breath; you can try again in {wait} seconds. \
                             Check for capital letters, and whether a password manager filled in an older one."
                        )
                    } else if changed {
                        "That passphrase didn't open it: it was changed in another window, so the new one is needed."
                            .into()
                    } else {
                        "That passphrase didn't open it. Please check for typos or capital letters and try again."
                            .into()
                    };
                    error.set(Some(msg));
                    focus_id("unlock-passphrase");
                }
                Err(UnlockError::Other(e)) => error.set(Some(format!(
                    "Hearth couldn't open your data ({e}). Nothing was changed."
                ))),
            }
        });
    };

    view! {
        <main id="main" class="lock-screen" tabindex="-1">
            <div class="card stack lock-card">
                <h1>"Hearth is locked"</h1>
                // Read with the field, where focus goes: the reason is
                // already there when the screen appears, so no live region
                // would say it.
                <p id="lock-why">{why.clone().unwrap_or_else(|| "Type your passphrase to open your space.".into())}</p>
                <form class="stack" on:submit=submit novalidate>
                    <PassField
                        id="unlock-passphrase"
                        label="Passphrase"
                        value=passphrase
                        show
                        autocomplete="current-password"
                        error=Signal::derive(move || error.get())
                        node_ref=field
                        described_by=why.is_some().then_some("lock-why")
                    />
                    <ShowToggle id="unlock-show" label="Show passphrase" show/>
                    <div class="actions">
                        <button type="submit" class="button-primary" aria-disabled=move || busy.get().then_some("true")>
                            "Open Hearth"
                        </button>
                    </div>
                    <p role="status" class="small">
                        {move || {
                            if busy.get() {
                                "Opening\u{2026} turning your passphrase into a key takes a moment.".to_string()
                            } else if wait_left.get() > 0 {
                                match wait_left.get() {
                                    1 => "You can try again in 1 second.".to_string(),
                                    n => format!("You can try again in {n} seconds."),
                                }
                            } else {
                                String::new()
                            }
                        }}
                    </p>
                </form>
                <p class="small">{FORGOTTEN}</p>
                <StartOver/>
            </div>
        </main>
    }
}

/// The way out when the passphrase is lost: delete everything (confirmed).
#[component]
fn StartOver() -> impl IntoView {
    let state = expect_context::<AppState>();
    let confirming = RwSignal::new(false);
    let message = RwSignal::new(None::<String>);
    let location = expect_context::<super::links::Location>();
    let delete = move |_| match state.delete_everything() {
        Ok(_) => {
            // Start over at the start: the app mounts on this URL next.
            location.replace("/");
            confirming.set(false);
            // Opened locked, no page was shown before, so the Welcome's
            // heading would not take focus by itself (after Lock now it does).
            focus_first(&["main h1"]);
        }
        Err(e) => message.set(Some(e)),
    };
    view! {
        <ConfirmToggle open=confirming controls="start-over" class="button-quiet">
            "Forgot it? Delete everything and start over\u{2026}"
        </ConfirmToggle>
        <ConfirmBox
            open=confirming
            id="start-over"
            title="Delete everything and start over?"
            level=2
            yes="Yes, delete everything"
            keep="Keep it locked"
            on_yes=delete
        >
            <p>
                "This removes all of Hearth's locked data from this browser, for good. "
                "If you have a backup file, you can bring it back afterwards."
            </p>
        </ConfirmBox>
        <p role="status">{move || message.get()}</p>
    }
}

/// Checks a new passphrase and its repeat; the errors for each field.
fn check_new(pass: &str, again: &str) -> (Option<String>, Option<String>) {
    if pass.chars().count() < MIN_LEN {
        let msg = if pass.is_empty() {
            "Please choose a passphrase.".to_string()
        } else {
            format!("Please use at least {MIN_LEN} characters; a few words you'll remember work well.")
        };
        return (Some(msg), None);
    }
    if pass.trim().is_empty() {
        return (
            Some("Spaces alone are easy to guess. Please choose a few words you'll remember.".into()),
            None,
        );
    }
    if pass != again {
        return (
            None,
            Some("The two don't match yet. Please type the same passphrase again.".into()),
        );
    }
    (None, None)
}

/// A new passphrase typed twice (turning the lock on, changing the
/// passphrase): its two fields' values, ids and errors.
#[derive(Clone, Copy)]
struct NewPass {
    id: &'static str,
    again_id: &'static str,
    pass: RwSignal<String>,
    again: RwSignal<String>,
    errors: RwSignal<(Option<String>, Option<String>)>,
}

impl NewPass {
    fn new(id: &'static str, again_id: &'static str) -> Self {
        NewPass {
            id,
            again_id,
            pass: RwSignal::new(String::new()),
            again: RwSignal::new(String::new()),
            errors: RwSignal::new((None, None)),
        }
    }

    /// Checks both fields and shows their errors; the id of the first field
    /// with one, or the passphrase when both are fine.
    fn check(self) -> Result<String, &'static str> {
        let p = self.pass.get_untracked();
        let errs = check_new(&p, &self.again.get_untracked());
        let first = if errs.0.is_some() {
            Some(self.id)
        } else if errs.1.is_some() {
            Some(self.again_id)
        } else {
            None
        };
        self.errors.set(errs);
        first.map_or(Ok(p), Err)
    }

    fn clear(self) {
        self.pass.set(String::new());
        self.again.set(String::new());
    }
}

/// The two fields of a [`NewPass`].
#[component]
fn NewPassphrase(
    new: NewPass,
    show: RwSignal<bool>,
    hint: &'static str,
    again_label: &'static str,
) -> impl IntoView {
    view! {
        <PassField
            id=new.id
            label="New passphrase"
            hint=hint
            value=new.pass
            show
            autocomplete="new-password"
            error=Signal::derive(move || new.errors.get().0)
        />
        <PassField
            id=new.again_id
            label=again_label
            value=new.again
            show
            autocomplete="new-password"
            error=Signal::derive(move || new.errors.get().1)
        />
    }
}

/// Settings: "Lock with a passphrase".
#[component]
pub fn LockSection() -> impl IntoView {
    let state = expect_context::<AppState>();
    let on = move || state.lock.get() == LockPhase::Open;
    view! {
        <section aria-labelledby="lock-title">
            <h2 id="lock-title" tabindex="-1">"Lock with a passphrase"</h2>
            <div class="card stack">
                <Show when=on fallback=|| view! { <TurnOn/> }>
                    <LockOn/>
                </Show>
            </div>
        </section>
    }
}

#[component]
fn BackupFirst() -> impl IntoView {
    let state = expect_context::<AppState>();
    let message = RwSignal::new(None::<String>);
    let backup = move |_| {
        leptos::task::spawn_local(async move {
            match super::backup::download_backup(state).await {
                Ok(m) => message.set(Some(m)),
                Err(m) => answer(state, message, "", m),
            }
        })
    };
    view! {
        <div class="notice notice-warn stack" id="lock-warning">
            <p>
                <strong>"A forgotten passphrase cannot be recovered."</strong>
                " There is no reset, and no one can open the data without it. "
                "A backup file is the way to keep your data safe, so download one first."
            </p>
            <div class="actions">
                <button type="button" on:click=backup>"Download your backup first"</button>
            </div>
            <p role="status" class="small">{move || message.get()}</p>
        </div>
    }
}

#[component]
fn RelockSelect(
    value: RwSignal<Option<u32>>,
    #[prop(optional)] on_change: Option<Callback<Option<u32>>>,
) -> impl IntoView {
    view! {
        <div class="field">
            <label for="relock">"Lock again after time in the background"</label>
            <p class="hint" id="relock-hint">"When Hearth has been in another tab or app, or the screen was off, for this long."</p>
            <select
                id="relock"
                aria-describedby="relock-hint"
                on:change=move |ev| {
                    let v = parse_relock(&event_target_value(&ev));
                    value.set(v);
                    if let Some(cb) = on_change {
                        cb.run(v);
                    }
                }
            >
                {RELOCK_CHOICES
                    .into_iter()
                    .map(|c| {
                        view! {
                            <option value=relock_value(c) selected=move || value.get() == c>
                                {relock_label(c)}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </div>
    }
}

#[component]
fn TurnOn() -> impl IntoView {
    let state = expect_context::<AppState>();
    let open = RwSignal::new(false);
    let new = NewPass::new("new-passphrase", "new-passphrase-again");
    let show = RwSignal::new(false);
    let relock = RwSignal::new(LockSettings::default().relock_after_minutes);
    let busy = RwSignal::new(false);
    let message = RwSignal::new(None::<String>);
    let readonly = move || state.notices.with(|n| !n.is_empty()) && state.doc.with(|d| d.couple.is_none());

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let p = match new.check() {
            Ok(p) => p,
            Err(id) => return focus_id(id),
        };
        busy.set(true);
        message.set(Some(
            "Turning on the lock\u{2026} making the key takes a moment.".into(),
        ));
        let settings = LockSettings {
            relock_after_minutes: relock.get_untracked(),
        };
        spawn_local(async move {
            match Sealer::create(&p, settings).await {
                Ok(sealer) => state.turn_lock_on(sealer, move |r| {
                    busy.set(false);
                    match r {
                        Ok(()) => {
                            new.clear();
                            state
                                .status
                                .set("The lock is on. Your data is stored encrypted.".into());
                            set_timeout(|| focus_id("lock-title"), Duration::from_millis(0));
                        }
                        Err(e) => answer(
                            state,
                            message,
                            "",
                            format!("The lock could not be turned on: {e} Your data is as it was, unlocked."),
                        ),
                    }
                }),
                Err(e) => {
                    busy.set(false);
                    answer(
                        state,
                        message,
                        "",
                        format!(
                            "The lock could not be turned on: {}. Your data is as it was, unlocked.",
                            e.message()
                        ),
                    );
                }
            }
        });
    };

    view! {
        <p>
            "With the lock on, everything you write is stored encrypted in this browser, and Hearth asks "
            "for the passphrase each time it opens. Someone who picks up this device, or another page "
            "published at the same web address, finds nothing readable."
        </p>
        <BackupFirst/>
        <div class="actions">
            <button
                type="button"
                aria-expanded=move || open.get().to_string()
                aria-controls="lock-on-form"
                disabled=readonly
                on:click=move |_| {
                    open.update(|o| *o = !*o);
                    if open.get_untracked() {
                        // Once the form is drawn.
                        focus_id_soon("new-passphrase".into());
                    }
                }
            >
                "Turn on the lock\u{2026}"
            </button>
        </div>
        <Show when=move || open.get()>
            <form id="lock-on-form" class="stack" on:submit=submit novalidate>
                <NewPassphrase
                    new
                    show
                    hint="At least 8 characters. A few unrelated words you'll remember work well; a password manager can keep it for you."
                    again_label="Type it again"
                />
                <ShowToggle id="new-show" label="Show the lock's passphrase" show/>
                <RelockSelect value=relock/>
                <div class="actions">
                    <button type="submit" class="button-primary" aria-disabled=move || busy.get().then_some("true")>
                        "Turn on the lock"
                    </button>
                </div>
            </form>
        </Show>
        <p role="status">{move || message.get()}</p>
    }
}

#[component]
fn LockOn() -> impl IntoView {
    let state = expect_context::<AppState>();
    let relock = RwSignal::new(state.lock_settings().unwrap_or_default().relock_after_minutes);
    let message = RwSignal::new(None::<String>);
    let change_relock = Callback::new(move |minutes: Option<u32>| {
        state.set_lock_settings(
            LockSettings {
                relock_after_minutes: minutes,
            },
            move |r| {
                message.set(Some(match r {
                    Ok(()) if minutes.is_none() => {
                        "Saved: Hearth won't lock again by itself while it is open.".into()
                    }
                    Ok(()) => format!(
                        "Saved: lock again {}.",
                        relock_label(minutes).to_ascii_lowercase()
                    ),
                    Err(e) => format!("That setting wasn't saved: {e}"),
                }))
            },
        );
    });
    view! {
        <p>
            <strong>"The lock is on."</strong>
            " What you write is stored encrypted in this browser; Hearth asks for the passphrase when it opens."
        </p>
        <p class="small">{FORGOTTEN}</p>
        <RelockSelect value=relock on_change=change_relock/>
        <p role="status" class="small">{move || message.get()}</p>
        <div class="actions">
            <button type="button" class="button-primary" on:click=move |_| state.lock_now()>"Lock now"</button>
        </div>
        <ChangePassphrase/>
        <TurnOff/>
    }
}

#[component]
fn ChangePassphrase() -> impl IntoView {
    let state = expect_context::<AppState>();
    let open = RwSignal::new(false);
    let current = RwSignal::new(String::new());
    let new = NewPass::new("changed-passphrase", "changed-passphrase-again");
    let show = RwSignal::new(false);
    let current_error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let message = RwSignal::new(None::<String>);

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let c = current.get_untracked();
        let checked = new.check();
        current_error.set(
            c.is_empty()
                .then(|| "Please type the passphrase you use now.".to_string()),
        );
        let p = match checked {
            Ok(p) if !c.is_empty() => p,
            Ok(_) => return focus_id("current-passphrase"),
            Err(id) => return focus_id(if c.is_empty() { "current-passphrase" } else { id }),
        };
        busy.set(true);
        message.set(Some(
            "Checking and making the new key\u{2026} this takes a moment.".into(),
        ));
        spawn_local(async move {
            match state.is_current_passphrase(&c).await {
                Ok(true) => {}
                Ok(false) => {
                    busy.set(false);
                    message.set(None);
                    current_error.set(Some(
                        "That isn't the passphrase Hearth is locked with now. Please try again.".into(),
                    ));
                    focus_id("current-passphrase");
                    return;
                }
                Err(e) => {
                    busy.set(false);
                    answer(
                        state,
                        message,
                        "",
                        format!("The passphrase was not changed: {}.", e.trim_end_matches('.')),
                    );
                    return;
                }
            }
            let settings = state.lock_settings().unwrap_or_default();
            match Sealer::create(&p, settings).await {
                Ok(sealer) => state.reseal(sealer, move |r| {
                    busy.set(false);
                    match r {
                        Ok(()) => {
                            current.set(String::new());
                            new.clear();
                            open.set(false);
                            message.set(Some(
                                "The passphrase is changed. Use the new one from now on.".into(),
                            ));
                            // The form is gone: back to the button that opened it.
                            focus_id_soon("change-passphrase".into());
                        }
                        Err(e) => answer(
                            state,
                            message,
                            "",
                            format!("The passphrase was not changed: {e} The old one still opens your data."),
                        ),
                    }
                }),
                Err(e) => {
                    busy.set(false);
                    answer(
                        state,
                        message,
                        "",
                        format!("The passphrase was not changed: {}.", e.message()),
                    );
                }
            }
        });
    };

    view! {
        <div class="actions">
            <button
                type="button"
                id="change-passphrase"
                aria-expanded=move || open.get().to_string()
                aria-controls="change-passphrase-form"
                on:click=move |_| {
                    open.update(|o| *o = !*o);
                    if open.get_untracked() {
                        // Once the form is drawn.
                        focus_id_soon("current-passphrase".into());
                    }
                }
            >
                "Change the passphrase\u{2026}"
            </button>
        </div>
        <Show when=move || open.get()>
            <form id="change-passphrase-form" class="stack" on:submit=submit novalidate>
                <PassField
                    id="current-passphrase"
                    label="Passphrase you use now"
                    value=current
                    show
                    autocomplete="current-password"
                    error=Signal::derive(move || current_error.get())
                />
                <NewPassphrase new show hint="At least 8 characters." again_label="Type the new one again"/>
                <ShowToggle id="change-show" label="Show the passphrases" show/>
                <div class="actions">
                    <button type="submit" class="button-primary" aria-disabled=move || busy.get().then_some("true")>
                        "Change the passphrase"
                    </button>
                </div>
            </form>
        </Show>
        <p role="status">{move || message.get()}</p>
    }
}

#[component]
fn TurnOff() -> impl IntoView {
    let state = expect_context::<AppState>();
    let confirming = RwSignal::new(false);
    let message = RwSignal::new(None::<String>);
    let turn_off = move |_| {
        state.turn_lock_off(move |r| match r {
            Ok(()) => {
                confirming.set(false);
                state
                    .status
                    .set("The lock is off. Your data is stored unencrypted again.".into());
                set_timeout(|| focus_id("lock-title"), Duration::from_millis(0));
            }
            Err(e) => answer(state, message, "", format!("The lock is still on: {e}")),
        })
    };
    view! {
        <div class="actions">
            <ConfirmToggle open=confirming controls="lock-off-confirm">"Turn off the lock\u{2026}"</ConfirmToggle>
        </div>
        <ConfirmBox
            open=confirming
            id="lock-off-confirm"
            title="Turn off the lock?"
            yes="Yes, turn off the lock"
            keep="Keep it on"
            on_yes=turn_off
        >
            <p>
                "Your data will be stored unencrypted in this browser again, and anyone who opens "
                "Hearth on this device will see it."
            </p>
        </ConfirmBox>
        <p role="status">{move || message.get()}</p>
    }
}

/// Locks again after the chosen time in the background: the time hidden is
/// measured when Hearth comes back (timers are slowed in the background), and
/// a timer also locks it while still hidden, so nothing readable waits there.
pub fn watch_background() {
    let state = expect_context::<AppState>();
    let hidden_at = StoredValue::new(None::<f64>);
    let hidden = || {
        web_sys::window()
            .and_then(|w| w.document())
            .is_some_and(|d| d.visibility_state() == web_sys::VisibilityState::Hidden)
    };
    let limit_ms = move || {
        state
            .lock_settings()
            .and_then(|s| s.relock_after_minutes)
            .map(|m| f64::from(m) * 60_000.0)
    };
    let _ = window_event_listener_untyped("visibilitychange", move |_| {
        if state.lock.get_untracked() != LockPhase::Open {
            hidden_at.set_value(None);
            return;
        }
        let Some(limit) = limit_ms() else { return };
        let now = js_sys::Date::now();
        if hidden() {
            hidden_at.set_value(Some(now));
            set_timeout(
                move || {
                    if hidden()
                        && hidden_at
                            .get_value()
                            .is_some_and(|t| js_sys::Date::now() - t >= limit)
                    {
                        state.lock_now();
                    }
                },
                Duration::from_millis(limit as u64),
            );
        } else if let Some(t) = hidden_at.get_value() {
            hidden_at.set_value(None);
            if now - t >= limit {
                state.lock_now();
            }
        }
    });
}

/// The optional passphrase for a downloaded backup: left empty, the file is
/// plain JSON; filled, it is sealed the same way as the lock (an envelope).
#[component]
pub fn ExportPassphrase(pass: RwSignal<String>) -> impl IntoView {
    let show = RwSignal::new(false);
    view! {
        <PassField
            id="export-passphrase"
            label="Lock the backup file with a passphrase (optional)"
            hint="Leave empty for a plain file. With a passphrase, the file can only be opened in Hearth with it; if it is forgotten, the file cannot be opened."
            value=pass
            show
            autocomplete="new-password"
            error=Signal::derive(|| None::<String>)
        />
        <ShowToggle id="export-show" label="Show the backup file's passphrase" show/>
    }
}

/// Seals a backup's text with a new key for `pass` (a fresh salt).
pub async fn seal_backup(pass: &str, text: &str) -> Result<String, String> {
    let sealer = Sealer::create(pass, LockSettings::default())
        .await
        .map_err(|e| e.message())?;
    sealer.seal(text).await.map_err(|e| e.message())
}

/// The passphrase step for a locked backup file. `on_open` gets the file's
/// text once the passphrase opens it; nothing here changes before that.
#[component]
pub fn OpenSealedBackup(text: String, on_open: Callback<String>) -> impl IntoView {
    let pass = RwSignal::new(String::new());
    let show = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let text = StoredValue::new(text);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let p = pass.get_untracked();
        if p.is_empty() {
            error.set(Some("Please type the backup's passphrase.".into()));
            focus_id("import-passphrase");
            return;
        }
        let env = match crate::store::sealed::parse(&text.get_value()) {
            Ok(env) => env,
            Err(e) => {
                error.set(Some(format!(
                    "This locked backup can't be opened: {}. Nothing here was changed.",
                    e.message()
                )));
                return;
            }
        };
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            let opened = match Sealer::for_envelope(&p, &env).await {
                Ok(s) => s.open(&env).await,
                Err(e) => Err(crate::crypto::OpenError::Crypto(e)),
            };
            busy.set(false);
            match opened {
                // The form may be gone by now (another file chosen, or
                // another page): then nobody waits for this file.
                Ok(plain) => {
                    let _ = on_open.try_run(plain);
                }
                Err(crate::crypto::OpenError::WrongPassphrase) => {
                    error.set(Some(
                        "That passphrase doesn't open this backup. Please check it and try again. Nothing here was changed."
                            .into(),
                    ));
                    focus_id("import-passphrase");
                }
                Err(crate::crypto::OpenError::Damaged) => error.set(Some(
                    "The passphrase is right, but this backup file has been changed or damaged since it was made, \
                     so it can't be opened. Nothing here was changed."
                        .into(),
                )),
                Err(crate::crypto::OpenError::Crypto(e)) => error.set(Some(format!(
                    "This backup couldn't be opened ({}). Nothing here was changed.",
                    e.message()
                ))),
            }
        });
    };
    view! {
        <form class="notice stack" id="import-sealed" on:submit=submit novalidate aria-labelledby="import-sealed-title">
            <h4 id="import-sealed-title">"This backup is locked with a passphrase"</h4>
            <PassField
                id="import-passphrase"
                label="The backup's passphrase"
                value=pass
                show
                autocomplete="current-password"
                error=Signal::derive(move || error.get())
                described_by=Some("import-sealed-title")
            />
            <ShowToggle id="import-show" label="Show the passphrase for this backup" show/>
            <div class="actions">
                <button type="submit" class="button-primary" aria-disabled=move || busy.get().then_some("true")>
                    "Open the backup"
                </button>
            </div>
            <p role="status" class="small">
                {move || busy.get().then_some("Opening\u{2026} this takes a moment.")}
            </p>
        </form>
    }
}
