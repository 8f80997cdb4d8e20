import { aggregateJson, aggregateText, type PromJson } from "./prom.js";
import { mergeSnapshots, SeriesBuilder, type MetricsSnapshot } from "./run-metrics.js";
import type { ProcessReport } from "./run-process.js";

/** The whole run as its processes report it: their latest snapshots, their seconds merged, their Prometheus metrics summed. */
export class RunCollector {
  readonly series = new SeriesBuilder();
  private readonly snapshots = new Map<string, MetricsSnapshot>();
  private readonly proms = new Map<string, PromJson>();
  private readonly extraErrors = new Map<string, number>();

  add(source: string, report: ProcessReport): void {
    this.snapshots.set(source, report.snapshot);
    this.proms.set(source, report.prom);
    this.series.add(source, report.windows);
  }

  /** A failure of the run itself (a worker process lost), counted with the rest. */
  fail(code: string): void {
    this.extraErrors.set(code, (this.extraErrors.get(code) ?? 0) + 1);
  }

  merged(): MetricsSnapshot {
    const snap = mergeSnapshots([...this.snapshots.values()]);
    for (const [code, n] of this.extraErrors) {
      snap.errors[code] = (snap.errors[code] ?? 0) + n;
      snap.operations += n;
    }
    return snap;
  }

  promText(): Promise<{ text: string; contentType: string }> {
    return aggregateText([...this.proms.values()]);
  }

  promJson(): Promise<PromJson> {
    return aggregateJson([...this.proms.values()]);
  }
}
