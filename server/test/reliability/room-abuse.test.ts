import { sleep } from "@avalon/testkit";
import { WireSocket } from "@avalon/loadtest";
import { describe, expect, it } from "vitest";
import type { Ack } from "@avalon/protocol";
import { abuseCleanup, withHonestPlayers } from "./support/honest.js";
import { Tally } from "./support/tally.js";

/*
 * Cheap ways to hold a node's rooms or its event loop, tried while five honest players keep asking
 * for their room: abandoned lobbies, one address opening lobby after lobby, events nobody asked an
 * ack for, and a crowd of spectators.
 */

const tally = new Tally("room abuse");
const cleanup = abuseCleanup(tally);

async function player(url: string, name: string, address: string): Promise<WireSocket> {
  const { raw } = await WireSocket.connect(url, { name }, { headers: { "X-Forwarded-For": address } });
  cleanup.push(() => raw.close());
  return raw;
}

const create = (raw: WireSocket) => raw.request<Ack<{ roomId: string }>>("room:create", [{ options: { maxPlayers: 5 } }]);

async function until<T>(f: () => Promise<T>, ok: (v: T) => boolean, ms: number): Promise<T> {
  const end = Date.now() + ms;
  let v = await f();
  while (!ok(v) && Date.now() < end) {
    await sleep(100);
    v = await f();
  }
  return v;
}

describe("abandoned lobbies", () => {
  it("closes lobbies nobody is connected to after the grace period, giving their slots back", async () => {
    const run = await withHonestPlayers(tally, { LIMIT_MAX_ROOMS: "22", LOBBY_GRACE_MS: "1000" }, cleanup);
    const url = run.url;
    // One host stays; twenty leave their lobbies by disconnecting.
    const stayer = await player(url, "stayer", "198.51.100.1");
    const kept = await create(stayer);
    const leavers = await Promise.all(Array.from({ length: 20 }, (_, i) => player(url, `leaver${i}`, `203.0.113.${i + 1}`)));
    const made = await Promise.all(leavers.map(create));
    leavers.forEach((l) => l.close());
    const honest = await player(url, "late", "198.51.100.2");
    const atOnce = await create(honest);
    const t0 = Date.now();
    const later = await until(() => create(honest), (r) => r.ok, 15_000);
    const freedAfterMs = Date.now() - t0;
    const stayerRoom = kept.ok ? await stayer.request<Ack<{ snapshot: { view: { public: { phase: string } } } }>>("room:sync", [{ roomId: kept.roomId }]) : null;
    await run.done("abandoned lobbies");
    console.log(`[reliability] room abuse abandoned lobbies: ${made.filter((r) => r.ok).length} made and abandoned; create at once -> ${atOnce.ok ? "ok" : atOnce.code}; ${later.ok ? "ok again" : `still ${later.code}`} after ${freedAfterMs} ms`);
    await tally.soft("abandoned lobbies: the cap is full at first", () => {
      expect(made.every((r) => r.ok)).toBe(true);
      expect(atOnce).toMatchObject({ ok: false, code: "room_limit" });
    });
    await tally.soft("abandoned lobbies: closed after the grace period", () => expect(later).toMatchObject({ ok: true }));
    await tally.soft("abandoned lobbies: a lobby whose host is connected stays open", () => {
      expect(stayerRoom).toMatchObject({ ok: true, snapshot: { view: { public: { phase: "lobby" } } } });
    });
    tally.rethrow();
  });

  it("limits the open lobbies one address holds", async () => {
    const run = await withHonestPlayers(tally, { MAX_LOBBIES_PER_ADDRESS: "20" }, cleanup);
    const url = run.url;
    const replies: Ack[] = [];
    const t0 = Date.now();
    for (let round = 0; round < 10; round++) {
      const sockets = await Promise.all(Array.from({ length: 20 }, (_, i) => player(url, `h${round}-${i}`, "203.0.113.77")));
      replies.push(...(await Promise.all(sockets.map(create))));
    }
    const ms = Date.now() - t0;
    const other = await create(await player(url, "neighbour", "198.51.100.3"));
    await run.done("lobbies from one address");
    const ok = replies.filter((r) => r.ok).length;
    const limited = replies.filter((r) => !r.ok && r.code === "lobby_limit").length;
    console.log(`[reliability] room abuse one address: ${replies.length} creates in ${ms} ms, ${ok} lobbies, ${limited} lobby_limit`);
    await tally.soft("lobbies per address: beyond the limit lobby_limit", () => {
      expect(ok).toBe(20);
      expect(limited).toBe(replies.length - 20);
    });
    await tally.soft("lobbies per address: another address still creates", () => expect(other).toMatchObject({ ok: true }));
    tally.rethrow();
  });
});

describe("events without an ack", () => {
  it("counts unknown events without an ack id against the socket's budget and cuts the socket off", async () => {
    const run = await withHonestPlayers(tally, {}, cleanup);
    const flooder = await player(run.url, "flooder", "203.0.113.90");
    let sent = 0;
    const t0 = Date.now();
    while (sent < 5000 && flooder.isOpen) {
      for (let i = 0; i < 500; i++) flooder.send(`42["nonsense:event",{"a":${sent++}}]`);
      await sleep(100);
    }
    const cut = await Promise.race([flooder.closed.then(() => true), sleep(3000).then(() => false)]);
    const after = cut ? "closed" : await flooder.requestOrClose("room:sync", [{ roomId: run.roomId }], 2000).catch(() => "silent");
    await run.done("unknown events without ack");
    console.log(`[reliability] room abuse unknown events: ${sent} sent in ${Date.now() - t0} ms; cut off: ${cut}; next request -> ${JSON.stringify(after)}`);
    await tally.soft("unknown events without ack: the socket is cut off", () => {
      expect(cut).toBe(true);
      expect(after).toBe("closed");
    });
    tally.rethrow();
  });
});

describe("spectator crowds", () => {
  it("caps the spectators of a room with spectators_full", async () => {
    const run = await withHonestPlayers(tally, { MAX_SPECTATORS_PER_ROOM: "10" }, cleanup);
    const url = run.url;
    const crowd = await Promise.all(Array.from({ length: 40 }, (_, i) => player(url, `spec${i}`, `10.1.${i >> 4}.${i & 15}`)));
    const replies = await Promise.all(crowd.map((s) => s.request<Ack>("room:spectate", [{ roomId: run.roomId }])));
    const again = await crowd[0]?.request<Ack>("room:spectate", [{ roomId: run.roomId }]);
    await run.done("spectator crowd");
    const ok = replies.filter((r) => r.ok).length;
    const full = replies.filter((r) => !r.ok && r.code === "spectators_full").length;
    console.log(`[reliability] room abuse spectators: ${ok} admitted, ${full} spectators_full of ${replies.length}`);
    await tally.soft("spectators: at most the cap, the rest spectators_full", () => {
      expect(ok).toBe(10);
      expect(full).toBe(30);
    });
    await tally.soft("spectators: an admitted spectator asking again gets the room", () => {
      if (replies[0]?.ok) expect(again).toMatchObject({ ok: true });
      else expect(again).toMatchObject({ ok: false });
    });
    tally.rethrow();
  });
});
