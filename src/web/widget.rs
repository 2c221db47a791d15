//! `mountWidget`: draws the app inside any element, as `<otp-sim>` does
//! (`js/otp-sim.js` defines the element and calls this from its shadow
//! root). Each call starts its own world, so widgets on one page never
//! share state.

use crate::ui::embed::{Attributes, Embed};
use crate::ui::{App, AppProps};
use js_sys::{Object, Reflect};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use yew::AppHandle;

#[wasm_bindgen(typescript_custom_section)]
const TS_WIDGET: &'static str = r#"
/**
 * `<otp-sim>`'s attributes, as `mountWidget` takes them: every field is
 * optional and, like an attribute, a string.
 */
export interface WidgetOptions {
  /** A built-in scenario name, e.g. "restart-cleans-names". */
  scenario?: string | null;
  /** Console lines, one per line; blank lines and `#` comments are skipped. */
  script?: string | null;
  /** A decimal seed from 0 to 2^53 - 1. */
  seed?: string | null;
  /** Views in order, separated by commas or spaces: console, cluster, supervision, shards, names, services, messages, code, log. */
  views?: string | null;
  /** "false" hides play/pause/step/speed and the scrubber. */
  controls?: string | null;
  /** Present (and not "false"): the clock starts running. */
  autoplay?: string | null;
  /** "dark", "light" or "auto". */
  theme?: string | null;
}
"#;

/// One mounted widget. `destroy()` unmounts it and frees its world.
#[wasm_bindgen]
pub struct Widget {
    handle: Option<AppHandle<App>>,
}

#[wasm_bindgen]
impl Widget {
    /// Unmounts the widget; calling it twice does nothing.
    pub fn destroy(&mut self) {
        if let Some(handle) = self.handle.take() {
            handle.destroy();
        }
    }
}

/// A string field of `options`, `None` when absent, null or undefined.
fn field(options: &JsValue, key: &str) -> Result<Option<String>, JsError> {
    if options.is_undefined() || options.is_null() {
        return Ok(None);
    }
    let value = Reflect::get(options, &JsValue::from_str(key))
        .map_err(|_| JsError::new(&format!("could not read the option {key}")))?;
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    match value.as_string() {
        Some(s) => Ok(Some(s)),
        None => Err(JsError::new(&format!("the option {key} must be a string"))),
    }
}

/// Mounts a widget on `root` with `options` (a [`WidgetOptions`] object).
/// Throws an `Error` naming the bad option, before drawing anything.
#[wasm_bindgen(js_name = mountWidget)]
pub fn mount_widget(
    root: web_sys::Element,
    #[wasm_bindgen(unchecked_param_type = "WidgetOptions")] options: JsValue,
) -> Result<Widget, JsError> {
    crate::ui::panic::install();
    if !(options.is_undefined() || options.is_null() || options.is_instance_of::<Object>()) {
        return Err(JsError::new("options must be an object"));
    }
    let attrs = Attributes {
        scenario: field(&options, "scenario")?,
        script: field(&options, "script")?,
        seed: field(&options, "seed")?,
        views: field(&options, "views")?,
        controls: field(&options, "controls")?,
        autoplay: field(&options, "autoplay")?,
        theme: field(&options, "theme")?,
    };
    let embed = Embed::parse(&attrs).map_err(|e| JsError::new(&e))?;
    let props = AppProps {
        embed: Some(Rc::new(embed)),
    };
    let handle = yew::Renderer::<App>::with_root_and_props(root, props).render();
    Ok(Widget {
        handle: Some(handle),
    })
}

/// The names of the built-in scenarios, for pickers and docs.
#[wasm_bindgen(js_name = scenarioNames)]
pub fn scenario_names() -> Vec<String> {
    crate::scenarios::ALL
        .iter()
        .map(|s| s.name.to_string())
        .collect()
}
