import { execFileSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { playGame } from "@avalon/loadtest";
import { type RedisProcess, startNode, startRedis, stopAll } from "@avalon/testkit";
import type { AvalonNode } from "@avalon/server";
import { launchBrowser, login } from "../support/browser.js";

/*
 * Honest freshness: figures that stop are shown as stopped. A paused Redis turns the badge amber
 * within two periods and red later; a lost node stays as a red card; a reload keeps the history.
 */

const TOKENS = { ADMIN_TOKEN: "operator-token-0123456789", VIEWER_TOKEN: "viewer-token-0123456789" };
// Long enough that a busy two-core machine delays the browser's timers by a fraction of a period at most.
const PERIOD_MS = 3000;

let browser: Browser;
let closeBrowser: () => Promise<void>;
let redis: RedisProcess;
let a: { node: AvalonNode; url: string };
let b: { node: AvalonNode; url: string };

beforeAll(async () => {
  ({ browser, close: closeBrowser } = await launchBrowser());
  redis = await startRedis();
  const common = { ...TOKENS, SECRET: "e2e-shared-secret-0123456789", REDIS_URL: redis.url, REDIS_PREFIX: "fresh", HEARTBEAT_MS: String(PERIOD_MS), LIMIT_CONNECTIONS_PER_IP_PER_MINUTE: "100000" };
  a = await startNode({ ...common, NODE_ID: "node-a" });
  b = await startNode({ ...common, NODE_ID: "node-b" });
}, 60_000);

afterAll(async () => {
  await closeBrowser?.();
  await stopAll();
  await redis?.stop();
});

const level = (page: Page) => page.getByTestId("freshness-badge").getAttribute("data-level");
const redisCli = (...args: string[]) => execFileSync("redis-cli", ["-p", String(redis.port), ...args], { encoding: "utf8" });

describe("dashboard freshness", () => {
  it("shows the charts' history again right after a reload, reaching back before it", async () => {
    const page = await login(browser, a.url, TOKENS.VIEWER_TOKEN);
    await playGame({ urls: [a.url, b.url], players: 5, thinkMs: 50 });
    const chart = page.getByTestId("chart-connections");
    // Some history on both nodes first: several periods of samples.
    await expect.poll(async () => Date.now() - Number(await chart.getAttribute("data-first-ts")), { timeout: 30_000 }).toBeGreaterThan(3 * PERIOD_MS);
    const reloadedAt = Date.now();
    await page.reload();
    await expect.poll(() => page.getByTestId("role").innerText(), { timeout: 10_000 }).toBe("viewer");
    // Live data alone would start after the reload: a first point before it came from the nodes' own series.
    await expect.poll(async () => Number(await chart.getAttribute("data-first-ts")), { timeout: 10_000 }).toBeLessThan(reloadedAt - 2 * PERIOD_MS);
    // The chart draws once its container has been measured.
    await expect.poll(() => chart.locator("path.recharts-line-curve").count(), { timeout: 10_000 }).toBeGreaterThan(0);
    expect(await page.getByTestId("history-source").innerText()).toBe("history kept by the nodes, then live");
    await page.close();
  }, 60_000);

  it("turns the badge amber within two periods of a paused Redis, then red, then green again", async () => {
    const page = await login(browser, a.url, TOKENS.VIEWER_TOKEN);
    await expect.poll(() => level(page), { timeout: 15_000 }).toBe("live");
    redisCli("client", "pause", "25000", "ALL");
    const pausedAt = Date.now();
    try {
      await expect.poll(() => level(page), { timeout: 2 * PERIOD_MS, interval: 50 }).not.toBe("live");
      const amberAfter = Date.now() - pausedAt;
      expect(amberAfter).toBeLessThan(2 * PERIOD_MS);
      await expect.poll(() => level(page), { timeout: 20_000, interval: 100 }).toBe("stale");
      const redAfter = Date.now() - pausedAt;
      expect(await page.getByTestId("stale-banner").innerText()).toMatch(/No fresh cluster figures/);
      // The other node's figures have aged; the serving node's own are current and name the fault.
      await expect.poll(() => page.getByTestId("node-card-node-b").getAttribute("data-freshness"), { timeout: 5_000 }).toBe("stale");
      expect(await page.getByTestId("node-card-node-a").getAttribute("data-freshness")).toBe("live");
      await expect.poll(() => page.getByTestId("node-card-node-a").getByTestId("node-redis").innerText(), { timeout: 5_000 }).toBe("Redis failing");
      console.log(`[dashboard] paused Redis: badge amber after ${amberAfter} ms, red after ${redAfter} ms (period ${PERIOD_MS} ms)`);
    } finally {
      redisCli("client", "unpause");
    }
    await expect.poll(() => level(page), { timeout: 30_000 }).toBe("live");
    await page.close();
  }, 90_000);

  it("keeps a lost node as a red card with the time it was last seen until it is dismissed", async () => {
    const page = await login(browser, a.url, TOKENS.VIEWER_TOKEN);
    await expect.poll(() => page.getByTestId("node-card-node-b").count(), { timeout: 15_000 }).toBe(1);
    await b.node.stop();
    const card = page.getByTestId("lost-node-node-b");
    await expect.poll(() => card.count(), { timeout: 15_000 }).toBe(1);
    expect(await card.getByTestId("lost-last-seen").innerText()).toMatch(/^\d\d:\d\d:\d\d$/);
    expect(await page.getByTestId("node-card-node-b").count()).toBe(0);
    // It stays: several more snapshots later it is still there.
    await expect.poll(async () => Number(await page.getByTestId("cluster-nodes").innerText()), { timeout: 10_000 }).toBe(1);
    const chart = page.getByTestId("chart-connections");
    const drawn = await chart.innerHTML();
    await expect.poll(async () => (await chart.innerHTML()) !== drawn, { timeout: 10_000 }).toBe(true);
    expect(await card.count()).toBe(1);
    await page.getByTestId("dismiss-node-b").click();
    await expect.poll(() => card.count(), { timeout: 5_000 }).toBe(0);
    await page.close();
  }, 60_000);
});
