import { describe, expect, it } from "vitest";
import { Server } from "socket.io";
import { countChannels } from "./channel-counts.js";
import { playerChannel, roomChannel } from "./channels.js";

const join = (io: Server, socketId: string, ...rooms: string[]) => io.of("/").adapter.addAll(socketId, new Set([socketId, ...rooms]));

describe("countChannels", () => {
  it("counts player and room channels as sockets join and leave, not socket ids", () => {
    const io = new Server();
    const counts = countChannels(io.of("/"));
    join(io, "s1", playerChannel("p1"), roomChannel("R1"));
    join(io, "s2", playerChannel("p1"), roomChannel("R1"));
    join(io, "s3", playerChannel("p2"), roomChannel("R2"));
    expect([counts.players(), counts.rooms()]).toEqual([2, 2]);
    io.of("/").adapter.delAll("s3");
    io.of("/").adapter.del("s1", roomChannel("R1"));
    expect([counts.players(), counts.rooms()]).toEqual([1, 1]);
    io.of("/").adapter.delAll("s2");
    io.of("/").adapter.delAll("s1");
    expect([counts.players(), counts.rooms()]).toEqual([0, 0]);
  });

  it("follows the namespace onto a new adapter, counting what it already holds", () => {
    const io = new Server();
    const counts = countChannels(io.of("/"));
    join(io, "s1", playerChannel("p1"), roomChannel("R1"));
    expect(counts.players()).toBe(1);
    // A fresh adapter of the same class, as attaching the Redis adapter installs one of its own.
    io.adapter(io.of("/").adapter.constructor as Parameters<Server["adapter"]>[0] & object);
    join(io, "s2", playerChannel("p2"));
    join(io, "s3", playerChannel("p3"), roomChannel("R3"));
    expect([counts.players(), counts.rooms()]).toEqual([2, 1]);
    io.of("/").adapter.delAll("s3");
    expect([counts.players(), counts.rooms()]).toEqual([1, 0]);
  });
});
