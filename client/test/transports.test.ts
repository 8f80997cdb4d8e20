import { afterAll, afterEach, describe, expect, it } from "vitest";
import WebSocket from "ws";
import type { PlayerId } from "@avalon/protocol";
import { AvalonClient, engineIoTransport, socketIoTransport, type MessageLike, type Transport, type WebSocketLike } from "@avalon/client";
import { startNode, stopAll } from "@avalon/testkit";

/** A WebSocket-like object with `on*` properties only, as a wrapper around a mini game's socket would be. */
function onPropertiesOnly(url: string): WebSocketLike {
  const ws = new WebSocket(url);
  const wrapper: {
    send(data: string): void;
    close(): void;
    onopen: ((e: object) => void) | null;
    onmessage: ((e: MessageLike) => void) | null;
    onclose: ((e: object) => void) | null;
    onerror: ((e: unknown) => void) | null;
  } = {
    send: (data) => ws.send(data),
    close: () => ws.close(),
    onopen: null,
    onmessage: null,
    onclose: null,
    onerror: null,
  };
  ws.on("open", () => wrapper.onopen?.({}));
  ws.on("message", (data, isBinary) => wrapper.onmessage?.({ data: isBinary ? data : data.toString() }));
  ws.on("close", () => wrapper.onclose?.({}));
  ws.on("error", (err) => wrapper.onerror?.(err));
  return wrapper;
}

const TRANSPORTS: [string, (url: string) => Transport][] = [
  ["socket.io-client", (url) => socketIoTransport({ url })],
  ["a WebSocket-like object with addEventListener (the ws package)", (url) => engineIoTransport({ url, webSocket: (u) => new WebSocket(u) })],
  ["a WebSocket-like object with on* properties", (url) => engineIoTransport({ url, webSocket: onPropertiesOnly })],
];

const byNumber = (a: number, b: number) => a - b;
const clients: AvalonClient[] = [];
afterEach(() => {
  for (const c of clients.splice(0)) c.close();
});
afterAll(stopAll);

async function connected(transport: Transport, name: string): Promise<AvalonClient> {
  const client = new AvalonClient({ transport, name });
  clients.push(client);
  const res = await client.connect();
  if (!res.ok) throw new Error(`connect failed: ${res.code} ${res.message}`);
  return client;
}

/** Five clients through create, join, ready and start; the host is the first. */
async function startedGame(transport: Transport): Promise<AvalonClient[]> {
  const players = await Promise.all(["Ann", "Bob", "Cat", "Dan", "Eve"].map((n) => connected(transport, n)));
  const [host, ...others] = players as [AvalonClient, ...AvalonClient[]];
  const created = await host.createRoom({ maxPlayers: 5 });
  if (!created.ok) throw new Error(created.code);
  for (const p of others) expect((await p.join(created.roomId)).ok).toBe(true);
  for (const p of players) expect((await p.ready()).ok).toBe(true);
  expect((await host.start()).ok).toBe(true);
  for (const p of players) expect(await p.waitFor((v) => v.public.phase === "team_building" && v.private?.role != null, 10_000)).not.toBeNull();
  return players;
}

function byId(players: AvalonClient[], id: PlayerId | null): AvalonClient {
  const p = players.find((c) => c.session?.playerId === id);
  if (!p) throw new Error(`no client for ${id}`);
  return p;
}

describe.each(TRANSPORTS)("AvalonClient over %s", (_label, transportFor) => {
  it("plays five clients from an empty lobby into a game, each mirror carrying its own role and the patches of an acked move", async () => {
    const { url } = await startNode();
    const players = await startedGame(transportFor(url));
    const view = players[0]?.view;
    if (!view) throw new Error("no view");
    // Each mirror holds its own private view only (the private-view rule, PROTOCOL §6).
    for (const p of players) expect(p.view?.private?.playerId).toBe(p.session?.playerId);
    const leader = byId(players, view.public.leader);
    const team = view.public.players.slice(0, view.public.teamSizes[0]).map((s) => s.id);
    const ack = await leader.play({ type: "propose", team });
    expect(ack.ok).toBe(true);
    if (!ack.ok) return;
    for (const p of players) {
      const seen = await p.waitFor((v) => v.public.version >= ack.version, 10_000);
      expect(seen?.public.phase).toBe("team_vote");
      expect(seen?.public.team).toEqual(team);
    }
  });

  it("resumes with the session's token after a dropped connection: same player, room mirrored again, a move made during the drop acked", async () => {
    const { url, node } = await startNode();
    const players = await startedGame(transportFor(url));
    const leader = byId(players, players[0]?.view?.public.leader ?? null);
    const team = leader.view?.public.players.slice(0, leader.view.public.teamSizes[0]).map((s) => s.id) ?? [];
    expect((await leader.play({ type: "propose", team })).ok).toBe(true);

    const dropped = players.find((p) => p !== leader) as AvalonClient;
    const playerId = dropped.session?.playerId;
    const tokenBefore = dropped.resumeToken;
    const events: string[] = [];
    dropped.on("disconnected", (reason) => events.push(`disconnected:${reason}`));
    const back = new Promise((resolve) => dropped.on("connected", resolve));
    const gone = new Promise((resolve) => dropped.on("disconnected", resolve));
    for (const s of node.io.of("/").sockets.values()) if (s.data.playerId === playerId) s.conn.close();
    await gone;
    expect(dropped.connected).toBe(false);

    const vote = await dropped.play({ type: "vote", approve: true });
    expect(vote.ok).toBe(true);
    await back;
    expect(events).toEqual(["disconnected:transport_close"]);
    expect(dropped.session?.playerId).toBe(playerId);
    expect(dropped.resumeToken).not.toBe(tokenBefore);
    const seen = await dropped.waitFor((v) => v.public.voted.includes(playerId as PlayerId) && v.private?.myVote === true, 10_000);
    expect(seen).not.toBeNull();
  });

  it("honours server_busy: waits the retry time each refusal gives, then every client gets in", async () => {
    const { url } = await startNode({ HANDSHAKE_RATE: "4", HANDSHAKE_BURST: "1", HANDSHAKE_MAX_WAIT_MS: "0", HANDSHAKE_LAG_BUDGET_MS: "0" });
    const base = transportFor(url);
    const attempts: { at: number; code: string; retryAfterMs?: number }[][] = [];
    const recording = (log: { at: number; code: string; retryAfterMs?: number }[]): Transport => ({
      async open(auth, handlers) {
        const at = Date.now();
        const res = await base.open(auth, handlers);
        log.push(res.ok ? { at, code: "ok" } : { at, code: res.code, ...(res.retryAfterMs !== undefined ? { retryAfterMs: res.retryAfterMs } : {}) });
        return res;
      },
    });
    const retries: { code: string; delayMs: number }[] = [];
    const storm = Array.from({ length: 6 }, (_, i) => {
      const log: { at: number; code: string; retryAfterMs?: number }[] = [];
      attempts.push(log);
      const client = new AvalonClient({ transport: recording(log), name: `storm${i}` });
      clients.push(client);
      client.on("retry", (r) => retries.push(r));
      return client.connect();
    });
    const results = await Promise.all(storm);
    expect(results.every((r) => r.ok)).toBe(true);

    const busy = attempts.flatMap((log) => log.filter((a) => a.code === "server_busy"));
    expect(busy.length).toBeGreaterThan(0);
    expect(busy.every((a) => typeof a.retryAfterMs === "number" && a.retryAfterMs > 0)).toBe(true);
    expect(retries.filter((r) => r.code === "server_busy").map((r) => r.delayMs).sort(byNumber)).toEqual(busy.map((a) => a.retryAfterMs ?? 0).sort(byNumber));
    for (const log of attempts) {
      for (let i = 1; i < log.length; i++) {
        const prev = log[i - 1] as (typeof log)[number];
        if (prev.code === "server_busy") expect((log[i]?.at ?? 0) - prev.at).toBeGreaterThanOrEqual(prev.retryAfterMs ?? 0);
      }
    }
  });
});

describe("engineIoTransport", () => {
  it("opens the session on the websocket itself when the server offers no polling", async () => {
    const { url } = await startNode({ TRANSPORTS: "websocket" });
    const client = await connected(engineIoTransport({ url, webSocket: (u) => new WebSocket(u) }), "Ann");
    const created = await client.createRoom({ maxPlayers: 5 });
    expect(created.ok).toBe(true);
    expect(client.view?.public.players.map((p) => p.name)).toEqual(["Ann"]);
  });
});
