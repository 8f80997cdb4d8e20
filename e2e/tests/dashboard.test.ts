import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { Bot, BotStats, playGame, summarise, writeSummary } from "@avalon/loadtest";
import { type RedisProcess, REPO, startNode, startRedis, stopAll } from "@avalon/testkit";
import type { AvalonNode } from "@avalon/server";
import { launchBrowser, login } from "../support/browser.js";

const TOKENS = { ADMIN_TOKEN: "operator-token-0123456789", VIEWER_TOKEN: "viewer-token-0123456789" };
const ROLE_NAMES = ["merlin", "percival", "servant", "assassin", "morgana", "mordred", "oberon", "minion"];

let browser: Browser;
let closeBrowser: () => Promise<void>;
let redis: RedisProcess;
let a: { node: AvalonNode; url: string };
let b: { node: AvalonNode; url: string };
const bots: Bot[] = [];
const resultsDir = mkdtempSync(path.join(tmpdir(), "avalon-results-"));

beforeAll(async () => {
  ({ browser, close: closeBrowser } = await launchBrowser());
  redis = await startRedis();
  const common = { ...TOKENS, SECRET: "e2e-shared-secret-0123456789", REDIS_URL: redis.url, REDIS_PREFIX: "e2e", HEARTBEAT_MS: "500", LOADTEST_RESULTS_DIR: resultsDir, DRAIN_WINDOW_MS: "500", LIMIT_CONNECTIONS_PER_IP_PER_MINUTE: "100000" };
  a = await startNode({ ...common, NODE_ID: "node-a" });
  b = await startNode({ ...common, NODE_ID: "node-b" });
}, 60_000);

afterAll(async () => {
  bots.forEach((x) => x.close());
  await closeBrowser?.();
  await stopAll();
  await redis?.stop();
});

async function seatedRoom(url: string, players: number, started: boolean, failoverUrls?: string[]): Promise<{ room: string; seats: Bot[] }> {
  const seats = Array.from({ length: players }, (_, i) => new Bot({ url, name: `e2e${i}`, autoplay: false, ...(failoverUrls ? { failoverUrls } : {}) }));
  bots.push(...seats);
  await Promise.all(seats.map((s) => s.connect()));
  const room = await (seats[0] as Bot).createRoom({ maxPlayers: Math.max(5, players) });
  for (const s of seats.slice(1)) await s.join(room);
  if (started) {
    await Promise.all(seats.map((s) => s.ready()));
    await (seats[0] as Bot).start();
  }
  return { room, seats };
}

async function number(page: Page, testId: string, within?: string): Promise<number> {
  const loc = within ? page.getByTestId(within).getByTestId(testId) : page.getByTestId(testId);
  return Number((await loc.first().innerText()).replace(/[^\d.]/g, ""));
}

describe("operator dashboard", () => {
  it("refuses a wrong token with a message and hides controls from a viewer", async () => {
    const page = await login(browser, a.url, "not-the-token-000000");
    await expect.poll(async () => (await page.getByTestId("login-error").innerText()).length, { timeout: 10_000 }).toBeGreaterThan(0);
    const viewer = await login(browser, a.url, TOKENS.VIEWER_TOKEN);
    await expect.poll(() => viewer.getByTestId("role").innerText(), { timeout: 10_000 }).toBe("viewer");
    expect(await viewer.getByTestId("controls").count()).toBe(0);
    expect(await viewer.locator("[data-testid^=drain-]").count()).toBe(0);
    await page.close();
    await viewer.close();
  });

  it("shows the server's own connection count and moving charts while bots play", async () => {
    const page = await login(browser, a.url, TOKENS.ADMIN_TOKEN);
    const games = Promise.all([playGame({ urls: [a.url], players: 7, thinkMs: 150 }), playGame({ urls: [a.url], players: 5, thinkMs: 150 })]);
    await expect
      .poll(async () => (await number(page, "node-connections", "node-card-node-a")) === a.node.io.of("/").sockets.size && a.node.io.of("/").sockets.size >= 12, { timeout: 15_000 })
      .toBe(true);
    const chart = page.getByTestId("chart-messages");
    const before = await chart.innerHTML();
    await expect.poll(async () => (await chart.innerHTML()) !== before, { timeout: 10_000 }).toBe(true);
    // The README's picture comes from e2e/soak/screenshot.ts, after minutes of load on three nodes.
    expect((await page.screenshot({ fullPage: true })).length).toBeGreaterThan(10_000);
    await games;
    await page.close();
  }, 60_000);

  it("makes a bot's next burst get rate_limited after the limit is lowered in the page", async () => {
    const page = await login(browser, a.url, TOKENS.ADMIN_TOKEN);
    await page.getByTestId("tab-controls").click();
    await page.getByTestId("limit-input-eventsPerSecond").fill("2");
    await page.getByTestId("limit-input-eventBurst").fill("2");
    await page.getByTestId("limits-submit").click();
    await expect.poll(() => page.getByTestId("command-result").innerText(), { timeout: 10_000 }).toMatch(/Cluster limits changed/);
    const { room, seats } = await seatedRoom(b.url, 1, false);
    await expect.poll(() => b.node.limits.get().eventsPerSecond, { timeout: 2000 }).toBe(2);
    const results = await Promise.all(Array.from({ length: 8 }, () => (seats[0] as Bot).request("room:sync", { roomId: room })));
    expect(results.some((r) => !r.ok && r.code === "rate_limited")).toBe(true);
    await a.node.limits.change({ eventsPerSecond: 20, eventBurst: 40 });
    await page.close();
  }, 30_000);

  it("lists a live room whose detail never names a role of the game in progress", async () => {
    const { room } = await seatedRoom(a.url, 5, true);
    const page = await login(browser, a.url, TOKENS.VIEWER_TOKEN);
    const payloads: string[] = [];
    page.on("websocket", (ws) => ws.on("framereceived", (f) => payloads.push(String(f.payload))));
    await page.getByTestId("tab-rooms").click();
    const row = page.getByTestId(`room-row-${room}`);
    await expect.poll(() => row.count(), { timeout: 15_000 }).toBe(1);
    await row.click();
    await expect.poll(() => page.getByTestId("room-detail").innerText(), { timeout: 10_000 }).toContain(room);
    const detail = (await page.getByTestId("room-detail").innerText()).toLowerCase();
    for (const role of ROLE_NAMES) expect(detail).not.toContain(role);
    for (const p of payloads) for (const role of ROLE_NAMES) expect(p.toLowerCase()).not.toContain(`"${role}"`);
    await page.close();
  }, 30_000);

  it("lists a bot run's results with its thresholds", async () => {
    const stats = new BotStats();
    const started = Date.now();
    const res = await playGame({ urls: [a.url], players: 5, stats });
    const summary = summarise(stats, { name: "e2e bot run", startedAt: started, durationSec: 1, gamesFinished: 1, gamesFailed: 0, violations: res.violations.length, maxAckP99Ms: 1000 });
    writeSummary(resultsDir, summary);
    const page = await login(browser, a.url, TOKENS.VIEWER_TOKEN);
    await page.getByTestId("tab-loadtests").click();
    const run = page.getByTestId(`loadtest-run-${summary.id}`);
    await expect.poll(() => run.count(), { timeout: 15_000 }).toBe(1);
    expect(await run.innerText()).toContain("e2e bot run");
    await page.close();
  }, 30_000);

  it("drains node A from the page: its connections move to node B on both cards, and the audit log shows it", async () => {
    // Drained players reconnect to node B, as a balancer would route them.
    await seatedRoom(a.url, 5, true, [b.url]);
    const page = await login(browser, b.url, TOKENS.ADMIN_TOKEN);
    await expect.poll(() => number(page, "node-connections", "node-card-node-a"), { timeout: 15_000 }).toBeGreaterThanOrEqual(5);
    await page.getByTestId("tab-controls").click();
    await page.getByTestId("drain-node-a").click();
    await expect.poll(() => page.getByTestId("confirm-dialog").innerText(), { timeout: 5000 }).toContain("node-a");
    await page.getByTestId("confirm-yes").click();
    await expect.poll(() => a.node.io.of("/").sockets.size, { timeout: 15_000 }).toBe(0);
    await expect.poll(() => b.node.io.of("/").sockets.size, { timeout: 15_000 }).toBeGreaterThanOrEqual(5);
    await page.getByTestId("tab-overview").click();
    await expect.poll(() => number(page, "node-connections", "node-card-node-a"), { timeout: 15_000 }).toBe(0);
    await expect.poll(() => number(page, "node-connections", "node-card-node-b"), { timeout: 15_000 }).toBeGreaterThanOrEqual(5);
    await page.getByTestId("tab-audit").click();
    await expect.poll(() => page.getByTestId("audit-log").innerText(), { timeout: 10_000 }).toMatch(/drain/);
    await page.close();
  }, 60_000);
});
