//! What happens when Rust panics in the page.
//!
//! A panic in wasm traps: Yew may never render again (its scheduler lock and
//! our `RefCell`s stay borrowed), so the banner cannot wait for a render. The
//! hook reports to the browser console, remembers the message, and inserts a
//! plain-DOM banner whose "reset" button reloads the page without calling
//! back into the (possibly broken) wasm instance.

use std::cell::RefCell;

thread_local! {
    /// The first panic's message, once one happened.
    static PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// The first panic's message, if the page panicked.
pub fn message() -> Option<String> {
    PANIC.with(|p| p.try_borrow().ok().and_then(|p| p.clone()))
}

/// Installs the hook. Safe to call more than once.
pub fn install() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        let first = PANIC.with(|p| match p.try_borrow_mut() {
            Ok(mut slot) if slot.is_none() => {
                *slot = Some(info.to_string());
                true
            }
            _ => false,
        });
        if first {
            show_banner(&info.to_string());
        }
    }));
}

/// Puts the error banner at the top of `<body>`; `message` becomes its
/// tooltip. Best effort: a page without a document simply gets no banner.
/// Public so a browser test can check the banner without panicking.
pub fn show_banner(message: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Some(body) = document.body() else {
        return;
    };
    let build = || -> Result<web_sys::Element, wasm_bindgen::JsValue> {
        let banner = document.create_element("div")?;
        banner.set_class_name("panic-banner");
        banner.set_attribute("role", "alert")?;
        banner.set_attribute("data-testid", "panic-banner")?;
        let text = document.create_element("span")?;
        text.set_text_content(Some(
            "The simulation crashed. Reset starts a fresh world (details in the browser console).",
        ));
        text.set_attribute("title", message)?;
        let button = document.create_element("button")?;
        button.set_text_content(Some("reset"));
        button.set_attribute("type", "button")?;
        button.set_attribute("onclick", "window.location.reload()")?;
        banner.append_child(&text)?;
        banner.append_child(&button)?;
        Ok(banner)
    };
    if let Ok(banner) = build() {
        let _ = body.insert_before(&banner, body.first_child().as_ref());
    }
}
