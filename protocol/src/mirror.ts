import type { PatchMessage, PrivateMessage, Snapshot } from "./events.js";
import type { PlayerView, PublicEvent } from "./game.js";
import { applyPatch, PatchError } from "./patch.js";

/**
 * - applied: the view moved forward
 * - ignored: old news (at or below the held version)
 * - buffered: a patch from the future, held until the missing ones arrive; if they do not come
 *   soon (patches of one room committed on different nodes may cross), ask for a snapshot
 * - gap: nothing to patch, or a patch that does not fit; ask for a snapshot (`room:sync`) now
 */
export type MirrorResult = "applied" | "ignored" | "buffered" | "gap";

/** A client's copy of one room, kept in step by snapshots and versioned patches. */
export class RoomMirror {
  view: PlayerView | null = null;
  readonly events: PublicEvent[] = [];
  private readonly pending = new Map<number, PatchMessage>();
  /** The version of the snapshot or private message the private view came from. */
  private privateVersion = -1;

  get version(): number {
    return this.view?.public.version ?? -1;
  }

  /** True while patches wait for an earlier one. */
  get behind(): boolean {
    return this.pending.size > 0;
  }

  snapshot(s: Snapshot): MirrorResult {
    if (this.view && s.version < this.version) return "ignored";
    this.view = s.view;
    this.privateVersion = s.version;
    for (const from of [...this.pending.keys()]) if (from < s.version) this.pending.delete(from);
    this.drain();
    return "applied";
  }

  patch(p: PatchMessage): MirrorResult {
    if (!this.view) return "gap";
    if (p.version <= this.version) return "ignored";
    if (p.from > this.version) {
      this.pending.set(p.from, p);
      return "buffered";
    }
    if (p.from !== this.version) return "gap";
    if (!this.applyOne(p)) return "gap";
    this.drain();
    return "applied";
  }

  /**
   * Private views carry no diff: the newest one wins. Newest is measured against the private view
   * held, not the public version: through several nodes a private view can arrive after patches
   * of later changes that did not touch it, and it is still the current one.
   */
  private(m: PrivateMessage): MirrorResult {
    if (!this.view) return "gap";
    if (m.version < this.privateVersion) return "ignored";
    this.view = { ...this.view, private: m.view };
    this.privateVersion = m.version;
    return "applied";
  }

  private applyOne(p: PatchMessage): boolean {
    if (!this.view) return false;
    try {
      this.view = { ...this.view, public: applyPatch(this.view.public, p.ops) };
    } catch (err) {
      if (err instanceof PatchError) return false;
      throw err;
    }
    this.events.push(...p.events);
    return true;
  }

  private drain(): void {
    for (let next = this.pending.get(this.version); next; next = this.pending.get(this.version)) {
      this.pending.delete(next.from);
      if (!this.applyOne(next)) return;
    }
  }
}
