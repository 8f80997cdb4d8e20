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

class ProtoWriter {
  private chunks: Buffer[] = [];

  varint(n: number): this {
    const bytes: number[] = [];
    let v = BigInt(n);
    do {
      let b = Number(v & 0x7fn);
      v >>= 7n;
      if (v > 0n) b |= 0x80;
      bytes.push(b);
    } while (v > 0n);
    this.chunks.push(Buffer.from(bytes));
    return this;
  }

  tag(field: number, wireType: 0 | 1 | 2): this {
    return this.varint((field << 3) | wireType);
  }

  bytes(field: number, data: Buffer): this {
    this.tag(field, 2).varint(data.length);
    this.chunks.push(data);
    return this;
  }

  string(field: number, s: string): this {
    return this.bytes(field, Buffer.from(s, "utf8"));
  }

  double(field: number, x: number): this {
    const b = Buffer.alloc(8);
    b.writeDoubleLE(x);
    this.tag(field, 1);
    this.chunks.push(b);
    return this;
  }

  int64(field: number, n: number): this {
    return this.tag(field, 0).varint(n);
  }

  done(): Buffer {
    return Buffer.concat(this.chunks);
  }
}

/** `WriteRequest { repeated TimeSeries timeseries = 1; }`, labels sorted by name as Prometheus requires. */
export function encodeWriteRequest(samples: readonly Sample[]): Buffer {
  const req = new ProtoWriter();
  for (const s of samples) {
    const ts = new ProtoWriter();
    for (const name of Object.keys(s.labels).sort()) {
      ts.bytes(1, new ProtoWriter().string(1, name).string(2, s.labels[name]!).done());
    }
    ts.bytes(2, new ProtoWriter().double(1, s.value).int64(2, s.timestampMs).done());
    req.bytes(1, ts.done());
  }
  return req.done();
}

/**
 * A valid snappy block made of literals only: the uncompressed length as a varint, then literal
 * elements of at most 64 KiB. The payload is small and sent every few seconds, so compressing it
 * is not worth a native dependency; any snappy decoder reads it.
 */
export function snappyLiterals(data: Buffer): Buffer {
  const parts: Buffer[] = [new ProtoWriter().varint(data.length).done()];
  for (let at = 0; at < data.length; at += 65536) {
    const chunk = data.subarray(at, Math.min(data.length, at + 65536));
    const n = chunk.length - 1;
    if (n < 60) parts.push(Buffer.from([n << 2]));
    else if (n < 0x100) parts.push(Buffer.from([60 << 2, n]));
    else parts.push(Buffer.from([61 << 2, n & 0xff, n >> 8]));
    parts.push(chunk);
  }
  return Buffer.concat(parts);
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
    body: new Uint8Array(snappyLiterals(encodeWriteRequest(samples))),
    signal: AbortSignal.timeout(5000),
  });
  if (!res.ok) throw new Error(`remote write to ${url}: HTTP ${res.status} ${(await res.text()).trim()}`);
}
