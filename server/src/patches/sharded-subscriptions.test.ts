import { EventEmitter } from "node:events";
import { describe, expect, it } from "vitest";
import type { RedisClient } from "../cluster/redis-connection.js";
import { keepShardedSubscriptions } from "./sharded-subscriptions.js";

/** A subscriber whose `ssubscribe` fails while `down` is set. */
function fakeSubscriber() {
  const client = Object.assign(new EventEmitter(), {
    down: true,
    subscribed: new Set<string>(),
    async ssubscribe(...channels: string[]) {
      if (client.down) throw new Error("Connection is closed.");
      for (const c of channels) client.subscribed.add(c);
      return channels.length;
    },
    async sunsubscribe(...channels: string[]) {
      for (const c of channels) client.subscribed.delete(c);
      return 0;
    },
  });
  return client;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("keepShardedSubscriptions", () => {
  it("subscribes again to a channel whose subscribe failed, once the connection is back", async () => {
    const sub = fakeSubscriber();
    const errors: string[] = [];
    keepShardedSubscriptions(sub as unknown as RedisClient, { onError: (c) => errors.push(c), retryMs: 10_000 });
    await (sub as unknown as RedisClient).ssubscribe("room#A#");
    expect(errors).toEqual(["ssubscribe"]);
    sub.down = false;
    sub.emit("ready");
    await sleep(10);
    expect([...sub.subscribed]).toEqual(["room#A#"]);
  });

  it("keeps retrying on a timer, and stops for a channel no longer wanted", async () => {
    const sub = fakeSubscriber();
    const keeper = keepShardedSubscriptions(sub as unknown as RedisClient, { retryMs: 20 });
    const client = sub as unknown as RedisClient;
    await client.ssubscribe("room#A#");
    await client.ssubscribe("room#B#");
    await sleep(50);
    expect(keeper.pending()).toBe(2);
    await client.sunsubscribe("room#B#");
    sub.down = false;
    await sleep(60);
    expect([...sub.subscribed]).toEqual(["room#A#"]);
    expect(keeper.pending()).toBe(0);
  });
});
