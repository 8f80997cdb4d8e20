import type { Namespace, Server, Socket } from "socket.io";
import type {
  AdminClientToServerEvents,
  AdminServerToClientEvents,
  ClientToServerEvents,
  InterServerEvents,
  ServerToClientEvents,
  SocketData,
} from "@avalon/protocol";

export type GameServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
export type GameSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

export interface AdminSocketData {
  role: "operator" | "viewer";
  tokenName: string;
}
export type AdminNamespace = Namespace<AdminClientToServerEvents, AdminServerToClientEvents, InterServerEvents, AdminSocketData>;
export type AdminSocket = Socket<AdminClientToServerEvents, AdminServerToClientEvents, InterServerEvents, AdminSocketData>;
export type GameNamespace = Namespace<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

/**
 * The `/admin` namespace with its own event maps. Socket.IO types every namespace with the
 * server's maps, so this is the one place that converts.
 */
export function adminNamespace(io: GameServer): AdminNamespace {
  return io.of("/admin") as unknown as AdminNamespace;
}
