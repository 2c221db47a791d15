// End-to-end test of the web app as built by Trunk (dist/): load it, run a
// scenario, split the network and heal it, move the K slider, scrub back in
// time, and check what is on screen at each step. Prints the first-render
// times and saves screenshots (desktop, phone, light and dark).
//
//   node e2e/app.mjs           (after `trunk build --release`)

import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { serve } from "./serve.mjs";
import { ROOT, assert, check, finish, launch, shotsDir } from "./lib.mjs";

const dist = join(ROOT, "dist");
if (!existsSync(join(dist, "index.html"))) {
  console.error("dist/index.html is missing: run `trunk build --release` first");
  process.exit(2);
}

const shots = shotsDir("app");
const server = await serve(dist);
const browser = await launch();
const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
const page = await context.newPage();
const errors = [];
page.on("pageerror", (e) => errors.push(String(e)));
page.on("console", (m) => m.type() === "error" && errors.push(m.text()));

const byId = (id) => page.locator(`[data-testid="${id}"]`);
const lastResult = () => byId("console-output").locator(".result").last();
const clock = async () => (await byId("clock").textContent()).replace(/\s+/g, " ").trim();

/** Types `line` into the console and waits for its entry; its result's text. */
async function runLine(line) {
  const before = await byId("console-output").locator(".entry").count();
  await byId("console-input").fill(line);
  await byId("console-input").press("Enter");
  await page.waitForFunction(
    (n) => document.querySelectorAll('[data-testid="console-output"] .entry').length > n,
    before,
    { timeout: 10_000 },
  );
  return (await lastResult().textContent()).trim();
}

/** Milliseconds from navigation start until `selector` shows, as the page measured it. */
async function renderTime(url, selector) {
  await page.goto("about:blank");
  await page.goto(url);
  await page.waitForSelector(selector, { timeout: 15_000 });
  return page.evaluate(() => performance.now());
}

/** The median of `n` runs of `measure` (page loads vary by tens of ms). */
async function median(n, measure) {
  const times = [];
  for (let i = 0; i < n; i++) times.push(await measure());
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(n / 2)], min: times[0], max: times[n - 1] };
}

await check("first render", async () => {
  const blank = await median(5, () => renderTime(server.url, '[data-testid="console-input"]'));
  const scenario = await median(5, () =>
    renderTime(`${server.url}#scenario=hello-world-gossip&seed=5`, '[data-testid="node-c@sim"]'),
  );
  const show = (t) => `${t.median.toFixed(0)} ms (${t.min.toFixed(0)}-${t.max.toFixed(0)})`;
  console.log(
    `first render (median of 5 loads): blank page ${show(blank)}, scenario link ${show(scenario)} (aim <= 300 ms)`,
  );
  assert(blank.max < 10_000 && scenario.max < 10_000, "the page rendered");
});

await check("every control and view has its test id", async () => {
  await page.goto(server.url);
  await byId("console-input").waitFor();
  const ids = ["console-input", "console-output", "play", "pause", "step", "time-scrubber",
    "scenario-picker", "cluster-view", "event-log", "split", "heal", "node-a@sim"];
  for (const id of ids) assert((await byId(id).count()) >= 1, `missing data-testid=${id}`);
  await byId("tab-shards").click();
  for (const id of ["shards-view", "k-slider", "strategy-picker"]) {
    assert((await byId(id).count()) >= 1, `missing data-testid=${id}`);
  }
  await byId("tab-cluster").click();
});

await check("a scenario runs from the picker", async () => {
  await byId("scenario-picker").selectOption("hello-world-gossip");
  await byId("node-c@sim").waitFor();
  assert((await byId("scenario-explanation").textContent()).includes("heartbeat"), "explanation shown");
  const last = (await lastResult().textContent()).trim();
  assert(last.includes("Hello world from"), `Sim.log result: ${last}`);
  assert((await page.locator(".cluster .links .link-up").count()) === 3, "three links up");
  await page.screenshot({ path: join(shots, "scenario.png") });
});

await check("split and heal from the cluster view", async () => {
  await byId("split").click();
  await page.waitForFunction(() => document.querySelectorAll(".cluster .links .link-cut").length >= 2);
  const line = (await byId("console-output").locator(".entry-code").last().textContent()) ?? "";
  assert(line.includes("Sim.partition"), `the split issued ${line}`);
  await page.screenshot({ path: join(shots, "split.png") });
  await byId("heal").click();
  await page.waitForFunction(() => document.querySelectorAll(".cluster .links .link-cut").length === 0);
  assert((await lastResult().textContent()).trim() === ":ok", "Sim.heal() -> :ok");
});

await check("a nemesis schedule is drawn on the time track", async () => {
  const before = await byId("fault-mark").count();
  const input = byId("console-input");
  await input.fill("Sim.nemesis([{0, :heal}, {100, :heal}]); Process.sleep(200)");
  await input.press("Enter");
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid="fault-mark"]').length >= n + 2, before, { timeout: 5_000 });
  const marks = byId("fault-mark");
  const title = (await marks.last().getAttribute("title")) ?? "";
  assert(title.includes(":heal"), `the mark names its fault: ${title}`);
  assert((await page.locator('[data-testid="fault-mark"].to-come').count()) === 0, "both have fired");
  const left = parseFloat((await marks.last().getAttribute("style")).replace(/[^0-9.]/g, ""));
  assert(left > 0 && left <= 100, `the mark sits on the track: ${left}%`);
});

await check("the event log exports the trace as a file", async () => {
  const [json] = await Promise.all([page.waitForEvent("download"), byId("export-json").click()]);
  assert(json.suggestedFilename() === "otpsim-trace.json", `saved as ${json.suggestedFilename()}`);
  const data = JSON.parse(readFileSync(await json.path(), "utf8"));
  assert(data.format === "otpsim-trace/1" && data.events.length > 0, `format ${data.format}`);
  assert(data.events.some((e) => e.kind === "fault"), "the nemesis faults are in the trace");
  const [mermaid] = await Promise.all([page.waitForEvent("download"), byId("export-mermaid").click()]);
  assert(readFileSync(await mermaid.path(), "utf8").startsWith("sequenceDiagram"), "a Mermaid diagram");
});

await check("clicking a node crashes it, clicking again restarts it", async () => {
  await byId("node-b@sim").click();
  await page.waitForSelector('[data-testid="node-b@sim"].down');
  await byId("node-b@sim").click();
  await page.waitForSelector('[data-testid="node-b@sim"]:not(.down)');
});

await check("clicking a process dot opens its inspector; Kill kills it, not its node", async () => {
  const dots = byId("node-a@sim").locator(".dot-worker");
  assert((await dots.count()) > 0, "a@sim draws worker dots");
  assert((await byId("node-a@sim").locator(".dot-user").count()) > 0, "the shell is drawn as the user's");
  const dot = dots.last();
  const pid = (await dot.getAttribute("data-testid")).replace("proc-", "");
  await dot.click();
  await byId("inspector").waitFor();
  assert((await byId("inspector").textContent()).includes(pid), `the inspector is on ${pid}`);
  await byId("inspector-kill").click();
  const line = (await byId("console-output").locator(".entry-code").last().textContent()) ?? "";
  assert(line.startsWith("Process.exit(pid(") && pid.includes(line.split('"')[1]), `Kill issued ${line} for ${pid}`);
  await byId("inspector-dead").waitFor();
  await byId("inspector-close").click();
  assert((await byId("inspector").count()) === 0, "closed");
  assert((await page.locator('[data-testid="node-a@sim"].down').count()) === 0, "a@sim still up");
  // The links' layer and the nodes' layer must line up exactly.
  const boxes = await page.locator(".cluster-body > svg").evaluateAll((els) =>
    els.map((e) => JSON.stringify(e.getBoundingClientRect())));
  assert(boxes.length === 2 && boxes[0] === boxes[1], `layers differ: ${boxes.join(" vs ")}`);
  await byId("cluster-view").screenshot({ path: join(shots, "cluster.png") });
});

await check("the inspector shows a GenServer's state and mailbox, and follows the scrubber", async () => {
  const input = byId("console-input");
  const run = async (line) => {
    await input.fill(line);
    await input.press("Enter");
  };
  // The GenServer is typed into the editor and loaded from there.
  await byId("tab-editor").click();
  const editor = byId("editor-input");
  await editor.waitFor();
  assert((await editor.inputValue()).startsWith("defmodule Counter do"), "a starter module");
  await editor.fill([
    "defmodule Tally do",
    "  use GenServer",
    "  def init(n), do: {:ok, n}",
    "  def handle_cast(:add, n), do: {:noreply, n + 1}",
    "  def handle_call(:hold, _from, n) do",
    "    receive do",
    "      :go -> {:reply, n, n}",
    "    end",
    "  end",
    "end",
  ].join("\n"));
  await editor.press("Control+Enter");
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="console-output"] .result')].pop()?.textContent.includes("{:module, Tally"));
  await run("{:ok, tally} = GenServer.start(Tally, 40, name: :tally)");
  // A pid in the console's output opens the inspector too.
  await lastResult().locator(".pid-inline").click();
  await byId("inspector").waitFor();
  assert((await byId("inspector").textContent()).includes(":tally"), "the pid in the output opened :tally");
  await byId("inspector-close").click();
  await run("GenServer.cast(:tally, :add); Process.sleep(10)");
  const early = await clock();
  await run("GenServer.cast(:tally, :add); Process.sleep(10)");
  await byId("tab-processes").click();
  await byId("processes-search").fill("tally");
  const row = byId("processes-view").locator(".proc-row").first();
  assert((await row.textContent()).includes(":tally"), "the search finds :tally");
  await row.click();
  await byId("inspector-state").waitFor();
  assert((await byId("inspector-state").textContent()).trim() === "42", "state 42");
  // A caller waits in handle_call's receive; messages queue behind it.
  await run("spawn(fn -> GenServer.call(:tally, :hold) end); Process.sleep(5); send(:tally, :one); send(:tally, {:two, 2}); Process.sleep(10)");
  await page.waitForFunction(() => document.querySelector('[data-testid="inspector-mailbox"]')?.textContent.includes("2 message(s)"));
  const mailbox = await byId("inspector-mailbox").textContent();
  assert(mailbox.includes(":one") && mailbox.includes("{:two, 2}"), mailbox);
  assert((await byId("inspector-status").textContent()).includes("waiting in receive in Tally.handle_call/3"), "waits in its receive");
  await byId("inspector").screenshot({ path: join(shots, "inspector.png") });
  await page.screenshot({ path: join(shots, "processes.png") });
  // Back to before the second cast: the inspector shows state 41.
  const [m, sec] = early.match(/(\d\d):(\d\d\.\d\d\d)/).slice(1);
  const ms = Math.round((Number(m) * 60 + Number(sec)) * 1000);
  const scrubber = byId("time-scrubber");
  await scrubber.fill(String(ms));
  await scrubber.dispatchEvent("change");
  await page.waitForFunction(() => document.querySelector('[data-testid="inspector-state"]')?.textContent.trim() === "41", null, { timeout: 5_000 })
    .catch(async (e) => { throw new Error(`state ${await byId("inspector-state").textContent()} at ${await clock()}: ${e.message}`); });
  await byId("inspector-close").click();
  await byId("processes-search").fill("");
  await byId("tab-cluster").click();
});

await check("the K slider moves K and the fleet follows", async () => {
  await byId("tab-shards").click();
  const slider = byId("k-slider");
  await slider.fill("12");
  await slider.dispatchEvent("change");
  await page.waitForFunction(() => document.querySelector(".k-label")?.textContent.includes("12"));
  const line = (await byId("console-output").locator(".entry-code").last().textContent()) ?? "";
  assert(line.includes("Shards.set_k(12)"), `the slider issued ${line}`);
  await byId("strategy-modulo").click();
  // The key search routes a key through the console and shows its path.
  await byId("key-search").fill("42");
  await byId("key-search").press("Enter");
  await byId("key-route").waitFor();
  const route = await byId("key-route").textContent();
  assert(/42 → shard \d+ → \w@sim → #PID</.test(route), `route: ${route}`);
  await byId("shards-view").screenshot({ path: join(shots, "shards.png") });
  await byId("tab-cluster").click();
});

await check("the scrubber goes back in time and a new line branches", async () => {
  const end = await clock();
  const scrubber = byId("time-scrubber");
  await scrubber.fill("0");
  await scrubber.dispatchEvent("change");
  await page.waitForFunction(() => document.querySelector('[data-testid="clock"]').textContent.includes("00:00.000"), null, { timeout: 5_000 })
    .catch(async (e) => { throw new Error(`clock shows ${await clock()} (was ${end}), scrubber ${await scrubber.inputValue()}: ${e.message}`); });
  assert(end !== (await clock()), `clock went back from ${end}`);
  // At 0 the nodes were added but gossip had not connected them yet.
  assert((await page.locator(".cluster .links .link-up").count()) === 0, "no link up at time 0");
  await page.screenshot({ path: join(shots, "scrubbed.png") });
  const input = byId("console-input");
  await input.fill("Node.list()");
  await input.press("Enter");
  assert((await lastResult().textContent()).trim() === "[]", "the branch starts from time 0");
});

await check("play moves the clock and pause stops it", async () => {
  await byId("play").click();
  await page.waitForTimeout(600);
  await byId("pause").click();
  const a = await clock();
  await page.waitForTimeout(300);
  assert(a === (await clock()), "paused clock stands still");
  assert(!a.includes("00:00.000"), `clock moved: ${a}`);
});

await check("an invariant turns red on the track, and its chip jumps to where it broke", async () => {
  const input = byId("console-input");
  await input.fill(
    ":ets.new(:inv, [:named_table, :public]); Sim.invariant(:empty, fn -> :ets.info(:inv, :size) == 0 end); " +
      "spawn(fn -> Process.sleep(300); :ets.insert(:inv, {1}) end)",
  );
  await input.press("Enter");
  await byId("invariant").waitFor();
  assert((await page.locator('[data-testid="invariant"].red').count()) === 0, "green while the table is empty");
  await byId("play").click();
  await page.waitForSelector('[data-testid="invariant"].red', { timeout: 10_000 });
  await page.waitForTimeout(300);
  await byId("pause").click();
  assert((await byId("invariant-span").count()) === 1, "one red span on the track");
  const title = (await byId("invariant").getAttribute("title")) ?? "";
  const broke = title.match(/first broke at (\S+): returned false/);
  assert(broke, `the chip says when and why: ${title}`);
  const later = (await byId("scrub-now").textContent()).trim();
  assert(later !== broke[1], `the clock is past the break (${later})`);
  await byId("invariant").click();
  await page.waitForFunction((t) => document.querySelector('[data-testid="scrub-now"]').textContent.trim() === t, broke[1], { timeout: 5_000 })
    .catch(async (e) => { throw new Error(`after the jump the clock shows ${await byId("scrub-now").textContent()}, not ${broke[1]}: ${e.message}`); });
  assert((await page.locator('[data-testid="invariant"].red').count()) === 1, "red at the breaking event");
  await page.screenshot({ path: join(shots, "invariant.png") });
});

await check("names view: a split shows divergent :global names, the heal settles them", async () => {
  await byId("scenario-picker").selectOption("netsplit-global");
  await byId("tab-names").click();
  await byId("names-view").waitFor();
  // The scenario ends healed: everyone agrees on :leader.
  const leader = byId("names-global-:leader");
  await leader.waitFor();
  assert(!(await leader.getAttribute("class")).includes("divergent"), "healed: no divergence");
  // Scrub back into the split (the second register_name ran at 6 s).
  const scrubber = byId("time-scrubber");
  await scrubber.fill("6500");
  await scrubber.dispatchEvent("change");
  await page.waitForFunction(() =>
    document.querySelector('[data-testid="names-global-:leader"]')?.classList.contains("divergent"));
  assert((await byId("names-divergent").textContent()).includes("seen differently"), "the hint warns");
  await byId("names-view").screenshot({ path: join(shots, "names-split.png") });
});

await check("services view: PubSub fan-out and a KV command with its route", async () => {
  await byId("scenario-picker").selectOption("hermes-pubsub");
  await byId("tab-services").click();
  await byId("fanout").waitFor();
  const pubsub = await byId("pubsub-view").textContent();
  assert(pubsub.includes(':"user.created"') && pubsub.includes("last broadcast"), pubsub);
  const kv = byId("kv-input");
  await kv.fill("CREATE shopping");
  await kv.press("Enter");
  await kv.fill("PUT shopping milk 1");
  await kv.press("Enter");
  await page.waitForFunction(() => document.querySelector('[data-testid="kv-routes"]').textContent.includes('"shopping"'));
  const last = (await byId("console-output").locator(".entry-code").last().textContent()) ?? "";
  assert(last === 'KV.command("PUT shopping milk 1")', `the prompt issued ${last}`);
  assert((await lastResult().textContent()).trim() === '"OK\\r\\n"', "PUT replied OK");
  await byId("services-view").screenshot({ path: join(shots, "services.png") });
});

await check("messages view: the sequence chart draws sends between lanes", async () => {
  await byId("tab-messages").click();
  await byId("sequence-view").waitFor();
  const arrows = await page.locator(".seq-msg").count();
  const lanes = await page.locator(".seq-lane").count();
  assert(arrows > 0 && lanes >= 2 && lanes <= 8, `arrows=${arrows} lanes=${lanes}`);
  await byId("sequence-view").screenshot({ path: join(shots, "messages.png") });
});

await check("editor: load a module, see an error at its line, and change a running app's code", async () => {
  await byId("tab-editor").click();
  const editor = byId("editor-input");
  await editor.waitFor();
  await editor.fill("defmodule Broken do\n  def f do\n    nope()\n  end\nend");
  await editor.press("Control+Enter");
  await byId("editor-error").waitFor();
  assert((await byId("editor-error").textContent()).includes("undefined function nope/0"), "the compile error");
  assert((await page.locator(".ed-line.ed-error").count()) === 1, `one line marked: ${await byId("editor-error").textContent()}`);
  assert((await page.locator(".ed-line").nth(2).getAttribute("class")).includes("ed-error"), "line 3 marked");
  // Auto-indent: Enter after `do` indents two more.
  await editor.fill("defmodule Indent do");
  await editor.press("End");
  await editor.press("Enter");
  assert((await editor.inputValue()) === "defmodule Indent do\n  ", `indented: ${JSON.stringify(await editor.inputValue())}`);
  await editor.fill("defmodule Counter2 do\n  use GenServer\n  def init(n), do: {:ok, n}\n  def handle_cast(:bump, n), do: {:noreply, n + 1}\nend");
  await byId("editor-load").click();
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="console-output"] .result')].pop()?.textContent.includes("{:module, Counter2"));
  assert((await byId("editor-error").count()) === 0, "no error after a good load");
  await byId("editor-view").screenshot({ path: join(shots, "editor.png") });
  // Fleet.UserWorker from the code view, edited to answer :pang.
  await byId("tab-code").click();
  await byId("code-module-Fleet.UserWorker").click();
  await byId("code-edit").click();
  await editor.waitFor();
  const source = await editor.inputValue();
  assert(source.includes("{:reply, :pong, state}"), "the worker's source opened");
  await editor.fill(source.replace("{:reply, :pong, state}", "{:reply, :pang, state}"));
  await editor.press("Control+Enter");
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="console-output"] .result')].pop()?.textContent.includes("Fleet.UserWorker"));
  // Every node runs the new code: user 1 started on each answers :pang.
  const input = byId("console-input");
  const run = async (line) => {
    await input.fill(line);
    await input.press("Enter");
  };
  await run('for n <- [:"b@sim", :"c@sim"], n not in Sim.nodes(), do: Sim.add_node(n)');
  await run("Enum.map(Sim.nodes(), fn n -> :rpc.call(n, Fleet, :start_user, [1]); {n, :rpc.call(n, Fleet, :ping, [1])} end)");
  const answers = (await lastResult().textContent()).trim();
  const nodes = answers.match(/\w+@sim: :\w+/g) ?? [];
  assert(nodes.length >= 3 && nodes.every((a) => a.endsWith(":pang")), `every node answers :pang: ${answers}`);
  await byId("tab-cluster").click();
});

await check("code view: the apps' Elixir source, and a module redefined in the console", async () => {
  await byId("tab-code").click();
  await byId("code-pane").waitFor();
  const source = await byId("code-source").textContent();
  assert(source.startsWith("defmodule Fleet.UserWorker do"), source.slice(0, 80));
  await byId("code-module-KV.Router").click();
  assert((await byId("code-source").textContent()).includes("def table_owner(bucket)"), "KV.Router's source");
  const input = byId("console-input");
  await input.fill("defmodule Fleet.UserWorker do use GenServer; def init(s), do: {:ok, s} end");
  await input.press("Enter");
  await byId("code-module-Fleet.UserWorker").click();
  await page.waitForFunction(() => document.querySelector('[data-testid="code-module-Fleet.UserWorker"]').textContent.includes("changed"));
  assert((await byId("code-source").textContent()).includes("def init(s)"), "the new source");
  await byId("code-pane").screenshot({ path: join(shots, "code.png") });
});

await check("the event log filters by node, process and kind", async () => {
  // Let the nodes gossip a while: the system's own traffic.
  await byId("console-input").fill("Process.sleep(3_000)");
  await byId("console-input").press("Enter");
  await byId("tab-log").click();
  // Gossip between nodes is the system's own traffic: hidden until asked for.
  const filter = byId("log-filter");
  await filter.fill("send b@sim");
  const quiet = await byId("event-log").locator(".log-line").allTextContents();
  assert(Number((await byId("log-hidden").textContent()).match(/\d+/)[0]) > 0, "some lines are hidden");
  await byId("log-system").check();
  const texts = await byId("event-log").locator(".log-line").allTextContents();
  assert(texts.length > 0, "some b@sim sends");
  assert(texts.every((t) => t.includes("send") && t.includes("<1.")), texts.slice(0, 3).join("\n"));
  assert(texts.some((t) => !quiet.includes(t)), `system traffic shows when asked for (${quiet.length} -> ${texts.length})`);
  await byId("log-system").uncheck();
  await filter.fill("");
  await byId("tab-cluster").click();
});

await check("the event log marks the work a console line set off", async () => {
  const input = byId("console-input");
  await input.fill("w = spawn(fn -> receive do :go -> send(self(), :bye); receive do :bye -> :ok end end end); send(w, :go)");
  await input.press("Enter");
  await byId("tab-log").click();
  const latest = byId("event-log").locator(".log-line.caused.latest");
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="event-log"] .log-line.caused.latest').length >= 4);
  const texts = await latest.allTextContents();
  for (const kind of ["spawn", "send", "receive", "exit"]) {
    assert(texts.some((t) => t.includes(kind)), `the line's ${kind} is marked:\n${texts.join("\n")}`);
  }
  const tag = (await latest.last().locator('[data-testid="log-cause"]').textContent()).trim();
  const prompts = await byId("console-output").textContent();
  assert(/^iex\(\d+\)$/.test(tag) && prompts.includes(`${tag}>`), `tag ${tag} names a prompt of the console`);
  await page.locator(".event-log").screenshot({ path: join(shots, "log-caused.png") });
  await byId("tab-cluster").click();
});

await check("changing the hash of the open page opens that scenario", async () => {
  await byId("scenario-picker").selectOption("restart-intensity");
  // The page writes its own link first; then the reader edits it.
  await page.waitForFunction(() => location.hash.startsWith("#scenario=restart-intensity"));
  await page.evaluate(() => { location.hash = "#scenario=hello-world-gossip&seed=5"; });
  await page.waitForFunction(() => document.querySelector('[data-testid="scenario-picker"]')?.value === "hello-world-gossip", null, { timeout: 5_000 })
    .catch(async (e) => {
      const seen = await page.evaluate(() => [location.hash.slice(0, 60), document.querySelector('[data-testid="scenario-picker"]')?.value]);
      throw new Error(`hash ${seen[0]}, picker ${seen[1]}: ${e.message}`);
    });
  await byId("node-c@sim").waitFor();
});

await check("a long line runs a slice per frame: frames stay short, and Interrupt stops it", async () => {
  const input = byId("console-input");
  const entries = () => byId("console-output").locator(".entry").count();
  const before = await entries();
  // About 20M reductions, the line budget: seconds of work.
  await input.fill("Enum.reduce(1..100_000_000, 0, &+/2)");
  await input.press("Enter");
  await byId("running-line").waitFor({ timeout: 5_000 });
  // Frame gaps while it runs, as the page sees them.
  const gaps = await page.evaluate(
    () =>
      new Promise((resolve) => {
        const out = [];
        let last = performance.now();
        const until = last + 1_500;
        const frame = (now) => {
          out.push(now - last);
          last = now;
          if (now < until) requestAnimationFrame(frame);
          else resolve(out);
        };
        requestAnimationFrame(frame);
      }),
  );
  assert(await byId("running-line").isVisible(), "still running after 1.5 s");
  const worst = Math.max(...gaps);
  console.log(`    ${gaps.length} frames while the line ran; longest ${worst.toFixed(1)} ms`);
  assert(worst <= 50, `a frame took ${worst.toFixed(1)} ms`);
  await page.screenshot({ path: join(shots, "running-line.png") });
  await byId("interrupt").click();
  await page.waitForFunction(
    (n) => document.querySelectorAll('[data-testid="console-output"] .entry').length > n,
    before,
    { timeout: 5_000 },
  );
  assert((await lastResult().textContent()).trim() === "** (EXIT) interrupted", "it says it was interrupted");
  assert((await byId("running-line").count()) === 0, "the running row is gone");
  await input.fill("1 + 1");
  await input.press("Enter");
  await page.waitForFunction(
    (n) => document.querySelectorAll('[data-testid="console-output"] .entry').length > n + 1,
    before,
    { timeout: 5_000 },
  );
  assert((await lastResult().textContent()).trim() === "2", "the next line runs");
});

await check("with every node down the page keeps answering, and a restart brings a node back", async () => {
  await runLine("for n <- Sim.nodes(), n != node(), do: Sim.crash_node(n); Sim.crash_node(node())");
  await runLine('KV.command("CREATE x")');
  assert((await runLine("1 + 1")) === "2", "the console answers with every node down");
  const out = await byId("console-output").textContent();
  assert(out.includes("every node is down"), "it says so");
  await runLine('Sim.restart_node(:"a@sim")');
  const back = await runLine("node()");
  assert(back === ":a@sim", `back on a@sim: ${back}`);
});

await check("the fault lab sweeps seeds, lists the failing ones, shrinks one and opens one", async () => {
  await page.goto(`${server.url}#seed=1`);
  await byId("console-input").waitFor();
  const lines = [
    'Sim.add_node(:"b@sim"); Sim.add_node(:"c@sim"); Process.sleep(3_000)',
    'Sim.invariant(:b_alive, fn -> :"b@sim" in Node.list() end)',
    'Sim.crash_node(Enum.random([:"b@sim", :"c@sim"])); Process.sleep(100)',
  ];
  for (const line of lines) await runLine(line);
  if (await byId("pause").isEnabled()) await byId("pause").click();
  await byId("tab-faults").click();
  await byId("sweep-seeds").fill("8");
  // Frames stay short while the sweep runs.
  await page.evaluate(() => {
    window.__gaps = [];
    let last = performance.now();
    const tick = (t) => { window.__gaps.push(t - last); last = t; if (window.__gaps.length < 2000) requestAnimationFrame(tick); };
    requestAnimationFrame(tick);
  });
  await byId("sweep-run").click();
  await page.waitForFunction(() => (document.querySelector('[data-testid="sweep-progress"]')?.textContent ?? "").includes("(done)"), null, { timeout: 60_000 });
  const gaps = await page.evaluate(() => window.__gaps.slice(2));
  gaps.sort((a, b) => a - b);
  const p95 = gaps[Math.floor(gaps.length * 0.95)] ?? 0;
  console.log(`sweep of 8 seeds in the page: ${gaps.length} frames, 95th percentile ${p95.toFixed(1)} ms`);
  assert(p95 < 100, `frames stay short while sweeping: p95 ${p95.toFixed(1)} ms`);
  const progress = (await byId("sweep-progress").textContent()).trim();
  assert(progress.includes("8 of 8 seeds"), progress);
  const failing = await byId("sweep-seed").count();
  assert(failing > 0 && failing < 8, `some seeds crash b, some c: ${failing} failing (${progress})`);
  const first = (await byId("sweep-seed").first().textContent()) ?? "";
  assert(first.includes("invariant b_alive broke"), `the failing seed says what broke: ${first}`);
  await byId("sweep-shrink").first().click();
  await byId("shrink-lines").waitFor({ timeout: 30_000 });
  const kept = await byId("shrink-lines").locator("li").count();
  assert(kept === 1, `the shrink keeps the one line that breaks it: ${kept}`);
  await page.screenshot({ path: join(shots, "sweep.png") });
  await byId("sweep-open").first().click();
  await page.waitForSelector('[data-testid="invariant"].red', { timeout: 10_000 });
});

await check("phone width and both themes render without overlap", async () => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: join(shots, "phone.png") });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert(overflow <= 1, `page is ${overflow}px wider than the phone`);
  await page.setViewportSize({ width: 1280, height: 800 });
  for (const scheme of ["dark", "light"]) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.screenshot({ path: join(shots, `theme-${scheme}.png`) });
    const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    const dark = bg === "rgb(15, 18, 22)";
    assert(dark === (scheme === "dark"), `${scheme} scheme body background ${bg}`);
  }
  // The toggle pins a theme over the system's (light here): auto -> dark -> light -> auto.
  const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  await byId("theme-toggle").click();
  assert((await background()) === "rgb(15, 18, 22)", "dark pinned");
  await byId("theme-toggle").click();
  assert((await background()) !== "rgb(15, 18, 22)", "light pinned");
  await byId("theme-toggle").click();
  assert((await byId("theme-toggle").textContent()).includes("auto"), "back to auto");
});

await check("screenshots: blank page, a four-node split, the inspector and the editor, desktop and phone", async () => {
  for (const [label, width, height] of [["1440", 1440, 900], ["phone", 390, 844]]) {
    await page.setViewportSize({ width, height });
    await page.goto("about:blank");
    await page.goto(server.url);
    await byId("console-input").waitFor();
    await page.screenshot({ path: join(shots, `blank-${label}.png`) });
    const input = byId("console-input");
    for (const line of [
      'for n <- ["b", "c", "d"], do: Sim.add_node(:"#{n}@sim"); Process.sleep(3_000)',
      'Sim.partition([[:"a@sim", :"b@sim"], [:"c@sim", :"d@sim"]]); Process.sleep(2_000)',
    ]) {
      await input.fill(line);
      await input.press("Enter");
    }
    await byId("pause").click();
    await byId("node-d@sim").waitFor();
    assert((await page.locator(".cluster .link-cut").count()) > 0, "the split shows cut links");
    await page.screenshot({ path: join(shots, `split-${label}.png`) });
    await byId("node-a@sim").locator(".dot-worker").first().click({ force: true });
    await byId("inspector").waitFor();
    await page.screenshot({ path: join(shots, `inspector-${label}.png`) });
    await byId("inspector-close").click();
    await byId("tab-editor").click();
    await byId("editor-input").waitFor();
    await page.screenshot({ path: join(shots, `editor-${label}.png`) });
    await byId("tab-cluster").click();
  }
  await page.setViewportSize({ width: 1280, height: 800 });
});

await check("no errors in the page", async () => {
  assert(errors.length === 0, errors.join("\n"));
});

await browser.close();
await server.close();
finish("app");
