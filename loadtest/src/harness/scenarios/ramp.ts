import { RawVu } from "../raw-vu.js";
import { targetAt, type Stage } from "../stages.js";
import { sleep, type ScenarioContext } from "./context.js";

const STEP_MS = 100;
/** Handshakes started per step at most, so that a steep stage does not open thousands at once. */
const MAX_OPENS_PER_STEP = 200;

/**
 * Scenario (a): connections that only hold their heartbeat, ramped through stages like k6's
 * ramping-vus (linear moves between targets). Newest connections close first on the way down.
 */
export async function runRamp(ctx: ScenarioContext, stages: readonly Stage[]): Promise<void> {
  const started = Date.now();
  const live: RawVu[] = [];
  const opening = new Set<Promise<unknown>>();
  let serial = 0;
  try {
    while (!ctx.signal.aborted) {
      const target = targetAt(stages, Date.now() - started);
      const have = live.length;
      if (have < target) {
        for (let i = 0; i < Math.min(target - have, MAX_OPENS_PER_STEP); i++) {
          const vu = new RawVu({ url: ctx.url, name: `${ctx.namePrefix}r${serial++}`, metrics: ctx.metrics, rng: ctx.rng, localAddress: ctx.nextSourceAddress() });
          live.push(vu);
          const p = vu.connect().catch(() => {
            // Refused: counted by the VU; its place is taken by a new one next step.
            const at = live.indexOf(vu);
            if (at >= 0) live.splice(at, 1);
          });
          opening.add(p);
          void p.finally(() => opening.delete(p));
        }
      } else if (have > target) {
        for (const vu of live.splice(target)) vu.close();
      }
      await sleep(STEP_MS, ctx.signal);
    }
  } finally {
    for (const vu of live.splice(0)) vu.close();
    await Promise.all(opening);
  }
}
