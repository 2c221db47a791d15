// <otp-sim>: a live otpsim cluster in any page.
//
//   <script type="module" src="./pkg/otp-sim.js"></script>
//   <otp-sim scenario="restart-cleans-names"></otp-sim>
//
// Importing this module loads the wasm once and defines the element; every
// <otp-sim> then runs its own world in its own shadow root (the page's CSS
// stays out, the widget's stays in). Changing an attribute rebuilds the
// widget from the new settings. The module re-exports the JS API (Cluster,
// mountWidget, scenarioNames), so one import serves both.

import init, { mountWidget } from "./otpsim.js";

export * from "./otpsim.js";

/** Resolves once the wasm module is ready. */
export const ready = init();

const styles = fetch(new URL("./otp-sim.css", import.meta.url))
  .then((response) => (response.ok ? response.text() : ""))
  .catch(() => "")
  .then((text) => {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(text);
    return sheet;
  });

const OPTIONS = ["scenario", "script", "seed", "views", "autoplay", "controls", "theme"];

/** "480", "480px", "60vh" → a CSS height; anything else → the default. */
function cssHeight(value) {
  if (value == null || value.trim() === "") return "480px";
  const v = value.trim();
  if (/^\d+(\.\d+)?$/.test(v)) return `${v}px`;
  if (/^\d+(\.\d+)?(px|em|rem|vh|dvh|%)$/.test(v)) return v;
  return "480px";
}

export class OtpSimElement extends HTMLElement {
  static observedAttributes = [...OPTIONS, "height"];

  #widget = null;
  #queued = false;
  #root = null;

  constructor() {
    super();
    this.attachShadow({ mode: "open" });
  }

  connectedCallback() {
    this.#schedule();
  }

  disconnectedCallback() {
    this.#unmount();
  }

  attributeChangedCallback() {
    if (this.isConnected) this.#schedule();
  }

  /** The settings as mountWidget takes them: attribute strings or null. */
  options() {
    const options = {};
    for (const name of OPTIONS) options[name] = this.getAttribute(name);
    if (options.script == null) {
      const child = this.querySelector('script[type="text/otp-sim"]');
      if (child) options.script = child.textContent;
    }
    return options;
  }

  // Several attribute changes in one task rebuild the widget once.
  #schedule() {
    if (this.#queued) return;
    this.#queued = true;
    queueMicrotask(async () => {
      const sheet = await styles;
      await ready;
      this.#queued = false;
      if (!this.isConnected) return;
      this.shadowRoot.adoptedStyleSheets = [sheet];
      this.#mount();
    });
  }

  #mount() {
    this.#unmount();
    const root = document.createElement("div");
    root.className = "otp-sim-root";
    root.style.height = cssHeight(this.getAttribute("height"));
    root.setAttribute("part", "root");
    this.shadowRoot.append(root);
    this.#root = root;
    try {
      this.#widget = mountWidget(root, this.options());
      this.dataset.state = "running";
    } catch (error) {
      const box = document.createElement("div");
      box.className = "otp-sim-error";
      box.setAttribute("role", "alert");
      box.setAttribute("data-testid", "otp-sim-error");
      box.textContent = `<otp-sim>: ${error.message}`;
      root.style.height = "auto";
      root.append(box);
      this.dataset.state = "error";
    }
  }

  #unmount() {
    if (this.#widget) {
      this.#widget.destroy();
      this.#widget.free();
      this.#widget = null;
    }
    this.#root?.remove();
    this.#root = null;
  }
}

if (!customElements.get("otp-sim")) {
  customElements.define("otp-sim", OtpSimElement);
}
