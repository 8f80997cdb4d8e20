import type { Config } from "../config.js";
import type { Logger } from "../logger.js";
import type { Metrics } from "../metrics/metrics.js";
import { AdminTokens } from "../admin/admin-auth.js";
import { attachAdminNamespace, type AdminDeps } from "../admin/admin-namespace.js";
import { limitAdminSocket } from "../admin/admin-rate-limit.js";
import { mountAdminUi } from "../admin/admin-ui.js";
import { AuthLockout } from "../admin/auth-lockout.js";
import { NodeHistoryBuffer } from "../admin/history.js";
import { loadtestResultsDir } from "../http/static.js";
import type { LimitsState } from "../ops/limits-state.js";
import type { RoomService } from "../rooms/room-service.js";
import type { GameStore } from "../store/game-store.js";
import type { GameServer } from "../transport/types.js";
import type { RoomDirectory } from "./room-directory.js";
import type { SocketPart } from "./socket-server.js";

export interface AdminPart {
  /** This node's own recent figures, one row per heartbeat. */
  readonly history: NodeHistoryBuffer;
  /** Closes the admin UI (when mounted). */
  stop(): Promise<void>;
}

export interface AdminPartDeps {
  io: GameServer;
  sockets: Pick<SocketPart, "admin" | "game" | "addressOf">;
  cluster: AdminDeps["cluster"];
  limits: LimitsState;
  rooms: RoomService;
  store: GameStore;
  directory: RoomDirectory;
  clustered: boolean;
  metrics: Metrics;
  log: Logger;
}

/** The operators' entrances: the `/admin` namespace and, in production when configured, the Socket.IO admin UI. */
export function createAdminPart(config: Config, deps: AdminPartDeps): AdminPart {
  const { sockets, metrics: m } = deps;
  const rate = { eventsPerSecond: config.adminEventsPerSecond, burst: config.adminEventBurst, onLimited: () => m.adminRateLimited.inc() };
  sockets.admin.on("connection", (socket) => limitAdminSocket(socket, rate));
  const lockout = new AuthLockout();
  const history = NodeHistoryBuffer.covering(config.historyWindowMs, config.heartbeatMs);
  attachAdminNamespace({
    nsp: sockets.admin,
    tokens: new AdminTokens(config.adminToken, config.viewerToken, config.adminIdentities),
    cluster: deps.cluster,
    limits: deps.limits,
    rooms: deps.rooms,
    store: deps.store,
    nodeId: config.nodeId,
    game: sockets.game,
    localRooms: deps.directory.localRooms,
    gather: deps.directory.gather,
    log: deps.log,
    grafanaUrl: config.grafanaUrl,
    history,
    periodMs: config.heartbeatMs,
    clustered: deps.clustered,
    prometheusUrl: config.prometheusUrl,
    loadtestResultsDir: loadtestResultsDir(config),
    clientAddress: sockets.addressOf,
    lockout,
    onAuthFailure: () => m.adminAuthFailures.inc(),
    onCommand: (command, ok) => m.adminCommand(command, ok),
  });
  const adminUi =
    config.production && config.adminUi
      ? mountAdminUi(deps.io, { auth: config.adminUi, lockout, addressOf: sockets.addressOf, rate, onAuthFailure: () => m.adminAuthFailures.inc() })
      : null;
  return {
    history,
    async stop() {
      await adminUi?.close();
    },
  };
}
