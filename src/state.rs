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

use crate::domain::merge::merge;
use crate::domain::{Ctx, Document};
use crate::store::browser::BrowserStorage;
use crate::store::vault::{Absorbed, Opened};
use crate::store::{Notice, ReplaceError, Vault, DOC_KEY};

#[derive(Clone, Copy)]
pub struct AppState {
    pub doc: RwSignal<Document>,
    /// Things about the saved data the couple should know (damaged, newer…).
    pub notices: RwSignal<Vec<Notice>>,
    /// The last save that failed, worded for people; cleared by the next
    /// successful save or by dismissing it.
    pub save_error: RwSignal<Option<String>>,
    /// A short, polite status line for screen readers ("Saved.").
    pub status: RwSignal<String>,
    vault: StoredValue<Option<Vault<BrowserStorage>>, LocalStorage>,
}

const NO_STORAGE: &str = "This browser won't let Hearth save, so nothing was imported.";

pub fn now() -> DateTime<Utc> {
    Utc::now()
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
    pub fn open() -> Self {
        let (vault, doc, notices) = match BrowserStorage::open() {
            Ok(storage) => {
                let Opened { vault, doc, notices } = Vault::open(storage, now());
                (Some(vault), doc, notices)
            }
            Err(reason) => (None, Document::default(), vec![Notice::Unavailable { reason }]),
        };
        AppState {
            doc: RwSignal::new(doc),
            notices: RwSignal::new(notices),
            save_error: RwSignal::new(None),
            status: RwSignal::new(String::new()),
            vault: StoredValue::new_local(vault),
        }
    }

    /// Applies a change made by a pure domain function and saves it. The
    /// change stays on screen even when saving fails, with a clear message;
    /// nothing saved before is touched.
    pub fn change<R>(&self, f: impl FnOnce(&mut Document, &mut Ctx) -> R) -> R {
        let mut rng = random_bytes;
        let mut ctx = Ctx::new(now(), &mut rng);
        let mut next = self.doc.get_untracked();
        let result = f(&mut next, &mut ctx);
        self.commit(next);
        result
    }

    fn commit(&self, next: Document) {
        let saved = crate::perf::measure("hearth:save", || {
            self.vault.try_update_value(|v| match v {
                Some(v) => v.save(&next).map_err(|e| e.message()),
                None => Err(
                    "This browser won't let Hearth save, so this change lasts only until the tab is closed."
                        .into(),
                ),
            })
        });
        match saved {
            Some(Ok(merged)) => {
                self.doc.set(merged);
                self.save_error.set(None);
                self.status.set("Saved.".into());
            }
            Some(Err(msg)) => {
                self.doc.set(next);
                self.save_error.set(Some(msg));
            }
            None => self.doc.set(next),
        }
    }

    /// Merges an imported backup into what is here and saves it. Nothing is
    /// changed (on screen or saved) unless the save succeeds.
    pub fn import_merge(&self, incoming: &Document) -> Result<Document, String> {
        let merged = merge(&self.doc.get_untracked(), incoming);
        let saved = self.vault.try_update_value(|v| match v {
            Some(v) => v.save(&merged).map_err(|e| e.message()),
            None => Err(NO_STORAGE.into()),
        });
        match saved {
            Some(Ok(doc)) => {
                self.doc.set(doc.clone());
                self.save_error.set(None);
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
    pub fn import_replace(&self, incoming: &Document) -> Result<String, (String, bool)> {
        let current = self.doc.get_untracked();
        let done = self.vault.try_update_value(|v| match v {
            Some(v) => v
                .replace(&current, incoming, now())
                .map_err(|e| (e.message(), e == ReplaceError::NoCopy)),
            None => Err((NO_STORAGE.into(), true)),
        });
        match done {
            Some(Ok(key)) => {
                self.doc.set(incoming.clone());
                self.save_error.set(None);
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
        let ours = self.doc.get_untracked();
        let outcome = self
            .vault
            .try_update_value(|v| v.as_mut().map(|v| v.absorb(&ours, new_value.as_deref())));
        match outcome.flatten() {
            Some(Absorbed::Merged(doc)) if doc != ours => {
                self.doc.set(doc);
                self.status
                    .set("Updated with changes from another window.".into());
            }
            Some(Absorbed::DeletedElsewhere) => {
                self.doc.set(Document::default());
                self.status
                    .set("Everything was deleted in another window.".into());
            }
            Some(Absorbed::NewerElsewhere { schema }) => {
                self.notices.update(|n| n.push(Notice::Newer { schema }));
            }
            Some(Absorbed::DamagedElsewhere) => {
                self.save_error.set(Some(
                    "Another window left the saved data in a state Hearth can't read. \
                     To keep it safe, this window won't save until you reload."
                        .into(),
                ));
            }
            Some(Absorbed::Merged(_)) | None => {}
        }
    }

    /// Deletes every Hearth key in this browser. `Err` says why it failed.
    pub fn delete_everything(&self) -> Result<usize, String> {
        let n = self
            .vault
            .try_update_value(|v| match v {
                Some(v) => v.delete_everything().map_err(|e| format!("{e:?}")),
                None => Ok(0),
            })
            .unwrap_or(Ok(0))?;
        self.doc.set(Document::default());
        self.notices.set(Vec::new());
        self.save_error.set(None);
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
