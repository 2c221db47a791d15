//! The code view: the built-in applications' Elixir source, file by file,
//! and the modules typed into the console. Pick a module on the left to
//! read it on the right; Edit opens it in the editor, where loading it
//! replaces the module on every node, and the view follows.

use crate::view::CodeView;
use std::rc::Rc;
use yew::prelude::*;

/// Props of [`CodePane`].
#[derive(Properties, PartialEq)]
pub struct CodeProps {
    /// The files and their modules.
    pub view: Rc<CodeView>,
    /// Open this source in the editor.
    pub onedit: Callback<AttrValue>,
}

/// The code pane.
#[function_component(CodePane)]
pub fn code_pane(props: &CodeProps) -> Html {
    let picked = use_state(|| String::from("Fleet.UserWorker"));
    let view = &props.view;
    let shown = view
        .files
        .iter()
        .flat_map(|f| &f.modules)
        .find(|m| m.name == *picked)
        .or_else(|| view.files.first().and_then(|f| f.modules.first()));
    html! {
        <div class="code-pane" data-testid="code-pane">
            <nav class="code-list" aria-label="Modules">
                { for view.files.iter().map(|file| html! {
                    <section class="code-file">
                        <h3 class="code-file-title mono">{ &file.title }</h3>
                        <ul>
                            { for file.modules.iter().map(|m| {
                                let name = m.name.clone();
                                let onclick = {
                                    let picked = picked.clone();
                                    Callback::from(move |_: MouseEvent| picked.set(name.clone()))
                                };
                                let on = shown.is_some_and(|s| s.name == m.name);
                                html! {
                                    <li>
                                        <button type="button" class={classes!("code-module", "mono", on.then_some("on"))}
                                            aria-pressed={on.to_string()}
                                            data-testid={format!("code-module-{}", m.name)} {onclick}>
                                            { &m.name }
                                            if m.changed {
                                                <span class="badge-changed" title="Replaced in the console">{ "changed" }</span>
                                            }
                                        </button>
                                    </li>
                                }
                            }) }
                        </ul>
                    </section>
                }) }
            </nav>
            <article class="code-source">
                if let Some(m) = shown {
                    <header class="code-head">
                        <h3 class="mono">{ &m.name }</h3>
                        <p class="code-functions mono">{ m.functions.join("  ") }</p>
                        <p class="code-hint">
                            <button type="button" class="btn btn-primary" data-testid="code-edit"
                                onclick={props.onedit.reform({
                                    let source = AttrValue::from(m.source.clone());
                                    move |_: MouseEvent| source.clone()
                                })}>{ "Edit" }</button>
                            { " opens it in the editor; loading it there replaces it on every node, \
                               and running processes take the new code on their next call." }
                        </p>
                    </header>
                    <pre class="mono" data-testid="code-source">{ &m.source }</pre>
                } else {
                    <p class="code-hint">{ "No modules." }</p>
                }
            </article>
        </div>
    }
}
