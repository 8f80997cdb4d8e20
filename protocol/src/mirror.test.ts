import { describe, expect, it } from "vitest";
import { RoomMirror } from "./mirror.js";
import { diff } from "./patch.js";
import type { PlayerView } from "./game.js";

function view(version: number, extra: Record<string, unknown> = {}): PlayerView {
  return { public: { version, ...extra } as unknown as PlayerView["public"], private: null };
}
function patch(from: number, to: number) {
  return { roomId: "R", from, version: to, ops: diff(view(from).public, view(to).public), events: [], ts: 0 };
}

describe("RoomMirror", () => {
  it("applies patches in order and ignores old ones", () => {
    const m = new RoomMirror();
    m.snapshot({ roomId: "R", version: 1, view: view(1), ts: 0 });
    expect(m.patch(patch(1, 2))).toBe("applied");
    expect(m.patch(patch(1, 2))).toBe("ignored");
    expect(m.version).toBe(2);
  });

  it("holds a patch that arrives early until the missing one comes", () => {
    const m = new RoomMirror();
    m.snapshot({ roomId: "R", version: 1, view: view(1), ts: 0 });
    expect(m.patch(patch(2, 3))).toBe("buffered");
    expect(m.behind).toBe(true);
    expect(m.patch(patch(1, 2))).toBe("applied");
    expect(m.version).toBe(3);
    expect(m.behind).toBe(false);
  });

  it("asks for a snapshot when it holds no view", () => {
    expect(new RoomMirror().patch(patch(1, 2))).toBe("gap");
  });
});
