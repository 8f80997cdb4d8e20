import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import os from "node:os";
import { z } from "zod";
import type { Limits } from "@avalon/protocol";
import { parseClusterNodes, type RedisSettings } from "./cluster/redis-connection.js";
import { parseIdentities, type AdminIdentity } from "./admin/admin-auth.js";

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
  /** CONNECT_TIMEOUT_MS: an Engine.IO connection that has joined no namespace by then is closed (Socket.IO's own default is 45 s). */
  connectTimeoutMs: number;
  /**
   * HANDSHAKE_RATE / HANDSHAKE_BURST / HANDSHAKE_MAX_WAIT_MS / HANDSHAKE_LAG_BUDGET_MS: new
   * connections admitted per second and at once; the longest a handshake is held for its turn
   * before it is refused with `server_busy`; the event-loop lag above which the rate is lowered
   * (0: a fixed rate).
   */
  handshakes: { ratePerSec: number; burst: number; maxWaitMs: number; lagBudgetMs: number };
  /** SEND_BUFFER_LIMIT_BYTES: a connection with more unsent output queued in this process is cut off (a client that stopped reading). */
  sendBufferLimitBytes: number;
  /**
   * ROOM_LEASE_MS / FORWARD_TIMEOUT_MS: how long a node's lease on a room lasts past its last
   * action (a dead owner's rooms move to another node after at most this long), and how long an
   * action forwarded to its room's owner waits for the answer before the sender takes over.
   */
  roomLeaseMs: number;
  forwardTimeoutMs: number;
  /** RESUME_TOKEN_TTL_MS: a resume token older than this is refused with `invalid_token`; every connection gets a fresh one. */
  resumeTokenTtlMs: number;
  /** MAX_SPECTATORS_PER_ROOM: spectators one room may hold; beyond, `room:spectate` gets `spectators_full`. */
  maxSpectatorsPerRoom: number;
  /** LOBBY_GRACE_MS: a lobby none of whose seats has been connected for this long is closed. */
  lobbyGraceMs: number;
  /** MAX_LOBBIES_PER_ADDRESS: open lobbies created on this node from one client address (`lobby_limit` beyond). */
  maxLobbiesPerAddress: number;
  /** ADMIN_EVENTS_PER_SECOND / ADMIN_EVENT_BURST: per-socket token bucket of the admin namespaces. */
  adminEventsPerSecond: number;
  adminEventBurst: number;
  /** Runtime limits' starting values (LIMIT_* variables); operators change them live. */
  limits: Limits;
  /** ADMIN_TOKEN / VIEWER_TOKEN: admin namespace tokens; generated and printed when unset outside production. */
  adminToken: string;
  viewerToken: string;
  adminTokensGenerated: boolean;
  /** ADMIN_IDENTITIES and ADMIN_IDENTITIES_FILE: named operators and viewers, `role:name:token` entries separated by commas or lines. */
  adminIdentities: AdminIdentity[];
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
  /** TRUST_PROXY: take the client address from X-Forwarded-For (behind HAProxy). */
  trustProxy: boolean;
  /** REDIS_URL / REDIS_CLUSTER_NODES and tuning; Redis mode when either is set. */
  redis: RedisSettings;
  /** REDIS_ADAPTER: sharded (Redis 7 sharded pub/sub, per-room channels; measured faster, see BENCHMARKS.md) or classic (pattern subscription per namespace). */
  redisAdapter: "classic" | "sharded";
  /** REDIS_PREFIX: prefix of every key and channel. */
  redisPrefix: string;
  /** ROOM_TTL_MS: an idle room is forgotten after this long (the memory store forgets an ended room after at most 15 min). */
  roomTtlMs: number;
  /**
   * ROOM_INDEX_TTL_MS: a node's claim to list a room in the admin room list lapses after this long
   * unless renewed (every third of it); an ended room stays listed this long after it ended.
   */
  roomIndexTtlMs: number;
  /** HEARTBEAT_MS: node registry heartbeat and admin stream period. */
  heartbeatMs: number;
  /** HISTORY_WINDOW_MS: how far back each node keeps its own figures for the dashboard, one row per HEARTBEAT_MS. */
  historyWindowMs: number;
  /** PROMETHEUS_URL: when set, the dashboard's history is read from this Prometheus (which scrapes the nodes) instead of the nodes' memory. */
  prometheusUrl: string | null;

  /** ENABLE_CLUSTER / WORKER_COUNT: fork workers on this machine (needs Redis). */
  enableCluster: boolean;
  workerCount: number;
  /** ADMIN_UI_USERNAME / ADMIN_UI_PASSWORD_HASH: basic auth of @socket.io/admin-ui (production only; bcrypt hash). */
  adminUi: { username: string; passwordHash: string } | null;
  /** Reported in node snapshots. */
  appVersion: string;
  /** WIRE_PARSER: json (default Socket.IO parser) or msgpack (socket.io-msgpack-parser; clients must use it too). */
  wireParser: "json" | "msgpack";
  /** PER_MESSAGE_DEFLATE: compress websocket frames at or above DEFLATE_THRESHOLD_BYTES, with small zlib contexts. */
  perMessageDeflate: boolean;
  deflateThresholdBytes: number;
  /** STATE_SYNC: patch (versioned diffs) or snapshot (the whole public view on every change). */
  stateSync: "patch" | "snapshot";
  /** ROOM_SEED: for benchmarks and tests only; rooms get seeds `${ROOM_SEED}:1`, `:2`, ... in creation order, so games replay alike. */
  roomSeed: string | null;
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

/** One variable through a zod schema; unset or empty is the default, a bad value names the variable. */
function read<T>(env: Env, name: string, schema: z.ZodType<T>, def: T): T {
  const raw = env[name];
  if (raw === undefined || raw === "") return def;
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new ConfigError(name, `${parsed.error.issues[0]?.message ?? "invalid value"}, got "${raw}"`);
  return parsed.data;
}

function int(env: Env, name: string, def: number, min: number, max: number): number {
  const error = `expected an integer from ${min} to ${max}`;
  return read(env, name, z.coerce.number({ error }).int({ error }).min(min, { error }).max(max, { error }), def);
}

function num(env: Env, name: string, def: number, min: number, max: number): number {
  const error = `expected a number from ${min} to ${max}`;
  return read(env, name, z.coerce.number({ error }).min(min, { error }).max(max, { error }), def);
}

function oneOf<T extends string>(env: Env, name: string, def: T, allowed: readonly [T, ...T[]]): T {
  return read(env, name, z.enum(allowed, { error: `expected one of ${allowed.join(", ")}` }), def);
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

/** NODE_ENV values a node knows; anything else (a typo like `prod` or `PRODUCTION`) stops it. */
const NODE_ENVS = ["production", "development", "test"] as const;

function nodeEnv(env: Env): (typeof NODE_ENVS)[number] {
  const raw = env.NODE_ENV;
  if (raw === undefined || raw === "") return "development";
  if (!(NODE_ENVS as readonly string[]).includes(raw)) {
    throw new ConfigError("NODE_ENV", `unknown value ${JSON.stringify(raw)}; expected one of ${NODE_ENVS.join(", ")} (exactly, lower case)`);
  }
  return raw as (typeof NODE_ENVS)[number];
}

/** Distinct characters a production secret or token needs at least (a 16-character random string has about 14). */
const MIN_DISTINCT_CHARS = 8;

/** Why a production secret is too weak to guard anything, or null. */
export function weakSecret(value: string): string | null {
  if (value.length < 16) return "required in production, at least 16 characters";
  if (/\s/u.test(value)) return "must not contain whitespace";
  if (new Set(value).size < MIN_DISTINCT_CHARS) return `too little variety: at least ${MIN_DISTINCT_CHARS} different characters (use a random string)`;
  return null;
}

function checkProductionSecrets(values: Record<"SECRET" | "ADMIN_TOKEN" | "VIEWER_TOKEN", string>): void {
  const seen = new Map<string, string>();
  for (const [name, value] of Object.entries(values)) {
    const weak = weakSecret(value);
    if (weak) throw new ConfigError(name, weak);
    const same = seen.get(value);
    if (same) throw new ConfigError(name, `must differ from ${same}`);
    seen.set(value, name);
  }
}

function identitiesFrom(env: Env): AdminIdentity[] {
  const out: AdminIdentity[] = [];
  for (const [name, text] of [
    ["ADMIN_IDENTITIES", env.ADMIN_IDENTITIES ?? ""],
    ["ADMIN_IDENTITIES_FILE", env.ADMIN_IDENTITIES_FILE ? readIdentitiesFile(env.ADMIN_IDENTITIES_FILE) : ""],
  ] as const) {
    const parsed = parseIdentities(text);
    if (!parsed.ok) throw new ConfigError(name, parsed.message);
    out.push(...parsed.identities);
  }
  const names = new Set<string>();
  const tokens = new Set<string>([env.ADMIN_TOKEN ?? "", env.VIEWER_TOKEN ?? ""]);
  for (const id of out) {
    if (names.has(id.name)) throw new ConfigError("ADMIN_IDENTITIES", `the name ${id.name} is given twice`);
    if (tokens.has(id.token)) throw new ConfigError("ADMIN_IDENTITIES", `${id.name}'s token is also another identity's token`);
    names.add(id.name);
    tokens.add(id.token);
  }
  return out;
}

function readIdentitiesFile(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch (err) {
    throw new ConfigError("ADMIN_IDENTITIES_FILE", `cannot read ${file}: ${(err as Error).message}`);
  }
}

export function loadConfig(env: Env = process.env): Config {
  const production = nodeEnv(env) === "production";
  const port = int(env, "PORT", 3000, 0, 65535);
  const host = env.HOST || "0.0.0.0";
  const secret = env.SECRET ?? "";
  if (production && env.ROOM_SEED) throw new ConfigError("ROOM_SEED", "makes games predictable; never set it in production");
  if (!production && secret !== "" && secret.length < 16) throw new ConfigError("SECRET", "at least 16 characters");
  const corsRaw = env.CORS_ORIGIN ?? "*";
  const transportsRaw = (env.TRANSPORTS ?? "websocket,polling").split(",").map((s) => s.trim());
  for (const t of transportsRaw) {
    if (t !== "websocket" && t !== "polling") throw new ConfigError("TRANSPORTS", `unknown transport "${t}"`);
  }
  const adminToken = env.ADMIN_TOKEN ?? "";
  const viewerToken = env.VIEWER_TOKEN ?? "";
  if (production) checkProductionSecrets({ SECRET: secret, ADMIN_TOKEN: adminToken, VIEWER_TOKEN: viewerToken });
  if (adminToken && adminToken === viewerToken) throw new ConfigError("VIEWER_TOKEN", "must differ from ADMIN_TOKEN");
  const adminIdentities = identitiesFrom(env);
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
  const clusterNodes = parseClusterNodes(env.REDIS_CLUSTER_NODES);
  for (const n of clusterNodes) {
    if (!n.host || !Number.isInteger(n.port) || n.port <= 0) throw new ConfigError("REDIS_CLUSTER_NODES", "expected host:port,host:port");
  }
  const redisUrl = optional(env, "REDIS_URL");
  if (redisUrl && !/^rediss?:\/\//.test(redisUrl)) throw new ConfigError("REDIS_URL", `expected redis://host:port, got "${redisUrl}"`);
  const enableCluster = oneOf(env, "ENABLE_CLUSTER", "false", ["true", "false"] as const) === "true";
  if (enableCluster && !redisUrl && clusterNodes.length === 0) {
    throw new ConfigError("ENABLE_CLUSTER", "cluster mode shares state through Redis: set REDIS_URL (or REDIS_CLUSTER_NODES)");
  }
  const workersRaw = env.WORKER_COUNT ?? "auto";
  const workerCount = workersRaw === "auto" ? os.availableParallelism() : int(env, "WORKER_COUNT", 2, 1, 256);
  const adminUiHash = optional(env, "ADMIN_UI_PASSWORD_HASH");
  if (adminUiHash && !/^\$2[aby]\$\d\d\$/.test(adminUiHash)) throw new ConfigError("ADMIN_UI_PASSWORD_HASH", "expected a bcrypt hash ($2b$...)");
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
    connectTimeoutMs: int(env, "CONNECT_TIMEOUT_MS", 10_000, 1_000, 600_000),
    handshakes: {
      ratePerSec: int(env, "HANDSHAKE_RATE", 500, 1, 1_000_000),
      burst: int(env, "HANDSHAKE_BURST", 20, 1, 1_000_000),
      maxWaitMs: int(env, "HANDSHAKE_MAX_WAIT_MS", 5_000, 0, 60_000),
      lagBudgetMs: int(env, "HANDSHAKE_LAG_BUDGET_MS", 0, 0, 10_000),
    },
    sendBufferLimitBytes: int(env, "SEND_BUFFER_LIMIT_BYTES", 512 * 1024, 64 * 1024, 1_000_000_000),
    roomLeaseMs: int(env, "ROOM_LEASE_MS", 2000, 200, 60_000),
    forwardTimeoutMs: int(env, "FORWARD_TIMEOUT_MS", 1000, 50, 30_000),
    resumeTokenTtlMs: int(env, "RESUME_TOKEN_TTL_MS", 24 * 3600_000, 60_000, 365 * 24 * 3600_000),
    maxSpectatorsPerRoom: int(env, "MAX_SPECTATORS_PER_ROOM", 50, 0, 100_000),
    lobbyGraceMs: int(env, "LOBBY_GRACE_MS", 60_000, 1_000, 24 * 3600_000),
    maxLobbiesPerAddress: int(env, "MAX_LOBBIES_PER_ADDRESS", 20, 1, 1_000_000),
    adminEventsPerSecond: num(env, "ADMIN_EVENTS_PER_SECOND", 20, 0.1, 10_000),
    adminEventBurst: int(env, "ADMIN_EVENT_BURST", 40, 1, 100_000),
    limits,
    adminToken: adminToken || randomBytes(18).toString("base64url"),
    viewerToken: viewerToken || randomBytes(18).toString("base64url"),
    adminTokensGenerated: !adminToken || !viewerToken,
    adminIdentities,
    drainWindowMs: int(env, "DRAIN_WINDOW_MS", 10_000, 0, 600_000),
    shutdownGraceMs: int(env, "SHUTDOWN_GRACE_MS", 10_000, 0, 600_000),
    dashboardDir: optional(env, "DASHBOARD_DIR"),
    loadtestResultsDir: optional(env, "LOADTEST_RESULTS_DIR"),
    grafanaUrl: optional(env, "GRAFANA_URL"),
    trustProxy: oneOf(env, "TRUST_PROXY", "false", ["true", "false"] as const) === "true",
    redis: {
      url: redisUrl,
      clusterNodes,
      commandTimeoutMs: int(env, "REDIS_COMMAND_TIMEOUT_MS", 1000, 50, 60_000),
      autoPipeline: oneOf(env, "REDIS_AUTO_PIPELINE", "false", ["true", "false"] as const) === "true",
      commitReplicas: { replicas: int(env, "REDIS_COMMIT_REPLICAS", 0, 0, 16), timeoutMs: int(env, "REDIS_COMMIT_REPLICAS_TIMEOUT_MS", 100, 1, 10_000) },
    },
    redisAdapter: oneOf(env, "REDIS_ADAPTER", "sharded", ["classic", "sharded"] as const),
    redisPrefix: env.REDIS_PREFIX || "avalon",
    roomTtlMs: int(env, "ROOM_TTL_MS", 6 * 3600_000, 10_000, 30 * 24 * 3600_000),
    roomIndexTtlMs: int(env, "ROOM_INDEX_TTL_MS", 30_000, 1_000, 3_600_000),
    heartbeatMs: int(env, "HEARTBEAT_MS", 1000, 100, 60_000),
    historyWindowMs: int(env, "HISTORY_WINDOW_MS", 3_600_000, 60_000, 24 * 3_600_000),
    prometheusUrl: optional(env, "PROMETHEUS_URL"),

    enableCluster,
    workerCount,
    adminUi: adminUiHash ? { username: env.ADMIN_UI_USERNAME || "admin", passwordHash: adminUiHash } : null,
    appVersion: env.APP_VERSION || "0.1.0",
    wireParser: oneOf(env, "WIRE_PARSER", "json", ["json", "msgpack"] as const),
    perMessageDeflate: oneOf(env, "PER_MESSAGE_DEFLATE", "false", ["true", "false"] as const) === "true",
    deflateThresholdBytes: int(env, "DEFLATE_THRESHOLD_BYTES", 1024, 0, 10_000_000),
    stateSync: oneOf(env, "STATE_SYNC", "patch", ["patch", "snapshot"] as const),
    roomSeed: optional(env, "ROOM_SEED"),
  };
}
