import { describe, expect, it } from "vitest";
import type { AvalonNode } from "../src/node.js";
import { ack, client, eventually, startNode } from "@avalon/testkit";
import { redisForFile } from "./support/redis-per-file.js";

const redis = redisForFile();

async function rooms(node: AvalonNode): Promise<Record<string, number>> {
  const values = (await node.metrics.registry.getSingleMetric("avalon_rooms")?.get())?.values ?? [];
  return Object.fromEntries(values.filter((v) => v.value > 0).map((v) => [String(v.labels.phase), v.value]));
}

describe("avalon_rooms in Redis mode", () => {
  it("counts a room whose players sit on two nodes once, on the node that committed its last listed change", async () => {
    const env = { REDIS_URL: redis().url, REDIS_PREFIX: `rg${Math.random().toString(36).slice(2, 8)}`, SECRET: "rooms-gauge-secret-0123456789", HEARTBEAT_MS: "100", ROOM_INDEX_TTL_MS: "1500" };
    const a = await startNode({ ...env, NODE_ID: "gauge-a" });
    const b = await startNode({ ...env, NODE_ID: "gauge-b" });
    const host = await client(a.url, { name: "host" });
    const created = await ack<{ ok: true; roomId: string }>(host.socket, "room:create", {});
    expect(created.ok).toBe(true);
    for (const name of ["guest1", "guest2"]) {
      const guest = await client(b.url, { name });
      expect(await ack<{ ok: boolean }>(guest.socket, "room:join", { roomId: created.roomId })).toMatchObject({ ok: true });
    }

    // a created the room, b seated the guests after: b's claim is newer, and a gives the room up when it renews its own.
    await eventually(async () => (await rooms(b.node)).lobby === 1 && Object.keys(await rooms(a.node)).length === 0, 5000, 50);
    expect(await rooms(b.node)).toEqual({ lobby: 1 });
  });
});
