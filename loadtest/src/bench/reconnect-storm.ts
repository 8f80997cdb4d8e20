import type { HumanJob } from "./human-players.js";
import { errorSummary, mergeReports, type LoadReport } from "./load-report.js";
import { cpuMs, startFixture, startServer, withServer, type Child } from "./processes.js";
import { pct, progress, verdict, type Table } from "./report.js";
import { humanRunJob, MEAN_INTERVAL_MS, PLAYERS, recordedScripts, seatPlayers } from "./human-pace.js";
import type { RoomScript } from "./room-scripts.js";
import { between, bucketQuantile, readCounters } from "./server-counters.js";
import { generatorCell, meterGenerators, type GeneratorLoad } from "./generator-meter.js";
import { lagMaxMs } from "./node-figures.js";
import { GENERATOR_NICE, LOAD_ONLY_NICE, shares, startWorkers, stopWorkers, type Worker } from "./workers.js";

interface StormRun {
  name: string;
  playing: number;
  arrived: number;
  arrivalFailures: string;
  admittedS: number;
  lagMaxMs: number;
  /** Our node's own game:action ack p99 over the storm (upper bucket bound), ms; null for the relay. */
  serverAckP99Ms: number | null;
  report: ReturnType<typeof mergeReports>;
  serverCpuPct: number;
  generators: GeneratorLoad;
  /** Recorded on our node for the relay's replay run. */
  scripts: RoomScript[];
}

async function stormRun(name: string, server: Child, mode: HumanJob["mode"], rooms: number, arrivals: number, generators: number, seconds: number, scripts?: RoomScript[]): Promise<StormRun> {
  const players = startWorkers(generators);
  const arrivers = startWorkers(generators, LOAD_ONLY_NICE);
  const all: Worker[] = [...players, ...arrivers];
  try {
    progress(`reconnect storm: ${name}: seating ${rooms * PLAYERS} players in games`);
    const setups = await seatPlayers(players, server, mode, rooms, scripts);
    progress(`reconnect storm: ${name}: playing, then ${arrivals} connections arrive at once`);
    const s0 = cpuMs(server.pid);
    const meter = await meterGenerators(all);
    const warmupSeconds = 2;
    const playing = Promise.all(players.map((w) => w.call<LoadReport>("human.run", humanRunJob(players, warmupSeconds, seconds))));
    await new Promise((r) => setTimeout(r, (warmupSeconds + 1) * 1000));
    const ours = mode === "game";
    await lagMaxMs(server, ours);
    const before = ours ? await readCounters([server.url], null) : null;
    const t0 = Date.now();
    const counts = shares(arrivals, generators);
    // The arrivals start their handshakes evenly over one second; each honours server_busy by waiting the time given.
    const opened = await Promise.all(
      arrivers.map((w, i) => w.call<{ open: number; refused: Record<string, number>; failed: Record<string, number> }>("idle.open", { url: server.url, count: counts[i], localAddress: w.localAddress, concurrency: counts[i], timeoutMs: 20_000, spreadMs: 1000 })),
    );
    const admittedS = (Date.now() - t0) / 1000;
    const reports = await playing;
    const lag = await lagMaxMs(server, ours);
    const serverAck = before ? between(before, await readCounters([server.url], null)).ack : null;
    const wall = (warmupSeconds + seconds) * 1000;
    const failures: Record<string, number> = {};
    for (const o of opened) for (const [k, v] of [...Object.entries(o.refused), ...Object.entries(o.failed)]) failures[k] = (failures[k] ?? 0) + v;
    const run: StormRun = {
      name,
      playing: setups.reduce((s, x) => s + x.players, 0),
      arrived: opened.reduce((s, o) => s + o.open, 0),
      arrivalFailures: Object.entries(failures).map(([k, v]) => `${k} x${v}`).join(", ") || "none",
      admittedS,
      lagMaxMs: lag,
      serverAckP99Ms: serverAck ? bucketQuantile(serverAck, 0.99) * 1000 : null,
      report: mergeReports(reports),
      serverCpuPct: ((cpuMs(server.pid) - s0) / wall) * 100,
      generators: await meter.read(),
      scripts: ours ? await recordedScripts(players) : [],
    };
    await Promise.all([...players.map((w) => w.call("human.close")), ...arrivers.map((w) => w.call("idle.close"))]);
    return run;
  } finally {
    await stopWorkers(all);
  }
}

/**
 * A node serving players in games while as many connections again arrive within a second (a node
 * lost, its players landing here): do the games stay responsive, and is everyone admitted?
 */
export async function reconnectStorm(quick: boolean): Promise<Table[]> {
  const rooms = quick ? 50 : 500;
  const arrivals = rooms * PLAYERS;
  const generators = quick ? 2 : 3;
  const seconds = quick ? 10 : 20;
  const ours = await withServer(() => startServer({}), (server) => stormRun("our node", server, "game", rooms, arrivals, generators, seconds));
  const base = await withServer(() => startFixture("plain-socketio.js"), (server) => stormRun("plain Socket.IO relay", server, "replay", rooms, arrivals, generators, seconds, ours.scripts));
  const ack99 = pct(ours.report.ackH, 99);
  return [
    {
      title: `Reconnect storm: ${rooms * PLAYERS} players in games, ${arrivals} more connections arriving within 1 s`,
      method:
        `One node with its default handshake admission. ${rooms} rooms of ${PLAYERS} raw-websocket players (${generators} generator processes) play at human pace (a move or chat line every ${MEAN_INTERVAL_MS / 2000}-${(MEAN_INTERVAL_MS * 1.5) / 1000} s); ` +
        `1 s after a 2 s warm-up, ${arrivals} connections start their handshakes evenly within one second from ${generators} other generator processes, each waiting the time a server_busy refusal gives before trying again; the players' generators run at nice ${GENERATOR_NICE}, the arrivals' at nice ${LOAD_ONLY_NICE}. ` +
        `Playing ack p99 is over the ${seconds} s window that holds the storm, as the players measure it (so it includes their own generators' lag); the server's own game:action ack p99 is from the storm's start to the window's end; event-loop lag max is the node's longest delay from the storm's start to the window's end (our node: nodejs_eventloop_lag_max_seconds; the relay: the same measure on its /lag). The relay runs the same pattern with the same work per message: its players replay the patches and chat lines that ${ours.scripts.length} of our node's rooms recorded, as in the human-pace table.`,
      head: ["server", "playing", "arrived", "all admitted after", "arrival failures", "playing ack p50 ms", "p99 ms", "game:action ack p99 ms (server)", "delivery p99 ms", "event-loop lag max ms", "playing errors", "server CPU", "generators: CPU (busiest), event-loop lag"],
      rows: [ours, base].map((r) => [
        r.name,
        r.playing,
        r.arrived,
        `${r.admittedS.toFixed(1)} s`,
        r.arrivalFailures,
        pct(r.report.ackH, 50),
        pct(r.report.ackH, 99),
        r.serverAckP99Ms === null ? "n/a" : `≤ ${r.serverAckP99Ms}`,
        pct(r.report.deliveryH, 99),
        Math.round(r.lagMaxMs),
        errorSummary(r.report),
        `${r.serverCpuPct.toFixed(0)}%`,
        generatorCell(r.generators),
      ]),
      verdicts: [
        verdict(ack99 <= 100, `reconnect storm: playing clients' ack p99 ${ack99} ms (target ≤ 100 ms; plain Socket.IO ${pct(base.report.ackH, 99)} ms)`),
        verdict(ours.lagMaxMs <= 100, `reconnect storm: node event-loop lag max ${Math.round(ours.lagMaxMs)} ms (target ≤ 100 ms; plain Socket.IO ${Math.round(base.lagMaxMs)} ms)`),
        verdict(ours.arrived === arrivals && ours.admittedS <= 15, `reconnect storm: ${ours.arrived} of ${arrivals} newcomers admitted after ${ours.admittedS.toFixed(1)} s (target all within 15 s)`),
      ],
    },
  ];
}
