import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pino } from "pino";
import { createRedisClient } from "../src/cluster/redis-connection.js";
import { type RedisProcess, startRedis } from "@avalon/testkit";

let redis: RedisProcess;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis?.stop();
});

describe("createRedisClient", () => {
  it("connects without CLIENT SETINFO, so no command fails on a Redis older than 7.2", async () => {
    const seen: { command: string; failed: boolean }[] = [];
    const client = createRedisClient({ url: redis.url, clusterNodes: [], commandTimeoutMs: 2000, autoPipeline: false }, "cmd", pino({ level: "silent" }), (command, _ms, failed) =>
      seen.push({ command, failed }),
    );
    await client.connect();
    await client.ping();
    await client.quit();
    // CLIENT SETNAME (the connection name) is still sent, and succeeds.
    expect(seen.map((s) => s.command.toLowerCase())).toContain("client");
    expect(seen.filter((s) => s.failed)).toEqual([]);
  });
});
