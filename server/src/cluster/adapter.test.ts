import { describe, expect, it } from "vitest";
import { adapterChannel } from "./adapter.js";

const PREFIX = "avalon#sio#";

describe("adapterChannel", () => {
  it("names a namespace's own channel 'all': every node receives it", () => {
    expect(adapterChannel(Buffer.from("avalon#sio#/#"), PREFIX)).toBe("all");
    expect(adapterChannel(Buffer.from("avalon#sio#/admin#"), PREFIX)).toBe("all");
  });

  it("names a room's, a player's or a node's reply channel 'room'", () => {
    expect(adapterChannel(Buffer.from("avalon#sio#/#room:ab12#"), PREFIX)).toBe("room");
    expect(adapterChannel(Buffer.from("avalon#sio#/#x7Yc1q#"), PREFIX)).toBe("room");
  });

  it("counts the classic adapter's request channel, outside the prefix, as 'all'", () => {
    expect(adapterChannel(Buffer.from("avalon#sio-request#/#"), PREFIX)).toBe("all");
  });
});
