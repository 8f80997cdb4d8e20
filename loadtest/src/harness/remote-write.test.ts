import { describe, expect, it } from "vitest";
import { encodeWriteRequest, samplesOf, SeriesStarts } from "./remote-write.js";
import { LoadgenMetrics } from "./prom.js";

describe("remote write", () => {
  it("encodes a write request as the protobuf Prometheus expects", () => {
    const bytes = encodeWriteRequest([{ labels: { __name__: "a" }, value: 1, timestampMs: 2 }]);
    const label = [0x0a, 0x08, ...Buffer.from("__name__"), 0x12, 0x01, 0x61];
    const sample = [0x09, 0, 0, 0, 0, 0, 0, 0xf0, 0x3f, 0x10, 0x02];
    const series = [0x0a, label.length, ...label, 0x12, sample.length, ...sample];
    expect([...bytes]).toEqual([0x0a, series.length, ...series]);
  });

  it("sorts labels by name and writes large timestamps as varints", () => {
    const bytes = encodeWriteRequest([{ labels: { z: "1", __name__: "m", a: "2" }, value: 0, timestampMs: 1_700_000_000_000 }]);
    const text = bytes.toString("latin1");
    expect(text.indexOf("__name__")).toBeLessThan(text.indexOf("a\x12"));
    expect(text.indexOf("a\x12")).toBeLessThan(text.indexOf("z\x12"));
    // 1_700_000_000_000 as a varint: six groups of 7 bits, least significant first.
    expect([...bytes.subarray(-6)]).toEqual([0x80, 0xd0, 0x95, 0xff, 0xbc, 0x31]);
  });

  it("turns a registry's histograms into _bucket, _sum and _count series with the extra labels", async () => {
    const m = new LoadgenMetrics("r1");
    m.delivery(3);
    const samples = samplesOf(await m.json(), { job: "loadgen" }, 5);
    const names = new Set(samples.map((s) => s.labels.__name__));
    expect(names).toContain("avalon_loadgen_delivery_seconds_bucket");
    expect(names).toContain("avalon_loadgen_delivery_seconds_count");
    const count = samples.find((s) => s.labels.__name__ === "avalon_loadgen_delivery_seconds_count");
    expect(count).toMatchObject({ labels: { job: "loadgen", run: "r1" }, value: 1, timestampMs: 5 });
  });
});

describe("series starts", () => {
  it("puts a 0 at the run's start before a counter first seen above 0, once", () => {
    const starts = new SeriesStarts(100);
    const c = { labels: { __name__: "c_total" }, value: 5, timestampMs: 200, monotonic: true };
    const g = { labels: { __name__: "g" }, value: 5, timestampMs: 200, monotonic: false };
    expect(starts.complete([c, g])).toEqual([{ ...c, value: 0, timestampMs: 100 }, c, g]);
    expect(starts.complete([{ ...c, value: 7, timestampMs: 300 }])).toEqual([{ ...c, value: 7, timestampMs: 300 }]);
  });
});
