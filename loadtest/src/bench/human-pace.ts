import type { HumanJob, HumanRun } from "./human-players.js";
import type { RoomScript } from "./room-scripts.js";
import { errorCount, errorSummary, mergeReports, type LoadReport } from "./load-report.js";
import { cpuMs, rssBytes, startFixture, startServer, withServer, writeCalls, writtenBytes, type Child } from "./processes.js";
import { pct, progress, ratio, verdict, type Table } from "./report.js";
import { lagMaxMs } from "./node-figures.js";
import { between, bucketQuantile, readCounters } from "./server-counters.js";
import { generatorCell, meterGenerators, type GeneratorLoad } from "./generator-meter.js";
import { GENERATOR_NICE, shares, startWorkers, stopWorkers, type Worker } from "./workers.js";

export const PLAYERS = 10;
export const MEAN_INTERVAL_MS = 5000;
/** Rooms of our node's run that record a script for the relay's replay run. */
const SCRIPT_ROOMS = 100;

/** A window of play at human pace; in game mode, some rooms record scripts for a replay run. */
export function humanRunJob(workers: Worker[], warmupSeconds: number, seconds: number): HumanRun {
  return { meanIntervalMs: MEAN_INTERVAL_MS, warmupSeconds, seconds, recordRooms: Math.ceil(SCRIPT_ROOMS / workers.length) };
}

/** The scripts the generators recorded in their last game-mode run. */
export async function recordedScripts(workers: Worker[]): Promise<RoomScript[]> {
  return (await Promise.all(workers.map((w) => w.call<RoomScript[]>("human.scripts")))).flat();
}

interface Run {
  name: string;
  connections: number;
  setupFailures: string;
  setupS: number;
  report: ReturnType<typeof mergeReports>;
  serverCpuPct: number;
  /** The server's write system calls and bytes written per second over the whole run. */
  writesPerS: number;
  bytesPerS: number;
  generators: GeneratorLoad;
  rssMiB: number;
  /** The server's longest event-loop delay in the recorded window. */
  lagMaxMs: number;
  /** Our node's own game:action ack p99 in the window (a histogram bucket's bound); none for the relay. */
  serverAckP99Ms: number | null;
  /** Recorded on our node for the relay's replay run. */
  scripts: RoomScript[];
}

/** Seats ten players per room in started games (or echo rooms), spread over the generators. */
export function seatPlayers(workers: Worker[], server: Child, mode: HumanJob["mode"], rooms: number, scripts?: RoomScript[]): Promise<{ players: number; failures: Record<string, number> }[]> {
  const per = shares(rooms, workers.length);
  return Promise.all(
    workers.map((w, i) =>
      w.call<{ players: number; failures: Record<string, number> }>("human.setup", {
        url: server.url,
        rooms: per[i] as number,
        firstRoom: per.slice(0, i).reduce((a, b) => a + b, 0),
        players: PLAYERS,
        localAddress: w.localAddress,
        mode,
        ...(scripts ? { scripts } : {}),
        setupConcurrency: 20,
      } satisfies HumanJob),
    ),
  );
}

async function humanRun(name: string, server: Child, mode: HumanJob["mode"], rooms: number, generators: number, warmupSeconds: number, seconds: number, scripts?: RoomScript[]): Promise<Run> {
  const workers = startWorkers(generators);
  try {
    progress(`human pace: ${name}: connecting ${rooms * PLAYERS} players`);
    const t0 = Date.now();
    const setups = await seatPlayers(workers, server, mode, rooms, scripts);
    const setupS = (Date.now() - t0) / 1000;
    const failures: Record<string, number> = {};
    for (const s of setups) for (const [k, v] of Object.entries(s.failures)) failures[k] = (failures[k] ?? 0) + v;
    progress(`human pace: ${name}: playing (${warmupSeconds} s warm-up, ${seconds} s recorded)`);
    const s0 = cpuMs(server.pid);
    const w0 = writeCalls(server.pid);
    const b0 = writtenBytes(server.pid);
    const meter = await meterGenerators(workers);
    const ours = mode === "game";
    // The node's own figures are read from where the generators start recording.
    const windowStart = new Promise((r) => setTimeout(r, warmupSeconds * 1000)).then(async () => {
      await lagMaxMs(server, ours);
      return ours ? readCounters([server.url], null) : null;
    });
    const reports = await Promise.all(workers.map((w) => w.call<LoadReport>("human.run", humanRunJob(workers, warmupSeconds, seconds))));
    const before = await windowStart;
    const lag = await lagMaxMs(server, ours);
    const serverAck = before ? between(before, await readCounters([server.url], null)).ack : null;
    const wall = (warmupSeconds + seconds) * 1000;
    const generators = await meter.read();
    const run: Run = {
      name,
      connections: setups.reduce((s, x) => s + x.players, 0),
      setupFailures: Object.entries(failures).map(([k, v]) => `${k} x${v}`).join(", ") || "none",
      setupS,
      report: mergeReports(reports),
      serverCpuPct: ((cpuMs(server.pid) - s0) / wall) * 100,
      writesPerS: ((writeCalls(server.pid) - w0) * 1000) / wall,
      bytesPerS: ((writtenBytes(server.pid) - b0) * 1000) / wall,
      generators,
      rssMiB: rssBytes(server.pid) / 2 ** 20,
      lagMaxMs: lag,
      serverAckP99Ms: serverAck ? bucketQuantile(serverAck, 0.99) * 1000 : null,
      scripts: ours ? await recordedScripts(workers) : [],
    };
    await Promise.all(workers.map((w) => w.call("human.close")));
    return run;
  } finally {
    await stopWorkers(workers);
  }
}

export async function humanPace(quick: boolean): Promise<Table[]> {
  const rooms = quick ? 100 : 1000;
  const generators = quick ? 2 : 4;
  const warmup = quick ? 3 : 5;
  const seconds = quick ? 8 : 20;
  const ours = await withServer(() => startServer({}), (server) => humanRun("our node", server, "game", rooms, generators, warmup, seconds));
  const relay = (name: string, mode: HumanJob["mode"], scripts?: RoomScript[]) =>
    withServer(() => startFixture("plain-socketio.js"), (server) => humanRun(name, server, mode, rooms, generators, warmup, seconds, scripts));
  const base = await relay("baseline (a): plain Socket.IO relay, clients replaying the game's messages", "replay", ours.scripts);
  const light = await relay("plain Socket.IO relay, echo clients (for reference)", "echo");
  const perSec = (r: Run, n: number) => Math.round(n / r.report.seconds);
  const p99 = pct(ours.report.deliveryH, 99);
  const dRatio = ours.report.deliveries / Math.max(1, base.report.deliveries);
  const ackRatio = pct(ours.report.ackH, 99) / Math.max(1, pct(base.report.ackH, 99));
  const p99Ratio = p99 / Math.max(1, pct(base.report.deliveryH, 99));
  const split = (r: Run) => `${pct(r.report.toServerH, 99)} / ${pct(r.report.backH, 99)}`;
  const timeouts = Object.entries(ours.report.errors).reduce((n, [k, v]) => n + (k.startsWith("timeout") ? v : 0), 0);
  return [
    {
      title: `Human pace: ${rooms * PLAYERS} connections in ${rooms} rooms, every player acting about every ${MEAN_INTERVAL_MS / 1000} s`,
      method:
        `Raw websocket clients (Socket.IO protocol by hand) in ${generators} generator processes on the same machine as the server. On our node each room plays a real game: ` +
        `every player, every ${MEAN_INTERVAL_MS / 2000}-${(MEAN_INTERVAL_MS * 1.5) / 1000} s (uniform), makes its pending move, or sends a chat line when the game awaits nothing from it; patches, private views and chat go to the room. ` +
        `Baseline (a) gets the same pattern and the same work per message: the same rooms and clients, one event per player per tick, echo-broadcast to the room; ` +
        `each tick sends the room's next message of a script that the first seat of one of ${ours.scripts.length} rooms recorded on our node (its patches and chat lines, in order, from its view at the start), and every seat applies the echoed patches to its room mirror as our players do. ` +
        `Its ratios are the targets'. The last row is the relay with clients that only count echoes of a small event, as before. ${warmup} s warm-up, then ${seconds} s recorded; delivery latency is server \`ts\` to receipt; the ack split cuts each round trip at the server's \`ts\` on what the request made (its move's patch, its chat line, the relay's echo; both servers stamp it right before they write the ack): to server is client send to that stamp (the server's input wait, plus any delay of the generator between timing and writing), back is stamp to ack received (mostly the generator's own read delay); server CPU, writes (system calls) and bytes over warm-up and window, from /proc; the server's own game:action ack p99 and event-loop lag max over the recorded window (our node: avalon_ack_latency_seconds and nodejs_eventloop_lag_max_seconds; the relay: the same lag measure on its /lag). Generators run at nice ${GENERATOR_NICE}.`,
      head: ["server", "connections", "setup", "requests/s", "deliveries/s", "p50 ms", "p95 ms", "p99 ms", "ack p99 ms", "ack split p99 ms: to server / back", "game:action ack p99 ms (server)", "event-loop lag max ms", "errors", "server CPU", "server writes/s, KiB/s", "generators: CPU (busiest), event-loop lag", "server RSS MiB", "deliveries vs baseline"],
      rows: [ours, base, light].map((r) => [
        r.name,
        r.connections,
        `${r.setupS.toFixed(0)} s${r.setupFailures === "none" ? "" : ` (${r.setupFailures})`}`,
        perSec(r, r.report.requests),
        perSec(r, r.report.deliveries),
        pct(r.report.deliveryH, 50),
        pct(r.report.deliveryH, 95),
        pct(r.report.deliveryH, 99),
        pct(r.report.ackH, 99),
        split(r),
        r.serverAckP99Ms === null ? "n/a" : `≤ ${r.serverAckP99Ms}`,
        Math.round(r.lagMaxMs),
        errorCount(r.report),
        `${r.serverCpuPct.toFixed(0)}%`,
        `${Math.round(r.writesPerS)}, ${Math.round(r.bytesPerS / 1024)}`,
        generatorCell(r.generators),
        r.rssMiB.toFixed(0),
        ratio(r.report.deliveries, base.report.deliveries),
      ]),
      verdicts: [
        // Delivery latency only counts what was delivered: a node that keeps up must also answer requests in time.
        verdict(
          p99 < 100 && ours.connections === rooms * PLAYERS && timeouts === 0,
          `human pace on one node: p99 delivery ${p99} ms with ${ours.connections} connections (target < 100 ms), ack p99 ${pct(ours.report.ackH, 99)} ms, ${timeouts} requests unanswered after 10 s; errors: ${errorSummary(ours.report)}`,
        ),
        verdict(ackRatio <= 2, `human pace: client ack p99 ${pct(ours.report.ackH, 99)} ms, ${ackRatio.toFixed(2)}x baseline (a)'s ${pct(base.report.ackH, 99)} ms (target ≤ 2x); split p99 to server / back ${split(ours)} ms vs ${split(base)} ms; generators ${generatorCell(ours.generators)} vs ${generatorCell(base.generators)}`),
        verdict(p99Ratio <= 3, `human pace: delivery p99 ${p99} ms, ${p99Ratio.toFixed(2)}x baseline (a)'s ${pct(base.report.deliveryH, 99)} ms (target ≤ 3x)`),
        verdict(dRatio >= 1, `human pace deliveries per second: ${dRatio.toFixed(2)}x baseline (a) on the same pattern (target ≥ 1.0x)`),
      ],
    },
  ];
}
