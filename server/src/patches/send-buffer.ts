/**
 * What the send-buffer guard reads of Engine.IO. These members are private in engine.io's types
 * (the server's connection table, a connection's packet queue, the transport's websocket), so
 * they are named here once, narrowly. Written for the engine.io version in library-versions.ts.
 */
export interface EngineConnection {
  readonly id: string;
  readonly writeBuffer: readonly { data?: unknown }[];
  readonly transport: { readonly name: string; readonly socket?: { readonly bufferedAmount?: number; terminate?(): void } };
  close(discard?: boolean): void;
}

interface EngineEvents {
  on(event: "connection", listener: (conn: EngineConnection & { once(event: "close", listener: () => void): void }) => void): void;
}

/**
 * The engine's live connections opened from now on (call it before the server accepts any), read
 * through the narrow view above. They are kept in a set of their own: the engine's table is a
 * plain object keyed by session id, and listing 10,000 of its keys took milliseconds on every check.
 */
export function engineConnections(engine: unknown): () => ReadonlySet<EngineConnection> {
  const live = new Set<EngineConnection>();
  (engine as EngineEvents).on("connection", (conn) => {
    live.add(conn);
    conn.once("close", () => live.delete(conn));
  });
  return () => live;
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

/** Drops the connection now: a websocket close frame would queue behind the unread bytes, so the TCP connection is ended instead. */
export function cutOff(conn: EngineConnection): void {
  if (conn.transport.socket?.terminate) conn.transport.socket.terminate();
  else conn.close(true);
}
