//! The product as plain Rust: types and pure functions, no browser, no clock,
//! no randomness. Everything that varies (time, fresh ids) is passed in via
//! [`Ctx`], so every function here is tested with plain `cargo test`.

pub mod couple;
pub mod document;
pub mod merge;
pub mod record;

pub use couple::{Couple, Partner, Struggle};
pub use document::Document;
pub use record::{Author, Ctx, Id, Meta};
