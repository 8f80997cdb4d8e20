import net from "node:net";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { Bot, checkEndedGame, playGame } from "@avalon/loadtest";
import { ENGINE_ERROR_CODES, TRANSPORT_ERROR_CODES } from "@avalon/protocol";

export const ERROR_CODES: ReadonlySet<string> = new Set([...ENGINE_ERROR_CODES, ...TRANSPORT_ERROR_CODES]);

/** An answer a request may get: an error ack with a known code, or a success. */
export function isWellFormedAck(reply: unknown): boolean {
  if (!reply || typeof reply !== "object") return false;
  const r = reply as { ok?: unknown; code?: unknown; message?: unknown };
  if (r.ok === true) return true;
  return r.ok === false && typeof r.code === "string" && ERROR_CODES.has(r.code) && typeof r.message === "string";
}

/** /healthz answers 200 and a fresh five-seat game plays to a legal end on this node. */
export async function nodeStillServes(url: string): Promise<{ healthy: boolean; gameOk: boolean; violations: string[] }> {
  const health = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(3000) }).then((r) => r.status, () => 0);
  const game = await playGame({ urls: [url], players: 5, timeoutMs: 30_000 }).catch((err: Error) => ({ violations: [err.message], errors: [] }));
  const violations = [...game.violations, ...game.errors.map((e) => `${e.event}: ${e.code}`)];
  return { healthy: health === 200, gameOk: violations.length === 0, violations };
}

let gcFn: (() => void) | null = null;
/** Heap in use after a full collection (V8's gc exposed at runtime, for this test process only). */
export function heapAfterGc(): number {
  if (!gcFn) {
    setFlagsFromString("--expose-gc");
    gcFn = runInNewContext("gc") as () => void;
  }
  gcFn();
  gcFn();
  return process.memoryUsage().heapUsed;
}

/** Writes bytes on a bare TCP connection and reports what came back before the server closed it. */
export function rawTcp(port: number, bytes: Buffer | string, waitMs = 1500): Promise<{ reply: string; closed: boolean }> {
  return new Promise((resolve) => {
    const sock = net.connect(port, "127.0.0.1");
    let reply = "";
    let closed = false;
    let settle: NodeJS.Timeout | null = null;
    sock.on("data", (d) => {
      reply += d.toString("latin1");
      // An HTTP answer is complete enough once its head arrived; a kept-alive socket need not be waited out.
      if (reply.includes("\r\n\r\n") && !settle) settle = setTimeout(() => sock.destroy(), 100);
    });
    sock.on("error", () => undefined);
    sock.on("close", () => {
      closed = true;
      if (settle) clearTimeout(settle);
      clearTimeout(timer);
      resolve({ reply, closed });
    });
    const timer = setTimeout(() => {
      sock.destroy();
      resolve({ reply, closed });
    }, waitMs);
    sock.write(bytes);
  });
}

/**
 * A websocket upgrade done by hand on a bare TCP socket, so that raw frame bytes (bad headers,
 * unmasked frames, lying lengths) can follow; resolves once the 101 answer and the Engine.IO open
 * packet arrived.
 */
export function rawUpgrade(port: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const sock = net.connect(port, "127.0.0.1");
    let buf = "";
    const timer = setTimeout(() => reject(new Error("no upgrade")), 3000);
    sock.on("error", reject);
    const onData = (d: Buffer) => {
      buf += d.toString("latin1");
      if (buf.includes("\r\n\r\n") && buf.includes('"sid"')) {
        clearTimeout(timer);
        sock.off("data", onData);
        resolve(sock);
      }
    };
    sock.on("data", onData);
    sock.write(
      "GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n",
    );
  });
}

/** Resolves true once the socket is closed by the peer (or false after `ms`). */
export function closedWithin(sock: net.Socket, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    if (sock.destroyed) return resolve(true);
    const timer = setTimeout(() => resolve(false), ms);
    sock.once("close", () => {
      clearTimeout(timer);
      resolve(true);
    });
    sock.on("error", () => undefined);
  });
}

/** Final public views of bots that finished a game, checked with the load-test referee. */
export function refereeViolations(bots: Bot[]): string[] {
  const view = bots[0]?.view?.public;
  return view ? checkEndedGame(view) : ["no view"];
}
