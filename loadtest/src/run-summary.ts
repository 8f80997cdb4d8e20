import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { LoadTestRunSummary } from "@avalon/protocol";
import { percentile, type BotStats } from "./bot/stats.js";

export interface RunFacts {
  name: string;
  startedAt: number;
  durationSec: number;
  gamesFinished: number;
  gamesFailed: number;
  violations: number;
  /** Ack latency p99 above this fails the run, ms. */
  maxAckP99Ms: number;
}

function trend(samples: readonly number[]) {
  const avg = samples.length ? samples.reduce((a, b) => a + b, 0) / samples.length : 0;
  return { avg, p50: percentile(samples, 50), p95: percentile(samples, 95), p99: percentile(samples, 99), max: percentile(samples, 100), count: samples.length };
}

/** A bot run in the results shape the dashboard lists (shared with other load tools). */
export function summarise(stats: BotStats, facts: RunFacts): LoadTestRunSummary {
  const errors = [...stats.errors.values()].reduce((a, b) => a + b, 0);
  const ack = trend(stats.ackMs);
  const thresholds = [
    { name: "games failed == 0", passed: facts.gamesFailed === 0, measured: facts.gamesFailed },
    { name: "rule violations == 0", passed: facts.violations === 0, measured: facts.violations },
    { name: "request errors == 0", passed: errors === 0, measured: errors },
    { name: `ack p99 < ${facts.maxAckP99Ms} ms`, passed: ack.p99 < facts.maxAckP99Ms, measured: ack.p99 },
  ];
  return {
    id: `bots-${facts.startedAt}`,
    tool: "bots",
    name: facts.name,
    startedAt: facts.startedAt,
    durationSec: facts.durationSec,
    thresholdsPassed: thresholds.every((t) => t.passed),
    thresholds,
    metrics: {
      connect_ms: trend(stats.connectMs),
      ack_ms: ack,
      delivery_ms: trend(stats.deliveryMs),
      games_finished: { count: facts.gamesFinished, rate: facts.gamesFinished / Math.max(1, facts.durationSec) },
      errors: { count: errors },
    },
  };
}

export function writeSummary(dir: string, summary: LoadTestRunSummary): string {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${summary.id}.json`);
  writeFileSync(file, `${JSON.stringify(summary, null, 2)}\n`);
  return file;
}
