import { RunCollector } from "./collector.js";
import type { RunConfig } from "./config.js";
import { serveMetrics } from "./prom.js";
import { pushSamples, samplesOf, SeriesStarts } from "./remote-write.js";
import { progressLine, summaryText } from "./report.js";
import { buildSummary, writeResults, type LoadgenRunSummary } from "./results.js";
import { runProcess } from "./run-process.js";
import { thresholdsFor, type ThresholdResult } from "./thresholds.js";
import { runWorkers } from "./workers.js";

export interface RunOptions {
  /** Where results go when the config names no directory. */
  defaultResultsDir: string;
  /** The CLI script and its arguments, to fork workers with (needed when procs > 1). */
  cliPath?: string;
  argv?: readonly string[];
  /** Progress lines and notices (default: stderr). */
  log?: (line: string) => void;
  /** Ends the run early. */
  signal?: AbortSignal;
}

export interface RunOutcome {
  summary: LoadgenRunSummary;
  checks: ThresholdResult[];
  /** The results file written. */
  file: string;
  /** The end-of-run report. */
  text: string;
}

/** Workers get this long to start before the load begins, so that all begin together. */
const WORKER_LEAD_MS = 1500;

const REMOTE_WRITE_EVERY_MS = 5000;

/** Pushes the run's summed metrics on an interval and once more when stopped; a failed push is logged, not fatal. */
function startRemoteWrite(url: string, collector: RunCollector, log: (line: string) => void): { stop(): Promise<void> } {
  let failures = 0;
  let last = Date.now();
  const starts = new SeriesStarts(last);
  const pushNow = async () => {
    // Prometheus refuses a sample whose timestamp is not after the previous one of its series.
    const now = Math.max(Date.now(), last + 1);
    last = now;
    try {
      await pushSamples(url, starts.complete(samplesOf(await collector.promJson(), { job: "loadgen" }, now)));
    } catch (err) {
      if (failures++ < 3) log(`remote write failed: ${(err as Error).message}`);
    }
  };
  let chain = Promise.resolve();
  const timer = setInterval(() => {
    chain = chain.then(pushNow);
  }, REMOTE_WRITE_EVERY_MS);
  return {
    async stop() {
      clearInterval(timer);
      await chain;
      await pushNow();
    },
  };
}

/** Runs a load test in this process or over forked workers, prints progress, writes and returns the results. */
export async function runLoadTest(cfg: RunConfig, opts: RunOptions): Promise<RunOutcome> {
  const log = opts.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const tool = cfg.engine === "raw" ? "raw" : "bots";
  const origin = Date.now() + (cfg.procs > 1 ? WORKER_LEAD_MS : 0);
  const runId = `${tool}-${origin}`;
  const collector = new RunCollector();
  const stop = new AbortController();
  const onOuterAbort = () => stop.abort();
  opts.signal?.addEventListener("abort", onOuterAbort);

  const metricsServer = cfg.metricsPort === null ? null : await serveMetrics(cfg.metricsHost, cfg.metricsPort, () => collector.promText());
  if (metricsServer) log(`prometheus metrics on http://${cfg.metricsHost}:${metricsServer.port}/metrics (run="${runId}")`);

  const push = cfg.remoteWrite === null ? null : startRemoteWrite(cfg.remoteWrite, collector, log);
  if (cfg.remoteWrite) log(`pushing metrics to ${cfg.remoteWrite} every ${REMOTE_WRITE_EVERY_MS / 1000} s (job="loadgen", run="${runId}")`);

  const totalSec = cfg.durationMs / 1000;
  let progress: NodeJS.Timeout | null = null;
  const scheduleProgress = () => {
    // Just after the processes report each second.
    const next = origin + (Math.max(0, Math.floor((Date.now() - origin) / 1000)) + 1) * 1000 + 250;
    progress = setTimeout(() => {
      const last = collector.series.points().at(-1);
      if (Date.now() >= origin) log(progressLine((Date.now() - origin) / 1000, totalSec, collector.merged(), last));
      scheduleProgress();
    }, next - Date.now());
  };
  scheduleProgress();

  try {
    if (cfg.procs > 1) {
      if (!opts.cliPath) throw new Error("forking workers needs the CLI's path");
      await runWorkers(opts.cliPath, opts.argv ?? [], { count: cfg.procs, origin, runId }, collector, stop.signal, log);
    } else {
      const final = await runProcess(cfg, { index: 0, count: 1, origin, runId, signal: stop.signal, onTick: (r) => collector.add("main", r) });
      collector.add("main", final);
    }
  } finally {
    if (progress) clearTimeout(progress);
    opts.signal?.removeEventListener("abort", onOuterAbort);
    await metricsServer?.close();
    await push?.stop();
  }

  const snap = collector.merged();
  const { summary, checks } = buildSummary(snap, collector.series.series(), thresholdsFor(cfg.limits), {
    tool,
    name: cfg.name,
    startedAt: origin,
    // Closing connections after the end is not part of the run.
    durationSec: Math.min(cfg.durationMs, Math.max(0, Date.now() - origin)) / 1000,
    peakConnections: collector.series.peakConnections(),
    games: cfg.scenario === "games",
  });
  const file = writeResults(cfg.resultsDir ?? opts.defaultResultsDir, summary);
  return { summary, checks, file, text: summaryText(summary, checks, snap) };
}
