import type { Socket as TcpSocket } from "node:net";
import type { GameServer } from "./types.js";

/**
 * What coalescing touches of an Engine.IO connection and its transport. These members are
 * private in engine.io's types (the flush, the transport's websocket and its TCP socket), so they
 * are named here once, narrowly.
 */
interface Transport {
  name: string;
  socket?: { _socket?: TcpSocket };
  send(packets: unknown[]): void;
}

interface Connection {
  transport: Transport;
  flush(): void;
  on(event: "upgrade" | "packet", listener: (this: Connection) => void): void;
}

/**
 * The longest a frame waits for its batch by default, ms. The end of a turn can be far off under
 * load: one poll phase may run the callbacks of tens of thousands of ready sockets before the
 * check phase, and frames held that long would arrive hundreds of ms late. Each frame queued or
 * received later checks the batch's age and sends the whole batch once it is this old.
 */
const MAX_WAIT_MS = 1;
let maxWaitMs = MAX_WAIT_MS;

const pending = new Set<Connection>();
let immediate: NodeJS.Immediate | null = null;
let batchOpenedAt = 0;
let engineFlush: ((this: Connection) => void) | null = null;
let websocketSend: ((this: Transport, packets: unknown[]) => void) | null = null;

function flushPending(): void {
  if (immediate) clearImmediate(immediate);
  immediate = null;
  const due = [...pending];
  pending.clear();
  for (const conn of due) engineFlush?.call(conn);
}

/** Takes the place of the connection's flush: the frames of this turn wait for the turn's end, or at most `maxWaitMs`. */
function deferredFlush(this: Connection): void {
  pending.add(this);
  if (immediate === null) {
    immediate = setImmediate(flushPending);
    batchOpenedAt = performance.now();
  } else flushIfDue();
}

/** Sends the open batch if it is past its bound; called whenever a frame is queued or one arrives. */
function flushIfDue(): void {
  if (immediate !== null && performance.now() - batchOpenedAt >= maxWaitMs) flushPending();
}

/** Takes the place of the websocket transport's send: every frame of the batch in one TCP write. */
function corkedSend(this: Transport, packets: unknown[]): void {
  const tcp = this.socket?._socket;
  if (!tcp || packets.length < 2) return websocketSend?.call(this, packets);
  tcp.cork();
  try {
    websocketSend?.call(this, packets);
  } finally {
    tcp.uncork();
  }
}

function coalesceTransport(this: Connection): void {
  const t = this.transport;
  if (t.name !== "websocket") return;
  websocketSend ??= Object.getPrototypeOf(t).send as typeof websocketSend;
  t.send = corkedSend;
}

/**
 * Every frame a connection is sent during one event-loop turn leaves in one TCP write at the
 * turn's end (after I/O callbacks and their promise jobs, before timers), instead of one write
 * per frame. A burst of moves (ten votes read in one turn) then costs each seat one write
 * instead of eleven; a lone frame waits only for the turn to finish, and no frame waits much
 * longer than `maxWaitMs` (MAX_WAIT_MS) while the turn goes on: the bound is checked whenever a
 * frame is queued or one arrives, which is what a long turn is made of. Order per connection is
 * kept: frames queue in Engine.IO's own write buffer, first in, first out. The functions are
 * shared by every connection, so this adds no closures per connection (and the batch and its
 * bound are the process's, shared by every server in it).
 */
export function coalesceWrites(io: GameServer, opts: { maxWaitMs?: number } = {}): void {
  maxWaitMs = opts.maxWaitMs ?? MAX_WAIT_MS;
  io.engine.on("connection", (raw: Connection) => {
    engineFlush ??= Object.getPrototypeOf(raw).flush as typeof engineFlush;
    raw.flush = deferredFlush;
    coalesceTransport.call(raw);
    raw.on("upgrade", coalesceTransport);
    raw.on("packet", flushIfDue);
  });
}
