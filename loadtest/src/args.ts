import { parseArgs as parseOptions } from "node:util";

/** A command's options: `--name value` for strings, `--name` alone for flags. */
export type Options = Record<string, { type: "string" | "boolean" }>;

/** Options that each take a value, declared by name. */
export function valued(...names: string[]): Options {
  return Object.fromEntries(names.map((n) => [n, { type: "string" as const }]));
}

/**
 * Declared options into a map of strings (a flag reads "true"); an option not declared, a value
 * missing or a stray positional is an error naming it.
 */
export function parseArgs(argv: string[], options: Options): Map<string, string> {
  const { values } = parseOptions({ args: argv, options: { help: { type: "boolean" }, ...options }, strict: true, allowPositionals: false });
  return new Map(Object.entries(values).flatMap(([k, v]) => (v === undefined ? [] : [[k, String(v)] as [string, string]])));
}

/** "5..10" or "7" into an inclusive range. */
export function parseRange(raw: string): [number, number] {
  const m = /^(\d+)(?:\.\.(\d+))?$/.exec(raw);
  if (!m) throw new Error(`expected N or A..B, got "${raw}"`);
  const lo = Number(m[1]);
  return [lo, m[2] ? Number(m[2]) : lo];
}

export function intArg(args: Map<string, string>, key: string, def: number): number {
  const raw = args.get(key);
  if (raw === undefined) return def;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0) throw new Error(`--${key}: expected a number, got "${raw}"`);
  return n;
}
