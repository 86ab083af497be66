//! Navigation: a bottom tab bar on phones, a side bar on wide screens (the
//! same `<nav>`, laid out by CSS), plus Journey and Settings in the top bar.

use super::links::{href, Location};
use leptos::prelude::*;

/// The five places a couple goes most, in the order of the product brief.
const PRIMARY: [(&str, &str, &str); 5] = [
    (
        "/",
        "Today",
        "M3 11l9-7 9 7v9a1 1 0 0 1-1 1h-5v-6h-6v6H4a1 1 0 0 1-1-1z",
    ),
    (
        "/check-in",
        "Check in",
        "M12 21s-7-4.5-9-9a5 5 0 0 1 9-3 5 5 0 0 1 9 3c-2 4.5-9 9-9 9z",
    ),
    (
        "/dilemma",
        "Dilemma",
        "M4 12h6M14 12h6M10 12a2 2 0 1 0 4 0 2 2 0 1 0-4 0M7 6l-3 6 3 6M17 6l3 6-3 6",
    ),
    (
        "/gestures",
        "Gestures",
        "M12 3v4M12 17v4M3 12h4M17 12h4M6 6l2.5 2.5M15.5 15.5L18 18M6 18l2.5-2.5M15.5 8.5L18 6",
    ),
    ("/us-time", "Us time", "M4 5h16v15H4zM4 10h16M9 3v4M15 3v4"),
];

const SECONDARY: [(&str, &str); 2] = [("/journey", "Journey"), ("/settings", "Settings")];

/// `aria-current="page"` for the link of the page being shown.
fn current(path: &'static str) -> impl Fn() -> Option<&'static str> {
    let location = expect_context::<Location>();
    move || location.shows(path).then_some("page")
}

#[component]
pub fn Nav() -> impl IntoView {
    view! {
        <nav class="tabs" aria-label="Main">
            <ul>
                {PRIMARY
                    .into_iter()
                    .map(|(path, label, icon)| {
                        view! {
                            <li>
                                <a href=href(path) aria-current=current(path)>
                                    <svg viewBox="0 0 24 24" aria-hidden="true" focusable="false">
                                        <path d=icon></path>
                                    </svg>
                                    <span>{label}</span>
                                </a>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </nav>
    }
}

/// The top bar: the brand, then Journey and Settings. `locked`: the lock
/// screen's, the brand alone and not a link (it keeps the place the opening
/// screen drew it; a link would change the page opened after unlocking).
#[component]
pub fn TopBar(#[prop(optional)] locked: bool) -> impl IntoView {
    view! {
        <header class="topbar">
            // index.html draws this brand while the app loads: keep the two alike.
            // On the lock screen it leads nowhere (no href: not a link, no tab stop).
            <a class="brand" id="brand" href=(!locked).then(|| href("/"))>
                <svg viewBox="0 0 24 24" aria-hidden="true" focusable="false">
                    <path d="M12 21s-7-4.5-9-9a5 5 0 0 1 9-3 5 5 0 0 1 9 3c-2 4.5-9 9-9 9z"></path>
                </svg>
                <span>"Hearth"</span>
            </a>
            {(!locked).then(|| view! {
                <nav aria-label="More">
                    <ul>
                        {SECONDARY
                            .into_iter()
                            .map(|(path, label)| {
                                view! {
                                    <li>
                                        <a href=href(path) aria-current=current(path)>{label}</a>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                </nav>
            })}
        </header>
    }
}
