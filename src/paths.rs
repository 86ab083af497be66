//! Hearth's addresses: which page each path shows. Plain Rust, tested on the
//! host; `components/links.rs` moves between them in the browser.

/// A page of the app, by the address it lives at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Page {
    Today,
    Welcome,
    CheckIn,
    Dilemma,
    Gestures,
    UsTime,
    Journey,
    Summary,
    Settings,
    NotFound,
}

/// Every page with an address, and that address under the app's base.
const PAGES: [(&str, Page); 9] = [
    ("/", Page::Today),
    ("/welcome", Page::Welcome),
    ("/check-in", Page::CheckIn),
    ("/dilemma", Page::Dilemma),
    ("/gestures", Page::Gestures),
    ("/us-time", Page::UsTime),
    ("/journey", Page::Journey),
    ("/summary", Page::Summary),
    ("/settings", Page::Settings),
];

impl Page {
    /// The page at `pathname` (as `location.pathname` gives it) for an app
    /// served under `base` ("" at a domain's root, or e.g. "/hearth"). A
    /// trailing slash is forgiven, and "/index.html" is Today (the file a
    /// static host serves there).
    pub fn at(pathname: &str, base: &str) -> Page {
        let Some(rest) = pathname.strip_prefix(base) else {
            return Page::NotFound;
        };
        let rest = match rest.trim_end_matches('/') {
            "" | "/index.html" => "/",
            trimmed => trimmed,
        };
        PAGES
            .iter()
            .find(|(path, _)| *path == rest)
            .map_or(Page::NotFound, |(_, page)| *page)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_path_finds_its_page_under_a_base_or_at_the_root() {
        for base in ["", "/hearth"] {
            for (path, page) in PAGES {
                let full = format!("{base}{path}");
                assert_eq!(Page::at(&full, base), page, "{full}");
            }
            assert_eq!(Page::at(&format!("{base}/journey/"), base), Page::Journey);
            assert_eq!(Page::at(&format!("{base}/index.html"), base), Page::Today);
            assert_eq!(Page::at(&format!("{base}/no/such/page"), base), Page::NotFound);
            assert_eq!(Page::at(&format!("{base}/Journey"), base), Page::NotFound);
            assert_eq!(Page::at(&format!("{base}/journey/more"), base), Page::NotFound);
        }
        assert_eq!(Page::at("/hearth", "/hearth"), Page::Today);
        // Outside the base, or a longer word that starts like it.
        assert_eq!(Page::at("/journey", "/hearth"), Page::NotFound);
        assert_eq!(Page::at("/hearthstone/journey", "/hearth"), Page::NotFound);
    }
}
