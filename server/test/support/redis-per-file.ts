import { afterAll, beforeAll } from "vitest";
import { type RedisProcess, startRedis, stopAll } from "@avalon/testkit";

/** A redis-server for the test file, started before its tests; the nodes started in it and the server stop after them. */
export function redisForFile(extra: string[] = []): () => RedisProcess {
  let redis: RedisProcess | undefined;
  beforeAll(async () => {
    redis = await startRedis(extra);
  });
  afterAll(async () => {
    await stopAll();
    await redis?.stop();
  });
  return () => {
    if (!redis) throw new Error("redis is not started yet");
    return redis;
  };
}
