//! The one app-level store: the couple's document in a signal, the vault that
//! saves it, and what the couple must be told. Created once in `App` (signals
//! made inside a route would be disposed on navigation) and handed to every
//! page through context.
//!
//! Data flow: a page calls [`AppState::change`] with a pure domain function →
//! the function edits a copy of the document → the vault saves it (verified) →
//! the signal is set and the views follow.

use chrono::{DateTime, Utc};
use leptos::prelude::*;

use crate::crypto::Sealer;
use crate::domain::merge::merge;
use crate::domain::{Author, Ctx, Document};
use crate::store::browser::BrowserStorage;
use crate::store::vault::{Absorbed, Opened, SaveError, StorageError};
use crate::store::{sealed, Notice, ReplaceError, Vault, DOC_KEY};

mod lock;
use lock::Writer;
pub use lock::{LockPhase, UnlockError, CHANGED_ELSEWHERE, LOCKED_ELSEWHERE};

#[derive(Clone, Copy)]
pub struct AppState {
    pub doc: RwSignal<Document>,
    /// The names as saved (A, B, both), apart from the document: text built
    /// from a name follows a rename without redrawing on every other change.
    names: [Memo<String>; 3],
    /// Things about the saved data the couple should know (damaged, newer…).
    pub notices: RwSignal<Vec<Notice>>,
    /// The last save that failed, worded for people; cleared by the next
    /// successful save or by dismissing it.
    pub save_error: RwSignal<Option<String>>,
    /// A short, polite status line for screen readers ("Saved.").
    pub status: RwSignal<String>,
    /// Whether the passphrase lock is off, locked (the lock screen shows
    /// and nothing of the couple's is in memory) or open.
    pub lock: RwSignal<LockPhase>,
    /// The whole document is here, not only Home's parts: every other page
    /// waits for this (app.rs).
    pub whole: RwSignal<bool>,
    /// A page is waiting for the rest: read it in longer slices.
    hurry: StoredValue<bool>,
    vault: StoredValue<Option<Vault<BrowserStorage>>, LocalStorage>,
    /// The key while the lock is on and open (never the passphrase).
    sealer: StoredValue<Option<Sealer>, LocalStorage>,
    /// Saves that must wait for WebCrypto, one after the other.
    writer: StoredValue<Writer, LocalStorage>,
    /// Time moved on: a minute passed, or the app came back to the screen.
    clock: Trigger,
    /// A change made on purpose waits to be said "Saved." once it is in
    /// storage; what is kept as it is typed (a draft) says nothing.
    say_saved: StoredValue<bool>,
    /// Words typed into a form and not saved yet, by field
    /// ([`AppState::unsent`]).
    unsent: StoredValue<Unsent>,
    /// A change is shown but the browser would not store it (full):
    /// tried again until it is ([`AppState::retry_save`]), and no page
    /// says it is saved meanwhile.
    pub unstored: RwSignal<bool>,
}

/// Each field's name and its words not saved yet.
type Unsent = Vec<(String, String)>;

/// How long one slice of idle reading may run (a long task is over 50 ms).
const IDLE_SLICE_MS: f64 = 8.0;
/// The same while a page waits for the rest: fewer, longer slices finish
/// sooner. Well under 50 ms, as the last batch of parts may run past it (a
/// 35 ms budget was seen to end at 50 ms, on code not compiled yet); the
/// join and the page come in a task after.
const HURRY_SLICE_MS: f64 = 25.0;

/// Hears whether one change reached storage ([`AppState::change_then`]).
type Written = Box<dyn FnOnce(bool)>;

/// Hears how a replace went: the copy's key, or why not and whether the
/// copy itself failed.
pub type Replaced = Box<dyn FnOnce(Result<String, (String, bool)>)>;

const NO_STORAGE: &str = "This browser won't let Hearth save, so nothing was brought in.";

pub fn now() -> DateTime<Utc> {
    Utc::now()
}

/// This browser's offset from UTC at a moment (daylight saving included):
/// what the domain's weeks and months are counted in.
pub fn local_offset(t: DateTime<Utc>) -> chrono::FixedOffset {
    chrono::Offset::fix(t.with_timezone(&chrono::Local).offset())
}

/// 16 random bytes from the browser's CSPRNG.
pub fn random_bytes() -> [u8; 16] {
    let mut out = [0u8; 16];
    let filled = web_sys::window()
        .and_then(|w| w.crypto().ok())
        .map(|c| c.get_random_values_with_u8_array(&mut out).is_ok())
        .unwrap_or(false);
    if !filled {
        // No WebCrypto (very old browser): ids need only be unique, not secret.
        for (i, b) in out.iter_mut().enumerate() {
            *b = (js_sys::Math::random() * 256.0) as u8 ^ (i as u8);
        }
    }
    out
}

impl AppState {
    /// Opens the saved data (never panicking: storage may be blocked).
    /// When the saved text is sealed, nothing is read: the lock screen asks
    /// for the passphrase first ([`AppState::unlock`]).
    pub fn open() -> Self {
        let mut phase = LockPhase::Off;
        let (vault, doc, notices) = match BrowserStorage::open() {
            Ok(storage) => match Vault::peek(&storage) {
                Ok(Some(raw)) if sealed::is_sealed(&raw) => match sealed::parse(&raw) {
                    Ok(_) => {
                        phase = LockPhase::Locked;
                        (Some(Vault::unopened(storage)), Document::default(), Vec::new())
                    }
                    Err(e) => {
                        let Opened { vault, doc, notices } =
                            Vault::open_unsealed(storage, now(), Some(raw), Err(e.message()));
                        (Some(vault), doc, notices)
                    }
                },
                _ => {
                    // Home's parts first; the rest is read when the browser
                    // is idle, or at once when something needs it.
                    let Opened { vault, doc, notices } =
                        crate::perf::measure("hearth:open", || Vault::open_today(storage, now()));
                    (Some(vault), doc, notices)
                }
            },
            Err(reason) => (None, Document::default(), vec![Notice::Unavailable { reason }]),
        };
        let opening = vault.as_ref().is_some_and(|v| v.opening());
        let doc = RwSignal::new(doc);
        // One memo per name, of a type the pages already use (a smaller wasm).
        let names = [Author::A, Author::B, Author::Both].map(|p| {
            Memo::new(move |_| doc.with(|d| d.couple.as_ref().map(|c| c.name_of(p)).unwrap_or_default()))
        });
        let state = AppState {
            doc,
            names,
            notices: RwSignal::new(notices),
            save_error: RwSignal::new(None),
            status: RwSignal::new(String::new()),
            lock: RwSignal::new(phase),
            whole: RwSignal::new(!opening),
            hurry: StoredValue::new(false),
            vault: StoredValue::new_local(vault),
            sealer: StoredValue::new_local(None),
            writer: StoredValue::new_local(Writer::default()),
            clock: Trigger::new(),
            say_saved: StoredValue::new(false),
            unstored: RwSignal::new(false),
            // What this tab kept before a reload (only ever with the lock
            // off). Locked now (turned on in another window while this tab
            // slept), the copy in the clear goes unread.
            unsent: StoredValue::new(if phase == LockPhase::Off {
                crate::store::browser::unsent::read()
            } else {
                crate::store::browser::unsent::write(&[]);
                Vec::new()
            }),
        };
        if opening {
            // After the first frame is painted (at once in a background tab,
            // where no frame comes), a few parts at a time, so no task runs
            // long.
            crate::components::page::after_next_frame(move || state.read_in_idle());
        }
        state
    }

    /// A partner's name as saved, tracked: text built from it follows a
    /// rename, this window's or another's, and only a rename.
    /// One partner uses Hearth alone for now. Read untracked: pages decide
    /// their shape from it once, when they are built.
    pub fn solo(&self) -> bool {
        self.doc
            .with_untracked(|d| d.couple.as_ref().is_some_and(|c| c.is_solo()))
    }

    pub fn name(&self, who: Author) -> String {
        let i = match who {
            Author::A => 0,
            Author::B => 1,
            Author::Both => 2,
        };
        self.names[i].get()
    }

    /// `who` in a sentence, by the pronouns they gave ([`Couple::pronoun`]):
    /// the subject's word, or with `object` the object's.
    ///
    /// [`Couple::pronoun`]: crate::domain::couple::Couple::pronoun
    pub fn pronoun(&self, who: Author, object: bool) -> String {
        self.doc
            .with(|d| d.couple.as_ref().map(|c| c.pronoun(who, object)))
            .unwrap_or_else(|| if object { "them" } else { "they" }.into())
    }

    /// The time now, tracked: what is built from it is asked again each
    /// minute and when the app comes back to the screen, so "Coming up" and
    /// "today" stay true in an app left open for days.
    pub fn now(&self) -> DateTime<Utc> {
        self.clock.track();
        now()
    }

    /// Keeps [`AppState::now`] moving.
    pub fn keep_time(self) {
        let _ = set_interval_with_handle(move || self.clock.notify(), std::time::Duration::from_secs(60));
        let _ = window_event_listener_untyped("visibilitychange", move |_| self.clock.notify());
    }

    /// A change shown but not stored is tried again when the page is
    /// hidden or left (there may be room by then: a phone may never bring
    /// the tab back), and while it still is not stored, leaving asks first.
    pub fn guard_unstored(self) {
        // One handler for the three (one copy of it in the wasm).
        for event in ["visibilitychange", "pagehide", "beforeunload"] {
            let _ = window_event_listener_untyped(event, move |ev| {
                // Only as the page goes out of sight, not as it comes back.
                let showing = ev.type_() == "visibilitychange" && !document().hidden();
                // (Only "beforeunload" can be cancelled: it asks first.)
                if !showing && self.retry_save() {
                    ev.prevent_default();
                }
            });
        }
    }

    /// Stores again a change that is shown but was refused (storage full),
    /// with no new change needed: the vault still knows which parts it
    /// could not write. Returns whether something is still not stored.
    pub fn retry_save(&self) -> bool {
        if self.unstored.get_untracked() && !self.locked() {
            self.commit(self.doc.get_untracked(), None, false);
        }
        self.unstored.get_untracked()
    }

    /// Nothing shown waits to be stored (saved, or gone): no message about
    /// it, nothing to try again.
    fn settled(&self) {
        self.save_error.set(None);
        self.unstored.set(false);
    }

    /// The words of a form's field until they are saved. They are kept while
    /// the app is open, so another page and back loses none of them, and,
    /// with the lock off, in this tab's session storage, so a reload or a
    /// phone dropping the tab does not either. Emptying the signal (after a
    /// save) forgets them. With the lock on they stay in memory only, and
    /// go when Hearth locks: nothing of the couple's is kept while locked.
    pub fn unsent(&self, field: String) -> RwSignal<String> {
        let kept = self.kept(&field);
        let text = RwSignal::new(kept);
        let state = *self;
        Effect::new(move |first: Option<()>| {
            let now = text.get();
            if first.is_some() {
                state.keep_unsent(&field, now);
            }
        });
        text
    }

    /// A whole form kept the same way, for one that is opened on something
    /// (a plan, an answer) and so must come back open: `open` reads its
    /// fields while it is open and gives `None` once it is closed, which
    /// forgets them. Returns the fields kept from before, to open it with.
    pub fn unsent_form(
        &self,
        field: String,
        open: Box<dyn Fn() -> Option<Vec<String>>>,
    ) -> Option<Vec<String>> {
        // Fields joined by the unit separator, taken out of the words (so a
        // form has two fields or more: one empty field reads as closed).
        const SEP: &str = "\u{1f}";
        let kept = self.kept(&field);
        let fields = (!kept.is_empty()).then(|| kept.split(SEP).map(str::to_owned).collect());
        let state = *self;
        Effect::new(move |before: Option<String>| {
            let now = open()
                .map(|f| f.iter().map(|s| s.replace(SEP, "")).collect::<Vec<_>>().join(SEP))
                .unwrap_or_default();
            if now != *before.as_ref().unwrap_or(&kept) {
                state.keep_unsent(&field, now.clone());
            }
            now
        });
        fields
    }

    /// A field's words kept so far ("" if none).
    pub fn kept(&self, field: &str) -> String {
        self.unsent
            .with_value(|u| u.iter().find(|(k, _)| k == field).map(|(_, v)| v.clone()))
            .unwrap_or_default()
    }

    /// Forgets a field's words once they are saved, at once: for a form
    /// that goes with its save (the signal's own update would come too late).
    pub fn sent(&self, field: &str) {
        self.keep_unsent(field, String::new());
    }

    /// Forgets the kept words of every field `stale` names: a page that
    /// knows its own fields clears those of things done in another window
    /// while it was not open (its items' cleanups never ran for them).
    pub fn forget_unsent_where(&self, stale: &dyn Fn(&str) -> bool) {
        if self.unsent.with_value(|u| u.iter().any(|(k, _)| stale(k))) {
            self.edit_unsent(&mut |u| u.retain(|(k, _)| !stale(k)));
        }
    }

    fn keep_unsent(&self, field: &str, mut text: String) {
        self.edit_unsent(&mut |u| {
            u.retain(|(k, _)| k != field);
            if !text.is_empty() {
                u.push((field.to_owned(), std::mem::take(&mut text)));
            }
        });
    }

    /// Changes the kept words, then stores them.
    fn edit_unsent(&self, edit: &mut dyn FnMut(&mut Unsent)) {
        self.unsent.update_value(|u| {
            edit(u);
            // In the clear only while there is no lock, nor one being
            // turned on (the key is here before the phase says so).
            if self.lock.get_untracked() == LockPhase::Off && self.sealer.with_value(Option::is_none) {
                crate::store::browser::unsent::write(u);
            }
        });
    }

    /// Forgets every form's unsaved words: Hearth locked, the lock turned
    /// on (the session's copy was in the clear), everything deleted.
    pub(crate) fn forget_unsent(&self) {
        self.unsent.set_value(Vec::new());
        crate::store::browser::unsent::write(&[]);
    }

    /// Says "Saved." for a change made on purpose, now in storage. The line
    /// is emptied first and filled a moment later, so a second save is
    /// heard too (the same words set again are not announced).
    fn said_saved(&self) {
        if self.say_saved.get_value() {
            self.say_saved.set_value(false);
            let status = self.status;
            status.set(String::new());
            // Long enough for the empty line to reach the screen reader.
            set_timeout(
                move || {
                    // Unless something else was said meanwhile.
                    if status.with_untracked(String::is_empty) {
                        status.set("Saved.".into());
                    }
                },
                std::time::Duration::from_millis(100),
            );
        }
    }

    fn opening(&self) -> bool {
        self.vault.with_value(|v| v.as_ref().is_some_and(|v| v.opening()))
    }

    fn read_in_idle(self) {
        set_timeout(
            move || {
                let left = self
                    .vault
                    .with_value(|v| v.as_ref().filter(|v| v.opening()).map_or(0, |v| v.left_to_read()));
                if left == 0 {
                    // All read by the slice before, so joining it and the
                    // page waiting for it get a task of their own; or the
                    // opening ended some other way.
                    self.finish_opening();
                    return;
                }
                let started = crate::perf::now();
                let slice = if self.hurry.get_value() {
                    HURRY_SLICE_MS
                } else {
                    IDLE_SLICE_MS
                };
                let mut notices = Vec::new();
                self.vault.update_value(|v| {
                    if let Some(v) = v.as_mut() {
                        while v.left_to_read() > 0 && crate::perf::now() - started < slice {
                            notices.extend(v.read_more(4, now()));
                        }
                    }
                });
                self.tell(notices);
                self.read_in_idle();
            },
            std::time::Duration::ZERO,
        );
    }

    /// Makes the document whole (see [`Vault::open_today`]): every save,
    /// export and import calls this first; every page but Home waits for it
    /// (`whole`). Nothing to do once done.
    pub fn finish_opening(&self) {
        if self.opening() {
            let mut notices = Vec::new();
            crate::perf::measure("hearth:finish-opening", || {
                self.doc.update(|doc| {
                    self.vault.update_value(|v| {
                        if let Some(v) = v.as_mut() {
                            notices = v.finish_opening(doc, now());
                        }
                    });
                });
            });
            self.tell(notices);
        }
        // Once only: setting it again would build the waiting pages again.
        if !self.whole.get_untracked() {
            self.whole.set(true);
        }
    }

    /// A page waits for the whole document: the reading goes on in its own
    /// slices (no long task), but longer ones.
    pub fn hurry(&self) {
        self.hurry.set_value(true);
    }

    fn tell(&self, notices: Vec<Notice>) {
        if !notices.is_empty() {
            self.notices.update(|n| n.extend(notices));
        }
    }

    /// Applies a change made by a pure domain function and saves it. The
    /// change stays on screen even when saving fails, with a clear message;
    /// nothing saved before is touched.
    pub fn change<R>(&self, f: impl FnOnce(&mut Document, &mut Ctx) -> R) -> R {
        self.change_with(f, None, true)
    }

    /// [`AppState::change`] for words and choices kept as they are made (a
    /// draft): saved the same way, but a screen reader is not told "Saved."
    /// at every pause in typing.
    pub fn keep<R>(&self, f: impl FnOnce(&mut Document, &mut Ctx) -> R) -> R {
        self.change_with(f, None, false)
    }

    /// [`AppState::change`] for a change the domain may refuse (a form's
    /// words checked): refused, nothing is saved, nor said to be.
    pub fn try_change<R, E>(&self, f: impl FnOnce(&mut Document, &mut Ctx) -> Result<R, E>) -> Result<R, E> {
        self.finish_opening();
        let mut rng = random_bytes;
        let mut ctx = Ctx::new(now(), &mut rng);
        let mut next = self.doc.get_untracked();
        let result = f(&mut next, &mut ctx)?;
        self.commit(next, None, true);
        Ok(result)
    }

    /// [`AppState::change`], and `written` hears whether this very change
    /// is in storage: at once, or (lock on) once its sealed text is written.
    pub fn change_then<R>(
        &self,
        f: impl FnOnce(&mut Document, &mut Ctx) -> R,
        written: impl FnOnce(bool) + 'static,
    ) -> R {
        self.change_with(f, Some(Box::new(written)), true)
    }

    fn change_with<R>(
        &self,
        f: impl FnOnce(&mut Document, &mut Ctx) -> R,
        written: Option<Written>,
        say: bool,
    ) -> R {
        self.finish_opening();
        let mut rng = random_bytes;
        let mut ctx = Ctx::new(now(), &mut rng);
        let mut next = self.doc.get_untracked();
        let result = f(&mut next, &mut ctx);
        self.commit(next, written, say);
        result
    }

    /// Shows and saves `next`; `say`: a change made on purpose, to be said
    /// "Saved." once in storage.
    fn commit(&self, next: Document, written: Option<Written>, say: bool) {
        if say {
            self.say_saved.set_value(true);
        }
        let tell = |written: Option<Written>, ok: bool| {
            if let Some(w) = written {
                w(ok)
            }
        };
        // Locked, the document on screen is empty and there is no key: a
        // change that arrives now (a backup finishing after "Lock now") would
        // be saved in the clear over the sealed text. It is dropped instead.
        if self.locked() {
            self.say_saved.set_value(false);
            return tell(written, false);
        }
        // With the lock on (or a sealed save still running), saving waits
        // for WebCrypto: the change shows at once and is written in order.
        if self.sealed_or_busy() {
            self.doc.set(next.clone());
            self.enqueue_save(next, written);
            return;
        }
        // Only the parts that differ from what is on screen (as saved) are
        // written: `before` is borrowed, not cloned.
        let saved = crate::perf::measure("hearth:save", || {
            self.doc.with_untracked(|before| {
                self.vault.try_update_value(|v| match v {
                    Some(v) => v.save_change(before, &next).map_err(Some),
                    None => Err(None),
                })
            })
        });
        match saved {
            Some(Ok(merged)) => {
                self.doc.set(merged.unwrap_or(next));
                self.settled();
                self.said_saved();
                tell(written, true);
            }
            // Not saved: nothing to say (the message is shown instead), and
            // no later draft's save may say it either.
            Some(Err(e)) => {
                self.say_saved.set_value(false);
                self.unstored.set(e.as_ref().is_some_and(SaveError::retriable));
                self.doc.set(next.clone());
                self.save_error.set(Some(e.as_ref().map_or_else(
                    || "This browser won't let Hearth save, so this change lasts only until the tab is closed.".into(),
                    SaveError::message,
                )));
                tell(written, false);
                // Refused for what another window did, found before its
                // storage event (which a page restored from the back-forward
                // cache never hears): this window does what that event would.
                match e {
                    Some(SaveError::DeletedElsewhere) => {
                        let outcome = self
                            .vault
                            .try_update_value(|v| v.as_mut().map(|v| v.absorb(&next, None)));
                        self.apply_absorbed(&next, outcome.flatten());
                    }
                    Some(SaveError::NewerElsewhere { schema }) => {
                        self.apply_absorbed(&next, Some(Absorbed::NewerElsewhere { schema }))
                    }
                    _ => {}
                }
            }
            None => {
                self.say_saved.set_value(false);
                self.doc.set(next)
            }
        }
    }

    /// Merges an imported backup into what is here and saves it. Nothing is
    /// changed (on screen or saved) unless the save succeeds. `done` hears
    /// of it in a later task (with the lock on, once the sealed save ends).
    pub fn import_merge(&self, incoming: &Document, done: impl FnOnce(Result<Document, String>) + 'static) {
        if self.locked() {
            return done(Err(lock::LOCKED_MEANWHILE.into()));
        }
        self.finish_opening();
        let before = self.doc.get_untracked();
        let merged = merge(&before, incoming);
        // Saving it and showing what it changed get a task of their own:
        // with ten years, all of it in one task took more than 50 ms.
        let state = *self;
        set_timeout(
            move || {
                if state.locked() {
                    return done(Err(lock::LOCKED_MEANWHILE.into()));
                }
                // A change that came in meanwhile (another window's) joins
                // in: merging gives the same whichever side comes first.
                let merged = state.doc.with_untracked(|now| {
                    if *now == before {
                        merged
                    } else {
                        merge(now, &merged)
                    }
                });
                if state.sealed_or_busy() {
                    state.import_merge_sealed(merged, done);
                    return;
                }
                done(state.import_merge_plain(merged));
            },
            std::time::Duration::ZERO,
        );
    }

    fn import_merge_plain(&self, merged: Document) -> Result<Document, String> {
        // As for any change, only the parts the merge changed are written:
        // records it kept from this side are still shared with it.
        let saved = self.doc.with_untracked(|before| {
            self.vault.try_update_value(|v| match v {
                Some(v) => v
                    .save_change(before, &merged)
                    .map(|theirs| theirs.unwrap_or_else(|| merged.clone()))
                    .map_err(|e| e.import_message()),
                None => Err(NO_STORAGE.into()),
            })
        });
        match saved {
            Some(Ok(doc)) => {
                self.doc.set(doc.clone());
                self.settled();
                Ok(doc)
            }
            Some(Err(msg)) => Err(msg),
            None => Err(NO_STORAGE.into()),
        }
    }

    /// Replaces what is here with an imported backup, after keeping a
    /// verified copy of what is here now. Returns the copy's key; an error
    /// says why and whether the copy itself failed (then nothing was touched
    /// and a download of what is here is the way out).
    /// With the lock on, both texts are sealed and `done` hears of it later.
    /// (Boxed: one copy of this and of its sealed path in the wasm, however
    /// many places replace.)
    pub fn import_replace(&self, incoming: &Document, done: Replaced) {
        if self.locked() {
            return done(Err((lock::LOCKED_MEANWHILE.into(), false)));
        }
        self.finish_opening();
        if self.sealed_or_busy() {
            self.import_replace_sealed(incoming.clone(), done);
            return;
        }
        done(self.import_replace_plain(incoming));
    }

    pub(super) fn import_replace_plain(&self, incoming: &Document) -> Result<String, (String, bool)> {
        let current = self.doc.get_untracked();
        let done = self.vault.try_update_value(|v| match v {
            Some(v) => v
                .replace(&current, incoming, now())
                .map_err(|e| (e.message(), e == ReplaceError::NoCopy)),
            None => Err((NO_STORAGE.into(), true)),
        });
        match done {
            Some(Ok(key)) => {
                self.note_imported();
                self.doc.set(incoming.clone());
                self.settled();
                Ok(key)
            }
            Some(Err(e)) => Err(e),
            None => Err((NO_STORAGE.into(), true)),
        }
    }

    /// A `storage` event from another tab of this origin.
    pub fn on_storage_event(&self, key: Option<String>, new_value: Option<String>) {
        // `key == None` means another tab called `localStorage.clear()`.
        if key.as_deref().is_some_and(|k| k != DOC_KEY) {
            return;
        }
        self.finish_opening();
        if self.on_sealed_storage_event(new_value.as_deref()) {
            return;
        }
        let ours = self.doc.get_untracked();
        let outcome = self
            .vault
            .try_update_value(|v| v.as_mut().map(|v| v.absorb(&ours, new_value.as_deref())));
        let (merged, save) = match &outcome {
            Some(Some(Absorbed::Merged { save, .. })) => (true, *save),
            _ => (false, false),
        };
        self.apply_absorbed(&ours, outcome.flatten());
        // Saves still queued (the lock just turned off) hold the document as
        // it was: the one that runs would write over what was just merged.
        // The merge is saved after them, as for a sealed event.
        if merged && !self.writer.with_value(lock::Writer::idle) {
            self.enqueue_save(self.doc.get_untracked(), None);
        } else if save {
            // The other window wrote over a change of ours: written again
            // now, not at our next change (which may never come).
            self.commit(self.doc.get_untracked(), None, false);
        }
    }

    fn apply_absorbed(&self, ours: &Document, outcome: Option<Absorbed>) {
        match outcome {
            Some(Absorbed::Merged { doc, .. }) if doc != *ours => {
                self.doc.set(doc);
                self.status
                    .set("Updated with changes from another window.".into());
            }
            Some(Absorbed::Replaced(doc)) => {
                self.doc.set(doc);
                // Saves still queued here hold what was replaced: they save
                // what is shown now instead.
                self.note_imported();
                self.status
                    .set("A backup was put in place in another window; this is what it holds.".into());
            }
            Some(Absorbed::DeletedElsewhere) => {
                // A save still queued or sealing here would bring it all back.
                self.cancel_writes();
                self.forget_unsent();
                self.unstored.set(false);
                self.doc.set(Document::default());
                self.status
                    .set("Everything was deleted in another window.".into());
            }
            Some(Absorbed::NewerElsewhere { schema }) => {
                // Said once, whether a save or the storage event found it first.
                let newer = Notice::Newer { schema };
                self.notices.update(|n| {
                    if !n.contains(&newer) {
                        n.push(newer)
                    }
                });
            }
            Some(Absorbed::DamagedElsewhere) => {
                self.save_error.set(Some(
                    "Another window left the saved data in a state Hearth can't read. \
                     To keep it safe, this window won't save until you reload."
                        .into(),
                ));
            }
            Some(Absorbed::Merged { .. }) | None => {}
        }
    }

    /// Deletes every Hearth key in this browser. `Err` is the message to show:
    /// some keys may be gone already, so it does not say nothing changed.
    pub fn delete_everything(&self) -> Result<usize, String> {
        self.cancel_writes();
        let n = self
            .vault
            .try_update_value(|v| match v {
                Some(v) => v.delete_everything().map_err(|e| {
                    format!(
                        "Hearth couldn't delete everything ({}). Please reload the page and try again.",
                        StorageError::reason(e)
                    )
                }),
                None => Ok(0),
            })
            .unwrap_or(Ok(0))?;
        self.sealer.set_value(None);
        self.lock.set(LockPhase::Off);
        self.forget_unsent();
        self.doc.set(Document::default());
        self.notices.set(Vec::new());
        self.settled();
        Ok(n)
    }

    pub fn bytes_used(&self) -> usize {
        self.vault
            .with_value(|v| v.as_ref().map(|v| v.bytes_used()).unwrap_or(0))
    }

    pub fn dismiss_notice(&self, index: usize) {
        self.notices.update(|n| {
            if index < n.len() {
                n.remove(index);
            }
        });
    }
}
