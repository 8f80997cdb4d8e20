import type { LoadTestRunSummary } from "@avalon/protocol";

type Stats = LoadTestRunSummary["metrics"][string];

/**
 * k6's end-of-test summaries, in the two JSON shapes k6 writes:
 * - `handleSummary(data)` writing `JSON.stringify(data)`: `metrics.<name>` is
 *   `{ type, contains, values: { avg, "p(95)", count, rate, ... }, thresholds?: { "<expr>": { ok } } }`,
 *   and `state.testRunDurationMs` gives the duration;
 * - `k6 run --summary-export=file.json`: `metrics.<name>` holds the values directly, and each
 *   threshold maps to a boolean that is true when the threshold *failed* (k6 kept that inverted
 *   meaning for compatibility).
 * No well-kept package reads these; the shapes are small and documented, so they are read here.
 */
export function fromK6Summary(raw: unknown, file: { name: string; mtimeMs: number }): LoadTestRunSummary | null {
  if (typeof raw !== "object" || raw === null) return null;
  const doc = raw as { metrics?: unknown; state?: { testRunDurationMs?: unknown }; root_group?: unknown };
  if (typeof doc.metrics !== "object" || doc.metrics === null || doc.root_group === undefined) return null;
  const metrics: LoadTestRunSummary["metrics"] = {};
  const thresholds: LoadTestRunSummary["thresholds"] = [];
  for (const [name, entry] of Object.entries(doc.metrics as Record<string, unknown>)) {
    if (typeof entry !== "object" || entry === null) continue;
    const m = entry as { values?: Record<string, unknown>; thresholds?: Record<string, unknown> };
    const handleSummaryShape = typeof m.values === "object" && m.values !== null;
    const values = (handleSummaryShape ? m.values : m) as Record<string, unknown>;
    const stats = statsOf(values);
    metrics[name] = stats;
    for (const [expr, verdict] of Object.entries(m.thresholds ?? {})) {
      const passed = handleSummaryShape ? (verdict as { ok?: unknown } | null)?.ok === true : verdict === false;
      thresholds.push({ name: `${name} ${expr}`, passed, measured: measuredFor(expr, values) });
    }
  }
  const durationMs = typeof doc.state?.testRunDurationMs === "number" ? doc.state.testRunDurationMs : null;
  const durationSec = durationMs !== null ? durationMs / 1000 : 0;
  const base = file.name.replace(/\.json$/, "");
  return {
    id: `k6-${base}`,
    tool: "k6",
    name: base,
    // k6 records no start time: the file was written as the run ended.
    startedAt: Math.round(file.mtimeMs - durationSec * 1000),
    durationSec: Math.round(durationSec * 10) / 10,
    thresholdsPassed: thresholds.every((t) => t.passed),
    thresholds,
    metrics,
  };
}

function num(v: unknown): number | undefined {
  return typeof v === "number" && Number.isFinite(v) ? v : undefined;
}

function statsOf(values: Record<string, unknown>): Stats {
  const out: Stats = {};
  const set = (key: keyof Stats, v: unknown) => {
    const n = num(v);
    if (n !== undefined) out[key] = n;
  };
  set("avg", values.avg);
  set("p50", values.med ?? values["p(50)"]);
  set("p95", values["p(95)"]);
  set("p99", values["p(99)"]);
  set("max", values.max);
  set("count", values.count);
  // A Rate metric's rate is a fraction (its `value` in the export shape); a Counter's is per second.
  set("rate", values.rate ?? (values.passes !== undefined ? values.value : undefined));
  return out;
}

/** The statistic a threshold expression names (`p(95)<500`, `rate<0.01`, `count>10`), as measured. */
function measuredFor(expr: string, values: Record<string, unknown>): number | null {
  const stat = expr.trim().match(/^([a-z]+(?:\(\d+(?:\.\d+)?\))?)\s*(?:<=|>=|==|!=|<|>|===)/)?.[1];
  if (!stat) return null;
  const direct = num(values[stat]);
  if (direct !== undefined) return direct;
  // The export shape stores a Rate metric's rate under `value`.
  if (stat === "rate") return num(values.value) ?? null;
  return null;
}
