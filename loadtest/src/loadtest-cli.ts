import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "./args.js";
import { parseRunConfig, RUN_OPTIONS, type RunConfig } from "./harness/config.js";
import { runLoadTest } from "./harness/run.js";
import { parseWorkerPlace, WORKER_OPTIONS, workerMain } from "./harness/workers.js";

const HELP = `Load test of a running server: virtual users join rooms and play games (or chat, or just
hold connections), measured like k6 (connect, ack and delivery latency trends, errors by code),
with thresholds that fail the run (exit code 1) and a results file the dashboard lists.

  --url URL                server (default http://127.0.0.1:3000)
  --engine bots|raw        bots: socket.io-client Bots (default); raw: the hand-written Engine.IO/Socket.IO client
  --scenario S             games (default): play complete games, new ones until the end
                           chat (raw): sit in lobbies and chat every --think ms on average
                           ramp (raw): connections that only hold their heartbeat, ramped by --stages
  --rooms R                tables at once (default 10)
  --players A..B           seats per table, cycled over tables (default 5..10)
  --duration D             run length: 30s, 2m, 500ms (default 30s)
  --think MS               mean pause before each move or chat message (default 500)
  --stages S               ramp stages DURATION:TARGET,... e.g. 10s:500,20s:500,10s:0
                           (default: to --vus over a quarter of --duration, hold, back to 0)
  --vus N                  ramp target when no --stages (default rooms x most players)
  --procs N                worker processes sharing the tables (default 1); each holds its own
                           connections, so N x 19000 connections fit under a per-process file limit
  --source-addresses N     raw VUs connect from 127.0.0.1..N in turn: each source address has
                           ~28k ports towards one server port (default 1)
  --parser json|msgpack    wire parser of the server's WIRE_PARSER (default json; raw speaks json)
  --results DIR            results directory (default loadtest/results)
  --name NAME              run name in the dashboard
  --metrics-port N         serve Prometheus metrics on http://127.0.0.1:N/metrics while running
  --metrics-host H         address for --metrics-port (default 127.0.0.1)
  --remote-write URL       push the metrics (job="loadgen") to Prometheus remote write every 5 s
                           and at the end, e.g. http://127.0.0.1:9090/api/v1/write
thresholds (the run fails when one fails):
  --max-connect-p95 MS     connect time p95 (default 1000)
  --max-ack-p95 MS         ack latency p95 (default none)
  --max-ack-p99 MS         ack latency p99 (default 100)
  --max-delivery-p99 MS    delivery latency p99 (default 100)
  --max-error-rate F       errors per operation, a fraction (default 0.01)
  --min-games N            games finished at least (default none)
The server's limits must allow the load, e.g. LIMIT_CONNECTIONS_PER_IP_PER_MINUTE=1000000
LIMIT_EVENTS_PER_SECOND=1000 LIMIT_EVENT_BURST=2000.`;

const CLI = fileURLToPath(import.meta.url);
const DEFAULT_RESULTS = path.resolve(path.dirname(CLI), "../results");

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  let args: Map<string, string>;
  let cfg: RunConfig;
  try {
    args = parseArgs(argv, { ...RUN_OPTIONS, ...WORKER_OPTIONS });
    if (args.has("help")) {
      process.stdout.write(`${HELP}\n`);
      return 0;
    }
    cfg = parseRunConfig(args);
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n(--help lists the options)\n`);
    return 2;
  }
  const place = parseWorkerPlace(args);
  if (place) {
    await workerMain(cfg, place);
    return Number(process.exitCode ?? 0);
  }
  const stop = new AbortController();
  process.once("SIGINT", () => {
    process.stderr.write("stopping: finishing the run early\n");
    stop.abort();
  });
  const outcome = await runLoadTest(cfg, { defaultResultsDir: DEFAULT_RESULTS, cliPath: CLI, argv, signal: stop.signal });
  process.stdout.write(`\n${outcome.text}results: ${outcome.file}\n`);
  return outcome.summary.thresholdsPassed ? 0 : 1;
}

// Connections still closing and timers of abandoned games must not hold the process open.
main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
    process.exit(2);
  },
);
