import { describe, expect, it } from "vitest";
import { pino } from "pino";
import { createRedisClient } from "../src/cluster/redis-connection.js";
import { RedisWire } from "../src/cluster/redis-wire.js";
import { redisForFile } from "./support/redis-per-file.js";

const redis = redisForFile();

describe("RedisWire", () => {
  it("counts a client's commands and the bytes of its connections, keeping them across a reconnect", async () => {
    const client = createRedisClient({ url: redis().url, clusterNodes: [], commandTimeoutMs: 2000, autoPipeline: false }, "cmd", pino({ level: "silent" }));
    const wire = new RedisWire(client);
    await client.connect();
    const value = "x".repeat(10_000);
    await client.set("wire-test", value);
    await client.get("wire-test");
    const first = wire.totals();
    expect(first.bytesWritten).toBeGreaterThan(10_000);
    expect(first.bytesRead).toBeGreaterThan(10_000);

    client.disconnect(true);
    await new Promise<void>((resolve) => client.once("ready", () => resolve()));
    await client.get("wire-test");
    const second = wire.totals();
    expect(second.bytesRead).toBeGreaterThan(first.bytesRead + 10_000);
    expect(second.commands).toBeGreaterThanOrEqual(first.commands + 1);
    await client.quit();
  });
});
