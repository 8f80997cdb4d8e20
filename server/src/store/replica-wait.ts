import type { RedisClient } from "../cluster/redis-connection.js";

/** REDIS_COMMIT_REPLICAS / REDIS_COMMIT_REPLICAS_TIMEOUT_MS. */
export interface ReplicaWait {
  /** Replicas a commit must reach before its player is answered; 0 answers once the master has it. */
  replicas: number;
  /** How long one WAIT blocks for them, ms. */
  timeoutMs: number;
}

/**
 * Whether the writes made so far on the master that holds `key` reached `wait.replicas` replicas.
 * WAIT names no key: sent alone to a Redis Cluster it would go to any master, so a read of `key`
 * in the same pipeline routes it to the key's master.
 */
export async function reachedReplicas(redis: RedisClient, key: string, wait: ReplicaWait): Promise<boolean> {
  const replies = await redis.pipeline().exists(key).wait(wait.replicas, wait.timeoutMs).exec();
  const [err, acked] = replies?.[1] ?? [new Error("WAIT got no reply"), 0];
  if (err) throw err;
  return Number(acked) >= wait.replicas;
}
