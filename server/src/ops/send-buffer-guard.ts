/**
 * What the guard reads of an Engine.IO connection. These members are private in engine.io's
 * types (the packet queue, the transport's websocket), so they are named here once, narrowly.
 */
export interface EngineConnection {
  readonly id: string;
  readonly writeBuffer: readonly { data?: unknown }[];
  readonly transport: { readonly name: string; readonly socket?: { readonly bufferedAmount?: number; terminate?(): void } };
  close(discard?: boolean): void;
}

export interface SendBufferGuardDeps {
  connections: () => Iterable<EngineConnection>;
  limitBytes: number;
  /** How often every connection is looked at. */
  periodMs?: number;
  onCut?: (conn: EngineConnection, bytes: number) => void;
}

/** The engine's live connections, read through the narrow view above. */
export function engineConnections(engine: unknown): () => Iterable<EngineConnection> {
  const e = engine as { clients: Record<string, EngineConnection> };
  return () => Object.values(e.clients);
}

/** Bytes queued for a connection in this process: packets not yet handed to the transport, plus the websocket's unsent bytes. */
export function bufferedBytes(conn: EngineConnection): number {
  let n = conn.transport.socket?.bufferedAmount ?? 0;
  for (const p of conn.writeBuffer) {
    if (typeof p.data === "string") n += p.data.length;
    else if (p.data instanceof ArrayBuffer || ArrayBuffer.isView(p.data)) n += p.data.byteLength;
  }
  return n;
}

/**
 * Cuts off connections whose outgoing buffer passed the bound. The heartbeat only catches a
 * client that stops answering pings; one that answers them without reading anything else would
 * make the server buffer for it without end. A live client reads what it is sent, so its
 * buffer stays far below the bound; the bound only has to be checked often enough that growth
 * between two checks stays small.
 */
export class SendBufferGuard {
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly deps: SendBufferGuardDeps) {}

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
      const bytes = bufferedBytes(conn);
      if (bytes <= this.deps.limitBytes) continue;
      cut++;
      this.deps.onCut?.(conn, bytes);
      // A websocket close frame would queue behind the unread bytes; dropping the TCP connection frees them now.
      if (conn.transport.socket?.terminate) conn.transport.socket.terminate();
      else conn.close(true);
    }
    return cut;
  }
}
