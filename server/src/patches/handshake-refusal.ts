import type { IncomingMessage, ServerResponse } from "node:http";
import { STATUS_CODES } from "node:http";

/** A refusal of an Engine.IO handshake with its own HTTP status and a readable body. */
export interface HandshakeRefusal {
  status: number;
  code: string;
  message: string;
}

/**
 * Answers a handshake in `allowRequest` with `refusal.status` and `{ code, message }`, then lets
 * Engine.IO finish (it sends nothing more once an answer is out). Engine.IO's own refusal is 403
 * for long-polling and always 400 for a websocket upgrade; a balancer and a client can tell a
 * draining node (503, retried elsewhere) from a forbidden origin (403) only by the status.
 */
export function refuseHandshake(req: IncomingMessage, refusal: HandshakeRefusal, cb: (err: string | null | undefined, ok: boolean) => void): void {
  const body = JSON.stringify({ code: refusal.code, message: refusal.message });
  // Engine.IO hands a polling request's response over on the request; an upgrade has only the socket.
  const res = (req as IncomingMessage & { res?: ServerResponse }).res;
  if (res) {
    if (!res.headersSent) res.writeHead(refusal.status, { "Content-Type": "application/json", Connection: "close" }).end(body);
    return cb(refusal.code, false);
  }
  const sock = req.socket;
  if (!sock.writable) return cb(refusal.code, false);
  const head =
    `HTTP/1.1 ${refusal.status} ${STATUS_CODES[refusal.status] ?? ""}\r\nConnection: close\r\nContent-Type: application/json\r\n` +
    `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n`;
  let done = false;
  const finish = () => {
    if (done) return;
    done = true;
    cb(refusal.code, false);
  };
  sock.once("close", finish);
  sock.end(head + body, finish);
}
