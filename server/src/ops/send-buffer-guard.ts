export interface SendBufferGuardDeps<C> {
  connections: () => ReadonlySet<C>;
  /** Bytes queued in this process for a connection and not yet taken by the kernel. */
  bufferedBytes: (conn: C) => number;
  /** Drops a connection at once, its queue discarded. */
  cutOff: (conn: C) => void;
  limitBytes: number;
  /** How often every connection is looked at. */
  periodMs?: number;
  /** Each period's check is split in this many slices, run evenly over the period. */
  slices?: number;
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
  private cursor: Iterator<C> | null = null;

  constructor(private readonly deps: SendBufferGuardDeps<C>) {}

  // The check runs in slices: one pass over 10,000 connections took about 2 ms, a stall that
  // every request arriving meanwhile waited out, four times a second.
  start(): void {
    const slices = this.deps.slices ?? 5;
    this.timer ??= setInterval(() => this.checkSlice(), (this.deps.periodMs ?? 250) / slices);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /**
   * Looks at the next slice of the connections, going on where the last slice stopped and from
   * the first one again after the last, so that `slices` calls look at every connection; returns
   * how many were cut.
   */
  checkSlice(): number {
    const all = this.deps.connections();
    let left = Math.ceil(all.size / (this.deps.slices ?? 5));
    let cut = 0;
    let wrapped = false;
    this.cursor ??= all.values();
    while (left > 0) {
      const next = this.cursor.next();
      if (next.done) {
        if (wrapped) break;
        wrapped = true;
        this.cursor = all.values();
        continue;
      }
      left--;
      cut += this.inspect(next.value);
    }
    return cut;
  }

  private inspect(conn: C): number {
    const bytes = this.deps.bufferedBytes(conn);
    if (bytes <= this.deps.limitBytes) return 0;
    this.deps.onCut?.(conn, bytes);
    this.deps.cutOff(conn);
    return 1;
  }
}
