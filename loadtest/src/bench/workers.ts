import { fork, type ChildProcess } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { profileArgs, stopChild } from "./processes.js";

const WORKER = path.join(path.dirname(fileURLToPath(import.meta.url)), "worker.js");

/** Hands out loopback source addresses (127.0.x.y), so no two generators share one address's ports. */
let addressSeq = 0;
function nextLocalAddress(): string {
  addressSeq++;
  return `127.0.${10 + Math.floor(addressSeq / 250)}.${1 + (addressSeq % 250)}`;
}

interface Pending {
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
}

/** One forked load-generator process (worker.ts). */
export class Worker {
  private seq = 0;
  private readonly pending = new Map<number, Pending>();
  readonly localAddress = nextLocalAddress();

  constructor(private readonly child: ChildProcess) {
    child.on("message", (msg: { id: number; result?: unknown; error?: string }) => {
      const p = this.pending.get(msg.id);
      if (!p) return;
      this.pending.delete(msg.id);
      if (msg.error) p.reject(new Error(msg.error));
      else p.resolve(msg.result);
    });
    child.on("exit", (code) => {
      for (const p of this.pending.values()) p.reject(new Error(`load generator exited with ${code}`));
      this.pending.clear();
    });
  }

  call<T>(method: string, params: unknown = {}): Promise<T> {
    const id = ++this.seq;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.child.send({ id, method, params });
    });
  }

  get pid(): number {
    return this.child.pid as number;
  }

  stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return Promise.resolve();
    return stopChild(this.child, new Promise<void>((r) => this.child.once("exit", () => r())));
  }
}

/**
 * Generators share this machine's cores with the server they measure. Run at a lower priority,
 * they take the cores the server leaves idle and do not preempt it, as clients on other machines
 * would not; their own delay still counts in what they measure, and is reported beside it.
 */
export const GENERATOR_NICE = 10;

/**
 * Generators that only bring load and measure nothing at a fine grain (the arrivals of a storm)
 * run below the ones that measure, so that the measuring clients' own delay stays small.
 */
export const LOAD_ONLY_NICE = 15;

/** Forks `n` load generators; stop them with `stopWorkers`. */
export function startWorkers(n: number, nice = GENERATOR_NICE): Worker[] {
  return Array.from({ length: n }, () => {
    const child = fork(WORKER, [], { execArgv: profileArgs(), stdio: ["ignore", "inherit", "inherit", "ipc"] });
    if (child.pid) os.setPriority(child.pid, nice);
    return new Worker(child);
  });
}

export async function stopWorkers(workers: Worker[]): Promise<void> {
  await Promise.all(workers.map((w) => w.stop()));
}

/** Splits `total` into `n` near-equal shares. */
export function shares(total: number, n: number): number[] {
  return Array.from({ length: n }, (_, i) => Math.floor(total / n) + (i < total % n ? 1 : 0));
}
