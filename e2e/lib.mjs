// Shared by the end-to-end tests: launching Debian's Chromium through
// playwright-core (installed by scripts/tools into .tools/npm), a tiny
// assertion helper, and where screenshots go.

import { createRequire } from "node:module";
import { mkdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(join(ROOT, ".tools/npm/package.json"));
const { chromium } = require("playwright-core");

/** Headless Chromium from apt (CHROMIUM overrides the path). */
export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
  });
}

/** The folder screenshots of `suite` go to, created and printed. */
export function shotsDir(suite) {
  const dir = join(ROOT, "target", "e2e", suite);
  mkdirSync(dir, { recursive: true });
  console.log(`screenshots: ${dir}`);
  return dir;
}

let passed = 0;
let failed = 0;

/** Runs one named check; a failure is reported and counted, not thrown. */
export async function check(name, body) {
  const started = Date.now();
  try {
    await body();
    passed += 1;
    console.log(`test ${name} ... ok (${Date.now() - started} ms)`);
  } catch (error) {
    failed += 1;
    console.log(`test ${name} ... FAILED\n  ${String(error?.stack || error).replace(/\n/g, "\n  ")}`);
  }
}

export function assert(condition, message) {
  if (!condition) throw new Error(message);
}

/** Prints the cargo-style result line and sets the exit code. */
export function finish(suite) {
  const status = failed === 0 ? "ok" : "FAILED";
  console.log(`test result: ${status}. ${passed} passed; ${failed} failed (e2e ${suite})`);
  process.exitCode = failed === 0 ? 0 : 1;
}
