import type { IncomingMessage } from "node:http";

/**
 * The address a limit is keyed on. Behind the trusted balancer it is the last X-Forwarded-For
 * entry: the one the balancer wrote from the TCP source. Earlier entries came from the client and
 * may say anything, so keying on them gives every forged value its own budget.
 */
export function clientIp(req: IncomingMessage, trustProxy: boolean): string {
  if (trustProxy) {
    const fwd = req.headers["x-forwarded-for"];
    // Node joins repeated headers with ", ", so the last entry of the joined value is the balancer's.
    const joined = Array.isArray(fwd) ? fwd.join(",") : fwd;
    const last = joined?.split(",").pop()?.trim();
    if (last) return last;
  }
  return req.socket.remoteAddress ?? "unknown";
}

/**
 * Whether a handshake came through the trusted balancer. A draining node refuses those with HTTP
 * 503, which HAProxy retries on another node at once; a client connected directly gets the
 * Socket.IO `draining` code it can read instead.
 */
export function cameThroughBalancer(req: IncomingMessage, trustProxy: boolean): boolean {
  return trustProxy && req.headers["x-forwarded-for"] !== undefined;
}
