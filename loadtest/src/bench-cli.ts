import { parseArgs } from "./args.js";
import { capacity } from "./bench/capacity.js";
import { clusterLoad } from "./bench/cluster-load.js";
import { drain } from "./bench/drain.js";
import { efficiency } from "./bench/efficiency.js";
import { humanPace } from "./bench/human-pace.js";
import { killAll } from "./bench/processes.js";
import { reconnectStorm } from "./bench/reconnect-storm.js";
import { scale } from "./bench/scale.js";
import { voteBurst } from "./bench/vote-burst.js";
import { redisClients } from "./bench/redis-clients.js";
import { runtimeComparison } from "./bench/runtimes.js";
import { command, machine, print, progress, type Table } from "./bench/report.js";

const SUITES = ["efficiency", "redis", "capacity", "seed", "human", "storm", "burst", "drain", "runtimes", "scale", "libraries"] as const;
type SuiteName = (typeof SUITES)[number];

const HELP = `Runs the benchmark matrix against the built server (npm run build first) and prints
tables with our figure, a baseline measured in the same run, and the ratio.
  --only a,b     run only these suites: ${SUITES.join(", ")}
                 (redis and seed share their game runs; asking for both runs them once)
                 (libraries needs the loadtest workspace's devDependencies)
  --quick        small numbers: a smoke run of every suite`;

interface Step {
  name: string;
  run: (quick: boolean) => Promise<Table[]>;
}

function plan(only: Set<SuiteName> | null): Step[] {
  const want = (s: SuiteName) => only === null || only.has(s);
  const steps: Step[] = [];
  if (want("efficiency")) steps.push({ name: "efficiency", run: efficiency });
  if (want("redis") || want("seed")) {
    const which = { redis: want("redis"), seed: want("seed") };
    steps.push({
      name: [which.redis && "redis", which.seed && "seed"].filter(Boolean).join(" + "),
      run: async (quick) => [...(which.redis ? await redisClients(quick) : []), ...(await clusterLoad(quick, which))],
    });
  }
  if (want("capacity")) steps.push({ name: "capacity", run: capacity });
  if (want("human")) steps.push({ name: "human", run: humanPace });
  if (want("storm")) steps.push({ name: "storm", run: reconnectStorm });
  if (want("burst")) steps.push({ name: "burst", run: voteBurst });
  if (want("drain")) steps.push({ name: "drain", run: drain });
  if (want("runtimes")) steps.push({ name: "runtimes", run: runtimeComparison });
  if (want("scale")) steps.push({ name: "scale", run: scale });
  // The libraries it compares are devDependencies, absent from the production image: load them only when asked.
  if (want("libraries")) steps.push({ name: "libraries", run: async (quick) => (await import("./bench/libraries.js")).libraries(quick) });
  return steps;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2), { only: { type: "string" }, quick: { type: "boolean" } });
  if (args.has("help")) {
    process.stdout.write(`${HELP}\n`);
    return;
  }
  const quick = args.has("quick");
  const onlyRaw = args.get("only")?.split(",").map((s) => s.trim());
  for (const name of onlyRaw ?? []) {
    if (!(SUITES as readonly string[]).includes(name)) throw new Error(`unknown suite "${name}"; known: ${SUITES.join(", ")}`);
  }
  const only = onlyRaw ? new Set(onlyRaw as SuiteName[]) : null;
  const started = Date.now();
  process.stdout.write(`# avalon-realtime benchmarks\nmachine: ${machine()}\ncommand: ${command()}\n`);
  const verdicts: string[] = [];
  for (const step of plan(only)) {
    const t0 = Date.now();
    progress(`suite ${step.name}`);
    for (const table of await step.run(quick)) {
      print(table);
      verdicts.push(...(table.verdicts ?? []));
    }
    progress(`suite ${step.name} took ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  }
  process.stdout.write(`\n## Targets\n${verdicts.join("\n")}\n\ntotal runtime: ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
}

const stop = (code: number) => {
  killAll();
  process.exit(code);
};
process.on("SIGINT", () => stop(130));
process.on("SIGTERM", () => stop(143));
main().then(
  () => stop(0),
  (err: unknown) => {
    process.stderr.write(`bench failed: ${(err as Error).stack ?? String(err)}\n`);
    stop(1);
  },
);
