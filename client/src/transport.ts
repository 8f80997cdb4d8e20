import type { GameAuth } from "@avalon/protocol";

/**
 * Why a connection ended:
 * - client: this side closed it
 * - server_disconnect: the server left the namespace with this connection (a drain, a replaced session)
 * - transport_close: the link closed without either (a node lost, a network cut, missed heartbeats)
 */
export type CloseReason = "client" | "server_disconnect" | "transport_close";

/** Failures found on this side, answered in the server's `{ ok: false, code, message }` shape. */
export type LocalFailureCode = "timeout" | "disconnected" | "transport_error" | "connect_timeout";

export interface LocalFailure {
  ok: false;
  code: LocalFailureCode;
  message: string;
}

/**
 * A refused or failed handshake: the server's code (`server_full`, `rate_limited`, `draining`,
 * `invalid_token`, `server_busy`, ...) or a local one. `retryAfterMs` is the wait a `server_busy`
 * refusal asked for, when the transport could read it.
 */
export interface ConnectFailure {
  ok: false;
  code: string;
  message: string;
  retryAfterMs?: number;
}

/** What a transport reports about one open connection. */
export interface ConnectionHandlers {
  /** An event the server pushed in the game namespace, with its one payload. */
  event(name: string, payload: unknown): void;
  /** Called once, when the connection ends for any reason. */
  close(reason: CloseReason): void;
}

/** One joined connection to the game namespace. */
export interface Connection {
  /** Sends an event with an ack id; resolves with the server's answer or a `LocalFailure`. */
  request(event: string, payload: unknown, timeoutMs: number): Promise<unknown>;
  /** Sends an event without an ack (volatile events such as `presence:typing`). */
  emit(event: string, payload: unknown): void;
  close(): void;
}

/**
 * How the client reaches a server. A transport opens one connection per call and never
 * reconnects by itself: `AvalonClient` decides when to come back and with which token.
 */
export interface Transport {
  open(auth: GameAuth, handlers: ConnectionHandlers): Promise<{ ok: true; connection: Connection } | ConnectFailure>;
}
