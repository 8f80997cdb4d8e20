import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { freePort, startNode, stopAll } from "@avalon/testkit";
import type { AvalonNode } from "@avalon/server";
import { launchBrowser, login } from "../support/browser.js";
import { handleSummaryJson, summaryExportJson } from "@avalon/testkit";

/*
 * The pages beyond the overview: k6 summaries listed and drawn, Grafana's absence said plainly,
 * nothing wider than an 800 px window, and the files sent compressed with the right caching.
 */

const TOKENS = { ADMIN_TOKEN: "operator-token-0123456789", VIEWER_TOKEN: "viewer-token-0123456789" };
const resultsDir = mkdtempSync(path.join(tmpdir(), "avalon-k6-"));

let browser: Browser;
let closeBrowser: () => Promise<void>;
let a: { node: AvalonNode; url: string };
let grafanaUrl: string;

beforeAll(async () => {
  ({ browser, close: closeBrowser } = await launchBrowser());
  writeFileSync(path.join(resultsDir, "checkout-handle-summary.json"), JSON.stringify(handleSummaryJson(120, 3000)));
  writeFileSync(path.join(resultsDir, "checkout-summary-export.json"), JSON.stringify(summaryExportJson(640, 1500)));
  // Nothing listens there: Grafana is down.
  grafanaUrl = `http://127.0.0.1:${await freePort()}`;
  a = await startNode({ ...TOKENS, NODE_ID: "node-a", HEARTBEAT_MS: "500", LOADTEST_RESULTS_DIR: resultsDir, GRAFANA_URL: grafanaUrl });
}, 60_000);

afterAll(async () => {
  await closeBrowser?.();
  await stopAll();
});

async function tab(page: Page, id: string): Promise<void> {
  await page.getByTestId(`tab-${id}`).click();
}

describe("dashboard pages", () => {
  it("lists k6 summaries of both formats with measured values beside thresholds, and draws them on one scale", async () => {
    const page = await login(browser, a.url, TOKENS.VIEWER_TOKEN);
    await tab(page, "loadtests");
    const handle = page.getByTestId("loadtest-run-k6-checkout-handle-summary");
    const exported = page.getByTestId("loadtest-run-k6-checkout-summary-export");
    await expect.poll(() => handle.count(), { timeout: 15_000 }).toBe(1);
    expect(await exported.count()).toBe(1);
    expect(await handle.getByTestId("loadtest-verdict").innerText()).toBe("thresholds passed");
    expect(await exported.getByTestId("loadtest-verdict").innerText()).toBe("thresholds failed");
    expect(await handle.innerText()).toMatch(/http_req_duration p\(95\)<500\s+measured 120/);
    expect(await exported.innerText()).toMatch(/http_req_failed rate<0.01\s+measured 0.02/);

    await handle.getByRole("button", { name: "Show charts" }).click();
    const latency = handle.getByTestId("loadtest-latency");
    await expect.poll(() => latency.locator(".recharts-bar-rectangle").count(), { timeout: 10_000 }).toBeGreaterThan(0);
    // Metric names sit on their own axis, each once.
    const names = await latency.locator(".recharts-yAxis-tick-labels .recharts-cartesian-axis-tick-value").allTextContents();
    expect(names).toEqual(["http_req_duration", "ws_connecting"]);
    const ticks = await latency.locator(".recharts-xAxis-tick-labels .recharts-cartesian-axis-tick-value").allTextContents();
    expect(new Set(ticks).size).toBe(ticks.length);

    await page.getByTestId("loadtest-compare-k6-checkout-handle-summary").check();
    await page.getByTestId("loadtest-compare-k6-checkout-summary-export").check();
    const compare = page.getByTestId("loadtest-compare");
    await expect.poll(() => compare.getByTestId("loadtest-latency").count(), { timeout: 10_000 }).toBe(2);
    const lastTick = async (i: number) => (await compare.getByTestId("loadtest-latency").nth(i).locator(".recharts-xAxis-tick-labels .recharts-cartesian-axis-tick-value").allTextContents()).at(-1);
    await expect.poll(async () => (await lastTick(0)) !== undefined && (await lastTick(0)) === (await lastTick(1)), { timeout: 10_000 }).toBe(true);
    await page.close();
  }, 60_000);

  it("says Grafana cannot be reached and links to it, instead of blank frames", async () => {
    const page = await login(browser, a.url, TOKENS.VIEWER_TOKEN);
    await tab(page, "grafana");
    const message = page.getByTestId("grafana-unreachable");
    await expect.poll(() => message.count(), { timeout: 15_000 }).toBe(1);
    expect(await message.innerText()).toContain(`Grafana at ${grafanaUrl} cannot be reached`);
    expect(await page.getByTestId("grafana-link").getAttribute("href")).toBe(`${grafanaUrl}/d/avalon-overview/avalon-cluster-overview`);
    expect(await page.locator("iframe").count()).toBe(0);
    await page.close();
  }, 30_000);

  it("fits every page into an 800 px window without horizontal scrolling or clipped audit results", async () => {
    const op = await login(browser, a.url, TOKENS.ADMIN_TOKEN);
    await tab(op, "controls");
    await op.getByTestId("limit-input-maxRoomsPerNode").fill("4999");
    await op.getByTestId("limits-submit").click();
    await expect.poll(() => a.node.limits.get().maxRoomsPerNode, { timeout: 10_000 }).toBe(4999);
    await op.close();

    const page = await browser.newPage({ viewport: { width: 800, height: 900 } });
    await page.goto(`${a.url}/dashboard/`);
    await page.getByTestId("login-token").fill(TOKENS.ADMIN_TOKEN);
    await page.getByTestId("login-submit").click();
    await expect.poll(() => page.getByTestId("role").innerText(), { timeout: 10_000 }).toBe("operator");
    const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    for (const id of ["overview", "rooms", "controls", "audit", "loadtests", "grafana"]) {
      await tab(page, id);
      await page.waitForLoadState("networkidle");
      expect({ id, overflow: await overflow() }).toEqual({ id, overflow: 0 });
    }
    await tab(page, "audit");
    const result = page.getByTestId("audit-row").first().locator("td").last();
    await expect.poll(() => result.count(), { timeout: 10_000 }).toBe(1);
    const box = await result.boundingBox();
    expect(box?.width ?? 0).toBeGreaterThan(300);
    await page.close();
  }, 60_000);

  it("sends the files brotli- or gzip-compressed, index.html never cached and hashed assets immutable for a year", async () => {
    const page = await browser.newPage();
    const responses = new Map<string, Record<string, string>>();
    page.on("response", (r) => void r.allHeaders().then((h) => responses.set(new URL(r.url()).pathname, h)));
    await page.goto(`${a.url}/dashboard/`);
    await page.getByTestId("login-token").waitFor();
    const index = responses.get("/dashboard/");
    expect(index?.["cache-control"]).toBe("no-cache");
    // Files under 1 KB gain nothing from compression and are built without copies.
    const scripts = [...responses.entries()].filter(([p, h]) => /^\/dashboard\/assets\/.+\.js$/.test(p) && (h["content-encoding"] || Number(h["content-length"]) > 1024));
    expect(scripts.length).toBeGreaterThanOrEqual(3);
    for (const [, h] of scripts) {
      expect(["br", "gzip"]).toContain(h["content-encoding"]);
      expect(h["cache-control"]).toBe("public, max-age=31536000, immutable");
    }
    // Each encoding on request, smaller than the file itself.
    const asset = scripts[0]?.[0] as string;
    const plain = await fetch(`${a.url}${asset}`, { headers: { "accept-encoding": "identity" } });
    const plainBytes = (await plain.arrayBuffer()).byteLength;
    for (const encoding of ["br", "gzip"]) {
      const res = await fetch(`${a.url}${asset}`, { headers: { "accept-encoding": encoding } });
      expect(res.headers.get("content-encoding")).toBe(encoding);
      expect(Number(res.headers.get("content-length"))).toBeLessThan(plainBytes / 2);
    }
    await page.close();
  }, 30_000);
});
