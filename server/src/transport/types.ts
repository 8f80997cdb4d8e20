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
