import type { RedisClient } from "../cluster/redis-connection.js";

export const PUBLISH_METHODS = ["publish", "spublish"] as const;
export const SUBSCRIBE_METHODS = ["subscribe", "psubscribe", "unsubscribe", "punsubscribe"] as const;

/**
 * The Socket.IO Redis adapter calls these methods of the client it is given without handling
 * their promise, so a Redis outage would surface as unhandled rejections. They are wrapped on
 * this client to report the failure and resolve with 0 instead. Written for the ioredis version
 * in library-versions.ts.
 */
export function catchCommandErrors(client: RedisClient, methods: readonly string[], onError: (command: string) => void, onCall?: () => void): void {
  const target = client as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>;
  for (const method of methods) {
    const original = target[method]?.bind(client);
    if (!original) throw new Error(`ioredis client has no method ${method}`);
    target[method] = (...args: unknown[]) => {
      onCall?.();
      return original(...args).catch(() => {
        onError(method);
        return 0;
      });
    };
  }
}
