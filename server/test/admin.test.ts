import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Bot } from "@avalon/loadtest";
import type { Ack, AuditEntry, ClusterSnapshot } from "@avalon/protocol";
import { admin, adminAck, type AdminClient, eventually, startNode, stopAll } from "@avalon/testkit";
import type { AvalonNode } from "../src/node.js";

const TOKENS = { ADMIN_TOKEN: "operator-token-0123456789", VIEWER_TOKEN: "viewer-token-0123456789" };
let url = "";
let node: AvalonNode;
const sockets: AdminClient[] = [];
beforeAll(async () => {
  ({ url, node } = await startNode({ ...TOKENS, HEARTBEAT_MS: "200" }));
});
afterAll(async () => {
  sockets.forEach((s) => s.close());
  await stopAll();
});

async function as(token: string | undefined): Promise<AdminClient> {
  const s = await admin(url, token);
  sockets.push(s);
  return s;
}

const COMMANDS = [
  { type: "set_limits", limits: { eventsPerSecond: 5 } },
  { type: "set_node_cap", nodeId: "x", maxConnections: 10 },
  { type: "drain", nodeId: "x" },
  { type: "cancel_drain", nodeId: "x" },
  { type: "close_room", roomId: "ABCDEF" },
];

describe("admin namespace", () => {
  it("refuses a handshake without a token or with a wrong one", async () => {
    await expect(as(undefined)).rejects.toMatchObject({ code: "invalid_token" });
    await expect(as("wrong-token-0123456789")).rejects.toMatchObject({ code: "invalid_token" });
    expect(await node.metrics.adminAuthFailures.get().then((m) => m.values[0]?.value)).toBeGreaterThanOrEqual(2);
  });

  it("slows brute force of the token down with a limiter", async () => {
    const codes: string[] = [];
    for (let i = 0; i < 14; i++) codes.push(await as(`guess-${i}-0123456789abc`).then(() => "ok", (e: { code: string }) => e.code));
    expect(codes).toContain("rate_limited");
    // Even the right token is refused from that address until the window passes.
    await expect(as(TOKENS.ADMIN_TOKEN)).rejects.toMatchObject({ code: "rate_limited" });
  });
});

describe("admin commands", () => {
  let operator: AdminClient;
  let viewer: AdminClient;
  beforeAll(async () => {
    // The brute-force test above locked 127.0.0.1 out; a fresh node has a fresh limiter.
    ({ url, node } = await startNode({ ...TOKENS, HEARTBEAT_MS: "200" }));
    operator = await as(TOKENS.ADMIN_TOKEN);
    viewer = await as(TOKENS.VIEWER_TOKEN);
  });

  it("says which role is in", async () => {
    const s = await as(TOKENS.VIEWER_TOKEN);
    const hello = await s.hello;
    expect(hello.role).toBe("viewer");
  });

  it("refuses every command from a viewer and audits it", async () => {
    for (const cmd of COMMANDS) {
      expect(await adminAck<Ack>(viewer, "admin:command", cmd)).toMatchObject({ ok: false, code: "forbidden" });
    }
    const audit = await adminAck<Ack<{ entries: AuditEntry[] }>>(operator, "admin:audit", { limit: 5 });
    expect(audit.ok && audit.entries.every((e) => e.role === "viewer" && !e.ok)).toBe(true);
  });

  it("validates every command", async () => {
    const bad: unknown[] = [
      null,
      { type: "explode" },
      { type: "set_limits", limits: { eventsPerSecond: -1 } },
      { type: "set_limits", limits: { maxConnectionsPerNode: 50_000 } },
      { type: "set_limits", limits: { nope: 1 } },
      { type: "set_node_cap", nodeId: "", maxConnections: 10 },
      { type: "drain" },
      { type: "close_room", roomId: "lower" },
    ];
    for (const cmd of bad) {
      expect(await adminAck<Ack>(operator, "admin:command", cmd), JSON.stringify(cmd)).toMatchObject({ ok: false, code: "bad_request" });
    }
    expect(await adminAck<Ack>(operator, "admin:command", { type: "drain", nodeId: "no-such-node" })).toMatchObject({ ok: false, code: "not_found" });
    expect(node.limits.get().eventsPerSecond).not.toBe(-1);
  });

  it("changes limits, closes a room, drains and cancels, each in the audit log", async () => {
    expect(await adminAck<Ack>(operator, "admin:command", { type: "set_limits", limits: { eventsPerSecond: 50, eventBurst: 60 } })).toMatchObject({ ok: true });
    expect(node.limits.get().eventsPerSecond).toBe(50);
    const bot = new Bot({ url, name: "h", autoplay: false });
    await bot.connect();
    const roomId = await bot.createRoom({ maxPlayers: 5 });
    const closed = new Promise((r) => bot.socket.once("room:closed", r));
    expect(await adminAck<Ack>(operator, "admin:command", { type: "close_room", roomId })).toMatchObject({ ok: true });
    await closed;
    const nodeId = node.config.nodeId;
    // The only node is the last one serving players: a drain needs `force`.
    expect(await adminAck<Ack>(operator, "admin:command", { type: "drain", nodeId })).toMatchObject({ ok: false, code: "last_serving_node" });
    expect(node.lifecycle.draining).toBe(false);
    expect(await adminAck<Ack>(operator, "admin:command", { type: "drain", nodeId, force: true })).toMatchObject({ ok: true });
    await eventually(() => node.lifecycle.draining);
    expect((await fetch(`${url}/readyz`)).status).toBe(503);
    expect(await adminAck<Ack>(operator, "admin:command", { type: "cancel_drain", nodeId })).toMatchObject({ ok: true });
    await eventually(() => !node.lifecycle.draining);
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
    const audit = await adminAck<Ack<{ entries: AuditEntry[] }>>(operator, "admin:audit", { limit: 4 });
    expect(audit.ok && audit.entries.map((e) => e.command.type)).toEqual(["cancel_drain", "drain", "drain", "close_room"]);
    const drains = await adminAck<Ack<{ entries: AuditEntry[] }>>(operator, "admin:audit", { command: "drain", nodeId, limit: 2 });
    expect(drains.ok && drains.entries.map((e) => [e.ok, e.changes])).toEqual([
      [true, [{ field: "state", before: "serving", after: "draining" }]],
      [false, []],
    ]);
    const limits = await adminAck<Ack<{ entries: AuditEntry[] }>>(operator, "admin:audit", { command: "set_limits", operator: "ADMIN_TOKEN" });
    expect(limits.ok && limits.entries[0]?.changes).toEqual([
      { field: "eventsPerSecond", before: 20, after: 50 },
      { field: "eventBurst", before: 40, after: 60 },
    ]);
    bot.close();
  });

  it("streams cluster snapshots to subscribers and lists rooms without hidden roles", async () => {
    const bots = Array.from({ length: 5 }, (_, i) => new Bot({ url, name: `b${i}`, autoplay: false }));
    await Promise.all(bots.map((b) => b.connect()));
    const roomId = await (bots[0] as Bot).createRoom({ maxPlayers: 5 });
    for (const b of bots.slice(1)) await b.join(roomId);
    await Promise.all(bots.map((b) => b.ready()));
    await (bots[0] as Bot).start();
    expect(await adminAck<Ack>(viewer, "admin:subscribe", {})).toMatchObject({ ok: true });
    const snap = await new Promise<ClusterSnapshot>((r) => viewer.once("admin:cluster", r));
    expect(snap.nodes[0]?.connections).toBeGreaterThanOrEqual(5);
    await eventually(async () => {
      const res = await adminAck<Ack<{ total: number }>>(viewer, "admin:rooms", { search: roomId });
      return res.ok && res.total === 1;
    });
    const detail = await adminAck<Ack>(viewer, "admin:room", { roomId });
    const text = JSON.stringify(detail);
    for (const role of ["merlin", "assassin", "percival", "morgana", "mordred", "oberon", "minion", "servant"]) expect(text).not.toContain(role);
    expect(await adminAck<Ack>(viewer, "admin:rooms", { pageSize: 100000 })).toMatchObject({ ok: false, code: "bad_request" });
    bots.forEach((b) => b.close());
  });
});
