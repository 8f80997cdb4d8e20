import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { Bot, playGame } from "@avalon/loadtest";
import { Redis } from "ioredis";
import type { PrivateMessage, PublicEvent } from "@avalon/protocol";
import { client, commandCalls, type RedisProcess, startNode, startRedis, stopAll } from "@avalon/testkit";
import type { AvalonNode } from "../src/node.js";
import { applyBatch } from "../src/rooms/apply-batch.js";

let redis: RedisProcess;
beforeAll(async () => {
  redis = await startRedis();
});
// Two tests count Redis commands: no node of an earlier test may still be sending any.
afterEach(stopAll);
afterAll(async () => {
  await stopAll();
  await redis.stop();
});

async function threeNodes(env: Record<string, string> = {}): Promise<{ nodes: AvalonNode[]; urls: string[] }> {
  const prefix = `cl${Math.random().toString(36).slice(2, 8)}`;
  const started = await Promise.all([1, 2, 3].map((i) => startNode({ REDIS_URL: redis.url, REDIS_PREFIX: prefix, NODE_ID: `n${i}-${prefix}`, ...env })));
  return { nodes: started.map((s) => s.node), urls: started.map((s) => s.url) };
}

async function counter(node: AvalonNode, name: string, labels: Record<string, string> = {}): Promise<number> {
  const metric = (await node.metrics.registry.getMetricsAsJSON()).find((m) => m.name === name);
  const values = (metric?.values ?? []) as { value: number; labels: Record<string, string | number> }[];
  return values.filter((v) => Object.entries(labels).every(([k, l]) => v.labels[k] === l)).reduce((n, v) => n + v.value, 0);
}

describe("three nodes joined through Redis", () => {
  it("commits a game whose seats sit on three nodes on one owner, with no version conflict", async () => {
    const { nodes, urls } = await threeNodes({ ROOM_LEASE_MS: "5000" });
    const res = await playGame({ urls, players: 10, onStarted: (bots) => expect(new Set(bots.map((b) => b.session?.nodeId)).size).toBe(3) });
    expect(res.violations).toEqual([]);
    expect(res.errors).toEqual([]);
    expect(await Promise.all(nodes.map((n) => counter(n, "avalon_state_conflicts_total")))).toEqual([0, 0, 0]);
    // Two nodes sent their seats' actions to the owner; the owner sent none.
    const replied = await Promise.all(nodes.map((n) => counter(n, "avalon_room_forwards_total", { outcome: "answered" })));
    const acked = await Promise.all(nodes.map((n) => counter(n, "avalon_room_forwards_total", { outcome: "acked" })));
    expect(acked.filter((n) => n > 0)).toHaveLength(2);
    // The owner's commit messages answered every forwarded move; a reply answered only the joins,
    // whose answer carries the room.
    expect(replied.reduce((a, b) => a + b)).toBeLessThanOrEqual(9);
    expect(acked.reduce((a, b) => a + b)).toBeGreaterThan(20);
  });

  it("publishes a commit's patch and every private view it changed once, each view reaching only its own player", async () => {
    const { urls } = await threeNodes();
    const bots = Array.from({ length: 5 }, (_, i) => new Bot({ url: urls[i % 3] as string, name: `p${i}`, autoplay: false }));
    await Promise.all(bots.map((b) => b.connect()));
    const host = bots[0] as Bot;
    const roomId = await host.createRoom({ maxPlayers: 5 });
    for (const b of bots.slice(1)) await b.join(roomId);
    await Promise.all(bots.map((b) => b.ready()));
    // Every seat has seen every ready: no publish of the lobby is still on its way.
    await Promise.all(bots.map((b) => b.waitFor((v) => v.public.players.every((p) => p.ready))));
    const privates = bots.map(() => [] as PrivateMessage[]);
    bots.forEach((b, i) => b.socket.on("room:private", (m) => privates[i]?.push(m)));
    const stats = new Redis(redis.url);
    try {
      await stats.config("RESETSTAT");
      await host.start();
      await Promise.all(bots.map((b) => b.waitFor((v) => v.public.phase === "team_building" && v.private?.role !== undefined)));
      expect((await commandCalls(stats)).get("spublish")).toBe(1);
    } finally {
      stats.disconnect();
    }
    for (const [i, b] of bots.entries()) {
      const sync = await b.request("room:sync", { roomId });
      if (!sync.ok) throw new Error(sync.code);
      expect(privates[i]?.map((m) => m.view)).toEqual([sync.snapshot.view.private]);
    }
    bots.forEach((b) => b.close());
  });

  it("charges a new player's connection one shared limiter call, and tells the other nodes about it only when it resumes a player", async () => {
    const { urls } = await threeNodes();
    const stats = new Redis(redis.url);
    const calls = async (command: string) => (await commandCalls(stats)).get(command) ?? 0;
    try {
      await stats.config("RESETSTAT");
      const first = await client(urls[0] as string, { name: "newcomer" });
      expect(await calls("spublish")).toBe(0);
      // The per-address rate of joins is shared through Redis; the count of sessions not joined yet is the node's own.
      expect(await calls("incrby")).toBe(1);
      const replaced = new Promise((resolve) => first.socket.once("session:replaced", resolve));
      const second = await client(urls[0] as string, { token: first.session.token });
      await replaced;
      expect(await calls("spublish")).toBeGreaterThan(0);
      first.socket.close();
      second.socket.close();
    } finally {
      stats.disconnect();
    }
  });

  for (const adapter of ["classic", "sharded"] as const) {
    it(`plays a 10-player game with seats on every node (${adapter} adapter), every seat seeing every event in order`, async () => {
      const { urls } = await threeNodes({ REDIS_ADAPTER: adapter });
      const seen: PublicEvent[][] = [];
      const res = await playGame({
        urls,
        players: 10,
        onStarted: (bots) => {
          expect(new Set(bots.map((b) => b.session?.nodeId)).size).toBe(3);
          bots.forEach((b, i) => (seen[i] = b.mirror.events));
        },
      });
      expect(res.violations).toEqual([]);
      expect(res.errors).toEqual([]);
      const fromStart = seen.map((events) => JSON.stringify(events.slice(events.findIndex((e) => e.type === "game_started"))));
      expect(new Set(fromStart).size).toBe(1);
      expect(JSON.parse(fromStart[0] as string).at(-1).type).toBe("game_ended");
    });
  }

  it("answers a refusal from the room as it is, not from the owner's cache, after another node committed without the lease", async () => {
    const { nodes } = await threeNodes({ ROOM_LEASE_MS: "60000" });
    const [a, b] = nodes as [AvalonNode, AvalonNode];
    const created = await a.rooms.create({ playerId: "host", name: "host" }, { maxPlayers: 5 });
    if (!created.ok) throw new Error(created.code);
    const roomId = created.roomId;
    expect(await a.rooms.act(roomId, { type: "ready", playerId: "host", ready: true })).toMatchObject({ ok: true });
    // Another node changes the room without the lease (as a draining node answering forwards does).
    const record = await b.store.load(roomId);
    if (!record) throw new Error("no room");
    const batch = applyBatch(record, [{ action: { type: "join", playerId: "late", name: "late" }, meta: {} }], Date.now());
    expect(await b.store.commit(roomId, record.state.version, batch.next, { log: batch.log, timeline: batch.timeline })).toBe("ok");
    // Legal only in the room as it is now: the owner's cached record has no such player.
    expect(await a.rooms.act(roomId, { type: "leave", playerId: "late" })).toMatchObject({ ok: true });
  });

  it("applies at most one of two conflicting actions racing on two nodes, every time", async () => {
    const { nodes } = await threeNodes();
    const [a, b] = nodes as [AvalonNode, AvalonNode];
    for (let round = 0; round < 40; round++) {
      const created = await a.rooms.create({ playerId: `h${round}`, name: "host" }, { maxPlayers: 5 });
      if (!created.ok) throw new Error(created.code);
      const roomId = created.roomId;
      // Two players race for the same free seat from two nodes at the same instant.
      const [x, y] = await Promise.all([
        a.rooms.act(roomId, { type: "join", playerId: `x${round}`, name: "x" }),
        b.rooms.act(roomId, { type: "join", playerId: `y${round}`, name: "y" }),
      ]);
      expect(x.ok && y.ok).toBe(true);
      const [s1, s2] = await Promise.all([
        a.rooms.act(roomId, { type: "seat", playerId: `x${round}`, seat: 4 }),
        b.rooms.act(roomId, { type: "seat", playerId: `y${round}`, seat: 4 }),
      ]);
      expect([s1.ok, s2.ok].filter(Boolean)).toHaveLength(1);
      const loaded = await nodes[2]?.rooms.load(roomId);
      if (!loaded?.ok) throw new Error("room lost");
      expect(loaded.record.state.seats.length).toBe(3);
      const log = await a.store.actionLog(roomId);
      expect(log.map((l) => l.version)).toEqual([1, 2, 3]);
      // The same action id sent to two nodes at once is applied once.
      const [d1, d2] = await Promise.all([
        a.rooms.act(roomId, { type: "ready", playerId: `x${round}`, ready: true }, { actionId: `dup${round}` }),
        b.rooms.act(roomId, { type: "ready", playerId: `x${round}`, ready: true }, { actionId: `dup${round}` }),
      ]);
      expect(d1.ok && d2.ok && d1.version === d2.version).toBe(true);
      expect(await a.store.actionLog(roomId)).toHaveLength(4);
    }
  });

  it("enforces a limit changed on node A on node B within a second", async () => {
    const { nodes, urls } = await threeNodes();
    const bot = new Bot({ url: urls[1] as string, name: "burst", autoplay: false });
    await bot.connect();
    await bot.createRoom({ maxPlayers: 5 });
    const changed = await nodes[0]?.limits.change({ eventsPerSecond: 1, eventBurst: 2 });
    expect(changed?.ok).toBe(true);
    const t0 = Date.now();
    await new Promise<void>((resolve, reject) => {
      const check = () => (nodes[1]?.limits.get().eventsPerSecond === 1 ? resolve() : Date.now() - t0 > 1000 ? reject(new Error("not within 1 s")) : setTimeout(check, 10));
      check();
    });
    const codes = [];
    for (let i = 0; i < 5; i++) {
      const r = await bot.request("room:sync", { roomId: bot.roomId as string });
      codes.push(r.ok ? "ok" : r.code);
    }
    expect(codes).toContain("rate_limited");
    bot.close();
  });
});
