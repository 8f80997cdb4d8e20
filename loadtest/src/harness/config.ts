import { MAX_PLAYERS, MIN_PLAYERS } from "@avalon/protocol";
import { intArg, parseRange, valued } from "../args.js";
import { defaultStages, parseDuration, parseStages, share, shareStages, stagesDuration, type Stage } from "./stages.js";
import { DEFAULT_THRESHOLDS, type ThresholdLimits } from "./thresholds.js";
import type { TableShare } from "./scenarios/context.js";

export type Engine = "bots" | "raw";
export type Scenario = "games" | "chat" | "ramp";

/** Every option of a load-test run, with its default; the CLI's help text lists the same. */
export interface RunConfig {
  /** --url: the server (default http://127.0.0.1:3000). */
  url: string;
  /** --engine: bots (socket.io-client `Bot`, default) or raw (hand-written Engine.IO/Socket.IO client). */
  engine: Engine;
  /** --scenario: games (default), chat (raw only), ramp (raw only). */
  scenario: Scenario;
  /** --rooms: tables playing or chatting at once (default 10). */
  rooms: number;
  /** --players: seats per table, cycled over tables (default 5..10). */
  players: [number, number];
  /** --duration: run length (default 30s); a ramp lasts as long as its stages. */
  durationMs: number;
  /** --think: mean pause before a move or chat message, ms (default 500). */
  thinkMs: number;
  /** --stages: ramp stages like 10s:500,20s:500,10s:0 (default: up a quarter, hold half, down a quarter to --vus). */
  stages: Stage[];
  /** --procs: worker processes sharing the load (default 1, this process). */
  procs: number;
  /** --results: directory of the results JSON (default loadtest/results). */
  resultsDir: string | null;
  /** --name: the run's name in the dashboard (default: a description of the run). */
  name: string;
  /** --metrics-port: serve Prometheus metrics while running (default off); --metrics-host (default 127.0.0.1). */
  metricsPort: number | null;
  metricsHost: string;
  /** --remote-write: Prometheus remote-write URL the run's metrics are pushed to every 5 s and at the end (default off). */
  remoteWrite: string | null;
  /** --source-addresses: raw VUs connect from 127.0.0.1..N in turn, for more than ~28k connections to one port (default 1). */
  sourceAddresses: number;
  /** --parser: json (default) or msgpack; the raw engine speaks json only. */
  parser: "json" | "msgpack";
  /** --max-connect-p95, --max-ack-p95, --max-ack-p99, --max-delivery-p99 (ms), --max-error-rate (fraction), --min-games. */
  limits: ThresholdLimits;
}

function oneOf<T extends string>(args: Map<string, string>, key: string, allowed: readonly T[], def: T): T {
  const raw = args.get(key) ?? def;
  if (!(allowed as readonly string[]).includes(raw)) throw new Error(`--${key}: expected one of ${allowed.join(", ")}, got "${raw}"`);
  return raw as T;
}

function numArg(args: Map<string, string>, key: string, def: number): number {
  const raw = args.get(key);
  if (raw === undefined) return def;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0) throw new Error(`--${key}: expected a number, got "${raw}"`);
  return n;
}

function optionalNum(args: Map<string, string>, key: string, def: number | null): number | null {
  return args.has(key) ? numArg(args, key, 0) : def;
}

/** Every option parseRunConfig reads. */
export const RUN_OPTIONS = valued(
  "url", "engine", "scenario", "rooms", "players", "duration", "think", "stages", "vus", "procs", "source-addresses", "parser",
  "results", "name", "metrics-port", "metrics-host", "remote-write",
  "max-connect-p95", "max-ack-p95", "max-ack-p99", "max-delivery-p99", "max-error-rate", "min-games",
);

export function parseRunConfig(args: Map<string, string>): RunConfig {
  const url = args.get("url") ?? "http://127.0.0.1:3000";
  if (!/^(https?|wss?):\/\//.test(url)) throw new Error(`--url: expected http://host:port, got "${url}"`);
  const engine = oneOf(args, "engine", ["bots", "raw"] as const, "bots");
  const scenario = oneOf(args, "scenario", ["games", "chat", "ramp"] as const, "games");
  if (engine === "bots" && scenario !== "games") throw new Error(`--scenario ${scenario} runs on the raw engine: add --engine raw`);
  const parser = oneOf(args, "parser", ["json", "msgpack"] as const, "json");
  if (engine === "raw" && parser !== "json") throw new Error("--engine raw speaks the JSON parser only");
  const players = parseRange(args.get("players") ?? "5..10");
  if (players[0] < MIN_PLAYERS || players[1] > MAX_PLAYERS || players[0] > players[1]) throw new Error(`--players: ${MIN_PLAYERS}..${MAX_PLAYERS}`);
  const rooms = intArg(args, "rooms", 10);
  const durationMs = parseDuration(args.get("duration") ?? "30s");
  const vus = intArg(args, "vus", rooms * players[1]);
  const stages = scenario === "ramp" ? (args.has("stages") ? parseStages(args.get("stages") as string) : defaultStages(durationMs, vus)) : [];
  const procs = Math.max(1, Math.floor(intArg(args, "procs", 1)));
  const thinkMs = intArg(args, "think", 500);
  const metricsPort = args.has("metrics-port") ? intArg(args, "metrics-port", 0) : null;
  const sourceAddresses = Math.max(1, Math.min(254, Math.floor(intArg(args, "source-addresses", 1))));
  if (sourceAddresses > 1 && engine !== "raw") throw new Error("--source-addresses needs --engine raw");
  if (sourceAddresses > 1 && !/^[a-z]+:\/\/127\./.test(url)) throw new Error("--source-addresses needs a 127.x.y.z server address");
  const runMs = scenario === "ramp" ? stagesDuration(stages) : durationMs;
  const what = scenario === "ramp" ? `ramp to ${Math.max(...stages.map((s) => s.target))} connections` : `${rooms} rooms of ${players[0]}..${players[1]}, think ${thinkMs} ms`;
  return {
    url,
    engine,
    scenario,
    rooms,
    players,
    durationMs: runMs,
    thinkMs,
    stages,
    procs,
    resultsDir: args.get("results") ?? null,
    name: args.get("name") ?? `${engine} ${scenario}: ${what}, ${Math.round(runMs / 1000)} s${procs > 1 ? `, ${procs} procs` : ""}`,
    metricsPort,
    metricsHost: args.get("metrics-host") ?? "127.0.0.1",
    remoteWrite: remoteWriteArg(args.get("remote-write")),
    parser,
    sourceAddresses,
    limits: {
      maxConnectP95Ms: numArg(args, "max-connect-p95", DEFAULT_THRESHOLDS.maxConnectP95Ms),
      maxAckP95Ms: optionalNum(args, "max-ack-p95", DEFAULT_THRESHOLDS.maxAckP95Ms),
      maxAckP99Ms: numArg(args, "max-ack-p99", DEFAULT_THRESHOLDS.maxAckP99Ms),
      maxDeliveryP99Ms: numArg(args, "max-delivery-p99", DEFAULT_THRESHOLDS.maxDeliveryP99Ms),
      maxErrorRate: numArg(args, "max-error-rate", DEFAULT_THRESHOLDS.maxErrorRate),
      minGames: optionalNum(args, "min-games", DEFAULT_THRESHOLDS.minGames),
    },
  };
}

/** The part of a run that process `index` of `count` takes: a slice of the tables, or of the ramp's targets. */
export interface ProcessShare {
  tables: TableShare;
  stages: Stage[];
}

export function processShare(cfg: RunConfig, index: number, count: number): ProcessShare {
  let firstTable = 0;
  for (let i = 0; i < index; i++) firstTable += share(cfg.rooms, count, i);
  return {
    tables: { rooms: share(cfg.rooms, count, index), firstTable, players: cfg.players },
    stages: shareStages(cfg.stages, count, index),
  };
}

function remoteWriteArg(value: string | undefined): string | null {
  if (value === undefined) return null;
  if (!/^https?:\/\/\S+$/.test(value)) throw new Error(`--remote-write needs an http(s) URL, got "${value}"`);
  return value;
}
