import type { OptionalRole } from "@avalon/protocol";
import type { RunMetrics } from "../run-metrics.js";

/** What every scenario of one process gets. */
export interface ScenarioContext {
  url: string;
  metrics: RunMetrics;
  /** Aborts at the end of the run (or on Ctrl-C): no new work starts, work in flight stops. */
  signal: AbortSignal;
  /** Mean pause before each move or chat message, ms. */
  thinkMs: number;
  rng: () => number;
  /** Prefix of VU names, unique per process. */
  namePrefix: string;
  /** The source address of the next VU, or undefined for the system's choice. */
  nextSourceAddress: () => string | undefined;
}

/** Source addresses 127.0.0.1 .. 127.0.0.N in turn; none when N is 1. */
export function sourceAddresses(count: number): () => string | undefined {
  let next = 0;
  return () => (count <= 1 ? undefined : `127.0.0.${1 + (next++ % count)}`);
}

/** Tables this process runs: their global indices decide player counts, so splits over processes change nothing. */
export interface TableShare {
  rooms: number;
  /** Global index of this process's first table. */
  firstTable: number;
  players: [number, number];
}

export function playersAt(share: TableShare, table: number): number {
  const [lo, hi] = share.players;
  return lo + ((share.firstTable + table) % (hi - lo + 1));
}

/** Optional-role sets with at most one evil special, valid for every count from 5 up, cycled so all roles get played. */
const ROLE_SETS: OptionalRole[][] = [[], ["percival", "morgana"], ["percival"], ["mordred"], ["oberon"], ["percival", "mordred"]];

export function rolesFor(game: number): OptionalRole[] {
  return ROLE_SETS[game % ROLE_SETS.length] as OptionalRole[];
}

export const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener("abort", done);
  });

/** An exponentially distributed pause with this mean: arrivals of a Poisson process, as people do. */
export function pause(meanMs: number, rng: () => number): number {
  return meanMs <= 0 ? 0 : Math.min(meanMs * 10, -Math.log(1 - rng()) * meanMs);
}
