//! One file per route. Pages read the app state from context and change it
//! only through `AppState::change` with a domain function.

pub mod checkin;
pub mod dilemma;
pub mod gestures;
pub mod home;
pub mod journey;
pub mod not_found;
pub mod settings;
pub mod summary;
pub mod us_time;
pub mod welcome;
