import { mkdirSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { io } from "socket.io-client";
import type { AdminCommand } from "@avalon/protocol";
import { REPO, startFaultCluster } from "@avalon/testkit";
import { launchBrowser } from "../support/browser.js";
import { MixedLoad } from "./mixed-load.js";

/*
 * The README's picture of the dashboard: three nodes behind HAProxy under the soak's mixed load
 * for a few minutes, one operator changing a limit and draining a node on the way, then the
 * overview captured with its headline row and the history so far.
 *   npx tsx e2e/soak/screenshot.ts [--minutes 5] [--tables 6] [--out docs/dashboard-overview.png]
 */

const { values } = parseArgs({
  options: { minutes: { type: "string", default: "5" }, tables: { type: "string", default: "6" }, out: { type: "string", default: "docs/dashboard-overview.png" } },
});
const runMs = Number(values.minutes) * 60_000;
const ALICE = "alice-operator-token-0123456789";
const t0 = Date.now();
const say = (msg: string) => console.log(`[screenshot ${Math.round((Date.now() - t0) / 1000)}s] ${msg}`);
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

async function command(url: string, cmd: AdminCommand): Promise<unknown> {
  const socket = io(`${url}/admin`, { auth: { token: ALICE }, transports: ["websocket"], forceNew: true });
  try {
    return await socket.timeout(10_000).emitWithAck("admin:command", cmd);
  } finally {
    socket.disconnect();
  }
}

async function main(): Promise<void> {
  const c = await startFaultCluster({ HEARTBEAT_MS: "1000", ADMIN_IDENTITIES: `operator:alice:${ALICE}`, LIMIT_EVENTS_PER_SECOND: "50", LIMIT_EVENT_BURST: "100" });
  const { browser, close } = await launchBrowser();
  try {
    const load = new MixedLoad({ url: c.haproxy.url, tables: Number(values.tables), thinkMs: 400, reconnectEveryMs: 20_000 });
    load.start();
    say(`load started: ${values.tables} tables through HAProxy on three nodes`);
    const url = c.nodes[0]?.url as string;
    const drained = c.nodes[2]?.nodeId as string;
    let changed = false;
    let drainedAt = 0;
    while (Date.now() - t0 < runMs) {
      await sleep(1000);
      const elapsed = Date.now() - t0;
      if (!changed && elapsed > runMs * 0.35) {
        changed = true;
        say(`limit change: ${JSON.stringify(await command(url, { type: "set_limits", limits: { eventBurst: 120 } }))}`);
      }
      if (!drainedAt && elapsed > runMs * 0.55) {
        drainedAt = elapsed;
        say(`drain ${drained}: ${JSON.stringify(await command(url, { type: "drain", nodeId: drained }))}`);
      }
      if (drainedAt && drainedAt > 0 && elapsed > drainedAt + 30_000) {
        drainedAt = -1;
        say(`cancel drain: ${JSON.stringify(await command(url, { type: "cancel_drain", nodeId: drained }))}`);
      }
    }
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await page.goto(`${url}/dashboard/`);
    await page.getByTestId("login-token").fill(ALICE);
    await page.getByTestId("login-submit").click();
    await page.getByTestId("chart-connections").locator("path.recharts-line-curve").first().waitFor({ timeout: 30_000 });
    await page.getByTestId("freshness-badge").and(page.locator("[data-level=live]")).waitFor({ timeout: 30_000 });
    // The run's whole history in view.
    await page.getByRole("group", { name: "Time window" }).getByRole("button", { name: "5 min", exact: true }).click();
    const out = path.join(REPO, values.out);
    mkdirSync(path.dirname(out), { recursive: true });
    await page.screenshot({ path: out, fullPage: true });
    say(`wrote ${out}; games started ${load.totals.gamesStarted}, chats ${load.totals.chats}, spectators ${load.totals.spectators}, reconnects ${load.totals.reconnects}`);
    await load.stop();
  } finally {
    await close();
    await c.stop();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
