import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseArgs, parseRunConfig, RUN_OPTIONS, runLoadTest } from "@avalon/loadtest";
import { killChildren, type NodeProcess, REPO, spawnNode } from "@avalon/testkit";

const CLI = path.join(REPO, "loadtest/dist/loadtest-cli.js");
const LOAD_LIMITS = { LIMIT_CONNECTIONS_PER_IP_PER_MINUTE: "1000000", LIMIT_EVENTS_PER_SECOND: "1000", LIMIT_EVENT_BURST: "2000" };
/** The smoke runs check the tooling, not the machine: latency limits leave room for a busy CI host; errors keep the default 1 %. */
const ROOMY = ["--max-ack-p99", "2000", "--max-delivery-p99", "2000", "--max-connect-p95", "5000"];
const TREND_KEYS = new Set(["avg", "p50", "p95", "p99", "max", "rate", "count"]);

let node: NodeProcess;
let resultsDir: string;

beforeAll(async () => {
  if (!existsSync(CLI)) throw new Error("loadtest/dist is missing: run `npm run build` first");
  resultsDir = mkdtempSync(path.join(tmpdir(), "avalon-loadtest-smoke-"));
  node = await spawnNode(LOAD_LIMITS);
});

afterAll(() => {
  killChildren();
  rmSync(resultsDir, { recursive: true, force: true });
});

function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { cwd: REPO, timeout: 30_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === "number" ? err.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** Every key and type of `LoadTestRunSummary`, and nothing else. */
function expectRunSummaryShape(run: Record<string, unknown>): void {
  const keys = ["id", "tool", "name", "startedAt", "durationSec", "thresholdsPassed", "thresholds", "metrics", "series"];
  expect(Object.keys(run).filter((k) => !keys.includes(k))).toEqual([]);
  expect(typeof run.id).toBe("string");
  expect(["bots", "raw"]).toContain(run.tool);
  expect(typeof run.name).toBe("string");
  expect(typeof run.startedAt).toBe("number");
  expect(typeof run.durationSec).toBe("number");
  expect(typeof run.thresholdsPassed).toBe("boolean");
  for (const t of run.thresholds as { name: unknown; passed: unknown; measured: unknown }[]) {
    expect(Object.keys(t).sort()).toEqual(["measured", "name", "passed"]);
    expect([typeof t.name, typeof t.passed]).toEqual(["string", "boolean"]);
    expect(t.measured === null || typeof t.measured === "number").toBe(true);
  }
  for (const m of Object.values(run.metrics as Record<string, Record<string, unknown>>)) {
    for (const [k, v] of Object.entries(m)) {
      expect(TREND_KEYS.has(k)).toBe(true);
      expect(Number.isFinite(v)).toBe(true);
    }
  }
  for (const p of (run.series ?? []) as Record<string, unknown>[]) {
    expect(Object.keys(p).sort()).toEqual(["ackP95Ms", "deliveryP95Ms", "msgsPerSec", "t"]);
    expect(Object.values(p).every((v) => Number.isFinite(v))).toBe(true);
  }
}

function readRun(file: string): Record<string, unknown> & { metrics: Record<string, { count?: number }> } {
  return JSON.parse(readFileSync(file, "utf8"));
}

describe("load-test tooling against a real node", () => {
  it("plays complete games with the raw generator and passes its thresholds", async () => {
    const cfg = parseRunConfig(parseArgs(["--url", node.url, "--engine", "raw", "--rooms", "4", "--players", "5", "--duration", "8s", "--think", "30", "--results", resultsDir, ...ROOMY], RUN_OPTIONS));
    const lines: string[] = [];
    const outcome = await runLoadTest(cfg, { defaultResultsDir: resultsDir, log: (l) => lines.push(l) });
    expect(outcome.checks.filter((c) => !c.passed)).toEqual([]);
    expect(outcome.summary.tool).toBe("raw");
    const run = readRun(outcome.file);
    expectRunSummaryShape(run);
    expect(run.thresholdsPassed).toBe(true);
    expect(run.metrics.games_finished?.count).toBeGreaterThan(0);
    expect(run.metrics.delivery_ms?.count).toBeGreaterThan(0);
    expect((run.series as unknown[]).length).toBeGreaterThanOrEqual(7);
    expect(lines.some((l) => /conns 20 \| games \d+/.test(l))).toBe(true);
  });

  it("runs the bot harness CLI over two worker processes and merges their results", async () => {
    const dir = path.join(resultsDir, "cli");
    const res = await cli(["--url", node.url, "--rooms", "4", "--players", "5", "--duration", "6s", "--think", "30", "--procs", "2", "--results", dir, "--name", "smoke", ...ROOMY]);
    expect(res.stderr).toMatch(/\[\s*\d+s\/6s\] \| conns/);
    expect(res.code, res.stdout).toBe(0);
    const files = readdirSync(dir);
    expect(files).toHaveLength(1);
    const run = readRun(path.join(dir, files[0] as string));
    expectRunSummaryShape(run);
    expect([run.tool, run.name, run.thresholdsPassed]).toEqual(["bots", "smoke", true]);
    expect(run.metrics.games_finished?.count).toBeGreaterThan(0);
    // Both workers' tables are in the merged result: 4 tables of 5 seats connected at least once.
    expect(run.metrics.connect_ms?.count).toBeGreaterThanOrEqual(20);
    expect(res.stdout).toMatch(/thresholds passed/);
  });

  it("fails the run with exit code 1 when a threshold fails", async () => {
    const dir = path.join(resultsDir, "failing");
    const res = await cli(["--url", node.url, "--engine", "raw", "--rooms", "1", "--players", "5", "--duration", "3s", "--think", "30", "--max-ack-p99", "0.001", "--results", dir]);
    expect(res.code).toBe(1);
    expect(res.stdout).toMatch(/ack_ms p\(99\) < 0\.001 .*FAILED/);
    const run = readRun(path.join(dir, readdirSync(dir)[0] as string));
    expect(run.thresholdsPassed).toBe(false);
    expect(run.thresholds).toContainEqual(expect.objectContaining({ name: "ack_ms p(99) < 0.001", passed: false }));
  });
});
