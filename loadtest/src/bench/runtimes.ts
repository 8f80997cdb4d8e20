import { execFileSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Histogram } from "../harness/histogram.js";
import { openIdle } from "./idle-connections.js";
import { rssBytes, sleep, startFixture, startServer, type Child } from "./processes.js";
import { progress, ratio, round, type Table } from "./report.js";
import { playSeededGame, type GameTally } from "./seeded-games.js";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const PLAYER_COUNTS = [5, 6, 7, 8, 9, 10];

interface Runtime {
  version: string;
  bin: string;
}

/** This process's Node and the production LTS (scripts/node-lts.sh fetches it when missing). */
function runtimes(): Runtime[] {
  const lts = execFileSync("bash", [path.join(REPO, "scripts/node-lts.sh")], { encoding: "utf8" }).trim();
  const out: Runtime[] = [{ version: process.version, bin: process.execPath }];
  const ltsVersion = execFileSync(lts, ["--version"], { encoding: "utf8" }).trim();
  if (ltsVersion !== process.version) out.push({ version: ltsVersion, bin: lts });
  return out;
}

/** Server CPU per event the clients received, µs, over seeded games after unmeasured ones. */
async function cpuPerEvent(server: Child, games: number, warmUps: number): Promise<number> {
  const play = (seed: string, players: number) =>
    playSeededGame({ url: server.url, serverPid: server.pid, players, seed, parser: "json", latency: new Histogram() });
  for (let k = 0; k < warmUps; k++) for (const n of PLAYER_COUNTS) await play(`warm-up-${n}-${k}`, n);
  const tallies: GameTally[] = [];
  for (let k = 0; k < games; k++) for (const n of PLAYER_COUNTS) tallies.push(await play(`game-${n}-${k}`, n));
  const cpu = tallies.reduce((s, g) => s + g.cpuMs, 0);
  const events = tallies.reduce((s, g) => s + g.wire.events, 0);
  return (cpu * 1000) / Math.max(1, events);
}

async function withServer<T>(start: Promise<Child>, use: (c: Child) => Promise<T>): Promise<T> {
  const child = await start;
  try {
    return await use(child);
  } finally {
    await child.stop();
  }
}

async function rssPerIdleConnection(rt: Runtime, count: number): Promise<number> {
  return withServer(startServer({}, rt.bin), async (server) => {
    await sleep(1500);
    const before = rssBytes(server.pid);
    const conns = await openIdle({ url: server.url, count, name: "benchmark-player-name-24", deflate: false, concurrency: 100 });
    await sleep(2000);
    const after = rssBytes(server.pid);
    conns.closeAll();
    return (after - before) / 1024 / Math.max(1, conns.open.length);
  });
}

interface RuntimeRow {
  rt: Runtime;
  oursUs: number;
  naiveUs: number;
  rssKib: number;
}

/** RSS per idle connection and CPU per delivered event on this machine's Node beside Node 24 LTS. */
export async function runtimeComparison(quick: boolean): Promise<Table[]> {
  const games = quick ? 1 : 3;
  const warmUps = quick ? 1 : 3;
  const env = { ROOM_SEED: "bench-runtimes", NODE_ID: "bench-0" };
  const rows: RuntimeRow[] = [];
  for (const rt of runtimes()) {
    progress(`runtimes: ${rt.version}, product`);
    const oursUs = await withServer(startServer(env, rt.bin), (s) => cpuPerEvent(s, games, warmUps));
    progress(`runtimes: ${rt.version}, naive baseline`);
    const naiveUs = await withServer(startFixture("naive-game-server.js", env, rt.bin), (s) => cpuPerEvent(s, games, warmUps));
    progress(`runtimes: ${rt.version}, idle connections`);
    rows.push({ rt, oursUs, naiveUs, rssKib: await rssPerIdleConnection(rt, quick ? 500 : 2000) });
  }
  const first = rows[0] as RuntimeRow;
  return [
    {
      title: "Runtimes: the same node on this machine's Node.js and on Node.js 24 LTS",
      method:
        `${games * PLAYER_COUNTS.length} seeded games (5..10 players) after ${warmUps * PLAYER_COUNTS.length} unmeasured ones, per runtime, on the product (default configuration) and on the naive baseline (b) started by the same binary; ` +
        "server CPU from /proc/<pid>/stat divided by the events the clients received. RSS: growth 2 s after opening idle websocket connections without compression, divided by connections.",
      head: ["runtime", "CPU us / delivered event", "naive (b) on it", "vs naive", "KiB RSS / idle connection", "CPU vs first row", "RSS vs first row"],
      rows: rows.map((r) => [
        r.rt.version,
        round(r.oursUs, 1),
        round(r.naiveUs, 1),
        ratio(r.oursUs, r.naiveUs),
        r.rssKib.toFixed(1),
        ratio(r.oursUs, first.oursUs),
        ratio(r.rssKib, first.rssKib),
      ]),
    },
  ];
}
