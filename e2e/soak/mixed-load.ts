import { Bot, BotStats, countRefusals, runGame, type GameOutcome } from "@avalon/loadtest";
import type { OptionalRole, RoomId } from "@avalon/protocol";

/*
 * The soak's players: games of 5..10 bots at a human-ish pace, with chat, spectators and seats
 * that drop their connection and resume, kept at a fixed number of tables until told to stop.
 */

export interface LoadOptions {
  url: string;
  tables: number;
  thinkMs: number;
  /** Chance per game that a seat drops and resumes, checked every few seconds. */
  reconnectEveryMs: number;
}

export interface LoadTotals {
  gamesStarted: number;
  chats: number;
  spectators: number;
  reconnects: number;
  /** Refused requests of the spectators, by event and code (the seats' are in each game's outcome). */
  refused: Record<string, number>;
}

const SETUPS: Record<number, OptionalRole[][]> = {
  5: [[], ["percival", "morgana"], ["mordred"], ["oberon"]],
  6: [["percival", "mordred"], ["percival", "oberon"], []],
  7: [["percival", "morgana", "oberon"], ["percival", "mordred"]],
  8: [["percival", "morgana", "mordred"], ["oberon"]],
  9: [["percival", "mordred", "oberon"], ["percival", "morgana"]],
  10: [["percival", "morgana", "mordred", "oberon"], ["percival"]],
};

const pick = <T>(xs: readonly T[]): T => xs[Math.floor(Math.random() * xs.length)] as T;
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export class MixedLoad {
  readonly outcomes: GameOutcome[] = [];
  readonly stats = new BotStats();
  readonly totals: LoadTotals = { gamesStarted: 0, chats: 0, spectators: 0, reconnects: 0, refused: {} };
  private running = true;
  private tables: Promise<void>[] = [];

  constructor(private readonly opts: LoadOptions) {}

  start(): void {
    this.tables = Array.from({ length: this.opts.tables }, (_, i) => this.table(i));
  }

  /** Stops starting games and waits for the ones in progress. */
  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.tables);
  }

  private async table(index: number): Promise<void> {
    await sleep(index * 700);
    let n = 0;
    while (this.running) {
      const players = 5 + Math.floor(Math.random() * 6);
      this.totals.gamesStarted++;
      const outcome = await runGame({
        urls: [this.opts.url],
        players,
        roles: pick(SETUPS[players] as OptionalRole[][]),
        thinkMs: this.opts.thinkMs,
        name: `t${index}g${n++}s`,
        stats: this.stats,
        timeoutMs: 10 * 60_000,
        stallMs: 45_000,
        onStarted: (bots, roomId) => void this.liven(bots, roomId),
      });
      this.outcomes.push(outcome);
      await sleep(200 + Math.random() * 800);
    }
  }

  /** Chat, spectators and dropped connections around one running game, until it ends. */
  private async liven(bots: Bot[], roomId: RoomId): Promise<void> {
    const over = () => bots.every((b) => b.view?.public.phase === "ended" || !b.socket.active);
    const spectators: Bot[] = [];
    try {
      for (let i = 0; i < 1 + Math.floor(Math.random() * 2); i++) {
        const s = new Bot({ url: this.opts.url, name: "watcher", autoplay: false, stats: this.stats });
        countRefusals(s, this.totals.refused, "spectator ");
        spectators.push(s);
        await s.connect();
        const spectating = await s.join(roomId, true).then(
          () => true,
          () => false,
        );
        if (!spectating) continue;
        this.totals.spectators++;
      }
      let nextDrop = Date.now() + Math.random() * this.opts.reconnectEveryMs;
      while (!over()) {
        await sleep(1500 + Math.random() * 3000);
        if (over()) break;
        const speaker = pick(bots);
        if (speaker.socket.connected) {
          const res = await speaker.request("chat:send", { roomId, text: pick(["I am loyal", "not me", "approve?", "hmm", "trust the leader"]) });
          if (res.ok) this.totals.chats++;
        }
        if (Date.now() > nextDrop) {
          nextDrop = Date.now() + this.opts.reconnectEveryMs;
          const dropper = pick(bots);
          if (dropper.socket.connected) {
            dropper.socket.io.engine.close();
            this.totals.reconnects++;
          }
        }
      }
    } catch {
      // A spectator refused during a drain is not a failure of the game; the game is judged on its own.
    } finally {
      for (const s of spectators) s.close();
    }
  }
}
