import { Histogram, type HistogramData } from "./histogram.js";

/** Told about every sample as it happens (the Prometheus exporter). */
export interface MetricsObserver {
  connect(ms: number): void;
  ack(event: string, ms: number): void;
  delivery(ms: number): void;
  error(code: string): void;
  gameFinished(): void;
  connections(open: number): void;
}

/** One second of a run, from one process or merged over several. */
export interface SecondWindow {
  /** Start of the second, ms since the epoch. */
  t: number;
  ack: HistogramData;
  delivery: HistogramData;
  messages: number;
  /** Open connections when the second closed. */
  connections: number;
}

/** Everything a run has measured so far, in a form that crosses process boundaries and merges. */
export interface MetricsSnapshot {
  connect: HistogramData;
  ack: HistogramData;
  ackByEvent: Record<string, HistogramData>;
  delivery: HistogramData;
  errors: Record<string, number>;
  counters: Record<string, number>;
  /** Requests answered, handshakes attempted and operations that failed unanswered: the error rate's denominator. */
  operations: number;
  messages: number;
  connections: number;
}

interface OpenWindow {
  ack: Histogram;
  delivery: Histogram;
  messages: number;
}

/**
 * The samples one process collects in a run: trends (connect, ack by event, delivery), errors by
 * code, counters, and per-second windows for the run's time series.
 */
export class RunMetrics {
  readonly connectMs = new Histogram();
  readonly ackMs = new Histogram();
  readonly ackByEvent = new Map<string, Histogram>();
  readonly deliveryMs = new Histogram();
  readonly errors = new Map<string, number>();
  readonly counters = new Map<string, number>();
  operations = 0;
  messages = 0;
  connections = 0;
  private readonly windows = new Map<number, OpenWindow>();
  /** The next second `takeWindows` hands out. */
  private nextSecond = 0;

  constructor(
    /** Run start, ms since the epoch: second 0 of the series, shared by every process of a run. */
    readonly origin: number,
    private readonly observer: MetricsObserver | null = null,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Handshake to `session`, ms. */
  connect(ms: number): void {
    this.operations++;
    this.connectMs.record(ms);
    this.observer?.connect(ms);
  }

  /** An answered request (ok or refused), ms from send to answer. */
  ack(event: string, ms: number): void {
    this.operations++;
    this.messages++;
    this.ackMs.record(ms);
    let h = this.ackByEvent.get(event);
    if (!h) this.ackByEvent.set(event, (h = new Histogram()));
    h.record(ms);
    const w = this.window();
    w.ack.record(ms);
    w.messages++;
    this.observer?.ack(event, ms);
  }

  /** A pushed message with a server timestamp, ms from that stamp to receipt. */
  delivery(ms: number): void {
    this.deliveryMs.record(ms);
    this.window().delivery.record(ms);
    this.observer?.delivery(ms);
  }

  /** Any message pushed by the server. */
  message(): void {
    this.messages++;
    this.window().messages++;
  }

  /** An answer or handshake that refused with a code; its operation is already counted. */
  refused(code: string): void {
    this.errors.set(code, (this.errors.get(code) ?? 0) + 1);
    this.observer?.error(code);
  }

  /** An operation that failed without an answer (timeout, lost connection, stuck game). */
  failed(code: string): void {
    this.operations++;
    this.refused(code);
  }

  count(name: string, by = 1): void {
    this.counters.set(name, (this.counters.get(name) ?? 0) + by);
  }

  gameFinished(): void {
    this.count("games_finished");
    this.observer?.gameFinished();
  }

  connectionOpened(): void {
    this.connections++;
    this.observer?.connections(this.connections);
  }

  connectionClosed(): void {
    this.connections--;
    this.observer?.connections(this.connections);
  }

  get errorCount(): number {
    let n = 0;
    for (const v of this.errors.values()) n += v;
    return n;
  }

  /** Closed seconds not handed out yet, one per second without gaps; `all` also closes the current one. */
  takeWindows(all = false): SecondWindow[] {
    const current = this.secondNow();
    const last = all ? Math.max(current, this.nextSecond) : current - 1;
    const out: SecondWindow[] = [];
    for (let s = this.nextSecond; s <= last; s++) {
      const w = this.windows.get(s);
      this.windows.delete(s);
      out.push({
        t: this.origin + s * 1000,
        ack: w ? w.ack.toData() : new Histogram().toData(),
        delivery: w ? w.delivery.toData() : new Histogram().toData(),
        messages: w?.messages ?? 0,
        connections: this.connections,
      });
    }
    this.nextSecond = Math.max(this.nextSecond, last + 1);
    return out;
  }

  snapshot(): MetricsSnapshot {
    return {
      connect: this.connectMs.toData(),
      ack: this.ackMs.toData(),
      ackByEvent: Object.fromEntries([...this.ackByEvent].map(([k, h]) => [k, h.toData()])),
      delivery: this.deliveryMs.toData(),
      errors: Object.fromEntries(this.errors),
      counters: Object.fromEntries(this.counters),
      operations: this.operations,
      messages: this.messages,
      connections: this.connections,
    };
  }

  private secondNow(): number {
    return Math.max(0, Math.floor((this.clock() - this.origin) / 1000));
  }

  private window(): OpenWindow {
    // Samples that arrive after their second was handed out go to the next open one.
    const s = Math.max(this.secondNow(), this.nextSecond);
    let w = this.windows.get(s);
    if (!w) this.windows.set(s, (w = { ack: new Histogram(), delivery: new Histogram(), messages: 0 }));
    return w;
  }
}

function addCounts(into: Record<string, number>, from: Record<string, number>): void {
  for (const [k, v] of Object.entries(from)) into[k] = (into[k] ?? 0) + v;
}

/** Sums the snapshots of several processes into one. */
export function mergeSnapshots(parts: readonly MetricsSnapshot[]): MetricsSnapshot {
  const connect = new Histogram();
  const ack = new Histogram();
  const delivery = new Histogram();
  const byEvent = new Map<string, Histogram>();
  const out = { errors: {}, counters: {}, operations: 0, messages: 0, connections: 0 } as Pick<MetricsSnapshot, "errors" | "counters" | "operations" | "messages" | "connections">;
  for (const p of parts) {
    connect.merge(p.connect);
    ack.merge(p.ack);
    delivery.merge(p.delivery);
    for (const [event, h] of Object.entries(p.ackByEvent)) {
      let into = byEvent.get(event);
      if (!into) byEvent.set(event, (into = new Histogram()));
      into.merge(h);
    }
    addCounts(out.errors, p.errors);
    addCounts(out.counters, p.counters);
    out.operations += p.operations;
    out.messages += p.messages;
    out.connections += p.connections;
  }
  return {
    ...out,
    connect: connect.toData(),
    ack: ack.toData(),
    delivery: delivery.toData(),
    ackByEvent: Object.fromEntries([...byEvent].map(([k, h]) => [k, h.toData()])),
  };
}

/** Per-second windows of several processes, merged second by second. */
export class SeriesBuilder {
  private readonly seconds = new Map<number, { ack: Histogram; delivery: Histogram; messages: number; connections: Map<string, number> }>();

  /** `source` names the process, so that its connection count replaces, not adds to, an earlier report of the same second. */
  add(source: string, windows: readonly SecondWindow[]): void {
    for (const w of windows) {
      let s = this.seconds.get(w.t);
      if (!s) this.seconds.set(w.t, (s = { ack: new Histogram(), delivery: new Histogram(), messages: 0, connections: new Map() }));
      s.ack.merge(w.ack);
      s.delivery.merge(w.delivery);
      s.messages += w.messages;
      s.connections.set(source, w.connections);
    }
  }

  /** The merged seconds in time order. */
  points(): { t: number; ack: Histogram; delivery: Histogram; messages: number; connections: number }[] {
    return [...this.seconds]
      .sort((a, b) => a[0] - b[0])
      .map(([t, s]) => ({ t, ack: s.ack, delivery: s.delivery, messages: s.messages, connections: [...s.connections.values()].reduce((a, b) => a + b, 0) }));
  }

  /** The series of the results file. */
  series(): { t: number; ackP95Ms: number; deliveryP95Ms: number; msgsPerSec: number }[] {
    const round = (v: number) => Math.round(v * 100) / 100;
    return this.points().map((p) => ({ t: p.t, ackP95Ms: round(p.ack.percentile(95)), deliveryP95Ms: round(p.delivery.percentile(95)), msgsPerSec: p.messages }));
  }

  /** The most open connections in any second. */
  peakConnections(): number {
    return this.points().reduce((m, p) => Math.max(m, p.connections), 0);
  }
}
