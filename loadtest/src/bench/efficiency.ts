import { Histogram } from "../harness/histogram.js";
import { openIdle } from "./idle-connections.js";
import { rssBytes, sleep, startFixture, startServer, type Child } from "./processes.js";
import { relayLikeGame } from "./relay-floor.js";
import { pct, progress, ratio, round, verdict, type Table } from "./report.js";
import { playSeededGame, sumWire, type GameTally } from "./seeded-games.js";

interface Encoding {
  name: string;
  /** Server env; null runs the naive baseline fixture instead of the product. */
  env: Record<string, string> | null;
  parser: "json" | "msgpack";
}

const NAIVE = "naive baseline (b)";
const DEFAULT = "JSON + patches";

const ENCODINGS: Encoding[] = [
  { name: NAIVE, env: null, parser: "json" },
  { name: "JSON + snapshots", env: { STATE_SYNC: "snapshot" }, parser: "json" },
  { name: DEFAULT, env: {}, parser: "json" },
  { name: "msgpack + patches", env: { WIRE_PARSER: "msgpack" }, parser: "msgpack" },
  { name: "JSON + patches + deflate >= 256 B", env: { PER_MESSAGE_DEFLATE: "true", DEFLATE_THRESHOLD_BYTES: "256" }, parser: "json" },
  { name: "JSON + patches + deflate >= 1024 B", env: { PER_MESSAGE_DEFLATE: "true", DEFLATE_THRESHOLD_BYTES: "1024" }, parser: "json" },
];

const PLAYER_COUNTS = [5, 6, 7, 8, 9, 10];
const ROOM_SEED = "bench-efficiency";

interface EncodingResult {
  enc: Encoding;
  games: GameTally[];
  latency: Histogram;
}

async function runEncoding(enc: Encoding, gamesPerCount: number, warmUpRounds: number): Promise<EncodingResult> {
  const env = { ROOM_SEED, NODE_ID: "bench-0" };
  const server: Child = enc.env === null ? await startFixture("naive-game-server.js", env) : await startServer({ ...env, ...enc.env });
  const latency = new Histogram();
  const games: GameTally[] = [];
  try {
    // Unmeasured games bring the server to the steady state of a long-running process: the JIT
    // takes a dozen games to settle, and its compilation on other threads would otherwise be
    // charged to the first measured games. Every encoding plays them, so room seeds stay aligned.
    for (let k = 0; k < warmUpRounds; k++) {
      for (const players of PLAYER_COUNTS) {
        await playSeededGame({ url: server.url, serverPid: server.pid, players, seed: `warm-up-${players}-${k}`, parser: enc.parser, latency: new Histogram() });
      }
    }
    for (let k = 0; k < gamesPerCount; k++) {
      for (const players of PLAYER_COUNTS) {
        games.push(await playSeededGame({ url: server.url, serverPid: server.pid, players, seed: `game-${players}-${k}`, parser: enc.parser, latency }));
      }
    }
  } finally {
    await server.stop();
  }
  return { enc, games, latency };
}

const FLOOR = "plain Socket.IO relay (a), same connections and deliveries";

/** Socket.IO's own cost for the default configuration's games: see relayLikeGame. */
async function runFloor(like: GameTally[], warmUpRounds: number): Promise<GameTally[]> {
  const server = await startFixture("plain-socketio.js");
  try {
    for (let k = 0; k < warmUpRounds; k++) {
      for (const players of PLAYER_COUNTS) await relayLikeGame({ url: server.url, serverPid: server.pid, players, deliveries: players * players * 10 });
    }
    const games: GameTally[] = [];
    for (const g of like) games.push(await relayLikeGame({ url: server.url, serverPid: server.pid, players: g.players, deliveries: g.wire.events }));
    return games;
  } finally {
    await server.stop();
  }
}

interface Figures {
  bytesPer10: number;
  bytesDownPer10: number;
  framesPer10: number;
  eventsPer10: number;
  bytesPerPlayer: number;
  framesPerPlayer: number;
  cpuPer10: number;
  writesPer10: number;
  cpuUsPerEvent: number;
  p99: number;
  errors: number;
  byCount: Map<number, number>;
}

function figures(r: EncodingResult): Figures {
  const ten = r.games.filter((g) => g.players === 10);
  const w10 = sumWire(ten);
  const all = sumWire(r.games);
  const seats = r.games.reduce((s, g) => s + g.players, 0);
  const cpu = r.games.reduce((s, g) => s + g.cpuMs, 0);
  const byCount = new Map<number, number>();
  for (const n of PLAYER_COUNTS) {
    const gs = r.games.filter((g) => g.players === n);
    const w = sumWire(gs);
    byCount.set(n, (w.bytesIn + w.bytesOut) / Math.max(1, gs.length));
  }
  return {
    bytesPer10: (w10.bytesIn + w10.bytesOut) / ten.length,
    bytesDownPer10: w10.bytesIn / ten.length,
    framesPer10: (w10.framesIn + w10.framesOut) / ten.length,
    eventsPer10: w10.events / ten.length,
    bytesPerPlayer: (all.bytesIn + all.bytesOut) / seats,
    framesPerPlayer: (all.framesIn + all.framesOut) / seats,
    cpuPer10: ten.reduce((s, g) => s + g.cpuMs, 0) / ten.length,
    writesPer10: ten.reduce((s, g) => s + g.writes, 0) / ten.length,
    cpuUsPerEvent: (cpu * 1000) / Math.max(1, all.events),
    p99: pct(r.latency, 99),
    errors: r.games.reduce((s, g) => s + g.errors.length, 0),
    byCount,
  };
}

interface MemoryRow {
  name: string;
  connections: number;
  perConnKib: number;
}

/** Server RSS growth per idle connection, with and without permessage-deflate negotiated. */
async function memoryPerConnection(count: number): Promise<MemoryRow[]> {
  const variants: [string, Record<string, string>][] = [
    ["deflate off", {}],
    ["deflate on, threshold 1024 B", { PER_MESSAGE_DEFLATE: "true", DEFLATE_THRESHOLD_BYTES: "1024" }],
    ["deflate on, threshold 256 B", { PER_MESSAGE_DEFLATE: "true", DEFLATE_THRESHOLD_BYTES: "256" }],
  ];
  const rows: MemoryRow[] = [];
  for (const [name, env] of variants) {
    progress(`efficiency: RSS per connection, ${name}`);
    const server = await startServer(env);
    try {
      await sleep(1500);
      const before = rssBytes(server.pid);
      // A 24-character name makes the `session` event (every connection's first message) about 300 bytes.
      const conns = await openIdle({ url: server.url, count, name: "benchmark-player-name-24", deflate: true, concurrency: 100 });
      await sleep(2000);
      const after = rssBytes(server.pid);
      rows.push({ name, connections: conns.open.length, perConnKib: (after - before) / 1024 / Math.max(1, conns.open.length) });
      conns.closeAll();
    } finally {
      await server.stop();
    }
  }
  return rows;
}

export async function efficiency(quick: boolean): Promise<Table[]> {
  const gamesPerCount = quick ? 1 : 5;
  const warmUpRounds = quick ? 1 : 3;
  const results: EncodingResult[] = [];
  for (const enc of ENCODINGS) {
    progress(`efficiency: ${enc.name}`);
    results.push(await runEncoding(enc, gamesPerCount, warmUpRounds));
  }
  const figs = new Map(results.map((r) => [r.enc.name, figures(r)]));
  const naive = figs.get(NAIVE) as Figures;
  const ours = figs.get(DEFAULT) as Figures;
  progress("efficiency: plain Socket.IO floor");
  const floor = figures({ enc: { name: FLOOR, env: {}, parser: "json" }, games: await runFloor(results.find((r) => r.enc.name === DEFAULT)?.games ?? [], warmUpRounds), latency: new Histogram() });
  const games = gamesPerCount * PLAYER_COUNTS.length;

  const wire: Table = {
    title: "Efficiency: wire traffic of the same seeded games",
    method:
      `${games} complete games (${gamesPerCount} per player count 5..10, same ROOM_SEED and bot seeds, so every configuration plays the same moves), one game at a time, bots without think time, after ${warmUpRounds * PLAYER_COUNTS.length} unmeasured games on the same server process. ` +
      "Bytes are the TCP payload of each client's websocket connection (frame headers, masks, compression and the HTTP upgrade included), read from the client's socket counters; frames are Engine.IO packets in both directions.",
    head: ["configuration", "bytes / 10-p game", "down (server->client)", "frames / 10-p game", "events / 10-p game", "bytes / player", "frames / player", "bytes vs naive"],
    rows: results.map((r) => {
      const f = figs.get(r.enc.name) as Figures;
      return [r.enc.name, round(f.bytesPer10), round(f.bytesDownPer10), round(f.framesPer10), round(f.eventsPer10), round(f.bytesPerPlayer), round(f.framesPerPlayer, 1), ratio(f.bytesPer10, naive.bytesPer10)];
    }),
    verdicts: [verdict(ours.bytesPer10 <= naive.bytesPer10 / 5, `bytes per complete 10-player game, ${DEFAULT}: ${ratio(ours.bytesPer10, naive.bytesPer10)} the naive baseline (target <= 0.20x)`)],
  };
  const perCount: Table = {
    title: "Efficiency: bytes per game by player count",
    method: "The same games as above; bytes in both directions summed over every seat, averaged over the games of each player count.",
    head: ["configuration", ...PLAYER_COUNTS.map((n) => `${n} players`)],
    rows: results.map((r) => [r.enc.name, ...PLAYER_COUNTS.map((n) => round((figs.get(r.enc.name) as Figures).byCount.get(n) ?? 0))]),
  };
  const cpu: Table = {
    title: "Efficiency: server CPU and delivery latency of the same seeded games",
    method:
      "Server CPU is user+system time of the server process from /proc/<pid>/stat before and after each game (10 ms ticks; handshakes, acks, timers included), divided by the events the clients received; write system calls from /proc/<pid>/io (syscw). " +
      "Delivery latency: server `ts` stamp to receipt, every event that carries one, one client process on the same machine.",
    head: ["configuration", "CPU ms / 10-p game", "CPU us / delivered event", "write syscalls / 10-p game", "p99 delivery ms", "errors", "CPU/event vs naive"],
    rows: [
      ...results.map((r) => {
        const f = figs.get(r.enc.name) as Figures;
        return [r.enc.name, round(f.cpuPer10), round(f.cpuUsPerEvent, 1), round(f.writesPer10), f.p99, f.errors, ratio(f.cpuUsPerEvent, naive.cpuUsPerEvent)];
      }),
      [FLOOR, round(floor.cpuPer10), round(floor.cpuUsPerEvent, 1), round(floor.writesPer10), "-", 0, ratio(floor.cpuUsPerEvent, naive.cpuUsPerEvent)],
    ],
    verdicts: [verdict(ours.cpuUsPerEvent <= naive.cpuUsPerEvent / 2, `server CPU per delivered event, ${DEFAULT}: ${ratio(ours.cpuUsPerEvent, naive.cpuUsPerEvent)} the naive baseline (target <= 0.50x)`)],
  };

  const mem = await memoryPerConnection(quick ? 500 : 2000);
  const base = (mem[0] as MemoryRow).perConnKib;
  const vs = (name: string) => {
    const f = figs.get(name) as Figures;
    return `${ratio(f.bytesPer10, ours.bytesPer10)} the bytes and ${ratio(f.cpuUsPerEvent, ours.cpuUsPerEvent)} the CPU per event`;
  };
  cpu.notes = [
    `the last row is Socket.IO alone (fixture (a), no game logic) opening as many socket.io-client connections and delivering as many events as ${DEFAULT} did, requests in rounds of every seat at once: ${round(floor.cpuUsPerEvent, 1)} us per delivered event, ${ratio(floor.cpuUsPerEvent, naive.cpuUsPerEvent)} the naive baseline; ${DEFAULT} costs ${ratio(ours.cpuUsPerEvent, floor.cpuUsPerEvent)} of that floor`,
    `against ${DEFAULT}: snapshots ${vs("JSON + snapshots")}; msgpack ${vs("msgpack + patches")}; deflate >= 256 B ${vs("JSON + patches + deflate >= 256 B")}; deflate >= 1024 B ${vs("JSON + patches + deflate >= 1024 B")}`,
  ];
  const memory: Table = {
    title: "Efficiency: server memory per connection with and without permessage-deflate",
    method:
      "Server RSS before and 2 s after opening idle websocket connections (raw clients offering permessage-deflate, 24-character names so the first server message, `session`, is about 300 bytes); growth divided by connections.",
    head: ["server setting", "connections", "KiB RSS / connection", "vs deflate off"],
    rows: mem.map((m) => [m.name, m.connections, m.perConnKib.toFixed(1), ratio(m.perConnKib, base)]),
    notes: ["with a 1024 B threshold an idle connection has compressed nothing yet; its deflate context appears with its first large message (a snapshot), as in the 256 B row"],
  };
  return [wire, perCount, cpu, memory];
}
