//! The app's state as Yew holds it: [`crate::page::model`] (plain Rust,
//! tested natively) with the browser's clock plugged in.

pub use crate::page::model::*;
use std::rc::Rc;
use yew::Reducible;

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        self.reduce_with(action, &js_sys::Date::now)
    }
}
