import { fork } from "node:child_process";
import { valued } from "../args.js";
import type { RunConfig } from "./config.js";
import type { RunCollector } from "./collector.js";
import { runProcess, type ProcessReport } from "./run-process.js";

/** Worker to parent, over the IPC channel of `child_process.fork`. */
export type WorkerMessage = { type: "tick"; report: ProcessReport } | { type: "done"; report: ProcessReport } | { type: "error"; message: string };
/** Parent to worker. */
export type ParentMessage = { type: "stop" };

/** Where a worker sits in the run: `--worker I --workers N --origin MS` on its command line. */
export interface WorkerPlace {
  index: number;
  count: number;
  origin: number;
  runId: string;
}

/** The options a worker process is started with, beside the run's own. */
export const WORKER_OPTIONS = valued("worker", "workers", "origin", "run-id");

export function workerArgs(place: WorkerPlace): string[] {
  return ["--worker", String(place.index), "--workers", String(place.count), "--origin", String(place.origin), "--run-id", place.runId];
}

export function parseWorkerPlace(args: Map<string, string>): WorkerPlace | null {
  if (!args.has("worker")) return null;
  const place = { index: Number(args.get("worker")), count: Number(args.get("workers")), origin: Number(args.get("origin")), runId: args.get("run-id") ?? "" };
  if (![place.index, place.count, place.origin].every(Number.isFinite) || place.index >= place.count) throw new Error("bad worker arguments");
  return place;
}

function send(msg: WorkerMessage): Promise<void> {
  return new Promise((resolve) => {
    if (!process.send) return resolve();
    process.send(msg, undefined, undefined, () => resolve());
  });
}

/** The body of a worker process: runs its share and reports to the parent until done. */
export async function workerMain(cfg: RunConfig, place: WorkerPlace): Promise<void> {
  const stop = new AbortController();
  process.on("message", (m: ParentMessage) => m.type === "stop" && stop.abort());
  // Ctrl-C reaches the whole process group; a lost parent leaves nobody to report to.
  process.on("SIGINT", () => stop.abort());
  process.on("disconnect", () => stop.abort());
  try {
    const final = await runProcess(cfg, { ...place, signal: stop.signal, onTick: (report) => void send({ type: "tick", report }) });
    await send({ type: "done", report: final });
  } catch (err) {
    await send({ type: "error", message: (err as Error).stack ?? String(err) });
    process.exitCode = 1;
  }
}

/**
 * Forks `count` copies of the CLI as workers (each its own event loop and file limit) and feeds
 * their reports to the collector; resolves when every worker has finished or died.
 */
export async function runWorkers(cliPath: string, argv: readonly string[], place: Omit<WorkerPlace, "index">, collector: RunCollector, signal: AbortSignal, log: (line: string) => void): Promise<void> {
  const children = Array.from({ length: place.count }, (_, index) => {
    const child = fork(cliPath, [...argv, ...workerArgs({ ...place, index })], { stdio: ["ignore", "ignore", "inherit", "ipc"] });
    let done = false;
    child.on("message", (msg: WorkerMessage) => {
      if (msg.type === "error") log(`worker ${index} failed: ${msg.message}`);
      else {
        collector.add(`worker-${index}`, msg.report);
        if (msg.type === "done") done = true;
      }
    });
    return new Promise<void>((resolve) => {
      child.once("exit", (code) => {
        if (!done) {
          log(`worker ${index} exited (${code}) without its final report`);
          collector.fail("worker_exited");
        }
        resolve();
      });
      const onAbort = () => child.connected && child.send({ type: "stop" } satisfies ParentMessage);
      signal.addEventListener("abort", onAbort, { once: true });
    });
  });
  await Promise.all(children);
}
