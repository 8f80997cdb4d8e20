import { describe, expect, it } from "vitest";
import { Traffic } from "./traffic.js";

describe("Traffic room rates", () => {
  it("gives a room the rate of the last closed window, and zero once a window passes without its traffic", () => {
    const t = new Traffic();
    const start = Date.now();
    t.room("R1", 4, 400);
    t.room("R2", 1, 0);
    expect(t.roomRate("R1")).toEqual({ msgsPerSec: 0, bytesPerSec: 0 });
    t.tick(start + 2000);
    expect(t.roomRate("R1").msgsPerSec).toBeCloseTo(2, 1);
    expect(t.roomRate("R1").bytesPerSec).toBeCloseTo(200, 0);
    t.room("R1", 1, 10);
    t.tick(start + 3000);
    expect(t.roomRate("R1")).toEqual({ msgsPerSec: 1, bytesPerSec: 10 });
    expect(t.roomRate("R2")).toEqual({ msgsPerSec: 0, bytesPerSec: 0 });
    t.tick(start + 4000);
    expect(t.roomRate("R1")).toEqual({ msgsPerSec: 0, bytesPerSec: 0 });
    t.room("R2", 3, 30);
    t.tick(start + 5000);
    expect(t.roomRate("R2")).toEqual({ msgsPerSec: 3, bytesPerSec: 30 });
  });
});
