import { WireSocket } from "@avalon/loadtest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Bot } from "@avalon/loadtest";
import { startNode, stopAll, sleep } from "@avalon/testkit";
import type { AvalonNode } from "../../src/node.js";
import { closedWithin, heapAfterGc, isWellFormedAck, nodeStillServes, rawTcp, rawUpgrade } from "./support/checks.js";
import { closeAll, roomVersion, roomWithRawMember } from "./support/games.js";
import { Tally } from "./support/tally.js";

/*
 * Bad input written by hand, frame by frame. Every case must end in an error ack or a clean
 * disconnect; none may change the watched game, crash the node or make its memory grow.
 */

const tally = new Tally("bad input (hand-written frames)");
let url = "";
let port = 0;
let node: AvalonNode;
let bots: Bot[] = [];
let roomId = "";
let member: WireSocket;
let version = 0;

beforeAll(async () => {
  ({ url, node } = await startNode({
    LIMIT_EVENTS_PER_SECOND: "10000",
    LIMIT_EVENT_BURST: "10000",
    LIMIT_CONNECTIONS_PER_IP_PER_MINUTE: "100000",
  }));
  port = Number(new URL(url).port);
  ({ bots, roomId, member } = await roomWithRawMember(url));
  version = await roomVersion(bots[0] as Bot, roomId);
});

afterAll(async () => {
  closeAll(bots);
  member?.close();
  await stopAll();
  tally.print();
});

/** Opens a fresh connection in the game namespace for cases that are expected to end it. */
async function fresh(): Promise<WireSocket> {
  return (await WireSocket.connect(url, { name: "fuzz" })).raw;
}

type Outcome = "ack" | "closed" | "silent" | "refused";

/** Sends one frame on a fresh connection; returns what happened and the ack if any. */
async function oneFrame(frame: string | Buffer, ackId: number | null, waitMs = 600): Promise<{ outcome: Outcome; reply?: unknown; close?: number }> {
  const raw = await fresh();
  const res = await raw.sendAndWait(frame, ackId, waitMs);
  let outcome: Outcome = res === "closed" ? "closed" : res === "silent" ? "silent" : "ack";
  if (outcome === "silent") {
    // Nothing to answer (no ack id asked): the connection must still work.
    const probe = await raw.requestOrClose("room:sync", [{ roomId: "ZZZZ" }], 1000).catch(() => "silent" as const);
    outcome = probe === "closed" ? "closed" : isWellFormedAck(probe) ? "silent" : "refused";
  }
  const close = outcome === "closed" ? (await raw.closed).code : undefined;
  raw.close();
  return { outcome, ...(outcome === "ack" ? { reply: res } : {}), ...(close !== undefined ? { close } : {}) };
}

describe("garbage before and around the handshake", () => {
  it("answers HTTP garbage, wrong Engine.IO versions and unknown sessions with an error status and closes", async () => {
    const requests: [string, string | Buffer, RegExp][] = [
      ["non-HTTP bytes", "\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03garbage\r\n\r\n", /^HTTP\/1\.1 400|^$/],
      ["bare newline flood", "\r\n".repeat(2000), /^HTTP\/1\.1 400|^$/],
      ["Engine.IO v9", "GET /socket.io/?EIO=9&transport=polling HTTP/1.1\r\nHost: x\r\n\r\n", /^HTTP\/1\.1 400/],
      ["unknown transport", "GET /socket.io/?EIO=4&transport=carrier-pigeon HTTP/1.1\r\nHost: x\r\n\r\n", /^HTTP\/1\.1 400/],
      ["unknown session id (polling)", "GET /socket.io/?EIO=4&transport=polling&sid=nope HTTP/1.1\r\nHost: x\r\n\r\n", /^HTTP\/1\.1 400/],
      [
        "unknown session id (post)",
        "POST /socket.io/?EIO=4&transport=polling&sid=AAAAAAAAAAAAAAAAAAAA HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\n40{}x",
        /^HTTP\/1\.1 400/,
      ],
      ["header overflow", `GET /socket.io/?EIO=4&transport=polling HTTP/1.1\r\nX-Pad: ${"a".repeat(20_000)}\r\n\r\n`, /^HTTP\/1\.1 431|^$/],
      ["upgrade with a bad key", "GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n\r\n", /^HTTP\/1\.1 400|^$/],
    ];
    for (const [name, bytes, expected] of requests) {
      await tally.case(`tcp: ${name}`, async () => {
        const { reply } = await rawTcp(port, bytes);
        expect(reply, name).toMatch(expected);
      });
    }
  });

  it("closes a websocket that sends events, acks or binary before joining a namespace, or ignores harmless frames", async () => {
    // "ignored": nothing to answer and nothing changed; the connection can still join afterwards.
    const frames: [string, string | Buffer, "closed" | "ignored"][] = [
      ["event before connect", '42["room:create",{}]', "closed"],
      ["ack before connect", '431["x"]', "closed"],
      ["binary before connect", Buffer.from([0xde, 0xad, 0xbe, 0xef]), "closed"],
      ["connect with a string auth", '40"not-an-object"', "closed"],
      ["connect with an array auth", "40[1,2,3]", "closed"],
      ["client ping (wrong heartbeat direction)", "2", "closed"],
      ["unknown Engine.IO type", "9hello", "closed"],
      ["empty frame", "", "closed"],
      ["Engine.IO close packet", "1", "ignored"],
      ["upgrade packet outside an upgrade", "5", "ignored"],
      ["noop packet", "6", "ignored"],
    ];
    for (const [name, frame, expected] of frames) {
      await tally.case(`pre-connect: ${name}`, async () => {
        const raw = await WireSocket.open(url);
        raw.send(frame);
        const res = await Promise.race([raw.closed, sleep(600).then(() => null)]);
        const outcome = res !== null ? "closed" : (await raw.join("/", { name: "after" })).ok ? "ignored" : "refused";
        raw.close();
        expect(outcome, name).toBe(expected);
      });
    }
  });

  it("refuses namespace connects with bad auth or unknown namespaces with a connect error", async () => {
    const cases: [string, string, unknown, string][] = [
      ["no name, no token", "/", {}, "bad_request"],
      ["empty name", "/", { name: "" }, "bad_request"],
      ["blank name", "/", { name: "    " }, "bad_request"],
      ["name too long", "/", { name: "x".repeat(1000) }, "bad_request"],
      ["name of wrong type", "/", { name: 12 }, "bad_request"],
      ["name nested deep", "/", { name: JSON.parse("[".repeat(2000) + "]".repeat(2000)) as unknown }, "bad_request"],
      ["token of wrong type", "/", { token: { p: "x" } }, "bad_request"],
      ["token too long", "/", { token: "a.b".repeat(400) }, "bad_request"],
      ["token without a signature", "/", { token: "eyJwIjoicF94In0" }, "invalid_token"],
      ["unknown namespace", "/nope", {}, "Invalid namespace"],
      ["admin without a token", "/admin", {}, "invalid_token"],
    ];
    for (const [name, nsp, auth, code] of cases) {
      await tally.case(`connect: ${name}`, async () => {
        const raw = await WireSocket.open(url);
        const res = await raw.join(nsp, auth);
        raw.close();
        expect(res, name).toEqual({ ok: false, code });
      });
    }
  });
});

describe("malformed and hostile frames on a joined socket", () => {
  it("closes the connection on frames the Socket.IO parser cannot read, or ignores them when harmless", async () => {
    const frames: [string, string | Buffer, "closed" | "silent"][] = [
      ["message with no packet", "4", "closed"],
      ["unknown Socket.IO type", '49["x"]', "closed"],
      // Decodes to an event with no name and no ack id: nothing to answer, dropped by the guard.
      ["event without payload", "42", "silent"],
      ["event with broken JSON", '42["room:sync",{"roomId":', "closed"],
      ["event with an empty array", "42[]", "closed"],
      ["event named null", "42[null]", "closed"],
      ["event as an object", '42{"event":"room:sync"}', "closed"],
      ["reserved event name", '42["disconnect"]', "closed"],
      ["reserved connect event", '42["connect",{}]', "closed"],
      ["event to a namespace never joined", '42/admin,["admin:command",{"type":"drain","nodeId":"x"}]', "closed"],
      ["event to an unknown namespace", '42/nope,["x"]', "closed"],
      ["binary with no announced event", Buffer.from("binary where text belongs"), "closed"],
      ["too many attachments", '4511-1["chat:send",{"_placeholder":true,"num":0}]', "closed"],
      ["zero attachments", '450-1["chat:send",{}]', "closed"],
      ["attachment count not a number", '45x-1["chat:send",{}]', "closed"],
      ["second connect to the same namespace", '40{"name":"again"}', "closed"],
      ["disconnect packet", "41", "closed"],
    ];
    for (const [name, frame, expected] of frames) {
      await tally.case(`malformed: ${name}`, async () => {
        const { outcome } = await oneFrame(frame, null, 1000);
        expect(outcome, name).toBe(expected);
      });
    }
    await tally.case("malformed: invalid UTF-8 in a text frame", async () => {
      const raw = await fresh();
      (raw.ws as unknown as { send(d: Buffer, o: object): void }).send(Buffer.from([0x34, 0x32, 0xc3, 0x28, 0xa0, 0xa1]), { binary: false });
      const closed = await Promise.race([raw.closed, sleep(1500).then(() => null)]);
      raw.close();
      expect(closed?.code).toBe(1007);
    });
  });

  it("answers unknown events, wrong types and over-limit payloads with an error ack", async () => {
    const big = "x".repeat(20 * 1024);
    const deep = JSON.parse("[".repeat(3000) + "]".repeat(3000)) as unknown;
    const cases: [string, unknown, unknown[], string[]][] = [
      ["unknown event", "room:explode", [{ roomId }], ["bad_request"]],
      ["admin event on the game namespace", "admin:command", [{ type: "drain", nodeId: "x" }], ["bad_request"]],
      ["numeric event name", 42, [{ roomId }], ["bad_request"]],
      ["very long event name", "e".repeat(4000), [{}], ["bad_request"]],
      ["no payload", "room:sync", [], ["bad_request"]],
      ["two payloads", "room:sync", [{ roomId }, { roomId }], ["bad_request"]],
      ["payload null", "game:action", [null], ["bad_request"]],
      ["payload a string", "game:action", ["vote yes"], ["bad_request"]],
      ["payload an array", "room:join", [[roomId]], ["bad_request"]],
      ["roomId of wrong type", "room:sync", [{ roomId: 123456 }], ["bad_request"]],
      ["roomId with a path", "room:join", [{ roomId: "../../etc/passwd" }], ["bad_request"]],
      ["roomId lower case", "room:sync", [{ roomId: roomId.toLowerCase() }], ["bad_request"]],
      ["expectedVersion negative", "room:ready", [{ roomId, ready: true, expectedVersion: -1 }], ["bad_request"]],
      ["expectedVersion a float", "room:ready", [{ roomId, ready: true, expectedVersion: 1.5 }], ["bad_request"]],
      ["seat out of range", "room:seat", [{ roomId, seat: 99 }], ["bad_request"]],
      ["seat NaN-ish", "room:seat", [{ roomId, seat: "1" }], ["bad_request"]],
      ["unknown optional role", "room:configure", [{ roomId, roles: ["jester"] }], ["bad_request"]],
      ["maxPlayers 11", "room:create", [{ options: { maxPlayers: 11 } }], ["bad_request"]],
      ["move of unknown type", "game:action", [{ roomId, actionId: "a1", move: { type: "win" } }], ["bad_request"]],
      ["move missing field", "game:action", [{ roomId, actionId: "a2", move: { type: "vote" } }], ["bad_request"]],
      ["move with extra field", "game:action", [{ roomId, actionId: "a3", move: { type: "vote", approve: true, twice: true } }], ["bad_request"]],
      ["actor named in the payload", "game:action", [{ roomId, actionId: "a4", move: { type: "vote", approve: true }, playerId: "p_x" }], ["bad_request"]],
      ["actionId with spaces", "game:action", [{ roomId, actionId: "a b", move: { type: "vote", approve: true } }], ["bad_request"]],
      ["actionId 65 characters", "game:action", [{ roomId, actionId: "a".repeat(65), move: { type: "vote", approve: true } }], ["bad_request"]],
      ["__proto__ key", "room:sync", [JSON.parse(`{"roomId":"${roomId}","__proto__":{"polluted":true}}`)], ["bad_request"]],
      ["constructor key", "room:sync", [{ roomId, constructor: { prototype: { polluted: true } } }], ["bad_request"]],
      ["huge array in bounds", "game:action", [{ roomId, actionId: "a5", move: { type: "propose", team: Array.from({ length: 1500 }, (_, i) => `p${i}`) } }], ["bad_request"]],
      ["huge array over 16 KiB", "game:action", [{ roomId, actionId: "a6", move: { type: "propose", team: Array.from({ length: 3000 }, (_, i) => `p${i}`) } }], ["payload_too_large"]],
      ["deep nesting", "room:sync", [{ roomId, x: deep }], ["bad_request", "payload_too_large"]],
      ["deep nesting as the payload", "game:action", [deep], ["bad_request", "payload_too_large"]],
      ["chat over the payload limit", "chat:send", [{ roomId, text: big }], ["payload_too_large"]],
      ["chat over 280 characters", "chat:send", [{ roomId, text: "y".repeat(281) }], ["bad_request"]],
      ["chat of whitespace", "chat:send", [{ roomId, text: "   \n\t " }], ["bad_request"]],
      ["chat with lone surrogates", "chat:send", [{ roomId, text: "\ud800\udfff\ud800" }], ["ok"]],
      ["typing with a bad room", "presence:typing", [{ roomId: 7 }], ["bad_request"]],
    ];
    for (const [name, event, args, codes] of cases) {
      await tally.case(`ack: ${name}`, async () => {
        const reply = await member.requestOrClose(event, args, 3000);
        expect(reply, name).not.toBe("closed");
        expect(isWellFormedAck(reply), name).toBe(true);
        const r = reply as { ok: boolean; code?: string };
        expect(codes, `${name}: ${JSON.stringify(reply).slice(0, 120)}`).toContain(r.ok ? "ok" : r.code);
      });
    }
  });

  it("closes the connection cleanly on frames over the transport limit", async () => {
    const over = `421["chat:send",{"roomId":"${roomId}","text":"${"z".repeat(70 * 1024)}"}]`;
    for (const [name, frame] of [
      ["text frame of 70 KiB", over],
      ["binary frame of 70 KiB", Buffer.alloc(70 * 1024, 1)],
    ] as const) {
      await tally.case(`transport limit: ${name}`, async () => {
        const { outcome, close } = await oneFrame(frame, 1, 1500);
        expect(outcome, name).toBe("closed");
        expect(close, name).toBe(1009);
      });
    }
  });

  it("decodes binary attachments but refuses them as payloads", async () => {
    await tally.case("binary event with a buffer payload", async () => {
      const raw = await fresh();
      raw.send(`451-7["chat:send",{"roomId":"${roomId}","text":{"_placeholder":true,"num":0}}]`);
      raw.send(Buffer.from("not text"));
      const reply = await raw.next((f) => typeof f === "string" && f.startsWith("437["), 2000);
      raw.close();
      expect(reply).toContain('"bad_request"');
    });
    await tally.case("binary placeholder out of range", async () => {
      const raw = await fresh();
      raw.send(`451-8["chat:send",{"roomId":"${roomId}","text":{"_placeholder":true,"num":5}}]`);
      raw.send(Buffer.from("x"));
      const closed = await Promise.race([raw.closed, sleep(1500).then(() => null)]);
      raw.close();
      expect(closed).not.toBeNull();
    });
  });

  it("ignores acks for ids it never asked and keeps serving the socket", async () => {
    for (const frame of ["43999[\"fake\"]", "430[]", '43123456789012345678901234567890[{"ok":true}]', '461-5[{"_placeholder":true,"num":0}]']) {
      await tally.case(`stray ack ${frame.slice(0, 16)}`, async () => {
        const raw = await fresh();
        raw.send(frame);
        if (frame.startsWith("46")) raw.send(Buffer.from("b"));
        const probe = await raw.requestOrClose("room:sync", [{ roomId: "ZZZZ" }], 2000);
        raw.close();
        expect(probe).toMatchObject({ ok: false, code: "room_not_found" });
      });
    }
  });

  it("closes connections that break the websocket framing itself", async () => {
    const frames: [string, Buffer][] = [
      // FIN + text, unmasked (clients must mask): protocol error.
      ["unmasked frame", Buffer.from([0x81, 0x02, 0x34, 0x32])],
      // Masked, 64-bit length of 2^40: over maxPayload before any byte arrives.
      ["length of a terabyte", Buffer.from([0x82, 0xff, 0, 0, 0x01, 0, 0, 0, 0, 0, 1, 2, 3, 4])],
      // Reserved opcode 0x3.
      ["reserved opcode", Buffer.from([0x83, 0x80, 1, 2, 3, 4])],
      // Continuation frame with nothing to continue.
      ["orphan continuation", Buffer.from([0x80, 0x80, 1, 2, 3, 4])],
    ];
    for (const [name, bytes] of frames) {
      await tally.case(`framing: ${name}`, async () => {
        const sock = await rawUpgrade(port);
        sock.write(bytes);
        const closed = await closedWithin(sock, 2000);
        sock.destroy();
        expect(closed, name).toBe(true);
      });
    }
  });
});

describe("after all of it", () => {
  it("keeps memory bounded over thousands of bad frames", async () => {
    const bad = [
      ["room:explode", { roomId }],
      ["game:action", { roomId, actionId: "m", move: { type: "vote", approve: "yes" } }],
      ["game:action", { roomId, actionId: "m", move: { type: "propose", team: Array.from({ length: 1500 }, (_, i) => `p${i}`) } }],
      ["chat:send", { roomId, text: "w".repeat(17 * 1024) }],
      ["room:sync", { roomId: "NOPE1" }],
      ["room:join", { roomId, extra: JSON.parse("[".repeat(500) + "]".repeat(500)) as unknown }],
    ] as const;
    const round = async (n: number) => {
      const socks = await Promise.all(Array.from({ length: 4 }, () => fresh()));
      let answered = 0;
      await Promise.all(
        socks.map(async (raw, s) => {
          for (let i = s; i < n; i += socks.length) {
            const [event, payload] = bad[i % bad.length] as readonly [string, unknown];
            raw.send('43999["stray"]');
            if (isWellFormedAck(await raw.request(event, [payload], 3000))) answered++;
          }
        }),
      );
      // Connections killed by malformed packets must leave nothing behind either.
      for (let i = 0; i < n / 50; i++) {
        const raw = await fresh();
        raw.send("42[]");
        await raw.closed;
      }
      socks.forEach((s) => s.close());
      return answered;
    };
    await round(600);
    await sleep(300);
    const before = heapAfterGc();
    const n = 3000;
    const answered = await round(n);
    await sleep(500);
    const after = heapAfterGc();
    const growthMb = (after - before) / 1024 / 1024;
    console.log(`[reliability] bad input memory: ${n} bad frames + ${n / 50} killed connections, heap ${(before / 1048576).toFixed(1)} -> ${(after / 1048576).toFixed(1)} MiB`);
    await tally.case(`heap bounded over ${n} bad frames`, () => {
      expect(answered).toBe(n);
      expect(growthMb).toBeLessThan(8);
      expect(node.io.of("/").sockets.size).toBeLessThan(bots.length + 5);
    });
    tally.count("bad_frames", n + (n / 50) * 2);
  });

  it("left the watched game untouched and the node serving", async () => {
    await tally.case("room version unchanged", async () => {
      expect(await roomVersion(bots[1] as Bot, roomId)).toBe(version);
    });
    const served = await nodeStillServes(url);
    await tally.case("node still serving", () => {
      expect(served).toEqual({ healthy: true, gameOk: true, violations: [] });
    });
    if (!served.healthy) tally.crashes++;
  });
});
