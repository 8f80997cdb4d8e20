import type { LocalFailure } from "./transport.js";

/** Requests waiting for their ack, by ack id; each resolves once, with the answer or a local failure. */
export class AckTable {
  private nextId = 0;
  private readonly waiting = new Map<number, { resolve: (answer: unknown) => void; timer: ReturnType<typeof setTimeout> }>();

  register(resolve: (answer: unknown) => void, event: string, timeoutMs: number): number {
    const id = this.nextId++;
    const timer = setTimeout(() => {
      this.waiting.delete(id);
      resolve({ ok: false, code: "timeout", message: `${event}: no answer within ${timeoutMs} ms` } satisfies LocalFailure);
    }, timeoutMs);
    this.waiting.set(id, { resolve, timer });
    return id;
  }

  resolve(id: number, answer: unknown): void {
    const w = this.waiting.get(id);
    if (!w) return;
    this.waiting.delete(id);
    clearTimeout(w.timer);
    w.resolve(answer);
  }

  /** The connection ended: every waiting request learns it was cut off. */
  failAll(): void {
    for (const [id, w] of this.waiting) {
      clearTimeout(w.timer);
      w.resolve({ ok: false, code: "disconnected", message: "the connection closed before the answer" } satisfies LocalFailure);
      this.waiting.delete(id);
    }
  }
}
