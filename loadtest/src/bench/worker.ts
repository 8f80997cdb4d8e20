import { monitorEventLoopDelay } from "node:perf_hooks";
import { runEchoPeers, type EchoJob } from "./echo-peers.js";
import type { Bot } from "../bot/bot.js";
import { runTables, type TablesJob } from "./game-tables.js";
import { HumanLoad, type HumanJob, type HumanRun } from "./human-players.js";
import { openIdle, type IdleSet } from "./idle-connections.js";

/**
 * A load-generator process of `npm run bench`. The parent forks several (one process may hold at
 * most 20,000 descriptors, and one event loop would measure its own lag) and drives them with
 * requests `{ id, method, params }`, answered `{ id, result }` or `{ id, error }`.
 */
type Handler = (params: never) => Promise<unknown> | unknown;

let idle: IdleSet | null = null;
const DELAY_RESOLUTION_MS = 10;
const delay = monitorEventLoopDelay({ resolution: DELAY_RESOLUTION_MS });
delay.enable();
let human: HumanLoad | null = null;
const lingering: Bot[] = [];

const handlers: Record<string, Handler> = {
  "lag.reset"() {
    delay.reset();
    return true;
  },
  "lag.read"() {
    // Each sample is the whole interval between two timer runs: the delay is what exceeds the resolution.
    const late = (ns: number) => Math.max(0, ns / 1e6 - DELAY_RESOLUTION_MS);
    return { p99Ms: late(delay.percentile(99)), maxMs: late(delay.max) };
  },
  async "idle.open"(p: { url: string; count: number; localAddress: string; concurrency: number; timeoutMs: number; spreadMs?: number }) {
    idle = await openIdle({ url: p.url, count: p.count, localAddress: p.localAddress, concurrency: p.concurrency, timeoutMs: p.timeoutMs, ...(p.spreadMs ? { spreadMs: p.spreadMs } : {}) });
    return { open: idle.open.length, refused: idle.refused, failed: idle.failed };
  },
  "idle.status"() {
    return { open: idle?.open.filter((s) => s.connected).length ?? 0, dropped: idle?.dropped() ?? 0, pings: idle?.pings() ?? 0 };
  },
  "idle.close"() {
    idle?.closeAll();
    idle = null;
    return true;
  },
  "tables.run": (p: TablesJob) => runTables(p, (bots) => lingering.push(...bots)),
  "tables.close"() {
    for (const bot of lingering.splice(0)) bot.close();
    return true;
  },
  "echo.run": (p: EchoJob) => runEchoPeers(p),
  async "human.setup"(p: HumanJob) {
    human = new HumanLoad(p);
    return human.setup();
  },
  "human.run": (p: HumanRun) => {
    if (!human) throw new Error("human.setup first");
    return human.run(p);
  },
  "human.scripts"() {
    if (!human) throw new Error("human.setup first");
    return human.scripts();
  },
  "human.close"() {
    human?.close();
    human = null;
    return true;
  },
};

process.on("message", (msg: { id: number; method: string; params: unknown }) => {
  const handler = handlers[msg.method];
  Promise.resolve()
    .then(() => {
      if (!handler) throw new Error(`unknown method ${msg.method}`);
      return handler(msg.params as never);
    })
    .then(
      (result) => process.send?.({ id: msg.id, result }),
      (err: unknown) => process.send?.({ id: msg.id, error: (err as Error).stack ?? String(err) }),
    );
});
process.on("disconnect", () => process.exit(0));
process.on("SIGTERM", () => process.exit(0));
