import { Counter, Gauge, type Registry } from "prom-client";
import { PHASES, type Limits } from "@avalon/protocol";
import type { WireTotals } from "../cluster/redis-wire.js";

/** Live values read at scrape time, so that gauges never drift from the truth. */
export interface LiveSources {
  connectionsByTransport(): Record<string, number>;
  /** Rooms this node hosts, by phase; every room of the cluster is hosted by at most one node. */
  roomsByPhase(): Record<string, number>;
  draining(): boolean;
  limits(): Limits;
  /** Handshake admission: handshakes so far by outcome, the rate in force and the handshakes waiting. */
  admission(): { counts: Record<AdmissionOutcome, number>; rate: number; queued: number };
  /** Commands and bytes of each Redis connection since start, by role; empty without Redis. */
  redisWire(): Record<string, WireTotals>;
}

export type AdmissionOutcome = "admitted" | "deferred" | "refused";

/**
 * The metrics read from the node at scrape time (connections, rooms, admission, Redis wire totals,
 * draining, limits), registered once the parts they read exist.
 */
export function registerLiveMetrics(r: Registry, live: LiveSources): void {
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
  new Counter({
    name: "avalon_handshakes_total",
    help: "Handshakes through admission, by outcome: admitted (at once or after waiting), deferred (held for their turn; later admitted or refused), refused with server_busy.",
    labelNames: ["outcome"],
    registers: [r],
    collect() {
      // The admission keeps the running totals; the counter shows them.
      this.reset();
      const counts = live.admission().counts;
      for (const outcome of ["admitted", "deferred", "refused"] as const) this.inc({ outcome }, counts[outcome]);
    },
  });
  new Gauge({
    name: "avalon_handshake_admission_rate",
    help: "Handshakes per second admission lets through now: the configured rate, lowered while the event loop lags beyond its budget.",
    registers: [r],
    collect() {
      this.set(live.admission().rate);
    },
  });
  new Gauge({
    name: "avalon_handshakes_waiting",
    help: "Handshakes held by admission for their turn.",
    registers: [r],
    collect() {
      this.set(live.admission().queued);
    },
  });
  new Gauge({
    name: "avalon_rooms",
    help: "Rooms hosted by this node, by phase: each room with connected sockets counts on exactly one node (the one holding most of them), so sum() is the cluster's count.",
    labelNames: ["phase"],
    registers: [r],
    collect() {
      const byPhase = live.roomsByPhase();
      for (const phase of PHASES) this.set({ phase }, byPhase[phase] ?? 0);
    },
  });
  const wireCounter = (name: string, help: string, field: keyof WireTotals) =>
    new Counter({
      name,
      help,
      labelNames: ["connection"],
      registers: [r],
      collect() {
        // The sockets keep the running totals; the counter shows them.
        this.reset();
        for (const [connection, totals] of Object.entries(live.redisWire())) this.inc({ connection }, totals[field]);
      },
    });
  wireCounter("avalon_redis_commands_sent_total", "Commands this node sent to Redis, by connection (a script call or a pipelined command counts once).", "commands");
  wireCounter("avalon_redis_bytes_written_total", "Bytes this node wrote to Redis, by connection.", "bytesWritten");
  wireCounter("avalon_redis_bytes_read_total", "Bytes this node read from Redis, by connection.", "bytesRead");
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
}
