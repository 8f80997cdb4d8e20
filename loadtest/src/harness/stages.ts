/** One step of a ramp: move linearly to `target` connections over `durationMs` (k6's ramping stages). */
export interface Stage {
  durationMs: number;
  target: number;
}

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** "500ms", "30s", "2m", "1h", or a bare number of seconds, into ms. */
export function parseDuration(raw: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(raw.trim());
  if (!m) throw new Error(`expected a duration like 30s, 500ms or 2m, got "${raw}"`);
  return Math.round(Number(m[1]) * (UNITS[m[2] ?? "s"] as number));
}

/** "10s:100,20s:100,10s:0" into stages. */
export function parseStages(raw: string): Stage[] {
  const stages = raw.split(",").map((part) => {
    const [d, t] = part.split(":");
    const target = Number(t);
    if (d === undefined || t === undefined || !Number.isInteger(target) || target < 0) throw new Error(`expected DURATION:TARGET, got "${part}"`);
    return { durationMs: parseDuration(d), target };
  });
  if (stages.length === 0) throw new Error("no stages");
  return stages;
}

/** Up for a quarter of the time, hold for half, down for the last quarter. */
export function defaultStages(durationMs: number, target: number): Stage[] {
  const quarter = Math.round(durationMs / 4);
  return [
    { durationMs: quarter, target },
    { durationMs: durationMs - 2 * quarter, target },
    { durationMs: quarter, target: 0 },
  ];
}

export function stagesDuration(stages: readonly Stage[]): number {
  return stages.reduce((sum, s) => sum + s.durationMs, 0);
}

/** Connections wanted `elapsedMs` into the ramp, starting from `start`; the last target after the end. */
export function targetAt(stages: readonly Stage[], elapsedMs: number, start = 0): number {
  let from = start;
  let t = elapsedMs;
  for (const s of stages) {
    if (t < s.durationMs) return Math.round(from + ((s.target - from) * t) / s.durationMs);
    t -= s.durationMs;
    from = s.target;
  }
  return from;
}

/** Share `index` of `total` split into `parts` as evenly as whole numbers allow. */
export function share(total: number, parts: number, index: number): number {
  return Math.floor(total / parts) + (index < total % parts ? 1 : 0);
}

/** The stages one of `parts` processes runs so that together they follow `stages`. */
export function shareStages(stages: readonly Stage[], parts: number, index: number): Stage[] {
  return stages.map((s) => ({ durationMs: s.durationMs, target: share(s.target, parts, index) }));
}
