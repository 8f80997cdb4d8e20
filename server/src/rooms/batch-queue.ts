interface Waiting<I, R> {
  item: I;
  resolve: (r: R) => void;
  reject: (err: unknown) => void;
}

/**
 * One queue per key whose items are taken in batches: while a batch of a key is being processed,
 * items arriving for that key wait, and the next batch takes all of them at once, in arrival order.
 * Keys run concurrently. `process` answers one result per item, in the order given.
 */
export class BatchQueue<K, I, R> {
  private readonly waiting = new Map<K, Waiting<I, R>[]>();
  private readonly running = new Map<K, Promise<void>>();

  constructor(
    private readonly process: (key: K, items: I[]) => Promise<R[]>,
    private readonly maxBatch = 64,
  ) {}

  /** Keys with a batch in flight. */
  get size(): number {
    return this.running.size;
  }

  push(key: K, item: I): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      let list = this.waiting.get(key);
      if (!list) this.waiting.set(key, (list = []));
      list.push({ item, resolve, reject });
      if (!this.running.has(key)) this.running.set(key, this.drain(key));
    });
  }

  private async drain(key: K): Promise<void> {
    // Lets items pushed in the same tick join the first batch.
    await Promise.resolve();
    for (;;) {
      const list = this.waiting.get(key);
      if (!list || list.length === 0) break;
      const batch = list.splice(0, this.maxBatch);
      if (list.length === 0) this.waiting.delete(key);
      try {
        const results = await this.process(key, batch.map((w) => w.item));
        batch.forEach((w, i) => w.resolve(results[i] as R));
      } catch (err) {
        for (const w of batch) w.reject(err);
      }
    }
    this.running.delete(key);
  }

  /** Resolves when every item pushed so far has been processed. */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running.values()]);
  }
}
