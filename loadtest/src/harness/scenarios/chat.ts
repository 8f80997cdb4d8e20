import { RawPlayer } from "../raw-player.js";
import { RawVu } from "../raw-vu.js";
import { pause, playersAt, sleep, type ScenarioContext, type TableShare } from "./context.js";

async function chatter(ctx: ScenarioContext, player: RawPlayer, seat: number): Promise<void> {
  for (let i = 0; !ctx.signal.aborted; i++) {
    await sleep(pause(ctx.thinkMs, ctx.rng), ctx.signal);
    const roomId = player.roomId;
    if (ctx.signal.aborted || !roomId) return;
    await player.vu.request("chat:send", { roomId, text: `seat ${seat} says ${i}` });
  }
}

/** One lobby of VUs chatting until the run ends. */
async function runRoom(ctx: ScenarioContext, share: TableShare, table: number): Promise<void> {
  const n = playersAt(share, table);
  const vus = Array.from({ length: n }, (_, i) => new RawVu({ url: ctx.url, name: `${ctx.namePrefix}c${table}s${i}`, metrics: ctx.metrics, rng: ctx.rng, localAddress: ctx.nextSourceAddress() }));
  // The lobby's patches keep the mirror; the game itself never starts.
  const players = vus.map((vu) => new RawPlayer(vu, { thinkMs: 0, rng: ctx.rng }));
  try {
    await sleep(Math.floor(ctx.rng() * 1000), ctx.signal);
    while (!ctx.signal.aborted) {
      const connected = await Promise.allSettled(vus.map(async (vu) => (await vu.whenConnected()) || vu.connect()));
      const [host, ...guests] = players as [RawPlayer, ...RawPlayer[]];
      if (connected.every((r) => r.status === "fulfilled") && (await host.createRoom(n, [])).ok) {
        const roomId = host.roomId as string;
        const joined = await Promise.all(guests.map((g) => g.join(roomId)));
        if (joined.every((r) => r.ok)) break;
      }
      await sleep(1000, ctx.signal);
    }
    await Promise.all(players.map((p, seat) => chatter(ctx, p, seat)));
  } finally {
    for (const p of players) p.stop();
    for (const vu of vus) vu.close();
  }
}

/**
 * Scenario (b): VUs sit in lobbies and chat, each sending `chat:send` at a mean interval of
 * `thinkMs`; ack latency by the request, delivery latency by every `chat:message` received.
 */
export async function runChat(ctx: ScenarioContext, share: TableShare): Promise<void> {
  await Promise.all(Array.from({ length: share.rooms }, (_, t) => runRoom(ctx, share, t)));
}
