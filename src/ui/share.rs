//! The share link in the browser: reading and replacing `location.hash`.
//! What the hash holds and how it is read is plain Rust in
//! [`crate::page::share`], re-exported here.

pub use crate::page::share::*;
use wasm_bindgen::JsValue;

/// The page's current hash (with the `#`), or an empty string.
pub fn current_hash() -> String {
    web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default()
}

/// Replaces the page's hash without navigating (no history entry, no
/// `hashchange`). Failures (a sandboxed frame, rate limits) are ignored.
pub fn replace_hash(hash: &str) {
    let Some(window) = web_sys::window() else {
        return;
    };
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&format!("#{hash}")));
    }
}
