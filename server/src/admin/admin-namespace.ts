import { randomUUID } from "node:crypto";
import {
  ADMIN_EVENT_TABLE,
  ADMIN_EVENTS,
  adminCommandSchema,
  auditMatches,
  type Ack,
  type AckError,
  type AdminAck,
  type AdminCommand,
  type AdminEventName,
  type AdminPayload,
  type AuditEntry,
} from "@avalon/protocol";
import { AUDIT_KEPT, type AuditLog } from "../cluster/cluster-services.js";
import type { Logger } from "../logger.js";
import type { LimitsState } from "../ops/limits-state.js";
import type { RoomService } from "../rooms/room-service.js";
import type { GameStore } from "../store/game-store.js";
import type { AdminNamespace, AdminSocket, GameNamespace } from "../transport/types.js";
import type { AdminTokens } from "./admin-auth.js";
import { AuthLockout } from "./auth-lockout.js";
import { RoomListing } from "./room-listing.js";
import { answerRoomRequests, type LocalRooms, type RoomGather } from "./room-gather.js";
import { executeCommand, type CommandDeps, type Outcome } from "./admin-commands.js";
import { roomPlayers } from "./room-players.js";
import { answerHistoryRequests, readHistory } from "./history-gather.js";
import type { NodeHistoryBuffer } from "./history.js";
import { readLoadTestRuns } from "./loadtest-results.js";

export interface AdminDeps {
  nsp: AdminNamespace;
  tokens: AdminTokens;
  /** Where commands go and are audited. */
  cluster: AuditLog & CommandDeps["cluster"];
  limits: LimitsState;
  rooms: RoomService;
  store: GameStore;
  nodeId: string;
  /** The game namespace, to find which players of a room are connected and where. */
  game: GameNamespace;
  /** The rooms this node lists and what it sees of any room, for other nodes' room requests. */
  localRooms: LocalRooms;
  /** The room list asked of every node. */
  gather: RoomGather;
  /** HEARTBEAT_MS: one history row per period. */
  periodMs: number;
  /** Whether other nodes share this one's adapter (Redis), so they can be asked for their history. */
  clustered: boolean;
  log: Logger;
  grafanaUrl: string | null;
  /** This node's own recent figures. */
  history: NodeHistoryBuffer;
  /** PROMETHEUS_URL: history is read there when set. */
  prometheusUrl: string | null;
  loadtestResultsDir: string | null;
  /** The address failed guesses are counted against: the client's, not the balancer's. */
  clientAddress?: (socket: AdminSocket) => string;
  /** Failed admin handshakes allowed per address per minute before they are refused outright. */
  authFailuresPerMinute?: number;
  /** The lockout shared with the other admin entrances (else one of its own). */
  lockout?: AuthLockout;
  onAuthFailure?(): void;
  onCommand?(type: string, ok: boolean): void;
}

export const SUBSCRIBERS = "subscribers";

/**
 * The admin namespace `/admin`: token handshake (operator or viewer), the live streams, room
 * queries, and operator commands, each validated, acked and written to the audit log.
 */
export function attachAdminNamespace(deps: AdminDeps): void {
  const { nsp, log } = deps;
  const lockout = deps.lockout ?? new AuthLockout(deps.authFailuresPerMinute ?? 10);
  const listing = new RoomListing({ gather: deps.gather });

  nsp.use((socket, next) => {
    const ip = deps.clientAddress?.(socket) ?? socket.handshake.address;
    void (async () => {
      if (await lockout.blocked(ip)) {
        return next(Object.assign(new Error("rate_limited"), { data: { code: "rate_limited", message: "too many failed attempts; wait a minute" } }));
      }
      const who = deps.tokens.roleOf((socket.handshake.auth as { token?: unknown } | undefined)?.token);
      if (!who) {
        deps.onAuthFailure?.();
        await lockout.failed(ip);
        return next(Object.assign(new Error("invalid_token"), { data: { code: "invalid_token", message: "admin token is not valid" } }));
      }
      socket.data.role = who.role;
      socket.data.tokenName = who.tokenName;
      next();
    })();
  });

  answerHistoryRequests(nsp, deps.nodeId, deps.history);
  answerRoomRequests(nsp, deps.localRooms);

  nsp.on("connection", (socket) => {
    socket.emit("admin:hello", { role: socket.data.role, tokenName: socket.data.tokenName, nodeId: deps.nodeId, grafanaUrl: deps.grafanaUrl });
    bind(socket);
  });

  type Handlers = { [E in AdminEventName]: (socket: AdminSocket, payload: AdminPayload<E>) => Promise<Ack<AdminAck<E>>> };
  const handlers: Handlers = {
    "admin:subscribe": async (socket) => {
      await socket.join(SUBSCRIBERS);
      return { ok: true, role: socket.data.role };
    },
    "admin:rooms": async (_socket, q) => ({ ok: true, ...(await listing.query(q)) }),
    "admin:room": async (_socket, { roomId }) => {
      const found = await listing.room(roomId);
      if (!found) return { ok: false, code: "not_found", message: `no room ${roomId}` };
      const [timeline, players] = await Promise.all([deps.store.timeline(roomId, 200), roomPlayers(deps.store, deps.game, roomId)]);
      return { ok: true, room: found, players, timeline };
    },
    "admin:audit": async (_socket, { limit, operator, command, nodeId }) => {
      const all = await deps.cluster.listAudit(operator || command || nodeId ? AUDIT_KEPT : limit);
      return { ok: true, entries: all.filter((e) => auditMatches(e, { operator, command, nodeId })).slice(0, limit) };
    },
    "admin:history": async (_socket, { windowMs }) => {
      const onPrometheusError = (err: Error) => log.warn({ err: err.message }, "history from Prometheus failed; using the nodes' own");
      return { ok: true, ...(await readHistory({ ...deps, nsp, onPrometheusError }, windowMs)) };
    },
    "admin:loadtests": async () => ({ ok: true, runs: await readLoadTestRuns(deps.loadtestResultsDir) }),
    "admin:command": (socket, cmd) => command(socket, cmd),
  };

  function bind(socket: AdminSocket): void {
    for (const event of ADMIN_EVENTS) {
      socket.on(event, (...args: unknown[]) => answer(socket, event, args));
    }
  }

  /** One admin request: role and payload checked (a viewer's command is refused before its payload is read), then its handler. */
  function answer<E extends AdminEventName>(socket: AdminSocket, event: E, args: unknown[]): void {
    const last = args[args.length - 1];
    const ack = typeof last === "function" ? (last as (r: Ack) => void) : () => undefined;
    const payload = args.length > 1 ? args[0] : undefined;
    if (event === "admin:command" && socket.data.role !== "operator") {
      void audit(socket, payload, { ok: false, code: "forbidden", message: "viewers cannot run commands" }).then(ack);
      return;
    }
    const parsed = ADMIN_EVENT_TABLE[event].schema.safeParse(payload ?? {});
    if (!parsed.success) {
      const i = parsed.error.issues[0];
      const refusal: AckError = { ok: false, code: "bad_request", message: i ? `${i.path.join(".") || event}: ${i.message}` : `invalid ${event}` };
      if (event === "admin:command") void audit(socket, payload, refusal).then(ack);
      else ack(refusal);
      return;
    }
    handlers[event](socket, parsed.data as AdminPayload<E>).then(ack, (err: unknown) => {
      log.error({ err, event }, "admin handler failed");
      ack({ ok: false, code: "internal", message: "internal error" });
    });
  }

  async function command(socket: AdminSocket, cmd: AdminCommand): Promise<Ack<AdminAck<"admin:command">>> {
    return audit(socket, cmd, await execute(cmd));
  }

  /** Every command an operator or viewer sent, run or refused, goes to the audit log. */
  async function audit<T extends Outcome | AckError>(socket: AdminSocket, payload: unknown, outcome: T): Promise<T> {
    const entry: AuditEntry = {
      id: randomUUID(),
      ts: Date.now(),
      tokenName: socket.data.tokenName,
      role: socket.data.role,
      nodeId: deps.nodeId,
      command: auditable(payload),
      ok: outcome.ok,
      result: outcome.ok ? outcome.result : `${outcome.code}: ${outcome.message}`,
      changes: outcome.ok ? outcome.changes : [],
    };
    deps.onCommand?.(entry.command.type, outcome.ok);
    log.info({ audit: entry }, "admin command");
    try {
      await deps.cluster.appendAudit(entry);
      nsp.to(SUBSCRIBERS).emit("admin:audit_entry", entry);
    } catch (err) {
      log.error({ err }, "audit log write failed");
    }
    return outcome;
  }

  async function execute(cmd: AdminCommand): Promise<Outcome> {
    try {
      return await executeCommand(deps, cmd);
    } catch (err) {
      log.warn({ err: (err as Error).message }, "admin command failed");
      return { ok: false, code: "unavailable", message: "the cluster store is unavailable; nothing was changed" };
    }
  }
}

/** What the audit log keeps of a command: the command if it parsed, else only its claimed type. */
function auditable(payload: unknown): AdminCommand | { type: string } {
  const parsed = adminCommandSchema.safeParse(payload);
  if (parsed.success) return parsed.data;
  const type = (payload as { type?: unknown } | null)?.type;
  return { type: typeof type === "string" ? type.slice(0, 40) : "invalid" };
}
