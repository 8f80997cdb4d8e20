import { Bot } from "../bot/bot.js";
import type { Histogram } from "../harness/histogram.js";
import { cpuMs, sleep, writeCalls } from "./processes.js";
import { addWire, meterWire, NO_WIRE, type WireCount } from "./wire-meter.js";

export interface GameTally {
  players: number;
  wire: WireCount;
  /** Server CPU time the game took, ms (process CPU before and after; 10 ms resolution). */
  cpuMs: number;
  /** Write system calls the server made during the game. */
  writes: number;
  errors: string[];
}

/**
 * One complete game, played alone on the server by seeded bots that move without thinking:
 * connect every seat, create, join in seat order, ready, start, play to the end. With the
 * server's ROOM_SEED and the bots' seed, the same call replays the same game on any server.
 */
export async function playSeededGame(opts: {
  url: string;
  serverPid: number;
  players: number;
  seed: string;
  parser: "json" | "msgpack";
  latency: Histogram;
}): Promise<GameTally> {
  const bots = Array.from({ length: opts.players }, (_, i) => new Bot({ url: opts.url, name: `bot${i}`, thinkMs: 0, seed: `${opts.seed}:${i}`, parser: opts.parser }));
  const cpu0 = cpuMs(opts.serverPid);
  const writes0 = writeCalls(opts.serverPid);
  const connecting: Promise<unknown>[] = [];
  const meters = bots.map((b) => {
    connecting.push(b.connect());
    return meterWire(b.socket, (payload) => {
      const ts = (payload as { ts?: unknown } | undefined)?.ts;
      if (typeof ts === "number") opts.latency.record(Date.now() - ts);
    });
  });
  try {
    await Promise.all(connecting);
    const [host, ...guests] = bots as [Bot, ...Bot[]];
    const roomId = await host.createRoom({ maxPlayers: opts.players, roles: [] });
    for (const g of guests) await g.join(roomId);
    await Promise.all(bots.map((b) => b.ready()));
    await host.start();
    await Promise.all(bots.map((b) => b.ended(60_000)));
    // The last move's ack follows the last broadcast; let it land before counting.
    await sleep(30);
    const wire = meters.map((m) => m.read()).reduce(addWire, NO_WIRE);
    return { players: opts.players, wire, cpuMs: cpuMs(opts.serverPid) - cpu0, writes: writeCalls(opts.serverPid) - writes0, errors: bots.flatMap((b) => b.errors.map((e) => `${e.event}: ${e.code}`)) };
  } finally {
    for (const b of bots) b.close();
  }
}

export function sumWire(tallies: GameTally[]): WireCount {
  return tallies.map((t) => t.wire).reduce(addWire, NO_WIRE);
}
