//! `otpsim-web` — the browser app's entry point, built by Trunk (`index.html`).
//!
//! On wasm32 it mounts the Yew app from [`otpsim::ui`]; natively it does
//! nothing, so that `cargo build` and `cargo test` on the host still succeed.

#[cfg(target_arch = "wasm32")]
fn main() {
    otpsim::ui::run();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {}
