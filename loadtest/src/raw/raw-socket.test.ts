import http from "node:http";
import { afterEach, describe, expect, it, vi } from "vitest";
import { WebSocketServer, type WebSocket } from "ws";
import { RawConnectError } from "./connect-error.js";
import { RawSocket, type RawCloseReason } from "./raw-socket.js";

/** A hand-scripted Engine.IO server: sends the open packet, then lets each test answer frames. */
interface FakeServer {
  url: string;
  received: string[];
  /** The server side of the latest connection. */
  peer: () => WebSocket;
  close(): Promise<void>;
}

const servers: FakeServer[] = [];
const sockets: RawSocket[] = [];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function fakeServer(opts: { pingInterval?: number; pingTimeout?: number; maxPayload?: number; onFrame?: (frame: string, ws: WebSocket) => void } = {}): Promise<FakeServer> {
  const wss = new WebSocketServer({ host: "127.0.0.1", port: 0 });
  await new Promise((r) => wss.once("listening", r));
  const received: string[] = [];
  let latest: WebSocket | null = null;
  wss.on("connection", (ws) => {
    latest = ws;
    ws.send(`0${JSON.stringify({ sid: "eio1", upgrades: [], pingInterval: opts.pingInterval ?? 25000, pingTimeout: opts.pingTimeout ?? 20000, maxPayload: opts.maxPayload ?? 65536 })}`);
    ws.on("message", (data) => {
      const frame = data.toString();
      received.push(frame);
      if (opts.onFrame) opts.onFrame(frame, ws);
      else if (frame.startsWith("40")) ws.send('40{"sid":"ns1"}');
    });
  });
  const server: FakeServer = {
    url: `http://127.0.0.1:${(wss.address() as { port: number }).port}`,
    received,
    peer: () => latest as WebSocket,
    close: () => {
      for (const c of wss.clients) c.terminate();
      return new Promise((r) => wss.close(() => r()));
    },
  };
  servers.push(server);
  return server;
}

function raw(url: string, extra: Partial<ConstructorParameters<typeof RawSocket>[0]> = {}): RawSocket {
  const s = new RawSocket({ url, auth: { name: "ann" }, ...extra });
  sockets.push(s);
  return s;
}

function closed(s: RawSocket): Promise<RawCloseReason> {
  return new Promise((r) => s.onClose(r));
}

afterEach(async () => {
  for (const s of sockets.splice(0)) s.close();
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

describe("RawSocket against a scripted server", () => {
  it("joins the default namespace with its auth and learns the namespace sid", async () => {
    const srv = await fakeServer();
    const s = await raw(srv.url).connect();
    expect(srv.received[0]).toBe('40{"name":"ann"}');
    expect(s.sid).toBe("ns1");
    expect(s.handshake?.pingInterval).toBe(25000);
    expect(s.connected).toBe(true);
  });

  it("answers the server's ping with a pong", async () => {
    const srv = await fakeServer();
    await raw(srv.url).connect();
    srv.peer().send("2");
    await vi.waitFor(() => expect(srv.received).toContain("3"));
  });

  it("stays open while pings keep coming", async () => {
    const srv = await fakeServer({ pingInterval: 60, pingTimeout: 60 });
    const s = await raw(srv.url).connect();
    // Six pings 50 ms apart span 300 ms, more than the 120 ms the watchdog allows without one.
    for (let i = 0; i < 6; i++) {
      srv.peer().send("2");
      await sleep(50);
    }
    expect(s.connected).toBe(true);
    await vi.waitFor(() => expect(srv.received.filter((f) => f === "3")).toHaveLength(6));
  });

  it("closes with ping_timeout when no ping comes within pingInterval + pingTimeout", async () => {
    const srv = await fakeServer({ pingInterval: 60, pingTimeout: 60 });
    // The watchdog starts at the open packet, inside `connect`: time it from before.
    const started = Date.now();
    const s = await raw(srv.url).connect();
    expect(await closed(s)).toBe("ping_timeout");
    expect(Date.now() - started).toBeGreaterThanOrEqual(100);
    expect(s.connected).toBe(false);
  });

  it("rejects a refused handshake with the server's code", async () => {
    const srv = await fakeServer({
      onFrame: (f, ws) => f.startsWith("40") && ws.send('44{"message":"rate_limited","data":{"code":"rate_limited","message":"slow down"}}'),
    });
    const err = await raw(srv.url).connect().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RawConnectError);
    expect((err as RawConnectError).code).toBe("rate_limited");
  });

  it("gives up the handshake when the namespace never answers", async () => {
    const srv = await fakeServer({ onFrame: () => {} });
    const err = await raw(srv.url, { connectTimeoutMs: 150 }).connect().catch((e: unknown) => e);
    expect((err as RawConnectError).code).toBe("connect_timeout");
  });

  it("names an HTTP refusal of the upgrade by its status", async () => {
    const server = http.createServer((_req, res) => res.writeHead(403).end());
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    try {
      const err = await raw(`http://127.0.0.1:${(server.address() as { port: number }).port}`).connect().catch((e: unknown) => e);
      expect((err as RawConnectError).code).toBe("http_403");
    } finally {
      server.close();
    }
  });

  it("matches acks to concurrent requests by id, whatever their order", async () => {
    const pending: string[] = [];
    const srv = await fakeServer({
      onFrame: (f, ws) => {
        if (f.startsWith("40")) ws.send('40{"sid":"ns1"}');
        if (!f.startsWith("42")) return;
        pending.push(f);
        if (pending.length === 3) {
          for (const req of pending.reverse()) {
            const id = /^42(\d+)/.exec(req)?.[1];
            const roomId = (JSON.parse(req.slice(2 + (id?.length ?? 0))) as [string, { roomId: string }])[1].roomId;
            ws.send(`43${id}[{"ok":true,"id":"${roomId}"}]`);
          }
        }
      },
    });
    const s = await raw(srv.url).connect();
    const answers = await Promise.all(["AAAA", "BBBB", "CCCC"].map((roomId) => s.request("chat:send", { roomId, text: "hi" })));
    expect(answers).toEqual([
      { ok: true, id: "AAAA" },
      { ok: true, id: "BBBB" },
      { ok: true, id: "CCCC" },
    ]);
    expect(pending.map((f) => /^42(\d+)/.exec(f)?.[1]).sort()).toEqual(["0", "1", "2"]);
  });

  it("fails a request with timeout when its ack never comes", async () => {
    const srv = await fakeServer();
    const s = await raw(srv.url, { ackTimeoutMs: 100 }).connect();
    expect(await s.request("room:sync", { roomId: "ABCD" })).toMatchObject({ ok: false, code: "timeout" });
    expect(s.pendingAcks).toBe(0);
  });

  it("delivers pushed events to their listeners", async () => {
    const srv = await fakeServer();
    const s = await raw(srv.url).connect();
    const got = new Promise((r) => s.on("chat:message", r));
    srv.peer().send('42["chat:message",{"roomId":"ABCD","id":"1","from":"p","name":"n","text":"yo","ts":5}]');
    expect(await got).toMatchObject({ text: "yo", ts: 5 });
  });

  it("counts a malformed frame and keeps the connection", async () => {
    const srv = await fakeServer();
    const s = await raw(srv.url).connect();
    const bad: string[] = [];
    s.onMalformed((f) => bad.push(f.reason));
    const got = new Promise((r) => s.on("presence:typing", r));
    srv.peer().send("4x");
    srv.peer().send('42["presence:typing"');
    srv.peer().send('42["presence:typing",{"roomId":"ABCD","playerId":"p"}]');
    await got;
    expect(bad).toHaveLength(2);
    expect(s.malformedFrames).toBe(2);
    expect(s.connected).toBe(true);
  });

  it("reports an ack that answers no request as malformed", async () => {
    const srv = await fakeServer();
    const s = await raw(srv.url).connect();
    const bad = new Promise<string>((r) => s.onMalformed((f) => r(f.reason)));
    srv.peer().send('4399[{"ok":true}]');
    expect(await bad).toMatch(/answers no waiting request/);
  });

  it("reports a server-side disconnect and fails the requests in flight", async () => {
    const srv = await fakeServer();
    const s = await raw(srv.url).connect();
    const reason = closed(s);
    const answer = s.request("room:sync", { roomId: "ABCD" });
    await vi.waitFor(() => expect(srv.received.some((f) => f.includes("room:sync"))).toBe(true));
    srv.peer().send("41");
    expect(await reason).toBe("server_disconnect");
    expect(await answer).toMatchObject({ ok: false, code: "disconnected" });
  });

  it("leaves the namespace before closing", async () => {
    const srv = await fakeServer();
    const s = await raw(srv.url).connect();
    const reason = closed(s);
    s.close();
    expect(await reason).toBe("client");
    await vi.waitFor(() => expect(srv.received.at(-1)).toBe("41"));
  });

  it("refuses to send a frame above the server's maxPayload", async () => {
    const srv = await fakeServer({ maxPayload: 200 });
    const s = await raw(srv.url).connect();
    expect(await s.request("chat:send", { roomId: "ABCD", text: "x".repeat(300) })).toMatchObject({ ok: false, code: "payload_too_large" });
    expect(srv.received.some((f) => f.startsWith("42"))).toBe(false);
  });

  it("connects from the source address it is given", async () => {
    const wss = new WebSocketServer({ host: "127.0.0.1", port: 0 });
    await new Promise((r) => wss.once("listening", r));
    const from = new Promise<string | undefined>((r) => wss.once("connection", (_ws, req) => r(req.socket.remoteAddress)));
    void raw(`http://127.0.0.1:${(wss.address() as { port: number }).port}`, { localAddress: "127.0.0.3", connectTimeoutMs: 300 }).connect().catch(() => undefined);
    try {
      expect(await from).toBe("127.0.0.3");
    } finally {
      for (const c of wss.clients) c.terminate();
      wss.close();
    }
  });

  it("joins another namespace with the prefix", async () => {
    const srv = await fakeServer({ onFrame: (f, ws) => f.startsWith("40/admin,") && ws.send('40/admin,{"sid":"a1"}') });
    const s = await raw(srv.url, { nsp: "/admin", auth: { token: "t" } }).connect();
    expect(srv.received[0]).toBe('40/admin,{"token":"t"}');
    expect(s.sid).toBe("a1");
  });
});
