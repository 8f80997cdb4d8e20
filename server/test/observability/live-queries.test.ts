import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { io as connect, type Socket } from "socket.io-client";
import { ENGINE_ERROR_CODES, PHASES, TRANSPORT_ERROR_CODES } from "@avalon/protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { admin, adminAck, type AdminClient, asList, asMap, eventually, killChildren, type NodeProcess, parseYaml, type PrometheusProcess, type QueryResult, type RedisProcess, REPO, RULES_DIR, spawnNode, startPrometheus, startRedis, TEST_TOKENS } from "@avalon/testkit";
import { allPanels, BUILTIN_VALUES, loadDashboards, parseLabelValues, substitute, variableQuery, type Dashboard } from "./grafana-dashboards.js";

/**
 * Real nodes, real Redis, real Prometheus with the repository's rule files, a short bot load and a
 * few deliberate faults, and a short load-generator run that pushes its metrics to Prometheus by
 * remote write (job "loadgen"); then every query of every Grafana dashboard and every rule runs
 * against what Prometheus holds. A panel that would show "No data" fails here.
 */

const run = promisify(execFile);
const BOTS = path.join(REPO, "loadtest/dist/bots-cli.js");
const LOADGEN = path.join(REPO, "loadtest/dist/loadtest-cli.js");
const NODE_IDS = ["obs-node-a", "obs-node-b"];
const NO_ROOM = "NOSUCHROOM1";

type Probe = Socket;

function probe(url: string, auth: Record<string, string>): Promise<Probe> {
  const socket = connect(url, { transports: ["websocket"], auth, reconnection: false, forceNew: true });
  return new Promise((resolve, reject) => {
    socket.once("session", () => resolve(socket));
    socket.once("connect_error", (err) => {
      socket.close();
      reject(Object.assign(err, { code: (err as { data?: { code?: string } }).data?.code }));
    });
  });
}

function request(socket: Probe, event: string, payload: unknown): Promise<{ ok: boolean; code?: string }> {
  return socket.timeout(5000).emitWithAck(event, payload) as Promise<{ ok: boolean; code?: string }>;
}

async function refusedHandshake(url: string, auth: Record<string, string>): Promise<string | undefined> {
  try {
    (await probe(url, auth)).close();
    return undefined;
  } catch (err) {
    return (err as { code?: string }).code;
  }
}

async function refusedAdmin(url: string, token: string): Promise<boolean> {
  try {
    (await admin(url, token)).close();
    return false;
  } catch {
    return true;
  }
}

/** Requests every node answers with an error, a burst past the event rate limit, bad game and admin tokens, and admin commands. */
async function exerciseRefusals(node: NodeProcess): Promise<void> {
  const p = await probe(node.url, { name: "probe" });
  try {
    expect(await request(p, "room:join", { roomId: NO_ROOM })).toMatchObject({ ok: false, code: "room_not_found" });
    expect(await request(p, "game:action", { roomId: NO_ROOM })).toMatchObject({ ok: false, code: "bad_request" });
    expect(await request(p, "no:such:event", {})).toMatchObject({ ok: false, code: "bad_request" });
    const burst = await Promise.all(Array.from({ length: 60 }, () => request(p, "room:sync", { roomId: NO_ROOM })));
    expect(burst.some((r) => r.code === "rate_limited")).toBe(true);
  } finally {
    p.close();
  }
  expect(await refusedHandshake(node.url, { token: "not-a-resume-token" })).toBe("invalid_token");
  expect(await refusedAdmin(node.url, "not-the-admin-token-0000")).toBe(true);
  const op: AdminClient = await admin(node.url, TEST_TOKENS.ADMIN_TOKEN);
  try {
    expect(await adminAck(op, "admin:command", { type: "set_limits", limits: { eventsPerSecond: 20 } })).toMatchObject({ ok: true });
    expect(await adminAck(op, "admin:command", { type: "cancel_drain", nodeId: "no-such-node" })).toMatchObject({ ok: false });
  } finally {
    op.close();
  }
}

/** Pauses Redis past the command timeout while each node is asked to create a room. */
async function exerciseRedisOutage(redis: RedisProcess, nodes: NodeProcess[]): Promise<void> {
  const probes = await Promise.all(nodes.map((n) => probe(n.url, { name: "outage" })));
  redis.pause();
  try {
    const answers = await Promise.all(probes.map((p) => request(p, "room:create", {})));
    for (const a of answers) expect(a).toMatchObject({ ok: false, code: "unavailable" });
  } finally {
    redis.resume();
    for (const p of probes) p.close();
  }
}

function repoRuleGroups(): string[] {
  return readdirSync(RULES_DIR)
    .filter((f) => f.endsWith(".yml"))
    .flatMap((f) => asList(asMap(parseYaml(readFileSync(path.join(RULES_DIR, f), "utf8")), f).groups, `${f} groups`).map((g) => String(asMap(g, "group").name)))
    .sort();
}

function values(r: QueryResult): number[] {
  return r.ok ? r.series.map((s) => Number(s.value[1])) : [];
}

describe("Grafana panels and Prometheus rules against a live cluster", () => {
  let redis: RedisProcess;
  let nodes: NodeProcess[] = [];
  let prom: PrometheusProcess;
  let botsOutput = "";
  let loadgenOutput = "";

  beforeAll(async () => {
    if (!existsSync(BOTS)) throw new Error("loadtest/dist is missing: run `npm run build` first");
    redis = await startRedis();
    const common = {
      REDIS_URL: redis.url,
      REDIS_PREFIX: `obs${Math.random().toString(36).slice(2, 8)}`,
      SECRET: "observability-test-secret-0123",
      REDIS_COMMAND_TIMEOUT_MS: "300",
      HEARTBEAT_MS: "250",
      LIMIT_CONNECTIONS_PER_IP_PER_MINUTE: "100000",
      ...TEST_TOKENS,
    };
    nodes = await Promise.all(NODE_IDS.map((id) => spawnNode({ ...common, NODE_ID: id })));
    prom = await startPrometheus(nodes.map((n) => `127.0.0.1:${n.port}`));
    // Prometheus picks up its static targets only some seconds after start; the counters need a
    // scrape from before the load for rate() and increase() to see all of it.
    await eventually(async () => values(await prom.query('count(up{job="avalon"} == 1)'))[0] === nodes.length, 30_000, 200).catch(async (err: Error) => {
      const targets = await prom.api<unknown>("/api/v1/targets").catch((e: Error) => e.message);
      throw new Error(`${err.message}: Prometheus does not scrape both nodes\n${JSON.stringify(targets)}\n${prom.output()}`);
    });

    const bots = await run(process.execPath, [BOTS, "--url", nodes.map((n) => n.url).join(","), "--games", "10", "--concurrency", "5", "--think", "20"], {
      cwd: REPO,
      timeout: 60_000,
    }).catch((err: { stdout?: string; stderr?: string; message: string }) => {
      throw new Error(`bots failed: ${err.message}\n${err.stdout ?? ""}\n${err.stderr ?? ""}`);
    });
    botsOutput = bots.stdout;
    loadgenOutput = await runLoadgen(nodes[0]!.url, `${prom.url}/api/v1/write`);

    for (const n of nodes) await exerciseRefusals(n);
    await exerciseRedisOutage(redis, nodes);

    // Drain the second node from the first one's admin connection; its handshakes are then refused.
    const [a, b] = nodes as [NodeProcess, NodeProcess];
    const op = await admin(a.url, TEST_TOKENS.ADMIN_TOKEN);
    try {
      // A node's registry entry lapsed during the outage; it is back with the node's next heartbeat.
      await eventually(async () => ((await adminAck(op, "admin:command", { type: "drain", nodeId: b.nodeId })) as { ok?: boolean }).ok === true, 10_000, 100);
    } finally {
      op.close();
    }
    await eventually(async () => (await fetch(`${b.url}/readyz`)).status === 503, 10_000);
    expect(await refusedHandshake(b.url, { name: "late" })).toBe("draining");

    // Prometheus has scraped the drain and evaluated the rules on it once the drain alert is pending.
    await eventually(async () => {
      const { alerts } = await prom.api<{ alerts: { labels: Record<string, string>; state: string }[] }>("/api/v1/alerts");
      return alerts.some((x) => x.labels.alertname === "AvalonDrainTooLong" && x.labels.node === b.nodeId);
    }, 15_000, 200);
    // A counter first exported during the outage (the Redis errors) needs two scrapes before rate()
    // sees it: wait until every recording rule's own expression has data (a rule that never does is
    // reported by its test below), then until every group has been evaluated again after that.
    const { groups } = await prom.api<{ groups: { rules: { query: string; type: string }[] }[] }>("/api/v1/rules");
    const recorded = groups.flatMap((g) => g.rules).filter((r) => r.type === "recording");
    await eventually(async () => {
      for (const r of recorded) if (values(await prom.query(r.query)).length === 0) return false;
      return true;
    }, 20_000, 250).catch(() => undefined);
    const answered = Date.now();
    await eventually(async () => {
      const { groups: now } = await prom.api<{ groups: { lastEvaluation: string }[] }>("/api/v1/rules");
      return now.every((g) => Date.parse(g.lastEvaluation) > answered);
    }, 15_000, 200);
  }, 90_000);

  afterAll(async () => {
    await prom?.stop();
    killChildren();
    await redis?.stop();
  });

  it("played the bot games without errors", () => {
    expect(botsOutput).toContain("finished: 10  failed: 0");
  });

  it("received the load generator's run by remote write", async () => {
    expect(loadgenOutput).toMatch(/pushing metrics to/);
    const games = values(await prom.query('sum(avalon_loadgen_games_finished_total{job="loadgen"})'))[0] ?? 0;
    expect(games).toBeGreaterThan(0);
  });

  it("scrapes every node under job avalon with its node label", async () => {
    const up = await prom.query('up{job="avalon"}');
    expect(values(up)).toEqual([1, 1]);
    const ids = await prom.api<string[]>(`/api/v1/label/node/values?match[]=${encodeURIComponent('process_start_time_seconds{job="avalon"}')}`);
    expect(ids.sort()).toEqual([...NODE_IDS].sort());
  });

  it("sees the faults it caused: draining node, refused handshakes, Redis errors, admin failures", async () => {
    expect(values(await prom.query(`avalon_draining{node="${NODE_IDS[1]}"}`))).toEqual([1]);
    for (const reason of ["invalid_token", "draining"]) {
      expect(values(await prom.query(`sum(avalon_connections_rejected_total{reason="${reason}"})`))[0], reason).toBeGreaterThan(0);
    }
    expect(values(await prom.query('sum(avalon_redis_errors_total)'))[0]).toBeGreaterThan(0);
    // Only the outage fails commands: connecting never sends CLIENT SETINFO, which Redis < 7.2 refuses.
    expect(values(await prom.query('avalon_redis_errors_total{command="client"}'))).toEqual([]);
    expect(values(await prom.query("min(avalon_admin_auth_failures_total)"))[0]).toBeGreaterThan(0);
    expect(values(await prom.query("min(avalon_events_rate_limited_total)"))[0]).toBeGreaterThan(0);
    // Refusals before the handler count like the handlers' errors, in the rejections and the ack latency.
    expect(values(await prom.query('min(avalon_action_rejections_total{code="rate_limited"})'))[0]).toBeGreaterThan(0);
    expect(values(await prom.query('min(avalon_ack_latency_seconds_count{event="unknown"})'))[0]).toBeGreaterThan(0);
  });

  it("exports labelled counters of closed sets at 0 from the start, and every phase of the rooms gauge", async () => {
    const codes = ENGINE_ERROR_CODES.length + TRANSPORT_ERROR_CODES.length;
    expect(values(await prom.query('count by (node) (avalon_action_rejections_total{job="avalon"})'))).toEqual(NODE_IDS.map(() => codes));
    expect(values(await prom.query('count by (node) (avalon_rooms{job="avalon"})'))).toEqual(NODE_IDS.map(() => PHASES.length));
  });

  it("loads every rule file of the repository, and every rule evaluates without error", async () => {
    const { groups } = await prom.api<{ groups: { name: string; rules: { name: string; query: string; health: string; lastError?: string; type: string }[] }[] }>(
      "/api/v1/rules",
    );
    expect(groups.map((g) => g.name).sort()).toEqual(repoRuleGroups());
    const problems: string[] = [];
    for (const r of groups.flatMap((g) => g.rules)) {
      if (r.health !== "ok") problems.push(`${r.name}: health ${r.health} ${r.lastError ?? ""}`);
      const res = await prom.query(r.query);
      if (!res.ok) problems.push(`${r.name}: ${res.error}`);
      // Recorded series feed the alerts: each must have data while the cluster runs.
      if (r.type === "recording" && values(await prom.query(r.name)).length === 0) problems.push(`${r.name}: recorded nothing`);
    }
    expect(problems).toEqual([]);
  });

  for (const { file, dashboard } of loadDashboards()) {
    it(`runs every query of ${file} with data in every panel`, async () => {
      const problems = await checkDashboard(prom, dashboard);
      expect(problems).toEqual([]);
    }, 30_000);
  }
});

/** A few seconds of raw-protocol games whose metrics reach Prometheus only by remote write. */
async function runLoadgen(url: string, remoteWrite: string): Promise<string> {
  const args = [LOADGEN, "--url", url, "--engine", "raw", "--rooms", "2", "--players", "5..6", "--duration", "6s", "--think", "60"];
  args.push("--remote-write", remoteWrite, "--name", "observability smoke", "--results", mkdtempSync(path.join(tmpdir(), "avalon-loadgen-results-")));
  // This run feeds Prometheus; latency is not what it checks, and a busy machine must not fail it.
  args.push("--max-connect-p95", "20000", "--max-ack-p99", "20000", "--max-delivery-p99", "20000");
  const out = await run(process.execPath, args, { cwd: REPO, timeout: 60_000 }).catch((err: { stdout?: string; stderr?: string; message: string }) => {
    throw new Error(`load generator failed: ${err.message}\n${err.stdout ?? ""}\n${err.stderr ?? ""}`);
  });
  return `${out.stdout}\n${out.stderr}`;
}

/** Every variable's values (from Prometheus), then every target of every panel for each value. */
async function checkDashboard(prom: PrometheusProcess, d: Dashboard): Promise<string[]> {
  const problems: string[] = [];
  const choices: Record<string, string>[] = [{}];
  for (const v of d.templating?.list ?? []) {
    const q = variableQuery(v);
    const lv = parseLabelValues(q);
    if (!lv) {
      problems.push(`variable ${v.name}: unsupported query ${q}`);
      continue;
    }
    const found = await prom.api<string[]>(`/api/v1/label/${lv.label}/values?match[]=${encodeURIComponent(lv.selector)}`).catch((err: Error) => {
      problems.push(`variable ${v.name}: ${err.message}`);
      return [] as string[];
    });
    if (found.length === 0) problems.push(`variable ${v.name}: no values for ${q}`);
    const options = found.length > 0 ? found : [v.allValue ?? ".*"];
    // Each value in turn: a per-node panel must have data for every node.
    const next: Record<string, string>[] = [];
    for (const c of choices) for (const value of options) next.push({ ...c, [v.name]: value });
    choices.splice(0, choices.length, ...next);
  }

  for (const a of d.annotations?.list ?? []) {
    if (!a.expr) continue;
    for (const c of choices) {
      const res = await prom.query(substitute(a.expr, { ...BUILTIN_VALUES, ...c }));
      if (!res.ok) problems.push(`annotation ${a.name}: ${res.error}`);
    }
  }

  for (const panel of allPanels(d)) {
    for (const t of panel.targets ?? []) {
      for (const c of choices) {
        const expr = substitute(t.expr ?? "", { ...BUILTIN_VALUES, ...c });
        const where = `#${panel.id} "${panel.title}" ${t.refId}${Object.keys(c).length ? ` ${JSON.stringify(c)}` : ""}`;
        const res = await prom.query(expr);
        if (!res.ok) {
          problems.push(`${where}: ${res.error} in ${expr}`);
          continue;
        }
        if (res.series.length === 0) problems.push(`${where}: no series for ${expr}`);
        else if (!res.series.some((s) => Number.isFinite(Number(s.value[1])))) problems.push(`${where}: only NaN/Inf for ${expr}`);
      }
    }
  }
  return problems;
}
