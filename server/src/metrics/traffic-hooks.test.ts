import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { Server } from "socket.io";
import { io as connect, type Socket as ClientSocket } from "socket.io-client";
import { Traffic } from "./traffic.js";
import type { GameServer, GameSocket } from "../transport/types.js";
import { Metrics } from "./metrics.js";
import { instrumentTraffic } from "./traffic-hooks.js";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

async function instrumented(clients: number) {
  const http = createServer();
  const io: GameServer = new Server(http);
  const metrics = new Metrics({ node: "n1" });
  const traffic = new Traffic();
  instrumentTraffic(io, metrics, traffic);
  const sockets: GameSocket[] = [];
  io.on("connection", (s) => {
    s.on("chat:send", (_msg, ack) => ack({ ok: true, id: "m1" }));
    sockets.push(s);
  });
  await new Promise<void>((r) => http.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  const opened: ClientSocket[] = [];
  for (let i = 0; i < clients; i++) {
    const c = connect(url, { transports: ["websocket"], reconnection: false });
    opened.push(c);
    await new Promise<void>((r) => c.once("connect", () => r()));
  }
  cleanups.push(async () => {
    for (const c of opened) c.close();
    await new Promise<void>((r) => io.close(() => r()));
  });
  return { io, metrics, traffic, sockets, clients: opened };
}

const sent = async (m: Metrics, event: string) =>
  (await m.registry.getSingleMetric("avalon_events_sent_total")?.get())?.values.find((v) => v.labels.event === event)?.value;

describe("instrumentTraffic", () => {
  it("counts a room broadcast once per delivered frame, under its event and its room, with the frame's bytes", async () => {
    const { io, metrics, traffic, sockets, clients } = await instrumented(2);
    for (const s of sockets) await s.join("room:ABC123");
    const started = Date.now();
    traffic.tick(started);
    const received = clients.map((c) => new Promise<void>((r) => c.once("room:closed", () => r())));
    const payload = { roomId: "ABC123", reason: "closed" } as const;
    io.to("room:ABC123").emit("room:closed", payload);
    await Promise.all(received);
    traffic.tick(started + 1000);

    // Engine.IO counts the Socket.IO packet it carries: the EVENT type, then the JSON array.
    const frameBytes = Buffer.byteLength(`2${JSON.stringify(["room:closed", payload])}`);
    expect(traffic.roomRate("ABC123")).toEqual({ msgsPerSec: 2, bytesPerSec: 2 * frameBytes });
    expect(await sent(metrics, "room:closed")).toBe(2);
  });

  it("names a frame sent to one socket, and leaves acks and events without a room out of the room counts", async () => {
    const { metrics, traffic, sockets, clients } = await instrumented(1);
    const [socket] = sockets as [GameSocket];
    const [client] = clients as [ClientSocket];
    const started = Date.now();
    traffic.tick(started);
    const replaced = new Promise<void>((r) => client.once("session:replaced", () => r()));
    socket.emit("session:replaced", { reason: "elsewhere" });
    await replaced;
    await client.timeout(5000).emitWithAck("chat:send", { roomId: "ABC123", text: "hi" });
    socket.emit("presence:online", { roomId: "ROOM2", playerId: "p1", online: true });
    await new Promise<void>((r) => client.once("presence:online", () => r()));
    traffic.tick(started + 1000);

    expect(await sent(metrics, "session:replaced")).toBe(1);
    expect(await sent(metrics, "presence:online")).toBe(1);
    // The inbound chat counts once for its room; the ack that answers it is not attributed to any room.
    expect(traffic.roomRate("ABC123")).toEqual({ msgsPerSec: 1, bytesPerSec: 0 });
    expect(traffic.roomRate("ROOM2").msgsPerSec).toBe(1);
    expect(traffic.current.msgsOutPerSec).toBe(3);
  });
});
