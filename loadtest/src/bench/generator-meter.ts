import { cpuMs } from "./processes.js";
import type { Worker } from "./workers.js";

/** What the load generators themselves spent over a window: a ratio means little if they were saturated. */
export interface GeneratorLoad {
  /** All generators together, % of one core. */
  cpuPct: number;
  /** The busiest generator, % of one core. */
  busiestCpuPct: number;
  /** The worst generator's event-loop delay, ms. */
  lagP99Ms: number;
  lagMaxMs: number;
}

/** Starts measuring the generators' CPU and event-loop delay; `read` ends the window. */
export async function meterGenerators(workers: Worker[]): Promise<{ read(): Promise<GeneratorLoad> }> {
  await Promise.all(workers.map((w) => w.call("lag.reset")));
  const t0 = Date.now();
  const cpu0 = workers.map((w) => cpuMs(w.pid));
  return {
    async read() {
      const wall = Math.max(1, Date.now() - t0);
      const cpu = workers.map((w, i) => ((cpuMs(w.pid) - (cpu0[i] as number)) / wall) * 100);
      const lags = await Promise.all(workers.map((w) => w.call<{ p99Ms: number; maxMs: number }>("lag.read")));
      return {
        cpuPct: cpu.reduce((a, b) => a + b, 0),
        busiestCpuPct: Math.max(0, ...cpu),
        lagP99Ms: Math.max(0, ...lags.map((l) => l.p99Ms)),
        lagMaxMs: Math.max(0, ...lags.map((l) => l.maxMs)),
      };
    },
  };
}

/** One table cell: total CPU, the busiest generator's, and the worst event-loop delay. */
export function generatorCell(g: GeneratorLoad): string {
  return `${g.cpuPct.toFixed(0)}% (max ${g.busiestCpuPct.toFixed(0)}%), lag p99 ${Math.round(g.lagP99Ms)} / max ${Math.round(g.lagMaxMs)} ms`;
}
