//! Saving text as a file on the couple's device: a Blob URL and a temporary
//! link, so nothing leaves the browser.

use wasm_bindgen::{JsCast, JsValue};

/// Saves `text` as the file `filename`.
pub fn download(filename: &str, mime: &str, text: &str) -> Result<(), String> {
    let pieces = js_sys::Array::of1(&bytes(text.as_bytes()));
    download_pieces(filename, mime, &pieces)
}

/// A piece of a file, copied out of the wasm's memory.
pub fn bytes(piece: &[u8]) -> js_sys::Uint8Array {
    js_sys::Uint8Array::from(piece)
}

/// Saves `pieces` (of [`bytes`]), in order, as one file. Handed to the Blob
/// as bytes rather than a JS string, which would be converted to UTF-16 and
/// back: 30–40 ms for a decade's 3.4 MB backup.
pub fn download_pieces(filename: &str, mime: &str, pieces: &js_sys::Array) -> Result<(), String> {
    // The browser's own words (an Error's message), never a debug dump.
    let fail = |e: JsValue| {
        e.dyn_ref::<js_sys::Error>()
            .map(|e| String::from(e.message()))
            .or_else(|| e.as_string())
            .unwrap_or_else(|| "the browser refused".into())
    };
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type(mime);
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(pieces, &opts).map_err(fail)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(fail)?;
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("the page wasn't ready")?;
    let a: web_sys::HtmlAnchorElement = document.create_element("a").map_err(fail)?.unchecked_into();
    a.set_href(&url);
    a.set_download(filename);
    a.set_hidden(true);
    let body = document.body().ok_or("the page wasn't ready")?;
    body.append_child(&a).map_err(fail)?;
    a.click();
    a.remove();
    // Revoke after the click has been handled, so the download can start.
    leptos::prelude::set_timeout(
        move || {
            let _ = web_sys::Url::revoke_object_url(&url);
        },
        std::time::Duration::from_secs(10),
    );
    Ok(())
}
