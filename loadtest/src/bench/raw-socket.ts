import WebSocket from "ws";
import { parseBusyBody } from "@avalon/protocol";

/**
 * A minimal Socket.IO v4 client (JSON parser, namespace `/`, websocket only) speaking the wire
 * format by hand: Engine.IO `0` open, Socket.IO `40{auth}` connect, `2`/`3` heartbeats, `42`
 * events and `43` acks. It costs a fraction of socket.io-client per connection, so a few
 * processes can hold tens of thousands of them.
 */
export interface RawOptions {
  /** http://host:port of the server. */
  url: string;
  auth: Record<string, unknown>;
  /** Source address on loopback (127.x.y.z), so many connections do not exhaust one address's ports. */
  localAddress?: string;
  /** Offer permessage-deflate (the ws client default); off saves client memory when the server does not compress. */
  deflate?: boolean;
  /** Every server event, with the receive time. */
  onEvent?: (event: string, payload: unknown, receivedAt: number) => void;
  onClose?: (code: number) => void;
  timeoutMs?: number;
}

/** `retryAfterMs` comes with `server_busy`: a refusal before the upgrade that says when to come back. */
export type RawConnect = { ok: true } | { ok: false; code: string; retryAfterMs?: number };

/** How long a busy node is asked again, at the times it gives, before connecting counts as failed. */
const BUSY_RETRY_FOR_MS = 60_000;

/**
 * Connects a fresh socket from `make`, and after a `server_busy` refusal waits the time it gives
 * and tries again with a new one, as clients are asked to. Returns the last socket and its answer.
 */
export async function connectHonouringBusy(make: () => RawSocket): Promise<{ sock: RawSocket; res: RawConnect }> {
  const giveUpAt = Date.now() + BUSY_RETRY_FOR_MS;
  for (;;) {
    const sock = make();
    const res = await sock.connect();
    if (res.ok || res.retryAfterMs === undefined || Date.now() + res.retryAfterMs > giveUpAt) return { sock, res };
    await new Promise((r) => setTimeout(r, res.retryAfterMs));
  }
}

/** Why a connection attempt failed, in a few words (the error code or HTTP status when there is one). */
export function failureKind(err: unknown): string {
  const e = err as { code?: string; message?: string };
  return e.code ?? (e.message ?? String(err)).slice(0, 40);
}

export class RawSocket {
  private ws: WebSocket | null = null;
  private nextAck = 0;
  private readonly acks = new Map<number, (payload: unknown) => void>();
  connected = false;
  pingsAnswered = 0;

  constructor(private readonly opts: RawOptions) {}

  /** Resolves once the namespace accepted or refused the connection; transport failures reject. */
  connect(): Promise<RawConnect> {
    const url = `${this.opts.url.replace(/^http/, "ws")}/socket.io/?EIO=4&transport=websocket`;
    const ws = new WebSocket(url, {
      perMessageDeflate: this.opts.deflate ?? false,
      handshakeTimeout: this.opts.timeoutMs ?? 10_000,
      ...(this.opts.localAddress ? { localAddress: this.opts.localAddress } : {}),
    });
    this.ws = ws;
    return new Promise((resolve, reject) => {
      let settled = false;
      const timer = setTimeout(() => done(new Error("connect timeout")), this.opts.timeoutMs ?? 10_000);
      const done = (res: RawConnect | Error) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (res instanceof Error) {
          ws.terminate();
          reject(res);
        } else resolve(res);
      };
      ws.on("error", (err) => done(err));
      ws.on("unexpected-response", (req, res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (body += chunk));
        res.on("end", () => {
          req.destroy();
          const busy = parseBusyBody(body);
          if (busy) {
            ws.terminate();
            done({ ok: false, code: "server_busy", retryAfterMs: busy.retryAfterMs });
          } else done(Object.assign(new Error(`HTTP ${res.statusCode}`), { code: `HTTP ${res.statusCode}` }));
        });
      });
      ws.on("close", (code) => {
        this.connected = false;
        done(Object.assign(new Error(`closed ${code} before connect`), { code: "closed" }));
        this.opts.onClose?.(code);
      });
      ws.on("message", (data: Buffer, isBinary: boolean) => {
        if (isBinary) return;
        const text = data.toString();
        switch (text[0]) {
          case "0":
            ws.send(`40${JSON.stringify(this.opts.auth)}`);
            return;
          case "2":
            this.pingsAnswered++;
            ws.send("3");
            return;
          case "4":
            this.onPacket(text, done);
            return;
          default:
            return;
        }
      });
    });
  }

  private onPacket(text: string, done: (r: RawConnect | Error) => void): void {
    const type = text[1];
    if (type === "0") {
      this.connected = true;
      done({ ok: true });
    } else if (type === "4") {
      const err = JSON.parse(text.slice(2)) as { message?: string; data?: { code?: string } };
      done({ ok: false, code: err.data?.code ?? err.message ?? "connect_error" });
      this.ws?.close();
    } else if (type === "2") {
      const receivedAt = Date.now();
      const [event, payload] = JSON.parse(text.slice(text.indexOf("["))) as [string, unknown];
      this.opts.onEvent?.(event, payload, receivedAt);
    } else if (type === "3") {
      const open = text.indexOf("[");
      const id = Number(text.slice(2, open));
      const cb = this.acks.get(id);
      if (!cb) return;
      this.acks.delete(id);
      cb((JSON.parse(text.slice(open)) as unknown[])[0]);
    } else if (type === "1") {
      this.connected = false;
    }
  }

  emit(event: string, payload: unknown): void {
    this.ws?.send(`42${JSON.stringify([event, payload])}`);
  }

  /** An event with an ack; resolves with the ack's payload, or `{ ok: false, code: "timeout" }`. */
  request(event: string, payload: unknown, timeoutMs = 10_000): Promise<{ ok: boolean; code?: string; [k: string]: unknown }> {
    const id = this.nextAck++;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.acks.delete(id);
        resolve({ ok: false, code: "timeout" });
      }, timeoutMs);
      this.acks.set(id, (res) => {
        clearTimeout(timer);
        resolve(res as { ok: boolean; code?: string });
      });
      if (this.ws?.readyState !== WebSocket.OPEN) {
        this.acks.delete(id);
        clearTimeout(timer);
        resolve({ ok: false, code: "closed" });
        return;
      }
      this.ws.send(`42${id}${JSON.stringify([event, payload])}`);
    });
  }

  get open(): boolean {
    return this.connected && this.ws?.readyState === WebSocket.OPEN;
  }

  close(): void {
    this.connected = false;
    if (this.ws?.readyState === WebSocket.OPEN) this.ws.send("41");
    this.ws?.close();
  }

  terminate(): void {
    this.connected = false;
    this.ws?.terminate();
  }
}
