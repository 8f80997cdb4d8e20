import {
  CLIENT_EVENTS,
  gameAuthSchema,
  type AckError,
  type ClientEventName,
  type RoomId,
} from "@avalon/protocol";
import type { Logger } from "../logger.js";
import type { RoomService } from "../rooms/room-service.js";
import type { LobbyQuota } from "../rooms/lobby-quota.js";
import { newPlayerId, type TokenSigner } from "../session/tokens.js";
import type { EventGuard } from "../ops/event-guard.js";
import { answerRequest, type Reply, type RequestHandler, type RequestHooks } from "./requests.js";
import { isMember, requestHandlers, snapshotOf } from "./game-handlers.js";
import { channelRoom, playerChannel, roomChannel } from "./channels.js";
import type { GameServer, GameSocket } from "./types.js";

export interface GameNamespaceDeps {
  io: GameServer;
  rooms: RoomService;
  tokens: TokenSigner;
  nodeId: string;
  log: Logger;
  guards?: EventGuard[];
  hooks?: RequestHooks;
  /** Open lobbies per client address (`lobby_limit` beyond). */
  lobbyQuota?: LobbyQuota;
  /** Spectators a room may hold (refused with `spectators_full` beyond it). */
  maxSpectators?: number;
  /** Whether new rooms may be created here (false while draining). */
  acceptingRooms?: () => boolean;
  /** Admission before the handshake is read (draining, connection cap, per-IP rate). */
  admit?: (socket: GameSocket) => Promise<AckError | null>;
  onRejected?: (code: string) => void;
  onConnected?: (socket: GameSocket) => void;
  /**
   * Resolves once the room subscriptions this node asked for so far are in place (the Redis
   * adapter subscribes to a room's channel when its first local member joins, without waiting).
   */
  subscribed?: () => Promise<void>;
}

const KNOWN_EVENTS = new Set<string>(CLIENT_EVENTS);

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

  /** Sockets of players created by this handshake: no other connection or room can be theirs yet. */
  const fresh = new WeakSet<GameSocket>();

  io.use((socket, next) => {
    const reject = (code: string, message: string) => {
      deps.onRejected?.(code);
      next(Object.assign(new Error(code), { data: { code, message } }));
    };
    const parsed = gameAuthSchema.safeParse(socket.handshake.auth ?? {});
    if (!parsed.success) return reject("bad_request", `auth needs a name (1-24 visible characters) or a token: ${parsed.error.issues[0]?.message ?? "invalid"}`);
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
      fresh.add(socket);
    }
    next();
  });

  io.on("connection", (socket) => {
    deps.onConnected?.(socket);
    void onConnection(socket).catch((err: unknown) => log.error({ err }, "connection setup failed"));
  });

  const handlers = requestHandlers(deps);
  const guards = deps.guards ?? [];
  const hooks = deps.hooks ?? {};
  // Shared by every socket (the socket is `this`), so a connection costs no closures of its own.
  function onDisconnect(this: GameSocket): void {
    const { playerId } = this.data;
    for (const channel of this.rooms) {
      const roomId = channelRoom(channel);
      if (roomId) io.to(channel).volatile.emit("presence:online", { roomId, playerId, online: false });
    }
  }

  // Refusals are answered before any handler, and reported to the hooks like the handlers' answers.
  const refuse = (event: ClientEventName | "unknown", started: number, ack: ((r: Reply) => void) | undefined, refusal: AckError) => {
    hooks.onAnswered?.(event, performance.now() - started, refusal);
    ack?.(refusal);
  };

  /**
   * Every inbound packet of a socket, before its listener: it pays the socket's budget (an unknown
   * event, or one without an ack id, included) and must name a client event; a refused packet is
   * answered here and goes no further.
   */
  function admitPacket(socket: GameSocket, [event, ...args]: [string, ...unknown[]], next: (err?: Error) => void): void {
    const started = performance.now();
    const last = args[args.length - 1];
    const ack = typeof last === "function" ? (last as (r: Reply) => void) : undefined;
    const known = KNOWN_EVENTS.has(event);
    for (const guard of guards) {
      const refusal = guard(socket, event, args);
      if (refusal) return refuse(known ? (event as ClientEventName) : "unknown", started, ack, refusal);
    }
    if (!known) return refuse("unknown", started, ack, { ok: false, code: "bad_request", message: `unknown event "${String(event).slice(0, 40)}"` });
    next();
  }

  // One listener per event, shared by every socket (the socket is `this`): a connection costs no closures of its own.
  const listeners = Object.fromEntries(
    CLIENT_EVENTS.map((event) => [
      event,
      function (this: GameSocket, ...args: unknown[]) {
        answerRequest(this, event, args, handlers[event] as RequestHandler<typeof event>, log, hooks);
      },
    ]),
  ) as { [E in ClientEventName]: (this: GameSocket, ...args: unknown[]) => void };

  /**
   * A change committed between the snapshot's load and this node's subscription to the room
   * taking hold is in neither the snapshot nor any patch this socket will get (with one owner per
   * room most changes are committed on another node): once subscribed, a newer state is sent.
   */
  async function catchUp(socket: GameSocket, roomId: RoomId, version: number): Promise<void> {
    if (!deps.subscribed) return;
    await deps.subscribed();
    const res = await rooms.load(roomId);
    if (res.ok && res.record.state.version > version && isMember(res.record.state, socket.data.playerId)) socket.emit("room:snapshot", snapshotOf(res.record.state, socket.data.playerId));
  }

  async function onConnection(socket: GameSocket): Promise<void> {
    const { playerId, name } = socket.data;
    const self = playerChannel(playerId);
    // The adapter may run these after the join below (the Redis adapter does), so this socket is excluded by id.
    await socket.join(self);
    // Both reach every node through Redis, so a player that did not exist before this handshake is spared them.
    const known = !fresh.has(socket);
    if (known) {
      io.to(self).except(socket.id).emit("session:replaced", { reason: "the same player connected again" });
      io.in(self).except(socket.id).disconnectSockets(true);
    }
    socket.use((packet, next) => admitPacket(socket, packet as [string, ...unknown[]], next));
    for (const event of CLIENT_EVENTS) socket.on(event, listeners[event]);
    const roomId = known ? await rooms.playerRoom(playerId) : null;
    socket.emit("session", { playerId, name, token: tokens.sign({ playerId, name, issuedAt: Date.now() }), nodeId: deps.nodeId, roomId });
    let resumed: number | null = null;
    if (roomId) {
      const res = await rooms.load(roomId);
      if (res.ok && isMember(res.record.state, playerId)) {
        await socket.join(roomChannel(roomId));
        socket.emit("room:snapshot", snapshotOf(res.record.state, playerId));
        socket.to(roomChannel(roomId)).volatile.emit("presence:online", { roomId, playerId, online: true });
        resumed = res.record.state.version;
      }
    }
    socket.on("disconnect", onDisconnect);
    if (roomId && resumed !== null) await catchUp(socket, roomId, resumed);
  }
}
