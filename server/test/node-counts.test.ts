import { describe, expect, it } from "vitest";
import type { AvalonNode } from "../src/node.js";
import { ack, client, eventually, startNode } from "@avalon/testkit";
import { redisForFile } from "./support/redis-per-file.js";

const redis = redisForFile();

/** The players and rooms this node reported in its last heartbeat. */
async function counts(node: AvalonNode, nodeId: string): Promise<[number, number] | null> {
  const snap = (await node.cluster.listNodes()).find((n) => n.nodeId === nodeId);
  return snap ? [snap.players, snap.rooms] : null;
}

describe.each([
  ["in memory", () => ({})],
  ["through Redis", () => ({ REDIS_URL: redis().url, REDIS_PREFIX: `nc${Math.random().toString(36).slice(2, 8)}` })],
])("a node's heartbeat, %s", (_mode, env) => {
  it("counts its players and the rooms they sit in as they come, resume and go", async () => {
    const nodeId = `counts-${Math.random().toString(36).slice(2, 8)}`;
    const { node, url } = await startNode({ ...env(), NODE_ID: nodeId, HEARTBEAT_MS: "100", SECRET: "node-counts-secret-0123456789" });
    const host = await client(url, { name: "host" });
    const created = await ack<{ ok: true; roomId: string }>(host.socket, "room:create", {});
    const guest = await client(url, { name: "guest" });
    expect(await ack<{ ok: boolean }>(guest.socket, "room:join", { roomId: created.roomId })).toMatchObject({ ok: true });
    const again = await client(url, { token: host.session.token });
    const idle = await client(url, { name: "idle" });
    await eventually(async () => JSON.stringify(await counts(node, nodeId)) === "[3,1]", 5000, 50);

    idle.socket.disconnect();
    guest.socket.disconnect();
    await eventually(async () => JSON.stringify(await counts(node, nodeId)) === "[1,1]", 5000, 50);
    again.socket.disconnect();
    await eventually(async () => JSON.stringify(await counts(node, nodeId)) === "[0,0]", 5000, 50);
  });
});
