import { WebSocket } from "ws";

/*
 * A game client written by hand over `ws`: Engine.IO v4 and Socket.IO v5 frames as strings, so a
 * test can send what no well-behaved client library would (malformed packets, unknown namespaces,
 * acks nobody asked for, binary where text belongs) and see exactly what the server answers.
 *
 * Frame layout: Engine.IO type digit (0 open, 2 ping, 3 pong, 4 message), then for messages the
 * Socket.IO type digit (0 connect, 2 event, 3 ack, 4 connect error), optional `/nsp,`, optional
 * ack id, JSON payload. `42["event",{...}]` is an event, `4217[...]` an event asking for ack 17.
 */

export interface RawOptions {
  /** Extra HTTP headers of the upgrade request (e.g. X-Forwarded-For behind a trusted proxy). */
  headers?: Record<string, string>;
  /** Answer the server's pings, as a live client does (default true). */
  autoPong?: boolean;
  /** Engine.IO query string override, to send broken handshakes. */
  query?: string;
  /** Local address to connect from (any of 127.0.0.0/8 on loopback), to appear as another host. */
  localAddress?: string;
}

export interface SocketIoFrame {
  /** Socket.IO packet type: 0 connect, 1 disconnect, 2 event, 3 ack, 4 connect error. */
  type: number;
  nsp: string;
  id: number | null;
  data: unknown;
}

export interface CloseInfo {
  code: number;
  reason: string;
}

/** Parses one Engine.IO text frame carrying a Socket.IO packet; null for anything else. */
export function parseSocketIo(frame: string): SocketIoFrame | null {
  if (frame[0] !== "4") return null;
  const m = /^4(\d)(?:\d+-)?(\/[^,]*,)?(\d+)?(.*)$/s.exec(frame);
  if (!m) return null;
  let data: unknown;
  try {
    data = m[4] ? JSON.parse(m[4]) : undefined;
  } catch {
    data = m[4];
  }
  return { type: Number(m[1]), nsp: m[2] ? m[2].slice(0, -1) : "/", id: m[3] !== undefined ? Number(m[3]) : null, data };
}

type Waiter = { match: (f: string | Buffer) => boolean; resolve: (f: string | Buffer) => void };

export class RawSocket {
  /** Every frame the server sent, in order (Engine.IO framing included). */
  readonly received: (string | Buffer)[] = [];
  readonly closed: Promise<CloseInfo>;
  /** Engine.IO open packet: sid, pingInterval, maxPayload. */
  handshake: { sid: string; pingInterval: number; pingTimeout: number; maxPayload: number } | null = null;
  private nextId = 1;
  private waiters: Waiter[] = [];
  private isClosed = false;

  private constructor(
    readonly ws: WebSocket,
    private readonly opts: RawOptions,
  ) {
    this.closed = new Promise((resolve) =>
      ws.once("close", (code, reason) => {
        this.isClosed = true;
        resolve({ code, reason: reason.toString() });
      }),
    );
    ws.on("error", () => undefined);
    ws.on("message", (data, isBinary) => {
      const frame = isBinary ? (data as Buffer) : data.toString();
      if (typeof frame === "string" && frame === "2" && this.opts.autoPong !== false) this.send("3");
      this.received.push(frame);
      if (this.received.length > 10_000) this.received.splice(0, 5_000);
      for (const w of [...this.waiters]) {
        if (w.match(frame)) {
          this.waiters.splice(this.waiters.indexOf(w), 1);
          w.resolve(frame);
        }
      }
    });
  }

  /** Opens the websocket; resolves after the Engine.IO open packet (or rejects if the upgrade fails). */
  static open(baseUrl: string, opts: RawOptions = {}): Promise<RawSocket> {
    const wsUrl = `${baseUrl.replace(/^http/, "ws")}/socket.io/?${opts.query ?? "EIO=4&transport=websocket"}`;
    const ws = new WebSocket(wsUrl, { headers: opts.headers ?? {}, perMessageDeflate: false, ...(opts.localAddress ? { localAddress: opts.localAddress } : {}) });
    const raw = new RawSocket(ws, opts);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("no Engine.IO open packet")), 5000);
      ws.once("error", (err) => {
        clearTimeout(timer);
        reject(err);
      });
      ws.once("unexpected-response", (_req, res) => {
        clearTimeout(timer);
        reject(Object.assign(new Error(`upgrade refused: ${res.statusCode}`), { status: res.statusCode }));
      });
      raw.next((f) => typeof f === "string" && f[0] === "0", 5000).then(
        (f) => {
          clearTimeout(timer);
          raw.handshake = JSON.parse((f as string).slice(1)) as RawSocket["handshake"];
          resolve(raw);
        },
        (err: unknown) => reject(err),
      );
    });
  }

  /** Opens and joins the game namespace with this auth; rejects with the connect error's code. */
  static async connect(baseUrl: string, auth: Record<string, unknown>, opts: RawOptions = {}): Promise<{ raw: RawSocket; session: { playerId: string; token: string } }> {
    const raw = await RawSocket.open(baseUrl, opts);
    // The session event can arrive in the same read as the connect answer: listen before joining.
    const session = raw.nextEvent("session");
    session.catch(() => undefined);
    const res = await raw.join("/", auth);
    if (!res.ok) {
      raw.close();
      throw Object.assign(new Error(res.code), { code: res.code });
    }
    const frame = await session;
    return { raw, session: frame[1] as { playerId: string; token: string } };
  }

  get isOpen(): boolean {
    return !this.isClosed && this.ws.readyState === WebSocket.OPEN;
  }

  send(frame: string | Buffer): void {
    if (this.ws.readyState === WebSocket.OPEN) this.ws.send(frame);
  }

  /** Socket.IO CONNECT to a namespace; resolves with the server's connect or connect-error answer. */
  async join(nsp: string, auth?: unknown): Promise<{ ok: true } | { ok: false; code: string }> {
    const prefix = nsp === "/" ? "" : `${nsp},`;
    this.send(`40${prefix}${auth === undefined ? "" : JSON.stringify(auth)}`);
    const f = parseSocketIo((await this.next((x) => typeof x === "string" && (x.startsWith(`40${prefix}`) || x.startsWith(`44${prefix}`)), 5000)) as string);
    if (f?.type === 0) return { ok: true };
    const data = f?.data as { message?: string; data?: { code?: string } } | undefined;
    return { ok: false, code: data?.data?.code ?? data?.message ?? "unknown" };
  }

  /** Sends `42<id>[event, ...args]` and resolves with the ack's first argument. */
  request<T = { ok: boolean; code?: string }>(event: unknown, args: unknown[], timeoutMs = 5000, nsp = "/"): Promise<T> {
    const id = this.nextId++;
    const prefix = nsp === "/" ? "" : `${nsp},`;
    const reply = this.next((f) => typeof f === "string" && f.startsWith(`43${prefix}${id}[`), timeoutMs);
    this.send(`42${prefix}${id}${JSON.stringify([event, ...args])}`);
    return reply.then((f) => (parseSocketIo(f as string)?.data as unknown[])[0] as T);
  }

  /** Like `request`, but resolves `closed` if the server closes the connection instead of answering. */
  async requestOrClose<T = { ok: boolean; code?: string }>(event: unknown, args: unknown[], timeoutMs = 5000): Promise<T | "closed"> {
    return Promise.race([this.request<T>(event, args, timeoutMs), this.closed.then(() => "closed" as const)]);
  }

  /** Sends a frame and resolves with the ack to `id`, `closed`, or `silent` when nothing came in time. */
  async sendAndWait(frame: string | Buffer, ackId: number | null, waitMs = 1000): Promise<unknown> {
    const closed = this.closed.then(() => "closed" as const);
    if (ackId === null) {
      this.send(frame);
      return Promise.race([closed, sleep(waitMs).then(() => "silent" as const)]);
    }
    const reply = this.next((f) => typeof f === "string" && f.startsWith(`43${ackId}[`), waitMs).then(
      (f) => (parseSocketIo(f as string)?.data as unknown[])[0],
      () => "silent" as const,
    );
    this.send(frame);
    return Promise.race([reply, closed]);
  }

  /** The next event frame with this name: `[name, ...args]`. */
  async nextEvent(name: string, timeoutMs = 5000): Promise<unknown[]> {
    const f = await this.next((x) => typeof x === "string" && x.startsWith(`42["${name}"`), timeoutMs);
    return parseSocketIo(f as string)?.data as unknown[];
  }

  /** A frame already received that matches, or the next one. */
  seenOrNext(match: (f: string | Buffer) => boolean, timeoutMs = 5000): Promise<string | Buffer> {
    const past = this.received.find(match);
    return past !== undefined ? Promise.resolve(past) : this.next(match, timeoutMs);
  }

  next(match: (f: string | Buffer) => boolean, timeoutMs = 5000): Promise<string | Buffer> {
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        match,
        resolve: (f) => {
          clearTimeout(timer);
          resolve(f);
        },
      };
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        reject(new Error("frame not received in time"));
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  /** Stops reading from the TCP socket: the server's writes pile up in the kernel, then in its own buffers. */
  stopReading(): void {
    (this.ws as unknown as { _socket: { pause(): void } })._socket.pause();
  }

  close(): void {
    if (this.ws.readyState === WebSocket.CONNECTING) this.ws.terminate();
    else this.ws.close();
  }

  terminate(): void {
    this.ws.terminate();
  }
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
