import { createServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Server } from "socket.io";
import type { Config } from "./config.js";
import { createLogger, type Logger } from "./logger.js";
import { createHttpApp } from "./http/app.js";
import type { GameStore } from "./store/game-store.js";
import { MemoryStore } from "./store/memory-store.js";
import { RoomService } from "./rooms/room-service.js";
import { TokenSigner } from "./session/tokens.js";
import { Fanout } from "./transport/fanout.js";
import { attachGameNamespace } from "./transport/game-namespace.js";
import type { GameServer } from "./transport/types.js";

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
  readonly log: Logger;
  /** Resolves with the bound port. */
  start(): Promise<number>;
  isReady(): boolean;
  /** The one shutdown path: idempotent, resolves when everything is closed. */
  stop(): Promise<void>;
}

/** Builds a node from injected parts; nothing here is a module-level singleton, so one process can run several. */
export function createNode(config: Config, parts: NodeParts = {}): AvalonNode {
  const log = parts.logger ?? createLogger(config);
  const store = parts.store ?? new MemoryStore();
  let ready = false;
  let stopping: Promise<void> | null = null;

  const app = createHttpApp({ ready: () => ready });
  const http = createServer(app);
  const io: GameServer = new Server(http, {
    transports: config.transports,
    pingInterval: config.pingIntervalMs,
    pingTimeout: config.pingTimeoutMs,
    maxHttpBufferSize: config.maxHttpBufferBytes,
    cors: { origin: config.corsOrigin },
    serveClient: false,
  });
  const fanout = new Fanout(io);
  const rooms = new RoomService({ store, listener: fanout, log, maxRooms: () => config.limits.maxRoomsPerNode });
  const tokens = new TokenSigner(config.secret);
  attachGameNamespace({ io, rooms, tokens, nodeId: config.nodeId, log, acceptingRooms: () => ready });

  return {
    config,
    io,
    http,
    rooms,
    store,
    log,
    isReady: () => ready,
    async start() {
      await new Promise<void>((resolve, reject) => {
        http.once("error", reject);
        http.listen(config.port, config.host, () => resolve());
      });
      const port = (http.address() as AddressInfo).port;
      ready = true;
      log.info({ port, nodeId: config.nodeId, store: store.kind }, "node ready");
      return port;
    },
    stop() {
      stopping ??= (async () => {
        ready = false;
        io.emit("server:shutdown", { reason: "shutdown", nodeId: config.nodeId, reconnectAfterMs: 0 });
        await rooms.idle();
        await new Promise<void>((resolve) => io.close(() => resolve()));
        await store.close();
        log.info("node stopped");
      })();
      return stopping;
    },
  };
}
