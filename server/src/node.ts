import { createServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Server } from "socket.io";
import { busyBody, type Limits, type RedisState } from "@avalon/protocol";
import type { Config } from "./config.js";
import { createLogger, type Logger } from "./logger.js";
import { createHttpApp } from "./http/app.js";
import { loadtestResultsDir, mountStatic } from "./http/static.js";
import type { GameStore } from "./store/game-store.js";
import { MemoryStore } from "./store/memory-store.js";
import { RedisStore } from "./store/redis-store.js";
import type { RedisClient } from "./cluster/redis-connection.js";
import { RoomService } from "./rooms/room-service.js";
import { TokenSigner } from "./session/tokens.js";
import { Fanout } from "./transport/fanout.js";
import { channelRoom, roomChannel } from "./transport/channels.js";
import { attachGameNamespace } from "./transport/game-namespace.js";
import type { AdminNamespace, GameServer } from "./transport/types.js";
import { Metrics } from "./metrics/metrics.js";
import { instrumentTraffic } from "./metrics/traffic-hooks.js";
import type { ClusterServices } from "./cluster/cluster-services.js";
import { LocalCluster } from "./cluster/local-cluster.js";
import { RedisCluster } from "./cluster/redis-cluster.js";
import { createRedisClient, type RedisRole } from "./cluster/redis-connection.js";
import { RedisWire } from "./cluster/redis-wire.js";
import { attachRedisAdapter } from "./cluster/adapter.js";
import { resnapshotLocalRooms } from "./transport/resnapshot.js";
import { LimitsState } from "./ops/limits-state.js";
import { ConnectionGate, hardCap } from "./ops/connection-gate.js";
import { HandshakeAdmission } from "./ops/handshake-admission.js";
import { cameThroughBalancer, clientIp } from "./ops/client-ip.js";
import { originAllowed } from "./ops/upgrade-origin.js";
import { refuseHandshake } from "./patches/handshake-refusal.js";
import { SendBufferGuard } from "./ops/send-buffer-guard.js";
import { assertPatchedLibraries } from "./patches/library-versions.js";
import { releaseRequests } from "./patches/request-release.js";
import { bufferedBytes, cutOff, engineConnections } from "./patches/send-buffer.js";
import { createEventGuards } from "./ops/event-guard.js";
import { Lifecycle } from "./ops/lifecycle.js";
import { Traffic } from "./metrics/traffic.js";
import { NodeStats } from "./admin/node-stats.js";
import { AdminTokens } from "./admin/admin-auth.js";
import { attachAdminNamespace } from "./admin/admin-namespace.js";
import { Ticker } from "./admin/ticker.js";
import { NodeHistoryBuffer } from "./admin/history.js";
import { RoomEvents } from "./rooms/room-events.js";
import { OwnRooms } from "./rooms/own-rooms.js";
import { roomGather, type LocalRooms } from "./admin/room-gather.js";
import { mountAdminUi } from "./admin/admin-ui.js";
import { AuthLockout } from "./admin/auth-lockout.js";
import { limitAdminSocket } from "./admin/admin-rate-limit.js";
import { createLobbyLimits } from "./rooms/lobby-limits.js";
import { deflateOptions } from "./transport/compression.js";
import msgpackParser from "socket.io-msgpack-parser";

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

/** Builds a node from injected parts; nothing here is a module-level singleton, so one process can run several. */
export function createNode(config: Config, parts: NodeParts = {}): AvalonNode {
  assertPatchedLibraries();
  const log = parts.logger ?? createLogger(config);
  const redisMode = config.redis.url !== null || config.redis.clusterNodes.length > 0;
  let metrics: Metrics | null = null;
  const observe = (cmd: string, ms: number, failed: boolean) => metrics?.redisCommand(cmd, ms, failed);
  // ctl carries the control plane (heartbeats, room claims, settings) apart from the game's cmd, so each one's traffic is measured alone.
  const redis: Record<RedisRole, RedisClient> | null = redisMode
    ? {
        cmd: createRedisClient(config.redis, "cmd", log, observe),
        ctl: createRedisClient(config.redis, "ctl", log, observe),
        pub: createRedisClient(config.redis, "pub", log),
        sub: createRedisClient(config.redis, "sub", log),
        bus: createRedisClient(config.redis, "bus", log),
      }
    : null;
  const store = parts.store ?? (redis ? new RedisStore(redis.cmd, { prefix: config.redisPrefix, roomTtlMs: config.roomTtlMs, commitWindowMs: config.redis.commandTimeoutMs, ...(config.redis.commitReplicas ? { replicaWait: config.redis.commitReplicas } : {}) }) : new MemoryStore({ roomTtlMs: config.roomTtlMs }));
  const wires = redis ? Object.entries(redis).map(([role, client]) => ({ role, wire: new RedisWire(client) })) : [];
  const cluster: ClusterServices = redis ? new RedisCluster(redis.ctl, redis.bus, config.redisPrefix, log, config.nodeId) : new LocalCluster();
  const limits = new LimitsState(config.limits, config.nodeId, cluster, log);
  const traffic = new Traffic();
  const startedAt = Date.now();
  let phases: Record<string, number> = {};
  let lifecycleRef: Lifecycle | null = null;
  let boundPort: number | null = null;

  const app = createHttpApp({
    ready: () => lifecycleRef?.isReady() ?? false,
    routes: (a) => {
      a.get("/metrics", async (_req, res) => {
        if (!metrics) return void res.status(503).end();
        res.set("Content-Type", metrics.registry.contentType).send(await metrics.registry.metrics());
      });
      mountStatic(a, config);
    },
  });
  const http = createServer(app);
  const applyHttpCap = (l: Limits) => {
    http.maxConnections = hardCap(l.maxConnectionsPerNode) + 200;
  };
  applyHttpCap(limits.get());
  limits.onChange(applyHttpCap);

  let gate: ConnectionGate | null = null;
  const admission = new HandshakeAdmission(config.handshakes);
  const io: GameServer = new Server(http, {
    transports: config.transports,
    pingInterval: config.pingIntervalMs,
    pingTimeout: config.pingTimeoutMs,
    maxHttpBufferSize: config.maxHttpBufferBytes,
    cors: { origin: config.corsOrigin },
    serveClient: false,
    ...(config.wireParser === "msgpack" ? { parser: msgpackParser } : {}),
    perMessageDeflate: config.perMessageDeflate ? deflateOptions(config.deflateThresholdBytes) : false,
    connectTimeout: config.connectTimeoutMs,
    // Past the hard cap or the address's rate a handshake is dropped before Engine.IO allocates
    // anything for it; the refusal's code is the body of the HTTP error.
    allowRequest: (req, cb) => {
      if (!originAllowed(req, config.corsOrigin)) {
        refused("origin_not_allowed");
        return refuseHandshake(req, { status: 403, code: "origin_not_allowed", message: "this page's origin may not connect (CORS_ORIGIN)" }, cb);
      }
      if (lifecycleRef?.draining && cameThroughBalancer(req, config.trustProxy)) {
        refused("draining");
        return refuseHandshake(req, { status: 503, code: "draining", message: "this node is draining; connect to another node" }, cb);
      }
      if (!gate) return cb(null, true);
      void gate.allowHandshake(clientIp(req, config.trustProxy)).then(async (verdict) => {
        if (!verdict.ok) {
          refused(verdict.code);
          return cb(verdict.code, false);
        }
        const turn = await admission.request();
        if (turn.ok) return cb(null, true);
        refused(turn.code);
        cb(busyBody(turn.retryAfterMs), false);
      });
    },
  });
  const refused = (code: string) => {
    traffic.rejected++;
    traffic.refuse(code);
    if (code === "rate_limited") metrics?.ipRateLimited.inc();
    metrics?.connectionRejected(code);
  };
  const game = io.of("/");
  const connectionsByTransport = () => {
    const out: Record<string, number> = { websocket: 0, polling: 0 };
    for (const s of game.sockets.values()) out[s.conn.transport.name] = (out[s.conn.transport.name] ?? 0) + 1;
    return out;
  };
  const lifecycle: Lifecycle = new Lifecycle({
    io,
    nodeId: config.nodeId,
    log,
    windowMs: () => config.drainWindowMs,
    idle: () => rooms.idle(),
    onDrain: () => void rooms.releaseRooms().catch((err: Error) => log.warn({ err: err.message }, "could not release room leases")),
    graceMs: config.shutdownGraceMs,
    dependenciesReady: () => !redis || Object.values(redis).every((c) => c.status === "ready"),
    closers: [
      {
        name: "stop_ticker",
        close: async () => {
          ticker.stop();
          reaper.stop();
          await adminUi?.close();
        },
      },
      { name: "leave_registry", close: () => cluster.removeNode(config.nodeId) },
      {
        name: "leave_node_channel",
        close: async () => {
          await cluster.leaveNodeChannel();
          // Actions forwarded here before that still reach the room through this server.
          await Promise.race([rooms.idle(), new Promise((r) => setTimeout(r, config.shutdownGraceMs).unref())]);
        },
      },
      {
        name: "close_server",
        close: () => {
          sendGuard.stop();
          admission.stop();
          return new Promise<void>((r) => io.close(() => r()));
        },
      },
      { name: "close_store", close: () => store.close() },
      { name: "close_cluster", close: () => cluster.close() },
      { name: "close_redis", close: async () => void (redis && (await Promise.all(Object.values(redis).map((c) => c.quit().catch(() => c.disconnect()))))) },
      { name: "flush_metrics", close: async () => metrics?.registry.clear() },
    ],
  });
  lifecycleRef = lifecycle;
  metrics = new Metrics(
    {
      connectionsByTransport,
      roomsByPhase: () => phases,
      draining: () => lifecycle.draining,
      limits: () => limits.get(),
      admission: () => ({ counts: admission.counts, rate: admission.rate, queued: admission.queued }),
      redisWire: () => Object.fromEntries(wires.map((w) => [w.role, w.wire.totals()])),
    },
    { node: config.nodeId },
  );
  const m = metrics;
  gate = new ConnectionGate({
    limits,
    connections: () => game.sockets.size,
    transports: () => io.engine.clientsCount,
    draining: () => lifecycle.draining,
    redis: redis?.cmd ?? null,
    prefix: config.redisPrefix,
  });
  const sendGuard = new SendBufferGuard({
    connections: engineConnections(io.engine),
    bufferedBytes,
    cutOff,
    limitBytes: config.sendBufferLimitBytes,
    onCut: (conn, bytes) => {
      m.connectionRejected("slow_reader");
      log.warn({ sid: conn.id, bytes }, "cut off a client that stopped reading");
    },
  });
  instrumentTraffic(io, m, traffic);
  const addressOf = releaseRequests(io, config.trustProxy);

  const fanout = new Fanout(
    io,
    {
    onBroadcast: (event, _to, ms) => m.fanout(event === "room:patch" ? "public" : "private", ms / 1000),
    },
    config.stateSync,
  );
  const localSockets = (roomId: string) => game.adapter.rooms.get(roomChannel(roomId))?.size ?? 0;
  const ownRooms = new OwnRooms({ nodeId: config.nodeId, cluster, claimTtlMs: config.roomIndexTtlMs, roomTtlMs: config.roomTtlMs, localSockets, log, onClaimed: (n) => m.roomClaimsWritten.inc(n) });
  const roomEvents = new RoomEvents({ fanout, ownRooms, metrics: m });
  const rooms: RoomService = new RoomService({
    store,
    listener: roomEvents,
    log,
    maxRooms: () => limits.get().maxRoomsPerNode,
    onConflict: () => m.stateConflicts.inc(),
    onBatch: (size) => m.commitBatchSize.observe(size),
    nodeId: config.nodeId,
    ownership: {
      bus: cluster,
      leaseMs: config.roomLeaseMs,
      forwardTimeoutMs: config.forwardTimeoutMs,
      draining: () => lifecycle.draining,
      onForward: (outcome) => m.roomForwards.inc({ outcome }),
      onClaim: (holder) => m.roomClaims.inc({ holder }),
      onTakeover: () => m.roomTakeovers.inc(),
    },
    ...(config.roomSeed !== null ? { nextSeed: ((n) => () => `${config.roomSeed}:${++n}`)(0) } : {}),
  });
  const tokens = new TokenSigner(config.secret, config.resumeTokenTtlMs);
  const { quota: lobbyQuota, reaper } = createLobbyLimits({
    rooms,
    store,
    localSockets,
    remoteSockets: async (roomIds) => {
      const out: Record<string, number> = {};
      for (const report of await gather.activity(roomIds)) {
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
    tokens,
    nodeId: config.nodeId,
    log,
    guards: createEventGuards(limits, { onRateLimited: () => m.eventsRateLimited.inc() }),
    maxSpectators: config.maxSpectatorsPerRoom,
    lobbyQuota,
    hooks: {
      onAnswered: (event, ms, reply) => {
        m.answered(event, ms / 1000, reply.ok ? null : reply.code);
        traffic.ackMs.add(ms);
        if (!reply.ok) traffic.refuse(reply.code);
      },
    },
    acceptingRooms: () => !lifecycle.draining,
    admit: async (socket) => {
      socket.data.ip = addressOf(socket);
      socket.data.nodeId = config.nodeId;
      const verdict = await (gate as ConnectionGate).admit(socket.data.ip, socket.conn);
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

  const adminNsp = io.of("/admin") as unknown as AdminNamespace;
  const adminRate = { eventsPerSecond: config.adminEventsPerSecond, burst: config.adminEventBurst, onLimited: () => m.adminRateLimited.inc() };
  adminNsp.on("connection", (socket) => limitAdminSocket(socket, adminRate));
  const lockout = new AuthLockout();
  const localRooms: LocalRooms = { nodeId: config.nodeId, own: ownRooms, sockets: localSockets, rate: (roomId) => traffic.roomRate(roomId) };
  const gather = roomGather(adminNsp, localRooms, redis !== null);
  const history = NodeHistoryBuffer.covering(config.historyWindowMs, config.heartbeatMs);
  attachAdminNamespace({
    nsp: adminNsp,
    tokens: new AdminTokens(config.adminToken, config.viewerToken, config.adminIdentities),
    cluster,
    limits,
    rooms,
    store,
    nodeId: config.nodeId,
    game,
    localRooms,
    gather,
    log,
    grafanaUrl: config.grafanaUrl,
    history,
    periodMs: config.heartbeatMs,
    clustered: redis !== null,
    prometheusUrl: config.prometheusUrl,
    loadtestResultsDir: loadtestResultsDir(config),
    clientAddress: addressOf,
    lockout,
    onAuthFailure: () => m.adminAuthFailures.inc(),
    onCommand: (command, ok) => m.adminCommand(command, ok),
  });
  const adminUi =
    config.production && config.adminUi
      ? mountAdminUi(io, { auth: config.adminUi, lockout, addressOf, rate: adminRate, onAuthFailure: () => m.adminAuthFailures.inc() })
      : null;

  const stats: NodeStats = new NodeStats({
    nodeId: config.nodeId,
    address: () => (boundPort !== null && config.publicAddress.endsWith(":0") ? config.publicAddress.replace(/:0$/, `:${boundPort}`) : config.publicAddress),
    appVersion: config.appVersion,
    startedAt,
    traffic,
    connections: () => game.sockets.size,
    players: () => new Set([...game.sockets.values()].map((s) => s.data.playerId)).size,
    rooms: () => [...game.adapter.rooms.keys()].filter((k) => channelRoom(k) !== null).length,
    roomsByPhase: () => phases,
    draining: () => lifecycle.draining,
    ready: () => lifecycle.isReady(),
    redis: (): RedisState => (!redis ? "none" : ticker.clusterWritesOk ? "ok" : "failing"),
    limits: () => limits.get(),
    handshakes: () => ({ counts: admission.counts, rate: admission.rate, queued: admission.queued }),
    nodeCap: () => limits.nodeOverride(),
  });
  const ticker: Ticker = new Ticker({
    periodMs: config.heartbeatMs,
    stats,
    cluster,
    adminNsp,
    ownRooms,
    onPhases: (p) => {
      phases = p;
    },
    history,
    log,
    onHeartbeat: () => m.heartbeats.inc(),
  });

  cluster.onCommand((cmd) => {
    if (cmd.type === "drain" && cmd.nodeId === config.nodeId) void lifecycle.drain("drain");
    if (cmd.type === "cancel_drain" && cmd.nodeId === config.nodeId) lifecycle.cancelDrain();
  });

  return {
    config,
    io,
    http,
    rooms,
    store,
    cluster,
    limits,
    lifecycle,
    metrics: m,
    log,
    isReady: () => lifecycle.isReady(),
    async start(opts = {}) {
      if (redis) {
        await Promise.all(Object.values(redis).map((c) => c.connect()));
        attachRedisAdapter(io, redis.pub, redis.sub, config, m);
        let subscriberDown = false;
        redis.sub.on("close", () => {
          subscriberDown = true;
        });
        redis.sub.on("ready", () => {
          if (!subscriberDown) return;
          subscriberDown = false;
          // The ping is answered after the resubscriptions sent on reconnect: no patch falls between.
          void redis.sub
            .ping()
            .catch(() => undefined)
            .then(() => resnapshotLocalRooms({ io, load: (roomId) => store.load(roomId).then((r) => r?.state ?? null), log }));
        });
        await (cluster as RedisCluster).start();
      }
      await limits.start();
      let port = config.port;
      if (opts.listen !== false) {
        await new Promise<void>((resolve, reject) => {
          http.once("error", reject);
          http.listen(config.port, config.host, () => resolve());
        });
        port = (http.address() as AddressInfo).port;
      }
      boundPort = port;
      ticker.start();
      reaper.start();
      sendGuard.start();
      admission.start();
      lifecycle.markReady();
      log.info({ port, nodeId: config.nodeId, store: store.kind, adapter: redis ? config.redisAdapter : "memory" }, "node ready");
      return port;
    },
    stop: () => lifecycle.shutdown(),
  };
}
