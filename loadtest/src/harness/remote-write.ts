import protobuf from "protobufjs";
import { compress } from "snappyjs";
import type { PromJson } from "./prom.js";

/**
 * Prometheus remote write (protocol 1.0): a protobuf `WriteRequest`, snappy block compressed,
 * POSTed to e.g. `http://prometheus:9090/api/v1/write` (Prometheus started with
 * `--web.enable-remote-write-receiver`). Pushing suits a load run: it may end between scrapes.
 */

const MONOTONIC = new Set(["counter", "histogram"]);

export interface Sample {
  labels: Record<string, string>;
  value: number;
  timestampMs: number;
  /** Counters and histogram series only go up from 0 at the start of the run. */
  monotonic?: boolean;
}

/** Samples of every series in a registry's JSON, `__name__` first, plus the labels given. */
export function samplesOf(metrics: PromJson, extra: Record<string, string>, timestampMs: number): Sample[] {
  const out: Sample[] = [];
  for (const m of metrics) {
    for (const v of m.values) {
      const name = (v as { metricName?: string }).metricName ?? m.name;
      const labels: Record<string, string> = { __name__: name, ...extra };
      for (const [k, val] of Object.entries(v.labels)) labels[k] = String(val);
      out.push({ labels, value: v.value, timestampMs, monotonic: MONOTONIC.has(String(m.type)) });
    }
  }
  return out;
}

// Prometheus's remote-write 1.0 messages (prompb/types.proto, prompb/remote.proto): only the
// fields a push of plain samples needs.
const PROMPB = protobuf.Root.fromJSON({
  nested: {
    prometheus: {
      nested: {
        WriteRequest: { fields: { timeseries: { rule: "repeated", type: "TimeSeries", id: 1 } } },
        TimeSeries: {
          fields: { labels: { rule: "repeated", type: "Label", id: 1 }, samples: { rule: "repeated", type: "Sample", id: 2 } },
        },
        Label: { fields: { name: { type: "string", id: 1 }, value: { type: "string", id: 2 } } },
        Sample: { fields: { value: { type: "double", id: 1 }, timestamp: { type: "int64", id: 2 } } },
      },
    },
  },
}).lookupType("prometheus.WriteRequest");

/** `WriteRequest { repeated TimeSeries timeseries = 1; }`, labels sorted by name as Prometheus requires. */
export function encodeWriteRequest(samples: readonly Sample[]): Buffer {
  const timeseries = samples.map((s) => ({
    labels: Object.keys(s.labels)
      .sort()
      .map((name) => ({ name, value: s.labels[name] })),
    samples: [{ value: s.value, timestamp: s.timestampMs }],
  }));
  return Buffer.from(PROMPB.encode(PROMPB.create({ timeseries })).finish());
}

/**
 * Remembers the series already pushed. A counter first seen with a value above 0 (a burst of
 * connections before the first push) gets a 0 at the run's start before it, as a scrape from the
 * start would have seen; otherwise increase() and rate() have nothing to compare it with.
 */
export class SeriesStarts {
  private readonly seen = new Set<string>();

  constructor(private readonly startMs: number) {}

  complete(samples: readonly Sample[]): Sample[] {
    const out: Sample[] = [];
    for (const s of samples) {
      const key = JSON.stringify(Object.entries(s.labels).sort(([a], [b]) => (a < b ? -1 : 1)));
      if (!this.seen.has(key)) {
        this.seen.add(key);
        if (s.monotonic && s.value > 0 && s.timestampMs > this.startMs) out.push({ ...s, value: 0, timestampMs: this.startMs });
      }
      out.push(s);
    }
    return out;
  }
}

/** POSTs one write request; throws with Prometheus's answer when it is refused. */
export async function pushSamples(url: string, samples: readonly Sample[]): Promise<void> {
  const res = await fetch(url, {
    method: "POST",
    headers: {
      "content-type": "application/x-protobuf",
      "content-encoding": "snappy",
      "x-prometheus-remote-write-version": "0.1.0",
    },
    body: compress(new Uint8Array(encodeWriteRequest(samples))),
    signal: AbortSignal.timeout(5000),
  });
  if (!res.ok) throw new Error(`remote write to ${url}: HTTP ${res.status} ${(await res.text()).trim()}`);
}
