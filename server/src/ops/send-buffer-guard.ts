export interface SendBufferGuardDeps<C> {
  connections: () => Iterable<C>;
  /** Bytes queued in this process for a connection and not yet taken by the kernel. */
  bufferedBytes: (conn: C) => number;
  /** Drops a connection at once, its queue discarded. */
  cutOff: (conn: C) => void;
  limitBytes: number;
  /** How often every connection is looked at. */
  periodMs?: number;
  onCut?: (conn: C, bytes: number) => void;
}

/**
 * Cuts off connections whose outgoing buffer passed the bound. The heartbeat only catches a
 * client that stops answering pings; one that answers them without reading anything else would
 * make the server buffer for it without end. A live client reads what it is sent, so its
 * buffer stays far below the bound; the bound only has to be checked often enough that growth
 * between two checks stays small.
 */
export class SendBufferGuard<C> {
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly deps: SendBufferGuardDeps<C>) {}

  start(): void {
    this.timer ??= setInterval(() => this.check(), this.deps.periodMs ?? 250);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Returns how many connections were cut. */
  check(): number {
    let cut = 0;
    for (const conn of this.deps.connections()) {
      const bytes = this.deps.bufferedBytes(conn);
      if (bytes <= this.deps.limitBytes) continue;
      cut++;
      this.deps.onCut?.(conn, bytes);
      this.deps.cutOff(conn);
    }
    return cut;
  }
}
