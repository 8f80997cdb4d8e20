import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Bot } from "@avalon/loadtest";
import { eventually, type RedisProcess, startNode, startRedis, stopAll } from "@avalon/testkit";

let redis: RedisProcess;
let url = "";
beforeAll(async () => {
  redis = await startRedis(["--appendonly", "yes", "--appendfsync", "always"]);
  url = (await startNode({ REDIS_URL: redis.url, REDIS_COMMAND_TIMEOUT_MS: "500" })).url;
});
afterAll(async () => {
  await stopAll();
  await redis.stop();
});

async function host(): Promise<Bot> {
  const b = new Bot({ url, name: "host", autoplay: false, requestTimeoutMs: 5000 });
  await b.connect();
  await b.createRoom({ maxPlayers: 5 });
  return b;
}

describe("Redis outages", () => {
  it("fails requests fast with `unavailable` while Redis is down and recovers by itself", async () => {
    const b = await host();
    await redis.down();
    const t0 = Date.now();
    const res = await b.request("room:ready", { roomId: b.roomId as string, ready: true, actionId: "r1" });
    expect(Date.now() - t0).toBeLessThan(1500);
    expect(res).toMatchObject({ ok: false, code: "unavailable" });
    await redis.up();
    await eventually(async () => (await b.request("room:ready", { roomId: b.roomId as string, ready: true, actionId: "r2" })).ok, 10_000, 200);
    b.close();
  });

  it("fails readiness while its Redis connection is down, so the balancer sends players elsewhere, and recovers", async () => {
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
    await redis.down();
    await eventually(async () => (await fetch(`${url}/readyz`)).status === 503, 5000, 50);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    await redis.up();
    await eventually(async () => (await fetch(`${url}/readyz`)).status === 200, 10_000, 200);
  });

  it("fails requests within the command timeout while Redis is paused, then recovers", async () => {
    const b = await host();
    redis.pause();
    const t0 = Date.now();
    const res = await b.request("room:ready", { roomId: b.roomId as string, ready: true, actionId: "p1" });
    const took = Date.now() - t0;
    redis.resume();
    expect(took).toBeLessThan(2000);
    expect(res).toMatchObject({ ok: false, code: "unavailable" });
    await eventually(async () => (await b.request("room:sync", { roomId: b.roomId as string })).ok, 10_000, 200);
    b.close();
  });
});
