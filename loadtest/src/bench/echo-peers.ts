import { io, type Socket } from "socket.io-client";
import { WindowStats, type LoadReport } from "./load-report.js";

export interface EchoJob {
  url: string;
  /** Rooms of `players` clients each, all on this process. */
  rooms: number;
  firstRoom: number;
  players: number;
  /** Mean gap between two events of one client, ms (uniform between half and one and a half of it). */
  meanIntervalMs: number;
  warmupSeconds: number;
  seconds: number;
}

/**
 * The relay baseline's load, with socket.io-client like the game bots: every client joins its
 * room on the plain Socket.IO fixture, then sends a game-sized event at the given mean rate,
 * which the fixture echo-broadcasts to the room.
 */
export async function runEchoPeers(job: EchoJob): Promise<LoadReport> {
  const stats = new WindowStats();
  const sockets: Socket[] = [];
  for (let r = 0; r < job.rooms; r++) {
    const roomId = `R${job.firstRoom + r}`;
    for (let p = 0; p < job.players; p++) {
      const s = io(job.url, { transports: ["websocket"], auth: { name: `e${r}p${p}` }, reconnection: false, timeout: 10_000 });
      s.onAny((_e: string, payload: unknown) => stats.observe(payload));
      sockets.push(s);
      await new Promise<void>((resolve, reject) => {
        s.once("connect", () => resolve());
        s.once("connect_error", reject);
      });
      await s.timeout(10_000).emitWithAck("room:join", { roomId });
    }
  }
  const started = Date.now();
  const deadline = started + (job.warmupSeconds + job.seconds) * 1000;
  const windowTimer = setTimeout(() => (stats.recording = true), job.warmupSeconds * 1000);
  let seq = 0;
  await Promise.all(
    sockets.map(async (s, i) => {
      const roomId = `R${job.firstRoom + Math.floor(i / job.players)}`;
      for (;;) {
        await new Promise((r) => setTimeout(r, job.meanIntervalMs * (0.5 + Math.random())));
        if (Date.now() >= deadline) return;
        const t0 = Date.now();
        try {
          await s.timeout(10_000).emitWithAck("game:action", { roomId, actionId: `a${++seq}`, move: { type: "vote", approve: true } });
          stats.ack("game:action", Date.now() - t0);
        } catch {
          stats.error("timeout");
        }
      }
    }),
  );
  clearTimeout(windowTimer);
  for (const s of sockets) s.disconnect();
  return stats.report(job.seconds, 0);
}
