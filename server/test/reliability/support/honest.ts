import { availableParallelism, loadavg } from "node:os";
import { afterAll, afterEach, expect } from "vitest";
import type { Bot } from "@avalon/loadtest";
import { killChildren, type NodeProcess, spawnNode } from "@avalon/testkit";
import { closeAll, LatencyProbe, startedRoom } from "./games.js";
import type { Tally } from "./tally.js";

/** The shared assertion of the abuse cases: honest acks at p99 under this, on two cores. */
export const ABUSE_P99_BUDGET_MS = 250;
/** Acks a p99 is read from: with 600, a stall has to hold six acks (of five players) to count, not one. */
const MIN_SAMPLES = 600;

export interface HonestRun {
  node: NodeProcess;
  url: string;
  roomId: string;
  /** The honest players (seated in the started game). */
  bots: Bot[];
  /** Forgets the acks timed so far (the abuse's own setup), so the figure covers the abuse alone. */
  fromNow(): void;
  /** Stops the probe (after at least MIN_SAMPLES acks), prints and checks the honest players' p99. */
  done(name: string): Promise<number>;
}

/** After each test: runs the cleanups it pushed and kills its node processes; after the file, prints the tally. */
export function abuseCleanup(tally: Tally): (() => void)[] {
  const cleanup: (() => void)[] = [];
  afterEach(() => {
    cleanup.splice(0).forEach((f) => f());
    killChildren();
  });
  afterAll(() => tally.print());
  return cleanup;
}

/**
 * A node process and five honest players in a started game, timing `room:sync` acks every 40 ms
 * while a test abuses the node. The node runs in its own process so the abuser's client side does
 * not share its event loop.
 */
export async function withHonestPlayers(tally: Tally, env: Record<string, string>, cleanup: (() => void)[]): Promise<HonestRun> {
  const node = await spawnNode({ TRUST_PROXY: "true", ...env });
  const { bots, roomId } = await startedRoom(node.url, 5);
  cleanup.push(() => closeAll(bots));
  const probe = new LatencyProbe(bots, roomId, 40).start();
  return {
    node,
    url: node.url,
    roomId,
    bots,
    fromNow() {
      probe.samples.length = 0;
      probe.failures.length = 0;
    },
    async done(name) {
      const lat = await probe.stop(MIN_SAMPLES);
      const load = `load average ${loadavg()[0]?.toFixed(1)} on ${availableParallelism()} cores`;
      console.log(`[reliability] abuse ${name}: honest acks n=${lat.n} p50=${lat.p50.toFixed(1)}ms p99=${lat.p99.toFixed(1)}ms max=${lat.max.toFixed(1)}ms (${load})`);
      await tally.soft(`${name}: honest p99 under ${ABUSE_P99_BUDGET_MS} ms`, () => {
        expect(lat.failures).toEqual([]);
        expect(lat.n).toBeGreaterThanOrEqual(MIN_SAMPLES);
        expect(lat.p99, load).toBeLessThan(ABUSE_P99_BUDGET_MS);
      });
      return lat.p99;
    },
  };
}
