import { afterAll, describe, expect, it } from "vitest";
import { playGame } from "@avalon/loadtest";
import { killChildren, type RedisProcess, spawnNode, startRedis, TEST_TOKENS } from "@avalon/testkit";

let redis: RedisProcess | null = null;
afterAll(async () => {
  killChildren();
  await redis?.stop();
});

describe("cluster mode with workers on one machine", () => {
  it("completes a game over long-polling through sticky workers", async () => {
    redis = await startRedis();
    const node = await spawnNode({
      ENABLE_CLUSTER: "true",
      WORKER_COUNT: "2",
      REDIS_URL: redis.url,
      SECRET: "workers-test-secret-0123456789",
      ...TEST_TOKENS,
    });
    const res = await playGame({ urls: [node.url], players: 6, transports: ["polling"] });
    expect(res.violations).toEqual([]);
    expect(res.errors).toEqual([]);
    expect(new Set(res.nodes).size).toBe(2);
    node.kill("SIGTERM");
    expect(await node.exited).toBe(0);
  }, 60_000);

  it("refuses cluster mode without Redis with a clear message", async () => {
    const node = await spawnNode({ ENABLE_CLUSTER: "true" }, { waitReady: false });
    expect(await node.exited).toBe(2);
    expect(node.output()).toContain("ENABLE_CLUSTER");
    expect(node.output()).toContain("REDIS_URL");
  });
});
