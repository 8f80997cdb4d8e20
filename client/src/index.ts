export { AvalonClient, type AvalonClientOptions, type AckOf, type ClientEvents, type EventName, type Payload, type Reply } from "./client.js";
export { socketIoTransport, type SocketIoTransportOptions } from "./socket-io-transport.js";
export { engineIoTransport, type EngineIoTransportOptions, type HttpGet } from "./engine-io-transport.js";
export type { MessageLike, WebSocketFactory, WebSocketLike } from "./websocket-like.js";
export type { CloseReason, Connection, ConnectionHandlers, ConnectFailure, LocalFailure, LocalFailureCode, Transport } from "./transport.js";
export { DEFAULT_RETRY, backoffMs, shouldReconnect, shouldResend, type RetryPolicy } from "./retry.js";
export { MirrorSync } from "./mirror-sync.js";
