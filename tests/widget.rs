//! `mountWidget` (what `<otp-sim>` calls) and the attribute rules of
//! `otpsim::ui::embed::Embed`, in headless Chromium through `wasm-pack test`
//! (see scripts/test). The element itself and the docs page are covered by
//! the end-to-end test `e2e/www.mjs`.
#![cfg(target_arch = "wasm32")]

use otpsim::ui::components::app::Tab;
use otpsim::ui::embed::{Attributes, Embed, Theme, MAX_LINES, MAX_SCRIPT};
use otpsim::web::mount_widget;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

fn attrs(pairs: &[(&str, &str)]) -> Attributes {
    let mut a = Attributes::default();
    for (k, v) in pairs {
        let v = Some(v.to_string());
        match *k {
            "scenario" => a.scenario = v,
            "script" => a.script = v,
            "seed" => a.seed = v,
            "views" => a.views = v,
            "controls" => a.controls = v,
            "autoplay" => a.autoplay = v,
            "theme" => a.theme = v,
            other => panic!("no attribute {other}"),
        }
    }
    a
}

fn error(pairs: &[(&str, &str)]) -> String {
    match Embed::parse(&attrs(pairs)) {
        Ok(e) => panic!("{pairs:?} parsed to {e:?}"),
        Err(e) => e,
    }
}

#[wasm_bindgen_test]
fn defaults_are_console_cluster_and_log_with_controls() {
    let e = Embed::parse(&Attributes::default()).expect("defaults");
    assert!(e.console && e.controls && !e.autoplay);
    assert_eq!(e.tabs, vec![Tab::Cluster, Tab::Log]);
    assert_eq!((e.seed, e.scenario, e.theme), (0, None, Theme::Auto));
}

#[wasm_bindgen_test]
fn attributes_set_scenario_seed_views_and_flags() {
    let e = Embed::parse(&attrs(&[
        ("scenario", "restart-intensity"),
        ("views", "shards, supervision log shards"),
        ("controls", "false"),
        ("autoplay", ""),
        ("theme", "light"),
    ]))
    .expect("valid");
    assert_eq!(e.scenario.map(|s| s.name), Some("restart-intensity"));
    assert_eq!(e.seed, 3, "the scenario's seed");
    assert!(!e.console && !e.controls && e.autoplay);
    assert_eq!(e.tabs, vec![Tab::Shards, Tab::Supervision, Tab::Log]);
    assert_eq!(e.theme, Theme::Light);
    let seeded = Embed::parse(&attrs(&[("scenario", "restart-intensity"), ("seed", "77")]));
    assert_eq!(seeded.map(|e| e.seed), Ok(77));
}

#[wasm_bindgen_test]
fn scripts_skip_blank_lines_and_comments_and_run_after_the_scenario() {
    let e = Embed::parse(&attrs(&[
        ("scenario", "fleet-bootstrap"),
        ("script", "\n  # a comment\n  Fleet.ping(1)\n\n  1 + 1  \n"),
    ]))
    .expect("valid");
    assert_eq!(e.script, vec!["Fleet.ping(1)", "1 + 1"]);
    let state = e.initial_state();
    let last: Vec<&str> = state
        .transcript
        .iter()
        .rev()
        .take(2)
        .map(|entry| entry.result.as_str())
        .collect();
    assert_eq!(last, vec!["2", ":pong"]);
    assert!(!state.playing);
}

#[wasm_bindgen_test]
fn a_script_may_define_modules_and_the_editor_is_a_view() {
    let e = Embed::parse(&attrs(&[
        ("views", "editor, processes, console"),
        (
            "script",
            "defmodule Hello do\n  def hi, do: :hi\nend\nHello.hi()",
        ),
    ]))
    .expect("valid");
    assert_eq!(e.tabs, vec![Tab::Editor, Tab::Processes]);
    assert!(e.console);
    assert_eq!(e.script.len(), 2, "the module is one chunk: {:?}", e.script);
    let state = e.initial_state();
    let last = state.transcript.last().expect("ran");
    assert_eq!((last.ok, last.result.as_str()), (true, ":hi"));
}

#[wasm_bindgen_test]
fn a_scenario_may_open_with_a_module_in_the_editor() {
    let e = Embed::parse(&attrs(&[
        ("scenario", "fleet-bootstrap"),
        ("views", "editor"),
    ]))
    .expect("valid");
    let state = e.initial_state();
    let (_, source) = state.editor_open.expect("the editor opens with a module");
    assert!(
        source.starts_with("defmodule Fleet.UserWorker do"),
        "{source}"
    );
    let plain = Embed::parse(&attrs(&[("scenario", "restart-intensity")])).expect("valid");
    assert!(plain.initial_state().editor_open.is_none());
}

#[wasm_bindgen_test]
fn bad_attributes_say_which_and_why() {
    assert!(error(&[("scenario", "nope")]).contains("unknown scenario \"nope\""));
    assert!(error(&[("seed", "-1")]).contains("seed must be an integer"));
    assert!(error(&[("seed", "9007199254740992")]).contains("seed must be"));
    assert!(error(&[("views", "console, graph")]).contains("unknown view \"graph\""));
    assert!(error(&[("views", " , ")]).contains("nothing to show"));
    assert!(error(&[("theme", "pink")]).contains("theme must be"));
    let huge = "1\n".repeat(MAX_SCRIPT);
    assert!(error(&[("script", &huge)]).contains("KB"));
    let many = "1\n".repeat(MAX_LINES + 1);
    assert!(error(&[("script", &many)]).contains("lines"));
}

#[wasm_bindgen_test]
fn unbalanced_script_lines_are_console_errors_not_failures() {
    // Read as iex reads it, the script is one expression left open: one
    // error in the transcript, and the widget still works.
    let e = Embed::parse(&attrs(&[("script", "Enum.map([1, 2\n(((\n3")])).expect("valid");
    let state = e.initial_state();
    let oks: Vec<bool> = state.transcript.iter().map(|entry| entry.ok).collect();
    assert_eq!(oks, vec![false]);
    let e = Embed::parse(&attrs(&[("script", "[1, 2\n#iex:break\n3")])).expect("valid");
    let state = e.initial_state();
    let oks: Vec<bool> = state.transcript.iter().map(|entry| entry.ok).collect();
    assert_eq!(oks, vec![false, true]);
}

fn host() -> web_sys::Element {
    let document = web_sys::window()
        .and_then(|w| w.document())
        .expect("document");
    let host = document.create_element("div").expect("div");
    document
        .body()
        .expect("body")
        .append_child(&host)
        .expect("append");
    host
}

fn options(pairs: &[(&str, &str)]) -> JsValue {
    let object = js_sys::Object::new();
    for (k, v) in pairs {
        js_sys::Reflect::set(&object, &(*k).into(), &(*v).into()).expect("set");
    }
    object.into()
}

fn mount_error(options: JsValue) -> String {
    match mount_widget(host(), options) {
        Ok(_) => panic!("mounted"),
        Err(e) => {
            let value = JsValue::from(e);
            js_sys::Reflect::get(&value, &"message".into())
                .ok()
                .and_then(|m| m.as_string())
                .unwrap_or_default()
        }
    }
}

#[wasm_bindgen_test]
async fn mount_widget_draws_and_destroy_removes_it() {
    let root = host();
    let mut widget = mount_widget(
        root.clone(),
        options(&[
            ("script", "Enum.map([1, 2], fn x -> x * 21 end)"),
            ("views", "console cluster"),
        ]),
    )
    .expect("mounts");
    gloo::timers::future::TimeoutFuture::new(50).await;
    let html = root.inner_html();
    assert!(html.contains("app embedded"), "{html}");
    assert!(html.contains("[21, 42]"), "{html}");
    assert!(html.contains("data-testid=\"cluster-view\""));
    assert!(!html.contains("data-testid=\"event-log\""));
    widget.destroy();
    widget.destroy();
    gloo::timers::future::TimeoutFuture::new(20).await;
    assert_eq!(root.inner_html(), "");
}

#[wasm_bindgen_test]
fn mount_widget_throws_errors_for_bad_options() {
    assert!(mount_error(options(&[("scenario", "nope")])).contains("unknown scenario"));
    assert!(mount_error(JsValue::from(5)).contains("options must be an object"));
    let wrong_type = js_sys::Object::new();
    js_sys::Reflect::set(&wrong_type, &"seed".into(), &JsValue::from(5)).expect("set");
    assert!(mount_error(wrong_type.into()).contains("seed must be a string"));
    // And it still mounts afterwards.
    assert!(mount_widget(host(), JsValue::UNDEFINED).is_ok());
}
