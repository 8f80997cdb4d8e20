import type { IncomingMessage } from "node:http";

/**
 * Whether a handshake's `Origin` may connect, checked in `allowRequest` for websocket upgrades
 * and long-polling alike (Socket.IO's `cors` option only guards the polling requests). With
 * `*` every origin may; a request without `Origin` is not from a browser page, which always
 * sends one on a websocket upgrade, so CORS has nothing to protect there.
 */
export function originAllowed(req: IncomingMessage, allowed: string[] | "*"): boolean {
  if (allowed === "*") return true;
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  return allowed.includes(origin);
}
