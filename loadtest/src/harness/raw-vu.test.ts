import { afterEach, describe, expect, it } from "vitest";
import { WebSocketServer, type WebSocket } from "ws";
import { RawVu } from "./raw-vu.js";
import { RunMetrics } from "./run-metrics.js";

/** A scripted node: every namespace connect gets a session; `auths` records what each handshake sent. */
async function scriptedNode(): Promise<{ url: string; auths: string[]; peers: WebSocket[]; close(): Promise<void> }> {
  const wss = new WebSocketServer({ host: "127.0.0.1", port: 0 });
  await new Promise((r) => wss.once("listening", r));
  const auths: string[] = [];
  const peers: WebSocket[] = [];
  wss.on("connection", (ws) => {
    peers.push(ws);
    ws.send('0{"sid":"e","upgrades":[],"pingInterval":25000,"pingTimeout":20000,"maxPayload":65536}');
    ws.on("message", (d) => {
      const f = d.toString();
      if (!f.startsWith("40")) return;
      auths.push(f.slice(2));
      ws.send('40{"sid":"n"}');
      ws.send(`42["session",{"playerId":"p1","name":"vu","token":"tok-1","nodeId":"n1","roomId":null}]`);
    });
  });
  return {
    url: `http://127.0.0.1:${(wss.address() as { port: number }).port}`,
    auths,
    peers,
    close: () => {
      for (const c of wss.clients) c.terminate();
      return new Promise((r) => wss.close(() => r()));
    },
  };
}

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

async function until(cond: () => boolean, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error("condition not met");
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe("RawVu", () => {
  it("measures the connect time up to the session event and counts the connection", async () => {
    const node = await scriptedNode();
    cleanups.push(node.close);
    const metrics = new RunMetrics(Date.now());
    const vu = new RawVu({ url: node.url, name: "vu", metrics });
    cleanups.push(() => vu.close());
    expect((await vu.connect()).token).toBe("tok-1");
    expect(metrics.connectMs.count).toBe(1);
    expect(metrics.connections).toBe(1);
    vu.close();
    expect(metrics.connections).toBe(0);
  });

  it("resumes with its token after an announced shutdown, without counting an error", async () => {
    const node = await scriptedNode();
    cleanups.push(node.close);
    const metrics = new RunMetrics(Date.now());
    const vu = new RawVu({ url: node.url, name: "vu", metrics, rng: () => 0 });
    cleanups.push(() => vu.close());
    await vu.connect();
    const first = node.peers[0] as WebSocket;
    first.send('42["server:shutdown",{"reason":"drain","nodeId":"n1","reconnectAfterMs":50}]');
    first.send("41");
    await until(() => node.auths.length === 2 && vu.connected);
    expect(node.auths).toEqual(['{"name":"vu"}', '{"token":"tok-1"}']);
    expect(metrics.counters.get("reconnects")).toBe(1);
    expect(metrics.errorCount).toBe(0);
  });

  it("counts an unannounced disconnect as an error and still resumes", async () => {
    const node = await scriptedNode();
    cleanups.push(node.close);
    const metrics = new RunMetrics(Date.now());
    const vu = new RawVu({ url: node.url, name: "vu", metrics, rng: () => 0 });
    cleanups.push(() => vu.close());
    await vu.connect();
    (node.peers[0] as WebSocket).terminate();
    await until(() => node.auths.length === 2 && vu.connected);
    expect(Object.fromEntries(metrics.errors)).toEqual({ disconnected: 1 });
  });

  it("counts delivery latency from the ts of pushed messages", async () => {
    const node = await scriptedNode();
    cleanups.push(node.close);
    const metrics = new RunMetrics(Date.now());
    const vu = new RawVu({ url: node.url, name: "vu", metrics });
    cleanups.push(() => vu.close());
    await vu.connect();
    const got = new Promise((r) => vu.on("chat:message", r));
    (node.peers[0] as WebSocket).send(`42["chat:message",{"roomId":"ABCD","id":"1","from":"p","name":"n","text":"x","ts":${Date.now() - 40}}]`);
    await got;
    expect(metrics.deliveryMs.count).toBe(1);
    expect(metrics.deliveryMs.max).toBeGreaterThanOrEqual(40);
  });

  it("counts a refused handshake by its code", async () => {
    const wss = new WebSocketServer({ host: "127.0.0.1", port: 0 });
    await new Promise((r) => wss.once("listening", r));
    cleanups.push(() => new Promise((r) => wss.close(r)));
    wss.on("connection", (ws) => {
      ws.send('0{"sid":"e","upgrades":[],"pingInterval":25000,"pingTimeout":20000,"maxPayload":65536}');
      ws.on("message", () => ws.send('44{"message":"server_full","data":{"code":"server_full","message":"full"}}'));
    });
    const metrics = new RunMetrics(Date.now());
    const vu = new RawVu({ url: `http://127.0.0.1:${(wss.address() as { port: number }).port}`, name: "vu", metrics });
    await expect(vu.connect()).rejects.toMatchObject({ code: "server_full" });
    expect(Object.fromEntries(metrics.errors)).toEqual({ server_full: 1 });
    expect(metrics.operations).toBe(1);
  });
});
