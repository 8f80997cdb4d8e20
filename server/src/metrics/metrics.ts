import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import { CLIENT_EVENTS, SERVER_EVENTS, type Limits } from "@avalon/protocol";

/** Why a connection was refused at its handshake, or (`slow_reader`) cut off later for output it never read. */
export const REJECT_REASONS = ["server_full", "rate_limited", "invalid_token", "bad_request", "draining", "slow_reader"] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];

/** Live values read at scrape time, so that gauges never drift from the truth. */
export interface LiveSources {
  connectionsByTransport(): Record<string, number>;
  roomsByPhase(): Record<string, number>;
  draining(): boolean;
  limits(): Limits;
}

const KNOWN_IN = new Set<string>(CLIENT_EVENTS);
const KNOWN_OUT = new Set<string>(SERVER_EVENTS);
const LATENCY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

/**
 * Every metric of a node, declared once, on an explicit registry (never the global one, so that
 * several nodes can live in one process). No label carries a room or player id.
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
  readonly redisLatency: Histogram<"command">;
  readonly redisErrors: Counter<"command">;
  readonly adapterPublished: Counter;
  readonly adapterReceived: Counter;
  readonly adminAuthFailures: Counter;
  readonly adminCommands: Counter<"command" | "result">;

  constructor(live: LiveSources, labels: { node: string }) {
    const r = this.registry;
    r.setDefaultLabels(labels);
    collectDefaultMetrics({ register: r, eventLoopMonitoringPrecision: 10 });
    // These defaults are gauges named like counters, which the Prometheus linter rejects;
    // nodejs_active_handles, nodejs_active_requests and nodejs_active_resources carry the same counts.
    for (const name of ["nodejs_active_handles_total", "nodejs_active_requests_total", "nodejs_active_resources_total"]) r.removeSingleMetric(name);

    new Gauge({
      name: "avalon_connections",
      help: "Open game connections on this node, by transport.",
      labelNames: ["transport"],
      registers: [r],
      collect() {
        this.reset();
        for (const [t, n] of Object.entries(live.connectionsByTransport())) this.set({ transport: t }, n);
      },
    });
    this.connectionsTotal = new Counter({ name: "avalon_connections_total", help: "Game connections accepted, by transport at handshake.", labelNames: ["transport"], registers: [r] });
    this.connectionsRejected = new Counter({ name: "avalon_connections_rejected_total", help: "Connections refused at the handshake, or cut off for a send buffer they never read (slow_reader), by reason.", labelNames: ["reason"], registers: [r] });
    for (const reason of REJECT_REASONS) this.connectionsRejected.inc({ reason }, 0);
    this.ipRateLimited = new Counter({ name: "avalon_ip_rate_limited_total", help: "Handshakes refused by the per-IP connection rate limiter.", registers: [r] });
    this.eventsReceived = new Counter({ name: "avalon_events_received_total", help: "Client events received, by event name (unknown names count as 'unknown').", labelNames: ["event"], registers: [r] });
    this.eventsSent = new Counter({ name: "avalon_events_sent_total", help: "Server events emitted, by event name; a room broadcast counts once.", labelNames: ["event"], registers: [r] });
    this.eventsRateLimited = new Counter({ name: "avalon_events_rate_limited_total", help: "Client events refused with rate_limited.", registers: [r] });
    this.bytesReceived = new Counter({ name: "avalon_bytes_received_total", help: "Engine.IO payload bytes received from game clients.", registers: [r] });
    this.bytesSent = new Counter({ name: "avalon_bytes_sent_total", help: "Engine.IO payload bytes sent to game clients.", registers: [r] });
    this.ackLatency = new Histogram({ name: "avalon_ack_latency_seconds", help: "Server-side time from a client request's arrival to its ack, by event.", labelNames: ["event"], buckets: LATENCY_BUCKETS, registers: [r] });
    this.fanoutLatency = new Histogram({
      name: "avalon_broadcast_fanout_seconds",
      help: "Server-side time to serialise a room change and hand it to every local socket and the adapter (server timestamps).",
      labelNames: ["kind"],
      buckets: LATENCY_BUCKETS,
      registers: [r],
    });
    new Gauge({
      name: "avalon_rooms",
      help: "Rooms with sockets on this node, by phase.",
      labelNames: ["phase"],
      registers: [r],
      collect() {
        this.reset();
        for (const [phase, n] of Object.entries(live.roomsByPhase())) this.set({ phase }, n);
      },
    });
    this.gamesStarted = new Counter({ name: "avalon_games_started_total", help: "Games started on this node.", registers: [r] });
    this.gamesFinished = new Counter({ name: "avalon_games_finished_total", help: "Games ended on this node, by winner and reason.", labelNames: ["winner", "reason"], registers: [r] });
    this.actionRejections = new Counter({ name: "avalon_action_rejections_total", help: "Requests answered with an error, by code.", labelNames: ["code"], registers: [r] });
    this.stateConflicts = new Counter({ name: "avalon_state_conflicts_total", help: "Commits that lost a version race and were retried.", registers: [r] });
    this.redisLatency = new Histogram({ name: "avalon_redis_command_seconds", help: "Redis command round-trip time, by command.", labelNames: ["command"], buckets: LATENCY_BUCKETS, registers: [r] });
    this.redisErrors = new Counter({ name: "avalon_redis_errors_total", help: "Redis commands that failed or timed out, by command.", labelNames: ["command"], registers: [r] });
    this.adapterPublished = new Counter({ name: "avalon_adapter_published_total", help: "Messages this node published to the Socket.IO Redis adapter.", registers: [r] });
    this.adapterReceived = new Counter({ name: "avalon_adapter_received_total", help: "Messages this node received from the Socket.IO Redis adapter.", registers: [r] });
    new Gauge({
      name: "avalon_draining",
      help: "1 while this node drains, else 0.",
      registers: [r],
      collect() {
        this.set(live.draining() ? 1 : 0);
      },
    });
    new Gauge({
      name: "avalon_limit",
      help: "Limit values in force on this node, by limit name.",
      labelNames: ["limit"],
      registers: [r],
      collect() {
        for (const [name, v] of Object.entries(live.limits())) this.set({ limit: name }, v);
      },
    });
    this.adminAuthFailures = new Counter({ name: "avalon_admin_auth_failures_total", help: "Admin handshakes refused for a bad or missing token.", registers: [r] });
    this.adminCommands = new Counter({ name: "avalon_admin_commands_total", help: "Admin commands, by command and result (ok or error).", labelNames: ["command", "result"], registers: [r] });
  }

  eventIn(event: string): void {
    this.eventsReceived.inc({ event: KNOWN_IN.has(event) ? event : "unknown" });
  }

  eventOut(event: string, n = 1): void {
    if (KNOWN_OUT.has(event)) this.eventsSent.inc({ event }, n);
  }

  redisCommand(command: string, ms: number, failed: boolean): void {
    const name = command.toLowerCase();
    this.redisLatency.observe({ command: name }, ms / 1000);
    if (failed) this.redisErrors.inc({ command: name });
  }
}
