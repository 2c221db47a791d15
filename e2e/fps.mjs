// Frame-time measurement: the web app (dist/) running a 100-node cluster
// with 10,000 Fleet workers, then the processes view of a node holding
// 10,000 more, in headless Chromium. Prints p50/p95/max frame
// times and the longest main-thread task for each view and speed; the
// targets are p95 <= 16.7 ms (60 fps) and no task over 50 ms. A benchmark,
// not a test: it prints numbers and exits 0.
//
//   node e2e/fps.mjs [seconds-per-run]      (after `trunk build --release`)

import { join } from "node:path";
import { serve } from "./serve.mjs";
import { ROOT, launch } from "./lib.mjs";

const seconds = Number(process.argv[2] ?? 5);
const server = await serve(join(ROOT, "dist"));
const browser = await launch();
const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
const byId = (id) => page.locator(`[data-testid="${id}"]`);

await page.goto(server.url);
await byId("console-input").waitFor();

async function line(text) {
  const input = byId("console-input");
  await input.fill(text);
  const before = await page.locator('[data-testid="console-output"] .entry').count();
  const started = Date.now();
  await input.press("Enter");
  await page.waitForFunction(
    (n) => document.querySelectorAll('[data-testid="console-output"] .entry').length > n,
    before,
    { timeout: 300_000 },
  );
  const result = (await byId("console-output").locator(".result").last().textContent()).trim();
  console.log(`  ${text}  =>  ${result.slice(0, 60)}  (${Date.now() - started} ms)`);
}

// Paused while setting up, so each line runs on its own.
await byId("pause").click();
console.log("setting up 100 nodes x 100 Fleet workers:");
await line('Enum.each(1..99, fn i -> Sim.add_node(:"n#{i}@sim") end)');
await line("Enum.each(Sim.nodes(), fn n -> :rpc.call(n, Fleet, :start_users, [1..100]) end)");
await line("Enum.map(Sim.nodes(), fn n -> :rpc.call(n, Registry, :count, [Fleet.Registry]) end) |> Enum.sum()");
await line("length(Sim.nodes())");

/** Plays for `seconds` and returns frame-time and long-task statistics. */
async function measure(speed) {
  await byId("speed").selectOption(String(speed));
  const stats = page.evaluate(async (ms) => {
    const frames = [];
    const tasks = [];
    const observer = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) tasks.push(e.duration);
    });
    try {
      observer.observe({ type: "longtask", buffered: false });
    } catch {}
    let last = performance.now();
    const end = last + ms;
    await new Promise((done) => {
      const tick = (now) => {
        frames.push(now - last);
        last = now;
        if (now < end) requestAnimationFrame(tick);
        else done();
      };
      requestAnimationFrame(tick);
    });
    observer.disconnect();
    frames.sort((a, b) => a - b);
    const at = (q) => frames[Math.min(frames.length - 1, Math.floor(q * frames.length))];
    return {
      frames: frames.length,
      p50: at(0.5),
      p95: at(0.95),
      max: frames[frames.length - 1],
      longTasks: tasks.length,
      longest: tasks.length ? Math.max(...tasks) : 0,
    };
  }, seconds * 1000);
  await byId("play").click();
  const s = await stats;
  await byId("pause").click();
  return s;
}

const verdict = (ok) => (ok ? "PASS" : "MISS");
// One refresh at 60 Hz is 16.7 ms, and requestAnimationFrame time stamps
// jitter by about 0.1 ms around it: p95 counts as on target up to 17.5 ms
// (a dropped frame shows as 33 ms).
const FRAME_OK = 17.5;
console.log(`\nframe times while playing, ${seconds} s per run (targets: p95 <= 16.7 ms, i.e. no dropped frames in 95%; longest task <= 50 ms)`);
console.log("view        speed   frames   p50 ms   p95 ms   max ms   tasks>50ms  longest ms");
for (const tab of ["cluster", "supervision", "log"]) {
  await byId(`tab-${tab}`).click();
  for (const speed of [100, 10000]) {
    const s = await measure(speed);
    console.log(
      `${tab.padEnd(11)} ${(speed / 100 + "x").padStart(6)} ${String(s.frames).padStart(8)} ${s.p50.toFixed(1).padStart(8)} ${s.p95.toFixed(1).padStart(8)} ${s.max.toFixed(1).padStart(8)} ${String(s.longTasks).padStart(11)} ${s.longest.toFixed(0).padStart(11)}   p95 ${verdict(s.p95 <= FRAME_OK)}, tasks ${verdict(s.longest <= 50)}`,
    );
  }
}
// The processes view of one node holding 10,000 processes of its own.
console.log("\nsetting up 10,000 more processes on a@sim:");
await line("for _ <- 1..10_000, do: spawn(fn -> receive do :stop -> :ok end end); :ok");
await line("length(Process.list())");
await byId("tab-processes").click();
for (const speed of [100, 10000]) {
  const s = await measure(speed);
  console.log(
    `${"processes".padEnd(11)} ${(speed / 100 + "x").padStart(6)} ${String(s.frames).padStart(8)} ${s.p50.toFixed(1).padStart(8)} ${s.p95.toFixed(1).padStart(8)} ${s.max.toFixed(1).padStart(8)} ${String(s.longTasks).padStart(11)} ${s.longest.toFixed(0).padStart(11)}   p95 ${verdict(s.p95 <= FRAME_OK)}, tasks ${verdict(s.longest <= 50)}`,
  );
}
const clock = (await byId("clock").textContent()).replace(/\s+/g, " ");
console.log(`virtual clock at the end: ${clock}`);

await browser.close();
await server.close();
