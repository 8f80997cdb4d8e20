import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeFrame, encodeAck, encodeConnect, encodeDisconnect, encodeEvent, engineUrl, PING, PONG } from "./packets.js";

const json = fc.jsonValue().map((v) => JSON.parse(JSON.stringify(v)) as unknown);
const nsp = fc.oneof(fc.constant("/"), fc.stringMatching(/^\/[a-z]{1,8}$/));
const eventName = fc.string({ minLength: 1, maxLength: 20 });

describe("engine.io framing", () => {
  it("reads the open packet's heartbeat and payload limits", () => {
    expect(decodeFrame('0{"sid":"abc","upgrades":[],"pingInterval":25000,"pingTimeout":20000,"maxPayload":65536}')).toEqual({
      kind: "open",
      sid: "abc",
      pingInterval: 25000,
      pingTimeout: 20000,
      maxPayload: 65536,
    });
  });

  it("reads ping, pong, close and noop", () => {
    expect(decodeFrame(PING)).toEqual({ kind: "ping" });
    expect(decodeFrame(PONG)).toEqual({ kind: "pong" });
    expect(decodeFrame("1")).toEqual({ kind: "close" });
    expect(decodeFrame("6")).toEqual({ kind: "noop" });
  });

  it("answers a ping with the pong packet 3", () => {
    expect(decodeFrame("2").kind).toBe("ping");
    expect(PONG).toBe("3");
  });

  it("builds the websocket address from an http url", () => {
    expect(engineUrl("http://127.0.0.1:3000")).toBe("ws://127.0.0.1:3000/socket.io/?EIO=4&transport=websocket");
    expect(engineUrl("https://example.test/", "/rt")).toBe("wss://example.test/rt/?EIO=4&transport=websocket");
  });
});

describe("socket.io packets", () => {
  it("encodes the namespace connect with its auth", () => {
    expect(encodeConnect("/", { name: "ann" })).toBe('40{"name":"ann"}');
    expect(encodeConnect("/admin", { token: "t" })).toBe('40/admin,{"token":"t"}');
    expect(encodeDisconnect("/")).toBe("41");
    expect(encodeDisconnect("/admin")).toBe("41/admin,");
  });

  it("encodes events without and with an ack id", () => {
    expect(encodeEvent("/", "chat:send", [{ roomId: "ABCD", text: "hi" }])).toBe('42["chat:send",{"roomId":"ABCD","text":"hi"}]');
    expect(encodeEvent("/", "room:sync", [{ roomId: "ABCD" }], 12)).toBe('4212["room:sync",{"roomId":"ABCD"}]');
  });

  it("reads a namespace connect and its sid", () => {
    expect(decodeFrame('40{"sid":"xyz"}')).toEqual({ kind: "connect", nsp: "/", sid: "xyz" });
    expect(decodeFrame('40/admin,{"sid":"q"}')).toEqual({ kind: "connect", nsp: "/admin", sid: "q" });
  });

  it("reads a refusal's code and message from its data", () => {
    expect(decodeFrame('44{"message":"rate_limited","data":{"code":"rate_limited","message":"more than 600 connections per minute"}}')).toEqual({
      kind: "connect_error",
      nsp: "/",
      code: "rate_limited",
      message: "more than 600 connections per minute",
    });
  });

  it("falls back to the message when a refusal has no data", () => {
    expect(decodeFrame('44/admin,{"message":"Invalid namespace"}')).toEqual({ kind: "connect_error", nsp: "/admin", code: "Invalid namespace", message: "Invalid namespace" });
  });

  it("reads a server-side namespace disconnect", () => {
    expect(decodeFrame("41")).toEqual({ kind: "disconnect", nsp: "/" });
  });

  it("reads an ack with its id", () => {
    expect(decodeFrame('437[{"ok":true,"id":"m1"}]')).toEqual({ kind: "ack", nsp: "/", id: 7, args: [{ ok: true, id: "m1" }] });
  });

  it("round-trips any event through encode and decode", () => {
    fc.assert(
      fc.property(nsp, eventName, fc.array(json, { maxLength: 3 }), fc.option(fc.nat({ max: 1e9 }), { nil: null }), (n, name, args, id) => {
        expect(decodeFrame(encodeEvent(n, name, args, id))).toEqual({ kind: "event", nsp: n, id, name, args });
      }),
    );
  });

  it("round-trips any ack through encode and decode", () => {
    fc.assert(
      fc.property(nsp, fc.nat({ max: 1e9 }), fc.array(json, { maxLength: 3 }), (n, id, args) => {
        expect(decodeFrame(encodeAck(n, id, args))).toEqual({ kind: "ack", nsp: n, id, args });
      }),
    );
  });
});

describe("malformed frames", () => {
  it.each([
    ["", "empty frame"],
    ["9", "unknown engine.io type"],
    ["4", "empty message"],
    ["4x", "unknown socket.io type"],
    ['42["chat:message"', "truncated JSON"],
    ["42{}", "event that is not an array"],
    ["42[1,2]", "event without a name"],
    ['43["x"]', "ack without an id"],
    ['431{"ok":true}', "ack that is not an array"],
    ["40{}", "connect without a sid"],
    ["0{not json", "broken open packet"],
    ['0{"sid":"a"}', "open packet without heartbeat"],
    ["2probe", "probe outside an upgrade"],
    ['451-["x",{"_placeholder":true,"num":0}]', "binary event"],
  ])("decodes %j (%s) as malformed, never throws", (frame) => {
    const out = decodeFrame(frame);
    expect(out.kind).toBe("malformed");
  });

  it("never throws on arbitrary text", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (s) => {
        expect(() => decodeFrame(s)).not.toThrow();
        expect(() => decodeFrame(`4${s}`)).not.toThrow();
        expect(() => decodeFrame(`42${s}`)).not.toThrow();
      }),
    );
  });
});
