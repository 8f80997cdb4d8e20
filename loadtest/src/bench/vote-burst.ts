import { io, type Socket } from "socket.io-client";
import { Bot } from "../bot/bot.js";
import { between, bucketQuantile, readCounters } from "./server-counters.js";
import { startFixture, startRedis, startServer, withServer, type Child } from "./processes.js";
import { progress, type Table } from "./report.js";

const SEATS = 10;

/** Milliseconds from sending to each answer, of requests sent in one synchronous loop. */
async function burst(send: (i: number) => Promise<unknown>, n: number): Promise<number[]> {
  const t0 = performance.now();
  return Promise.all(Array.from({ length: n }, (_, i) => send(i).then(() => performance.now() - t0)));
}

/** Ten seats of a started game at its first vote: the leader proposes everyone it may, then all vote at once. */
async function ourBursts(urls: string[], rounds: number): Promise<number[][]> {
  const spreads: number[][] = [];
  for (let r = 0; r < rounds; r++) {
    const bots = Array.from({ length: SEATS }, (_, i) => new Bot({ url: urls[i % urls.length] as string, name: `b${i}`, autoplay: false }));
    try {
      await Promise.all(bots.map((b) => b.connect()));
      const [host, ...guests] = bots as [Bot, ...Bot[]];
      const roomId = await host.createRoom({ maxPlayers: SEATS, roles: [] });
      for (const g of guests) await g.join(roomId);
      await Promise.all(bots.map((b) => b.ready()));
      await host.start();
      const views = await Promise.all(bots.map((b) => b.waitFor((v) => v.public.phase === "team_building")));
      const pub = (views[0] as { public: { leader: string | null; teamSizes: number[]; players: { id: string }[] } }).public;
      const leader = bots.find((b) => b.session?.playerId === pub.leader) as Bot;
      const res = await leader.play({ type: "propose", team: pub.players.slice(0, pub.teamSizes[0]).map((p) => p.id) });
      if (!res.ok) throw new Error(`propose: ${res.code}`);
      await Promise.all(bots.map((b) => b.waitFor((v) => v.public.phase === "team_vote")));
      spreads.push(await burst((i) => (bots[i] as Bot).play({ type: "vote", approve: i % 2 === 0 }), SEATS));
    } finally {
      for (const b of bots) b.close();
    }
  }
  return spreads;
}

/** Ten plain Socket.IO clients in one room, each sending one acknowledged event at once. */
async function plainBursts(url: string, rounds: number): Promise<number[][]> {
  const spreads: number[][] = [];
  const sockets: Socket[] = [];
  try {
    for (let i = 0; i < SEATS; i++) {
      const s = io(url, { transports: ["websocket"], reconnection: false, forceNew: true });
      sockets.push(s);
      await new Promise<void>((resolve, reject) => {
        s.once("connect", resolve);
        s.once("connect_error", reject);
      });
      await s.emitWithAck("room:join", { roomId: "BURST" });
    }
    for (let r = 0; r < rounds; r++) spreads.push(await burst((i) => (sockets[i] as Socket).emitWithAck("game:action", { roomId: "BURST", move: { type: "vote", approve: true } }), SEATS));
  } finally {
    for (const s of sockets) s.disconnect();
  }
  return spreads;
}

function summary(name: string, spreads: number[][], batches: string): (string | number)[] {
  const spread = spreads.map((acks) => Math.max(...acks) - Math.min(...acks)).sort((a, b) => a - b);
  const last = spreads.map((acks) => Math.max(...acks)).sort((a, b) => a - b);
  const at = (xs: number[], p: number) => (xs[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)] ?? 0).toFixed(1);
  return [name, spreads.length, at(spread, 50), at(spread, 90), at(spread, 100), at(last, 50), at(last, 90), batches];
}

async function batchesOf(urls: string[], run: () => Promise<number[][]>): Promise<{ spreads: number[][]; batches: string }> {
  const before = await readCounters(urls, null);
  const spreads = await run();
  const d = between(before, await readCounters(urls, null));
  return { spreads, batches: `${d.batches} batches, size p50 ${bucketQuantile(d.batch, 0.5)}, max ≤ ${bucketQuantile(d.batch, 1)}` };
}

/** Ten votes sent in the same millisecond: how far apart their acks land, beside plain Socket.IO acking ten events of one room. */
export async function voteBurst(quick: boolean): Promise<Table[]> {
  const rounds = quick ? 5 : 20;
  progress("vote burst: one node, in memory");
  const one = await withServer(() => startServer({}), (s: Child) => batchesOf([s.url], () => ourBursts([s.url], rounds)));
  progress("vote burst: three nodes through Redis, seats spread");
  const redis = await startRedis();
  const nodes: Child[] = [];
  let three: { spreads: number[][]; batches: string };
  try {
    for (let i = 0; i < 3; i++) nodes.push(await startServer({ NODE_ID: `burst-${i}`, REDIS_URL: redis.url }));
    const urls = nodes.map((n) => n.url);
    three = await batchesOf(urls, () => ourBursts(urls, rounds));
  } finally {
    await Promise.all(nodes.map((n) => n.stop()));
    await redis.stop();
  }
  progress("vote burst: plain Socket.IO");
  const plain = await withServer(() => startFixture("plain-socketio.js"), (s) => plainBursts(s.url, rounds));
  return [
    {
      title: "Burst: ten votes sent in the same millisecond",
      method:
        `${rounds} rounds. Our node: ten socket.io-client bots in a fresh ten-player game at its first vote send their votes in one synchronous loop; the table gives, per round, ` +
        "the spread from the first ack to the last and the time of the last ack since sending, as percentiles over the rounds, and the batches the nodes committed for them (from their metrics). " +
        "On three nodes seat i connects to node i mod 3. Plain Socket.IO: ten clients in one room each send one acknowledged event in one loop; the fixture echo-broadcasts each to the room.",
      head: ["server", "rounds", "spread p50 ms", "p90", "max", "last ack p50 ms", "p90", "commits"],
      rows: [summary("our node, 1 node in memory", one.spreads, one.batches), summary("our nodes, 3 through Redis", three.spreads, three.batches), summary("plain Socket.IO relay", plain, "n/a")],
    },
  ];
}
