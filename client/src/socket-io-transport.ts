import { io, type ManagerOptions, type Socket, type SocketOptions } from "socket.io-client";
import { parseBusyBody, type GameAuth } from "@avalon/protocol";
import type { CloseReason, ConnectFailure, ConnectionHandlers, LocalFailure, Transport } from "./transport.js";

export type SocketIoTransportOptions =
  | {
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
  | {
      /**
       * One socket to connect again on every open, for callers that keep listeners or hooks on it
       * across reconnects. Create it with `autoConnect: false` and `reconnection: false`.
       */
      socket: Socket;
    };

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

function refusal(err: Error & { data?: { code?: string; message?: string } }): ConnectFailure {
  if (err.data?.code) return { ok: false, code: err.data.code, message: err.data.message ?? err.message };
  const body = refusedBody(err);
  const busy = body === null ? null : parseBusyBody(body);
  if (busy) return { ok: false, code: "server_busy", message: "the node admits no more connections now", retryAfterMs: busy.retryAfterMs };
  return { ok: false, code: body && /^[a-z_]+$/.test(body) ? body : "transport_error", message: body ?? err.message };
}

function closeReason(reason: Socket.DisconnectReason): CloseReason {
  if (reason === "io client disconnect") return "client";
  if (reason === "io server disconnect") return "server_disconnect";
  return "transport_close";
}

/** Connects `socket` once with `auth`; every listener added here is removed when that connection ends. */
function openOn(socket: Socket, auth: GameAuth, handlers: ConnectionHandlers): ReturnType<Transport["open"]> {
  socket.auth = { ...auth };
  return new Promise((resolve) => {
    const onEvent = (name: string, payload: unknown) => handlers.event(name, payload);
    const onDisconnect = (reason: Socket.DisconnectReason) => {
      socket.offAny(onEvent);
      socket.off("disconnect", onDisconnect);
      handlers.close(closeReason(reason));
    };
    const onConnectError = (err: Error) => {
      socket.off("connect", onConnect);
      socket.offAny(onEvent);
      socket.disconnect();
      resolve(refusal(err));
    };
    const onConnect = () => {
      socket.off("connect_error", onConnectError);
      socket.on("disconnect", onDisconnect);
      resolve({
        ok: true,
        connection: {
          request: (event, payload, timeoutMs) =>
            // socket.io-client would buffer it until its timeout; the client resends after the reconnect instead.
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
    };
    socket.onAny(onEvent);
    socket.once("connect", onConnect);
    socket.once("connect_error", onConnectError);
    socket.connect();
  });
}

/** socket.io-client, in browsers and Node; it never reconnects by itself (the client does). */
export function socketIoTransport(opts: SocketIoTransportOptions): Transport {
  return {
    open(auth, handlers) {
      const socket = "socket" in opts ? opts.socket : io(opts.url, { timeout: 10_000, ...opts.io, reconnection: false, forceNew: true, autoConnect: false });
      return openOn(socket, auth, handlers);
    },
  };
}
