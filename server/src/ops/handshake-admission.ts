import { monitorEventLoopDelay, type IntervalHistogram } from "node:perf_hooks";

export interface AdmissionOptions {
  /** Handshakes admitted per second at most (a token bucket). */
  ratePerSec: number;
  /** Handshakes admitted at once after a quiet spell. */
  burst: number;
  /** Longest a handshake is held waiting for its turn before it is refused instead, ms. */
  maxWaitMs: number;
  /**
   * Event-loop lag the node should stay within, ms: while the lag measured over the last interval
   * exceeds it the rate is halved (down to a tenth), and it grows back while the lag is below half
   * of it. 0 keeps the rate fixed.
   */
  lagBudgetMs: number;
  now?: () => number;
  random?: () => number;
}

export type AdmissionVerdict = { ok: true; waitedMs: number } | { ok: false; code: "server_busy"; retryAfterMs: number };

export interface AdmissionCounts {
  admitted: number;
  deferred: number;
  refused: number;
}

const ADAPT_EVERY_MS = 200;
const MIN_FACTOR = 0.1;

/**
 * Paces new connections so a storm of them (a node lost, its players arriving here) cannot stall
 * the games already running: handshakes are admitted at a bounded rate, held briefly in arrival
 * order when they come faster, and refused with `server_busy` and a jittered retry time when the
 * wait would be too long. The refusal is decided before the websocket upgrade, where it costs
 * nearly nothing.
 */
export class HandshakeAdmission {
  readonly counts: AdmissionCounts = { admitted: 0, deferred: 0, refused: 0 };
  private tokens: number;
  private refilledAt: number;
  private factor = 1;
  private readonly waiting: ((v: AdmissionVerdict) => void)[] = [];
  private readonly since: number[] = [];
  private timer: NodeJS.Timeout | null = null;
  private lag: IntervalHistogram | null = null;
  private adapter: NodeJS.Timeout | null = null;
  private readonly now: () => number;
  private readonly random: () => number;

  constructor(private readonly opts: AdmissionOptions) {
    this.now = opts.now ?? Date.now;
    this.random = opts.random ?? Math.random;
    this.tokens = opts.burst;
    this.refilledAt = this.now();
  }

  /** The rate in force, per second (lower than configured while the event loop lags). */
  get rate(): number {
    return this.opts.ratePerSec * this.factor;
  }

  /** Handshakes held waiting for their turn. */
  get queued(): number {
    return this.waiting.length;
  }

  /** Starts measuring event-loop lag (when a budget is set). */
  start(): void {
    if (this.opts.lagBudgetMs <= 0 || this.lag) return;
    this.lag = monitorEventLoopDelay({ resolution: 10 });
    this.lag.enable();
    this.adapter = setInterval(() => {
      const h = this.lag as IntervalHistogram;
      this.adapt(h.max / 1e6);
      h.reset();
    }, ADAPT_EVERY_MS);
    this.adapter.unref();
  }

  stop(): void {
    this.lag?.disable();
    this.lag = null;
    if (this.adapter) clearInterval(this.adapter);
    if (this.timer) clearTimeout(this.timer);
    this.adapter = this.timer = null;
    for (const resolve of this.waiting.splice(0)) resolve(this.refusal(0));
    this.since.length = 0;
  }

  /** Feeds one lag measurement, ms (called by the sampler; public for tests). */
  adapt(lagMs: number): void {
    const budget = this.opts.lagBudgetMs;
    if (budget <= 0) return;
    this.refill();
    if (lagMs > budget) this.factor = Math.max(MIN_FACTOR, this.factor / 2);
    else if (lagMs < budget / 2) this.factor = Math.min(1, this.factor * 1.25);
  }

  request(): Promise<AdmissionVerdict> {
    this.refill();
    if (this.waiting.length === 0 && this.tokens >= 1) {
      this.tokens -= 1;
      this.counts.admitted++;
      return Promise.resolve({ ok: true, waitedMs: 0 });
    }
    const waitMs = this.waitFor(this.waiting.length + 1);
    if (waitMs > this.opts.maxWaitMs) {
      this.counts.refused++;
      return Promise.resolve(this.refusal(waitMs));
    }
    this.counts.deferred++;
    return new Promise((resolve) => {
      this.waiting.push(resolve);
      this.since.push(this.now());
      this.schedule();
    });
  }

  /** How long until `n` more handshakes may pass at the rate in force, ms. */
  private waitFor(n: number): number {
    return Math.max(0, ((n - this.tokens) / this.rate) * 1000);
  }

  /** Past the queue's own wait, spread over as long again, so refused clients do not return together. */
  private refusal(waitMs: number): AdmissionVerdict {
    const base = Math.max(waitMs - this.opts.maxWaitMs, 500);
    return { ok: false, code: "server_busy", retryAfterMs: Math.round(base + this.random() * (base + 1000)) };
  }

  private refill(): void {
    const now = this.now();
    this.tokens = Math.min(this.opts.burst, this.tokens + ((now - this.refilledAt) / 1000) * this.rate);
    this.refilledAt = now;
  }

  private schedule(): void {
    if (this.timer || this.waiting.length === 0) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.refill();
      while (this.waiting.length > 0 && this.tokens >= 1) {
        this.tokens -= 1;
        this.counts.admitted++;
        const resolve = this.waiting.shift() as (v: AdmissionVerdict) => void;
        resolve({ ok: true, waitedMs: this.now() - (this.since.shift() as number) });
      }
      this.schedule();
    }, Math.max(1, Math.ceil(this.waitFor(1))));
  }
}
