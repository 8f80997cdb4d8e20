import {
  CLIENT_EVENTS,
  gameAuthSchema,
  type AckError,
  type ClientEventName,
  type EngineAction,
  type PlayerId,
  type RoomId,
  type Snapshot,
} from "@avalon/protocol";
import { playerView } from "../engine/views.js";
import type { GameState } from "../engine/state.js";
import type { Logger } from "../logger.js";
import { fail, type ActMeta, type RoomService } from "../rooms/room-service.js";
import { newPlayerId, type TokenSigner } from "../session/tokens.js";
import { onRequest, type Reply, type RequestHooks } from "./requests.js";
import { playerChannel, roomChannel } from "./channels.js";
import type { GameServer, GameSocket } from "./types.js";

/** Checks every inbound event before its handler (limits, draining); returns an error to refuse it. */
export type EventGuard = (socket: GameSocket, event: string, args: unknown[]) => AckError | null;

export interface GameNamespaceDeps {
  io: GameServer;
  rooms: RoomService;
  tokens: TokenSigner;
  nodeId: string;
  log: Logger;
  guards?: EventGuard[];
  hooks?: RequestHooks;
  /** Whether new rooms may be created here (false while draining). */
  acceptingRooms?: () => boolean;
  /** Admission before the handshake is read (draining, connection cap, per-IP rate). */
  admit?: (socket: GameSocket) => Promise<AckError | null>;
  onRejected?: (code: string) => void;
  onConnected?: (socket: GameSocket) => void;
}

const KNOWN_EVENTS = new Set<string>(CLIENT_EVENTS);

export function snapshotOf(state: GameState, playerId: PlayerId | null): Snapshot {
  return { roomId: state.roomId, version: state.version, view: playerView(state, playerId), ts: Date.now() };
}

export function isMember(state: GameState, playerId: PlayerId): boolean {
  return state.seats.some((s) => s.id === playerId) || state.spectators.includes(playerId);
}

/** The game namespace `/`: handshake, resume, and one handler per client event. */
export function attachGameNamespace(deps: GameNamespaceDeps): void {
  const { io, rooms, tokens, log } = deps;

  io.use((socket, next) => {
    if (!deps.admit) return next();
    deps.admit(socket).then(
      (refusal) => {
        if (!refusal) return next();
        deps.onRejected?.(refusal.code);
        next(Object.assign(new Error(refusal.code), { data: { code: refusal.code, message: refusal.message } }));
      },
      (err: unknown) => next(err as Error),
    );
  });

  io.use((socket, next) => {
    const reject = (code: string, message: string) => {
      deps.onRejected?.(code);
      next(Object.assign(new Error(code), { data: { code, message } }));
    };
    const parsed = gameAuthSchema.safeParse(socket.handshake.auth ?? {});
    if (!parsed.success) return reject("bad_request", "auth needs a name (1-24 characters) or a token");
    const { name, token } = parsed.data;
    if (token !== undefined) {
      const checked = tokens.check(token, Date.now());
      if (!checked.ok) {
        return reject("invalid_token", checked.reason === "expired" ? "resume token has expired; join with a name" : "resume token is not valid");
      }
      socket.data.playerId = checked.claims.playerId;
      socket.data.name = checked.claims.name;
    } else {
      socket.data.playerId = newPlayerId();
      socket.data.name = name as string;
    }
    next();
  });

  io.on("connection", (socket) => {
    deps.onConnected?.(socket);
    void onConnection(socket).catch((err: unknown) => log.error({ err }, "connection setup failed"));
  });

  async function onConnection(socket: GameSocket): Promise<void> {
    const { playerId, name } = socket.data;
    const self = playerChannel(playerId);
    // The adapter may run these after the join below (the Redis adapter does), so this socket is excluded by id.
    await socket.join(self);
    io.to(self).except(socket.id).emit("session:replaced", { reason: "the same player connected again" });
    io.in(self).except(socket.id).disconnectSockets(true);
    bindHandlers(socket);
    const roomId = await rooms.playerRoom(playerId);
    socket.emit("session", { playerId, name, token: tokens.sign({ playerId, name, issuedAt: Date.now() }), nodeId: deps.nodeId, roomId });
    if (roomId) {
      const res = await rooms.load(roomId);
      if (res.ok && isMember(res.record.state, playerId)) {
        await socket.join(roomChannel(roomId));
        socket.emit("room:snapshot", snapshotOf(res.record.state, playerId));
        socket.to(roomChannel(roomId)).volatile.emit("presence:online", { roomId, playerId, online: true });
      }
    }
    socket.on("disconnect", () => {
      for (const channel of socket.rooms) {
        if (channel.startsWith("room:")) {
          io.to(channel).volatile.emit("presence:online", { roomId: channel.slice(5), playerId, online: false });
        }
      }
    });
  }

  function bindHandlers(socket: GameSocket): void {
    const { playerId, name } = socket.data;
    const on = <E extends ClientEventName>(event: E, handler: Parameters<typeof onRequest<E>>[2]) =>
      onRequest(socket, event, handler, log, deps.hooks);

    // Refusals are answered before any handler, and reported to the hooks like the handlers' answers.
    const refuse = (event: ClientEventName | "unknown", started: number, ack: ((r: Reply) => void) | undefined, refusal: AckError) => {
      deps.hooks?.onAnswered?.(event, performance.now() - started, refusal);
      ack?.(refusal);
    };
    socket.use(([event, ...args], next) => {
      const started = performance.now();
      const last = args[args.length - 1];
      const ack = typeof last === "function" ? (last as (r: Reply) => void) : undefined;
      if (!KNOWN_EVENTS.has(event)) {
        refuse("unknown", started, ack, { ok: false, code: "bad_request", message: `unknown event "${String(event).slice(0, 40)}"` });
        return;
      }
      for (const guard of deps.guards ?? []) {
        const refusal = guard(socket, event, args);
        if (refusal) {
          refuse(event as ClientEventName, started, ack, refusal);
          return;
        }
      }
      next();
    });

    const act = async (roomId: RoomId, action: EngineAction, meta: ActMeta): Promise<Reply> => {
      const res = await rooms.act(roomId, action, meta);
      if (!res.ok) return res;
      // A retry of an applied action: the first answer, and maybe its change, never reached this
      // client, so it gets the room as it is now.
      if (res.duplicate) socket.emit("room:snapshot", snapshotOf(res.state, playerId));
      return { ok: true, version: res.version, ...(res.duplicate ? { duplicate: true } : {}) };
    };
    const meta = (p: { actionId?: string; expectedVersion?: number }): ActMeta => ({
      ...(p.actionId !== undefined ? { actionId: p.actionId } : {}),
      ...(p.expectedVersion !== undefined ? { expectedVersion: p.expectedVersion } : {}),
    });

    on("room:create", async (p) => {
      if (deps.acceptingRooms && !deps.acceptingRooms()) return fail("draining", "this node is draining; reconnect to create a room");
      const res = await rooms.create({ playerId, name }, p.options ?? {});
      if (!res.ok) return res;
      await socket.join(roomChannel(res.roomId));
      return { ok: true, roomId: res.roomId, snapshot: snapshotOf(res.state, playerId) };
    });

    const enter = async (roomId: RoomId, type: "join" | "spectate", p: { actionId?: string; expectedVersion?: number }): Promise<Reply> => {
      const channel = roomChannel(roomId);
      const wasIn = socket.rooms.has(channel);
      await socket.join(channel);
      const action = type === "join" ? { type, playerId, name } : { type, playerId };
      const res = await rooms.enter(roomId, action as Extract<EngineAction, { type: "join" | "spectate" }>, meta(p));
      if (res.ok) return { ok: true, snapshot: snapshotOf(res.state, playerId) };
      // Joining a room you already sit in (a client that reconnected) answers with the room as it is.
      if (res.code === "already_in_room" || res.code === "wrong_phase" || res.code === "not_spectator_allowed") {
        const current = await rooms.load(roomId);
        if (current.ok && isMember(current.record.state, playerId)) return { ok: true, snapshot: snapshotOf(current.record.state, playerId) };
      }
      if (!wasIn) await socket.leave(channel);
      return res;
    };
    on("room:join", (p) => enter(p.roomId, "join", p));
    on("room:spectate", (p) => enter(p.roomId, "spectate", p));

    on("room:leave", async (p) => {
      const res = await rooms.leave(p.roomId, playerId, meta(p));
      if (!res.ok) return res;
      await socket.leave(roomChannel(p.roomId));
      return { ok: true, version: res.version, ...(res.duplicate ? { duplicate: true } : {}) };
    });
    on("room:seat", (p) => act(p.roomId, { type: "seat", playerId, seat: p.seat }, meta(p)));
    on("room:ready", (p) => act(p.roomId, { type: "ready", playerId, ready: p.ready }, meta(p)));
    on("room:configure", (p) =>
      act(p.roomId, { type: "configure", playerId, roles: p.roles, ...(p.maxPlayers !== undefined ? { maxPlayers: p.maxPlayers } : {}) }, meta(p)),
    );
    on("game:start", (p) => act(p.roomId, { type: "start", playerId }, meta(p)));
    on("game:action", (p) => act(p.roomId, { ...p.move, playerId } as EngineAction, meta(p)));

    on("room:sync", async (p) => {
      const res = await rooms.load(p.roomId);
      if (!res.ok) return res;
      if (!isMember(res.record.state, playerId)) return fail("not_in_room", "you are not in this room");
      return { ok: true, snapshot: snapshotOf(res.record.state, playerId) };
    });

    on("chat:send", async (p) => {
      const res = await rooms.load(p.roomId);
      if (!res.ok) return res;
      if (!isMember(res.record.state, playerId)) return fail("not_in_room", "you are not in this room");
      const id = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
      io.to(roomChannel(p.roomId)).emit("chat:message", { roomId: p.roomId, id, from: playerId, name, text: p.text, ts: Date.now() });
      return { ok: true, id };
    });

    on("presence:typing", async (p) => {
      if (socket.rooms.has(roomChannel(p.roomId))) socket.to(roomChannel(p.roomId)).volatile.emit("presence:typing", { roomId: p.roomId, playerId });
      return { ok: true };
    });
  }
}
