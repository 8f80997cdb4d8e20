import { diff, type PlayerView } from "@avalon/protocol";
import { describe, expect, it } from "vitest";
import { MirrorSync } from "./mirror-sync.js";

const GRACE_MS = 40;

function view(version: number): PlayerView {
  return { public: { version } as unknown as PlayerView["public"], private: null };
}
function patch(from: number, to: number) {
  return { roomId: "R", from, version: to, ops: diff(view(from).public, view(to).public), events: [], ts: 0 };
}
const later = (ms: number) => new Promise((r) => setTimeout(r, ms));

function synced(): { sync: MirrorSync; resyncs: () => number } {
  let n = 0;
  const sync = new MirrorSync(() => n++, GRACE_MS);
  sync.mirror.snapshot({ roomId: "R", version: 1, view: view(1), ts: 0 });
  return { sync, resyncs: () => n };
}

describe("MirrorSync", () => {
  it("asks for a snapshot at once on a gap", () => {
    let resyncs = 0;
    const sync = new MirrorSync(() => resyncs++, GRACE_MS);
    sync.patch(patch(1, 2));
    expect(resyncs).toBe(1);
  });

  it("waits for a missing patch and asks nothing when it comes in time", async () => {
    const { sync, resyncs } = synced();
    sync.patch(patch(2, 3));
    sync.patch(patch(1, 2));
    await later(GRACE_MS * 2);
    expect(sync.mirror.version).toBe(3);
    expect(resyncs()).toBe(0);
  });

  it("asks once for a snapshot when still behind after the grace", async () => {
    const { sync, resyncs } = synced();
    sync.patch(patch(2, 3));
    sync.patch(patch(3, 4));
    await later(GRACE_MS * 2);
    expect(resyncs()).toBe(1);
  });

  it("asks nothing after a reset, and starts over empty", async () => {
    const { sync, resyncs } = synced();
    sync.patch(patch(2, 3));
    sync.reset();
    await later(GRACE_MS * 2);
    expect(resyncs()).toBe(0);
    expect(sync.mirror.view).toBeNull();
  });

  it("applies a patch of several actions committed together, then keeps an own private view that arrives after it", () => {
    const { sync, resyncs } = synced();
    sync.patch(patch(1, 4));
    sync.private({ roomId: "R", version: 2, view: { myVote: true } as unknown as NonNullable<PlayerView["private"]>, ts: 0 });
    expect(sync.mirror.version).toBe(4);
    expect(sync.mirror.view?.private).toEqual({ myVote: true });
    expect(resyncs()).toBe(0);
  });
});
