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

/// A form's field after the saved value changed from `was` to `now` while
/// the form was open (another window saved, a backup was merged): still as
/// it was shown, it follows; edited here, it keeps the edit. So saving the
/// form later never puts back an old value nobody here touched.
pub fn follow<T: Clone + PartialEq>(field: &T, was: &T, now: &T) -> T {
    if field == was { now } else { field }.clone()
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_field_follows_what_was_saved_elsewhere_unless_edited_here() {
        use super::follow;
        assert_eq!(follow(&1, &1, &3), 3, "untouched: follows");
        assert_eq!(follow(&2, &1, &3), 2, "edited here: kept");
        assert_eq!(follow(&"week", &"week", &"month"), "month");
    }
}
