import { createServer, type Server as HttpServer } from "node:http";
import type { AddressInfo, Socket as TcpSocket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { Server, type Socket } from "socket.io";
import { io as connect, type Socket as ClientSocket } from "socket.io-client";
import type { GameServer } from "./types.js";
import { coalesceWrites } from "./write-coalescing.js";

interface Running {
  io: Server;
  http: HttpServer;
  url: string;
  /** TCP writes (write or writev system calls asked of the stream) per connection, by engine id. */
  writes: Map<string, number>;
}

const open: { io: Server; clients: ClientSocket[] }[] = [];

afterEach(async () => {
  for (const o of open.splice(0)) {
    for (const c of o.clients) c.close();
    await new Promise<void>((r) => o.io.close(() => r()));
  }
});

/** Counts the stream-level writes of every websocket connection's TCP socket. */
function countWrites(io: Server, writes: Map<string, number>): void {
  const watch = (raw: { id: string; transport: { name: string; socket?: { _socket?: TcpSocket } } }) => {
    const tcp = raw.transport.socket?._socket as (TcpSocket & { _write: Function; _writev: Function }) | undefined;
    if (!tcp || raw.transport.name !== "websocket") return;
    writes.set(raw.id, 0);
    const count = <F extends Function>(f: F) =>
      function (this: unknown, ...args: unknown[]) {
        writes.set(raw.id, (writes.get(raw.id) ?? 0) + 1);
        return f.apply(this, args);
      };
    tcp._write = count(tcp._write);
    tcp._writev = count(tcp._writev);
  };
  io.engine.on("connection", (raw: Parameters<typeof watch>[0] & { on(e: "upgrade", f: () => void): void }) => {
    watch(raw);
    raw.on("upgrade", () => watch(raw));
  });
}

/**
 * `coalesce` true: coalescing as the node runs it, but with a bound far above any test's turn, so
 * that a slow machine does not split a burst; a number: that bound, ms.
 */
async function start(coalesce: boolean | number): Promise<Running> {
  const http = createServer();
  const io = new Server(http);
  const writes = new Map<string, number>();
  if (coalesce !== false) coalesceWrites(io as unknown as GameServer, { maxWaitMs: coalesce === true ? 10_000 : coalesce });
  countWrites(io, writes);
  await new Promise<void>((r) => http.listen(0, "127.0.0.1", r));
  open.push({ io, clients: [] });
  return { io, http, url: `http://127.0.0.1:${(http.address() as AddressInfo).port}`, writes };
}

async function client(r: Running, transports: ("websocket" | "polling")[] = ["websocket"]): Promise<ClientSocket> {
  const c = connect(r.url, { transports, forceNew: true, reconnection: false });
  (open.at(-1) as { clients: ClientSocket[] }).clients.push(c);
  await new Promise<void>((ok, fail) => {
    c.once("connect", ok);
    c.once("connect_error", fail);
  });
  return c;
}

/** The server's side of a client's connection. */
function serverSocket(r: Running, c: ClientSocket): Socket {
  const s = r.io.of("/").sockets.get(c.id as string);
  if (!s) throw new Error("no server socket");
  return s;
}

/** Waits for the connect handshake's own writes to finish, so that what is counted next is the test's. */
const settled = () => new Promise((res) => setTimeout(res, 50));

/**
 * Two connections, and a batch opened for the first one's frame and then held past the bound by
 * a long synchronous turn. Returns the second connection and how many TCP writes the first has made since.
 */
async function batchPastItsBound(r: Running): Promise<{ other: Socket; written: () => number }> {
  const [a, b] = [serverSocket(r, await client(r)), serverSocket(r, await client(r))];
  await settled();
  const before = r.writes.get(a.conn.id) ?? 0;
  const written = () => (r.writes.get(a.conn.id) ?? 0) - before;
  a.emit("n", 1);
  expect(written()).toBe(0);
  const until = performance.now() + 3;
  while (performance.now() < until);
  return { other: b, written };
}

/** Sends `count` events to the client in one synchronous run and returns the writes they took and what arrived. */
async function burst(r: Running, c: ClientSocket, count: number): Promise<{ writes: number; got: number[] }> {
  const got: number[] = [];
  const all = new Promise<void>((done) =>
    c.on("n", (i: number) => {
      got.push(i);
      if (got.length === count) done();
    }),
  );
  const server = serverSocket(r, c);
  await settled();
  const before = r.writes.get(server.conn.id) ?? 0;
  for (let i = 0; i < count; i++) server.emit("n", i);
  await all;
  return { writes: (r.writes.get(server.conn.id) ?? 0) - before, got };
}

describe("write coalescing", () => {
  it("sends a burst of frames to one connection in one TCP write, in order", async () => {
    const r = await start(true);
    const c = await client(r);
    const { writes, got } = await burst(r, c, 20);
    expect(got).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(writes).toBe(1);
  });

  it("is what makes the difference: without it the same burst takes a write per frame", async () => {
    const r = await start(false);
    const c = await client(r);
    const { writes, got } = await burst(r, c, 20);
    expect(got).toHaveLength(20);
    expect(writes).toBeGreaterThanOrEqual(19);
  });

  it("keeps the order of broadcasts, private frames and acks within a turn", async () => {
    const r = await start(true);
    const [a, b] = [await client(r), await client(r)];
    r.io.on("connection", (s) => s.join("room"));
    for (const s of r.io.of("/").sockets.values()) s.join("room");
    r.io.of("/").sockets.forEach((s) =>
      s.on("move", (i: number, ack: (n: number) => void) => {
        r.io.to("room").emit("seq", `public-${i}`);
        s.emit("seq", `private-${i}`);
        ack(i);
      }),
    );
    const seen: string[] = [];
    a.on("seq", (x: string) => seen.push(x));
    const acks = await Promise.all([0, 1, 2].map((i) => a.emitWithAck("move", i)));
    await b.emitWithAck("move", 3);
    expect(acks).toEqual([0, 1, 2]);
    expect(seen).toEqual(["public-0", "private-0", "public-1", "private-1", "public-2", "private-2", "public-3"]);
  });

  it("does not hold a batch past its bound while more frames are queued in the same turn", async () => {
    const { other, written } = await batchPastItsBound(await start(1));
    other.emit("n", 2);
    expect(written()).toBe(1);
  });

  it("sends a batch past its bound when a frame arrives from any client in the same turn", async () => {
    const { other, written } = await batchPastItsBound(await start(1));
    // What the engine does with a frame read from the other socket, before any handler runs.
    other.conn.emit("packet", { type: "pong" });
    expect(written()).toBe(1);
  });

  it("coalesces after an upgrade from long polling to websocket", async () => {
    const r = await start(true);
    const c = await client(r, ["polling", "websocket"]);
    await new Promise<void>((ok) => (c.io.engine.transport.name === "websocket" ? ok() : c.io.engine.once("upgrade", () => ok())));
    const { writes, got } = await burst(r, c, 10);
    expect(got).toHaveLength(10);
    expect(writes).toBe(1);
  });

  it("drops what was queued for a connection that closed before the turn ended, without throwing", async () => {
    const r = await start(true);
    const c = await client(r);
    const server = serverSocket(r, c);
    const closed = new Promise<string>((res) => c.once("disconnect", res));
    server.emit("n", 1);
    server.conn.close(true);
    expect(await closed).toBe("transport close");
    await new Promise((res) => setImmediate(res));
  });

  it("still closes gracefully after the frames queued before the close", async () => {
    const r = await start(true);
    const c = await client(r);
    const server = serverSocket(r, c);
    const got: number[] = [];
    c.on("n", (i: number) => got.push(i));
    const closed = new Promise<string>((res) => c.once("disconnect", res));
    for (let i = 0; i < 5; i++) server.emit("n", i);
    server.disconnect(true);
    expect(await closed).toBe("io server disconnect");
    expect(got).toEqual([0, 1, 2, 3, 4]);
  });
});
