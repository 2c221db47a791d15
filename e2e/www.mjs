// End-to-end test of the docs page (www/) with its <otp-sim> widgets:
// every widget renders and runs, bad attributes give a message instead of a
// dead widget, and two widgets never share state.
//
//   node e2e/www.mjs           (after scripts/package has built pkg/)

import { cpSync, existsSync, rmSync } from "node:fs";
import { join } from "node:path";
import { serve } from "./serve.mjs";
import { ROOT, assert, check, finish, launch, shotsDir } from "./lib.mjs";

const pkg = join(ROOT, "pkg");
if (!existsSync(join(pkg, "otp-sim.js"))) {
  console.error("pkg/otp-sim.js is missing: run scripts/package first");
  process.exit(2);
}
rmSync(join(ROOT, "www", "pkg"), { recursive: true, force: true });
cpSync(pkg, join(ROOT, "www", "pkg"), { recursive: true });

const shots = shotsDir("www");
const server = await serve(join(ROOT, "www"));
const browser = await launch();
const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
const errors = [];
page.on("pageerror", (e) => errors.push(String(e)));
page.on("console", (m) => m.type() === "error" && errors.push(m.text()));

/** The text of the last console result in widget `i` (shadow DOM is pierced by locators). */
const widget = (i) => page.locator("otp-sim").nth(i);
const lastResult = (i) => widget(i).locator("[data-testid=console-output] .result").last();

await page.goto(server.url);

await check("every widget renders", async () => {
  const count = await page.locator("otp-sim").count();
  assert(count === 6, `expected 6 widgets, found ${count}`);
  await page.waitForFunction(
    () => [...document.querySelectorAll("otp-sim")].every((e) => e.dataset.state === "running"),
    null,
    { timeout: 30_000 },
  );
  for (let i = 0; i < count; i += 1) {
    const app = widget(i).locator(".app.embedded");
    assert((await app.count()) === 1, `widget ${i} has no app`);
    const box = await widget(i).boundingBox();
    assert(box && box.height >= 250 && box.width >= 300, `widget ${i} is ${JSON.stringify(box)}`);
  }
  await page.screenshot({ path: join(shots, "www-top.png") });
  await page.screenshot({ path: join(shots, "www-full.png"), fullPage: true });
});

await check("scenario widgets ran their scripts", async () => {
  // restart-cleans-names ends with GenServer.call(Fleet.via(2), {:get, :a}) -> nil
  assert((await lastResult(0).textContent()).trim() === "nil", "restart lesson result");
  // rendezvous-vs-modulo ends with Enum.all?(...) -> true
  assert((await lastResult(1).textContent()).trim() === "true", "shards lesson result");
  // the inline <script type="text/otp-sim"> widget: Fleet.ping(2) -> :pong
  assert((await lastResult(5).textContent()).trim() === ":pong", "inline script result");
  // its views="console" hides the tabs; controls="false" hides the play button
  assert((await widget(5).locator("[data-testid=tab-cluster]").count()) === 0, "inline: no tabs");
  assert((await widget(5).locator("[data-testid=play]").count()) === 0, "inline: no controls");
  await widget(1).locator("[data-testid=shards-view]").screenshot({ path: join(shots, "shards-widget.png") });
});

await check("a widget runs: play moves its clock", async () => {
  const w = widget(2); // hello world by gossip
  const clock = w.locator("[data-testid=clock]");
  const before = await clock.textContent();
  await w.locator("[data-testid=play]").click();
  await page.waitForTimeout(700);
  await w.locator("[data-testid=pause]").click();
  const after = await clock.textContent();
  assert(before !== after, `clock stayed at ${before}`);
  assert((await w.locator("[data-testid^=node-]").count()) === 3, "three nodes drawn");
});

await check("two widgets do not share state", async () => {
  const a = widget(0);
  const b = widget(5);
  const input = (w) => w.locator("[data-testid=console-input]");
  await input(a).fill("mark = :from_a");
  await input(a).press("Enter");
  await input(b).fill("mark");
  await input(b).press("Enter");
  assert((await lastResult(0).textContent()).trim() === ":from_a", "a binds its own mark");
  const inB = (await lastResult(5).textContent()).trim();
  assert(inB.includes("undefined function mark/0"), `b does not see a's binding, got ${inB}`);
  await input(b).fill("Supervisor.count_children(Fleet.Dynamic).active");
  await input(b).press("Enter");
  const bCount = (await lastResult(5).textContent()).trim();
  await input(a).fill("Supervisor.count_children(Fleet.Dynamic).active");
  await input(a).press("Enter");
  const aCount = (await lastResult(0).textContent()).trim();
  assert(bCount === "3" && aCount === "3", `counts a=${aCount} b=${bCount}`);
  await input(b).fill("Fleet.start_users(10..12) |> length()");
  await input(b).press("Enter");
  await input(a).fill("Supervisor.count_children(Fleet.Dynamic).active");
  await input(a).press("Enter");
  assert((await lastResult(0).textContent()).trim() === "3", "a still has 3 workers");
});

await check("changing an attribute rebuilds the widget", async () => {
  await page.evaluate(() => document.querySelectorAll("otp-sim")[5].setAttribute("script", "1 + 41"));
  await page.waitForFunction(() => {
    const root = document.querySelectorAll("otp-sim")[5].shadowRoot;
    const results = root?.querySelectorAll("[data-testid=console-output] .result");
    return results?.length === 1 && results[0].textContent.trim() === "42";
  }, null, { timeout: 10_000 });
});

await check("bad attributes show a message and the page lives on", async () => {
  const message = await page.evaluate(async () => {
    const el = document.createElement("otp-sim");
    el.setAttribute("scenario", "no-such-lesson");
    document.body.append(el);
    for (let i = 0; i < 100 && el.dataset.state !== "error"; i += 1) {
      await new Promise((r) => setTimeout(r, 20));
    }
    const text = el.shadowRoot.querySelector("[data-testid=otp-sim-error]")?.textContent ?? "";
    el.setAttribute("scenario", "fleet-bootstrap");
    el.setAttribute("views", "console, bogus");
    await new Promise((r) => setTimeout(r, 100));
    const second = el.shadowRoot.querySelector("[data-testid=otp-sim-error]")?.textContent ?? "";
    el.setAttribute("views", "console");
    await new Promise((r) => setTimeout(r, 300));
    const state = el.dataset.state;
    el.remove();
    return { text, second, state };
  });
  assert(message.text.includes("unknown scenario"), `got ${message.text}`);
  assert(message.second.includes("unknown view"), `got ${message.second}`);
  assert(message.state === "running", `recovered to ${message.state}`);
  // The other widgets still answer.
  const input = widget(0).locator("[data-testid=console-input]");
  await input.fill("1 + 1");
  await input.press("Enter");
  assert((await lastResult(0).textContent()).trim() === "2", "widget 0 still works");
});

await check("the page and its widgets fit a phone", async () => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForTimeout(200);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert(overflow <= 1, `page is ${overflow}px wider than the phone`);
  const widths = await page.locator("otp-sim").evaluateAll((els) => els.map((e) => e.getBoundingClientRect().width));
  assert(widths.every((w) => w <= 390), `widget widths ${widths}`);
  await widget(0).scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(shots, "www-phone.png") });
  await page.setViewportSize({ width: 1280, height: 900 });
});

await check("no errors in the page", async () => {
  assert(errors.length === 0, errors.join("\n"));
});

await browser.close();
await server.close();
finish("www");
