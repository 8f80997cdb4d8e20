import { randomBytes } from "node:crypto";
import os from "node:os";
import type { Limits } from "@avalon/protocol";

/** Every setting of a node, with its default. The README's configuration table mirrors this list. */
export interface Config {
  /** NODE_ENV=production turns on strict checks (tokens and secret required). */
  production: boolean;
  /** PORT: HTTP and Socket.IO port; 0 picks a free one. */
  port: number;
  /** HOST: address to bind. */
  host: string;
  /** LOG_LEVEL: pino level. */
  logLevel: "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";
  /** CORS_ORIGIN: allowed browser origins, comma separated, or `*`. */
  corsOrigin: string[] | "*";
  /** SECRET: HMAC key for resume tokens; random per process when unset outside production. */
  secret: string;
  /** NODE_ID: name of this node in the cluster; hostname-pid by default. */
  nodeId: string;
  /** PUBLIC_ADDRESS: how operators reach this node (shown in the dashboard). */
  publicAddress: string;
  /** TRANSPORTS: websocket,polling (order is the client's preference). */
  transports: ("websocket" | "polling")[];
  /** PING_INTERVAL_MS / PING_TIMEOUT_MS: Engine.IO heartbeat. */
  pingIntervalMs: number;
  pingTimeoutMs: number;
  /** MAX_HTTP_BUFFER_BYTES: frames above this close the connection (transport limit). */
  maxHttpBufferBytes: number;
  /** Runtime limits' starting values (LIMIT_* variables); operators change them live. */
  limits: Limits;
  /** ADMIN_TOKEN / VIEWER_TOKEN: admin namespace tokens; generated and printed when unset outside production. */
  adminToken: string;
  viewerToken: string;
  adminTokensGenerated: boolean;
  /** DRAIN_WINDOW_MS: disconnects of a drain are spread over this window. */
  drainWindowMs: number;
  /** SHUTDOWN_GRACE_MS: longest wait for in-flight actions at shutdown. */
  shutdownGraceMs: number;
  /** DASHBOARD_DIR: built dashboard files served at /dashboard. */
  dashboardDir: string | null;
  /** LOADTEST_RESULTS_DIR: load-test result JSON files shown in the dashboard. */
  loadtestResultsDir: string | null;
  /** GRAFANA_URL: Grafana base URL the dashboard embeds panels from. */
  grafanaUrl: string | null;
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`);
  }
}

type Env = Record<string, string | undefined>;

function int(env: Env, name: string, def: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return def;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new ConfigError(name, `expected an integer from ${min} to ${max}, got "${raw}"`);
  }
  return n;
}

function num(env: Env, name: string, def: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return def;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < min || n > max) {
    throw new ConfigError(name, `expected a number from ${min} to ${max}, got "${raw}"`);
  }
  return n;
}

function oneOf<T extends string>(env: Env, name: string, def: T, allowed: readonly T[]): T {
  const raw = env[name];
  if (raw === undefined || raw === "") return def;
  if (!(allowed as readonly string[]).includes(raw)) {
    throw new ConfigError(name, `expected one of ${allowed.join(", ")}, got "${raw}"`);
  }
  return raw as T;
}

function optional(env: Env, name: string): string | null {
  const raw = env[name];
  return raw === undefined || raw === "" ? null : raw;
}

export const DEFAULT_LIMITS: Limits = {
  connectionsPerIpPerMinute: 600,
  eventsPerSecond: 20,
  eventBurst: 40,
  disconnectAfterViolations: 50,
  maxPayloadBytes: 16 * 1024,
  maxConnectionsPerNode: 18_000,
  maxRoomsPerNode: 5_000,
};

export function loadConfig(env: Env = process.env): Config {
  const production = env.NODE_ENV === "production";
  const port = int(env, "PORT", 3000, 0, 65535);
  const host = env.HOST || "0.0.0.0";
  const secret = env.SECRET ?? "";
  if (production && secret.length < 16) throw new ConfigError("SECRET", "required in production, at least 16 characters");
  if (!production && secret !== "" && secret.length < 16) throw new ConfigError("SECRET", "at least 16 characters");
  const corsRaw = env.CORS_ORIGIN ?? "*";
  const transportsRaw = (env.TRANSPORTS ?? "websocket,polling").split(",").map((s) => s.trim());
  for (const t of transportsRaw) {
    if (t !== "websocket" && t !== "polling") throw new ConfigError("TRANSPORTS", `unknown transport "${t}"`);
  }
  const adminToken = env.ADMIN_TOKEN ?? "";
  const viewerToken = env.VIEWER_TOKEN ?? "";
  if (production && (adminToken.length < 16 || viewerToken.length < 16)) {
    throw new ConfigError(adminToken.length < 16 ? "ADMIN_TOKEN" : "VIEWER_TOKEN", "required in production, at least 16 characters");
  }
  if (adminToken && adminToken === viewerToken) throw new ConfigError("VIEWER_TOKEN", "must differ from ADMIN_TOKEN");
  const limits: Limits = {
    connectionsPerIpPerMinute: int(env, "LIMIT_CONNECTIONS_PER_IP_PER_MINUTE", DEFAULT_LIMITS.connectionsPerIpPerMinute, 1, 1_000_000),
    eventsPerSecond: num(env, "LIMIT_EVENTS_PER_SECOND", DEFAULT_LIMITS.eventsPerSecond, 0.1, 10_000),
    eventBurst: int(env, "LIMIT_EVENT_BURST", DEFAULT_LIMITS.eventBurst, 1, 100_000),
    disconnectAfterViolations: int(env, "LIMIT_DISCONNECT_AFTER_VIOLATIONS", DEFAULT_LIMITS.disconnectAfterViolations, 1, 100_000),
    maxPayloadBytes: int(env, "LIMIT_MAX_PAYLOAD_BYTES", DEFAULT_LIMITS.maxPayloadBytes, 256, 10_000_000),
    maxConnectionsPerNode: int(env, "LIMIT_MAX_CONNECTIONS", DEFAULT_LIMITS.maxConnectionsPerNode, 1, 19_000),
    maxRoomsPerNode: int(env, "LIMIT_MAX_ROOMS", DEFAULT_LIMITS.maxRoomsPerNode, 1, 1_000_000),
  };
  const maxHttpBufferBytes = int(env, "MAX_HTTP_BUFFER_BYTES", 64 * 1024, 1024, 100_000_000);
  const nodeId = env.NODE_ID || `${os.hostname()}-${process.pid}`;
  return {
    production,
    port,
    host,
    logLevel: oneOf(env, "LOG_LEVEL", "info", ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const),
    corsOrigin: corsRaw === "*" ? "*" : corsRaw.split(",").map((s) => s.trim()),
    secret: secret || randomBytes(32).toString("hex"),
    nodeId,
    publicAddress: env.PUBLIC_ADDRESS || `${host === "0.0.0.0" ? "127.0.0.1" : host}:${port}`,
    transports: transportsRaw as Config["transports"],
    pingIntervalMs: int(env, "PING_INTERVAL_MS", 25_000, 1_000, 600_000),
    pingTimeoutMs: int(env, "PING_TIMEOUT_MS", 20_000, 1_000, 600_000),
    maxHttpBufferBytes,
    limits,
    adminToken: adminToken || randomBytes(18).toString("base64url"),
    viewerToken: viewerToken || randomBytes(18).toString("base64url"),
    adminTokensGenerated: !adminToken || !viewerToken,
    drainWindowMs: int(env, "DRAIN_WINDOW_MS", 10_000, 0, 600_000),
    shutdownGraceMs: int(env, "SHUTDOWN_GRACE_MS", 10_000, 0, 600_000),
    dashboardDir: optional(env, "DASHBOARD_DIR"),
    loadtestResultsDir: optional(env, "LOADTEST_RESULTS_DIR"),
    grafanaUrl: optional(env, "GRAFANA_URL"),
  };
}
