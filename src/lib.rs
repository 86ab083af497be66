//! Hearth: a private, offline space where a couple practises turning toward
//! each other. See ARCHITECTURE.md for the map.

pub mod domain;
pub mod paths;
pub mod store;

#[cfg(target_arch = "wasm32")]
mod app;
#[cfg(target_arch = "wasm32")]
mod components;
#[cfg(target_arch = "wasm32")]
pub mod crypto;
#[cfg(target_arch = "wasm32")]
mod pages;
#[cfg(target_arch = "wasm32")]
mod perf;
#[cfg(target_arch = "wasm32")]
mod state;
#[cfg(target_arch = "wasm32")]
mod tasks;

/// Mounts the app on `<body>`, in place of index.html's opening screen.
#[cfg(target_arch = "wasm32")]
pub fn start() {
    perf::mark("hearth:start");
    app::mount();
}
