import { Bot } from "../bot/bot.js";
import { Histogram } from "../harness/histogram.js";
import { WindowStats, type LoadReport } from "./load-report.js";

export interface TablesJob {
  /** Node URLs; with several, seat i of table t connects to urls[(i + t) % n], so every table spans the nodes. */
  urls: string[];
  /** False keeps every seat of table t on urls[t % n] (rooms local to one node). */
  spread: boolean;
  tables: number;
  /** Index of this process's first table (tables of several processes rotate differently). */
  firstTable: number;
  players: number;
  thinkMs: number;
  parser: "json" | "msgpack";
  /** Unrecorded start: connections, lobbies, JIT. */
  warmupSeconds: number;
  seconds: number;
  /** After a server-side disconnect, reconnect to the other URLs in turn (no balancer in front). */
  failover: boolean;
  /**
   * The bots of games still running at the deadline stay connected, handed to `runTables`'s
   * `linger`, so that a reading of the servers at the window's end counts no mass disconnect the
   * window's requests do not include. Otherwise they are closed at once.
   */
  holdOpen?: boolean;
}

async function readyUrls(urls: string[]): Promise<string[]> {
  if (urls.length === 1) return urls;
  const ok = await Promise.all(urls.map((u) => fetch(`${u}/readyz`, { signal: AbortSignal.timeout(2000) }).then((r) => r.ok, () => false)));
  return urls.filter((_u, i) => ok[i]);
}

/**
 * Keeps `tables` games of socket.io-client bots running continuously (a new game with new bots
 * as soon as one ends) and records deliveries, acks and drain resumes inside the window.
 */
export async function runTables(job: TablesJob, linger?: (bots: Bot[]) => void): Promise<LoadReport> {
  const stats = new WindowStats();
  const resume = new Histogram();
  let unresumed = 0;
  let games = 0;
  const started = Date.now();
  const recordFrom = started + job.warmupSeconds * 1000;
  const deadline = recordFrom + job.seconds * 1000;
  const windowTimer = setTimeout(() => (stats.recording = true), recordFrom - started);

  async function oneGame(t: number): Promise<void> {
    // New games go to the nodes that are ready, as a balancer or service discovery would send them.
    const ready = await readyUrls(job.urls);
    if (ready.length === 0) {
      await new Promise((r) => setTimeout(r, 500));
      return;
    }
    const urls = job.spread ? ready.map((_u, i) => ready[(i + t) % ready.length] as string) : [ready[t % ready.length] as string];
    const bots = Array.from({ length: job.players }, (_, i) => {
      const url = urls[i % urls.length] as string;
      const others = ready.filter((u) => u !== url);
      const bot = new Bot({ url, name: `t${t}s${i}`, thinkMs: job.thinkMs, parser: job.parser, stats, ...(job.failover && others.length ? { failoverUrls: others } : {}) });
      bot.socket.onAny((_e: string, payload: unknown) => stats.observe(payload));
      let cutAt: number | null = null;
      bot.socket.on("disconnect", (reason) => {
        if (reason === "io server disconnect" && stats.recording) cutAt ??= Date.now();
      });
      bot.socket.on("room:snapshot", () => {
        if (cutAt === null) return;
        resume.record(Date.now() - cutAt);
        cutAt = null;
      });
      return { bot, pendingResume: () => cutAt !== null };
    });
    let timer: NodeJS.Timeout | null = null;
    let outcome: "ended" | "deadline" | null = null;
    const overrun = new Promise<"deadline">((resolve) => (timer = setTimeout(() => resolve("deadline"), Math.max(0, deadline - Date.now()))));
    try {
      const play = (async () => {
        await Promise.all(bots.map((b) => b.bot.connect()));
        const [host, ...guests] = bots.map((b) => b.bot) as [Bot, ...Bot[]];
        const roomId = await host.createRoom({ maxPlayers: job.players, roles: [] });
        for (const g of guests) await g.join(roomId);
        await Promise.all(bots.map((b) => b.bot.ready()));
        await host.start();
        await Promise.all(bots.map((b) => b.bot.ended(120_000)));
        return "ended" as const;
      })();
      play.catch(() => undefined);
      outcome = await Promise.race([play, overrun]);
      if (outcome === "ended") games++;
    } catch (err) {
      if (Date.now() < deadline) stats.fail(`game:${(err as { code?: string }).code ?? (err as Error).message.slice(0, 30)}`);
    } finally {
      if (timer) clearTimeout(timer);
      for (const b of bots) if (b.pendingResume()) unresumed++;
      if (outcome === "deadline" && job.holdOpen && linger) linger(bots.map((b) => b.bot));
      else for (const b of bots) b.bot.close();
    }
  }

  await Promise.all(
    Array.from({ length: job.tables }, async (_, i) => {
      const t = job.firstTable + i;
      // Staggered starts keep the first lobbies from arriving in one burst.
      await new Promise((r) => setTimeout(r, (i * 100) % 2000));
      while (Date.now() < deadline) await oneGame(t);
    }),
  );
  clearTimeout(windowTimer);
  return stats.report(job.seconds, games, resume, unresumed);
}
