import { serve } from "./serve.mjs";
import { launch } from "./lib.mjs";
import { writeFileSync } from "node:fs";
const server = await serve(process.argv[2]);
const browser = await launch();
const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
const byId = (id) => page.locator(`[data-testid="${id}"]`);
await page.goto(server.url);
await byId("console-input").waitFor();
async function line(text) {
  const input = byId("console-input");
  await input.fill(text);
  const before = await page.locator('[data-testid="console-output"] .entry').count();
  await input.press("Enter");
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid="console-output"] .entry').length > n, before, { timeout: 300_000 });
}
await byId("pause").click();
await line('Enum.each(1..99, fn i -> Sim.add_node(:"n#{i}@sim") end)');
await line("Enum.each(Sim.nodes(), fn n -> :rpc.call(n, Fleet, :start_users, [1..100]) end)");
await line("for _ <- 1..10_000, do: spawn(fn -> receive do :stop -> :ok end end); :ok");
await byId(`tab-${process.argv[3] || "processes"}`).click();
await byId("speed").selectOption(String(process.argv[4] || 100));
const cdp = await page.context().newCDPSession(page);
await cdp.send("Profiler.enable");
await cdp.send("Profiler.setSamplingInterval", { interval: 200 });
await byId("play").click();
await page.waitForTimeout(1000);
await cdp.send("Profiler.start");
const frames = page.evaluate(async () => { const f=[]; let last=performance.now(); const end=last+4000; await new Promise(d=>{const t=(n)=>{f.push(n-last);last=n;if(n<end)requestAnimationFrame(t);else d();};requestAnimationFrame(t);}); f.sort((a,b)=>a-b); return [f.length, f[Math.floor(f.length/2)], f[Math.floor(f.length*0.95)], f[f.length-1]]; });
const fr = await frames;
const { profile } = await cdp.send("Profiler.stop");
await byId("pause").click();
console.log("frames n/p50/p95/max", fr.map(x=>Math.round(x*10)/10).join(" "));
// self time per function
const byIdNode = new Map(profile.nodes.map(n => [n.id, n]));
const self = new Map();
const dt = profile.timeDeltas; let total = 0;
profile.samples.forEach((id, i) => { const n = byIdNode.get(id); const key = n.callFrame.functionName || `(${n.callFrame.url.split('/').pop()})`; const d = dt[i] || 0; total += d; self.set(key, (self.get(key) || 0) + d); });
const top = [...self.entries()].sort((a,b)=>b[1]-a[1]).slice(0, 45);
for (const [k, v] of top) console.log((v/1000).toFixed(1).padStart(8), "ms", (100*v/total).toFixed(1).padStart(5)+"%", k.slice(0,110));
// inclusive time for selected roots
const parent = new Map(); for (const n of profile.nodes) for (const c of n.children||[]) parent.set(c, n.id);
const incl = new Map();
profile.samples.forEach((id, i) => { const seen=new Set(); let cur=id; while(cur!==undefined){ const n=byIdNode.get(cur); const key=n.callFrame.functionName; if(!seen.has(key)){seen.add(key); incl.set(key,(incl.get(key)||0)+(dt[i]||0));} cur=parent.get(cur);} });
console.log("--- inclusive");
for (const [k,v] of [...incl.entries()].sort((a,b)=>b[1]-a[1]).slice(0,70)) console.log((v/1000).toFixed(1).padStart(8), "ms", k.slice(0,120));
await browser.close(); await server.close();
