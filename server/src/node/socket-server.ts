import type { Server as HttpServer } from "node:http";
import { Server } from "socket.io";
import msgpackParser from "socket.io-msgpack-parser";
import { busyBody } from "@avalon/protocol";
import type { Config } from "../config.js";
import type { Logger } from "../logger.js";
import type { Metrics } from "../metrics/metrics.js";
import type { Traffic } from "../metrics/traffic.js";
import { instrumentTraffic } from "../metrics/traffic-hooks.js";
import { cameThroughBalancer, clientIp } from "../ops/client-ip.js";
import { ConnectionGate } from "../ops/connection-gate.js";
import { HandshakeAdmission } from "../ops/handshake-admission.js";
import type { LimitsState } from "../ops/limits-state.js";
import type { Readiness } from "../ops/readiness.js";
import { SendBufferGuard } from "../ops/send-buffer-guard.js";
import { originAllowed } from "../ops/upgrade-origin.js";
import { refuseHandshake } from "../patches/handshake-refusal.js";
import { releaseRequests } from "../patches/request-release.js";
import { bufferedBytes, cutOff, engineConnections } from "../patches/send-buffer.js";
import { deflateOptions } from "../transport/compression.js";
import { adminNamespace, type AdminNamespace, type GameNamespace, type GameServer } from "../transport/types.js";
import type { RedisClients } from "./redis-clients.js";

export interface SocketPart {
  readonly io: GameServer;
  readonly game: GameNamespace;
  readonly admin: AdminNamespace;
  readonly gate: ConnectionGate;
  /** A socket's client address (behind the balancer, the one it wrote). */
  readonly addressOf: ReturnType<typeof releaseRequests>;
  connectionsByTransport(): Record<string, number>;
  /** Handshake admission: handshakes so far by outcome, the rate in force and the handshakes waiting. */
  handshakes(): { counts: HandshakeAdmission["counts"]; rate: number; queued: number };
  start(): Promise<void>;
  /** Closes Socket.IO, its adapter and the HTTP server with it. */
  stop(): Promise<void>;
}

export interface SocketPartDeps {
  http: HttpServer;
  readiness: Readiness;
  limits: LimitsState;
  metrics: Metrics;
  traffic: Traffic;
  redis: RedisClients | null;
  log: Logger;
}

/** Socket.IO on the HTTP server, with the admission of handshakes and the guard on send buffers. */
export function createSocketServer(config: Config, deps: SocketPartDeps): SocketPart {
  const { readiness, metrics, traffic, log } = deps;
  const admission = new HandshakeAdmission(config.handshakes);
  const io: GameServer = new Server({
    transports: config.transports,
    pingInterval: config.pingIntervalMs,
    pingTimeout: config.pingTimeoutMs,
    maxHttpBufferSize: config.maxHttpBufferBytes,
    cors: { origin: config.corsOrigin },
    serveClient: false,
    ...(config.wireParser === "msgpack" ? { parser: msgpackParser } : {}),
    perMessageDeflate: config.perMessageDeflate ? deflateOptions(config.deflateThresholdBytes) : false,
    connectTimeout: config.connectTimeoutMs,
  });
  const game = io.of("/");
  const refused = (code: string) => {
    traffic.rejected++;
    traffic.refuse(code);
    if (code === "rate_limited") metrics.ipRateLimited.inc();
    metrics.connectionRejected(code);
  };
  const gate = new ConnectionGate({
    limits: deps.limits,
    connections: () => game.sockets.size,
    transports: () => io.engine.clientsCount,
    draining: () => readiness.draining,
    redis: deps.redis?.cmd ?? null,
    prefix: config.redisPrefix,
  });
  // Attached once the gate exists, since the handshake check asks it.
  io.attach(deps.http, {
    // Past the hard cap or the address's rate a handshake is dropped before Engine.IO allocates
    // anything for it; the refusal's code is the body of the HTTP error.
    allowRequest: (req, cb) => {
      if (!originAllowed(req, config.corsOrigin)) {
        refused("origin_not_allowed");
        return refuseHandshake(req, { status: 403, code: "origin_not_allowed", message: "this page's origin may not connect (CORS_ORIGIN)" }, cb);
      }
      if (readiness.draining && cameThroughBalancer(req, config.trustProxy)) {
        refused("draining");
        return refuseHandshake(req, { status: 503, code: "draining", message: "this node is draining; connect to another node" }, cb);
      }
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
  const sendGuard = new SendBufferGuard({
    connections: engineConnections(io.engine),
    bufferedBytes,
    cutOff,
    limitBytes: config.sendBufferLimitBytes,
    onCut: (conn, bytes) => {
      metrics.connectionRejected("slow_reader");
      log.warn({ sid: conn.id, bytes }, "cut off a client that stopped reading");
    },
  });
  instrumentTraffic(io, metrics, traffic);
  const addressOf = releaseRequests(io, config.trustProxy);
  return {
    io,
    game,
    admin: adminNamespace(io),
    gate,
    addressOf,
    connectionsByTransport: () => {
      const out: Record<string, number> = { websocket: 0, polling: 0 };
      for (const s of game.sockets.values()) out[s.conn.transport.name] = (out[s.conn.transport.name] ?? 0) + 1;
      return out;
    },
    handshakes: () => ({ counts: admission.counts, rate: admission.rate, queued: admission.queued }),
    async start() {
      sendGuard.start();
      admission.start();
    },
    stop() {
      sendGuard.stop();
      admission.stop();
      return new Promise<void>((r) => io.close(() => r()));
    },
  };
}
