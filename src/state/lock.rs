//! The passphrase lock's side of the store: the seam between the vault
//! (sync, text in and out) and WebCrypto (async).
//!
//! With the lock on, a change is shown at once and a save job is queued.
//! Jobs run one at a time, in order (so a slow encryption can never let an
//! older write land after a newer one); a save superseded by a newer one in
//! the queue is skipped, because the newer one carries the later document.
//! Each job: read what is stored → if another tab changed it, unseal it and
//! merge → seal → write only if the stored text is still what it read
//! (else merge again) → read back and compare. A failure keeps the change on
//! screen with a message; nothing saved before is touched.

use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::{now, AppState};
use crate::crypto::{OpenError, Sealer};
use crate::domain::merge::merge;
use crate::domain::Document;
use crate::store::browser::BrowserStorage;
use crate::store::codec;
use crate::store::sealed::{self, LockSettings};
use crate::store::vault::ReplaceError;
use crate::store::vault::{Absorbed, Opened};
use crate::store::{SaveError, Vault};
use crate::tasks::next_task;

/// Why Hearth locked when another window did it, said on the lock screen
/// (the app's own status line is not there to say it).
pub const LOCKED_ELSEWHERE: &str = "Hearth was locked in another window.";
pub const CHANGED_ELSEWHERE: &str = "The passphrase was changed in another window. Please type the new one.";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LockPhase {
    /// No passphrase: the document is stored as plain JSON.
    Off,
    /// Sealed and not yet opened: only the lock screen is shown.
    Locked,
    /// Sealed, and open with the key in memory.
    Open,
}

/// Why a save or a lock switch did nothing: the tab locked while it waited.
pub(super) const LOCKED_MEANWHILE: &str = "Hearth was locked meanwhile, so nothing changed.";
const CHANGED_MEANWHILE: &str = "Hearth changed while the backup was being prepared (an edit, a save in another window, or the lock turned off), so nothing was replaced. Please try again.";

type Done = Box<dyn FnOnce(Result<Document, SaveError>)>;
type Action = Box<dyn FnOnce() -> Pin<Box<dyn Future<Output = ()>>>>;

struct Job {
    number: u64,
    /// A plain save may be skipped when a newer job follows (it carries the
    /// later document); lock changes and imports never are.
    skippable: bool,
    action: Action,
}

#[derive(Default)]
pub struct Writer {
    queue: VecDeque<Job>,
    running: bool,
    last_number: u64,
    /// Bumped by "delete everything": older jobs must not write again.
    cancelled: u64,
    /// Bumped on every lock and unlock: older jobs' results must not reach
    /// the screen.
    epoch: u64,
    /// Bumped once a backup is brought in (replaced or merged): a save queued
    /// before that carries a document without it, so it saves what is here
    /// when it runs (or it would write over the backup just stored).
    imported: u64,
}

impl Writer {
    pub fn idle(&self) -> bool {
        !self.running && self.queue.is_empty()
    }
}

/// A sentence for someone whose passphrase did not open the data.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum UnlockError {
    Wrong,
    Other(String),
}

fn crypto_failed(e: crate::crypto::CryptoError) -> SaveError {
    SaveError::Storage(e.message())
}

impl AppState {
    pub fn lock_settings(&self) -> Option<LockSettings> {
        self.sealer.with_value(|s| s.as_ref().map(|s| s.settings))
    }

    /// Queues a save of `doc`; `written`, if given, hears whether it was
    /// written (and keeps the job from being skipped).
    pub(super) fn enqueue_save(&self, doc: Document, written: Option<super::Written>) {
        let sealer = self.sealer.get_value();
        let done = written.map(|w| -> Done { Box::new(move |r: Result<Document, SaveError>| w(r.is_ok())) });
        self.enqueue(doc, sealer, done);
    }

    /// Queues a save of `doc` with `sealer` (or plain). `done`, if given,
    /// hears the result and makes the job one that is never skipped.
    fn enqueue(&self, doc: Document, sealer: Option<Sealer>, done: Option<Done>) {
        let state = *self;
        let skippable = done.is_none();
        let (generation, epoch, imported) = self.writer.with_value(|w| (w.cancelled, w.epoch, w.imported));
        self.run_in_order(
            skippable,
            Box::new(move || {
                Box::pin(async move {
                    let doc = if state.writer.with_value(|w| w.imported != imported) {
                        state.doc.get_untracked()
                    } else {
                        doc
                    };
                    let result = state.write(&doc, sealer.as_ref(), generation).await;
                    let still_current = state.writer.with_value(|w| w.epoch == epoch)
                        && state.lock.get_untracked() != LockPhase::Locked;
                    if still_current {
                        match &result {
                            Ok(saved) => {
                                // Changes made while this job ran stay; theirs join.
                                state.doc.update(|d| *d = merge(d, saved));
                                state.settled();
                                state.said_saved();
                            }
                            Err(e) => {
                                state.say_saved.set_value(false);
                                state.unstored.set(e.retriable());
                                state.save_error.set(Some(e.message()));
                            }
                        }
                    }
                    if let Some(done) = done {
                        done(result);
                    }
                })
            }),
        );
    }

    /// Runs `action` after every job queued before it, one at a time.
    pub(super) fn run_in_order(&self, skippable: bool, action: Action) {
        let start = self.writer.try_update_value(|w| {
            w.last_number += 1;
            w.queue.push_back(Job {
                number: w.last_number,
                skippable,
                action,
            });
            !std::mem::replace(&mut w.running, true)
        });
        if start == Some(true) {
            let state = *self;
            spawn_local(async move { state.run().await });
        }
    }

    async fn run(self) {
        loop {
            let next = self.writer.try_update_value(|w| {
                let job = w.queue.pop_front();
                if job.is_none() {
                    w.running = false;
                }
                (job, w.last_number)
            });
            let Some((Some(job), last)) = next else { return };
            if job.skippable && job.number < last {
                continue; // a newer job carries this one's changes too
            }
            (job.action)().await;
        }
    }

    /// Locked: only the lock screen, no key, and nothing may be saved.
    pub fn locked(&self) -> bool {
        self.lock.get_untracked() == LockPhase::Locked
    }

    /// Whether saves must go through the queue: the lock is on, or a queued
    /// write has not finished.
    pub(super) fn sealed_or_busy(&self) -> bool {
        self.sealer.with_value(Option::is_some) || !self.writer.with_value(Writer::idle)
    }

    /// Merges an imported backup in, with the lock's key: nothing changes on
    /// screen unless the sealed save succeeds.
    pub(super) fn import_merge_sealed(
        &self,
        merged: Document,
        done: impl FnOnce(Result<Document, String>) + 'static,
    ) {
        let state = *self;
        let sealer = self.sealer.get_value();
        let (generation, epoch) = self.writer.with_value(|w| (w.cancelled, w.epoch));
        self.run_in_order(
            false,
            Box::new(move || {
                Box::pin(async move {
                    let result = state.write(&merged, sealer.as_ref(), generation).await;
                    if state.writer.with_value(|w| w.epoch == epoch) {
                        if let Ok(saved) = &result {
                            state.doc.update(|d| *d = merge(d, saved));
                            state.settled();
                            state.note_imported();
                        }
                    }
                    done(result.map_err(|e| e.import_message()));
                })
            }),
        );
    }

    /// Replaces with an imported backup, with the lock's key: the copy of
    /// what is here and the incoming document are both sealed before either
    /// is written, so no plaintext reaches storage.
    pub(super) fn import_replace_sealed(&self, incoming: Document, done: super::Replaced) {
        let state = *self;
        let sealer = self.sealer.get_value();
        let generation = self.writer.with_value(|w| w.cancelled);
        self.run_in_order(
            false,
            Box::new(move || {
                Box::pin(async move {
                    // No key (the lock was turned off while saves were still
                    // being sealed): the plain replace, parts and all, whose
                    // vault refuses to write over another window's lock.
                    let Some(sealer) = sealer else {
                        // Locked meanwhile by another window: never plain over sealed.
                        if state.locked() {
                            return done(Err((LOCKED_MEANWHILE.into(), false)));
                        }
                        return done(state.import_replace_plain(&incoming));
                    };
                    let seal = |text: String| {
                        let sealer = sealer.clone();
                        async move { sealer.seal(&text).await.map_err(|e| (e.message(), true)) }
                    };
                    // What is here now: the saves queued before this one
                    // included, and a save another window made just before
                    // (merged first, or the copy kept aside would miss it);
                    // and the stored text it was sealed into.
                    state.merge_unread_sealed().await;
                    let current = state.doc.get_untracked();
                    let before = state.stored_text();
                    let copy = seal(codec::encode(&current)).await;
                    let raw = seal(codec::encode(&incoming)).await;
                    // Sealing ten years takes a while: everything may have
                    // been deleted, or the tab locked, meanwhile; or another
                    // window turned the lock off or saved, which the copy
                    // kept aside would miss.
                    if state.locked() {
                        return done(Err((LOCKED_MEANWHILE.into(), false)));
                    }
                    if let Err(e) = state.deleted_meanwhile(generation) {
                        return done(Err((e.import_message(), false)));
                    }
                    // An edit made here meanwhile would be replaced unseen
                    // (and missing from the copy): the same refusal.
                    let edited = state.doc.with_untracked(|d| d != &current);
                    if edited || state.sealer.with_value(Option::is_none) || state.stored_text() != before {
                        return done(Err((CHANGED_MEANWHILE.into(), false)));
                    }
                    let result = match (copy, raw) {
                        (Ok(copy), Ok(raw)) => state
                            .vault
                            .try_update_value(|v| {
                                v.as_mut().map(|v| {
                                    v.replace_texts(&copy, &raw, now())
                                        .map_err(|e| (e.message(), e == ReplaceError::NoCopy))
                                })
                            })
                            .flatten()
                            .unwrap_or_else(|| Err(("This browser won't let Hearth save.".into(), true))),
                        (Err(e), _) | (_, Err(e)) => Err(e),
                    };
                    if result.is_ok() {
                        state.note_imported();
                        if !state.locked() {
                            state.doc.set(incoming);
                            state.settled();
                        }
                    }
                    done(result);
                })
            }),
        );
    }

    /// Storage now holds a backup brought in: saves still queued save what is
    /// here when they run, not the document they were given.
    pub(super) fn note_imported(&self) {
        self.writer.update_value(|w| w.imported += 1);
    }

    /// The document's text in storage now (`None` when it cannot be read).
    fn stored_text(&self) -> Option<Option<String>> {
        self.vault
            .with_value(|v| v.as_ref().and_then(|v| v.stored().ok()))
            .map(|(text, _)| text)
    }

    /// A job queued before "delete everything" must not write again.
    fn deleted_meanwhile(&self, generation: u64) -> Result<(), SaveError> {
        if self.writer.with_value(|w| w.cancelled != generation) {
            return Err(SaveError::DeletedElsewhere);
        }
        Ok(())
    }

    /// One save with the job's key (or none): see the module comment.
    async fn write(
        &self,
        doc: &Document,
        sealer: Option<&Sealer>,
        generation: u64,
    ) -> Result<Document, SaveError> {
        if sealer.is_none() {
            // Plain again (the lock turned off, or saves queued behind a
            // sealed one): the vault writes the parts, merging as it goes.
            // Never while locked: what is stored is sealed, and what is on
            // screen is the lock screen's empty document.
            if self.locked() {
                return Err(SaveError::Storage("Hearth was locked meanwhile".into()));
            }
            self.deleted_meanwhile(generation)?;
            return self
                .vault
                .try_update_value(|v| v.as_mut().map(|v| v.save(doc)))
                .flatten()
                .ok_or(SaveError::ReadOnly)?;
        }
        // A replace from another window while this save runs: what this
        // save holds belongs to what was replaced.
        let replaces = self
            .vault
            .with_value(|v| v.as_ref().map(|v| v.replaces()))
            .ok_or(SaveError::ReadOnly)?;
        for _ in 0..4 {
            // Each step in tasks of its own: with ten years, reading what
            // is stored, writing the text, sealing it and storing it took
            // one task of 100 ms or more.
            next_task().await;
            let (stored, changed) = self
                .vault
                .with_value(|v| v.as_ref().map(|v| v.stored()))
                .ok_or(SaveError::ReadOnly)??;
            let mut to_save = doc.clone();
            if changed {
                let plain = unseal_stored(stored.as_deref(), sealer).await?;
                to_save = self
                    .vault
                    .try_update_value(|v| {
                        v.as_mut()
                            .map(|v| v.merged_with_stored(&to_save, plain.as_deref(), replaces))
                    })
                    .flatten()
                    .unwrap_or(Ok(to_save))?;
            }
            let text = encode_in_pieces(&to_save).await?;
            let raw = match sealer {
                Some(s) => s.seal(&text).await.map_err(crypto_failed)?,
                None => text,
            };
            next_task().await;
            self.deleted_meanwhile(generation)?;
            let written = self
                .vault
                .try_update_value(|v| v.as_mut().map(|v| v.write_if_unchanged(stored.as_deref(), &raw)))
                .flatten()
                .ok_or(SaveError::ReadOnly)??;
            if written {
                // The plaintext parts go in a task of their own. Should it
                // fail, the next sealed save tries again (and opening merges
                // any left), so the sealed save itself stands.
                next_task().await;
                let _ = self
                    .vault
                    .try_update_value(|v| v.as_mut().map(|v| v.remove_parts_beside_sealed(&raw)));
                self.deleted_meanwhile(generation)?;
                return Ok(to_save);
            }
        }
        Err(SaveError::NotVerified)
    }

    /// Turns the lock on with a new key (the caller has derived it, showing
    /// progress). Writes the sealed document before saying yes; on failure
    /// the lock stays off and the plain data is left as it was.
    pub fn turn_lock_on(&self, sealer: Sealer, done: impl FnOnce(Result<(), String>) + 'static) {
        // (Making the key takes a second: another window may have locked
        // this one meanwhile. Then nothing here is the couple's any more.)
        if self.locked() {
            return done(Err(LOCKED_MEANWHILE.into()));
        }
        self.finish_opening();
        // What the session kept in the clear goes; what is on screen stays.
        crate::store::browser::unsent::write(&[]);
        let state = *self;
        self.sealer.set_value(Some(sealer.clone()));
        let for_copies = sealer.clone();
        self.enqueue(
            self.doc.get_untracked(),
            Some(sealer),
            Some(Box::new(move |r| match r {
                Ok(_) if state.locked() => done(Err(LOCKED_MEANWHILE.into())),
                Ok(_) => {
                    state.lock.set(LockPhase::Open);
                    // "On" once the copies kept in the clear are sealed too.
                    spawn_local(async move {
                        state.seal_copies(&for_copies).await;
                        done(Ok(()))
                    });
                }
                Err(e) => {
                    if !state.locked() {
                        state.sealer.set_value(None);
                        // Anything typed meanwhile is written plain again.
                        state.enqueue(state.doc.get_untracked(), None, None);
                    }
                    done(Err(e.message()))
                }
            })),
        );
    }

    /// Seals, in place, the copies kept aside in the clear before the lock
    /// was on (before a replace or an update, of damaged data): with the
    /// lock on, nothing of the couple's is readable in storage. One that
    /// cannot be sealed is said, not hidden.
    async fn seal_copies(&self, sealer: &Sealer) {
        let copies = self
            .vault
            .with_value(|v| v.as_ref().map(|v| v.plain_copies()).unwrap_or_default());
        let mut left = 0;
        for (key, text) in copies {
            let sealed = sealer.seal(&text).await.map_err(|e| e.message());
            let written = sealed.and_then(|sealed| {
                self.vault
                    .try_update_value(|v| v.as_mut().map(|v| v.seal_copy(&key, &text, &sealed)))
                    .flatten()
                    .unwrap_or(Ok(()))
                    .map_err(|e| e.message())
            });
            left += usize::from(written.is_err());
        }
        if left > 0 {
            self.save_error.set(Some(format!(
                "The lock is on, but {left} older {} that Hearth kept in this browser (before a replace or an update) could not be encrypted, so {} still readable here. Delete everything in Settings removes them along with everything else.",
                if left == 1 { "copy" } else { "copies" },
                if left == 1 { "it is" } else { "they are" },
            )));
        }
    }

    /// Reseals with a new key, or the same key with new settings.
    pub fn reseal(&self, sealer: Sealer, done: impl FnOnce(Result<(), String>) + 'static) {
        if self.locked() {
            return done(Err(LOCKED_MEANWHILE.into()));
        }
        self.finish_opening();
        let state = *self;
        let before = self.sealer.get_value();
        self.sealer.set_value(Some(sealer.clone()));
        self.enqueue(
            self.doc.get_untracked(),
            Some(sealer),
            Some(Box::new(move |r| match r {
                Ok(_) => done(Ok(())),
                Err(e) => {
                    // Locked meanwhile: the key stays forgotten.
                    if !state.locked() {
                        state.sealer.set_value(before);
                    }
                    done(Err(e.message()))
                }
            })),
        );
    }

    pub fn set_lock_settings(&self, settings: LockSettings, done: impl FnOnce(Result<(), String>) + 'static) {
        if let Some(s) = self.sealer.get_value() {
            self.reseal(s.with_settings(settings), done);
        }
    }

    /// Writes the document plain again and forgets the key.
    pub fn turn_lock_off(&self, done: impl FnOnce(Result<(), String>) + 'static) {
        if self.locked() {
            return done(Err(LOCKED_MEANWHILE.into()));
        }
        self.finish_opening();
        let state = *self;
        spawn_local(async move {
            // Another window with this passphrase may have saved a moment
            // ago: merged first, as the plain text may replace only a
            // sealed text this tab has read.
            state.merge_unread_sealed().await;
            if state.locked() {
                return done(Err(LOCKED_MEANWHILE.into()));
            }
            // No key: a second click while the first was merging (already on
            // its way, and its answer will come), or the lock was turned off
            // in another window meanwhile (then it is off, as asked).
            let Some(before) = state.sealer.get_value() else {
                if state.lock.get_untracked() == LockPhase::Off {
                    done(Ok(()));
                }
                return;
            };
            state.sealer.set_value(None);
            state.enqueue(
                state.doc.get_untracked(),
                None,
                Some(Box::new(move |r| match r {
                    Ok(_) => {
                        state.lock.set(LockPhase::Off);
                        done(Ok(()))
                    }
                    Err(e) => {
                        if !state.locked() {
                            state.sealer.set_value(Some(before));
                        }
                        done(Err(e.message()))
                    }
                })),
            );
        });
    }

    /// Whether `passphrase` is the one the stored data is sealed with (to
    /// change it, the current one is asked for: someone who picks up an open
    /// device must not be able to lock the couple out).
    pub async fn is_current_passphrase(&self, passphrase: &str) -> Result<bool, String> {
        let stored = self
            .vault
            .with_value(|v| v.as_ref().map(|v| v.stored()))
            .ok_or("storage is not available")?
            .map_err(|e| e.message())?
            .0;
        let env = stored
            .as_deref()
            .map(sealed::parse)
            .ok_or("nothing is saved yet")?
            .map_err(|e| e.message())?;
        let candidate = Sealer::for_envelope(passphrase, &env)
            .await
            .map_err(|e| e.message())?;
        match candidate.open(&env).await {
            Ok(_) => Ok(true),
            Err(OpenError::WrongPassphrase) => Ok(false),
            Err(OpenError::Damaged) => Err("the saved data is damaged".into()),
            Err(OpenError::Crypto(e)) => Err(e.message()),
        }
    }

    /// Locks now: the key and the couple's data leave memory and the lock
    /// screen replaces the app. Saves already queued still finish (each
    /// carries its own key and document); a replace with a backup that is
    /// still being sealed does not, and what was here stays as it was.
    pub fn lock_now(&self) {
        if self.lock.get_untracked() == LockPhase::Open {
            self.show_lock_screen();
        }
    }

    fn show_lock_screen(&self) {
        // Only a reason set after this stays to be said on the lock screen.
        self.status.set(String::new());
        self.sealer.set_value(None);
        self.writer.update_value(|w| w.epoch += 1);
        self.lock.set(LockPhase::Locked);
        self.forget_unsent();
        self.doc.set(Document::default());
        self.notices.set(Vec::new());
        self.settled();
    }

    /// Derives the key from `passphrase` and opens the stored data. The
    /// text is read again now (another window may have changed it).
    pub async fn unlock(&self, passphrase: &str) -> Result<(), UnlockError> {
        let storage = BrowserStorage::open().map_err(UnlockError::Other)?;
        let raw = Vault::peek(&storage).map_err(|e| UnlockError::Other(e.reason()))?;
        let Some(raw) = raw.filter(|r| sealed::is_sealed(r)) else {
            // Unlocked or deleted in another window meanwhile.
            self.install(Vault::open(storage, now()), None);
            return Ok(());
        };
        let env = match sealed::parse(&raw) {
            Ok(env) => env,
            Err(e) => {
                self.install(
                    Vault::open_unsealed(storage, now(), Some(raw), Err(e.message())),
                    None,
                );
                return Ok(());
            }
        };
        let sealer = Sealer::for_envelope(passphrase, &env)
            .await
            .map_err(|e| UnlockError::Other(e.message()))?;
        let plain = match sealer.open(&env).await {
            Ok(text) => Ok(Some(text)),
            Err(OpenError::WrongPassphrase) => return Err(UnlockError::Wrong),
            Err(OpenError::Crypto(e)) => return Err(UnlockError::Other(e.message())),
            Err(OpenError::Damaged) => Err(
                "the passphrase is right, but the locked data has been changed or \
                 damaged since it was saved, so it cannot be opened"
                    .to_string(),
            ),
        };
        self.install(
            Vault::open_unsealed(storage, now(), Some(raw), plain),
            Some(sealer),
        );
        Ok(())
    }

    fn install(&self, opened: Opened<BrowserStorage>, sealer: Option<Sealer>) {
        let Opened { vault, doc, notices } = opened;
        let phase = if sealer.is_some() {
            LockPhase::Open
        } else {
            LockPhase::Off
        };
        self.vault.set_value(Some(vault));
        self.sealer.set_value(sealer);
        self.writer.update_value(|w| w.epoch += 1);
        self.doc.set(doc);
        self.notices.set(notices);
        // save_error is left as it is: cleared when the lock screen came, it
        // holds only answers to work asked for before locking that finished
        // after (a replace refused, say), which the couple should now read.
        self.lock.set(phase);
    }

    /// Another tab wrote the document while the lock may be involved.
    /// Returns `true` when handled here; `false` for the plain path.
    pub(super) fn on_sealed_storage_event(&self, new_value: Option<&str>) -> bool {
        let phase = self.lock.get_untracked();
        if phase == LockPhase::Locked {
            return true; // read again on unlock
        }
        let sealed_now = new_value.is_some_and(sealed::is_sealed);
        let Some(sealer) = self.sealer.get_value() else {
            if sealed_now && new_value.and_then(|v| sealed::parse(v).ok()).is_some() {
                // The lock was turned on in another window.
                self.show_lock_screen();
                self.status.set(LOCKED_ELSEWHERE.into());
                return true;
            }
            return false;
        };
        if !sealed_now {
            // Turned off (or everything deleted) in another window: plain again.
            self.sealer.set_value(None);
            self.lock.set(LockPhase::Off);
            return false;
        }
        let Some(raw) = new_value.map(str::to_owned) else {
            return false;
        };
        let env = match sealed::parse(&raw) {
            Ok(env) => env,
            Err(_) => return false, // the plain path calls it damaged
        };
        if !sealer.matches(&env) {
            self.show_lock_screen();
            self.status.set(CHANGED_ELSEWHERE.into());
            return true;
        }
        let state = *self;
        spawn_local(async move { state.merge_sealed(&sealer, &env, &raw).await });
        true
    }

    /// Opens `raw` (sealed with our key) and merges it into what is shown.
    async fn merge_sealed(&self, sealer: &Sealer, env: &sealed::Envelope, raw: &str) {
        let opened = sealer.open(env).await;
        if self.lock.get_untracked() != LockPhase::Open {
            return;
        }
        let ours = self.doc.get_untracked();
        let outcome = self.vault.try_update_value(|v| {
            v.as_mut().map(|v| match &opened {
                Ok(plain) => v.absorb_unsealed(&ours, Some(raw), Some(plain)),
                Err(_) => v.absorb(&ours, Some(raw)),
            })
        });
        if opened.is_ok() {
            self.sealer
                .update_value(|s| *s = s.as_ref().map(|s| s.with_settings(env.settings)));
        }
        let save = matches!(outcome, Some(Some(Absorbed::Merged { save: true, .. })));
        self.apply_absorbed(&ours, outcome.flatten());
        // A save of ours queued or running now would write its own
        // document, without what was just merged (the text it compares
        // against is the one just absorbed): the merge is saved after it.
        // So is a merge holding a change of ours the other window wrote over.
        if save || !self.writer.with_value(Writer::idle) {
            self.enqueue_save(self.doc.get_untracked(), None);
        }
    }

    /// Merges a text another window sealed with our key that this one has
    /// not merged yet (its storage event may still be being opened).
    async fn merge_unread_sealed(&self) {
        let Some(sealer) = self.sealer.get_value() else {
            return;
        };
        let stored = self.vault.with_value(|v| v.as_ref().map(|v| v.stored()));
        let Some(Ok((Some(raw), true))) = stored else {
            return;
        };
        match sealed::parse(&raw) {
            Ok(env) if sealer.matches(&env) => self.merge_sealed(&sealer, &env, &raw).await,
            _ => {}
        }
    }

    /// Cancels queued saves (everything is about to be deleted).
    pub(super) fn cancel_writes(&self) {
        self.writer.update_value(|w| {
            w.cancelled += 1;
            w.epoch += 1;
            w.queue.clear();
        });
    }
}

/// The stored text of `doc`, written a piece per task: ten years are
/// 3.4 MB, 45–60 ms as one task.
async fn encode_in_pieces(doc: &Document) -> Result<String, SaveError> {
    let mut pieces = codec::Pieces::document(doc, codec::PIECE_BYTES);
    let mut text = Vec::new();
    for piece in pieces.by_ref() {
        text.extend_from_slice(&piece);
        next_task().await;
    }
    let unwritten = || SaveError::Storage("the text to seal could not be written".into());
    if pieces.failed() {
        return Err(unwritten());
    }
    String::from_utf8(text).map_err(|_| unwritten())
}

/// The stored text as a document's text: unsealed with our key when sealed.
async fn unseal_stored(stored: Option<&str>, sealer: Option<&Sealer>) -> Result<Option<String>, SaveError> {
    let Some(raw) = stored else { return Ok(None) };
    if !sealed::is_sealed(raw) {
        return Ok(Some(raw.to_owned()));
    }
    let cannot = || {
        SaveError::Storage(
            "the lock was changed in another window; reload to open the data with the new passphrase".into(),
        )
    };
    let env = sealed::parse(raw).map_err(|_| cannot())?;
    match sealer {
        Some(s) if s.matches(&env) => match s.open(&env).await {
            Ok(plain) => Ok(Some(plain)),
            // Damaged elsewhere: never write over it.
            Err(OpenError::Damaged) => Err(SaveError::Storage(
                "the saved data was damaged in another window; reload so Hearth can keep a copy of it".into(),
            )),
            Err(_) => Err(cannot()),
        },
        _ => Err(cannot()),
    }
}
