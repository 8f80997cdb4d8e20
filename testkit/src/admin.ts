import { io as connect, type Socket } from "socket.io-client";
import type { AdminClientToServerEvents, AdminServerToClientEvents } from "@avalon/protocol";

export type AdminClient = Socket<AdminServerToClientEvents, AdminClientToServerEvents> & {
  hello: Promise<{ role: string; tokenName: string; nodeId: string; grafanaUrl: string | null }>;
};

/** An admin namespace connection; rejects with the handshake's error code. */
export function admin(url: string, token: string | undefined): Promise<AdminClient> {
  const socket = connect(`${url}/admin`, { transports: ["websocket"], auth: token === undefined ? {} : { token }, reconnection: false, forceNew: true }) as AdminClient;
  socket.hello = new Promise((r) => socket.once("admin:hello", r));
  return new Promise((resolve, reject) => {
    socket.once("connect", () => resolve(socket));
    socket.once("connect_error", (err) => {
      socket.close();
      reject(Object.assign(err, { code: (err as { data?: { code?: string } }).data?.code ?? err.message }));
    });
  });
}

export function adminAck<T>(socket: AdminClient, event: string, payload: unknown): Promise<T> {
  return (socket.timeout(5000) as unknown as { emitWithAck(e: string, p: unknown): Promise<T> }).emitWithAck(event, payload);
}
