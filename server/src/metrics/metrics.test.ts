import { describe, expect, it } from "vitest";
import { CLIENT_EVENTS, ENGINE_ERROR_CODES, PHASES, SERVER_EVENTS, TRANSPORT_ERROR_CODES } from "@avalon/protocol";
import { DEFAULT_LIMITS } from "../config.js";
import { Metrics } from "./metrics.js";
import type { LiveSources } from "./live-metrics.js";

function metrics(live: Partial<LiveSources> = {}): Metrics {
  const m = new Metrics({ node: "n1" });
  m.watch({
    connectionsByTransport: () => ({}),
    roomsByPhase: () => ({}),
    draining: () => false,
    limits: () => DEFAULT_LIMITS,
    admission: () => ({ counts: { admitted: 0, deferred: 0, refused: 0 }, rate: 500, queued: 0 }),
    redisWire: () => ({}),
    ...live,
  });
  return m;
}

async function series(m: Metrics, name: string): Promise<{ labels: Record<string, string | number>; value: number }[]> {
  const metric = m.registry.getSingleMetric(name);
  if (!metric) throw new Error(`no metric ${name}`);
  return (await metric.get()).values.map((v) => ({ labels: v.labels as Record<string, string | number>, value: v.value }));
}

const valueOf = async (m: Metrics, name: string, labels: Record<string, string>) =>
  (await series(m, name)).find((s) => Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value;

describe("Metrics", () => {
  it("exports every labelled counter of a closed set at 0 before anything happened", async () => {
    const m = metrics();
    const zeros = async (name: string, label: string) =>
      (await series(m, name)).filter((s) => s.value === 0).map((s) => String(s.labels[label])).sort();
    expect(await zeros("avalon_events_received_total", "event")).toEqual([...CLIENT_EVENTS, "unknown"].sort());
    expect(await zeros("avalon_events_sent_total", "event")).toEqual([...SERVER_EVENTS].sort());
    expect(await zeros("avalon_action_rejections_total", "code")).toEqual([...ENGINE_ERROR_CODES, ...TRANSPORT_ERROR_CODES].sort());
    expect(await zeros("avalon_connections_total", "transport")).toEqual(["polling", "websocket"]);
    expect(await zeros("avalon_connections_rejected_total", "reason")).toEqual(["bad_request", "draining", "invalid_token", "origin_not_allowed", "rate_limited", "server_busy", "server_full", "slow_reader"]);
    expect(await zeros("avalon_handshakes_total", "outcome")).toEqual(["admitted", "deferred", "refused"]);
    expect((await series(m, "avalon_games_finished_total")).map((s) => `${s.labels.winner}/${s.labels.reason}`).sort()).toEqual([
      "evil/five_rejections",
      "evil/merlin_assassinated",
      "evil/three_fails",
      "good/merlin_survived",
      "none/closed",
    ]);
    expect(await zeros("avalon_admin_commands_total", "command")).toEqual(
      ["cancel_drain", "clear_node_cap", "close_room", "drain", "set_limits", "set_node_cap"].flatMap((c) => [c, c]).sort(),
    );
  });

  it("exposes those zeros in the text format", async () => {
    const text = await metrics().registry.metrics();
    expect(text).toContain('avalon_action_rejections_total{code="rate_limited",node="n1"} 0');
    expect(text).toContain('avalon_events_sent_total{event="room:patch",node="n1"} 0');
  });

  it("counts unknown inbound event names under 'unknown' and ignores outbound names outside the protocol", async () => {
    const m = metrics();
    m.eventIn("room:join");
    m.eventIn("no:such:event");
    m.eventIn("__proto__");
    m.eventOut("room:patch", 3);
    m.eventOut("admin:cluster" as never);
    expect(await valueOf(m, "avalon_events_received_total", { event: "room:join" })).toBe(1);
    expect(await valueOf(m, "avalon_events_received_total", { event: "unknown" })).toBe(2);
    expect(await valueOf(m, "avalon_events_sent_total", { event: "room:patch" })).toBe(3);
    expect((await series(m, "avalon_events_sent_total")).map((s) => s.labels.event)).not.toContain("admin:cluster");
  });

  it("adds the events and bytes counted between scrapes at the next scrape, once", async () => {
    const m = metrics();
    m.bytesIn(100);
    m.bytesOut(40);
    m.bytesOut(2);
    m.eventOut("session");
    expect(await valueOf(m, "avalon_bytes_received_total", {})).toBe(100);
    expect(await valueOf(m, "avalon_bytes_sent_total", {})).toBe(42);
    expect(await valueOf(m, "avalon_events_sent_total", { event: "session" })).toBe(1);
    m.bytesOut(8);
    m.eventOut("session");
    expect(await valueOf(m, "avalon_bytes_sent_total", {})).toBe(50);
    expect(await valueOf(m, "avalon_events_sent_total", { event: "session" })).toBe(2);
    expect(await valueOf(m, "avalon_bytes_received_total", {})).toBe(100);
  });

  it("records an answer's latency by event and a refusal by code", async () => {
    const m = metrics();
    m.answered("room:sync", 0.002, null);
    m.answered("room:sync", 0.0001, "rate_limited");
    m.answered("unknown", 0.0001, "bad_request");
    expect(await valueOf(m, "avalon_action_rejections_total", { code: "rate_limited" })).toBe(1);
    expect(await valueOf(m, "avalon_action_rejections_total", { code: "bad_request" })).toBe(1);
    expect(await valueOf(m, "avalon_ack_latency_seconds", { event: "room:sync", le: "+Inf" })).toBe(2);
    expect(await valueOf(m, "avalon_ack_latency_seconds", { event: "unknown", le: "+Inf" })).toBe(1);
  });

  it("keeps admin command labels bounded: a type outside the protocol counts as 'invalid'", async () => {
    const m = metrics();
    m.adminCommand("drain", true);
    m.adminCommand("x".repeat(40), false);
    expect(await valueOf(m, "avalon_admin_commands_total", { command: "drain", result: "ok" })).toBe(1);
    expect(await valueOf(m, "avalon_admin_commands_total", { command: "invalid", result: "error" })).toBe(1);
  });

  it("counts only the known handshake refusal reasons and transports", async () => {
    const m = metrics();
    m.connectionRejected("server_full");
    m.connectionRejected("something_else");
    m.connectionAccepted("websocket");
    m.connectionAccepted("webtransport");
    expect(await valueOf(m, "avalon_connections_rejected_total", { reason: "server_full" })).toBe(1);
    expect((await series(m, "avalon_connections_rejected_total")).map((s) => s.labels.reason)).not.toContain("something_else");
    expect((await series(m, "avalon_connections_total")).map((s) => s.labels.transport).sort()).toEqual(["polling", "websocket"]);
  });

  it("labels Redis commands in lower case, once per name, with errors by command", async () => {
    const m = metrics();
    m.redisCommand("EVALSHA", 2, false);
    m.redisCommand("EVALSHA", 4, true);
    m.redisCommand("get", 1, false);
    expect(await valueOf(m, "avalon_redis_errors_total", { command: "evalsha" })).toBe(1);
    expect(await valueOf(m, "avalon_redis_command_seconds", { command: "evalsha", le: "+Inf" })).toBe(2);
    expect((await series(m, "avalon_redis_errors_total")).map((s) => s.labels.command)).toEqual(["evalsha"]);
  });

  it("reports rooms for every phase, 0 where this node hosts none", async () => {
    const m = metrics({ roomsByPhase: () => ({ lobby: 2, quest: 1 }) });
    const rooms = await series(m, "avalon_rooms");
    expect(Object.fromEntries(rooms.map((s) => [s.labels.phase, s.value]))).toEqual({ ...Object.fromEntries(PHASES.map((p) => [p, 0])), lobby: 2, quest: 1 });
  });

  it("documents avalon_events_sent_total as counted per recipient", async () => {
    expect(await metrics().registry.metrics()).toMatch(/# HELP avalon_events_sent_total .*per recipient/);
  });
});
