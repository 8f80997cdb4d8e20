import { describe, expect, it } from "vitest";
import { defaultStages, parseDuration, parseStages, share, shareStages, stagesDuration, targetAt } from "./stages.js";

describe("durations", () => {
  it("reads ms, s, m, h and bare seconds", () => {
    expect([parseDuration("500ms"), parseDuration("30s"), parseDuration("2m"), parseDuration("1h"), parseDuration("7"), parseDuration("1.5s")]).toEqual([500, 30_000, 120_000, 3_600_000, 7000, 1500]);
  });

  it("refuses anything else", () => {
    expect(() => parseDuration("soon")).toThrow(/duration/);
  });
});

describe("ramp stages", () => {
  const stages = parseStages("10s:100,20s:100,10s:0");

  it("parses DURATION:TARGET lists", () => {
    expect(stages).toEqual([
      { durationMs: 10_000, target: 100 },
      { durationMs: 20_000, target: 100 },
      { durationMs: 10_000, target: 0 },
    ]);
    expect(stagesDuration(stages)).toBe(40_000);
    expect(() => parseStages("10s")).toThrow();
  });

  it("ramps linearly from 0 to each target in turn, like k6", () => {
    expect([0, 5000, 10_000, 20_000, 35_000, 40_000, 99_000].map((t) => targetAt(stages, t))).toEqual([0, 50, 100, 100, 50, 0, 0]);
  });

  it("goes up a quarter, holds half and comes down a quarter by default", () => {
    expect(defaultStages(40_000, 80)).toEqual([
      { durationMs: 10_000, target: 80 },
      { durationMs: 20_000, target: 80 },
      { durationMs: 10_000, target: 0 },
    ]);
  });

  it("splits targets over processes so that the shares add up", () => {
    expect([0, 1, 2].map((i) => share(10, 3, i))).toEqual([4, 3, 3]);
    const parts = [0, 1, 2].map((i) => shareStages(stages, 3, i));
    expect(parts.reduce((sum, p) => sum + (p[0]?.target ?? 0), 0)).toBe(100);
  });
});
