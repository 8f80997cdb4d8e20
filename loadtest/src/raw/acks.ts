/** How a request ended when no answer came. */
export type AckFailure = "timeout" | "disconnected";

export type AckOutcome = { ok: true; args: unknown[] } | { ok: false; reason: AckFailure };

interface Pending {
  settle: (outcome: AckOutcome) => void;
  timer: NodeJS.Timeout;
}

/**
 * Requests waiting for their `43<id>` answer. Ids count up from 0 per connection, as
 * socket.io-client does; an answer to an id that is not waiting (late after a timeout, or never
 * asked) is reported to the caller instead of being applied.
 */
export class AckTable {
  private nextId = 0;
  private readonly pending = new Map<number, Pending>();

  get size(): number {
    return this.pending.size;
  }

  /** Reserves an id; `settle` runs exactly once: with the answer, on timeout, or on `failAll`. */
  register(settle: (outcome: AckOutcome) => void, timeoutMs: number): number {
    const id = this.nextId++;
    const timer = setTimeout(() => {
      this.pending.delete(id);
      settle({ ok: false, reason: "timeout" });
    }, timeoutMs);
    this.pending.set(id, { settle, timer });
    return id;
  }

  /** Applies an answer; false when nothing waits for this id. */
  resolve(id: number, args: unknown[]): boolean {
    const entry = this.pending.get(id);
    if (!entry) return false;
    this.pending.delete(id);
    clearTimeout(entry.timer);
    entry.settle({ ok: true, args });
    return true;
  }

  /** Forgets a request without settling it (it was never sent); false when nothing waits for this id. */
  cancel(id: number): boolean {
    const entry = this.pending.get(id);
    if (!entry) return false;
    this.pending.delete(id);
    clearTimeout(entry.timer);
    return true;
  }

  /** Ends every waiting request (the connection is gone). */
  failAll(reason: AckFailure): void {
    const entries = [...this.pending.values()];
    this.pending.clear();
    for (const e of entries) {
      clearTimeout(e.timer);
      e.settle({ ok: false, reason });
    }
  }
}
