import type { Ack, ClientAck, EngineAction, PlayerId, RoomId, Snapshot } from "@avalon/protocol";
import { playerView } from "../engine/views.js";
import type { GameState } from "../engine/state.js";
import { fail, type ActMeta } from "../rooms/room-service.js";
import type { GameNamespaceDeps } from "./game-namespace.js";
import type { RequestHandlers } from "./requests.js";
import { roomChannel } from "./channels.js";
import type { GameSocket } from "./types.js";

export function snapshotOf(state: GameState, playerId: PlayerId | null): Snapshot {
  return { roomId: state.roomId, version: state.version, view: playerView(state, playerId), ts: Date.now() };
}

export function isMember(state: GameState, playerId: PlayerId): boolean {
  return state.seats.some((s) => s.id === playerId) || state.spectators.includes(playerId);
}

function meta(p: { actionId?: string; expectedVersion?: number }): ActMeta {
  return {
    ...(p.actionId !== undefined ? { actionId: p.actionId } : {}),
    ...(p.expectedVersion !== undefined ? { expectedVersion: p.expectedVersion } : {}),
  };
}

/** What each client event does; one table per node, the sending socket passed in. */
export function requestHandlers(deps: GameNamespaceDeps): RequestHandlers {
  const { io, rooms } = deps;

  const act = async (socket: GameSocket, roomId: RoomId, action: EngineAction, m: ActMeta): Promise<Ack<ClientAck<"game:action">>> => {
    // A socket in the room hears its commits, so a forwarded move may be answered in one.
    const res = socket.rooms.has(roomChannel(roomId)) ? await rooms.play(roomId, action, m) : await rooms.act(roomId, action, m);
    if (!res.ok) return res;
    // A retry of an applied action: the first answer, and maybe its change, never reached this
    // client, so it gets the room as it is now.
    if (res.duplicate) socket.emit("room:snapshot", snapshotOf(res.state, socket.data.playerId));
    return { ok: true, version: res.version, ...(res.duplicate ? { duplicate: true } : {}) };
  };

  const enter = async (
    socket: GameSocket,
    roomId: RoomId,
    type: "join" | "spectate",
    p: { actionId?: string; expectedVersion?: number },
  ): Promise<Ack<ClientAck<"room:join">>> => {
    const { playerId, name } = socket.data;
    const channel = roomChannel(roomId);
    const wasIn = socket.rooms.has(channel);
    await socket.join(channel);
    const action = type === "join" ? { type, playerId, name } : { type, playerId, ...(deps.maxSpectators !== undefined ? { maxSpectators: deps.maxSpectators } : {}) };
    const res = await rooms.enter(roomId, action as Extract<EngineAction, { type: "join" | "spectate" }>, meta(p));
    if (res.ok) return { ok: true, snapshot: snapshotOf(res.state, playerId) };
    // Joining or spectating a room you are already in (a client that reconnected) answers with the room as it is.
    if (res.code === "already_in_room" || res.code === "wrong_phase") {
      const current = await rooms.load(roomId);
      if (current.ok && isMember(current.record.state, playerId)) return { ok: true, snapshot: snapshotOf(current.record.state, playerId) };
    }
    if (!wasIn) await socket.leave(channel);
    return res;
  };

  return {
    "room:create": async (socket, p) => {
      const { playerId, name } = socket.data;
      if (deps.acceptingRooms && !deps.acceptingRooms()) return fail("draining", "this node is draining; reconnect to create a room");
      const reservation = deps.lobbyQuota ? await deps.lobbyQuota.reserve(socket.data.ip ?? "unknown") : null;
      if (deps.lobbyQuota && !reservation) return fail("lobby_limit", "your address holds as many open lobbies as it may; start or leave one first");
      const res = await rooms.create({ playerId, name }, p.options ?? {});
      reservation?.(res.ok ? res.roomId : null);
      if (!res.ok) return res;
      await socket.join(roomChannel(res.roomId));
      return { ok: true, roomId: res.roomId, snapshot: snapshotOf(res.state, playerId) };
    },
    "room:join": (socket, p) => enter(socket, p.roomId, "join", p),
    "room:spectate": (socket, p) => enter(socket, p.roomId, "spectate", p),
    "room:leave": async (socket, p) => {
      const res = await rooms.leave(p.roomId, socket.data.playerId, meta(p));
      if (!res.ok) return res;
      await socket.leave(roomChannel(p.roomId));
      return { ok: true, version: res.version, ...(res.duplicate ? { duplicate: true } : {}) };
    },
    "room:seat": (socket, p) => act(socket, p.roomId, { type: "seat", playerId: socket.data.playerId, seat: p.seat }, meta(p)),
    "room:ready": (socket, p) => act(socket, p.roomId, { type: "ready", playerId: socket.data.playerId, ready: p.ready }, meta(p)),
    "room:configure": (socket, p) =>
      act(socket, p.roomId, { type: "configure", playerId: socket.data.playerId, roles: p.roles, ...(p.maxPlayers !== undefined ? { maxPlayers: p.maxPlayers } : {}) }, meta(p)),
    "game:start": (socket, p) => act(socket, p.roomId, { type: "start", playerId: socket.data.playerId }, meta(p)),
    "game:action": (socket, p) => act(socket, p.roomId, { ...p.move, playerId: socket.data.playerId } as EngineAction, meta(p)),
    "room:sync": async (socket, p) => {
      const res = await rooms.load(p.roomId);
      if (!res.ok) return res;
      if (!isMember(res.record.state, socket.data.playerId)) return fail("not_in_room", "you are not in this room");
      return { ok: true, snapshot: snapshotOf(res.record.state, socket.data.playerId) };
    },
    "chat:send": async (socket, p) => {
      const { playerId, name } = socket.data;
      const res = await rooms.load(p.roomId);
      if (!res.ok) return res;
      if (!isMember(res.record.state, playerId)) return fail("not_in_room", "you are not in this room");
      const id = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
      io.to(roomChannel(p.roomId)).emit("chat:message", { roomId: p.roomId, id, from: playerId, name, text: p.text, ts: Date.now() });
      return { ok: true, id };
    },
    "presence:typing": async (socket, p) => {
      if (socket.rooms.has(roomChannel(p.roomId))) socket.to(roomChannel(p.roomId)).volatile.emit("presence:typing", { roomId: p.roomId, playerId: socket.data.playerId });
      return { ok: true };
    },
  };
}
