//! An embedded widget's settings: what `<otp-sim>`'s attributes ask for,
//! checked once, before anything mounts, so a bad attribute gets a message
//! instead of a half-built widget.
//!
//! Attributes arrive as strings (or absent); [`Embed::parse`] turns them
//! into an [`Embed`] the [`crate::ui::App`] draws from. The rules a docs
//! author meets:
//!
//! - `scenario`: a built-in scenario name; its seed unless `seed` is set.
//! - `script`: console input read as iex reads it — a line, or lines
//!   joined until the expression is complete (a whole `defmodule ... end`);
//!   blank lines and lines starting with `#` are skipped. Runs after the
//!   scenario's lines.
//! - `seed`: a decimal integer from 0 to 2^53 − 1.
//! - `views`: names separated by commas or spaces, in the order to show:
//!   `console`, `cluster`, `supervision`, `shards`, `names`, `services`,
//!   `messages`, `log`. Default:
//!   `console cluster log`.
//! - `controls`: `false` hides play/pause/step/speed and the scrubber.
//! - `autoplay`: present (or `true`) starts the clock running.
//! - `theme`: `dark`, `light` or `auto` (the reader's system setting).

use crate::console::session::Input;
use crate::scenarios::{self, Scenario};
use crate::ui::components::app::Tab;
use crate::ui::share::Shared;
use crate::ui::state::State;

/// The largest script accepted, in bytes.
pub const MAX_SCRIPT: usize = 64 * 1024;
/// The most script lines accepted.
pub const MAX_LINES: usize = 500;

/// A colour theme.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Theme {
    /// Follow the reader's system setting.
    Auto,
    /// Always dark.
    Dark,
    /// Always light.
    Light,
}

impl Theme {
    /// The class the widget's root gets (`theme-dark`, …).
    pub fn class(self) -> &'static str {
        match self {
            Theme::Auto => "theme-auto",
            Theme::Dark => "theme-dark",
            Theme::Light => "theme-light",
        }
    }
}

/// One widget's settings.
#[derive(Clone, Debug, PartialEq)]
pub struct Embed {
    /// The world's seed.
    pub seed: u64,
    /// The built-in scenario run first, if any.
    pub scenario: Option<&'static Scenario>,
    /// Lines run after the scenario's.
    pub script: Vec<String>,
    /// Whether the console is shown.
    pub console: bool,
    /// The view tabs shown, in order.
    pub tabs: Vec<Tab>,
    /// Whether play/pause/step/speed and the scrubber are shown.
    pub controls: bool,
    /// Whether the clock starts running.
    pub autoplay: bool,
    /// The colour theme.
    pub theme: Theme,
}

/// The attributes as the page gave them (`None`: absent).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Attributes {
    /// `scenario`.
    pub scenario: Option<String>,
    /// `script`, or the text of a `<script type="text/otp-sim">` child.
    pub script: Option<String>,
    /// `seed`.
    pub seed: Option<String>,
    /// `views`.
    pub views: Option<String>,
    /// `controls`.
    pub controls: Option<String>,
    /// `autoplay`.
    pub autoplay: Option<String>,
    /// `theme`.
    pub theme: Option<String>,
}

/// `true` for a boolean attribute that is present and not `"false"`.
fn flag(value: Option<&str>, absent: bool) -> bool {
    match value {
        None => absent,
        Some(v) => !v.trim().eq_ignore_ascii_case("false"),
    }
}

impl Embed {
    /// Checks the attributes; the message says which one is wrong and why.
    pub fn parse(attrs: &Attributes) -> Result<Embed, String> {
        let scenario = match attrs.scenario.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(name) => Some(scenarios::find(name).ok_or_else(|| {
                let names: Vec<&str> = scenarios::ALL.iter().map(|s| s.name).collect();
                format!(
                    "unknown scenario {name:?}; the built-in ones are: {}",
                    names.join(", ")
                )
            })?),
        };
        let seed = match attrs.seed.as_deref().map(str::trim) {
            None | Some("") => scenario.map_or(crate::ui::state::SEED, |s| s.seed),
            Some(text) => text
                .parse::<u64>()
                .ok()
                .filter(|s| *s < (1 << 53))
                .ok_or_else(|| {
                    format!("seed must be an integer from 0 to 2^53 - 1, not {text:?}")
                })?,
        };
        let script = script_lines(attrs.script.as_deref().unwrap_or(""))?;
        let (console, tabs) = views(attrs.views.as_deref())?;
        let theme = match attrs.theme.as_deref().map(str::trim) {
            None | Some("") | Some("auto") => Theme::Auto,
            Some("dark") => Theme::Dark,
            Some("light") => Theme::Light,
            Some(other) => return Err(format!("theme must be dark, light or auto, not {other:?}")),
        };
        Ok(Embed {
            seed,
            scenario,
            script,
            console,
            tabs,
            controls: flag(attrs.controls.as_deref(), true),
            autoplay: flag(attrs.autoplay.as_deref(), false),
            theme,
        })
    }

    /// The widget's first state: the scenario's lines, then the script's,
    /// run on the seed; running when `autoplay`.
    pub fn initial_state(&self) -> State {
        let inputs = self
            .scenario
            .iter()
            .flat_map(|s| s.lines())
            .chain(self.script.iter().cloned())
            .map(Input::Line)
            .collect();
        let mut state = State::restore(&Shared {
            scenario: self.scenario.map(|s| s.name.to_string()),
            seed: self.seed,
            inputs,
            time: None,
        });
        state.playing = self.autoplay;
        state
    }
}

/// `text` without the indentation its lines share (a script indented to
/// sit inside HTML) and without trailing spaces.
fn dedent(text: &str) -> String {
    let indent = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start().len())
        .min()
        .unwrap_or(0);
    text.lines()
        .map(|l| l.get(indent..).unwrap_or("").trim_end())
        .collect::<Vec<_>>()
        .join("\n")
}

/// The script's console lines, or why it is refused.
fn script_lines(text: &str) -> Result<Vec<String>, String> {
    if text.len() > MAX_SCRIPT {
        return Err(format!(
            "script is {} KB; the most a widget runs is {} KB",
            text.len() / 1024,
            MAX_SCRIPT / 1024
        ));
    }
    let lines = crate::console::Reader::chunks(&dedent(text));
    if lines.len() > MAX_LINES {
        return Err(format!(
            "script has {} lines; the most a widget runs is {MAX_LINES}",
            lines.len()
        ));
    }
    Ok(lines)
}

/// Whether the console shows, and the tabs, from `views`.
fn views(text: Option<&str>) -> Result<(bool, Vec<Tab>), String> {
    let text = text.map(str::trim).filter(|t| !t.is_empty());
    let text = text.unwrap_or("console cluster log");
    let mut console = false;
    let mut tabs = Vec::new();
    for name in text
        .split([',', ' '])
        .map(str::trim)
        .filter(|n| !n.is_empty())
    {
        if name == "console" {
            console = true;
            continue;
        }
        let tab = Tab::ALL
            .iter()
            .copied()
            .find(|t| t.id() == name)
            .ok_or_else(|| {
                let ids: Vec<&str> = Tab::ALL.iter().map(|t| t.id()).collect();
                format!(
                    "unknown view {name:?}; views are console, {}",
                    ids.join(", ")
                )
            })?;
        if !tabs.contains(&tab) {
            tabs.push(tab);
        }
    }
    if !console && tabs.is_empty() {
        return Err("views names nothing to show".to_string());
    }
    Ok((console, tabs))
}
