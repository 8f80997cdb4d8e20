import type { ActionId, NodeId, PlayerId, RoomId } from "./ids.js";
import type { PlayerView, PrivateView, PublicEvent } from "./game.js";
import type { AckFn } from "./errors.js";
import type { ClientAck, ClientEventName, ClientRequest } from "./client-events.js";
import type { PatchOp } from "./patch.js";
import type { NodeRoomActivity, NodeRoomRows, RoomQuery } from "./admin.js";

/** Sent in the Socket.IO handshake `auth` of the game namespace `/`. */
export interface GameAuth {
  /** Display name, 1..24 characters. Required unless `token` resumes a session. */
  name?: string;
  /** Resume token from an earlier `session` event. */
  token?: string;
}

/** Mutating room requests may carry a client action id (idempotency) and the version they saw. */
export interface RoomRequest {
  roomId: RoomId;
  actionId?: ActionId;
  expectedVersion?: number;
}

export interface Snapshot {
  roomId: RoomId;
  version: number;
  view: PlayerView;
  /** Server time (ms since epoch) at send. */
  ts: number;
}

export interface PatchMessage {
  roomId: RoomId;
  /** The version this patch applies to. */
  from: number;
  version: number;
  ops: PatchOp[];
  events: PublicEvent[];
  ts: number;
}

export interface PrivateMessage {
  roomId: RoomId;
  version: number;
  view: PrivateView;
  ts: number;
}

export interface ChatMessage {
  roomId: RoomId;
  id: string;
  from: PlayerId;
  name: string;
  text: string;
  ts: number;
}

export interface SessionInfo {
  playerId: PlayerId;
  name: string;
  token: string;
  nodeId: NodeId;
  roomId: RoomId | null;
}

export type ShutdownReason = "drain" | "shutdown";

export interface ShutdownNotice {
  reason: ShutdownReason;
  nodeId: NodeId;
  /** Reconnect after roughly this long (jittered per client by the server's disconnect waves). */
  reconnectAfterMs: number;
}

/** The game namespace's client events, derived from `CLIENT_EVENT_TABLE`: a payload, then an ack where the event has one. */
export type ClientToServerEvents = {
  [E in ClientEventName]: [ClientAck<E>] extends [never] ? (req: ClientRequest<E>) => void : (req: ClientRequest<E>, ack: AckFn<ClientAck<E>>) => void;
};

export interface ServerToClientEvents {
  session: (info: SessionInfo) => void;
  "room:snapshot": (snapshot: Snapshot) => void;
  "room:patch": (patch: PatchMessage) => void;
  "room:private": (msg: PrivateMessage) => void;
  "room:closed": (msg: { roomId: RoomId; reason: string }) => void;
  "chat:message": (msg: ChatMessage) => void;
  "presence:typing": (msg: { roomId: RoomId; playerId: PlayerId }) => void;
  "presence:online": (msg: { roomId: RoomId; playerId: PlayerId; online: boolean }) => void;
  "session:replaced": (msg: { reason: string }) => void;
  "server:shutdown": (notice: ShutdownNotice) => void;
}

export interface InterServerEvents {
  ping: () => void;
  /** A node asks the others for their own recent figures (rows of `HISTORY_FIELDS`). */
  "admin:history": (windowMs: number, reply: (history: { nodeId: string; rows: number[][] }) => void) => void;
  /** A node asks the others for the first `depth` rows of their own rooms in the query's order. */
  "admin:room_rows": (req: { query: RoomQuery; depth: number }, reply: (rows: NodeRoomRows) => void) => void;
  /** A node asks the others what they see of some rooms (the rows of one page, or one room). */
  "admin:room_activity": (roomIds: RoomId[], reply: (activity: NodeRoomActivity) => void) => void;
}

export interface SocketData {
  playerId: PlayerId;
  name: string;
  ip: string;
  /** The node the socket is connected to, for the admin room view. */
  nodeId?: string;
}

export const SERVER_EVENTS = [
  "session",
  "room:snapshot",
  "room:patch",
  "room:private",
  "room:closed",
  "chat:message",
  "presence:typing",
  "presence:online",
  "session:replaced",
  "server:shutdown",
] as const satisfies readonly (keyof ServerToClientEvents)[];
export type ServerEventName = (typeof SERVER_EVENTS)[number];
