//! `window.localStorage` behind [`Backend`]. Checked once at start: some
//! browsers (private modes, blocked cookies) throw on access, and a clear
//! message beats a blank page.

use wasm_bindgen::{JsCast, JsValue};

use super::vault::{Backend, StorageError};

pub struct BrowserStorage(web_sys::Storage);

impl BrowserStorage {
    /// `Err` explains why storage cannot be used here.
    pub fn open() -> Result<Self, String> {
        let window = web_sys::window().ok_or("there is no browser window")?;
        match window.local_storage() {
            // Only now is gloo's `raw()` safe: it panics where storage is blocked.
            Ok(Some(_)) => Ok(BrowserStorage(
                <gloo_storage::LocalStorage as gloo_storage::Storage>::raw(),
            )),
            Ok(None) => Err("this browser offers no local storage".into()),
            Err(e) => Err(format!("this browser blocks local storage ({})", describe(&e))),
        }
    }
}

fn describe(e: &JsValue) -> String {
    if let Some(ex) = e.dyn_ref::<web_sys::DomException>() {
        return format!("{}: {}", ex.name(), ex.message());
    }
    e.as_string().unwrap_or_else(|| "unknown error".into())
}

fn classify(e: JsValue) -> StorageError {
    if let Some(ex) = e.dyn_ref::<web_sys::DomException>() {
        // Chromium and Safari say QuotaExceededError (code 22); Firefox used
        // NS_ERROR_DOM_QUOTA_REACHED (code 1014).
        if ex.name() == "QuotaExceededError" || ex.code() == 22 || ex.code() == 1014 {
            return StorageError::Full;
        }
        if ex.name() == "SecurityError" {
            return StorageError::Unavailable(describe(&e));
        }
    }
    StorageError::Other(describe(&e))
}

impl Backend for BrowserStorage {
    fn get(&self, key: &str) -> Result<Option<String>, StorageError> {
        self.0.get_item(key).map_err(classify)
    }
    fn set(&mut self, key: &str, value: &str) -> Result<(), StorageError> {
        self.0.set_item(key, value).map_err(classify)
    }
    fn remove(&mut self, key: &str) -> Result<(), StorageError> {
        self.0.remove_item(key).map_err(classify)
    }
    fn len(&self, key: &str) -> usize {
        // The JS string's length, without copying a part into wasm memory.
        // Read as a property: no method of Storage is named like a `hearth:`
        // key, the only keys this is asked about.
        js_sys::Reflect::get(&self.0, &JsValue::from_str(key))
            .ok()
            .and_then(|v| v.dyn_into::<js_sys::JsString>().ok())
            .map_or(0, |s| s.length() as usize)
    }
    fn keys(&self) -> Result<Vec<String>, StorageError> {
        let n = self.0.length().map_err(classify)?;
        let mut out = Vec::with_capacity(n as usize);
        for i in 0..n {
            if let Some(k) = self.0.key(i).map_err(classify)? {
                out.push(k);
            }
        }
        Ok(out)
    }
}

/// Words typed into forms and not saved yet, in this tab's sessionStorage
/// (gone when the tab closes; never with the lock on, see
/// `AppState::unsent`), so a reload, or a phone dropping the tab in the
/// background, loses none of them. One key: each field's name and words,
/// all joined by NUL, a character no one types.
pub mod unsent {
    const KEY: &str = "hearth-unsent";

    fn session() -> Option<web_sys::Storage> {
        web_sys::window()?.session_storage().ok()?
    }

    /// What this tab kept, field by field.
    pub fn read() -> Vec<(String, String)> {
        let text = session().and_then(|s| s.get_item(KEY).ok()?).unwrap_or_default();
        let mut parts = text.split('\0');
        let mut out = Vec::new();
        while let (Some(k), Some(v)) = (parts.next(), parts.next()) {
            out.push((k.to_owned(), v.to_owned()));
        }
        out
    }

    /// Keeps `all` in place of what was kept; none, the key goes. When the
    /// storage is full, the longest words are left out one by one until the
    /// rest fit (one huge paste must not cost every other field its words);
    /// what is left out is still on screen and in memory. What was kept
    /// before never stays in their place: after a reload it would bring back
    /// older words, or words already saved.
    pub fn write(all: &[(String, String)]) {
        let Some(s) = session() else { return };
        let mut kept: Vec<&(String, String)> = all.iter().collect();
        loop {
            // A NUL pasted into the words would shift every pair after it.
            let text: Vec<String> = kept
                .iter()
                .flat_map(|(k, v)| [k.clone(), v.replace('\0', "")])
                .collect();
            if text.is_empty() {
                let _ = s.remove_item(KEY);
                return;
            }
            if s.set_item(KEY, &text.join("\0")).is_ok() {
                return;
            }
            let longest = (0..kept.len()).max_by_key(|&i| kept[i].1.len());
            if let Some(i) = longest {
                kept.remove(i);
            }
        }
    }
}
