import type { ConnectionState } from "../../../lib/session-context";

/**
 * Socket.IO retries lost transports by itself, but not a disconnect the server asked for
 * (`io server disconnect`, as a node sends when it shuts down): that one we retry ourselves,
 * since a restarted or drained node's peers will take the connection.
 */
export function needsManualReconnect(reason: string): boolean {
  return reason === "io server disconnect";
}

export function stateAfterDisconnect(reason: string): ConnectionState {
  return reason === "io client disconnect" ? "disconnected" : "reconnecting";
}

/** A failed handshake: still "reconnecting" while a retry is coming, else "disconnected". */
export function stateAfterConnectError(willRetry: boolean): ConnectionState {
  return willRetry ? "reconnecting" : "disconnected";
}

/** Manual retries back off: 1 s, 2 s, 4 s … capped at 15 s. */
export function manualRetryDelayMs(attempt: number): number {
  return Math.min(15_000, 1_000 * 2 ** Math.max(0, attempt));
}
