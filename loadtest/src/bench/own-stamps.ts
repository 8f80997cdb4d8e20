const KEEP = 8;

/**
 * The server's `ts` stamps on what a seat's own recent requests made: the patch carrying an
 * accepted move (found by the version its ack names), the room's copy of its chat line (by the
 * line's id), or the relay's echo of its event (by the request's actionId). Each server stamps
 * those right before it writes the ack, so a request's round trip splits at the stamp into the
 * way there (client send to server stamp: the server's input wait) and back (the client's own read
 * delay, mostly). Only the last few are kept: the stamped message reaches the seat just before
 * its ack.
 */
export class OwnStamps {
  private readonly patches: { from: number; version: number; ts: number }[] = [];
  private readonly keyed = new Map<string, number>();

  patch(from: number, version: number, ts: number): void {
    this.patches.push({ from, version, ts });
    if (this.patches.length > KEEP) this.patches.shift();
  }

  keyedMessage(key: string, ts: number): void {
    this.keyed.set(key, ts);
    if (this.keyed.size > KEEP) this.keyed.delete(this.keyed.keys().next().value as string);
  }

  /** The stamp of the patch that took the room to `version` (several moves may share one patch). */
  forVersion(version: number): number | undefined {
    return this.patches.find((p) => p.from < version && version <= p.version)?.ts;
  }

  forKey(key: string): number | undefined {
    return this.keyed.get(key);
  }
}
