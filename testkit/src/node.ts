import { pino } from "pino";
import { io as connect, type Socket } from "socket.io-client";
import type { ClientToServerEvents, ServerToClientEvents, SessionInfo, Snapshot } from "@avalon/protocol";
import { createNode, loadConfig, type AvalonNode, type Config, type NodeParts } from "@avalon/server";

export type TestClient = Socket<ServerToClientEvents, ClientToServerEvents>;

const started: AvalonNode[] = [];
const clients: TestClient[] = [];

/** Starts a node on a free loopback port; `stopAll` closes it after the test file. */
export async function startNode(env: Record<string, string> = {}, parts: NodeParts = {}): Promise<{ node: AvalonNode; url: string; config: Config }> {
  const config = loadConfig({ PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "silent", DRAIN_WINDOW_MS: "0", SHUTDOWN_GRACE_MS: "2000", ...env });
  const node = createNode(config, { logger: pino({ level: process.env.TEST_LOG_LEVEL ?? "silent" }), ...parts });
  const port = await node.start();
  started.push(node);
  return { node, url: `http://127.0.0.1:${port}`, config };
}

export async function stopAll(): Promise<void> {
  for (const c of clients.splice(0)) c.disconnect();
  await Promise.all(started.splice(0).map((n) => n.stop()));
}

/** A raw socket.io-client connection that resolves once the server's `session` event arrives. */
export interface ConnectedClient {
  socket: TestClient;
  session: SessionInfo;
  /** The first `room:snapshot` pushed after the handshake (a resume). */
  firstSnapshot: Promise<Snapshot>;
}

export function client(url: string, auth: Record<string, unknown>, opts: { transports?: ("websocket" | "polling")[] } = {}): Promise<ConnectedClient> {
  const socket: TestClient = connect(url, { transports: opts.transports ?? ["websocket"], auth, reconnection: false, forceNew: true });
  clients.push(socket);
  const firstSnapshot = new Promise<Snapshot>((resolve) => socket.once("room:snapshot", resolve));
  return new Promise((resolve, reject) => {
    socket.once("session", (session) => resolve({ socket, session, firstSnapshot }));
    socket.once("connect_error", (err) => reject(Object.assign(err, { code: (err as { data?: { code?: string } }).data?.code })));
  });
}

export function ack<T>(socket: TestClient, event: string, ...args: unknown[]): Promise<T> {
  return (socket.timeout(5000) as unknown as { emitWithAck(e: string, ...a: unknown[]): Promise<T> }).emitWithAck(event, ...args);
}
