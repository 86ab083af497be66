//! Shared widgets. Together with `pages/`, the only code that touches the DOM.

pub mod answer_card;
pub mod answer_form;
pub mod backup;
pub mod confirm;
pub mod download;
pub mod effect;
pub mod feelings;
pub mod keyed;
pub mod limit;
pub mod links;
pub mod lock;
pub mod more;
pub mod names_form;
pub mod nav;
pub mod notices;
pub mod page;
pub mod pwa;
pub mod show;
pub mod undo;
