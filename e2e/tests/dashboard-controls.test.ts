import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { Bot } from "@avalon/loadtest";
import { client, startNode, stopAll } from "@avalon/testkit";
import type { AvalonNode } from "@avalon/server";
import { launchBrowser, login } from "../support/browser.js";

/*
 * Safe controls and named operators: a cap below the node's connections asks first and warns, a
 * per-node cap can be cleared, draining the last serving node says what it means, and the audit
 * log names the operator with before and after values.
 */

const ALICE = "alice-operator-token-0123456789";
const CAROL = "carol-viewer-token-0123456789";
const TOKENS = { ADMIN_TOKEN: "operator-token-0123456789", VIEWER_TOKEN: "viewer-token-0123456789", ADMIN_IDENTITIES: `operator:alice:${ALICE},viewer:carol:${CAROL}` };

let browser: Browser;
let closeBrowser: () => Promise<void>;
let a: { node: AvalonNode; url: string };
const bots: Bot[] = [];

beforeAll(async () => {
  ({ browser, close: closeBrowser } = await launchBrowser());
  a = await startNode({ ...TOKENS, NODE_ID: "node-a", HEARTBEAT_MS: "500", LIMIT_CONNECTIONS_PER_IP_PER_MINUTE: "100000" });
}, 60_000);

afterAll(async () => {
  bots.forEach((b) => b.close());
  await closeBrowser?.();
  await stopAll();
});

async function controls(token: string): Promise<Page> {
  const page = await login(browser, a.url, token);
  await page.getByTestId("tab-controls").click();
  await expect.poll(() => page.getByTestId("node-controls-node-a").count(), { timeout: 15_000 }).toBe(1);
  return page;
}

describe("dashboard controls", () => {
  it("warns before a cap below the node's connections, applies it on confirmation, and clears the override", async () => {
    for (let i = 0; i < 6; i++) {
      const bot = new Bot({ url: a.url, name: `cap${i}`, autoplay: false });
      bots.push(bot);
      await bot.connect();
    }
    const page = await controls(ALICE);
    await expect.poll(() => page.getByTestId("node-controls-node-a").innerText(), { timeout: 10_000 }).toMatch(/\b6\b/);
    await page.getByTestId("node-cap-input-node-a").fill("3");
    await page.getByTestId("node-cap-submit-node-a").click();
    const warning = page.getByTestId("cap-warning");
    await expect.poll(() => warning.count(), { timeout: 5_000 }).toBe(1);
    expect(await warning.innerText()).toMatch(/holds 6 connections; a cap of 3 is below that/);
    // Nothing is sent before the confirmation.
    expect(a.node.limits.get().maxConnectionsPerNode).toBe(18_000);
    await page.getByTestId("confirm-yes").click();
    await expect.poll(() => a.node.limits.get().maxConnectionsPerNode, { timeout: 5_000 }).toBe(3);
    await expect(client(a.url, { name: "late" })).rejects.toMatchObject({ code: "server_full" });
    await expect.poll(() => page.getByTestId("command-result").innerText(), { timeout: 5_000 }).toMatch(/Connections per node: 18,000 conns → 3 conns/);

    const clear = page.getByTestId("node-cap-clear-node-a");
    await expect.poll(() => clear.count(), { timeout: 5_000 }).toBe(1);
    await clear.click();
    await expect.poll(() => a.node.limits.nodeOverride(), { timeout: 5_000 }).toBeNull();
    expect(a.node.limits.get().maxConnectionsPerNode).toBe(18_000);
    // A later cluster-wide change now reaches the node.
    await a.node.limits.change({ maxConnectionsPerNode: 17_000 });
    expect(a.node.limits.get().maxConnectionsPerNode).toBe(17_000);
    await a.node.limits.change({ maxConnectionsPerNode: 18_000 });
    await page.close();
  }, 60_000);

  it("marks the offending field when the form's values cannot work together, and sends nothing", async () => {
    const page = await controls(ALICE);
    await page.getByTestId("limit-input-eventsPerSecond").fill("30");
    await page.getByTestId("limit-input-eventBurst").fill("10");
    await page.getByTestId("limits-submit").click();
    const burst = page.getByTestId("limit-input-eventBurst");
    await expect.poll(() => burst.getAttribute("aria-invalid"), { timeout: 5_000 }).toBe("true");
    expect(await page.locator("#limit-eventBurst-error").innerText()).toMatch(/Burst must be at least the event rate/);
    expect(a.node.limits.get().eventBurst).toBe(40);
    await page.close();
  }, 30_000);

  it("says plainly what draining the last serving node means, and drains it only on that explicit choice", async () => {
    const page = await controls(ALICE);
    await page.getByTestId("drain-node-a").click();
    const warning = page.getByTestId("last-node-warning");
    await expect.poll(() => warning.count(), { timeout: 5_000 }).toBe(1);
    expect(await warning.innerText()).toMatch(/No other node is serving players/);
    expect(await page.getByTestId("confirm-yes").innerText()).toMatch(/anyway/);
    await page.getByTestId("confirm-no").click();
    expect(a.node.lifecycle.draining).toBe(false);
    await page.getByTestId("drain-node-a").click();
    await page.getByTestId("confirm-yes").click();
    await expect.poll(() => a.node.lifecycle.draining, { timeout: 5_000 }).toBe(true);
    await expect.poll(() => page.getByTestId("cancel-drain-node-a").isEnabled(), { timeout: 5_000 }).toBe(true);
    await page.getByTestId("cancel-drain-node-a").click();
    await expect.poll(() => a.node.lifecycle.draining, { timeout: 5_000 }).toBe(false);
    await page.close();
  }, 30_000);

  it("names the operator in the audit log with before and after values, and filters by operator, command and node", async () => {
    const page = await controls(ALICE);
    await page.getByTestId("limit-input-maxRoomsPerNode").fill("4321");
    await page.getByTestId("limits-submit").click();
    await expect.poll(() => a.node.limits.get().maxRoomsPerNode, { timeout: 5_000 }).toBe(4321);
    await page.getByTestId("tab-audit").click();
    const rows = page.getByTestId("audit-row");
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBeGreaterThan(0);
    const limitRow = rows.filter({ hasText: "set limits" }).first();
    expect(await limitRow.getByTestId("audit-operator").innerText()).toBe("alice");
    expect(await limitRow.getByTestId("audit-change").innerText()).toMatch(/Rooms per node: 5,000 rooms → 4,321 rooms/);
    await page.getByTestId("audit-filter-command").selectOption("drain");
    // The filtered list arrives from the server: drains only, none of the limit changes.
    await expect
      .poll(async () => {
        const texts = await rows.allInnerTexts();
        return texts.length > 0 && texts.every((t) => t.includes("drain") && !t.includes("set limits"));
      }, { timeout: 10_000 })
      .toBe(true);
    await page.getByTestId("audit-filter-command").selectOption("");
    await page.getByTestId("audit-filter-operator").selectOption("alice");
    await page.getByTestId("audit-filter-node").selectOption("node-a");
    await expect.poll(async () => (await rows.allInnerTexts()).every((t) => t.includes("alice")), { timeout: 10_000 }).toBe(true);
    // A viewer identity is named too, and may not run commands.
    const viewer = await login(browser, a.url, CAROL);
    await expect.poll(() => viewer.getByTestId("role").innerText(), { timeout: 10_000 }).toBe("viewer");
    expect(await viewer.getByTestId("tab-controls").count()).toBe(0);
    await viewer.close();
    await page.close();
  }, 60_000);
});
