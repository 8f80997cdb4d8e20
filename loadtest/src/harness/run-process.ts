import { setMaxListeners } from "node:events";
import { processShare, type RunConfig } from "./config.js";
import { LoadgenMetrics, type PromJson } from "./prom.js";
import { RunMetrics, type MetricsSnapshot, type SecondWindow } from "./run-metrics.js";
import { runBotGames } from "./scenarios/bot-games.js";
import { runChat } from "./scenarios/chat.js";
import { sourceAddresses, type ScenarioContext } from "./scenarios/context.js";
import { runRawGames } from "./scenarios/games.js";
import { runRamp } from "./scenarios/ramp.js";

/** What one process tells the run about itself, once a second and at the end. */
export interface ProcessReport {
  snapshot: MetricsSnapshot;
  /** Seconds closed since the previous report. */
  windows: SecondWindow[];
  prom: PromJson;
}

export interface ProcessRun {
  /** This process's place among the run's processes. */
  index: number;
  count: number;
  /** Run start, ms since the epoch, the same in every process. */
  origin: number;
  /** The `run` label of the Prometheus metrics. */
  runId: string;
  /** Ends the run early (Ctrl-C). */
  signal?: AbortSignal;
  onTick(report: ProcessReport): void;
}

/** Runs this process's share of a run until its end, reporting every second. */
export async function runProcess(cfg: RunConfig, run: ProcessRun): Promise<ProcessReport> {
  const prom = new LoadgenMetrics(run.runId);
  const metrics = new RunMetrics(run.origin, prom);
  const stop = new AbortController();
  // Every waiting seat and pause listens for the run's end.
  setMaxListeners(0, stop.signal);
  const deadline = run.origin + cfg.durationMs;
  const endTimer = setTimeout(() => stop.abort(), Math.max(0, deadline - Date.now()));
  const onOuterAbort = () => stop.abort();
  run.signal?.addEventListener("abort", onOuterAbort);
  if (run.signal?.aborted) stop.abort();

  let ticker: NodeJS.Timeout | null = null;
  const report = async (all: boolean): Promise<ProcessReport> => ({ snapshot: metrics.snapshot(), windows: metrics.takeWindows(all), prom: await prom.json() });
  // Ticks just after each second of the run closes, so that every process closes the same seconds.
  const scheduleTick = () => {
    const next = run.origin + (Math.floor((Date.now() - run.origin) / 1000) + 1) * 1000 + 20;
    ticker = setTimeout(() => {
      void report(false).then(run.onTick);
      scheduleTick();
    }, next - Date.now());
  };
  scheduleTick();

  // Worker processes start at slightly different moments; they all begin the load at the origin.
  if (run.origin > Date.now()) await new Promise((r) => setTimeout(r, run.origin - Date.now()));
  const { tables, stages } = processShare(cfg, run.index, run.count);
  const ctx: ScenarioContext = {
    url: cfg.url,
    metrics,
    signal: stop.signal,
    thinkMs: cfg.thinkMs,
    rng: Math.random,
    namePrefix: `p${run.index}`,
    nextSourceAddress: sourceAddresses(cfg.sourceAddresses),
  };
  try {
    if (cfg.scenario === "ramp") await runRamp(ctx, stages);
    else if (cfg.scenario === "chat") await runChat(ctx, tables);
    else if (cfg.engine === "bots") await runBotGames(ctx, tables, deadline, cfg.parser);
    else await runRawGames(ctx, tables);
  } finally {
    clearTimeout(endTimer);
    if (ticker) clearTimeout(ticker);
    run.signal?.removeEventListener("abort", onOuterAbort);
  }
  return report(true);
}
