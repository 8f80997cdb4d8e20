import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { Bot } from "@avalon/loadtest";
import { startNode, stopAll } from "@avalon/testkit";
import type { AvalonNode } from "@avalon/server";
import { launchBrowser, login } from "../support/browser.js";

/*
 * Rooms as an operator needs them: active ones by default, abandoned ones flagged, each room's
 * players with seat, connection and node, the host named in the timeline, and a link per room.
 */

const TOKENS = { ADMIN_TOKEN: "operator-token-0123456789", VIEWER_TOKEN: "viewer-token-0123456789" };

let browser: Browser;
let closeBrowser: () => Promise<void>;
let a: { node: AvalonNode; url: string };
const bots: Bot[] = [];
let live: string;
let abandoned: string;

async function bot(name: string): Promise<Bot> {
  const b = new Bot({ url: a.url, name, autoplay: false });
  bots.push(b);
  await b.connect();
  return b;
}

beforeAll(async () => {
  ({ browser, close: closeBrowser } = await launchBrowser());
  a = await startNode({ ...TOKENS, NODE_ID: "node-a", HEARTBEAT_MS: "500", LIMIT_CONNECTIONS_PER_IP_PER_MINUTE: "100000" });
  const host = await bot("Hostess");
  live = await host.createRoom({ maxPlayers: 5 });
  for (const name of ["Bea", "Cid", "Dot"]) await (await bot(name)).join(live);
  const lonely = await bot("Gone");
  abandoned = await lonely.createRoom({ maxPlayers: 5 });
  // Its host's connection drops: the lobby stays open with nobody connected.
  lonely.close();
}, 60_000);

afterAll(async () => {
  bots.forEach((b) => b.close());
  await closeBrowser?.();
  await stopAll();
});

describe("dashboard rooms", () => {
  it("lists active rooms by default and flags abandoned ones under their own filter", async () => {
    const page = await login(browser, a.url, TOKENS.VIEWER_TOKEN);
    await page.getByTestId("tab-rooms").click();
    await expect.poll(() => page.getByTestId(`room-row-${live}`).count(), { timeout: 15_000 }).toBe(1);
    expect(await page.getByTestId(`room-row-${abandoned}`).count()).toBe(0);
    await page.getByTestId("rooms-status").selectOption("abandoned");
    const row = page.getByTestId(`room-row-${abandoned}`);
    await expect.poll(() => row.count(), { timeout: 10_000 }).toBe(1);
    expect(await row.getByTestId("room-abandoned").innerText()).toBe("abandoned");
    expect(await page.getByTestId(`room-row-${live}`).count()).toBe(0);
    await page.close();
  }, 30_000);

  it("opens a room from its link with seats, names, connection state and node, and the host named in the timeline", async () => {
    const page = await login(browser, a.url, TOKENS.VIEWER_TOKEN);
    await expect.poll(() => page.getByTestId("role").innerText(), { timeout: 10_000 }).toBe("viewer");
    await page.goto(`${a.url}/dashboard/#/rooms/${live}`);
    const detail = page.getByTestId("room-detail");
    await expect.poll(() => detail.count(), { timeout: 15_000 }).toBe(1);
    const players = detail.getByTestId("room-player");
    await expect.poll(() => players.count(), { timeout: 10_000 }).toBe(4);
    const first = await players.first().innerText();
    expect(first).toMatch(/seat 1\s+Hostess \(host\)\s+connected\s+node-a/);
    const timeline = await detail.getByTestId("room-timeline").innerText();
    expect(timeline).toContain("Hostess joined");
    expect(timeline).not.toMatch(/p_[A-Za-z0-9_-]{6,}/);
    expect(await detail.getByTestId("room-link").getAttribute("href")).toBe(`#/rooms/${live}`);
    // Closing the detail goes back to the list's address.
    await detail.getByRole("button", { name: "Close details" }).click();
    await expect.poll(() => page.evaluate(() => window.location.hash), { timeout: 5_000 }).toBe("#/rooms");
    await page.close();
  }, 30_000);

  it("says why the rooms cannot load when the node is gone, instead of loading forever", async () => {
    const page = await login(browser, a.url, TOKENS.VIEWER_TOKEN);
    await page.getByTestId("tab-rooms").click();
    await expect.poll(() => page.getByTestId(`room-row-${live}`).count(), { timeout: 15_000 }).toBe(1);
    await a.node.stop();
    await expect.poll(() => page.getByTestId("rooms").innerText(), { timeout: 15_000 }).toMatch(/Not connected to the server/);
    expect(await page.getByTestId("freshness-badge").getAttribute("data-level")).toBe("stale");
    await page.close();
  }, 30_000);
});
