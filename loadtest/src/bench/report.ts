import os from "node:os";
import type { Histogram } from "../harness/histogram.js";

export type Cell = string | number;

/** Cores, memory and Node version, as every table states them. */
export function machine(): string {
  return `${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}`;
}

/** The 1-minute load average when a table is printed: the machine may be shared, and this says how busy it was. */
function load(): string {
  return `load average ${os.loadavg()[0]?.toFixed(1)} on ${os.cpus().length} cores`;
}

/** The command line that produced this run, as the user typed it. */
export function command(argv: string[] = process.argv.slice(2)): string {
  const extra = argv.join(" ");
  if (process.env.npm_lifecycle_event === "bench") return `npm run bench${extra ? ` -- ${extra}` : ""}`;
  return `node loadtest/dist/bench-cli.js${extra ? ` ${extra}` : ""}`;
}

export interface Table {
  title: string;
  /** One sentence on what a row measures and how. */
  method: string;
  head: string[];
  rows: Cell[][];
  /** Target lines, e.g. "PASS bytes per 10-player game 0.08x naive (target <= 0.20x)". */
  verdicts?: string[];
  notes?: string[];
}

export function render(t: Table): string {
  const cells = t.rows.map((r) => r.map(String));
  const widths = t.head.map((h, i) => Math.max(h.length, ...cells.map((r) => (r[i] ?? "").length)));
  const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i] as number)).join(" | ")} |`;
  return [
    "",
    `## ${t.title}`,
    `machine: ${machine()}; command: ${command()}; ${load()} when printed`,
    `method: ${t.method}`,
    line(t.head),
    `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`,
    ...cells.map(line),
    ...(t.verdicts ?? []),
    ...(t.notes ?? []).map((n) => `note: ${n}`),
    "",
  ].join("\n");
}

export function print(t: Table): void {
  process.stdout.write(render(t));
}

export function verdict(pass: boolean, text: string): string {
  return `${pass ? "PASS" : "MISS"} ${text}`;
}

/** A ratio with two decimals and an x, or "-" when the base is zero. */
export function ratio(ours: number, base: number): string {
  return base === 0 ? "-" : `${(ours / base).toFixed(2)}x`;
}

/** A latency percentile in whole ms, as the samples themselves are (server and client `Date.now()`). */
export function pct(h: Histogram, p: number): number {
  return Math.round(h.percentile(p));
}

export function round(n: number, digits = 0): string {
  return n.toFixed(digits);
}

/** Progress goes to stderr so stdout holds only the tables. */
export function progress(text: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${text}\n`);
}
