import { afterEach, describe, expect, it } from "vitest";
import { playGame } from "@avalon/loadtest";
import { killChildren, startCluster, type TestCluster } from "@avalon/testkit";

let cluster: TestCluster | null = null;
afterEach(async () => {
  await cluster?.stop();
  cluster = null;
  killChildren();
});

describe("private views on three nodes behind HAProxy", () => {
  it("never lose a player's own vote or quest card, also when they arrive after patches of later changes", async () => {
    cluster = await startCluster();
    const url = cluster.haproxy.url;
    let privates = 0;
    let overtaken = 0;
    const lost: string[] = [];
    const games = await Promise.all(
      [10, 10, 9, 8].map((players) =>
        playGame({
          urls: [url],
          players,
          onStarted: (bots) => {
            for (const bot of bots) {
              // The newest private view this seat was given, by a snapshot or a private message.
              let newest = bot.mirror.version;
              const mirror = bot.mirror;
              const snapshot = mirror.snapshot.bind(mirror);
              mirror.snapshot = (snap) => {
                newest = Math.max(newest, snap.version);
                return snapshot(snap);
              };
              bot.socket.on("room:private", (m) => {
                privates++;
                // Registered after the bot's own handler, so the mirror has taken the message already.
                if (m.version < bot.mirror.version) overtaken++;
                if (m.version < newest) return;
                newest = m.version;
                if (JSON.stringify(bot.view?.private) !== JSON.stringify(m.view)) lost.push(`private@${m.version} with the copy at ${bot.mirror.version}`);
              });
            }
          },
        }),
      ),
    );
    for (const g of games) {
      expect(g.violations).toEqual([]);
      // A bot whose own vote or card was dropped from its view plays it again: already_voted, already_played.
      expect(g.errors).toEqual([]);
      expect(new Set(g.nodes).size).toBe(3);
    }
    expect(lost).toEqual([]);
    expect(privates).toBeGreaterThan(0);
    process.stdout.write(`private views: ${privates}, arrived after a later patch: ${overtaken}\n`);
  }, 120_000);
});
