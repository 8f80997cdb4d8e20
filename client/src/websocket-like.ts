/** The one event field a transport reads from a WebSocket message. */
export interface MessageLike {
  data: unknown;
}

/**
 * Any object that behaves like a browser WebSocket: the WHATWG `WebSocket` (browsers, Node 22+),
 * the `ws` package, or a small wrapper around a platform socket (a WeChat mini game's
 * `wx.connectSocket` task, for example). Either the `on*` properties or `addEventListener` are
 * used, whichever the object has. Text frames must arrive as strings.
 */
export interface WebSocketLike {
  send(data: string): void;
  close(code?: number, reason?: string): void;
  // `never` parameters let each runtime's own event types stand in; only `data` of a message is read.
  onopen?: ((event: never) => void) | null;
  onmessage?: ((event: never) => void) | null;
  onclose?: ((event: never) => void) | null;
  onerror?: ((event: never) => void) | null;
  addEventListener?(type: "open" | "message" | "close" | "error", listener: (event: object) => void): void;
}

/** Opens a WebSocket-like object to a `ws://` or `wss://` address. */
export type WebSocketFactory = (url: string) => WebSocketLike;

export interface SocketListeners {
  open(): void;
  message(data: unknown): void;
  close(): void;
  error(event: unknown): void;
}

/** Attaches the listeners through `addEventListener` when the object has it, else through `on*`. */
export function listen(ws: WebSocketLike, l: SocketListeners): void {
  if (typeof ws.addEventListener === "function") {
    ws.addEventListener("open", () => l.open());
    ws.addEventListener("message", (e) => l.message("data" in e ? e.data : undefined));
    ws.addEventListener("close", () => l.close());
    ws.addEventListener("error", (e) => l.error(e));
    return;
  }
  ws.onopen = () => l.open();
  ws.onmessage = (e: MessageLike) => l.message(e.data);
  ws.onclose = () => l.close();
  ws.onerror = (e: unknown) => l.error(e);
}
