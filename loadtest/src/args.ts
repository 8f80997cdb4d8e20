/** `--key value` and `--flag` arguments into a map; values stay strings. */
export function parseArgs(argv: string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (!a.startsWith("--")) continue;
    const [key, inline] = a.slice(2).split("=", 2) as [string, string | undefined];
    if (inline !== undefined) out.set(key, inline);
    else if (i + 1 < argv.length && !(argv[i + 1] as string).startsWith("--")) out.set(key, argv[++i] as string);
    else out.set(key, "true");
  }
  return out;
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
