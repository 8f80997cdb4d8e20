import type { RedisClient } from "../cluster/redis-connection.js";

export interface SubscriptionHooks {
  /** A subscribe or unsubscribe command failed (counted; a subscribe is tried again). */
  onError?: (command: string) => void;
  retryMs?: number;
}

type Method = (...args: unknown[]) => Promise<unknown>;

/**
 * Keeps the sharded channel subscriptions the adapter asked for. The adapter subscribes to a
 * room's channel when the room's first local member enters and never looks at the result: a
 * subscribe lost with the connection would leave this node deaf to that room for its lifetime.
 * Failed subscribes are tried again (after a delay, and at once when the connection is back)
 * until they succeed or the channel is no longer wanted; nothing is left to reject unhandled.
 * The client's `ssubscribe` and `sunsubscribe` are replaced on this client for that. Written for
 * the ioredis version in library-versions.ts.
 */
export function keepShardedSubscriptions(sub: RedisClient, hooks: SubscriptionHooks = {}): { pending: () => number } {
  const target = sub as unknown as Record<"ssubscribe" | "sunsubscribe", Method>;
  const subscribe = target.ssubscribe.bind(sub);
  const unsubscribe = target.sunsubscribe.bind(sub);
  const wanted = new Set<string>();
  const failed = new Set<string>();
  let timer: NodeJS.Timeout | null = null;
  let ended = false;

  const attempt = (channels: string[]): Promise<unknown> =>
    subscribe(...channels).catch(() => {
      hooks.onError?.("ssubscribe");
      for (const c of channels) if (wanted.has(c)) failed.add(c);
      schedule();
      return 0;
    });
  const retry = (): void => {
    if (timer) clearTimeout(timer);
    timer = null;
    const channels = [...failed].filter((c) => wanted.has(c));
    failed.clear();
    if (channels.length > 0 && !ended) void attempt(channels);
  };
  const schedule = (): void => {
    if (timer || ended) return;
    timer = setTimeout(retry, hooks.retryMs ?? 250);
    timer.unref();
  };

  target.ssubscribe = (...args: unknown[]) => {
    const channels = args.filter((a): a is string => typeof a === "string");
    for (const c of channels) wanted.add(c);
    return attempt(channels);
  };
  target.sunsubscribe = (...args: unknown[]) => {
    for (const c of args) {
      if (typeof c !== "string") continue;
      wanted.delete(c);
      failed.delete(c);
    }
    return unsubscribe(...args).catch(() => {
      hooks.onError?.("sunsubscribe");
      return 0;
    });
  };
  sub.on("ready", retry);
  sub.on("end", () => {
    ended = true;
    if (timer) clearTimeout(timer);
  });
  return { pending: () => failed.size };
}
