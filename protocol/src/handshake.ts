/**
 * A handshake refused for a busy node, before the websocket upgrade: the body of its HTTP error is
 * the code, then the time to wait before trying again (jittered by the server).
 */
export function busyBody(retryAfterMs: number): string {
  return `server_busy;retry-after-ms=${Math.max(0, Math.round(retryAfterMs))}`;
}

/** Reads `busyBody` back; null for any other body. */
export function parseBusyBody(body: string): { retryAfterMs: number } | null {
  const m = /^server_busy;retry-after-ms=(\d+)$/.exec(body.trim());
  return m ? { retryAfterMs: Number(m[1]) } : null;
}
