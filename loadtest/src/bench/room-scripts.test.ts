import { describe, expect, it } from "vitest";
import { diff, type PlayerView } from "@avalon/protocol";
import { ScriptCursor, ScriptRecorder, type RoomScript } from "./room-scripts.js";

function view(version: number): PlayerView {
  return { public: { version, voted: Array.from({ length: version }, (_, i) => `p${i}`) } as unknown as PlayerView["public"], private: null };
}
function patch(from: number, to: number) {
  return { roomId: "G", from, version: to, ops: diff(view(from).public, view(to).public), events: [], ts: 0 };
}
const chat = (text: string) => ({ roomId: "G", id: text, from: "p0", name: "p0", text, ts: 0 });

function recorded(): RoomScript {
  const r = new ScriptRecorder(view(1), 10);
  r.record("room:patch", patch(1, 2));
  r.record("room:private", { roomId: "G", version: 2, view: {}, ts: 0 });
  r.record("chat:message", chat("hi"));
  r.record("room:patch", patch(2, 3));
  return r.result() as RoomScript;
}

/** What the relay echoes for a seat's `next()`: its payload in the echo room, with the relay's stamp. */
const echo = (c: ScriptCursor) => {
  const { event, payload, seq } = c.next();
  return { event, payload: { ...payload, seq, roomId: "R1", actionId: "a", ts: 1 } };
};

describe("ScriptRecorder", () => {
  it("keeps the room-wide messages in order and leaves private views out", () => {
    expect(recorded().messages.map(([event]) => event)).toEqual(["room:patch", "chat:message", "room:patch"]);
  });

  it("records no script for a seat whose patches do not follow on from its start", () => {
    const r = new ScriptRecorder(view(1), 10);
    r.record("room:patch", patch(2, 3));
    expect(r.result()).toBeNull();
  });

  it("stops at its message limit and records nothing without a view", () => {
    const r = new ScriptRecorder(view(1), 1);
    r.record("room:patch", patch(1, 2));
    r.record("room:patch", patch(2, 3));
    expect(r.result()?.messages).toHaveLength(1);
    const none = new ScriptRecorder(null, 10);
    none.record("room:patch", patch(1, 2));
    expect(none.result()).toBeNull();
  });
});

describe("ScriptCursor", () => {
  it("moves every seat of a room through the script in step and starts over after the last message", () => {
    const script = recorded();
    const seats = [new ScriptCursor(script), new ScriptCursor(script)];
    const sent: string[] = [];
    for (let i = 0; i < 7; i++) {
      const { event, payload } = echo(seats[i % 2] as ScriptCursor);
      sent.push(`${event}#${payload.seq}`);
      for (const s of seats) expect(s.receive(event, payload)).toBe(true);
    }
    expect(sent).toEqual(["room:patch#0", "chat:message#1", "room:patch#2", "room:patch#0", "chat:message#1", "room:patch#2", "room:patch#0"]);
  });

  it("passes over a duplicate when two seats send the same next message", () => {
    const script = recorded();
    const a = new ScriptCursor(script);
    const b = new ScriptCursor(script);
    const first = echo(a);
    const twin = echo(b);
    for (const s of [a, b]) {
      expect(s.receive(first.event, first.payload)).toBe(true);
      expect(s.receive(twin.event, twin.payload)).toBe(true);
    }
    expect(a.next().seq).toBe(1);
    expect(b.next().seq).toBe(1);
  });

  it("reports a patch that does not apply", () => {
    const c = new ScriptCursor({ start: view(1), messages: [["room:patch", patch(5, 6)]] });
    expect(c.receive("room:patch", { ...patch(5, 6), seq: 0 })).toBe(false);
  });
});
