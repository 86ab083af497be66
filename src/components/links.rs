//! Every in-app link goes through [`href`], which adds the path the app is
//! served under. (`<A href="/x">` in leptos_router 0.8 does not add the
//! router's base, which would send a GitHub Pages visitor off the site.)

use leptos::prelude::*;

/// The path the app is served under ("" or e.g. "/hearth").
#[derive(Clone, Debug)]
pub struct Base(pub String);

/// `href("/settings")` → "/hearth/settings" on a project site.
pub fn href(path: &str) -> String {
    let base = use_context::<Base>().map(|b| b.0).unwrap_or_default();
    if path == "/" {
        format!("{base}/")
    } else {
        format!("{base}{path}")
    }
}
