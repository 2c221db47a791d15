//! Saving text as a file from the page (the event log's Export buttons):
//! a `Blob`, an object URL and a click on a detached `<a download>`.

use wasm_bindgen::{JsCast, JsValue};

/// Offers `text` as the file `name` of type `mime`.
pub fn save(name: &str, mime: &str, text: &str) -> Result<(), JsValue> {
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or_else(|| JsValue::from_str("no document"))?;
    let link: web_sys::HtmlAnchorElement = document.create_element("a")?.dyn_into()?;
    link.set_href(&url);
    link.set_download(name);
    link.click();
    web_sys::Url::revoke_object_url(&url)
}

/// `value` as indented JSON, through the browser's own `JSON.stringify`.
pub fn json_text<T: serde::Serialize>(value: &T) -> Result<String, JsValue> {
    // JSON-compatible: maps as objects, 64-bit integers as numbers.
    let data = value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(JsValue::from)?;
    let text = js_sys::JSON::stringify_with_replacer_and_space(
        &data,
        &JsValue::NULL,
        &JsValue::from_f64(2.0),
    )?;
    Ok(text.as_string().unwrap_or_default())
}
