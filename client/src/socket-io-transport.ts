import { io, type ManagerOptions, type Socket, type SocketOptions } from "socket.io-client";
import { parseBusyBody } from "@avalon/protocol";
import type { CloseReason, ConnectFailure, LocalFailure, Transport } from "./transport.js";

export interface SocketIoTransportOptions {
  /** http(s)://host:port of the server. */
  url: string;
  /**
   * Passed to `io()` (`transports`, `parser` for WIRE_PARSER=msgpack, `path`, ...). The client
   * reconnects by itself, so `reconnection` and `forceNew` are always set here. Keep polling
   * first (the default) to learn a `server_busy` refusal's retry time: a websocket handshake's
   * refusal body is hidden from the client.
   */
  io?: Partial<ManagerOptions & SocketOptions>;
}

/** The body of a refused polling handshake, when the engine.io-client error carries its request. */
function refusedBody(err: Error): string | null {
  const context = (err as Error & { context?: { responseText?: unknown } }).context;
  const text = context?.responseText;
  if (typeof text !== "string") return null;
  try {
    const parsed = JSON.parse(text) as { message?: unknown };
    return typeof parsed.message === "string" ? parsed.message : text;
  } catch {
    return text;
  }
}

function closeReason(reason: Socket.DisconnectReason): CloseReason {
  if (reason === "io client disconnect") return "client";
  if (reason === "io server disconnect") return "server_disconnect";
  return "transport_close";
}

/** socket.io-client, in browsers and Node: one `io()` socket per connection, never reconnecting by itself. */
export function socketIoTransport(opts: SocketIoTransportOptions): Transport {
  return {
    open(auth, handlers) {
      const socket: Socket = io(opts.url, { timeout: 10_000, ...opts.io, auth: { ...auth }, reconnection: false, forceNew: true, autoConnect: false });
      return new Promise((resolve) => {
        socket.once("connect", () => {
          socket.off("connect_error");
          socket.on("disconnect", (reason) => handlers.close(closeReason(reason)));
          resolve({
            ok: true,
            connection: {
              request: (event, payload, timeoutMs) =>
                // socket.io-client would buffer it until its timeout; this client resends after the reconnect instead.
                !socket.connected
                  ? Promise.resolve({ ok: false, code: "disconnected", message: `${event}: not connected` } satisfies LocalFailure)
                  : new Promise((done) =>
                  socket.timeout(timeoutMs).emit(event, payload, (err: Error | null, answer: unknown) => {
                    if (!err) return done(answer);
                    const failure: LocalFailure = socket.connected
                      ? { ok: false, code: "timeout", message: `${event}: no answer within ${timeoutMs} ms` }
                      : { ok: false, code: "disconnected", message: `${event}: the connection closed before the answer` };
                    done(failure);
                  }),
                ),
              emit: (event, payload) => void socket.emit(event, payload),
              close: () => socket.disconnect(),
            },
          });
        });
        socket.onAny((name: string, payload: unknown) => handlers.event(name, payload));
        socket.once("connect_error", (err: Error & { data?: { code?: string; message?: string } }) => {
          socket.disconnect();
          if (err.data?.code) return resolve({ ok: false, code: err.data.code, message: err.data.message ?? err.message });
          const body = refusedBody(err);
          const busy = body === null ? null : parseBusyBody(body);
          const failure: ConnectFailure = busy
            ? { ok: false, code: "server_busy", message: "the node admits no more connections now", retryAfterMs: busy.retryAfterMs }
            : { ok: false, code: body && /^[a-z_]+$/.test(body) ? body : "transport_error", message: body ?? err.message };
          resolve(failure);
        });
        socket.connect();
      });
    },
  };
}
