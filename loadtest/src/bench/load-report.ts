import { BotStats } from "../bot/stats.js";
import { Histogram, type HistogramData } from "../harness/histogram.js";

/** What a load generator measured over its recording window; merged across processes by the parent. */
export interface LoadReport {
  seconds: number;
  /** Server `ts` stamp to receipt, every delivered event carrying one. */
  delivery: HistogramData;
  /** Request to ack, every request. */
  ack: HistogramData;
  /**
   * The same round trips split at the server's stamp on what the request made, where the generator
   * could match one (see own-stamps.ts): client send to server stamp, and server stamp to ack.
   */
  toServer: HistogramData;
  back: HistogramData;
  /** Deliveries and requests counted in the window. */
  deliveries: number;
  requests: number;
  /** Games that ended inside the run. */
  games: number;
  /** Error codes answered to requests, and other failures (`connect:...`, `game:...`). */
  errors: Record<string, number>;
  /** Drained players: server-side disconnect to the room snapshot on the new node, ms. */
  resume: HistogramData;
  /** Drained players that had not resumed when the run ended. */
  unresumed: number;
}

function emptyReport(): LoadReport {
  const none = new Histogram().toData();
  return { seconds: 0, delivery: none, ack: none, toServer: none, back: none, deliveries: 0, requests: 0, games: 0, errors: {}, resume: none, unresumed: 0 };
}

export function mergeReports(reports: LoadReport[]): LoadReport & { deliveryH: Histogram; ackH: Histogram; toServerH: Histogram; backH: Histogram; resumeH: Histogram } {
  const deliveryH = new Histogram();
  const ackH = new Histogram();
  const toServerH = new Histogram();
  const backH = new Histogram();
  const resumeH = new Histogram();
  const out = emptyReport();
  for (const r of reports) {
    deliveryH.merge(r.delivery);
    ackH.merge(r.ack);
    toServerH.merge(r.toServer);
    backH.merge(r.back);
    resumeH.merge(r.resume);
    out.seconds = Math.max(out.seconds, r.seconds);
    out.deliveries += r.deliveries;
    out.requests += r.requests;
    out.games += r.games;
    out.unresumed += r.unresumed;
    for (const [k, v] of Object.entries(r.errors)) out.errors[k] = (out.errors[k] ?? 0) + v;
  }
  return { ...out, delivery: deliveryH.toData(), ack: ackH.toData(), toServer: toServerH.toData(), back: backH.toData(), resume: resumeH.toData(), deliveryH, ackH, toServerH, backH, resumeH };
}

export function errorCount(r: LoadReport): number {
  return Object.values(r.errors).reduce((s, n) => s + n, 0);
}

export function errorSummary(r: LoadReport): string {
  const parts = Object.entries(r.errors).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} x${v}`);
  return parts.length ? parts.slice(0, 4).join(", ") : "none";
}

/**
 * Bot statistics that only keep what happens inside the recording window, straight into
 * histograms (a long run would otherwise hold millions of samples).
 */
export class WindowStats extends BotStats {
  recording = false;
  readonly deliveryH = new Histogram();
  readonly ackH = new Histogram();
  readonly toServerH = new Histogram();
  readonly backH = new Histogram();
  readonly errorCounts: Record<string, number> = {};
  deliveriesSeen = 0;
  requestsSeen = 0;

  override ack(_event: string, ms: number): void {
    if (!this.recording) return;
    this.ackH.record(ms);
    this.requestsSeen++;
  }

  /** A round trip split at the server's stamp (own-stamps.ts). */
  split(toServerMs: number, backMs: number): void {
    if (!this.recording) return;
    this.toServerH.record(Math.max(0, toServerMs));
    this.backH.record(Math.max(0, backMs));
  }

  override delivery(): void {
    // Deliveries are taken from every event with a `ts` (see `observe`), not only patches.
  }

  override error(code: string): void {
    if (this.recording) this.fail(code);
  }

  fail(kind: string, by = 1): void {
    this.errorCounts[kind] = (this.errorCounts[kind] ?? 0) + by;
  }

  observe(payload: unknown): void {
    if (!this.recording) return;
    const ts = (payload as { ts?: unknown } | undefined)?.ts;
    if (typeof ts !== "number") return;
    this.deliveryH.record(Date.now() - ts);
    this.deliveriesSeen++;
  }

  report(seconds: number, games: number, resume: Histogram = new Histogram(), unresumed = 0): LoadReport {
    return {
      seconds,
      delivery: this.deliveryH.toData(),
      ack: this.ackH.toData(),
      toServer: this.toServerH.toData(),
      back: this.backH.toData(),
      deliveries: this.deliveriesSeen,
      requests: this.requestsSeen,
      games,
      errors: { ...this.errorCounts },
      resume: resume.toData(),
      unresumed,
    };
  }
}
