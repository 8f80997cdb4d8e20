/** Samples and counters one bot or a whole run collects. */
export class BotStats {
  readonly connectMs: number[] = [];
  readonly ackMs: number[] = [];
  readonly deliveryMs: number[] = [];
  readonly errors = new Map<string, number>();
  readonly counters = new Map<string, number>();
  readonly ackByEvent = new Map<string, number[]>();

  connectTime(ms: number): void {
    this.connectMs.push(ms);
  }

  ack(event: string, ms: number): void {
    this.ackMs.push(ms);
    let list = this.ackByEvent.get(event);
    if (!list) this.ackByEvent.set(event, (list = []));
    list.push(ms);
  }

  delivery(ms: number): void {
    this.deliveryMs.push(ms);
  }

  error(code: string): void {
    this.errors.set(code, (this.errors.get(code) ?? 0) + 1);
  }

  count(name: string, by = 1): void {
    this.counters.set(name, (this.counters.get(name) ?? 0) + by);
  }
}

export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return 0;
  const sorted = [...samples].sort((a, b) => a - b);
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[idx] as number;
}
