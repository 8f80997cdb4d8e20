import { io } from "socket.io-client";
import type { BotSocket } from "../bot/bot.js";
import { cpuMs, sleep, writeCalls } from "./processes.js";
import type { GameTally } from "./seeded-games.js";
import { addWire, meterWire, NO_WIRE } from "./wire-meter.js";

/**
 * What Socket.IO alone costs for the traffic of one game, on the plain Socket.IO fixture (a):
 * the same number of socket.io-client connections, opened and closed the same way, joined to one
 * room, and requests echo-broadcast to that room until the clients have received at least as
 * many events as the game delivered. Requests go in rounds, every seat at once, like the bots'
 * votes; each is acknowledged. No game logic, validation or state: the floor any Socket.IO game
 * server pays for the same connections and deliveries.
 */
export async function relayLikeGame(opts: { url: string; serverPid: number; players: number; deliveries: number }): Promise<GameTally> {
  const roomId = `floor-${Math.random().toString(36).slice(2, 8)}`;
  const sockets = Array.from({ length: opts.players }, (_, i) => io(opts.url, { transports: ["websocket"], auth: { name: `floor${i}` }, reconnection: false, forceNew: true }));
  const cpu0 = cpuMs(opts.serverPid);
  const writes0 = writeCalls(opts.serverPid);
  const meters = sockets.map((s) => meterWire(s as unknown as BotSocket, () => undefined));
  try {
    await Promise.all(
      sockets.map(
        (s) =>
          new Promise<void>((resolve, reject) => {
            s.once("connect", () => resolve());
            s.once("connect_error", reject);
          }),
      ),
    );
    for (const s of sockets) await s.timeout(10_000).emitWithAck("room:join", { roomId });
    let received = 0;
    for (let round = 0; received < opts.deliveries; round++) {
      await Promise.all(
        sockets.map((s, seat) => s.timeout(10_000).emitWithAck("game:action", { roomId, actionId: `r${round}s${seat}`, expectedVersion: round, move: { type: "vote", approve: seat % 2 === 0 } })),
      );
      received = meters.reduce((n, m) => n + m.read().events, 0);
    }
    await sleep(30);
    const wire = meters.map((m) => m.read()).reduce(addWire, NO_WIRE);
    return { players: opts.players, wire, cpuMs: cpuMs(opts.serverPid) - cpu0, writes: writeCalls(opts.serverPid) - writes0, errors: [] };
  } finally {
    for (const s of sockets) s.close();
  }
}
