import type { RoomId } from "@avalon/protocol";

/** A fixed window of recent samples for percentiles; old samples are overwritten. */
export class SampleWindow {
  private readonly buf: Float64Array;
  private n = 0;
  private i = 0;

  constructor(size = 4096) {
    this.buf = new Float64Array(size);
  }

  add(v: number): void {
    this.buf[this.i] = v;
    this.i = (this.i + 1) % this.buf.length;
    if (this.n < this.buf.length) this.n++;
  }

  /** Percentiles of the samples since the last drain, then forgets them. */
  drain(ps: number[]): number[] {
    if (this.n === 0) return ps.map(() => 0);
    const sorted = Array.from(this.buf.subarray(0, this.n)).sort((a, b) => a - b);
    this.n = 0;
    this.i = 0;
    return ps.map((p) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] as number);
  }
}

/** A room's counts in the current window and its rates over the last one. */
interface RoomCounter {
  msgs: number;
  bytes: number;
  msgsPerSec: number;
  bytesPerSec: number;
}

/** Message and byte counts of this node, in total and per room, turned into per-second rates. */
export class Traffic {
  msgsIn = 0;
  msgsOut = 0;
  bytesIn = 0;
  bytesOut = 0;
  rejected = 0;
  readonly ackMs = new SampleWindow();
  private readonly rooms = new Map<RoomId, RoomCounter>();
  private refusals = new Map<string, number>();
  private refusalRates: Record<string, number> = {};
  private lastTick = Date.now();
  private rates = { msgsInPerSec: 0, msgsOutPerSec: 0, bytesInPerSec: 0, bytesOutPerSec: 0, rejectedPerSec: 0 };

  // A busy room keeps its counter from window to window: a counter made afresh each second would
  // outlive a young-generation collection or two, and every room's would be copied and promoted.
  room(roomId: RoomId, msgs: number, bytes: number): void {
    let c = this.rooms.get(roomId);
    if (!c) this.rooms.set(roomId, (c = { msgs: 0, bytes: 0, msgsPerSec: 0, bytesPerSec: 0 }));
    c.msgs += msgs;
    c.bytes += bytes;
  }

  /** A refused request or handshake, by its error code. */
  refuse(code: string): void {
    this.refusals.set(code, (this.refusals.get(code) ?? 0) + 1);
  }

  /** Closes the current window; call about once a second. */
  tick(now = Date.now()): void {
    const secs = Math.max(0.001, (now - this.lastTick) / 1000);
    this.lastTick = now;
    this.rates = {
      msgsInPerSec: this.msgsIn / secs,
      msgsOutPerSec: this.msgsOut / secs,
      bytesInPerSec: this.bytesIn / secs,
      bytesOutPerSec: this.bytesOut / secs,
      rejectedPerSec: this.rejected / secs,
    };
    this.msgsIn = this.msgsOut = this.bytesIn = this.bytesOut = this.rejected = 0;
    this.refusalRates = Object.fromEntries([...this.refusals].map(([code, n]) => [code, Math.round((n / secs) * 100) / 100]));
    this.refusals = new Map();
    for (const [id, c] of this.rooms) {
      if (c.msgs === 0 && c.bytes === 0) {
        this.rooms.delete(id);
        continue;
      }
      c.msgsPerSec = c.msgs / secs;
      c.bytesPerSec = c.bytes / secs;
      c.msgs = c.bytes = 0;
    }
  }

  get current() {
    return this.rates;
  }

  get refusalsPerSec(): Record<string, number> {
    return this.refusalRates;
  }

  roomRate(roomId: RoomId): { msgsPerSec: number; bytesPerSec: number } {
    const c = this.rooms.get(roomId);
    return c ? { msgsPerSec: c.msgsPerSec, bytesPerSec: c.bytesPerSec } : { msgsPerSec: 0, bytesPerSec: 0 };
  }
}
