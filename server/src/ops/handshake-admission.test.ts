import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { HandshakeAdmission, type AdmissionVerdict } from "./handshake-admission.js";

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe("HandshakeAdmission", () => {
  it("admits a burst at once, holds the next ones in arrival order at the rate, and refuses those that would wait too long", async () => {
    const a = new HandshakeAdmission({ ratePerSec: 10, burst: 2, maxWaitMs: 300, lagBudgetMs: 0, random: () => 0.5 });
    const order: number[] = [];
    const verdicts = Array.from({ length: 6 }, (_, i) =>
      a.request().then((v) => {
        if (v.ok) order.push(i);
        return v;
      }),
    );
    await vi.advanceTimersByTimeAsync(0);
    expect(order).toEqual([0, 1]);
    expect(a.counts).toEqual({ admitted: 2, deferred: 3, refused: 1 });
    await vi.advanceTimersByTimeAsync(100);
    expect(order).toEqual([0, 1, 2]);
    await vi.advanceTimersByTimeAsync(200);
    expect(order).toEqual([0, 1, 2, 3, 4]);
    const last = (await verdicts[5]) as Extract<AdmissionVerdict, { ok: false }>;
    expect(last.code).toBe("server_busy");
    // The queue would have held it 400 ms: it is told to come back later than that, with jitter.
    expect(last.retryAfterMs).toBeGreaterThanOrEqual(500);
    expect(a.counts).toEqual({ admitted: 5, deferred: 3, refused: 1 });
  });

  it("spreads the retry times of refused handshakes", async () => {
    let r = 0;
    const a = new HandshakeAdmission({ ratePerSec: 1, burst: 0, maxWaitMs: 0, lagBudgetMs: 0, random: () => (r = (r + 0.37) % 1) });
    const retries = await Promise.all(Array.from({ length: 5 }, () => a.request()));
    const times = retries.map((v) => (v.ok ? -1 : v.retryAfterMs));
    expect(new Set(times).size).toBe(5);
    expect(Math.min(...times)).toBeGreaterThan(0);
  });

  it("lowers the rate while the event loop lags beyond its budget and restores it once the lag is gone", () => {
    const a = new HandshakeAdmission({ ratePerSec: 100, burst: 10, maxWaitMs: 1000, lagBudgetMs: 50 });
    a.adapt(120);
    expect(a.rate).toBe(50);
    for (let i = 0; i < 10; i++) a.adapt(400);
    expect(a.rate).toBe(10);
    a.adapt(40);
    expect(a.rate).toBe(10);
    for (let i = 0; i < 20; i++) a.adapt(5);
    expect(a.rate).toBe(100);
  });
});
