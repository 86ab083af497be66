//! The product as plain Rust: types and pure functions, no browser, no clock,
//! no randomness. Everything that varies (time, fresh ids) is passed in via
//! [`Ctx`], so every function here is tested with plain `cargo test`.

pub mod backup;
pub mod case;
pub mod checkin;
#[cfg(test)]
mod costs;
pub mod couple;
pub mod dates;
pub mod dilemma;
pub mod document;
pub mod feelings;
pub mod figures;
pub mod generate;
pub mod gestures;
pub mod markdown;
pub mod merge;
pub mod order;
pub mod record;
pub mod stats;
pub mod summary;
pub mod today;
pub mod us_time;

pub use couple::{Couple, Partner, Struggle};
pub use document::Document;
pub use record::{Author, Ctx, Id, Meta, Records};
