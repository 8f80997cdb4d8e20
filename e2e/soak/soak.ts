/**
 * The long soak: Redis, three node processes and HAProxy under mixed load (bot games at a
 * human-ish pace, chat, spectators, reconnects), with periodic drains (SIGTERM, then a new node
 * on the same port) and one kill -9. A one-hour profile compressed into `--minutes` (default 10).
 *
 *   npx tsx e2e/soak/soak.ts [--minutes N] [--tables N]
 *
 * Passes when: the long-lived node's RSS at the end (lowest sample once idle) is no higher than
 * after warm-up (median of ten samples) + 10%, every game ended
 * legally or can be resumed, no acknowledged action is missing from the action log, no node
 * crashed and every drained node exited 0. Prints a summary; exits 1 on failure.
 */
import { parseArgs } from "node:util";
import { lostActions, percentile, resumable } from "@avalon/loadtest";
import { killChildren, startFaultCluster, type FaultCluster } from "@avalon/testkit";
import { MixedLoad } from "./mixed-load.js";
import { mib, rssOf } from "./rss.js";

function median(xs: (number | null)[]): number | null {
  const v = xs.filter((x): x is number => x !== null).sort((a, b) => a - b);
  return v.length ? (v[Math.floor(v.length / 2)] as number) : null;
}

function lowest(xs: (number | null)[]): number | null {
  const v = xs.filter((x): x is number => x !== null);
  return v.length ? Math.min(...v) : null;
}

const { values: options } = parseArgs({ options: { minutes: { type: "string", default: "10" }, tables: { type: "string", default: "6" } }, strict: true });

function positive(name: "minutes" | "tables"): number {
  const v = Number(options[name]);
  if (!Number.isFinite(v) || v <= 0) throw new Error(`--${name} expects a positive number`);
  return v;
}

const minutes = positive("minutes");
const tables = positive("tables");
const runMs = minutes * 60_000;
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const t0 = Date.now();
const at = () => `${((Date.now() - t0) / 1000).toFixed(0).padStart(4)} s`;
const say = (msg: string) => console.log(`[soak ${at()}] ${msg}`);

/** Node slots that drains and the kill rotate over; the last slot lives through the whole run. */
const DISTURBED = [0, 1];
const LONG_LIVED = 2;

async function main(): Promise<number> {
  say(`starting: ${minutes} min, ${tables} tables`);
  const c: FaultCluster = await startFaultCluster({ LIMIT_EVENTS_PER_SECOND: "50", LIMIT_EVENT_BURST: "100", DRAIN_WINDOW_MS: "2000" });
  const problems: string[] = [];
  const drains: string[] = [];
  // Error-level log lines (pino level 50+) of every node process, drained and killed ones included.
  const errorLines: string[] = [];
  const keepErrors = (out: string) => errorLines.push(...out.split("\n").filter((l) => /"level":(50|60)\b/.test(l)));
  let killed = "";
  try {
    const load = new MixedLoad({ url: c.haproxy.url, tables, thinkMs: 400, reconnectEveryMs: 20_000 });
    load.start();

    const warmupMs = Math.max(30_000, runMs * 0.15);
    const stopLoadAt = runMs - Math.max(20_000, runMs * 0.1);
    const drainEvery = Math.max(45_000, runMs / 6);
    const killAt = runMs * 0.6;
    // RSS of each node: the median of ten one-second samples right after warm-up, and at the end
    // the lowest of fifteen samples once the load stopped (V8 gives memory back when idle; what
    // it keeps is what a leak would show).
    let warmRss: (number | null)[] = [];
    const warmSamples: (number | null)[][] = [];
    let nextDrain = warmupMs + 12_000;
    let drainSlot = 0;
    let samples = 0;

    while (Date.now() - t0 < stopLoadAt) {
      await sleep(1000);
      const elapsed = Date.now() - t0;
      if (!warmRss.length && elapsed >= warmupMs) {
        warmSamples.push(c.nodes.map((n) => rssOf(n.proc.pid)));
        if (warmSamples.length === 10) {
          warmRss = c.nodes.map((_, i) => median(warmSamples.map((row) => row[i] ?? null)));
          say(`warm-up over: RSS ${c.nodes.map((n, i) => `${n.nodeId.replace(/-.*/, "")}=${mib(warmRss[i] ?? null)}`).join(" ")}`);
        }
      }
      if (elapsed >= nextDrain && elapsed < stopLoadAt - 20_000) {
        const slot = DISTURBED[drainSlot++ % DISTURBED.length] as number;
        const victim = c.nodes[slot];
        say(`drain: SIGTERM ${victim?.nodeId}`);
        const code = await c.kill(slot, "SIGTERM");
        keepErrors(victim?.output() ?? "");
        drains.push(`${victim?.nodeId} exited ${code}`);
        if (code !== 0) problems.push(`drained node ${victim?.nodeId} exited with ${code}`);
        const fresh = await c.respawn(slot);
        say(`drain: ${victim?.nodeId} exited ${code}; ${fresh.nodeId} serves port ${fresh.port}`);
        if (warmRss.length) warmRss[slot] = null; // a fresh process has no warm-up figure
        nextDrain = Date.now() - t0 + drainEvery;
      }
      if (!killed && elapsed >= killAt) {
        const slot = DISTURBED[drainSlot % DISTURBED.length] as number;
        killed = c.nodes[slot]?.nodeId ?? "?";
        say(`kill -9 ${killed}`);
        await c.kill(slot, "SIGKILL");
        keepErrors(c.nodes[slot]?.output() ?? "");
        const fresh = await c.respawn(slot);
        if (warmRss.length) warmRss[slot] = null;
        say(`kill -9: ${fresh.nodeId} serves port ${fresh.port}`);
      }
      if (++samples % 30 === 0) {
        const done = load.outcomes.length;
        say(`games started ${load.totals.gamesStarted}, judged ${done}; chats ${load.totals.chats}; spectators ${load.totals.spectators}; reconnects ${load.totals.reconnects}`);
      }
    }

    say("stopping new games; waiting for the tables to finish");
    await load.stop();
    const endSamples: (number | null)[][] = [];
    for (let i = 0; i < 15; i++) {
      await sleep(1000);
      endSamples.push(c.nodes.map((n) => rssOf(n.proc.pid)));
    }
    const endRss = c.nodes.map((_, i) => lowest(endSamples.map((row) => row[i] ?? null)));
    for (const n of c.nodes) keepErrors(n.output());

    // Judge every game.
    let finished = 0;
    let resumed = 0;
    let illegal = 0;
    let stuck = 0;
    const noRoom: string[] = [];
    for (const g of load.outcomes) {
      if (!g.roomId) {
        // Refused before a room existed (a host connecting during a drain or kill): nothing to lose or resume.
        noRoom.push(g.stalled ?? "?");
        continue;
      }
      if (g.finished && g.violations.length === 0) finished++;
      else if (g.finished) {
        illegal++;
        problems.push(`game ${g.roomId} ended illegally: ${g.violations.join("; ")}`);
      } else {
        const r = await resumable(c.haproxy.url, g.tokens[0] as string, g.roomId);
        if (r.ok) resumed++;
        else {
          stuck++;
          problems.push(`game ${g.roomId} neither finished nor resumable: ${g.stalled}; ${r.why}`);
        }
      }
    }
    const lost = await lostActions(load.outcomes, (roomId) => c.actionLog(roomId));
    if (lost.length) problems.push(`${lost.length} acknowledged actions missing from the action log: ${lost.slice(0, 5).join(", ")}`);
    const doubles = await c.doubleSeats(load.outcomes.flatMap((g) => g.playerIds));
    if (doubles.length) problems.push(`players in two seats: ${doubles.join(", ")}`);
    if (c.unexpectedExits.length) problems.push(`node crashes: ${c.unexpectedExits.map((e) => e.split("\n")[0]).join("; ")}`);

    const warm = warmRss[LONG_LIVED] ?? null;
    const end = endRss[LONG_LIVED] ?? null;
    if (warm === null || end === null) problems.push("no RSS figures for the long-lived node");
    else if (end > warm * 1.1) problems.push(`long-lived node RSS grew from ${mib(warm)} to ${mib(end)} (> +10%)`);
    for (let i = 0; i < c.nodes.length; i++) {
      const w = warmRss[i] ?? null;
      const e = endRss[i] ?? null;
      if (i !== LONG_LIVED && w !== null && e !== null && e > w * 1.1) problems.push(`node ${c.nodes[i]?.nodeId} RSS grew from ${mib(w)} to ${mib(e)} (> +10%)`);
    }

    const acked = load.outcomes.reduce((n, g) => n + g.acked.length, 0);
    const ack = load.stats.ackMs;
    console.log("\n=== soak summary ===");
    console.log(`duration            ${minutes} min (load for ${((stopLoadAt) / 60_000).toFixed(1)} min), ${tables} tables, think 400 ms`);
    console.log(`games               ${load.outcomes.length} judged: ${finished} finished legally, ${resumed} resumable, ${illegal} illegal, ${stuck} stuck, ${noRoom.length} never got a room${noRoom.length ? ` (${[...new Set(noRoom)].join("; ")})` : ""}`);
    console.log(`actions             ${acked} acknowledged, ${lost.length} lost`);
    console.log(`mixed load          ${load.totals.chats} chats, ${load.totals.spectators} spectators, ${load.totals.reconnects} forced reconnects`);
    console.log(`disturbances        ${drains.length} drains (${drains.join("; ")}), kill -9 of ${killed || "none"}`);
    console.log(`ack latency         p50 ${percentile(ack, 50).toFixed(0)} ms, p99 ${percentile(ack, 99).toFixed(0)} ms over ${ack.length} requests`);
    const refused: Record<string, number> = { ...load.totals.refused };
    for (const g of load.outcomes) for (const [k, v] of Object.entries(g.refusals)) refused[k] = (refused[k] ?? 0) + v;
    console.log(`refused requests    ${JSON.stringify(refused)} (timeouts: ${JSON.stringify(Object.fromEntries([...load.stats.errors].filter(([k]) => k.startsWith("timeout"))))})`);
    console.log(`client counters     ${JSON.stringify(Object.fromEntries(load.stats.counters))}`);
    console.log(`RSS warm-up -> end  ${c.nodes.map((n, i) => `${n.nodeId.replace(/-.*/, "")}: ${mib(warmRss[i] ?? null)} -> ${mib(endRss[i] ?? null)}${i === LONG_LIVED ? " (long-lived)" : ""}`).join(", ")}`);
    console.log(`crashes             ${c.unexpectedExits.length}`);
    console.log(`node error logs     ${errorLines.length}${errorLines.length ? `\n  ${errorLines.slice(0, 5).map((l) => l.slice(0, 400)).join("\n  ")}` : ""}`);
    console.log(problems.length ? `RESULT              FAIL\n  - ${problems.join("\n  - ")}` : "RESULT              PASS");
    return problems.length ? 1 : 0;
  } finally {
    await c.stop().catch(() => undefined);
    killChildren();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    killChildren();
    process.exit(1);
  },
);
