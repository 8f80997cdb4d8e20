import { readRedis } from "./redis-info.js";

/** Cumulative histogram buckets: upper bound → observations at or below it. */
type Buckets = Map<number, number>;

/** What the servers and Redis counted, summed over every node; subtract two readings for a window. */
export interface ServerCounters {
  redisCommands: number;
  /** The same calls by command name (lower case, as INFO names them). */
  redisByCommand: Map<string, number>;
  ack: Buckets;
  batch: Buckets;
  batches: number;
  conflicts: number;
}

/** One sample line of the Prometheus text format: name, labels, value. */
export const SAMPLE = /^([a-z_]+)(?:\{([^}]*)\})? ([0-9.e+-]+|NaN|\+Inf)$/;

function addBucket(into: Buckets, le: string, value: number): void {
  const bound = le === "+Inf" ? Infinity : Number(le);
  into.set(bound, (into.get(bound) ?? 0) + value);
}

export async function readCounters(nodeUrls: string[], redisUrl: string | null): Promise<ServerCounters> {
  const byCommand = redisUrl ? (await readRedis(redisUrl)).byCommand : new Map<string, number>();
  const c: ServerCounters = { redisCommands: [...byCommand.values()].reduce((a, b) => a + b, 0), redisByCommand: byCommand, ack: new Map(), batch: new Map(), batches: 0, conflicts: 0 };
  for (const url of nodeUrls) {
    const text = await (await fetch(`${url}/metrics`)).text();
    for (const line of text.split("\n")) {
      const m = SAMPLE.exec(line);
      if (!m) continue;
      const [, name, labels = "", raw] = m;
      const value = Number(raw);
      const le = /le="([^"]+)"/.exec(labels)?.[1];
      if (name === "avalon_ack_latency_seconds_bucket" && le && labels.includes('event="game:action"')) addBucket(c.ack, le, value);
      else if (name === "avalon_commit_batch_size_bucket" && le) addBucket(c.batch, le, value);
      else if (name === "avalon_commit_batch_size_count") c.batches += value;
      else if (name === "avalon_state_conflicts_total") c.conflicts += value;
    }
  }
  return c;
}

function minus(a: Buckets, b: Buckets): Buckets {
  return new Map([...a].map(([le, n]) => [le, n - (b.get(le) ?? 0)]));
}

export function between(before: ServerCounters, after: ServerCounters): ServerCounters {
  return {
    redisCommands: after.redisCommands - before.redisCommands,
    redisByCommand: new Map([...after.redisByCommand].map(([cmd, n]) => [cmd, n - (before.redisByCommand.get(cmd) ?? 0)])),
    ack: minus(after.ack, before.ack),
    batch: minus(after.batch, before.batch),
    batches: after.batches - before.batches,
    conflicts: after.conflicts - before.conflicts,
  };
}

/** The upper bound of the bucket holding quantile `q` (a histogram cannot say more). */
export function bucketQuantile(buckets: Buckets, q: number): number {
  const sorted = [...buckets].sort((x, y) => x[0] - y[0]);
  const total = sorted.at(-1)?.[1] ?? 0;
  if (total === 0) return 0;
  for (const [le, n] of sorted) if (n >= q * total) return le;
  return Infinity;
}
