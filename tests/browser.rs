//! Tests that run inside a real browser (headless Chromium), through
//! `wasm-pack test --headless --chrome` (see scripts/test). Native builds skip
//! this file entirely.
#![cfg(target_arch = "wasm32")]

use otpsim::term::{inspect, Term};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn atoms_inspect_as_elixir_prints_them() {
    assert_eq!(inspect(&Term::atom("ok")), ":ok");
}

#[wasm_bindgen_test]
fn the_test_runs_in_a_browser_window() {
    let window = web_sys::window().expect("no window: not running in a browser");
    assert!(window.document().is_some());
}
