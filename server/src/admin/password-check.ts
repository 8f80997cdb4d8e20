import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";

/*
 * bcrypt checks on a worker thread: one check costs tens to hundreds of milliseconds of CPU by
 * design, which on the main thread holds every player's acks for as long. One worker, checks one
 * at a time, and a short queue: past it a check is refused at once rather than queued, so a
 * guessing flood costs at most one core and bounded memory.
 */

const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const bcrypt = require(workerData.bcryptPath);
parentPort.on("message", ({ id, password, hash }) => {
  let ok = false;
  try { ok = bcrypt.compareSync(password, hash); } catch { ok = false; }
  parentPort.postMessage({ id, ok });
});
`;

export type CheckResult = "match" | "mismatch" | "busy";

export class PasswordChecker {
  private worker: Worker | null = null;
  private nextId = 0;
  private readonly pending = new Map<number, (ok: boolean) => void>();

  constructor(
    private readonly hash: string,
    private readonly maxQueued = 8,
  ) {}

  get queued(): number {
    return this.pending.size;
  }

  check(password: unknown): Promise<CheckResult> {
    if (typeof password !== "string" || password.length === 0 || password.length > 1024) return Promise.resolve("mismatch");
    if (this.pending.size >= this.maxQueued) return Promise.resolve("busy");
    const worker = this.start();
    const id = ++this.nextId;
    return new Promise((resolve) => {
      this.pending.set(id, (ok) => resolve(ok ? "match" : "mismatch"));
      worker.postMessage({ id, password, hash: this.hash });
    });
  }

  async close(): Promise<void> {
    const w = this.worker;
    this.worker = null;
    if (w) await w.terminate();
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const bcryptPath = createRequire(import.meta.url).resolve("bcryptjs");
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { bcryptPath } });
    worker.unref();
    worker.on("message", ({ id, ok }: { id: number; ok: boolean }) => {
      const done = this.pending.get(id);
      this.pending.delete(id);
      done?.(ok);
    });
    // A dead worker fails its pending checks; the next check starts a fresh one.
    worker.on("error", () => this.fail(worker));
    worker.on("exit", () => this.fail(worker));
    this.worker = worker;
    return worker;
  }

  private fail(worker: Worker): void {
    if (this.worker === worker) this.worker = null;
    for (const done of this.pending.values()) done(false);
    this.pending.clear();
  }
}
