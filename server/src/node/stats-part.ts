import type { Config } from "../config.js";
import type { Logger } from "../logger.js";
import type { NodeRegistry } from "../cluster/cluster-services.js";
import type { Metrics } from "../metrics/metrics.js";
import type { Traffic } from "../metrics/traffic.js";
import type { NodeHistoryBuffer } from "../admin/history.js";
import { NodeStats } from "../admin/node-stats.js";
import { Ticker } from "../admin/ticker.js";
import type { LimitsState } from "../ops/limits-state.js";
import type { Readiness } from "../ops/readiness.js";
import { countChannels } from "../transport/channel-counts.js";
import type { OwnRooms } from "../rooms/own-rooms.js";
import type { SocketPart } from "./socket-server.js";

export interface StatsPart {
  /** Rooms this node lists, by phase, as of the last heartbeat. */
  roomsByPhase(): Record<string, number>;
  /** Starts the heartbeat. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

export interface StatsPartDeps {
  sockets: Pick<SocketPart, "game" | "admin" | "handshakes">;
  registry: Pick<NodeRegistry, "heartbeat" | "listNodes">;
  ownRooms: OwnRooms;
  history: NodeHistoryBuffer;
  limits: LimitsState;
  readiness: Readiness;
  clustered: boolean;
  /** The port the node listens on, once it does. */
  port: () => number | null;
  metrics: Metrics;
  traffic: Traffic;
  log: Logger;
}

/** This node's heartbeat: its figures sampled once a period, written to the registry and streamed to admin subscribers. */
export function createStatsPart(config: Config, deps: StatsPartDeps): StatsPart {
  const { sockets, readiness, limits } = deps;
  const { game } = sockets;
  let phases: Record<string, number> = {};
  const channels = countChannels(game);
  const address = () => {
    const port = deps.port();
    return port !== null && config.publicAddress.endsWith(":0") ? config.publicAddress.replace(/:0$/, `:${port}`) : config.publicAddress;
  };
  const stats = new NodeStats({
    nodeId: config.nodeId,
    address,
    appVersion: config.appVersion,
    startedAt: Date.now(),
    traffic: deps.traffic,
    connections: () => game.sockets.size,
    players: channels.players,
    rooms: channels.rooms,
    roomsByPhase: () => phases,
    draining: () => readiness.draining,
    ready: () => readiness.isReady(),
    limits: () => limits.get(),
    handshakes: sockets.handshakes,
    nodeCap: () => limits.nodeOverride(),
  });
  const ticker = new Ticker({
    periodMs: config.heartbeatMs,
    stats,
    cluster: deps.registry,
    clustered: deps.clustered,
    adminNsp: sockets.admin,
    ownRooms: deps.ownRooms,
    onPhases: (p) => {
      phases = p;
    },
    history: deps.history,
    log: deps.log,
    onHeartbeat: () => deps.metrics.heartbeats.inc(),
  });
  return {
    roomsByPhase: () => phases,
    async start() {
      ticker.start();
    },
    async stop() {
      ticker.stop();
      stats.stop();
    },
  };
}
