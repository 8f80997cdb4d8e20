import { afterAll, describe, expect, it } from "vitest";
import { Bot, playGame, RawConnectError, RawSocket } from "@avalon/loadtest";
import { startNode, stopAll } from "@avalon/testkit";

afterAll(stopAll);

const STORM = 150;

/** Connects, and after a `server_busy` refusal waits the time it gives and tries again. */
async function connectHonouringBusy(url: string, name: string, refusals: number[]): Promise<RawSocket> {
  for (;;) {
    const socket = new RawSocket({ url, auth: { name }, connectTimeoutMs: 20_000 });
    try {
      return await socket.connect();
    } catch (err) {
      if (!(err instanceof RawConnectError) || err.code !== "server_busy" || err.retryAfterMs === null) throw err;
      refusals.push(err.retryAfterMs);
      await new Promise((r) => setTimeout(r, err.retryAfterMs as number));
    }
  }
}

describe("handshake admission under a connection storm", () => {
  it("paces the newcomers, refuses the excess with server_busy and a retry time, admits every one after its retry, and players in a game stay responsive", async () => {
    const { url, node } = await startNode({ HANDSHAKE_RATE: "50", HANDSHAKE_BURST: "10", HANDSHAKE_MAX_WAIT_MS: "400", HANDSHAKE_LAG_BUDGET_MS: "0" });
    const game = playGame({ urls: [url], players: 5, thinkMs: 20 });
    const watcher = new Bot({ url, name: "watcher", autoplay: false });
    await watcher.connect();
    const roomId = await watcher.createRoom({ maxPlayers: 5, roles: [] });

    let storming = true;
    const latencies: number[] = [];
    const failures: string[] = [];
    const probe = (async () => {
      while (storming) {
        const t0 = performance.now();
        const res = await watcher.request("room:sync", { roomId });
        if (!res.ok) failures.push(res.code);
        latencies.push(performance.now() - t0);
        await new Promise((r) => setTimeout(r, 100));
      }
    })();

    const refusals: number[] = [];
    const sockets = await Promise.all(Array.from({ length: STORM }, (_, i) => connectHonouringBusy(url, `storm${i}`, refusals)));
    storming = false;
    await probe;

    expect(sockets.every((s) => s.connected)).toBe(true);
    expect(refusals.length).toBeGreaterThan(0);
    expect(Math.min(...refusals)).toBeGreaterThan(0);
    // Retry times are jittered, so refused clients do not all come back at once.
    expect(new Set(refusals).size).toBeGreaterThan(refusals.length / 2);
    const counts = node.metrics.registry.getSingleMetric("avalon_handshakes_total");
    const values = (await counts?.get())?.values ?? [];
    const outcome = (o: string) => values.find((v) => v.labels.outcome === o)?.value ?? 0;
    expect(outcome("refused")).toBe(refusals.length);
    expect(outcome("deferred")).toBeGreaterThan(0);
    expect(outcome("admitted")).toBeGreaterThanOrEqual(STORM + 6);
    // The players already in were answered throughout the storm.
    expect(failures).toEqual([]);
    expect(latencies.length).toBeGreaterThan(5);
    expect(Math.max(...latencies)).toBeLessThan(2000);
    const res = await game;
    expect(res.violations).toEqual([]);
    expect(res.errors).toEqual([]);
    for (const s of sockets) s.close();
    watcher.close();
  }, 60_000);
});
