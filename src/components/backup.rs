//! Backups in Settings: download the JSON backup and the readable Markdown,
//! and import a backup file (checked first, then merged or, after a
//! confirmation, put in place of what is here). Also the gentle reminder
//! shown when the last backup is old. The file format: docs/backup-format.md.

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen_futures::JsFuture;

use super::confirm::{ConfirmBox, ConfirmToggle};
use super::download::{bytes, download, download_pieces};
use super::notices::answer;
use super::page::focus_id;
use super::show::Show;
use crate::domain::backup::{
    count_phrases, import_report, loss_if_replaced, match_partners, names_to_match, reminder_text,
    should_remind, snooze, take_as_said, SNOOZE_DAYS,
};
use crate::domain::document::{Document, SCHEMA};
use crate::domain::markdown;
use crate::state::{now, AppState};
use crate::store::backup::{Backup, ImportError, Inspected, Reading, MAX_BACKUP_BYTES};
use crate::store::codec::{Pieces, PIECE_BYTES};
use crate::tasks::next_task;

thread_local! {
    /// A backup is being written: a second click is told to wait.
    static WRITING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// What a second click hears while the first backup is still being written.
const STILL_WRITING: &str = "A backup is still being written; please wait a moment and try again.";

fn writing() -> bool {
    WRITING.with(std::cell::Cell::get)
}

/// [`WRITING`] for as long as this lives, however the writing ends.
struct Writing;

impl Drop for Writing {
    fn drop(&mut self) {
        WRITING.with(|w| w.set(false));
    }
}

const LOCKED_BEFORE_READY: &str = "Hearth locked before the backup was ready, so it was not downloaded.";

fn didnt_download(e: impl std::fmt::Display) -> String {
    format!("The backup didn't download ({e}). Your data is unchanged; please try again.")
}

/// The backup of the document as it is now, written a piece per task (a
/// decade's 3.4 MB in one go kept the page busy for 60–80 ms), each piece
/// handed to `take` (`dyn`: one copy of this for both callers). Callers
/// check [`writing`] first. An error is a sentence to show.
async fn write_backup(
    state: AppState,
    at: chrono::DateTime<chrono::Utc>,
    take: &mut dyn FnMut(Vec<u8>),
) -> Result<(), String> {
    // Locked in the meantime (Lock now, the relock timer, another window):
    // what is on screen is no longer theirs, and nothing may be downloaded.
    if state.locked() {
        return Err(LOCKED_BEFORE_READY.into());
    }
    WRITING.with(|w| w.set(true));
    let _writing = Writing;
    state.finish_opening();
    let mut pieces = state.doc.with_untracked(|d| Pieces::backup(d, at, PIECE_BYTES));
    for piece in pieces.by_ref() {
        take(piece);
        next_task().await;
    }
    if state.locked() {
        return Err(LOCKED_BEFORE_READY.into());
    }
    if pieces.failed() {
        return Err(didnt_download("part of it could not be written"));
    }
    Ok(())
}

/// The backup's whole text, for sealing with a passphrase.
async fn backup_text(state: AppState, at: chrono::DateTime<chrono::Utc>) -> Result<String, String> {
    let mut all = Vec::new();
    write_backup(state, at, &mut |piece| all.extend_from_slice(&piece)).await?;
    String::from_utf8(all).map_err(|_| didnt_download("part of its text could not be read back"))
}

/// A file's day, as the couple's calendar has it (in Auckland just after
/// midnight, UTC is still on yesterday).
fn file_day(at: chrono::DateTime<chrono::Utc>) -> String {
    crate::domain::dates::ymd(&at.with_timezone(&chrono::Local))
}

/// Downloads the JSON backup and remembers when (for the reminder).
/// Gives the sentence to show.
pub async fn download_backup(state: AppState) -> Result<String, String> {
    if writing() {
        return Err(STILL_WRITING.into());
    }
    let at = now();
    let name = format!("hearth-backup-{}.json", file_day(at));
    let pieces = js_sys::Array::new();
    write_backup(state, at, &mut |piece| {
        pieces.push(&bytes(&piece));
    })
    .await?;
    download_pieces(&name, "application/json", &pieces).map_err(didnt_download)?;
    state.change(|doc, ctx| doc.last_backup_at = Some(ctx.now));
    Ok(format!("Backup saved as {name}. Keep it somewhere private."))
}

/// Checks a chosen file's text a piece per task: a decade's backup (3.4 MB)
/// checked at once kept the page busy for a few hundred milliseconds.
/// `None` once it is no longer `wanted` (another file was chosen, or the
/// page was left): the rest is not read.
async fn check_file(
    text: String,
    bytes: usize,
    wanted: impl Fn() -> bool,
) -> Option<Result<Inspected, ImportError>> {
    let mut reading = Reading::new(text, bytes, PIECE_BYTES);
    // Taking the text from the browser is a task's work of its own for a
    // decade; the first piece (finding the lists) is another.
    next_task().await;
    if !wanted() {
        return None;
    }
    loop {
        if let Some(done) = reading.step() {
            return wanted().then_some(done);
        }
        next_task().await;
        if !wanted() {
            return None;
        }
    }
}

/// A file that passed every check, waiting for Merge or Replace.
#[derive(Clone, Debug, PartialEq)]
struct Chosen {
    name: String,
    backup: Backup,
    /// Made on the other partner's device (names the other way round), and
    /// matched up with this one's.
    crossed: bool,
    /// The file's names when they match this device's in neither order:
    /// the couple says whose entries are whose (`swap`: crossed).
    names: Option<Vec<String>>,
    swap: RwSignal<bool>,
}

impl Chosen {
    /// A file that passed every check. One from the other partner's device
    /// is matched up with this one's names before anything is shown, so a
    /// merge or a replace keeps each person's words with them.
    fn new(state: AppState, name: String, mut backup: Backup) -> Self {
        let (crossed, ask) = state.doc.with_untracked(|here| {
            let crossed = match_partners(here, &mut backup.doc);
            (crossed, names_to_match(here, &backup.doc))
        });
        Chosen {
            name,
            backup,
            crossed,
            swap: RwSignal::new(ask.as_ref().is_some_and(|a| a.1)),
            names: ask.map(|a| a.0),
        }
    }

    /// The file's document to merge, as the couple said to take it.
    fn doc(&self, state: AppState) -> Document {
        let mut doc = self.backup.doc.clone();
        if self.names.is_some() {
            let swap = self.swap.get_untracked();
            state
                .doc
                .with_untracked(|here| take_as_said(here, &mut doc, swap));
        }
        doc
    }
}

#[component]
pub fn Backups() -> impl IntoView {
    let state = expect_context::<AppState>();
    let message = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<String>);
    let offer_download = RwSignal::new(false);
    // What was here before a replace, for putting it back from this page.
    let before_replace = RwSignal::new(None::<Document>);
    let chosen = RwSignal::new(None::<Chosen>);
    // A locked backup: the whole text, for the lock's passphrase step.
    let sealed = RwSignal::new(None::<String>);
    let confirming = RwSignal::new(false);
    // A file is being checked; and which choice of file is the latest (a
    // check that finishes after another file was chosen is dropped).
    let checking = RwSignal::new(false);
    let choice = StoredValue::new(0u32);

    let reset = move || {
        checking.set(false);
        message.set(None);
        error.set(None);
        offer_download.set(false);
        before_replace.set(None);
        chosen.set(None);
        sealed.set(None);
        confirming.set(false);
    };

    // Optional: a passphrase makes the downloaded file a sealed envelope.
    let export_pass = RwSignal::new(String::new());
    let save_json = move |_| {
        let pass = export_pass.get_untracked();
        if pass.is_empty() {
            spawn_local(async move {
                match download_backup(state).await {
                    Ok(m) => message.set(Some(m)),
                    Err(m) => answer(state, message, "", m),
                }
            });
            return;
        }
        if writing() {
            message.set(Some(STILL_WRITING.into()));
            return;
        }
        message.set(Some("Locking the backup\u{2026} this takes a moment.".into()));
        spawn_local(async move {
            let at = now();
            let name = format!("hearth-backup-{}-locked.json", file_day(at));
            let saved = async {
                let text = backup_text(state, at).await?;
                let sealed = super::lock::seal_backup(&pass, &text)
                    .await
                    .map_err(didnt_download)?;
                if state.locked() {
                    return Err(LOCKED_BEFORE_READY.to_string());
                }
                download(&name, "application/json", &sealed).map_err(didnt_download)
            };
            match saved.await {
                Ok(()) => {
                    state.change(|doc, ctx| doc.last_backup_at = Some(ctx.now));
                    export_pass.set(String::new());
                    message.set(Some(format!(
                        "Locked backup saved as {name}. Only its passphrase opens it."
                    )));
                }
                Err(e) => answer(state, message, "", e),
            }
        });
    };
    let save_markdown = move |_| {
        let at = now();
        // The document as it is now (a copy that shares every record).
        let doc = state.doc.get_untracked();
        let name = format!("hearth-our-words-{}.md", file_day(at));
        spawn_local(async move {
            // Written a part per task and handed to the browser in one of
            // its own: with ten years, all of it was one task of 50–70 ms.
            let mut text = String::new();
            for part in 0..markdown::PARTS {
                text.push_str(&markdown::render_part(
                    &doc,
                    at,
                    &crate::state::local_offset,
                    part,
                ));
                next_task().await;
            }
            message.set(Some(match download(&name, "text/markdown", &text) {
                Ok(()) => {
                    format!(
                        "Your words saved as {name}, readable in any text editor. Keep it somewhere private."
                    )
                }
                Err(e) => {
                    format!("The file didn't download ({e}). Your data is unchanged; please try again.")
                }
            }));
        });
    };

    let on_file = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        let Some(file) = input.files().and_then(|f| f.get(0)) else {
            return;
        };
        reset();
        choice.update_value(|c| *c += 1);
        let this_choice = choice.get_value();
        let name = file.name();
        let size = file.size().max(0.0) as usize;
        // Cleared so that choosing the same file again (after fixing it) works.
        input.set_value("");
        if size > MAX_BACKUP_BYTES {
            error.set(Some(ImportError::TooLarge { bytes: size }.message()));
            return;
        }
        checking.set(true);
        spawn_local(async move {
            let text = match JsFuture::from(file.text()).await {
                Ok(v) => v.as_string(),
                Err(_) => None,
            };
            // Another file chosen meanwhile, or the page left (then the
            // value is gone, and so is everything this would show).
            let wanted = move || choice.try_get_value() == Some(this_choice);
            let checked = match text {
                Some(text) => match check_file(text, size, wanted).await {
                    Some(checked) => Some(checked),
                    None => return,
                },
                None => None,
            };
            if !wanted() {
                return;
            }
            checking.set(false);
            let Some(checked) = checked else {
                error.set(Some(
                    "Hearth couldn't read this file from your device. Try choosing it again. Nothing here was changed."
                        .into(),
                ));
                return;
            };
            match checked {
                Ok(Inspected::Ready(backup)) => {
                    chosen.set(Some(Chosen::new(state, name, backup)));
                    request_animation_frame(|| focus_id("import-preview-title"));
                }
                // The passphrase lock opens these; until then, say so, and
                // take the keyboard to the one thing left to do.
                Ok(Inspected::Sealed(text)) => {
                    sealed.set(Some(text));
                    request_animation_frame(|| focus_id("import-passphrase"));
                }
                Err(e) => error.set(Some(e.message())),
            }
        });
    };

    let show_result = move |text: String| {
        chosen.set(None);
        confirming.set(false);
        message.set(Some(text));
        request_animation_frame(|| focus_id("import-result"));
    };

    let merge_in = move |_| {
        let Some(c) = chosen.get_untracked() else { return };
        let before = state.doc.get_untracked();
        state.import_merge(&c.doc(state), move |r| match r {
            Ok(after) => show_result(import_report(&before, &after)),
            Err(msg) => answer(state, error, "", format!("The backup was not merged. {msg}")),
        });
    };

    let replace = move |_| {
        let Some(c) = chosen.get_untracked() else { return };
        let before = state.doc.get_untracked();
        let incoming = c.backup.doc.clone();
        state.import_replace(
            &c.backup.doc,
            Box::new(move |r| match r {
                Ok(_) => {
                    show_result(format!(
                        "{} A copy of what was here before is kept in this browser: to put it back, use the button below before you leave this page.",
                        import_report(&before, &incoming)
                    ));
                    before_replace.set(Some(before));
                }
                Err((msg, no_copy)) => {
                    confirming.set(false);
                    offer_download.set(no_copy);
                    answer(state, error, "The backup was not put in place.", msg);
                }
            }),
        );
    };

    // A replace undone the same way it was done: the backup brought in is
    // kept as a copy in its turn, so neither side is ever lost.
    let put_back = move |_| {
        let Some(before) = before_replace.get_untracked() else {
            return;
        };
        error.set(None);
        state.import_replace(&before, Box::new(move |r| match r {
            Ok(_) => {
                before_replace.set(None);
                show_result(
                    "What was here before the replace is back. The backup you brought in is kept in this browser as a copy."
                        .into(),
                );
            }
            Err((msg, no_copy)) => {
                offer_download.set(no_copy);
                answer(state, error, "", format!("What was here before is not back yet. {msg}"));
            }
        }));
    };

    let rescue = move |_| {
        spawn_local(async move {
            match download_backup(state).await {
                Ok(m) => message.set(Some(m)),
                Err(e) => error.set(Some(e)),
            }
        })
    };

    view! {
        <section aria-labelledby="backups-title">
            <h2 id="backups-title">"Backups"</h2>
            <div class="card stack">
                <p>
                    "A backup file keeps everything safe if this browser's data is ever cleared, "
                    "and moves it to another browser or device. It holds everything, private entries too: whoever brings it into their Hearth can read them, so keep it somewhere private."
                </p>
                <super::lock::ExportPassphrase pass=export_pass/>
                <div class="actions">
                    <button type="button" on:click=save_json>"Download a backup"</button>
                    <button type="button" on:click=save_markdown>"Download our words (Markdown)"</button>
                </div>
                <p class="small">
                    "The backup (.json) can be brought back into Hearth. \u{201c}Our words\u{201d} (.md) is for reading: "
                    "your check-ins, conversations, gestures and shared appreciations, without anything still private to one of you. "
                    "For a few weeks on one page to print, make "
                    <a href=super::links::href("/summary")>"a summary to bring along"</a>
                    "."
                </p>
                <p id="import-result" tabindex="-1" role="status">{move || message.get()}</p>
                <Show when=move || before_replace.with(Option::is_some)>
                    <button type="button" id="put-back" on:click=put_back>"Put back what was here before"</button>
                </Show>

                <h3 id="import-title">"Bring back a backup"</h3>
                <div class="field">
                    <label for="import-file">"Choose a backup file"</label>
                    <p class="hint" id="import-hint">
                        "A .json file made with \u{201c}Download a backup\u{201d}. Hearth checks it first; nothing here changes until you choose Merge or Replace."
                    </p>
                    <input
                        type="file"
                        id="import-file"
                        accept=".json,application/json"
                        aria-describedby="import-hint"
                        on:change=on_file
                    />
                    <p class="hint checking" role="status">
                        {move || checking.get().then_some("Checking the file\u{2026}")}
                    </p>
                </div>
                <div role="alert">
                    {move || error.get().map(|e| view! {
                        <div class="notice notice-warn" id="import-error">
                            <p>{e}</p>
                            <Show when=move || offer_download.get()>
                                <button type="button" on:click=rescue>"Download a backup of what is here"</button>
                            </Show>
                        </div>
                    })}
                </div>
                {move || sealed.get().map(|text| {
                    let on_open = Callback::new(move |plain: String| {
                        let Some(this_choice) = choice.try_get_value() else { return };
                        checking.set(true);
                        spawn_local(async move {
                            let wanted = move || choice.try_get_value() == Some(this_choice);
                            let Some(checked) = check_file(plain, 0, wanted).await else {
                                return;
                            };
                            checking.set(false);
                            match checked {
                                Ok(Inspected::Ready(backup)) => {
                                    sealed.set(None);
                                    chosen.set(Some(Chosen::new(state, "the locked backup".into(), backup)));
                                    request_animation_frame(|| focus_id("import-preview-title"));
                                }
                                Ok(Inspected::Sealed(_)) => error.set(Some(
                                    "Inside the locked backup is another locked one, which Hearth doesn't make. Nothing here was changed.".into(),
                                )),
                                Err(e) => error.set(Some(e.message())),
                            }
                        });
                    });
                    view! { <super::lock::OpenSealedBackup text on_open/> }
                })}
                {move || chosen.get().map(|c| {
                    let doc = &c.backup.doc;
                    let mut holds = Vec::new();
                    if let Some(couple) = &doc.couple {
                        holds.push(format!("your names ({})", couple.names()));
                    }
                    holds.extend(count_phrases(doc));
                    let made = match c.backup.exported_at {
                        Some(at) => {
                            // In this device's time, as every other time in Hearth.
                            let at = at.with_timezone(&chrono::Local);
                            format!("Made on {} at {}.", crate::domain::dates::day_month_year(&at), crate::domain::dates::hm(&at))
                        }
                        None => "Saved Hearth data, not a backup file, so it doesn't say when it was made.".into(),
                    };
                    let older = (c.backup.from_schema < SCHEMA).then_some(
                        "It was made by an earlier Hearth; it will be brought up to date as it comes in.",
                    );
                    let loss = state.doc.with_untracked(|here| loss_if_replaced(here, doc));
                    // Names that differ stay as they are here (asked below).
                    let goes = c.names.is_none().then(|| state.doc.with_untracked(|here| crate::domain::merge::partner_it_takes_off(here, doc))).flatten();
                    let lost = loss.phrases();
                    view! {
                        <section class="notice stack" aria-labelledby="import-preview-title">
                            <h3 id="import-preview-title" tabindex="-1">
                                {format!("In \u{201c}{}\u{201d}", c.name)}
                            </h3>
                            <p>{made}</p>
                            {goes.map(|p| view! {
                                <p id="import-partner">
                                    {format!("This file is the newer one, and in it one partner uses Hearth alone: a merge takes {p}\u{2019}s name off here. What {p} wrote stays saved, out of sight, until you add a partner in Settings.")}
                                </p>
                            })}
                            {c.crossed.then(|| {
                                let maker = doc.couple.as_ref().and_then(|c| c.b.as_ref()).map(|b| b.name.clone()).unwrap_or_default();
                                view! {
                                    <p id="import-crossed">
                                        {format!("It was made on {maker}'s device, where your names are in the other order. Hearth keeps each person's entries with them.")}
                                    </p>
                                }
                            })}
                            {c.names.clone().map(|names| {
                                let swap = c.swap;
                                let (a, b) = untrack(|| (state.name(crate::domain::Author::A), state.name(crate::domain::Author::B)));
                                let hint = format!("The names in this file ({}) are not the ones here ({a} & {b}). For a merge, say whose entries are whose; the names here stay. A replace takes the file as it is.", names.join(" & "));
                                let said = move |crossed: bool| {
                                    let (x, y) = if crossed { (&b, &a) } else { (&a, &b) };
                                    match names.get(1) {
                                        Some(second) => format!("{}\u{2019}s entries are {x}\u{2019}s, and {second}\u{2019}s are {y}\u{2019}s", names[0]),
                                        None => format!("{}\u{2019}s entries are {x}\u{2019}s", names[0]),
                                    }
                                };
                                let option = move |crossed: bool, id: &'static str| view! {
                                    <div class="check">
                                        <input type="radio" id=id name="import-names" prop:checked=move || swap.get() == crossed on:change=move |_| swap.set(crossed)/>
                                        <label for=id>{said(crossed)}</label>
                                    </div>
                                };
                                view! {
                                    <fieldset id="import-names" aria-describedby="import-names-hint">
                                        <legend>"Whose entries are whose?"</legend>
                                        <p class="small" id="import-names-hint">{hint}</p>
                                        {option(false, "import-names-kept")}
                                        {option(true, "import-names-crossed")}
                                    </fieldset>
                                }
                            })}
                            {if holds.is_empty() {
                                view! { <p>"It holds nothing yet: no names, check-ins or other records."</p> }.into_any()
                            } else {
                                view! {
                                    <p>"It holds:"</p>
                                    <ul id="import-holds">{holds.into_iter().map(|h| view! { <li>{h}</li> }).collect_view()}</ul>
                                }.into_any()
                            }}
                            {older.map(|o| view! { <p class="small">{o}</p> })}
                            <p class="small">
                                "Merge combines both: what is new in the file is added, and where both have the same entry, the more recent change wins (an edit or a deletion alike). "
                                "Replace makes Hearth exactly like the file."
                            </p>
                            <div class="actions">
                                <button type="button" class="button-primary" on:click=merge_in>"Merge into what is here"</button>
                                <ConfirmToggle open=confirming controls="replace-confirm">
                                    "Replace what is here\u{2026}"
                                </ConfirmToggle>
                                <button type="button" class="button-quiet" on:click=move |_| {
                                    reset();
                                    // The preview goes with its button: back to the file.
                                    focus_id("import-file");
                                }>"Cancel"</button>
                            </div>
                            <ConfirmBox
                                open=confirming
                                id="replace-confirm"
                                title="Replace what is here with this backup?"
                                level=4
                                yes="Yes, replace"
                                keep="Keep what is here"
                                on_yes=replace
                            >
                                {if lost.is_empty() {
                                    view! { <p>"Everything here is also in the file, so nothing here will be lost."</p> }.into_any()
                                } else {
                                    view! {
                                        <p>"These are here now but not in the file, so they would go:"</p>
                                        <ul id="replace-loss">{lost.clone().into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}</ul>
                                    }.into_any()
                                }}
                                <p>"Before replacing, Hearth keeps a copy of what is here now in this browser."</p>
                            </ConfirmBox>
                        </section>
                    }
                })}
            </div>
        </section>
    }
}

/// The gentle reminder: only when there is something to lose and the last
/// backup is 30 days old (or never made), and not after "Not now". Either
/// button leaves a short thank-you in its place (focused, so it is heard)
/// until the couple moves on.
#[component]
pub fn BackupReminder() -> impl IntoView {
    let state = expect_context::<AppState>();
    let show = Memo::new(move |_| state.doc.with(|d| should_remind(d, state.now())));
    let failed = RwSignal::new(None::<String>);
    let done = RwSignal::new(None::<String>);
    let finish = move |text: String| {
        // The thank-you takes the buttons' place: focus follows it, unless
        // the couple moved on while the backup was being written.
        let here = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.active_element())
            .is_none_or(|a| a.tag_name() == "BODY" || a.closest("#backup-reminder").ok().flatten().is_some());
        done.set(Some(text));
        if here {
            request_animation_frame(|| focus_id("reminder-done"));
        }
    };
    let save = move |_| {
        spawn_local(async move {
            match download_backup(state).await {
                Ok(m) => finish(m),
                Err(e) => failed.set(Some(e)),
            }
        })
    };
    let later = move |_| {
        state.change(|doc, ctx| snooze(doc, ctx.now));
        finish(format!("Of course. Hearth will ask again in {SNOOZE_DAYS} days."));
    };
    view! {
        <Show when=move || show.get() || done.with(Option::is_some)>
            <section class="notice stack" aria-labelledby="reminder-title" id="backup-reminder">
                <h2 id="reminder-title">"Keep a copy of your words"</h2>
                {move || match done.get() {
                    Some(text) => view! { <p id="reminder-done" tabindex="-1">{text}</p> }.into_any(),
                    None => view! {
                        <p>{move || state.doc.with(|d| reminder_text(d, state.now()))}</p>
                        <div class="actions">
                            <button type="button" class="button-primary" on:click=save>"Download a backup"</button>
                            <button type="button" class="button-quiet" on:click=later>"Not now"</button>
                        </div>
                        <p role="status">{move || failed.get()}</p>
                    }
                    .into_any(),
                }}
            </section>
        </Show>
    }
}
