import { Counter, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import {
  adminCommandSchema,
  CLIENT_EVENTS,
  ENGINE_ERROR_CODES,
  SERVER_EVENTS,
  TRANSPORT_ERROR_CODES,
  type AdminCommandType,
  type ClientEventName,
  type EndReason,
  type ErrorCode,
  type ServerEventName,
  type Side,
} from "@avalon/protocol";
import { registerLiveMetrics, type LiveSources } from "./live-metrics.js";
import type { ForwardOutcome } from "../rooms/room-owners.js";

/** Why a connection was refused at its handshake, or (`slow_reader`) cut off later for output it never read. */
export const REJECT_REASONS = ["server_full", "server_busy", "rate_limited", "invalid_token", "bad_request", "draining", "slow_reader", "origin_not_allowed"] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];

/** Client event names as labelled: names outside the protocol become "unknown", so the label stays bounded. */
export type InboundEvent = ClientEventName | "unknown";
export type FanoutKind = "public" | "private";
/** `all`: a namespace's channel, which every node receives; `room`: a room's, a player's, or a node's replies. */
export type AdapterChannel = "all" | "room";

const TRANSPORTS = ["websocket", "polling"] as const;
const ERROR_CODES: readonly ErrorCode[] = [...ENGINE_ERROR_CODES, ...TRANSPORT_ERROR_CODES];
const ADMIN_COMMANDS: readonly AdminCommandType[] = adminCommandSchema.options.map((o) => o.shape.type.value);
/** The endings the engine can produce (rules in engine/moves.ts, closing in engine/lobby.ts). */
const GAME_ENDINGS: readonly (readonly [Side | "none", EndReason])[] = [
  ["evil", "three_fails"],
  ["evil", "five_rejections"],
  ["evil", "merlin_assassinated"],
  ["good", "merlin_survived"],
  ["none", "closed"],
];
const LATENCY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];


interface CounterChild {
  inc(value?: number): void;
}
interface HistogramChild {
  observe(value: number): void;
}

function one<L extends string>(label: L, value: string): Partial<Record<L, string>> {
  const labels: Partial<Record<L, string>> = {};
  labels[label] = value;
  return labels;
}

/**
 * Counts for the values of one label on a per-frame path (every event in, every frame out),
 * kept as plain numbers and added to the counter when it is collected. prom-client hashes the
 * label set on every inc(), labelled child or not; here an increment is an array add.
 */
class Tally<L extends string> {
  private readonly index = new Map<string, number>();
  private readonly pending: Float64Array;

  constructor(
    private readonly label: L,
    private readonly values: readonly string[],
  ) {
    values.forEach((v, i) => this.index.set(v, i));
    this.pending = new Float64Array(values.length);
  }

  /** The position of a label value, or -1 for a value outside the set. */
  indexOf(value: string): number {
    return this.index.get(value) ?? -1;
  }

  add(i: number, n: number): void {
    this.pending[i] = (this.pending[i] as number) + n;
  }

  /** Called from the counter's collect(); the first call exports every value at 0. */
  flush(counter: Counter<L>): void {
    for (let i = 0; i < this.values.length; i++) {
      counter.inc(one(this.label, this.values[i] as string), this.pending[i] as number);
      this.pending[i] = 0;
    }
  }
}

/** One child per known label value, created and exported as 0 before the first scrape. */
function counterChildren<L extends string>(counter: Counter<L>, label: L, values: readonly string[]): Map<string, CounterChild> {
  const out = new Map<string, CounterChild>();
  for (const v of values) {
    const child = counter.labels(one(label, v));
    child.inc(0);
    out.set(v, child);
  }
  return out;
}

/** One child per known label value; a histogram's series appear with its first observation. */
function histogramChildren<L extends string>(histogram: Histogram<L>, label: L, values: readonly string[]): Map<string, HistogramChild> {
  return new Map(values.map((v) => [v, histogram.labels(one(label, v))]));
}

/**
 * Every metric of a node, declared once, on an explicit registry (never the global one, so that
 * several nodes can live in one process). No label carries a room or player id. Counters with a
 * closed label set start at 0 for every value, so rate() and increase() see the first event.
 * The hot paths go through the methods below: events and bytes in and out (per frame) are plain
 * additions folded into their counters at scrape time; acks, fan-out and Redis commands reuse one
 * child per label value instead of building a label object per call.
 */
export class Metrics {
  readonly registry = new Registry();
  readonly connectionsTotal: Counter<"transport">;
  readonly connectionsRejected: Counter<"reason">;
  readonly ipRateLimited: Counter;
  readonly eventsReceived: Counter<"event">;
  readonly eventsSent: Counter<"event">;
  readonly eventsRateLimited: Counter;
  readonly bytesReceived: Counter;
  readonly bytesSent: Counter;
  readonly ackLatency: Histogram<"event">;
  readonly fanoutLatency: Histogram<"kind">;
  readonly gamesStarted: Counter;
  readonly gamesFinished: Counter<"winner" | "reason">;
  readonly actionRejections: Counter<"code">;
  readonly stateConflicts: Counter;
  readonly commitBatchSize: Histogram;
  readonly redisLatency: Histogram<"command">;
  readonly redisErrors: Counter<"command">;
  readonly adapterPublished: Counter;
  readonly adapterReceived: Counter<"channel">;
  readonly adminAuthFailures: Counter;
  readonly adminRateLimited: Counter;
  readonly lobbiesReaped: Counter;
  readonly roomForwards: Counter<"outcome">;
  readonly roomClaims: Counter<"holder">;
  readonly roomTakeovers: Counter;
  readonly heartbeats: Counter;
  readonly roomClaimsWritten: Counter;
  readonly adminCommands: Counter<"command" | "result">;

  private readonly received = new Tally("event", [...CLIENT_EVENTS, "unknown"]);
  private readonly receivedUnknown = this.received.indexOf("unknown");
  private readonly sent = new Tally("event", SERVER_EVENTS);
  private pendingBytesIn = 0;
  private pendingBytesOut = 0;
  private readonly acks: Map<string, HistogramChild>;
  private readonly rejections: Map<string, CounterChild>;
  private readonly fanouts: Map<string, HistogramChild>;
  private readonly connected: Map<string, CounterChild>;
  private readonly refused: Map<string, CounterChild>;
  private readonly adapterChannels: Map<string, CounterChild>;
  /** Per Redis command name as ioredis spells it; bounded by the commands this code issues. */
  private readonly redis = new Map<string, { latency: HistogramChild; errors: CounterChild }>();

  constructor(labels: { node: string }) {
    const r = this.registry;
    r.setDefaultLabels(labels);
    collectDefaultMetrics({ register: r, eventLoopMonitoringPrecision: 10 });
    // These defaults are gauges named like counters, which the Prometheus linter rejects;
    // nodejs_active_handles, nodejs_active_requests and nodejs_active_resources carry the same counts.
    for (const name of ["nodejs_active_handles_total", "nodejs_active_requests_total", "nodejs_active_resources_total"]) r.removeSingleMetric(name);

    this.connectionsTotal = new Counter({ name: "avalon_connections_total", help: "Game connections accepted, by transport at handshake.", labelNames: ["transport"], registers: [r] });
    this.connected = counterChildren(this.connectionsTotal, "transport", TRANSPORTS);
    this.connectionsRejected = new Counter({ name: "avalon_connections_rejected_total", help: "Connections refused at the handshake, or cut off for a send buffer they never read (slow_reader), by reason.", labelNames: ["reason"], registers: [r] });
    this.refused = counterChildren(this.connectionsRejected, "reason", REJECT_REASONS);
    this.ipRateLimited = new Counter({ name: "avalon_ip_rate_limited_total", help: "Handshakes refused by the per-IP connection rate limiter.", registers: [r] });
    this.eventsReceived = new Counter({
      name: "avalon_events_received_total",
      help: "Client events received, by event name (unknown names count as 'unknown').",
      labelNames: ["event"],
      registers: [r],
      collect: () => this.received.flush(this.eventsReceived),
    });
    this.eventsSent = new Counter({
      name: "avalon_events_sent_total",
      help: "Server events delivered to game clients, by event name, counted per recipient: a room broadcast to n sockets counts n.",
      labelNames: ["event"],
      registers: [r],
      collect: () => this.sent.flush(this.eventsSent),
    });
    this.eventsRateLimited = new Counter({ name: "avalon_events_rate_limited_total", help: "Client events refused with rate_limited.", registers: [r] });
    this.bytesReceived = new Counter({
      name: "avalon_bytes_received_total",
      help: "Engine.IO payload bytes received from game clients.",
      registers: [r],
      collect: () => {
        this.bytesReceived.inc(this.pendingBytesIn);
        this.pendingBytesIn = 0;
      },
    });
    this.bytesSent = new Counter({
      name: "avalon_bytes_sent_total",
      help: "Engine.IO payload bytes sent to game clients.",
      registers: [r],
      collect: () => {
        this.bytesSent.inc(this.pendingBytesOut);
        this.pendingBytesOut = 0;
      },
    });
    this.ackLatency = new Histogram({
      name: "avalon_ack_latency_seconds",
      help: "Server-side time from a client request's arrival to its answer, by event; refusals before the handler (rate limit, payload size, unknown event) included.",
      labelNames: ["event"],
      buckets: LATENCY_BUCKETS,
      registers: [r],
    });
    this.acks = histogramChildren(this.ackLatency, "event", [...CLIENT_EVENTS, "unknown"]);
    this.fanoutLatency = new Histogram({
      name: "avalon_broadcast_fanout_seconds",
      help: "Server-side time to serialise a room change and hand it to every local socket and the adapter (server timestamps).",
      labelNames: ["kind"],
      buckets: LATENCY_BUCKETS,
      registers: [r],
    });
    this.fanouts = histogramChildren(this.fanoutLatency, "kind", ["public", "private"] satisfies FanoutKind[]);
    this.gamesStarted = new Counter({ name: "avalon_games_started_total", help: "Games started on this node.", registers: [r] });
    this.gamesFinished = new Counter({ name: "avalon_games_finished_total", help: "Games ended on this node, by winner and reason.", labelNames: ["winner", "reason"], registers: [r] });
    for (const [winner, reason] of GAME_ENDINGS) this.gamesFinished.inc({ winner, reason }, 0);
    this.actionRejections = new Counter({
      name: "avalon_action_rejections_total",
      help: "Requests answered with an error, by code; refusals before the handler (rate_limited, payload_too_large, unknown events) included.",
      labelNames: ["code"],
      registers: [r],
    });
    this.rejections = counterChildren(this.actionRejections, "code", ERROR_CODES);
    this.stateConflicts = new Counter({ name: "avalon_state_conflicts_total", help: "Commits that lost a version race and were retried.", registers: [r] });
    this.commitBatchSize = new Histogram({ name: "avalon_commit_batch_size", help: "Actions of one room committed together (group commit): one observation per batch.", buckets: [1, 2, 3, 4, 6, 8, 12, 16, 32, 64], registers: [r] });
    this.redisLatency = new Histogram({ name: "avalon_redis_command_seconds", help: "Redis command round-trip time, by command.", labelNames: ["command"], buckets: LATENCY_BUCKETS, registers: [r] });
    this.redisErrors = new Counter({ name: "avalon_redis_errors_total", help: "Redis commands that failed or timed out, by command.", labelNames: ["command"], registers: [r] });
    this.adapterPublished = new Counter({ name: "avalon_adapter_published_total", help: "Messages this node published to the Socket.IO Redis adapter.", registers: [r] });
    this.adapterReceived = new Counter({
      name: "avalon_adapter_received_total",
      help: "Messages this node received from the Socket.IO Redis adapter, its own publishes included, by channel: all (a namespace's, every node gets them) or room (a room's, a player's, or this node's replies).",
      labelNames: ["channel"],
      registers: [r],
    });
    this.adapterChannels = counterChildren(this.adapterReceived, "channel", ["all", "room"] satisfies AdapterChannel[]);
    this.heartbeats = new Counter({ name: "avalon_heartbeats_total", help: "Heartbeat ticks whose registry write and room claim renewals reached the cluster store.", registers: [r] });
    this.roomClaimsWritten = new Counter({ name: "avalon_room_claims_written_total", help: "Room claims this node wrote to the cluster store (new, changed and renewed).", registers: [r] });
    this.adminAuthFailures = new Counter({ name: "avalon_admin_auth_failures_total", help: "Admin handshakes refused for a bad or missing token, or a wrong admin UI password.", registers: [r] });
    this.adminRateLimited = new Counter({ name: "avalon_admin_rate_limited_total", help: "Admin and admin UI packets refused by their socket's rate limit.", registers: [r] });
    this.roomForwards = new Counter({ name: "avalon_room_forwards_total", help: "Actions sent to the node owning their room, by outcome: answered (a reply), acked (in the commit message), undelivered (no such node listening), timeout.", labelNames: ["outcome"], registers: [r] });
    this.roomClaims = new Counter({ name: "avalon_room_claims_total", help: "Room lease claims, by who holds the lease afterwards: self, other, none (a draining node only looks).", labelNames: ["holder"], registers: [r] });
    for (const outcome of ["answered", "acked", "undelivered", "timeout"] satisfies ForwardOutcome[]) this.roomForwards.inc({ outcome }, 0);
    for (const holder of ["self", "other", "none"]) this.roomClaims.inc({ holder }, 0);
    this.roomTakeovers = new Counter({ name: "avalon_room_takeovers_total", help: "Rooms this node took over after their owner stopped answering and its lease ran out.", registers: [r] });
    this.lobbiesReaped = new Counter({ name: "avalon_lobbies_reaped_total", help: "Lobbies closed because none of their seats was connected for LOBBY_GRACE_MS.", registers: [r] });
    this.adminCommands = new Counter({
      name: "avalon_admin_commands_total",
      help: "Admin commands, by command ('invalid' for a type outside the protocol) and result (ok or error).",
      labelNames: ["command", "result"],
      registers: [r],
    });
    for (const command of ADMIN_COMMANDS) for (const result of ["ok", "error"]) this.adminCommands.inc({ command, result }, 0);
  }

  /** Adds the metrics read from the node at scrape time; called once, when the node's parts exist. */
  watch(live: LiveSources): void {
    registerLiveMetrics(this.registry, live);
  }

  eventIn(event: string): void {
    const i = this.received.indexOf(event);
    this.received.add(i >= 0 ? i : this.receivedUnknown, 1);
  }

  eventOut(event: ServerEventName, n = 1): void {
    const i = this.sent.indexOf(event);
    if (i >= 0) this.sent.add(i, n);
  }

  bytesIn(n: number): void {
    this.pendingBytesIn += n;
  }

  bytesOut(n: number): void {
    this.pendingBytesOut += n;
  }

  /** A request answered by its handler or refused before it; `code` is null for a success. */
  answered(event: InboundEvent, seconds: number, code: ErrorCode | null): void {
    this.acks.get(event)?.observe(seconds);
    if (code !== null) this.rejections.get(code)?.inc();
  }

  adapterMessage(channel: AdapterChannel): void {
    this.adapterChannels.get(channel)?.inc();
  }

  fanout(kind: FanoutKind, seconds: number): void {
    this.fanouts.get(kind)?.observe(seconds);
  }

  connectionAccepted(transport: string): void {
    this.connected.get(transport)?.inc();
  }

  /** Handshake refusals with a reason outside `REJECT_REASONS` are not counted. */
  connectionRejected(reason: string): void {
    this.refused.get(reason)?.inc();
  }

  adminCommand(type: string, ok: boolean): void {
    const command = (ADMIN_COMMANDS as readonly string[]).includes(type) ? type : "invalid";
    this.adminCommands.inc({ command, result: ok ? "ok" : "error" });
  }

  redisCommand(command: string, ms: number, failed: boolean): void {
    let child = this.redis.get(command);
    if (!child) {
      const name = command.toLowerCase();
      child = { latency: this.redisLatency.labels({ command: name }), errors: this.redisErrors.labels({ command: name }) };
      this.redis.set(command, child);
    }
    child.latency.observe(ms / 1000);
    if (failed) child.errors.inc();
  }
}
