//! Hooks shared by the components.

use crate::ui::state::{Action, State};
use crate::view::TreeNode;
use gloo::render::{request_animation_frame, AnimationFrame};
use std::cell::{Cell, RefCell};
use std::collections::{HashMap, HashSet};
use std::rc::Rc;
use web_sys::Element;
use yew::prelude::*;

/// How long a restarted worker stays highlighted, in wall-clock milliseconds.
pub const FLASH_MS: f64 = 1_600.0;

/// Longest wall-clock gap one tick may cover: a tab that was hidden (where
/// browsers throttle timers) does not jump ahead by minutes when it returns.
const MAX_TICK_GAP_MS: f64 = 1_000.0;

/// While `playing`, dispatches [`Action::Tick`] once per animation frame
/// with the wall-clock milliseconds that passed since the last one, so 1×
/// keeps pace with real time and every frame both simulates (within
/// [`crate::ui::state::TICK_BUDGET_MS`]) and draws. Fractions of a
/// millisecond are carried to the next frame. The loop stops when
/// `playing` turns false or the component unmounts.
#[hook]
pub fn use_play_loop(playing: bool, dispatcher: UseReducerDispatcher<State>) {
    use_effect_with(playing, move |&playing| {
        let frame: Rc<RefCell<Option<AnimationFrame>>> = Rc::new(RefCell::new(None));
        if playing {
            schedule(Rc::clone(&frame), None, 0.0, dispatcher);
        }
        move || drop(frame.borrow_mut().take())
    });
}

/// Asks for the next frame; `last` is the previous frame's time stamp.
fn schedule(
    slot: Rc<RefCell<Option<AnimationFrame>>>,
    last: Option<f64>,
    carry: f64,
    dispatcher: UseReducerDispatcher<State>,
) {
    let next = Rc::clone(&slot);
    let handle = request_animation_frame(move |now| {
        let mut carry = carry;
        if let Some(last) = last {
            let gap = (now - last).clamp(0.0, MAX_TICK_GAP_MS) + carry;
            let whole = gap.floor();
            carry = gap - whole;
            // `whole` is within 0..=1001, so the cast cannot truncate.
            dispatcher.dispatch(Action::Tick(whole as u64));
        }
        schedule(next, Some(now), carry, dispatcher);
    });
    if let Ok(mut slot) = slot.try_borrow_mut() {
        *slot = Some(handle);
    }
}

/// What [`use_restart_flash`] remembers between renders.
#[derive(Default)]
struct Seen {
    /// Last pid seen for each registered name or registry key.
    pids: HashMap<String, String>,
    /// Pids of restarted processes and until when (wall ms) they flash.
    flashing: HashMap<String, f64>,
}

/// Pids of processes that recently replaced an earlier process under the
/// same registered name or registry key: a supervisor restarted them.
///
/// Names and keys outlive the processes that hold them, which is what lets a
/// restart be told apart from a brand new child.
#[hook]
pub fn use_restart_flash(trees: &[TreeNode]) -> Rc<HashSet<String>> {
    let seen = use_mut_ref(Seen::default);
    let now = js_sys::Date::now();
    let Ok(mut seen) = seen.try_borrow_mut() else {
        return Rc::default();
    };
    let mut stack: Vec<&TreeNode> = trees.iter().collect();
    while let Some(node) = stack.pop() {
        stack.extend(node.children.iter());
        for id in node.name.iter().chain(node.keys.iter()) {
            let previous = seen.pids.insert(id.clone(), node.pid.clone());
            if previous.is_some_and(|p| p != node.pid) {
                seen.flashing.insert(node.pid.clone(), now + FLASH_MS);
            }
        }
    }
    seen.flashing.retain(|_, until| *until > now);
    Rc::new(seen.flashing.keys().cloned().collect())
}

/// Keeps a scroll area pinned to its bottom while new content arrives
/// (`changed` is anything that differs when it does), unless the reader has
/// scrolled up. Returns the `onscroll` callback for the area.
#[hook]
pub fn use_stick_to_bottom<T>(area: NodeRef, changed: T) -> Callback<Event>
where
    T: PartialEq + 'static,
{
    let pinned: Rc<Cell<bool>> = use_memo((), |_| Cell::new(true));
    {
        let area = area.clone();
        let pinned = pinned.clone();
        use_effect_with(changed, move |_| {
            if pinned.get() {
                if let Some(el) = area.cast::<Element>() {
                    el.set_scroll_top(el.scroll_height());
                }
            }
        });
    }
    Callback::from(move |_: Event| {
        if let Some(el) = area.cast::<Element>() {
            pinned.set(el.scroll_top() + el.client_height() >= el.scroll_height() - 24);
        }
    })
}

/// `value` while `live`; otherwise the last value it had while live. A tab
/// that is kept but hidden gets the same (pointer-equal) props every
/// frame, so Yew skips it instead of diffing a picture nobody sees.
#[hook]
pub fn use_held<T>(value: T, live: bool) -> T
where
    T: Clone + 'static,
{
    let held = use_mut_ref(|| value.clone());
    if live {
        *held.borrow_mut() = value;
    }
    let now = held.borrow().clone();
    now
}
