import { describe, expect, it } from "vitest";
import { ack, client, eventually, sleep, startNode } from "@avalon/testkit";
import { redisForFile } from "./support/redis-per-file.js";

const redis = redisForFile();

const GRACE_MS = 1000;

describe("the lobby reaper across nodes", () => {
  it("keeps a lobby whose only connected player sits on another node, and closes it once nobody is connected anywhere", async () => {
    const env = { REDIS_URL: redis().url, REDIS_PREFIX: `lr${Math.random().toString(36).slice(2, 8)}`, SECRET: "lobby-reaper-secret-0123456789", LOBBY_GRACE_MS: String(GRACE_MS) };
    const a = await startNode({ ...env, NODE_ID: "reaper-a" });
    const b = await startNode({ ...env, NODE_ID: "reaper-b" });
    const host = await client(a.url, { name: "host" });
    const created = await ack<{ ok: true; roomId: string }>(host.socket, "room:create", {});
    const guest = await client(b.url, { name: "guest" });
    expect(await ack<{ ok: boolean }>(guest.socket, "room:join", { roomId: created.roomId })).toMatchObject({ ok: true });
    let closed = false;
    guest.socket.on("room:closed", () => {
      closed = true;
    });
    host.socket.disconnect();

    // Node a, which reaps its own lobbies, has no socket in it now: the guest on b keeps it open.
    await sleep(GRACE_MS * 3);
    expect(closed).toBe(false);
    expect((await a.node.store.load(created.roomId))?.state.phase).toBe("lobby");

    guest.socket.disconnect();
    await eventually(async () => (await a.node.store.load(created.roomId))?.state.phase !== "lobby", GRACE_MS * 10, 100);
  });
});
