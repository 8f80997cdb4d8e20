import { OPTIONAL_ROLES, type OptionalRole } from "@avalon/protocol";
import { intArg, parseArgs, parseRange, valued } from "./args.js";
import { playGame } from "./bot/game-runner.js";
import { BotStats, percentile } from "./bot/stats.js";
import { summarise, writeSummary } from "./run-summary.js";

const HELP = `Plays complete Avalon games with bots against a running server.
  --url URL            server URL (default http://localhost:3000); repeat with commas for several nodes
  --games N            games to play (default 100)
  --concurrency C      games at once (default 20)
  --players A..B       player counts, cycled (default 5..10)
  --think MS           mean pause before each move (default 0)
  --transport T        websocket or polling (default websocket)
  --results DIR        also write the run's summary JSON there (the dashboard lists loadtest/results)
  --max-ack-p99 MS     threshold for the summary (default 250)`;

/** Optional-role sets valid for every count from 5 up (one or two evil specials), cycled so that all roles get played. */
const ROLE_SETS: OptionalRole[][] = [[], ["percival", "morgana"], ["percival"], ["mordred"], ["oberon"], ["percival", "mordred"]];
/** Three evil specials need 4 evil seats (10 players); two need 3 (7 and up). */
const ROLE_SETS_7_UP: OptionalRole[][] = [["percival", "morgana", "mordred"], ["morgana", "oberon"], ["mordred", "oberon"]];

function rolesFor(players: number, i: number): OptionalRole[] {
  if (players === 10 && i % 4 === 3) return [...OPTIONAL_ROLES];
  if (players >= 7 && i % 3 === 2) return ROLE_SETS_7_UP[Math.floor(i / 3) % ROLE_SETS_7_UP.length] as OptionalRole[];
  return ROLE_SETS[i % ROLE_SETS.length] as OptionalRole[];
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2), valued("url", "games", "concurrency", "players", "think", "transport", "results", "max-ack-p99"));
  if (args.has("help")) {
    process.stdout.write(`${HELP}\n`);
    return;
  }
  const urls = (args.get("url") ?? "http://localhost:3000").split(",");
  const games = intArg(args, "games", 100);
  const concurrency = intArg(args, "concurrency", 20);
  const [lo, hi] = parseRange(args.get("players") ?? "5..10");
  const think = intArg(args, "think", 0);
  const transport = (args.get("transport") ?? "websocket") as "websocket" | "polling";
  const stats = new BotStats();
  const tally = { finished: 0, failed: 0, good: 0, evil: 0, violations: 0, byReason: new Map<string, number>(), byCount: new Map<number, number>() };
  const problems: string[] = [];
  let next = 0;
  const started = Date.now();

  async function worker(): Promise<void> {
    while (next < games) {
      const i = next++;
      const players = lo + (i % (hi - lo + 1));
      try {
        const res = await playGame({ urls, players, roles: rolesFor(players, i), thinkMs: think, transports: [transport], stats });
        tally.finished++;
        tally.byCount.set(players, (tally.byCount.get(players) ?? 0) + 1);
        if (res.view.winner === "good") tally.good++;
        else tally.evil++;
        tally.byReason.set(String(res.view.endReason), (tally.byReason.get(String(res.view.endReason)) ?? 0) + 1);
        if (res.violations.length || res.errors.length) {
          tally.violations += res.violations.length;
          problems.push(`${res.roomId}: ${[...res.violations, ...res.errors.map((e) => `${e.event} -> ${e.code}`)].join("; ")}`);
        }
      } catch (err) {
        tally.failed++;
        problems.push(`game ${i} (${players} players): ${(err as Error).message}`);
      }
      if ((tally.finished + tally.failed) % 50 === 0) {
        process.stderr.write(`\r${tally.finished + tally.failed}/${games} games, ${((Date.now() - started) / 1000).toFixed(0)} s`);
      }
    }
  }

  await Promise.all(Array.from({ length: Math.min(concurrency, games) }, () => worker()));
  const secs = (Date.now() - started) / 1000;
  process.stderr.write("\n");
  const out = process.stdout;
  out.write(`games played: ${games} in ${secs.toFixed(1)} s\n`);
  out.write(`finished: ${tally.finished}  failed: ${tally.failed}\n`);
  out.write(`winners: good ${tally.good}, evil ${tally.evil}\n`);
  out.write(`end reasons: ${[...tally.byReason].map(([k, v]) => `${k} ${v}`).join(", ")}\n`);
  out.write(`by player count: ${[...tally.byCount].sort((a, b) => a[0] - b[0]).map(([k, v]) => `${k}p ${v}`).join(", ")}\n`);
  out.write(`rule violations: ${tally.violations}\n`);
  out.write(`request errors: ${[...stats.errors].map(([k, v]) => `${k} ${v}`).join(", ") || "none"}\n`);
  out.write(`ack latency ms: p50 ${percentile(stats.ackMs, 50).toFixed(1)}, p99 ${percentile(stats.ackMs, 99).toFixed(1)}\n`);
  for (const p of problems.slice(0, 20)) out.write(`  ${p}\n`);
  const resultsDir = args.get("results");
  if (resultsDir) {
    const summary = summarise(stats, {
      name: `bots: ${games} games, ${lo}..${hi} players`,
      startedAt: started,
      durationSec: secs,
      gamesFinished: tally.finished,
      gamesFailed: tally.failed,
      violations: tally.violations,
      maxAckP99Ms: intArg(args, "max-ack-p99", 250),
    });
    out.write(`results: ${writeSummary(resultsDir, summary)} (thresholds ${summary.thresholdsPassed ? "passed" : "failed"})\n`);
  }
  if (tally.failed || tally.violations || problems.length) process.exitCode = 1;
}

void main();
