import type { Server as HttpServer } from "node:http";
import type { Config } from "./config.js";
import { createLogger, type Logger } from "./logger.js";
import type { GameStore } from "./store/game-store.js";
import type { RoomService } from "./rooms/room-service.js";
import type { GameServer } from "./transport/types.js";
import { Metrics } from "./metrics/metrics.js";
import { Traffic } from "./metrics/traffic.js";
import type { ClusterServices } from "./cluster/cluster-services.js";
import { LimitsState } from "./ops/limits-state.js";
import { Lifecycle } from "./ops/lifecycle.js";
import { Readiness } from "./ops/readiness.js";
import { assertPatchedLibraries } from "./patches/library-versions.js";
import { createRedisClients } from "./node/redis-clients.js";
import { createStore } from "./node/store-part.js";
import { createClusterPart } from "./node/cluster-part.js";
import { createHttpServer } from "./node/http-server.js";
import { createSocketServer } from "./node/socket-server.js";
import { createClusterAdapter } from "./node/cluster-adapter.js";
import { createRoomDirectory } from "./node/room-directory.js";
import { createGamePart } from "./node/game-part.js";
import { createAdminPart } from "./node/admin-part.js";
import { createStatsPart } from "./node/stats-part.js";
import { shutdownSteps } from "./node/shutdown-steps.js";

export interface NodeParts {
  store?: GameStore;
  logger?: Logger;
}

export interface AvalonNode {
  readonly config: Config;
  readonly io: GameServer;
  readonly http: HttpServer;
  readonly rooms: RoomService;
  readonly store: GameStore;
  readonly cluster: ClusterServices;
  readonly limits: LimitsState;
  readonly lifecycle: Lifecycle;
  readonly metrics: Metrics;
  readonly log: Logger;
  /** Resolves with the bound port once Redis (when configured), adapter and store are up. */
  start(opts?: { listen?: boolean }): Promise<number>;
  isReady(): boolean;
  /** The one shutdown path: idempotent, resolves when everything is closed. */
  stop(): Promise<void>;
}

/**
 * Builds a node from injected parts; nothing here is a module-level singleton, so one process can
 * run several. Each part is built after the parts it uses and started in the same order.
 */
export function createNode(config: Config, parts: NodeParts = {}): AvalonNode {
  assertPatchedLibraries();
  const log = parts.logger ?? createLogger(config);
  const metrics = new Metrics({ node: config.nodeId });
  const traffic = new Traffic();
  const redis = createRedisClients(config, log, metrics);
  const clustered = redis.clients !== null;
  const readiness = new Readiness(redis.ready);
  const store = parts.store ?? createStore(config, redis.clients);
  const clusterPart = createClusterPart(config, redis.clients, log);
  const { cluster } = clusterPart;
  const limits = new LimitsState(config.limits, config.nodeId, cluster, log);
  const web = createHttpServer(config, { readiness, metrics, limits });
  const sockets = createSocketServer(config, { http: web.http, readiness, limits, metrics, traffic, redis: redis.clients, log });
  const { io } = sockets;
  const adapter = createClusterAdapter(config, { io, redis: redis.clients, store, metrics, log });
  const directory = createRoomDirectory(config, { game: sockets.game, admin: sockets.admin, claims: cluster, clustered, metrics, traffic, log });
  const game = createGamePart(config, { io, store, bus: cluster, directory, gate: sockets.gate, addressOf: sockets.addressOf, limits, readiness, redis: redis.clients, metrics, traffic, log });
  const { rooms } = game;
  const admin = createAdminPart(config, { io, sockets, cluster, limits, rooms, store, directory, clustered, metrics, log });
  const stats = createStatsPart(config, { sockets, registry: cluster, ownRooms: directory.ownRooms, history: admin.history, limits, readiness, clustered, port: web.port, metrics, traffic, log });
  const lifecycle = new Lifecycle({
    io,
    nodeId: config.nodeId,
    log,
    windowMs: () => config.drainWindowMs,
    idle: () => rooms.idle(),
    onDrain: () => void rooms.releaseRooms().catch((err: Error) => log.warn({ err: err.message }, "could not release room leases")),
    graceMs: config.shutdownGraceMs,
    readiness,
    closers: shutdownSteps(config, { stats, game, admin, cluster, rooms, sockets, store, clusterPart, redis }),
  });
  metrics.watch({
    connectionsByTransport: sockets.connectionsByTransport,
    roomsByPhase: stats.roomsByPhase,
    draining: () => readiness.draining,
    limits: () => limits.get(),
    admission: sockets.handshakes,
    redisWire: redis.wireTotals,
  });
  cluster.onCommand((cmd) => {
    if (cmd.type === "drain" && cmd.nodeId === config.nodeId) void lifecycle.drain("drain");
    if (cmd.type === "cancel_drain" && cmd.nodeId === config.nodeId) lifecycle.cancelDrain();
  });

  return {
    config,
    io,
    http: web.http,
    rooms,
    store,
    cluster,
    limits,
    lifecycle,
    metrics,
    log,
    isReady: () => lifecycle.isReady(),
    async start(opts = {}) {
      await redis.start();
      await adapter.start();
      await clusterPart.start();
      await limits.start();
      const port = await web.start(opts.listen !== false);
      await stats.start();
      await game.start();
      await sockets.start();
      lifecycle.markReady();
      log.info({ port, nodeId: config.nodeId, store: store.kind, adapter: clustered ? config.redisAdapter : "memory" }, "node ready");
      return port;
    },
    stop: () => lifecycle.shutdown(),
  };
}
