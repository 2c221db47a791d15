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

// ---- The web app (otpsim::ui) ------------------------------------------------

mod app {
    use gloo::timers::future::TimeoutFuture;
    use otpsim::ui::complete::{complete, names};
    use otpsim::ui::App;
    use wasm_bindgen::JsCast;
    use wasm_bindgen_test::wasm_bindgen_test;
    use web_sys::{
        Element, HtmlElement, HtmlInputElement, HtmlTextAreaElement, KeyboardEvent,
        KeyboardEventInit,
    };
    use yew::AppHandle;

    /// Mounts a fresh app (its own world) into a new div at the end of
    /// `<body>`, after clearing the share link an earlier app left in the
    /// address.
    fn mount() -> (AppHandle<App>, Element) {
        set_hash("");
        mount_here()
    }

    /// Sets `location.hash` (empty: none) without navigating, as the app does.
    fn set_hash(hash: &str) {
        let window = web_sys::window().unwrap();
        let location = window.location();
        let url = format!(
            "{}{}{}",
            location.pathname().unwrap(),
            location.search().unwrap(),
            hash
        );
        window
            .history()
            .unwrap()
            .replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url))
            .unwrap();
    }

    /// `location.hash`, percent-decoded.
    fn hash() -> String {
        let raw = web_sys::window().unwrap().location().hash().unwrap();
        String::from(js_sys::decode_uri_component(&raw).unwrap())
    }

    /// Mounts a fresh app with whatever hash the address has.
    fn mount_here() -> (AppHandle<App>, Element) {
        let document = web_sys::window().unwrap().document().unwrap();
        let root = document.create_element("div").unwrap();
        document.body().unwrap().append_child(&root).unwrap();
        let handle = yew::Renderer::<App>::with_root(root.clone()).render();
        (handle, root)
    }

    /// Lets Yew render (its scheduler runs in microtasks and timeouts).
    async fn settle() {
        TimeoutFuture::new(30).await;
    }

    fn find(root: &Element, testid: &str) -> Element {
        root.query_selector(&format!("[data-testid=\"{testid}\"]"))
            .unwrap()
            .unwrap_or_else(|| panic!("no element with data-testid={testid}"))
    }

    fn text(root: &Element, testid: &str) -> String {
        find(root, testid).text_content().unwrap_or_default()
    }

    fn press(input: &HtmlElement, key: &str) {
        press_with(input, key, false);
    }

    /// Dispatches `keydown` for `key` (with Shift held when `shift`).
    fn press_with(input: &HtmlElement, key: &str, shift: bool) {
        let init = KeyboardEventInit::new();
        init.set_key(key);
        init.set_shift_key(shift);
        init.set_bubbles(true);
        init.set_cancelable(true);
        let event = KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
        input.dispatch_event(&event).unwrap();
    }

    /// Types `line` into the console and presses Enter.
    async fn enter(root: &Element, line: &str) {
        let input: HtmlTextAreaElement = find(root, "console-input").dyn_into().unwrap();
        input.set_value(line);
        press(&input, "Enter");
        settle().await;
    }

    /// Clicks the element with this test id and lets Yew render.
    async fn click(root: &Element, testid: &str) {
        let element: HtmlElement = find(root, testid).dyn_into().unwrap();
        element.click();
        settle().await;
    }

    /// Pids of the `Fleet.UserWorker` boxes in the tree, in document order.
    fn workers(root: &Element) -> Vec<String> {
        let list = find(root, "supervision-view")
            .query_selector_all("[data-module=\"Fleet.UserWorker\"] .proc-pid")
            .unwrap();
        (0..list.length())
            .filter_map(|i| list.item(i))
            .filter_map(|n| n.text_content())
            .collect()
    }

    #[wasm_bindgen_test]
    async fn the_page_shows_console_tree_log_and_controls() {
        let (handle, root) = mount();
        settle().await;
        for id in [
            "console-input",
            "console-output",
            "play",
            "pause",
            "step",
            "cluster-view",
            "supervision-view",
            "event-log",
            "node-a@sim",
        ] {
            find(&root, id);
        }
        // The other tabs' views are built when their tab first opens.
        assert!(root
            .query_selector("[data-testid=\"shards-view\"]")
            .unwrap()
            .is_none());
        click(&root, "tab-shards").await;
        find(&root, "shards-view");
        click(&root, "tab-cluster").await;
        let tree = text(&root, "supervision-view");
        assert!(tree.contains("Fleet.Supervisor"), "tree: {tree}");
        assert!(tree.contains("Fleet.Dynamic"), "tree: {tree}");
        assert!(tree.contains("Fleet.Registry"), "tree: {tree}");
        assert!(!text(&root, "event-log").is_empty());
        handle.destroy();
    }

    #[wasm_bindgen_test]
    async fn start_users_draws_five_workers_under_fleet_dynamic() {
        let (handle, root) = mount();
        settle().await;
        enter(&root, "Fleet.start_users(1..5)").await;
        let output = text(&root, "console-output");
        assert!(
            output.contains("iex(1)> Fleet.start_users(1..5)"),
            "output: {output}"
        );
        assert!(output.contains("ok: #PID<"), "output: {output}");
        assert_eq!(
            workers(&root).len(),
            5,
            "tree: {}",
            text(&root, "supervision-view")
        );
        // They hang under Fleet.Dynamic, the DynamicSupervisor.
        let dynamic = find(&root, "supervision-view")
            .query_selector(
                "[data-module=\"DynamicSupervisor\"] [data-module=\"Fleet.UserWorker\"]",
            )
            .unwrap();
        assert!(dynamic.is_some(), "workers are not under Fleet.Dynamic");
        handle.destroy();
    }

    #[wasm_bindgen_test]
    async fn a_worker_clicked_opens_its_inspector_whose_kill_goes_through_the_console() {
        let (handle, root) = mount();
        settle().await;
        enter(&root, "Fleet.start_users(1..3)").await;
        let before = workers(&root);
        assert_eq!(before.len(), 3);
        click(&root, "tab-supervision").await;
        let card: HtmlElement = find(&root, "supervision-view")
            .query_selector("[data-module=\"Fleet.UserWorker\"] button")
            .unwrap()
            .unwrap()
            .dyn_into()
            .unwrap();
        card.click();
        settle().await;
        let inspector = text(&root, "inspector");
        assert!(inspector.contains(&before[0]), "inspector: {inspector}");
        assert!(
            inspector.contains("Fleet.UserWorker"),
            "inspector: {inspector}"
        );
        click(&root, "inspector-kill").await;
        settle().await;
        let killed = before[0].trim_start_matches("#PID<").trim_end_matches('>');
        let output = text(&root, "console-output");
        assert!(
            output.contains(&format!("Process.exit(pid(\"{killed}\"), :kill)")),
            "output: {output}"
        );
        let after = workers(&root);
        assert_eq!(after.len(), 3, "the supervisor restarts the killed worker");
        assert!(
            !after.contains(&before[0]),
            "{after:?} still has {}",
            before[0]
        );
        let flashing = find(&root, "supervision-view")
            .query_selector(".restarted")
            .unwrap();
        assert!(flashing.is_some(), "the restarted worker is highlighted");
        assert!(text(&root, "event-log").contains("restart"));
        handle.destroy();
    }

    #[wasm_bindgen_test]
    async fn errors_are_red_and_history_recalls_lines() {
        let (handle, root) = mount();
        settle().await;
        enter(&root, "raise \"boom\"").await;
        let error = find(&root, "console-output")
            .query_selector(".result.error")
            .unwrap();
        let error = error.and_then(|e| e.text_content()).unwrap_or_default();
        assert_eq!(error, "** (RuntimeError) boom");
        enter(&root, "1 + 1").await;
        let input: HtmlTextAreaElement = find(&root, "console-input").dyn_into().unwrap();
        press(&input, "ArrowUp");
        assert_eq!(input.value(), "1 + 1");
        press(&input, "ArrowUp");
        assert_eq!(input.value(), "raise \"boom\"");
        press(&input, "ArrowDown");
        press(&input, "ArrowDown");
        assert_eq!(input.value(), "");
        handle.destroy();
    }

    #[wasm_bindgen_test]
    async fn enter_runs_a_complete_expression_and_continues_an_open_one() {
        let (handle, root) = mount();
        settle().await;
        let input: HtmlTextAreaElement = find(&root, "console-input").dyn_into().unwrap();
        let results = |root: &Element| {
            find(root, "console-output")
                .query_selector_all(".result")
                .unwrap()
                .length()
        };
        let before = results(&root);
        // An open `do`: Enter leaves the text to be continued.
        input.set_value("defmodule Hi do");
        press(&input, "Enter");
        settle().await;
        assert_eq!(input.value(), "defmodule Hi do");
        assert_eq!(results(&root), before);
        // Shift+Enter never runs, even a complete expression.
        input.set_value("defmodule Hi do\n  def there, do: :there\nend");
        press_with(&input, "Enter", true);
        settle().await;
        assert_eq!(results(&root), before);
        press(&input, "Enter");
        settle().await;
        assert_eq!(input.value(), "");
        enter(&root, "Hi.there()").await;
        let last = find(&root, "console-output")
            .query_selector_all(".result")
            .unwrap()
            .item(results(&root) - 1)
            .and_then(|n| n.text_content())
            .unwrap_or_default();
        assert_eq!(last, ":there");
        // `#iex:break` abandons an open expression with iex's error.
        enter(&root, "{1, 2,\n#iex:break").await;
        let error = find(&root, "console-output")
            .query_selector_all(".result.error")
            .unwrap();
        let text = error
            .item(error.length() - 1)
            .and_then(|n| n.text_content())
            .unwrap_or_default();
        assert!(text.contains("incomplete expression"), "{text}");
        handle.destroy();
    }

    #[wasm_bindgen_test]
    async fn pause_stops_the_clock_and_step_moves_it() {
        let (handle, root) = mount();
        settle().await;
        let pause: HtmlElement = find(&root, "pause").dyn_into().unwrap();
        pause.click();
        settle().await;
        assert!(find(&root, "pause").has_attribute("disabled"));
        let clock = text(&root, "clock");
        TimeoutFuture::new(250).await;
        assert_eq!(text(&root, "clock"), clock, "paused time stands still");
        let step: HtmlElement = find(&root, "step").dyn_into().unwrap();
        step.click();
        settle().await;
        assert_ne!(text(&root, "clock"), clock, "step moves virtual time");
        handle.destroy();
    }

    #[wasm_bindgen_test]
    fn tab_completes_module_functions() {
        let names = names();
        let done = complete("Fleet.pin", 9, &names).unwrap();
        assert_eq!(done.line, "Fleet.ping(");
        assert_eq!(done.caret, done.line.len());
        assert!(done.candidates.is_empty());
        // Two names share the prefix: complete as far as they agree, list both.
        let done = complete("Fleet.start_u", 13, &names).unwrap();
        assert_eq!(done.line, "Fleet.start_user");
        assert_eq!(done.candidates, ["Fleet.start_user", "Fleet.start_users"]);
        // Only the word before the caret is completed; the rest stays.
        let done = complete("Enum.cou([1])", 8, &names).unwrap();
        assert_eq!(done.line, "Enum.count([1])");
        assert_eq!(done.caret, 10);
        let done = complete("Flee", 4, &names).unwrap();
        assert_eq!(done.line, "Fleet.");
        assert!(done.candidates.contains(&"Fleet.start_users".to_string()));
        let done = complete("x = sel", 7, &names).unwrap();
        assert_eq!(done.line, "x = self()");
        assert!(complete("nothing_like_this", 17, &names).is_none());
    }

    #[wasm_bindgen_test]
    fn the_panic_banner_offers_a_reset_that_reloads() {
        otpsim::ui::panic::show_banner("test panic");
        let document = web_sys::window().unwrap().document().unwrap();
        let banner = document
            .query_selector("[data-testid=\"panic-banner\"]")
            .unwrap()
            .expect("banner shown");
        let button = banner
            .query_selector("button")
            .unwrap()
            .expect("reset button");
        assert_eq!(button.text_content().as_deref(), Some("reset"));
        assert_eq!(
            button.get_attribute("onclick").as_deref(),
            Some("window.location.reload()")
        );
        banner.remove();
    }

    #[wasm_bindgen_test]
    async fn the_cluster_tab_adds_nodes_and_splits_through_the_console() {
        let (handle, root) = mount();
        settle().await;
        find(&root, "node-a@sim");
        assert!(
            root.query_selector("[data-testid=\"node-b@sim\"]")
                .unwrap()
                .is_none(),
            "one node at first"
        );
        click(&root, "add-node").await;
        find(&root, "node-b@sim");
        let output = text(&root, "console-output");
        assert!(
            output.contains("Sim.add_node(:\"b@sim\")"),
            "output: {output}"
        );
        click(&root, "split").await;
        let output = text(&root, "console-output");
        assert!(
            output.contains("Sim.partition([[:\"a@sim\"], [:\"b@sim\"]])"),
            "output: {output}"
        );
        click(&root, "heal").await;
        assert!(text(&root, "console-output").contains("Sim.heal()"));
        // The supervision tab can show b@sim's tree.
        let picker = find(&root, "node-picker");
        assert!(picker.text_content().unwrap_or_default().contains("b@sim"));
        handle.destroy();
    }

    #[wasm_bindgen_test]
    async fn the_k_slider_sets_k_through_the_console() {
        let (handle, root) = mount();
        settle().await;
        click(&root, "tab-shards").await;
        find(&root, "strategy-picker");
        let slider: HtmlInputElement = find(&root, "k-slider").dyn_into().unwrap();
        slider.set_value("12");
        let init = web_sys::EventInit::new();
        init.set_bubbles(true);
        let change = web_sys::Event::new_with_event_init_dict("change", &init).unwrap();
        slider.dispatch_event(&change).unwrap();
        settle().await;
        let output = text(&root, "console-output");
        assert!(output.contains("Shards.set_k(12)"), "output: {output}");
        assert!(text(&root, "shards-view").contains("K = 12"));
        click(&root, "strategy-jump").await;
        let output = text(&root, "console-output");
        assert!(
            output.contains("Shards.movement(:jump, 12, 13, 10_000)"),
            "output: {output}"
        );
        handle.destroy();
    }

    /// Sets the slider with this test id to `value` and fires `input` and
    /// `change`, as a drag does.
    async fn slide(root: &Element, testid: &str, value: &str) {
        let slider: HtmlInputElement = find(root, testid).dyn_into().unwrap();
        slider.set_value(value);
        for kind in ["input", "change"] {
            let init = web_sys::EventInit::new();
            init.set_bubbles(true);
            let event = web_sys::Event::new_with_event_init_dict(kind, &init).unwrap();
            slider.dispatch_event(&event).unwrap();
        }
        settle().await;
    }

    /// Presses `key` on the page body (outside any field).
    async fn press_on_page(key: &str) {
        let body = web_sys::window()
            .unwrap()
            .document()
            .unwrap()
            .body()
            .unwrap();
        let init = KeyboardEventInit::new();
        init.set_key(key);
        init.set_bubbles(true);
        init.set_cancelable(true);
        let event = KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
        body.dispatch_event(&event).unwrap();
        settle().await;
    }

    #[wasm_bindgen_test]
    async fn the_scrubber_goes_back_in_time_and_forward_again() {
        let (handle, root) = mount();
        settle().await;
        click(&root, "pause").await;
        // A step first, so the line runs after time 0.
        click(&root, "step").await;
        enter(&root, "Fleet.start_users(1..3)").await;
        for _ in 0..3 {
            click(&root, "step").await;
        }
        assert_eq!(workers(&root).len(), 3);
        let end_clock = text(&root, "clock");
        assert_ne!(end_clock.trim_start_matches("virtual"), "00:00.000");
        let scrubber: HtmlInputElement = find(&root, "time-scrubber").dyn_into().unwrap();
        let end = scrubber.max();
        assert_ne!(end, "0", "the scrubber reaches the recorded end");
        assert_eq!(scrubber.value(), end);
        slide(&root, "time-scrubber", "0").await;
        assert!(text(&root, "clock").ends_with("00:00.000"));
        assert!(text(&root, "scrub-now").contains("00:00.000"));
        assert!(
            find(&root, "pause").has_attribute("disabled"),
            "seeking pauses"
        );
        assert!(workers(&root).is_empty(), "at 0 no user was started yet");
        // Stepping from the past replays the recorded future: no branch.
        click(&root, "step").await;
        let scrubber: HtmlInputElement = find(&root, "time-scrubber").dyn_into().unwrap();
        assert_eq!(
            scrubber.max(),
            end,
            "a step in the past keeps the recorded future"
        );
        slide(&root, "time-scrubber", "0").await;
        slide(&root, "time-scrubber", &end).await;
        assert_eq!(text(&root, "clock"), end_clock);
        assert_eq!(
            workers(&root).len(),
            3,
            "tree: {}",
            text(&root, "supervision-view")
        );
        handle.destroy();
    }

    #[wasm_bindgen_test]
    async fn a_line_typed_after_going_back_branches() {
        let (handle, root) = mount();
        settle().await;
        click(&root, "pause").await;
        for _ in 0..3 {
            click(&root, "step").await;
        }
        enter(&root, "Sim.add_node(:\"b@sim\")").await;
        find(&root, "node-b@sim");
        slide(&root, "time-scrubber", "0").await;
        assert!(
            root.query_selector("[data-testid=\"node-b@sim\"]")
                .unwrap()
                .is_none(),
            "before the line, b@sim does not exist"
        );
        enter(&root, "Fleet.start_users(1..2)").await;
        assert_eq!(workers(&root).len(), 2);
        let scrubber: HtmlInputElement = find(&root, "time-scrubber").dyn_into().unwrap();
        assert_eq!(scrubber.max(), "0", "the branch dropped the old future");
        handle.destroy();
    }

    #[wasm_bindgen_test]
    async fn space_and_arrows_drive_time_outside_the_console() {
        let (handle, root) = mount();
        settle().await;
        press_on_page(" ").await;
        assert!(
            find(&root, "pause").has_attribute("disabled"),
            "space pauses"
        );
        let start = text(&root, "clock");
        press_on_page("ArrowRight").await;
        let stepped = text(&root, "clock");
        assert_ne!(stepped, start, "→ steps");
        press_on_page("ArrowLeft").await;
        assert_ne!(text(&root, "clock"), stepped, "← steps back");
        // In the console input the keys are the console's own.
        let input: HtmlTextAreaElement = find(&root, "console-input").dyn_into().unwrap();
        press(&input, " ");
        settle().await;
        assert!(find(&root, "pause").has_attribute("disabled"));
        press_on_page(" ").await;
        assert!(find(&root, "play").has_attribute("disabled"), "space plays");
        handle.destroy();
    }

    #[wasm_bindgen_test]
    async fn speeds_run_from_a_tenth_to_a_thousand() {
        let (handle, root) = mount();
        settle().await;
        let options = find(&root, "speed").query_selector_all("option").unwrap();
        let labels: Vec<String> = (0..options.length())
            .filter_map(|i| options.item(i))
            .filter_map(|n| n.text_content())
            .collect();
        assert_eq!(labels, ["0.1×", "1×", "10×", "100×", "1000×"]);
        handle.destroy();
    }

    /// Picks `value` in the select with this test id, as a user does.
    async fn choose(root: &Element, testid: &str, value: &str) {
        let select: web_sys::HtmlSelectElement = find(root, testid).dyn_into().unwrap();
        select.set_value(value);
        let init = web_sys::EventInit::new();
        init.set_bubbles(true);
        let event = web_sys::Event::new_with_event_init_dict("change", &init).unwrap();
        select.dispatch_event(&event).unwrap();
        settle().await;
    }

    #[wasm_bindgen_test]
    async fn a_scenario_runs_its_script_and_explains_itself() {
        let (handle, root) = mount();
        settle().await;
        let options = find(&root, "scenario-picker")
            .query_selector_all("option")
            .unwrap();
        assert_eq!(options.length() as usize, otpsim::scenarios::ALL.len() + 1);
        assert!(root
            .query_selector("[data-testid=\"scenario-explanation\"]")
            .unwrap()
            .is_none());
        enter(&root, "Fleet.start_users(1..9)").await;
        choose(&root, "scenario-picker", "restart-cleans-names").await;
        let explanation = text(&root, "scenario-explanation");
        assert!(
            explanation.contains("A restart cleans names"),
            "{explanation}"
        );
        assert!(
            explanation.contains("the Registry drops its name"),
            "{explanation}"
        );
        let output = text(&root, "console-output");
        assert!(
            output.contains("Registry.lookup(Fleet.Registry, 2)"),
            "output: {output}"
        );
        assert!(
            !output.contains("start_users(1..9)"),
            "a fresh world: {output}"
        );
        // Every line ran, the last one too.
        assert!(
            output.contains("iex(8)> GenServer.call(Fleet.via(2), {:get, :a})"),
            "output: {output}"
        );
        assert_eq!(workers(&root).len(), 3);
        assert!(
            find(&root, "pause").has_attribute("disabled"),
            "paused where the script ended"
        );
        assert!(
            hash().contains("scenario=restart-cleans-names"),
            "{}",
            hash()
        );
        assert!(hash().contains("seed=2"), "{}", hash());
        choose(&root, "scenario-picker", "blank").await;
        assert!(root
            .query_selector("[data-testid=\"scenario-explanation\"]")
            .unwrap()
            .is_none());
        assert!(workers(&root).is_empty());
        handle.destroy();
    }

    #[wasm_bindgen_test]
    async fn the_address_holds_the_seed_and_the_lines_typed() {
        let (handle, root) = mount();
        settle().await;
        enter(&root, "Fleet.start_users(1..2)").await;
        let hash = hash();
        assert!(hash.contains("seed=0"), "{hash}");
        assert!(hash.contains("LFleet.start_users(1..2)"), "{hash}");
        handle.destroy();
    }

    #[wasm_bindgen_test]
    async fn opening_a_share_link_rebuilds_the_transcript_and_the_clock() {
        let (handle, root) = mount();
        settle().await;
        click(&root, "pause").await;
        click(&root, "step").await;
        enter(&root, "Fleet.start_users(1..3)").await;
        enter(&root, "nonsense()").await;
        for _ in 0..3 {
            click(&root, "step").await;
        }
        enter(&root, "Sim.add_node(:\"b@sim\")").await;
        click(&root, "step").await;
        slide(&root, "time-scrubber", "1").await;
        click(&root, "step").await;
        let clock = text(&root, "clock");
        let output = text(&root, "console-output");
        let workers_then = workers(&root).len();
        let link = web_sys::window().unwrap().location().hash().unwrap();
        handle.destroy();
        // Another page opens the link.
        set_hash("");
        set_hash(&link);
        let (handle, root) = mount_here();
        settle().await;
        assert_eq!(text(&root, "clock"), clock, "link: {link}");
        let rebuilt = text(&root, "console-output");
        for line in [
            "iex(1)> Fleet.start_users(1..3)",
            "iex(2)> nonsense()",
            "iex(3)> Sim.add_node(:\"b@sim\")",
        ] {
            assert!(rebuilt.contains(line), "rebuilt: {rebuilt}");
        }
        assert_eq!(rebuilt, output);
        assert_eq!(workers(&root).len(), workers_then);
        assert!(find(&root, "pause").has_attribute("disabled"), "paused");
        assert!(root
            .query_selector("[data-testid=\"share-notice\"]")
            .unwrap()
            .is_none());
        handle.destroy();
    }

    #[wasm_bindgen_test]
    async fn a_share_link_replays_an_interrupted_line_to_where_it_stopped() {
        // `I<steps>:<line>`: the line ran 30 steps, then was interrupted.
        set_hash("#seed=0&in=LFleet.start_users(1..2)%0AI30%3AEnum.reduce(1..100_000_000%2C%200%2C%20%26%2B%2F2)%0AL1%20%2B%201");
        let (handle, root) = mount_here();
        settle().await;
        let output = text(&root, "console-output");
        assert!(
            output.contains("iex(2)> Enum.reduce(1..100_000_000, 0, &+/2)"),
            "{output}"
        );
        assert!(output.contains("** (EXIT) interrupted"), "{output}");
        assert!(output.contains("iex(3)> 1 + 1"), "{output}");
        assert!(
            root.query_selector("[data-testid=\"running-line\"]")
                .unwrap()
                .is_none(),
            "nothing left running"
        );
        // The page's own link says the same again.
        assert!(hash().contains("I30"), "{}", hash());
        handle.destroy();
    }

    #[wasm_bindgen_test]
    async fn a_broken_share_link_is_partly_ignored_with_a_notice() {
        for link in [
            "#seed=5&t=zz&in=LFleet.start_users(1..2)%0AQ1%0AA%E2%82%AC&wat=1",
            "#in=%E0%A4%A&seed",
            "#%%%&&==",
            "#seed=3&in=A99999999999999999999999",
            "#seed=3&in=A900000000000000000%0AA900000000000000000&t=18446744073709551615",
        ] {
            set_hash(link);
            let (handle, root) = mount_here();
            settle().await;
            let notice = text(&root, "share-notice");
            assert!(notice.contains("ignored"), "{link}: {notice}");
            handle.destroy();
        }
        set_hash("#seed=5&t=zz&in=LFleet.start_users(1..2)%0AQ1");
        let (handle, root) = mount_here();
        settle().await;
        assert!(text(&root, "console-output").contains("iex(1)> Fleet.start_users(1..2)"));
        assert_eq!(workers(&root).len(), 2);
        handle.destroy();
        set_hash("");
    }
}

/// Every scenario's trace in wasm is the one recorded natively
/// (`tests/data/scenario_digests.txt`, checked natively by
/// `tests/scenarios.rs`): the same seed and input give the same trace in
/// the browser as on the command line.
#[wasm_bindgen_test]
fn scenario_traces_in_wasm_match_the_native_digests() {
    let recorded = include_str!("data/scenario_digests.txt");
    let mut checked = 0;
    for line in recorded.lines() {
        let (name, digest) = line.split_once(' ').expect("name digest");
        let scenario = otpsim::scenarios::find(name).expect("a known scenario");
        let mut session = otpsim::console::session::Session::new(scenario.seed);
        for l in scenario.lines() {
            session.eval(&l);
        }
        let actual = format!("{:016x}", session.console().world().trace_digest());
        assert_eq!(
            actual, digest,
            "{name}: the wasm trace differs from the native one"
        );
        checked += 1;
    }
    assert_eq!(checked, otpsim::scenarios::ALL.len());
}

// ---- The transcripts, in the browser ----------------------------------------

#[path = "common/transcript.rs"]
mod transcript;

/// The process and OTP transcripts made by real iex print in the browser
/// what they print natively: each file matches at least the chunks its
/// native baseline records.
#[wasm_bindgen_test]
fn otp_transcripts_print_what_iex_printed_in_the_browser() {
    let baseline = include_str!("data/transcripts_baseline.txt");
    let files: &[(&str, &str)] = &[
        ("24_processes", include_str!("transcripts/24_processes.out")),
        (
            "25_links_trap_exit",
            include_str!("transcripts/25_links_trap_exit.out"),
        ),
        (
            "26_monitors_names_timers",
            include_str!("transcripts/26_monitors_names_timers.out"),
        ),
        (
            "27_kv_process",
            include_str!("transcripts/27_kv_process.out"),
        ),
        ("28_agent", include_str!("transcripts/28_agent.out")),
        ("29_genserver", include_str!("transcripts/29_genserver.out")),
        ("31_tasks", include_str!("transcripts/31_tasks.out")),
        (
            "32_supervisor_module",
            include_str!("transcripts/32_supervisor_module.out"),
        ),
        (
            "34_dynamic_supervisor",
            include_str!("transcripts/34_dynamic_supervisor.out"),
        ),
        ("35_registry", include_str!("transcripts/35_registry.out")),
        (
            "40_genserver_lifecycle",
            include_str!("transcripts/40_genserver_lifecycle.out"),
        ),
        (
            "41_supervisor_api",
            include_str!("transcripts/41_supervisor_api.out"),
        ),
        (
            "42_task_agent_more",
            include_str!("transcripts/42_task_agent_more.out"),
        ),
        (
            "43_registry_api",
            include_str!("transcripts/43_registry_api.out"),
        ),
        (
            "44_seed_kv_guide",
            include_str!("transcripts/44_seed_kv_guide.out"),
        ),
        (
            "45_seed_todo_system",
            include_str!("transcripts/45_seed_todo_system.out"),
        ),
    ];
    let norm = transcript::Normalizer::new();
    for (name, out) in files {
        let want: usize = baseline
            .lines()
            .filter_map(|l| l.split_once(' '))
            .find(|(n, _)| n == name)
            .and_then(|(_, count)| count.parse().ok())
            .unwrap_or_else(|| panic!("{name} is not in the baseline"));
        let (matched, total, report) = transcript::run(name, out, &norm);
        assert!(
            matched >= want,
            "{name}: {matched}/{total} chunks in the browser, {want} natively\n{report}"
        );
    }
}
