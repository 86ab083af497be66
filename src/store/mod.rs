//! The only code that touches localStorage.
//!
//! - [`codec`]: turning the saved text into a [`Document`] and back, with
//!   migrations from older schemas (pure, host-tested with fixtures).
//! - [`backup`]: checking a backup file before anything is changed (pure).
//! - [`parts`]: the document stored as a head and monthly parts, so a save
//!   writes only what changed and Home opens from a few parts (pure).
//! - [`sealed`]: the one text stored while the passphrase lock is on (pure).
//! - `scan`: finds where the collections' lists sit in a backup's text, so
//!   backups are written and read a piece per task (pure).
//! - [`vault`]: the rules for opening and saving (verified writes, damaged data
//!   kept aside, newer schemas read-only, other tabs merged), written against
//!   the small [`Backend`] trait so they are tested on the host too.
//! - `browser`: the real `window.localStorage` behind that trait (wasm only,
//!   so not linked from docs built on the host; tested in headless Chromium
//!   with wasm-bindgen-test).
//!
//! [`Document`]: crate::domain::Document

pub mod backup;
pub mod codec;
pub mod maps;
pub mod parts;
#[cfg(all(test, not(target_arch = "wasm32")))]
mod props;
mod scan;
pub mod sealed;
pub mod vault;

#[cfg(target_arch = "wasm32")]
pub mod browser;

pub use vault::{Backend, Notice, OpenMode, ReplaceError, SaveError, StorageError, Vault};

/// Every key Hearth writes starts with this: a GitHub Pages origin is shared
/// by every project site of the same account.
pub const PREFIX: &str = "hearth:";
/// The couple's document.
pub const DOC_KEY: &str = "hearth:doc";
/// A copy of a saved document that could not be read, kept untouched.
pub const DAMAGED_PREFIX: &str = "hearth:damaged:";
/// A copy of the document as it was before a migration changed its shape.
pub const PRE_MIGRATION_PREFIX: &str = "hearth:before-migration:v";
/// A copy of the couple's data as it was before an import replaced it.
pub const PRE_IMPORT_PREFIX: &str = "hearth:before-import:";
/// Which replace the stored data comes from: the key of the copy the latest
/// replace kept. A window that sees it change adopts what is stored whole
/// instead of merging its own records back into a replaced document.
pub const LINEAGE_KEY: &str = "hearth:lineage";
