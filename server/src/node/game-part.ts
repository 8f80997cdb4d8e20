import type { Config } from "../config.js";
import type { Logger } from "../logger.js";
import type { Metrics } from "../metrics/metrics.js";
import type { Traffic } from "../metrics/traffic.js";
import type { ConnectionGate } from "../ops/connection-gate.js";
import { createEventGuards } from "../ops/event-guard.js";
import type { LimitsState } from "../ops/limits-state.js";
import type { Readiness } from "../ops/readiness.js";
import type { NodeBus } from "../rooms/forwarded-action.js";
import { createLobbyLimits } from "../rooms/lobby-limits.js";
import { RoomEvents } from "../rooms/room-events.js";
import { RoomService } from "../rooms/room-service.js";
import { TokenSigner } from "../session/tokens.js";
import type { GameStore } from "../store/game-store.js";
import { shardedRoomChannel } from "../cluster/adapter.js";
import { adapterCast, shardedCast } from "../transport/commit-cast.js";
import { Fanout } from "../transport/fanout.js";
import { attachGameNamespace } from "../transport/game-namespace.js";
import type { GameServer } from "../transport/types.js";
import type { RedisClients } from "./redis-clients.js";
import type { RoomDirectory } from "./room-directory.js";
import type { SocketPart } from "./socket-server.js";

export interface GamePart {
  readonly rooms: RoomService;
  /** Starts the reaper of abandoned lobbies. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

export interface GamePartDeps {
  io: GameServer;
  store: GameStore;
  /** Carries actions to the node that owns their room. */
  bus: NodeBus;
  directory: RoomDirectory;
  gate: ConnectionGate;
  addressOf: SocketPart["addressOf"];
  limits: LimitsState;
  readiness: Readiness;
  redis: RedisClients | null;
  metrics: Metrics;
  traffic: Traffic;
  log: Logger;
}

/** The rooms and the game namespace that plays them: one queue per room, fanned out to its sockets. */
export function createGamePart(config: Config, deps: GamePartDeps): GamePart {
  const { io, store, directory, readiness, metrics: m, traffic, log, redis } = deps;
  const cast =
    redis && config.redisAdapter === "sharded"
      ? shardedCast({
          io,
          pub: redis.pub,
          sub: redis.sub,
          channelOf: (room) => shardedRoomChannel(config, room),
          nodeId: config.nodeId,
          log,
          onHeard: (roomId, note) => rooms.heard(roomId, note),
        })
      : adapterCast(io);
  const fanout = new Fanout(io, cast, { onBroadcast: (event, _to, ms) => m.fanout(event === "room:patch" ? "public" : "private", ms / 1000) }, config.stateSync);
  const rooms = new RoomService({
    store,
    listener: new RoomEvents({ fanout, ownRooms: directory.ownRooms, metrics: m }),
    log,
    maxRooms: () => deps.limits.get().maxRoomsPerNode,
    onConflict: () => m.stateConflicts.inc(),
    onBatch: (size) => m.commitBatchSize.observe(size),
    nodeId: config.nodeId,
    ownership: {
      bus: deps.bus,
      leaseMs: config.roomLeaseMs,
      acksInCommit: cast.carriesNotes,
      forwardTimeoutMs: config.forwardTimeoutMs,
      draining: () => readiness.draining,
      onForward: (outcome) => m.roomForwards.inc({ outcome }),
      onClaim: (holder) => m.roomClaims.inc({ holder }),
      onTakeover: () => m.roomTakeovers.inc(),
    },
    ...(config.roomSeed !== null ? { nextSeed: ((n) => () => `${config.roomSeed}:${++n}`)(0) } : {}),
  });
  const { quota: lobbyQuota, reaper } = createLobbyLimits({
    rooms,
    store,
    localSockets: directory.localSockets,
    remoteSockets: async (roomIds) => {
      const out: Record<string, number> = {};
      for (const report of await directory.gather.activity(roomIds)) {
        if (report.nodeId === config.nodeId) continue;
        for (const [roomId, a] of Object.entries(report.activity)) out[roomId] = (out[roomId] ?? 0) + a.sockets;
      }
      return out;
    },
    graceMs: config.lobbyGraceMs,
    maxPerAddress: config.maxLobbiesPerAddress,
    log,
    onReaped: () => m.lobbiesReaped.inc(),
  });
  attachGameNamespace({
    io,
    rooms,
    tokens: new TokenSigner(config.secret, config.resumeTokenTtlMs),
    nodeId: config.nodeId,
    log,
    guards: createEventGuards(deps.limits, { onRateLimited: () => m.eventsRateLimited.inc() }),
    maxSpectators: config.maxSpectatorsPerRoom,
    lobbyQuota,
    hooks: {
      onAnswered: (event, ms, reply) => {
        m.answered(event, ms / 1000, reply.ok ? null : reply.code);
        traffic.ackMs.add(ms);
        if (!reply.ok) traffic.refuse(reply.code);
      },
    },
    acceptingRooms: () => !readiness.draining,
    admit: async (socket) => {
      socket.data.ip = deps.addressOf(socket);
      socket.data.nodeId = config.nodeId;
      const verdict = await deps.gate.admit(socket.data.ip, socket.conn);
      if (verdict.ok) return null;
      if (verdict.code === "rate_limited") m.ipRateLimited.inc();
      return verdict;
    },
    onRejected: (code) => {
      traffic.rejected++;
      traffic.refuse(code);
      m.connectionRejected(code);
    },
    onConnected: (socket) => m.connectionAccepted(socket.conn.transport.name),
    // A ping on the subscriber is answered after the subscribe commands sent before it.
    ...(redis ? { subscribed: () => redis.sub.ping().then(() => undefined, () => undefined) } : {}),
  });
  return {
    rooms,
    async start() {
      reaper.start();
    },
    async stop() {
      reaper.stop();
    },
  };
}
