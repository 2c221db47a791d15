//! Rust values to plain JS data, through their `Serialize` derives (the
//! views and [`crate::view::api`]): `serde-wasm-bindgen` in its
//! JSON-compatible mode, so maps become plain objects, `None` and `nil`
//! become null, and 64-bit integers become numbers (not BigInts).

use serde::Serialize;
use wasm_bindgen::{JsError, JsValue};

const SERIALIZER: serde_wasm_bindgen::Serializer =
    serde_wasm_bindgen::Serializer::json_compatible();

/// `value` as plain JS data; an `Error` (never a panic) if it cannot be
/// (an integer past 2^53 where a number is due, say).
pub(crate) fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsError> {
    value
        .serialize(&SERIALIZER)
        .map_err(|e| JsError::new(&format!("otpsim: could not hand a result to JS: {e}")))
}
