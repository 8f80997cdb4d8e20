/**
 * What of Engine.IO's connection the flush below uses. Written for the engine.io version in
 * library-versions.ts, whose `Socket.prototype.flush` it replaces.
 */
interface FlushingConnection {
  readyState: string;
  writeBuffer: unknown[];
  packetsFn: unknown[];
  sentCallbackFn: unknown[];
  transport: { name: string; writable: boolean; send(packets: unknown[]): void };
  server: { emit(event: string, ...args: unknown[]): boolean };
  emit(event: string, ...args: unknown[]): boolean;
  [SPARE]?: unknown[];
}

const SPARE = Symbol("spare write buffer");
const patched = new WeakSet<object>();

/**
 * Engine.IO gives a connection a new, empty write buffer every time it flushes one, and the
 * new array lives until the connection's next message. At 10,000 connections with a delivery
 * every half second each, most of those arrays are alive at every young-generation collection,
 * which copies and then promotes all of them (about a sixth of what each collection copied at
 * human pace). Here a websocket connection swaps between two buffers instead: the websocket
 * transport has encoded and written every packet of the flushed buffer before `send` returns,
 * so the buffer is emptied then and kept for the flush after next. Other transports keep
 * Engine.IO's own behaviour (polling may append to the buffer it is sent). Otherwise the same
 * steps as Engine.IO's `flush`, in the same order.
 *
 * The flush is replaced on the prototype of the engine's connections, once, when the first one
 * opens: setting it on each connection would give 10,000 objects a hidden class of their own.
 */
export function reuseWriteBuffers(engine: unknown): void {
  (engine as { on(event: "connection", listener: (conn: object) => void): void }).on("connection", (conn) => {
    const proto = Object.getPrototypeOf(conn) as { flush(this: FlushingConnection): void };
    if (patched.has(proto)) return;
    patched.add(proto);
    proto.flush = flush;
  });
}

function flush(this: FlushingConnection): void {
  if (this.readyState === "closed" || !this.transport.writable || this.writeBuffer.length === 0) return;
  this.emit("flush", this.writeBuffer);
  this.server.emit("flush", this, this.writeBuffer);
  const sent = this.writeBuffer;
  const reuse = this.transport.name === "websocket";
  this.writeBuffer = (reuse && this[SPARE]) || [];
  if (this.packetsFn.length) {
    this.sentCallbackFn.push(this.packetsFn);
    this.packetsFn = [];
  } else {
    this.sentCallbackFn.push(null);
  }
  this.transport.send(sent);
  if (reuse) {
    // Popping keeps the array's backing store, where `length = 0` may drop it.
    while (sent.length) sent.pop();
    this[SPARE] = sent;
  }
  this.emit("drain");
  this.server.emit("drain", this);
}
