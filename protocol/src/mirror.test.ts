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

  it("keeps a private view that arrives after patches of later changes, and drops one older than the private view held", () => {
    const m = new RoomMirror();
    m.snapshot({ roomId: "R", version: 33, view: view(33), ts: 0 });
    const mine = (version: number, myVote: boolean | null) => ({ roomId: "R", version, view: { myVote } as unknown as NonNullable<PlayerView["private"]>, ts: 0 });
    expect(m.patch(patch(33, 34))).toBe("applied");
    expect(m.patch(patch(34, 35))).toBe("applied");
    expect(m.private(mine(34, true))).toBe("applied");
    expect(m.view?.private).toEqual({ myVote: true });
    expect(m.private(mine(33, false))).toBe("ignored");
    expect(m.view?.private).toEqual({ myVote: true });
    expect(m.private(mine(35, null))).toBe("applied");
    m.snapshot({ roomId: "R", version: 36, view: { ...view(36), private: { myVote: false } as unknown as NonNullable<PlayerView["private"]> }, ts: 0 });
    expect(m.private(mine(35, null))).toBe("ignored");
    expect(m.view?.private).toEqual({ myVote: false });
  });
});
