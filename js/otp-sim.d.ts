// Types for otp-sim.js: the JS API of otpsim.js plus the element.
export * from "./otpsim.js";

/** Resolves once the wasm module is ready. */
export declare const ready: Promise<unknown>;

/** `<otp-sim>`: attributes scenario, script, seed, views, height, autoplay, controls, theme. */
export declare class OtpSimElement extends HTMLElement {
  /** The current settings, as `mountWidget` takes them. */
  options(): import("./otpsim.js").WidgetOptions;
}

declare global {
  interface HTMLElementTagNameMap {
    "otp-sim": OtpSimElement;
  }
}
