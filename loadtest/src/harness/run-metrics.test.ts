import { describe, expect, it } from "vitest";
import { Histogram } from "./histogram.js";
import { mergeSnapshots, RunMetrics, SeriesBuilder, type MetricsObserver } from "./run-metrics.js";

function clockAt(start: number): { now: () => number; set: (ms: number) => void } {
  let t = start;
  return { now: () => t, set: (ms) => (t = start + ms) };
}

describe("RunMetrics", () => {
  it("counts answered requests and unanswered failures as operations, refusals as errors only", () => {
    const m = new RunMetrics(0);
    m.connect(5);
    m.ack("room:join", 3);
    m.refused("room_full");
    m.failed("timeout");
    expect(m.operations).toBe(3);
    expect(Object.fromEntries(m.errors)).toEqual({ room_full: 1, timeout: 1 });
    expect(m.errorCount).toBe(2);
  });

  it("keeps ack latency by event as well as overall", () => {
    const m = new RunMetrics(0);
    m.ack("chat:send", 2);
    m.ack("game:action", 8);
    const snap = m.snapshot();
    expect(snap.ack.count).toBe(2);
    expect(Object.keys(snap.ackByEvent).sort()).toEqual(["chat:send", "game:action"]);
  });

  it("hands out one window per second, without gaps, each once", () => {
    const clock = clockAt(10_000);
    const m = new RunMetrics(10_000, null, clock.now);
    m.ack("chat:send", 4);
    m.message();
    clock.set(2500);
    m.delivery(7);
    const first = m.takeWindows();
    expect(first.map((w) => w.t)).toEqual([10_000, 11_000]);
    expect(first[0]?.messages).toBe(2);
    expect(first[1]?.messages).toBe(0);
    expect(m.takeWindows()).toEqual([]);
    const last = m.takeWindows(true);
    expect(last.map((w) => w.t)).toEqual([12_000]);
    expect(last[0]?.delivery.count).toBe(1);
  });

  it("puts a sample that comes after its second was handed out into the next one", () => {
    const clock = clockAt(0);
    const m = new RunMetrics(0, null, clock.now);
    clock.set(1200);
    m.takeWindows();
    clock.set(900);
    m.message();
    expect(m.takeWindows(true).map((w) => [w.t, w.messages])).toEqual([[1000, 1]]);
  });

  it("tells the observer about every sample", () => {
    const calls: string[] = [];
    const observer: MetricsObserver = {
      connect: () => calls.push("connect"),
      ack: (e) => calls.push(`ack ${e}`),
      delivery: () => calls.push("delivery"),
      error: (c) => calls.push(`error ${c}`),
      gameFinished: () => calls.push("game"),
      connections: (n) => calls.push(`conns ${n}`),
    };
    const m = new RunMetrics(0, observer);
    m.connect(1);
    m.connectionOpened();
    m.ack("room:ready", 1);
    m.delivery(1);
    m.failed("timeout");
    m.gameFinished();
    m.connectionClosed();
    expect(calls).toEqual(["connect", "conns 1", "ack room:ready", "delivery", "error timeout", "game", "conns 0"]);
  });
});

describe("merging processes", () => {
  it("sums snapshots of several processes", () => {
    const a = new RunMetrics(0);
    const b = new RunMetrics(0);
    a.ack("chat:send", 1);
    b.ack("chat:send", 9);
    b.ack("room:join", 3);
    a.refused("rate_limited");
    b.refused("rate_limited");
    a.count("games_finished", 2);
    b.count("games_finished", 3);
    a.connectionOpened();
    b.connectionOpened();
    const merged = mergeSnapshots([a.snapshot(), b.snapshot()]);
    expect(merged.ack.count).toBe(3);
    expect(merged.ackByEvent["chat:send"]?.count).toBe(2);
    expect(merged.errors).toEqual({ rate_limited: 2 });
    expect(merged.counters).toEqual({ games_finished: 5 });
    expect(merged.connections).toBe(2);
    expect(merged.operations).toBe(3);
  });

  it("merges windows second by second and sums connections across processes", () => {
    const series = new SeriesBuilder();
    const w = (t: number, ack: number[], connections: number) => {
      const h = new Histogram();
      for (const v of ack) h.record(v);
      return { t, ack: h.toData(), delivery: new Histogram().toData(), messages: ack.length, connections };
    };
    series.add("a", [w(1000, [1, 2], 10), w(2000, [3], 12)]);
    series.add("b", [w(1000, [100], 5)]);
    series.add("b", [w(2000, [], 7)]);
    const points = series.points();
    expect(points.map((p) => [p.t, p.messages, p.connections])).toEqual([
      [1000, 3, 15],
      [2000, 1, 19],
    ]);
    expect(series.series()[0]).toMatchObject({ t: 1000, msgsPerSec: 3 });
    expect(series.series()[0]?.ackP95Ms).toBeCloseTo(100, 0);
    expect(series.peakConnections()).toBe(19);
  });
});
