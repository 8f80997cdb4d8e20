import { execFileSync } from "node:child_process";
import { afterAll, describe, expect, it } from "vitest";
import { Bot, playGame } from "@avalon/loadtest";
import { client, eventually, startNode, stopAll } from "@avalon/testkit";

afterAll(stopAll);

describe("load control", () => {
  it("answers handshakes beyond the connection cap with server_full while existing players keep playing", async () => {
    const { url, node } = await startNode({ LIMIT_MAX_CONNECTIONS: "40", LIMIT_CONNECTIONS_PER_IP_PER_MINUTE: "100000" });
    const game = playGame({ urls: [url], players: 5, thinkMs: 30 });
    await eventually(() => node.io.of("/").sockets.size === 5, 10_000, 20);
    const attempts = await Promise.all(
      Array.from({ length: 60 }, (_, i) => client(url, { name: `flood${i}` }).then(() => "ok", (e: { code?: string }) => e.code ?? "error")),
    );
    expect(attempts.filter((a) => a === "ok").length).toBeLessThanOrEqual(35);
    expect(attempts.filter((a) => a === "server_full").length).toBeGreaterThanOrEqual(25);
    const res = await game;
    expect(res.violations).toEqual([]);
    expect(res.errors).toEqual([]);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    const rejected = (await node.metrics.connectionsRejected.get()).values.find((v) => v.labels.reason === "server_full");
    expect(rejected?.value).toBeGreaterThanOrEqual(25);
  });

  it("refuses connections beyond the per-IP rate with rate_limited", async () => {
    const { url } = await startNode({ LIMIT_CONNECTIONS_PER_IP_PER_MINUTE: "5" });
    const codes = [];
    for (let i = 0; i < 8; i++) codes.push(await client(url, { name: `c${i}` }).then(() => "ok", (e: { code?: string }) => e.code));
    expect(codes.slice(0, 5)).toEqual(["ok", "ok", "ok", "ok", "ok"]);
    expect(codes.slice(5)).toEqual(["rate_limited", "rate_limited", "rate_limited"]);
  });

  it("answers an event flood with rate_limited and then disconnects the flooder", async () => {
    const { url } = await startNode({ LIMIT_EVENTS_PER_SECOND: "5", LIMIT_EVENT_BURST: "5", LIMIT_DISCONNECT_AFTER_VIOLATIONS: "10" });
    const bot = new Bot({ url, name: "flood", autoplay: false });
    await bot.connect();
    const disconnected = new Promise((r) => bot.socket.once("disconnect", r));
    const results = await Promise.all(Array.from({ length: 30 }, () => bot.request("room:sync", { roomId: "ABCDEF" })));
    expect(results.filter((r) => !r.ok && r.code === "rate_limited").length).toBeGreaterThanOrEqual(10);
    await disconnected;
    bot.close();
  });

  it("serves /metrics that promtool accepts", async () => {
    const { url } = await startNode();
    await playGame({ urls: [url], players: 5 });
    const text = await (await fetch(`${url}/metrics`)).text();
    expect(text).toContain("avalon_ack_latency_seconds_bucket");
    expect(text).toContain('avalon_games_finished_total{winner=');
    execFileSync("promtool", ["check", "metrics"], { input: text });
  });
});

describe("shutdown", () => {
  it("runs one shutdown path in order: stop accepting, tell clients, disconnect, wait, close", async () => {
    const { url, node } = await startNode({ DRAIN_WINDOW_MS: "300" });
    const bots = Array.from({ length: 4 }, (_, i) => new Bot({ url, name: `s${i}`, autoplay: false }));
    await Promise.all(bots.map((b) => b.connect()));
    const events: string[][] = bots.map(() => []);
    // The client's own events: socket.io-client also fires "disconnect" when the server closes
    // under a reconnect attempt that never connected, which is no disconnection of a connection.
    bots.forEach((b, i) => {
      b.client.on("server:shutdown", () => events[i]?.push("notice"));
      b.client.on("disconnected", () => events[i]?.push("disconnect"));
    });
    const first = node.stop();
    expect(node.stop()).toBe(first);
    expect(node.isReady()).toBe(false);
    await first;
    bots.forEach((b) => b.close());
    expect(node.lifecycle.steps).toEqual([
      "stop_accepting",
      "notify_clients",
      "disconnect_waves",
      "wait_in_flight",
      "stop_ticker",
      "leave_registry",
      "leave_node_channel",
      "close_server",
      "close_store",
      "close_cluster",
      "close_redis",
      "done",
    ]);
    for (const e of events) expect(e).toEqual(["notice", "disconnect"]);
  });
});
