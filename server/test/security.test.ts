import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Bot } from "@avalon/loadtest";
import type { Ack, Snapshot } from "@avalon/protocol";
import { ack, client, startNode, stopAll } from "@avalon/testkit";

let url = "";
beforeAll(async () => {
  url = (await startNode()).url;
});
afterAll(stopAll);

async function startedRoom(players = 5): Promise<{ bots: Bot[]; roomId: string }> {
  const bots = Array.from({ length: players }, (_, i) => new Bot({ url, name: `s${i}`, autoplay: false }));
  await Promise.all(bots.map((b) => b.connect()));
  const roomId = await (bots[0] as Bot).createRoom({ maxPlayers: players });
  for (const b of bots.slice(1)) await b.join(roomId);
  await Promise.all(bots.map((b) => b.ready()));
  await (bots[0] as Bot).start();
  await Promise.all(bots.map((b) => b.waitFor((v) => v.public.phase === "team_building")));
  return { bots, roomId };
}

describe("who may act", () => {
  it("refuses a move from a player who never joined the room", async () => {
    const { bots, roomId } = await startedRoom();
    const { socket } = await client(url, { name: "stranger" });
    const res = await ack<Ack>(socket, "game:action", { roomId, actionId: "x1", move: { type: "vote", approve: true } });
    expect(res).toMatchObject({ ok: false, code: "wrong_phase" });
    const res2 = await ack<Ack>(socket, "game:action", { roomId, actionId: "x2", move: { type: "propose", team: ["a", "b"] } });
    expect(res2).toMatchObject({ ok: false, code: "not_in_room" });
    const sync = await ack<Ack>(socket, "room:sync", { roomId });
    expect(sync).toMatchObject({ ok: false, code: "not_in_room" });
    bots.forEach((b) => b.close());
  });

  it("refuses to let a player act for another seat", async () => {
    const { bots, roomId } = await startedRoom();
    const leaderId = bots[0]?.view?.public.leader as string;
    const other = bots.find((b) => b.session?.playerId !== leaderId) as Bot;
    const version = other.view?.public.version;
    const forged = await other.request("game:action", { roomId, actionId: "f1", move: { type: "propose", team: [leaderId] }, playerId: leaderId } as never);
    expect(forged).toMatchObject({ ok: false, code: "bad_request" });
    const size = other.view?.public.teamSizes[0] as number;
    const team = other.view?.public.players.slice(0, size).map((p) => p.id) as string[];
    const notLeader = await other.play({ type: "propose", team });
    expect(notLeader).toMatchObject({ ok: false, code: "not_leader" });
    const sync = (await other.request("room:sync", { roomId })) as Ack<{ snapshot: Snapshot }>;
    expect(sync.ok && sync.snapshot.version).toBe(version);
    bots.forEach((b) => b.close());
  });

  it("answers a repeated action id without applying it twice", async () => {
    const { bots, roomId } = await startedRoom();
    const leaderId = bots[0]?.view?.public.leader as string;
    const leader = bots.find((b) => b.session?.playerId === leaderId) as Bot;
    const size = leader.view?.public.teamSizes[0] as number;
    const team = leader.view?.public.players.slice(0, size).map((p) => p.id) as string[];
    const payload = { roomId, actionId: "dup-1", move: { type: "propose" as const, team } };
    const first = await leader.request("game:action", payload);
    const second = await leader.request("game:action", payload);
    expect(first).toMatchObject({ ok: true });
    expect(second).toMatchObject({ ok: true, duplicate: true });
    expect(first.ok && second.ok && first.version === second.version).toBe(true);
    bots.forEach((b) => b.close());
  });
});

describe("bad input", () => {
  it("answers malformed payloads with bad_request and changes nothing", async () => {
    const { bots, roomId } = await startedRoom();
    const b = bots[1] as Bot;
    const before = b.view?.public.version;
    const cases: unknown[] = [
      null,
      42,
      "text",
      [],
      { roomId },
      { roomId, actionId: "m1", move: { type: "vote" } },
      { roomId, actionId: "m2", move: { type: "vote", approve: "yes" } },
      { roomId, actionId: "m3", move: { type: "explode" } },
      { roomId: "../../etc", actionId: "m4", move: { type: "vote", approve: true } },
      { roomId, actionId: "m5", move: { type: "propose", team: Array.from({ length: 1000 }, (_, i) => `p${i}`) } },
      { roomId, actionId: "m6", move: { type: "vote", approve: true }, extra: { a: { b: { c: { d: 1 } } } } },
    ];
    for (const payload of cases) {
      const res = await ack<Ack>(b.socket as never, "game:action", payload);
      expect(res, JSON.stringify(payload)?.slice(0, 80)).toMatchObject({ ok: false, code: "bad_request" });
    }
    const sync = (await b.request("room:sync", { roomId })) as Ack<{ snapshot: Snapshot }>;
    expect(sync.ok && sync.snapshot.version).toBe(before);
    bots.forEach((x) => x.close());
  });

  it("answers an oversize chat or payload with an error ack", async () => {
    const { bots, roomId } = await startedRoom();
    const b = bots[0] as Bot;
    const res = await b.request("chat:send", { roomId, text: "x".repeat(5000) });
    expect(res).toMatchObject({ ok: false });
    expect(["bad_request", "payload_too_large"]).toContain(!res.ok && res.code);
    const ok = await b.request("chat:send", { roomId, text: "hello" });
    expect(ok).toMatchObject({ ok: true });
    bots.forEach((x) => x.close());
  });

  it("answers an unknown event with bad_request", async () => {
    const { socket } = await client(url, { name: "odd" });
    const res = await ack<Ack>(socket, "admin:drain", { nodeId: "x" });
    expect(res).toMatchObject({ ok: false, code: "bad_request" });
  });

  it("refuses a handshake with a forged resume token", async () => {
    await expect(client(url, { token: "eyJwIjoicF8xIn0.bm90LWEtbWFj" })).rejects.toMatchObject({ code: "invalid_token" });
    await expect(client(url, {})).rejects.toMatchObject({ code: "bad_request" });
  });
});
