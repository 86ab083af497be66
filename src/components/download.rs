//! Saving text as a file on the couple's device: a Blob URL and a temporary
//! link, so nothing leaves the browser.

use wasm_bindgen::{JsCast, JsValue};

pub fn download(filename: &str, mime: &str, text: &str) -> Result<(), String> {
    let fail =
        |what: &str, e: JsValue| format!("{what}: {}", e.as_string().unwrap_or_else(|| format!("{e:?}")));
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type(mime);
    let blob =
        web_sys::Blob::new_with_str_sequence_and_options(&parts, &opts).map_err(|e| fail("blob", e))?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(|e| fail("url", e))?;
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let a: web_sys::HtmlAnchorElement = document
        .create_element("a")
        .map_err(|e| fail("link", e))?
        .unchecked_into();
    a.set_href(&url);
    a.set_download(filename);
    a.set_hidden(true);
    let body = document.body().ok_or("no body")?;
    body.append_child(&a).map_err(|e| fail("append", e))?;
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
